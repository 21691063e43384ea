//! The server's black-box tests, in one binary: each module starts the real
//! service (router, database, background work) on a fresh database per test,
//! on SQLite always and on PostgreSQL when `NRM_TEST_POSTGRES_URL` is set.

#[macro_use]
mod common;

mod access;
mod answers;
mod audit;
mod casework;
mod database;
mod documents;
mod drafts;
mod export;
mod flags;
mod journey;
mod links;
mod offline;
mod outbox;
mod pages;
mod person_search;
mod restricted;
mod retention;
mod second_factor;
mod sign_in;
mod sign_in_links;
mod tasks;
mod timeliness;
mod versions;
