//! Handlers for the sign-in pages.

use app::{routes, sign_in::WhoDoYouWorkFor};
use axum::{body::Body, extract::State, http::Request, response::Response};

use crate::{error::AppError, form_post, state::AppState};

pub async fn post_who_do_you_work_for(
    State(state): State<AppState>,
    request: Request<Body>,
) -> Response {
    form_post::handle(state, request, |answer: WhoDoYouWorkFor| async move {
        tracing::info!(domain = answer.email.domain(), "sign-in requested");
        Ok::<_, AppError>(routes::CHECK_INBOX.to_owned())
    })
    .await
}
