//! The pages around signing in: not recognised, the link's landing page,
//! an invalid link, and signed out.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::Page;
use crate::routes;

#[component]
pub fn EmailNotRecognised() -> impl IntoView {
    view! {
        <Page title="We do not recognise that email address" back=routes::WHO_DO_YOU_WORK_FOR.to_owned()>
            <h1 class="govuk-heading-l">"We do not recognise that email address"</h1>
            <p class="govuk-body">
                "You can only use this service with a work email address from an organisation that can make referrals, such as a police force, a local authority or a designated charity."
            </p>
            <p class="govuk-body">
                <a class="govuk-link" href=routes::WHO_DO_YOU_WORK_FOR>
                    "Try a different email address"
                </a>
            </p>
            <p class="govuk-body">
                "If you think your organisation should be able to use this service, ask your manager or your organisation's NRM contact."
            </p>
        </Page>
    }
}

/// Where the emailed link lands. The token is checked only when the user
/// presses the button, so a mail scanner that opens links cannot use it up.
#[component]
pub fn SignInLinkPage() -> impl IntoView {
    let query = use_query_map();
    let token = move || query.with(|q| q.get(routes::TOKEN_PARAM).unwrap_or_default());
    view! {
        <Page title="Sign in to make a referral">
            <h1 class="govuk-heading-l">"Sign in to make a referral"</h1>
            <p class="govuk-body">
                "Continue to see your saved reports or start a new one."
            </p>
            <form method="post" action=routes::SIGN_IN_LINK>
                <input type="hidden" name=routes::TOKEN_PARAM value=token />
                <button type="submit" class="govuk-button" data-module="govuk-button">
                    "Continue"
                </button>
            </form>
        </Page>
    }
}

#[component]
pub fn TokenInvalid() -> impl IntoView {
    view! {
        <Page title="That sign-in link does not work">
            <h1 class="govuk-heading-l">"That sign-in link does not work"</h1>
            <p class="govuk-body">
                "Each link works once, for 30 minutes. This one has been used already, has expired, or was not copied in full."
            </p>
            <p class="govuk-body">"Any answers you saved are still there."</p>
            <a href=routes::WHO_DO_YOU_WORK_FOR role="button" draggable="false" class="govuk-button">
                "Get a new link"
            </a>
        </Page>
    }
}

#[component]
pub fn SignedOut() -> impl IntoView {
    view! {
        <Page title="You have signed out">
            <h1 class="govuk-heading-l">"You have signed out"</h1>
            <p class="govuk-body">"Any answers you saved are still there."</p>
            <p class="govuk-body">
                <a class="govuk-link" href=routes::WHO_DO_YOU_WORK_FOR>"Sign in again"</a>
            </p>
        </Page>
    }
}
