//! Applying fixes: pure functions from text and diagnostics to new text.
//!
//! Overlaps are resolved deterministically: fixes are taken in span order and one that overlaps
//! an already taken fix is dropped for this pass (the earlier-starting one wins); the dropped
//! one is found again, against the new text, on the next pass.
//!
//! Memory: `check --fix` on a file of 100 MB holds that text, the check of it, and what the
//! pass changes. A pass rewrites an owned text where it is when its edits take less room than
//! a second text would (the 1.4 million fixes of 100 MB of half-width copy do; 25 million, a
//! half-width comma every other character, do not), and keeps an [`Undo`] log instead of the
//! text as read. Held whole, the text as read and a new text each pass took the half-width
//! copy's `--fix` to 380 MB at peak (bound 294); now 247.

use crate::diagnostic::{Applicability, Diagnostic};
use crate::document::MAX_TEXT_LEN;
use crate::document::SourceKind;
use crate::findings::Findings;
use crate::leb128;
use crate::settings::Settings;
use std::borrow::Cow;
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
    let edits = Edits::new(text, diags, unsafe_fixes);
    let (n, len) = edits.measure();
    (rebuild(text, edits.taken(), len), n)
}

/// An edit: the span of a text it replaces and what replaces it.
type Edit<'d> = (Range<usize>, &'d str);

/// The fixes of one pass that may be applied to a text: allowed, inside it and on character
/// boundaries; in span order, collected and sorted only if they do not come so (a file's
/// findings come sorted by span, and so do their fixes: collecting 1.4 million would take 56
/// MB). [`Edits::taken`] reads them, as often as needed, without the overlapping ones.
struct Edits<'t, 'd, F: Fixes + ?Sized> {
    text: &'t str,
    diags: &'d F,
    unsafe_fixes: bool,
    sorted: Option<Vec<(Range<usize>, &'d str)>>,
}

impl<'t, 'd, F: Fixes + ?Sized> Edits<'t, 'd, F> {
    fn new(text: &'t str, diags: &'d F, unsafe_fixes: bool) -> Self {
        let mut edits = Edits {
            text,
            diags,
            unsafe_fixes,
            sorted: None,
        };
        if !edits.allowed().is_sorted_by_key(|(r, _)| (r.start, r.end)) {
            let mut all: Vec<_> = edits.allowed().collect();
            all.sort_by_key(|a| (a.0.start, a.0.end));
            edits.sorted = Some(all);
        }
        edits
    }

    fn allowed(&self) -> impl Iterator<Item = (Range<usize>, &'d str)> + use<'t, 'd, F> {
        let (text, unsafe_fixes) = (self.text, self.unsafe_fixes);
        self.diags
            .fixes()
            .filter(move |&(_, _, a)| a == Applicability::Safe || unsafe_fixes)
            .map(|(r, rep, _)| (r, rep))
            .filter(move |(r, _)| {
                r.start <= r.end
                    && r.end <= text.len()
                    && text.is_char_boundary(r.start)
                    && text.is_char_boundary(r.end)
            })
    }

    /// The edits applied, in order.
    fn taken(&self) -> Taken<Box<dyn Iterator<Item = Edit<'d>> + '_>> {
        let edits: Box<dyn Iterator<Item = _>> = match &self.sorted {
            Some(all) => Box::new(all.iter().cloned()),
            None => Box::new(self.allowed()),
        };
        Taken {
            edits,
            taken: 0,
            end: 0,
        }
    }

    /// How many edits are applied, and the length of the text they make.
    fn measure(&self) -> (usize, usize) {
        let (mut n, mut len) = (0, self.text.len());
        for (r, rep) in self.taken() {
            n += 1;
            len = len - r.len() + rep.len();
        }
        (n, len)
    }

