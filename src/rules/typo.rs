//! Wrong-character typos (`typo`) and non-recommended variant word forms (`variant-word`).
//!
//! Both rules are word lists: a string that is never correct in Simplified news copy (从林法则)
//! or a form that 《第一批异形词整理表》 does not recommend (丰富多采). The lists live in
//! `rules/typo/` and are produced by `examples/gen_typo.rs` (see that file and
//! `rules/typo/README.md` for how every entry was chosen).
//!
//! Matching finds, at each position, the longest wrong form of either table that starts there,
//! leftmost first and without overlaps among the matches that pass the rule's checks (a match
//! the run-time check drops leaves its characters to the next), so a longer wrong form wins
//! over a shorter one inside it. Both tables sit in one `fst` map built by `build.rs` (value: where the entry's line is,
//! and which table). A full automaton pass over every character was a quarter of the whole
//! linter's work; instead one pass over the bytes tests the character pair at each position
//! against a bitset of the pairs wrong forms start with, a position that passes is tested
//! against a Bloom filter of the forms themselves, and only one that passes both is looked up
//! in the map (both filters are built with the map). A publication's own pairs (`extend`) and
//! silenced forms (`allow`) come from settings, so they get a small daachorse automaton built
//! once per [`Options`] value and cached in it.

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::document::Document;
use crate::findings::Sink;
use crate::rules::{Context, Family, FixKind, Part, Pass, RuleInfo};
use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock, OnceLock};

/// The generated typo table: `wrong<TAB>right<TAB>source`.
pub const TYPOS_TSV: &str = include_str!("../../rules/typo/typos.tsv");
/// The generated variant table: `variant<TAB>recommended`.
pub const VARIANTS_TSV: &str = include_str!("../../rules/typo/variant_words.tsv");

/// Options of the `[typo]` config section.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// House pairs `wrong = right`, reported by `typo`. They take precedence over the built-in
    /// tables for the same wrong form.
    #[serde(default)]
    pub extend: BTreeMap<String, String>,
    /// Strings that are correct for this publication (a name, a brand). A built-in or house
    /// wrong form that is one of them, or lies inside one of them, is not reported.
    #[serde(default)]
    pub allow: Vec<String>,
    /// The house automaton, built on first use and shared by clones.
    #[serde(skip)]
    compiled: Arc<OnceLock<House>>,
}

impl Options {
    /// The house matcher for these options, or `None` when there are no house entries. Built
    /// once and cached; if the public fields were changed after it was built, a fresh one is
    /// built for this call.
    fn house(&self) -> Option<std::borrow::Cow<'_, House>> {
        if self.extend.is_empty() && self.allow.is_empty() {
            return None;
        }
        let h = self
            .compiled
            .get_or_init(|| House::new(&self.extend, &self.allow));
        if h.extend == self.extend && h.allow == self.allow {
            Some(std::borrow::Cow::Borrowed(h))
        } else {
            Some(std::borrow::Cow::Owned(House::new(&self.extend, &self.allow)))
        }
    }
}

/// Which table an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Typo,
    Variant,
}

/// One built-in entry.
#[derive(Debug)]
struct Entry {
    wrong: &'static str,
    right: &'static str,
    kind: Kind,
    /// The entry must pass [`Around::right_reads_better`] (its source column ends in
    /// [`CHECKED`]).
    checked: bool,
}

/// Suffix of the source column of the entries that `Around::right_reads_better` must
/// confirm: generated two-character forms, and listed ones that correct words could produce by
/// meeting (see `examples/gen_typo.rs`).
pub const CHECKED: &str = "+segment-check";

/// Flag in a map value: the entry is in the variant table (else the typo table).
const VARIANT_BIT: u32 = 1 << 31;

/// Both built-in tables as an `fst` map from wrong form to value, built by `build.rs` and
/// embedded. A value is the byte offset of the entry's line in its table, with
/// [`VARIANT_BIT`] set for the variant table, so nothing is parsed at start-up: a line is read
/// only when it matches.
static FORMS: LazyLock<fst::raw::Fst<&'static [u8]>> = LazyLock::new(|| {
    static BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/typo.fst"));
    fst::raw::Fst::new(BYTES).expect("typo map from build.rs")
});

/// The pair filter: the bit [`pair_hash`]`(pair_key(form))` is set for every built-in form.
static PAIRS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/typo.pairs"));
/// The form filter: the bits [`form_hash`] of every built-in form's first two, three or four
/// characters (all of a form of four or fewer; a longer one by its first four) are set.
static FORM_BITS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/typo.forms"));

