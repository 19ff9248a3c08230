//! A file's findings, held compactly until they are rendered.
//!
//! Held as plain [`Diagnostic`]s, each with its message and fix allocated, findings cost about
//! 230 bytes apiece at the run's peak. Copy with half-width commas throughout has a finding
//! every 60 bytes or so: 1.45 million findings in 97 MB, 540 MB at peak (the memory bound
//! there is 294). Such findings say the same few things over and over, so [`Findings`] keeps each
//! distinct kind of finding (all of it but the span) once, and each finding as its span and the
//! kind's index, three or four bytes in a stream (see [`Findings`]). A rule still pushes a plain
//! [`Diagnostic`] into a [`Sink`]; a renderer gets one back from [`Findings::iter`].

use crate::diagnostic::{Applicability, Diagnostic, Fix, Related, Severity};
use crate::leb128;
use indexmap::IndexSet;
use rustc_hash::FxBuildHasher;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::ops::Range;

/// Where a rule pushes what it finds: a plain `Vec` (tests, small callers) or [`Findings`].
pub trait Sink {
    /// Take one finding.
    fn push(&mut self, d: Diagnostic);
}

impl dyn Sink + '_ {
    /// Take every finding of `found`, in order.
    pub fn extend(&mut self, found: impl IntoIterator<Item = Diagnostic>) {
        for d in found {
            self.push(d);
        }
    }
}

impl Sink for Vec<Diagnostic> {
    fn push(&mut self, d: Diagnostic) {
        Vec::push(self, d);
    }
}

/// One finding: its span and what it says, as an index into its file's kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    start: u32,
    end: u32,
    kind: u32,
}

/// All of a finding but its span. A rule that fires many times says the same thing each time
/// (one kind for every half-width comma), so a file holds few kinds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Kind {
    rule: &'static str,
    severity: Severity,
    message: String,
    fix: Option<Fix>,
    related: Vec<Related>,
}

/// Every this many entries, [`Findings`] notes where one begins, so that the `i`th is found
/// by reading at most this many.
const STRIDE: usize = 64;

/// Where reading the entries stands: a place in the bytes, and the start of the entry before.
#[derive(Debug, Clone, Copy)]
struct Cursor {
    at: usize,
    start: u32,
}

/// Findings of one file, each held as its span and the index of its [`Kind`].
///
/// The entries are held in the order pushed, each as three LEB128 numbers: how far its start
/// is from the start before it (zigzag-coded, as the order can step back), its length, and
/// its kind. The rules push in about the order of the text, so a finding takes three or four
/// bytes: 25 million findings in 100 MB (a half-width comma every other character) take 75
/// MB, where twelve bytes each (and a sort's buffer) took the run over its memory bound.
/// Where the order steps back, a new sorted run begins; sorting merges the runs.
#[derive(Debug, Clone)]
pub struct Findings {
    bytes: Vec<u8>,
    len: usize,
    /// Where each [`STRIDE`]th entry begins.
    marks: Vec<Cursor>,
    /// The index of each entry that begins a run after the first, and where it begins.
    breaks: Vec<(usize, Cursor)>,
    last: Option<Entry>,
    kinds: IndexSet<Kind, FxBuildHasher>,
}

impl Sink for Findings {
    fn push(&mut self, d: Diagnostic) {
        let offset = |at: usize| u32::try_from(at).expect("a text is at most MAX_TEXT_LEN (1 GiB) long");
        let kind = Kind {
            rule: d.rule,
            severity: d.severity,
            message: d.message,
            fix: d.fix,
            related: d.related,
        };
        // One lookup: a kind already held stays, and this one is dropped.
        let (kind, _) = self.kinds.insert_full(kind);
        self.push_entry(Entry {
            start: offset(d.span.start),
            end: offset(d.span.end),
            kind: u32::try_from(kind).expect("fewer than 4 billion kinds"),
        });
    }
}

impl Findings {
    /// No findings.
    pub const fn new() -> Findings {
        Findings {
            bytes: Vec::new(),
            len: 0,
            marks: Vec::new(),
            breaks: Vec::new(),
            last: None,
            kinds: IndexSet::with_hasher(FxBuildHasher),
        }
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.len
    }

