//! `doubled-char`: tell an accidental doubled keystroke from Chinese reduplication.
//!
//! The scan in `mod.rs` finds the rare places where a Han character follows itself (`AA`) or a
//! two-character sequence follows itself (`ABAB`). Only those places are segmented, with jieba
//! (dictionary only, HMM guessing off) over the run of Han characters around them, at most
//! [`CONTEXT`] characters each side. The segmentation then decides:
//!
//! - Both copies inside one dictionary word (实实在在, 往往, 南南合作): correct, unless the word
//!   is a rare doubled spelling of a common one (干部部 beside 干部), see [`split_rare_entry`].
//! - With one copy less the text reads as a common word across the pair (共同|同体 → 共同体,
//!   农产|产品 → 农产品): a slip, see [`across_word`], unless the text as written is exactly two
//!   words, each at least as common as that one (科学|学院 against 科学院).
//! - Each copy ends or starts a word of two or more characters (中方|方案, 明确|确立): a word
//!   boundary falls between them; correct, unless the text with one copy less is far likelier
//!   under jieba's word frequencies (see [`slip_margin`]): then the extra copy made up a rare
//!   word (同志|志在, 海洋权|权益), which is split, and the lone copy judged as below.
//! - Both copies are one-character words: a function word that never reduplicates (的|的,
//!   在|在; `rules/doubled/never-doubled.txt`) is a slip, and so is a content character
//!   unless it has one of the shapes of reduplication listed in [`reduplication`] (挪|挪|位子,
//!   一|届|届, 王|芳|芳, 年|年|都…); jieba's dictionary holds the common reduplications, so
//!   a doubling it splits is rarely one (新|新|挑战, 两|国|国).
//! - One copy is a one-character word and the other belongs to a longer word that starts or
//!   ends with it (加大|大|本土, 接|接地|气): the signature of a doubled keystroke, reported
//!   unless one of the productive correct patterns explains it: the lone copy is a function word
//!   or modal verb on a side where it may stand (目的|的, 要|要求), a localiser after 在…
//!   (在合作中|中国), a unit before a same-unit title after a name or number (某|镇|镇政府,
//!   2019|年|年底), a measure word after 一 (一届|届), a two-character name with a doubled
//!   given name (李娜|娜), another reading puts both copies into words (满天|星星, 他国|国家),
//!   or a one-character verb is doubled before its object (交|交心, 握|握手). Each check in
//!   [`doubled_char`] says which slips it must not excuse; the explanation of the rule
//!   (`newslint explain doubled-char`) lists them all.
//!
//! For `ABAB` both halves must be the same dictionary word. A verb doubled this way is correct
//! (研究研究, 讨论讨论); a pronoun, conjunction, preposition, particle, time or place word,
//! localiser or adverb is not (我们我们, 已经已经), nor a noun or adjective whose neighbours
//! show it is used as a noun (的问题问题, 在物质物质上).

use super::data;
use crate::text::is_han;
use jieba_rs::Tag;
use std::ops::Range;

/// How many Han characters of context, each side, are segmented around a candidate. Session 6
/// cut it from 10 to 8: on both 100 MB benchmark files the findings stayed the same but for
/// five more real doublings (中中国, 前前提下, which the wider windows segmented otherwise),
/// harness recall stayed the same on four seeds, and windows cost a fifth less to segment. At
/// 6, the context words shown in messages changed (科科研院所党 for 科科研院所).
pub(super) const CONTEXT: usize = 8;

/// An accidental doubling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Doubling {
    /// Byte range of the doubled text (both copies).
    pub span: Range<usize>,
    /// What the span should read: one copy.
    pub replacement: String,
    /// The surrounding words as written, for the message (加大大).
    pub context: String,
    /// The surrounding words with the extra copy removed (加大).
    pub fixed: String,
}

/// The byte range of the run of Han characters and ASCII letters and digits (2019年) around
/// `range`, at most [`CONTEXT`] characters each side, inside `bounds`.
fn window(text: &str, bounds: &Range<usize>, range: &Range<usize>) -> Range<usize> {
    let mut start = range.start;
    for (n, c) in text[bounds.start..range.start].chars().rev().enumerate() {
        if n == CONTEXT || !in_window(c) {
            break;
        }
        start -= c.len_utf8();
    }
    let mut end = range.end;
    for (n, c) in text[range.end..bounds.end].chars().enumerate() {
        if n == CONTEXT || !in_window(c) {
            break;
        }
        end += c.len_utf8();
    }
    start..end
}

/// `w` with each Traditional character replaced by its Simplified form of the same length,
/// borrowed unchanged when it has none (nearly always: the check is one bit test per
/// character, and only windows around candidates are checked).
fn simplify(w: &str) -> std::borrow::Cow<'_, str> {
    use crate::rules::charset::tables::{Class, class, tables};
    if !w.chars().any(|c| class(c) == Class::Traditional) {
        return std::borrow::Cow::Borrowed(w);
    }
    let map = &tables().traditional;
    std::borrow::Cow::Owned(
        w.chars()
            .map(|c| match map.get(&c).and_then(|s| s.first()) {
                Some(&s) if class(c) == Class::Traditional && s.len_utf8() == c.len_utf8() => s,
                _ => c,
            })
            .collect(),
    )
}

/// The rest of the clause after byte `from`, up to the next sentence or clause end inside
/// `bounds`.
fn clause_after<'t>(text: &'t str, bounds: &Range<usize>, from: usize) -> &'t str {
    let rest = &text[from..bounds.end];
    let end = rest.find(['。', '；', '！', '？', '\n']).unwrap_or(rest.len());
    &rest[..end]
}

fn in_window(c: char) -> bool {
    is_han(c) || c.is_ascii_alphanumeric()
}

/// The index of the token containing window byte `at`.
fn token_at(tags: &[Tag], at: usize) -> Option<usize> {
    tags.iter().position(|t| t.byte_start <= at && at < t.byte_end)
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// True when the lone character at token `t` and the one-character noun beside it (before it
/// when `before`, else after it) are in one word of jieba's segmentation with its HMM
/// guessing on, a word the dictionary lacks (师德), which ends at the lone character or
/// starts at it, away from the word that shares it.
fn joins_new_word(w: &str, tags: &[Tag], t: usize, before: bool) -> bool {
    let nb = if before { t.checked_sub(1) } else { Some(t + 1) };
    let Some(nb) = nb.and_then(|i| tags.get(i)) else {
        return false;
    };
    if chars(nb.word) != 1 || !nb.tag.starts_with('n') || function_word(nb.word) {
        return false;
    }
    let lone = &tags[t];
    // The guessed word starts at the lone copy and holds the noun after it (师德, or 师德师
    // of 师德师风), or ends at the copy and holds the noun before it.
    crate::segment::jieba().cut(w, true).iter().any(|x| {
        if before {
            x.byte_end == lone.byte_end && x.byte_start <= nb.byte_start
        } else {
            x.byte_start == lone.byte_start && x.byte_end >= nb.byte_end
        }
    })
}

/// True when the numeral or measure word at token `i` modifies the verb after it rather than
/// a noun: jieba tags the adverbs 一起, 一道 and 一块 ("together") `m` for their readings as
/// a numeral and measure (一起事故), but before a verb they are adverbs (一起|喝|喝茶); and a
/// quantity right after a personal pronoun stands in apposition to it (你们俩|握|握手).
fn adverbial_quantity(tags: &[Tag], i: usize) -> bool {
    if matches!(tags[i].word, "一起" | "一道" | "一块") {
        return true;
    }
    i.checked_sub(1)
        .is_some_and(|p| tags[p].tag.starts_with('r') && personal_pronoun(tags[p].word))
}

/// The first characters of a title or organ that a unit heads (县长, 县委, 村民, 党员,
/// 镇政府, 市级, 县城, 市区), for a unit after a name (下姜村|村民).
const TITLE_HEADS: [char; 16] = [
    '长', '委', '民', '员', '政', '党', '干', '书', '主', '领', '代', '机', '办', '级', '城', '区',
];

/// The first characters of a part of a period after a time unit (年底, 月初, 年中, 年内, 年度).
const PERIOD_PARTS: [char; 10] = ['初', '中', '底', '末', '内', '终', '尾', '头', '均', '度'];

/// True for a personal pronoun: 我 你 他 她 咱, or a plural in 们 (我们, 咱们).
fn personal_pronoun(w: &str) -> bool {
    w.ends_with('们') || matches!(w, "我" | "你" | "他" | "她" | "咱")
}

/// True when `word` is one dictionary word whose tag passes `test`.
fn dict_tag_is(word: &str, test: impl Fn(&str) -> bool) -> bool {
    if !crate::segment::jieba().has_word(word) {
        return false;
    }
    matches!(crate::segment::jieba().tag(word, false).as_slice(), [t] if test(t.tag))
}

/// True for a one-character function word.
fn function_word(w: &str) -> bool {
    let mut cs = w.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if data::standalone(c).is_some() || data::never_doubled(c))
}

