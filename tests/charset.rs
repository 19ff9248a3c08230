//! The charset family (`traditional-char`, `variant-char`) on the seed page, on copy written
//! for these tests, and the check that the committed tables are current.

#[path = "../examples/gen_charset.rs"]
mod gen_charset;

use newslint::rules::charset::tables::Tables;
use newslint::rules::charset::{TRADITIONAL_CHAR, VARIANT_CHAR};
use newslint::{Applicability, Diagnostic, Settings, Severity, SourceKind};

fn run(text: &str, kind: SourceKind, settings: &Settings) -> Vec<Diagnostic> {
    newslint::check_str(text, kind, settings)
        .into_iter()
        .filter(|d| d.rule == TRADITIONAL_CHAR || d.rule == VARIANT_CHAR)
        .collect()
}

fn lint(text: &str) -> Vec<Diagnostic> {
    run(text, SourceKind::Plain, &Settings::default())
}

/// `(rule, flagged text, replacement, applicability)` of each finding.
fn summary<'a>(text: &'a str, d: &[Diagnostic]) -> Vec<(&'static str, &'a str, String, Applicability)> {
    d.iter()
        .map(|x| {
            let f = x.fix.as_ref().expect("every finding of this family has a fix");
            (
                x.rule,
                &text[x.span.clone()],
                f.replacement.clone(),
                f.applicability,
            )
        })
        .collect()
}

/// Byte span of the `n`th (0-based) occurrence of `needle`.
fn span_of(text: &str, needle: &str, n: usize) -> std::ops::Range<usize> {
    let (i, _) = text.match_indices(needle).nth(n).expect("needle present");
    i..i + needle.len()
}

use Applicability::{Safe, Unsafe};

// --- seed page ------------------------------------------------------------------------------

#[test]
fn seed_page_has_one_traditional_finding_on_guanjian_and_no_variant() {
    let text = include_str!("fixtures/seed.txt");
    let d = lint(text);
    let trad: Vec<&Diagnostic> = d.iter().filter(|x| x.rule == TRADITIONAL_CHAR).collect();
    assert_eq!(trad.len(), 1, "{d:?}");
    assert_eq!(trad[0].span, 18178..18184);
    assert_eq!(&text[trad[0].span.clone()], "關鍵");
    assert_eq!(text[..trad[0].span.start].matches('\n').count() + 1, 73);
    assert_eq!(trad[0].severity, Severity::Warning);
    let fix = trad[0].fix.as_ref().unwrap();
    assert_eq!((fix.replacement.as_str(), fix.applicability), ("关键", Safe));
    assert!(!d.iter().any(|x| x.rule == VARIANT_CHAR), "{d:?}");
}

// --- stray Traditional words in Simplified copy --------------------------------------------

#[test]
fn scattered_traditional_words_are_reported_one_run_each() {
    let text = "本报讯 市交通局昨天發佈消息，地铁三号线将於下月底开通。\n\
                通车后，沿线居民的通勤時間预计缩短一半，这对於缓解早高峰拥堵很關鍵。\n\
                入冬以后空气乾燥，站内将增设饮水点。";
    let d = lint(text);
    assert_eq!(
        summary(text, &d),
        vec![
            (TRADITIONAL_CHAR, "發佈", "发布".to_string(), Safe),
            (TRADITIONAL_CHAR, "於", "于".to_string(), Safe),
            (TRADITIONAL_CHAR, "時間", "时间".to_string(), Safe),
            (TRADITIONAL_CHAR, "於", "于".to_string(), Safe),
            (TRADITIONAL_CHAR, "關鍵", "关键".to_string(), Safe),
            (TRADITIONAL_CHAR, "乾", "干".to_string(), Safe),
        ]
    );
    assert_eq!(d[0].span, span_of(text, "發佈", 0));
    assert_eq!(d[1].span, span_of(text, "於", 0));
    assert_eq!(d[3].span, span_of(text, "於", 1));
    assert_eq!(d[5].span, span_of(text, "乾", 0));
    assert!(d.iter().all(|x| x.severity == Severity::Warning));
}

#[test]
fn applying_the_fixes_converts_the_copy() {
    let text = "记者瞭解到，這個項目的關鍵是资金。";
    let d = newslint::check_str(text, SourceKind::Plain, &Settings::default());
    let (fixed, _) = newslint::fix::apply(text, &d, false);
    assert_eq!(fixed, "记者了解到，这个项目的关键是资金。");
}

