//! The joins family (broken-join, page-marker, glued-article): the seed page, copy written for
//! these tests with one defect of every kind, and traps that must stay silent.

use newslint::document::SourceKind;
use newslint::rules::joins::Options;
use newslint::{Applicability, Diagnostic, Settings, check_str, fix};
use std::ops::Range;
#[path = "support/join_cases.rs"]
mod join_cases;
use join_cases::{assert_cuts_found_between_other_paragraphs, assert_each_cut_found};

const SEED: &str = include_str!("fixtures/seed.txt");

fn run_kind(text: &str, kind: SourceKind, rule: &str) -> Vec<Diagnostic> {
    check_str(text, kind, &Settings::default())
        .into_iter()
        .filter(|d| d.rule == rule)
        .collect()
}

fn run(text: &str, rule: &str) -> Vec<Diagnostic> {
    run_kind(text, SourceKind::Plain, rule)
}

fn family(text: &str, kind: SourceKind) -> Vec<Diagnostic> {
    check_str(text, kind, &Settings::default())
        .into_iter()
        .filter(|d| matches!(d.rule, "broken-join" | "page-marker" | "glued-article"))
        .collect()
}

/// Byte offset where line `n` (1-based) starts.
fn line_start(text: &str, n: usize) -> usize {
    if n == 1 {
        return 0;
    }
    text.match_indices('\n')
        .nth(n - 2)
        .map(|(i, _)| i + 1)
        .expect("line exists")
}

/// Byte offset where line `n` ends (before its newline).
fn line_end(text: &str, n: usize) -> usize {
    let s = line_start(text, n);
    text[s..].find('\n').map_or(text.len(), |i| s + i)
}

/// The break between the end of `left` and the start of `right` (both unique in `text`).
fn between(text: &str, left: &str, right: &str) -> Range<usize> {
    let l = text.find(left).unwrap_or_else(|| panic!("{left} not found")) + left.len();
    let r = text.find(right).unwrap_or_else(|| panic!("{right} not found"));
    assert!(l <= r, "{left} / {right}");
    l..r
}

fn span_of(text: &str, needle: &str) -> Range<usize> {
    let s = text.find(needle).unwrap_or_else(|| panic!("{needle} not found"));
    s..s + needle.len()
}

fn applicability(d: &Diagnostic) -> Applicability {
    d.fix.as_ref().expect("has a fix").applicability
}

// ---------------------------------------------------------------------------------------------
// The seed page: exactly what DEFECTS.md lists for these rules.

#[test]
fn seed_page_has_exactly_the_ten_breaks() {
    let found = run(SEED, "broken-join");
    let after = [21, 37, 53, 67, 85, 87, 115, 119, 121, 125];
    let expected: Vec<Range<usize>> = after
        .iter()
        .map(|&n| line_end(SEED, n)..line_start(SEED, n + 2))
        .collect();
    let spans: Vec<Range<usize>> = found.iter().map(|d| d.span.clone()).collect();
    assert_eq!(spans, expected);
    // Safe exactly where a word is split: 国|际, 方|向, 供|应链, 本|土, 于小|龙.
    let safe: Vec<bool> = found
        .iter()
        .map(|d| applicability(d) == Applicability::Safe)
        .collect();
    assert_eq!(
        safe,
        vec![false, true, false, false, true, false, false, true, true, true]
    );
    assert!(
        found[1]
            .message
            .contains("“…理。违背道义与国”与“际法则的单边行动…”之间断行")
    );
    assert!(found[1].message.contains("“国际”"));
}

#[test]
fn seed_page_has_the_two_markers() {
    let found = run(SEED, "page-marker");
    let spans: Vec<Range<usize>> = found.iter().map(|d| d.span.clone()).collect();
    let m = "(上接第一版)".len();
    assert_eq!(
        spans,
        vec![
            line_start(SEED, 5)..line_start(SEED, 5) + m,
            line_start(SEED, 113)..line_start(SEED, 113) + m
        ]
    );
    assert!(found.iter().all(|d| applicability(d) == Applicability::Safe));
}

#[test]
fn seed_page_has_one_glued_article_after_the_dateline() {
    let found = run(SEED, "glued-article");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].span, line_start(SEED, 113)..line_end(SEED, 113));
    assert_eq!(found[0].related.len(), 1);
    assert_eq!(
        found[0].related[0].span,
        line_start(SEED, 111)..line_end(SEED, 111)
    );
    assert!(found[0].message.contains("8 段"));
}

#[test]
fn seed_page_fixes_rejoin_the_words() {
    let diags: Vec<Diagnostic> = family(SEED, SourceKind::Plain);
    let (safe, n_safe) = fix::apply(SEED, &diags, false);
    assert_eq!(n_safe, 5 + 2);
    assert!(safe.contains("违背道义与国际法则"));
    assert!(safe.contains("完善特色产品供应链体系"));
    assert!(safe.contains("工作人员于小龙说"));
    assert!(!safe.contains("上接第一版"));
    // The unsafe joins are applied only on request.
    assert!(safe.contains("为引领,\n\n依托"));
    let (all, n_all) = fix::apply(SEED, &diags, true);
    assert_eq!(n_all, 10 + 2);
    assert!(all.contains("为引领,依托共建"));
    assert!(all.contains("主播西藏胖哥说:“在今天的大赛中"));
}

