//! Page-break damage: copy that went through a print layout and back.
//!
//! Three rules share this family because they look at the same thing, the seams between
//! blocks:
//!
//! - `broken-join` (`broken`): a paragraph cut in two by a page break;
//! - `page-marker` (`marker`): continuation markers such as （上接第一版） left in the text;
//! - `glued-article` (`glued`): another story's text after a story's closing mark.
//!
//! All three are cheap on clean copy: the join rule looks at one character on each side of
//! every break and loads the jieba segmenter only for the rare break that does not end with a
//! stop; the marker rule runs its regex only on blocks that contain 版 or 页; the glued-article
//! rule only on blocks that end with a closing bracket.

mod broken;
mod glued;
mod marker;
mod patterns;

use crate::diagnostic::Severity;
use crate::document::Document;
use crate::findings::Sink;
use crate::rules::{Context, Family, FixKind, Part, Pass, RuleInfo};
use serde::Deserialize;

/// Options of the family (config section `[broken-join]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// A block of at most this many characters without clause punctuation reads as a title,
    /// a name or a label; a break after it needs a word split on both sides to count.
    pub title_max_chars: usize,
    /// A block without a sentence end counts as running prose when it has commas and at least
    /// this many characters.
    pub prose_min_chars: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            title_max_chars: 30,
            prose_min_chars: 40,
        }
    }
}

/// The family.
pub struct Joins;

static RULES: &[RuleInfo] = &[
    RuleInfo {
        id: "broken-join",
        severity: Severity::Warning,
        fix: FixKind::Mixed,
        summary: "A paragraph is cut in two by a line break (a page break in the print layout)",
        summary_zh: "段落被断行拆成两段（印刷版转页造成）",
        explain: EXPLAIN_BROKEN,
        bad: &[
            "记者从市交通运输局获悉，今年全市新开通公交线路十二条，进一步完善了城乡公\n\n交网络，方便了群众出行。",
            "他在会上强调，要坚持以人民为中心的发展思想，\n\n着力解决群众最关心最直接最现实的利益问题。",
            "该县依托茶叶资源，打造了一批具有地方特色\n\n的文化旅游品牌。",
        ],
        good: &[
            "记者从市交通运输局获悉，今年全市新开通公交线路十二条。\n\n这些线路主要服务城郊居民，方便了群众出行。",
            "全市新开通十二条公交线路\n\n记者从市交通运输局获悉，今年全市新开通公交线路十二条。",
            "他在会上说：\n\n“我们要把群众的事办好、办实。”",
            "新华社北京3月5日电\n\n国务院新闻办公室5日举行新闻发布会，介绍春耕生产情况。",
        ],
    },
    RuleInfo {
        id: "glued-article",
        severity: Severity::Error,
        fix: FixKind::None,
        summary: "Text after a story's closing mark belongs to another story",
        summary_zh: "稿件结尾标记之后粘连了另一篇稿件的文字",
        explain: EXPLAIN_GLUED,
        bad: &[
            "今年全市粮食总产量再创新高，农民收入持续增长。\n\n（本报记者 张三）\n\n据介绍，该项目总投资约五亿元，预计明年年底建成投产。",
            "今年全市粮食总产量再创新高，农民收入持续增长。（完）\n\n据介绍，该项目总投资约五亿元，预计明年年底建成投产。",
        ],
        good: &[
            "新华社北京3月5日电 国务院新闻办公室5日举行新闻发布会，介绍春耕生产情况。\n\n发布会上，有关负责人回答了记者提问。（完）",
            "今年全市粮食总产量再创新高，农民收入持续增长。\n\n（新华社北京3月5日电）\n\n# 新建水厂明年投产\n\n据介绍，该项目总投资约五亿元，预计明年年底建成投产。",
            "今年全市粮食总产量再创新高，农民收入持续增长。\n\n（本报记者 张三）\n\n责任编辑：李四",
        ],
    },
    RuleInfo {
        id: "page-marker",
        severity: Severity::Warning,
        fix: FixKind::Safe,
        summary: "Print-edition continuation marker such as (上接第一版) left in the copy",
        summary_zh: "残留印刷版转版标记，如“（上接第一版）”",
        explain: EXPLAIN_MARKER,
        bad: &[
            "（上接第一版）会议要求，各地要抓好春耕生产。",
            "各地要抓好春耕生产，确保粮食稳产增产。（下转第二版）",
            "(转A4版)",
        ],
        good: &[
            "会议要求，各地要抓好春耕生产，具体安排详见本报第二版。",
            "该书（第二版）已于去年出版。",
        ],
    },
];

