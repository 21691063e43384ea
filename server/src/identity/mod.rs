//! Who is asking: sessions, sign-in links for first responders, staff
//! accounts with passwords, their second factor and the throttle, the email allowlist, and the
//! typed extractors that check the permission table in `app`.

pub mod access;
pub mod accounts;
pub mod allowlist;
pub mod responder_admin;
pub mod second_factor;
pub mod second_factor_steps;
pub mod session_list;
pub mod sessions;
pub mod sign_in;
pub mod sign_in_links;
pub mod staff;
pub mod staff_admin;
pub mod throttle;
pub mod totp;
