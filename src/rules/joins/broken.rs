//! `broken-join`: a paragraph cut in two by a page break.
//!
//! Two adjacent blocks are a candidate when the first does not end a sentence. Most clean
//! paragraphs end with 。！？ or a closing quote, so the first test is one look at the last
//! character of each block and the first character of the next; only the few candidates go on
//! to the structural checks (headings, lists, datelines, bylines, captions, titles) and to the
//! evidence, which is weighed as follows:
//!
//! - **word split** (jieba, HMM off, on the last six and first six Han characters): a
//!   dictionary word straddles the break and at least one side is left as a one-character
//!   orphan when the sides are segmented alone (国|际, 供|应链, 于小|龙), or the halves are
//!   whole words of two characters or more (the right half may open a longer word of the next
//!   block: 社会|主义理论) and one of them is bound: jieba's dictionary counts the whole word at
//!   least a tenth as often as that half on its own (中华|民族, 社会|主义; not 经济|社会, two free words
//!   that also make a word). This is the only evidence that makes the fix safe. When the first
//!   block looks like a title, one orphan is not enough (a title may end in a one-character
//!   word by chance): both sides must be orphans or a half must be bound.
//! - **open bracket or quote**: the first block leaves “ or （ open and the next closes it
//!   before opening one; or the first block ends on an opening mark.
//! - **a start that cannot start**: the next block opens with a comma, a closing mark, a
//!   particle or adverb that is a word on its own (的, 们, 了, 都, 却 …,
//!   `rules/joins/non-initial.txt`), the copula 是 or the conjunctions 和 and 等 as words of
//!   their own; or its first sentence is a single word (支持。……) or its first clause a single
//!   character that is not a reply (强，……).
//! - **a closing localizer**: the next block opens with a localizer that never opens a sentence
//!   (面前, 以来, 之间 …), or with 上, 中, 里 … before a comma or before the verb of a 在/从/当
//!   phrase the first block left open.
//! - **a dangling word** ends the first block: a preposition, conjunction, modal verb or adverb
//!   that needs something after it (与, 和, 对, 关于, 必须, 就是 …, `rules/joins/dangling.txt`),
//!   a verb without its object, a determiner without its noun ([`NEEDS_MORE`]), the adverbial
//!   地, an attributive 的, the complement marker 得 after a verb (搞得), a modal after 才, 就
//!   or 便 (才会), or an adverb after the localizer 后 (回国后即).
//! - **grammar left open** in the first block's last clause (parts of speech from jieba's
//!   dictionary tags): a preposition with its noun phrase but no verb (……对形势, or 把 opening
//!   the clause: 把这部分人), a modal with
//!   adverbs and verbs only and no noun before it (四要做好, 要进一步严格), or a list whose
//!   last item is a stump the next block completes (……现代物流、信息 / 服务、……).
//! - **an object or a head left out**: the last clause is a modal, or a pronoun or party and a
//!   modal, before a verb of `rules/joins/transitive.txt` (要推动, 中方愿推动, 我们欢迎), or
//!   adverbs and such a verb after clauses that each hold a verb (……，齐心协力开创), or a modal
//!   before a preposition and its noun (愿同国际社会); the block ends on a non-predicate
//!   adjective or a counted adjective without its noun (为主要, 一个复杂); or the next block's
//!   first clause is an adjective predicate with no subject (极其深刻。).
//! - **a frame without its predicate**: the first block is a source or state-of-affairs frame
//!   and a bare noun phrase (据统计，我国农村; 当前，中埃关系; 30多年来，形势).
//! - **a directive, not a title**: the first block opens with a modal (要加强……, 我们要……) and
//!   has clause punctuation, or the next block opens on a bare noun before a comma (步伐，).
//! - **a comma or enumeration comma** ends the first block, unless it is a salutation
//!   (各位代表，, `rules/joins/vocatives.txt`) or a verse line followed by its pair.
//! - **unfinished prose**: the first block already holds a sentence end (or is long and has
//!   commas, or opens with a connective such as 同时，, or its last clause is a stump next to its
//!   longest one) yet stops on a word, and the next block is prose too.
//!
//! Plain text that is hard-wrapped (most lines separated by a single newline stop mid-sentence)
//! is recognised and its single line breaks are left alone; so are the breaks of a list (most
//! blocks short and ending without a stop: a word list, a column of headlines), before any
//! is judged.

use super::Options;
use super::marker;
use super::patterns::{self, data_lines};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::document::{Block, BlockKind, Document};
use crate::findings::Sink;
use crate::rules::{Context, Part};
use crate::segment::jieba;
use crate::text;
use std::ops::Range;
use std::sync::LazyLock;

const NON_INITIAL_DATA: &str = include_str!("../../../rules/joins/non-initial.txt");
const DANGLING_DATA: &str = include_str!("../../../rules/joins/dangling.txt");
const TRANSITIVE_DATA: &str = include_str!("../../../rules/joins/transitive.txt");
const VOCATIVES_DATA: &str = include_str!("../../../rules/joins/vocatives.txt");

static NON_INITIAL: LazyLock<Vec<char>> = LazyLock::new(|| {
    data_lines(NON_INITIAL_DATA)
        .filter_map(|l| l.chars().next())
        .collect()
});
static DANGLING: LazyLock<Vec<&'static str>> = LazyLock::new(|| data_lines(DANGLING_DATA).collect());
static TRANSITIVE: LazyLock<Vec<&'static str>> = LazyLock::new(|| data_lines(TRANSITIVE_DATA).collect());
static VOCATIVES: LazyLock<Vec<&'static str>> = LazyLock::new(|| data_lines(VOCATIVES_DATA).collect());

/// Han characters of context on each side of the break that the segmenter sees.
const WINDOW: usize = 6;

/// How a block ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// 。！？…； and closing marks after them.
    Sentence,
    /// A colon or a dash: a legitimate paragraph end before a quotation or a list.
    Soft,
    /// A closing quote or bracket that does not follow a sentence end: 《书名》, “口号”.
    Close,
    /// ，、 and the ASCII comma.
    Comma,
    /// An opening quote or bracket.
    Open,
    /// A Han character, a letter, a digit or a percent sign.
    Word,
    /// Anything else (symbols, emoji): not evidence either way.
    Other,
}

fn is_sentence_end(c: char) -> bool {
    text::is_sentence_end(c) || matches!(c, '；' | ';')
}

fn is_closing(c: char) -> bool {
    text::is_closing_mark(c) || c == '"'
}

fn end_class(s: &str) -> End {
    let mut it = s.chars().rev();
    let Some(last) = it.next() else {
        return End::Other;
    };
    match last {
        '.' => {
            if it.next().is_some_and(|p| p.is_ascii_digit()) {
                End::Word
            } else {
                End::Sentence
            }
        }
        c if is_sentence_end(c) => End::Sentence,
        '：' | ':' | '—' | '～' | '~' | '-' => End::Soft,
        c if is_closing(c) => {
            let mut prev = it.next();
            while prev.is_some_and(is_closing) {
                prev = it.next();
            }
            if prev.is_some_and(|p| is_sentence_end(p) || p == '.') {
                End::Sentence
            } else {
                End::Close
            }
        }
        '，' | ',' | '、' => End::Comma,
        '“' | '‘' | '（' | '(' | '《' | '「' | '『' | '【' | '〔' | '[' => End::Open,
        c if c.is_alphanumeric() || c == '%' || c == '％' => End::Word,
        _ => End::Other,
    }
}

/// Punctuation that never opens a paragraph: commas, stops and closing marks.
fn is_bad_start_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '、'
            | '。'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '”'
            | '’'
            | '」'
            | '』'
            | '》'
            | '】'
            | '〕'
            | ','
            | ';'
            | ')'
    )
}

fn char_len(s: &str) -> usize {
    s.chars().filter(|&c| !text::is_space(c)).count()
}

fn has_clause_punct(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '，' | ',' | '、' | '。' | '；' | ';' | '！' | '？' | '!' | '?'))
}

/// A short line without clause punctuation: a title, a name, a section label.
fn is_title_like(s: &str, opts: &Options) -> bool {
    char_len(s) <= opts.title_max_chars && !has_clause_punct(s)
}

/// A block that reads as running prose: it already holds a sentence end, it is long and has
/// commas, or it opens with a connective that links it to something said before.
fn is_prose(s: &str, opts: &Options) -> bool {
    s.chars().any(|c| is_sentence_end(c) || c == '!' || c == '?')
        || (char_len(s) >= opts.prose_min_chars && has_clause_punct(s))
        || opens_with_connective(s)
}

/// Connectives that link a sentence to the one before it (同时，…… 但是，…… 比如，……) and so
/// never open a heading. Enumerators (首先，第一，) open list items and headings, and 其实,
/// 当然 and 原来 open feature headlines (其实，幸福很简单), so they are not listed.
const CONNECTIVES: [&str; 24] = [
    "所以",
    "所以说",
    "因此",
    "因而",
    "同时",
    "与此同时",
    "而且",
    "并且",
    "但是",
    "然而",
    "不过",
    "此外",
    "另外",
    "另一方面",
    "可以说",
    "也就是说",
    "换句话说",
    "比如",
    "例如",
    "总之",
    "事实上",
    "可见",
    "由此可见",
    "否则",
];

/// True when the first clause of `s` is a connective standing alone before a comma.
fn opens_with_connective(s: &str) -> bool {
    let clause = first_clause(s);
    s[clause.len()..].starts_with(['，', ',']) && CONNECTIVES.contains(&clause.trim())
}

/// Bracket families tracked across the break.
const PAIRS: [(char, char); 6] = [
    ('“', '”'),
    ('（', '）'),
    ('(', ')'),
    ('《', '》'),
    ('「', '」'),
    ('『', '』'),
];

/// For each pair, how many openers are left unclosed at the end of `s`.
fn unclosed(s: &str) -> [u32; 6] {
    let mut depth = [0u32; 6];
    for c in s.chars() {
        for (k, &(o, cl)) in PAIRS.iter().enumerate() {
            if c == o {
                depth[k] += 1;
            } else if c == cl {
                depth[k] = depth[k].saturating_sub(1);
            }
        }
    }
    depth
}

/// True when `s` closes a bracket of pair `k` that it never opened.
fn closes_first(s: &str, k: usize) -> bool {
    let (o, cl) = PAIRS[k];
    let mut depth = 0u32;
    for c in s.chars() {
        if c == o {
            depth += 1;
        } else if c == cl {
            if depth == 0 {
                return true;
            }
            depth -= 1;
        }
    }
    false
}

