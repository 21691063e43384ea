//! The referral journey as data: its steps and fields, their order and
//! branches, and the rules their answers must meet.

pub mod fields;
pub mod history;
pub mod offline;
pub mod progress;
pub mod route;
pub mod steps;
pub mod summary;
pub mod validate;
pub mod views;