#[test]
fn seed_page_with_crlf_line_endings() {
    let crlf = SEED.replace('\n', "\r\n");
    let found = run(&crlf, "broken-join");
    assert_eq!(found.len(), 10);
    assert!(found.iter().all(|d| &crlf[d.span.clone()] == "\r\n\r\n"));
    assert_eq!(run(&crlf, "page-marker").len(), 2);
    assert_eq!(run(&crlf, "glued-article").len(), 1);
    let (fixed, _) = fix::apply(&crlf, &found, true);
    assert!(fixed.contains("违背道义与国际法则"));
}

// ---------------------------------------------------------------------------------------------
// Copy written for these tests: one break of every kind of evidence.

const BROKEN: &str = "# 青溪镇春茶开采

本报讯 入春以来，江南小城青溪镇的茶农们忙着采摘明前茶。镇农业服务中心主任介绍，今年全镇茶园面积达到一万二千亩，茶农收入预计将继续提

高，春茶产量有望比去年增长一成以上。

为了让茶叶卖出好价钱，镇里今年联合电商平台开设了直播间，

邀请种茶能手走进镜头讲解制茶工艺。

茶农周桂芳告诉记者：“以前我们只会把鲜叶卖给收购商

现在自己也能做品牌了。”

据了解，青溪镇的茶叶种植历史可以追溯到明代，当地出产的绿茶以清香持久著称，是远近闻名

的地方特产。

镇党委书记表示，下一步将继续完善茶叶加工、仓储和物流设施，推动茶产业与

乡村旅游深度融合。

今年以来，全镇已接待前来采茶、品茶的游客三万多人次。镇里还新建了一座茶文化展示馆

开馆以来吸引了不少周边城市的游客。

据统计，去年全镇茶叶总产值达到1

2亿元，比上年增长百分之八。
";

#[test]
fn every_kind_of_break_in_written_copy() {
    let t = BROKEN;
    let found = run(t, "broken-join");
    let expect = [
        (between(t, "将继续提", "高，春茶"), Applicability::Safe, "“提高”"),
        (
            between(t, "开设了直播间，", "邀请种茶"),
            Applicability::Unsafe,
            "上段以逗号结尾",
        ),
        (
            between(t, "卖给收购商", "现在自己"),
            Applicability::Unsafe,
            "上段的引号在下段才闭合",
        ),
        (
            between(t, "是远近闻名", "的地方特产"),
            Applicability::Unsafe,
            "以“的”开头",
        ),
        (
            between(t, "推动茶产业与", "乡村旅游"),
            Applicability::Unsafe,
            "虚词“与”",
        ),
        (
            between(t, "茶文化展示馆", "开馆以来"),
            Applicability::Unsafe,
            "句子未完",
        ),
        (between(t, "总产值达到1", "2亿元"), Applicability::Safe, "“12”"),
    ];
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    for (d, (span, app, why)) in found.iter().zip(expect.clone()) {
        assert_eq!(d.span, span, "{}", d.message);
        assert_eq!(applicability(d), app, "{}", d.message);
        assert!(d.message.contains(why), "{} lacks {why}", d.message);
    }
    // Nothing else fires on this copy.
    assert_eq!(family(t, SourceKind::Plain).len(), expect.len());
}

#[test]
fn english_messages() {
    let s = Settings {
        lang: newslint::Lang::En,
        ..Default::default()
    };
    let d: Vec<Diagnostic> = check_str(BROKEN, SourceKind::Plain, &s)
        .into_iter()
        .filter(|d| d.rule == "broken-join")
        .collect();
    assert!(
        d[0].message
            .starts_with("line break between “…收入预计将继续提” and “高，春茶产量有望…”")
    );
    assert!(d[0].message.contains("the word “提高” is split"));
}

#[test]
fn breaks_in_markdown_and_quotes() {
    let t = "记者从市交通运输局获悉，今年全市新开通公交线路十二条，进一步完善了城乡公\n\n交网络。\n\n> 他说：“我们将继续优化线路，\n>\n> 方便群众出行。”\n";
    let found = run_kind(t, SourceKind::Markdown, "broken-join");
    let spans: Vec<Range<usize>> = found.iter().map(|d| d.span.clone()).collect();
    assert_eq!(
        spans,
        vec![
            between(t, "城乡公", "交网络"),
            between(t, "优化线路，", "方便群众")
        ]
    );
    let (fixed, _) = fix::apply(t, &found, true);
    assert!(fixed.contains("城乡公交网络"));
    assert!(fixed.contains("> 他说：“我们将继续优化线路，方便群众出行。”"));
}

#[test]
fn break_next_to_a_page_marker() {
    // The continuation marker sits where the text resumes; both rules fire and both fixes apply.
    let t = "会议强调，要坚持把解决群众急难愁盼问题作为工作的出发点和落脚\n\n（上接第一版）点，切实增强群众的获得感。\n";
    let joins = run(t, "broken-join");
    assert_eq!(joins.len(), 1);
    assert_eq!(joins[0].span, between(t, "出发点和落脚", "（上接"));
    assert_eq!(applicability(&joins[0]), Applicability::Safe);
    let (fixed, n) = fix::apply(t, &family(t, SourceKind::Plain), false);
    assert_eq!(n, 2);
    assert_eq!(
        fixed,
        "会议强调，要坚持把解决群众急难愁盼问题作为工作的出发点和落脚点，切实增强群众的获得感。\n"
    );
}

