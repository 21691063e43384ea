//! Any bytes in any chunks, with any name: the type decided from the first
//! bytes is the same however the bytes arrive, and the whole-file sniff
//! agrees with the chunked one. The first byte says where to cut; the second
//! how long the name is.
#![no_main]

use app::uploads::{clean_file_name, FileType, Incoming};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [cut, name_len, rest @ ..] = data else {
        return;
    };
    let name_len = usize::from(*name_len).min(rest.len());
    let (name, bytes) = rest.split_at(name_len);
    let name = clean_file_name(&String::from_utf8_lossy(name));
    let mut whole = Incoming::new(&name);
    let whole_taken = whole.take(bytes);
    let cut = usize::from(*cut).min(bytes.len());
    let mut split = Incoming::new(&name);
    let split_taken = split.take(&bytes[..cut]).and_then(|()| split.take(&bytes[cut..]));
    assert_eq!(whole_taken, split_taken);
    if whole_taken.is_ok() {
        assert_eq!(whole.finish(), split.finish());
        if !bytes.is_empty() {
            let head = &bytes[..bytes.len().min(FileType::SNIFF_LEN)];
            assert_eq!(whole.finish(), FileType::sniff(head, &name));
        }
    }
});