#[path = "typo_filter.rs"]
mod filter;
use filter::{form_hash_words, pair_hash, pair_key};

#[inline(always)]
fn bit(set: &[u8], h: usize) -> bool {
    set[h >> 3] & (1 << (h & 7)) != 0
}

/// True when some built-in form may be `b[..6]`, `b[..9]` or start with `b[..12]` (the
/// second filter, asked only where the pair filter let a position through).
fn may_be_form(b: &[u8]) -> bool {
    let w: [u8; 12] = match b.first_chunk::<12>() {
        Some(&w) => w,
        None => {
            // The last few positions of a block.
            let mut w = [0u8; 12];
            w[..b.len()].copy_from_slice(b);
            w
        }
    };
    let lo = u64::from_le_bytes(w[..8].try_into().expect("eight bytes"));
    let hi = u64::from(u32::from_le_bytes(w[8..].try_into().expect("four bytes")));
    [(6, lo & 0xFFFF_FFFF_FFFF, 0), (9, lo, hi & 0xFF), (12, lo, hi)]
        .into_iter()
        .take_while(|&(n, _, _)| n <= b.len())
        .any(|(n, lo, hi)| form_hash_words(lo, hi, n).into_iter().all(|h| bit(FORM_BITS, h)))
}

/// The longest wrong form that `b` starts with: its byte length and value.
fn longest_form(b: &[u8]) -> Option<(usize, u32)> {
    let fst = &*FORMS;
    let mut node = fst.root();
    let mut out = fst::raw::Output::zero();
    let mut best = None;
    for (k, &byte) in b.iter().enumerate() {
        let Some(i) = node.find_input(byte) else { break };
        let t = node.transition(i);
        out = out.cat(t.out);
        node = fst.node(t.addr);
        if node.is_final() {
            best = Some((k + 1, out.cat(node.final_output()).value() as u32));
        }
    }
    best
}

/// Every built-in wrong form in `text`, leftmost first, longest at a position, not
/// overlapping: `(start, end, value)`.
#[cfg(test)]
fn builtin_matches(text: &str, mut f: impl FnMut(usize, usize, u32)) {
    let mut end = 0;
    builtin_candidates(text, |s, e, v| {
        if s >= end {
            f(s, e, v);
            end = e;
        }
    });
}

/// The longest built-in wrong form at every position of `text` where one starts, leftmost
/// first; they may overlap. The rule confirms each before it takes the next that does not
/// overlap it, so a form it drops (a junction of correct words, 暗|谈) does not hide a slip it
/// overlaps (谈笑风声).
///
/// One pass over the bytes looks at each character of three bytes (the only kind the built-in
/// forms are written in) and tests the pair it starts against the pair filter: a shift, a
/// multiply and one bit. Only a position that passes, about one in eight, is tested against
/// the form filter, and only one that passes that too is looked up in the map.
fn builtin_candidates(text: &str, mut f: impl FnMut(usize, usize, u32)) {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0;
    let mut slow = |i: usize| {
        if may_be_form(&b[i..n.min(i + 12)])
            && let Some((len, v)) = longest_form(&b[i..])
        {
            f(i, i + len, v);
        }
    };
    // A position passes the pair filter about one time in eight, at random, so branching on
    // it would mispredict often: `pair_candidates` collects the passing positions of a stretch
    // of text without branching on the filter, and they are handled after it.
    let mut buf = [0usize; CANDIDATES];
    while i + 8 <= n {
        let (next, k) = pair_candidates(b, i, &mut buf);
        i = next;
        for &p in &buf[..k] {
            slow(p);
        }
    }
    // The last few positions go through a padded copy.
    while i + 6 <= n {
        let x = b[i];
        if x & 0xF0 == 0xE0 {
            if bit(PAIRS, pair_hash(pair_key(&b[i..]))) {
                slow(i);
            }
            i += 3;
        } else {
            i += utf8_len(x);
        }
    }
}

/// Positions [`pair_candidates`] looks at in one call.
const CANDIDATES: usize = 256;

