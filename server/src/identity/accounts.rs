//! The `user_account` table: the people who use the service. Every query on
//! it is here; the rest of the server asks these functions. (The team's
//! workload reads `referral` too, joined, only to count each person's cases.)
//!
//! Emails are stored in lower case; staff accounts carry an argon2id hash,
//! first responders' accounts never have one.

use app::casework::lifecycle::Role;
use app::casework::permissions::{roles_that_may, Action};
use app::domain::WorkEmail;

use crate::platform::clock::now_seconds;
use crate::platform::db::{sql_list, Conn, Db, DbError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub organisation: String,
}

/// An account row as stored.
#[derive(sqlx::FromRow)]
struct AccountRow {
    email: String,
    display_name: String,
    #[sqlx(try_from = "String")]
    role: Role,
    organisation: String,
    disabled_at: Option<i64>,
    password_hash: Option<String>,
    password_change_due: i32,
}

const COLUMNS: &str =
    "email, display_name, role, organisation, disabled_at, password_hash, password_change_due";

impl From<AccountRow> for Account {
    fn from(row: AccountRow) -> Self {
        Account {
            email: row.email,
            display_name: row.display_name,
            role: row.role,
            organisation: row.organisation,
        }
    }
}

/// A new account: a first responder's (no password) or a staff member's.
pub struct NewAccount<'a> {
    pub email: &'a WorkEmail,
    pub display_name: &'a str,
    pub role: Role,
    pub organisation: &'a str,
    /// An argon2id hash; staff only.
    pub password_hash: Option<&'a str>,
    /// The owner must choose their own password before anything else.
    pub password_change_due: bool,
}

/// Adds an account unless one with the same email exists; returns whether it was added.
pub async fn add(db: &Db, account: NewAccount<'_>) -> Result<bool, DbError> {
    let result = sqlx::query(
        "INSERT INTO user_account (id, email, display_name, role, organisation, created_at, \
         password_hash, password_change_due) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (email) DO NOTHING",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(account.email.as_str().to_lowercase())
    .bind(account.display_name)
    .bind(account.role.as_str())
    .bind(account.organisation)
    .bind(now_seconds())
    .bind(account.password_hash)
    .bind(i32::from(account.password_change_due))
    .execute(db.pool())
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Adds a passwordless account unless one with the same email exists.
pub async fn add_if_absent(
    db: &Db,
    email: &WorkEmail,
    display_name: &str,
    role: Role,
    organisation: &str,
) -> Result<bool, DbError> {
    add(
        db,
        NewAccount {
            email,
            display_name,
            role,
            organisation,
            password_hash: None,
            password_change_due: false,
        },
    )
    .await
}

async fn find_row(db: &Db, email: &str) -> Result<Option<AccountRow>, DbError> {
    Ok(sqlx::query_as::<_, AccountRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM user_account WHERE email = $1 AND disabled_at IS NULL"
    )))
    .bind(email.trim().to_lowercase())
    .fetch_optional(db.pool())
    .await?)
}

/// Whether an account is barred or disabled (a first responder's, or a
/// member of staff's), and its role; `None` when there is no account.
pub async fn standing(db: &Db, email: &str) -> Result<Option<(Role, bool)>, DbError> {
    let row = sqlx::query_as::<_, AccountRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM user_account WHERE email = $1"
    )))
    .bind(email.trim().to_lowercase())
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(|row| (row.role, row.disabled_at.is_some())))
}

/// A first responder's account as the administrators' search shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponderListing {
    pub email: String,
    pub organisation: String,
    pub barred: bool,
}

/// First responders whose address holds `search`, at most 50, by address.
pub async fn responders(db: &Db, search: &str) -> Result<Vec<ResponderListing>, DbError> {
    let pattern = format!(
        "%{}%",
        search.trim().to_lowercase().replace(['\\', '%', '_'], "")
    );
    let rows = sqlx::query_as::<_, AccountRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM user_account WHERE role = $1 AND email LIKE $2 \
         ORDER BY email LIMIT 50"
    )))
    .bind(Role::FirstResponder.as_str())
    .bind(pattern)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ResponderListing {
            email: row.email,
            organisation: row.organisation,
            barred: row.disabled_at.is_some(),
        })
        .collect())
}

/// Bars (at `barred_at`) or lifts the bar on a first responder; false when
/// there is no such responder.
pub async fn set_responder_barred(
    conn: &mut Conn,
    email: &str,
    barred_at: Option<i64>,
) -> Result<bool, DbError> {
    let result =
        sqlx::query("UPDATE user_account SET disabled_at = $1 WHERE email = $2 AND role = $3")
            .bind(barred_at)
            .bind(email.trim().to_lowercase())
            .bind(Role::FirstResponder.as_str())
            .execute(&mut *conn)
            .await?;
    Ok(result.rows_affected() == 1)
}

