use leptos::prelude::*;

/// A form group's class: marked as in error when its field has a problem.
pub fn group_class(has_problem: bool) -> &'static str {
    if has_problem {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    }
}

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
