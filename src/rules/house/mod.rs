//! House-style rules: rules a newsroom declares in TOML files instead of code.
//!
//! Newsrooms keep their own lists — banned words, preferred terms, forms of numbers and
//! dates, names of officials. A rule file holds `[[rule]]` tables (the format is described in
//! [`load`] and in README); a config names the files with `[house] rule-files = [...]`, and
//! `newslint test-rules FILE` runs the examples every rule carries.
//!
//! Three kinds of matcher, one per rule:
//!
//! - `words`: any of a list of literal strings;
//! - `replace`: a map of wrong form → right form (a literal matcher whose fix is per word);
//! - `pattern`: a regular expression, with `$1`/`${name}` groups usable in the replacement.
//!
//! Literal rules of one file set share a single Aho-Corasick automaton run once per block in
//! overlapping mode, so twenty word lists cost one pass, and the matches are then split per
//! rule (leftmost-longest within a rule, so each rule behaves as if it ran alone). Patterns use
//! the `regex` crate, whose matching time is linear in the input whatever the pattern: a user's
//! `(a*)*b` cannot hang a run the way a backtracking engine would (see the test).
//!
//! Matching stays inside blocks (a finding never spans two paragraphs), skips masked text
//! (code, URLs, markup), and drops a match that overlaps one of the rule's `exceptions`
//! (`约` is an approximation in 约30人 but part of a verb in 预约10点).
//!
//! The built-in rules in `rules/house/` are written in the same format and registered as
//! ordinary rules (they appear in `newslint rules`, `explain` and docs/rules.md).

pub mod load;

use crate::diagnostic::{Applicability, Diagnostic, Lang, Severity};
use crate::document::Document;
use crate::findings::Sink;
use crate::rules::{Context, Family, FixKind, Part, Pass, RuleInfo};
use aho_corasick::AhoCorasick;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

pub use load::{HouseSection, compile_file, load_rule_files};

/// The built-in rule file, in the house-rule format.
const BUILTIN_PATH: &str = "rules/house/builtin.toml";
const BUILTIN_TEXT: &str = include_str!("../../../rules/house/builtin.toml");

/// The built-in rules, compiled once per process. The file is part of the binary and tested
/// (its examples by `builtin_examples_hold`, not at every start-up), so a failure here is a
/// bug in the build, not a user error.
static BUILTIN: LazyLock<HouseRules> = LazyLock::new(|| {
    compile_file(BUILTIN_TEXT, BUILTIN_PATH, &[]).unwrap_or_else(|e| panic!("built-in house rules: {e}"))
});

/// The built-in rules' registry entries. Their strings are leaked once per process (the
/// registry wants `&'static str`, and the table lives as long as the process anyway).
static BUILTIN_INFO: LazyLock<Vec<RuleInfo>> = LazyLock::new(|| {
    BUILTIN
        .rules
        .iter()
        .map(|r| {
            let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
            let leak_all = |v: &[Example]| -> &'static [&'static str] {
                Box::leak(
                    v.iter()
                        .map(|e| leak(&e.text))
                        .collect::<Vec<_>>()
                        .into_boxed_slice(),
                )
            };
            RuleInfo {
                id: r.id,
                severity: r.severity,
                fix: r.fix_kind(),
                summary: leak(r.summary.as_deref().unwrap_or_default()),
                summary_zh: leak(r.summary_zh.as_deref().unwrap_or_default()),
                explain: leak(r.explain.as_deref().unwrap_or_default()),
                bad: leak_all(&r.bad),
                good: leak_all(&r.good),
            }
        })
        .collect()
});

/// The family: the built-in house rules plus the user's, from [`Settings::house`].
///
/// [`Settings::house`]: crate::settings::Settings::house
pub struct House;

impl Family for House {
    fn rules(&self) -> &'static [RuleInfo] {
        &BUILTIN_INFO
    }

    /// Active when a built-in or a user house rule is enabled. (Until `crate::check` asks
    /// this instead of looking at [`Family::rules`], user rules run only while at least one
    /// built-in house rule is enabled.)
    fn active(&self, ctx: &Context) -> bool {
        BUILTIN
            .rules
            .iter()
            .chain(&ctx.settings.house.rules)
            .any(|r| ctx.enabled(r.id))
    }

    fn start<'d>(&'d self, doc: &'d Document<'d>, ctx: &'d Context<'d>) -> Box<dyn Pass + 'd> {
        let sets = [&*BUILTIN, &*ctx.settings.house];
        Box::new(HousePass {
            doc,
            lang: ctx.lang(),
            sets: sets.map(|h| (h, h.enabled(ctx))),
        })
    }
}

