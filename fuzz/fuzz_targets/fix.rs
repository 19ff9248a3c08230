#![no_main]
//! Apply every fix, safe and unsafe, to arbitrary text: no panic, valid UTF-8 out, and a
//! second round changes nothing.

use libfuzzer_sys::fuzz_target;
use newslint::fix::fix_until_stable;
use newslint::{Settings, SourceKind};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let kind = if data.first().is_some_and(|b| b & 1 == 1) { SourceKind::Markdown } else { SourceKind::Plain };
    let settings = Settings::default();
    let (once, _) = fix_until_stable(text, kind, &settings, false);
    let (twice, _) = fix_until_stable(&once, kind, &settings, false);
    assert_eq!(once, twice, "safe fixes are not idempotent");
    let _ = fix_until_stable(text, kind, &settings, true);
});
