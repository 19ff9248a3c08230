//! `duplicate-text` on copy written for these tests (clean copy with traps, and copies with
//! injected duplicates), and on the seed page.

use newslint::document::SourceKind;
use newslint::{Applicability, Diagnostic, Settings, Severity};
use std::collections::BTreeSet;

const RULE: &str = "duplicate-text";

fn run(text: &str, kind: SourceKind) -> Vec<Diagnostic> {
    newslint::check_str(text, kind, &Settings::default())
        .into_iter()
        .filter(|d| d.rule == RULE)
        .collect()
}

fn plain(text: &str) -> Vec<Diagnostic> {
    run(text, SourceKind::Plain)
}

/// Settings that run only this rule (for fix tests: other rules' fixes stay out of the way).
fn only_this_rule() -> Settings {
    Settings {
        select: Some(BTreeSet::from([RULE.to_string()])),
        ..Settings::default()
    }
}

fn fixed(text: &str) -> String {
    newslint::fix::fix_until_stable(text, SourceKind::Plain, &only_this_rule(), true).0
}

/// Byte range of the `n`-th (0-based) occurrence of `needle` in `hay`.
fn nth(hay: &str, needle: &str, n: usize) -> std::ops::Range<usize> {
    let start = hay
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("{needle:?} #{n} not in text"))
        .0;
    start..start + needle.len()
}

// ---------------------------------------------------------------------------------------
// Clean copy: legitimate repetition that must not be reported.
// ---------------------------------------------------------------------------------------

const CLEAN: &str = "青山县农村公路通到了每一个自然村

　　青山县农村公路通到了每一个自然村。今年以来，青山县把农村公路建设作为民生实事来抓，新修和改造农村公路三百二十公里，沿线建起了十二座冷链仓库。
　　会议指出。会议强调。会议要求。
　　一月份全县农产品网络销售额同比增长百分之十二。二月份全县农产品网络销售额同比增长百分之十二。
　　今年以来，全县进口农机具数量保持增长势头。今年以来，全县出口农机具数量保持增长势头。
　　县政府常务会议听取了关于防汛工作的专题汇报。县政府常务会议听取了关于安全工作的专题汇报。
　　坚持规划先行，推动城乡融合；坚持规划先行，推动产业升级；坚持规划先行，推动生态保护。
　　村民王芳说：“要想富先修路，这句话我们记了整整几十年。”她的邻居也笑着说：“要想富先修路，这句话我们记了整整几十年。”
　　这是一条致富路，这是一条连心路，这是一条幸福路。
　　“绿水青山就是金山银山”，这句话写在村口的石碑上；“绿水青山就是金山银山”，这句话也记在村民的心里。
";

#[test]
fn clean_copy_with_traps_is_not_reported() {
    let d = plain(CLEAN);
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn markdown_heading_repeated_as_first_sentence_is_not_reported() {
    let t = "# 青山县农村公路通到了每一个自然村\n\n青山县农村公路通到了每一个自然村。县交通运输局说，今年还将新修一百公里。\n\n- 加快推进农村公路提档升级，让群众出行更方便。\n- 加快推进农村物流体系建设，让农产品卖得更顺畅。\n\n| 乡镇 | 说明 |\n|---|---|\n| 东乡 | 今年计划新修农村公路三十公里以上 |\n| 西乡 | 今年计划新修农村公路三十公里以上 |\n";
    let d = run(t, SourceKind::Markdown);
    assert!(d.is_empty(), "{d:#?}");
}

// ---------------------------------------------------------------------------------------
// Injected duplicates.
// ---------------------------------------------------------------------------------------

const BASE: [&str; 4] = [
    "　　县里新修的公路通到了每个自然村，沿线的果园也有了冷库。去年秋天，村里的苹果第一次卖到了省城的超市。",
    "　　合作社理事长张强告诉记者，过去一到雨季，山路就泥泞难行，收购商的货车根本开不进来。如今，货车可以直接开到果园地头。",
    "　　县交通运输局介绍，明年还将实施农村公路安全生命防护工程，为临水临崖路段加装护栏。",
    "　　村民们说，路修好了，日子也越过越有奔头。",
];

fn article(paras: &[&str]) -> String {
    let mut t = String::new();
    for p in paras {
        t.push_str(p);
        t.push('\n');
    }
    t
}

#[test]
fn base_article_is_clean() {
    assert!(plain(&article(&BASE)).is_empty());
}

#[test]
fn sentence_copied_into_a_later_paragraph() {
    let copy = "去年秋天，村里的苹果第一次卖到了省城的超市。";
    let p3 = format!("{}{copy}", BASE[2]);
    let t = article(&[BASE[0], BASE[1], &p3, BASE[3]]);
    let d = plain(&t);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].severity, Severity::Warning);
    assert_eq!(d[0].span, nth(&t, copy, 1));
    assert_eq!(
        d[0].related[0].span,
        nth(&t, "去年秋天，村里的苹果第一次卖到了省城的超市", 0)
    );
    assert_eq!(d[0].message, "本句重复了第1行第30列的句子，应删去重复的一处");
    assert_eq!(d[0].fix.as_ref().unwrap().applicability, Applicability::Unsafe);
    assert_eq!(fixed(&t), article(&BASE));
}