const EXPLAIN_BROKEN: &str = r#"# broken-join

**What it catches.** A paragraph that stops without closing punctuation (。！？…… ” 」 ） ；)
and a next paragraph that continues it: the text was cut by a page break in the print layout
and the two halves came back as two paragraphs (`……违背道义与国` / `际法则的单边行动……`).

**Evidence.** A break is reported only with positive evidence that the two blocks are one:
- a word straddles the break (国|际, 供|应链, 于小|龙, 中华|民族): the jieba segmenter, run on
  six characters either side, finds a dictionary word across it, and either at least one side
  is left as a one-character orphan when segmented alone, or the halves are whole words of two
  characters or more (the second may open a longer word of the next block: `中国特色社会` /
  `主义理论体系`) and one of them is bound: the dictionary counts the whole word at least a
  tenth as often as that half on its own (主义 in 社会主义, 中华 in 中华民族; not 经济|社会 or
  高度|重视, two free words);
- a number is cut in two (`增长3` / `0%`), or a count before its unit of ten thousand or a
  hundred million (`中国有13` / `亿多人`, `九百多` / `万人`: 万 and 亿 followed by what only
  follows them in a count, 多, 余, 千 or a measure word, not 万众 or 万家);
- the first block leaves a quote or bracket open and the next one closes it, or the first ends
  on an opening mark;
- the next block starts with a comma, a closing mark, a particle or adverb that cannot open a
  sentence (的, 们, 了, 都, 却, 均 …), the copula 是 or the conjunctions 和 and 等 as words of
  their own (not 是啊, 和往年一样, 等你们长大了), or its first sentence is a single word
  (`支持。我们要……`) or its first clause a single character other than a reply
  (`……做大做` / `强，……`);
- the next block starts with a localizer that closes a phrase of the first: one that never
  opens a sentence (`……大是大非` / `面前……`, `……近代` / `以来……`), or 上, 中, 里 … before a
  comma, or before the clause's verb when the first block left a 在/从/当 phrase open
  (`在全面从严治党` / `中作出新业绩`);
- the first block ends on a word that needs something after it: a preposition, conjunction,
  modal verb, adverb, determiner or a verb without its object (与, 和, 关于, 必须, 通过, 共同,
  给予, 致力于, 列入, 放在, 任何, 各项, 一是 …), on the adverbial 地 after an adjective
  (`认真地`), on an attributive 的 (`领导建立的` but not `钢铁是怎样炼成的`), on the
  complement marker 得 after a verb (`……搞得` / `更加科学`; not 值得, 心得), on 会, 能 or 可以
  after 才, 就 or 便 (`只有开放的中国，才会` / `成为……`), or on an adverb after the localizer 后
  (`他回国后即` / `投身……`);
- the first block's last clause leaves a preposition without its verb: 对, 关于, 把, 被 …
  with something before it, or 把 opening the clause, and only a noun phrase after it
  (`中共中央对形势` / `判断……`, `把这部分人` / `抓好了`; not `党对军队的绝对领导`,
  `中国女排对巴西女排`, `严把质量关` or the heading `关于我们`);
- the first block's last clause is a modal verb with adverbs and verbs only, after nothing or
  after an enumerator or a personal pronoun (`四要做好`, `我们要继续坚持`, `要进一步严格`): with
  no noun before the modal the object cannot have been moved there, as in the headlines
  `制度要完善` or `责任要落实`;
