//! `duplicate-text`: sentences, runs of sentences, paragraphs and long clauses pasted twice.
//!
//! # Design
//!
//! The unit of comparison is the **clause**: the text between two of ，,：:；;。！？!?…
//! (`scan`). Every clause of the document is normalised (punctuation of any width and
//! whitespace dropped, full-width Latin folded) and hashed. Working on clauses rather than on
//! sentences is what finds copies glued on with a comma or a semicolon (`…方向发展;全球安全倡议…`)
//! that a sentence split cannot separate, and what lets a copy whose punctuation changed
//! (a comma turned into a full stop) still match clause by clause.
//!
//! Matching is near-linear: sorting the clauses by hash gives each clause its first occurrence
//! and its ordinal among equal clauses, and a second sort, of pairs of consecutive clauses,
//! links each repeated clause to the previous one followed by the same clause (sorting walks
//! memory in order; a hash table the size of a large file missed the cache on every probe).
//! The normalised text is not kept; it is rebuilt from the source to confirm a run before it
//! is reported. At clause `i` the rule
//! tries a bounded number of earlier occurrences and extends each forward, clause by clause,
//! while the texts agree, the later copy stays in its block and does not overlap the earlier
//! copy; the longest extension (in Han characters) wins and the scan jumps past it. A copy that
//! starts in the middle of a sentence ends at that sentence's end, so that a pasted tail is not
//! fused with the whole sentence pasted after it.
//!
//! Each repeated run is then classified:
//! - both copies are whole sentences (or runs of them) → a repeated sentence, warning, fix
//!   removes the later copy; consecutive whole paragraphs merge into one finding;
//! - the later copy follows the earlier one (or another copy of it) directly inside a
//!   sentence → a tandem paste, warning, same fix;
//! - otherwise, a long clause run repeated inside one paragraph → info, no fix (it may be a
//!   deliberate refrain).
//!
//! Sentences left unmatched are compared near-exactly (a character or two differ) with earlier
//! sentences that share their first or last four characters: bucketed by prefix and suffix,
//! at most a few candidates per bucket, bounded edit distance (`near`).
//!
//! The cross-file half ([`fingerprints`], [`cross_file_diagnostic`]) hashes whole paragraphs
//! with the same normalisation; the runner compares the hashes of all files.

mod near;
mod scan;

use crate::diagnostic::{Applicability, Diagnostic, OtherFile, Related, Severity};
use crate::document::Document;
use crate::findings::Sink;
use crate::lines::LineIndex;
use crate::rules::{Context, Family, FixKind, Pass, RuleInfo, Whole};
use scan::{Clauses, Sep};
use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;

const RULE: &str = "duplicate-text";

/// Options of the `[duplicate-text]` config section.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// A repeated sentence (or run of sentences) is reported when it holds at least this many
    /// Han characters.
    pub min_sentence_han: usize,
    /// A clause run repeated inside a paragraph is reported when it holds at least this many
    /// Han characters.
    pub min_clause_han: usize,
    /// A paragraph takes part in cross-file checking when it holds at least this many Han
    /// characters.
    pub min_paragraph_han: usize,
    /// Most edits (characters inserted, deleted or replaced) for two sentences to count as
    /// near-exact copies; 0 turns near-exact matching off. At most 3.
    pub max_edits: usize,
    /// Report paragraphs repeated across the files of one run.
    pub cross_file: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            min_sentence_han: 10,
            min_clause_han: 15,
            min_paragraph_han: 20,
            max_edits: 2,
            cross_file: true,
        }
    }
}

/// The family.
pub struct Duplicate;

static RULES: &[RuleInfo] = &[RuleInfo {
    id: RULE,
    severity: Severity::Warning,
    fix: FixKind::Unsafe,
    summary: "A sentence, run of sentences, paragraph or long clause appears twice",
    summary_zh: "句子、段落或长分句重复出现",
    explain: EXPLAIN,
    bad: &[
        "山区小学的操场终于铺上了塑胶跑道。孩子们在新跑道上跑得格外起劲。山区小学的操场终于铺上了塑胶跑道。",
        "县里新修的公路通到了每个自然村,沿线的果园也有了冷库,县里新修的公路通到了每个自然村,沿线的果园也有了冷库。",
    ],
    good: &[
        "会议指出。会议强调。会议要求。",
        "一月份全市居民消费价格同比上涨百分之一。二月份全市居民消费价格同比上涨百分之一。",
        "他说：“人民对美好生活的向往就是我们的奋斗目标。”她也说：“人民对美好生活的向往就是我们的奋斗目标。”",
    ],
}];

const EXPLAIN: &str = r#"Reports text that appears twice: the most common paste accident in edited copy.

## What it catches
- **A repeated sentence** (or a run of consecutive sentences, or whole paragraphs) anywhere in
  the document, exactly or nearly: copies that differ only in punctuation width, in a changed
  punctuation mark, in spacing, or in a character or two. The finding is on the later copy and
  points back to the first one ("本句重复了第93行第148列的句子"). A run of sentences, or of
  consecutive paragraphs, is one finding. Severity **warning**.
- **A tandem paste** inside a sentence: a passage followed directly by itself and joined with a
  comma (`…构建兼顾各方利益的安全架构,构建兼顾各方利益的安全架构,…`), which a sentence split cannot see. Warning.
- **A long clause repeated in one paragraph** (at least `min-clause-han` Han characters between
  commas or semicolons, or a run of such clauses): often a clause pasted over another one, but
  sometimes a deliberate refrain, so it is reported at **info** and without a fix.

A sentence here ends at 。！？!?… and also at a semicolon: coordinate sentences joined with
；/; are pasted as units.

## What it leaves alone
- Short sentences and clauses: 会议指出。 他说。 坚持…, 推动… (below the thresholds).
- A headline repeated as the first sentence: headings, plain-text lines under 50 Han
  characters without a sentence-final mark, and a first line that is one short sentence not
  ending in 。 (a headline ending in ！ or ？) are not compared. Table cells are not compared.
- Quotations: a sentence or clause that lies entirely inside quotation marks or 《》 (a quoted
  slogan, a key quote recalled at the end of a commentary) is not reported on its own, and
  two sentences that quote the same words with different attributions (他说：“…” /
  她也说：“…”) are not near copies.
- Parallel sentences: two sentences that differ in a number (一月份/二月份), in a two-character
  word (防汛工作/安全工作) or in one contrasting character (进口/出口, 上涨/下跌) state different
  facts; they are not near copies.
- Far-apart variants: a copy that is not identical to its first copy (another punctuation mark,
  a character or two) is reported only within 20 paragraphs of it. In a long file that holds
  many stories, two of them quoting one formulaic sentence with different punctuation are not
  a paste. Identical copies are reported anywhere in the file.
- Copies far apart in a file of very short clauses: a file with a clause for every 40 bytes or
  less (lists of one-word clauses, not news copy, which has one for every 45-50) and more than
  a million clauses is checked in overlapping windows of about a million clauses, to keep
  memory within twice the file's size. A copy is then found when it lies within half a window
  (about half a million clauses) of its first copy.

## How it works, and why hashing
Every clause is normalised (punctuation and whitespace dropped, full-width Latin folded) and
hashed in one pass; runs of equal clauses are extended from a bounded number of earlier
occurrences of their first clause, so the cost is linear in the length of the text, and the
texts of a run are compared once before it is reported. A diff library (such as `similar`)
compares two given texts; finding repeats inside one text that way would mean comparing every
sentence with every other one, which is quadratic. Near-exact comparison is made only between
sentences that share their first or last four characters and whose lengths differ by at most
`max-edits`, with a bounded edit-distance search; a near copy whose first and last four
characters were both edited is not found.

## Fix
Removing the later copy is offered as an **unsafe** fix: the later copy is usually the
accident, but a near copy may carry the corrected wording, and only an editor can tell. The
removal keeps the punctuation right: a copy followed by a comma or semicolon goes with that
separator (`甲；乙；乙；丙。` → `甲；乙；丙。`); a copy that ends its sentence goes with the
separator before it, so the sentence keeps its full stop (`甲；乙；乙。` → `甲；乙。`; the
finding then starts at that separator); a repeated paragraph goes with its line. Clause-level
(info) findings have no fix.

