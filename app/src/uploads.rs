//! Uploaded files: the kinds taken, told apart by their first bytes (never
//! by the browser's claim or the name alone; the live service trusted both),
//! the size limit counted as the bytes arrive, and the name a file is kept
//! under. Pure and shared: the server checks every upload with it, and the
//! browser can check a file before it is queued (and the fuzz targets drive it).

use crate::limits::{UploadRefusal, MAX_FILE_BYTES};

/// The kinds of file taken, told apart by their first bytes. Word 97–2003
/// files (`.doc`, OLE2 compound files) are not taken, though the live
/// service's list (spec V11) has them: they can carry macros, and telling a
/// macro-free one apart means parsing the whole compound file. Their
/// uploader is asked for a `.docx` or a PDF instead ([`sniff`](Self::sniff)
/// says why it refused, as an [`UploadRefusal`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
    /// Word 2007 and later (a ZIP package).
    Docx,
}

/// The first bytes of an OLE2 compound file (Word 97–2003, Excel 97–2003 …).
const OLE2: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

impl FileType {
    /// Bytes needed to decide.
    pub const SNIFF_LEN: usize = 8;

    /// Decides the type from the file's first bytes (and, for ZIP packages, its name).
    pub fn sniff(head: &[u8], file_name: &str) -> Result<Self, UploadRefusal> {
        let name = file_name.to_ascii_lowercase();
        if head.starts_with(b"%PDF-") {
            Ok(Self::Pdf)
        } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
            Ok(Self::Png)
        } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Ok(Self::Jpeg)
        } else if head.starts_with(b"PK\x03\x04") && name.ends_with(".docx") {
            Ok(Self::Docx)
        } else if head.starts_with(&OLE2) {
            Err(UploadRefusal::OldWord)
        } else {
            Err(UploadRefusal::NotTaken)
        }
    }

    /// The endings a file of this type may keep; the first is given to one
    /// that has none of them.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Pdf => &["pdf"],
            Self::Png => &["png"],
            Self::Jpeg => &["jpg", "jpeg"],
            Self::Docx => &["docx"],
        }
    }

    /// The name a file is kept and downloaded under: its own, with the
    /// ending of the type its content is (`x.hta` that is a PDF is `x.pdf`),
    /// so that no program opens it as something else.
    pub fn name_for(self, file_name: &str) -> String {
        let (stem, ending) = match file_name.rsplit_once('.') {
            Some((stem, ending)) if !stem.is_empty() => (stem, Some(ending)),
            _ => (file_name, None),
        };
        let known = self.extensions();
        match ending {
            Some(ending) if known.contains(&ending.to_ascii_lowercase().as_str()) => {
                file_name.to_owned()
            }
            _ => format!("{stem}.{}", known[0]),
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }
    }
}

/// A file arriving chunk by chunk: its size so far (refused past
/// [`MAX_FILE_BYTES`]) and its type, decided once its first
/// [`FileType::SNIFF_LEN`] bytes are in (or at the end, for a shorter file).
/// Pure, so that the upload handler and the fuzz target share it.
#[derive(Clone, Debug)]
pub struct Incoming {
    file_name: String,
    head: Vec<u8>,
    size: u64,
    kind: Option<FileType>,
}

impl Incoming {
    pub fn new(file_name: &str) -> Self {
        Self {
            file_name: file_name.to_owned(),
            head: Vec::with_capacity(FileType::SNIFF_LEN),
            size: 0,
            kind: None,
        }
    }

