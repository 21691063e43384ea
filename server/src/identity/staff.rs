//! Staff (caseworkers, senior caseworkers, admins): password sign-in with
//! argon2id hashes. First responders never have passwords.

use crate::identity::accounts;
use crate::identity::second_factor_steps;
use crate::identity::sessions;
use crate::identity::throttle::{self, Counted, Gate, Guess};
use crate::platform::audit::{self, Entry, Origin};
use crate::platform::clock::now_seconds;
use crate::platform::db::{Db, DbError};
use crate::web::client::ClientAddress;
use crate::web::context::AppState;
use crate::web::error::AppError;
use crate::web::forms::FormBody;
use app::audit::AuditAction;
use app::casework::lifecycle::Role;
use app::casework::staff::{
    must_wait, not_recognised, sign_in_refused, wait_message, PasswordChange, CURRENT_PASSWORD,
    EMAIL, PASSWORD, STAFF_SIGN_IN_FIELDS,
};
use app::forms::{FieldError, FormSpec, FormValues};
use app::routes;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use axum::http::StatusCode;
use axum::{
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};

/// The password the demo staff accounts get (local runs only; printed at start).
pub const DEMO_PASSWORD: &str = "demo-password-1";

/// How many password hashes are worked out at once. Argon2id at its default
/// cost takes 19 MiB and tens of milliseconds of a core: a burst of sign-ins
/// waits its turn here instead of taking the machine's memory.
const HASHING_AT_ONCE: usize = 4;
static HASHING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(HASHING_AT_ONCE);

/// Runs password hashing on the blocking pool, a few at a time: never on the
/// runtime's workers, which a hash would hold from every other request (on
/// two cores, fifty wrong passwords at once left the rest waiting for the
/// database pool until they timed out).
async fn hashing<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, DbError> {
    let _turn = HASHING
        .acquire()
        .await
        .map_err(|e| DbError::PasswordHash(e.to_string()))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| DbError::PasswordHash(e.to_string()))
}

/// An argon2id hash of a password, with a fresh salt.
pub async fn hash_password(password: &str) -> Result<String, DbError> {
    let password = password.to_owned();
    hashing(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| DbError::PasswordHash(e.to_string()))
    })
    .await?
}