## Thresholds and configuration
```toml
[duplicate-text]
min-sentence-han = 10   # repeated sentences and tandem pastes need at least this many Han
min-clause-han = 15     # same-paragraph clause runs need at least this many
min-paragraph-han = 20  # paragraphs shorter than this are not compared across files
max-edits = 2           # near-exact copies; 0 turns near matching off (at most 3)
cross-file = true       # report paragraphs repeated across the files of one run
```
The thresholds sit above the lengths of what legitimately recurs in news copy: short sentences
(会议指出。, 4 Han characters), photo credits (新华社记者×××摄, under 10), formulaic clauses
(坚持稳中求进, 推动高质量发展: 4 to 12) and slogans (绿水青山就是金山银山: 10). On the clean
corpus used for measurement (4,989 published sentences in 1,424 paragraphs, checked as one
file) the defaults report nothing; injected copies of sentences, runs and paragraphs, exact or
with a changed punctuation mark, are all found.

## Across files
`newslint check` over several files reports a paragraph (at least `min-paragraph-han` Han
characters) that appears in two files of the run, pointing at the other file. Only hashes are
kept, so memory grows with the number of paragraphs, not with the text. Turn it off with
`--no-cross-file` or `cross-file = false`.
"#;

impl Family for Duplicate {
    fn rules(&self) -> &'static [RuleInfo] {
        RULES
    }

    fn start<'d>(&'d self, doc: &'d Document<'d>, ctx: &'d Context<'d>) -> Box<dyn Pass + 'd> {
        Box::new(Whole(move |out: &mut dyn Sink| self.check_whole(doc, ctx, out)))
    }
}

impl Duplicate {
    /// Check the whole document at once (see [`Whole`]).
    fn check_whole(&self, doc: &Document, ctx: &Context, out: &mut dyn Sink) {
        if !ctx.enabled(RULE) {
            return;
        }
        check_in_windows(doc, ctx, WINDOW_MIN, out);
    }
}

/// Check `doc` in windows of at least `cap` clauses (see [`WINDOW_MIN`]).
fn check_in_windows(doc: &Document, ctx: &Context, cap: usize, out: &mut dyn Sink) {
    let opts = &ctx.settings.duplicate;
    // Later copies in blocks before this one were reported by the window before.
    let mut reported_to = 0;
    let mut from = 0;
    loop {
        let (mut cl, next) = scan::clauses_from(doc, from, cap);
        if cl.list.len() >= 2 {
            for f in find(doc.text, &mut cl, opts) {
                if reported_to == 0 || cl.block(f.later.start) as usize >= reported_to {
                    out.push(diagnostic(doc, ctx, &cl, doc.lines(), &f));
                }
            }
        }
        if next >= doc.blocks.len() {
            return;
        }
        // The window stopped at `cap` clauses or more, so it has some. The next one starts at the
        // block of its middle clause: a copy less than half a window after its first copy
        // lies in one window with it.
        reported_to = next;
        from = (cl.block(cl.list.len() / 2) as usize).max(from + 1);
    }
}

/// The fewest clauses a window holds.
///
/// The rule keeps about 50 bytes per clause of news copy (the clause, the repeat index, the
/// sentence hashes), and up to 100 when every clause repeats. News copy has a clause every
/// 45-50 bytes, so it is checked in one window however long it is: a window ends only once it
/// holds this many clauses and they average fewer than [`scan::WINDOW_CLAUSE_BYTES`] bytes
/// each. A text cut into far shorter clauses (lists of one-character clauses, `是，是，…`)
/// would take many times its size: it is checked in windows of this many clauses, about 100 MB
/// each at most, each starting halfway through the one before, so a copy is found when it lies
/// less than half a window (half a million clauses) after its first copy.
const WINDOW_MIN: usize = 1 << 20;

/// What kind of repeat a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Whole sentences (or a run of them) repeated.
    Sentence,
    /// A passage followed directly by itself inside a sentence.
    Tandem,
    /// A long clause run repeated in the same paragraph.
    Clause,
}

/// A repeat: the later copy is clauses `later`, the first copy clauses `first`.
#[derive(Debug, Clone)]
struct Finding {
    later: Range<usize>,
    first: Range<usize>,
    /// `None` for a repeat not reportable on its own that may still join a neighbour.
    kind: Option<Kind>,
    /// A character or two differ between the copies.
    near: bool,
}

/// How many earlier occurrences of a clause are tried as the start of a copy: the first one
/// and the most recent ones. Bounded so that a clause repeated everywhere (他说) stays cheap.
const RECENT_TRIED: usize = 6;

/// Longest run one extension follows, in clauses. Longer copies are found as consecutive runs
/// and joined again; the cap keeps a block of endlessly repeated clauses linear.
const MAX_RUN: usize = 256;

/// Candidates looked at per near-match bucket.
const BUCKET_TRIED: usize = 8;

/// Copies that are not identical to their first copy (other punctuation marks, a character or
/// two) are reported only this many blocks after it. A changed copy is weaker evidence than
/// an identical one: in a long file (a day's stories in one file) two variants of a formulaic
/// sentence far apart are different stories quoting it, not a paste.
const NEAR_WINDOW_BLOCKS: u32 = 20;

/// Every repeat in the document, in order of the later copy.
fn find(text: &str, cl: &mut Clauses, opts: &Options) -> Vec<Finding> {
    let n = cl.list.len();
    let list = &cl.list;
    let index = Index::new(cl);
    let floor = opts.min_clause_han.min(opts.min_sentence_han).max(1) as u32;
    let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // (later start, first start, len)
    let (mut x, mut y) = (Vec::new(), Vec::new());
    let mut i = 0;
    let mut consumed = 0;
    while i < n {
        // A copy starts with a clause that holds Han characters: runs of bare numbers (a
        // list of figures) are not prose, and skipping them keeps such blocks linear.
        let best = if list[i].han() > 0 {
            index.best(cl, i)
        } else {
            None
        };
        match best {
            Some((han, mut len, mut j)) if han >= floor => {
                let mut s = i;
                // Grow backwards over clauses that an earlier occurrence of their own text
                // took away from this copy (a common clause such as 他说 tried elsewhere).
                while s > consumed
                    && j > 0
                    && !list[s].starts_block()
                    && !list[j].starts_block()
                    && j + len < s
                    && cl.same(s - 1, j - 1)
                {
                    s -= 1;
                    j -= 1;
                    len += 1;
                }
                // Hashes matched; confirm the texts (a 64-bit collision is unlikely, not
                // impossible) and keep the confirmed head of the run.
                if !cl.same_text(s..s + len, j..j + len, &mut x, &mut y) {
                    len = (0..len)
                        .find(|&k| !cl.same_text(s + k..s + k + 1, j + k..j + k + 1, &mut x, &mut y))
                        .unwrap_or(len);
                }
                if len == 0 {
                    i += 1;
                    continue;
                }
                runs.push((s, j, len));
                i = s + len;
                consumed = i;
            }
            _ => i += 1,
        }
    }

    drop(index);

    let mut findings: Vec<Finding> = Vec::new();
    let mut later_covered = vec![false; n];
    for &(s, j, len) in &runs {
        let (mut later, mut first) = (s..s + len, j..j + len);
        let mut kind = classify(cl, opts, &later, &first, findings.last());
        if kind.is_none() {
            // Not reportable as a whole (it runs into a sentence that differs): keep its
            // whole sentences, which may be reportable on their own or join a neighbour.
            let Some(part) = aligned_part(cl, &later, &first) else {
                continue;
            };
            later = s + part.start..s + part.end;
            first = j + part.start..j + part.end;
            kind = classify(cl, opts, &later, &first, findings.last());
        }
        if kind.is_some() {
            for c in later.clone() {
                later_covered[c] = true;
            }
        }
        findings.push(Finding {
            later,
            first,
            kind,
            near: false,
        });
    }

    let sentences = cl.take_sentences();
    near_pass(cl, &sentences, opts, &later_covered, &mut findings);
    drop(sentences);
    // A copy that is not identical (another punctuation mark, a character or two) is weaker
    // evidence: it is reported only near its first copy. In a long file holding many stories,
    // two stories quoting one formulaic sentence with different punctuation are not a paste.
    findings.retain(|f| {
        cl.block(f.later.start) - cl.block(f.first.start) <= NEAR_WINDOW_BLOCKS
            || (!f.near && identical(text, cl, &f.later, &f.first))
    });
    findings.sort_by_key(|f| f.later.start);
    let mut findings = merge(cl, opts, findings);
    findings.retain(|f| f.kind.is_some());
    findings
}

