//! Staff (caseworkers, senior caseworkers, admins): password sign-in with
//! argon2id hashes. First responders never have passwords.

use app::casework::staff::{not_recognised, wait_message, PasswordChange, CURRENT_PASSWORD, EMAIL};
use app::forms::{FieldError, FormSpec, FormState, FormValues};
use app::routes;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use axum::http::StatusCode;
use axum::{
    body::Body,
    extract::State,
    http::{header, Request},
    response::{IntoResponse, Redirect, Response},
};
use sqlx::Row;

use crate::identity::sessions;
use crate::identity::throttle;
use crate::platform::clock::now_seconds;
use crate::platform::db::{Db, DbError};
use crate::web::context::AppState;
use crate::web::error::AppError;
use crate::web::forms::{self, read_values};
use app::casework::lifecycle::Role;

pub const SIGN_IN: &str = "/staff/sign-in";
/// The password the demo staff accounts get (local runs only; printed at start).
pub const DEMO_PASSWORD: &str = "demo-password-1";

pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

pub async fn set_password(db: &Db, email: &str, password: &str) -> Result<(), DbError> {
    let hash = hash_password(password).map_err(|e| {
        DbError::Sqlx(sqlx::Error::Protocol(format!(
            "could not hash a password: {e}"
        )))
    })?;
    sqlx::query("UPDATE user_account SET password_hash = $1 WHERE LOWER(email) = LOWER($2)")
        .bind(hash)
        .bind(email)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// A live staff account, as its password opens it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffAccount {
    pub role: Role,
    pub organisation: String,
    /// An administrator set the password: its owner must choose their own first.
    pub password_change_due: bool,
}

/// A live staff account whose password matches.
pub async fn check(db: &Db, email: &str, password: &str) -> Result<Option<StaffAccount>, DbError> {
    let row = sqlx::query(
        "SELECT role, organisation, password_hash, password_change_due FROM user_account \
         WHERE LOWER(email) = LOWER($1) AND disabled_at IS NULL",
    )
    .bind(email.trim())
    .fetch_optional(db.pool())
    .await?;
    // A dummy hash is checked when there is no account, so that timing does not tell.
    let (role, organisation, hash, due) = match row {
        Some(row) => (
            row.try_get::<String, _>("role")?,
            row.try_get::<String, _>("organisation")?,
            row.try_get::<Option<String>, _>("password_hash")?,
            row.try_get::<i32, _>("password_change_due")? != 0,
        ),
        None => (String::new(), String::new(), None, false),
    };
    let hash = hash.unwrap_or_else(|| {
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0j0Pk4nrKJ3T9Ehm0IQPGHXdi8Y0dZzlYWpY9n2oQ5M".to_owned()
    });
    let ok = verify(password, &hash);
    if !ok {
        return Ok(None);
    }
    match role.parse::<Role>()? {
        role if role.is_staff() => Ok(Some(StaffAccount {
            role,
            organisation,
            password_change_due: due,
        })),
        _ => Ok(None),
    }
}

/// Replaces a member of staff's password with one they chose, and ends their
/// other sessions (whoever knew the old password is signed out).
pub async fn change_password(db: &Db, email: &str, password: &str) -> Result<(), DbError> {
    let hash = hash_password(password).map_err(|e| {
        DbError::Sqlx(sqlx::Error::Protocol(format!(
            "could not hash a password: {e}"
        )))
    })?;
    let mut tx = db.pool().begin().await?;
    sqlx::query(
        "UPDATE user_account SET password_hash = $1, password_change_due = 0 \
         WHERE LOWER(email) = LOWER($2)",
    )
    .bind(hash)
    .bind(email)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM user_session WHERE LOWER(email) = LOWER($1)")
        .bind(email)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Starts a staff session and opens the casework desk.
async fn open_desk(state: &AppState, email: String, account: StaffAccount) -> Response {
    let user = app::session::SignedIn {
        email,
        organisation: account.organisation,
    };
    match sessions::start_staff(
        &state.db,
        &user,
        account.role,
        state.config.session_idle_seconds,
        now_seconds(),
    )
    .await
    {
        Ok(id) => (
            [(
                header::SET_COOKIE,
                sessions::set_cookie(&id, state.config.secure_cookies()),
            )],
            Redirect::to(app::casework::permissions::landing_page(account.role)),
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "could not start a staff session");
            AppError::Unavailable.into_response()
        }
    }
}

