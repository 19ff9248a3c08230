//! The doubled family: `doubled-char` (a character or word typed twice) and
//! `repeated-contrast` (a contrast whose two halves repeat the same word).
//!
//! Both rules start from one pass over each block's characters that looks for the rare
//! places worth a closer look: a Han character right after itself, a two-character sequence
//! right after itself, and the openers 既, 不是, 不仅, 不但, 不光, 与其. Clean copy has few of
//! them (the clean corpus has about one doubled Han pair per 600 characters, nearly all of
//! them correct words), so the rules cost a character scan on clean copy. Only a candidate is
//! segmented with jieba, over a short window of Han text around it; the segmenter is built
//! once per process, on the first candidate (see the `chars` module for the decision rules).

mod chars;
mod contrast;
mod data;

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::document::{Block, BlockKind, Document};
use crate::findings::Sink;
use crate::rules::{Context, Family, FixKind, Part, Pass, RuleInfo};
use crate::text::is_han;
use serde::Deserialize;
use std::ops::Range;

/// Options of the `[doubled-char]` config section.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// House additions to the built-in allowlist: correct forms holding a doubled character or
    /// word (a name such as 王丽丽, a brand). Text inside one of them is never reported by
    /// either rule of the family.
    pub allow: Vec<String>,
}

/// The family.
pub struct Doubled;

const DOUBLED_CHAR: &str = "doubled-char";
const REPEATED_CONTRAST: &str = "repeated-contrast";

