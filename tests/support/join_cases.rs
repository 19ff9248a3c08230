//! Shared by the `broken-join` test files: each lists its cuts (a first half, a second half and
//! a fragment the message must hold) and its traps (headings and paragraphs), and checks them
//! with these functions. Each test file includes this module and uses some of them.
#![allow(dead_code)]

use newslint::document::SourceKind;
use newslint::{Diagnostic, Settings, check_str};

/// The `broken-join` findings on `text` (plain text, default settings).
pub fn run(text: &str) -> Vec<Diagnostic> {
    check_str(text, SourceKind::Plain, &Settings::default())
        .into_iter()
        .filter(|d| d.rule == "broken-join")
        .collect()
}

/// Each cut on its own is one finding, on the first two bytes after the first half, with a
/// message holding the fragment. Returns the findings, for further checks.
pub fn assert_each_cut_found(cuts: &[(&str, &str, &str)]) -> Vec<Diagnostic> {
    let mut all = Vec::new();
    for &(a, b, why) in cuts {
        let t = format!("{a}\n\n{b}\n");
        let found = run(&t);
        assert_eq!(found.len(), 1, "{t}: {found:#?}");
        assert_eq!(found[0].span, a.len()..a.len() + 2, "{t}");
        assert!(found[0].message.contains(why), "{t}: {}", found[0].message);
        all.extend(found);
    }
    all
}

/// All the cuts in one text, after a headline and a first paragraph: exactly the cuts are found.
pub fn assert_cuts_found_between_other_paragraphs(cuts: &[(&str, &str, &str)]) {
    let mut t = String::from("青溪镇春茶开采\n\n本报讯 入春以来，青溪镇的茶农们忙着采摘明前茶。\n\n");
    let mut spans = Vec::new();
    for &(a, b, _) in cuts {
        t.push_str(a);
        spans.push(t.len()..t.len() + 2);
        t.push_str("\n\n");
        t.push_str(b);
        t.push_str("\n\n");
    }
    let found: Vec<_> = run(&t).into_iter().map(|d| d.span).collect();
    assert_eq!(found, spans);
}

/// Every heading before every paragraph: no finding.
pub fn assert_headings_silent(headings: &[&str], paragraphs: &[&str]) {
    let mut alarms = Vec::new();
    for h in headings {
        for p in paragraphs {
            let t = format!("{h}\n\n{p}\n");
            alarms.extend(run(&t).into_iter().map(|d| d.message));
        }
    }
    assert!(alarms.is_empty(), "{alarms:#?}");
}
