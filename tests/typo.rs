//! Integration tests of the `typo` and `variant-word` rules and of their generated tables.

use newslint::{Applicability, Settings, SourceKind, check_str};

#[allow(dead_code)]
#[path = "../examples/gen_typo.rs"]
mod gen_typo;

const TYPOS: &str = include_str!("../rules/typo/typos.tsv");
const VARIANTS: &str = include_str!("../rules/typo/variant_words.tsv");

/// `(rule, flagged text, replacement)` of every finding of the family, in order.
fn findings(text: &str, kind: SourceKind, settings: &Settings) -> Vec<(&'static str, String, String)> {
    check_str(text, kind, settings)
        .into_iter()
        .filter(|d| d.rule == "typo" || d.rule == "variant-word")
        .map(|d| {
            (
                d.rule,
                text[d.span.clone()].to_string(),
                d.fix.map(|f| f.replacement).unwrap_or_default(),
            )
        })
        .collect()
}

fn plain(text: &str) -> Vec<(&'static str, String, String)> {
    findings(text, SourceKind::Plain, &Settings::default())
}

fn t(rule: &'static str, wrong: &str, right: &str) -> (&'static str, String, String) {
    (rule, wrong.to_string(), right.to_string())
}

#[test]
fn seed_page_has_exactly_the_five_jungle_law_typos() {
    let seed = include_str!("fixtures/seed.txt");
    let d: Vec<_> = check_str(seed, SourceKind::Plain, &Settings::default())
        .into_iter()
        .filter(|d| d.rule == "typo" || d.rule == "variant-word")
        .collect();
    let at: Vec<(&str, usize, usize, &str)> = d
        .iter()
        .map(|d| {
            let before = &seed[..d.span.start];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            (d.rule, line, col, &seed[d.span.clone()])
        })
        .collect();
    assert_eq!(
        at,
        vec![
            ("typo", 31, 68, "从林法则"),
            ("typo", 33, 56, "从林法则"),
            ("typo", 33, 128, "从林法则"),
            ("typo", 35, 10, "从林法则"),
            ("typo", 43, 20, "从林法则"),
        ]
    );
    for x in &d {
        assert_eq!(x.message, "“从林法则”应为“丛林法则”");
        let fix = x.fix.as_ref().expect("fix");
        assert_eq!(
            (fix.replacement.as_str(), fix.applicability),
            ("丛林法则", Applicability::Unsafe)
        );
    }
}

#[test]
fn common_misspellings_are_reported_with_exact_spans() {
    let text = "这篇评论言简意骇，却难免相形见拙。";
    let d: Vec<_> = check_str(text, SourceKind::Plain, &Settings::default())
        .into_iter()
        .filter(|d| d.rule == "typo")
        .collect();
    let spans: Vec<_> = d.iter().map(|d| d.span.clone()).collect();
    let a = text.find("言简意骇").unwrap();
    let b = text.find("相形见拙").unwrap();
    assert_eq!(spans, vec![a..a + 12, b..b + 12]);
    assert_eq!(
        plain("改革不能按部就班，更不能默守成规。"),
        vec![t("typo", "默守成规", "墨守成规")]
    );
    assert_eq!(
        plain("消息不径而走，市民一如继往地排队。"),
        vec![
            t("typo", "不径而走", "不胫而走"),
            t("typo", "一如继往", "一如既往")
        ]
    );
    assert_eq!(
        plain("才政部将加强知治产权保护。"),
        vec![t("typo", "才政部", "财政部"), t("typo", "知治产权", "知识产权")]
    );
    assert_eq!(
        plain("演出节目丰富多采。"),
        vec![t("variant-word", "丰富多采", "丰富多彩")]
    );
}

