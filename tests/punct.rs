//! The punctuation family: `halfwidth-punct` and `cjk-space`, on copy written for the purpose
//! (tests/fixtures/punct/) and on the seed page.

use newslint::{Applicability, Diagnostic, Settings, Severity, SourceKind, check_str};
use std::ops::Range;

const RULES: [&str; 2] = ["halfwidth-punct", "cjk-space"];

fn run(text: &str, kind: SourceKind) -> Vec<Diagnostic> {
    check_str(text, kind, &Settings::default())
        .into_iter()
        .filter(|d| RULES.contains(&d.rule))
        .collect()
}

/// (rule, severity, the text the span covers, the fix).
fn brief(text: &str, ds: &[Diagnostic]) -> Vec<(&'static str, Severity, String, Option<String>)> {
    ds.iter()
        .map(|d| {
            (
                d.rule,
                d.severity,
                text[d.span.clone()].to_string(),
                d.fix.as_ref().map(|f| f.replacement.clone()),
            )
        })
        .collect()
}

fn plain(text: &str) -> Vec<(&'static str, Severity, String, Option<String>)> {
    brief(text, &run(text, SourceKind::Plain))
}

fn hw(s: &str, fix: &str) -> (&'static str, Severity, String, Option<String>) {
    ("halfwidth-punct", Severity::Warning, s.into(), Some(fix.into()))
}

fn sp(s: &str, sev: Severity) -> (&'static str, Severity, String, Option<String>) {
    ("cjk-space", sev, s.into(), Some(String::new()))
}

/// Byte span of the `n`-th occurrence (0-based) of `needle` in `hay`.
fn nth(hay: &str, needle: &str, n: usize) -> Range<usize> {
    let start = hay.match_indices(needle).nth(n).expect("needle present").0;
    start..start + needle.len()
}

#[test]
fn bad_copy_exact_spans() {
    let t = "今年汛期来得早,多地提前进入主汛期;气象部门提醒:注意防范!你准备好了吗?\n";
    let d = run(t, SourceKind::Plain);
    let spans: Vec<Range<usize>> = d.iter().map(|d| d.span.clone()).collect();
    assert_eq!(
        spans,
        vec![
            nth(t, ",", 0),
            nth(t, ";", 0),
            nth(t, ":", 0),
            nth(t, "!", 0),
            nth(t, "?", 0)
        ]
    );
    let fixes: Vec<&str> = d
        .iter()
        .map(|d| d.fix.as_ref().unwrap().replacement.as_str())
        .collect();
    assert_eq!(fixes, ["，", "；", "：", "！", "？"]);
    assert!(d.iter().all(|d| d.severity == Severity::Warning));
    assert!(
        d.iter()
            .all(|d| d.fix.as_ref().unwrap().applicability == Applicability::Safe)
    );
}

#[test]
fn numbers_times_and_ratios_are_not_flagged() {
    for good in [
        "全市常住人口约3,000万。",
        "发布会于10:30开始。",
        "两队比分为1:2。",
        "按1:50000的比例绘制。",
        "增长7.5%、20.2%,65岁以上",
    ] {
        assert!(plain(good).is_empty(), "{good}: {:?}", plain(good));
    }
}

#[test]
fn a_digit_on_one_side_and_han_on_the_other_is_a_defect() {
    assert_eq!(
        plain("落实联合国2030年议程,是各国的共同责任。"),
        vec![hw(",", "，")]
    );
    assert_eq!(plain("全年增长5%,高于预期。"), vec![hw(",", "，")]);
    assert_eq!(plain("截至2024,全省已建成"), vec![hw(",", "，")]);
}

#[test]
fn latin_only_runs_and_english_sentences_inside_chinese() {
    assert!(plain("The report, released on Monday, says: growth is slow!").is_empty());
    assert!(plain("他用英语回答：“Yes, we can!”").is_empty());
    assert!(plain("主持人问：“Are you ready?”").is_empty());
    assert!(plain("发言人说：“We welcome (and expect) cooperation.”").is_empty());
    // A Chinese sentence that quotes English still gets its own marks fixed.
    assert_eq!(plain("他用英语回答:“Yes, we can!”"), vec![hw(":", "：")]);
    // Latin on one side, Han on the other: the mark belongs to the Chinese sentence.
    assert_eq!(plain("新版App,让用户更方便"), vec![hw(",", "，")]);
    assert_eq!(plain("你用过ChatGPT吗?"), vec![hw("?", "？")]);
}