/// Extend a match of clause `i` with the earlier clause `j` forward. Returns the number of
/// clauses and their Han characters.
fn extend(cl: &Clauses, i: usize, j: usize) -> (usize, u32) {
    let list = &cl.list;
    let n = list.len();
    let mid_sentence = !cl.starts_sentence(i);
    let mut k = 0;
    let mut han = 0;
    // Both copies stay in their blocks: past the first clause, no clause may start a block.
    while k < MAX_RUN
        && i + k < n
        && j + k < i
        && (k == 0 || !list[i + k].starts_block() && !list[j + k].starts_block())
        && cl.same(i + k, j + k)
    {
        han += list[i + k].han();
        k += 1;
        // A copy that starts mid-sentence ends with that sentence: what follows is matched on
        // its own, so a pasted tail is not fused with a whole sentence pasted after it.
        if mid_sentence && list[i + k - 1].sep().ends_sentence() {
            break;
        }
    }
    (k, han)
}

/// The earlier occurrences of every clause, indexed so that choosing where a copy starts
/// costs a few memory reads per clause, not a walk over earlier occurrences.
///
/// The copy that clause `i` starts is chosen among a bounded set of earlier clauses with the
/// same text: the first occurrence and the [`RECENT_TRIED`] most recent ones. Each is extended
/// forward ([`extend`]) and the best extension wins: most Han characters, then most clauses,
/// then the earliest start. All that the extension of a candidate `j` counts comes from the
/// later copy (`i`, `i + 1`, …), so every candidate that matches one clause only scores the
/// same, and of those the first occurrence (the earliest) wins. A candidate can only do better
/// by matching two clauses or more, and then the clause after it has the same text as the
/// clause after `i`: its *pair* (its own hash and the next clause's) is `i`'s pair. So the
/// search tries the first occurrence, then only the recent occurrences that share `i`'s pair,
/// found on a chain of clauses with equal pairs, and the result is the one the full walk over
/// the recent occurrences gives. On copy where a clause recurs hundreds of times (formulaic
/// clauses in a large archive), the walk was a chain of dependent cache misses per clause
/// and most of the rule's time.
struct Index {
    /// First clause with the same hash.
    first: Vec<u32>,
    /// How many earlier clauses have the same hash (0 for a first occurrence).
    ord: Vec<u32>,
    /// One more than the previous clause (not a first occurrence) with the same pair; 0 for
    /// none, so that the allocator's zeroed memory is the initial state (filling it with
    /// `u32::MAX` was a memset of 9 MB on a 100 MB file).
    pair_prev: Vec<u32>,
}

const NONE: u32 = u32::MAX;

/// An item that repeats the key of earlier items (see [`for_each_repeat`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Repeat {
    /// Position of the first item with this key.
    first: u32,
    /// Position of the previous item with this key.
    prev: u32,
    /// How many earlier items have this key (at least 1).
    ord: u32,
}

/// Call `f(at, repeat)` for every item `items()` yields (at most `bound` of them, in increasing
/// position) whose key an earlier item has, in increasing position within each key. Items whose
/// key occurs once, most clauses of ordinary copy, are not reported.
///
/// The keys are well-mixed hashes, so their top bits spread the items evenly over buckets: one
/// pass counts each bucket, a second writes every item into its bucket's slice (in position
/// order, since the items come in that order), and each slice is then grouped on its own with
/// a small open-addressing table that fits the L1 cache. On a large file the buckets are
/// written and grouped a run of them at a time (see [`SCATTER_MAX`]), each run a pass over the
/// items. There are about an eighth as many buckets as items, but at most 2^14, so that the
/// slices being written to stay in the cache; on a 100 MB file a slice holds about 130 clauses. Session 5 sorted each slice instead
/// (`sort_unstable`, which replaced a comparison sort of the whole buffer): the sorts of the
/// slices still cost 400M instructions on 100 MB, the tables a fraction of that. A large slice
/// (hashes chosen to share their top bits, or one clause repeated throughout a file) gets a
/// table that doubles as its distinct keys fill it, so the work stays linear and the memory
/// follows the distinct keys, not the items.
fn for_each_repeat<I: Iterator<Item = Keyed>>(
    bound: usize,
    items: impl Fn() -> I,
    f: impl FnMut(u32, Repeat),
) {
    for_each_repeat_in_runs(bound, SCATTER_MAX, items, f);
}

/// Items scattered at once by [`for_each_repeat`] (12 MiB): a file of up to about 50 MB makes
/// one run. The bound on memory is 100 MB plus twice the input; on a file of 268 MB (the
/// largest the default `max-file-size` takes) a buffer for all the clauses was 67 MB of a
/// 689 MB peak, over the 637 MB bound, and runs of this size brought the peak to 632 MB for
/// 0.8% more instructions in the rule on 10 MB.
const SCATTER_MAX: u32 = 1 << 20;

