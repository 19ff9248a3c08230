//! A file's findings, held compactly until they are rendered.
//!
//! Held as plain [`Diagnostic`]s, each with its message and fix allocated, findings cost about
//! 230 bytes apiece at the run's peak. Copy with half-width commas throughout has a finding
//! every 60 bytes or so: 1.45 million findings in 97 MB, 540 MB at peak (the memory bound
//! there is 294). Such findings say the same few things over and over, so [`Findings`] keeps each
//! distinct kind of finding (all of it but the span) once, and each finding as its span and the
//! kind's index: 12 bytes. A rule still pushes a plain [`Diagnostic`] into a [`Sink`]; a
//! renderer gets one back from [`Findings::iter`].

use crate::diagnostic::{Applicability, Diagnostic, Fix, Related, Severity};
use indexmap::IndexSet;
use rustc_hash::FxBuildHasher;
use std::cmp::Ordering;
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

/// One finding: its span and what it says, as an index into its file's kinds. 12 bytes.
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

/// Findings of one file, each held as its span and the index of its [`Kind`].
#[derive(Debug, Clone)]
pub struct Findings {
    entries: Vec<Entry>,
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
        self.entries.push(Entry {
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
            entries: Vec::new(),
            kinds: IndexSet::with_hasher(FxBuildHasher),
        }
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// None at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The findings in order, each built anew.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Diagnostic> + '_ {
        self.entries.iter().map(|e| self.diagnostic(e))
    }

    /// The `i`th finding, built anew.
    ///
    /// # Panics
    ///
    /// If there are not more than `i` findings.
    pub fn get(&self, i: usize) -> Diagnostic {
        self.diagnostic(&self.entries[i])
    }

    /// [`Diagnostic::sort_key`] of the `i`th finding, without building it.
    ///
    /// # Panics
    ///
    /// If there are not more than `i` findings.
    pub fn sort_key(&self, i: usize) -> (usize, usize, &'static str) {
        let e = &self.entries[i];
        (e.start as usize, e.end as usize, self.kind(e).rule)
    }

    /// The severity of each finding, in order, without building it.
    pub fn severities(&self) -> impl Iterator<Item = Severity> + '_ {
        self.entries.iter().map(|e| self.kind(e).severity)
    }

    /// Each fix, in order: the span it replaces, the replacement and whether it is safe.
    pub fn fixes(&self) -> impl Iterator<Item = (Range<usize>, &str, Applicability)> {
        self.entries.iter().filter_map(|e| {
            let f = self.kind(e).fix.as_ref()?;
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
        let kinds = &self.kinds;
        self.entries
            .retain(|e| keep(kinds[e.kind as usize].rule, e.start as usize));
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
        for e in &mut self.entries {
            e.kind = to[e.kind as usize];
        }
    }

    /// Sort by span, rule and message (a stable sort: equal findings keep the order they were
    /// pushed in), and drop a finding equal to the one before it. The order every output uses
    /// ([`Diagnostic::sort_key`], then the message).
    pub fn sort_dedup(&mut self) {
        let kinds = &self.kinds;
        self.entries.sort_by(|a, b| {
            (a.start, a.end).cmp(&(b.start, b.end)).then_with(|| {
                if a.kind == b.kind {
                    return Ordering::Equal;
                }
                let (ka, kb) = (&kinds[a.kind as usize], &kinds[b.kind as usize]);
                ka.rule.cmp(kb.rule).then_with(|| ka.message.cmp(&kb.message))
            })
        });
        // Equal findings have the same span and the same kind.
        self.entries.dedup();
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
        assert_eq!(std::mem::size_of::<Entry>(), 12);
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
