//! A staff sign-in's second step. A right password starts a half-open
//! session ([`begin`]) that only the second-factor pages take; a right code
//! (from the app, or a recovery code) ends it and starts the real one with a
//! new id ([`open_desk`]). Codes are counted before they are checked, per
//! person and per client, like passwords.

use app::audit::AuditAction;
use app::casework::lifecycle::Role;
use app::casework::permissions::landing_page;
use app::forms::{FieldError, FormSpec};
use app::routes;
use app::second_factor::{
    code_refused, codes_must_wait, recovery_code_refused, CodeForm, Enrolment, IssuedRecoveryCodes,
    OneTimeCode, RecoveryCode, RecoveryCodeForm, SecondFactorLoad, CODE, RECOVERY_CODE,
};
use app::session::SignedIn;
use axum::{
    extract::State,
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
};

use crate::identity::access::SecondFactorDue;
use crate::identity::second_factor::{self, SecondFactorError, Standing};
use crate::identity::sessions::{Lifetime, NewSession, SessionError};
use crate::identity::sign_in::{browser, replace_session};
use crate::identity::throttle::{self, Counted, Gate, Guess};
use crate::identity::totp;
use crate::platform::audit::{self, Entry, Origin};
use crate::platform::clock::now_seconds;
use crate::web::client::ClientAddress;
use crate::web::context::AppState;
use crate::web::error::AppError;
use crate::web::forms::FormBody;

/// How long the second step may take after the password.
pub const STEP_SECONDS: i64 = 10 * 60;

impl From<SecondFactorError> for AppError {
    fn from(error: SecondFactorError) -> Self {
        match error {
            SecondFactorError::Db(error) => AppError::Db(error),
            SecondFactorError::Totp(error) => {
                tracing::error!(%error, "second factor");
                AppError::Unavailable
            }
        }
    }
}

/// After a right password: a half-open session in place of any the browser
/// had, and the second factor's page (set up, or enter a code).
pub async fn begin(
    state: &AppState,
    headers: &HeaderMap,
    user: SignedIn,
    role: Role,
) -> Result<Response, AppError> {
    let session = NewSession {
        user: &user,
        staff_role: Some(role),
        second_factor_due: true,
        lifetime: Lifetime {
            idle: STEP_SECONDS,
            max: STEP_SECONDS,
        },
        browser: browser(headers),
    };
    let now = now_seconds();
    let cookie = replace_session(state, headers, &session, now).await?;
    let next = match second_factor::standing(&state.db, &user.email).await? {
        Standing::SetUp { .. } => routes::SECOND_FACTOR,
        Standing::NotSetUp | Standing::Reset { .. } => routes::SECOND_FACTOR_SET_UP,
    };
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to(next)).into_response())
}

/// The second factor passed: the half-open session ends and a full staff
/// session starts with a new id. The `Set-Cookie` to send.
async fn open_desk(
    state: &AppState,
    headers: &HeaderMap,
    due: &SecondFactorDue,
) -> Result<HeaderValue, SessionError> {
    let user = SignedIn {
        email: due.email.clone(),
        organisation: due.organisation.clone(),
    };
    let session = NewSession {
        user: &user,
        staff_role: Some(due.role),
        second_factor_due: false,
        lifetime: state.session_lifetime(crate::identity::sessions::Audience::Staff),
        browser: browser(headers),
    };
    replace_session(state, headers, &session, now_seconds()).await
}

/// What the second-factor pages show (the `second-factor` server function).
pub async fn load(
    state: &AppState,
    due: Option<SecondFactorDue>,
) -> Result<SecondFactorLoad, SecondFactorError> {
    let Some(due) = due else {
        return Ok(SecondFactorLoad::SignInFirst);
    };
    if let Standing::SetUp { .. } = second_factor::standing(&state.db, &due.email).await? {
        return Ok(SecondFactorLoad::EnterCode { email: due.email });
    }
    match second_factor::pending_secret(&state.db, &due.email).await? {
        Some(secret) => Ok(SecondFactorLoad::SetUp(Enrolment {
            qr_code: totp::qr_code(&secret, &due.email)?,
            secret: totp::grouped(&secret),
            email: due.email,
        })),
        None => Ok(SecondFactorLoad::EnterCode { email: due.email }),
    }
}