/// The opening mark left by `a` that `b` closes, if any.
fn bracket_across(a: &str, b: &str) -> Option<char> {
    let open = unclosed(a);
    (0..PAIRS.len())
        .find(|&k| open[k] > 0 && closes_first(b, k))
        .map(|k| PAIRS[k].0)
}

/// The last `WINDOW` Han characters of `s` (stopping at anything else).
fn han_tail(s: &str) -> &str {
    let mut start = s.len();
    for (n, (i, c)) in s.char_indices().rev().enumerate() {
        if n >= WINDOW || !text::is_han(c) {
            break;
        }
        start = i;
    }
    &s[start..]
}

/// The first `WINDOW` Han characters of `s`.
fn han_head(s: &str) -> &str {
    let mut end = 0;
    for (n, (i, c)) in s.char_indices().enumerate() {
        if n >= WINDOW || !text::is_han(c) {
            break;
        }
        end = i + c.len_utf8();
    }
    &s[..end]
}

/// A word that straddles the break.
struct Split {
    word: String,
    /// How many sides are left as a one-character orphan when segmented alone (0–2).
    orphans: u8,
    /// Both orphans are function words (是|从): they make a word by chance as often as not.
    function_words: bool,
    /// The orphan is a character that cannot end or open a title: a tail orphan that is the
    /// ordinal prefix 第, a measure word, a conjunction or a preposition (……的第 / 一次,
    /// ……复兴道 / 路上), or a head orphan that is a measure word (……一整 / 套……).
    bound_orphan: bool,
    /// The halves are whole words of their sides of two characters or more (中华|民族, not
    /// 开拓市场|经济 or 数|据) and one of them
    /// is a bound half: jieba's dictionary counts the whole word at least a tenth as often as
    /// that half on its own (主义 in 社会主义, 中华 in 中华民族). Two free words that happen to
    /// make a word (经济|社会, 高度|重视) are not bound.
    bound: bool,
}

/// How often, at least, the whole word must occur per occurrence of its rarer half on its own
/// for the half to count as bound (one in [`BOUND_RATIO`]).
const BOUND_RATIO: usize = 10;

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// One-character words that often open a paragraph: prepositions of source, cause, purpose
/// and comparison, and 中 before a one-character country name (中菲, 中老).
const OPENERS: [char; 12] = [
    '据', '受', '为', '和', '与', '在', '对', '从', '因', '随', '当', '中',
];

/// One-character replies and interjections that may open a paragraph before a comma (好，……).
const REPLIES: &str = "好是对行嗯哦啊不喂唉哈呀噢呵嘿哎诶咦呃嗨喔哇错否然";

/// One-character words that stand before a number: 前5个月, 近3年, 约2万人, 第3批, 每2年.
const NUMBER_PREFIXES: [char; 14] = [
    '前', '后', '近', '约', '达', '超', '逾', '共', '仅', '第', '每', '再', '上', '下',
];

/// What may follow 万 or 亿 in a count: an approximation (多, 余), a larger unit (千) or a measure
/// word (人, 元, 吨…). Words that open with 万 or 亿 take other characters (万众, 万物, 万家, 万一,
/// 亿万).
const AFTER_MAGNITUDE: &str = "多余千人元吨亩户个件次名辆台套座所只头条张册美欧桶";

/// A count cut before its unit of ten thousand or a hundred million (中国有13 | 亿多人, 有九百多 |
/// 万人): the first block ends in a digit or a Chinese numeral (or 多/余 after one), and the
/// second opens with 万 or 亿 and then something that only follows them in a count. Returns the
/// count as written across the break.
fn count_before_its_magnitude(a: &str, b: &str) -> Option<String> {
    let mut rb = b.chars();
    let (unit, next) = (rb.next()?, rb.next()?);
    if !matches!(unit, '万' | '亿') || !AFTER_MAGNITUDE.contains(next) {
        return None;
    }
    let numeral = |c: char| is_digit(c) || (text::is_han_numeral(c) && c != '万' && c != '亿');
    let mut ra = a.chars().rev();
    let last = ra.next()?;
    let before = ra.next();
    // 多 and 余 follow a numeral; 一 alone after a word ends that word (统一, 之一, 唯一) more
    // often than it starts a count.
    let count_end = match last {
        '一' | '多' | '余' => before.is_some_and(numeral),
        c => numeral(c),
    };
    if !count_end {
        return None;
    }
    let tail: String = a
        .chars()
        .rev()
        .take_while(|&c| numeral(c) || matches!(c, '多' | '余' | '.'))
        .collect();
    Some(tail.chars().rev().chain([unit, next]).collect())
}

fn word_split(a: &str, b: &str) -> Option<Split> {
    let (la, fb) = (a.chars().next_back()?, b.chars().next()?);
    if is_digit(la) && (is_digit(fb) || fb == '%' || fb == '％') {
        // A number cut in two: 增长3 | 0%.
        let tail: String = a.chars().rev().take_while(|&c| is_digit(c) || c == '.').collect();
        let head: String = b
            .chars()
            .take_while(|&c| is_digit(c) || c == '%' || c == '％')
            .collect();
        // A paragraph that opens with a year (2024年，……) starts a date, not the rest of a
        // number: 数读2024 / 2024年.
        if head.chars().count() == 4 && b[head.len()..].starts_with('年') {
            return None;
        }
        return Some(Split {
            word: tail.chars().rev().chain(head.chars()).collect(),
            orphans: 1,
            function_words: false,
            bound_orphan: false,
            bound: true,
        });
    }
    if let Some(word) = count_before_its_magnitude(a, b) {
        return Some(Split {
            word,
            orphans: 1,
            function_words: false,
            bound_orphan: false,
            bound: true,
        });
    }
    let (tail, head) = (han_tail(a), han_head(b));
    if tail.is_empty() || head.is_empty() {
        return None;
    }
    // A one-character word that comes before a number (前5个月, 近3年, 第2批) belongs to the
    // number: a word it seems to make with the end of the block (学|前) is an artefact of the
    // digit that stops the window (非|洲100个 is still a split).
    if head.chars().count() == 1
        && head.starts_with(NUMBER_PREFIXES)
        && b[head.len()..].starts_with(|c: char| is_digit(c))
    {
        return None;
    }
    let jieba = jieba();
    let mut joined = String::with_capacity(tail.len() + head.len());
    joined.push_str(tail);
    joined.push_str(head);
    let cut = tail.len();
    let token = jieba
        .cut(&joined, false)
        .into_iter()
        .find(|t| t.byte_start < cut && t.byte_end > cut)?;
    let tail_tokens = jieba.cut(tail, false);
    let tail_last = tail_tokens.last().map(|t| t.end - t.start);
    let head_tokens = jieba.cut(head, false);
    let head_first = head_tokens.first().map(|t| t.end - t.start);
    // A one-character word that opens sentences (据了解, 受冷空气影响, 和往年一样, 中菲两国)
    // is no orphan at the start of a paragraph: the left half must show the cut.
    // A reply that opens a paragraph (好，我们开始吧) is a word of its own.
    let reply = head.chars().count() == 1
        && head.starts_with(|c: char| REPLIES.contains(c))
        && b[head.len()..].starts_with(['，', ',']);
    let head_orphan = head_first == Some(1) && !head.starts_with(OPENERS) && !reply;
    // A localizer that closes a 在 phrase (在希望的田野上, 我们在岗位上) is no orphan. Not 中,
    // which is as often the first half of 中国.
    let tail_localizer = tail_tokens
        .last()
        .is_some_and(|t| matches!(t.word, "上" | "下" | "里" | "内" | "外" | "前" | "后"))
        && last_clause(a).contains('在');
    let tail_orphan = tail_last == Some(1) && !tail_localizer;
    let orphans = u8::from(tail_orphan) + u8::from(head_orphan);
    let tag_is = |w: &str, tags: &[&str]| jieba.tag(w, false).first().is_some_and(|t| tags.contains(&t.tag));
    let bound_orphan = (tail_orphan
        && tail_tokens
            .last()
            .is_some_and(|t| t.word == "第" || tag_is(t.word, &["c", "p"])))
        || (head_orphan && head_tokens.first().is_some_and(|t| tag_is(t.word, &["q"])));
    let is_function =
        |w: &str| DANGLING.contains(&w) || w.chars().next().is_some_and(|c| NON_INITIAL.contains(&c));
    let function_words = orphans == 2
        && tail_tokens.last().is_some_and(|t| is_function(t.word))
        && head_tokens.first().is_some_and(|t| is_function(t.word));
    // Name the word the way a reader sees it: the segmenter's token when it ends where a word
    // of the next block ends (供应链|体系), otherwise the shortest dictionary word that joins
    // the halves (国际, not 国际法 from 国际法|则).
    let right_len = token.byte_end - cut;
    let (left, right) = (&joined[token.byte_start..cut], &joined[cut..token.byte_end]);
    let whole_left = tail_tokens.last().is_some_and(|t| t.word == left);
    // The right half is a word of the next block, or a dictionary word that opens its first
    // word when the segmenter glued the next word to it (主义|理论体系 read as 主义理论|体系 on
    // its own: 中国特色社会 / 主义理论体系). The bound test below still has to hold.
    let whole_right = head_tokens.iter().any(|t| t.byte_end == right_len)
        || head_tokens
            .first()
            .is_some_and(|t| t.word.len() > right_len && t.word.starts_with(right) && jieba.has_word(right));
    // Single characters are free morphemes that make words with their neighbours by chance
    // (数|据了解, 直击|中菲): only halves of two characters or more can be bound.
    let bound = whole_left
        && whole_right
        && left.chars().nth(1).is_some()
        && right.chars().nth(1).is_some()
        && match (jieba.freq(token.word), jieba.freq(left), jieba.freq(right)) {
            (Some(w), Some(l), Some(r)) => w * BOUND_RATIO >= l.min(r),
            _ => false,
        };
    let word = if head_tokens.iter().any(|t| t.byte_end == right_len) {
        token.word
    } else {
        let left_len = cut - token.byte_start;
        joined[cut..token.byte_end]
            .char_indices()
            .map(|(i, c)| &joined[token.byte_start..cut + i + c.len_utf8()])
            .find(|w| w.len() > left_len && jieba.has_word(w))
            .unwrap_or(token.word)
    }
    .to_string();
    Some(Split {
        word,
        orphans,
        function_words,
        bound_orphan,
        bound,
    })
}