static RULES: &[RuleInfo] = &[
    RuleInfo {
        id: DOUBLED_CHAR,
        severity: Severity::Warning,
        fix: FixKind::Unsafe,
        summary: "A character or word typed twice (加大大本土, 我们我们)",
        summary_zh: "字词误重（加大大本土、我们我们）",
        explain: r#"## What it catches
A character or a two-character word typed twice by accident: `加大大本土` for `加大本土`,
`接接地气` for `接地气`, `在在北京` for `在北京`, `我们我们` for `我们`.

Chinese is full of correct doubling, and the rule must not touch it: reduplicated words
(常常 看看 实实在在 格格不入 形形色色), word boundaries that happen to repeat a character
(中方|方案, 明确|确立, 建立|立于), a unit before a title (北京市市长), a measure word after a
numeral (一届届), a verb doubled before its object (挪挪位子, 交交心), verbs doubled as
`ABAB` (研究研究) or `AABB` (说说笑笑).

## How it decides
A single pass finds the rare places where a Han character follows itself or a two-character
word follows itself; numerals (一九九九), runs of three or more (哈哈哈) and `AABB` of content
characters are skipped. Only there, the run of Han text around the pair (up to 8 characters
each side, with any digits, so 2019年 stays whole) is segmented with jieba's dictionary, HMM
guessing off:

- both copies in one dictionary word: correct, unless the word is one of the dictionary's rare
  doubled spellings of a common word (`ABB` nouns and verbs whose `AB` is at least 100 times
  as frequent: 干部部, 方向向), which is read as `AB` and a lone `B`;
- with one copy less, the text reads as a common word (jieba frequency ≥ 100) holding the
  remaining copy and characters on both sides of it: a doubled keystroke (共同同体 for 共同体,
  农产产品 for 农产品, 房地地产 for 房地产). Correct doublings give no such word (中方案 reads
  中|方案, 明确立 reads 明确|立), or the text as written reads as exactly two nouns, each at
  least as common as that word (科学|学院 against 科学院, 医学|学院 against 医学院; 同体 and
  农产 are rarer than 共同体 and 农产品, and 推动|动力 is a verb and its object);
- each copy in a word of two or more characters (a word boundary between them): correct
  (中方|方案, 本国|国情, 宪法|法律), unless the text with one copy less is far likelier
  under jieba's word frequencies (the product of its words' probabilities at least e^8, about
  3,000 times that of the text as written): the extra copy then made up a rare word
  (同志|志在, 刑事犯|犯罪, 海洋权|权益), and the rarer of the two words is read as
  a lone copy beside the other word (再剪|剪枝 is then 再|剪|剪枝, a verb doubled before its
  object, below); a unit before its own title (中队|队长, 人事处|处长) stays correct. So is a
  lone copy that is a bound morpheme when jieba's new-word guessing (HMM) joins it
  with a one-character noun on its other side (教师|师|德 reads 教师|师德, a word the
  dictionary lacks; not 教师|师|队伍, nor 人民|民|干革命 where the neighbour is a verb);
- both copies one-character words, or the second a particle after an idiom ending in it
  (不知怎的的道理, 脚踏实地地工作: correct; the idioms of THUOCL's list ending in 的 地 得 了
  着 过, `rules/doubled/particle-idioms.txt`): a function word that never reduplicates (的 了 在 是 有 和
  我 这 要 能 都 …, `rules/doubled/never-doubled.txt`) is a slip. A content character doubled
  outside jieba's dictionary (which holds the common reduplications 常常 人人 看看) is a slip
  too (新新挑战, 两国国, 使使, 党党的), unless it has one of the shapes of reduplication:
  - a common doubled word jieba split (jieba frequency ≥ 200);
  - a measure word after 一 (一届届, 一剂剂; not 一以以贯之); a doubled given name after a
    common surname (王芳芳, 张盼盼);
  - a pair set off by punctuation on both sides (当当，) or before the suffix 子 or 儿
    (绝绝子), the doubled end of a descriptive
    `ABB` word after a one-character noun or adjective (水当当, 干剥剥的);
  - a four-character expression `AABC` opening the clause or following its subject, a verb
    or 的, closed by a two-character verb or adjective (两国人民心心相通, 物物交换);
  - 以 before a phrase opening with it, in the nested frame whose clause holds both 为
    (以以人民为中心的…为指导); any other doubled preposition is a slip (为为推动, 为为群众,
    以以实际行动);
  - a time or measure word read as "every" before a verb or adverb, not after a number or
    demonstrative (年年都有; not 1998年年, 这些年年);
  - an adjective, sound or descriptive word before 的, 地 or 儿, if an adjective one that
    reduplicates: jieba lists its doubled form (暖暖的, 红红的), or it is rarer than jieba
    frequency 10,000 (尖尖的); 新新的 is a slip;
  - a one-character verb doubled before a short noun object that ends the phrase (挪挪位子),
    or ending the clause (好好说说。, 你说说，), not after a preposition, conjunction,
    particle, numeral or measure (a personal pronoun is its subject), not a bound morpheme
    (祖国观观), and not before 着 or 过, which a reduplicated verb never takes (盖盖过), nor
    before a colon or an opening quotation mark: a doubled verb never introduces speech
    (古人说说：“…”);
- one copy a lone character next to a word that starts or ends with the same character
  (加大|大|本土, 接|接地|气): a doubled keystroke, unless a productive pattern explains it:
  - a function word or modal verb on the side where it may stand (目的的实现, 要要求,
    就就业问题; `rules/doubled/standalone.txt`), but not a preposition after a noun (行为为)
    nor before an adverb, a conjunction or a preposition (就就是, 同同时, 为为了), nor 为
    before any word starting with it unless it completes the verb before it (当选为为民服务
    的模范; 把为为民办事, 执政为为民 are slips), nor 从 before a word that is no noun, time
    word or pronoun, unless a localiser or 起 closes the phrase (从从严治党, 从从事农业的地方;
    从从业人员中 is fine), nor a modal verb (要 想 会 应 能 愿 该) before a
    verb starting with it after a verb (带动应应用) or with no object after it (通知要要求，,
    所要要求的; 要要求各地 is fine), nor before
    a word that only closes a phrase (以以来, 与与否, 为为止), nor a preposition, modal or
    adverb after an attribute with 的 (高质量的就就业, 学生的要要求), nor 有 before a word
    that cannot open its object (有有着, 有有些, 有有序, or one before a verb or adjective:
    有有效缓解, 有有所积累; 有有效的办法 is fine), nor 应
    before 应该 or 应当, or after a word without a verb to govern (回应应社会关切), nor 为
    after a word ending in it (成为, 作为, 列为, 最为, 行为) unless it opens a phrase of a noun
    or pronoun and a verb closed by 的 (作为为友好邻邦, 列为为重点, 最为为紧迫的; 成为为人民
    服务的干部 is fine), nor a modal particle before the word or after a pronoun (什么么);
  - the copula after an idiom or before 是否/是非 (实事求是是, 问题是是否);
  - a localiser closing a phrase opened by the preposition 在/从/于/当/自 (在合作中中国;
    not 在中中共, with nothing between, nor 自觉学习中中国, where 自 is no preposition);
  - 有了 after a conjunction ending in 有 (只有有了; but 而是是, 以及及, 只要要 are slips), a
    function word after a time word (现在在北京, 正在在全国; but 正在在讨论, before a verb,
    is a slip), a time unit between a time word and a part of the period (明年年中);
  - a unit before a same-unit title or time word, after a one-character demonstrative or a
    personal pronoun (某镇镇政府, 我们村村民), a numeral (三县县委, 2019年年底), or a name or
    unknown place name before a title or organ of the unit (下姜村村民, 安吉县县长;
    `rules/doubled/units.txt`); not after an ordinary word (金砖国国家), a demonstrative
    with a measure or a quantity (这个国国家, 每个党党员, 7个年年份), nor a name before a
    word that is no title (东盟国国家); a time unit only before a part of the period (年底,
    月初; 70周周年 is a slip);
  - a measure word after 一 (一届届), a two-character name starting with a common surname
    (李娜娜; jieba tags many ordinary words as names, 智慧/nr, so 智慧慧 is a slip);
  - another reading that puts both copies into words: a common doubled dictionary word
    (满天星星; rare entries such as 理理 do not count, jieba frequency ≥ 200; not after a
    numeral, 几十年年), or a word boundary (他国国家), not one made from a lone function word
    or verb complement (首先先要), nor one the text without the copy reads far better than
    (新发发展, 越来越越多: the margin above);
  - a one-character verb doubled before its object, ending the phrase (交交心，握握手就走,
    晒晒太阳), not after a numeral or measure phrase (一大批接接地气) except the adverbs
    一起, 一道, 一块 and a quantity after a pronoun (一起喝喝茶, 你们俩握握手), not after a
    conjunction, an attribute or an adjective (定力和潜潜力, 优良作作风, 坚定的决决心), nor
    after a verb of two characters or more that would govern it, other than a modal
    (提供保保障, 得到遏遏制; 需要动动脑筋 is fine), not before a conjunction (扩大投投资和消费),
    not a modal verb (能能力), and with a free noun as its object (not 无无小事);
- `ABAB`: both halves the same dictionary word. Reported for pronouns, prepositions,
  conjunctions, particles, time and place words, localisers and adverbs (我们我们, 已经已经),
  and for nouns and adjectives whose neighbours show noun use (的问题问题, 在物质物质上). A
  doubled verb is correct, and jieba often tags verbs as nouns (商量/n), so a bare noun `ABAB`
  is not reported.

A doubled character at or near the edge of a paragraph (the window reaches the edge) is also
judged on the paragraph joined to its neighbour: a page break that cut 中国国情 into 中国国 /
情, or 实实在在 into 实 / 实在在, left correct copy, which `broken-join` reports; 加大大 / 本土
is still a doubling. In the same way, a doubling next to a stray space between Han characters
is judged with the space taken out: a space typed into 宪法法律 or 实实在在 (宪 法法律) cut the
word the doubling belongs to, and `cjk-space` reports it; and a Traditional character in the
window is read as its Simplified form (工作作風 is 工作作风; `traditional-char` reports 風).

## Why a warning
Segmentation is a statistical judgement: an unusual name or a new word can look like a doubled
keystroke. The finding is nearly always a defect, but it needs a human look.

## Fix
Removes one copy. Unsafe: the doubling may be a slip for a different character (加大大 might
have been meant as 加大力), so `--fix` leaves it to `--unsafe-fixes`.

## Configuration
```toml
[doubled-char]
allow = ["王丽丽", "可可西里"]   # correct forms never reported, in addition to the built-in list
```
The built-in lists live in `rules/doubled/` (never-doubled function characters, standalone
function characters, unit characters, allowlist, the idioms of THUOCL's list that hold a
doubled character, 岁岁平安 or 心心相通, which jieba's dictionary often lacks, and those that
end in a particle character, 不知怎的)."#,
        bad: &[
            "政府将加大大对农村教育的投入。",
            "我们我们一定要把这件事办好。",
            "代表团在在京期间参观了博物馆。",
        ],
        good: &[
            "他们常常去公园看看，日子过得实实在在。",
            "北京市市长出席了会议，一届届运动会都办得很成功。",
            "大家说说笑笑，研究研究再定，先挪挪位子。",
        ],
    },
    RuleInfo {
        id: REPEATED_CONTRAST,
        severity: Severity::Warning,
        fix: FixKind::None,
        summary: "A contrast whose two halves repeat the same word (既不平凡也不平凡)",
        summary_zh: "对举结构前后用词重复（既不平凡也不平凡）",
        explain: r#"## What it catches
A contrast or coordination whose two halves are the same word: `既不X也不X`, `既X又X`,
`既要X也要X`, `不是X而是X`, `不仅X而且X` (and 不但/不光, with 而且/还/也/更), `与其X不如X`,
where the two `X` are identical (one to six Han characters; the halves may be separated by a
comma).

## Why it matters
The construction promises two different things. Identical halves mean one of them was mistyped
(既不平凡也不平凡 was meant as 既平凡也不平凡, or 既不平凡也不平静), and the sentence says
nothing.

## How it decides
When the second `X` runs on into more Han text, jieba must place a word boundary after it, so
`既要发展也要发展中国家的合作` is not read as 发展 twice; for `不是…而是…` and `不仅…` the next
word must not be 的 or 之 (`不是技术而是技术的应用` contrasts two different things). A bare
`既X又X` needs `X` of two characters or more.

## Why a warning, no fix
The copy is wrong, but the intended word is unknown; an editor must choose it.

## Configuration
The family's allowlist also silences this rule: a construction inside an entry of
`[doubled-char] allow` is not reported (for a deliberate repetition in a quotation)."#,
        bad: &["这一年既不寻常也不寻常，令人难忘。", "改革不是终点，而是终点。"],
        good: &[
            "这一年既不寻常也不轻松，令人难忘。",
            "问题不是技术而是技术的应用。",
        ],
    },
];

