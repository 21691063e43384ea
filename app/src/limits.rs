//! Limits the service enforces and tells people about, written once: every
//! message that states one is formatted from these.

/// The largest evidence file taken (spec V11), in megabytes as people say it.
pub const MAX_FILE_MB: u64 = 25;
/// The same, in bytes as the upload is counted.
pub const MAX_FILE_BYTES: u64 = MAX_FILE_MB * 1024 * 1024;
/// The most files one report can hold (spec V11).
pub const MAX_FILES: i64 = 100;

/// "25MB", as GOV.UK writes sizes.
pub fn max_file_size() -> String {
    format!("{MAX_FILE_MB}MB")
}

/// The error for a file over the limit.
pub fn file_too_large() -> String {
    format!("The selected file must be smaller than {}", max_file_size())
}

/// The error for a report that already holds the most files.
pub fn too_many_files() -> String {
    format!("You can upload up to {MAX_FILES} files")
}

/// The query parameter that brings a refused upload's reason back to the
/// upload step (the refusal redirects there, so the page is the step's own).
pub const UPLOAD_REFUSED: &str = "upload-refused";

/// Why an upload was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UploadRefusal {
    NoFile,
    Empty,
    TooLarge,
    TooMany,
    /// None of the types taken.
    NotTaken,
    /// A Word 97–2003 document (an OLE2 compound file), which can hide macros.
    OldWord,
    /// The responder's drafts already hold as much as one person may keep
    /// waiting to be sent (the server's `EVIDENCE_QUOTA_MB`).
    QuotaFull,
    /// The server could not store it (nothing is kept; trying again may work).
    Failed,
}

crate::stored_names!(UploadRefusal, "upload refusal", {
    NoFile => "no-file",
    Empty => "empty",
    TooLarge => "too-large",
    TooMany => "too-many",
    NotTaken => "not-taken",
    OldWord => "old-word",
    QuotaFull => "quota-full",
    Failed => "failed",
});

impl UploadRefusal {
    /// What the uploader is told.
    pub fn message(self) -> String {
        match self {
            UploadRefusal::NoFile => "Select a file to upload".to_owned(),
            UploadRefusal::Empty => "The selected file is empty".to_owned(),
            UploadRefusal::TooLarge => file_too_large(),
            UploadRefusal::TooMany => too_many_files(),
            UploadRefusal::NotTaken => {
                "The selected file must be a Word document (.docx), PDF, JPEG or PNG".to_owned()
            }
            UploadRefusal::Failed => "The file could not be uploaded. Try again".to_owned(),
            UploadRefusal::QuotaFull => "Your unsent reports already hold as many files as you can upload. Send or delete a report, or remove a file you do not need, then try again".to_owned(),
            UploadRefusal::OldWord => "The selected file is an older Word document (.doc), which can hide macros. Save it as a .docx or a PDF, then upload that".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_upload_step_states_the_limits_that_are_enforced() {
        let step = crate::journey::steps::find("upload-evidence").expect("the upload step");
        let intro = step.intro.expect("an intro");
        assert!(
            intro.contains(&format!("up to {} each", max_file_size())),
            "{intro}"
        );
        assert!(
            intro.contains(&format!("up to {MAX_FILES} files")),
            "{intro}"
        );
        assert_eq!(
            file_too_large(),
            "The selected file must be smaller than 25MB"
        );
    }

    #[test]
    fn upload_refusals_round_trip_and_each_has_a_message() {
        crate::names::tests::round_trips(UploadRefusal::ALL, |r| r.as_str());
        for refusal in UploadRefusal::ALL {
            assert!(!refusal.message().is_empty());
        }
    }
}
