use leptos::prelude::*;

/// A field's problem, under its label: `<id>-error`, which the field's
/// `aria-describedby` names and the error summary's link leads to.
#[component]
pub fn Problem(#[prop(into)] id: String, message: String) -> impl IntoView {
    view! {
        <p id=format!("{id}-error") class="govuk-error-message">
            <span class="govuk-visually-hidden">"Error: "</span>{message}
        </p>
    }
}