/// What the scan found in one block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Candidate {
    /// A Han character right after itself; the first copy starts here.
    Pair(usize),
    /// A two-character sequence right after itself; the first copy starts here.
    Word(usize),
    /// A contrast opener starts here.
    Contrast(usize),
}

impl Family for Doubled {
    fn rules(&self) -> &'static [RuleInfo] {
        RULES
    }

    fn start<'d>(&'d self, doc: &'d Document<'d>, ctx: &'d Context<'d>) -> Box<dyn Pass + 'd> {
        Box::new(DoubledPass {
            doc,
            ctx,
            cands: Vec::new(),
            prev: None,
        })
    }
}

struct DoubledPass<'d> {
    doc: &'d Document<'d>,
    ctx: &'d Context<'d>,
    cands: Vec<Candidate>,
    /// The block before the next one, which may end a word the next one starts.
    prev: Option<Block>,
}

impl Pass for DoubledPass<'_> {
    fn part(&mut self, part: &Part, out: &mut dyn Sink) {
        let (doc, ctx) = (self.doc, self.ctx);
        let want_doubled = ctx.enabled(DOUBLED_CHAR);
        let want_contrast = ctx.enabled(REPEATED_CONTRAST);
        let allow = &ctx.settings.doubled.allow;
        let text = doc.text;
        let cands = &mut self.cands;
        // The blocks of the part, and the one after it for a pair at the part's end.
        let mut blocks = doc.blocks.iter_from(part.blocks.start);
        for _ in part.blocks.clone() {
            let Some(b) = blocks.next() else { break };
            let before = self.prev.replace(b);
            let range = b.range();
            cands.clear();
            scan(text, &range, want_doubled, want_contrast, cands);
            for cand in cands.iter() {
                match *cand {
                    Candidate::Pair(at) => {
                        let Some(d) = chars::doubled_char(text, &range, at) else {
                            continue;
                        };
                        let cl = d.span.len() / 2;
                        let next = blocks.clone().next();
                        if correct_across_break(doc, before.as_ref(), &b, next.as_ref(), at, cl)
                            || correct_without_space(text, &range, at, cl)
                        {
                            continue;
                        }
                        push_doubled(doc, ctx, allow, &range, d, out);
                    }
                    Candidate::Word(at) => {
                        let Some(d) = chars::doubled_word(text, &range, at) else {
                            continue;
                        };
                        push_doubled(doc, ctx, allow, &range, d, out);
                    }
                    Candidate::Contrast(at) => {
                        let Some(c) = contrast::at(text, &range, at) else {
                            continue;
                        };
                        if doc.overlaps_mask(c.span.clone()) || allowed(text, &range, &c.span, allow) {
                            continue;
                        }
                        let whole = &text[c.span.clone()];
                        let msg = ctx.msg(
                            format!("“{whole}”前后两半都是“{}”，对举失去意义，请核对原意", c.word),
                            format!(
                                "“{whole}” repeats “{}” in both halves of the contrast; check which word was meant",
                                c.word
                            ),
                        );
                        out.push(Diagnostic::new(REPEATED_CONTRAST, Severity::Warning, c.span, msg));
                    }
                }
            }
        }
    }

    fn finish(self: Box<Self>, _: &mut dyn Sink) {}
}

