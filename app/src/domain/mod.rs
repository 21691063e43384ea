//! Domain types that parse: once a value has one of these types it is known to be valid.

mod organisation_name;
mod work_email;

pub use organisation_name::{OrganisationName, OrganisationNameError};
pub use work_email::{is_email_shaped, WorkEmail, WorkEmailError};
