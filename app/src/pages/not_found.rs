use leptos::prelude::*;

use crate::components::Page;
use crate::routes;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Page title="Page not found">
            <h1 class="govuk-heading-l">"Page not found"</h1>
            <p class="govuk-body">"If you typed the web address, check it is correct."</p>
            <p class="govuk-body">"If you pasted the web address, check you copied the entire address."</p>
            <p class="govuk-body">
                <a class="govuk-link" href=routes::START>"Go to the start page"</a>
            </p>
        </Page>
    }
}