- the first block's last clause stops on a verb that needs its object (推动, 欢迎, 抓好 …,
  `rules/joins/transitive.txt`) with nothing before it that could be the object: a modal
  alone, or a personal pronoun or a party and a modal (`要推动`, `中方愿推动`, `我们欢迎`); a
  modal followed by any preposition and its noun but no verb (`中国愿同国际社会` / `一道……`,
  `要按照军队` / `基层建设纲要抓好……`); or the last clause is adverbs and such a verb after
  clauses that each hold a verb, whose subject it shares (`……激发大家干事创业积极性，齐心协力
  开创` / `……新局面`; an object moved before the verb is a clause without a verb: `这件事，
  坚决支持`);
- the first block is a source or state-of-affairs frame (据统计， 据了解， 截至去年底， 当前，
  目前， 近年来， 30多年来， 改革开放以来，) followed by nouns only (`据统计，我国农村` /
  `贫困人口中……`, `当前，中埃关系` / `面临……`): the frame announces a statement whose
  predicate is missing; a headline that opens with a frame says something (`当前，形势依然严峻`),
  and times of day and seasons that set the scene of a caption (`清晨，青溪镇茶园`) are not
  frames;
- the first block ends on a modifier without its noun: a non-predicate adjective (主要, 新型)
  after 的, a preposition or a measure word, or an adjective after a numeral and measure word
  (`这样一个复杂` / `背景下`); or on 的 after a one-character noun (`党的` / `十八大以来`);
- the next block's first clause is an adjective predicate with no subject, adverbs and
  adjectives only (`这个教训` / `极其深刻。`, `取得的成绩` / `越大，`);
- the first block opens with a modal, or with a pronoun or a party and a modal, and more than a
  bare verb follows (`要加强部队管理，……`): a directive, not a title. It counts when the block
  has clause punctuation, or when the next block opens on a bare common noun before a comma,
  the head of the noun phrase the first block began (`要加快农村金融改革创新` / `步伐，……`);
- a one-character orphan after a title-like first block counts when it cannot end or open a
  title: the ordinal prefix 第, a conjunction or a preposition at the end, a measure word at
  the start (`长征是历史纪录上的第` / `一次……`);
- the first block's last clause is a list whose last item is a stump, at most half as long as
  the item before it, and either the next block goes on with the list before any comma
  (`……现代物流、信息` / `服务、创意产业等……`) or the stump is a bare verb after a verb with
  its object (`……健全制度、完善` / `体系……`); a heading's list is balanced (稳就业、保民生、促发展);
- the first block ends with a comma or 、 and is neither a salutation (各位代表，) nor a verse
  line followed by its pair;
- the first block is running prose (it already holds a sentence end, or opens with a
  connective such as 同时， 但是， 比如， that links it to what came before) and stops on a
  word, or its last clause is a stump: at most four Han characters and at most half as long
  as its longest clause (`……完善应急响应机制，合理引导` / `预期，……`), which a headline or
  caption built of balanced clauses is not.

Parts of speech come from jieba's dictionary tags, which are sometimes wrong (严格执行 is tagged
as a name), so these checks miss some cuts rather than guess. Headings, list items, table
cells, datelines, bylines, captions, closing marks, short title lines and Markdown structure
(code, rules, HTML between the blocks) are never joined. Plain text
that is hard-wrapped (most single line breaks fall mid-sentence) is recognised and its single
line breaks are left alone, and so are the breaks of a list: of at least 16 pairs of blocks,
more than half are two short blocks (32 Han characters at most) that end without a stop, with
the same kind of break between them (one line break, or more; each kind is counted on its
own): a word list, a column of headlines.

**Why a warning.** Every report is a real defect of the copy in the cases measured, but the rule
judges from evidence, not from certainty, and a human should look at the cases it cannot fix
safely.

**Fix.** Removing the break (joining the two paragraphs). Safe when a word is split across the
break; unsafe otherwise (the first paragraph may instead lack its full stop).

**Configuration** (`[broken-join]`): `title-max-chars` (default 30): a block of at most this
many characters with no clause punctuation is treated as a title and needs a word split on both
sides or a bound word; `prose-min-chars` (40): a block without a sentence end counts as prose
when it has commas and this many characters.
"#;