/// True for a one-character verb complement (directional or resultative): 来 去 上 下 进 出
/// 回 过 起 开 到 好 完 住 掉 走 成.
fn complement(c: char) -> bool {
    matches!(
        c,
        '来' | '去'
            | '上'
            | '下'
            | '进'
            | '出'
            | '回'
            | '过'
            | '起'
            | '开'
            | '到'
            | '好'
            | '完'
            | '住'
            | '掉'
            | '走'
            | '成'
    )
}

/// jieba's dictionary frequency of `word`. jieba-rs exposes it only through `suggest_freq`,
/// which returns the larger of the word's own frequency and that of its best segmentation
/// (plus one); for a word jieba keeps whole, that is its frequency plus one.
fn freq(word: &str) -> usize {
    crate::segment::jieba().suggest_freq(word)
}

/// Frequency above which a doubled dictionary word counts as a common word (星星 399, 点点
/// 317, 家家 279) rather than one of the dictionary's rare entries (理理 4, 学学 98, 于于 188).
const COMMON: usize = 200;

/// The window `w` with the second copy (at byte `first + cl`) removed: the text as it would
/// read if the doubling were a slip.
fn without_copy(w: &str, first: usize, cl: usize) -> String {
    let mut fixed = String::with_capacity(w.len());
    fixed.push_str(&w[..first + cl]);
    fixed.push_str(&w[first + 2 * cl..]);
    fixed
}

/// The common dictionary word that the window reads as with the second copy removed (`cut`
/// is jieba's segmentation of [`without_copy`]), when that word holds the remaining copy and
/// at least one character on each side of it (共同|同体 → 共同体): its frequency and its byte
/// range in the window without the copy.
fn across_word(cut: &[jieba_rs::Token], first: usize, cl: usize) -> Option<(usize, Range<usize>)> {
    cut.iter()
        .filter(|t| t.byte_start < first && t.byte_end > first + cl)
        .filter(|t| crate::segment::jieba().has_word(t.word))
        .map(|t| (freq(t.word), t.byte_start..t.byte_end))
        .find(|(f, _)| *f >= MERGED_COMMON)
}

/// The natural log of the probability jieba's unigram model gives a segmentation: the sum of
/// `ln(freq / total)` over its words, a word outside the dictionary counting as frequency 1,
/// as in jieba's own route search. For the best segmentation (what `cut` returns) this is the
/// score jieba maximised.
fn route_log_prob<'a>(words: impl Iterator<Item = &'a str>) -> f64 {
    let j = crate::segment::jieba();
    words.map(|w| j.log_prob(w)).sum()
}

/// How much likelier (natural log) jieba's unigram model finds the window with one copy less
/// than the window as written: `ln P(without the copy) - ln P(as written)`, each over its best
/// segmentation. A correct doubling at a word boundary joins two words that are each meant
/// (中方|方案, 本国|国情, 宪法|法律: the text without the copy breaks one of them, and the
/// difference stays below 7.1 on every such boundary in the clean corpus); a doubled keystroke
/// makes the extra copy join a neighbour into a rare word (同志|志在, 新发|发展, 刑事犯|犯罪,
/// 海洋权|权益) while the text without it reads as ordinary words, so the difference is large
/// (8 to 17 on the harness's misses).
///
/// The words the two segmentations share, before the pair and after it (`removed` is the
/// window byte where the second copy starts, `cl` its length), cancel out and are skipped:
/// only the few words around the pair are looked up.
fn slip_margin(written: &[jieba_rs::Tag], fixed: &[jieba_rs::Token], removed: usize, cl: usize) -> f64 {
    let same_before = written
        .iter()
        .zip(fixed)
        .take_while(|(w, f)| w.word == f.word && w.byte_end == f.byte_end && w.byte_end <= removed)
        .count();
    let same_after = written
        .iter()
        .rev()
        .zip(fixed.iter().rev())
        .take_while(|(w, f)| w.word == f.word && w.byte_start == f.byte_start + cl && f.byte_start >= removed)
        .count();
    let (wn, fln) = (written.len(), fixed.len());
    let after = same_after.min(wn - same_before).min(fln - same_before);
    let w = &written[same_before..wn - after];
    let f = &fixed[same_before..fln - after];
    route_log_prob(f.iter().map(|t| t.word)) - route_log_prob(w.iter().map(|t| t.word))
}

/// [`slip_margin`] from which a doubling read as a word boundary (two words each holding a
/// copy, or a reading that ends or starts a word with the lone copy) is a slip: the text
/// without the copy is at least e^8 (about 3,000) times likelier.
const SLIP_MARGIN: f64 = 8.0;

/// Frequency above which a word read across a word boundary with one copy less (共同体 in
/// 共同|同体) counts as the word meant.
const MERGED_COMMON: usize = 100;

/// Localisers (方位词): they close a phrase opened by a preposition (在…中).
const LOCALISERS: [char; 9] = ['中', '上', '下', '里', '内', '外', '前', '后', '间'];

/// True for a numeral or measure tag (一大批/m, 一届/m, 个/q).
fn quantity_tag(tag: &str) -> bool {
    matches!(tag.as_bytes().first(), Some(b'm' | b'q'))
}

/// True for a bound morpheme's tag (观/vg, 质/ng): jieba's `g` classes are characters that
/// do not stand as words, so they neither reduplicate nor take an object on their own.
fn bound(tag: &str) -> bool {
    // `zg` is jieba's tag for rare characters of any kind (嗞 of 嗞嗞作响), not a bound class.
    tag.len() >= 2 && tag.ends_with('g') && tag != "zg"
}

/// True for the tag of a word after which a noun follows: the particle 的, a conjunction
/// (定力和|能力), a distinguishing or descriptive adjective (重大, 优良). A verb doubled
/// before its object is a predicate and never stands there.
fn before_noun(tag: &str) -> bool {
    tag == "uj" || tag.starts_with('c') || matches!(tag, "b" | "z")
}

/// True for a measure word: a character jieba reads as one after 一 (一届, 一剂) or tags `q`.
fn measure(c: char) -> bool {
    crate::segment::jieba().has_word(&format!("一{c}")) || dict_tag_is(&c.to_string(), |t| t == "q")
}