#[test]
fn ambiguous_characters_are_silent_where_they_are_standard() {
    for ok in [
        "乾隆年间修建的这座寺庙保存完好。",
        "景区修复了清代的瞭望塔。",
        "会后现场一片狼藉。",
        "伤亡枕藉的惨状令人痛心。",
        "他从大阪转机回国。",
        "孩子们最喜欢哪吒闹海的故事。",
        "旅美作家於梨华的小说再版。",
        "对於梨华来说，写作是一种乡愁。",
        "扭转乾坤，在此一举。",
        "全面覆盖城乡的医保网络已经建成。",
        "颠覆性技术需要长期投入。",
        "宫商角徵羽是古代五音。",
        "毕昇发明了活字印刷术。",
        "李东昇当选为村委会主任。",
        "人民日报记者於可训报道。",
        "这番话给了她莫大的慰藉。",
        "君子终日乾乾，夕惕若厉。",
    ] {
        let d = lint(ok);
        assert!(d.is_empty(), "{ok}: {d:?}");
    }
}

#[test]
fn ambiguous_characters_are_reported_inside_traditional_words() {
    let cases = [
        ("天气乾燥，注意防火。", "乾", "干"),
        ("记者瞭解到有关情况。", "瞭", "了"),
        ("於是，大家继续讨论。", "於", "于"),
        ("税务部门依法徵收税款。", "徵", "征"),
        ("不要找藉口推卸责任。", "藉", "借"),
        ("他反覆强调安全生产。", "覆", "复"),
        ("两家企业结成战略夥伴。", "夥", "伙"),
        ("一目瞭然的数据图表。", "瞭", "了"),
        ("要学会剋制自己的情绪。", "剋", "克"),
    ];
    for (text, flagged, to) in cases {
        let d = lint(text);
        assert_eq!(
            summary(text, &d),
            vec![(TRADITIONAL_CHAR, flagged, to.to_string(), Safe)],
            "{text}"
        );
        let msg = &d[0].message;
        assert!(msg.contains("繁体"), "{msg}");
    }
}

#[test]
fn a_half_converted_word_is_still_recognised() {
    // 乾淨 with 淨 already Simplified: 乾 is still the Traditional 干.
    let text = "把桌面擦得乾净。";
    assert_eq!(
        summary(text, &lint(text)),
        vec![(TRADITIONAL_CHAR, "乾", "干".to_string(), Safe)]
    );
    // Both Traditional: one run.
    let text = "把桌面擦得乾淨。";
    assert_eq!(
        summary(text, &lint(text)),
        vec![(TRADITIONAL_CHAR, "乾淨", "干净".to_string(), Safe)]
    );
}

#[test]
fn name_characters_need_visible_traditional_script() {
    // 昇 is allowed in names (李东昇): only a visibly Traditional phrase makes it Traditional.
    let text = "产业结构不断昇華。";
    assert_eq!(
        summary(text, &lint(text)),
        vec![(TRADITIONAL_CHAR, "昇華", "升华".to_string(), Safe)]
    );
    assert!(lint("产业结构不断昇华。").is_empty());
    let text = "医生正在教心肺復甦術。";
    assert_eq!(
        summary(text, &lint(text)),
        vec![(TRADITIONAL_CHAR, "復甦術", "复苏术".to_string(), Safe)]
    );
    // The price of protecting names: 甦醒 written with Simplified neighbours stays silent.
    assert!(lint("病人已经甦醒。").is_empty());
}

// --- context-dependent conversions ------------------------------------------------------------

#[test]
fn a_phrase_decides_between_several_simplified_forms() {
    let text = "钱锺书的《围城》又称錢鍾書的代表作。";
    let d = lint(text);
    assert_eq!(
        summary(text, &d),
        vec![(TRADITIONAL_CHAR, "錢鍾書", "钱锺书".to_string(), Safe)]
    );
    let text = "两人一見鍾情。";
    assert_eq!(
        summary(text, &lint(text)),
        vec![(TRADITIONAL_CHAR, "見鍾", "见钟".to_string(), Safe)]
    );
}

#[test]
fn without_a_phrase_the_alternatives_are_named_and_the_fix_is_unsafe() {
    let text = "广场上的大鍾敲响了。";
    let d = lint(text);
    assert_eq!(
        summary(text, &d),
        vec![(TRADITIONAL_CHAR, "鍾", "钟".to_string(), Unsafe)]
    );
    assert!(d[0].message.contains("锺"), "{}", d[0].message);
    let en = Settings {
        lang: newslint::Lang::En,
        ..Settings::default()
    };
    let d = run(text, SourceKind::Plain, &en);
    assert!(d[0].message.contains("may also be “锺”"), "{}", d[0].message);
}