struct HousePass<'d> {
    doc: &'d Document<'d>,
    lang: Lang,
    /// The built-in rules and the user's, each with the rules that are enabled (`None` when
    /// none is).
    sets: [(&'d HouseRules, Option<Vec<bool>>); 2],
}

impl Pass for HousePass<'_> {
    fn part(&mut self, part: &Part, out: &mut dyn Sink) {
        for (rules, enabled) in &self.sets {
            if let Some(enabled) = enabled {
                rules.scan(self.doc, part, enabled, self.lang, out);
            }
        }
    }

    fn finish(self: Box<Self>, _: &mut dyn Sink) {}
}

/// Ids of every house rule that `settings` runs: the built-in ones, then the user's.
pub fn rule_ids(settings: &crate::settings::Settings) -> Vec<&'static str> {
    BUILTIN
        .rules
        .iter()
        .chain(&settings.house.rules)
        .map(|r| r.id)
        .collect()
}

/// An example line with where it is written in its rule file.
#[derive(Debug, Clone)]
pub struct Example {
    /// The line.
    pub text: String,
    /// Its byte span in the rule file (for errors).
    pub span: Range<usize>,
}

/// How a rule finds its matches.
#[derive(Debug)]
enum Matcher {
    /// Literal strings (`words` or the keys of `replace`), matched by the set's automaton.
    Literal,
    /// A regular expression; `expand` when the replacement names groups. `gate`, when the
    /// pattern has one, holds strings one of which every match ends with: a block holding none
    /// of them is not searched.
    Pattern {
        re: Regex,
        expand: bool,
        gate: Option<AhoCorasick>,
    },
}

/// One compiled house rule.
#[derive(Debug)]
pub struct HouseRule {
    /// The rule id. Interned with `Box::leak` when the rule is loaded, because
    /// [`Diagnostic::rule`] is `&'static str`: ids are few (bounded by the config), each
    /// config is loaded once per run, and a `'static` id keeps every diagnostic cheap to copy.
    pub id: &'static str,
    /// Default severity.
    pub severity: Severity,
    message: String,
    message_en: Option<String>,
    matcher: Matcher,
    /// The fix text (`words` and `pattern` rules; `replace` rules carry one per word).
    replacement: Option<String>,
    applicability: Applicability,
    /// Whether any match has a fix.
    has_fix: bool,
    exceptions: Vec<String>,
    /// Copy the rule must flag.
    pub bad: Vec<Example>,
    /// Copy the rule must not flag.
    pub good: Vec<Example>,
    /// One line, English (built-in rules).
    pub summary: Option<String>,
    /// One line, Chinese (built-in rules).
    pub summary_zh: Option<String>,
    /// Long explanation (built-in rules).
    pub explain: Option<String>,
    /// Byte span of the rule's `id` value in its file (for errors about the whole rule).
    pub id_span: Range<usize>,
    /// The file the rule came from, as displayed.
    pub file: std::sync::Arc<load::SourceFile>,
}

impl HouseRule {
    /// What `newslint rules` says about the fix.
    pub fn fix_kind(&self) -> FixKind {
        match (self.has_fix, self.applicability) {
            (false, _) => FixKind::None,
            (true, Applicability::Safe) => FixKind::Safe,
            (true, Applicability::Unsafe) => FixKind::Unsafe,
        }
    }
}

/// A literal pattern of the shared automaton: which rule it belongs to and its replacement.
#[derive(Debug)]
struct Literal {
    rule: usize,
    replacement: Option<String>,
    /// The word starts / ends with an ASCII letter or digit: it must not be glued to another
    /// one (`AI` must not fire inside `MAIN`). Han text has no such boundaries.
    ascii_start: bool,
    ascii_end: bool,
}

/// A compiled set of house rules (one config's, or the built-in ones).
#[derive(Debug, Default)]
pub struct HouseRules {
    rules: Vec<HouseRule>,
    automaton: Option<AhoCorasick>,
    literals: Vec<Literal>,
}