    /// Whether the edits, which keep the text's length, change it: the text they make is
    /// compared with the text around each edit, without being made.
    fn change_text(&self) -> bool {
        let b = self.text.as_bytes();
        // What the new text has at `at` (where `from` was) is `piece`.
        let differs =
            |at: usize, from: usize, piece: &[u8]| at != from && b.get(at..at + piece.len()) != Some(piece);
        let (mut at, mut from) = (0, 0);
        for (r, rep) in self.taken() {
            let gap = &b[from..r.start];
            if differs(at, from, gap) {
                return true;
            }
            at += gap.len();
            if b.get(at..at + rep.len()) != Some(rep.as_bytes()) {
                return true;
            }
            at += rep.len();
            from = r.end;
        }
        differs(at, from, &b[from..])
    }
}

/// The edits of a pass that are applied, in order: an edit that starts before the one taken
/// before it ended overlaps it and is left for the next pass. Two insertions at the same point
/// also count as overlapping, so the order cannot matter.
struct Taken<I> {
    edits: I,
    taken: usize,
    end: usize,
}

impl<'a, I: Iterator<Item = (Range<usize>, &'a str)>> Iterator for Taken<I> {
    type Item = (Range<usize>, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let (r, rep) = self.edits.next()?;
            if r.start < self.end || (self.taken > 0 && r.start == self.end && r.start == r.end) {
                continue;
            }
            self.taken += 1;
            self.end = r.end;
            return Some((r, rep));
        }
    }
}

/// `text` with `edits` (in order, apart) applied, in a new text of `len` bytes.
fn rebuild<'a>(text: &str, edits: impl Iterator<Item = (Range<usize>, &'a str)>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut from = 0;
    for (r, rep) in edits {
        out.push_str(&text[from..r.start]);
        out.push_str(rep);
        from = r.end;
    }
    out.push_str(&text[from..]);
    out
}

/// `text` with `edits` (in order, apart, on character boundaries) applied where it is, grown
/// or shrunk at its end: no second text is held.
///
/// The text between edit `j - 1` and edit `j` (gap `j`; gap 0 starts the text and the last
/// ends it) moves by the growth of the edits before it, and edit `j - 1`'s replacement goes
/// right before it. The new places of the gaps and replacements follow one another as their
/// old places do. So a gap that moves back lands only on bytes already read, if the gaps that
/// move back are moved first to last; and one that moves on lands only on bytes already read
/// or past the old text, if those are moved last to first.
fn rewrite_in_place(text: String, edits: &[(Range<usize>, &str)]) -> String {
    let old_len = text.len();
    let mut buf = text.into_bytes();
    let growth = |j: usize| edits[j].1.len() as isize - edits[j].0.len() as isize;
    let grown: isize = (0..edits.len()).map(growth).sum();
    let new_len = old_len.checked_add_signed(grown).expect("edits inside the text");
    buf.resize(old_len.max(new_len), 0);
    let place = |buf: &mut Vec<u8>, j: usize, shift: isize| {
        let from = if j == 0 { 0 } else { edits[j - 1].0.end };
        let to = edits.get(j).map_or(old_len, |e| e.0.start);
        let dest = from.checked_add_signed(shift).expect("a gap stays in the text");
        buf.copy_within(from..to, dest);
        if j > 0 {
            let rep = edits[j - 1].1.as_bytes();
            buf[dest - rep.len()..dest].copy_from_slice(rep);
        }
    };
    let mut shift = 0;
    for j in 0..=edits.len() {
        if j > 0 {
            shift += growth(j - 1);
        }
        if shift <= 0 {
            place(&mut buf, j, shift);
        }
    }
    for j in (0..=edits.len()).rev() {
        if shift > 0 {
            place(&mut buf, j, shift);
        }
        if j > 0 {
            shift -= growth(j - 1);
        }
    }
    buf.truncate(new_len);
    String::from_utf8(buf).expect("whole characters replaced by whole characters")
}

/// What rebuilds the text fixing started from, once `edits` (in order, apart) are applied to
/// `text`, given `old`, which rebuilds it from `text`.
///
/// The edits and the spans of `old`, all spans of `text`, are taken in groups that overlap or
/// touch. Each group becomes one span of the new text, and what it stands for is rebuilt from
/// `text` and `old` while `text` is still here: the group's bytes of `text`, with each span
/// of `old` in it replaced by its bytes.
fn undo_of<'a>(text: &str, edits: impl Iterator<Item = (Range<usize>, &'a str)>, old: &Undo) -> Undo {
    let mut edits = edits.peekable();
    let mut old = old.spans().peekable();
    let mut new = Undo::default();
    let mut was = Vec::new();
    let bytes = text.as_bytes();
    // How much the edits before the group being read grow the text.
    let mut shift = 0isize;
    loop {
        let at = match (edits.peek(), old.peek()) {
            (None, None) => break,
            (Some((e, _)), Some((o, _))) => e.start.min(o.start),
            (Some((r, _)), None) | (None, Some((r, _))) => r.start,
        };
        let (mut end, mut from, mut grown) = (at, at, 0);
        loop {
            if let Some((r, rep)) = edits.next_if(|(r, _)| r.start <= end) {
                end = end.max(r.end);
                grown += rep.len() as isize - r.len() as isize;
            } else if let Some((r, stood_for)) = old.next_if(|(r, _)| r.start <= end) {
                end = end.max(r.end);
                was.extend_from_slice(&bytes[from..r.start]);
                was.extend_from_slice(stood_for);
                from = r.end;
            } else {
                break;
            }
        }
        was.extend_from_slice(&bytes[from..end]);
        let moved = |n: usize| n.checked_add_signed(shift).expect("inside the new text");
        let new_end = moved(end).checked_add_signed(grown).expect("inside the new text");
        new.push(moved(at)..new_end, &was);
        was.clear();
        shift += grown;
    }
    new
}

