//! What the service stands on: settings, the database, the clock, secrets,
//! email and its outbox, file storage, logging. Nothing here knows about
//! referrals or cases.

pub mod audit;
pub mod cache;
pub mod clock;
pub mod config;
pub mod db;
pub mod files;
pub mod mail;
pub mod outbox;
pub mod secrets;
pub mod telemetry;