#[test]
fn urls_emails_and_markdown_are_not_flagged() {
    assert!(plain("详见http://www.example.com/a?b=1&c=2或来信news@example.cn。").is_empty());
    // The comma after an address belongs to the Chinese sentence, not to the URL.
    assert_eq!(
        plain("详见http://www.example.com/a?b=1&c=2,或来信。"),
        vec![hw(",", "，")]
    );
    let md = "请参阅[官方说明](https://example.com/x?y=1)和`a,b;c:d`两处。\n\n```\n代码,不查\n```\n";
    assert!(brief(md, &run(md, SourceKind::Markdown)).is_empty());
    // Emphasis markers are stepped over: the colon still touches Chinese text.
    let md = "**注意**: 会议改期\n";
    assert_eq!(brief(md, &run(md, SourceKind::Markdown)), vec![hw(":", "：")]);
    // In Markdown, the link text is prose.
    let md = "见[通知,附件](https://example.com)。\n";
    assert_eq!(brief(md, &run(md, SourceKind::Markdown)), vec![hw(",", "，")]);
}

#[test]
fn emoticons_and_ellipses() {
    assert!(plain("收到你的来信真开心:)").is_empty());
    assert!(plain("今天又加班了;-)").is_empty());
    assert!(plain("比赛输了:(").is_empty());
    assert!(plain("谢谢大家(^_^)").is_empty());
    assert!(plain("他欲言又止...").is_empty());
}

#[test]
fn parentheses_pairs_and_lone_ones() {
    assert_eq!(
        plain("(上接第一版)本报记者从市里获悉"),
        vec![hw("(上接第一版)", "（上接第一版）")]
    );
    assert_eq!(plain("世界卫生组织(WHO)发布报告"), vec![hw("(WHO)", "（WHO）")]);
    assert_eq!(plain("“新冠”(COVID-19)"), vec![hw("(COVID-19)", "（COVID-19）")]);
    // A pair on a Latin-only stretch stays.
    assert!(plain("The WHO (World Health Organization) said so.").is_empty());
    // Lone parentheses touching Chinese are reported one by one.
    assert_eq!(plain("(上接第一版）本报讯"), vec![hw("(", "（")]);
    assert_eq!(plain("1)坚持人民至上"), vec![hw(")", "）")]);
    // A comma after a pair that is being converted touches Chinese punctuation.
    assert_eq!(
        plain("据世界卫生组织(WHO),今年"),
        vec![hw("(WHO)", "（WHO）"), hw(",", "，")]
    );
    // A pair whose inner text has a half-width comma: both reported; the spans nest.
    assert_eq!(
        plain("会议(北京,上海)召开"),
        vec![hw("(北京,上海)", "（北京,上海）"), hw(",", "，")]
    );
}

#[test]
fn runs_of_marks_after_chinese() {
    assert_eq!(plain("真的吗?!"), vec![hw("?", "？"), hw("!", "！")]);
}

#[test]
fn crlf_and_bom_keep_spans_exact() {
    let t = "\u{FEFF}第一段,内容\r\n第二段 内容。\r\n";
    let d = run(t, SourceKind::Plain);
    assert_eq!(brief(t, &d), vec![hw(",", "，"), sp(" ", Severity::Warning)]);
    assert_eq!(d[0].span, nth(t, ",", 0));
    assert_eq!(d[1].span, nth(t, " ", 0));
}

#[test]
fn cjk_space_kinds() {
    assert_eq!(
        plain("植根于文明沃土 的现代化实践。"),
        vec![sp(" ", Severity::Warning)]
    );
    assert_eq!(
        plain("会议强调， 要把人民放在心上"),
        vec![sp(" ", Severity::Warning)]
    );
    assert_eq!(plain("这是一个重要的 。"), vec![sp(" ", Severity::Warning)]);
    // A run of mixed spaces is one finding.
    assert_eq!(
        plain("实践\u{a0} \u{3000}证明。"),
        vec![sp("\u{a0} \u{3000}", Severity::Warning)]
    );
    // Not this rule's business: spaces next to digits or Latin.
    assert!(plain("联合国 2030 年议程").is_empty());
    assert!(plain("他在 GitHub 上发布").is_empty());
    // The paragraph indent is trimmed by the document.
    assert!(plain("\u{3000}\u{3000}本报讯").is_empty());
    // Legal layout.
    assert!(plain("第十二条　国家保护新闻工作者的合法权益").is_empty());
    assert!(plain("第三章 附则").is_empty());
    // Deliberate spaces: info with an unsafe fix.
    for t in [
        "举办‘拉萨好物 云端开播’首场直播",
        "新书《山河 岁月》出版",
        "出席的有：王 刚、李明华、张　伟",
        "（记者 张三）",
        "本报北京6月3日电　记者从国家统计局获悉",
        // Headlines and list lines (no clause punctuation): the space separates parts.
        "戮力同心谋新篇 砥砺前行开新局",
        "郭金严　　是公安局副局长",
    ] {
        let d = run(t, SourceKind::Plain);
        assert!(!d.is_empty(), "{t}");
        for x in &d {
            assert_eq!(x.severity, Severity::Info, "{t}");
            assert_eq!(x.fix.as_ref().unwrap().applicability, Applicability::Unsafe);
        }
    }
    let md = "## 稳中求进 开创新局\n\n全年经济运行 稳中有进。\n";
    assert_eq!(
        brief(md, &run(md, SourceKind::Markdown)),
        vec![sp(" ", Severity::Info), sp(" ", Severity::Warning)]
    );
    // A long quotation is speech, not a title: a space in it is a slip.
    assert_eq!(
        plain("他说：“我们要继续 加强合作，共同应对挑战。”"),
        vec![sp(" ", Severity::Warning)]
    );
}