#[test]
fn correct_copy_and_traps_are_not_reported() {
    for good in [
        // The right forms themselves.
        "弱肉强食的丛林法则早已过时，言简意赅的表述更受欢迎。",
        "一如既往、墨守成规、不胫而走、滥竽充数、病入膏肓、财政部、知识产权、半殖民地。",
        // Wrong forms' pieces where two correct words meet.
        "记者从林业局获悉，今年造林任务已经完成。",
        "他坚决否定单边主义做法。",
        "双方加强交流学习，共同提高。",
        "各地要以此为标识，建立统一的地理标志。",
        // Generated slips that the typo lists give as corrections: words of their own.
        "他嘴唇嚅动了几下，邻床的病友没有听清。",
        // Recommended variant forms.
        "他们再接再厉，节目丰富多彩，回答直截了当。",
        // ASCII only: the family must not even build its automaton for this.
        "Plain English copy with no Chinese text at all.",
    ] {
        assert_eq!(plain(good), vec![], "{good}");
    }
}

#[test]
fn wrong_form_read_as_two_words_meeting_is_not_reported() {
    // 悍卫 (→ 捍卫) is listed, but in 强悍卫冕 the segmenter reads 强悍|卫冕: two correct words
    // overlap the match and run past its edges. The same string alone is reported.
    assert_eq!(plain("这支强悍卫冕之师再次夺冠。"), vec![]);
    assert_eq!(plain("他们誓死悍卫国家主权。"), vec![t("typo", "悍卫", "捍卫")]);
    // 公安培 (→ 公安部) would fire on 公安培训 without the check.
    assert_eq!(plain("全省公安培训工作会议今天召开。"), vec![]);
    // A misspelling that breaks the words around it is still reported: the segmenter reads
    // 本质是从林法则 as 本质|是从|林|法则, and 林 stands alone.
    assert_eq!(
        plain("这种思维的本质是从林法则。"),
        vec![t("typo", "从林法则", "丛林法则")]
    );
}

#[test]
fn absorbed_and_identity_listed_misspellings_are_reported() {
    // jieba lists 震憾 and 渲泄 at low frequencies (misspellings its corpus absorbed); a typo
    // list asserts them, so they are reported.
    assert_eq!(
        plain("这部影片带来的震憾难以言表，观众需要渲泄情绪。"),
        vec![t("typo", "震憾", "震撼"), t("typo", "渲泄", "宣泄")]
    );
    // word-checker lists 一泻千里 as its own correction; that line no longer hides 一泄千里.
    assert_eq!(plain("江水一泄千里。"), vec![t("typo", "一泄千里", "一泻千里")]);
    // Real words that a typo list gets wrong are in rejected.tsv.
    assert_eq!(plain("枪声砰砰作响，衣服被油沾污了。"), vec![]);
}

#[test]
fn the_longest_wrong_form_wins() {
    // 执民地 (→ 殖民地) lies inside 半执民地 (→ 半殖民地): one finding, the longer one.
    assert_eq!(
        plain("旧中国是半执民地半封建社会。"),
        vec![t("typo", "半执民地", "半殖民地")]
    );
    assert_eq!(plain("这里曾是执民地。"), vec![t("typo", "执民地", "殖民地")]);
}

/// A listed form that the run-time check drops (two correct words meeting) does not hide a
/// slip that overlaps it: 暗谈 (a slip for 暗淡) sits across 暗|谈笑风声, and 映试 (for 应试)
/// across 反映|试济.
#[test]
fn a_dropped_form_does_not_hide_an_overlapping_slip() {
    let is_form = |w: &str| TYPOS.lines().any(|l| l.split('\t').next() == Some(w));
    for w in ["暗谈", "谈笑风声", "映试", "试济"] {
        assert!(is_form(w), "the examples need {w} in the table");
    }
    assert_eq!(
        plain("对其他明示、暗谈笑风声示方式"),
        vec![t("typo", "谈笑风声", "谈笑风生")]
    );
    assert_eq!(plain("反映试济发展的质量"), vec![t("typo", "试济", "试剂")]);
}

#[test]
fn masked_code_is_skipped() {
    let md = "文中的`从林法则`是示例代码，不查；但正文的从林法则要查。\n\n```\n从林法则\n```\n";
    let d: Vec<_> = check_str(md, SourceKind::Markdown, &Settings::default())
        .into_iter()
        .filter(|d| d.rule == "typo")
        .collect();
    assert_eq!(d.len(), 1, "{d:?}");
    let last = md.find("正文的").unwrap() + "正文的".len();
    assert_eq!(d[0].span, last..last + "从林法则".len());
}