/// From `b[i]` (a character boundary, `i + 8 <= b.len()`), the next [`CANDIDATES`] characters
/// while eight bytes can be loaded at each: the positions whose pair passes the pair filter go
/// into `buf`. Returns where it stopped and how many it found. The buffer's length advances by
/// the filter's bit, so the loop has no branch that depends on the filter.
#[inline(never)]
fn pair_candidates(b: &[u8], mut i: usize, buf: &mut [usize; CANDIDATES]) -> (usize, usize) {
    let mut k = 0;
    for _ in 0..CANDIDATES {
        // One bounds check: eight bytes from `i` (`b[i..i + 8]` checked `i + 8` twice more).
        let Some(&w) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) else {
            break;
        };
        let w = u64::from_le_bytes(w);
        let x = w as u8;
        if x & 0xF0 == 0xE0 {
            buf[k % CANDIDATES] = i;
            k += usize::from(bit(PAIRS, pair_hash(w & 0xFFFF_FFFF_FFFF)));
            i += 3;
        } else {
            i += utf8_len(x);
        }
    }
    (i, k)
}

/// Length of the UTF-8 sequence that `lead` starts (1 for a continuation byte, which valid
/// text never puts here).
#[inline]
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// The entry a map value points at.
fn entry(value: u32) -> Entry {
    let (table, kind) = if value & VARIANT_BIT != 0 {
        (VARIANTS_TSV, Kind::Variant)
    } else {
        (TYPOS_TSV, Kind::Typo)
    };
    let line = table[(value & !VARIANT_BIT) as usize..]
        .lines()
        .next()
        .unwrap_or("");
    let mut cols = line.split('\t');
    let wrong = cols.next().unwrap_or("");
    let right = cols.next().unwrap_or("");
    let checked = cols.next().is_some_and(|src| src.ends_with(CHECKED));
    Entry {
        wrong,
        right,
        kind,
        checked,
    }
}

/// A publication's own entries: `extend` pairs and `allow` strings in one automaton.
#[derive(Clone)]
struct House {
    extend: BTreeMap<String, String>,
    allow: Vec<String>,
    /// Pattern `i` is `patterns[i]`; its replacement is `Some(right)` for an `extend` pair and
    /// `None` for an `allow` string.
    patterns: Vec<(String, Option<String>)>,
    ac: Option<Arc<CharwiseDoubleArrayAhoCorasick<u32>>>,
}

impl House {
    fn new(extend: &BTreeMap<String, String>, allow: &[String]) -> Self {
        let mut patterns: Vec<(String, Option<String>)> = Vec::new();
        let allowed: std::collections::HashSet<&str> = allow.iter().map(String::as_str).collect();
        for (w, r) in extend {
            if !w.is_empty() && !allowed.contains(w.as_str()) {
                patterns.push((w.clone(), Some(r.clone())));
            }
        }
        let mut allow_sorted: Vec<&String> = allow.iter().filter(|a| !a.is_empty()).collect();
        allow_sorted.sort();
        allow_sorted.dedup();
        for a in allow_sorted {
            patterns.push((a.clone(), None));
        }
        // Standard (overlapping) semantics: the caller merges these matches with the built-in
        // ones and picks leftmost-longest over both.
        let ac = (!patterns.is_empty()).then(|| {
            Arc::new(
                CharwiseDoubleArrayAhoCorasickBuilder::new()
                    .build_with_values(
                        patterns
                            .iter()
                            .enumerate()
                            .map(|(i, (p, _))| (p.as_str(), i as u32)),
                    )
                    .expect("house typo automaton"),
            )
        });
        House {
            extend: extend.clone(),
            allow: allow.to_vec(),
            patterns,
            ac,
        }
    }
}

impl std::fmt::Debug for House {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("House")
            .field("patterns", &self.patterns)
            .finish_non_exhaustive()
    }
}

/// What a match stands for.
#[derive(Debug, Clone, Copy)]
enum Hit {
    /// A built-in entry.
    Builtin(u32),
    /// A house pattern (extend pair or allow string).
    House(u32),
}

/// The family.
pub struct Typo;

