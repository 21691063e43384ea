//! Who is signed in, as the pages see it.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in first responder. The server puts it in the request; pages
/// read it through [`use_signed_in`], which carries it into the browser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub email: String,
    pub organisation: String,
}

/// The signed-in user, the same on the server and in the hydrated page.
pub fn use_signed_in() -> Option<SignedIn> {
    from_request::<SignedIn>()
}

/// A member of staff signed in to the casework desk (the second factor
/// passed): the header draws the desk's navigation for their role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskUser {
    pub email: String,
    pub role: crate::casework::lifecycle::Role,
}

/// The member of staff signed in, if one is.
pub fn use_desk_user() -> Option<DeskUser> {
    from_request::<DeskUser>()
}

/// A value the server put in the request's extensions, carried into the page
/// so that the browser hydrates the same markup.
fn from_request<T>() -> Option<T>
where
    T: Clone + Serialize + for<'de> Deserialize<'de> + Send + Sync + 'static,
{
    SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            use_context::<http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<T>().cloned())
        }
        #[cfg(not(feature = "ssr"))]
        {
            None
        }
    })
    .into_inner()
}

/// How long a session lasts without a request, and how long before that the
/// page warns. The server puts it in the request with [`SignedIn`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdleTimeout {
    pub idle_seconds: u32,
    pub warning_seconds: u32,
}

/// The idle timeout of the signed-in user's session, if signed in.
pub fn use_idle_timeout() -> Option<IdleTimeout> {
    from_request::<IdleTimeout>()
}
