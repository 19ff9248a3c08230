//! docs/rules.md is generated from the text `newslint explain` prints; this test fails when
//! the committed file is stale. Regenerate it with `UPDATE_DOCS=1 cargo test --test docs`.

use std::path::Path;

#[test]
fn rules_md_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let want = newslint::docs::rules_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is stale (the registered rules or their explanations changed).\n\
         Regenerate it with:\n\n    {}\n",
        newslint::docs::REGENERATE
    );
}

/// Every registered rule has a section, and the docs hold the rule's explanation.
#[test]
fn rules_md_covers_every_rule() {
    let md = newslint::docs::rules_markdown();
    for r in newslint::rules::all_rules() {
        assert!(md.contains(&format!("\n## `{}`\n", r.id)), "{}", r.id);
        // Every line of the explanation is there (headings are nested two levels down).
        for line in r.explain.lines() {
            assert!(md.contains(line), "{}: {line:?}", r.id);
        }
    }
}
