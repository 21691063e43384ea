//! `/staff/sign-in`: email and password for the casework desk.

use leptos::prelude::*;

use crate::casework::staff::{EMAIL, PASSWORD};
use crate::components::{use_form_state, ErrorSummary, Page};
use crate::routes;

/// `/staff/sign-in`: email and password for caseworkers, reviewers and admins.
#[component]
pub fn StaffSignIn() -> impl IntoView {
    // A refused sign-in comes back as this page (422) with the address typed.
    let (posted, sign_in_errors) = use_form_state();
    let email = posted.get(EMAIL).to_owned();
    let has_errors = Signal::derive(move || !sign_in_errors.read().is_empty());
    view! {
        <Page title="Sign in to the casework desk" has_errors>
            <ErrorSummary errors=sign_in_errors />
            <h1 class="govuk-heading-l">"Sign in to the casework desk"</h1>
            <p class="govuk-body">"For staff of the Single Competent Authority. First responders sign in from the start page."</p>
            <form method="post" action=routes::STAFF_SIGN_IN novalidate=true>
                <div class="govuk-form-group">
                    <label class="govuk-label" for=EMAIL>"Email address"</label>
                    <input class="govuk-input" id=EMAIL name=EMAIL type="email" autocomplete="username" spellcheck="false" value=email />
                </div>
                <div class="govuk-form-group">
                    <label class="govuk-label" for=PASSWORD>"Password"</label>
                    <input class="govuk-input govuk-input--width-20" id=PASSWORD name=PASSWORD type="password" autocomplete="current-password" />
                </div>
                <button type="submit" class="govuk-button" data-module="govuk-button">"Sign in"</button>
            </form>
            <p class="govuk-body">
                <a class="govuk-link" href=routes::STAFF_PASSWORD>"Change your password"</a>
            </p>
        </Page>
    }
}
