//! The HTTP boundary: the router and its layers, the one error type, form
//! posts and their re-rendered pages, the state every handler reaches, and
//! the server functions' backend, who the client is (for the guessing gates),
//! the service worker for work without a signal, and pages' zstd encoding.

pub mod backend;
pub mod client;
pub mod context;
pub mod error;
pub mod forms;
pub mod guards;
pub mod offline;
pub mod router;
pub mod zstd_pages;
