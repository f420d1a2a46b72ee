//! `documents.csv` parsing: arbitrary bytes must never panic, every diagnostic names the
//! file on one line, and every entry is keyed by its (non-empty, trimmed) file name.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|bytes: &[u8]| {
    let (entries, diags) = khabar::input::parse_catalog(Path::new("documents.csv"), bytes);
    for d in &diags {
        assert!(
            d.message.starts_with("documents.csv"),
            "diagnostic does not name the file: {:?}",
            d.message
        );
        // src/input.rs: "every problem into a one-line Diagnostic naming the file".
        assert!(
            !d.message.contains('\n'),
            "multi-line diagnostic: {:?}",
            d.message
        );
    }
    for (file, e) in &entries {
        assert_eq!(file, &e.meta.file);
        assert!(!e.meta.id.is_empty() && e.meta.id.trim() == e.meta.id);
        assert!(!e.meta.file.is_empty() && e.meta.file.trim() == e.meta.file);
        assert!(!e.meta.language.is_empty());
    }
});
