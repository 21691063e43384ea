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
}