/// The first word of `b` when it is a particle that cannot open a sentence.
fn non_initial_start(b: &str) -> Option<char> {
    let c = b.chars().next()?;
    if !NON_INITIAL.contains(&c) {
        return None;
    }
    let head = han_head(b);
    let first = jieba().cut(head, false).into_iter().next()?;
    (first.word.chars().count() == 1).then_some(c)
}

const NEEDS_MORE_DATA: &str = include_str!("../../../rules/joins/needs-more.txt");

/// Words that need something after them and so cannot end a paragraph or a headline (see
/// `rules/joins/needs-more.txt`).
static NEEDS_MORE: LazyLock<Vec<&'static str>> = LazyLock::new(|| data_lines(NEEDS_MORE_DATA).collect());

/// Characters before a final 的 that make it the 的 of a complete predicate (炼成的, 追过的,
/// 干出来的), which a headline may end with.
const PREDICATE_DE: &[&str] = &["过", "来", "成", "到", "着", "了", "出来", "起来", "下来"];

/// 和 or 等 opening `b` as a word of its own: a conjunction that joins the word before it
/// (把工作重点放在农村 / 和社区) or closes a list (……安置 / 等各方面支持政策). 和 also opens a
/// comparison (和往年一样, 和去年相比) and 等 before a pronoun is the verb “wait”
/// (等你们长大了); both are left alone.
fn conjunction_start(b: &str) -> Option<char> {
    let c = b.chars().next()?;
    if c != '和' && c != '等' {
        return None;
    }
    if c == '和' {
        let clause = first_clause(b);
        if [
            "一样", "相比", "相同", "不同", "一道", "一起", "同样", "比较", "类似",
        ]
        .iter()
        .any(|w| clause.contains(w))
        {
            return None;
        }
    }
    let toks = jieba().cut(han_head(b), false);
    let first = toks.first()?;
    // 等 before a pronoun is the verb “wait” (等你们长大了), which may open a sentence.
    if c == '等'
        && toks
            .get(1)
            .is_some_and(|t| t.word.starts_with(['你', '我', '他', '她', '它', '咱']))
    {
        return None;
    }
    (first.word.chars().count() == 1).then_some(c)
}

/// A paragraph whose first sentence is one word (支持。我们要……, 懈怠。新技术……) is the end of a
/// sentence cut before its object or predicate. Replies in dialogue (是的。谢谢。) are left
/// alone; a first clause of one character is [`single_char_clause`]'s.
fn one_word_sentence(b: &str) -> Option<String> {
    let head = han_head(b);
    let next = b[head.len()..].chars().next()?;
    if b.len() <= head.len() + next.len_utf8() {
        return None;
    }
    // A single character before a comma or a stop (……做大做 / 强，使……; ……九百多万 / 人。) is
    // the last character of a cut clause, unless it is an interjection or a reply (好，是，嗯，).
    if single_char_clause(b).is_some() {
        return None;
    }
    if !matches!(next, '。' | '；') {
        return None;
    }
    let toks = jieba().cut(head, false);
    let [only] = toks.as_slice() else {
        return None;
    };
    let n = only.word.chars().count();
    let reply = [
        "是的", "好的", "谢谢", "没错", "当然", "确实", "真的", "对的", "不是", "不对", "是啊", "好啊",
    ];
    ((2..=4).contains(&n) && !reply.contains(&only.word)).then(|| only.word.to_string())
}

/// The character that makes up the whole first clause of `b` (……做大做 / 强，使……;
/// ……九百多万 / 人。), unless it is an interjection or a reply (好，是，嗯，).
fn single_char_clause(b: &str) -> Option<char> {
    let mut chars = b.chars();
    let (c, next) = (chars.next()?, chars.next()?);
    let more = chars.next().is_some();
    (text::is_han(c) && matches!(next, '。' | '；' | '，' | ',') && more && !REPLIES.contains(c)).then_some(c)
}

/// 是 opening `b` as a word of its own: the copula needs its subject before it
/// (公平正义 / 是中国特色社会主义的内在要求). 是啊, 是的, 是否 and classical 是日, 是故, 是以
/// open sentences and are left alone.
fn copula_start(b: &str) -> Option<char> {
    let mut it = b.chars();
    if it.next() != Some('是') {
        return None;
    }
    let next = it.next()?;
    if !text::is_han(next) || "啊呀的吗么否日故以为非".contains(next) {
        return None;
    }
    let first = jieba().cut(han_head(b), false).into_iter().next()?;
    (first.word == "是").then_some('是')
}

/// The function word ending `a`, when it is one that cannot end a paragraph.
fn dangling_end(a: &str) -> Option<&'static str> {
    let tail = han_tail(a);
    if tail.is_empty() {
        return None;
    }
    let toks = jieba().cut(tail, false);
    let last = toks.last()?.word;
    // The adverbial 地 after an adjective or an adverb (更加有效地, 认真地) waits for its verb;
    // 地 after a measure word is the noun “land” (一块地).
    if last == "地" {
        let tags = jieba().tag(tail, false);
        let prev = tags.len().checked_sub(2).map(|i| tags[i].tag)?;
        return matches!(prev, "a" | "ad" | "d" | "z").then_some("地");
    }
    // The complement marker 得 after a verb waits for its complement (……的思路举措搞得 /
    // 更加科学); 得 that ends a word is part of it (值得, 获得, 心得), and 得 after a pronoun is
    // the modal “must” (我得).
    if last == "得" {
        let tags = jieba().tag(tail, false);
        let prev = tags.len().checked_sub(2).map(|i| &tags[i])?;
        return (prev.tag == "v" && prev.word == toks[toks.len() - 2].word).then_some("得");
    }
    // A modal of ability or likelihood after 才, 就 or 便 (只有……才会, ……就能) is the
    // consequence of a condition and needs its verb. Alone, 会 and 能 are nouns and verbs that
    // may end a line (开会, 大会, 我能), so they are not in the word lists.
    if let Some(&modal) = ["会", "能", "可以", "可能", "能够"].iter().find(|&&w| w == last)
        && toks
            .len()
            .checked_sub(2)
            .is_some_and(|i| matches!(toks[i].word, "才" | "就" | "便"))
    {
        return Some(modal);
    }
    let word = if last == "的" {
        // An attributive 的 waits for its noun (领导建立的|植根中华大地的制度); a predicative
        // one closes a 是……的 sentence or a verb with its complement (钢铁是怎样炼成的).
        let prev = toks.len().checked_sub(2).map(|i| toks[i].word)?;
        if last_clause(a).contains('是') || PREDICATE_DE.iter().any(|p| prev.ends_with(p)) {
            return None;
        }
        "的"
    } else {
        DANGLING
            .iter()
            .chain(NEEDS_MORE.iter())
            .copied()
            .find(|&w| w == last)?
    };
    // A one-character word after another one-character word may be the end of a word the
    // dictionary lacks (碳/中/和, 顺势/而/为, 舒服/自/在): only a particle before it is safe
    // (值得注意/的/是).
    if let Some(prev) = toks.len().checked_sub(2).map(|i| toks[i].word) {
        let single = prev.chars().count() == 1;
        // An enumerator before 是 is safe too (三/是 for 三是), and so is a modal verb before a
        // preposition (要/把, 应/向, 愿/同): a modal is never the first half of a word ending in
        // a preposition.
        let numeral = matches!(word, "是" | "要") && prev.chars().all(|c| "一二三四五六七八九十".contains(c));
        // The copula never ends a word the dictionary lacks that could close a paragraph
        // (党/是, 既/是: whatever precedes it, it still wants its predicate), and a modal after
        // a one-character adverb or the copula is that word's verb (越/要, 更/要, 还/将, 二是/要).
        let copula = word == "是";
        let adverb_modal = matches!(word, "要" | "将")
            && matches!(
                prev,
                "越" | "更"
                    | "也"
                    | "都"
                    | "还"
                    | "并"
                    | "又"
                    | "才"
                    | "却"
                    | "既"
                    | "仍"
                    | "尤"
                    | "均"
                    | "亦"
                    | "是"
            );
        let modal = matches!(prev, "要" | "应" | "须" | "将" | "愿")
            && matches!(
                word,
                "把" | "向"
                    | "对"
                    | "以"
                    | "从"
                    | "与"
                    | "同"
                    | "跟"
                    | "给"
                    | "让"
                    | "使"
                    | "被"
                    | "由"
                    | "在"
                    | "为"
            );
        // 的 after a one-character localizer (道路上/的, 心中/的 split as 上/的) is attributive:
        // it waits for its noun.
        let localizer = word == "的" && matches!(prev, "上" | "下" | "中" | "里" | "内" | "外");
        // An adverb after the localizer 后 (回国后/即, 毕业后/就, 会后/又) opens the predicate of
        // a time clause: no word of the dictionary ends in 后 and such an adverb.
        let after_hou =
            prev == "后" && matches!(word, "即" | "就" | "便" | "才" | "又" | "再" | "也" | "都" | "还");
        // 的 after a one-character noun (党/的, 国/的) is attributive too: a noun before 的 never
        // ends a word the dictionary lacks that could close a paragraph, as 好的 or 是的 may.
        let noun_de = word == "的"
            && single
            && jieba()
                .tag(tail, false)
                .iter()
                .rev()
                .nth(1)
                .is_some_and(|t| t.word == prev && matches!(t.tag, "n" | "ns" | "nr" | "nt"));
        if single
            && word.chars().count() == 1
            && !numeral
            && !copula
            && !adverb_modal
            && !modal
            && !localizer
            && !after_hou
            && !noun_de
            && !matches!(prev, "的" | "了" | "地" | "得" | "之" | "着")
        {
            return None;
        }
    }
    Some(word)
}

/// Localizers that close a phrase (在……面前, ……以来, ……之间) and so never open a sentence.
const CLOSING_LOCALIZERS: [&str; 10] = [
    "面前", "以来", "之间", "之中", "之内", "之外", "之上", "之下", "以内", "为止",
];

/// One-character localizers that close a 在/从/当 phrase (在……中, 在……上).
const SHORT_LOCALIZERS: [&str; 6] = ["上", "中", "里", "下", "内", "外"];

/// Prepositions that open a place or time frame closed by a localizer (在……中, 从……上).
const FRAME_PREPS: [&str; 3] = ["在", "从", "当"];

/// Han characters of the last clause of the first block that the part-of-speech checks see.
const CLAUSE_WINDOW: usize = 16;