/// [`for_each_repeat`], scattering at most `scatter_max` items at once (unless one bucket holds
/// more).
fn for_each_repeat_in_runs<I: Iterator<Item = Keyed>>(
    bound: usize,
    scatter_max: u32,
    items: impl Fn() -> I,
    mut f: impl FnMut(u32, Repeat),
) {
    let bits = (bound / 8).max(2).next_power_of_two().trailing_zeros().min(14);
    let shift = 64 - bits;
    let buckets = 1usize << bits;
    // `start[b]..start[b + 1]` is bucket `b`'s slice.
    let mut start = vec![0u32; buckets + 1];
    for k in items() {
        start[(k.key >> shift) as usize + 1] += 1;
    }
    for b in 1..=buckets {
        start[b] += start[b - 1];
    }
    // The buckets are scattered and grouped a run at a time, each run of at most
    // `scatter_max` items (or one bucket, if larger): the buffer of one run instead of all the
    // items, which was the largest allocation at the rule's peak (25 MB on a 100 MB file, 12
    // bytes a clause). A run after the first reads the items again.
    let mut runs = Vec::new();
    let mut lo = 0;
    while lo < buckets {
        let mut hi = lo + 1;
        while hi < buckets && start[hi + 1] - start[lo] <= scatter_max {
            hi += 1;
        }
        runs.push(lo..hi);
        lo = hi;
    }
    // Each item as three words (the key's halves and the position), so that the scatter writes
    // one stream per bucket: with keys and positions in two arrays, the lines being written to
    // were twice as many as the buckets and did not stay in the cache. An array of integers
    // is zeroed by the allocator: a buffer of `Keyed` was first filled with a value (a memset
    // of 26 MB on a 100 MB file) that the scatter then overwrote.
    let longest = runs
        .iter()
        .map(|r| start[r.end] - start[r.start])
        .max()
        .unwrap_or(0);
    let mut scattered = vec![[0u32; 3]; longest as usize];
    // One slot per distinct key of a slice; `seen == 0` marks an empty slot.
    #[derive(Clone, Copy)]
    struct Slot {
        key: u64,
        first: u32,
        prev: u32,
        seen: u32,
    }
    const EMPTY: Slot = Slot {
        key: 0,
        first: 0,
        prev: 0,
        seen: 0,
    };
    let mut table: Vec<Slot> = Vec::new();
    for run in runs {
        let base = start[run.start];
        let mut next: Vec<u32> = start[run.clone()].iter().map(|&s| s - base).collect();
        for k in items() {
            // The bucket's place in the run; a bucket outside it wraps past the end.
            let r = ((k.key >> shift) as usize).wrapping_sub(run.start);
            if let Some(n) = next.get_mut(r) {
                scattered[*n as usize] = [k.key as u32, (k.key >> 32) as u32, k.at];
                *n += 1;
            }
        }
        drop(next);
        for w in start[run.start..=run.end].windows(2) {
            let slice = (w[0] - base) as usize..(w[1] - base) as usize;
            if slice.len() < 2 {
                continue;
            }
            // At most half full: sized for a slice of distinct keys, as in ordinary copy, up to
            // `TABLE_START` slots, and doubled as distinct keys fill it. A slice of one key
            // repeated (a file of nothing but 是，是，…) keeps a small table: sized by the slice,
            // it took 48 bytes per clause, the largest allocation of a check.
            const TABLE_START: usize = 1 << 12;
            let size = (2 * slice.len()).next_power_of_two().min(TABLE_START);
            let mut mask = size - 1;
            let mut room = size / 2;
            table.clear();
            table.resize(size, EMPTY);
            for &[lo, hi, at] in &scattered[slice] {
                let key = u64::from(lo) | u64::from(hi) << 32;
                // The low bits index the table: the top bits are the bucket's.
                let mut s = key as usize & mask;
                loop {
                    let slot = &mut table[s];
                    if slot.seen == 0 {
                        if room == 0 {
                            grow(&mut table);
                            mask = table.len() - 1;
                            room = table.len() / 2 - table.len() / 4;
                            s = key as usize & mask;
                            continue;
                        }
                        room -= 1;
                        *slot = Slot {
                            key,
                            first: at,
                            prev: at,
                            seen: 1,
                        };
                        break;
                    }
                    if slot.key == key {
                        f(
                            at,
                            Repeat {
                                first: slot.first,
                                prev: slot.prev,
                                ord: slot.seen,
                            },
                        );
                        slot.prev = at;
                        slot.seen += 1;
                        break;
                    }
                    s = (s + 1) & mask;
                }
            }
        }
    }

    /// Double `table` (half full), keeping its entries.
    #[cold]
    fn grow(table: &mut Vec<Slot>) {
        let grown = vec![EMPTY; 2 * table.len()];
        let old = std::mem::replace(table, grown);
        let mask = table.len() - 1;
        for o in old.into_iter().filter(|o| o.seen != 0) {
            let mut s = o.key as usize & mask;
            while table[s].seen != 0 {
                s = (s + 1) & mask;
            }
            table[s] = o;
        }
    }
}

/// A hash and the item it belongs to, grouped by hash ([`for_each_repeat`]). Packed: 12 bytes
/// rather than 16, on a buffer of one per clause.
#[derive(Clone, Copy)]
#[repr(C, packed(4))]
struct Keyed {
    key: u64,
    at: u32,
}

/// The pair key of clause `i`: its hash and the next clause's, when that clause is in the same
/// block (a copy never runs across a block end), else `None`.
#[inline]
fn pair_key(cl: &Clauses, i: usize) -> Option<u64> {
    let list = &cl.list;
    let next = list.get(i + 1).filter(|c| !c.starts_block())?;
    // The clause hashes are well mixed already; one multiply spreads the pair over the
    // whole word (the hash table takes its bucket from the low bits and a tag from the high).
    Some((list[i].hash.rotate_left(23) ^ next.hash).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ next.hash >> 29)
}

/// Keep in `best` the better of it and the copy of clause `i` starting at earlier clause `j`:
/// more Han characters, then more clauses, then the earlier start.
fn consider(cl: &Clauses, i: usize, j: usize, best: &mut Option<(u32, usize, usize)>) {
    if j >= i || !cl.same(i, j) {
        return;
    }
    let (len, han) = extend(cl, i, j);
    let better = match *best {
        None => true,
        Some((bh, bl, bj)) => (han, len, std::cmp::Reverse(j)) > (bh, bl, std::cmp::Reverse(bj)),
    };
    if better {
        *best = Some((han, len, j));
    }
}

impl Index {
    fn new(cl: &Clauses) -> Index {
        let n = cl.list.len();
        // Every clause is its own first occurrence, at ordinal 0, until its group says
        // otherwise: written in one sequential pass, so that the scattered writes below touch
        // only repeated clauses (a small share of ordinary copy).
        let mut index = Index {
            first: (0..n as u32).collect(),
            ord: vec![0; n],
            pair_prev: vec![0; n],
        };
        // Built bucket by bucket ([`for_each_repeat`]), not with one table for the file: the
        // clauses spread by the top bits of their hash lie in small slices in file order, and
        // each slice is grouped in a table that stays in the cache. A buffer of 12 bytes per
        // clause (then a smaller one for the pairs) is all the memory this needs; tables keyed
        // by hash over the whole file cost two to three times as much on a large file (a slot
        // per distinct clause, kept at most 3/4 full) and every probe into them was a cache miss.
        for_each_repeat(
            n,
            || {
                (0..n).map(|i| Keyed {
                    key: cl.list[i].hash,
                    at: i as u32,
                })
            },
            |at, r| {
                index.first[at as usize] = r.first;
                index.ord[at as usize] = r.ord;
            },
        );
        // The pair chains, the same way. First occurrences are always tried, so they need no
        // chain; most clauses of ordinary copy occur once and take no part in this.
        // The pairs are collected once: read twice from the clause list (to count, then to
        // scatter), they were a cache miss on the list for every repeated clause, twice.
        let pairs: Vec<Keyed> = (0..n)
            .filter(|&i| index.ord[i] > 0)
            .filter_map(|i| pair_key(cl, i).map(|key| Keyed { key, at: i as u32 }))
            .collect();
        for_each_repeat(
            pairs.len(),
            || pairs.iter().copied(),
            |at, r| index.pair_prev[at as usize] = r.prev + 1,
        );
        index
    }

    /// The best earlier copy to start at clause `i`: (Han characters, clauses, start).
    fn best(&self, cl: &Clauses, i: usize) -> Option<(u32, usize, usize)> {
        let f = self.first[i] as usize;
        if f == i {
            return None;
        }
        let mut best: Option<(u32, usize, usize)> = None;
        consider(cl, i, f, &mut best);
        if !cl.same(i, f) {
            // A hash collision with the first occurrence (equal 64-bit hashes, different
            // lengths: about one chance in ten million on a 100 MB file). The argument above
            // does not hold, and the clause is left unmatched rather than keeping a chain of
            // previous occurrences for every clause of the file.
            return best;
        }
        // The recent occurrences are those with an ordinal in `lo..ord[i]` (the first one, at
        // ordinal 0, is tried already).
        let ord = self.ord[i];
        let lo = ord.saturating_sub(RECENT_TRIED as u32).max(1);
        if ord <= lo {
            return best;
        }
        let hash = cl.list[i].hash;
        let mut p = self.pair_prev[i];
        while p != 0 {
            let j = p as usize - 1;
            // Equal pairs imply equal hashes but for a collision; ordinals are comparable only
            // within one hash, and along the chain they only decrease.
            if cl.list[j].hash == hash {
                if self.ord[j] < lo {
                    break;
                }
                consider(cl, i, j, &mut best);
            }
            p = self.pair_prev[j];
        }
        best
    }

    /// The same choice made by walking every recent occurrence (the definition `best` must
    /// agree with when the first occurrence has the clause's text; kept for the tests).
    #[cfg(test)]
    fn best_by_walk(&self, cl: &Clauses, i: usize) -> Option<(u32, usize, usize)> {
        let f = self.first[i] as usize;
        if f == i {
            return None;
        }
        let mut best: Option<(u32, usize, usize)> = None;
        consider(cl, i, f, &mut best);
        // The `RECENT_TRIED` most recent earlier occurrences of the hash, other than `f`.
        let recent = (0..i).rev().filter(|&j| cl.list[j].hash == cl.list[i].hash);
        for j in recent.take(RECENT_TRIED).filter(|&j| j != f) {
            consider(cl, i, j, &mut best);
        }
        best
    }
}

