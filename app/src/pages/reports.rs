use leptos::prelude::*;

use crate::components::Page;
use crate::routes;
use crate::session::use_signed_in;

/// The first responder's dashboard. The server only serves it to a signed-in user.
#[component]
pub fn Reports() -> impl IntoView {
    let user = use_signed_in();
    view! {
        <Page title="Your reports">
            <h1 class="govuk-heading-l">"Your reports"</h1>
            {user
                .map(|user| {
                    view! {
                        <p class="govuk-body" id="signed-in-as">
                            "Signed in as " <strong>{user.email}</strong> " (" {user.organisation}
                            ")"
                        </p>
                    }
                })}
            <p class="govuk-body">"You have no saved reports."</p>
            <form method="post" action=routes::SIGN_OUT>
                <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                    "Sign out"
                </button>
            </form>
        </Page>
    }
}
