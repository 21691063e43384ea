//! Plain form posts (the path that works with JavaScript off).
//!
//! The body is parsed, the form's rules from `app` run, and then either the
//! user is sent on (303 See Other) or the same page is rendered again with the
//! errors and the values they typed.

use app::forms::{FieldError, FormSpec, FormState, FormValues};
use axum::{
    body::Body,
    http::{header, request::Parts, HeaderMap, Method, Request, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use leptos::prelude::provide_context;
use std::future::Future;

use crate::web::context::AppState;
use crate::web::error::AppError;

/// The largest form body accepted (file uploads use their own route and limit).
pub const FORM_BODY_LIMIT: usize = 256 * 1024;

/// Renders the page at the request's address again, with the values and
/// errors of a plain form post (as if fetched with GET).
pub async fn render(
    state: AppState,
    parts: Parts,
    form_state: FormState,
    status: StatusCode,
) -> Response {
    render_with(state, parts, form_state, status).await
}

/// Renders the page at the request's address again with `extra` in its
/// context (a form's state, or what a form's answer shows).
pub async fn render_with<T: Clone + Send + Sync + 'static>(
    state: AppState,
    mut parts: Parts,
    extra: T,
    status: StatusCode,
) -> Response {
    parts.method = Method::GET;
    let options = state.leptos_options.clone();
    // Async: the whole page, resources resolved, in one response (no streaming,
    // which needs JavaScript to put late parts in place).
    let render = leptos_axum::render_app_async_with_context(
        move || {
            crate::web::context::provide_page_context(&state);
            provide_context(extra.clone());
        },
        move || app::shell(options.clone()),
    );
    let mut response = render(Request::from_parts(parts, Body::empty())).await;
    *response.status_mut() = status;
    response
}

/// A urlencoded form body, as a typed extractor: the wrong type, an oversized
/// body or an unreadable one is refused before the handler runs. The handler
/// asks for the fields it reads ([`FormBody::values`]); others are dropped.
/// It keeps the request's head, so that a refused form can be drawn again
/// ([`FormBody::refuse`]).
pub struct FormBody {
    parts: Parts,
    pairs: Vec<(String, String)>,
}

impl FormBody {
    /// The request's headers (its cookie, say).
    pub fn headers(&self) -> &HeaderMap {
        &self.parts.headers
    }

    pub fn values(&self, fields: &[&str]) -> FormValues {
        FormValues::from_pairs(self.pairs.iter().cloned(), fields)
    }

    /// Every value sent for `field` (a group of checkboxes), in order.
    pub fn all(&self, field: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(name, _)| name == field)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// A form whose rules are a [`FormSpec`]: parsed and checked, then
    /// `on_valid` says where to go (303); refused, the page comes back (422).
    pub async fn handle<F, Fut>(
        self,
        state: AppState,
        on_valid: impl FnOnce(F) -> Fut,
    ) -> Result<Response, AppError>
    where
        F: FormSpec,
        Fut: Future<Output = Result<String, AppError>>,
    {
        let values = self.values(F::FIELDS);
        match F::parse(&values) {
            Ok(form) => Ok(Redirect::to(&on_valid(form).await?).into_response()),
            Err(errors) => Ok(self
                .draw_again(state, values, errors, StatusCode::UNPROCESSABLE_ENTITY)
                .await),
        }
    }

    /// The query string of the address the form was posted to.
    pub fn query(&self) -> &str {
        self.parts.uri.query().unwrap_or_default()
    }

    /// The page at `page` drawn again (422) with the errors and what was
    /// typed: the one way a refused form comes back to its page.
    pub async fn refuse(
        mut self,
        state: AppState,
        page: &str,
        values: FormValues,
        errors: Vec<FieldError>,
    ) -> Result<Response, AppError> {
        self.parts.uri = page.parse().map_err(|_| AppError::BadRequest)?;
        Ok(self
            .draw_again(state, values, errors, StatusCode::UNPROCESSABLE_ENTITY)
            .await)
    }

    /// The page the form was posted to, drawn with `shown` in its context:
    /// a form's answer that is the page itself (200).
    pub async fn answer_with<T: Clone + Send + Sync + 'static>(
        self,
        state: AppState,
        shown: T,
    ) -> Response {
        render_with(state, self.parts, shown, StatusCode::OK).await
    }

    /// The page the form was posted to, drawn again with these values and
    /// errors (a post to a page's own address).
    pub async fn draw_again(
        self,
        state: AppState,
        values: FormValues,
        errors: Vec<FieldError>,
        status: StatusCode,
    ) -> Response {
        render(state, self.parts, FormState { values, errors }, status).await
    }
}

impl<S: Send + Sync> axum::extract::FromRequest<S> for FormBody {
    type Rejection = AppError;

    async fn from_request(request: Request<Body>, _: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let pairs = read_pairs(&parts.headers, body).await?;
        Ok(Self { parts, pairs })
    }
}

/// The pairs of a urlencoded form body, refusing other types and oversized bodies.
async fn read_pairs(headers: &HeaderMap, body: Body) -> Result<Vec<(String, String)>, AppError> {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(AppError::UnsupportedMediaType);
    }
    let bytes = axum::body::to_bytes(body, FORM_BODY_LIMIT)
        .await
        .map_err(|_| AppError::PayloadTooLarge)?;
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes).map_err(|_| AppError::BadRequest)
}