/// Whether `password` matches `hash` (a garbled hash matches nothing).
async fn verify(password: &str, hash: String) -> Result<bool, DbError> {
    let password = password.to_owned();
    hashing(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
}

/// Sets a password its owner need not change (the demo accounts').
pub async fn set_password(db: &Db, email: &str, password: &str) -> Result<(), DbError> {
    let hash = hash_password(password).await?;
    let mut conn = db.pool().acquire().await?;
    accounts::set_password_hash(&mut conn, email, &hash, false).await
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
    let found = accounts::credentials(db, email).await?;
    // A dummy hash is checked when there is no account, so that timing does not tell.
    let hash = found
        .as_ref()
        .and_then(|c| c.password_hash.clone())
        .unwrap_or_else(|| {
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0j0Pk4nrKJ3T9Ehm0IQPGHXdi8Y0dZzlYWpY9n2oQ5M".to_owned()
        });
    if !verify(password, hash).await? {
        return Ok(None);
    }
    Ok(found.filter(|c| c.role.is_staff()).map(|c| StaffAccount {
        role: c.role,
        organisation: c.organisation,
        password_change_due: c.password_change_due,
    }))
}

/// Replaces a member of staff's password with one they chose, and ends their
/// sessions (whoever knew the old password is signed out).
pub async fn change_password(
    db: &Db,
    account: (&str, Role),
    password: &str,
    origin: &Origin,
) -> Result<(), DbError> {
    let (email, role) = account;
    let hash = hash_password(password).await?;
    let mut tx = db.pool().begin().await?;
    accounts::set_password_hash(&mut tx, email, &hash, false).await?;
    sessions::end_all_for(&mut tx, email).await?;
    let actor = audit::Actor::new(email, role.as_str());
    let entry = Entry::on_own_account(&actor, AuditAction::PasswordChanged, origin, now_seconds());
    audit::record(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

/// A wrong password (or an address with no account) on record: the address
/// as typed, acting as nobody yet.
async fn record_refusal(state: &AppState, email: &str, origin: &Origin) -> Result<(), DbError> {
    let typed: String = email.chars().take(254).collect();
    let actor = audit::Actor::new(&typed, audit::UNVERIFIED);
    let entry = Entry::on_own_account(
        &actor,
        AuditAction::StaffSignInFailed,
        origin,
        now_seconds(),
    );
    audit::record_alone(&state.db, &entry).await
}

/// A right password: the second factor comes next, in a half-open session.
async fn second_step(
    state: &AppState,
    headers: &HeaderMap,
    email: String,
    account: StaffAccount,
) -> Result<Response, AppError> {
    let user = app::session::SignedIn {
        email,
        organisation: account.organisation,
    };
    second_factor_steps::begin(state, headers, user, account.role).await
}

/// `POST /staff/sign-in`: email and password; on success, the first desk page
/// the role may open. A refusal comes back as the page (422) with the address.
pub async fn post_sign_in(
    State(state): State<AppState>,
    client: ClientAddress,
    origin: Origin,
    form: FormBody,
) -> Result<Response, AppError> {
    let values = form.values(STAFF_SIGN_IN_FIELDS);
    let email = values.get(EMAIL).trim().to_lowercase();
    let typed = form.values(&[EMAIL]);
    let refused = match checked(&state, &client, &email, values.get(PASSWORD)).await? {
        Checked::Right(account) if account.password_change_due => {
            tracing::info!("staff sign-in: password change due");
            return Ok(Redirect::to(&format!(
                "{}?due=true&email={}",
                routes::STAFF_PASSWORD,
                routes::encode(&email)
            ))
            .into_response());
        }
        Checked::Right(account) => {
            return second_step(&state, form.headers(), email, account).await
        }
        Checked::Wrong => {
            tracing::info!("staff sign-in refused");
            record_refusal(&state, &email, &origin).await?;
            sign_in_refused()
        }
        Checked::Wait(minutes) => must_wait(minutes),
    };
    form.refuse(state, routes::STAFF_SIGN_IN, typed, vec![refused])
        .await
}

/// A password checked against an account, as throttling allows.
enum Checked {
    Right(StaffAccount),
    Wrong,
    /// Too many wrong passwords for this address or from this client:
    /// minutes to wait (nothing was checked).
    Wait(i64),
}

/// Counts the attempt, per address and per client, then checks the
/// password unless either must wait.
async fn checked(
    state: &AppState,
    client: &ClientAddress,
    email: &str,
    password: &str,
) -> Result<Checked, DbError> {
    let guess = Guess {
        at: Counted::PasswordFor(email),
        from: Counted::PasswordsFrom(&client.0),
        client_free: state.config.wrong_passwords_per_client,
    };
    if let Gate::Wait(seconds) = guess.count(&state.db, now_seconds()).await? {
        tracing::info!("staff password check refused: too many wrong passwords");
        return Ok(Checked::Wait(throttle::minutes(seconds)));
    }
    match check(&state.db, email, password).await? {
        Some(account) => {
            guess.was_right(&state.db).await?;
            Ok(Checked::Right(account))
        }
        None => Ok(Checked::Wrong),
    }
}

/// `POST /staff/change-password`: email, current password and the new one
/// twice. On success the member of staff is signed in to the desk; problems
/// draw the page again with the email address (never a password).
pub async fn post_change_password(
    State(state): State<AppState>,
    client: ClientAddress,
    origin: Origin,
    form: FormBody,
) -> Result<Response, AppError> {
    let values = form.values(PasswordChange::FIELDS);
    let email = values.get(EMAIL).trim().to_lowercase();
    let typed = FormValues::from_pairs([(EMAIL, email.as_str())], &[EMAIL]);
    let change = match PasswordChange::parse(&values) {
        Ok(change) => change,
        Err(errors) => {
            return Ok(form
                .draw_again(state, typed, errors, StatusCode::UNPROCESSABLE_ENTITY)
                .await)
        }
    };
    let refused = match checked(&state, &client, &email, &change.current).await? {
        Checked::Right(account) => {
            change_password(&state.db, (&email, account.role), &change.new, &origin).await?;
            tracing::info!("staff password changed");
            return second_step(&state, form.headers(), email, account).await;
        }
        Checked::Wrong => {
            tracing::info!("staff password change refused");
            record_refusal(&state, &email, &origin).await?;
            not_recognised()
        }
        Checked::Wait(minutes) => FieldError::new(CURRENT_PASSWORD, wait_message(minutes)),
    };
    Ok(form
        .draw_again(
            state,
            typed,
            vec![refused],
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await)
}