#[test]
fn english_message_names_line_and_column() {
    let mut settings = only_this_rule();
    settings.lang = newslint::Lang::En;
    let t = "导语说明了情况。县里新修的公路通到了每个自然村。\n果园也有了冷库。县里新修的公路通到了每个自然村。\n";
    let d = newslint::check_str(t, SourceKind::Plain, &settings);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].message,
        "this sentence repeats line 1, column 9; delete the repeat"
    );
}

#[test]
fn run_of_sentences_is_one_finding() {
    let copy = "合作社理事长张强告诉记者，过去一到雨季，山路就泥泞难行，收购商的货车根本开不进来。如今，货车可以直接开到果园地头。";
    let p4 = format!("{}{copy}", BASE[3]);
    let t = article(&[BASE[0], BASE[1], BASE[2], &p4]);
    let d = plain(&t);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].span, nth(&t, copy, 1));
    assert_eq!(d[0].related[0].span, {
        let r = nth(&t, copy, 0);
        r.start..r.end - "。".len()
    });
    assert!(
        d[0].message.starts_with("这2句重复了第2行第3列起的2句"),
        "{}",
        d[0].message
    );
    assert_eq!(fixed(&t), article(&BASE));
}

#[test]
fn paragraph_copied_is_one_finding_and_the_fix_removes_its_line() {
    let t = article(&[BASE[0], BASE[1], BASE[2], BASE[1], BASE[3]]);
    let d = plain(&t);
    assert_eq!(d.len(), 1, "{d:#?}");
    let second = nth(&t, BASE[1], 1);
    assert_eq!(d[0].span, second.start..second.end + 1);
    assert_eq!(d[0].message, "本段重复了第2行的段落，应删去重复的一处");
    assert_eq!(fixed(&t), article(&BASE));
}

#[test]
fn consecutive_paragraphs_copied_are_one_finding() {
    let t = article(&[BASE[0], BASE[1], BASE[2], BASE[0], BASE[1], BASE[3]]);
    let d = plain(&t);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].message, "这2段重复了第1行起的2段，应删去重复的一处");
    assert_eq!(fixed(&t), article(&BASE));
}

#[test]
fn last_paragraph_copied_at_end_of_file() {
    // The finding stays on the copy's line; a blank line before it is left in place.
    let t = format!("{}\n{}", article(&BASE[..3]), BASE[1]);
    let d = plain(&t);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].span, nth(&t, BASE[1], 1));
    assert_eq!(fixed(&t), format!("{}\n", article(&BASE[..3])));
}

#[test]
fn copy_with_a_changed_punctuation_mark_is_found() {
    // The comma of the copy became an enumeration comma and the full stop half-width.
    let copy = "去年秋天、村里的苹果第一次卖到了省城的超市.";
    let p3 = format!("{}{copy}", BASE[2]);
    let t = article(&[BASE[0], BASE[1], &p3, BASE[3]]);
    let d = plain(&t);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].span, nth(&t, copy, 0));
    assert_eq!(
        d[0].related[0].span,
        nth(&t, "去年秋天，村里的苹果第一次卖到了省城的超市", 0)
    );
}

