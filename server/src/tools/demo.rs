//! Demo data for a newcomer running the service locally.

use app::domain::WorkEmail;

use crate::identity::accounts;
use crate::platform::db::{Db, DbError};
use app::casework::lifecycle::Role;

/// The demo accounts: (email, name, role, organisation).
/// The demo caseworker, who holds some of the generated cases' tasks.
pub const DEMO_CASEWORKER: &str = "demo.caseworker@sca.example.gov.uk";

pub const DEMO_ACCOUNTS: &[(&str, &str, Role, &str)] = &[
    (
        "demo.responder@example.police.uk",
        "Demo First Responder",
        Role::FirstResponder,
        "Demo Police Force",
    ),
    (
        DEMO_CASEWORKER,
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

/// The demo staff accounts' second-factor secret (local runs only, like the
/// demo password): add it to any authenticator app, or run
/// `server demo-code` for the code of the moment.
pub const DEMO_SECOND_FACTOR_SECRET: &str = "NRMDEMONRMDEMONRMDEMONRMDEMONRMD";

/// The demo accounts' second-factor code now, and seconds until it changes.
pub fn demo_code(now: i64) -> Result<(String, i64), crate::identity::totp::TotpError> {
    use crate::identity::totp;
    let step = totp::step_at(now);
    let code = totp::code_at(DEMO_SECOND_FACTOR_SECRET, step)?;
    Ok((code, (step + 1) * totp::STEP_SECONDS - now))
}

/// Loads the demo accounts (again, harmlessly) and logs each one.
pub async fn load(db: &Db) -> Result<(), DbError> {
    for (email, name, role, organisation) in DEMO_ACCOUNTS {
        let email = WorkEmail::parse(email).expect("demo emails are valid");
        let added = accounts::add_if_absent(db, &email, name, *role, organisation).await?;
        if *role != Role::FirstResponder {
            crate::identity::staff::set_password(
                db,
                email.as_str(),
                crate::identity::staff::DEMO_PASSWORD,
            )
            .await?;
            crate::identity::second_factor::set_confirmed_secret(
                db,
                email.as_str(),
                DEMO_SECOND_FACTOR_SECRET,
                crate::platform::clock::now_seconds(),
            )
            .await?;
        }
        tracing::info!(
            email = %email,
            role = role.as_str(),
            password = if *role == Role::FirstResponder { "(emailed sign-in link)" } else { crate::identity::staff::DEMO_PASSWORD },
            added,
            "demo account"
        );
    }
    // A small set of synthetic cases for the casework desk, once.
    if crate::casework::cases::intake::count(db).await? == 0 {
        let (cases, dtn) = crate::tools::volume::generate(db, DEMO_CASES, DEMO_DTN, 2023).await?;
        tracing::info!(cases, dtn, "demo cases generated");
    }
    Ok(())
}

/// How many synthetic cases and Duty to Notify reports a demo run starts with.
const DEMO_CASES: u64 = 300;
const DEMO_DTN: u64 = 60;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_secret_is_a_working_secret() {
        let (code, left) = demo_code(1_111_111_109).unwrap();
        assert_eq!(code.len(), 6);
        assert!((1..=30).contains(&left));
    }

    #[test]
    fn every_demo_email_parses() {
        for (email, ..) in DEMO_ACCOUNTS {
            assert!(WorkEmail::parse(email).is_ok(), "{email}");
        }
    }
}
