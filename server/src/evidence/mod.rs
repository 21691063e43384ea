//! Evidence files: streamed to a file store while their size and type are
//! checked, listed and removed by their uploader, deleted with their draft.
//! The `evidence_file` table is [`store`]'s; downloads are [`download`]'s.
//!
//! The type is decided by the file's first bytes, never by the browser's
//! claim or the file's name alone (the live service trusted both).

pub mod download;
pub mod store;

pub use store::{count_for_draft, list_for_draft, list_for_referral, record, remove, EvidenceFile};

use crate::web::context::AppState;

/// The upload step's slug.
pub const STEP: &str = "upload-evidence";
pub use app::limits::{MAX_FILES, MAX_FILE_BYTES};
/// The form field that carries the file.
pub const FIELD: &str = "upload-file";

/// The kinds of file taken (spec V11), told apart by their first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
    /// Word 97–2003 (an OLE2 compound file).
    Doc,
    /// Word 2007 and later (a ZIP package).
    Docx,
}

impl FileType {
    /// Bytes needed to decide.
    pub const SNIFF_LEN: usize = 8;

    /// Decides the type from the file's first bytes (and, for ZIP packages, its name).
    pub fn sniff(head: &[u8], file_name: &str) -> Option<Self> {
        let name = file_name.to_ascii_lowercase();
        if head.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
            && name.ends_with(".doc")
        {
            Some(Self::Doc)
        } else if head.starts_with(b"PK\x03\x04") && name.ends_with(".docx") {
            Some(Self::Docx)
        } else {
            None
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Doc => "application/msword",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }
}

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

/// A file name safe to show and store: no path, no control characters, at most 200 characters.
pub fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    let cleaned = cleaned.trim().to_owned();
    if cleaned.is_empty() {
        "file".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_content_not_names() {
        assert_eq!(FileType::sniff(b"%PDF-1.7\n", "a.pdf"), Some(FileType::Pdf));
        assert_eq!(
            FileType::sniff(b"\x89PNG\r\n\x1a\n", "photo.png"),
            Some(FileType::Png)
        );
        assert_eq!(
            FileType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0], "p.jpg"),
            Some(FileType::Jpeg)
        );
        assert_eq!(
            FileType::sniff(b"PK\x03\x04rest", "statement.docx"),
            Some(FileType::Docx)
        );
        // A program renamed to look like a document is refused.
        assert_eq!(
            FileType::sniff(b"MZ\x90\x00\x03\x00", "statement.pdf"),
            None
        );
        assert_eq!(
            FileType::sniff(b"MZ\x90\x00\x03\x00", "statement.docx"),
            None
        );
        // A ZIP that is not named as a Word document is refused.
        assert_eq!(FileType::sniff(b"PK\x03\x04rest", "archive.zip"), None);
    }

    #[test]
    fn file_names_lose_paths_and_control_characters() {
        assert_eq!(
            clean_file_name("C:\\Users\\me\\statement.pdf"),
            "statement.pdf"
        );
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\u{0}b\n.png"), "ab.png");
        assert_eq!(clean_file_name(""), "file");
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(1), "1 KB");
        assert_eq!(human_size(2 * 1024 * 1024 + 400 * 1024), "2.4 MB");
    }
}
