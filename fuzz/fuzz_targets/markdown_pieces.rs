#![no_main]
//! Markdown parsed in pieces gives the blocks and masks of the text parsed whole.

use libfuzzer_sys::fuzz_target;
use newslint::Document;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let whole = Document::markdown_in_pieces(text, usize::MAX);
    for piece in [0, 16] {
        let cut = Document::markdown_in_pieces(text, piece);
        assert_eq!((&cut.0, &cut.1), (&whole.0, &whole.1), "pieces of {piece}");
    }
});