/// Modal verbs that a lone copy of their first character would only repeat (应|应该): two
/// modals of one meaning never stand together.
const MODAL_WORDS: [&str; 2] = ["应该", "应当"];

/// Words that close a phrase and never open one (改革开放以来, 正确与否, 到目前为止): a lone
/// copy of their first character before them has nothing to govern or join.
const POSTPOSITIONS: [&str; 3] = ["以来", "与否", "为止"];

/// True when the word at token `ti` (a word starting with 有, after a lone 有) can open the
/// object of that 有: any word before 的 (有|有意思的事), or a noun or adjective that more of
/// the noun phrase follows (有|有效办法, 有|有关部门); not a verb, a pronoun or an adverb
/// (有|有着, 有|有些, 有|有时候), nor a word ending the phrase (有|有序。, 有|有所作为).
fn has_object(tags: &[Tag], ti: usize) -> bool {
    let w = &tags[ti];
    let nominal = matches!(w.tag.as_bytes().first(), Some(b'n' | b'a' | b'b' | b'z')) || w.tag == "vn";
    let next = tags.get(ti + 1);
    let modifies = next.is_some_and(|n| matches!(n.word, "的" | "之"));
    // A noun, pronoun or numeral continues the object (有|有效|办法); a verb or adjective
    // after the word shows it modifies a predicate instead (有|有效|缓解, 有|有所|积累,
    // 有|有点|难受: 有效缓解, 有所积累 doubled).
    let continues = next.is_some_and(|n| matches!(n.tag.as_bytes().first(), Some(b'n' | b'r' | b'm')));
    modifies || (nominal && continues)
}

/// True when the preposition 从 can govern the word `word` that starts with it: a noun, time
/// word or pronoun (从|从前…), or a phrase the rest of the clause `clause` closes with a
/// localiser or 起 (从|从业人员|中, 从|从事农业的人里). Before anything else it is the
/// character typed twice: 从|从严治党 (which jieba tags as a name), 从|从事农业的地方.
fn from_governs(word: &Tag, clause: &str) -> bool {
    let nominal = matches!(word.tag.as_bytes().first(), Some(b'n' | b't' | b'r')) && word.tag != "nr";
    nominal || clause.contains(['中', '里', '内', '起'])
}

/// Two-character modal verbs, which may stand before a doubled verb (需要动动脑筋).
const MODAL_VERBS: [&str; 12] = [
    "需要", "应该", "应当", "可以", "能够", "愿意", "不妨", "想要", "打算", "准备", "必须", "还要",
];

/// Modal verbs whose lone copy may stand before a verb that starts with it (要|要求, 会|会见,
/// 应|应用), when [`modal_before_verb`] holds.
const MODALS: [char; 7] = ['要', '想', '会', '应', '能', '愿', '该'];

/// True when the lone modal at token `t1` can govern the verb at token `ti` that starts with
/// the same character (我们要|要求各方…, 将会|会见代表): a modal follows its subject or an
/// adverb, never a verb (带动|应|应用 is 带动应用 doubled), and a verb that repeats the
/// modal's character only reads as a second word when its object follows (要|要求|我们; but
/// 通知|要|要求，, 具体|要|要求|有所不同, 所|要|要求|的 are 要求 doubled). A word that is not
/// a verb (要|要点, 能|能力) is left to the other checks.
fn modal_before_verb(tags: &[Tag], t1: usize, ti: usize) -> bool {
    if !tags[ti].tag.starts_with('v') || tags[ti].tag == "vn" {
        return true;
    }
    // A verb of two characters or more that governs what follows; not a modal or the copula
    // (需要|要, 一是|要|要求…).
    let after_verb = t1.checked_sub(1).is_some_and(|p| {
        let p = &tags[p];
        p.tag == "v" && chars(p.word) >= 2 && !p.word.ends_with('是') && !MODAL_VERBS.contains(&p.word)
    });
    // The object may be a noun phrase or a clause (要|要求|各地…, 要|要求|对|问题…,
    // 要|要求|制定…, 要|要求|积极…); not a particle, a conjunction, an adverb or another modal
    // (要|要求|的, 要|要求|要更严), nor nothing at all (要|要求，).
    let object = tags.get(ti + 1).is_some_and(|n| {
        !matches!(
            n.tag.as_bytes().first(),
            Some(b'u' | b'y' | b'x' | b'w' | b'c' | b'd' | b'e' | b'o')
        ) && n.word.chars().next().is_some_and(is_han)
            && !n.word.chars().all(|x| MODALS.contains(&x))
    });
    !after_verb && object
}

/// True when the tokens from `from` open a phrase that a preposition 为 can head, closed by
/// 的 in the rest of the clause `clause`: a noun or pronoun, then a verb before any 的 in the
/// window (成为|为|人民|服务|的干部, 成为|为|党|分忧、为国尽责的…). 为 after a word ending in
/// it (成为, 作为, 列为, 更为, 行为) before anything else is the character typed twice:
/// 列为|为|三大攻坚战, 更为|为|持久的, 成为|为|团组织|的.
fn opens_phrase_closed_by_de(tags: &[Tag], from: usize, clause: &str) -> bool {
    let Some(first) = tags.get(from) else {
        return false;
    };
    if !matches!(first.tag.as_bytes().first(), Some(b'n' | b'r')) || !clause.contains('的') {
        return false;
    }
    tags[from + 1..]
        .iter()
        .take_while(|t| t.word != "的")
        .any(|t| t.tag.starts_with('v'))
}

/// True when the lone copy at token `t1` follows an attribute (a noun, pronoun or adjective
/// with 的: 质量的|就, 干部的|要), where a noun must follow: a preposition, modal verb or
/// adverb cannot stand there. After a verb, 的 may close a subject (我们要做的就是…), and a
/// conjunction may join two attributes (我的和你的), so those are left alone.
fn after_attribute(tags: &[Tag], t1: usize, c: char) -> bool {
    if t1 < 2 || matches!(c, '和' | '与' | '同' | '跟' | '及' | '并' | '或') {
        return false;
    }
    let (de, head) = (&tags[t1 - 1], &tags[t1 - 2]);
    de.word == "的"
        && matches!(head.tag.as_bytes().first(), Some(b'n' | b'r' | b'a' | b'b'))
        && matches!(tags[t1].tag.as_bytes().first(), Some(b'p' | b'v' | b'd'))
}

/// True when the doubled character at byte `at` needs segmenting: not part of a run of three
/// or more (哈哈哈, 对对对), not a numeral (一九九九), not half of an `AABB` of content
/// characters (说说笑笑; but 人人都都 is looked at, 都 never reduplicates).
pub(super) fn pair_worth_segmenting(text: &str, bounds: &Range<usize>, at: usize) -> bool {
    let Some(c) = text[at..].chars().next() else {
        return false;
    };
    let end = at + 2 * c.len_utf8();
    if text[bounds.start..at].ends_with(c) || text[end..bounds.end].starts_with(c) {
        return false;
    }
    if data::numeral(c) {
        return false;
    }
    if data::never_doubled(c) {
        return true;
    }
    let content_pair = |x: Option<char>, y: Option<char>| matches!((x, y), (Some(x), Some(y)) if x == y && is_han(x) && !data::never_doubled(x));
    let mut after = text[end..bounds.end].chars();
    let mut before = text[bounds.start..at].chars().rev();
    !content_pair(after.next(), after.next()) && !content_pair(before.next(), before.next())
}

