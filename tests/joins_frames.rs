//! broken-join, session 9: cuts after a frame and a bare noun phrase (据统计，我国农村 /
//! ……), after 才 and a modal, after a verb and its complement marker 得, after 后 and an
//! adverb, after 把 and its object, after clauses with verbs and a last clause of adverbs and a
//! verb that needs its object, and a bound word whose second half opens a longer word of the
//! next block; with headings, captions and short sentences of the same shapes that must stay
//! silent. All copy was written for these tests.

#[path = "support/join_cases.rs"]
mod join_cases;
use join_cases::{assert_cuts_found_between_other_paragraphs, assert_each_cut_found, assert_headings_silent};

/// One cut per case: the first half, the second half, and a fragment the message must hold.
const CUTS: &[(&str, &str, &str)] = &[
    // A source or state-of-affairs frame and a noun phrase with no predicate.
    ("据了解，青溪镇茶农", "人均收入已经突破三万元。", "缺少谓语"),
    (
        "目前，全镇茶园",
        "面积达到一万二千亩，比十年前翻了一番。",
        "缺少谓语",
    ),
    ("二十多年来，青溪镇茶叶", "品质不断提升，远销海内外。", "缺少谓语"),
    ("截至去年底，全镇茶农", "人均收入突破三万元。", "缺少谓语"),
    (
        "据统计，截至去年底，全镇",
        "共有茶叶加工企业四十二家。",
        "缺少谓语",
    ),
    // 才 or 就 and a modal: the consequence of a condition waits for its verb.
    ("只有把品牌做响，青溪茶才可以", "卖出好价钱。", "虚词“可以”"),
    ("茶园管理跟上了，茶叶品质才会", "稳步提高。", "虚词“会”"),
    // A verb and its complement marker.
    ("老周把自家的茶园打理得", "井井有条，远近闻名。", "虚词“得”"),
    // An adverb after 后 opens the predicate of a time clause.
    ("老周退伍后即", "回到家乡种茶，一干就是三十年。", "虚词“即”"),
    ("茶农们采完茶后就", "赶到加工厂，连夜炒制新茶。", "虚词“就”"),
    // 把 and its object with no verb.
    ("把这些茶叶", "卖到全国各地，是老周多年的心愿。", "介词“把”"),
    // Clauses with verbs, then adverbs and a verb without its object.
    (
        "镇里加大扶持力度，引导茶农抱团发展，共同打造",
        "青溪茶叶区域公用品牌。",
        "及物动词“打造”",
    ),
    // Preverbal adverbs that cannot end a sentence.
    ("青溪镇的茶农既", "种茶，也养蜂，日子越过越红火。", "虚词“既”"),
    ("老周退伍后便", "回到家乡种茶，一干就是三十年。", "虚词“便”"),
    // A count cut before its unit of ten thousand or a hundred million.
    ("今年来青溪镇的游客有12", "万多人次，比去年翻了一番。", "12万多"),
    ("全镇茶叶年产值三", "亿元，茶农人均增收一万元。", "三亿元"),
    // The second half of a bound word opens a longer word of the next block.
    ("青溪镇坚持走中国特色社会", "主义理论指引的发展道路。", "社会主义"),
];

#[test]
fn frames_modals_complements_and_bound_halves_are_found() {
    assert_each_cut_found(CUTS);
}

#[test]
fn the_same_cuts_between_other_paragraphs() {
    assert_cuts_found_between_other_paragraphs(CUTS);
}

/// Traps: headings, captions, slogans and whole sentences without their stop, in the shapes of
/// the cuts above, each before paragraphs that open on a noun, a verb, a modal or a time.
const HEADINGS: &[&str] = &[
    // A frame and a predicate, or a frame alone.
    "当前，形势依然严峻",
    "近年来，青溪镇茶产业快速发展",
    "据了解",
    "今天，我们为什么还要读经典",
    "目前，我们",
    // Times of day and seasons set the scene of captions and verse.
    "清晨，雾中的青溪镇茶园",
    "初春，江南茶乡",
    "清晨，青溪镇茶园",
    "如今，老街新颜",
    "春节期间，青溪镇茶园",
    "截至目前",
    "3月5日，青溪镇茶园",
    "2024，我们一起走过",
    "新时代，新征程",
    // 会 and 能 as nouns and verbs, and after other adverbs.
    "青溪镇召开茶产业发展大会",
    "镇里今天开会",
    "你能行，我也能",
    "才能",
    // 得 inside words.
    "采茶的心得",
    "一举两得",
    "这样的好茶十分难得",
    "老周的经验值得",
    // 后 as a word and at the end.
    "雨后",
    "青溪镇的前前后后",
    // 把 inside words and with its verb.
    "把关",
    "把握大局",
    "把论文写在祖国大地上",
    "把青春奉献给祖国",
    // An object before its verb, and clauses without a verb before the last.
    "这件事，坚决支持",
    "台独，坚决反对",
    "撸起袖子，加油干",
    "不忘初心，继续前进",
    "守护绿水青山，建设美丽家园",
    // Verbs whose object is the parties themselves, or shared by a list.
    "各国要相互尊重，相互借鉴",
    "坚持相互学习、相互借鉴",
    "彼此关心，彼此支持",
    // Headlines that end in a number or a word ending in 一, before a paragraph that opens
    // with 万 or 亿 in a word.
    "数读2024",
    "青溪镇入选全国百强镇之一",
    "第十",
    // Headlines whose last word and the next paragraph's first word make a longer word.
    "老区人民奔小康",
    "青溪镇的和谐社会",
];

const PARAGRAPHS: &[&str] = &[
    "主义理论的学习，是镇党委今年工作的重点。",
    "社会保障体系日益完善，群众获得感不断增强。",
    "要把群众的事办好、办实。",
    "今年，全镇茶叶产量再创新高。",
    "茶叶，是青溪人的命根子。",
    "就业、民生、发展，是镇里今年工作的三个关键词。",
    "即便是雨天，茶园里也有不少游客。",
    "能不能把茶卖出好价钱，关键在品牌。",
    "会上，镇党委书记作了工作报告。",
    "得益于良好的生态，青溪茶品质上乘。",
    "万众一心，青溪人把荒山变成了茶园。",
    "万家灯火，茶乡迎来丰收年。",
    "亿万茶农的心愿，就是茶叶卖出好价钱。",
];

#[test]
fn headings_of_the_same_shapes_stay_silent() {
    assert_headings_silent(HEADINGS, PARAGRAPHS);
}