/// A live (not disabled) account.
pub async fn find_by_email(db: &Db, email: &WorkEmail) -> Result<Option<Account>, DbError> {
    Ok(find_row(db, email.as_str()).await?.map(Account::from))
}

/// What a password is checked against: a live account's role, organisation and hash.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub role: Role,
    pub organisation: String,
    pub password_hash: Option<String>,
    pub password_change_due: bool,
}

pub async fn credentials(db: &Db, email: &str) -> Result<Option<Credentials>, DbError> {
    Ok(find_row(db, email).await?.map(|row| Credentials {
        role: row.role,
        organisation: row.organisation,
        password_hash: row.password_hash,
        password_change_due: row.password_change_due != 0,
    }))
}

/// A staff account as the administrators' list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffListing {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
}

/// Every staff account, active ones first.
pub async fn staff(db: &Db) -> Result<Vec<StaffListing>, DbError> {
    let rows = sqlx::query_as::<_, AccountRow>(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM user_account WHERE role <> $1 \
         ORDER BY disabled_at IS NOT NULL, display_name, email"
    )))
    .bind(Role::FirstResponder.as_str())
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| StaffListing {
            email: row.email,
            display_name: row.display_name,
            role: row.role,
            active: row.disabled_at.is_none(),
        })
        .collect())
}

/// Disables (at `disabled_at`) or re-enables a staff account; false when there is none.
pub async fn set_staff_disabled(
    conn: &mut Conn,
    email: &str,
    disabled_at: Option<i64>,
) -> Result<bool, DbError> {
    let result =
        sqlx::query("UPDATE user_account SET disabled_at = $1 WHERE email = $2 AND role <> $3")
            .bind(disabled_at)
            .bind(email.trim().to_lowercase())
            .bind(Role::FirstResponder.as_str())
            .execute(&mut *conn)
            .await?;
    Ok(result.rows_affected() == 1)
}

/// Stores a new password hash, and whether its owner must still change it.
pub async fn set_password_hash(
    conn: &mut Conn,
    email: &str,
    hash: &str,
    change_due: bool,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE user_account SET password_hash = $1, password_change_due = $2 WHERE email = $3",
    )
    .bind(hash)
    .bind(i32::from(change_due))
    .bind(email.trim().to_lowercase())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// `'caseworker', …`: the roles that can hold cases, from the permission table.
fn case_holders() -> String {
    sql_list(
        roles_that_may(Action::AssignSelf)
            .into_iter()
            .map(Role::as_str),
    )
}

/// The role of `email`, if they are an active member of staff who can hold cases.
pub async fn case_holder_role(db: &Db, email: &str) -> Result<Option<Role>, DbError> {
    let role: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT role FROM user_account WHERE email = $1 \
         AND role IN ({}) AND disabled_at IS NULL",
        case_holders()
    )))
    .bind(email.trim().to_lowercase())
    .fetch_optional(db.pool())
    .await?;
    Ok(role.map(|r| r.parse::<Role>()).transpose()?)
}

/// One member of staff's open cases.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Workload {
    pub email: String,
    #[sqlx(rename = "open_cases")]
    pub open: i64,
    pub overdue: i64,
}

/// The active members of staff who can hold cases, by address: whom a
/// list can be filtered by, a task given to, a case restricted to. (Their
/// workloads, which count their cases, are for the team page.)
pub async fn case_holder_emails(db: &Db) -> Result<Vec<String>, DbError> {
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT email FROM user_account WHERE role IN ({}) AND disabled_at IS NULL \
         ORDER BY email",
        case_holders()
    )))
    .fetch_all(db.pool())
    .await?)
}

/// Open cases per member of staff who can hold cases, busiest first; a case
/// is overdue when its open task (the clock My work shows) was due before
/// `today`.
pub async fn workloads(db: &Db, today: &str) -> Result<Vec<Workload>, DbError> {
    Ok(sqlx::query_as::<_, Workload>(sqlx::AssertSqlSafe(format!(
        "SELECT u.email AS email, COUNT(r.id) AS open_cases, \
         COALESCE(SUM(CASE WHEN r.task_due_on < $1 THEN 1 ELSE 0 END), 0) AS overdue \
         FROM user_account u LEFT JOIN referral r \
         ON r.assignee_email IS NOT NULL AND r.assignee_email = u.email AND r.in_queue = 1 \
         WHERE u.role IN ({}) AND u.disabled_at IS NULL \
         GROUP BY u.email ORDER BY COUNT(r.id) DESC, u.email",
        case_holders()
    )))
    .bind(today)
    .fetch_all(db.pool())
    .await?)
}

pub async fn count(db: &Db) -> Result<i64, DbError> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) AS n FROM user_account")
        .fetch_one(db.pool())
        .await?;
    Ok(n)
}