/// Decide whether a repeated run is reported, and as what.
fn classify(
    cl: &Clauses,
    opts: &Options,
    later: &Range<usize>,
    first: &Range<usize>,
    last: Option<&Finding>,
) -> Option<Kind> {
    let list = &cl.list;
    let han: usize = list[later.clone()].iter().map(|c| c.han() as usize).sum();
    // Quotations recalled on purpose (a slogan, a key quote) are not copies.
    if list[later.clone()].iter().all(|c| c.quoted()) {
        return None;
    }
    let aligned = |r: &Range<usize>| cl.starts_sentence(r.start) && list[r.end - 1].sep().ends_sentence();
    if aligned(later) && aligned(first) && han >= opts.min_sentence_han {
        return Some(Kind::Sentence);
    }
    let same_block = cl.block(later.start) == cl.block(first.start);
    if !same_block {
        return None;
    }
    // Tandem: the copy follows its first copy directly, or follows another copy of it. That
    // is a paste accident whatever its length, so the sentence threshold applies.
    let follows_first = first.end == later.start;
    let follows_copy = last.is_some_and(|f| f.later.end == later.start && f.first == *first);
    if (follows_first || follows_copy) && han >= opts.min_sentence_han {
        Some(Kind::Tandem)
    } else if han >= opts.min_clause_han {
        Some(Kind::Clause)
    } else {
        None
    }
}

/// Sentences not yet matched: compared exactly as whole sentences (a copy whose commas became
/// enumeration commas splits into different clauses but reads the same), then near-exactly
/// with nearby earlier sentences that share their first or last [`scan::EDGE`] characters.
fn near_pass(
    cl: &Clauses,
    sentences: &[scan::Sentence],
    opts: &Options,
    later_covered: &[bool],
    findings: &mut Vec<Finding>,
) {
    let list = &cl.list;
    let max = opts.max_edits.min(3);
    // Which sentences take part, decided up front: not covered by a copy found already, long
    // enough, not all quotation.
    let eligible = |sentence: &scan::Sentence| {
        let r = sentence.clauses();
        let han: usize = list[r.clone()].iter().map(|c| c.han() as usize).sum();
        !later_covered[r.clone()].iter().any(|&c| c)
            && han >= opts.min_sentence_han
            && !list[r].iter().all(|c| c.quoted())
    };
    // For each eligible sentence, the first eligible sentence with the same hash (`NONE` for a
    // first occurrence), found by bucket as in `Index::new` (a table probed once per sentence
    // of a large file was a cache miss per sentence); `SKIP` for a sentence that takes no part.
    const SKIP: u32 = NONE - 1;
    let mut first_of: Vec<u32> = sentences
        .iter()
        .map(|s| if eligible(s) { NONE } else { SKIP })
        .collect();
    // Repeats are few: collected, then written, since the items are read from `first_of`.
    let mut repeats: Vec<(u32, u32)> = Vec::new();
    for_each_repeat(
        sentences.len(),
        || {
            sentences
                .iter()
                .zip(&first_of)
                .enumerate()
                .filter(|&(_, (_, &f))| f == NONE)
                .map(|(u, (s, _))| Keyed {
                    key: s.hash,
                    at: u as u32,
                })
        },
        |at, r| repeats.push((at, r.first)),
    );
    for (at, first) in repeats {
        first_of[at as usize] = first;
    }
    let mut heads = Heads::default();
    let mut next_in_bucket: Vec<[u32; 2]> = vec![[u32::MAX; 2]; sentences.len()];
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for (u, &first) in first_of.iter().enumerate() {
        if first == SKIP {
            continue;
        }
        let sentence = &sentences[u];
        let r = &sentence.clauses();
        let nlen = sentence.nlen as usize;
        if first != NONE {
            let other = &sentences[first as usize];
            if other.nlen == sentence.nlen && cl.same_text(r.clone(), other.clauses(), &mut x, &mut y) {
                findings.push(Finding {
                    later: r.clone(),
                    first: other.clauses(),
                    kind: Some(Kind::Sentence),
                    near: false,
                });
                continue;
            }
        }
        if max == 0 || nlen < 2 * scan::EDGE {
            continue;
        }
        heads.advance(sentence.block);
        let edges = cl.edges(r.start, r.end);
        let keys = [edges[0] ^ 0x5052_4546, edges[1] ^ 0x5355_4646];
        // The sentence's own text is built only once a candidate passes the length filter.
        let mut built = false;
        let block = sentence.block;
        let mut hit: Option<usize> = None;
        'buckets: for (side, key) in keys.iter().enumerate() {
            let mut v = heads.get(*key);
            for _ in 0..BUCKET_TRIED {
                if v == u32::MAX {
                    break;
                }
                let other = &sentences[v as usize];
                let r2 = &other.clauses();
                // Buckets are newest first: past the window, every older entry is too.
                if block - other.block > NEAR_WINDOW_BLOCKS {
                    break;
                }
                if (other.nlen as usize).abs_diff(nlen) > max {
                    v = next_in_bucket[v as usize][side];
                    continue;
                }
                if !built {
                    cl.normalise(r.start, r.end, &mut x);
                    built = true;
                }
                cl.normalise(r2.start, r2.end, &mut y);
                if near::near_equal(&y, &x, max) && !same_quote_other_words(cl, r, r2) {
                    hit = Some(v as usize);
                    break 'buckets;
                }
                v = next_in_bucket[v as usize][side];
            }
        }
        match hit {
            Some(v) => findings.push(Finding {
                later: r.clone(),
                first: sentences[v].clauses(),
                kind: Some(Kind::Sentence),
                near: true,
            }),
            None => {
                for (side, key) in keys.iter().enumerate() {
                    next_in_bucket[u][side] = heads.insert(*key, u as u32);
                }
            }
        }
    }
}

/// The newest sentence of each near-match bucket, for the sentences of the last
/// [`NEAR_WINDOW_BLOCKS`] blocks at least: a candidate further back is never compared (the
/// bucket walk stops at it), so older heads are dropped, a generation at a time, and the
/// tables stay the size of a window instead of the size of the file (on a large file, a probe
/// into a file-sized table was a cache miss per sentence).
#[derive(Default)]
struct Heads {
    /// Heads inserted since block `from`.
    current: HashMap<u64, u32, IdentityBuild>,
    /// Heads inserted in the generation before (all older ones are out of the window).
    older: HashMap<u64, u32, IdentityBuild>,
    from: u32,
}

impl Heads {
    /// Move to block `block` (blocks come in order): when the current generation spans more
    /// than the window, the generation before it falls out of the window and is dropped.
    fn advance(&mut self, block: u32) {
        if block - self.from > NEAR_WINDOW_BLOCKS {
            let fresh = HashMap::with_capacity_and_hasher(self.current.len(), IdentityBuild::default());
            self.older = std::mem::replace(&mut self.current, fresh);
            self.from = block;
        }
    }

    /// The newest sentence with bucket `key`, or `u32::MAX`.
    fn get(&self, key: u64) -> u32 {
        self.current
            .get(&key)
            .or_else(|| self.older.get(&key))
            .copied()
            .unwrap_or(u32::MAX)
    }

    /// Make sentence `u` the head of bucket `key`; returns the head it replaces.
    fn insert(&mut self, key: u64, u: u32) -> u32 {
        // One probe of the current generation instead of a lookup then an insert.
        match self.current.insert(key, u) {
            Some(old) => old,
            None => self.older.get(&key).copied().unwrap_or(u32::MAX),
        }
    }
}

