//! `/staff/change-password`: a member of staff chooses their own password. A
//! password an administrator set must be changed here before the casework desk
//! opens. The form is a plain post (the browser checks it first once the wasm
//! has loaded); after a problem the server draws the page again with the email
//! address typed, never a password.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::casework::staff::{
    PasswordChange, CURRENT_PASSWORD, EMAIL, NEW_PASSWORD, NEW_PASSWORD_AGAIN,
};
use crate::components::{use_form_state, CheckedForm, ErrorSummary, Page, TextInput};
use crate::forms::FormSpec;
use crate::routes;

#[component]
pub fn ChangeStaffPassword() -> impl IntoView {
    let (values, errors) = use_form_state();
    let query = use_query_map();
    let due = query.read_untracked().get("due").as_deref() == Some("true");
    let email = Some(values.get(EMAIL).to_owned())
        .filter(|e| !e.is_empty())
        .or_else(|| query.read_untracked().get(EMAIL))
        .unwrap_or_default();
    let has_errors = Signal::derive(move || errors.with(|e| !e.is_empty()));
    view! {
        <Page title="Change your password" back=routes::STAFF_SIGN_IN.to_owned() has_errors>
            <ErrorSummary errors />
            <h1 class="govuk-heading-l">"Change your password"</h1>
            {due.then(|| view! {
                <div class="govuk-inset-text" id="password-due">
                    "An administrator set your password. Choose your own before you use the casework desk."
                </div>
            })}
            <CheckedForm errors fields=PasswordChange::FIELDS check=PasswordChange::errors>
                <TextInput
                    name=EMAIL
                    label="Email address"
                    value=email
                    errors
                    input_type="email"
                    autocomplete="username"
                    spellcheck_off=true
                />
                <TextInput
                    name=CURRENT_PASSWORD
                    label="Current password"
                    value=String::new()
                    errors
                    input_type="password"
                    autocomplete="current-password"
                    width_class="govuk-input--width-20"
                />
                <TextInput
                    name=NEW_PASSWORD
                    label="New password"
                    hint=NEW_PASSWORD_HINT
                    value=String::new()
                    errors
                    input_type="password"
                    autocomplete="new-password"
                    width_class="govuk-input--width-20"
                />
                <TextInput
                    name=NEW_PASSWORD_AGAIN
                    label="New password again"
                    value=String::new()
                    errors
                    input_type="password"
                    autocomplete="new-password"
                    width_class="govuk-input--width-20"
                />
                <button type="submit" class="govuk-button" data-module="govuk-button">
                    "Change password"
                </button>
            </CheckedForm>
        </Page>
    }
}

/// The new password's rule in words (a test keeps it in step with `MIN_PASSWORD_CHARS`).
const NEW_PASSWORD_HINT: &str =
    "At least 12 characters. A few unrelated words make a password that is strong and easy to remember.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::staff::MIN_PASSWORD_CHARS;

    #[test]
    fn the_hint_states_the_rule() {
        assert!(NEW_PASSWORD_HINT.starts_with(&format!("At least {MIN_PASSWORD_CHARS} characters")));
    }
}
