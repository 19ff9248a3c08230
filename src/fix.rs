//! Applying fixes: pure functions from text and diagnostics to new text.
//!
//! Overlaps are resolved deterministically: fixes are taken in span order and one that overlaps
//! an already taken fix is dropped for this pass (the earlier-starting one wins); the dropped
//! one is found again, against the new text, on the next pass.

use crate::diagnostic::{Applicability, Diagnostic};
use crate::document::SourceKind;
use crate::findings::Findings;
use crate::settings::Settings;
use std::ops::Range;

/// Most passes [`fix_until_stable`] makes before it stops.
pub const MAX_PASSES: usize = 8;

/// Findings whose fixes [`apply`] can take: plain diagnostics, or a file's [`Findings`] (whose
/// fixes are read without building each finding).
pub trait Fixes {
    /// Each fix: the span it replaces, the replacement, and whether it is safe.
    fn fixes(&self) -> impl Iterator<Item = (Range<usize>, &str, Applicability)>;
}

impl Fixes for [Diagnostic] {
    fn fixes(&self) -> impl Iterator<Item = (Range<usize>, &str, Applicability)> {
        self.iter().filter_map(|d| {
            let f = d.fix.as_ref()?;
            Some((d.span.clone(), f.replacement.as_str(), f.applicability))
        })
    }
}

impl Fixes for Vec<Diagnostic> {
    fn fixes(&self) -> impl Iterator<Item = (Range<usize>, &str, Applicability)> {
        self.as_slice().fixes()
    }
}

impl Fixes for Findings {
    fn fixes(&self) -> impl Iterator<Item = (Range<usize>, &str, Applicability)> {
        Findings::fixes(self)
    }
}

/// Apply the non-overlapping fixes of `diags` allowed by `unsafe_fixes` to `text`. Returns the
/// new text and the number of fixes applied.
pub fn apply(text: &str, diags: &(impl Fixes + ?Sized), unsafe_fixes: bool) -> (String, usize) {
    let mut edits: Vec<(Range<usize>, &str)> = diags
        .fixes()
        .filter(|&(_, _, a)| a == Applicability::Safe || unsafe_fixes)
        .map(|(r, rep, _)| (r, rep))
        .filter(|(r, _)| {
            r.start <= r.end
                && r.end <= text.len()
                && text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end)
        })
        .collect();
    edits.sort_by_key(|a| (a.0.start, a.0.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut applied = 0;
    for (r, rep) in edits {
        // An edit that starts before the previous one ended overlaps it. Two insertions at
        // the same point also count as overlapping, so the order cannot matter.
        if r.start < cursor || (applied > 0 && r.start == cursor && r.start == r.end) {
            continue;
        }
        out.push_str(&text[cursor..r.start]);
        out.push_str(rep);
        cursor = r.end;
        applied += 1;
    }
    out.push_str(&text[cursor..]);
    (out, applied)
}

/// Check and fix `text` repeatedly until no allowed fix is left or [`MAX_PASSES`] is reached.
/// Returns the fixed text and the total number of fixes applied.
pub fn fix_until_stable(
    text: &str,
    kind: SourceKind,
    settings: &Settings,
    unsafe_fixes: bool,
) -> (String, usize) {
    fix_until_stable_with(text, unsafe_fixes, |t| {
        crate::check_findings(&crate::Document::parse(t, kind), settings)
    })
}

/// [`fix_until_stable`] with the checking done by `check` instead of the rule families, so the
/// fix loop (and everything built on it, such as `check --fix`) can be exercised with
/// hand-made diagnostics.
pub fn fix_until_stable_with<F: Fixes>(
    text: &str,
    unsafe_fixes: bool,
    check: impl FnMut(&str) -> F,
) -> (String, usize) {
    fix_within(text, unsafe_fixes, check, crate::document::MAX_TEXT_LEN)
}

/// [`fix_until_stable_with`], leaving out a pass whose text would be longer than `limit` bytes
/// (fixes can lengthen a text: `,` becomes `，`, three bytes), since a text beyond
/// [`MAX_TEXT_LEN`](crate::document::MAX_TEXT_LEN) cannot be checked again. What is left is
/// reported by the check after fixing.
fn fix_within<F: Fixes>(
    text: &str,
    unsafe_fixes: bool,
    mut check: impl FnMut(&str) -> F,
    limit: usize,
) -> (String, usize) {
    // The text as given until a pass changes it: a copy up front was one more text held
    // through every pass (on 100 MB with 1.4 million fixes, leaving it out took the peak from
    // 415 to 333 MB).
    let mut current = std::borrow::Cow::Borrowed(text);
    let mut total = 0;
    for _ in 0..MAX_PASSES {
        let diags = check(&current);
        let (next, n) = apply(&current, &diags, unsafe_fixes);
        drop(diags);
        if n == 0 || next == *current || next.len() > limit {
            break;
        }
        total += n;
        current = std::borrow::Cow::Owned(next);
    }
    (current.into_owned(), total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn d(span: std::ops::Range<usize>, rep: &str, a: Applicability) -> Diagnostic {
        Diagnostic::new("x", Severity::Warning, span, "m").with_fix(rep, a)
    }

    #[test]
    fn earlier_start_wins_on_overlap() {
        let t = "abcdef";
        let ds = vec![
            d(1..3, "X", Applicability::Safe),
            d(2..4, "Y", Applicability::Safe),
            d(4..5, "Z", Applicability::Safe),
        ];
        assert_eq!(apply(t, &ds, false), ("aXdZf".to_string(), 2));
    }

    /// A pass that would make the text too long to check again is not applied.
    #[test]
    fn no_pass_makes_the_text_too_long_to_check() {
        let commas = |t: &str| -> Vec<Diagnostic> {
            t.match_indices(',')
                .map(|(i, _)| d(i..i + 1, "，", Applicability::Safe))
                .collect()
        };
        assert_eq!(fix_within("a,b,c", false, commas, 9), ("a，b，c".to_string(), 2));
        assert_eq!(fix_within("a,b,c", false, commas, 8), ("a,b,c".to_string(), 0));
    }

    #[test]
    fn unsafe_needs_opt_in() {
        let t = "abc";
        let ds = vec![d(1..2, "", Applicability::Unsafe)];
        assert_eq!(apply(t, &ds, false).1, 0);
        assert_eq!(apply(t, &ds, true).0, "ac");
    }
}
