//! Handlers for signing in and out.

use app::audit::AuditAction;
use app::casework::lifecycle::Role;
use app::domain::WorkEmail;
use app::{routes, session::SignedIn, sign_in::WhoDoYouWorkFor};
use axum::{
    extract::State,
    http::{header, Extensions, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Extension,
};

use crate::identity::accounts;
use crate::identity::sessions::{self, ActiveSession, Audience, NewSession, SessionError};
use crate::identity::sign_in_links::{self, LinkError};
use crate::identity::throttle::{self, Counted, Gate};
use crate::platform::audit::{self, Entry, Origin};
use crate::platform::clock::now_seconds;
use crate::web::client::ClientAddress;
use crate::web::context::AppState;
use crate::web::error::AppError;
use crate::web::forms::FormBody;

/// "Who do you work for?": an allowed domain gets a link by email; any other
/// is told its address is not recognised. Nothing says whether an account exists.
pub async fn post_who_do_you_work_for(
    State(state): State<AppState>,
    client: ClientAddress,
    form: FormBody,
) -> Result<Response, AppError> {
    let app = state.clone();
    form.handle(state, |answer: WhoDoYouWorkFor| async move {
        if !app.allowlist.allows(&answer.email) {
            tracing::info!(
                domain = answer.email.domain(),
                "sign-in refused: domain not allowed"
            );
            return Ok(routes::EMAIL_NOT_RECOGNISED.to_owned());
        }
        let now = now_seconds();
        if !may_sign_in(&app, answer.email.as_str()).await? {
            // Barred, or a member of staff's address: the same calm answer, and no link.
            tracing::info!(
                domain = answer.email.domain(),
                "sign-in link refused: barred or staff"
            );
            return Ok(routes::CHECK_INBOX.to_owned());
        }
        if !may_send_link(&app, &client, &answer.email, now).await? {
            // The same calm answer as a sent link: nothing says whether the
            // address is new, known or being flooded.
            return Ok(routes::CHECK_INBOX.to_owned());
        }
        sign_in_links::issue(
            &app.db,
            &answer.email,
            &answer.organisation,
            &app.config.public_url,
            now,
        )
        .await
        .map_err(link_failure)?;
        app.mail_wake.notify_one();
        tracing::info!(domain = answer.email.domain(), "sign-in link issued");
        Ok(routes::CHECK_INBOX.to_owned())
    })
    .await
}

/// Whether an address may sign in with a link: not a barred first
/// responder's, and not a member of staff's (staff sign in with a password).
async fn may_sign_in(state: &AppState, email: &str) -> Result<bool, AppError> {
    Ok(match accounts::standing(&state.db, email).await? {
        None => true,
        Some((role, barred)) => role == Role::FirstResponder && !barred,
    })
}

/// Whether another link may go: at most `SIGN_IN_LINKS_PER_CLIENT` asked for
/// by one client and `SIGN_IN_LINKS_PER_ADDRESS` sent to one address in the
/// window. The counts are in the database, so they hold across servers.
async fn may_send_link(
    state: &AppState,
    client: &ClientAddress,
    email: &WorkEmail,
    now: i64,
) -> Result<bool, AppError> {
    let config = &state.config;
    let window = config.link_window_seconds;
    let from = Counted::LinksFrom(&client.0);
    if throttle::window(&state.db, from, config.links_per_client, window, now).await? != Gate::Open
    {
        tracing::warn!("sign-in link refused: too many from one client");
        return Ok(false);
    }
    let to = Counted::LinksTo(email.as_str());
    if throttle::window(&state.db, to, config.links_per_address, window, now).await? != Gate::Open {
        tracing::info!(
            domain = email.domain(),
            "sign-in link refused: too many to one address"
        );
        return Ok(false);
    }
    Ok(true)
}

/// The button on the link's landing page: redeems the token and starts a session.
pub async fn post_sign_in_link(
    State(state): State<AppState>,
    origin: Origin,
    form: FormBody,
) -> Result<Response, AppError> {
    let values = form.values(&[routes::TOKEN_PARAM]);
    let now = now_seconds();
    let redeemed = match sign_in_links::redeem(&state.db, values.get(routes::TOKEN_PARAM), now)
        .await
    {
        Ok(redeemed) => redeemed,
        Err(LinkError::Invalid) => return Ok(Redirect::to(routes::TOKEN_INVALID).into_response()),
        Err(error) => return Err(link_failure(error)),
    };
    // Barred since the link was sent (or a member of staff's address): it opens nothing.
    if !may_sign_in(&state, &redeemed.email).await? {
        tracing::info!("sign-in link refused at the door: barred or staff");
        return Ok(Redirect::to(routes::TOKEN_INVALID).into_response());
    }
    // A first responder is a person with an account, made at their first sign-in.
    if let Ok(email) = WorkEmail::parse(&redeemed.email) {
        let name = email
            .as_str()
            .split('@')
            .next()
            .unwrap_or_default()
            .to_owned();
        accounts::add_if_absent(
            &state.db,
            &email,
            &name,
            Role::FirstResponder,
            &redeemed.organisation,
        )
        .await?;
    }
    let user = SignedIn {
        email: redeemed.email,
        organisation: redeemed.organisation,
    };
    let session = NewSession {
        user: &user,
        staff_role: None,
        second_factor_due: false,
        lifetime: state.session_lifetime(Audience::Responder),
        browser: browser(form.headers()),
    };
    let cookie = replace_session(&state, form.headers(), &session, now).await?;
    let actor = audit::Actor::new(&user.email, Role::FirstResponder.as_str());
    let entry = Entry::on_own_account(&actor, AuditAction::ResponderSignedIn, &origin, now);
    audit::record_alone(&state.db, &entry).await?;
    Ok((
        [
            (header::SET_COOKIE, cookie),
            crate::web::offline::forget_on_device(),
        ],
        Redirect::to(routes::REPORTS),
    )
        .into_response())
}

/// The browser a request came from, as it says (`User-Agent`).
pub fn browser(headers: &HeaderMap) -> &str {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// Ends the session the request's cookie names, if any, and starts `session`
/// in its place: the `Set-Cookie` to send. Every sign-in step goes through
/// here, so an id known before a step is worth nothing after it.
pub async fn replace_session(
    state: &AppState,
    headers: &HeaderMap,
    session: &NewSession<'_>,
    now: i64,
) -> Result<HeaderValue, SessionError> {
    sessions::end_named(&state.db, state.session_cookie(), headers).await?;
    let id = sessions::start_with(&state.db, session, now).await?;
    let audience = if session.staff_role.is_some() {
        Audience::Staff
    } else {
        Audience::Responder
    };
    Ok(state.session_cookie().set(&id, audience))
}

pub async fn post_sign_out(
    State(state): State<AppState>,
    origin: Origin,
    extensions: Extensions,
    headers: HeaderMap,
) -> Response {
    if let Some(id) = state.session_cookie().value(&headers) {
        if let Err(error) = sessions::end(&state.db, &id).await {
            tracing::error!(%error, "could not end a session");
        }
    }
    // Whoever the session was (the guard found it live), on record.
    if let (Some(user), Some(session)) = (
        extensions.get::<SignedIn>(),
        extensions.get::<ActiveSession>(),
    ) {
        let role = session.staff_role.unwrap_or(Role::FirstResponder);
        let actor = audit::Actor::new(&user.email, role.as_str());
        let entry = Entry::on_own_account(&actor, AuditAction::SignedOut, &origin, now_seconds());
        if let Err(error) = audit::record_alone(&state.db, &entry).await {
            tracing::error!(%error, "could not record a sign-out");
        }
    }
    (
        [
            (header::SET_COOKIE, state.session_cookie().clear()),
            crate::web::offline::forget_on_device(),
        ],
        Redirect::to(routes::SIGNED_OUT),
    )
        .into_response()
}

fn link_failure(error: LinkError) -> AppError {
    tracing::error!(%error, "sign-in link");
    AppError::Unavailable
}

/// "Stay signed in": the session guard has already pushed the session's
/// expiry back; this only says whether there was a session to push.
pub async fn post_keep_alive(signed_in: Option<Extension<SignedIn>>) -> StatusCode {
    if signed_in.is_some() {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::UNAUTHORIZED
    }
}