/// One pass of the fix loop over `text`: apply the fixes of `diags` allowed by
/// `unsafe_fixes`, where the text is when it is owned and the edits take less room than a new
/// text would, and with `undo`, what rebuilds the text the loop started from.
///
/// Returns the number of fixes applied and the new undo log, or `None`, leaving `text` as it
/// is, when no fix applies, the fixes change nothing, or the new text would be longer than
/// `limit`.
fn pass<F: Fixes + ?Sized>(
    text: &mut Cow<'_, str>,
    diags: &F,
    unsafe_fixes: bool,
    undo: Option<&Undo>,
    limit: usize,
) -> Option<(usize, Option<Undo>)> {
    let edits = Edits::new(text, diags, unsafe_fixes);
    let (n, len) = edits.measure();
    if n == 0 || len > limit || (len == text.len() && !edits.change_text()) {
        return None;
    }
    let new_undo = undo.map(|u| undo_of(text, edits.taken(), u));
    let in_place = matches!(text, Cow::Owned(_)) && n * std::mem::size_of::<(Range<usize>, &str)>() <= len;
    if in_place {
        let taken: Vec<_> = edits.taken().collect();
        drop(edits);
        let owned = std::mem::take(text.to_mut());
        *text = Cow::Owned(rewrite_in_place(owned, &taken));
    } else {
        let new = rebuild(text, edits.taken(), len);
        drop(edits);
        *text = Cow::Owned(new);
    }
    Some((n, new_undo))
}

/// What a fix loop changed, kept so that the text it started from can be rebuilt from the text
/// it ended with: spans of the fixed text, in order and apart, each with the bytes it stands
/// for. `check --fix` writes a file only if it still holds the text as read; comparing the
/// file with the rebuilt text, piece by piece as it is read, lets the fix loop rewrite the
/// text as read instead of holding it, and the guarantee stays exact (a hash would make it a
/// probability).
#[derive(Debug, Default, Clone)]
pub struct Undo {
    /// Each span as three LEB128 numbers (how far it starts from the end of the span before,
    /// its length, the length of what it stands for) and then the bytes it stands for: four
    /// bytes for a half-width comma made full-width.
    bytes: Vec<u8>,
    /// Where the last span ends.
    end: usize,
}

impl Undo {
    fn push(&mut self, span: Range<usize>, was: &[u8]) {
        leb128::write(&mut self.bytes, (span.start - self.end) as u64);
        leb128::write(&mut self.bytes, span.len() as u64);
        leb128::write(&mut self.bytes, was.len() as u64);
        self.bytes.extend_from_slice(was);
        self.end = span.end;
    }

    /// Each span of the fixed text and the bytes it stands for.
    fn spans(&self) -> impl Iterator<Item = (Range<usize>, &[u8])> {
        let (mut at, mut end) = (0, 0);
        std::iter::from_fn(move || {
            if at == self.bytes.len() {
                return None;
            }
            let mut number = || leb128::read(&self.bytes, &mut at) as usize;
            let start = end + number();
            end = start + number();
            let n = number();
            let was = &self.bytes[at..at + n];
            at += n;
            Some((start..end, was))
        })
    }