    /// Takes the next chunk: refused when the file grows too large or its
    /// first bytes are of a type not taken.
    pub fn take(&mut self, chunk: &[u8]) -> Result<(), UploadRefusal> {
        self.size = self.size.saturating_add(chunk.len() as u64);
        if self.size > MAX_FILE_BYTES {
            return Err(UploadRefusal::TooLarge);
        }
        if self.head.len() < FileType::SNIFF_LEN {
            let take = (FileType::SNIFF_LEN - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
            if self.head.len() == FileType::SNIFF_LEN {
                self.kind = Some(FileType::sniff(&self.head, &self.file_name)?);
            }
        }
        Ok(())
    }

    /// Bytes taken so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The file is complete: its type, or why it is refused.
    pub fn finish(&self) -> Result<FileType, UploadRefusal> {
        match self.kind {
            Some(kind) => Ok(kind),
            None if self.size == 0 => Err(UploadRefusal::Empty),
            None => FileType::sniff(&self.head, &self.file_name),
        }
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
        assert_eq!(FileType::sniff(b"%PDF-1.7\n", "a.pdf"), Ok(FileType::Pdf));
        assert_eq!(
            FileType::sniff(b"\x89PNG\r\n\x1a\n", "photo.png"),
            Ok(FileType::Png)
        );
        assert_eq!(
            FileType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0], "p.jpg"),
            Ok(FileType::Jpeg)
        );
        assert_eq!(
            FileType::sniff(b"PK\x03\x04rest", "statement.docx"),
            Ok(FileType::Docx)
        );
        // A program renamed to look like a document is refused.
        assert_eq!(
            FileType::sniff(b"MZ\x90\x00\x03\x00", "statement.pdf"),
            Err(UploadRefusal::NotTaken)
        );
        assert_eq!(
            FileType::sniff(b"MZ\x90\x00\x03\x00", "statement.docx"),
            Err(UploadRefusal::NotTaken)
        );
        // A ZIP that is not named as a Word document is refused.
        assert_eq!(
            FileType::sniff(b"PK\x03\x04rest", "archive.zip"),
            Err(UploadRefusal::NotTaken)
        );
        // Word 97–2003 is refused, with its own reason, whatever it is called.
        for name in ["statement.doc", "statement.pdf"] {
            assert_eq!(FileType::sniff(&OLE2, name), Err(UploadRefusal::OldWord));
        }
    }

    #[test]
    fn a_file_keeps_its_name_with_the_ending_of_its_type() {
        assert_eq!(FileType::Pdf.name_for("x.hta"), "x.pdf");
        assert_eq!(FileType::Pdf.name_for("Statement.PDF"), "Statement.PDF");
        assert_eq!(FileType::Jpeg.name_for("photo.jpeg"), "photo.jpeg");
        assert_eq!(FileType::Jpeg.name_for("photo.png"), "photo.jpg");
        assert_eq!(FileType::Png.name_for("scan"), "scan.png");
        assert_eq!(FileType::Png.name_for(".png"), ".png.png");
        assert_eq!(FileType::Docx.name_for("a.b.exe"), "a.b.docx");
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
}

/// Any bytes, any name, in any chunks: the upload's checks never panic, and
/// what they decide does not depend on how the bytes were split.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn starts() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            Just(b"%PDF-".to_vec()),
            Just(b"\x89PNG\r\n\x1a\n".to_vec()),
            Just(vec![0xFF, 0xD8, 0xFF]),
            Just(b"PK\x03\x04".to_vec()),
            Just(OLE2.to_vec()),
            Just(Vec::new()),
        ]
    }

    proptest! {
        #[test]
        fn the_type_does_not_depend_on_the_chunks(
            start in starts(),
            rest in proptest::collection::vec(any::<u8>(), 0..64),
            cuts in proptest::collection::vec(0usize..80, 0..6),
            name in ".{0,30}",
        ) {
            let bytes: Vec<u8> = start.into_iter().chain(rest).collect();
            let mut whole = Incoming::new(&name);
            let whole_taken = whole.take(&bytes);
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
            cuts.sort_unstable();
            let mut split = Incoming::new(&name);
            let mut split_taken = Ok(());
            let mut from = 0;
            for cut in cuts.into_iter().chain([bytes.len()]) {
                split_taken = split_taken.and_then(|()| split.take(&bytes[from..cut]));
                from = cut;
            }
            prop_assert_eq!(&whole_taken, &split_taken);
            if whole_taken.is_ok() {
                prop_assert_eq!(whole.finish(), split.finish());
                prop_assert_eq!(split.size(), bytes.len() as u64);
                if let Ok(kind) = split.finish() {
                    let kept = kind.name_for(&clean_file_name(&name));
                    let ends_well = kind.extensions().iter().any(|e| kept.ends_with(&format!(".{}", e)));
                    prop_assert!(ends_well, "{} kept as {}", name, kept);
                }
            }
        }

        #[test]
        fn a_kept_name_has_no_path_and_no_control_characters(name in any::<String>()) {
            let clean = clean_file_name(&name);
            prop_assert!(!clean.contains(['/', '\\']));
            prop_assert!(!clean.chars().any(char::is_control));
            prop_assert!(clean.chars().count() <= 200 + 5);
        }
    }

    #[test]
    fn too_many_bytes_are_refused_however_they_come() {
        let mut incoming = Incoming::new("a.pdf");
        assert_eq!(incoming.take(b"%PDF-1.7"), Ok(()));
        let chunk = vec![0u8; 1 << 20];
        let mut refused = None;
        for _ in 0..=(MAX_FILE_BYTES >> 20) {
            if let Err(refusal) = incoming.take(&chunk) {
                refused = Some(refusal);
                break;
            }
        }
        assert_eq!(refused, Some(UploadRefusal::TooLarge));
    }
}
