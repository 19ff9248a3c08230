//! `repeated-contrast`: a contrast or coordination whose two halves repeat the same word
//! (既不平凡也不平凡, 不是开始而是开始). The construction promises two different things; the
//! repeat shows one of them was mistyped, and which word was meant is unknown, so there is no
//! fix.
//!
//! The scan in `mod.rs` calls [`at`] on every 既, 不 and 与. Each [`Pattern`] is an opening
//! marker, an optional modal word repeated in both halves (既**不**…也**不**…), and a closing
//! marker; the repeated word `X` is one to six Han characters and the halves may be separated
//! by a comma, nothing else. When `X` is followed by more Han text, jieba must put a word
//! boundary after the second `X` (so 既要发展也要发展中国家 is not read as 发展 twice), and for
//! the noun-phrase contrasts the next word must not be 的/之 (不是技术而是技术的应用 contrasts
//! two different things).

use crate::text::is_han;
use std::ops::Range;

/// One kind of contrast.
struct Pattern {
    open: &'static str,
    /// Words that may follow the opener and must then follow the closer too.
    modals: &'static [&'static str],
    closes: &'static [&'static str],
    /// Shortest `X`, in characters, when there is no modal word.
    min_bare: usize,
    /// The halves are noun phrases: `X的…` continues the phrase.
    np: bool,
}

const MAX_X: usize = 6;

static PATTERNS: &[Pattern] = &[
    Pattern {
        open: "既",
        modals: &["没有", "可以", "不", "没", "要", "能", "是", "有", "会", "可"],
        closes: &["也", "又"],
        min_bare: 2,
        np: false,
    },
    Pattern {
        open: "不是",
        modals: &[],
        closes: &["而是"],
        min_bare: 1,
        np: true,
    },
    Pattern {
        open: "不仅",
        modals: &[],
        closes: &["而且", "还", "也", "更"],
        min_bare: 2,
        np: true,
    },
    Pattern {
        open: "不但",
        modals: &[],
        closes: &["而且", "还", "也", "更"],
        min_bare: 2,
        np: true,
    },
    Pattern {
        open: "不光",
        modals: &[],
        closes: &["而且", "还", "也", "更"],
        min_bare: 2,
        np: true,
    },
    Pattern {
        open: "与其",
        modals: &[],
        closes: &["不如"],
        min_bare: 2,
        np: false,
    },
];

/// A repeated contrast: the whole construction and the repeated word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Contrast {
    /// Byte range of the whole construction.
    pub span: Range<usize>,
    /// The word repeated in both halves.
    pub word: String,
}

/// Byte lengths of the first `n` characters of `s` while they are Han; fewer when a non-Han
/// character comes first.
fn han_prefixes(s: &str, n: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut len = 0;
    for c in s.chars().take(n) {
        if !is_han(c) {
            break;
        }
        len += c.len_utf8();
        out.push(len);
    }
    out
}

/// Look for a repeated contrast starting at byte `at` of `text`, inside `bounds`.
pub(super) fn at(text: &str, bounds: &Range<usize>, at: usize) -> Option<Contrast> {
    let rest = &text[at..bounds.end];
    for p in PATTERNS {
        let Some(after_open) = rest.strip_prefix(p.open) else {
            continue;
        };
        let modals = p.modals.iter().copied().chain(std::iter::once(""));
        for m in modals {
            let Some(body) = after_open.strip_prefix(m) else {
                continue;
            };
            let min = if m.is_empty() { p.min_bare } else { 1 };
            for (n, &xl) in han_prefixes(body, MAX_X).iter().enumerate() {
                if n + 1 < min {
                    continue;
                }
                let x = &body[..xl];
                let mut tail = &body[xl..];
                tail = tail.strip_prefix('，').unwrap_or(tail);
                for close in p.closes {
                    let Some(second) = tail
                        .strip_prefix(close)
                        .and_then(|t| t.strip_prefix(m))
                        .and_then(|t| t.strip_prefix(x))
                    else {
                        continue;
                    };
                    let end = bounds.end - second.len();
                    if ends_cleanly(text, bounds, at, end, p.np) {
                        return Some(Contrast {
                            span: at..end,
                            word: x.to_string(),
                        });
                    }
                }
            }
        }
    }
    None
}

/// True when the second half ends at `end` as a whole word (see the module documentation).
fn ends_cleanly(text: &str, bounds: &Range<usize>, start: usize, end: usize, np: bool) -> bool {
    let Some(next) = text[end..bounds.end].chars().next() else {
        return true;
    };
    if !is_han(next) {
        return true;
    }
    // Segment the construction and a few characters after it.
    let tail_end = text[end..bounds.end]
        .char_indices()
        .take_while(|&(_, c)| is_han(c))
        .take(4)
        .last()
        .map_or(end, |(i, c)| end + i + c.len_utf8());
    let w = &text[start..tail_end];
    let cut = crate::segment::jieba().cut(w, false);
    let rel = end - start;
    let Some(next_tok) = cut.iter().find(|t| t.byte_start == rel) else {
        return false; // the second X runs on into a longer word
    };
    !(np && matches!(next_tok.word, "的" | "之"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(s: &str) -> Vec<(String, String)> {
        let b = 0..s.len();
        let mut out = Vec::new();
        let mut i = 0;
        while i < s.len() {
            if let Some(c) = at(s, &b, i) {
                out.push((s[c.span.clone()].to_string(), c.word));
                i = c.span.end;
            } else {
                i += s[i..].chars().next().unwrap().len_utf8();
            }
        }
        out
    }

    #[test]
    fn repeated_halves() {
        assert_eq!(
            find("这一年，既不平凡也不平凡，令人感慨。"),
            vec![("既不平凡也不平凡".into(), "平凡".into())]
        );
        assert_eq!(
            find("这不是终点，而是终点。"),
            vec![("不是终点，而是终点".into(), "终点".into())]
        );
        assert_eq!(
            find("他既勤奋又勤奋。"),
            vec![("既勤奋又勤奋".into(), "勤奋".into())]
        );
    }

    #[test]
    fn different_halves_or_continued_phrases_are_fine() {
        for s in [
            "既不平凡也不平静。",
            "不是技术而是技术的应用。",
            "既要发展也要发展中国家的合作。",
            "他既快又好。",
            "既快又快。",
            "不是不是。",
        ] {
            assert_eq!(find(s), vec![], "{s}");
        }
    }
}
