//! The rule registry: one table of rule families, each family one module.
//!
//! A family checks a [`Document`] once and may emit findings for several closely related rule
//! ids (the punctuation family emits `halfwidth-punct` and `cjk-space` from one scan). It does
//! so as a [`Pass`] that the engine feeds the document's blocks a [`Part`] at a time, every
//! family one part before the next part, so that the text stays in the cache. Every
//! rule id is declared in its family's [`RuleInfo`] table; the engine filters and re-grades
//! findings by id, so a family never needs to know the user's selection (it may ask
//! [`Context::enabled`] to skip work).

use crate::diagnostic::{Lang, Severity};
use crate::document::{Block, Document};
use crate::findings::Sink;
use crate::settings::Settings;
use std::ops::Range;

pub mod charset;
pub mod doubled;
pub mod duplicate;
pub mod house;
pub mod joins;
pub mod punct;
pub mod typo;

/// Whether and how a rule can fix what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixKind {
    /// No automatic fix.
    None,
    /// Always a safe fix.
    Safe,
    /// Always an unsafe fix.
    Unsafe,
    /// Safe for some findings, unsafe for others.
    Mixed,
}

impl FixKind {
    /// Short name for `newslint rules`.
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::None => "no",
            FixKind::Safe => "safe",
            FixKind::Unsafe => "unsafe",
            FixKind::Mixed => "safe/unsafe",
        }
    }
}

/// Everything the CLI and the docs need to know about one rule.
#[derive(Debug)]
pub struct RuleInfo {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Fix availability.
    pub fix: FixKind,
    /// One line, English.
    pub summary: &'static str,
    /// One line, Chinese.
    pub summary_zh: &'static str,
    /// Long Markdown explanation for `newslint explain`: what it catches, why it matters, why
    /// this severity, how to configure it.
    pub explain: &'static str,
    /// Copy the rule must flag (tested).
    pub bad: &'static [&'static str],
    /// Copy the rule must not flag (tested).
    pub good: &'static [&'static str],
}

/// A rule family: one module, one pass over the document.
pub trait Family: Sync + Send {
    /// The rules this family emits.
    fn rules(&self) -> &'static [RuleInfo];
    /// Whether the engine should run this family: by default when any of [`Family::rules`] is
    /// enabled. A family that also emits ids loaded from config (house rules) overrides it.
    fn active(&self, ctx: &Context) -> bool {
        self.rules().iter().any(|r| ctx.enabled(r.id))
    }
    /// Start checking `doc`: the family's state over the document, to be fed its blocks a
    /// [`Part`] at a time and then finished. Never reads files, never prints.
    fn start<'d>(&'d self, doc: &'d Document<'d>, ctx: &'d Context<'d>) -> Box<dyn Pass + 'd>;

    /// Check `doc` in one part and push findings.
    fn check(&self, doc: &Document, ctx: &Context, out: &mut dyn Sink) {
        let mut pass = self.start(doc, ctx);
        if let Some(part) = Part::whole(doc) {
            pass.part(&part, out);
        }
        pass.finish(out);
    }
}

/// A run of a document's blocks that the engine has every family check before it moves on,
/// so that the text the families read is still in the cache (see [`parts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The blocks, by index.
    pub blocks: Range<usize>,
    /// The bytes from the first block's start to the furthest end among the blocks.
    pub bytes: Range<usize>,
}

impl Part {
    /// Every block of `doc` as one part (none when the document has no block).
    pub fn whole(doc: &Document) -> Option<Part> {
        parts(doc, usize::MAX).next()
    }

    /// The part's blocks, in order.
    pub fn iter<'b>(&self, doc: &'b Document) -> impl Iterator<Item = Block> + Clone + 'b {
        doc.blocks.iter_from(self.blocks.start).take(self.blocks.len())
    }
}

/// Bytes of text in one [`Part`] (the last block may take it over). On 100 MB of copy, the
/// families read the text of a part of this size from the cache, where each family reading
/// the whole text in turn read it from memory: 6% of the run (see README, "Speed").
pub const PART_BYTES: usize = 4 << 20;

/// `doc`'s blocks in parts of about `size` bytes of text, in order: each part ends with the
/// first block that reaches `size` bytes past the part's start.
pub fn parts<'d>(doc: &'d Document, size: usize) -> impl Iterator<Item = Part> + 'd {
    let mut blocks = doc.blocks.iter().enumerate().peekable();
    std::iter::from_fn(move || {
        let (first, b) = blocks.next()?;
        let (start, mut end) = (b.start(), b.end());
        let mut last = first;
        while end - start < size
            && let Some((i, b)) = blocks.next()
        {
            end = end.max(b.end());
            last = i;
        }
        Some(Part {
            blocks: first..last + 1,
            bytes: start..end,
        })
    })
}

