#![no_main]
//! Check arbitrary bytes as plain text with every rule on: no panic, exact spans, and the same
//! findings whatever the size of the parts the engine feeds the families.

use libfuzzer_sys::fuzz_target;
use newslint::{Document, Settings, SourceKind, check_in_parts};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let settings = Settings::default();
    let doc = Document::parse(text, SourceKind::Plain);
    let whole = check_in_parts(&doc, &settings, usize::MAX);
    for d in &whole {
        assert!(d.span.end <= text.len() && text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
    let size = 1 + usize::from(data.first().copied().unwrap_or(0) % 64);
    assert_eq!(check_in_parts(&doc, &settings, size), whole, "parts of {size} bytes");
});