#[test]
fn house_extend_and_allow() {
    let mut s = Settings::default();
    s.typo.extend.insert("按装".into(), "安装".into());
    s.typo.extend.insert("默守成规".into(), "恪守成规".into());
    s.typo.allow.push("从林法则".into());
    s.typo.allow.push("半执民地".into());
    let got = findings(
        "按装空调，不要默守成规；从林法则；半执民地；执民地。",
        SourceKind::Plain,
        &s,
    );
    assert_eq!(
        got,
        vec![
            t("typo", "按装", "安装"),
            // A house pair overrides the built-in correction for the same wrong form.
            t("typo", "默守成规", "恪守成规"),
            // 从林法则 and 半执民地 are allowed; an allowed string also shadows 执民地 inside
            // it, but the free-standing 执民地 is still reported.
            t("typo", "执民地", "殖民地"),
        ]
    );
    // Options come from config: kebab-case keys, unknown keys rejected.
    let o: newslint::rules::typo::Options =
        toml::from_str("extend = { \"按装\" = \"安装\" }\nallow = [\"从林\"]").unwrap();
    assert_eq!(o.extend.get("按装").map(String::as_str), Some("安装"));
    assert_eq!(o.allow, vec!["从林".to_string()]);
    assert!(toml::from_str::<newslint::rules::typo::Options>("extends = {}").is_err());
}

#[test]
fn rules_can_be_selected_separately() {
    let mut s = Settings::default();
    s.ignore.insert("variant-word".into());
    assert_eq!(
        findings("节目丰富多采，言简意骇。", SourceKind::Plain, &s),
        vec![t("typo", "言简意骇", "言简意赅")]
    );
    let mut s = Settings::default();
    s.ignore.insert("typo".into());
    assert_eq!(
        findings("节目丰富多采，言简意骇。", SourceKind::Plain, &s),
        vec![t("variant-word", "丰富多采", "丰富多彩")]
    );
}

#[test]
fn unsafe_fix_applies_only_with_unsafe_fixes() {
    let s = Settings::default();
    let text = "弱肉强食的从林法则。\n";
    let (same, n) = newslint::fix::fix_until_stable(text, SourceKind::Plain, &s, false);
    assert_eq!((same.as_str(), n), (text, 0));
    let (fixed, n) = newslint::fix::fix_until_stable(text, SourceKind::Plain, &s, true);
    assert_eq!((fixed.as_str(), n), ("弱肉强食的丛林法则。\n", 1));
}

/// The rows of a generated table (comments skipped).
fn rows(table: &str) -> Vec<Vec<&str>> {
    table
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
        .collect()
}

/// Holds without the reference data: sorted, unique, well-formed, and no wrong form can fire on
/// a correct form (which would also make a fix produce a new finding).
#[test]
fn generated_tables_are_canonical() {
    let typos = rows(TYPOS);
    let variants = rows(VARIANTS);
    assert!(typos.len() > 5000 && variants.len() > 100);
    assert!(TYPOS.starts_with("# ") && TYPOS.contains("GENERATED"));
    assert!(VARIANTS.starts_with("# ") && VARIANTS.contains("GENERATED"));
    for (table, width) in [(&typos, 3), (&variants, 2)] {
        for r in table.iter() {
            assert_eq!(r.len(), width, "{r:?}");
            assert_ne!(r[0], r[1], "{r:?}");
            assert!(r[0].chars().count() >= 2, "{r:?}");
        }
        for w in table.windows(2) {
            assert!(
                w[0][0] < w[1][0],
                "not sorted or not unique: {:?} {:?}",
                w[0],
                w[1]
            );
        }
    }
    let wrongs: Vec<&str> = typos.iter().chain(&variants).map(|r| r[0]).collect();
    let rights: Vec<&str> = typos.iter().chain(&variants).map(|r| r[1]).collect();
    let wrong_set: std::collections::HashSet<&str> = wrongs.iter().copied().collect();
    assert_eq!(wrong_set.len(), wrongs.len(), "a form is in both tables");
    let ac = aho_corasick::AhoCorasick::new(&wrongs).unwrap();
    for r in &rights {
        if let Some(m) = ac.find(r) {
            panic!(
                "correct form {r} contains the wrong form {}",
                wrongs[m.pattern().as_usize()]
            );
        }
    }
    // Every right form passes the rule untouched (the fix does not create a new finding).
    let all_rights: String = rights.join("，");
    assert_eq!(plain(&all_rights), vec![]);
}

