//! The HTTP boundary's one error type.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};

use crate::identity::sessions::SessionError;
use crate::platform::db::DbError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("the request could not be understood")]
    BadRequest,
    #[error("the request was too large")]
    PayloadTooLarge,
    #[error("forms must be sent as application/x-www-form-urlencoded")]
    UnsupportedMediaType,
    #[error("refused: the request did not come from this service's pages")]
    CrossSite,
    /// The permission table refused ([`app::casework::permissions::NOT_PERMITTED`]).
    #[error("{}", app::casework::permissions::NOT_PERMITTED)]
    Forbidden,
    #[error("Page not found")]
    NotFound,

    #[error("the service is unavailable")]
    Unavailable,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<SessionError> for AppError {
    fn from(error: SessionError) -> Self {
        match error {
            SessionError::Db(error) => AppError::Db(error),
            other => {
                tracing::error!(error = %other, "session failure");
                AppError::Unavailable
            }
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = match &self {
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::CrossSite | AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Db(error) if error.is_unreadable() => {
                tracing::error!(%error, "unreadable stored value");
                StatusCode::INTERNAL_SERVER_ERROR
            }
            AppError::Db(error) => {
                // Details go to the log, never to the user.
                tracing::error!(%error, "database failure");
                StatusCode::SERVICE_UNAVAILABLE
            }
        };
        let message = match status {
            StatusCode::SERVICE_UNAVAILABLE | StatusCode::INTERNAL_SERVER_ERROR => {
                "Sorry, there is a problem with the service. Try again later.".to_owned()
            }
            _ => self.to_string(),
        };
        (status, message).into_response()
    }
}
