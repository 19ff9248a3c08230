//! Punctuation and spacing: `halfwidth-punct` and `cjk-space`.
//!
//! Both rules look for the same few ASCII bytes (`, ; : ? ! ( )`, the space) plus two
//! multi-byte spaces (U+00A0 and U+3000), so the family finds them all with SIMD searches
//! (`find_stops`), once over each stretch of text, and takes them block by block; a block
//! without any candidate costs nothing more. Only candidates are looked at as characters.
//!
//! A half-width mark is "in Chinese text" when the nearest character on either side is Han or
//! Chinese punctuation. The nearest character is found by stepping over masked bytes (Markdown
//! emphasis markers, inline code) and over a run of other half-width marks (`吗?!`), so the first
//! pass finds what `--fix` would otherwise only find on a second pass. Parentheses are paired
//! first, because a pair is fixed as one edit and a converted parenthesis makes its neighbour
//! Chinese punctuation.
//!
//! Quote marks need care: in `“Hello, world!”` the `!` touches `”`, but the quoted text is
//! English and keeps its English punctuation. A closing quote after a mark (or an opening quote
//! before it) counts as Chinese only when the mark's other neighbour is not an ASCII letter or
//! digit.

use crate::diagnostic::{Applicability, Diagnostic, Lang, Severity};
use crate::document::{BlockKind, Document};
use crate::findings::Sink;
use crate::masks::{Cursor, Masks};
use crate::rules::{Context, Family, FixKind, Part, Pass, RuleInfo};
use crate::text;
use serde::Deserialize;
use std::ops::Range;
use std::sync::LazyLock;

/// Pick the message in the run's language, formatting only that one (`Context::msg` takes both
/// finished strings; on a page with hundreds of half-width commas the second is wasted work).
macro_rules! msg {
    ($ctx:expr, $zh:expr, $en:expr $(,)?) => {
        match $ctx.lang() {
            Lang::Zh => $zh,
            Lang::En => $en,
        }
    };
}

/// Options of this family (config section `[halfwidth-punct]`). The family has no tunable
/// thresholds: switch a rule off or change its severity in the rule levels instead.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

/// The punctuation and spacing family.
pub struct Punct;

const HALFWIDTH: &str = "halfwidth-punct";
const CJK_SPACE: &str = "cjk-space";

static RULES: &[RuleInfo] = &[
    RuleInfo {
        id: CJK_SPACE,
        severity: Severity::Warning,
        fix: FixKind::Mixed,
        summary: "A space between Chinese characters, or between a Chinese character and Chinese punctuation",
        summary_zh: "汉字之间、汉字与中文标点之间多余的空格",
        explain: CJK_SPACE_EXPLAIN,
        bad: &[
            "我们要建设 美丽中国。",
            "会议强调， 要把人民放在心上。",
            "这是一个重要的 机遇。",
        ],
        good: &[
            "我们要建设美丽中国。",
            "联合国 2030 年议程和联合国2030年议程都不归本规则管。",
            "他在 GitHub 上发布了代码。",
            "第一条　为了规范新闻稿件的写作，制定本办法。",
        ],
    },
    RuleInfo {
        id: HALFWIDTH,
        severity: Severity::Warning,
        fix: FixKind::Safe,
        summary: "ASCII punctuation , ; : ? ! ( ) in Chinese text",
        summary_zh: "中文文本中的半角标点 , ; : ? ! ( )",
        explain: HALFWIDTH_EXPLAIN,
        bad: &[
            "今年夏天雨水偏多,不少河流出现汛情。",
            "记者问:你们准备好了吗?",
            "世界卫生组织(WHO)发布了新报告。",
        ],
        good: &[
            "会议于10:30开始，约3,000人到场，比分定格在2:1。",
            "他用英语说：“Hello, world!”",
            "详见https://example.com/a,b，或致信news@example.com。",
            "The committee met on Monday (local time).",
        ],
    },
];

const HALFWIDTH_EXPLAIN: &str = "\
## halfwidth-punct

**What it catches.** The ASCII marks `,` `;` `:` `?` `!` `(` `)` used in Chinese text, where
the full-width marks `，` `；` `：` `？` `！` `（` `）` belong. A mark is in Chinese text when the
nearest character on either side is a Han character or Chinese punctuation (`2030年,是` is a
defect: a digit on one side, Han on the other).

**Not flagged.** A mark between two ASCII digits (`3,000`, `10:30`, `1:2`); marks in Latin-only
runs (`Hello, world!`, also inside Chinese quotes: `“Hello, world!”`); URLs, e-mail addresses,
inline code and Markdown syntax (the document masks them); ASCII emoticons (`:)`, `:-(`) and
kaomoji in parentheses (`(^_^)`); the ellipsis `...` (not a mark this rule knows).

**Parentheses** are fixed as a pair: `(上接第一版)` is one finding covering `(` to `)` whose fix
writes `（上接第一版）`, when both are on one line and the pair touches Chinese (outside, or the
text inside is Chinese). A parenthesis without a partner on its line is reported on its own.

**Why it matters.** Published Simplified-Chinese copy uses full-width punctuation (GB/T
15834-2011). Half-width marks are usually left over from typing with an English input method or
from a conversion, and they are visibly narrower in print and on screen.

**Why warning.** The defect is certain and visible, but it does not change the meaning, so it
should be fixed before publication rather than block a run on its own (`error` is kept for
wrong words and characters).

**Fix safety.** Safe: each fix swaps one mark (or one pair) for its full-width form and changes
nothing else.

**Configuration.** No options; set the rule's level or switch it off in the config.
";

const CJK_SPACE_EXPLAIN: &str = "\
## cjk-space

**What it catches.** A space (ASCII space, no-break space U+00A0 or ideographic space U+3000)
between two Han characters, or between a Han character and Chinese punctuation: `文明沃土 的`,
`强调， 要`. A run of spaces is one finding.

**Not flagged.** A space between Chinese and digits or Latin letters (`联合国 2030 年`,
`在 GitHub 上`): news style writes `联合国2030年`, but whether to space mixed scripts is a house
choice this rule does not make in either direction. The ideographic-space indent at the start
of a paragraph. The space after an article or chapter number in legal text (`第一条　为了…`,
`第二章　总则`), which is the standard layout.

