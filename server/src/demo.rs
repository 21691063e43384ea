//! Demo data for a newcomer running the service locally.

use app::domain::WorkEmail;

use crate::accounts::{self, Role};
use crate::db::{Db, DbError};

/// The demo accounts: (email, name, role, organisation).
pub const DEMO_ACCOUNTS: &[(&str, &str, Role, &str)] = &[
    (
        "demo.responder@example.police.uk",
        "Demo First Responder",
        Role::FirstResponder,
        "Demo Police Force",
    ),
    (
        "demo.caseworker@sca.example.gov.uk",
        "Demo Caseworker",
        Role::Caseworker,
        "Single Competent Authority",
    ),
    (
        "demo.reviewer@sca.example.gov.uk",
        "Demo Senior Caseworker",
        Role::SeniorCaseworker,
        "Single Competent Authority",
    ),
    (
        "demo.admin@sca.example.gov.uk",
        "Demo Administrator",
        Role::Admin,
        "Single Competent Authority",
    ),
];

/// Loads the demo accounts (again, harmlessly) and logs each one.
pub async fn load(db: &Db) -> Result<(), DbError> {
    for (email, name, role, organisation) in DEMO_ACCOUNTS {
        let email = WorkEmail::parse(email).expect("demo emails are valid");
        let added = accounts::add_if_absent(db, &email, name, *role, organisation).await?;
        if *role != Role::FirstResponder {
            crate::staff::set_password(db, email.as_str(), crate::staff::DEMO_PASSWORD).await?;
        }
        tracing::info!(
            email = %email,
            role = role.as_str(),
            password = if *role == Role::FirstResponder { "(emailed sign-in link)" } else { crate::staff::DEMO_PASSWORD },
            added,
            "demo account"
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_email_parses() {
        for (email, ..) in DEMO_ACCOUNTS {
            assert!(WorkEmail::parse(email).is_ok(), "{email}");
        }
    }
}