static RULES: &[RuleInfo] = &[
    RuleInfo {
        id: "typo",
        severity: Severity::Warning,
        fix: FixKind::Unsafe,
        summary: "Wrong-character typo from a curated word list (从林法则 → 丛林法则)",
        summary_zh: "错别字（据整理的词表）：从林法则 → 丛林法则",
        explain: "\
Reports a **wrong-character typo** (错别字): a string that is never correct in Simplified news \
copy and that differs from a common word or idiom by a confusable character, such as \
`从林法则` for `丛林法则` or `言简意骇` for `言简意赅`. The span is exactly the wrong form and the \
message names the right one.

**Why it matters.** A wrong character in published copy is the error readers notice first.

**How the list is made.** `rules/typo/typos.tsv` is generated by `examples/gen_typo.rs` from \
two public typo lists (word-checker, macro-correct), from misspellings of common idioms \
(THUOCL) and of common words by a same-sound or look-alike character (in a two-character word, \
by a character that both sounds and looks the same, `严励` for `严厉`, `徘队` for `排队`, or by a \
substitution the typo lists make repeatedly between characters that sound or look alike, \
`国藉` for `国籍`), and \
from a short hand-curated list. An entry is kept only \
if its wrong form is not a word in jieba's dictionary (jieba also lists some common \
misspellings: a listed one counts when it is rare, at most an eighth as frequent as the right \
form, like `震憾`), not part of a longer word or idiom, never occurs in a clean news corpus, \
and is unlikely to arise where two correct words meet (`从林` is not listed, because \
`从林业局` is correct). The longest listed form wins where forms overlap. \
A match is also dropped when segmenting a few characters around it shows two correct words \
meeting across it (`悍卫` inside `强悍卫冕` reads 强悍|卫冕); a real misspelling leaves a lone \
character (`是从|林|法则`), so it is still reported. Generated two-character forms, and listed ones \
that correct words produce more often where they meet (`陷井`, `帐蓬`), must pass a stricter check: no word \
may run across the match, and the few characters around it must read better under jieba's \
word frequencies with the correction put in (`两地相矩甚远` is reported; `各相矩阵` is not). \
Two-character forms that read as a personal name (`高玲`, `严俊`) are not generated, since \
the segmenter cannot tell a name from a slip, and a two-character match right after a common \
surname standing on its own is read as a given name and not reported (`王宏亮`, `张安祥`; \
`声音很宏亮` is). A match that starts with a common surname right after a byline title (`记者`, \
`通讯员`, `实习生`, `编辑`, `摄影`) is a reporter's name (`记者陈阵报道`) and is not reported.

**Severity.** Warning: the list favours precision, so a finding is almost always a real error; \
a word list cannot see a typo that makes another real word (`制定`/`制订`).

**Fix.** Unsafe: the replacement changes wording, so `--fix` applies it only with \
`--unsafe-fixes`.

**Configuration.** A newsroom's own pairs and exceptions:

```toml
[typo]
extend = { \"按装\" = \"安装\" }   # report 按装, suggest 安装
allow = [\"从林\"]                 # never report this string, or anything inside it
```

`extend` pairs override a built-in entry with the same wrong form; an `allow` string silences \
every typo or variant found inside it (a brand or a personal name).",
        bad: &[
            "弱肉强食的从林法则不应成为国际关系的准则。",
            "他的发言言简意骇，赢得一片掌声。",
        ],
        good: &[
            "弱肉强食的丛林法则不应成为国际关系的准则。",
            "他的发言言简意赅，赢得一片掌声。",
            "从林业局到各林场，护林员全部上岗。",
        ],
    },
    RuleInfo {
        id: "variant-word",
        severity: Severity::Info,
        fix: FixKind::Unsafe,
        summary: "Non-recommended variant word form (丰富多采 → 丰富多彩)",
        summary_zh: "非推荐异形词：丰富多采 → 丰富多彩",
        explain: "\
Reports a word written in a form that 《第一批异形词整理表》 (the 2001 national standard for \
variant word forms) does not recommend, such as `丰富多采` for `丰富多彩` or `再接再砺` for \
`再接再厉`, and names the recommended form.

**Why it matters.** Style guides for Chinese news follow the table; mixing forms looks careless.

**Severity.** Info: the form is non-recommended rather than wrong. Raise it in config \
(`variant-word = \"warning\"`) to enforce the table.

**How the list is made.** `rules/typo/variant_words.tsv` is generated from the table by \
`examples/gen_typo.rs`. Forms written with non-standard characters are left to \
`traditional-char`; forms that occur in clean news copy (`标识`, which later dictionaries treat \
as a word of its own) or that mostly arise where two words meet (`定单` in `否定单边`) are left out.

**Fix.** Unsafe: the replacement changes wording. `allow` in `[typo]` silences a form.",
        bad: &["展会上的节目丰富多采，观众络绎不绝。"],
        good: &[
            "展会上的节目丰富多彩，观众络绎不绝。",
            "他们再接再厉，又拿下一块金牌。",
        ],
    },
];

/// True when `text` may contain a Han character: any lead byte of U+3000..U+9FFF or of a
/// supplementary-plane character. A cheap gate that skips ASCII blocks.
#[inline]
fn may_have_han(text: &str) -> bool {
    text.bytes().any(|b| (0xE3..=0xE9).contains(&b) || b >= 0xF0)
}

