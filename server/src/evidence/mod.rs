//! Evidence files: streamed to a file store while their size and type are
//! checked, listed and removed by their uploader, deleted with their draft.
//! The `evidence_file` table is [`store`]'s; downloads are [`download`]'s.
//! What is taken (type by first bytes, size, kept name) is
//! `app::uploads`, shared with the browser and the fuzz targets.

pub mod download;
pub mod reconcile;
pub mod store;
pub mod upload;

pub use store::{
    add_to_draft, count_for_draft, list_for_draft, list_for_referral, remove, CaseDocument,
    EvidenceFile,
};

use crate::web::context::AppState;

/// The form field that carries the file.
pub use app::journey::views::UPLOAD_FIELD as FIELD;
/// The upload step's slug.
pub use app::journey::views::UPLOAD_STEP as STEP;
pub use app::limits::{UploadRefusal, MAX_FILES, MAX_FILE_BYTES};
pub use app::uploads::{clean_file_name, FileType, Incoming};

/// Deletes the files of drafts that have gone. Failures are logged; the clean-up job retries.
pub async fn delete_orphaned_files(state: &AppState) {
    match store::delete_orphans(&state.db).await {
        Ok(keys) => {
            for key in keys {
                if let Err(error) = state.files.delete(&key).await {
                    tracing::warn!(%error, "could not delete an evidence file");
                }
            }
        }
        Err(error) => tracing::error!(%error, "could not find orphaned evidence files"),
    }
}

/// "2.4 MB", "310 KB".
pub fn human_size(bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let bytes = bytes.max(0) as f64;
    if bytes >= KB * KB {
        format!("{:.1} MB", bytes / (KB * KB))
    } else {
        format!("{} KB", (bytes / KB).ceil().max(1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(1), "1 KB");
        assert_eq!(human_size(2 * 1024 * 1024 + 400 * 1024), "2.4 MB");
    }
}
