//! Properties every rule must keep on any input, tested on generated Chinese-heavy copy:
//! no panic; spans inside the text and on character boundaries; line and column agree with
//! the byte offsets; findings sorted and stable; fixes idempotent, and applying safe fixes
//! leaves nothing safe to fix and no byte outside the fixed spans changed.

use newslint::document::Document;
use newslint::document::SourceKind;
use newslint::fix::{apply, fix_until_stable};
use newslint::lines::LineIndex;
use newslint::{Applicability, Settings, check_in_parts, check_str};
use proptest::prelude::*;

/// Pieces the generator strings together: ordinary copy, the defects of every family, and the
/// characters that trip parsers (line endings, Markdown syntax, a BOM, astral characters).
const PIECES: &[&str] = &[
    "国家",
    "发展",
    "合作",
    "，",
    "。",
    "、",
    "；",
    "：",
    "“",
    "”",
    "（",
    "）",
    "《",
    "》",
    "……",
    "！",
    "？",
    ",",
    ";",
    ":",
    "(",
    ")",
    "?",
    "!",
    " ",
    "\u{3000}",
    "\u{a0}",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\t",
    "3,000",
    "10:30",
    "2030年",
    "abc",
    "https://example.com/a,b",
    "a@b.cn",
    "从林法则",
    "關鍵",
    "乾燥",
    "乾隆",
    "加大大",
    "接接地气",
    "常常",
    "实实在在",
    "中方方案",
    "既不平凡也不平凡",
    "(上接第一版)",
    "（下转第二版）",
    "（新华社北京12月21日电）",
    "违背道义与国",
    "际法则",
    "# ",
    "## ",
    "- ",
    "> ",
    "`",
    "```",
    "*",
    "[链接](http://x.cn)",
    "<!-- newslint-disable -->",
    "<!-- newslint-enable -->",
    "|",
    "𠀀",
    "全球安全倡议畅通长效协调路径，通过完善跨国安全合作规则，构建兼顾各方利益的安全架构。",
    "的的",
    "我们我们",
];

fn copy() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::collection::vec(prop::sample::select(PIECES), 0..120),
    )
        .prop_map(|(bom, v)| {
            let mut s = if bom {
                "\u{feff}".to_string()
            } else {
                String::new()
            };
            s.push_str(&v.concat());
            s
        })
}

fn kind() -> impl Strategy<Value = SourceKind> {
    prop_oneof![Just(SourceKind::Plain), Just(SourceKind::Markdown)]
}

fn naive_line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    // Lines end at \n, \r\n or a lone \r.
    let mut line = 1;
    let mut start = 0;
    let b = before.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')) {
            line += 1;
            start = i + 1;
        }
        i += 1;
    }
    // A \r at the very end of `before` followed by \n in the text is half a line ending.
    if b.last() == Some(&b'\r') && text.as_bytes().get(offset) == Some(&b'\n') {
        line -= 1;
        start = before[..before.len() - 1]
            .rfind(['\n', '\r'])
            .map_or(0, |k| k + 1);
    }
    let mut col_text = &before[start..];
    if start == 0 {
        col_text = col_text.strip_prefix('\u{feff}').unwrap_or(col_text);
    }
    (line, col_text.chars().count() + 1)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn spans_are_exact_sorted_and_stable(text in copy(), kind in kind()) {
        let settings = Settings::default();
        let a = check_str(&text, kind, &settings);
        let b = check_str(&text, kind, &settings);
        prop_assert_eq!(&a, &b, "findings differ between two runs");
        let li = LineIndex::new(&text);
        for w in a.windows(2) {
            prop_assert!(w[0].sort_key() <= w[1].sort_key(), "unsorted: {:?} then {:?}", w[0], w[1]);
        }
        for d in &a {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{:?}", d);
            prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end), "{:?}", d);
            if d.span.start < text.len() && !(d.span.start == 0 && text.starts_with('\u{feff}')) {
                let got = li.line_col(&text, d.span.start);
                // A span may start on the \n of a \r\n pair only if a rule is wrong.
                if !(text[..d.span.start].ends_with('\r') && text[d.span.start..].starts_with('\n')) {
                    prop_assert_eq!(got, naive_line_col(&text, d.span.start), "line/column of {:?}", d);
                }
            }
            for r in d.related.iter().filter(|r| r.other.is_none()) {
                prop_assert!(r.span.end <= text.len() && text.is_char_boundary(r.span.start) && text.is_char_boundary(r.span.end), "{:?}", r);
            }
        }
    }

    #[test]
    fn findings_do_not_depend_on_parts(text in copy(), kind in kind(), size in 1usize..200) {
        let settings = Settings::default();
        let doc = Document::parse(&text, kind);
        let whole = check_in_parts(&doc, &settings, usize::MAX);
        prop_assert_eq!(&check_in_parts(&doc, &settings, size), &whole, "parts of {} bytes", size);
        prop_assert_eq!(&check_in_parts(&doc, &settings, 1), &whole, "one block a part");
    }

    #[test]
    fn fixes_are_idempotent_and_local(text in copy(), kind in kind()) {
        let settings = Settings::default();
        let (once, _) = fix_until_stable(&text, kind, &settings, false);
        let (twice, n) = fix_until_stable(&once, kind, &settings, false);
        prop_assert_eq!(&once, &twice, "a second --fix changed the text ({} fixes)", n);
        let left = check_str(&once, kind, &settings);
        prop_assert!(
            !left.iter().any(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe)),
            "safe fixes left after --fix: {:?}", left
        );

        // One pass: every byte outside the applied edits is unchanged, in order.
        let diags = check_str(&text, kind, &settings);
        let (fixed, applied) = apply(&text, &diags, true);
        let mut edits: Vec<_> = diags.iter().filter_map(|d| d.fix.as_ref().map(|f| (d.span.clone(), f.replacement.clone()))).collect();
        edits.sort_by_key(|e| (e.0.start, e.0.end));
        let mut expect = String::new();
        let mut cursor = 0;
        let mut count = 0;
        for (r, rep) in edits {
            if r.start < cursor || (count > 0 && r.start == cursor && r.start == r.end) {
                continue;
            }
            expect.push_str(&text[cursor..r.start]);
            expect.push_str(&rep);
            cursor = r.end;
            count += 1;
        }
        expect.push_str(&text[cursor..]);
        prop_assert_eq!(applied, count);
        prop_assert_eq!(fixed, expect);
    }
}