/// Candidate counts for one document, for measurement (`examples/measure_doubled.rs`).
#[doc(hidden)]
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ScanStats {
    /// Doubled Han characters (`AA`) the scan found.
    pub pairs: usize,
    /// Of those, the ones segmented (not a numeral, a run of three or an `AABB`).
    pub segmented_pairs: usize,
    /// Repeated two-character sequences (`ABAB`), all segmented unless numerals.
    pub words: usize,
    /// Contrast openers (既, 不是, 不仅, 不但, 不光, 与其); segmented only on a repeat.
    pub openers: usize,
}

/// Count the candidates in `doc` without analysing them.
#[doc(hidden)]
pub fn scan_stats(doc: &Document) -> ScanStats {
    let mut st = ScanStats::default();
    let mut cands = Vec::new();
    for b in &doc.blocks {
        cands.clear();
        scan(doc.text, &b.range(), true, true, &mut cands);
        for c in &cands {
            match *c {
                Candidate::Pair(at) => {
                    st.pairs += 1;
                    if chars::pair_worth_segmenting(doc.text, &b.range(), at) {
                        st.segmented_pairs += 1;
                    }
                }
                Candidate::Word(_) => st.words += 1,
                Candidate::Contrast(_) => st.openers += 1,
            }
        }
    }
    st
}

/// Build the word segmenter now instead of on the first candidate, and report whether this
/// call built it (for measuring its one-time cost).
#[doc(hidden)]
pub fn load_segmenter() -> bool {
    crate::segment::load()
}

/// True for a common one-character surname (`rules/doubled/surnames.txt`); `typo` reads a
/// two-character match after one as a given name.
pub(crate) fn is_surname(c: char) -> bool {
    data::surname(c)
}

fn push_doubled(
    doc: &Document,
    ctx: &Context,
    allow: &[String],
    block: &Range<usize>,
    d: chars::Doubling,
    out: &mut dyn Sink,
) {
    if doc.overlaps_mask(d.span.clone()) || allowed(doc.text, block, &d.span, allow) {
        return;
    }
    let extra = &d.replacement;
    let msg = ctx.msg(
        format!("“{}”多了一个“{extra}”，应为“{}”", d.context, d.fixed),
        format!("“{}” has one “{extra}” too many: “{}”", d.context, d.fixed),
    );
    out.push(
        Diagnostic::new(DOUBLED_CHAR, Severity::Warning, d.span, msg)
            .with_fix(d.replacement.clone(), Applicability::Unsafe),
    );
}

