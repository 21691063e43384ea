//! GOV.UK Frontend markup as Leptos components, shared by every page.

mod desk_navigation;
mod error_summary;
pub mod fields;
mod file_upload;
mod form;
mod layout;
mod offline_status;
mod problem;
mod radio_items;
mod row_action;
mod scroll_table;
mod text_area;
mod text_input;
mod timeline;
mod timeout_warning;

pub use desk_navigation::{parts_for, DeskNavigation, SubNavigation, DESK_PARTS};
pub use error_summary::{ErrorSummary, ERROR_SUMMARY_ID};
pub use file_upload::FileUpload;
pub use form::{use_form_state, CheckedForm};
pub use layout::{use_main_landmark, Footer, Header, Page, SignOut};
pub use offline_status::{OfflineStatus, OFFLINE_STATUS_ID};
pub use problem::{group_class, Problem};
pub use radio_items::RadioItems;
pub use row_action::RowAction;
pub use scroll_table::ScrollTable;
pub use text_area::TextArea;
pub use text_input::TextInput;
pub use timeline::Timeline;
pub use timeout_warning::{TimeoutWarning, DIALOG_ID, SIGN_OUT_FORM_ID};