/// True when two sentences are mostly one quotation, quoted identically, and differ only
/// outside it: the same words attributed twice (他说：“…” / 她也说：“…”), not a near copy.
fn same_quote_other_words(cl: &Clauses, a: &Range<usize>, b: &Range<usize>) -> bool {
    let list = &cl.list;
    let mostly = |r: &Range<usize>| {
        let quoted: u32 = list[r.clone()].iter().map(|c| c.in_quotes()).sum();
        let all: u32 = list[r.clone()].iter().map(|c| c.nlen()).sum();
        2 * quoted >= all
    };
    let quoted_clauses = |r: &Range<usize>| {
        list[r.clone()]
            .iter()
            .filter(|c| c.quoted())
            .map(|c| c.hash)
            .collect::<Vec<u64>>()
    };
    let qa = quoted_clauses(a);
    mostly(a) && mostly(b) && !qa.is_empty() && qa == quoted_clauses(b)
}

/// Join findings whose later copies are consecutive and whose first copies are consecutive
/// too, and classify the joined run again: one finding per run of sentences, per run of whole
/// paragraphs, and per tandem paste that a sentence end cut in two.
fn merge(cl: &Clauses, opts: &Options, findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    for f in findings {
        if let Some(last) = out.last() {
            let consecutive = last.later.end == f.later.start
                && last.first.end == f.first.start
                && f.first.end <= last.later.start;
            let same_blocks = cl.block(last.later.start) == cl.block(f.later.start)
                && cl.block(last.first.start) == cl.block(f.first.start);
            let whole = |r: &Range<usize>| whole_blocks(cl, r);
            let paragraphs = whole(&last.later) && whole(&f.later) && whole(&last.first) && whole(&f.first);
            if consecutive && (same_blocks || paragraphs) {
                let later = last.later.start..f.later.end;
                let first = last.first.start..f.first.end;
                let before = out.len().checked_sub(2).map(|k| &out[k]);
                let kind = classify(cl, opts, &later, &first, before);
                // Parts that are not reportable alone may join into something reportable;
                // a reportable part is not diluted into something that is not.
                let unreportable_parts = last.kind.is_none() && f.kind.is_none();
                if kind.is_some() || unreportable_parts {
                    let near = last.near || f.near;
                    let last = out.last_mut().expect("checked");
                    *last = Finding {
                        later,
                        first,
                        kind,
                        near,
                    };
                    continue;
                }
            }
        }
        out.push(f);
    }
    out
}

/// The largest part (offsets into the run) of a repeated run that is whole sentences on both
/// sides.
fn aligned_part(cl: &Clauses, later: &Range<usize>, first: &Range<usize>) -> Option<Range<usize>> {
    let len = later.len();
    let starts = |k: usize| cl.starts_sentence(later.start + k) && cl.starts_sentence(first.start + k);
    let ends = |k: usize| {
        cl.list[later.start + k].sep().ends_sentence() && cl.list[first.start + k].sep().ends_sentence()
    };
    let a = (0..len).find(|&k| starts(k))?;
    let b = (a..len).rev().find(|&k| ends(k))? + 1;
    Some(a..b)
}

/// True when the texts of clauses `a` and `b` are the same once whitespace is dropped and
/// punctuation width folded (the separator after the last clause does not count).
fn identical(text: &str, cl: &Clauses, a: &Range<usize>, b: &Range<usize>) -> bool {
    let span = |r: &Range<usize>| &text[cl.list[r.start].start()..cl.list[r.end - 1].content_end()];
    let folded = |s: &'_ str| {
        s.chars()
            .filter(|&c| !(crate::text::is_space(c) || c.is_whitespace()))
            .map(fold_width)
            .collect::<Vec<char>>()
    };
    folded(span(a)) == folded(span(b))
}