/// The end of the last clause of `a`, at most [`CLAUSE_WINDOW`] characters, tagged; and
/// whether the window holds the whole clause.
fn tagged_clause(a: &str) -> (Vec<jieba_rs::Tag<'_>>, bool) {
    let clause = last_clause(a).trim();
    let start = clause
        .char_indices()
        .rev()
        .nth(CLAUSE_WINDOW - 1)
        .map_or(0, |(i, _)| i);
    (jieba().tag(&clause[start..], false), start == 0)
}

fn is_verb_tag(t: &str) -> bool {
    t.starts_with('v')
}

/// The next block opens with a localizer that closes a phrase of the block before: a word
/// that never opens a sentence (……大是大非 / 面前立场摇摆, ……近代 / 以来), or a one-character
/// localizer that is followed by a comma (……文艺舞台 / 上，) or that closes a 在/从/当 phrase
/// left open by the first block and is followed by the clause's verb (在全面从严治党 /
/// 中作出新业绩). 中 before a one-character country name (中菲) and 上/下 before a numeral
/// (下一步) are not localizers.
fn localizer_start(a: &str, b: &str) -> Option<&'static str> {
    let head = han_head(b);
    let toks = jieba().cut(head, false);
    let first = toks.first()?.word;
    if let Some(w) = CLOSING_LOCALIZERS.iter().find(|&&w| w == first) {
        return Some(w);
    }
    let w = SHORT_LOCALIZERS.iter().find(|&&w| w == first)?;
    let after = b[first.len()..].chars().next()?;
    if matches!(after, '，' | '、' | '；' | '。' | ',') {
        return Some(w);
    }
    // A localizer followed by the verb of the clause (中/作出, 上/取得; not 下/一步), after a
    // 在/从/当 that no localizer has closed yet.
    let verb_after = jieba()
        .tag(head, false)
        .get(1)
        .is_some_and(|t| t.tag == "v" && t.word.chars().nth(1).is_some());
    if !verb_after {
        return None;
    }
    let (tags, _) = tagged_clause(a);
    let open = tags
        .iter()
        .rposition(|t| t.tag == "p" && FRAME_PREPS.contains(&t.word))?;
    let closed = tags[open + 1..].iter().any(|t| t.tag == "f" || t.tag == "s");
    (!closed && open + 1 < tags.len()).then_some(w)
}

/// The first block ends on a modifier that waits for its head noun: a non-predicate adjective
/// (区别词, tagged b: 主要, 新型, 基本), which can only modify a noun, or an adjective after an
/// attributive 的 or after a numeral or measure word (……营造浓厚的 / 氛围 is cut as ……的浓厚 /
/// 氛围; ……的良好 / 态势; ……这样一个复杂 / 背景下). A predicate adjective ends its clause after
/// its subject (茶园很美, 前景光明), never after 的 or a measure word.
fn headless_modifier(a: &str) -> Option<String> {
    let (tags, _) = tagged_clause(a);
    let last = tags.last()?;
    if last.word.chars().count() < 2 {
        return None;
    }
    let prev = tags.len().checked_sub(2).map(|i| &tags[i]);
    // A numeral of one character (半城郊型) is part of the word, not its count.
    // After 的 an adjective may be a noun (被需要的幸福, 生活的美好); a non-predicate adjective
    // never is.
    let modifier = prev.is_some_and(|p| match last.tag {
        "b" => {
            p.word == "的"
                || matches!(p.tag, "q" | "mq" | "p")
                || (p.tag == "m" && p.word.chars().nth(1).is_some())
        }
        "a" => matches!(p.tag, "q" | "mq") || (p.tag == "m" && p.word.chars().nth(1).is_some()),
        _ => false,
    });
    modifier.then(|| last.word.to_string())
}

/// Degree and aspect adverbs that sit before an adjective predicate (极其深刻, 依然严峻, 越大).
fn is_adverb_tag(t: &str) -> bool {
    matches!(t, "d" | "zg")
}

/// The next block's first clause is an adjective predicate with no subject: adverbs and
/// adjectives only, at least one of each or two adjectives (……这个教训 / 极其深刻。, ……防控形势 /
/// 依然严峻复杂。, ……取得的成绩 / 越大，). A sentence or a heading names what it describes
/// first; replies (很好，) and one-word openers (当然，确实，) are left alone.
fn bare_predicate_start(b: &str) -> Option<String> {
    let clause = first_clause(b);
    let after = b[clause.len()..].chars().next()?;
    if !matches!(after, '，' | '。' | '、' | '；' | ',') || text::han_count(clause) != clause.chars().count()
    {
        return None;
    }
    let tags = jieba().tag(clause, false);
    if tags.len() < 2 {
        return None;
    }
    let adjectives = tags.iter().filter(|t| matches!(t.tag, "a" | "ad")).count();
    let adverbs = tags.iter().filter(|t| is_adverb_tag(t.tag)).count();
    let last = tags.last()?;
    if adjectives + adverbs != tags.len() || !matches!(last.tag, "a" | "ad") {
        return None;
    }
    if adjectives < 2 && adverbs == 0 {
        return None;
    }
    // A reply in dialogue (很好，真好，太好了).
    if matches!(last.word, "好" | "对" | "行") {
        return None;
    }
    Some(clause.to_string())
}

/// Prepositions whose object must be followed by a verb: ……对形势 / 判断……,
/// ……关于科学 / 确立……, ……把这部分人 / 抓好了.
const OPEN_PREPS: [&str; 6] = ["对", "对于", "关于", "把", "被", "针对"];

/// Prepositions that open a frame for the verb of a modal before them (愿同各方 / 一道……,
/// 要按照军队 / 基层建设纲要抓好……).
const MODAL_PREPS: [&str; 14] = [
    "同", "与", "和", "跟", "向", "为", "在", "从", "以", "按照", "根据", "依照", "通过", "围绕",
];

/// The first block's last clause leaves a preposition without its verb: the preposition has
/// something before it in the clause (a subject or a verb: 中共中央对形势, 要加强对民营), or
/// it is 把 opening the clause (把这部分人 / 抓好了), and only a noun phrase follows it, with
/// no verb, no 的 and no name (中国女排对巴西女排 is a match, 党对军队的绝对领导 a noun
/// phrase, 关于我们 and 对标一流 headings).
fn open_preposition(a: &str) -> Option<&'static str> {
    let (tags, whole) = tagged_clause(a);
    // After a modal verb every preposition is one (愿同, 要按照, 将与): its object must be
    // followed by the verb the modal governs. Elsewhere 同, 与 and 和 also join nouns (中国与
    // 世界), so only the prepositions above count.
    let after_modal =
        |i: usize| i > 0 && (MODALS.contains(&tags[i - 1].word) || WILL.contains(&tags[i - 1].word));
    let at = tags.iter().enumerate().rposition(|(i, t)| {
        t.tag == "p" && (OPEN_PREPS.contains(&t.word) || (MODAL_PREPS.contains(&t.word) && after_modal(i)))
    })?;
    // At the start of the clause a preposition may open a heading (关于我们, 对标一流, 为了
    // 人民), but 把 never does: it moves the object before a verb that must follow
    // (把这部分人 / 抓好了). (A window that cuts a long clause may start inside a word.)
    if at == 0 && !(whole && tags[0].word == "把") {
        return None;
    }
    let after = &tags[at + 1..];
    let first = after.first()?;
    let nominal = |t: &str| t.starts_with('n') || matches!(t, "r" | "m" | "mq" | "b" | "j" | "s" | "t");
    if !nominal(first.tag) {
        return None;
    }
    let name = |t: &str| matches!(t, "nr" | "nrt" | "nrfg" | "ns" | "nt" | "nz");
    if after
        .iter()
        .any(|t| is_verb_tag(t.tag) || name(t.tag) || t.tag == "x" || t.word == "的" || t.word == "之")
    {
        return None;
    }
    // 严把质量关, 把好入口关: 把……关 is the verb 把关 around its object.
    if tags[at].word == "把" && after.last().is_some_and(|t| t.word.ends_with('关')) {
        return None;
    }
    OPEN_PREPS
        .iter()
        .chain(MODAL_PREPS.iter())
        .copied()
        .find(|&p| p == tags[at].word)
}

/// The first block's last clause is a list of items separated by 、 whose last item is a stump,
/// at most half as long as the one before it, and either the next block's first clause goes
/// on with more items before any comma (……发展现代物流、信息 / 服务、创意产业等……) or the stump
/// is a bare verb after a verb with its object (……健全制度、完善 / 体系): one list cut across
/// the break. A heading's list is balanced (稳就业、保民生、促发展; 创新、协调、绿色).
fn list_across(a: &str, b: &str) -> bool {
    let clause_start = a
        .char_indices()
        .rev()
        .find(|&(_, c)| {
            matches!(
                c,
                '，' | ',' | '。' | '；' | ';' | '：' | ':' | '！' | '？' | '!' | '?'
            )
        })
        .map_or(0, |(i, c)| i + c.len_utf8());
    let mut items = a[clause_start..].rsplit('、');
    let (Some(last), Some(prev)) = (items.next(), items.next()) else {
        return false;
    };
    // The last item is a stump of the one before it (……现代物流、信息, ……有波动、经济), which a
    // heading's balanced list (稳就业、保民生、促发展; 一、总体要求) is not.
    let (last_n, prev_n) = (text::han_count(last), text::han_count(prev));
    if last_n == 0 || 2 * last_n > prev_n {
        return false;
    }
    // A list of names may be unbalanced (国家发展改革委、央行).
    let name = |t: &str| matches!(t, "nr" | "nrt" | "nrfg" | "ns" | "nt" | "nz" | "j");
    if jieba().tag(last, false).iter().any(|t| name(t.tag)) {
        return false;
    }
    first_clause_with_list(b) || bare_verb_item(prev, last)
}

/// The last item of a list is a bare verb while the item before it is a verb with its object
/// (……健全制度、完善 / 体系): the items run parallel, so the last one lacks its object.
fn bare_verb_item(prev: &str, last: &str) -> bool {
    let last_tags = jieba().tag(last, false);
    let [only] = last_tags.as_slice() else {
        return false;
    };
    if only.tag != "v" || only.word.chars().count() < 2 {
        return false;
    }
    let prev_tags = jieba().tag(prev, false);
    let Some(object) = prev_tags.last() else {
        return false;
    };
    object.tag.starts_with('n')
        && object.tag != "nr"
        && prev_tags[..prev_tags.len() - 1].iter().any(|t| t.tag == "v")
}

/// True when the first clause of `b` (up to its first comma, colon or stop) holds a 、.
fn first_clause_with_list(b: &str) -> bool {
    for c in b.chars() {
        match c {
            '、' => return true,
            '，' | ',' | '。' | '；' | ';' | '：' | ':' | '！' | '？' | '!' | '?' => return false,
            _ => {}
        }
    }
    false
}