**Info instead of warning**, with an unsafe fix, where the space is probably deliberate:
- inside a quoted title on the same line: `《…》`, `「…」`, or a short `“…”`/`‘…’` with no
  sentence punctuation inside (`‘拉萨好物 云端开播’`). Event and programme titles are often styled
  with a space as a separator, and the title is the organiser's wording: the editor decides.
- alignment: letter-spacing between single characters (`王 刚`, `总 则`), used to align names
  in lists and short headings, and runs of two or more ideographic spaces (table-like layout).
- separators in a headline or a list line: a heading, or a line with no clause punctuation
  (。！？，；：), where a space separates parallel parts (`戮力同心谋新篇 砥砺前行开新局`).
- bylines, credits and datelines (`记者 张三`, `新华社记者 李四 摄`, `本报北京6月3日电　`),
  where house styles differ.

**Why warning.** A stray space inside Chinese text is a typing or conversion slip that shows
as a visible gap in print; it should be fixed before publication, but it does not change the
meaning.

**Fix safety.** Safe (the space is removed) for the warning findings; unsafe for the info
findings, because the space may be part of a title or a layout convention.

**Configuration.** No options; set the rule's level or switch it off in the config. A
configured level applies to every finding of the rule, the info ones included.
";

impl Family for Punct {
    fn rules(&self) -> &'static [RuleInfo] {
        RULES
    }

    fn start<'d>(&'d self, doc: &'d Document<'d>, ctx: &'d Context<'d>) -> Box<dyn Pass + 'd> {
        Box::new(PunctPass {
            doc,
            ctx,
            want_punct: ctx.enabled(HALFWIDTH),
            want_space: ctx.enabled(CJK_SPACE),
            scan: Scan::default(),
            stops: Stops::new(doc.text, doc.masked(), STRETCH),
        })
    }
}

struct PunctPass<'d> {
    doc: &'d Document<'d>,
    ctx: &'d Context<'d>,
    want_punct: bool,
    want_space: bool,
    scan: Scan,
    stops: Stops<'d>,
}

impl Pass for PunctPass<'_> {
    fn part(&mut self, part: &Part, out: &mut dyn Sink) {
        let (doc, ctx) = (self.doc, self.ctx);
        if !self.want_punct && !self.want_space {
            return;
        }
        let (scan, want_space) = (&mut self.scan, self.want_space);
        for b in part.iter(doc) {
            let start = b.start();
            scan.clear();
            let blk = Block {
                doc,
                s: doc.block_text(&b),
                base: b.start(),
                heading: matches!(b.kind(), BlockKind::Heading(_)),
            };
            // A headline or a list line has no clause punctuation: its spaces separate parts.
            let mut separator_line: Option<bool> = None;
            // The block's stops a stretch at a time, its spaces checked as each stretch ends: a
            // block of 20 MB (a line of English words) held every stop and every space at once,
            // 8 and 16 bytes each.
            let mut from = start;
            loop {
                let (mine, to) = self.stops.of_range(from..b.end());
                scan.collect(mine, start, doc.masked());
                let last = to >= b.end();
                scan.take_spaces(last, start, doc.masked(), |r| {
                    if want_space {
                        let sep = *separator_line.get_or_insert_with(|| {
                            blk.heading || !blk.s.contains(['。', '！', '？', '，', '；', '：'])
                        });
                        blk.space(r, sep, ctx, out);
                    }
                });
                if last {
                    break;
                }
                from = to;
            }
            if self.want_punct && (!scan.marks.is_empty() || !scan.parens.is_empty()) {
                blk.halfwidth(scan, ctx, out);
            }
        }
    }

    fn finish(self: Box<Self>, _: &mut dyn Sink) {}
}

/// What [`find_stops`] looks for: the half-width marks, the brackets and the three spaces
/// (ASCII, U+00A0, U+3000), by index. All are rare in Chinese copy. (Line feeds, which end a
/// line for pairing brackets, were stops too: a Markdown paragraph of 20 MB of one-character
/// lines held 5 million of them, 120 MB in the lists. The pairing looks for them between
/// brackets instead.)
const STOP_PATTERNS: [&str; 10] = [",", ";", ":", "?", "!", "(", ")", " ", "\u{a0}", "\u{3000}"];
const SPACE: u8 = 7;
const NBSP: u8 = 8;
const IDEOGRAPHIC_SPACE: u8 = 9;

/// The one-byte stops, found by a Teddy (SIMD) searcher many bytes at a time: a byte-by-byte
/// pass over every character cost more than the rest of the family. The two wide spaces are
/// searched apart ([`find_stops`]): in one searcher with the one-byte stops, U+3000 was
/// fingerprinted by its lead byte alone, which every CJK punctuation mark (U+3001..U+303F)
/// shares, so every 。、《》 was a candidate to verify (2% of the whole linter's instructions).
/// The input is valid UTF-8, so a pattern never matches inside another character.
static STOPS: LazyLock<aho_corasick::packed::Searcher> = LazyLock::new(|| {
    aho_corasick::packed::Config::new()
        .builder()
        .extend(&STOP_PATTERNS[..NBSP as usize])
        .build()
        .expect("punctuation stops")
});

/// Two continuation bytes 0x80 in a row: inside a three-byte character only for a code point
/// that is a multiple of 4,096 (U+3000, U+4000, …), rare in any text, so the SIMD search for
/// them runs at memory speed; the lead byte before says which.
static WIDE: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(&[0x80, 0x80]));

/// A stop: its offset in the text (`u32`: a document is shorter than 1 GiB) and its index in
/// [`STOP_PATTERNS`]. Eight bytes: a Markdown paragraph of 20 MB of quoted one-character
/// lines holds a space (a stop) on every line.
type Stop = (u32, u8);

const _: () = assert!(crate::document::MAX_TEXT_LEN <= u32::MAX as usize);