/// One family's check of one document ([`Family::start`]). The engine calls [`Pass::part`]
/// with the document's parts in order, each block in exactly one, then [`Pass::finish`]. A
/// part may look at blocks outside it (the next paragraph of a join); what it reports must
/// not depend on where the parts fall.
pub trait Pass {
    /// Check the blocks of `part` and push findings.
    fn part(&mut self, part: &Part, out: &mut dyn Sink);
    /// Push what can be decided only once every part is checked.
    fn finish(self: Box<Self>, out: &mut dyn Sink);
    /// False for a pass that reads nothing from the parts ([`Whole`]): the engine finishes it
    /// before the others start.
    fn takes_parts(&self) -> bool {
        true
    }
}

/// A [`Pass`] that checks the whole document in one go, for a family that needs all of it at
/// once (`duplicate-text` compares every paragraph with every other). The engine runs it before
/// the other passes start, so that its memory, the run's largest, is not held while theirs is:
/// run after the parts, 100 MB of short clauses peaked 57 MB higher.
pub struct Whole<F: FnOnce(&mut dyn Sink)>(pub F);

impl<F: FnOnce(&mut dyn Sink)> Pass for Whole<F> {
    fn part(&mut self, _: &Part, _: &mut dyn Sink) {}
    fn finish(self: Box<Self>, out: &mut dyn Sink) {
        (self.0)(out);
    }
    fn takes_parts(&self) -> bool {
        false
    }
}

/// Every family, in a fixed order.
pub static FAMILIES: &[&dyn Family] = &[
    &punct::Punct,
    &typo::Typo,
    &charset::Charset,
    &doubled::Doubled,
    &duplicate::Duplicate,
    &joins::Joins,
    &house::House,
];

/// Every rule, sorted by id.
pub fn all_rules() -> Vec<&'static RuleInfo> {
    let mut v: Vec<&'static RuleInfo> = FAMILIES.iter().flat_map(|f| f.rules().iter()).collect();
    v.sort_by_key(|r| r.id);
    v
}

/// Look up a rule by id.
pub fn rule(id: &str) -> Option<&'static RuleInfo> {
    FAMILIES
        .iter()
        .flat_map(|f| f.rules().iter())
        .find(|r| r.id == id)
}

/// What a family sees besides the document: the settings.
pub struct Context<'s> {
    /// The run's settings.
    pub settings: &'s Settings,
}

impl<'s> Context<'s> {
    /// Wrap settings.
    pub fn new(settings: &'s Settings) -> Self {
        Context { settings }
    }

    /// True when findings of `rule` will be kept.
    pub fn enabled(&self, rule: &str) -> bool {
        self.settings.is_enabled(rule)
    }

    /// The message language.
    pub fn lang(&self) -> Lang {
        self.settings.lang
    }

    /// Pick the Chinese or the English message.
    pub fn msg(&self, zh: impl Into<String>, en: impl Into<String>) -> String {
        self.settings.lang.pick(zh.into(), en.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_sorted_kebab_case() {
        let rules = all_rules();
        for w in rules.windows(2) {
            assert!(w[0].id < w[1].id, "duplicate or unsorted id {}", w[1].id);
        }
        for r in &rules {
            assert!(
                r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.id
            );
            assert!(
                !r.summary.is_empty() && !r.summary_zh.is_empty() && !r.explain.is_empty(),
                "{}",
                r.id
            );
        }
    }

    /// Every rule's own examples: each `bad` line fires the rule, no `good` line does
    /// (harper's habit: the data carries its tests).
    #[test]
    fn every_rule_fires_on_its_bad_examples_and_not_on_its_good_ones() {
        let settings = Settings::default();
        for r in all_rules() {
            assert!(!r.bad.is_empty() && !r.good.is_empty(), "{} needs examples", r.id);
            for bad in r.bad {
                let d = crate::check_str(bad, crate::document::SourceKind::Plain, &settings);
                assert!(
                    d.iter().any(|x| x.rule == r.id),
                    "{} does not fire on its bad example {bad:?}",
                    r.id
                );
            }
            for good in r.good {
                let d = crate::check_str(good, crate::document::SourceKind::Plain, &settings);
                assert!(
                    !d.iter().any(|x| x.rule == r.id),
                    "{} fires on its good example {good:?}: {d:?}",
                    r.id
                );
            }
        }
    }
}