/// An example that does not behave as its rule says.
#[derive(Debug)]
pub struct ExampleFailure {
    /// The rule.
    pub rule: &'static str,
    /// What is wrong, pointing at the example in its file.
    pub error: crate::config::ConfigError,
    /// Byte offset of the example in its file.
    pub at: usize,
}

/// One match before it becomes a diagnostic.
struct Hit {
    rule: usize,
    span: Range<usize>,
    replacement: Option<String>,
}

impl HouseRules {
    /// The rules, in file order.
    pub fn rules(&self) -> &[HouseRule] {
        &self.rules
    }

    /// True when a rule with this id is in the set.
    pub fn contains(&self, id: &str) -> bool {
        self.rules.iter().any(|r| r.id == id)
    }

    /// True when the set has no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Check `doc` with every enabled rule.
    pub fn check(&self, doc: &Document, ctx: &Context, out: &mut dyn Sink) {
        if let (Some(enabled), Some(part)) = (self.enabled(ctx), Part::whole(doc)) {
            self.scan(doc, &part, &enabled, ctx.lang(), out);
        }
    }

    /// Which rules `ctx` enables, by index; `None` when none is.
    fn enabled(&self, ctx: &Context) -> Option<Vec<bool>> {
        let enabled: Vec<bool> = self.rules.iter().map(|r| ctx.enabled(r.id)).collect();
        enabled.contains(&true).then_some(enabled)
    }

    /// Check `doc` with rule `only` alone (its examples), in `lang`.
    fn check_one(&self, doc: &Document, only: usize, lang: Lang) -> Vec<Diagnostic> {
        let enabled: Vec<bool> = (0..self.rules.len()).map(|i| i == only).collect();
        let mut out = Vec::new();
        if let Some(part) = Part::whole(doc) {
            self.scan(doc, &part, &enabled, lang, &mut out);
        }
        out
    }

    /// Check the blocks of `part` with the `enabled` rules.
    fn scan(&self, doc: &Document, part: &Part, enabled: &[bool], lang: Lang, out: &mut dyn Sink) {
        let text = doc.text;
        let literal_on = self
            .rules
            .iter()
            .zip(enabled)
            .any(|(r, on)| *on && matches!(r.matcher, Matcher::Literal));
        // Each gated pattern's gate literals, found once over the part's text (sorted by start)
        // rather than searched for in every block: one search per block and rule cost 150M
        // instructions on 100 MB of copy (356,000 blocks), for a literal that is rarely there.
        // A gate that opens a block lies wholly inside it, so inside the part.
        let base = part.bytes.start;
        let gated: Vec<Option<Vec<(usize, usize)>>> = self
            .rules
            .iter()
            .zip(enabled)
            .map(|(r, on)| match &r.matcher {
                Matcher::Pattern { gate: Some(g), .. } if *on => {
                    let mut v: Vec<(usize, usize)> = g
                        .find_overlapping_iter(&text[part.bytes.clone()])
                        .map(|m| (base + m.start(), base + m.end()))
                        .collect();
                    v.sort_unstable();
                    Some(v)
                }
                _ => None,
            })
            .collect();
        let mut hits: Vec<Hit> = Vec::new();
        let mut open_rules: Vec<usize> = Vec::new();
        for block in part.iter(doc) {
            let range = block.range();
            // A gate literal lies wholly inside the block.
            let open = |found: &Vec<(usize, usize)>| {
                let k = found.partition_point(|o| o.0 < range.start);
                found[k..]
                    .iter()
                    .take_while(|o| o.0 < range.end)
                    .any(|o| o.1 <= range.end)
            };
            open_rules.clear();
            open_rules.extend(self.rules.iter().enumerate().filter_map(|(i, r)| {
                (enabled[i]
                    && matches!(r.matcher, Matcher::Pattern { .. })
                    && gated[i].as_ref().is_none_or(open))
                .then_some(i)
            }));
            // The block's text is not touched unless some rule reads it: on a large file the
            // bytes at a block's end (sliced, so checked for a character boundary) are no longer
            // in the cache, and that one load per block was most of this loop's time.
            if !literal_on && open_rules.is_empty() {
                continue;
            }
            let hay = &text[range.clone()];
            hits.clear();
            if literal_on && let Some(ac) = &self.automaton {
                self.literal_hits(ac, hay, range.start, enabled, &mut hits);
            }
            for &i in &open_rules {
                if let Matcher::Pattern { re, expand, .. } = &self.rules[i].matcher {
                    pattern_hits(i, &self.rules[i], re, *expand, hay, range.start, &mut hits);
                }
            }
            for h in hits.drain(..) {
                let r = &self.rules[h.rule];
                if doc.overlaps_mask(h.span.clone()) || excepted(r, text, &range, &h.span) {
                    continue;
                }
                out.push(self.diagnostic(r, text, h, lang));
            }
        }
    }