/// Every stop in `text[range]` (valid UTF-8), in order: offset in `text`, and index in
/// [`STOP_PATTERNS`]. The one-byte stops and the wide spaces come as two lists, each in order
/// (a paragraph holds few of either, and [`Scan::collect`] merges a block's share of both); the
/// lists are cleared first.
///
/// A mark or parenthesis that `masked` covers is left out: none is checked, and a line break
/// between two parentheses is seen from the next one left in as from the masked one
/// ([`Block::halfwidth`]). Links' parentheses (`[中](u)`, masked) were two stops in every 8
/// bytes of a line of links. An
/// ASCII space that `masked` covers and that has no unmasked space of any kind beside it is
/// left out too: a run of spaces that touches masked text is never checked ([`Scan::collect`]),
/// and leaving it out splits no run that holds an unmasked space (each part left keeps a masked
/// space: the one beside the gap), so no run becomes checked. A quote of 100 MB of
/// one-character lines has one on every line (its marker's): 133 MB of stops in one block, over
/// the bound on memory; a list item of such lines indented by two spaces has two (67 MB of stops
/// at 20 MB, with the indents all masked).
fn find_stops(text: &[u8], range: Range<usize>, [narrow, wide]: &mut [Vec<Stop>; 2], masked: &Masks) {
    let (b, base) = (&text[range.clone()], range.start);
    let at = |i: usize| (base + i) as u32;
    let mut cursor = masked.cursor(base);
    // Whether an unmasked space of any kind ends at or starts at an offset of the text.
    let space_before = |i: usize| {
        [" ", "\u{a0}", "\u{3000}"]
            .iter()
            .any(|s| text[..i].ends_with(s.as_bytes()) && !masked.contains(i - s.len()))
    };
    let space_after = |i: usize| {
        [" ", "\u{a0}", "\u{3000}"]
            .iter()
            .any(|s| text[i..].starts_with(s.as_bytes()) && !masked.contains(i))
    };
    narrow.clear();
    // A plain loop: as an iterator adapter, the filter was not inlined and `extend` grew the
    // list a stop at a time (5% more instructions on English, a stop every 5 bytes).
    let any_masked = !masked.is_empty();
    for m in STOPS.find_iter(b) {
        let (i, p) = (m.start(), m.pattern().as_usize() as u8);
        if any_masked
            && cursor.is_masked(base + i)
            && (p != SPACE || (!space_before(base + i) && !space_after(base + i + 1)))
        {
            continue;
        }
        narrow.push((at(i), p));
    }
    wide.clear();
    wide.extend(
        memchr::memchr_iter(0xC2, b)
            .filter(|&i| b.get(i + 1) == Some(&0xA0))
            .map(|i| (at(i), NBSP)),
    );
    let nbsp = wide.len();
    wide.extend(
        WIDE.find_iter(b)
            .filter(|&i| i > 0 && b[i - 1] == 0xE3)
            .map(|i| (at(i - 1), IDEOGRAPHIC_SPACE)),
    );
    if nbsp > 0 && wide.len() > nbsp {
        wide.sort_unstable();
    }
}

/// Bytes of text whose stops are found in one search (see [`Stops`]).
const STRETCH: usize = 1 << 20;

/// The stops of the text, found a stretch at a time and taken block by block. One search per
/// block (356,000 blocks in 100 MB of copy) paid the searcher's start-up each time; one search
/// of the whole text held every stop at once, 16 bytes each: 210 MB for 20 MB of English
/// (every space is a stop). The stops of a stretch of [`STRETCH`] bytes take 16 MB at the very
/// most, about 3 MB in English; a block longer than a stretch takes its stops a stretch at a
/// time ([`Stops::of_range`]).
struct Stops<'t> {
    text: &'t str,
    stretch: usize,
    /// The stops of `span`, as [`find_stops`] lists them.
    lists: [Vec<Stop>; 2],
    masked: &'t Masks,
    span: Range<usize>,
    /// Where the last block's stops ended in each list.
    at: [usize; 2],
}

impl<'t> Stops<'t> {
    fn new(text: &'t str, masked: &'t Masks, stretch: usize) -> Self {
        Stops {
            text,
            stretch,
            lists: [Vec::new(), Vec::new()],
            masked,
            span: 0..0,
            at: [0, 0],
        }
    }

    /// The stops in `range` of the text up to where the stretch held ends, found first with
    /// those of the next stretch when the one held does not hold `range.start`; and where they
    /// end (`range.end`, or the end of the stretch).
    fn of_range(&mut self, range: Range<usize>) -> ([&[Stop]; 2], usize) {
        if range.start < self.span.start || (range.start >= self.span.end && range.start < range.end) {
            let mut to = (range.start + self.stretch).min(self.text.len());
            while !self.text.is_char_boundary(to) {
                to += 1;
            }
            find_stops(
                self.text.as_bytes(),
                range.start..to,
                &mut self.lists,
                self.masked,
            );
            self.span = range.start..to;
            self.at = [0, 0];
        }
        let end = range.end.min(self.span.end).max(range.start);
        let [narrow, wide] = &self.lists;
        let [a, b] = &mut self.at;
        (
            [
                stops_in(narrow, a, range.start, end),
                stops_in(wide, b, range.start, end),
            ],
            end,
        )
    }
}

/// The stops of `stops` (a list in order) in `start..end`, found from `*at` on; moves `*at` past
/// them. Blocks come in order, so each list is walked once for the whole document (a block that
/// starts before the last one ended is looked up from the beginning).
fn stops_in<'s>(stops: &'s [Stop], at: &mut usize, start: usize, end: usize) -> &'s [Stop] {
    let offset = |s: &Stop| s.0 as usize;
    if *at > 0 && offset(&stops[*at - 1]) >= start {
        *at = stops.partition_point(|s| offset(s) < start);
    }
    while *at < stops.len() && offset(&stops[*at]) < start {
        *at += 1;
    }
    let from = *at;
    while *at < stops.len() && offset(&stops[*at]) < end {
        *at += 1;
    }
    &stops[from..*at]
}

/// Candidate positions in one block, reused across blocks so a check allocates only once.
#[derive(Default)]
struct Scan {
    marks: Vec<usize>,
    parens: Vec<usize>,
    spaces: Vec<Range<usize>>,
    // Working sets for the half-width pass.
    converted: Vec<usize>,
    skipped: Vec<usize>,
}