impl Family for Typo {
    fn rules(&self) -> &'static [RuleInfo] {
        RULES
    }

    fn start<'d>(&'d self, doc: &'d Document<'d>, ctx: &'d Context<'d>) -> Box<dyn Pass + 'd> {
        Box::new(TypoPass {
            doc,
            ctx,
            want_typo: ctx.enabled("typo"),
            want_variant: ctx.enabled("variant-word"),
            house: ctx.settings.typo.house(),
            hits: Vec::new(),
        })
    }
}

struct TypoPass<'d> {
    doc: &'d Document<'d>,
    ctx: &'d Context<'d>,
    want_typo: bool,
    want_variant: bool,
    house: Option<std::borrow::Cow<'d, House>>,
    hits: Vec<(usize, usize, Hit)>,
}

impl Pass for TypoPass<'_> {
    fn part(&mut self, part: &Part, out: &mut dyn Sink) {
        let (doc, ctx) = (self.doc, self.ctx);
        let (want_typo, want_variant) = (self.want_typo, self.want_variant);
        if !want_typo && !want_variant {
            return;
        }
        let house = &self.house;
        let hits = &mut self.hits;
        for block in part.iter(doc) {
            let text = doc.block_text(&block);
            if !may_have_han(text) {
                continue;
            }
            let base = block.start();
            hits.clear();
            match house.as_deref() {
                None => builtin_candidates(text, |s, e, v| hits.push((s, e, Hit::Builtin(v)))),
                Some(h) => with_house(h, text, hits),
            }
            // Leftmost-longest among the matches that pass their checks: one that is dropped
            // leaves its characters to the next.
            let mut taken = 0;
            for &(s, e, hit) in hits.iter() {
                let span = base + s..base + e;
                if s < taken || doc.overlaps_mask(span.clone()) {
                    continue;
                }
                let (kind, wrong, right): (Kind, &str, &str) = match hit {
                    Hit::Builtin(i) => {
                        let en = entry(i);
                        if en.kind == Kind::Typo {
                            let around = Around::new(text, s, e);
                            if around.glued_to_neighbour()
                                || around.given_name()
                                || around.byline_name()
                                || (en.checked && !around.right_reads_better(en.right))
                            {
                                continue;
                            }
                        }
                        (en.kind, en.wrong, en.right)
                    }
                    Hit::House(i) => {
                        let Some(h) = house.as_deref() else { continue };
                        let (p, r) = &h.patterns[i as usize];
                        match r {
                            Some(r) => (Kind::Typo, p.as_str(), r.as_str()),
                            // An allowed string holds its characters: nothing inside it is
                            // reported.
                            None => {
                                taken = e;
                                continue;
                            }
                        }
                    }
                };
                taken = e;
                match kind {
                    Kind::Typo if want_typo => out.push(
                        Diagnostic::new(
                            "typo",
                            Severity::Warning,
                            span,
                            ctx.msg(
                                format!("“{wrong}”应为“{right}”"),
                                format!("“{wrong}” should be “{right}”"),
                            ),
                        )
                        .with_fix(right, Applicability::Unsafe),
                    ),
                    Kind::Variant if want_variant => out.push(
                        Diagnostic::new(
                            "variant-word",
                            Severity::Info,
                            span,
                            ctx.msg(
                                format!("“{wrong}”是非推荐词形，《第一批异形词整理表》推荐用“{right}”"),
                                format!(
                                    "“{wrong}” is a non-recommended variant; 《第一批异形词整理表》 recommends “{right}”"
                                ),
                            ),
                        )
                        .with_fix(right, Applicability::Unsafe),
                    ),
                    _ => {}
                }
            }
        }
    }

    fn finish(self: Box<Self>, _: &mut dyn Sink) {}
}

/// A built-in typo match at `s..e` of `text` and the few characters around it, segmented once
/// for both run-time checks. Matches are rare on clean copy, so this costs nothing measurable.
struct Around<'t> {
    text: &'t str,
    /// The match.
    s: usize,
    e: usize,
    /// The window around it.
    lo: usize,
    hi: usize,
    /// The window's words as written.
    cut: Vec<jieba_rs::Token<'t>>,
    /// Some word overlapping the match runs past one of its edges.
    crosses: bool,
    /// Every word overlapping the match has two or more characters.
    all_words: bool,
}

