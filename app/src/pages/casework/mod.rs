//! The casework desk's pages: staff sign-in, the queue, the Duty to Notify
//! register, one case and the team's workload, a module each.

mod case;
mod pagination;
mod queue;
mod register;
mod search;
mod staff_sign_in;
mod team;
mod work;

pub use case::CaseDetail;
pub use queue::CaseQueue;
pub use register::DtnRegister;
pub use search::PersonSearch;
pub use staff_sign_in::StaffSignIn;
pub use team::TeamWorkload;
pub use work::{AvailableWork, MyWork};