#[test]
fn a_phrase_converts_a_character_the_character_table_would_not() {
    let text = "这个结论一目瞭然。";
    assert_eq!(
        summary(text, &lint(text)),
        vec![(TRADITIONAL_CHAR, "瞭", "了".to_string(), Safe)]
    );
    // The character table alone gives the same here, but the phrase is what decided it.
    assert!(lint("瞭望").is_empty());
}

// --- a Traditional document -------------------------------------------------------------------

const TRADITIONAL_PARAGRAPH: &str = "臺北市政府今天宣布，捷運環狀線第二階段將於明年動工，\
    預計五年後通車。市長表示，這項工程對於改善東區交通非常重要，市府會與中央密切合作，\
    確保工程品質與施工安全。";

#[test]
fn a_mostly_traditional_document_gets_one_info_finding() {
    let d = lint(TRADITIONAL_PARAGRAPH);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].rule, TRADITIONAL_CHAR);
    assert_eq!(d[0].severity, Severity::Info);
    assert_eq!(d[0].span, span_of(TRADITIONAL_PARAGRAPH, "臺", 0));
    assert!(d[0].fix.is_none());
    assert!(d[0].message.contains("繁体中文"), "{}", d[0].message);
}

#[test]
fn the_threshold_is_configurable() {
    let mut s = Settings::default();
    s.charset.mostly_traditional_threshold = 1.0;
    let d = run(TRADITIONAL_PARAGRAPH, SourceKind::Plain, &s);
    assert!(d.len() > 10, "{d:?}");
    assert!(d.iter().all(|x| x.severity == Severity::Warning));
}

#[test]
fn a_traditional_paragraph_quoted_in_simplified_copy_is_reported_word_by_word() {
    let simplified = "市政府今天召开新闻发布会，介绍城市轨道交通建设的最新进展。\
        据介绍，今年全市将新开工三条地铁线路，总里程超过一百公里，预计三年内建成通车。";
    let text = format!("{simplified}\n{simplified}\n{TRADITIONAL_PARAGRAPH}\n{simplified}\n");
    let d = lint(&text);
    assert!(d.len() > 10, "{d:?}");
    assert!(d.iter().all(|x| x.severity == Severity::Warning));
    let para = span_of(&text, TRADITIONAL_PARAGRAPH, 0);
    assert!(
        d.iter()
            .all(|x| para.start <= x.span.start && x.span.end <= para.end)
    );
}

#[test]
fn a_short_traditional_headline_is_reported_word_by_word() {
    let text = "兩岸經貿論壇開幕";
    let d = lint(text);
    assert_eq!(
        summary(text, &d),
        vec![
            (TRADITIONAL_CHAR, "兩", "两".to_string(), Safe),
            (TRADITIONAL_CHAR, "經貿論壇開", "经贸论坛开".to_string(), Safe),
        ]
    );
}

// --- configuration ----------------------------------------------------------------------------

#[test]
fn allowed_strings_are_never_reported() {
    let text = "这家名为「臺灣好物」的店铺主营文创，也卖「鴻海」概念的周边和臺灣好物集團的礼盒。";
    let mut s = Settings::default();
    s.charset.allow = vec!["臺灣好物".into(), "鴻海".into()];
    let d = run(text, SourceKind::Plain, &s);
    assert_eq!(
        summary(text, &d),
        vec![(TRADITIONAL_CHAR, "團", "团".to_string(), Safe)]
    );
    assert_eq!(d[0].span, span_of(text, "團", 0));
    // Without the allow list: 臺灣, 鴻, 臺灣, 集團.
    assert_eq!(lint(text).len(), 4);
}

#[test]
fn config_section_parses() {
    let o: newslint::rules::charset::Options =
        toml::from_str("allow = [\"臺灣大哥大\"]\nmostly-traditional-threshold = 0.5").unwrap();
    assert_eq!(o.allow, vec!["臺灣大哥大".to_string()]);
    assert_eq!(o.mostly_traditional_threshold, 0.5);
}

#[test]
fn rules_can_be_selected_separately() {
    let text = "凢事都要讲關鍵。";
    let s = Settings {
        select: Some([VARIANT_CHAR.to_string()].into_iter().collect()),
        ..Settings::default()
    };
    let d = run(text, SourceKind::Plain, &s);
    assert_eq!(
        summary(text, &d),
        vec![(VARIANT_CHAR, "凢", "凡".to_string(), Unsafe)]
    );
}

