//! Accounts of the people who use the service.

use app::casework::lifecycle::Role;
use app::domain::WorkEmail;
use sqlx::Row;

use crate::platform::clock::now_seconds;
use crate::platform::db::{Db, DbError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub organisation: String,
}

/// Adds an account unless one with the same email exists; returns whether it was added.
/// Emails are compared in lower case.
pub async fn add_if_absent(
    db: &Db,
    email: &WorkEmail,
    display_name: &str,
    role: Role,
    organisation: &str,
) -> Result<bool, DbError> {
    let result = sqlx::query(
        "INSERT INTO user_account (id, email, display_name, role, organisation, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (email) DO NOTHING",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(email.as_str().to_lowercase())
    .bind(display_name)
    .bind(role.as_str())
    .bind(organisation)
    .bind(now_seconds())
    .execute(db.pool())
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn find_by_email(db: &Db, email: &WorkEmail) -> Result<Option<Account>, DbError> {
    let row = sqlx::query(
        "SELECT email, display_name, role, organisation FROM user_account \
         WHERE email = $1 AND disabled_at IS NULL",
    )
    .bind(email.as_str().to_lowercase())
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| -> Result<Account, sqlx::Error> {
        let role: String = row.try_get("role")?;
        Ok(Account {
            email: row.try_get("email")?,
            display_name: row.try_get("display_name")?,
            role: role
                .parse::<Role>()
                .map_err(|e| sqlx::Error::Decode(e.into()))?,
            organisation: row.try_get("organisation")?,
        })
    })
    .transpose()
    .map_err(DbError::from)
}

pub async fn count(db: &Db) -> Result<i64, DbError> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM user_account")
        .fetch_one(db.pool())
        .await?;
    Ok(row.try_get("n")?)
}