/// One pass over the block's characters, collecting candidates. Allocation-free unless a
/// candidate is found.
fn scan(text: &str, block: &Range<usize>, doubled: bool, contrast: bool, out: &mut Vec<Candidate>) {
    let b = &text.as_bytes()[block.clone()];
    // Four-byte characters (rare: CJK extensions B and later) take the exact loop; everything
    // else takes the fast path, which finds the same candidates (a test compares the two).
    // The largest byte: a maximum over bytes is vectorised (1.8M fewer instructions on the
    // 10 MB benchmark copy than the fold of `bool`s it replaced).
    if b.iter().fold(0u8, |m, &x| m.max(x)) >= 0xF0 {
        scan_exact(text, block, doubled, contrast, out);
    } else {
        scan_fast(text, block, doubled, contrast, out);
    }
}

/// True when a doubled character at or near the edge of a paragraph reads correctly once the
/// paragraph is joined to its neighbour: a page break cut 中国国情 into 中国国 / 情, 宪法法律
/// into 宪 / 法法律, or 实实在在 into 实 / 实在在. `broken-join` reports the break; the doubling
/// is not one. Near means that the window the pair is judged on would reach the edge: only
/// Han characters (or ASCII letters and digits), fewer than [`chars::CONTEXT`], between them.
/// `b` is the pair's block, `prev` and `next` the blocks either side; `at` is the pair's first
/// byte, `cl` the character's length.
fn correct_across_break(
    doc: &Document,
    prev: Option<&Block>,
    b: &Block,
    next: Option<&Block>,
    at: usize,
    cl: usize,
) -> bool {
    let text = doc.text;
    // Two paragraphs, or two paragraphs of one quotation, with only whitespace (and the
    // quotation's `>` marks) between them, as `broken-join` pairs them. Markdown blocks can
    // also nest or sit side by side (list items, table cells): those are never joined.
    let joinable = |x: &Block, y: &Block| {
        let quote = x.kind() == BlockKind::Quote;
        x.kind() == y.kind()
            && (quote || x.kind() == BlockKind::Paragraph)
            && x.end() <= y.start()
            && text[x.end()..y.start()]
                .chars()
                .all(|c| c.is_whitespace() || (quote && c == '>'))
    };
    let reaches = |s: &str| {
        s.chars().count() < chars::CONTEXT && s.chars().all(|c| is_han(c) || c.is_ascii_alphanumeric())
    };
    let correct =
        |joined: String, pair_at: usize| chars::doubled_char(&joined, &(0..joined.len()), pair_at).is_none();
    let next = next.filter(|n| joinable(b, n));
    if let Some(n) = next.filter(|_| reaches(&text[at + 2 * cl..b.end()])) {
        let joined = format!("{}{}", &text[b.range()], &text[n.range()]);
        if correct(joined, at - b.start()) {
            return true;
        }
    }
    let prev = prev.filter(|p| joinable(p, b));
    if let Some(p) = prev.filter(|_| reaches(&text[b.start()..at])) {
        let joined = format!("{}{}", &text[p.range()], &text[b.range()]);
        if correct(joined, p.range().len() + (at - b.start())) {
            return true;
        }
    }
    false
}

/// True when a doubled character reads correctly once stray spaces between Han characters
/// near it are taken out: a space typed into 宪法法律 or 实实在在 (宪 法法律, 实 实在在) cuts the
/// word the doubling belongs to, and the window the pair is judged on stops at the space.
/// `cjk-space` reports the space; the doubling is not one. `at` is the pair's first byte, `cl`
/// the character's length.
fn correct_without_space(text: &str, block: &Range<usize>, at: usize, cl: usize) -> bool {
    // Spaces with a Han character on both sides, up to `chars::CONTEXT` characters from the
    // pair on either side (runs of Han text and such spaces only).
    let mut spaces: Vec<Range<usize>> = Vec::new();
    let stray = |i: usize, c: char| {
        crate::text::is_space(c)
            && text[block.start..i].chars().next_back().is_some_and(is_han)
            && text[i + c.len_utf8()..block.end]
                .chars()
                .next()
                .is_some_and(is_han)
    };
    for (n, (i, c)) in text[block.start..at].char_indices().rev().enumerate() {
        let i = block.start + i;
        if n > chars::CONTEXT || !(is_han(c) || stray(i, c)) {
            break;
        }
        if !is_han(c) {
            spaces.push(i..i + c.len_utf8());
        }
    }
    let end = at + 2 * cl;
    for (n, (i, c)) in text[end..block.end].char_indices().enumerate() {
        let i = end + i;
        if n > chars::CONTEXT || !(is_han(c) || stray(i, c)) {
            break;
        }
        if !is_han(c) {
            spaces.push(i..i + c.len_utf8());
        }
    }
    if spaces.is_empty() {
        return false;
    }
    spaces.sort_by_key(|r| r.start);
    let mut joined = String::with_capacity(block.len());
    let mut from = block.start;
    let mut pair_at = 0;
    for r in &spaces {
        if r.start >= at && from <= at {
            pair_at = joined.len() + (at - from);
        }
        joined.push_str(&text[from..r.start]);
        from = r.end;
    }
    if from <= at {
        pair_at = joined.len() + (at - from);
    }
    joined.push_str(&text[from..block.end]);
    chars::doubled_char(&joined, &(0..joined.len()), pair_at).is_none()
}