    /// None at all.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The findings in order, each built anew.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Diagnostic> + '_ {
        self.entries().map(|e| self.diagnostic(&e))
    }

    /// The `i`th finding, built anew.
    ///
    /// # Panics
    ///
    /// If there are not more than `i` findings.
    pub fn get(&self, i: usize) -> Diagnostic {
        self.diagnostic(&self.entry(i))
    }

    /// [`Diagnostic::sort_key`] of the `i`th finding, without building it.
    ///
    /// # Panics
    ///
    /// If there are not more than `i` findings.
    pub fn sort_key(&self, i: usize) -> (usize, usize, &'static str) {
        let e = self.entry(i);
        (e.start as usize, e.end as usize, self.kind(&e).rule)
    }

    /// The severity of each finding, in order, without building it.
    pub fn severities(&self) -> impl Iterator<Item = Severity> + '_ {
        self.entries().map(|e| self.kind(&e).severity)
    }

    /// Each fix, in order: the span it replaces, the replacement and whether it is safe.
    pub fn fixes(&self) -> impl Iterator<Item = (Range<usize>, &str, Applicability)> {
        self.entries().filter_map(|e| {
            let f = self.kind(&e).fix.as_ref()?;
            Some((
                e.start as usize..e.end as usize,
                f.replacement.as_str(),
                f.applicability,
            ))
        })
    }

    /// Every finding as a plain [`Diagnostic`].
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.iter().collect()
    }

    /// Keep the findings for which `keep(rule, start)` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&'static str, usize) -> bool) {
        if self
            .entries()
            .all(|e| keep(self.kinds[e.kind as usize].rule, e.start as usize))
        {
            return;
        }
        let old = self.take_entries();
        for e in old.entries() {
            if keep(self.kinds[e.kind as usize].rule, e.start as usize) {
                self.push_entry(e);
            }
        }
    }

    /// Set the severity of every finding of a rule for which `severity(rule)` gives one.
    pub fn regrade(&mut self, severity: impl Fn(&'static str) -> Option<Severity>) {
        let changes = |k: &Kind| severity(k.rule).is_some_and(|s| s != k.severity);
        if !self.kinds.iter().any(changes) {
            return;
        }
        // Kinds that differed only in severity become one, as equal findings must.
        let old = std::mem::take(&mut self.kinds);
        let mut to = Vec::with_capacity(old.len());
        for mut k in old {
            if let Some(s) = severity(k.rule) {
                k.severity = s;
            }
            to.push(self.kinds.insert_full(k).0 as u32);
        }
        let old = self.take_entries();
        for e in old.entries() {
            self.push_entry(Entry {
                kind: to[e.kind as usize],
                ..e
            });
        }
    }

    /// Sort by span, rule and message (a stable sort: equal findings keep the order they were
    /// pushed in), and drop a finding equal to the one before it. The order every output uses
    /// ([`Diagnostic::sort_key`], then the message).
    ///
    /// Findings pushed in order are left as they are. Otherwise the runs are merged: a tie
    /// goes to the earlier run, which is what a stable sort does.
    pub fn sort_dedup(&mut self) {
        let repeats = || self.entries().zip(self.entries().skip(1)).any(|(a, b)| a == b);
        if self.breaks.is_empty() && !repeats() {
            return;
        }
        let old = self.take_entries();
        if old.breaks.len() > old.len / 8 {
            // Runs of a few findings each: a reader for each and a place in the heap (about 70
            // bytes a run) would take more room than sorting them all at once (18 bytes each).
            let mut all: Vec<Entry> = old.entries().collect();
            drop(old);
            all.sort_by(|a, b| self.order(a, b));
            for e in all {
                if self.last != Some(e) {
                    self.push_entry(e);
                }
            }
            return;
        }
        // Kinds ranked by rule and message, equal ones alike, so runs merge on numbers alone.
        let mut by: Vec<usize> = (0..self.kinds.len()).collect();
        let order = |a: &usize, b: &usize| self.rule_message(*a).cmp(&self.rule_message(*b));
        by.sort_by(order);
        let mut rank = vec![0u32; by.len()];
        for pair in by.windows(2) {
            let up = order(&pair[0], &pair[1]) == Ordering::Less;
            rank[pair[1]] = rank[pair[0]] + u32::from(up);
        }
        // One reader per run, each with the number of entries it has left.
        let starts = std::iter::once((0, Cursor { at: 0, start: 0 })).chain(old.breaks.iter().copied());
        let ends = old.breaks.iter().map(|b| b.0).chain([old.len]);
        let mut runs: Vec<(Cursor, usize)> = starts.zip(ends).map(|((i, c), end)| (c, end - i)).collect();
        let mut heap = BinaryHeap::with_capacity(runs.len());
        let next = |run: usize, runs: &mut Vec<(Cursor, usize)>| {
            let (cursor, left) = &mut runs[run];
            (*left > 0).then(|| {
                *left -= 1;
                let e = old.read(cursor);
                Reverse((e.start, e.end, rank[e.kind as usize], run as u32, e.kind))
            })
        };
        for run in 0..runs.len() {
            heap.extend(next(run, &mut runs));
        }
        while let Some(Reverse((start, end, _, run, kind))) = heap.pop() {
            let e = Entry { start, end, kind };
            if self.last != Some(e) {
                self.push_entry(e);
            }
            heap.extend(next(run as usize, &mut runs));
        }
    }

    fn rule_message(&self, kind: usize) -> (&'static str, &str) {
        let k = &self.kinds[kind];
        (k.rule, &k.message)
    }

    /// How `a` and `b` sort: by span, then rule and message.
    fn order(&self, a: &Entry, b: &Entry) -> Ordering {
        (a.start, a.end).cmp(&(b.start, b.end)).then_with(|| {
            if a.kind == b.kind {
                return Ordering::Equal;
            }
            self.rule_message(a.kind as usize)
                .cmp(&self.rule_message(b.kind as usize))
        })
    }

    fn push_entry(&mut self, e: Entry) {
        let before = self.last.map_or(0, |l| l.start);
        let here = Cursor {
            at: self.bytes.len(),
            start: before,
        };
        if self.len.is_multiple_of(STRIDE) {
            self.marks.push(here);
        }
        if let Some(last) = self.last
            && self.order(&last, &e) == Ordering::Greater
        {
            self.breaks.push((self.len, here));
        }
        let step = i64::from(e.start) - i64::from(before);
        leb128::write(&mut self.bytes, ((step << 1) ^ (step >> 63)) as u64);
        // A span that ends before it starts (no rule makes one) wraps, and unwraps when read.
        leb128::write(&mut self.bytes, u64::from(e.end.wrapping_sub(e.start)));
        leb128::write(&mut self.bytes, u64::from(e.kind));
        self.last = Some(e);
        self.len += 1;
    }

    /// The entry at `cursor`, moving it on.
    fn read(&self, cursor: &mut Cursor) -> Entry {
        let step = leb128::read(&self.bytes, &mut cursor.at);
        let step = ((step >> 1) as i64) ^ -((step & 1) as i64);
        let start = (i64::from(cursor.start) + step) as u32;
        let end = start.wrapping_add(leb128::read(&self.bytes, &mut cursor.at) as u32);
        let kind = leb128::read(&self.bytes, &mut cursor.at) as u32;
        cursor.start = start;
        Entry { start, end, kind }
    }

    fn entries(&self) -> impl ExactSizeIterator<Item = Entry> + '_ {
        let mut cursor = Cursor { at: 0, start: 0 };
        (0..self.len).map(move |_| self.read(&mut cursor))
    }

    fn entry(&self, i: usize) -> Entry {
        assert!(i < self.len, "finding {i} of {}", self.len);
        let mut cursor = self.marks[i / STRIDE];
        for _ in 0..i % STRIDE {
            self.read(&mut cursor);
        }
        self.read(&mut cursor)
    }

    /// The entries, moved out into a `Findings` of no kinds; this one keeps its kinds.
    fn take_entries(&mut self) -> Findings {
        let kinds = std::mem::take(&mut self.kinds);
        let old = std::mem::take(self);
        self.kinds = kinds;
        old
    }

    fn kind(&self, e: &Entry) -> &Kind {
        &self.kinds[e.kind as usize]
    }

    fn diagnostic(&self, e: &Entry) -> Diagnostic {
        let k = self.kind(e).clone();
        Diagnostic {
            rule: k.rule,
            severity: k.severity,
            message: k.message,
            span: e.start as usize..e.end as usize,
            fix: k.fix,
            related: k.related,
        }
    }
}