/// Re-derives the tables from the reference data and compares them with the committed ones.
/// Slow in a debug build (about 10 s of CPU); run it with
/// `NEWSLINT_SHARED=../shared cargo test --release --test typo -- --ignored`.
#[test]
#[ignore = "slow in debug builds; needs the shared reference data"]
fn generated_tables_are_current() {
    let repo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = gen_typo::shared_dir(&repo);
    if !shared.join("data").exists() {
        eprintln!("shared data not found at {}; skipped", shared.display());
        return;
    }
    let dict = gen_typo::jieba_dict_path(&repo).expect("jieba-rs dict.txt");
    let inp = gen_typo::Inputs::read(&shared, &dict, &repo).expect("inputs");
    let out = gen_typo::derive(&inp);
    assert!(out.typos == TYPOS, "rules/typo/typos.tsv is stale: run gen_typo");
    assert!(
        out.variants == VARIANTS,
        "rules/typo/variant_words.tsv is stale: run gen_typo"
    );
}

#[test]
fn idiom_misspelt_with_a_rarer_homophone_is_reported() {
    // 留 for 流, 缀 for 坠, 字 for 自: same sound and tone, each rarer than the right character,
    // so an input method would not offer it first; a writer unsure of the idiom still picks it.
    let text = "他跑得汗留浃背，说得天花乱缀，却不由字主地笑了。";
    let d: Vec<_> = check_str(text, SourceKind::Plain, &Settings::default())
        .into_iter()
        .filter(|d| d.rule == "typo")
        .map(|d| (d.span.clone(), d.fix.map(|f| f.replacement).unwrap_or_default()))
        .collect();
    let at = |w: &str| {
        let i = text.find(w).unwrap();
        i..i + w.len()
    };
    assert_eq!(
        d,
        vec![
            (at("汗留浃背"), "汗流浃背".to_string()),
            (at("天花乱缀"), "天花乱坠".to_string()),
            (at("不由字主"), "不由自主".to_string()),
        ]
    );
    // The right idioms, and the substitute characters in words of their own.
    assert_eq!(
        plain("他跑得汗流浃背，说得天花乱坠，却不由自主地笑了。留言、点缀、文字都没有问题。"),
        vec![]
    );
}

#[test]
fn listed_two_character_form_is_confirmed_by_reading_the_context() {
    // 帐蓬 and 陷井 can arise where words meet, so they are reported only when, as written, no
    // word runs across them and the sentence reads better with the correction.
    assert_eq!(
        plain("他们搭起帐蓬过夜，小心别掉进陷井。"),
        vec![t("typo", "帐蓬", "帐篷"), t("typo", "陷井", "陷阱")]
    );
    // 既使 (既…又…) is a correct pair of words, and stays out of the table.
    assert_eq!(plain("既使人民满意，又使企业受益。"), vec![]);
    // Correct copy where a checked form's characters meet across words.
    assert_eq!(plain("深陷井下的矿工全部获救，再计算各相矩阵元素。"), vec![]);
    assert_eq!(plain("两地相矩甚远。"), vec![t("typo", "相矩", "相距")]);
    // Real words that a typo list gets wrong, reviewed into rejected.tsv.
    assert_eq!(plain("祝大家阖家欢乐。把盐溶入水中，渔船泊在港湾。"), vec![]);
}