impl<'t> Around<'t> {
    fn new(text: &'t str, s: usize, e: usize) -> Self {
        const AROUND: usize = 6;
        let lo = text[..s]
            .char_indices()
            .rev()
            .nth(AROUND - 1)
            .map_or(0, |(i, _)| i);
        let hi = text[e..]
            .char_indices()
            .nth(AROUND)
            .map_or(text.len(), |(i, _)| e + i);
        let cut = crate::segment::jieba().cut(&text[lo..hi], false);
        let (mut crosses, mut all_words) = (false, true);
        for t in &cut {
            let (a, b) = (lo + t.byte_start, lo + t.byte_end);
            if a < e && s < b {
                crosses |= a < s || e < b;
                all_words &= t.end - t.start >= 2;
            }
        }
        Around {
            text,
            s,
            e,
            lo,
            hi,
            cut,
            crosses,
            all_words,
        }
    }

    /// True when the segmenter reads the match as correct words meeting: every word that
    /// overlaps it has two or more characters and one of them runs past an edge (峻工 in
    /// 形势严峻工作艰巨 is 严峻|工作, 录相 in 记录相关数据 is 记录|相关). A real misspelling leaves
    /// its wrong character outside any word (从林法则 in 本质是从林法则 is 是从|林|法则, with 林
    /// alone), so it is still reported. The generator relies on this check for wrong forms that
    /// correct words can produce only by overlapping their edges (see `examples/gen_typo.rs`).
    fn glued_to_neighbour(&self) -> bool {
        self.crosses && self.all_words
    }

    /// True when a two-character match follows a common surname standing on its own: the three
    /// characters read as a full name (王宏亮, 张安祥, 李静侯), which the segmenter cuts into
    /// single characters and a list cannot tell from a slip. A surname character inside a word
    /// before the match (许 in 许多, 马 in 马上) is no sign of a name.
    fn given_name(&self) -> bool {
        let t = self.text;
        if t[self.s..self.e].chars().count() != 2 {
            return false;
        }
        let Some(prev) = t[..self.s].chars().next_back() else {
            return false;
        };
        let at = self.s - prev.len_utf8() - self.lo;
        crate::rules::doubled::is_surname(prev)
            && self
                .cut
                .iter()
                .any(|w| w.byte_start == at && w.byte_end == at + prev.len_utf8())
    }

    /// True when the match starts with a common surname right after a byline title (记者,
    /// 通讯员, …, spaces allowed between): news copy names its reporters there (记者陈阵报道), and
    /// a name is no slip whatever the list pairs it with (陈阵 → 阵阵).
    fn byline_name(&self) -> bool {
        const TITLES: [&str; 5] = ["记者", "通讯员", "实习生", "编辑", "摄影"];
        let t = self.text;
        if !t[self.s..]
            .chars()
            .next()
            .is_some_and(crate::rules::doubled::is_surname)
        {
            return false;
        }
        let before = t[..self.s].trim_end_matches([' ', '\u{3000}']);
        TITLES.iter().any(|w| before.ends_with(w))
    }

    /// The stricter check for a [`CHECKED`] entry: a noisy-channel comparison. The match is
    /// confirmed only when (1) as written, no word runs across an edge of the match (its
    /// characters stand alone or form one word: 松|驰 or 松驰, not 山脉|博物馆), and (2) the
    /// window segmented with `right` put in is more probable under jieba's word frequencies by
    /// [`RIGHT_READS_BETTER_MARGIN`]. A wrong form that correct words produce by meeting reads
    /// worse once "corrected" (脉|博物馆 would become 脉搏|物|馆), so it stays unreported.
    fn right_reads_better(&self, right: &str) -> bool {
        if self.crosses {
            return false;
        }
        let seg = crate::segment::jieba();
        let score = |cut: &[jieba_rs::Token]| -> f64 { cut.iter().map(|t| seg.log_prob(t.word)).sum() };
        let t = self.text;
        let fixed = format!("{}{right}{}", &t[self.lo..self.s], &t[self.e..self.hi]);
        score(&seg.cut(&fixed, false)) - score(&self.cut) >= RIGHT_READS_BETTER_MARGIN
    }
}

/// How much more probable (natural log) the window must read with the right form than as
/// written: a factor of 8, the same margin by which the generator lets a listed wrong form that
/// jieba knows count as a misspelling (`LISTED_WORD_RATIO`).
const RIGHT_READS_BETTER_MARGIN: f64 = 2.08;