impl Default for Findings {
    fn default() -> Findings {
        Findings::new()
    }
}

impl From<Vec<Diagnostic>> for Findings {
    fn from(found: Vec<Diagnostic>) -> Findings {
        let mut f = Findings::new();
        for d in found {
            f.push(d);
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(rule: &'static str, span: std::ops::Range<usize>, message: &str) -> Diagnostic {
        Diagnostic::new(rule, Severity::Warning, span, message)
    }

    #[test]
    fn a_finding_comes_back_as_it_went_in() {
        let all = vec![
            d("typo", 3..9, "“从林”应为“丛林”").with_fix("丛林", Applicability::Unsafe),
            d("halfwidth-punct", 0..1, "半角逗号").with_fix("，", Applicability::Safe),
            d("duplicate-text", 10..40, "重复")
                .with_related(0..30, "第一次")
                .with_related(50..60, "第二次"),
            Diagnostic::new("cjk-space", Severity::Info, 7..8, "空格"),
        ];
        let f = Findings::from(all.clone());
        assert_eq!(f.len(), 4);
        assert_eq!(f.iter().collect::<Vec<_>>(), all);
        assert_eq!(f.clone().into_vec(), all);
        for (i, d) in all.iter().enumerate() {
            assert_eq!(f.get(i), *d);
            assert_eq!(f.sort_key(i), d.sort_key());
        }
        let severities: Vec<Severity> = f.severities().collect();
        assert_eq!(
            severities,
            [
                Severity::Warning,
                Severity::Warning,
                Severity::Warning,
                Severity::Info
            ]
        );
    }

    #[test]
    fn what_repeats_is_held_once() {
        let mut f = Findings::new();
        for at in 0..1000 {
            f.push(d("halfwidth-punct", at..at + 1, "半角逗号").with_fix("，", Applicability::Safe));
        }
        f.push(d("halfwidth-punct", 5..6, "半角分号").with_fix("；", Applicability::Safe));
        assert_eq!(f.len(), 1001);
        assert_eq!(f.kinds.len(), 2);
        // Three bytes a finding in order: a step of one, a length of one, kind 0 or 1.
        assert_eq!(f.bytes.len(), 3 * 1001 + 1);
    }

    #[test]
    fn sorted_and_deduplicated_as_a_vec_would_be() {
        // Sorted by start, end, rule id, message; a stable sort; equal neighbours dropped.
        let all = vec![
            d("typo", 5..7, "b"),
            d("typo", 5..7, "a"),
            d("doubled-char", 5..7, "z"),
            d("typo", 5..6, "c"),
            d("typo", 5..7, "a").with_fix("x", Applicability::Safe),
            d("typo", 5..7, "a"),
            d("typo", 0..9, "d").with_related(1..2, "r"),
            d("typo", 0..9, "d").with_related(1..2, "r"),
            d("typo", 0..9, "d").with_related(1..3, "r"),
        ];
        let mut expected = all.clone();
        expected.sort_by(|a, b| {
            a.sort_key()
                .cmp(&b.sort_key())
                .then_with(|| a.message.cmp(&b.message))
        });
        expected.dedup();
        let mut f = Findings::from(all);
        f.sort_dedup();
        let got: Vec<Diagnostic> = f.iter().collect();
        assert_eq!(got, expected);
        // The repeat with the same related span is dropped; the two plain “a” stay, as the one
        // with a fix stands between them.
        assert_eq!(got.len(), 8);
    }

    /// A finding from a few numbers: spans that step back and forth, far and near, and kinds
    /// that share a rule and message but not a fix or severity.
    fn made(start: u32, len: u32, k: u8) -> Diagnostic {
        let rule = ["typo", "doubled-char", "halfwidth-punct"][k as usize % 3];
        let message = ["a", "b"][k as usize / 3 % 2];
        let sev = [Severity::Warning, Severity::Info][k as usize / 6 % 2];
        let mut d = Diagnostic::new(rule, sev, start as usize..(start + len) as usize, message);
        if k / 12 % 2 == 1 {
            d = d.with_fix("x", Applicability::Safe);
        }
        d
    }

    proptest::proptest! {
        /// Held as a stream, findings come back as pushed, one by one or all, and sort and
        /// drop repeats exactly as a `Vec` sorted stably would, however they were pushed.
        #[test]
        fn the_stream_is_a_vec(
            found in proptest::collection::vec(
                (
                    proptest::prop_oneof![0u32..40, 0u32..2_000_000_000],
                    proptest::prop_oneof![0u32..3, 0u32..300],
                    0u8..24,
                ),
                0..300,
            ),
            drop_rule in 0usize..4,
            regrade: bool,
            chunk in 0usize..40,
        ) {
            // In chunks sorted by start, the findings come in runs of about `chunk` (merged);
            // unsorted, they come in runs of one or two (sorted all at once).
            let mut found = found;
            if chunk > 0 {
                for c in found.chunks_mut(chunk) {
                    c.sort_by_key(|f| f.0);
                }
            }
            let all: Vec<Diagnostic> = found.iter().map(|&(s, l, k)| made(s, l, k)).collect();
            let mut f = Findings::from(all.clone());
            proptest::prop_assert_eq!(f.len(), all.len());
            proptest::prop_assert_eq!(f.iter().collect::<Vec<_>>(), all.clone());
            for (i, d) in all.iter().enumerate() {
                proptest::prop_assert_eq!(&f.get(i), d);
            }
            let gone = ["typo", "doubled-char", "halfwidth-punct", "none"][drop_rule];
            let mut expected: Vec<Diagnostic> = all.into_iter().filter(|d| d.rule != gone).collect();
            f.retain(|rule, _| rule != gone);
            if regrade {
                f.regrade(|rule| (rule == "typo").then_some(Severity::Error));
                for d in &mut expected {
                    if d.rule == "typo" {
                        d.severity = Severity::Error;
                    }
                }
            }
            expected.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()).then_with(|| a.message.cmp(&b.message)));
            expected.dedup();
            f.sort_dedup();
            proptest::prop_assert_eq!(f.len(), expected.len());
            proptest::prop_assert_eq!(f.iter().collect::<Vec<_>>(), expected);
        }
    }