#[test]
fn paragraph_with_half_width_punctuation_is_the_same_paragraph() {
    let copy = BASE[1].replace('，', ",").replace('。', ".");
    let t = article(&[BASE[0], BASE[1], BASE[2], &copy, BASE[3]]);
    let d = plain(&t);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(d[0].message.starts_with("本段重复了第2行"), "{}", d[0].message);
}

#[test]
fn near_copy_with_one_character_changed() {
    let copy = "县交通运输局介绍，明年还将实施农村公路安全生命防护工程，为临水临崖路段架装护栏。";
    let t = article(&[BASE[0], BASE[1], BASE[2], &format!("　　{copy}"), BASE[3]]);
    let d = plain(&t);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(d[0].message.contains("有一两个字不同"), "{}", d[0].message);
    assert_eq!(d[0].related[0].span.start, t.find("县交通运输局").unwrap());
}

#[test]
fn sentence_glued_to_itself_with_a_comma() {
    let p = "　　县里新修的公路通到了每个自然村，县里新修的公路通到了每个自然村，沿线的果园也有了冷库。";
    let t = article(&[p, BASE[1]]);
    let d = plain(&t);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].severity, Severity::Warning);
    assert_eq!(d[0].span, nth(&t, "县里新修的公路通到了每个自然村，", 1));
    assert!(d[0].message.contains("紧接着又重复了一遍"), "{}", d[0].message);
    assert_eq!(
        fixed(&t),
        article(&[
            "　　县里新修的公路通到了每个自然村，沿线的果园也有了冷库。",
            BASE[1]
        ])
    );
}

#[test]
fn pasted_tail_glued_at_sentence_end() {
    // The copy ends the sentence: the fix removes the comma before it, keeps the full stop.
    let p = "　　县里新修的公路通到了每个自然村，沿线果园也有了冷库，沿线果园也有了冷库。";
    let t = article(&[p]);
    let d = plain(&t);
    // 沿线果园也有了冷库 has 9 Han characters: below the sentence threshold, not reported.
    assert!(d.is_empty(), "{d:#?}");
    let p = "　　县里新修的公路通到了每个自然村，沿线的果园也都有了新冷库，沿线的果园也都有了新冷库。";
    let t = article(&[p]);
    let d = plain(&t);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].span, nth(&t, "，沿线的果园也都有了新冷库", 1));
    assert_eq!(
        fixed(&t),
        "　　县里新修的公路通到了每个自然村，沿线的果园也都有了新冷库。\n"
    );
}

#[test]
fn semicolon_chain_of_copies_like_the_seed() {
    let a = "县里新修的公路通到了每个自然村";
    let b = "农村物流站点覆盖了全部乡镇，快递进村的难题得到解决";
    let p = format!("　　{a}；{b}；{b}；{b}。");
    let t = article(&[&p]);
    let d = plain(&t);
    assert_eq!(d.len(), 2, "{d:#?}");
    let first = nth(&t, b, 0);
    for x in &d {
        assert_eq!(x.severity, Severity::Warning);
        assert_eq!(x.related[0].span, first);
    }
    // The second copy goes with the semicolon after it; the last one with the semicolon
    // before it, so the sentence keeps its full stop.
    let second = nth(&t, b, 1);
    assert_eq!(d[0].span, second.start..second.end + "；".len());
    let third = nth(&t, b, 2);
    assert_eq!(d[1].span, third.start - "；".len()..third.end);
    assert_eq!(fixed(&t), format!("　　{a}；{b}。\n"));
}

#[test]
fn long_clause_repeated_in_a_paragraph_is_info_without_fix() {
    let p = "　　今年，县里整合涉农资金，全面完成了农村公路安全生命防护工程建设任务，群众很满意。明年，县里将继续巩固提升，全面完成了农村公路安全生命防护工程建设任务，再上新台阶。";
    let t = article(&[p]);
    let d = plain(&t);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].severity, Severity::Info);
    assert!(d[0].fix.is_none());
    assert_eq!(
        d[0].span,
        nth(&t, "全面完成了农村公路安全生命防护工程建设任务", 1)
    );
    assert_eq!(
        d[0].related[0].span,
        nth(&t, "全面完成了农村公路安全生命防护工程建设任务", 0)
    );
}