impl Scan {
    /// Start on a block.
    fn clear(&mut self) {
        self.marks.clear();
        self.parens.clear();
        self.spaces.clear();
    }

    /// Sort the stops of one stretch of a block, in order (the two lists of [`find_stops`] cut
    /// to it; offsets from `base`, the block's start), after those of the stretches before.
    ///
    /// A run of spaces that touches masked text (Markdown markup, code, a URL) is not checked:
    /// it is dropped as it ends, so that a block of quoted lines, a masked `> ` on each, does
    /// not hold them all (20 MB of one-character lines in one quote held 53 MB of them). The
    /// last run may go on in the next stretch ([`Scan::take_spaces`]).
    fn collect(&mut self, [narrow, wide]: [&[Stop]; 2], base: usize, masked: &Masks) {
        let mut cursor: Option<Cursor> = None;
        let (mut n, mut w) = (narrow.iter().peekable(), wide.iter().peekable());
        while let Some(&(at, p)) = match (n.peek(), w.peek()) {
            (Some(a), Some(b)) if b.0 < a.0 => w.next(),
            (Some(_), _) => n.next(),
            (None, _) => w.next(),
        } {
            let i = at as usize - base;
            match p {
                0..=4 => self.marks.push(i),
                5 | 6 => self.parens.push(i),
                // A run of spaces of any kind is one range.
                _ => {
                    let end = i + STOP_PATTERNS[p as usize].len();
                    match self.spaces.last_mut() {
                        Some(r) if r.end == i => r.end = end,
                        _ => {
                            drop_masked(&mut self.spaces, base, masked, &mut cursor);
                            self.spaces.push(i..end);
                        }
                    }
                }
            }
        }
    }

    /// Hand the runs of spaces found so far to `f`, but the last, which may go on in the next
    /// stretch, unless this is the block's `last` stretch (it is dropped if it touches masked
    /// text, as [`Scan::collect`] drops the others).
    fn take_spaces(&mut self, last: bool, base: usize, masked: &Masks, mut f: impl FnMut(Range<usize>)) {
        let keep = if last {
            drop_masked(&mut self.spaces, base, masked, &mut None);
            None
        } else {
            self.spaces.pop()
        };
        for r in self.spaces.drain(..) {
            f(r);
        }
        self.spaces.extend(keep);
    }
}

/// Drop the last run of `spaces` (offsets from `base`) if it touches masked text. `cursor` is
/// made at the run's start if none is held; it only moves forward.
fn drop_masked<'m>(
    spaces: &mut Vec<Range<usize>>,
    base: usize,
    masked: &'m Masks,
    cursor: &mut Option<Cursor<'m>>,
) {
    if let Some(r) = spaces.last() {
        let (start, end) = (base + r.start, base + r.end);
        let c = cursor.get_or_insert_with(|| masked.cursor(start));
        if c.is_masked(start) || c.next_start() < end {
            spaces.pop();
        }
    }
}

/// One block being checked.
struct Block<'d, 'a> {
    doc: &'d Document<'a>,
    s: &'a str,
    base: usize,
    heading: bool,
}

fn is_open_quote(c: char) -> bool {
    matches!(
        c,
        '“' | '‘' | '「' | '『' | '《' | '（' | '【' | '〔' | '〈' | '〖'
    )
}

fn is_close_quote(c: char) -> bool {
    matches!(
        c,
        '”' | '’' | '」' | '』' | '》' | '）' | '】' | '〕' | '〉' | '〗'
    )
}

/// True when the character left of a mark makes it Chinese text. `right` is the character on
/// the other side: an opening quote before a mark followed by Latin (`“Go!`) opens an English
/// quotation, not Chinese text.
fn chinese_left(left: Option<char>, right: Option<char>) -> bool {
    match left {
        Some(l) if text::is_han(l) => true,
        Some(l) if text::is_cjk_punct(l) => {
            !(is_open_quote(l) && right.is_some_and(|r| r.is_ascii_alphanumeric()))
        }
        _ => false,
    }
}

/// Mirror of [`chinese_left`]: a closing quote after a mark preceded by Latin (`world!”`) closes
/// an English quotation.
fn chinese_right(left: Option<char>, right: Option<char>) -> bool {
    match right {
        Some(r) if text::is_han(r) => true,
        Some(r) if text::is_cjk_punct(r) => {
            !(is_close_quote(r) && left.is_some_and(|l| l.is_ascii_alphanumeric()))
        }
        _ => false,
    }
}

fn fullwidth(c: char) -> char {
    match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        other => other,
    }
}

fn mark_name(c: char) -> (&'static str, &'static str) {
    match c {
        ',' => ("逗号", "comma"),
        ';' => ("分号", "semicolon"),
        ':' => ("冒号", "colon"),
        '?' => ("问号", "question mark"),
        '!' => ("叹号", "exclamation mark"),
        _ => ("括号", "parenthesis"),
    }
}

/// True when a parenthesis pair's inner text is an emoticon rather than an aside:
/// `(^_^)`, `(T_T)`, or nothing a reader could read (no Han, no ASCII letter or digit).
fn is_kaomoji(inner: &str) -> bool {
    inner.contains(['^', '_'])
        || !inner
            .chars()
            .any(|c| text::is_han(c) || c.is_ascii_alphanumeric())
}