/// Analyse a doubled character whose first copy starts at byte `at` of `text`. `bounds` is the
/// block (the window never leaves it).
pub(super) fn doubled_char(text: &str, bounds: &Range<usize>, at: usize) -> Option<Doubling> {
    if !pair_worth_segmenting(text, bounds, at) {
        return None;
    }
    let c = text[at..].chars().next()?;
    let cl = c.len_utf8();
    let pair = at..at + 2 * cl;

    let win = window(text, bounds, &pair);
    // A Traditional character in the window is read as its Simplified form: `traditional-char`
    // reports it, and it would otherwise cut the word the pair belongs to (工作作風, 兢兢业業).
    let simplified = simplify(&text[win.clone()]);
    let w: &str = &simplified;
    let mut tags = crate::segment::jieba().tag(w, false);
    let first = at - win.start;
    let mut t1 = token_at(&tags, first)?;
    let mut t2 = token_at(&tags, first + cl)?;
    if t1 == t2 {
        // One dictionary word holds both copies: correct (实实在在, 往往), unless it is one of
        // the dictionary's rare doubled spellings of a common word (干部部, 方向向), which is
        // then read as the common word and a lone copy. (The particles' doubled forms 了了 and
        // 得得 are in the dictionary too, but their frequency is so low that jieba never
        // prefers them to two particles: 完成|了|了, 看|得|得.)
        if !split_rare_entry(&mut tags, t1, first, cl) {
            return None;
        }
        t1 = token_at(&tags, first)?;
        t2 = token_at(&tags, first + cl)?;
    }
    let abs = |r: Range<usize>| win.start + r.start..win.start + r.end;
    let fixed = without_copy(w, first, cl);
    let fixed_cut = crate::segment::jieba().cut(&fixed, false);
    // How much likelier the text without the copy is (see [`slip_margin`]), computed only for
    // a reading with a word boundary between the copies, from the segmentation as written
    // (before any token is split).
    let margin = std::cell::OnceCell::new();
    // A unit before a title of that unit (中队|队长, 人事处|处长) is a boundary of its own
    // kind, correct whatever the margin.
    let unit_title = |next: &str| {
        data::unit(c) && next.starts_with(c) && next[cl..].starts_with(|h: char| TITLE_HEADS.contains(&h))
    };
    let slip_reads_better = |tags: &[Tag], next: &str| {
        !unit_title(next)
            && *margin.get_or_init(|| slip_margin(tags, &fixed_cut, first + cl, cl)) >= SLIP_MARGIN
    };
    let split_at = {
        let (tok1, tok2) = (&tags[t1], &tags[t2]);
        let (n1, n2) = (chars(tok1.word), chars(tok2.word));
        // With one copy less, the text reads as a common word that holds the remaining copy and
        // characters on both sides of it: 共同|同体 is 共同体 written with 同 twice, 农产|产品 is
        // 农产品, 房|地|地产 is 房地产. Correct doublings do not give such a word: 中方案 reads
        // 中|方案, 明确立 reads 明确|立, 满天星 holds nothing after the copy.
        //
        // Unless the text as written reads as two words, each at least as common as that word: a
        // word boundary the segmenter prefers, with a well-attested word on each side (科学|学院
        // against 科学院, 医学|学院 against 医学院; but 共同|同体 against 共同体, 农产|产品
        // against 农产品 are slips: 同体 and 农产 are rarer than the word they break). Only when
        // that word is made of exactly the two words, nouns, a noun modifying a noun:
        // 发展中|国|国家 is 发展中国家 doubled, and 推动|动力 (a verb and its object) is 推动力.
        let mut two_nouns = false;
        if let Some((merged, span)) = across_word(&fixed_cut, first, cl) {
            two_nouns = n1 >= 2
                && n2 >= 2
                && tok1.tag.starts_with('n')
                && tok2.tag.starts_with('n')
                && span == (tok1.byte_start..tok2.byte_end - cl)
                && freq(tok1.word).min(freq(tok2.word)) >= merged;
            if !two_nouns {
                return Some(make(text, pair, abs(tok1.byte_start..tok2.byte_end), c));
            }
        }
        if n1 >= 2 && n2 >= 2 {
            // A word boundary between two words: correct, unless the text without the copy reads
            // far better (同志|志在, 海洋权|权益). Then the rarer of the two words is the one the
            // extra copy made up (志在, 海洋权): it is split, and the copy left alone beside the
            // other word is judged like any lone copy below (再剪|剪枝 is 再|剪|剪枝, a verb
            // doubled before its object).
            if two_nouns || !slip_reads_better(&tags, tok2.word) {
                return None;
            }
            if freq(tok1.word) <= freq(tok2.word) {
                (t1, first)
            } else {
                (t2, first + 2 * cl)
            }
        } else {
            (usize::MAX, 0)
        }
    };
    if split_at.0 != usize::MAX {
        split_token(&mut tags, split_at.0, split_at.1);
        t1 = token_at(&tags, first)?;
        t2 = token_at(&tags, first + cl)?;
    }
    let (tok1, tok2) = (&tags[t1], &tags[t2]);
    let (n1, n2) = (chars(tok1.word), chars(tok2.word));

    // The first copy closes an idiom that ends in a particle character, and the second is that
    // particle, a word of its own: 不知怎的|的|道理, 脚踏实地|地|工作 (jieba's dictionary
    // lacks many such idioms, so the first copy may stand alone in its segmentation).
    if n2 == 1
        && matches!(c, '的' | '地' | '得' | '了' | '着' | '过')
        && data::ends_with_particle_idiom(&w[..first + cl])
    {
        return None;
    }
    if n1 == 1 && n2 == 1 {
        // Two one-character words. A function word never reduplicates; a content character
        // does only in a few shapes, checked by `reduplication` (jieba's dictionary holds the
        // common reduplicated words, 常常 人人 看看, so a doubling it splits is rarely one).
        if !data::never_doubled(c) && reduplication(&tags, t1, c, || clause_after(text, bounds, pair.end)) {
            return None;
        }
        // A measure word after a numeral (一|只|只: 一只 is a numeral and measure) is a
        // reduplication too.
        let before = text[bounds.start..at].chars().next_back();
        if before == Some('一') && crate::segment::jieba().has_word(&format!("一{c}")) {
            return None;
        }
        // Show the next word for context (在在北京 → 在北京), else the previous one.
        let ctx = if let Some(next) = tags.get(t2 + 1) {
            abs(tok1.byte_start..next.byte_end)
        } else if let Some(prev) = t1.checked_sub(1).map(|i| &tags[i]) {
            abs(prev.byte_start..tok2.byte_end)
        } else {
            pair.clone()
        };
        return Some(make(text, pair, ctx, c));
    }

    // One copy is a lone character, the other belongs to a longer word.
    let lone_first = n1 == 1;
    let (lone, word, ti) = if lone_first {
        (tok1, tok2, t2)
    } else {
        (tok2, tok1, t1)
    };
    // A bound morpheme (师/ng) cannot stand as a word, so the lone copy must belong to a word:
    // when jieba's new-word guessing (its HMM) joins it with a one-character noun on its
    // other side into a two-character word the dictionary lacks (教师|师|德 → 教师|师德), the
    // text reads as two words with a boundary between the copies. A slip leaves the stray copy
    // beside a dictionary word (教师|师|队伍), or beside a verb, adjective or function word
    // that the HMM joins as readily (人民|民|干革命, 重|质|质量, 等|民|民生), which is no
    // evidence of a word.
    if bound(lone.tag) && joins_new_word(w, &tags, if lone_first { t1 } else { t2 }, lone_first) {
        return None;
    }
    let sides = data::standalone(c);
    // A lone function word beside the word: 目的|的, 要|要求, 反对|对华. A preposition or
    // modal after a noun (行为|为, 委员会|会) is a slip, and so is one before the word when
    // it has nothing there to govern or modify: an adverb or conjunction that starts with it
    // (就|就是, 同|同时, 以|以此), a preposition (为|为了), a word that only closes a phrase
    // (以|以来), a noun after an attribute with 的 (质量的|就|就业), or for 有 a word that
    // cannot open its object (有|有着). The particles 的 了 着 过 attach anywhere.
    let particle = matches!(c, '的' | '了' | '着' | '过');
    let nothing_to_govern = lone_first
        && (matches!(word.tag.as_bytes().first(), Some(b'd' | b'c'))
            || (lone.tag == "p" && word.tag == "p")
            || POSTPOSITIONS.contains(&word.word)
            || MODAL_WORDS.contains(&word.word)
            || after_attribute(&tags, t1, c)
            || (c == '有' && !has_object(&tags, ti))
            || (MODALS.contains(&c) && !modal_before_verb(&tags, t1, ti))
            || (c == '从' && !from_governs(word, clause_after(text, bounds, pair.end))));
    // After the word, the modal 应 needs a verb (回应|应|群众关切, 顺应|应|规律 are slips),
    // and 为 after a word ending in it (成为, 作为, 列为, 最为) can only open a phrase closed by
    // 的, of a noun or pronoun and a verb (成为|为|人民|服务|的干部; 作为|为|一种责任,
    // 最为|为|紧迫|的 are slips; see [`opens_phrase_closed_by_de`]).
    let needs_more_after = !lone_first
        && match c {
            '应' => tags.get(t2 + 1).is_none_or(|n| n.tag.starts_with('n')),
            '为' => !opens_phrase_closed_by_de(&tags, t2 + 1, clause_after(text, bounds, pair.end)),
            _ => false,
        };
    let fits = |s: data::Sides| {
        if lone_first {
            s.before && (particle || !nothing_to_govern)
        } else {
            s.after && (particle || !word.tag.starts_with('n')) && !needs_more_after
        }
    };
    // A modal particle after a word ending in it (好吧|吧) may be a second particle; not
    // after a pronoun, whose last character only looks like one (什么|么, 怎么|么).
    if sides.is_some_and(fits) || (!lone_first && lone.tag == "y" && !word.tag.starts_with('r')) {
        return None;
    }
    // 为 closing a verb it completes (当选|为, 评|为, 选|为: 当选为, 选为 are words), before a
    // word that starts with it: 当选为|为民服务的模范. With no such verb before it, 为 before
    // a word starting with it is the character typed twice (把|为|为民办事, 执政|为|为民).
    if lone_first && c == '为' {
        let completes = t1.checked_sub(1).map(|i| &tags[i]).is_some_and(|p| {
            let j = crate::segment::jieba();
            let last = p
                .word
                .chars()
                .next_back()
                .map(|x| [x, '为'].iter().collect::<String>());
            p.tag.starts_with('v')
                && (j.has_word(&format!("{}为", p.word)) || last.is_some_and(|l| j.has_word(&l)))
        });
        if completes {
            return None;
        }
    }
    // A function word after a conjunction ending in it: 只有|有了…才….
    // Only the verb 有 with its 了 stands after such a conjunction: 而是|是, 以及|及, 从而|而,
    // 只要|要, 只有|有|把 are slips.
    if !lone_first && word.tag == "c" && c == '有' && tags.get(t2 + 1).is_some_and(|n| n.word == "了") {
        return None;
    }
    // A function word after a time word ending in it (现在|在北京, 正在|在全国), or a time unit
    // between a time word and a part of the period (明年|年|中, 今年|年|内); 若干年|年|搞 is
    // a slip, and so is the preposition 在 before a verb or adverb (正在|在|推进).
    if !lone_first && word.tag.starts_with('t') {
        let next = tags.get(t2 + 1);
        let period = next
            .and_then(|n| n.word.chars().next())
            .is_some_and(|f| matches!(f, '初' | '中' | '底' | '末' | '内' | '终' | '尾' | '头'));
        let verb_next = next.is_some_and(|n| matches!(n.tag.as_bytes().first(), Some(b'v' | b'd' | b'a')));
        let function = (sides.is_some() || data::never_doubled(c)) && !(c == '在' && verb_next);
        if function || (data::unit(c) && period) {
            return None;
        }
    }
    // A localiser closing a prepositional phrase, before a word starting with it:
    // 在合作中|中国…, 从会上|上海…. Without the preposition it is a doubled keystroke.
    // The preposition is a word of its own, not a character of 自己, 自觉 or 当代, and a phrase
    // stands between it and the localiser (在|中|中共 is 在中共 doubled).
    if lone_first && LOCALISERS.contains(&c) {
        let opens = |t: &Tag| matches!(t.word, "在" | "从" | "于" | "当" | "自") && t.tag == "p";
        if tags[..t1.saturating_sub(1)].iter().any(opens) {
            return None;
        }
    }
    if c == '是' {
        // The copula after a longer expression ending in 是 (实事求是|是) or before 是否/是非
        // (问题是|是否) is grammar; after 就是, 还是, 但是 it is a doubled keystroke.
        let ok = if lone_first {
            word.word.starts_with("是否") || word.word.starts_with("是非")
        } else {
            chars(word.word) >= 3
        };
        if ok {
            return None;
        }
    }
    let rest: &str = if lone_first {
        &word.word[cl..]
    } else {
        &word.word[..word.word.len() - cl]
    };
    let doubled: String = [c, c].iter().collect();
    // Another reading puts both copies into one common word: 满天|星星 (written 满天星|星).
    // The dictionary also holds rare doubled entries (理理, 网网, 量量) that would excuse
    // almost any slip, hence the frequency floor.
    if chars(rest) >= 2
        && freq(&doubled) >= COMMON
        && crate::segment::jieba().has_word(&doubled)
        && crate::segment::jieba().has_word(rest)
        && !dict_tag_is(rest, quantity_tag)
    {
        return None;
    }
    if lone_first {
        let prev = t1.checked_sub(1).map(|i| &tags[i]);
        // Another reading puts a word boundary between the copies: 他国|国家 (他|国|国家). A
        // function word does not start such a reading (的|地|地区 is not 的地|地区).
        if prev.is_some_and(|p| !function_word(p.word) && ends_word_with(p.word, c))
            && !slip_reads_better(&tags, word.word)
        {
            return None;
        }
        // A unit before a title or time word that starts with it, after a name, a pronoun, a
        // number or a place name jieba does not know: 某|镇|镇政府, 该|村|村民, 2019|年|年底.
        // After an ordinary word the unit is doubled: 金砖|国|国家. The pronoun is a
        // demonstrative of one character or a personal pronoun (该|村, 我们|村); after a
        // demonstrative with a measure the unit would have to be a noun of its own, which
        // 国, 党, 科 are not (这个|国|国家, 每个|党|党员, 一场|科|科技). The number is a
        // numeral, not a quantity (7个|年|年份). After a name the word is a title or organ of
        // the unit (县|县长, 村|村民, 镇|镇政府; not 东盟|国|国家, 纪检|队|队伍). A time unit
        // comes before a part of the period (年|年底, 月|月初; not 100|周|周年).
        if data::unit(c) {
            let head = word.word[cl..].chars().next();
            let title = head.is_some_and(|h| TITLE_HEADS.contains(&h));
            let fits = prev.is_some_and(|p| {
                let pronoun = p.tag.starts_with('r') && (chars(p.word) == 1 || personal_pronoun(p.word));
                let number =
                    p.tag.starts_with('m') && p.word.chars().all(|x| x.is_ascii_digit() || data::numeral(x));
                // jieba splits a place name it does not know into characters (下/f 姜/nr,
                // 余/m of 余村).
                let fragment = matches!(p.tag.as_bytes().first(), Some(b'n' | b'm'));
                let name = (chars(p.word) == 1 && !function_word(p.word) && fragment)
                    || ["ns", "nr", "nt", "nz", "j"].iter().any(|t| p.tag.starts_with(t));
                pronoun || number || (name && title)
            });
            let time = matches!(c, '年' | '月' | '周' | '季');
            if fits && (!time || head.is_some_and(|h| PERIOD_PARTS.contains(&h))) {
                return None;
            }
        }
        // A one-character verb doubled before its object: 交|交心, 握|握手, 剪|剪枝. A
        // reduplicated verb is a predicate, so not after a numeral or measure (一大批|接|接地)
        // nor where a noun must follow (定力和|潜|潜力, 优良|作|作风), never a modal verb
        // (能|能力), and the object is a free noun (not 速/ng of 增速); the doubled verb phrase
        // ends the clause or is followed by an adverb, a conjunction or a particle other than
        // 着 and 过 (握握手就走了); a noun after it shows the pair is a slip inside a longer
        // phrase (新能|能源、数字…, 人文交|交流是…).
        let obj = &word.word[cl..];
        let object = match chars(obj) {
            1 => dict_tag_is(obj, |t| t == "n" || t == "q"),
            // 晒|晒太阳, 动|动脑筋: a two-character noun object (jieba tags 太阳 `ns`), in a
            // word jieba lists as a plain verb phrase or noun (not 无|无小事/l, 立|立法权/nr).
            2 => {
                matches!(word.tag, "v" | "vn" | "n") && dict_tag_is(obj, |t| t.starts_with('n') && t != "nr")
            }
            _ => false,
        };
        if object && lone.tag.starts_with('v') && !data::never_doubled(c) {
            // Nor after an adjective (新|舞|舞台, 坚定|决|决心: the word is a noun it
            // modifies) or a verb of two or more characters that would govern it (得到|遏|遏制,
            // 提供|保|保障), other than a modal (需要|动|动脑筋, 应该|握|握手); a one-character
            // verb before it is a modal or directional one (来|握|握手, 去|晒|晒太阳).
            let not_predicate = t1.checked_sub(1).is_some_and(|i| {
                let p = &tags[i];
                (quantity_tag(p.tag) && !adverbial_quantity(&tags, i))
                    || before_noun(p.tag)
                    || p.tag == "a"
                    || (p.tag == "v" && chars(p.word) >= 2 && !MODAL_VERBS.contains(&p.word))
            });
            // The phrase ends there, or an adverb or particle follows (握握手就走了); a
            // conjunction shows a noun phrase instead (构|构成|和, 投|投资|和).
            let ends_phrase = tags.get(t2 + 1).is_none_or(|n| {
                matches!(n.tag.as_bytes().first(), Some(b'd' | b'y'))
                    || matches!(n.word, "了" | "吧" | "呢" | "啊")
            });
            if !not_predicate && ends_phrase {
                return None;
            }
        }
    } else {
        // Another reading puts a word boundary between the copies.
        if tags
            .get(t2 + 1)
            .is_some_and(|n| starts_word_with(c, n.word) && !slip_reads_better(&tags, n.word))
        {
            return None;
        }
        // A measure word doubled after 一: 一届|届, 一把|把 (not 一带|带一路, 三个|个).
        if word.word.starts_with('一') && chars(word.word) == 2 && word.tag.starts_with('m') {
            return None;
        }
        // A two-character name with a doubled given name: 李娜|娜 (李娜娜).
        // jieba tags many ordinary words as names (智慧/nr, 光荣/nr), so the first character
        // must be a common surname.
        if word.tag.starts_with("nr") && chars(word.word) == 2 && word.word.starts_with(data::surname) {
            return None;
        }
    }

    // Context: the word and the lone copy, plus a one-character content word after or before
    // the word (接接地气, not 接接地).
    let mut ctx = tok1.byte_start..tok2.byte_end;
    let joins = |w: &str| chars(w) == 1 && w.chars().all(is_han) && !function_word(w);
    if lone_first {
        if let Some(next) = tags.get(ti + 1).filter(|t| joins(t.word)) {
            ctx.end = next.byte_end;
        }
    } else if let Some(prev) = ti.checked_sub(1).map(|i| &tags[i]).filter(|t| joins(t.word)) {
        ctx.start = prev.byte_start;
    }
    Some(make(text, pair, abs(ctx), c))
}

