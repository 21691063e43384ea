//! Administrators create staff accounts and disable or re-enable them. A
//! disabled account's sessions end at once and it cannot sign in.

use app::api::StaffAccountRow;
use app::casework::lifecycle::Role;
use app::casework::permissions::Action;
use app::casework::staff::{
    check_new_staff, email_taken, NewStaff, EMAIL, FIRST_PASSWORD, NAME, NEW_STAFF_FIELDS, ROLE,
    STAFF_ROLES,
};
use app::routes;
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};
use sqlx::Row;

use crate::identity::access::Staff;
use crate::platform::clock::now_seconds;
use crate::platform::db::{Db, DbError};
use crate::web::context::AppState;
use crate::web::error::AppError;
use crate::web::forms::FormBody;

const ORGANISATION: &str = "Single Competent Authority";

pub async fn list(db: &Db) -> Result<Vec<StaffAccountRow>, DbError> {
    let rows = sqlx::query(
        "SELECT email, display_name, role, disabled_at FROM user_account \
         WHERE role <> $1 ORDER BY disabled_at IS NOT NULL, display_name, email",
    )
    .bind(Role::FirstResponder.as_str())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let role: Role = r.try_get::<String, _>("role")?.parse()?;
            let disabled: Option<i64> = r.try_get("disabled_at")?;
            let email: String = r.try_get("email")?;
            Ok(StaffAccountRow {
                action_href: format!(
                    "{}/{email}/{}",
                    routes::STAFF_ADMIN,
                    if disabled.is_some() {
                        "enable"
                    } else {
                        "disable"
                    }
                ),
                email,
                name: r.try_get("display_name")?,
                role: STAFF_ROLES
                    .iter()
                    .find(|(value, _)| *value == role)
                    .map_or(role.label(), |(_, label)| label)
                    .to_owned(),
                active: disabled.is_none(),
            })
        })
        .collect()
}

/// Adds the account; false when the email is taken.
pub async fn create(db: &Db, staff: &NewStaff) -> Result<bool, DbError> {
    let hash = crate::identity::staff::hash_password(&staff.password).map_err(|e| {
        DbError::Sqlx(sqlx::Error::Protocol(format!(
            "could not hash a password: {e}"
        )))
    })?;
    let result = sqlx::query(
        "INSERT INTO user_account (id, email, display_name, role, organisation, created_at, \
         password_hash, password_change_due) VALUES ($1, $2, $3, $4, $5, $6, $7, 1) \
         ON CONFLICT (email) DO NOTHING",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(staff.email.as_str().to_lowercase())
    .bind(&staff.name)
    .bind(staff.role.as_str())
    .bind(ORGANISATION)
    .bind(now_seconds())
    .bind(hash)
    .execute(db.pool())
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Disables (ending its sessions) or re-enables a staff account.
pub async fn set_active(db: &Db, email: &str, active: bool, now: i64) -> Result<bool, DbError> {
    let mut tx = db.pool().begin().await?;
    let result =
        sqlx::query("UPDATE user_account SET disabled_at = $1 WHERE email = $2 AND role <> $3")
            .bind((!active).then_some(now))
            .bind(email)
            .bind(Role::FirstResponder.as_str())
            .execute(&mut *tx)
            .await?;
    if !active {
        sqlx::query("DELETE FROM user_session WHERE email = $1")
            .bind(email)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(result.rows_affected() == 1)
}

/// `POST /casework/admin/staff`: email, name, role, password. A refused form
/// comes back as the page (422) with what was typed (never the password).
pub async fn post_create(
    State(state): State<AppState>,
    admin: Staff,
    form: FormBody,
) -> Result<Response, AppError> {
    admin.require(Action::ManageStaff)?;
    let values = form.values(NEW_STAFF_FIELDS);
    let typed = form.values(&[EMAIL, NAME, ROLE]);
    let staff = match check_new_staff(
        values.get(EMAIL),
        values.get(NAME),
        values.get(ROLE),
        values.get(FIRST_PASSWORD),
    ) {
        Ok(staff) => staff,
        Err(errors) => return form.refuse(state, routes::STAFF_ADMIN, typed, errors).await,
    };
    if !create(&state.db, &staff).await? {
        return form
            .refuse(state, routes::STAFF_ADMIN, typed, vec![email_taken()])
            .await;
    }
    tracing::info!(admin = %admin.email, role = staff.role.as_str(), "staff account created");
    Ok(Redirect::to(&format!(
        "{}?added={}",
        routes::STAFF_ADMIN,
        routes::encode(staff.email.as_str())
    ))
    .into_response())
}

/// `POST /casework/admin/staff/<email>/disable` or `…/enable`.
pub async fn post_active(
    State(state): State<AppState>,
    admin: Staff,
    Path((email, action)): Path<(String, String)>,
) -> Result<Response, AppError> {
    admin.require(Action::ManageStaff)?;
    let active = match action.as_str() {
        "enable" => true,
        "disable" if email != admin.email => false,
        "disable" => return Err(AppError::BadRequest),
        _ => return Err(AppError::NotFound),
    };
    if !set_active(&state.db, &email, active, now_seconds()).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(admin = %admin.email, active, "staff account changed");
    Ok(Redirect::to(routes::STAFF_ADMIN).into_response())
}
