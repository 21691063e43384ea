//! A draft's history: answers that lost to newer ones when steps a phone
//! saved without a signal reached the server. The sync (`offline::merge`)
//! makes them, the draft keeps them, check-your-answers shows them.

use serde::{Deserialize, Serialize};

use super::route::Answers;

/// An answer that lost to a newer one when a phone's steps reached the
/// server; the draft keeps it, and check-your-answers shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replaced {
    pub slug: String,
    /// The step's answers that were replaced.
    pub answers: Answers,
    /// When they were replaced (unix seconds).
    pub at: i64,
    /// Where the answer that won was given.
    pub newer: NewerOn,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NewerOn {
    /// The phone's answer, saved offline, was the newer.
    ThisPhone,
    /// The server's answer (given on another device meanwhile) was the newer.
    Elsewhere,
}