    /// Literal matches of the enabled rules in one block, leftmost-longest within each rule.
    fn literal_hits(&self, ac: &AhoCorasick, hay: &str, base: usize, enabled: &[bool], hits: &mut Vec<Hit>) {
        let mut found: Vec<(usize, usize, usize)> = Vec::new(); // (rule, start, end) + pattern
        let mut pats: Vec<usize> = Vec::new();
        for m in ac.find_overlapping_iter(hay) {
            let lit = &self.literals[m.pattern().as_usize()];
            if !enabled[lit.rule] {
                continue;
            }
            let bytes = hay.as_bytes();
            if lit.ascii_start && m.start() > 0 && bytes[m.start() - 1].is_ascii_alphanumeric() {
                continue;
            }
            if lit.ascii_end && bytes.get(m.end()).is_some_and(u8::is_ascii_alphanumeric) {
                continue;
            }
            found.push((lit.rule, m.start(), m.end()));
            pats.push(m.pattern().as_usize());
        }
        if found.is_empty() {
            return;
        }
        // Per rule: earliest start first, longest first at one start; keep non-overlapping.
        let mut order: Vec<usize> = (0..found.len()).collect();
        order.sort_by_key(|&k| (found[k].0, found[k].1, std::cmp::Reverse(found[k].2)));
        let mut last: Option<(usize, usize)> = None; // (rule, end)
        for k in order {
            let (rule, start, end) = found[k];
            if let Some((r, e)) = last
                && r == rule
                && start < e
            {
                continue;
            }
            last = Some((rule, end));
            hits.push(Hit {
                rule,
                span: base + start..base + end,
                replacement: self.literals[pats[k]].replacement.clone(),
            });
        }
    }

    fn diagnostic(&self, r: &HouseRule, text: &str, h: Hit, lang: Lang) -> Diagnostic {
        let matched = &text[h.span.clone()];
        let template = match lang {
            Lang::En => r.message_en.as_deref().unwrap_or(&r.message),
            Lang::Zh => &r.message,
        };
        let message = template
            .replace("{match}", matched)
            .replace("{replacement}", h.replacement.as_deref().unwrap_or(""));
        let d = Diagnostic::new(r.id, r.severity, h.span, message);
        match h.replacement {
            Some(rep) if rep != matched => d.with_fix(rep, r.applicability),
            _ => d,
        }
    }

    /// Run every rule's examples; the first failure as an error pointing at the example.
    pub fn check_examples(&self) -> Result<(), crate::config::ConfigError> {
        match self.example_failures().into_iter().next() {
            Some(f) => Err(f.error),
            None => Ok(()),
        }
    }

    /// Every failing example, as errors pointing at the example in its rule file: a `bad`
    /// line the rule does not flag, or a `good` line it flags.
    pub fn example_failures(&self) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        for (i, r) in self.rules.iter().enumerate() {
            for ex in &r.bad {
                let doc = Document::parse(&ex.text, crate::document::SourceKind::Plain);
                if self.check_one(&doc, i, Lang::Zh).is_empty() {
                    failures.push(ExampleFailure {
                        rule: r.id,
                        at: ex.span.start,
                        error: r.file.error(
                            ex.span.clone(),
                            format!("bad example does not fire `{}`: {:?}", r.id, ex.text),
                        ),
                    });
                }
            }
            for ex in &r.good {
                let doc = Document::parse(&ex.text, crate::document::SourceKind::Plain);
                if let Some(d) = self.check_one(&doc, i, Lang::Zh).first() {
                    failures.push(ExampleFailure {
                        rule: r.id,
                        at: ex.span.start,
                        error: r.file.error(
                            ex.span.clone(),
                            format!(
                                "good example fires `{}` on {:?}: {:?}",
                                r.id,
                                &ex.text[d.span.clone()],
                                ex.text
                            ),
                        ),
                    });
                }
            }
        }
        // In the order of the file, whatever the kind of example.
        failures.sort_by_key(|f| f.at);
        failures
    }

    /// Number of examples (good and bad) in the set.
    pub fn example_count(&self) -> usize {
        self.rules.iter().map(|r| r.good.len() + r.bad.len()).sum()
    }
}