#[test]
fn run_time_check_marker_is_shared_with_the_generator() {
    assert_eq!(gen_typo::CHECKED, newslint::rules::typo::CHECKED);
    // Only two-character forms carry it.
    for r in rows(TYPOS) {
        if r[2].ends_with(newslint::rules::typo::CHECKED) {
            assert_eq!(r[0].chars().count(), 2, "{r:?}");
        }
    }
}

#[test]
fn generated_two_character_form_with_a_same_sound_same_shape_character_is_reported() {
    // 形声字 slips in common two-character words: 励/厉, 徘/排, 惯/贯, 刑/形 and 憎/增 share
    // their phonetic part and their syllable. Generated, never listed, each confirmed by the
    // run-time reading of its context.
    assert_eq!(
        plain(
            "对此提出严励批评。市民在窗口前徘队。各地认真惯彻会议精神。当前刑势依然复杂。这些措施憎强了信心。"
        ),
        vec![
            t("typo", "严励", "严厉"),
            t("typo", "徘队", "排队"),
            t("typo", "惯彻", "贯彻"),
            t("typo", "刑势", "形势"),
            t("typo", "憎强", "增强"),
        ]
    );
    // Every form that only this source gives is checked at run time (a form a typo list also
    // asserts follows the rules for listed forms).
    for r in rows(TYPOS) {
        let src = r[2].trim_end_matches(newslint::rules::typo::CHECKED);
        if src == "jieba-2char+sound-and-shape-confusable" || src == "jieba-2char+attested-confusable" {
            assert!(r[2].ends_with(newslint::rules::typo::CHECKED), "{r:?}");
        }
    }
}

#[test]
fn generated_two_character_forms_spare_words_meeting_and_personal_names() {
    // The same strings where two correct words meet: 死刑|势在必行, 爱憎|强烈, 习惯|彻底.
    assert_eq!(
        plain("废除死刑势在必行。他爱憎强烈。这个习惯彻底改变了。"),
        vec![]
    );
    // A surname and a given-name character (高玲, 严俊, 乔梁, 齐铭) would read as slips for
    // 高龄, 严峻, 桥梁, 齐名: jieba cuts unknown names into single characters, so such forms
    // are not generated.
    assert_eq!(plain("本报记者高玲、严俊、乔梁报道，中国选手齐铭夺冠。"), vec![]);
}

#[test]
fn a_two_character_form_after_a_lone_surname_reads_as_a_given_name() {
    // 王宏亮, 张安祥, 李静侯: names in bylines and quotes, cut by the segmenter into a lone
    // surname and two characters that also spell a listed slip (洪亮, 安详, 静候).
    assert_eq!(plain("本报记者王宏亮报道，张安祥和李静侯出席会议。"), vec![]);
    // The same forms after a character that is no surname are still slips, with their spans.
    assert_eq!(
        plain("他的声音很宏亮，老人神态安祥。"),
        vec![t("typo", "宏亮", "洪亮"), t("typo", "安祥", "安详")]
    );
    // Longer forms are not affected: a surname before an idiom slip is no name.
    assert_eq!(plain("老王再接再励。"), vec![t("typo", "再接再励", "再接再厉")]);
}

#[test]
fn a_match_starting_with_a_surname_after_a_byline_title_is_a_name() {
    // 陈阵 is listed as a slip for 阵阵, and 陈 is a common surname: after 记者, 通讯员 (with or
    // without a space) it is the reporter's name.
    assert_eq!(plain("本报记者陈阵报道，通讯员 陈阵摄。"), vec![]);
    // The same form elsewhere is still a slip, with its span, and a byline title before a
    // form that does not start with a surname excuses nothing.
    assert_eq!(plain("远处传来陈阵雷声。"), vec![t("typo", "陈阵", "阵阵")]);
    assert_eq!(plain("记者再接再励。"), vec![t("typo", "再接再励", "再接再厉")]);
}

