//! The joins family (broken-join, page-marker, glued-article): the seed page, copy written for
//! these tests with one defect of every kind, and traps that must stay silent.

use newslint::document::SourceKind;
use newslint::rules::joins::Options;
use newslint::{Applicability, Diagnostic, Settings, check_str, fix};
use std::ops::Range;

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
