//! Who is asking, as typed extractors, and the one question of what they may
//! do: [`app::casework::permissions::may`].
//!
//! The session middleware ([`crate::web::guards::resolve_session`]) puts the
//! signed-in user and their session in the request; these extractors read
//! them, refuse with the right page when nobody suitable is signed in, and
//! carry the role that the permission table is asked about.

use app::casework::lifecycle::{Actor, Role};
use app::casework::permissions::{may, Action};
use app::routes;
use app::session::SignedIn;
use axum::{
    extract::FromRequestParts,
    http::{request::Parts, Extensions},
    response::{IntoResponse, Redirect, Response},
};

use super::sessions::ActiveSession;
use crate::web::error::AppError;

/// A signed-in member of staff.
#[derive(Clone, Debug)]
pub struct Staff {
    pub email: String,
    pub role: Role,
}

/// A signed-in first responder (never a staff session).
#[derive(Clone, Debug)]
pub struct Responder {
    pub user: SignedIn,
    pub session: ActiveSession,
}

impl Staff {
    pub fn from_extensions(extensions: &Extensions) -> Option<Self> {
        let role = extensions.get::<ActiveSession>()?.staff_role?;
        let user = extensions.get::<SignedIn>()?;
        role.is_staff().then(|| Self {
            email: user.email.clone(),
            role,
        })
    }

    pub fn may(&self, action: Action) -> bool {
        may(self.role, action)
    }

    /// `Ok` when the table lets this person's role do `action`.
    pub fn require(&self, action: Action) -> Result<(), AppError> {
        require(self.role, action)
    }

    pub fn actor(&self) -> Actor {
        Actor {
            id: self.email.clone(),
            role: self.role,
        }
    }

    /// The member of staff as the audit log names them.
    pub fn audit_actor(&self) -> crate::platform::audit::Actor {
        crate::platform::audit::Actor::new(&self.email, self.role.as_str())
    }
}

impl Responder {
    /// Who this is, as the audit log records them.
    pub fn audit_actor(&self) -> crate::platform::audit::Actor {
        crate::platform::audit::Actor::new(
            &self.user.email,
            app::casework::lifecycle::Role::FirstResponder.as_str(),
        )
    }

    pub fn from_extensions(extensions: &Extensions) -> Option<Self> {
        let session = extensions.get::<ActiveSession>()?;
        let user = extensions.get::<SignedIn>()?;
        // A staff session is never a first responder's.
        session.staff_role.is_none().then(|| Self {
            user: user.clone(),
            session: session.clone(),
        })
    }

    /// `Ok` when first responders may do `action`.
    pub fn require(&self, action: Action) -> Result<(), AppError> {
        require(Role::FirstResponder, action)
    }

    pub fn actor(&self) -> Actor {
        Actor {
            id: self.user.email.clone(),
            role: Role::FirstResponder,
        }
    }
}

/// Anyone fully signed in: a first responder or a member of staff.
#[derive(Clone, Debug)]
pub struct SignedInPerson {
    pub user: SignedIn,
    pub session: ActiveSession,
}

impl SignedInPerson {
    pub fn from_extensions(extensions: &Extensions) -> Option<Self> {
        Some(Self {
            user: extensions.get::<SignedIn>()?.clone(),
            session: extensions.get::<ActiveSession>()?.clone(),
        })
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SignedInPerson {
    type Rejection = SignInFirst;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Self::from_extensions(&parts.extensions).ok_or(SignInFirst(routes::START))
    }
}

/// A member of staff whose password was right in this browser, with the
/// second factor still to come: only the second-factor pages take them (to
/// everything else they are nobody).
#[derive(Clone, Debug)]
pub struct SecondFactorDue {
    pub email: String,
    pub organisation: String,
    pub role: Role,
}

impl SecondFactorDue {
    pub fn from_extensions(extensions: &Extensions) -> Option<Self> {
        extensions.get::<Self>().cloned()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SecondFactorDue {
    type Rejection = SignInFirst;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Self::from_extensions(&parts.extensions).ok_or(SignInFirst(routes::STAFF_SIGN_IN))
    }
}

/// The one check every route and server function makes.
pub fn require(role: Role, action: Action) -> Result<(), AppError> {
    if may(role, action) {
        Ok(())
    } else {
        tracing::warn!(
            role = role.as_str(),
            action = action.as_str(),
            "refused by the permission table"
        );
        Err(AppError::Forbidden)
    }
}

/// Nobody suitable is signed in: the sign-in page that would let them in.
#[derive(Debug)]
pub struct SignInFirst(&'static str);

impl IntoResponse for SignInFirst {
    fn into_response(self) -> Response {
        Redirect::to(self.0).into_response()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Staff {
    type Rejection = SignInFirst;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Staff::from_extensions(&parts.extensions).ok_or(SignInFirst(routes::STAFF_SIGN_IN))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Responder {
    type Rejection = SignInFirst;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Responder::from_extensions(&parts.extensions)
            .ok_or(SignInFirst(routes::WHO_DO_YOU_WORK_FOR))
    }
}
