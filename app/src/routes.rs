//! The service's addresses, named once.

pub const START: &str = "/";
pub const START_ALIAS: &str = "/start";
pub const WHO_DO_YOU_WORK_FOR: &str = "/verify/who-do-you-work-for";
pub const CHECK_INBOX: &str = "/verify/check-inbox";
pub const ACCESSIBILITY: &str = "/accessibility";
pub const PRIVACY: &str = "/privacy";
pub const EMAIL_NOT_RECOGNISED: &str = "/verify/email-not-recognised";
/// Where a sign-in link points: `/nrm/start?token=…`.
pub const SIGN_IN_LINK: &str = "/nrm/start";
pub const TOKEN_INVALID: &str = "/nrm/token-invalid";
pub const REPORTS: &str = "/nrm/reports";
pub const SIGN_OUT: &str = "/sign-out";
pub const SIGNED_OUT: &str = "/signed-out";

/// The query parameter that carries a sign-in link's token.
pub const TOKEN_PARAM: &str = "token";
/// Keeps a session alive without leaving the page (POST, answers 204).
pub const KEEP_ALIVE: &str = "/session/keep-alive";
/// The health check (JSON, for monitoring).
pub const HEALTHZ: &str = "/healthz";