/// The built-in candidates and the house patterns' matches together, leftmost first, then
/// longest, then house before built-in; they may overlap, and the rule takes them in this
/// order as it does [`builtin_candidates`] alone. Only used when the settings have house
/// entries.
fn with_house(house: &House, text: &str, out: &mut Vec<(usize, usize, Hit)>) {
    let mut all: Vec<(usize, usize, u8, Hit)> = Vec::new();
    builtin_candidates(text, |s, e, v| all.push((s, e, 1, Hit::Builtin(v))));
    if let Some(ac) = &house.ac {
        all.extend(
            ac.find_overlapping_iter(text)
                .map(|m| (m.start(), m.end(), 0, Hit::House(m.value()))),
        );
    }
    all.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    out.extend(all.into_iter().map(|(s, e, _, hit)| (s, e, hit)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::SourceKind;
    use crate::settings::Settings;

    #[test]
    fn the_text_side_asks_the_form_filter_what_build_rs_put_in() {
        // Every listed form's first two, three and four characters pass `may_be_form`, as
        // they went into the filter (with `form_hash`), at the end of a block too.
        for (_, wrong, _, _) in listed().into_iter().step_by(97) {
            let b = wrong.as_bytes();
            let mut text = b.to_vec();
            text.extend_from_slice("的一是在不了".as_bytes());
            assert!(may_be_form(&text[..text.len().min(12)]), "{wrong}");
            assert!(may_be_form(&b[..b.len().min(12)]), "{wrong} at the end");
        }
        // Both sides hash a string the same way.
        let s = "风声鹤唳草木".as_bytes();
        let w = |n: usize| {
            let mut v = [0u8; 16];
            v[..n].copy_from_slice(&s[..n]);
            [0, 8].map(|i| u64::from_le_bytes(v[i..i + 8].try_into().unwrap()))
        };
        for n in [6, 9, 12] {
            let [lo, hi] = w(n);
            assert_eq!(filter::form_hash(&s[..n]), form_hash_words(lo, hi, n));
        }
        // A string that is no form's beginning is mostly turned away (the filter is 16% full,
        // so about one in 250 passes three slots by chance).
        let passed = "今天天气很好我们一起去公园散步吧春风吹过湖面泛起阵阵涟漪"
            .char_indices()
            .filter(|&(i, _)| {
                let t = "今天天气很好我们一起去公园散步吧春风吹过湖面泛起阵阵涟漪".as_bytes();
                may_be_form(&t[i..t.len().min(i + 12)])
            })
            .count();
        assert!(passed <= 3, "{passed}");
    }

    /// Every listed line, as `build.rs` reads it: (value, wrong, right, kind).
    fn listed() -> Vec<(u32, &'static str, &'static str, Kind)> {
        let mut v = Vec::new();
        for (table, kind, bit) in [
            (TYPOS_TSV, Kind::Typo, 0),
            (VARIANTS_TSV, Kind::Variant, VARIANT_BIT),
        ] {
            let mut off = 0;
            for line in table.split_inclusive('\n') {
                let l = line.trim_end_matches('\n');
                if !l.starts_with('#') && !l.is_empty() {
                    let mut cols = l.split('\t');
                    v.push((off as u32 | bit, cols.next().unwrap(), cols.next().unwrap(), kind));
                }
                off += line.len();
            }
        }
        v
    }

    #[test]
    fn prebuilt_map_points_every_entry_at_its_own_line() {
        // build.rs builds the map and both filters from the same files; if its reading ever
        // drifted from `entry`, a wrong form would find another line, or nothing (and a form
        // the filters miss would not be found at all).
        let all = listed();
        assert!(all.len() > 10_000);
        for (value, wrong, right, kind) in all {
            let mut found = Vec::new();
            builtin_matches(wrong, |s, e, v| found.push((s, e, v)));
            assert_eq!(found.first(), Some(&(0, wrong.len(), value)), "{wrong}");
            let e = entry(value);
            assert_eq!((e.wrong, e.right, e.kind), (wrong, right, kind));
        }
    }

    /// The prefiltered search gives what a plain leftmost-longest search over every position
    /// gives, on text stitched from pieces of wrong forms, their corrections and filler.
    #[test]
    fn matches_are_leftmost_longest() {
        let all = listed();
        let forms: std::collections::HashMap<&str, u32> = all.iter().map(|(v, w, _, _)| (*w, *v)).collect();
        let longest = forms.keys().map(|w| w.len()).max().unwrap();
        let mut rng = crate::testutil::Rng::new();
        let mut next = |m: usize| rng.below(m);
        for _ in 0..3000 {
            let mut t = String::new();
            for _ in 0..1 + next(6) {
                let (_, w, r, _) = all[next(all.len())];
                let piece = match next(4) {
                    0 => w,
                    1 => r,
                    2 => &w[w.char_indices().nth(1).map_or(0, |(i, _)| i)..],
                    _ => "，的2024年",
                };
                t.push_str(piece);
            }
            let mut got = Vec::new();
            builtin_matches(&t, |s, e, v| got.push((s, e, v)));
            let mut want = Vec::new();
            let mut p = 0;
            while p < t.len() {
                let hit = (p + 1..=(p + longest).min(t.len()))
                    .rev()
                    .filter(|&e| t.is_char_boundary(e))
                    .find_map(|e| forms.get(&t[p..e]).map(|&v| (p, e, v)));
                match hit {
                    Some(h) => {
                        want.push(h);
                        p = h.1;
                    }
                    None => p += t[p..].chars().next().unwrap().len_utf8(),
                }
            }
            assert_eq!(got, want, "{t}");
        }
    }

    fn find(text: &str, settings: &Settings) -> Vec<(&'static str, String, String)> {
        crate::check_str(text, SourceKind::Plain, settings)
            .into_iter()
            .filter(|d| d.rule == "typo" || d.rule == "variant-word")
            .map(|d| {
                (
                    d.rule,
                    text[d.span.clone()].to_string(),
                    d.fix.map(|f| f.replacement).unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn tables_parse_and_are_disjoint() {
        let all = listed();
        let typos = all.iter().filter(|e| e.3 == Kind::Typo).count();
        let variants = all.len() - typos;
        assert!(
            typos > 1000 && variants > 100,
            "{typos} typos, {variants} variants"
        );
        let mut wrongs: Vec<&str> = all.iter().map(|e| e.1).collect();
        wrongs.sort_unstable();
        let n = wrongs.len();
        wrongs.dedup();
        assert_eq!(n, wrongs.len(), "a wrong form is listed twice");
    }

    #[test]
    fn reports_typo_with_unsafe_fix() {
        let s = Settings::default();
        let d = crate::check_str("坚持从林法则。", SourceKind::Plain, &s);
        let d: Vec<_> = d.into_iter().filter(|d| d.rule == "typo").collect();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span, 6..18);
        assert_eq!(d[0].message, "“从林法则”应为“丛林法则”");
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(fix.replacement, "丛林法则");
        assert_eq!(fix.applicability, Applicability::Unsafe);
    }

    #[test]
    fn allow_shadows_and_extend_overrides() {
        let mut s = Settings::default();
        s.typo.extend.insert("按装".into(), "安装".into());
        s.typo
            .extend
            .insert("言简意骇".into(), "言简意赅（house）".into());
        s.typo.allow.push("从林法则研究会".into());
        let got = find("按装设备；言简意骇；从林法则研究会；从林法则。", &s);
        assert_eq!(
            got,
            vec![
                ("typo", "按装".into(), "安装".into()),
                ("typo", "言简意骇".into(), "言简意赅（house）".into()),
                ("typo", "从林法则".into(), "丛林法则".into()),
            ]
        );
    }

    #[test]
    fn house_cache_follows_changes() {
        let mut s = Settings::default();
        s.typo.extend.insert("按装".into(), "安装".into());
        assert_eq!(find("按装", &s).len(), 1);
        let mut s2 = s.clone();
        s2.typo.extend.clear();
        s2.typo.extend.insert("按钮装".into(), "按钮".into());
        assert_eq!(find("按装", &s2), vec![]);
        assert_eq!(find("按钮装", &s2).len(), 1);
    }

    #[test]
    fn skips_text_without_han() {
        assert!(!may_have_han("plain ASCII, no Chinese at all"));
        assert!(may_have_han("中"));
        assert!(may_have_han("𠀀"));
    }

    #[test]
    fn right_reads_better_drops_a_one_character_word_beside_a_longer_one() {
        let check = |text: &str, wrong: &str, right: &str| {
            let s = text.find(wrong).unwrap();
            let e = s + wrong.len();
            let around = Around::new(text, s, e);
            (around.glued_to_neighbour(), around.right_reads_better(right))
        };
        // 各|相|矩阵: the glued check does not drop 相矩 (相 stands alone), but 矩阵 runs past
        // its edge, and 相距|阵 would read worse.
        assert_eq!(check("各相矩阵元素", "相矩", "相距"), (false, false));
        // 海岸线|相|矩|甚远: both characters alone, and 相距 reads far better.
        assert_eq!(check("海岸线相矩甚远", "相矩", "相距"), (false, true));
    }
}