/// The contrast openers `scan_exact` looks for: 既, and 不/与 followed by the characters that
/// make them one.
/// A Teddy (SIMD) searcher: aho-corasick's general automaton judged its prefilter useless on
/// Han text (the patterns' first bytes are common there) and stepped byte by byte.
static OPENERS: std::sync::LazyLock<aho_corasick::packed::Searcher> = std::sync::LazyLock::new(|| {
    aho_corasick::packed::Config::new()
        .builder()
        .extend(["既", "不是", "不仅", "不但", "不光", "与其"])
        .build()
        .expect("contrast openers")
});

/// Bit `k` set when `b[at + k] == b[at + k + d]`, for the 64 positions from `at` (the caller
/// keeps `at + 63 + d` inside `b`). On x86-64, sixteen bytes at a time with SSE2 (part of the
/// architecture, so always there): compare, then gather each byte's result into a bit.
#[cfg(target_arch = "x86_64")]
#[inline]
fn eq_mask(b: &[u8], at: usize, d: usize) -> u64 {
    use std::arch::x86_64::{__m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8};
    assert!(at + d + 64 <= b.len());
    let p = b.as_ptr();
    let mut m = 0u64;
    for j in 0..4 {
        // SAFETY: SSE2 is enabled on every x86-64 target; both unaligned 16-byte loads lie
        // inside `b` (asserted above).
        let bits = unsafe {
            let x = _mm_loadu_si128(p.add(at + 16 * j).cast::<__m128i>());
            let y = _mm_loadu_si128(p.add(at + d + 16 * j).cast::<__m128i>());
            _mm_movemask_epi8(_mm_cmpeq_epi8(x, y)) as u16
        };
        m |= u64::from(bits) << (16 * j);
    }
    m
}

#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn eq_mask(b: &[u8], at: usize, d: usize) -> u64 {
    eq_mask_swar(b, at, d)
}

/// [`eq_mask`] eight bytes at a time in a `u64` (SWAR), for other architectures: a byte of
/// `x ^ y` is zero where the bytes are equal, and the high bit of each zero byte is gathered
/// into eight mask bits with one multiplication.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline]
fn eq_mask_swar(b: &[u8], at: usize, d: usize) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let word = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
    let mut m = 0u64;
    for j in 0..8 {
        let w = word(at + 8 * j) ^ word(at + d + 8 * j);
        // 0x80 in each byte of `w` that is zero, 0 elsewhere (exact: no borrow between bytes).
        let zero = !(((w & LOW7) + LOW7) | w | LOW7);
        let bits = ((zero >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56;
        m |= bits << (8 * j);
    }
    m
}

/// `scan_exact` without the per-character loop, for blocks without four-byte characters: a
/// doubled three-byte character is three bytes equal to the three after them, and a doubled
/// pair of them six bytes equal to the six after them; both are found 64 positions at a time,
/// and the openers with a SIMD multi-pattern search. Candidates come out in the order the
/// exact loop gives them (by the position where that loop would see them).
fn scan_fast(text: &str, block: &Range<usize>, doubled: bool, contrast: bool, out: &mut Vec<Candidate>) {
    let s = &text[block.clone()];
    let b = s.as_bytes();
    let base = block.start;
    let han_at = |i: usize| s[i..].chars().next().is_some_and(is_han);
    let lead = |i: usize| b[i] >= 0xE0;
    // (position where the exact loop emits it, order at that position, candidate)
    let mut found: Vec<(usize, u8, Candidate)> = Vec::new();
    if doubled && b.len() >= 6 {
        let check = |p: usize, found: &mut Vec<(usize, u8, Candidate)>| {
            // Three equal bytes at distance 3 from a three-byte character: the character
            // repeats. Six at distance 6 with two different characters: ABAB.
            if !lead(p) {
                return;
            }
            if p + 6 <= b.len() && b[p..p + 3] == b[p + 3..p + 6] {
                if han_at(p + 3) {
                    found.push((p + 3, 0, Candidate::Pair(base + p)));
                }
            } else if p + 12 <= b.len()
                && b[p..p + 6] == b[p + 6..p + 12]
                && lead(p + 3)
                && han_at(p + 9)
                && han_at(p + 6)
            {
                found.push((p + 9, 0, Candidate::Word(base + p)));
            }
        };
        let mut at = 0;
        while at + 64 + 6 <= b.len() {
            let m3 = eq_mask(b, at, 3);
            let m6 = eq_mask(b, at, 6);
            // Positions 62 and 63 would need bytes of the next window: the windows step by
            // 62, and the next one starts with them.
            let mut m = ((m3 & (m3 >> 1) & (m3 >> 2)) | (m6 & (m6 >> 1) & (m6 >> 2))) & !(3 << 62);
            while m != 0 {
                let k = m.trailing_zeros() as usize;
                m &= m - 1;
                check(at + k, &mut found);
            }
            at += 62;
        }
        // The last few bytes, less than a window, the same way on a copy padded with NULs
        // (never in checked text): one position at a time, they were 7% of the rule's
        // instructions on ordinary copy, whose paragraphs are a few hundred bytes long.
        let tail = &b[at..];
        let mut pad = [0u8; 62 + 64 + 6 + 4];
        pad[..tail.len()].copy_from_slice(tail);
        let mut k0 = 0;
        while k0 < tail.len() {
            let m3 = eq_mask(&pad, k0, 3);
            let m6 = eq_mask(&pad, k0, 6);
            let mut m = ((m3 & (m3 >> 1) & (m3 >> 2)) | (m6 & (m6 >> 1) & (m6 >> 2))) & !(3 << 62);
            while m != 0 {
                let k = k0 + m.trailing_zeros() as usize;
                m &= m - 1;
                if k < tail.len() {
                    check(at + k, &mut found);
                }
            }
            k0 += 62;
        }
    }
    if contrast {
        for m in OPENERS.find_iter(b) {
            found.push((m.start(), 1, Candidate::Contrast(base + m.start())));
        }
    }
    found.sort_by_key(|&(at, order, _)| (at, order));
    out.extend(found.into_iter().map(|(_, _, c)| c));
}

/// The reference scan: one pass over the block's characters.
fn scan_exact(text: &str, block: &Range<usize>, doubled: bool, contrast: bool, out: &mut Vec<Candidate>) {
    let s = &text[block.clone()];
    let b = s.as_bytes();
    let base = block.start;
    // Characters are compared by their UTF-8 bytes packed into a `u32` (distinct characters
    // give distinct keys), so the hot loop never decodes; only a candidate is decoded to test
    // that it is Han. `NONE` is no character (before the block's start).
    const NONE: u32 = u32::MAX;
    const JI: u32 = key3("既");
    const BU: u32 = key3("不");
    const YU: u32 = key3("与");
    let han_at = |i: usize| s[i..].chars().next().is_some_and(is_han);
    // The last three characters: (start, key).
    let (mut p1, mut p2, mut p3) = ((0usize, NONE), (0usize, NONE), (0usize, NONE));
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let (len, key) = if x < 0x80 {
            (1, x as u32)
        } else if x < 0xE0 {
            (2, (x as u32) << 8 | b[i + 1] as u32)
        } else if x < 0xF0 {
            (3, (x as u32) << 16 | (b[i + 1] as u32) << 8 | b[i + 2] as u32)
        } else {
            (4, u32::from_be_bytes([x, b[i + 1], b[i + 2], b[i + 3]]))
        };
        if doubled {
            if key == p1.1 {
                if han_at(i) {
                    out.push(Candidate::Pair(base + p1.0));
                }
            } else if key == p2.1 && p1.1 == p3.1 && p1.1 != NONE && han_at(i) && han_at(p1.0) {
                out.push(Candidate::Word(base + p3.0));
            }
        }
        if contrast && (key == JI || key == BU || key == YU) {
            let next = s[i + len..].chars().next();
            let opens = match key {
                JI => true,
                BU => matches!(next, Some('是' | '仅' | '但' | '光')),
                _ => next == Some('其'),
            };
            if opens {
                out.push(Candidate::Contrast(base + i));
            }
        }
        p3 = p2;
        p2 = p1;
        p1 = (i, key);
        i += len;
    }
}

