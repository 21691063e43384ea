//! The casework desk's rules, shared by the pages and the server: working
//! days, dated policy and the case lifecycle.

pub mod calendar;
pub mod case_forms;
pub mod documents;
pub mod duplicates;
pub mod flags;
pub mod letters;
pub mod lifecycle;
pub mod links;
pub mod permissions;
pub mod person_search;
pub mod policy;
pub mod referral;
pub mod responders;
pub mod restriction;
pub mod staff;
pub mod statistics;
pub mod tasks;