/// Regex matches of one rule in one block.
fn pattern_hits(
    rule: usize,
    r: &HouseRule,
    re: &Regex,
    expand: bool,
    hay: &str,
    base: usize,
    hits: &mut Vec<Hit>,
) {
    if expand {
        let template = r.replacement.as_deref().unwrap_or("");
        for caps in re.captures_iter(hay) {
            let m = caps.get(0).expect("group 0");
            if m.is_empty() {
                continue;
            }
            let mut rep = String::new();
            caps.expand(template, &mut rep);
            hits.push(Hit {
                rule,
                span: base + m.start()..base + m.end(),
                replacement: Some(rep),
            });
        }
    } else {
        for m in re.find_iter(hay) {
            if m.is_empty() {
                continue;
            }
            hits.push(Hit {
                rule,
                span: base + m.start()..base + m.end(),
                replacement: r.replacement.clone(),
            });
        }
    }
}

/// True when one of the rule's exceptions occurs in the block overlapping `span`.
fn excepted(r: &HouseRule, text: &str, block: &Range<usize>, span: &Range<usize>) -> bool {
    r.exceptions.iter().any(|e| {
        // Any occurrence overlapping the span starts within `len(e)` bytes before it.
        let lo = floor_boundary(text, span.start.saturating_sub(e.len()).max(block.start));
        let hi = ceil_boundary(text, (span.end + e.len()).min(block.end));
        let window = &text[lo..hi];
        window.match_indices(e.as_str()).any(|(i, _)| {
            let (s, t) = (lo + i, lo + i + e.len());
            s < span.end && t > span.start
        })
    })
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::SourceKind;
    use crate::settings::Settings;
    use std::sync::Arc;

    #[test]
    fn builtin_examples_hold() {
        assert!(!BUILTIN.rules.is_empty());
        let failures: Vec<String> = BUILTIN
            .example_failures()
            .into_iter()
            .map(|f| f.error.to_string())
            .collect();
        assert!(failures.is_empty(), "{failures:?}");
    }

    fn compile(src: &str) -> HouseRules {
        compile_file(src, "house.toml", &[]).unwrap_or_else(|e| panic!("{e}"))
    }

    fn run(rules: HouseRules, text: &str, kind: SourceKind) -> Vec<Diagnostic> {
        let settings = Settings {
            house: Arc::new(rules),
            ..Settings::default()
        };
        let doc = Document::parse(text, kind);
        let mut out = Vec::new();
        settings.house.check(&doc, &Context::new(&settings), &mut out);
        out
    }

    const WORDS: &str = r#"
[[rule]]
id = "no-ai-slang"
message = "“{match}”不宜用于新闻稿"
message-en = "avoid “{match}” in news copy"
words = ["AI", "绝绝子"]
good = ["MAIN 入口"]
bad = ["这款 AI 很好用"]
"#;

    #[test]
    fn words_match_with_exact_spans_and_ascii_boundaries() {
        let text = "MAIN 里没有，AI 有，绝绝子。";
        let d = run(compile(WORDS), text, SourceKind::Plain);
        let spans: Vec<&str> = d.iter().map(|d| &text[d.span.clone()]).collect();
        assert_eq!(spans, ["AI", "绝绝子"]);
        assert_eq!(d[0].rule, "no-ai-slang");
        assert_eq!(d[0].message, "“AI”不宜用于新闻稿");
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn english_message_follows_the_language() {
        let settings = Settings {
            lang: Lang::En,
            house: Arc::new(compile(WORDS)),
            ..Settings::default()
        };
        let d = crate::check_str("绝绝子", SourceKind::Plain, &settings);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "avoid “绝绝子” in news copy");
    }

    #[test]
    fn replace_map_gives_a_fix_per_word_and_longest_wins_within_a_rule() {
        let src = r#"
[[rule]]
id = "preferred-terms"
message = "“{match}”应为“{replacement}”"
replace = { "其它" = "其他", "其它方面" = "其他方面", "执政党" = "执政党" }
applicability = "safe"
good = ["其他"]
bad = ["其它"]
"#;
        let e = compile_file(src, "house.toml", &[]).unwrap_err().to_string();
        assert!(e.contains("the same on both sides"), "{e}");
        let src = src.replace(", \"执政党\" = \"执政党\"", "");
        let text = "在其它方面和其它地方";
        let d = run(compile(&src), text, SourceKind::Plain);
        let got: Vec<(&str, &str)> = d
            .iter()
            .map(|d| {
                (
                    &text[d.span.clone()],
                    d.fix.as_ref().unwrap().replacement.as_str(),
                )
            })
            .collect();
        assert_eq!(got, [("其它方面", "其他方面"), ("其它", "其他")]);
        assert_eq!(d[0].fix.as_ref().unwrap().applicability, Applicability::Safe);
        assert_eq!(d[1].message, "“其它”应为“其他”");
    }

    #[test]
    fn two_rules_sharing_a_word_both_fire() {
        let src = format!(
            "{WORDS}\n[[rule]]\nid = \"second\"\nmessage = \"m\"\nwords = [\"绝绝子\"]\ngood = [\"好\"]\nbad = [\"绝绝子\"]\n"
        );
        let d = run(compile(&src), "绝绝子", SourceKind::Plain);
        let mut ids: Vec<&str> = d.iter().map(|d| d.rule).collect();
        ids.sort();
        assert_eq!(ids, ["no-ai-slang", "second"]);
    }

    #[test]
    fn pattern_replacement_expands_groups_and_exceptions_silence() {
        let src = r#"
[[rule]]
id = "approx"
message = "“{match}”重复表示约数，改为“{replacement}”"
pattern = '(?P<keep>约[0-9]+\p{Han}{0,2})左右'
replacement = "${keep}"
exceptions = ["预约"]
good = ["预约10点左右"]
bad = ["约30人左右"]
"#;
        let text = "约30人左右到场，预约10点左右。";
        let d = run(compile(src), text, SourceKind::Plain);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(&text[d[0].span.clone()], "约30人左右");
        assert_eq!(d[0].fix.as_ref().unwrap().replacement, "约30人");
        assert_eq!(d[0].fix.as_ref().unwrap().applicability, Applicability::Unsafe);
    }

    /// Regression: the window searched for exceptions could end inside a character when ASCII
    /// and Han text are mixed after the match, and slicing there panicked.
    #[test]
    fn exception_window_ends_on_a_character_boundary() {
        let src = r#"
[[rule]]
id = "w"
message = "m"
words = ["坏"]
exceptions = ["坏人坏事"]
good = ["坏人坏事"]
bad = ["坏"]
"#;
        for text in [
            "坏a中文字多一些内容",
            "坏ab中文字多一些内容",
            "坏abc中文字多一些",
            "a坏人坏事b中文字多",
        ] {
            let d = run(compile(src), text, SourceKind::Plain);
            assert_eq!(d.len(), usize::from(!text.contains("坏人坏事")), "{text}");
        }
    }

    #[test]
    fn masked_text_and_block_edges_are_respected() {
        let d = run(
            compile(WORDS),
            "见 `AI` 和 https://example.com/AI 。\n\n绝绝\n子",
            SourceKind::Markdown,
        );
        assert!(d.is_empty(), "{d:?}");
    }

    /// The regex crate matches in linear time, so a pattern that makes backtracking engines
    /// explode (`(a*)*b` on a long run of `a`) finishes at once.
    #[test]
    fn pathological_pattern_is_linear() {
        let src = r#"
[[rule]]
id = "nested"
message = "m"
pattern = '(a*)*b'
good = ["aaaa"]
bad = ["aab"]
"#;
        let text = "a".repeat(200_000);
        let started = std::time::Instant::now();
        let d = run(compile(src), &text, SourceKind::Plain);
        assert!(d.is_empty());
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn builtin_rules_load_and_pass_their_examples() {
        assert!(!BUILTIN.is_empty());
        assert_eq!(BUILTIN_INFO.len(), BUILTIN.rules().len());
        for r in BUILTIN.rules() {
            assert!(r.summary.is_some() && r.summary_zh.is_some() && r.explain.is_some());
            assert!(r.message_en.is_some(), "{}", r.id);
        }
    }
}