/// Personal pronouns and the words for one's own country that open a clause as its agent.
const PERSONAL: [&str; 9] = [
    "我们", "我国", "我", "你们", "他们", "咱们", "大家", "双方", "各方",
];

/// Modal verbs that open a clause with no subject in speeches and documents (要坚持……,
/// 必须……).
const MODALS: [&str; 7] = ["要", "必须", "应", "应当", "应该", "务必", "须"];

/// Verbs of will and need that govern a verb as the modals do (愿同各方, 将与, 需要加强), kept
/// apart from [`MODALS`] because a clause of one of them and a bare verb may end a heading.
const WILL: [&str; 4] = ["愿", "愿意", "将", "需要"];

/// The last clause of `a` has no object and no subject that could be one: it opens with a
/// modal verb, with an enumerator and a modal (二是要, 四要) or with a personal pronoun and a
/// modal (我们要), and goes on with adverbs and verbs only (要继续推广, 四要做好, 我们要继续坚持,
/// 要进一步严格), as jieba tags them. With no noun before the modal, the verb's object
/// cannot have been moved before it (制度要完善, 责任要落实, 态度要积极 are headlines), so it
/// must follow.
fn subjectless_verb(a: &str) -> Option<&str> {
    let (tags, whole) = tagged_clause(a);
    if !whole {
        return None;
    }
    let mut i = 0;
    // A personal pronoun as the subject (我们要继续坚持) cannot be the verb's moved object
    // either.
    let pronoun = tags.first().is_some_and(|t| PERSONAL.contains(&t.word));
    if pronoun {
        i += 1;
    } else if tags
        .first()
        .is_some_and(|t| t.tag == "m" && t.word.chars().all(text::is_han_numeral))
    {
        i += 1;
        if tags.get(i).is_some_and(|t| t.word == "是") {
            i += 1;
        }
    }
    if !tags.get(i).is_some_and(|t| MODALS.contains(&t.word)) {
        return None;
    }
    // A modal and a bare verb alone (要奋斗, 必须坚持, 要注意, 我们要团结) may be a slogan or a
    // label; an enumerator or an adverb makes it part of an argument (四要做好, 要继续推广).
    let rest = &tags[i + 1..];
    let last = rest.last()?;
    // The clause ends on a verb, or on an adverbial adjective that waits for its verb
    // (要进一步严格, 三是要认真).
    (matches!(last.tag, "v" | "ad")
        && ((i > 0 && !pronoun) || rest.len() >= 2)
        && last.word.chars().nth(1).is_some()
        && rest.iter().all(|t| matches!(t.tag, "v" | "d" | "ad" | "vd")))
    .then_some(last.word)
}

/// Parties named as the subject of a modal in speeches and statements (中方愿……, 双方要……):
/// like a pronoun, they are the agent, never a moved object.
const PARTIES: [&str; 5] = ["中方", "我方", "各国", "两国", "中国"];

/// Adverbs of frequency that stand between a subject and its verb (我多次呼吁).
const FREQUENCY: [&str; 4] = ["多次", "再次", "一再", "一直"];

/// The last clause of `a` leaves a verb that needs its object without one, and nothing before
/// the verb can be that object: the clause is a modal and a verb of [`TRANSITIVE`] (要推动,
/// 要抓好), a personal pronoun or a party, a modal and such a verb (我们要顺应, 中方愿推动), or a
/// personal pronoun and such a verb (我们欢迎, 我多次呼吁), with adverbs between and at most a
/// 了 after it (中国形成了 is a name, not a pronoun, and is left alone).
fn missing_object(a: &str) -> Option<&'static str> {
    let (tags, whole) = tagged_clause(a);
    if !whole {
        return None;
    }
    let mut i = 0;
    let pronoun = tags.first().is_some_and(|t| PERSONAL.contains(&t.word));
    let party = !pronoun && tags.first().is_some_and(|t| PARTIES.contains(&t.word));
    if pronoun || party {
        i += 1;
    }
    let modal = tags
        .get(i)
        .is_some_and(|t| MODALS.contains(&t.word) || WILL.contains(&t.word) || t.word == "可");
    if modal {
        i += 1;
    }
    if !(modal || pronoun) {
        return None;
    }
    let mut rest = &tags[i..];
    if rest.last().is_some_and(|t| t.word == "了") {
        rest = &rest[..rest.len() - 1];
    }
    let (verb, before) = rest.split_last()?;
    let adverbial = |t: &jieba_rs::Tag<'_>| {
        matches!(t.tag, "d" | "ad" | "vd") || FREQUENCY.contains(&t.word) || NEEDS_MORE.contains(&t.word)
    };
    let verb = TRANSITIVE.iter().copied().find(|&v| v == verb.word)?;
    before.iter().all(adverbial).then_some(verb)
}

/// Openers of place and occasion that are nouns to jieba but frame a sentence (会上，现场，).
const FRAME_NOUNS: [&str; 8] = ["会上", "会后", "会前", "现场", "席间", "期间", "其间", "当地"];

/// The next block's first clause is a bare common noun of one or two words before a comma
/// (……要加强部队 / 管理，做好……; ……取得积极 / 成果，推进……): the head of a noun phrase the
/// first block began. A paragraph opens on a time (今年，), a place, a name, a vocative
/// (同志们，), a connective or a list (就业、民生、发展，是……), or on a topic that the next
/// clause comments on with the copula (茶叶，是……), all of which are left alone.
fn noun_clause_start(b: &str) -> Option<&str> {
    let clause = first_clause(b);
    let rest = &b[clause.len()..];
    if !rest.starts_with(['，', ',']) || text::han_count(clause) != clause.chars().count() {
        return None;
    }
    let next = rest[rest.chars().next()?.len_utf8()..].trim_start();
    if ["是", "就是", "也是", "正是", "乃是", "都是", "还是", "既是"]
        .iter()
        .any(|c| next.starts_with(c))
    {
        return None;
    }
    if FRAME_NOUNS.contains(&clause) {
        return None;
    }
    let tags = jieba().tag(clause, false);
    // One noun (管理，步伐，), or two plain nouns (功利化倾向 is not one: 倾向 is a verb here).
    let noun = match tags.as_slice() {
        [one] => matches!(one.tag, "n" | "vn" | "an" | "ng"),
        [x, y] => [x, y].iter().all(|t| matches!(t.tag, "n" | "an" | "ng")),
        _ => false,
    };
    noun.then_some(clause)
}

/// Frames of the present state of affairs that open an argument (当前，近年来，). Times of day,
/// seasons and the narrative 如今 and 现在 are left out: they set the scene of captions and
/// verse, which may go on with a bare noun phrase (清晨，雾中的茶园; 如今，老街新颜).
const STATE_FRAMES: [&str; 8] = [
    "当前",
    "目前",
    "眼下",
    "当下",
    "近年来",
    "近些年",
    "近几年",
    "长期以来",
];

/// Source frames (据统计，据了解，) and frames of the present state of affairs (当前，近年来，
/// 30多年来，改革开放以来，截至去年底，) that open a statement and wait for its predicate.
fn is_frame_clause(clause: &str) -> bool {
    let clause = clause.trim();
    (clause.starts_with('据') && clause.chars().nth(1).is_some_and(text::is_han))
        || clause.starts_with("截至")
        || clause.starts_with("截止")
        || clause.ends_with("以来")
        || clause.ends_with("年来")
        || STATE_FRAMES.contains(&clause)
}

/// The first block is a frame and a bare noun phrase (据统计，我国农村 / 贫困人口中……; 当前，
/// 中埃关系 / 面临……; 30多年来，形势 / 任务和……): every clause but the last is a source or a
/// time frame, and the last holds nouns, pronouns, localizers and measure words only. A frame
/// announces a statement, so the noun phrase after it is a subject waiting for its predicate; a
/// headline that opens with a frame says something (今天，我们为什么还要读经典; 当前，形势严峻).
fn frame_without_predicate(a: &str) -> Option<String> {
    let last = last_clause(a);
    let frames = &a[..a.len() - last.len()];
    let mut clauses = frames
        .split(is_clause_punct)
        .filter(|c| !c.trim().is_empty())
        .peekable();
    clauses.peek()?;
    if !clauses.all(is_frame_clause) {
        return None;
    }
    if last.is_empty() || text::han_count(last) != last.chars().count() {
        return None;
    }
    let tags = jieba().tag(last, false);
    let noun = |t: &str| t.starts_with('n') || t == "j";
    let nominal = |t: &str| noun(t) || matches!(t, "r" | "f" | "s" | "m" | "mq" | "q" | "b");
    (tags.iter().all(|t| nominal(t.tag)) && tags.last().is_some_and(|t| noun(t.tag)))
        .then(|| frames.trim_end_matches(is_clause_punct).to_string())
}

/// The first block's last clause, after clauses that each hold a verb, is adverbials and a
/// verb of [`TRANSITIVE`] with no object (……激发大家干事创业积极性，齐心协力开创 /
/// 指挥部建设新局面): the subject is the earlier clauses', and nothing in the clause can be
/// the object. An object moved before the verb is a clause of its own without a verb (这个问题，
/// 必须坚决解决; 台独，坚决反对), which is left alone.
fn bare_transitive_clause(a: &str) -> Option<&'static str> {
    let last = last_clause(a);
    let before = &a[..a.len() - last.len()];
    // Verbs listed with 、 share an object that may be left unsaid (相互学习、相互借鉴).
    if before.ends_with('、') {
        return None;
    }
    let before = before.trim_end_matches(is_clause_punct);
    if before.is_empty() || text::han_count(last) != last.chars().count() {
        return None;
    }
    let tags = jieba().tag(last, false);
    let (verb, adverbials) = tags.split_last()?;
    let verb = TRANSITIVE.iter().copied().find(|&v| v == verb.word)?;
    // A reciprocal adverb makes the parties each other's object (各国要相互尊重，相互借鉴).
    if adverbials.is_empty()
        || !adverbials
            .iter()
            .all(|t| matches!(t.tag, "d" | "ad" | "vd" | "i"))
        || adverbials
            .iter()
            .any(|t| matches!(t.word, "相互" | "互相" | "彼此" | "互"))
    {
        return None;
    }
    let every_clause_has_a_verb = before
        .split(|c: char| is_clause_punct(c))
        .filter(|c| !c.trim().is_empty())
        .all(|c| jieba().tag(c, false).iter().any(|t| is_verb_tag(t.tag)));
    every_clause_has_a_verb.then_some(verb)
}

