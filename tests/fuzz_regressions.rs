//! Every input a fuzz target ever crashed on (`tests/fixtures/fuzz/`), replayed through the
//! same checks as the targets in `fuzz/`: no panic, exact spans, idempotent safe fixes.

use newslint::fix::fix_until_stable;
use newslint::{Settings, SourceKind, check_str};

#[test]
fn fuzz_crashes_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("fixture folder") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read");
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let settings = Settings::default();
        for kind in [SourceKind::Plain, SourceKind::Markdown] {
            for d in check_str(text, kind, &settings) {
                assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            }
            let (once, _) = fix_until_stable(text, kind, &settings, false);
            let (twice, _) = fix_until_stable(&once, kind, &settings, false);
            assert_eq!(once, twice, "{}: safe fixes are not idempotent", path.display());
        }
        n += 1;
    }
    assert!(n > 0, "no fuzz regression inputs found");
}
