//! broken-join at a word boundary, session 8: an object or a head noun left out (a modal or a
//! pronoun before a verb that needs its object, a modal before a preposition, a modifier
//! without its noun, an adjective predicate without its subject), directives that are
//! sentences rather than titles, and orphans that cannot end a title; with headings and
//! slogans of the same shapes that must stay silent. All copy was written for these tests.

#[path = "support/join_cases.rs"]
mod join_cases;
use join_cases::{
    assert_cuts_found_between_other_paragraphs, assert_each_cut_found, assert_headings_silent, run,
};

/// One cut per case: the first half, the second half, and a fragment the message must hold.
const CUTS: &[(&str, &str, &str)] = &[
    // A modal or a pronoun before a verb that needs its object.
    ("要推动", "茶叶加工企业转型升级，带动茶农增收。", "及物动词“推动”"),
    (
        "镇里的干部们说，我们欢迎",
        "各地游客来青溪镇品茶。",
        "及物动词“欢迎”",
    ),
    (
        "双方愿进一步扩大",
        "茶叶贸易规模，实现互利共赢。",
        "及物动词“扩大”",
    ),
    ("我们要大力弘扬", "老一辈茶农艰苦创业的精神。", "及物动词“弘扬”"),
    // A modal before a preposition and its noun, with no verb.
    ("中方愿同周边国家", "一道推动茶叶贸易发展。", "介词“同”"),
    ("要按照茶园", "管理规范做好病虫害防治。", "介词“按照”"),
    // A modifier without its noun.
    (
        "青溪镇的经济以茶产业为主要",
        "支柱，旅游业为补充。",
        "修饰语“主要”",
    ),
    ("茶农们面对这样一个复杂", "局面，没有退缩。", "修饰语“复杂”"),
    ("党的", "二十大报告为乡村振兴指明了方向。", "虚词“的”"),
    // An adjective predicate without its subject.
    ("今年的茶叶市场形势", "依然严峻，茶价持续走低。", "只有谓语"),
    ("茶园面积", "越大，管理越要精细。", "只有谓语"),
    // A directive with clause punctuation, or before a bare noun.
    (
        "要完善茶叶收购制度，保护茶农",
        "利益，让大家种茶有奔头。",
        "句子未完",
    ),
    ("要加快茶叶品牌", "建设，提高青溪茶的知名度。", "句子未完"),
    // An orphan that cannot end a title.
    ("这是青溪镇历史上的第", "一次茶文化节。", "“第一次”被拆"),
];

#[test]
fn left_out_objects_and_heads_are_found() {
    assert_each_cut_found(CUTS);
}

#[test]
fn the_same_cuts_between_other_paragraphs() {
    assert_cuts_found_between_other_paragraphs(CUTS);
}

/// Traps: headings, slogans and short lines of the same shapes, each before paragraphs that
/// open on a bare noun and a comma, an adjective, a preposition or a modal.
const HEADINGS: &[&str] = &[
    // A noun before the modal may be the moved object.
    "茶叶品质要提升",
    "安全生产要抓好",
    "服务意识要增强",
    // A modal and one verb: slogans.
    "要奋斗",
    "我们要团结",
    "要致富，先修路",
    // Enumerated headings.
    "一要稳住茶叶价格",
    "首先，要坚持质量第一",
    // A name before a verb that needs an object is a noun phrase.
    "中国制造",
    "青溪制造",
    // Nouns after 的 that are adjectives to the dictionary.
    "被需要的幸福",
    "茶农的幸福",
    "乡村的美丽",
    // 同, 与 and 和 joining nouns.
    "中国与世界",
    "茶农和茶园",
    // A localizer, a number, a measure-word noun.
    "在希望的田野上",
    "我们这十年",
    "一要稳住农业基本盘",
    "第一书记",
];

const PARAGRAPHS: &[&str] = &[
    "茶叶，是青溪人的命根子。",
    "品质，是茶叶的生命。",
    "据了解，今年全镇茶叶产量再创新高。",
    "要把群众的事办好、办实。",
    "美丽乡村建设让青溪镇换了模样。",
    "为此，镇里专门成立了茶产业办公室。",
    "同志们，我们的事业正在蓬勃发展。",
    "就业、民生、发展，是镇里今年工作的三个关键词。",
    "实践证明，发展茶产业是青溪镇的正确选择。",
    "会上，镇党委书记作了工作报告。",
];

#[test]
fn headings_of_the_same_shapes_stay_silent() {
    assert_headings_silent(HEADINGS, PARAGRAPHS);
}

/// A title-like directive that is a whole sentence, before a paragraph that opens on its own
/// subject or a time: left alone (it may lack its stop, but it is no cut).
#[test]
fn a_whole_directive_before_a_new_sentence_stays_silent() {
    for p in [
        "今年，全镇茶叶产量再创新高。",
        "镇里的茶农们纷纷表示赞成。",
        "要把群众的事办好、办实。",
    ] {
        let t = format!("要加快发展茶叶深加工产业\n\n{p}\n");
        assert!(run(&t).is_empty(), "{t}");
    }
}