#[test]
fn short_formulaic_clauses_are_not_reported() {
    let p = "　　坚持问题导向，推动高质量发展，持续改善群众出行条件；坚持问题导向，推动高质量发展，不断提升农村物流服务水平。";
    assert!(plain(&article(&[p])).is_empty());
}

#[test]
fn thresholds_are_configurable() {
    let t = "导语说明了情况。公路通到了村里。\n果园也有了冷库。公路通到了村里。\n";
    assert!(plain(t).is_empty());
    let mut s = Settings::default();
    s.duplicate.min_sentence_han = 6;
    let d: Vec<_> = newslint::check_str(t, SourceKind::Plain, &s)
        .into_iter()
        .filter(|d| d.rule == RULE)
        .collect();
    assert_eq!(d.len(), 1, "{d:#?}");
}

#[test]
fn config_section_deserialises_with_kebab_case_keys() {
    let o: newslint::rules::duplicate::Options = toml::from_str(
        "min-sentence-han = 12\nmin-clause-han = 20\nmin-paragraph-han = 30\nmax-edits = 1\ncross-file = false\n",
    )
    .unwrap();
    assert_eq!(o.min_sentence_han, 12);
    assert_eq!(o.min_clause_han, 20);
    assert_eq!(o.min_paragraph_han, 30);
    assert_eq!(o.max_edits, 1);
    assert!(!o.cross_file);
    let d: newslint::rules::duplicate::Options = toml::from_str("").unwrap();
    assert!(d.cross_file);
    assert!(toml::from_str::<newslint::rules::duplicate::Options>("min-sentence = 3").is_err());
}

#[test]
fn suppressed_by_directive() {
    let t = format!(
        "{}\n<!-- newslint-disable-next-line duplicate-text -->\n{}\n",
        BASE[1], BASE[1]
    );
    assert!(run(&t, SourceKind::Markdown).is_empty());
}

// ---------------------------------------------------------------------------------------
// The seed page (see /work/shared/seed/DEFECTS.md, "Duplicated text").
// ---------------------------------------------------------------------------------------

const SEED: &str = include_str!("fixtures/seed.txt");

/// Line 93 holds the 全球安全倡议 sentence three times (bytes 23287, 23619, 23951); the
/// first copy ends with a clause pasted from the 全球发展倡议 sentence (column 95 onward).
#[test]
fn seed_line_93_pasted_sentence_three_times() {
    let d = plain(SEED);
    let summary: Vec<_> = d
        .iter()
        .map(|x| (x.severity, x.span.clone(), x.related[0].span.clone()))
        .collect();
    assert_eq!(
        summary,
        vec![
            // The pasted clause inside the first copy repeats the development clause.
            (Severity::Info, 23472..23618, 23140..23286),
            // The second copy, with the semicolon after it.
            (Severity::Warning, 23619..23951, 23287..23618),
            // The third copy, with the semicolon before it (the sentence keeps its 。).
            (Severity::Warning, 23950..24282, 23287..23618),
        ],
        "{d:#?}"
    );
    assert!(SEED[23472..].starts_with("为落实联合国2030年可持续发展议程扫清制度障碍"));
    assert!(SEED[23140..].starts_with("为落实联合国2030年可持续发展议程扫清制度障碍"));
    assert!(SEED[23287..].starts_with("全球安全倡议畅通长效协调路径"));
    assert_eq!(d[1].message, "本句重复了第93行第148列的句子，应删去重复的一处");
    assert_eq!(d[2].message, "本句重复了第93行第148列的句子，应删去重复的一处");
    assert!(d[0].message.contains("第93行第95列"), "{}", d[0].message);
}

#[test]
fn seed_fix_leaves_one_copy_ending_with_a_full_stop() {
    let out = fixed(SEED);
    let line = out.lines().nth(92).unwrap();
    assert_eq!(line.matches("全球安全倡议畅通长效协调路径").count(), 1);
    assert!(line.ends_with("均衡的方向发展。"), "{line}");
    // Nothing else on the page changed.
    assert_eq!(out.len(), SEED.len() - (24282 - 23618));
}
