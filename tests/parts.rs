//! The engine feeds a document's blocks to the families a part at a time (`rules::parts`), so
//! that the text they read is still in the cache. What they report must not depend on where
//! the parts fall: each case here is checked whole, one block a part, and in parts of a few
//! sizes, and the findings must be the same. The cases are the ones whose answer needs more
//! than one block: a break judged with the next paragraph, a doubling at a paragraph's edge,
//! a closing mark followed by trailers and a second story, a hard-wrapped text and a word
//! list (judged by counts over the whole document), and a mostly Traditional text.

use newslint::document::{Document, SourceKind};
use newslint::rules::parts;
use newslint::{Diagnostic, Settings, check_in_parts};

const SEED: &str = include_str!("fixtures/seed.txt");

/// Findings of `text` in parts of each size; asserts they are all the same and returns them.
fn same_in_every_part_size(text: &str, kind: SourceKind) -> Vec<Diagnostic> {
    let settings = Settings::default();
    let doc = Document::parse(text, kind);
    let whole = check_in_parts(&doc, &settings, usize::MAX);
    for size in [1, 2, 50, 300, 4096] {
        assert_eq!(
            check_in_parts(&doc, &settings, size),
            whole,
            "parts of {size} bytes"
        );
    }
    // One block a part really is one block a part.
    assert_eq!(parts(&doc, 1).count(), doc.blocks.len());
    whole
}

fn rules_of(d: &[Diagnostic]) -> Vec<&'static str> {
    let mut r: Vec<&'static str> = d.iter().map(|x| x.rule).collect();
    r.sort_unstable();
    r.dedup();
    r
}

#[test]
fn the_seed_page_reads_the_same_in_parts() {
    for kind in [SourceKind::Plain, SourceKind::Markdown] {
        let d = same_in_every_part_size(SEED, kind);
        let rules = rules_of(&d);
        for rule in [
            "broken-join",
            "duplicate-text",
            "doubled-char",
            "glued-article",
            "halfwidth-punct",
            "page-marker",
            "traditional-char",
            "typo",
        ] {
            assert!(rules.contains(&rule), "{rule} missing from {rules:?} ({kind:?})");
        }
    }
}

#[test]
fn parts_cover_every_block_once_in_order() {
    let doc = Document::parse(SEED, SourceKind::Markdown);
    for size in [1, 100, 1000, usize::MAX] {
        let mut next = 0;
        for p in parts(&doc, size) {
            assert_eq!(p.blocks.start, next);
            assert!(!p.blocks.is_empty());
            for b in p.iter(&doc) {
                assert!(
                    p.bytes.start <= b.start() && b.end() <= p.bytes.end,
                    "{p:?} {b:?}"
                );
            }
            next = p.blocks.end;
        }
        assert_eq!(next, doc.blocks.len(), "parts of {size} bytes");
    }
}

const STORY: &str = "市政府昨天召开新闻发布会，介绍老街区改造的进展情况。";
const OTHER: &str = "据介绍，市里将出台专门办法，为老街区改造提供资金支持。";
const MORE: &str = "有关部门表示，改造工作将充分听取居民意见。";

#[test]
fn a_second_story_after_trailers_is_found_across_parts() {
    let t = format!("{STORY}（完）\n\n责任编辑：王丽\n\n（记者陈晓东）\n\n{OTHER}\n\n{MORE}\n");
    let d = same_in_every_part_size(&t, SourceKind::Plain);
    assert_eq!(rules_of(&d), ["glued-article"], "{d:#?}");
    assert!(d[0].message.contains("其后 2 段"), "{}", d[0].message);
}

#[test]
fn a_break_and_a_doubling_at_its_edge_are_judged_across_parts() {
    let t = "我们必须立足中国国\n\n情，走自己的道路。\n\n我们要加大大本土企业的扶持力度。\n\n给两国人民带来了实\n\n实在在的利益。\n";
    let d = same_in_every_part_size(t, SourceKind::Plain);
    // The breaks are reported; 中国国 (with the next paragraph) and 实在在 (with the one
    // before) are not doublings once joined; 加大大本土 is.
    assert_eq!(rules_of(&d), ["broken-join", "doubled-char"], "{d:#?}");
    let doubled: Vec<&str> = d
        .iter()
        .filter(|x| x.rule == "doubled-char")
        .map(|x| &t[x.span.clone()])
        .collect();
    assert_eq!(doubled, ["大大"]);
}

const PARA: &str = "入春以来，江南小城青溪镇的茶农们忙着采摘明前茶。镇农业服务中心主任介绍，今年全镇茶园面积达到一万二千亩，春茶产量有望比去年增长一成以上，茶农收入预计将继续提高。为了让茶叶卖出好价钱，镇里今年联合电商平台开设了直播间，邀请种茶能手走进镜头讲解制茶工艺。";

#[test]
fn hard_wrapping_is_judged_on_the_whole_text() {
    let chars: Vec<char> = PARA.chars().collect();
    let wrapped: Vec<String> = chars.chunks(18).map(|c| c.iter().collect()).collect();
    let t = format!("{}\n\n{}\n", wrapped.join("\n"), wrapped.join("\n"));
    let d = same_in_every_part_size(&t, SourceKind::Plain);
    assert!(!rules_of(&d).contains(&"broken-join"), "{d:#?}");
    // A cut of the same text by a single line break is reported when the text is not wrapped:
    // the whole text decides.
    let (a, b) = PARA.split_at(PARA.find("提高").unwrap() + "提".len());
    let cut = format!("{a}\n{b}\n");
    assert_eq!(
        rules_of(&same_in_every_part_size(&cut, SourceKind::Plain)),
        ["broken-join"]
    );
}

#[test]
fn a_word_list_is_judged_on_the_whole_text() {
    // One entry a line; neighbours make words (中|国, 改|革, 民|族) and some end open (与, 关于).
    let words: Vec<&str> =
        "稻田 中 国 秋粮 改 革 收割 民 族 晒场 与 农机 关于 粮仓 新米 收购 农户 镜头 产量 青山村"
            .split(' ')
            .collect();
    let t = format!("{}\n", words.join("\n\n"));
    let d = same_in_every_part_size(&t, SourceKind::Plain);
    assert!(!rules_of(&d).contains(&"broken-join"), "{d:#?}");
    // Its first eight entries alone are too few to be a list: 中 / 国 and 改 / 革 are breaks.
    let few = format!("{}\n", words[..8].join("\n\n"));
    let d = same_in_every_part_size(&few, SourceKind::Plain);
    assert_eq!(d.iter().filter(|x| x.rule == "broken-join").count(), 2, "{d:#?}");
}

#[test]
fn a_mostly_traditional_text_is_judged_on_the_whole_text() {
    let para = "臺北市政府今天宣布，捷運環狀線第二階段將於明年動工，預計五年後通車。市長表示，這項工程對於改善東區交通非常重要，市府會與中央密切合作，確保工程品質與施工安全。";
    let (a, b) = para.split_at(para.find("市長").unwrap());
    let t = format!("{a}\n\n{b}\n");
    let d = same_in_every_part_size(&t, SourceKind::Plain);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].rule, "traditional-char");
    assert!(d[0].message.contains("繁体中文"), "{}", d[0].message);
}