/// True when a content character doubled as two one-character words, at tokens `t1` and
/// `t1 + 1`, reads as a correct reduplication. Outside jieba's dictionary (which holds the
/// common ones: 常常 人人 天天 看看 慢慢) a content character reduplicates only as
/// - a measure word after 一: 一|届|届, 一|剂|剂, 一|垄|垄 (after any other numeral it is a
///   slip: 两|国|国; so is a function character, which is no measure word: 一|以|以|贯之);
/// - a doubled given name after a surname: 王|芳|芳, 周|萍|萍 (not a function word: 以史|为|为);
/// - 以 nested in the frame 以…为…: 以|以|人民|为中心的…为指导 (以|以|实际行动, 为|为|群众
///   are slips);
/// - a time or measure word read as "every", before a verb or adverb and not after a number
///   or demonstrative: 年|年|都…, 月|月|有… (1931|年|年, 这些|年|年 are slips);
/// - an adjective before 的, 地 or 儿: 暖|暖|的;
/// - a one-character verb doubled before a short object that ends the phrase (挪|挪|位子，), or
///   ending the clause itself (说|说。), not after a preposition, conjunction, particle,
///   numeral or measure (所|忧|忧, 第一天|起|起, 让|让|权力|在…), not a bound morpheme
///   (观/vg), and not before 着 or 过, which a reduplicated verb never takes (盖|盖|过).
///
/// Anything else is a doubled keystroke: 新|新|挑战, 两|国|国, 使|使|党, 党|党|的.
fn reduplication<'t>(tags: &[Tag], t1: usize, c: char, clause: impl FnOnce() -> &'t str) -> bool {
    let t2 = t1 + 1;
    let prev = t1.checked_sub(1).map(|i| &tags[i]);
    let next = tags.get(t2 + 1);
    let after = tags.get(t2 + 2);
    let doubled: String = [c, c].iter().collect();
    let clause = clause();
    // A reduplicated verb is a short, casual action ("have a look"); it never introduces
    // speech or a quotation: 古人|说|说：“…”, 广告词|说|说“…” are slips.
    if tags[t1].tag.starts_with('v') && clause.starts_with(['：', ':', '“']) {
        return false;
    }
    if freq(&doubled) >= COMMON && crate::segment::jieba().has_word(&doubled) {
        return true;
    }
    if prev.is_some_and(|p| p.word.ends_with('一'))
        && (measure(c) || (data::standalone(c).is_none() && !data::never_doubled(c)))
    {
        return true;
    }
    if prev.is_some_and(|p| {
        let mut cs = p.word.chars();
        matches!((cs.next(), cs.next()), (Some(s), None) if data::surname(s))
    }) && data::standalone(c).is_none()
    {
        return true;
    }
    // A pair set off on both sides (“当当，”) is an interjection, a sound or a nickname; a
    // pair before the suffix 子 or 儿 is a word of its own (绝绝子, 干干儿).
    if (prev.is_none() && next.is_none()) || next.is_some_and(|n| matches!(n.word, "子" | "儿")) {
        return true;
    }
    // The doubled end of a descriptive `ABB` word (水当当, 干剥剥的): after a one-character
    // noun or adjective, ending the phrase or before 的 or 地. After a verb the pair is a
    // slip (反映|出|党|党|的).
    let content1 = |p: &Tag| {
        chars(p.word) == 1 && !function_word(p.word) && matches!(p.tag.as_bytes().first(), Some(b'n' | b'a'))
    };
    if prev.is_some_and(content1) && next.is_none_or(|n| matches!(n.word, "的" | "地")) {
        return true;
    }
    // A four-character expression `AABC` (心心相通, 岁岁平安, 物物交换): the pair opens the
    // clause or follows its subject, and a two-character verb or adjective closes the
    // expression. A doubled keystroke before a verb sits inside a longer phrase instead.
    let opens =
        prev.is_none_or(|p| (chars(p.word) >= 2 && p.tag.starts_with('n')) || p.tag == "uj" || p.tag == "v");
    let closes = next.is_some_and(|n| {
        chars(n.word) == 2
            && !matches!(n.tag, "vn" | "an")
            && !n.word.chars().all(complement)
            && matches!(n.tag.as_bytes().first(), Some(b'v' | b'a' | b'i' | b'l'))
    }) && after.is_none_or(|a| matches!(a.word, "的" | "地"));
    if opens && closes && data::standalone(c).is_none() {
        return true;
    }
    let tag = tags[t1].tag;
    // 以 before a phrase that opens with it, in the nested frame 以|以人民为中心的…为指导:
    // the second copy governs a noun or pronoun, and the clause holds both frames' 为. Any
    // other doubled preposition is a slip (为|为|推动, 为|为|群众, 以|以|实际行动).
    if tag == "p"
        && c == '以'
        && next.is_some_and(|n| n.tag.starts_with('n') || n.tag.starts_with('r'))
        && clause.matches('为').count() >= 2
    {
        return true;
    }
    let after_number = prev.is_some_and(|p| {
        quantity_tag(p.tag) || p.tag.starts_with('r') || p.word.ends_with(|x: char| x.is_ascii_digit())
    });
    if matches!(tag.as_bytes().first(), Some(b'm' | b'q' | b't'))
        && !after_number
        && next.is_some_and(|n| matches!(n.tag.as_bytes().first(), Some(b'd' | b'v')))
    {
        return true;
    }
    // An adjective reduplicates only if it is one of those that do: jieba's dictionary lists
    // the reduplicated forms (暖暖的, 红红的, 高高), and an adjective as common as 新 or 全
    // (jieba frequency ≥ 10,000) whose doubled form it lacks does not reduplicate: 新|新|的 is
    // a slip. The dictionary's silence about a rarer one says little (尖尖的, 脆脆的).
    let reduplicates = |c: char| {
        let mut w = String::with_capacity(3 * c.len_utf8());
        w.push(c);
        w.push(c);
        let j = crate::segment::jieba();
        j.has_word(&w)
            || j.has_word(&format!("{w}的"))
            || j.has_word(&format!("{w}地"))
            || j.freq(&c.to_string()).unwrap_or(0) < COMMON_ADJECTIVE
    };
    if matches!(tag.as_bytes().first(), Some(b'a' | b'o' | b'z'))
        && next.is_some_and(|n| matches!(n.word, "的" | "地" | "儿"))
        && (!tag.starts_with('a') || reduplicates(c))
    {
        return true;
    }
    // A personal pronoun is the subject of the doubled verb (你|说|说，…), not a function word
    // it would depend on.
    let after_function = prev.is_some_and(|p| {
        quantity_tag(p.tag)
            || p.tag.starts_with('u')
            || p.tag.starts_with('p')
            || p.tag.starts_with('c')
            || (function_word(p.word) && !(p.tag.starts_with('r') && personal_pronoun(p.word)))
    });
    if after_function {
        return false;
    }
    let ends_phrase = |t: Option<&Tag>| {
        t.is_none_or(|n| {
            matches!(n.tag.as_bytes().first(), Some(b'd' | b'c' | b'y'))
                || matches!(n.word, "了" | "吧" | "呢" | "啊")
        })
    };
    // jieba tags a one-character verb by its commonest use (挪/ns, from 挪威), so the verb is
    // told by the classes that never take an object: adjectives, nouns, numerals, adverbs…
    let verb_like = !matches!(
        tag.as_bytes().first(),
        Some(b'a' | b'b' | b'd' | b'f' | b'm' | b'q' | b'r' | b't' | b'p' | b'c' | b'u' | b'j')
    ) && (tag == "ns" || !tag.starts_with('n'))
        && !bound(tag);
    let object =
        verb_like && next.is_some_and(|n| chars(n.word) == 2 && n.tag.starts_with('n')) && ends_phrase(after);
    let clause_end = tag.starts_with('v') && !bound(tag) && (next.is_none() || ends_phrase(next));
    object || clause_end
}

