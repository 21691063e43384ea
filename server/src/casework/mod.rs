//! The casework desk on the server: cases and their lifecycle events, the
//! records kept with a case (notes, letters, duplicates, workload), the
//! desk's views, statistics, and first responders' view of what they sent.

pub mod audit_views;
pub mod case_page;
pub mod case_posts;
pub mod cases;
pub mod charts;
pub mod desk;
pub mod documents;
pub mod export;
pub mod failed_mail;
pub mod flags;
pub mod links;
pub mod person_search;
pub mod records;
pub mod restriction;
pub mod sent_cases;
pub mod shares;
pub mod statistics;
pub mod timeliness;
pub mod version;