/// The page again (422) with one error.
async fn refuse(state: AppState, form: FormBody, error: FieldError) -> Response {
    form.draw_again(
        state,
        Default::default(),
        vec![error],
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// A code someone typed, and which of the three forms it came from.
enum Attempt {
    /// The app's code, to sign in.
    SignIn(OneTimeCode),
    /// The app's first code, confirming the secret being set up.
    SetUp(OneTimeCode),
    Recovery(RecoveryCode),
}

impl Attempt {
    fn field(&self) -> &'static str {
        match self {
            Attempt::SignIn(_) | Attempt::SetUp(_) => CODE,
            Attempt::Recovery(_) => RECOVERY_CODE,
        }
    }

    fn refused(&self) -> FieldError {
        match self {
            Attempt::SignIn(_) | Attempt::SetUp(_) => code_refused(),
            Attempt::Recovery(_) => recovery_code_refused(),
        }
    }
}

/// What a right code gave.
enum Passed {
    SignedIn,
    /// The secret is confirmed: these recovery codes were issued.
    SetUp(Vec<RecoveryCode>),
    /// A recovery code was spent: so many are left.
    Recovered(i64),
}

/// Checks a code: `None` when it is wrong or was used.
async fn check(
    state: &AppState,
    due: &SecondFactorDue,
    attempt: &Attempt,
) -> Result<Option<Passed>, AppError> {
    let (db, email, now) = (&state.db, due.email.as_str(), now_seconds());
    Ok(match attempt {
        Attempt::SignIn(code) => second_factor::check_code(db, email, code, now)
            .await?
            .then_some(Passed::SignedIn),
        Attempt::SetUp(code) => second_factor::confirm(db, email, code, now)
            .await?
            .map(Passed::SetUp),
        Attempt::Recovery(code) => {
            if second_factor::use_recovery_code(db, email, code, now).await? {
                Some(Passed::Recovered(
                    second_factor::recovery_codes_left(db, email).await?,
                ))
            } else {
                None
            }
        }
    })
}

/// Every second-factor form: its shape checked, counted (per person and per
/// client) before the code is, then the desk opened in a new session.
async fn attempt(
    state: AppState,
    (client, origin): (ClientAddress, Origin),
    due: SecondFactorDue,
    form: FormBody,
    parsed: Result<Attempt, Vec<FieldError>>,
) -> Result<Response, AppError> {
    let attempt = match parsed {
        Ok(attempt) => attempt,
        Err(errors) => {
            let first = errors.into_iter().next().unwrap_or_else(code_refused);
            return Ok(refuse(state, form, first).await);
        }
    };
    let guess = Guess {
        at: Counted::CodesFor(&due.email),
        from: Counted::CodesFrom(&client.0),
        client_free: state.config.wrong_passwords_per_client,
    };
    if let Gate::Wait(seconds) = guess.count(&state.db, now_seconds()).await? {
        tracing::info!("second factor refused: too many wrong codes");
        let wait = codes_must_wait(attempt.field(), throttle::minutes(seconds));
        return Ok(refuse(state, form, wait).await);
    }
    let (db, person, field, origin) = (&state.db, &due, attempt.field(), &origin);
    let on_record = move |action| async move {
        let actor = audit::Actor::new(&person.email, person.role.as_str());
        let entry = Entry {
            detail: field,
            ..Entry::on_own_account(&actor, action, origin, now_seconds())
        };
        audit::record_alone(db, &entry).await
    };
    let Some(passed) = check(&state, &due, &attempt).await? else {
        tracing::info!("second factor refused: a wrong or used code");
        on_record(AuditAction::SecondFactorFailed).await?;
        return Ok(refuse(state, form, attempt.refused()).await);
    };
    guess.was_right(&state.db).await?;
    match passed {
        Passed::SetUp(_) => on_record(AuditAction::SecondFactorSetUp).await?,
        Passed::Recovered(_) => on_record(AuditAction::RecoveryCodeUsed).await?,
        Passed::SignedIn => {}
    }
    on_record(AuditAction::StaffSignedIn).await?;
    let cookie = open_desk(&state, form.headers(), &due).await?;
    let desk = landing_page(due.role);
    let mut response = match passed {
        Passed::SignedIn => Redirect::to(desk).into_response(),
        Passed::Recovered(left) => {
            tracing::info!(left, "staff signed in with a recovery code");
            Redirect::to(desk).into_response()
        }
        // The answer is the set-up page showing the codes, once.
        Passed::SetUp(codes) => {
            tracing::info!(role = due.role.as_str(), "second factor set up");
            let issued = IssuedRecoveryCodes {
                codes: codes.iter().map(RecoveryCode::grouped).collect(),
                continue_to: desk.to_owned(),
            };
            form.answer_with(state, issued).await
        }
    };
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    Ok(response)
}

/// `POST /staff/second-factor`: the app's code. Right, the desk opens.
pub async fn post_code(
    State(state): State<AppState>,
    client: ClientAddress,
    origin: Origin,
    due: SecondFactorDue,
    form: FormBody,
) -> Result<Response, AppError> {
    let parsed = CodeForm::parse(&form.values(CodeForm::FIELDS)).map(|f| Attempt::SignIn(f.code));
    attempt(state, (client, origin), due, form, parsed).await
}

/// `POST /staff/second-factor/set-up`: the first code from the app confirms
/// the secret; the answer is this page showing the recovery codes, once.
pub async fn post_set_up(
    State(state): State<AppState>,
    client: ClientAddress,
    origin: Origin,
    due: SecondFactorDue,
    form: FormBody,
) -> Result<Response, AppError> {
    let parsed = CodeForm::parse(&form.values(CodeForm::FIELDS)).map(|f| Attempt::SetUp(f.code));
    attempt(state, (client, origin), due, form, parsed).await
}

/// `POST /staff/second-factor/recovery-code`: a recovery code, spent.
pub async fn post_recovery_code(
    State(state): State<AppState>,
    client: ClientAddress,
    origin: Origin,
    due: SecondFactorDue,
    form: FormBody,
) -> Result<Response, AppError> {
    let parsed = RecoveryCodeForm::parse(&form.values(RecoveryCodeForm::FIELDS))
        .map(|f| Attempt::Recovery(f.code));
    attempt(state, (client, origin), due, form, parsed).await
}