/// jieba frequency from which an adjective is common enough that the dictionary would list its
/// reduplicated form if it had one (新 62,626, 全 22,165, 难 18,505 have none; 红 14,915 has
/// 红红的).
const COMMON_ADJECTIVE: usize = 10_000;

/// When token `t` is one of the dictionary's rare doubled spellings of a common word, with the
/// pair at window byte `first` at its end (干部部 beside 干部, 方向向 beside 方向), replace it
/// with the common word and a lone copy, and return true. Only plain
/// nouns and verbs are split: the dictionary's other doubled entries are reduplications (一座座,
/// 一件件 after 一), names (立法法, 王明明) or descriptive words (悲惨惨).
fn split_rare_entry<'w>(tags: &mut Vec<Tag<'w>>, t: usize, first: usize, cl: usize) -> bool {
    let tok = tags[t].clone();
    let word: &'w str = tok.word;
    if chars(word) < 3 || !matches!(tok.tag, "n" | "v" | "vn") {
        return false;
    }
    if word.starts_with(|x: char| x == '一' || data::numeral(x)) {
        return false;
    }
    // Only `ABB` entries: the dictionary's `AAB` entries are mostly a verb doubled before its
    // object (摆摆手, 动动手) or a unit before a title (处处长, 科科长), both correct.
    if first + 2 * cl != tok.byte_end {
        return false;
    }
    let rest = &word[..word.len() - cl];
    let j = crate::segment::jieba();
    if !j.has_word(rest) || freq(rest) < RARE_SPELLING * freq(word) {
        return false;
    }
    split_token(tags, t, tok.byte_start + rest.len());
    true
}