// ---------------------------------------------------------------------------------------------
// Traps: structure that looks like a break and is not.

const TRAPS_PLAIN: &str = "青溪镇春茶开采

——江南小城的茶产业振兴之路

本报记者 陈晓东 通讯员 王丽

本报讯 入春以来，江南小城青溪镇的茶农们忙着采摘明前茶。

镇农业服务中心主任介绍：

“今年的春茶品质比往年更好，价格也更稳定。”

主要措施包括：

一、扩大茶园面积；

二、完善加工设施；

三、拓展销售渠道。

图为茶农在青溪镇茶园采摘春茶

（新华社记者 张三 摄）

各位来宾，

欢迎大家来到青溪镇。

春风吹绿千层岭，

茶香飘过万户家。

详情可登录 https://example.com/qingxi/tea

全镇今年计划新建茶叶加工厂两座，预计年底前投产。

市长会见来访的客商代表团

新华社北京3月5日电

国务院新闻办公室5日举行新闻发布会，介绍春耕生产情况。

他说：“第一段引语。

“第二段引语，以引号开头，按惯例上段不收引号。”

2025年工作要点

一是稳住茶叶价格。
";

#[test]
fn traps_in_plain_text_stay_silent() {
    let found = family(TRAPS_PLAIN, SourceKind::Plain);
    assert!(found.is_empty(), "{found:#?}");
}

const TRAPS_MARKDOWN: &str = "# 青溪镇春茶开采

镇农业服务中心主任介绍了今年的主要措施

- 扩大茶园面积
- 完善加工设施

下面是茶园分布的示意代码

```
茶园 一区
茶园 二区
```

| 区域 | 面积 |
|---|---|
| 东山茶园 | 三千亩 |
| 西岭茶园 | 两千亩 |

## 发展

> 引用的第一段没有句末标点
>
> # 引用里的标题

镇里还新建了一座茶文化展示馆

---

开馆以来吸引了不少游客。
";

