use leptos::prelude::*;

use crate::components::fields::list_options;
use crate::components::{use_form_state, CheckedForm, ErrorSummary, Page, TextInput};
use crate::forms::FormSpec;
use crate::reference::List;
use crate::routes;
use crate::sign_in::{WhoDoYouWorkFor, EMAIL, ORGANISATION};

/// The `<datalist>` of the organisations the field suggests.
const ORGANISATION_OPTIONS: &str = "organisation-options";

#[component]
pub fn WhoDoYouWorkForPage() -> impl IntoView {
    let (values, errors) = use_form_state();
    let has_errors = Signal::derive(move || errors.with(|e| !e.is_empty()));
    view! {
        <Page title="Who do you work for?" back=routes::START.to_owned() has_errors>
            <ErrorSummary errors />
            <h1 class="govuk-heading-l">"Who do you work for?"</h1>
            <p class="govuk-body">
                "We will send a sign-in link to your work email address. It works once and for 30 minutes."
            </p>
            <CheckedForm
                errors
                fields=WhoDoYouWorkFor::FIELDS
                check=WhoDoYouWorkFor::errors
            >
                <TextInput
                    name=ORGANISATION
                    label="Organisation"
                    hint="Start typing its name and choose it from the list, for example Greater Manchester Police or Barnardo's"
                    value=values.get(ORGANISATION).to_owned()
                    errors
                    autocomplete="off"
                    list=ORGANISATION_OPTIONS
                />
                {list_options(ORGANISATION_OPTIONS.to_owned(), List::FirstResponderOrganisations)}
                <TextInput
                    name=EMAIL
                    label="Work email address"
                    hint="Use the address your organisation gave you"
                    value=values.get(EMAIL).to_owned()
                    errors
                    input_type="email"
                    autocomplete="email"
                    spellcheck_off=true
                />
                <button type="submit" class="govuk-button" data-module="govuk-button">
                    "Continue"
                </button>
            </CheckedForm>
        </Page>
    }
}