    /// Runs long enough to be merged, equal but for their fixes at every span: the runs'
    /// findings at a span come in the order the runs were pushed, as in a stable sort.
    #[test]
    fn runs_merge_as_a_stable_sort() {
        let mut all = Vec::new();
        for run in ["1", "2", "3"] {
            for at in 0..20 {
                all.push(d("typo", at..at + 1, "a").with_fix(run, Applicability::Safe));
            }
            all.push(d("typo", 5..6, "a").with_fix("1", Applicability::Safe));
        }
        let mut expected = all.clone();
        expected.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        expected.dedup();
        let mut f = Findings::from(all);
        assert!(f.breaks.len() <= f.len() / 8, "merged, not sorted whole");
        f.sort_dedup();
        assert_eq!(f.into_vec(), expected);
    }

    /// No rule makes a span that ends before it starts, but one comes back as it went in.
    #[test]
    fn a_reversed_span_comes_back() {
        let back = Range { start: 9, end: 3 };
        let all = vec![
            d("typo", back.clone(), "a"),
            d("typo", 0..1, "b"),
            d("typo", back.clone(), "a"),
        ];
        let mut f = Findings::from(all.clone());
        assert_eq!(f.iter().collect::<Vec<_>>(), all);
        f.sort_dedup();
        assert_eq!(f.into_vec(), [d("typo", 0..1, "b"), d("typo", back, "a")]);
    }

    #[test]
    fn findings_made_equal_by_a_new_severity_are_one() {
        let e = |sev| Diagnostic::new("typo", sev, 0..1, "a");
        let mut f = Findings::from(vec![e(Severity::Warning), e(Severity::Error), e(Severity::Info)]);
        f.regrade(|rule| (rule == "typo").then_some(Severity::Error));
        f.sort_dedup();
        assert_eq!(f.into_vec(), [e(Severity::Error)]);
    }

    #[test]
    fn retain_and_regrade_go_by_rule() {
        let mut f = Findings::from(vec![
            d("typo", 0..1, "a"),
            d("cjk-space", 1..2, "b"),
            d("typo", 2..3, "c"),
            d("doubled-char", 3..4, "d"),
        ]);
        f.retain(|rule, start| rule != "cjk-space" && start != 2);
        f.regrade(|rule| (rule == "typo").then_some(Severity::Error));
        let got: Vec<(&str, Severity)> = f.iter().map(|d| (d.rule, d.severity)).collect();
        assert_eq!(
            got,
            [("typo", Severity::Error), ("doubled-char", Severity::Warning)]
        );
    }
}
