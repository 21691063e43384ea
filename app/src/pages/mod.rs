//! One module per page (or family of pages) of the service.

mod accessibility;
pub mod audit_log;
mod casework;
mod check_answers;
mod check_inbox;
mod failed_mail;
mod lazy_routes;
mod not_found;
pub mod offline_shell;
mod privacy;
pub mod refused;
mod reports;
pub mod responders_admin;
pub mod second_factor;
mod sent_cases;
pub mod sessions;
mod sign_in_pages;
mod staff_admin;
mod staff_password;
mod start;
mod statistics;
pub mod step;
mod who_do_you_work_for;

pub use lazy_routes::*;
pub use not_found::NotFound;
pub use offline_shell::OfflineShell;
pub use refused::LoadProblem;
pub use step::StepPage;
