//! One module per page (or family of pages) of the service.

mod accessibility;
mod casework;
mod check_answers;
mod check_inbox;
mod not_found;
mod privacy;
mod reports;
mod sent_cases;
mod sign_in_pages;
mod staff_admin;
mod start;
mod statistics;
pub mod step;
mod who_do_you_work_for;

pub use accessibility::AccessibilityStatement;
pub use casework::{CaseDetail, CaseQueue, DtnRegister, StaffSignIn, TeamWorkload};
pub use check_answers::{CheckAnswers, Confirmation};
pub use check_inbox::CheckInbox;
pub use not_found::NotFound;
pub use privacy::PrivacyNotice;
pub use reports::{DeleteReport, ReportSaved, Reports};
pub use sent_cases::{SentCaseDetail, SentCases};
pub use sign_in_pages::{EmailNotRecognised, SignInLinkPage, SignedOut, TokenInvalid};
pub use staff_admin::StaffAdmin;
pub use start::StartPage;
pub use statistics::Statistics;
pub use step::StepPage;
pub use who_do_you_work_for::WhoDoYouWorkForPage;