/// The key `scan` gives a three-byte character.
const fn key3(c: &str) -> u32 {
    let b = c.as_bytes();
    (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32
}

/// True when an allowlisted form (built-in, an idiom, or from the config) covers `span`.
fn allowed(text: &str, block: &Range<usize>, span: &Range<usize>, house: &[String]) -> bool {
    let first = text[span.clone()].chars().next();
    let idioms = first.and_then(|c| data::IDIOMS.get(&c)).into_iter().flatten();
    let builtin = data::ALLOW.iter().chain(idioms).copied();
    let extra = house.iter().map(String::as_str);
    builtin.chain(extra).any(|form| covers(text, block, span, form))
}

/// True when an occurrence of `form` inside `block` covers `span`.
fn covers(text: &str, block: &Range<usize>, span: &Range<usize>, form: &str) -> bool {
    if form.is_empty() || span.end - span.start > form.len() {
        return false;
    }
    let mut lo = span.end.saturating_sub(form.len()).max(block.start);
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = (span.start + form.len()).min(block.end);
    while !text.is_char_boundary(hi) {
        hi += 1;
    }
    // The window is a few characters wide: trying each start is cheaper than setting up a
    // substring search (`match_indices` cost 840 instructions a call).
    let Some(last) = hi.checked_sub(form.len()) else {
        return false;
    };
    (lo..=last)
        .filter(|&i| i <= span.start && i + form.len() >= span.end)
        .any(|i| text.as_bytes()[i..].starts_with(form.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast scan finds exactly what the character loop finds, in the same order.
    #[test]
    fn fast_scan_matches_the_exact_loop() {
        use proptest::prelude::*;
        let alphabet: Vec<&str> = vec![
            "既", "不", "与", "是", "仅", "其", "光", "人", "人", "天", "常", "看", "中", "方", "案", "a",
            "b", " ", "，", "。", "é", "1",
        ];
        let check = |t: &str| {
            let r = 0..t.len();
            for (d, c) in [(true, true), (true, false), (false, true)] {
                let (mut fast, mut exact) = (Vec::new(), Vec::new());
                scan_fast(t, &r, d, c, &mut fast);
                scan_exact(t, &r, d, c, &mut exact);
                assert_eq!(fast, exact, "{t:?}");
            }
        };
        // Long enough to cross the 64-byte windows, and at every offset near their edges.
        let long = "人人常常看看中方方案，既不是也不是。与其说天天，不仅不但不光".repeat(5);
        for cut in 0..long.len() {
            if long.is_char_boundary(cut) {
                check(&long[cut..]);
            }
        }
        proptest!(ProptestConfig::with_cases(2000), |(idx in proptest::collection::vec(0..alphabet.len(), 0..90))| {
            let t: String = idx.iter().map(|&i| alphabet[i]).collect();
            check(&t);
        });
    }

    /// The SSE2 masks equal the portable ones (which other architectures use), on bytes drawn
    /// from a small alphabet so that equal bytes are common.
    #[test]
    fn equality_masks_agree() {
        let mut rng = crate::testutil::Rng::new();
        let b: Vec<u8> = (0..4096)
            .map(|_| [0xE4u8, 0xB8, 0xAD, b'a'][rng.below(4)])
            .collect();
        for at in 0..b.len() - 64 - 6 {
            for d in [3, 6] {
                assert_eq!(eq_mask(&b, at, d), eq_mask_swar(&b, at, d), "at {at}, d {d}");
            }
        }
    }

    use crate::document::SourceKind;
    use crate::settings::Settings;

    fn run(text: &str, settings: &Settings) -> Vec<(&'static str, String)> {
        crate::check_str(text, SourceKind::Plain, settings)
            .into_iter()
            .filter(|d| d.rule == DOUBLED_CHAR || d.rule == REPEATED_CONTRAST)
            .map(|d| (d.rule, text[d.span].to_string()))
            .collect()
    }

    #[test]
    fn scan_finds_pairs_words_and_openers() {
        let t = "甲乙乙丙我们我们既不";
        let mut v = Vec::new();
        scan(t, &(0..t.len()), true, true, &mut v);
        let kinds: Vec<(char, usize)> = v
            .iter()
            .map(|c| match c {
                Candidate::Pair(a) => ('P', *a),
                Candidate::Word(a) => ('W', *a),
                Candidate::Contrast(a) => ('C', *a),
            })
            .collect();
        assert_eq!(kinds, vec![('P', 3), ('W', 12), ('C', 24)]);
    }

    #[test]
    fn house_allowlist_silences_a_form() {
        let text = "记者王芳芳报道，政府将加大大投入。";
        let mut s = Settings::default();
        let before = run(text, &s);
        assert!(before.contains(&(DOUBLED_CHAR, "大大".into())), "{before:?}");
        s.doubled.allow = vec!["加大大".into()];
        assert!(!run(text, &s).iter().any(|(_, t)| t == "大大"));
    }

    /// Every built-in allowlist entry is needed: without the list, the rule reports it.
    #[test]
    fn every_allowlist_entry_is_needed() {
        for form in data::ALLOW.iter() {
            let b = 0..form.len();
            let mut v = Vec::new();
            scan(form, &b, true, false, &mut v);
            let reported = v.iter().any(|c| match *c {
                Candidate::Pair(at) => chars::doubled_char(form, &b, at).is_some(),
                Candidate::Word(at) => chars::doubled_word(form, &b, at).is_some(),
                Candidate::Contrast(_) => false,
            });
            assert!(reported, "allow.txt: {form} would not be reported anyway");
        }
    }

    #[test]
    fn covers_checks_the_occurrence() {
        let t = "甲可以可以乙";
        let span = t.find("可以可以").unwrap();
        let span = span..span + 12;
        assert!(covers(t, &(0..t.len()), &span, "可以可以"));
        assert!(!covers(t, &(0..t.len()), &span, "以可"));
        assert!(!covers(t, &(0..t.len()), &span, "乙"));
    }

    #[test]
    fn options_deserialise_from_toml() {
        let o: Options = toml::from_str("allow = [\"王丽丽\", \"可可西里\"]").unwrap();
        assert_eq!(o.allow, vec!["王丽丽", "可可西里"]);
        assert!(toml::from_str::<Options>("alow = []").is_err());
        assert!(toml::from_str::<Options>("").unwrap().allow.is_empty());
    }

    #[test]
    fn a_stray_space_inside_the_word_is_taken_out_before_judging() {
        let s = Settings::default();
        // The space cuts the word the doubling belongs to (宪法|法律, 实实在在, 实现|现代化):
        // `cjk-space` reports it, and the doubling is correct once it is gone.
        for t in [
            "党领导人民制定宪 法法律，领导人民实施宪法。",
            "给两国人民带来实 实在在的利益。",
            "凡是顺利实 现现代化的国家，都走了自己的路。",
            "凡是顺利实现 现代化的国家，都走了自己的路。",
        ] {
            assert_eq!(run(t, &s), vec![], "{t}");
        }
        // A real doubling beside a stray space is still one.
        assert_eq!(
            run("建设文明沃土 的的重要举措。", &s),
            vec![(DOUBLED_CHAR, "的的".to_string())]
        );
    }

    #[test]
    fn masked_text_is_skipped() {
        let t = "正文`的的`和[链接](http://a.com/的的)结束";
        let d = crate::check_str(t, SourceKind::Markdown, &Settings::default());
        assert!(!d.iter().any(|d| d.rule == DOUBLED_CHAR), "{d:?}");
    }
}
