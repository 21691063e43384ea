//! The first sign-in question: who the first responder works for (one of
//! the first-responder organisations in `reference-data/`) and their work email.

use crate::domain::{OrganisationName, OrganisationNameError, WorkEmail};
use crate::forms::{check, FieldError, FormSpec, FormValues};
use crate::reference::List;

pub const ORGANISATION: &str = "organisation";
pub const EMAIL: &str = "email";

/// A valid answer to "Who do you work for?".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhoDoYouWorkFor {
    pub organisation: OrganisationName,
    pub email: WorkEmail,
}

impl FormSpec for WhoDoYouWorkFor {
    const FIELDS: &'static [&'static str] = &[ORGANISATION, EMAIL];

    fn parse(values: &FormValues) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let organisation = check(
            ORGANISATION,
            OrganisationName::parse(values.get(ORGANISATION)).and_then(listed),
            &mut errors,
        );
        let email = check(EMAIL, WorkEmail::parse(values.get(EMAIL)), &mut errors);
        match (organisation, email) {
            (Some(organisation), Some(email)) => Ok(Self {
                organisation,
                email,
            }),
            _ => Err(errors),
        }
    }
}

/// The organisation as the list of first-responder organisations names it
/// (typed in any case or spacing). In the browser before the list has
/// arrived, any name passes here: the server checks it again.
fn listed(typed: OrganisationName) -> Result<OrganisationName, OrganisationNameError> {
    let list = List::FirstResponderOrganisations;
    if !list.is_ready() {
        return Ok(typed);
    }
    match list.entry_for(typed.as_str()) {
        Some(entry) => OrganisationName::parse(entry),
        None => Err(OrganisationNameError::NotListed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(organisation: &str, email: &str) -> FormValues {
        FormValues::from_pairs(
            [(ORGANISATION, organisation), (EMAIL, email)],
            WhoDoYouWorkFor::FIELDS,
        )
    }

    #[test]
    fn both_fields_empty_gives_two_errors_in_page_order() {
        let errors = WhoDoYouWorkFor::errors(&form("", ""));
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, [ORGANISATION, EMAIL]);
        assert_eq!(errors[1].message, "Enter your work email address");
    }

    #[test]
    fn spec_case_1_badly_formed_email_is_an_error() {
        let errors = WhoDoYouWorkFor::errors(&form("Police Scotland", "test@.com"));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, EMAIL);
        assert!(errors[0]
            .message
            .starts_with("Enter an email address in the correct format"));
    }

    #[test]
    fn a_complete_answer_parses() {
        let parsed =
            WhoDoYouWorkFor::parse(&form("Police Scotland", "A@Scotland.Police.UK")).unwrap();
        assert_eq!(parsed.email.as_str(), "A@scotland.police.uk");
        assert_eq!(parsed.organisation.as_str(), "Police Scotland");
    }

    #[test]
    fn the_organisation_is_one_from_the_list_however_it_is_typed() {
        let parsed =
            WhoDoYouWorkFor::parse(&form("  metropolitan   police service ", "a@met.police.uk"))
                .unwrap();
        assert_eq!(parsed.organisation.as_str(), "Metropolitan Police Service");
        let errors = WhoDoYouWorkFor::errors(&form("Metropolitan Police", "a@met.police.uk"));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, ORGANISATION);
        assert!(errors[0]
            .message
            .starts_with("Choose your organisation from the list"));
    }
}