    /// The text fixing started from, in pieces, given the text it ended with.
    pub fn original<'a>(&'a self, fixed: &'a str) -> impl Iterator<Item = &'a [u8]> + 'a {
        let fixed = fixed.as_bytes();
        let mut from = 0;
        self.spans()
            .flat_map(move |(span, was)| {
                let gap = &fixed[from..span.start];
                from = span.end;
                [gap, was]
            })
            .chain(std::iter::once_with(move || &fixed[self.end..]))
    }

    /// Whether the text fixing started from is `fixed` itself (the fixes cancelled out).
    pub fn unchanged(&self, fixed: &str) -> bool {
        let mut rest = fixed.as_bytes();
        for piece in self.original(fixed) {
            match rest.strip_prefix(piece) {
                Some(r) => rest = r,
                None => return false,
            }
        }
        rest.is_empty()
    }
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
    let (fixed, n, _) = fix_within(Cow::Borrowed(text), unsafe_fixes, check, None, MAX_TEXT_LEN);
    (fixed, n)
}

/// A text fixed by [`fix_owned`].
#[derive(Debug)]
pub struct Fixed {
    /// The fixed text.
    pub text: String,
    /// Fixes applied, over all passes.
    pub fixes: usize,
    /// What rebuilds the text as given from [`Fixed::text`].
    pub undo: Undo,
}

/// [`fix_until_stable_with`], taking the text: the passes rewrite it, where it is when they
/// can (see [`pass`]), and [`Fixed::undo`] rebuilds it from the fixed text.
pub fn fix_owned<F: Fixes>(text: String, unsafe_fixes: bool, check: impl FnMut(&str) -> F) -> Fixed {
    let (text, fixes, undo) = fix_within(
        Cow::Owned(text),
        unsafe_fixes,
        check,
        Some(Undo::default()),
        MAX_TEXT_LEN,
    );
    Fixed {
        text,
        fixes,
        undo: undo.unwrap_or_default(),
    }
}