/// `POST /staff/sign-in`: email and password; on success, the casework queue.
pub async fn post_sign_in(State(state): State<AppState>, request: Request<Body>) -> Response {
    let (parts, body) = request.into_parts();
    let values = match read_values(&parts.headers, body, &["email", "password"]).await {
        Ok(values) => values,
        Err(error) => return error.into_response(),
    };
    let email = values.get("email").trim().to_lowercase();
    let account = match checked(&state, &email, values.get("password")).await {
        Ok(Checked::Right(account)) => Some(account),
        Ok(Checked::Wrong) => None,
        Ok(Checked::Wait(minutes)) => {
            return Redirect::to(&format!("{SIGN_IN}?wait={minutes}")).into_response()
        }
        Err(error) => {
            tracing::error!(%error, "staff sign-in");
            return AppError::Unavailable.into_response();
        }
    };
    match account {
        Some(account) if account.password_change_due => {
            tracing::info!("staff sign-in: password change due");
            Redirect::to(&format!(
                "{}?due=true&email={}",
                routes::STAFF_PASSWORD,
                routes::encode(&email)
            ))
            .into_response()
        }
        Some(account) => open_desk(&state, email, account).await,
        None => {
            tracing::info!("staff sign-in refused");
            Redirect::to(&format!("{SIGN_IN}?failed=true")).into_response()
        }
    }
}

/// A password checked against an account, as throttling allows.
enum Checked {
    Right(StaffAccount),
    Wrong,
    /// Too many wrong passwords for this address: minutes to wait (nothing was checked).
    Wait(i64),
}

/// Checks a password unless the address must wait, and counts the outcome.
async fn checked(state: &AppState, email: &str, password: &str) -> Result<Checked, DbError> {
    let now = now_seconds();
    let wait = throttle::wait_for(&state.db, email, now).await?;
    if wait > 0 {
        tracing::info!("staff password check refused: too many wrong passwords");
        return Ok(Checked::Wait(throttle::minutes(wait)));
    }
    match check(&state.db, email, password).await? {
        Some(account) => {
            throttle::succeeded(&state.db, email).await?;
            Ok(Checked::Right(account))
        }
        None => {
            throttle::failed(&state.db, email, now).await?;
            Ok(Checked::Wrong)
        }
    }
}

/// `POST /staff/change-password`: email, current password and the new one
/// twice. On success the member of staff is signed in to the desk; problems
/// draw the page again with the email address (never a password).
pub async fn post_change_password(
    State(state): State<AppState>,
    request: Request<Body>,
) -> Response {
    let (parts, body) = request.into_parts();
    let values = match read_values(&parts.headers, body, PasswordChange::FIELDS).await {
        Ok(values) => values,
        Err(error) => return error.into_response(),
    };
    let email = values.get(EMAIL).trim().to_lowercase();
    let again = |errors: Vec<FieldError>| {
        let values = FormValues::from_pairs([(EMAIL, email.as_str())], &[EMAIL]);
        forms::render(
            state.clone(),
            parts.clone(),
            FormState { values, errors },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let change = match PasswordChange::parse(&values) {
        Ok(change) => change,
        Err(errors) => return again(errors).await,
    };
    match checked(&state, &email, &change.current).await {
        Ok(Checked::Right(account)) => {
            match change_password(&state.db, &email, &change.new).await {
                Ok(()) => {
                    tracing::info!("staff password changed");
                    open_desk(&state, email, account).await
                }
                Err(error) => AppError::Db(error).into_response(),
            }
        }
        Ok(Checked::Wrong) => {
            tracing::info!("staff password change refused");
            again(vec![not_recognised()]).await
        }
        Ok(Checked::Wait(minutes)) => {
            again(vec![FieldError::new(
                CURRENT_PASSWORD,
                wait_message(minutes),
            )])
            .await
        }
        Err(error) => {
            tracing::error!(%error, "staff password change");
            AppError::Unavailable.into_response()
        }
    }
}