#[test]
fn traps_in_markdown_stay_silent() {
    let found = family(TRAPS_MARKDOWN, SourceKind::Markdown);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn hard_wrapped_plain_text_is_not_a_row_of_breaks() {
    // A paragraph wrapped every 18 characters, as some feeds deliver copy.
    let para = "入春以来，江南小城青溪镇的茶农们忙着采摘明前茶。镇农业服务中心主任介绍，今年全镇茶园面积达到一万二千亩，春茶产量有望比去年增长一成以上，茶农收入预计将继续提高。为了让茶叶卖出好价钱，镇里今年联合电商平台开设了直播间，邀请种茶能手走进镜头讲解制茶工艺。";
    let chars: Vec<char> = para.chars().collect();
    let wrapped: Vec<String> = chars.chunks(18).map(|c| c.iter().collect()).collect();
    let t = format!("{}\n\n{}\n", wrapped.join("\n"), wrapped.join("\n"));
    assert!(run(&t, "broken-join").is_empty());
    // The same cut with a blank line is a break.
    let (a, b) = para.split_at(para.find("提高").unwrap() + "提".len());
    assert_eq!(run(&format!("{a}\n\n{b}\n"), "broken-join").len(), 1);
}

#[test]
fn a_list_of_lines_is_not_a_row_of_breaks() {
    // A word list, one entry a line, in which neighbouring entries happen to make words
    // (国|际, 发|展, 主|义) and some entries end open (与, 关于).
    let words = [
        "茶园",
        "国",
        "际",
        "春茶",
        "发",
        "展",
        "采摘",
        "主",
        "义",
        "直播间",
        "与",
        "工艺",
        "关于",
        "合作社",
        "明前茶",
        "电商",
        "镜头",
        "收入",
        "青溪镇",
        "产量",
    ];
    let list = format!("{}\n", words.join("\n"));
    assert!(
        run(&list, "broken-join").is_empty(),
        "{:#?}",
        run(&list, "broken-join")
    );
    // Indented with ideographic spaces and with CRLF line ends, or with blank lines between
    // the entries, the same.
    let indented = format!("　　{}\r\n", words.join("\r\n　　"));
    assert!(run(&indented, "broken-join").is_empty());
    let spaced = format!("{}\n", words.join("\n\n"));
    assert!(run(&spaced, "broken-join").is_empty());
    // The same cut in copy whose lines end in full stops is still found, however many lines
    // there are.
    let para = "入春以来，江南小城青溪镇的茶农们忙着采摘明前茶。";
    let mut copy = format!("{para}\n").repeat(20);
    copy.push_str("镇农业服务中心主任介绍，今年全镇茶园面积达到一万二千亩，春茶产量有望比去年增长一成以上，要加强国\n际合作。\n");
    assert_eq!(run(&copy, "broken-join").len(), 1);
    assert_eq!(run(&copy.replace('\n', "\n\n"), "broken-join").len(), 1);
    // Fewer lines than a list needs: the cut between 国 and 际 is judged as usual.
    assert_eq!(run("茶园\n国\n际\n", "broken-join").len(), 1);
}

#[test]
fn a_title_that_ends_in_a_one_character_word_is_not_split() {
    // 马克/龙 leaves 龙 as an orphan, but the next line does not continue a word.
    for t in [
        "总统会见来访的马克龙\n\n新华社北京5月20日电 国家主席20日在人民大会堂会见来访的客人。\n",
        "青溪镇春茶开采忙\n\n入春以来，江南小城青溪镇的茶农们忙着采摘明前茶。\n",
        "钢铁是怎样炼成的\n\n这部小说在青年读者中影响很大。\n",
    ] {
        assert!(run(t, "broken-join").is_empty(), "{t}");
    }
}

#[test]
fn title_max_chars_is_configurable() {
    let t = "全市新开通十二条公交线路，城乡公\n\n交网络更加完善。\n";
    assert_eq!(run(t, "broken-join").len(), 1);
    // 深加|工: only the second half is an orphan, which is not enough after a short line
    // without punctuation (it reads as a title) unless the title threshold is lowered.
    let t = "青溪镇推动茶叶深加\n\n工产品走向市场。\n";
    let count = |s: &Settings| {
        check_str(t, SourceKind::Plain, s)
            .into_iter()
            .filter(|d| d.rule == "broken-join")
            .count()
    };
    let mut s = Settings::default();
    assert_eq!(count(&s), 0);
    s.joins.title_max_chars = 5;
    assert_eq!(count(&s), 1);
}

#[test]
fn options_parse_from_kebab_case_and_reject_unknown_keys() {
    let o: Options = toml::from_str("title-max-chars = 20\nprose-min-chars = 50").unwrap();
    assert_eq!(o.title_max_chars, 20);
    assert_eq!(o.prose_min_chars, 50);
    let partial: Options = toml::from_str("prose-min-chars = 50").unwrap();
    assert_eq!(partial.title_max_chars, Options::default().title_max_chars);
    assert!(toml::from_str::<Options>("min-title-len = 3").is_err());
}

// ---------------------------------------------------------------------------------------------
// Page markers in every variant.

#[test]
fn markers_at_start_end_and_alone() {
    let variants = [
        "（上接第一版）",
        "(上接第一版)",
        "（下转第二版）",
        "（转第4版）",
        "（接第三版）",
        "（上接A3版）",
        "（紧接第2版）",
        "(转第十二版)",
        "【下转第六版】",
        "（转０８版）",
        "（上接第1版）",
        "(接上页)",
        "（转Ｂ２版）",
    ];
    for m in variants {
        // At the start, with a space after it: the space goes too.
        let t = format!("{m} 会议要求，各地要抓好春耕生产。\n");
        let d = run(&t, "page-marker");
        assert_eq!(d.len(), 1, "{t}");
        assert_eq!(d[0].span, 0..m.len() + 1, "{t}");
        let (fixed, n) = fix::apply(&t, &d, false);
        assert_eq!((fixed.as_str(), n), ("会议要求，各地要抓好春耕生产。\n", 1));
        // At the end.
        let t = format!("各地要抓好春耕生产，确保粮食稳产增产。{m}\n");
        let d = run(&t, "page-marker");
        assert_eq!(d.len(), 1, "{t}");
        assert_eq!(d[0].span, span_of(&t, m));
        // Alone on a line.
        let t = format!("各地要抓好春耕生产。\n\n{m}\n\n确保粮食稳产增产。\n");
        assert_eq!(
            run(&t, "page-marker")
                .iter()
                .map(|d| d.span.clone())
                .collect::<Vec<_>>(),
            vec![span_of(&t, m)]
        );
    }
}

#[test]
fn not_markers() {
    for t in [
        "该书（第二版）已于去年出版。\n",
        "具体安排详见本报第二版。\n",
        "这一版本（共三版）内容有调整。\n",
        "本文转载自新华网（转载时有删节）。\n",
        "请翻到第3页（图表见第4页）。\n",
    ] {
        assert!(run(t, "page-marker").is_empty(), "{t}");
    }
}

// ---------------------------------------------------------------------------------------------
// Glued articles.

const STORY: &str = "入春以来，江南小城青溪镇的茶农们忙着采摘明前茶。

镇农业服务中心主任介绍，今年全镇茶园面积达到一万二千亩，春茶产量有望比去年增长一成以上。";

const OTHER: &str = "据介绍，市里将出台专门办法，为老街区改造提供资金支持。

会上，与会代表围绕历史建筑保护展开讨论，提出了多条建议。";

#[test]
fn closers_followed_by_more_text() {
    for closer in [
        "（新华社北京3月5日电）",
        "(新华社北京3月5日电)",
        "（完）",
        "（记者 陈晓东 报道）",
        "（本报记者 陈晓东）",
        "（责任编辑：王丽）",
        "【责任编辑：王丽】",
        "（作者系某大学教授）",
    ] {
        // Alone on its line.
        let t = format!("{STORY}\n\n{closer}\n\n{OTHER}\n");
        let d = run(&t, "glued-article");
        assert_eq!(d.len(), 1, "{t}");
        assert_eq!(
            d[0].span,
            span_of(&t, "据介绍，市里将出台专门办法，为老街区改造提供资金支持。")
        );
        assert_eq!(d[0].related[0].span, span_of(&t, closer));
        assert!(d[0].message.contains("其后 2 段"), "{}", d[0].message);
        // At the end of the last paragraph, then editorial lines, then the other story.
        let t = format!("{STORY}{closer}\n\n责任编辑：王丽\n\n{OTHER}\n");
        let d = run(&t, "glued-article");
        assert_eq!(d.len(), 1, "{t}");
        assert_eq!(
            d[0].span,
            span_of(&t, "据介绍，市里将出台专门办法，为老街区改造提供资金支持。")
        );
        assert_eq!(d[0].related[0].span, span_of(&t, closer));
    }
}

#[test]
fn stories_that_end_properly_are_not_glued() {
    for t in [
        // The closer ends the page.
        format!("{STORY}\n\n（新华社北京3月5日电）\n"),
        format!("{STORY}（完）\n"),
        // Editorial lines and page furniture after the closer.
        format!("{STORY}\n\n（本报记者 陈晓东）\n\n责任编辑：王丽\n\n来源：青溪日报\n"),
        format!("{STORY}（完）\n\n版权声明：本文版权归青溪日报所有，转载请注明出处。\n"),
        // The next story has a title, a heading or a dateline of its own.
        format!("{STORY}（完）\n\n老街区改造有了专门办法\n\n{OTHER}\n"),
        format!("{STORY}（完）\n\n老街区改造，有了专门办法\n\n{OTHER}\n"),
        format!("{STORY}\n\n（新华社北京3月5日电）\n\n# 老街区改造有了专门办法\n\n{OTHER}\n"),
        format!("{STORY}（完）\n\n新华社北京3月6日电 {OTHER}\n"),
        format!("{STORY}（完）\n\n本报北京3月6日电（记者 王五）{OTHER}\n"),
        // A dateline that opens a story, and a photo credit that is not a closer.
        format!("新华社北京5月20日电 {STORY}\n"),
        format!("{STORY}\n\n图为茶农在茶园采摘春茶。（新华社记者 张三 摄）\n\n{OTHER}\n"),
        // A bracketed dateline at the very top opens the story.
        format!("（新华社北京3月5日电）\n\n{STORY}\n"),
        // A page of news briefs, each closed by its own credit.
        format!("{STORY}（记者 陈晓东）\n\n{OTHER}（通讯员 王丽）\n\n{STORY}\n\n（本报记者 李明）\n"),
    ] {
        assert!(run(&t, "glued-article").is_empty(), "{t}");
    }
}

#[test]
fn glued_article_in_markdown_stops_at_a_rule() {
    let t = format!("{STORY}（完）\n\n---\n\n{OTHER}\n");
    assert!(run_kind(&t, SourceKind::Markdown, "glued-article").is_empty());
    let t = format!("{STORY}（完）\n\n{OTHER}\n");
    assert_eq!(run_kind(&t, SourceKind::Markdown, "glued-article").len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Cuts at a word boundary: a paragraph that stops without a stop although it does not read like
// a heading, and a next paragraph that continues it. Copy written for these tests.

/// One cut per case: the first half, the second half, and a fragment the message must hold.
const CUT_AT_A_WORD_BOUNDARY: &[(&str, &str, &str)] = &[
    // The last clause is a stump next to the clause before it.
    (
        "镇党委书记表示，今年将进一步完善茶叶加工和仓储设施，合理引导",
        "茶农错峰采摘，防止鲜叶价格大起大落。",
        "句子未完",
    ),
    (
        "青溪镇的茶园多数分布在海拔六百米以上的山坡，茶农",
        "祖祖辈辈靠手工采摘和炒制。",
        "句子未完",
    ),
    // An attributive 的 waiting for its noun.
    (
        "镇里依托青溪镇茶农世代相传的",
        "制茶技艺，开发了一批文创产品。",
        "虚词“的”",
    ),
    // A verb that needs its object, a preposition of means, an adverb that needs its verb.
    ("镇里今年将继续给予", "茶农技术和资金支持。", "虚词“给予”"),
    (
        "合作社负责人说，合作社将始终致力于",
        "提高茶叶品质。",
        "虚词“致力于”",
    ),
    ("全镇茶农通过", "电商平台卖出的春茶超过三成。", "虚词“通过”"),
    ("茶农和加工企业要共同", "维护青溪茶的品牌信誉。", "虚词“共同”"),
    // An enumerator without its item.
    ("三是", "拓展销售渠道，让青溪茶走向全国。", "虚词“是”"),
    // The copula, a conjunction or 等 opening the next paragraph.
    (
        "青溪茶叶的清香",
        "是当地独特的土壤和气候造就的。",
        "下段以“是”开头",
    ),
    (
        "镇里把茶叶收购点建在村口",
        "和公路边，方便茶农就近交售鲜叶。",
        "下段以“和”开头",
    ),
    (
        "镇里为茶农提供技术培训、小额贷款",
        "等多项服务。",
        "下段以“等”开头",
    ),
    // A first sentence of one word.
    (
        "茶农们最盼望的是政府和社会各界的",
        "支持。镇里今年拿出五百万元扶持茶产业。",
        "只有“支持”一个词",
    ),
    // An enumeration comma after a pronoun object is not a salutation (同志们，).
    (
        "镇干部要时时关心茶农、爱护他们、",
        "帮助他们解决实际困难。",
        "顿号",
    ),
];

#[test]
fn cuts_at_a_word_boundary_are_found() {
    for d in assert_each_cut_found(CUT_AT_A_WORD_BOUNDARY) {
        // Only a word split makes the fix safe.
        assert_eq!(applicability(&d), Applicability::Unsafe, "{d:?}");
    }
}

#[test]
fn cuts_at_a_word_boundary_between_other_paragraphs() {
    // The same cuts inside a page: only the cut is reported.
    assert_cuts_found_between_other_paragraphs(CUT_AT_A_WORD_BOUNDARY);
}

// Headline-like lines that end without a stop: titles and subtitles, slogans and verse, section
// heads, labels, datelines, bylines, credits and captions. Written for these tests in the shape
// of Chinese news pages. Each stands before a paragraph of prose and must stay silent.
const HEADLINE_LIKE: &str = "
习近平同法国总统马克龙举行会谈
国务院常务会议部署进一步稳就业举措
让绿色成为高质量发展的鲜明底色
奋力谱写中国式现代化建设新篇章
中国经济持续回升向好
两国关系不断发展
合作成果丰硕
未来可期
奋斗正当时
永远跟党走
从严治党永远在路上
一路向前
这十年
新时代这十年
日子越过越红火
春光正好
天更蓝了水更清了
在希望的田野上
我和我的祖国
总书记的人民情怀
关于进一步加强耕地保护的通知
如何推动高质量发展
为什么要坚持系统观念
中方表示坚决反对
外交部：中方坚决反对任何形式的“台独”分裂活动
习近平：坚持以人民为中心
稳住农业基本盘，守好“三农”基础
坚持人民至上，紧紧依靠人民推进改革
坚持以人民为中心的发展思想，不断增进民生福祉
稳就业、保民生、促发展
中央经济工作会议在北京举行 习近平发表重要讲话
两会特稿｜春天的约定
评论员文章
本报评论员
专家解读
记者手记
编后
短评
相关阅读
延伸阅读
链接
背景资料
相关新闻
数读2024
一图读懂政府工作报告
权威发布
新闻分析
国际观察
民生一线
他们的故事
我们的节日
向未来
为了人民
人民至上 生命至上
更上一层楼
再出发
向新而行
以新提质
一起向未来
青溪镇春茶开采
江南小城的茶产业振兴之路
全市新开通十二条公交线路
市长会见来访的客商代表团
2025年工作要点
第一部分 总体要求
第二章 主要任务
上篇
（上）
之一
问：
记者：
答：
对话张三：把论文写在大地上
“我们的日子越过越红火”
春风又绿江南岸
明月何时照我还
大江东去
不忘初心 牢记使命
全面建成小康社会
乡村振兴看青溪
老街区改造有了专门办法
新建水厂明年投产
春耕生产有序推进
粮食生产再获丰收
科技创新驱动发展
文化自信从哪里来
让文物活起来
把论文写在祖国大地上
网络安全为人民，网络安全靠人民
绿水青山就是金山银山
一带一路倡议提出十周年
中国这十年
美丽中国建设迈出重大步伐
青年强则国家强
扎根基层 服务群众
基层治理的青溪样本
数字经济赋能乡村振兴
打通服务群众“最后一公里”
守护好一江碧水
致敬最美逆行者
平凡岗位上的坚守
一名老党员的初心
那些年我们一起追过的梦
讲好中国故事
习近平回信勉励北京大学援藏毕业生
中共中央政治局召开会议
国务院关于印发《“十四五”数字经济发展规划》的通知
李强主持召开国务院常务会议
王毅同美国国务卿通电话
我国成功发射神舟十七号载人飞船
全国秋粮收购进展顺利
前三季度国民经济恢复向好
5月份CPI同比上涨0.2%
这个春节，我们在岗位上
2024，我们一起走过
致全市广大市民的一封信
告全体党员书
倡议书
附件
说明
注释
参考文献
责任编辑：王丽
来源：青溪日报
作者：张三
文/图 张三
本报记者 陈晓东 通讯员 王丽
新华社记者 张三 李四
新华社北京3月5日电
本报北京12月1日电（记者 王五）
图为茶农在青溪镇茶园采摘春茶
新华社记者 张三 摄
游客在西湖边赏花
3月5日，游客在西湖边赏花
茶农在青溪镇茶园采摘春茶（无人机照片）
一、总体要求
二、主要任务
（一）坚持党的全面领导
（二）加强组织保障
1. 加强监管
① 提高效率
第一，坚持稳中求进
一是稳住茶叶价格
扩大茶园面积
完善加工设施
拓展销售渠道
会议要求
会议指出
主要做法
基本情况
存在问题
下一步工作打算
工作目标
具体措施
时间安排
联系人：张三
电话：010-12345678
地址：北京市东城区某街道1号
报名方式
活动时间
活动地点
扫码关注
点击进入专题
更多精彩内容
（完）
编者按
作者系某大学教授
本文系国家社科基金项目成果
前言
后记
序
结语
引言
第一节 发展历程
五年来的工作回顾
2024年全市经济运行情况
表1 主要经济指标
图1 全市GDP增长情况
数据来源：市统计局
资料来源：国家统计局
注：本表数据为初步核算数
文件下载
全文如下
以下为讲话全文
谈治国理政
在全国抗击新冠肺炎疫情表彰大会上的讲话
在庆祝中国共产党成立100周年大会上的讲话
（2021年7月1日）
2024年3月5日
习近平
张三
李四 王五 赵六
北京
一个都不能少
路在脚下
幸福都是奋斗出来的
中国人的饭碗要牢牢端在自己手中
把青春奉献给祖国
以学铸魂 以学增智
学思想 强党性 重实践 建新功
读懂中国式现代化
从“有没有”到“好不好”
新华时评
人民论坛
人民时评
望海楼
钟声
国纪平
任仲平
宣言
仲音
新华社评论员
人民日报评论员
光明日报评论员
一周看点
今日谈
金台锐评
快评
微评
锐评
观点
声音
速览
提要
摘要
关键词
导读
热点追踪
深度调查
现场直击
一线探访
调研行
蹲点日记
新春走基层
新闻观察
聚焦两会
代表委员说
百姓心声
网友留言
坚持稳中求进工作总基调，推动经济实现质的有效提升和量的合理增长
深入学习贯彻党的二十大精神，奋力开创高质量发展新局面
以钉钉子精神抓好各项工作落实，确保党中央决策部署落地见效
立足新发展阶段，贯彻新发展理念，构建新发展格局
发挥好政府作用，激发市场主体活力
春节假期，全国铁路发送旅客超过一亿人次
受冷空气影响，北方地区将有大风降温天气
截至目前，全国已建成5G基站超过300万个
我国高速铁路营业里程达4.5万公里
全国发送旅客超一亿人次
非凡十年，行非凡之举，建非凡之功
习近平对长生生物疫苗案件作出重要指示，强调要一查到底严肃问责
出席中印领导人第二次非正式会晤并对尼泊尔进行国事访问
台风“安比”北上 携风带雨
日方企图排放核污染水 将严重影响人类健康
习近平对吉林长春长生生物疫苗案件作出重要指示 强调要一查到底严肃问责 始终把人民群众的身体健康放在首位 坚决守住安全底线
栗战书在江西调研时强调 围绕大局谋划部署推进人大工作 为打好“三大攻坚战”作出应有贡献
——国家主席习近平在十四届全国人大一次会议闭幕会讲话侧记
——记全国劳动模范、青溪镇茶农周桂芳
一个都不能少，一户都不能落下
山更绿了，水更清了，村民的腰包鼓起来了
小小茶叶，撬动乡村振兴大产业
一片叶子，富了一方百姓
从荒山到茶园，青溪镇的蝶变之路
十年磨一剑，青溪茶叶走向世界
今天，我们为什么还要读经典
春风十里，不如青溪茶香
11月20日，工作人员在南京市一家智能工厂的生产线上作业
3月5日，在青溪镇茶园，茶农正在采摘春茶
游客在青溪镇茶园体验采茶，感受茶文化
当地时间3月5日，联合国安理会在纽约举行会议
航拍青溪镇万亩茶园，层层叠叠的茶垄宛如绿色的波浪
这是3月5日拍摄的青溪镇茶园
周桂芳，青溪镇茶农，种茶三十年
春眠不觉晓，处处闻啼鸟
海内存知己，天涯若比邻
长风破浪会有时，直挂云帆济沧海
不畏浮云遮望眼，自缘身在最高层
千磨万击还坚劲，任尔东西南北风
人民有信仰，国家有力量，民族有希望
江山就是人民，人民就是江山
青山就是美丽，蓝天也是幸福
为中国人民谋幸福，为中华民族谋复兴
既要金山银山，也要绿水青山
宁要绿水青山，不要金山银山
只要功夫深，铁杵磨成针
空谈误国，实干兴邦
撸起袖子加油干，风雨无阻向前行
幸福不会从天而降，美好生活靠劳动创造
我们都在努力奔跑，我们都是追梦人
一起向未来，共赴冬奥之约
绿色发展，青溪在行动
乡村振兴，产业先行
共建“一带一路”，共享发展机遇
守护绿水青山，建设美丽家园
弘扬劳模精神，争做时代先锋
青溪镇：小茶叶做成大产业
专家：茶叶价格将保持稳定
一季度我国GDP同比增长5.3%
前5个月全国规模以上工业增加值同比增长6.2%
青溪镇获评全国文明村镇
2024年青溪镇茶叶产量达到一万二千吨
图为青溪镇茶园，茶农在采摘春茶
上图：青溪镇茶园
下图：茶农在采摘春茶
左图为茶园，右图为加工车间
本报记者 陈晓东 摄
陈晓东 摄
摄影：陈晓东
视频：李四
制图：王五
策划：张三
统筹：赵六
监制：李四
出品：青溪日报
编辑：王丽
校对：赵六
审核：李明
记者：陈晓东
通讯员：王丽
实习生：李四
";

/// Paragraphs that may follow a heading, several of which open with words the rule treats as
/// evidence elsewhere (是, 和, 等, a one-word clause).
const AFTER_HEADLINE: &[&str] = &[
    "据了解，今年以来，全镇已接待前来采茶、品茶的游客三万多人次。",
    "是啊，谁能想到十年前这里还是一片荒山。",
    "是日，青溪天气晴好，茶园里游人如织。",
    "和往年一样，今年的春茶开采节吸引了大批游客。",
    "与此同时，镇里还新建了一座茶文化展示馆。",
    "等到茶叶上市，镇里还将举办品茶大会。",
    "中菲两国是隔海相望的近邻，友好交往源远流长。",
    "上午9时，开采仪式正式开始。",
    "要坚持以人民为中心的发展思想，着力解决群众最关心的问题。",
    "也有人认为，茶叶价格还会进一步上涨。",
    "他说：“我们将继续努力，把茶产业做大做强。”",
    "2024年，全市地区生产总值同比增长5.2%。",
];

#[test]
fn headline_like_lines_before_prose_stay_silent() {
    let heads: Vec<&str> = HEADLINE_LIKE.lines().filter(|l| !l.is_empty()).collect();
    let unterminated = heads
        .iter()
        .filter(|h| !h.ends_with(['。', '！', '？', '”', '）', '：']))
        .count();
    assert!(unterminated >= 300, "{unterminated}");
    let mut alarms = Vec::new();
    for (i, h) in heads.iter().enumerate() {
        let mut next: Vec<&str> = [0, 5, 7]
            .iter()
            .map(|k| AFTER_HEADLINE[(i + k) % AFTER_HEADLINE.len()])
            .collect();
        // A heading followed by the next heading (title and subtitle, a column of labels).
        next.extend(heads.get(i + 1));
        for n in next {
            let t = format!("{h}\n\n{n}\n");
            alarms.extend(run(&t, "broken-join").into_iter().map(|d| d.message));
        }
    }
    assert!(alarms.is_empty(), "{alarms:#?}");
}

/// Cuts after a title-like first half where both halves are words of their own but one is
/// bound: it occurs inside the whole word far more often than on its own (民族 in 中华民族,
/// 主义 in 社会主义, 共产党 in 中国共产党). Written for these tests.
const BOUND_WORD_CUTS: &[(&str, &str, &str)] = &[
    ("青溪镇的变化凝聚着中华", "民族自强不息的精神。", "中华民族"),
    ("茶农们说，走中国特色社会", "主义道路，日子才有奔头。", "社会主义"),
    (
        "老周是一名有三十年党龄的中国",
        "共产党党员，种了一辈子茶。",
        "中国共产党",
    ),
    ("今年全镇地区生产", "总值突破十亿元，比上年增长一成。", "生产总值"),
];

#[test]
fn a_bound_word_split_after_a_title_like_half_is_found() {
    for &(a, b, word) in BOUND_WORD_CUTS {
        let t = format!("{a}\n\n{b}\n");
        let found = run(&t, "broken-join");
        assert_eq!(found.len(), 1, "{t}: {found:#?}");
        assert_eq!(found[0].span, a.len()..a.len() + 2, "{t}");
        assert!(found[0].message.contains(word), "{t}: {}", found[0].message);
        assert_eq!(applicability(&found[0]), Applicability::Safe, "{t}");
    }
}

/// Headlines whose last word and the next paragraph's first word happen to sit side by side
/// as they would inside a longer word or phrase (经济|社会, 国际|市场, 小康|社会, 世界|经济),
/// and headlines whose last character starts the paragraph again (画卷|中华, 茶园|共同体).
/// Written for these tests in the shape of a local news page; each pair must stay silent.
const HEADLINE_THEN_WORD: &[(&str, &str)] = &[
    (
        "青溪镇全力推动乡村经济",
        "社会各界纷纷参与其中，为茶产业发展出谋划策。",
    ),
    ("青溪茶叶加快走向国际", "市场前景广阔，今年出口订单同比增长三成。"),
    ("老区人民奔小康", "社会保障体系日益完善，群众获得感不断增强。"),
    ("数字技术赋能实体经济", "发展质量稳步提升，新动能加快成长。"),
    ("让茶香飘向世界", "经济全球化为茶叶出口带来新的机遇。"),
    ("青溪镇举办首届茶文化", "节日期间，游客可以免费品尝新茶。"),
    ("守护一方水土的基层干部", "群众有事都愿意找他们商量。"),
    (
        "春茶开采迎来丰收",
        "季节性用工需求明显增加，镇里组织了专场招聘会。",
    ),
    ("茶园里的青春", "少年们在这里学习采茶制茶。"),
    ("全镇茶农人均增收三千元", "生产总值连续五年保持两位数增长。"),
    ("青溪茶叶品牌价值突破十亿元", "人民群众的钱袋子越来越鼓。"),
    ("一片茶叶带富一方百姓", "日报记者走进青溪镇，记录茶农的新生活。"),
    ("发展特色产业 建设美丽乡村", "社会主义新农村建设取得新进展。"),
    ("绘就乡村振兴新画卷", "中华民族伟大复兴的宏伟蓝图正在变为现实。"),
    ("我们的茶园", "共同体意识在村民中深入人心。"),
    ("小小茶叶的大市场", "经济效益和社会效益实现双丰收。"),
    (
        "乡村振兴的青溪实践",
        "中国特色社会主义进入新时代以来，青溪镇发生了翻天覆地的变化。",
    ),
    ("做强做优茶产业", "基础设施建设为茶叶外运提供了便利。"),
    ("让老百姓过上好日子", "子孙后代也能享受绿水青山带来的福祉。"),
    ("茶乡新风貌", "貌似平常的小镇，藏着不少新鲜事。"),
    ("青溪镇的变与不变", "变的是茶园的面积，不变的是茶农的初心。"),
    ("致敬最美茶农", "农业农村部近日公布了全国农业劳动模范名单。"),
    ("一杯好茶的诞生", "生产车间里，工人们正在分拣新茶。"),
    ("青溪茶飘香海外", "外国友人纷纷点赞中国茶。"),
    ("在希望的田野上", "上半年，全镇茶叶销售额突破两亿元。"),
    ("青溪镇茶旅融合见闻", "闻着茶香，游客们走进了茶园深处。"),
    ("老茶农的心愿", "等你们长大了，也回来种茶吧。"),
];

#[test]
fn headlines_whose_last_word_meets_the_next_paragraph_stay_silent() {
    for &(h, p) in HEADLINE_THEN_WORD {
        let t = format!("{h}\n\n{p}\n");
        let found = run(&t, "broken-join");
        assert!(found.is_empty(), "{t}: {found:#?}");
    }
}