/// Fold a punctuation mark or a full-width letter to its ASCII form.
fn fold_width(c: char) -> char {
    match c {
        '，' => ',',
        '。' => '.',
        '；' => ';',
        '：' => ':',
        '！' => '!',
        '？' => '?',
        '（' => '(',
        '）' => ')',
        '“' | '”' => '"',
        '‘' | '’' => '\'',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// True when clauses `r` are whole blocks.
fn whole_blocks(cl: &Clauses, r: &Range<usize>) -> bool {
    let list = &cl.list;
    let starts = r.start == 0 || list[r.start].starts_block();
    let ends = r.end == list.len() || list[r.end].starts_block();
    starts && ends
}

/// Number of sentences in clauses `r`.
fn sentence_count(cl: &Clauses, r: &Range<usize>) -> usize {
    cl.list[r.clone()]
        .iter()
        .enumerate()
        .filter(|(k, c)| c.sep().ends_sentence() || r.start + k + 1 == r.end)
        .count()
}

fn diagnostic(doc: &Document, ctx: &Context, cl: &Clauses, lines: &LineIndex, f: &Finding) -> Diagnostic {
    let text = doc.text;
    let list = &cl.list;
    let related = list[f.first.start].start()..list[f.first.end - 1].content_end();
    let (line, col) = lines.line_col(text, related.start);
    let paragraphs = whole_blocks(cl, &f.later) && whole_blocks(cl, &f.first);
    // The later copy's blocks: its first, and one more at each clause that starts one.
    let nblocks = 1 + list[f.later.start + 1..f.later.end]
        .iter()
        .filter(|c| c.starts_block())
        .count();
    let nsent = sentence_count(cl, &f.later);
    let kind = f.kind.unwrap_or(Kind::Clause);
    let (zh, en) = match kind {
        Kind::Sentence if paragraphs && nblocks > 1 => (
            format!("这{nblocks}段重复了第{line}行起的{nblocks}段，应删去重复的一处"),
            format!(
                "these {nblocks} paragraphs repeat the {nblocks} paragraphs starting on line {line}; delete the repeat"
            ),
        ),
        Kind::Sentence if paragraphs => (
            format!("本段重复了第{line}行的段落，应删去重复的一处"),
            format!("this paragraph repeats the paragraph on line {line}; delete the repeat"),
        ),
        Kind::Sentence if nsent > 1 => (
            format!("这{nsent}句重复了第{line}行第{col}列起的{nsent}句，应删去重复的一处"),
            format!(
                "these {nsent} sentences repeat the {nsent} sentences at line {line}, column {col}; delete the repeat"
            ),
        ),
        Kind::Sentence => (
            format!("本句重复了第{line}行第{col}列的句子，应删去重复的一处"),
            format!("this sentence repeats line {line}, column {col}; delete the repeat"),
        ),
        Kind::Tandem => (
            format!("这段文字紧接着又重复了一遍（与第{line}行第{col}列相同），应删去重复的一处"),
            format!(
                "this passage is pasted twice in a row (same as line {line}, column {col}); delete the repeat"
            ),
        ),
        Kind::Clause if f.later.len() > 1 => {
            let n = f.later.len();
            (
                format!("这{n}个分句与本段第{line}行第{col}列起的{n}个分句相同，请核对是否误贴"),
                format!(
                    "these {n} clauses repeat the clauses at line {line}, column {col} of the same paragraph; check for a paste slip"
                ),
            )
        }
        Kind::Clause => (
            format!("此分句与本段第{line}行第{col}列的分句相同，请核对是否误贴"),
            format!(
                "this clause repeats the clause at line {line}, column {col} of the same paragraph; check for a paste slip"
            ),
        ),
    };
    let (zh, en) = if f.near {
        (
            format!("{zh}（两处有一两个字不同，请核对保留哪一处）"),
            format!("{en} (a character or two differ: check which copy to keep)"),
        )
    } else {
        (zh, en)
    };
    let label = ctx.msg("首次出现", "first copy");
    let message = ctx.msg(zh, en);
    if kind == Kind::Clause {
        let span = list[f.later.start].start()..list[f.later.end - 1].content_end();
        return Diagnostic::new(RULE, Severity::Info, span, message).with_related(related, label);
    }
    let span = removal_span(doc, cl, &f.later, whole_blocks(cl, &f.later));
    Diagnostic::new(RULE, Severity::Warning, span, message)
        .with_fix("", Applicability::Unsafe)
        .with_related(related, label)
}

/// The bytes to delete to remove the later copy and keep the text around it well punctuated.
///
/// - Whole paragraphs (`lines`): their lines, with the line break and any blank lines after
///   them.
/// - A copy followed by a comma or semicolon: the copy and that separator (`甲,乙,乙,丙` →
///   `甲,乙,丙`).
/// - A copy that ends a sentence after a comma or semicolon: the separator before it and the
///   copy, keeping the sentence's own full stop (`甲;乙;乙。` → `甲;乙。`).
/// - Otherwise (a whole sentence after a full stop): the sentence and the spaces after it.
fn removal_span(doc: &Document, cl: &Clauses, r: &Range<usize>, lines: bool) -> Range<usize> {
    let text = doc.text;
    let list = &cl.list;
    let (a, b) = (&list[r.start], &list[r.end - 1]);
    if lines {
        let first_block = doc.blocks.at(cl.block(r.start) as usize);
        let last_block = doc.blocks.at(cl.block(r.end - 1) as usize);
        let line_start = text[..first_block.start()]
            .rfind(['\n', '\r'])
            .map_or(0, |p| p + 1);
        let prefix_blank = text[line_start..first_block.start()]
            .chars()
            .all(crate::text::is_space);
        if prefix_blank {
            let mut end = last_block.end();
            // The rest of the line, its line break, and blank lines after it.
            loop {
                let line_end = text[end..].find('\n').map_or(text.len(), |p| end + p + 1);
                if !text[end..line_end]
                    .chars()
                    .all(|c| c.is_whitespace() || crate::text::is_space(c))
                {
                    break;
                }
                if line_end == end {
                    break;
                }
                end = line_end;
                if end == text.len() {
                    break;
                }
            }
            return line_start..end;
        }
        return first_block.range();
    }
    let block_start = r.start == 0 || a.starts_block();
    let block_end = doc.blocks.at(cl.block(r.end - 1) as usize).end();
    if b.sep() == Sep::Soft || b.sep() == Sep::Semi {
        return a.start()..skip_spaces(text, b.end(), block_end);
    }
    if !block_start && matches!(list[r.start - 1].sep(), Sep::Soft | Sep::Semi) {
        return list[r.start - 1].content_end()..b.content_end();
    }
    a.start()..skip_spaces(text, b.end(), block_end)
}

fn skip_spaces(text: &str, mut at: usize, limit: usize) -> usize {
    while at < limit {
        match text[at..].chars().next() {
            Some(c) if crate::text::is_space(c) => at += c.len_utf8(),
            _ => break,
        }
    }
    at
}

/// Hash map hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type IdentityBuild = std::hash::BuildHasherDefault<IdentityHasher>;

/// A paragraph's fingerprint for cross-file duplicate detection: a hash of its normalised text
/// and its byte span. Holding these instead of texts keeps a 100,000-file run small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Hash of the normalised paragraph.
    pub hash: u64,
    /// Byte span of the paragraph in its file.
    pub span: std::ops::Range<usize>,
}

/// Fingerprints of the paragraphs of `doc` that are long enough to count as a duplicate when
/// they appear in another file: prose blocks (not headings, not table cells, not title-like
/// lines) with at least `min-paragraph-han` Han characters. The hash is of the normalised
/// text (punctuation of any width and whitespace dropped), with fixed constants, so it is the
/// same in every process.
pub fn fingerprints(doc: &Document, opts: &Options) -> Vec<Fingerprint> {
    let mut out = Vec::new();
    for b in &doc.blocks {
        let b = &b;
        if !scan::is_prose(b) {
            continue;
        }
        let (hash, han, has_stop) = scan::block_hash(doc, b);
        if (han as usize) < opts.min_paragraph_han.max(1) || (!has_stop && han < scan::TITLE_MAX_HAN) {
            continue;
        }
        out.push(Fingerprint {
            hash,
            span: b.range(),
        });
    }
    out
}

/// The finding for a paragraph at `span` that repeats a paragraph of another file.
pub fn cross_file_diagnostic(
    ctx: &Context,
    span: std::ops::Range<usize>,
    first: OtherFile,
    first_span: std::ops::Range<usize>,
) -> Diagnostic {
    let msg = ctx.msg(
        format!(
            "本段与 {}:{}:{} 的段落重复，同一篇稿件可能重复收录，或误贴了别处的段落",
            first.path, first.line, first.column
        ),
        format!(
            "this paragraph repeats the one at {}:{}:{}: the same story filed twice, or a paragraph pasted from another story",
            first.path, first.line, first.column
        ),
    );
    let mut d = Diagnostic::new(RULE, Severity::Warning, span, msg);
    d.related.push(Related {
        span: first_span,
        message: ctx.msg("首次出现", "first copy"),
        other: Some(first),
    });
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::SourceKind;
    use crate::settings::Settings;

    fn check(t: &str) -> Vec<Diagnostic> {
        crate::check_str(t, SourceKind::Plain, &Settings::default())
            .into_iter()
            .filter(|d| d.rule == RULE)
            .collect()
    }

    fn fp(t: &str) -> Vec<Fingerprint> {
        fingerprints(&Document::parse(t, SourceKind::Plain), &Options::default())
    }

    /// Common characters the window tests make random clauses of.
    const COMMON_HAN: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经";

    /// Checking in windows finds what one pass finds when every copy lies within half a window
    /// of its first copy, reports each copy once, and with smaller windows reports nothing one
    /// pass does not.
    #[test]
    fn windows_find_near_copies_once() {
        let mut rng = crate::testutil::Rng::new();
        let han: Vec<char> = COMMON_HAN.chars().collect();
        let sentence = |rng: &mut crate::testutil::Rng| -> String {
            let clauses = 1 + rng.below(3);
            let mut s = String::new();
            for k in 0..clauses {
                s.extend((0..6 + rng.below(8)).map(|_| han[rng.below(han.len())]));
                s.push(if k + 1 == clauses { '。' } else { '，' });
            }
            s
        };
        let settings = Settings::default();
        let ctx = Context::new(&settings);
        for round in 0..6 {
            // Paragraphs of fresh sentences; now and then one pasted from up to two
            // paragraphs back (at most 24 clauses before it).
            let mut paras: Vec<Vec<String>> = Vec::new();
            for _ in 0..40 {
                let mut p: Vec<String> = (0..1 + rng.below(3)).map(|_| sentence(&mut rng)).collect();
                if paras.len() >= 2 && rng.below(3) == 0 {
                    let back = &paras[paras.len() - 1 - rng.below(2)];
                    p.insert(rng.below(p.len() + 1), back[rng.below(back.len())].clone());
                }
                paras.push(p);
            }
            // And one copy far from its first copy (a sentence long enough to report).
            let far = loop {
                let s = sentence(&mut rng);
                if s.chars().count() >= 16 {
                    break s;
                }
            };
            paras[0].insert(0, far.clone());
            paras.last_mut().expect("paragraphs").push(far.clone());
            let text: String = paras.iter().map(|p| p.concat() + "\n").collect();
            let doc = Document::parse(&text, SourceKind::Plain);
            let run = |cap: usize| {
                let mut out = Vec::new();
                check_in_windows(&doc, &ctx, cap, &mut out);
                out
            };
            let far_span = text.len() - 1 - far.len()..text.len() - 1;
            let is_far = |d: &&Diagnostic| d.span.start < far_span.end && far_span.start < d.span.end;
            let whole = run(usize::MAX);
            assert!(whole.len() >= 5, "round {round}: {}", whole.len());
            assert!(whole.iter().any(|d| is_far(&d)), "round {round}");
            for cap in [64, 100, 257] {
                let windowed = run(cap);
                let near: Vec<&Diagnostic> = whole.iter().filter(|d| !is_far(d)).collect();
                let got: Vec<&Diagnostic> = windowed.iter().filter(|d| !is_far(d)).collect();
                assert_eq!(got, near, "round {round}, windows of {cap}");
                assert!(
                    windowed.iter().all(|d| whole.contains(d)),
                    "round {round}, windows of {cap}"
                );
            }
            // Windows of 64 clauses lose the far copy.
            assert!(!run(64).iter().any(|d| is_far(&d)), "round {round}");
        }
    }

    /// A window ends only when its clauses are short: text with clauses as long as news copy's
    /// is checked in one window whatever the smallest window, so a copy far from its first
    /// copy is still found.
    #[test]
    fn text_of_long_clauses_stays_in_one_window() {
        let mut rng = crate::testutil::Rng::new();
        let han: Vec<char> = COMMON_HAN.chars().collect();
        let clause = |rng: &mut crate::testutil::Rng, n: usize| -> String {
            (0..n).map(|_| han[rng.below(han.len())]).collect()
        };
        let settings = Settings::default();
        let ctx = Context::new(&settings);
        for (han_per_clause, one_window) in [(15, true), (8, false)] {
            let far = clause(&mut rng, 20) + "。";
            let mut text = far.clone();
            for _ in 0..300 {
                text +=
                    &(clause(&mut rng, han_per_clause) + "，" + &clause(&mut rng, han_per_clause) + "。\n");
            }
            text += &far;
            text.push('\n');
            let doc = Document::parse(&text, SourceKind::Plain);
            let mut out = Vec::new();
            check_in_windows(&doc, &ctx, 64, &mut out);
            let found_far = out.iter().any(|d| d.span.start >= text.len() - 1 - far.len());
            // 15 Han characters and a mark are 48 bytes a clause; 8 and a mark, 27.
            assert_eq!(found_far, one_window, "{han_per_clause} Han a clause: {out:?}");
        }
    }

    /// The bucketed sort gives what a comparison sort by (hash, position) gives: on well-mixed
    /// hashes, on many equal ones, and on hashes that share their top bits (one bucket).
    #[test]
    fn repeats_equal_a_plain_map() {
        let mut rng = crate::testutil::Rng::new();
        // Every size with every kind of key (7 sizes, 4 kinds).
        for round in 0..56 {
            let n = [0, 1, 2, 7, 100, 5000, 20_000][round % 7];
            let kind = round % 4;
            let keys: Vec<u64> = (0..n)
                .map(|_| match kind {
                    0 => (rng.below(1 << 30) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15),
                    1 => rng.below(5) as u64,
                    // Keys that share their top bits: one bucket holds them all.
                    2 => (0xABCD << 48) | rng.below(1000) as u64,
                    // The same, with more distinct keys than the bucket's first table holds.
                    _ => (0xABCD << 48) | rng.below(6000) as u64,
                })
                .collect();
            let items = || {
                keys.iter()
                    .enumerate()
                    .filter(|&(i, _)| i % 7 != 3)
                    .map(|(i, &key)| Keyed { key, at: i as u32 })
            };
            let mut got: Vec<(u32, Repeat)> = Vec::new();
            for_each_repeat(n, items, |at, r| got.push((at, r)));
            // Scattered a few items at a time, the same repeats come in the same order.
            for scatter_max in [64, 999] {
                let mut runs: Vec<(u32, Repeat)> = Vec::new();
                for_each_repeat_in_runs(n, scatter_max, items, |at, r| runs.push((at, r)));
                assert_eq!(runs, got, "round {round}, {scatter_max} at a time");
            }
            got.sort_unstable_by_key(|&(at, _)| at);
            let mut want: Vec<(u32, Repeat)> = Vec::new();
            let mut seen: std::collections::HashMap<u64, Repeat> = std::collections::HashMap::new();
            for k in items() {
                let at = k.at;
                match seen.get_mut(&{ k.key }) {
                    Some(r) => {
                        want.push((at, *r));
                        r.prev = at;
                        r.ord += 1;
                    }
                    None => {
                        seen.insert(
                            k.key,
                            Repeat {
                                first: at,
                                prev: at,
                                ord: 1,
                            },
                        );
                    }
                }
            }
            if kind == 1 && n >= 100 {
                assert!(want.len() > n / 2, "round {round}: the test must see repeats");
            }
            assert_eq!(got, want, "round {round}");
        }
    }

    #[test]
    fn fingerprint_ignores_punctuation_width_and_spacing() {
        let a = fp("县里新修的公路通到了每个自然村，沿线的果园也有了冷库，村民的收入明显提高。\n");
        let b = fp("县里新修的公路通到了每个自然村, 沿线的果园也有了冷库,村民的收入明显提高.\n");
        assert_eq!(a.len(), 1);
        assert_eq!(b.len(), 1);
        assert_eq!(a[0].hash, b[0].hash);
    }

    /// The hash is part of the cross-file contract (a runner may store fingerprints and compare
    /// them with another process's): it must not change between runs, builds or versions.
    #[test]
    fn fingerprint_value_is_pinned() {
        let f = fp("县里新修的公路通到了每个自然村，沿线的果园也有了冷库。");
        assert_eq!(f[0].hash, 0xb56d_428b_27b7_eb15);
    }

    #[test]
    fn fingerprint_differs_for_different_text() {
        let a = fp("县里新修的公路通到了每个自然村，沿线的果园也有了冷库，村民的收入明显提高。\n");
        let b = fp("县里新修的公路通到了每个自然村，沿线的茶园也有了冷库，村民的收入明显提高。\n");
        assert_ne!(a[0].hash, b[0].hash);
    }

    #[test]
    fn fingerprint_skips_short_paragraphs_and_headings() {
        let t = "# 县里新修的公路通到了每个自然村沿线的果园也有了冷库\n会议指出。\n县里新修的公路通到了每个自然村沿线的果园也有了冷库\n";
        assert!(fp(t).is_empty());
    }

    #[test]
    fn fingerprint_span_is_the_paragraph() {
        let t = "标题\n\n　　县里新修的公路通到了每个自然村，沿线的果园也有了冷库，村民的收入明显提高。\n";
        let f = fp(t);
        assert_eq!(f.len(), 1);
        assert_eq!(
            &t[f[0].span.clone()],
            "县里新修的公路通到了每个自然村，沿线的果园也有了冷库，村民的收入明显提高。"
        );
    }

    /// The indexed choice of where a copy starts is the one the walk over every recent
    /// occurrence makes, on copy where a few clauses recur very often, in every order, in
    /// paragraphs of every length (the worst case for both).
    #[test]
    fn indexed_choice_equals_walk_over_recent_occurrences() {
        let vocab = [
            "县里新修的公路通到了每个自然村",
            "沿线的果园也有了冷库",
            "村民的收入明显提高",
            "他说",
            "孩子们在新跑道上跑得格外起劲",
            "山区小学的操场终于铺上了塑胶跑道",
            "2024",
        ];
        let seps = ["，", "。", "；", "，", "，", "。\n", "！"];
        let mut rng = crate::testutil::Rng::new();
        let mut next = |m: usize| rng.below(m);
        for round in 0..40 {
            let mut t = String::from("导语第一句写在这里。\n");
            let k = 3 + round % 4;
            for _ in 0..600 {
                t.push_str(vocab[next(k.min(vocab.len()))]);
                t.push_str(seps[next(seps.len())]);
            }
            let doc = Document::parse(&t, SourceKind::Plain);
            let cl = scan::clauses(&doc);
            let index = Index::new(&cl);
            for i in 0..cl.list.len() {
                assert_eq!(
                    index.best(&cl, i),
                    index.best_by_walk(&cl, i),
                    "round {round}, clause {i}"
                );
            }
        }
    }

    #[test]
    fn repeated_sentence_points_to_first_copy() {
        let t = "山区小学的操场终于铺上了塑胶跑道。孩子们跑得格外起劲。山区小学的操场终于铺上了塑胶跑道。";
        let d = check(t);
        assert_eq!(d.len(), 1, "{d:?}");
        let copy = t.rfind("山区").unwrap();
        assert_eq!(d[0].span, copy..t.len());
        assert_eq!(d[0].related[0].span, 0..t.find('。').unwrap());
        assert!(d[0].message.contains("第1行第1列"), "{}", d[0].message);
    }
}