impl<'a> Block<'_, 'a> {
    /// The masked range containing block offset `i`, in block offsets (clamped to the block).
    fn mask_at(&self, i: usize) -> Option<Range<usize>> {
        let pos = self.base + i;
        let r = self.doc.masked().find(pos).filter(|r| r.start() <= pos)?;
        Some(r.start().max(self.base) - self.base..(r.end() - self.base).min(self.s.len()))
    }

    /// The nearest unmasked character before block offset `i`, with its offset.
    fn prev(&self, mut i: usize) -> Option<(usize, char)> {
        loop {
            let c = text::char_before(self.s, i)?;
            let p = i - c.len_utf8();
            match self.mask_at(p) {
                Some(m) => i = m.start,
                None => return Some((p, c)),
            }
        }
    }

    /// The nearest unmasked character at or after block offset `i`, with its offset.
    fn next(&self, mut i: usize) -> Option<(usize, char)> {
        loop {
            let c = text::char_at(self.s, i)?;
            match self.mask_at(i) {
                Some(m) => i = m.end,
                None => return Some((i, c)),
            }
        }
    }

    /// A converted ASCII parenthesis reads as its full-width form for its neighbours.
    fn as_fixed(&self, scan: &Scan, at: Option<(usize, char)>) -> Option<char> {
        let (p, c) = at?;
        if matches!(c, '(' | ')') && scan.converted.binary_search(&p).is_ok() {
            Some(fullwidth(c))
        } else {
            Some(c)
        }
    }

    fn halfwidth(&self, scan: &mut Scan, ctx: &Context, out: &mut dyn Sink) {
        let b = self.s.as_bytes();
        scan.converted.clear();
        scan.skipped.clear();

        // Pair parentheses line by line, innermost first; the rest are lone.
        let mut stack: Vec<usize> = Vec::new();
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut lone: Vec<usize> = Vec::new();
        let mut last = 0;
        for &p in &scan.parens {
            // A line ends the brackets open on it.
            if !stack.is_empty() && memchr::memchr(b'\n', &b[last..p]).is_some() {
                lone.append(&mut stack);
            }
            last = p;
            if self.doc.is_masked(self.base + p) {
                continue;
            }
            if b[p] == b'(' {
                stack.push(p);
            } else if let Some(o) = stack.pop() {
                pairs.push((o, p));
            } else {
                lone.push(p);
            }
        }
        lone.append(&mut stack);
        lone.sort_unstable();

        // ASCII emoticons: `:)`, `;-)`, `:(` with a parenthesis that has no partner.
        lone.retain(|&p| {
            let mut j = p;
            if j > 0 && b[j - 1] == b'-' {
                j -= 1;
            }
            if j > 0 && matches!(b[j - 1], b':' | b';' | b'=') {
                scan.skipped.push(j - 1);
                false
            } else {
                true
            }
        });

        // Decide which pairs and lone parentheses are Chinese. A parenthesis next to one that
        // is being converted counts as touching Chinese, so a run such as `安((((全` is decided
        // in one pass instead of one parenthesis per `--fix` pass: sweep until nothing changes.
        pairs.retain(|&(o, c)| !is_kaomoji(&self.s[o + 1..c]));
        let mut pair_done = vec![false; pairs.len()];
        let mut lone_done = vec![false; lone.len()];
        loop {
            let mut changed = false;
            for (k, &(o, c)) in pairs.iter().enumerate() {
                if pair_done[k] {
                    continue;
                }
                let before = self.as_fixed(scan, self.prev(o));
                let after_open = self.as_fixed(scan, self.next(o + 1));
                let before_close = self.as_fixed(scan, self.prev(c));
                let after = self.as_fixed(scan, self.next(c + 1));
                if self.s[o + 1..c].chars().any(text::is_han)
                    || chinese_left(before, after_open)
                    || chinese_right(before_close, after)
                {
                    pair_done[k] = true;
                    changed = true;
                    for q in [o, c] {
                        let at = scan.converted.partition_point(|&x| x < q);
                        scan.converted.insert(at, q);
                    }
                }
            }
            // Forward then backward, so a run is decided from whichever end touches Chinese.
            let order: Vec<usize> = (0..lone.len()).chain((0..lone.len()).rev()).collect();
            for k in order {
                if lone_done[k] {
                    continue;
                }
                let p = lone[k];
                let l = self.as_fixed(scan, self.prev(p));
                let r = self.as_fixed(scan, self.next(p + 1));
                if chinese_left(l, r) || chinese_right(l, r) {
                    lone_done[k] = true;
                    changed = true;
                    let at = scan.converted.partition_point(|&x| x < p);
                    scan.converted.insert(at, p);
                }
            }
            if !changed {
                break;
            }
        }

        for (k, &(o, c)) in pairs.iter().enumerate() {
            if !pair_done[k] {
                continue;
            }
            let inner = &self.s[o + 1..c];
            let shown = if inner.chars().count() <= 16 {
                inner.to_string()
            } else {
                "…".to_string()
            };
            let msg = msg!(
                ctx,
                format!("半角括号“({shown})”应为全角“（{shown}）”"),
                format!("half-width parentheses “({shown})” should be full-width “（{shown}）”"),
            );
            // Parentheses nested inside that are converted too go into the same replacement,
            // since their own findings overlap this one and would wait for another pass.
            let mut rep = String::with_capacity(inner.len() + 6);
            rep.push('（');
            for (i, ch) in inner.char_indices() {
                let q = o + 1 + i;
                if matches!(ch, '(' | ')') && scan.converted.binary_search(&q).is_ok() {
                    rep.push(fullwidth(ch));
                } else {
                    rep.push(ch);
                }
            }
            rep.push('）');
            out.push(
                Diagnostic::new(HALFWIDTH, Severity::Warning, self.abs(o..c + 1), msg)
                    .with_fix(rep, Applicability::Safe),
            );
        }
        for (k, &p) in lone.iter().enumerate() {
            if lone_done[k] {
                out.push(self.mark_diag(p, b[p] as char, ctx));
            }
        }

        // Marks are decided a run at a time (`吗?!`, or a long `!!!!`): the run is Chinese when
        // the characters on either side of the whole run are, so every mark of a run is
        // reported in the same pass, however long the run, at linear cost.
        let marks: Vec<usize> = scan
            .marks
            .iter()
            .copied()
            .filter(|m| !scan.skipped.contains(m) && !self.doc.is_masked(self.base + m))
            .collect();
        let mut i = 0;
        while i < marks.len() {
            let mut j = i;
            while j + 1 < marks.len() && self.next(marks[j] + 1).map(|x| x.0) == Some(marks[j + 1]) {
                j += 1;
            }
            let (first, last) = (marks[i], marks[j]);
            // Digit-mark-digit: thousands separators, times and ratios (3,000  10:30  1:2).
            let between_digits = i == j
                && first > 0
                && b[first - 1].is_ascii_digit()
                && b.get(first + 1).is_some_and(u8::is_ascii_digit);
            if !between_digits {
                let l = self.as_fixed(scan, self.prev(first));
                let r = self.as_fixed(scan, self.next(last + 1));
                if chinese_left(l, r) || chinese_right(l, r) {
                    for &m in &marks[i..=j] {
                        out.push(self.mark_diag(m, b[m] as char, ctx));
                    }
                }
            }
            i = j + 1;
        }
    }

    fn mark_diag(&self, i: usize, ch: char, ctx: &Context) -> Diagnostic {
        let fw = fullwidth(ch);
        let (zh, en) = mark_name(ch);
        let msg = msg!(
            ctx,
            format!("半角{zh}“{ch}”应为全角“{fw}”"),
            format!("half-width {en} “{ch}” should be full-width “{fw}”"),
        );
        Diagnostic::new(HALFWIDTH, Severity::Warning, self.abs(i..i + 1), msg)
            .with_fix(fw.to_string(), Applicability::Safe)
    }

    fn abs(&self, r: Range<usize>) -> Range<usize> {
        self.base + r.start..self.base + r.end
    }

    /// A run of spaces, not touching masked text ([`Scan::collect`]).
    fn space(&self, r: Range<usize>, separator_line: bool, ctx: &Context, out: &mut dyn Sink) {
        let (Some(l), Some(rc)) = (text::char_before(self.s, r.start), text::char_at(self.s, r.end)) else {
            return;
        };
        let candidate =
            (text::is_han(l) && text::is_chinese(rc)) || (text::is_cjk_punct(l) && text::is_han(rc));
        if !candidate || self.after_article_number(r.start) {
            return;
        }
        let sp = &self.s[r.clone()];
        let kind = if self.in_quoted_title(r.clone()) {
            Kind::Title
        } else if self.letter_spaced(r.clone(), l, rc) || sp.matches('\u{3000}').count() >= 2 {
            Kind::Alignment
        } else if separator_line {
            Kind::Separator
        } else if self.in_byline(r.start) {
            Kind::Byline
        } else {
            Kind::Stray
        };
        let msg = match kind {
            Kind::Stray => msg!(
                ctx,
                format!("中文之间多了空格：“{l}{sp}{rc}”应为“{l}{rc}”"),
                format!("stray space in Chinese text: “{l}{sp}{rc}” should be “{l}{rc}”"),
            ),
            Kind::Title => msg!(
                ctx,
                format!("标题中的空格“{l}{sp}{rc}”：如非标题原有写法，应删除"),
                format!(
                    "space inside a quoted title “{l}{sp}{rc}”: remove it unless the title is written that way"
                ),
            ),
            Kind::Alignment => msg!(
                ctx,
                format!("对齐用的空格“{l}{sp}{rc}”：正文中一般不用，可删除"),
                format!("alignment space “{l}{sp}{rc}”: not used in running text, may be removed"),
            ),
            Kind::Separator => msg!(
                ctx,
                format!("标题或列表行中用作分隔的空格“{l}{sp}{rc}”：如非有意排版，应删除"),
                format!(
                    "space separating the parts of a headline or list line “{l}{sp}{rc}”: remove it unless the layout is deliberate"
                ),
            ),
            Kind::Byline => msg!(
                ctx,
                format!("署名中的空格“{l}{sp}{rc}”：按本社体例决定是否删除"),
                format!(
                    "space in a byline “{l}{sp}{rc}”: remove it if house style writes bylines without spaces"
                ),
            ),
        };
        let (sev, app) = match kind {
            Kind::Stray => (Severity::Warning, Applicability::Safe),
            _ => (Severity::Info, Applicability::Unsafe),
        };
        out.push(Diagnostic::new(CJK_SPACE, sev, self.abs(r), msg).with_fix("", app));
    }

    /// `第一条　为了…`, `第二章　总则`: the standard layout of legal and official texts puts a
    /// space after the article or chapter number.
    fn after_article_number(&self, start: usize) -> bool {
        let head = &self.s[..start];
        let Some(rest) = ["条", "章", "节", "编", "篇", "卷", "部分"]
            .iter()
            .find_map(|k| head.strip_suffix(k))
        else {
            return false;
        };
        let digits = rest
            .trim_end_matches(|c: char| c.is_ascii_digit() || "一二三四五六七八九十百千零〇两".contains(c));
        digits.len() < rest.len() && digits.ends_with('第')
    }

    /// True when the space sits inside a title quoted on the same line: `《…》`, `「…」`, `『…』`,
    /// or a short `“…”` / `‘…’` with no sentence punctuation inside (a quoted speech is not a
    /// title, and a stray space in it is an ordinary slip).
    fn in_quoted_title(&self, r: Range<usize>) -> bool {
        const LIMIT: usize = 30;
        const STOP: &str = "，。；！？：、\n";
        let mut open = None;
        for (n, c) in self.s[..r.start].chars().rev().enumerate() {
            if n >= LIMIT || STOP.contains(c) || is_close_quote(c) {
                return false;
            }
            if matches!(c, '“' | '‘' | '《' | '「' | '『') {
                open = Some(c);
                break;
            }
        }
        let Some(open) = open else { return false };
        let close = match open {
            '“' => '”',
            '‘' => '’',
            '《' => '》',
            '「' => '」',
            _ => '』',
        };
        for (n, c) in self.s[r.end..].chars().enumerate() {
            if n >= LIMIT || c == '\n' {
                return false;
            }
            if c == close {
                return true;
            }
            if matches!(open, '“' | '‘') && STOP.contains(c) {
                return false;
            }
        }
        false
    }

    /// `王 刚`, `总　则`: a single character on each side of the space, spacing letters out to
    /// align names in a list or a short heading.
    fn letter_spaced(&self, r: Range<usize>, l: char, rc: char) -> bool {
        let lone = |c: Option<char>| c.is_none_or(|c| !text::is_han(c));
        text::is_han(l)
            && text::is_han(rc)
            && lone(text::char_before(self.s, r.start - l.len_utf8()))
            && lone(text::char_at(self.s, r.end + rc.len_utf8()))
    }

    /// Bylines, credits and datelines (`记者 张三`, `新华社记者 李四 摄`, `本报北京6月3日电　`): a
    /// credit word earlier in the same clause, or the space right after a dateline.
    fn in_byline(&self, start: usize) -> bool {
        const WORDS: &[&str] = &["记者", "通讯员", "编辑", "责编", "摄影", "撰稿", "作者", "来源"];
        const DATELINE: &[&str] = &["日电", "报讯", "社讯", "网讯", "台讯"];
        let clause_start = self.s[..start]
            .rfind(['，', '。', '；', '！', '？', '：', '\n'])
            .map_or(0, |i| i + self.s[i..].chars().next().map_or(1, char::len_utf8));
        let clause = &self.s[clause_start..start];
        clause.chars().count() <= 24
            && (WORDS.iter().any(|w| clause.contains(w)) || DATELINE.iter().any(|e| clause.ends_with(e)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Stray,
    Title,
    Alignment,
    Separator,
    Byline,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::SourceKind;
    use crate::settings::Settings;

    fn find(text: &str, kind: SourceKind) -> Vec<(&'static str, Severity, String, Option<String>)> {
        let doc = Document::parse(text, kind);
        let settings = Settings::default();
        let ctx = Context::new(&settings);
        let mut out = Vec::new();
        Punct.check(&doc, &ctx, &mut out);
        out.sort_by_key(|d| d.span.start);
        out.into_iter()
            .map(|d| {
                (
                    d.rule,
                    d.severity,
                    text[d.span.clone()].to_string(),
                    d.fix.map(|f| f.replacement),
                )
            })
            .collect()
    }

    /// A block's stops are the same whichever stretches they were found in (a block longer
    /// than a stretch in several), in plain text and in Markdown (whose blocks nest: a list
    /// item holds its paragraphs).
    #[test]
    fn stops_by_the_stretch_equal_stops_of_the_whole_text() {
        let pieces = [
            "中", "文", ",", ";", ":", "?", "!", "(", ")", " ", "\u{a0}", "\u{3000}", "\n", "\n\n", "- ",
            "> ", "# ", "1. ", "`", "a", "é",
        ];
        let mut rng = crate::testutil::Rng::new();
        let mut seen = 0;
        for round in 0..2000 {
            let t = rng.text(&pieces, 80);
            let kind = [SourceKind::Plain, SourceKind::Markdown][round % 2];
            let doc = Document::parse(&t, kind);
            let mut whole = [Vec::new(), Vec::new()];
            find_stops(t.as_bytes(), 0..t.len(), &mut whole, doc.masked());
            for stretch in [1, 5, 64, STRETCH] {
                let mut stops = Stops::new(&t, doc.masked(), stretch);
                let mut at = [0, 0];
                for b in &doc.blocks {
                    let want = [0, 1].map(|k| stops_in(&whole[k], &mut at[k], b.start(), b.end()));
                    let mut got = [Vec::new(), Vec::new()];
                    let mut from = b.start();
                    loop {
                        let ([narrow, wide], to) = stops.of_range(from..b.end());
                        assert!(to > from || to == b.end(), "{t:?} {stretch}");
                        got[0].extend_from_slice(narrow);
                        got[1].extend_from_slice(wide);
                        if to >= b.end() {
                            break;
                        }
                        from = to;
                    }
                    assert_eq!(got, want.map(<[Stop]>::to_vec), "{t:?} {stretch}");
                    seen += want[0].len() + want[1].len();
                }
            }
        }
        assert!(seen > 10_000, "only {seen} stops in blocks");
    }

    fn plain(text: &str) -> Vec<(&'static str, Severity, String, Option<String>)> {
        find(text, SourceKind::Plain)
    }

    /// `Scan::collect` against a plain character loop, on strings mixing Han, full-width and
    /// half-width marks, every kind of space and line feeds, with random masks: a mark or a
    /// parenthesis inside one and a run of spaces that touches one are left out. Half the
    /// strings are mostly spaces, so that runs of spaces cross the masks' edges. The stops come
    /// in stretches cut at random, as a long block's do ([`Scan::take_spaces`]).
    #[test]
    fn collect_finds_what_a_character_loop_finds() {
        let parts = [
            "中", "文", ",", ";", ":", "?", "!", "(", ")", "\n", " ", "\u{a0}", "\u{3000}", "，", "。", "（",
            "é", "a", "1", "\u{3001}", "𠀀", "\u{4000}", "·",
        ];
        let spaced = [" ", " ", " ", " ", "\u{a0}", "\u{3000}", "中", ","];
        let mut rng = crate::testutil::Rng::new();
        let mut scan = Scan::default();
        let (mut masked_runs, mut stretches) = (0, 0);
        for round in 0..4000 {
            let parts: &[&str] = if round % 2 == 0 { &parts } else { &spaced };
            let mut t = String::new();
            for _ in 0..rng.below(40) {
                t.push_str(parts[rng.below(parts.len())]);
            }
            // A block at offset `base` of a longer text, with up to three masks.
            let base = rng.below(3);
            let mut masks = Masks::new();
            let mut ranges = Vec::new();
            for _ in 0..rng.below(4) {
                let a = rng.below(t.len() + 2);
                let r = base + a..base + a + rng.below(6);
                masks.push(r.clone());
                ranges.push(r);
            }
            masks.finish();
            let (mut marks, mut parens, mut spaces) = (Vec::new(), Vec::new(), Vec::<Range<usize>>::new());
            let inside = |i: usize| ranges.iter().any(|m| m.contains(&(base + i)));
            for (i, c) in t.char_indices() {
                match c {
                    ',' | ';' | ':' | '?' | '!' if !inside(i) => marks.push(i),
                    '(' | ')' if !inside(i) => parens.push(i),
                    ' ' | '\u{a0}' | '\u{3000}' => match spaces.last_mut() {
                        Some(r) if r.end == i => r.end = i + c.len_utf8(),
                        _ => spaces.push(i..i + c.len_utf8()),
                    },
                    _ => {}
                }
            }
            let touches = |s: &Range<usize>| {
                ranges
                    .iter()
                    .any(|m| m.start < m.end && m.start < base + s.end && base + s.start < m.end)
            };
            masked_runs += spaces.iter().filter(|s| touches(s)).count();
            spaces.retain(|s| !touches(s));
            let mut lists = [Vec::new(), Vec::new()];
            let padded = format!("{}{t}", "x".repeat(base));
            find_stops(padded.as_bytes(), base..padded.len(), &mut lists, &masks);
            let [narrow, wide] = &lists;
            // Stretches cut at random offsets.
            let mut cuts: Vec<usize> = (0..rng.below(4)).map(|_| base + rng.below(t.len() + 1)).collect();
            cuts.push(padded.len());
            cuts.sort_unstable();
            scan.clear();
            let (mut found, mut from) = (Vec::new(), base);
            let at = |list: &[Stop], x: usize| list.partition_point(|s| (s.0 as usize) < x);
            for &to in &cuts {
                let part = |list: &'_ Vec<Stop>| list[at(list, from)..at(list, to)].to_vec();
                scan.collect([&part(narrow), &part(wide)], base, &masks);
                scan.take_spaces(to == padded.len(), base, &masks, |r| found.push(r));
                from = to;
                stretches += 1;
            }
            assert_eq!(
                (&scan.marks, &scan.parens, &found),
                (&marks, &parens, &spaces),
                "{t:?} {ranges:?} {cuts:?}"
            );
        }
        assert!(masked_runs > 1000, "{masked_runs} runs of spaces masked");
        assert!(stretches > 8000, "{stretches} stretches");
    }

    #[test]
    fn comma_between_han_is_reported_with_fix() {
        let d = plain("甲,乙");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].2, ",");
        assert_eq!(d[0].3.as_deref(), Some("，"));
    }

    #[test]
    fn digit_then_comma_then_han_is_a_defect() {
        let d = plain("联合国2030年,是");
        assert_eq!(d.len(), 1);
        let d = plain("到2030,是");
        assert_eq!(d.len(), 1, "{d:?}");
    }

    #[test]
    fn digit_mark_digit_is_not() {
        assert!(plain("约3,000人，10:30开始，比分1:2。").is_empty());
    }

    #[test]
    fn run_of_marks_after_han() {
        let d = plain("真的吗?!");
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn pair_is_one_finding() {
        let d = plain("(上接第一版)这是");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].2, "(上接第一版)");
        assert_eq!(d[0].3.as_deref(), Some("（上接第一版）"));
    }

    /// Brackets pair within a line: in a Markdown paragraph over two lines, a bracket opened on
    /// one line and closed on the next are two lone brackets; on one line, one pair.
    #[test]
    fn brackets_pair_within_a_line() {
        let md = |t: &str| find(t, SourceKind::Markdown);
        let one = md("文(甲乙)丙(丁)戊\n");
        assert_eq!(
            one.iter().map(|d| d.2.as_str()).collect::<Vec<_>>(),
            ["(甲乙)", "(丁)"]
        );
        let two = md("文(甲\n乙)丙(丁)戊\n");
        assert_eq!(two.len(), 3, "{two:?}");
        assert!(two.iter().all(|d| d.2 != "(甲\n乙)"), "{two:?}");
        assert_eq!(two[2].2, "(丁)");
        // A line between a closed pair and the next opens nothing.
        assert_eq!(md("文(甲)\n乙(丙)丁\n").len(), 2);
    }

    #[test]
    fn comma_after_converted_paren() {
        let d = plain("这里(WHO),");
        assert_eq!(d.len(), 2, "{d:?}");
    }

    #[test]
    fn emoticons_and_kaomoji() {
        assert!(plain("今天真开心:)").is_empty());
        assert!(plain("今天好累:-(").is_empty());
        assert!(plain("好的(^_^)谢谢").is_empty());
    }

    #[test]
    fn english_inside_chinese_quotes() {
        assert!(plain("他说：“Hello, world!”").is_empty());
        assert!(plain("他喊：“Go (now)”").is_empty());
        assert_eq!(plain("他说:“走吧。”").len(), 1);
    }

    #[test]
    fn spaces() {
        let d = plain("文明沃土 的现代化实践。");
        assert_eq!(
            d,
            vec![(CJK_SPACE, Severity::Warning, " ".into(), Some(String::new()))]
        );
        let d = plain("举办‘拉萨好物 云端开播’首");
        assert_eq!(d[0].1, Severity::Info);
        assert!(plain("联合国 2030 年").is_empty());
        assert!(plain("第一条　为了").is_empty());
        assert_eq!(plain("王 刚、李明华")[0].1, Severity::Info);
        assert_eq!(plain("（记者 张三）")[0].1, Severity::Info);
        let d = plain("沃土  \u{3000}的");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].2, "  \u{3000}");
    }

    #[test]
    fn markdown_emphasis_is_stepped_over() {
        let d = find("**注意**: 内容\n", SourceKind::Markdown);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].2, ":");
    }

    /// Found by fuzzing (fuzz/artifacts/fix/crash-3c118c4a): a long run of mixed half- and
    /// full-width parentheses inside Chinese text needed one `--fix` pass per parenthesis.
    #[test]
    fn run_of_parentheses_is_decided_in_one_pass() {
        let text = "这种基于从林法则的僵化安（（（(((((((((((((((((((（（（全信条，早已与时代大势格格不入。";
        let settings = crate::Settings::default();
        let (once, _) = crate::fix::fix_until_stable(text, SourceKind::Plain, &settings, false);
        assert!(!once.contains('('), "{once}");
        let nested = "见((((((((((附件))))))))))说明";
        let (fixed, _) = crate::fix::fix_until_stable(nested, SourceKind::Plain, &settings, false);
        assert_eq!(fixed, "见（（（（（（（（（（附件））））））））））说明");
    }

    /// Found by fuzzing (tests/fixtures/fuzz/fix-crash-2.txt): a run of more than eight
    /// half-width marks in Chinese text was converted eight marks per `--fix` pass.
    #[test]
    fn long_run_of_marks_is_decided_in_one_pass() {
        let text = format!("大家好{}再见", "!".repeat(40));
        let found = plain(&text);
        assert_eq!(found.len(), 40, "{found:?}");
    }
}
