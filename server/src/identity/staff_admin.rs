//! Administrators create staff accounts and disable or re-enable them. A
//! disabled account's sessions end at once and it cannot sign in.

use app::api::StaffAccountRow;
use app::casework::lifecycle::Role;
use app::casework::staff::{check_new_staff, NewStaff, STAFF_ROLES};
use app::routes;
use axum::{
    body::Body,
    extract::{Path, State},
    http::{Request, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use sqlx::Row;

use crate::identity::access::Staff;
use crate::platform::clock::now_seconds;
use crate::platform::db::{Db, DbError};
use crate::web::context::AppState;
use crate::web::error::AppError;
use crate::web::forms::read_values;

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

/// The signed-in administrator; otherwise what to answer instead.
enum NotAdmin {
    Staff,
    SignedOut,
}

impl IntoResponse for NotAdmin {
    fn into_response(self) -> Response {
        match self {
            NotAdmin::Staff => StatusCode::FORBIDDEN.into_response(),
            NotAdmin::SignedOut => Redirect::to(routes::STAFF_SIGN_IN).into_response(),
        }
    }
}

fn admin_of(parts: &http::request::Parts) -> Result<Staff, NotAdmin> {
    match Staff::from_extensions(&parts.extensions) {
        Some(staff) if staff.role == Role::Admin => Ok(staff),
        Some(_) => Err(NotAdmin::Staff),
        None => Err(NotAdmin::SignedOut),
    }
}

/// `POST /casework/admin/staff`: email, name, role, password. Problems go
/// back to the form with what was typed (never the password).
pub async fn post_create(State(state): State<AppState>, request: Request<Body>) -> Response {
    let (parts, body) = request.into_parts();
    let admin = match admin_of(&parts) {
        Ok(admin) => admin,
        Err(refusal) => return refusal.into_response(),
    };
    let values =
        match read_values(&parts.headers, body, &["email", "name", "role", "password"]).await {
            Ok(values) => values,
            Err(error) => return error.into_response(),
        };
    let back = |errors: &str| {
        Redirect::to(&format!(
            "{}?errors={}&email={}&name={}&role={}#add",
            routes::STAFF_ADMIN,
            routes::encode(errors),
            routes::encode(values.get("email")),
            routes::encode(values.get("name")),
            routes::encode(values.get("role")),
        ))
        .into_response()
    };
    let staff = match check_new_staff(
        values.get("email"),
        values.get("name"),
        values.get("role"),
        values.get("password"),
    ) {
        Ok(staff) => staff,
        Err(errors) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            return back(&fields.join(","));
        }
    };
    match create(&state.db, &staff).await {
        Ok(true) => {
            tracing::info!(admin = %admin.email, role = staff.role.as_str(), "staff account created");
            Redirect::to(&format!(
                "{}?added={}",
                routes::STAFF_ADMIN,
                routes::encode(staff.email.as_str())
            ))
            .into_response()
        }
        Ok(false) => back("email-taken"),
        Err(error) => AppError::Db(error).into_response(),
    }
}

/// `POST /casework/admin/staff/<email>/disable` or `…/enable`.
pub async fn post_active(
    State(state): State<AppState>,
    Path((email, action)): Path<(String, String)>,
    request: Request<Body>,
) -> Response {
    let (parts, _) = request.into_parts();
    let admin = match admin_of(&parts) {
        Ok(admin) => admin,
        Err(refusal) => return refusal.into_response(),
    };
    let active = match action.as_str() {
        "enable" => true,
        "disable" if email != admin.email => false,
        "disable" => return AppError::BadRequest.into_response(),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    match set_active(&state.db, &email, active, now_seconds()).await {
        Ok(true) => {
            tracing::info!(admin = %admin.email, active, "staff account changed");
            Redirect::to(routes::STAFF_ADMIN).into_response()
        }
        Ok(false) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => AppError::Db(error).into_response(),
    }
}
