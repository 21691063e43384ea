//! The referral journey as data: its steps, their order and branches.

pub mod route;
