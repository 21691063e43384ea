//! What a page shows when its data could not be loaded: the permission
//! table refused (403, "You cannot open this page"), a stored record could
//! not be read (500), or the service failed (503); both failures say "Sorry,
//! there is a problem with the service".

use leptos::prelude::*;

use crate::casework::permissions::NOT_PERMITTED;
use crate::components::Page;
use crate::pages::step::ServiceProblem;

/// What a server function answers when a stored record names a value this
/// version does not know, or is broken: the record needs mending (a 500),
/// trying again will not help. People see the service-problem page.
pub const UNREADABLE_RECORD: &str = "A stored record could not be read";

/// The page for a server function's error.
#[component]
pub fn LoadProblem(error: ServerFnError) -> impl IntoView {
    let says =
        |text: &str| matches!(&error, ServerFnError::ServerError(message) if message == text);
    let refused = says(NOT_PERMITTED);
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(if refused {
            http::StatusCode::FORBIDDEN
        } else if says(UNREADABLE_RECORD) {
            http::StatusCode::INTERNAL_SERVER_ERROR
        } else {
            http::StatusCode::SERVICE_UNAVAILABLE
        });
    }
    if refused {
        view! { <Refused /> }.into_any()
    } else {
        view! { <ServiceProblem /> }.into_any()
    }
}

#[component]
fn Refused() -> impl IntoView {
    view! {
        <Page title="You cannot open this page">
            <h1 class="govuk-heading-l">"You cannot open this page"</h1>
            <p class="govuk-body">"Your role does not include this part of the service."</p>
            <p class="govuk-body">"If you need it for your work, ask an administrator to change your role."</p>
        </Page>
    }
}
