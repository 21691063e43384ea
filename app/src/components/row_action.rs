use leptos::prelude::*;

/// A row's action in a table or summary list: a one-button form post whose
/// accessible name says which row it acts on ("Bar jo@…", "Disable Sam …").
#[component]
pub fn RowAction(action: String, label: &'static str, about: String) -> impl IntoView {
    view! {
        <form method="post" action=action>
            <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                {label}<span class="govuk-visually-hidden">{format!(" {about}")}</span>
            </button>
        </form>
    }
}
