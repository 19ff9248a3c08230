#![no_main]
//! Apply every fix, safe and unsafe, to arbitrary text: no panic, valid UTF-8 out, and a
//! second round changes nothing. Fixing an owned text (what `check --fix` does: rewriting it
//! where it is when it can) gives the same text and count, and its undo log gives back the
//! text as given.

use libfuzzer_sys::fuzz_target;
use newslint::fix::{fix_owned, fix_until_stable};
use newslint::{Settings, SourceKind};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let kind = if data.first().is_some_and(|b| b & 1 == 1) { SourceKind::Markdown } else { SourceKind::Plain };
    let settings = Settings::default();
    let (once, _) = fix_until_stable(text, kind, &settings, false);
    let (twice, _) = fix_until_stable(&once, kind, &settings, false);
    assert_eq!(once, twice, "safe fixes are not idempotent");
    let (all, n) = fix_until_stable(text, kind, &settings, true);
    let owned = fix_owned(text.to_string(), true, |t: &str| {
        newslint::check_findings(&newslint::Document::parse(t, kind), &settings)
    });
    assert_eq!((owned.text.as_str(), owned.fixes), (all.as_str(), n), "owned and borrowed differ");
    let back: Vec<u8> = owned.undo.original(&owned.text).flatten().copied().collect();
    assert_eq!(back, data, "the undo log does not give the text back");
    assert_eq!(owned.undo.unchanged(&owned.text), all == text);
});