/// The first block is a directive or a pledge, not a title: it opens with a modal verb (要加强,
/// 必须坚持), or with a personal pronoun or a party and a modal (我们要, 中方愿同), and the
/// modal governs more than a bare verb. Such a block is a sentence, and a sentence without its
/// stop is cut; the slogans and labels that open the same way are a modal and one verb (要奋斗,
/// 我们要团结, 要致富，先修路), and enumerated headings put their number first (一要……, 首先，要……).
fn directive_opening(a: &str) -> bool {
    let clause = first_clause(a);
    let tags = jieba().tag(clause, false);
    let mut i = 0;
    if tags
        .first()
        .is_some_and(|t| PERSONAL.contains(&t.word) || PARTIES.contains(&t.word))
    {
        i += 1;
    }
    let modal = tags
        .get(i)
        .is_some_and(|t| MODALS.contains(&t.word) || matches!(t.word, "愿" | "愿意"));
    modal && tags.len() >= i + 3
}

/// The last clause of `s` (after its last clause punctuation), without a final comma.
fn last_clause(s: &str) -> &str {
    let s = s.trim_end_matches(['，', ',', '、']);
    let start = s
        .char_indices()
        .rev()
        .find(|&(_, c)| is_clause_punct(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &s[start..]
}

/// Han characters at most in the last clause of a block for [`truncated_clause`].
const SHORT_CLAUSE: usize = 4;

/// True when the last clause of `a` is a stump: at most [`SHORT_CLAUSE`] Han characters and
/// at most half as long as the longest clause before it (……不断完善应急响应机制，合理引导 /
/// 预期，……). A page break falls anywhere in a clause, so it usually leaves a short last
/// clause; a headline or a caption built of clauses balances them (守护绿水青山，建设美丽家园;
/// 游客在茶园采茶，感受茶文化).
fn truncated_clause(a: &str) -> bool {
    let mut clauses = a
        .split(|c: char| is_clause_punct(c) || c == '、')
        .map(text::han_count);
    let Some(last) = clauses.next_back() else {
        return false;
    };
    let longest = clauses.max().unwrap_or(0);
    (1..=SHORT_CLAUSE).contains(&last) && longest >= 2 * last.max(3) && text::han_count(a) >= 12
}

/// The first clause of `s` (up to its first clause punctuation).
fn first_clause(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|&(_, c)| is_clause_punct(c))
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

fn is_clause_punct(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '、' | '。' | '；' | ';' | '！' | '？' | '!' | '?' | '：' | ':'
    )
}

/// A line ending in a comma that is a salutation (各位代表，) or a verse line followed by its
/// pair (春眠不觉晓， / 处处闻啼鸟。), not a cut paragraph.
fn comma_line_is_whole(a: &str, b: &str) -> bool {
    let clause = last_clause(a).trim();
    // 同志们，朋友们， but not ……爱护他们、 (a pronoun object in running prose).
    let vocative = (clause.ends_with('们')
        && !["他们", "她们", "它们", "我们", "咱们", "人们"]
            .iter()
            .any(|p| clause.ends_with(p)))
        || VOCATIVES.iter().any(|v| clause.ends_with(v))
        || ["尊敬的", "亲爱的", "各位"]
            .iter()
            .any(|p| a.trim_start().starts_with(p));
    if vocative {
        return true;
    }
    let n = text::han_count(clause);
    let clauses = a.chars().filter(|&c| is_clause_punct(c)).count();
    (4..=9).contains(&n) && clauses <= 2 && text::han_count(first_clause(b)) == n
}

/// Why the break is judged a broken join.
enum Evidence {
    Split(String),
    OpenEnd(char),
    Bracket(char),
    BadStart(char),
    Dangling(&'static str),
    Comma(char),
    OneWord(String),
    OneChar(char),
    Localizer(&'static str),
    OpenPrep(&'static str),
    NoObject(String),
    Transitive(&'static str),
    Modifier(String),
    Predicate(String),
    Frame(String),
    List,
    Unfinished,
}

/// The name of a punctuation mark, for messages: quoting “ inside “…” is unreadable.
fn punct_name(c: char) -> Option<(&'static str, &'static str)> {
    Some(match c {
        '，' | ',' => ("逗号", "a comma"),
        '、' => ("顿号", "an enumeration comma"),
        '。' | '.' => ("句号", "a full stop"),
        '；' | ';' => ("分号", "a semicolon"),
        '：' | ':' => ("冒号", "a colon"),
        '！' => ("叹号", "an exclamation mark"),
        '？' => ("问号", "a question mark"),
        '“' | '‘' | '「' | '『' => ("左引号", "an opening quotation mark"),
        '”' | '’' | '」' | '』' | '"' => ("右引号", "a closing quotation mark"),
        '（' | '(' | '【' | '〔' | '[' => ("左括号", "an opening bracket"),
        '）' | ')' | '】' | '〕' => ("右括号", "a closing bracket"),
        '《' => ("左书名号", "an opening title mark"),
        '》' => ("右书名号", "a closing title mark"),
        _ => return None,
    })
}

/// A character as a message names it: a punctuation mark by name, anything else quoted.
fn name(c: char) -> (String, String) {
    match punct_name(c) {
        Some((zh, en)) => (zh.to_string(), en.to_string()),
        None => (format!("“{c}”"), format!("“{c}”")),
    }
}

impl Evidence {
    fn describe(&self, ctx: &Context) -> String {
        match self {
            Evidence::Split(w) => ctx.msg(format!("“{w}”被拆在两段"), format!("the word “{w}” is split")),
            Evidence::OpenEnd(c) | Evidence::Comma(c) => {
                let (zh, en) = name(*c);
                ctx.msg(
                    format!("上段以{zh}结尾"),
                    format!("the first paragraph ends with {en}"),
                )
            }
            Evidence::Bracket(o) => {
                let (zh, en) = match o {
                    '“' | '「' | '『' => ("引号", "a quotation"),
                    '《' => ("书名号", "a title"),
                    _ => ("括号", "a bracket"),
                };
                ctx.msg(
                    format!("上段的{zh}在下段才闭合"),
                    format!("{en} opened in the first paragraph closes in the next"),
                )
            }
            Evidence::BadStart(c) => {
                let (zh, en) = name(*c);
                ctx.msg(
                    format!("下段以{zh}开头"),
                    format!("the next paragraph starts with {en}"),
                )
            }
            Evidence::Dangling(w) => ctx.msg(
                format!("上段以虚词“{w}”结尾"),
                format!("the first paragraph ends with the function word “{w}”"),
            ),
            Evidence::OneWord(w) => ctx.msg(
                format!("下段首句只有“{w}”一个词"),
                format!("the next paragraph's first sentence is the single word “{w}”"),
            ),
            Evidence::OneChar(c) => ctx.msg(
                format!("下段首个分句只有一个字“{c}”"),
                format!("the next paragraph's first clause is the single character “{c}”"),
            ),
            Evidence::Localizer(w) => ctx.msg(
                format!("下段以方位词“{w}”开头"),
                format!("the next paragraph starts with the localizer “{w}”"),
            ),
            Evidence::OpenPrep(p) => ctx.msg(
                format!("上段的介词“{p}”之后缺少动词"),
                format!("the preposition “{p}” in the first paragraph has no verb after its object"),
            ),
            Evidence::NoObject(v) => ctx.msg(
                format!("上段末句以助动词开头，止于“{v}”，缺少后续成分"),
                format!("the first paragraph's last clause opens with a modal verb and stops at “{v}”"),
            ),
            Evidence::Transitive(v) => ctx.msg(
                format!("上段末句止于及物动词“{v}”，缺少宾语"),
                format!("the first paragraph's last clause stops at the verb “{v}” without its object"),
            ),
            Evidence::Modifier(w) => ctx.msg(
                format!("上段以修饰语“{w}”结尾，缺少中心语"),
                format!("the first paragraph ends with the modifier “{w}” before its noun"),
            ),
            Evidence::Predicate(p) => ctx.msg(
                format!("下段首个分句“{p}”只有谓语，缺少主语"),
                format!("the next paragraph's first clause “{p}” is a predicate without its subject"),
            ),
            Evidence::Frame(f) => ctx.msg(
                format!("上段在“{f}”之后只有名词短语，缺少谓语"),
                format!("the first paragraph has only a noun phrase after “{f}”, without its predicate"),
            ),
            Evidence::List => ctx.msg(
                "上段末句的顿号列举在下段才结束",
                "a list of items separated by 、 runs on from the first paragraph into the next",
            ),
            Evidence::Unfinished => ctx.msg(
                "上段句子未完、没有句末标点",
                "the first paragraph stops mid-sentence without a closing stop",
            ),
        }
    }
}

fn joinable(a: BlockKind, b: BlockKind) -> bool {
    matches!(
        (a, b),
        (BlockKind::Paragraph, BlockKind::Paragraph) | (BlockKind::Quote, BlockKind::Quote)
    )
}

/// Only whitespace (and, between quote paragraphs, the `>` markers) separates the blocks.
fn gap_is_blank(gap: &str, quote: bool) -> bool {
    gap.chars()
        .all(|c| c == '\n' || c == '\r' || text::is_space(c) || (quote && c == '>'))
}

/// Judge the break between `a` and `b` (their texts without page markers).
fn judge(a: &str, b: &str, opts: &Options) -> Option<Evidence> {
    let class = end_class(a);
    let first = b.chars().next()?;
    // The fast path: clean copy ends its paragraphs with a stop and starts the next with a word.
    let cheap_start = is_bad_start_punct(first);
    match class {
        End::Sentence | End::Other if !cheap_start => return None,
        End::Soft | End::Close if !cheap_start && !NON_INITIAL.contains(&first) => return None,
        _ => {}
    }
    if !a.chars().any(text::is_han) || !b.chars().any(text::is_han) {
        return None;
    }
    // A byline, caption or dateline line on either side, or a next block that opens a story or
    // a list item, is never a continuation.
    if patterns::is_meta(a)
        || patterns::is_furniture(b)
        || patterns::opens_story(b)
        || patterns::starts_list(b)
    {
        return None;
    }
    if patterns::closer_start(a).is_some() {
        return None;
    }
    if cheap_start {
        return Some(Evidence::BadStart(first));
    }
    let a_title = is_title_like(a, opts);
    let b_title = is_title_like(b, opts);
    match class {
        End::Sentence | End::Other => None,
        End::Soft | End::Close => non_initial_start(b).map(Evidence::BadStart),
        End::Open => Some(Evidence::OpenEnd(a.chars().next_back()?)),
        End::Comma => {
            if let Some(o) = bracket_across(a, b) {
                return Some(Evidence::Bracket(o));
            }
            if let Some(c) = non_initial_start(b) {
                return Some(Evidence::BadStart(c));
            }
            (!comma_line_is_whole(a, b)).then(|| Evidence::Comma(a.chars().next_back().unwrap_or('，')))
        }
        End::Word => {
            if let Some(split) = word_split(a, b) {
                if split.orphans == 2 && split.function_words {
                    // Two function words that happen to make a word (是|从, 于|是): too weak.
                } else if split.orphans == 2
                    || (split.orphans == 1 && (!a_title || split.bound_orphan))
                    || split.bound
                {
                    return Some(Evidence::Split(split.word));
                }
            }
            if let Some(o) = bracket_across(a, b) {
                return Some(Evidence::Bracket(o));
            }
            if let Some(c) = non_initial_start(b) {
                return Some(Evidence::BadStart(c));
            }
            if let Some(w) = dangling_end(a) {
                return Some(Evidence::Dangling(w));
            }
            if let Some(c) = copula_start(b).or_else(|| conjunction_start(b)) {
                return Some(Evidence::BadStart(c));
            }
            if let Some(w) = one_word_sentence(b) {
                return Some(Evidence::OneWord(w));
            }
            if let Some(c) = single_char_clause(b) {
                return Some(Evidence::OneChar(c));
            }
            if let Some(w) = localizer_start(a, b) {
                return Some(Evidence::Localizer(w));
            }
            if let Some(p) = open_preposition(a) {
                return Some(Evidence::OpenPrep(p));
            }
            if let Some(v) = subjectless_verb(a) {
                return Some(Evidence::NoObject(v.to_string()));
            }
            if let Some(v) = missing_object(a).or_else(|| bare_transitive_clause(a)) {
                return Some(Evidence::Transitive(v));
            }
            if let Some(f) = frame_without_predicate(a) {
                return Some(Evidence::Frame(f));
            }
            if let Some(w) = headless_modifier(a) {
                return Some(Evidence::Modifier(w));
            }
            if let Some(p) = bare_predicate_start(b) {
                return Some(Evidence::Predicate(p));
            }
            if list_across(a, b) {
                return Some(Evidence::List);
            }
            let directive = directive_opening(a) && (has_clause_punct(a) || noun_clause_start(b).is_some());
            ((is_prose(a, opts) || truncated_clause(a) || directive) && !b_title)
                .then_some(Evidence::Unfinished)
        }
    }
}

/// The last `n` characters of `s`, with an ellipsis when cut.
fn quote_tail(s: &str, n: usize) -> String {
    let count = s.chars().count();
    if count <= n {
        return s.to_string();
    }
    let tail: String = s.chars().skip(count - n).collect();
    format!("…{tail}")
}

fn quote_head(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let head: String = s.chars().take(n).collect();
    format!("{head}…")
}

struct Found {
    diag: Diagnostic,
    single_break: bool,
}

/// Fewest pairs of blocks for a text to be judged a list by [`lists`].
const LIST_MIN_LINES: usize = 16;

/// Longest entry of a list ([`lists`]), in bytes: 32 Han characters, a long headline.
const LIST_ENTRY_MAX: usize = 96;

/// Whether the text is a list rather than paragraphs, judged apart for the breaks of one line
/// (`[0]`) and of more (`[1]`): of its pairs of adjacent blocks (at least [`LIST_MIN_LINES`]),
/// more than half are such a break apart and both short (at most [`LIST_ENTRY_MAX`] bytes)
/// and ending without a stop or a closing mark. A word list, a table of contents or a column
/// of headlines is such a text (with blank lines between its entries, for `[1]`); news copy
/// ends most paragraphs with a stop, and the second half of a paragraph cut in two ends with
/// the paragraph's stop, however many cuts a page has. The breaks of a list are not page
/// breaks: judging each of them segments both sides, which ran at 2.5 MB/s on a word list and
/// reported a break wherever two neighbouring words happened to make a third.
fn lists(
    text: &str,
    pairs: impl Iterator<Item = (Block, Block)>,
    single_break: impl Fn(&str) -> bool,
) -> [bool; 2] {
    let mut all = 0usize;
    let mut open = [0usize; 2];
    for (a, b) in pairs {
        all += 1;
        // The gap's bytes are read only for pairs of short blocks that end open, and a block's
        // last character only for a short block, so copy, whose paragraphs are longer than an
        // entry, costs no read of its text (a read at each block's end was 20 ms on 100 MB).
        let entry = |x: &Block| {
            x.end() - x.start() <= LIST_ENTRY_MAX && {
                let last = x.last(text);
                !is_sentence_end(last) && !is_closing(last)
            }
        };
        if entry(&a) && entry(&b) {
            open[usize::from(!single_break(&text[a.end()..b.start()]))] += 1;
        }
    }
    open.map(|n| all >= LIST_MIN_LINES && n * 2 > all)
}

/// The joinable pairs of adjacent blocks of `blocks` (which may hold one block past a part, to
/// pair its last block).
fn joinable_pairs(blocks: impl Iterator<Item = Block>) -> impl Iterator<Item = (Block, Block)> {
    let mut blocks = blocks.peekable();
    std::iter::from_fn(move || {
        let a = blocks.next()?;
        Some((a, *blocks.peek()?))
    })
    .filter(|(a, b)| joinable(a.kind(), b.kind()) && a.end() <= b.start())
}

/// Every joinable pair of `doc`.
fn pairs<'d>(doc: &'d Document) -> impl Iterator<Item = (Block, Block)> + 'd {
    joinable_pairs(doc.blocks.iter())
}

/// Whether the blocks are separated by a single line break, to recognise hard-wrapped text.
fn single_break(gap: &str) -> bool {
    gap.matches('\n').count() <= 1 && !gap.contains("\r\r")
}

/// `broken-join` over one document: every pair of adjacent blocks, a part at a time.
pub(super) struct Broken<'d> {
    doc: &'d Document<'d>,
    ctx: &'d Context<'d>,
    opts: &'d Options,
    found: Vec<Found>,
    /// Whether the text is a list ([`lists`]). A list needs more than `LIST_MIN_LINES / 2` pairs
    /// of short blocks that end open, and each of them gets as far as the gap test: the question
    /// is asked only once that many pairs have (`reached`), and what the pairs before were found
    /// to be is dropped at the end if the answer is yes. Copy whose paragraphs end in stops never
    /// pays for the count.
    list: Option<[bool; 2]>,
    reached: usize,
}

impl<'d> Broken<'d> {
    pub(super) fn new(doc: &'d Document<'d>, ctx: &'d Context<'d>, opts: &'d Options) -> Self {
        Broken {
            doc,
            ctx,
            opts,
            found: Vec::new(),
            list: None,
            reached: 0,
        }
    }

    /// Check the pairs whose first block is in `part`.
    pub(super) fn part(&mut self, part: &Part) {
        let (doc, ctx) = (self.doc, self.ctx);
        let text = doc.text;
        let blocks = doc
            .blocks
            .iter_from(part.blocks.start)
            .take(part.blocks.len() + 1);
        for (a, b) in joinable_pairs(blocks) {
            // A page marker can only sit at the end of a block that ends with a closing bracket,
            // or at the start of one that starts with an opening bracket.
            let (a_last, b_first) = (a.last(text), b.first(text));
            let a_marked = matches!(a_last, '）' | ')' | '】' | '〕' | ']');
            let b_marked = matches!(b_first, '（' | '(' | '【' | '〔' | '[');
            // Most paragraphs end a sentence and the next starts with a word: `judge` turns such a
            // pair away first, from the two characters either side of the break.
            if !a_marked
                && !b_marked
                && a_last != '.'
                && is_sentence_end(a_last)
                && !is_bad_start_punct(b_first)
            {
                continue;
            }
            let gap_range: Range<usize> = a.end()..b.start();
            let gap = &text[gap_range.clone()];
            if !gap_is_blank(gap, a.kind() == BlockKind::Quote) {
                continue;
            }
            self.reached += 1;
            if self.reached > LIST_MIN_LINES / 2
                && self
                    .list
                    .get_or_insert_with(|| lists(text, pairs(doc), single_break))
                    [usize::from(!single_break(gap))]
            {
                continue;
            }
            let ar = if a_marked {
                marker::strip(text, a.range())
            } else {
                a.range()
            };
            let br = if b_marked {
                marker::strip(text, b.range())
            } else {
                b.range()
            };
            if ar.is_empty() || br.is_empty() || doc.is_masked(ar.end - 1) || doc.is_masked(br.start) {
                continue;
            }
            let (at, bt) = (&text[ar], &text[br]);
            let Some(evidence) = judge(at, bt, self.opts) else {
                continue;
            };
            let applicability = match evidence {
                Evidence::Split(_) => Applicability::Safe,
                _ => Applicability::Unsafe,
            };
            let (la, fb) = (at.chars().next_back(), bt.chars().next());
            let replacement = if la.is_some_and(|c| c.is_ascii_alphabetic())
                && fb.is_some_and(|c| c.is_ascii_alphabetic())
            {
                " "
            } else {
                ""
            };
            let (left, right) = (quote_tail(at, 8), quote_head(bt, 8));
            let why = evidence.describe(ctx);
            let msg = ctx.msg(
                format!("“{left}”与“{right}”之间断行（{why}），应接排为一段"),
                format!("line break between “{left}” and “{right}” ({why}); join the two paragraphs"),
            );
            self.found.push(Found {
                diag: Diagnostic::new("broken-join", Severity::Warning, gap_range, msg)
                    .with_fix(replacement, applicability),
                single_break: single_break(gap),
            });
        }
    }

    /// Push the findings, unless the text is a list or hard-wrapped.
    pub(super) fn finish(self, out: &mut dyn Sink) {
        let (doc, found, list) = (self.doc, self.found, self.list);
        let text = doc.text;
        // Hard-wrapped text: most single line breaks fall mid-sentence by design. The pairs are
        // counted only when there are enough findings to ask (the count reads every gap).
        let single_hits = found.iter().filter(|f| f.single_break).count();
        let hard_wrapped = single_hits >= 4
            && single_hits * 2
                >= pairs(doc)
                    .filter(|(a, b)| single_break(&text[a.end()..b.start()]))
                    .count();
        out.extend(
            found
                .into_iter()
                .filter(|f| {
                    let in_list = list.is_some_and(|l| l[usize::from(!f.single_break)]);
                    !(in_list || (hard_wrapped && f.single_break))
                })
                .map(|f| f.diag),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        Options::default()
    }

    #[test]
    fn end_classes() {
        assert_eq!(end_class("他说。"), End::Sentence);
        assert_eq!(end_class("他说：“好。”"), End::Sentence);
        assert_eq!(end_class("提出“六个坚持”"), End::Close);
        assert_eq!(end_class("具体如下："), End::Soft);
        assert_eq!(end_class("为引领,"), End::Comma);
        assert_eq!(end_class("他说：“"), End::Open);
        assert_eq!(end_class("违背道义与国"), End::Word);
        assert_eq!(end_class("增长1."), End::Word);
    }

    #[test]
    fn word_splits_find_the_straddling_word() {
        let s = word_split("违背道义与国", "际法则的单边").unwrap();
        assert_eq!(s.word, "国际");
        assert_eq!(s.orphans, 2);
        let s = word_split("完善特色产品供", "应链体系").unwrap();
        assert_eq!(s.word, "供应链");
        assert!(word_split("文明土壤", "与发展禀赋").is_none());
        assert_eq!(word_split("同比增长3", "0%。").unwrap().word, "30%");
        // Whole words on both sides: bound when one half rarely stands alone.
        let s = word_split("凝聚着中华", "民族自强不息").unwrap();
        assert_eq!((s.word.as_str(), s.orphans, s.bound), ("中华民族", 0, true));
        let s = word_split("推动经济", "社会发展").unwrap();
        assert_eq!((s.word.as_str(), s.bound), ("经济社会", false));
        // The bound half may open a longer word of the next block (主义|理论体系 read as
        // 主义理论|体系); a free half that does so is still not bound (小康|社会保障).
        let s = word_split("中国特色社会", "主义理论体系").unwrap();
        assert_eq!((s.word.as_str(), s.bound), ("社会主义", true));
        assert!(!word_split("老区人民奔小康", "社会保障体系").is_some_and(|s| s.bound));
        // A single character is never bound (数|据了解).
        assert!(!word_split("初步核算数", "据了解").unwrap().bound);
    }

    #[test]
    fn brackets_across_the_break() {
        assert_eq!(bracket_across("他说：“在今天的", "大赛中，我们……。”"), Some('“'));
        assert_eq!(bracket_across("他说：“第一段。", "“第二段。”"), None);
    }

    #[test]
    fn particles_must_be_words_of_their_own() {
        assert_eq!(non_initial_start("的单边行动"), Some('的'));
        assert_eq!(non_initial_start("们纷纷表示"), Some('们'));
        assert_eq!(non_initial_start("的确如此"), None);
        assert_eq!(non_initial_start("地区经济"), None);
        assert_eq!(non_initial_start("了解到"), None);
    }

    #[test]
    fn stumps_of_clauses() {
        assert!(truncated_clause("今年将进一步完善茶叶加工和仓储设施，合理引导"));
        assert!(truncated_clause("双方高层交往频繁，务实合作成果丰硕，人文"));
        // Balanced clauses: headlines, slogans, captions.
        for s in [
            "守护绿水青山，建设美丽家园",
            "游客在青溪镇茶园体验采茶，感受茶文化",
            "周桂芳，青溪镇茶农，种茶三十年",
            "今天，我们为什么还要读经典",
            "稳就业、保民生、促发展",
            "镇里新建了一座茶文化展示馆",
        ] {
            assert!(!truncated_clause(s), "{s}");
        }
    }

    #[test]
    fn words_that_need_more() {
        assert_eq!(dangling_end("毛泽东同志领导建立的"), Some("的"));
        assert_eq!(dangling_end("钢铁是怎样炼成的"), None);
        assert_eq!(dangling_end("那些年我们一起追过的"), None);
        assert_eq!(dangling_end("镇里今年将继续给予"), Some("给予"));
        assert_eq!(dangling_end("三是"), Some("是"));
        // A modal before a one-character preposition; not a word the dictionary lacks.
        assert_eq!(dangling_end("高质量发展，要把"), Some("把"));
        assert_eq!(dangling_end("中方愿同"), Some("同"));
        assert_eq!(dangling_end("顺势而为"), None);
        assert_eq!(dangling_end("就一定能克服前进道路上的"), Some("的"));
        // Adverbs and conjunctions from jieba's d/c/p words, reviewed.
        assert_eq!(dangling_end("广大劳动群众一定"), Some("一定"));
        assert_eq!(dangling_end("风采依然"), None);
        assert_eq!(copula_start("是中国特色社会主义的内在要求。"), Some('是'));
        assert_eq!(copula_start("是啊，谁能想到。"), None);
        assert_eq!(conjunction_start("和社区。"), Some('和'));
        assert_eq!(conjunction_start("和往年一样，游客很多。"), None);
        assert_eq!(
            one_word_sentence("支持。我们要不忘初心。").as_deref(),
            Some("支持")
        );
        assert_eq!(one_word_sentence("是的。我们要不忘初心。"), None);
        assert_eq!(one_word_sentence("支持力度。"), None);
    }

    #[test]
    fn localizers_that_close_a_phrase() {
        assert_eq!(localizer_start("茶农们在困难", "面前从不退缩。"), Some("面前"));
        assert_eq!(localizer_start("游客们走进茶园", "里，体验采茶。"), Some("里"));
        assert_eq!(
            localizer_start("镇里在推进乡村振兴", "中发挥了作用。"),
            Some("中")
        );
        // 在 as the main verb, words that begin with a localizer, and sentence openers.
        assert_eq!(
            localizer_start("我在现场", "下一步，镇里将继续加大扶持力度。"),
            None
        );
        assert_eq!(localizer_start("青春在基层", "中方愿同各方一道推动合作。"), None);
        assert_eq!(localizer_start("在希望的田野上", "上周，镇里召开了大会。"), None);
        assert_eq!(localizer_start("青溪镇春茶开采", "之后，他又回到青溪镇。"), None);
    }

    #[test]
    fn prepositions_without_their_verb() {
        assert_eq!(open_preposition("镇党委对茶产业"), Some("对"));
        assert_eq!(open_preposition("老周把自家茶园"), Some("把"));
        for s in [
            "党对军队的绝对领导",
            "人民对美好生活的向往",
            "中国女排对巴西女排",
            "严把质量关",
            "关于我们",
            "习近平关于三农工作论述摘编",
            "镇政府关于茶园流转",
        ] {
            assert_eq!(open_preposition(s), None, "{s}");
        }
    }

    #[test]
    fn modal_clauses_without_an_object() {
        assert_eq!(subjectless_verb("要继续推广"), Some("推广"));
        assert_eq!(subjectless_verb("四要做好"), Some("做好"));
        assert_eq!(subjectless_verb("我们要继续坚持"), Some("坚持"));
        assert_eq!(subjectless_verb("会议强调，要进一步严格"), Some("严格"));
        for s in [
            "制度要完善",
            "责任要落实",
            "我们要发展",
            "我们要团结",
            "要奋斗",
            "态度要积极",
        ] {
            assert_eq!(subjectless_verb(s), None, "{s}");
        }
    }

    #[test]
    fn lists_cut_in_the_middle() {
        assert!(list_across(
            "青溪镇大力发展茶叶加工、乡村",
            "旅游、电子商务等产业。"
        ));
        assert!(list_across(
            "镇里要改善交通条件、提升",
            "服务水平，吸引更多游客。"
        ));
        // Balanced lists, a list of names, and a next block with no list.
        assert!(!list_across(
            "稳就业、保民生、促发展",
            "北京、上海等地的游客纷纷来到青溪镇。"
        ));
        assert!(!list_across(
            "国家发展改革委、央行",
            "北京、上海等地的游客纷纷来到青溪镇。"
        ));
        assert!(!list_across(
            "青溪镇大力发展茶叶加工、乡村",
            "旅游业，今年接待游客三万人次。"
        ));
    }

    #[test]
    fn one_character_clauses_and_connectives() {
        assert_eq!(single_char_clause("强，带动更多茶农增收。"), Some('强'));
        assert_eq!(single_char_clause("好，我们开始吧。"), None);
        assert_eq!(single_char_clause("强。"), None);
        assert!(opens_with_connective("但是，青溪茶的品牌"));
        assert!(!opens_with_connective("其实，幸福很简单"));
        assert!(!opens_with_connective("首先，要坚持党的领导"));
        assert_eq!(dangling_end("茶农们认真地"), Some("地"));
        assert_eq!(dangling_end("种好这片地"), None);
    }

    #[test]
    fn frames_complements_and_modals_after_cai() {
        assert_eq!(
            frame_without_predicate("据统计，我国农村").as_deref(),
            Some("据统计")
        );
        assert_eq!(frame_without_predicate("当前，中埃关系").as_deref(), Some("当前"));
        assert_eq!(
            frame_without_predicate("30多年来，形势").as_deref(),
            Some("30多年来")
        );
        for s in [
            "当前，形势严峻",
            "据统计",
            "清晨，青溪镇茶园",
            "今天，我们",
            "2024，青溪镇",
        ] {
            assert_eq!(frame_without_predicate(s), None, "{s}");
        }
        assert_eq!(dangling_end("把思路举措搞得"), Some("得"));
        assert_eq!(dangling_end("老周的经验值得"), None);
        assert_eq!(dangling_end("只有开放的中国，才会"), Some("会"));
        assert_eq!(dangling_end("镇里今天开会"), None);
        assert_eq!(dangling_end("他回国后即"), Some("即"));
        assert_eq!(open_preposition("把这部分人"), Some("把"));
        assert_eq!(open_preposition("把关"), None);
        assert_eq!(
            bare_transitive_clause("激发大家干事创业积极性，齐心协力开创"),
            Some("开创")
        );
        assert_eq!(bare_transitive_clause("这件事，坚决支持"), None);
    }

    #[test]
    fn titles_need_two_orphans() {
        let o = opts();
        // A title that ends in a one-character word by chance.
        assert!(
            judge(
                "习近平会见马克龙",
                "新华社北京5月20日电 国家主席习近平20日……。",
                &o
            )
            .is_none()
        );
        assert!(judge("推动高质量发展", "中国经济持续回升向好。", &o).is_none());
        // A name split across the break: both sides are orphans.
        assert!(matches!(
            judge("拉萨市商务局工作人员于小", "龙说：“我们将继续努力。”", &o),
            Some(Evidence::Split(_))
        ));
    }
}