const EXPLAIN_MARKER: &str = r#"# page-marker

**What it catches.** Print-edition continuation markers left in web copy: （上接第一版）,
（下转第二版）, （转第4版）, （接第三版）, （上接A3版）, （紧接第2版）, （接上页） and their
variants, with half- or full-width brackets (or 【】), Arabic or Chinese page numbers and section
letters.

**Why it matters.** On the web the story is one piece; the marker sends the reader to a page that
does not exist and usually sits where a page break also cut a paragraph (see `broken-join`).

**Why a warning.** The marker is certainly a defect but does not change the meaning of the copy.

**Fix.** Safe: the marker is deleted, with the space that separated it from the text.
"#;

const EXPLAIN_GLUED: &str = r#"# glued-article

**What it catches.** Prose after a story's closing mark: the bracketed dateline
（新华社北京12月21日电）, a reporter's credit （记者 张三 报道） or （本报记者 王五）, （完）, an
editor's line （责任编辑：……） or an author's note （作者系……）, standing alone after the last
paragraph or ending it, followed by more paragraphs with no title, dateline or heading to open a
new story. That text is the tail of another story, glued on by the layout or by a scraper.

A dateline that opens a story (`新华社北京5月20日电 ……`, `本报北京12月1日电（记者 王五）……`) is
not a closing mark. Editorial lines after the closing mark (`责任编辑：……`, `来源：……`, `【纠错】`)
are part of the page furniture and are skipped. A photo credit （新华社记者 张三 摄） is not a
closing mark. Text that ends with a closing mark of its own is a complete item (a page of news
briefs, each closed by its reporter's credit) and is not reported: the rule looks for the *tail*
of another story.

**Report.** Once per closing mark, on the first glued paragraph; the closing mark is the related
span and the message says how many paragraphs follow up to the next heading or closing mark.

**Why an error.** Publishing part of another story under this story's headline misinforms the
reader.

**Fix.** None: whether to cut the tail or restore the missing headline is an editor's decision.
"#;

impl Family for Joins {
    fn rules(&self) -> &'static [RuleInfo] {
        RULES
    }

    fn start<'d>(&'d self, doc: &'d Document<'d>, ctx: &'d Context<'d>) -> Box<dyn Pass + 'd> {
        let on = |rule: &str| ctx.enabled(rule);
        Box::new(JoinsPass {
            doc,
            ctx,
            broken: on("broken-join").then(|| broken::Broken::new(doc, ctx, &ctx.settings.joins)),
            marker: on("page-marker"),
            glued: on("glued-article").then(|| glued::Glued::new(doc, ctx)),
        })
    }
}

struct JoinsPass<'d> {
    doc: &'d Document<'d>,
    ctx: &'d Context<'d>,
    broken: Option<broken::Broken<'d>>,
    marker: bool,
    glued: Option<glued::Glued<'d>>,
}

impl Pass for JoinsPass<'_> {
    fn part(&mut self, part: &Part, out: &mut dyn Sink) {
        let (doc, ctx) = (self.doc, self.ctx);
        if let Some(broken) = &mut self.broken {
            broken.part(part);
        }
        if self.marker {
            // Every marker holds 版 or 页: one pass over the part's text finds them, and only
            // the blocks holding one are looked at (two searches per block cost 87M instructions
            // on 100 MB of copy, which has 356,000 blocks).
            let anchors = marker::anchors(doc.text, part.bytes.clone());
            for b in part.iter(doc) {
                let i = anchors.partition_point(|&a| a < b.start());
                if anchors.get(i).is_some_and(|&a| a < b.end()) {
                    marker::check_block(doc, &b, ctx, out);
                }
            }
        }
        if let Some(glued) = &mut self.glued {
            glued.part(part, out);
        }
    }

    fn finish(self: Box<Self>, out: &mut dyn Sink) {
        if let Some(broken) = self.broken {
            broken.finish(out);
        }
    }
}
