//! Any bytes as a multipart upload body, read as the upload handler reads
//! one (multer, which axum's `Multipart` wraps): the file field's name is
//! cleaned and its chunks go through `app::uploads::Incoming`. Never a panic;
//! a file taken has a kept name with its type's ending.
#![no_main]

use app::uploads::{clean_file_name, Incoming};
use libfuzzer_sys::fuzz_target;

/// The upload form's field (server::evidence::FIELD).
const FIELD: &str = "upload-file";

fuzz_target!(|data: &[u8]| {
    let body = bytes::Bytes::copy_from_slice(data);
    let stream = futures::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, "X-BOUNDARY");
    futures::executor::block_on(async {
        while let Ok(Some(mut field)) = multipart.next_field().await {
            if field.name() != Some(FIELD) {
                continue;
            }
            let name = clean_file_name(field.file_name().unwrap_or_default());
            let mut incoming = Incoming::new(&name);
            let mut refused = false;
            while let Ok(Some(chunk)) = field.chunk().await {
                if incoming.take(&chunk).is_err() {
                    refused = true;
                    break;
                }
            }
            if !refused {
                if let Ok(kind) = incoming.finish() {
                    let kept = kind.name_for(&name);
                    assert!(!kept.contains(['/', '\\']));
                }
            }
            break;
        }
    });
});
