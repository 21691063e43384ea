//! How the desk's lists of cases page and count: the queue ([`super::lists`])
//! and My work and Available work ([`super::tasks`]) alike.

/// Rows on one page of a list.
pub const PAGE_SIZE: i64 = 25;

/// Counts above this are shown as "more than": counting every match of a
/// free-text search across a million cases would make the page slow.
pub const COUNT_CAP: i64 = 10_000;