#[test]
fn fixes_make_the_copy_clean() {
    let t = "今年汛期来得早,多地(包括沿海城市)提前进入主汛期 ;气象部门提醒:注意防范!";
    let (fixed, n) = newslint::fix::fix_until_stable(t, SourceKind::Plain, &Settings::default(), false);
    assert!(n >= 5);
    assert_eq!(
        fixed,
        "今年汛期来得早，多地（包括沿海城市）提前进入主汛期；气象部门提醒：注意防范！"
    );
    assert!(run(&fixed, SourceKind::Plain).is_empty());
}

#[test]
fn fixture_files() {
    let bad = include_str!("fixtures/punct/bad.txt");
    let good = include_str!("fixtures/punct/good.txt");
    let d = run(good, SourceKind::Plain);
    assert!(d.is_empty(), "good copy flagged: {:?}", brief(good, &d));
    // Every line of the bad copy has at least one finding, and every finding is on a line
    // that says which rule it expects (`# rule` comments are not copy).
    for line in bad
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (copy, rule) = line.rsplit_once(" ⟶ ").expect("bad lines end with ⟶ rule");
        let d = run(copy, SourceKind::Plain);
        assert!(
            d.iter()
                .any(|x| x.rule == rule && x.severity == Severity::Warning),
            "{rule} missed in {copy:?}: {:?}",
            brief(copy, &d)
        );
    }
}

/// The seed page (tests/fixtures/seed.txt), as ../shared/seed/DEFECTS.md describes it.
#[test]
fn seed_page() {
    let t = include_str!("fixtures/seed.txt");
    let d = run(t, SourceKind::Plain);
    let li = newslint::lines::LineIndex::new(t);

    // Every half-width mark in Chinese text (the scorecard's definition: a mark in `,;:!?()`
    // with a char in [\u4e00-\u9fff“”‘’] on either side) is inside a halfwidth-punct span.
    let chinese =
        |c: Option<char>| c.is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || "“”‘’".contains(c));
    let spans: Vec<Range<usize>> = d
        .iter()
        .filter(|x| x.rule == "halfwidth-punct" && x.severity != Severity::Info)
        .map(|x| x.span.clone())
        .collect();
    let mut marks = 0;
    for (i, c) in t.char_indices() {
        if !",;:!?()".contains(c) {
            continue;
        }
        if chinese(t[..i].chars().next_back()) || chinese(t[i + 1..].chars().next()) {
            marks += 1;
            assert!(
                spans.iter().any(|s| s.contains(&i)),
                "mark at {:?} not reported",
                li.line_col(t, i)
            );
        }
    }
    assert_eq!(marks, 454, "the seed page has 454 such marks");
    // Each finding covers one mark, or one pair of parentheses.
    for x in d.iter().filter(|x| x.rule == "halfwidth-punct") {
        let s = &t[x.span.clone()];
        assert!(s.len() == 1 || (s.starts_with('(') && s.ends_with(')')), "{s}");
    }

    // cjk-space: `文明沃土 的` at warning, the title space at info, nothing else.
    let spaces: Vec<((usize, usize), Severity)> = d
        .iter()
        .filter(|x| x.rule == "cjk-space")
        .map(|x| (li.line_col(t, x.span.start), x.severity))
        .collect();
    assert_eq!(
        spaces,
        vec![((73, 8), Severity::Warning), ((127, 12), Severity::Info)],
        "{spaces:?}"
    );
    let title = t.find("拉萨好物 云端开播").unwrap() + "拉萨好物".len();
    assert!(d.iter().any(|x| x.rule == "cjk-space" && x.span.start == title));
}