#[test]
fn session_6_forms_are_reported_with_exact_spans() {
    // One sentence per kind of form added in session 6 (none of them is on either measuring
    // list): listed two-character forms the run-time check now confirms (海拨, 按纽, 坐阵: no word
    // may run across them, so only whole words meeting are counted against them), two-character
    // slips by a substitution the typo lists make repeatedly between characters that look or
    // sound alike (骨价, 渲扬: 股/骨, 宣/渲), and idiom slips by a homophone that jieba absorbed
    // at its floor frequency (一码当先, 再接再历).
    for (text, wrong, right) in [
        ("这里海拨三千多米，空气稀薄。", "海拨", "海拔"),
        ("请按下红色按纽启动设备。", "按纽", "按钮"),
        ("这个问题至今尚末解决。", "尚末", "尚未"),
        ("受消息影响，该公司骨价大幅下跌。", "骨价", "股价"),
        ("各地大力渲扬先进人物的事迹。", "渲扬", "宣扬"),
        ("市委书记亲自坐阵，指挥抢险。", "坐阵", "坐镇"),
        ("比赛中他一码当先，率先冲线。", "一码当先", "一马当先"),
        ("希望全队再接再历，再创佳绩。", "再接再历", "再接再厉"),
    ] {
        let d: Vec<_> = check_str(text, SourceKind::Plain, &Settings::default())
            .into_iter()
            .filter(|d| d.rule == "typo")
            .collect();
        let at = text.find(wrong).unwrap();
        assert_eq!(d.len(), 1, "{text}");
        assert_eq!(d[0].span, at..at + wrong.len(), "{text}");
        assert_eq!(d[0].fix.as_ref().unwrap().replacement, right, "{text}");
    }
}

#[test]
fn session_6_forms_spare_their_right_words_junctions_and_rare_real_words() {
    for good in [
        // The correct words the new forms derive from.
        "这里海拔三千多米，空气稀薄。请按下红色按钮启动设备。这个问题至今尚未解决。",
        "受消息影响，该公司股价大幅下跌。各地大力宣扬先进人物的事迹。市委书记亲自坐镇，指挥抢险。",
        "比赛中他一马当先，率先冲线。希望全队再接再厉，再创佳绩。他的国籍是中国。新大楼已经竣工。",
        "两国领导人共商国是。",
        // New two-character forms where correct words meet (排|承, 当|燃, 乏|利, 正|务, 键|交,
        // 坚|难, 显|陷, 念|导, 份|治, 组|承, 伴|空): each match has a word running across it.
        "中国女排承担起了重任。我们应当燃起希望之火。这些资源缺乏利用。干部要真正务实。",
        "双方深化关键交流。攻坚难度很大。企业明显陷入困境。坚持正确的理念导向。",
        "完善股份治理结构。党组承担主体责任。各国伙伴空前团结。",
        // Listed slips that are rare jieba words (客服 3, 呈献 24, 欠收 3): the run-time check
        // reads them as one word and could only weigh frequencies, so they stay out.
        "请拨打客服电话咨询。谨以此书呈献给读者。今年部分地区粮食欠收。",
        // Rare phrases jieba knows that differ from an idiom by a look-alike or a synonym are
        // wordings of their own, not slips.
        "狂风暴雪袭击了牧区，这里人迹罕到。",
    ] {
        assert_eq!(plain(good), vec![], "{good}");
    }
}

#[test]
fn less_common_idiom_misspelt_by_a_substitution_the_lists_make_is_reported() {
    // Idioms of THUOCL frequency 100-999 seed only the substitutions the typo lists make, in
    // that direction: 持 for 恃, 曰 for 日, 声 for 生.
    assert_eq!(
        plain("有的国家持强凌弱，世风曰下，另一些人却舍声取义。"),
        vec![
            t("typo", "持强凌弱", "恃强凌弱"),
            t("typo", "世风曰下", "世风日下"),
            t("typo", "舍声取义", "舍生取义"),
        ]
    );
    // The lists correct 戮力 to 勠力 (the 2013 standard's form), never back, so neither spelling
    // is reported; an idiom spelt with a non-recommended variant is still the variant rule's.
    assert_eq!(plain("两岸同胞勠力同心，此前也曾戮力同心。"), vec![]);
    assert_eq!(
        plain("群众对此忿忿不平。"),
        vec![t("variant-word", "忿忿", "愤愤")]
    );
}