// --- variants ---------------------------------------------------------------------------------

#[test]
fn variants_are_info_with_an_unsafe_standard_form() {
    let text = "凢事都要按规矩办，让群众共亯发展成果。";
    let d = lint(text);
    assert_eq!(
        summary(text, &d),
        vec![
            (VARIANT_CHAR, "凢", "凡".to_string(), Unsafe),
            (VARIANT_CHAR, "亯", "享".to_string(), Unsafe)
        ]
    );
    assert!(d.iter().all(|x| x.severity == Severity::Info));
}

#[test]
fn name_variants_restored_by_the_official_list_are_silent() {
    for ok in [
        "歌手仝卓、演员王喆、学者李堃和画家张淼出席。",
        "他叫马犇，来自邨头村。",
    ] {
        assert!(lint(ok).is_empty(), "{ok}: {:?}", lint(ok));
    }
}

#[test]
fn a_character_that_is_both_variant_and_traditional_is_reported_once() {
    // 喫 is in the official variant map and is Traditional-only: traditional-char wins.
    let text = "我们一起去喫饭。";
    let d = lint(text);
    assert_eq!(
        summary(text, &d),
        vec![(TRADITIONAL_CHAR, "喫", "吃".to_string(), Safe)]
    );
}

#[test]
fn several_standard_forms_are_all_named() {
    let text = "谢谢妳的来信。";
    let d = lint(text);
    assert_eq!(
        summary(text, &d),
        vec![(VARIANT_CHAR, "妳", "奶".to_string(), Unsafe)]
    );
    assert!(d[0].message.contains("“奶”或“你”"), "{}", d[0].message);
}

// --- masking ----------------------------------------------------------------------------------

#[test]
fn code_and_urls_are_not_checked() {
    let text = "请运行 `grep 關鍵` 查找。\n\n正文的關鍵词。\n";
    let d = run(text, SourceKind::Markdown, &Settings::default());
    assert_eq!(
        summary(text, &d),
        vec![(TRADITIONAL_CHAR, "關鍵", "关键".to_string(), Safe)]
    );
    assert_eq!(d[0].span, span_of(text, "關鍵", 1));
}

#[test]
fn clean_simplified_copy_is_silent() {
    let text = "新华社北京电 国务院新闻办公室今天举行发布会，介绍前三季度国民经济运行情况。\
        数据显示，经济运行总体平稳，就业形势保持稳定，居民收入持续增长。\
        专家认为，要继续扩大内需，巩固和增强经济回升向好态势，干部群众干劲十足。\
        于是，各地纷纷出台措施，了解企业需求，借助数字技术提升服务水平。";
    assert!(lint(text).is_empty(), "{:?}", lint(text));
}

// --- the committed tables ---------------------------------------------------------------------

/// When the shared reference data is present, derive the tables again and compare them with
/// the committed ones; without it, check the committed tables are canonical.
#[test]
fn committed_tables_are_current() {
    let dir = gen_charset::rules_dir();
    let shared = gen_charset::shared_dir();
    let committed: Vec<(&str, String)> = gen_charset::OUTPUT_FILES
        .iter()
        .map(|f| (*f, std::fs::read_to_string(dir.join(f)).expect("committed table")))
        .collect();
    if shared.join("data/opencc/TSCharacters.txt").exists() {
        let generated = gen_charset::generate(&shared).expect("generation succeeds");
        for ((name, want), (gname, got)) in committed.iter().zip(&generated.files) {
            assert_eq!(name, gname);
            assert!(
                want == got,
                "rules/charset/{name} is stale: run `NEWSLINT_SHARED={} cargo run --release --example gen_charset`",
                shared.display()
            );
        }
    } else {
        eprintln!(
            "{} not found: checking the tables are canonical only",
            shared.display()
        );
    }
    // Canonical: parseable, a header, keys strictly increasing.
    let t = |name: &str| &committed.iter().find(|x| x.0 == name).unwrap().1;
    Tables::parse(
        t("traditional.tsv"),
        t("ambiguous.tsv"),
        t("phrases.tsv"),
        t("variants.tsv"),
    )
    .expect("tables parse");
    for (name, text) in &committed {
        assert!(
            text.starts_with("# Generated by examples/gen_charset.rs"),
            "{name}"
        );
        let keys: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').next().unwrap())
            .collect();
        assert!(!keys.is_empty(), "{name}");
        for w in keys.windows(2) {
            assert!(w[0] < w[1], "{name}: {} before {}", w[0], w[1]);
        }
    }
}