/// The fix loop, leaving out a pass whose text would be longer than `limit` bytes (fixes can
/// lengthen a text: `,` becomes `，`, three bytes), since a text beyond [`MAX_TEXT_LEN`] cannot
/// be checked again. What is left is reported by the check after fixing. With `undo`, what
/// rebuilds `text` from the fixed text is kept and returned.
fn fix_within<F: Fixes>(
    text: Cow<'_, str>,
    unsafe_fixes: bool,
    mut check: impl FnMut(&str) -> F,
    mut undo: Option<Undo>,
    limit: usize,
) -> (String, usize, Option<Undo>) {
    // The text as given is not copied: borrowed, it stays the caller's; owned, the first pass
    // rewrites it (on 100 MB with 1.4 million fixes, a copy up front took the peak from 333 to
    // 415 MB, in session 22).
    let mut current = text;
    let mut total = 0;
    for _ in 0..MAX_PASSES {
        let diags = check(&current);
        let Some((n, next_undo)) = pass(&mut current, &diags, unsafe_fixes, undo.as_ref(), limit) else {
            break;
        };
        total += n;
        undo = next_undo;
    }
    (current.into_owned(), total, undo)
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
        let fix = |limit| {
            let (t, n, _) = fix_within(Cow::Borrowed("a,b,c"), false, commas, None, limit);
            (t, n)
        };
        assert_eq!(fix(9), ("a，b，c".to_string(), 2));
        assert_eq!(fix(8), ("a,b,c".to_string(), 0));
    }

    /// A checker for [`fix_owned`] tests: in each pass, `edits` fixes at char boundaries of
    /// the text it is given, out of order, overlapping, insertions and deletions among them,
    /// all drawn from `seed`.
    fn random_checker(seed: u64, edits: usize) -> impl FnMut(&str) -> Vec<Diagnostic> {
        let mut state = seed | 1;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n.max(1) as u64) as usize
        };
        move |t: &str| {
            let bounds: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
            (0..edits)
                .map(|_| {
                    let a = bounds[next(bounds.len())];
                    let b = bounds[next(bounds.len())];
                    let rep = ["", "，", "x", "中文", ","][next(5)];
                    let a_ = if next(4) == 0 { a.min(b) } else { a };
                    let span = a_.min(b)..a.max(b);
                    let safe = [Applicability::Safe, Applicability::Unsafe][next(2)];
                    d(span, rep, safe)
                })
                .collect()
        }
    }

    proptest::proptest! {
        /// The undo log rebuilds the text as given from the fixed text, whatever the passes
        /// did, and [`fix_owned`] fixes as [`fix_until_stable_with`] does.
        #[test]
        fn the_text_as_given_comes_back(
            pieces in proptest::collection::vec(proptest::sample::select(vec!["a", "中", ",", "，", " ", "文"]), 0..40),
            seed: u64,
            edits in 0usize..8,
            unsafe_fixes: bool,
        ) {
            let text: String = pieces.concat();
            let fixed = fix_owned(text.clone(), unsafe_fixes, random_checker(seed, edits));
            let original: Vec<u8> = fixed.undo.original(&fixed.text).flatten().copied().collect();
            proptest::prop_assert_eq!(String::from_utf8(original).unwrap(), text.clone());
            proptest::prop_assert_eq!(fixed.undo.unchanged(&fixed.text), fixed.text == text);
            let (borrowed, n) = fix_until_stable_with(&text, unsafe_fixes, random_checker(seed, edits));
            proptest::prop_assert_eq!(fixed.text, borrowed);
            proptest::prop_assert_eq!(fixed.fixes, n);
        }
    }

    proptest::proptest! {
        /// Applied where the text is, edits give what a new text would: replacements longer
        /// and shorter than what they replace, insertions and deletions, in any mix.
        #[test]
        fn in_place_is_as_anew(
            pieces in proptest::collection::vec(proptest::sample::select(vec!["a", "中", "，", "文", "bc"]), 0..60),
            cuts in proptest::collection::vec((0usize..100, 0usize..3, proptest::sample::select(vec!["", "x", "，，", "中文字", "abcdefg"])), 0..20),
        ) {
            let text: String = pieces.concat();
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            // Spans at char boundaries, in order and apart (some touching, some empty).
            let mut edits: Vec<(Range<usize>, &str)> = Vec::new();
            let mut from = 0;
            for (step, len, rep) in cuts {
                let Some(a) = bounds.iter().copied().filter(|&b| b >= from).nth(step % 4) else { break };
                let b = bounds.iter().copied().filter(|&b| b >= a).nth(len).unwrap_or(a);
                if edits.last().is_some_and(|(r, _)| r.start == a && r.end == a && a == b) {
                    continue;
                }
                edits.push((a..b, rep));
                from = b;
            }
            let len = text.len() + edits.iter().map(|(_, rep)| rep.len()).sum::<usize>()
                - edits.iter().map(|(r, _)| r.len()).sum::<usize>();
            let anew = rebuild(&text, edits.iter().cloned(), len);
            proptest::prop_assert_eq!(rewrite_in_place(text.clone(), &edits), anew);
        }
    }

    /// Fixes spread over passes: the second pass's edits touch and overlap the first's.
    #[test]
    fn undo_spans_over_passes() {
        let mut pass = 0;
        let fixed = fix_owned("a,b,c".to_string(), false, |t: &str| {
            pass += 1;
            match pass {
                // a,b,c → a，b，c
                1 => vec![
                    d(1..2, "，", Applicability::Safe),
                    d(3..4, "，", Applicability::Safe),
                ],
                // a，b，c → a，，c : the b and what touches it.
                2 => vec![
                    d(4..5, "，", Applicability::Safe),
                    d(0..0, "x", Applicability::Safe),
                ],
                _ => {
                    assert_eq!(t, "xa，，，c");
                    vec![]
                }
            }
        });
        assert_eq!(fixed.text, "xa，，，c");
        assert_eq!(fixed.fixes, 4);
        let original: Vec<u8> = fixed.undo.original(&fixed.text).flatten().copied().collect();
        assert_eq!(original, b"a,b,c");
        assert!(!fixed.undo.unchanged(&fixed.text));
        // Fixes that put back what was there leave the text unchanged.
        let mut pass = 0;
        let back = fix_owned("ab".to_string(), false, |_: &str| {
            pass += 1;
            match pass {
                1 => vec![d(0..1, "x", Applicability::Safe)],
                2 => vec![d(0..1, "a", Applicability::Safe)],
                _ => vec![],
            }
        });
        assert_eq!(back.text, "ab");
        assert!(back.undo.unchanged(&back.text));
    }

    #[test]
    fn unsafe_needs_opt_in() {
        let t = "abc";
        let ds = vec![d(1..2, "", Applicability::Unsafe)];
        assert_eq!(apply(t, &ds, false).1, 0);
        assert_eq!(apply(t, &ds, true).0, "ac");
    }
}
