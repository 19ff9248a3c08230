#![no_main]
//! Check arbitrary bytes as Markdown with every rule on: no panic, exact spans.

use libfuzzer_sys::fuzz_target;
use newslint::{Settings, SourceKind, check_str};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for d in check_str(text, SourceKind::Markdown, &Settings::default()) {
        assert!(d.span.end <= text.len() && text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
});