/// Replace token `t` with two pieces cut at window byte `at` inside it, each tagged as jieba
/// tags it on its own.
fn split_token(tags: &mut Vec<Tag<'_>>, t: usize, at: usize) {
    let tok = tags[t].clone();
    let (left, right) = tok.word.split_at(at - tok.byte_start);
    fn tag_of(w: &str) -> &str {
        crate::segment::jieba()
            .tag(w, false)
            .first()
            .map_or("x", |t| t.tag)
    }
    let piece = |word, byte_start: usize, tag| Tag {
        word,
        tag,
        start: 0,
        end: 0,
        byte_start,
        byte_end: byte_start + word.len(),
    };
    let pieces = [
        piece(left, tok.byte_start, tag_of(left)),
        piece(right, at, tag_of(right)),
    ];
    tags.splice(t..=t, pieces);
}

/// How many times more frequent than a doubled dictionary entry its undoubled form must be
/// for the entry to count as a rare spelling of it (干部部 24 against 干部 9,717; the doubled
/// entries that are words of their own sit far closer: 立法法 12 against 立法 2,801 is a
/// name and is not split anyway).
const RARE_SPELLING: usize = 100;

/// True when `c` appended to `prev` reads as a word boundary between the copies: `prev`'s last
/// characters plus `c` form a dictionary word and the characters of `prev` left over form a
/// word of two or more characters, or nothing (他|国 → 他国).
fn ends_word_with(prev: &str, c: char) -> bool {
    prev.char_indices().any(|(i, _)| {
        let left = &prev[..i];
        if !(left.is_empty() || (chars(left) >= 2 && crate::segment::jieba().has_word(left))) {
            return false;
        }
        let mut s = String::with_capacity(prev.len() - i + 4);
        s.push_str(&prev[i..]);
        s.push(c);
        crate::segment::jieba().has_word(&s)
    })
}

