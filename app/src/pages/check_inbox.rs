use leptos::prelude::*;

use crate::components::Page;
use crate::routes;

#[component]
pub fn CheckInbox() -> impl IntoView {
    view! {
        <Page title="Check your email" back=routes::WHO_DO_YOU_WORK_FOR.to_owned()>
            <h1 class="govuk-heading-l">"Check your email"</h1>
            <p class="govuk-body">
                "If your email address belongs to an organisation that can make referrals, we have sent you a link to sign in."
            </p>
            <p class="govuk-body">
                "The link works once and stops working after 30 minutes."
            </p>
            <p class="govuk-body">
                <a class="govuk-link" href=routes::WHO_DO_YOU_WORK_FOR>
                    "Ask for a new link"
                </a>
            </p>
        </Page>
    }
}
