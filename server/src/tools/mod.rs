//! Not part of serving: demo accounts and synthetic cases for load tests.

pub mod demo;
pub mod volume;