/// True when `c` prepended to `next` reads as a word boundary between the copies: `c` plus
/// `next`'s first characters form a dictionary word and the characters of `next` left over
/// form a word of two or more characters, or nothing (大|本土 → 大本 + 土 does not count). A
/// lone function word or verb complement does not count either: the dictionary's 先要, 放上,
/// 射出 would excuse 首先|先|要, 开放|放|上, 折射|射|出.
fn starts_word_with(c: char, next: &str) -> bool {
    if chars(next) == 1 && (function_word(next) || next.chars().all(complement)) {
        return false;
    }
    next.char_indices().map(|(i, ch)| i + ch.len_utf8()).any(|e| {
        let right = &next[e..];
        if !(right.is_empty() || (chars(right) >= 2 && crate::segment::jieba().has_word(right))) {
            return false;
        }
        let mut s = String::with_capacity(e + 4);
        s.push(c);
        s.push_str(&next[..e]);
        crate::segment::jieba().has_word(&s)
    })
}

fn make(text: &str, pair: Range<usize>, ctx: Range<usize>, c: char) -> Doubling {
    let context = text[ctx.clone()].to_string();
    let mut fixed = String::with_capacity(context.len());
    fixed.push_str(&text[ctx.start..pair.start]);
    fixed.push(c);
    fixed.push_str(&text[pair.end..ctx.end]);
    Doubling {
        span: pair,
        replacement: c.to_string(),
        context,
        fixed,
    }
}

/// Analyse a repeated two-character sequence `ABAB` starting at byte `at`.
pub(super) fn doubled_word(text: &str, bounds: &Range<usize>, at: usize) -> Option<Doubling> {
    let mut it = text[at..].char_indices();
    let (_, a) = it.next()?;
    let (_, b) = it.next()?;
    if data::numeral(a) || data::numeral(b) {
        return None;
    }
    let half = a.len_utf8() + b.len_utf8();
    let span = at..at + 2 * half;
    // Three or more repeats (加油加油加油) are deliberate.
    let word = &text[at..at + half];
    if text[bounds.start..at].ends_with(word) || text[span.end..bounds.end].starts_with(word) {
        return None;
    }
    let win = window(text, bounds, &span);
    let w = &text[win.clone()];
    let tags = crate::segment::jieba().tag(w, false);
    let first = at - win.start;
    let t1 = token_at(&tags, first)?;
    let (x, y) = (&tags[t1], tags.get(t1 + 1)?);
    // Both halves must be the same dictionary word, exactly.
    if x.byte_start != first || x.byte_end != first + half || y.byte_end != first + 2 * half {
        return None;
    }
    let tag = x.tag;
    // jieba's tags are one per word and often name the noun reading of a verb (商量/n,
    // 整理/n, 美化/ns), so only the closed classes are reported on their own: pronouns,
    // prepositions, conjunctions, particles, time and place words, localisers and adverbs.
    // Nouns, adjectives and the rest need a neighbour that shows noun use.
    let bad = match tag.as_bytes().first() {
        Some(b'r' | b'p' | b'c' | b'u' | b't' | b'f' | b's' | b'd') => true,
        Some(b'n' | b'a' | b'b' | b'j') => noun_use(&tags, t1),
        Some(b'v') if tag == "vn" => noun_use(&tags, t1),
        _ => false,
    };
    if !bad {
        return None;
    }
    Some(Doubling {
        span: span.clone(),
        replacement: word.to_string(),
        context: text[span].to_string(),
        fixed: word.to_string(),
    })
}

/// True when the neighbours of the doubled word at tokens `t1`, `t1 + 1` show it is used as a
/// noun: after 的, a numeral or measure word, a preposition or a demonstrative, or before 的 or
/// a localiser (在物质物质上).
fn noun_use(tags: &[Tag], t1: usize) -> bool {
    let prev = t1.checked_sub(1).map(|i| &tags[i]);
    let next = tags.get(t1 + 2);
    prev.is_some_and(|p| {
        p.tag == "uj"
            || p.tag == "p"
            || quantity_tag(p.tag)
            || matches!(p.word, "这" | "那" | "该" | "各" | "每" | "此" | "本" | "其")
    }) || next.is_some_and(|n| n.tag == "uj" || n.tag == "f")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(s: &str) -> Vec<(String, String)> {
        let bounds = 0..s.len();
        let cs: Vec<(usize, char)> = s.char_indices().collect();
        let mut out = Vec::new();
        for w in cs.windows(2) {
            let d = (w[0].1 == w[1].1 && is_han(w[0].1))
                .then(|| doubled_char(s, &bounds, w[0].0))
                .flatten();
            if let Some(d) = d {
                out.push((d.context, d.fixed));
            }
        }
        out
    }

    /// Skipping the words both segmentations share leaves the margin unchanged.
    #[test]
    fn slip_margin_skips_only_shared_words() {
        let j = crate::segment::jieba();
        for (w, pair) in [
            ("他应该该是这次活动的负责人", "该该"),
            ("要依法严惩刑事犯犯罪活动", "犯犯"),
            ("探索符合本国国情的发展道路", "国国"),
            ("国国情", "国国"),
        ] {
            let first = w.find(pair).unwrap();
            let fixed = without_copy(w, first, 3);
            let (tags, cut) = (j.tag(w, false), j.cut(&fixed, false));
            let full =
                route_log_prob(cut.iter().map(|t| t.word)) - route_log_prob(tags.iter().map(|t| t.word));
            let trimmed = slip_margin(&tags, &cut, first + 3, 3);
            assert!((trimmed - full).abs() < 1e-9, "{w}: {trimmed} against {full}");
        }
    }

    #[test]
    fn window_stops_at_punctuation_and_context() {
        let s = "甲乙，一二三四五六七八九十壹贰大大甲乙丙丁戊己庚辛壬癸子丑";
        let at = s.find("大大").unwrap();
        let w = window(s, &(0..s.len()), &(at..at + 6));
        assert_eq!(&s[w], "五六七八九十壹贰大大甲乙丙丁戊己庚辛");
    }

    #[test]
    fn extra_character_beside_a_word() {
        assert_eq!(
            find("环境，加大大本土电商"),
            vec![("加大大".into(), "加大".into())]
        );
        assert_eq!(
            find("一大批接接地气、惠民生的项目"),
            vec![("接接地气".into(), "接地气".into())]
        );
    }

    #[test]
    fn function_word_twice() {
        assert_eq!(find("他在在北京工作"), vec![("在在北京".into(), "在北京".into())]);
        assert_eq!(find("我的的书"), vec![("的的书".into(), "的书".into())]);
    }

    #[test]
    fn reduplication_is_not_reported() {
        for s in [
            "北京市市长会见了代表",
            "广东省省长出席会议",
            "一届届运动会",
            "挪挪位子",
            "剪剪枝",
            "满天星星",
            "实事求是是我们党的思想路线",
            "反对对华制裁",
            "谢谢大家",
            "一段时间交交心",
            "李娜娜和刘芳芳",
            "受不了了",
            "目的的实现",
            "问题是是否解决",
        ] {
            assert_eq!(find(s), vec![], "{s}");
        }
    }
}
