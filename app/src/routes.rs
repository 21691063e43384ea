//! The service's addresses, named once.

pub const START: &str = "/";
pub const START_ALIAS: &str = "/start";
pub const WHO_DO_YOU_WORK_FOR: &str = "/verify/who-do-you-work-for";
pub const CHECK_INBOX: &str = "/verify/check-inbox";
pub const ACCESSIBILITY: &str = "/accessibility";
pub const PRIVACY: &str = "/privacy";
