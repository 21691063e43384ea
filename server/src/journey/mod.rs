//! The referral journey on the server: steps loaded and saved against drafts,
//! the plain form posts, sending (the record of spec §4 and its reference),
//! and the reminders about drafts that will expire.

pub mod drafts;
pub mod payload;
pub mod posts;
pub mod reminders;
pub mod steps;
pub mod submission;
