//! Integration tests for the doubled family (`doubled-char`, `repeated-contrast`): the seed
//! page, defective copy written for the purpose with exact spans, and traps that must stay
//! silent.

use newslint::{Applicability, Diagnostic, Settings, SourceKind, check_str};

const SEED: &str = include_str!("fixtures/seed.txt");

fn findings(text: &str, rule: &str) -> Vec<Diagnostic> {
    check_str(text, SourceKind::Plain, &Settings::default())
        .into_iter()
        .filter(|d| d.rule == rule)
        .collect()
}

/// The text of each finding's span.
fn spans<'a>(text: &'a str, rule: &str) -> Vec<&'a str> {
    findings(text, rule).into_iter().map(|d| &text[d.span]).collect()
}

/// 1-based line and character column of a byte offset.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
    (line, col)
}

/// Each text gets exactly one `doubled-char` finding, on its pair; all failures are listed.
fn assert_each_reports_its_pair(cases: &[(&str, &str)]) {
    let wrong: Vec<(&str, Vec<&str>)> = cases
        .iter()
        .map(|&(text, span)| (text, span, spans(text, "doubled-char")))
        .filter(|(_, span, got)| got != &vec![*span])
        .map(|(text, _, got)| (text, got))
        .collect();
    assert!(wrong.is_empty(), "{wrong:?}");
}

#[test]
fn seed_page_doubled_chars_are_exactly_the_two_defects() {
    let d = findings(SEED, "doubled-char");
    let got: Vec<((usize, usize), &str, &str)> = d
        .iter()
        .map(|x| {
            let fix = x.fix.as_ref().expect("doubled-char always has a fix");
            assert_eq!(fix.applicability, Applicability::Unsafe);
            (
                line_col(SEED, x.span.start),
                &SEED[x.span.clone()],
                fix.replacement.as_str(),
            )
        })
        .collect();
    // DEFECTS.md: 接接地气 at line 23 col 291, 加大大本土 at line 119 col 66. The span is the
    // doubled pair inside them.
    assert_eq!(got, vec![((23, 291), "接接", "接"), ((119, 67), "大大", "大")]);
    assert!(d[0].message.contains("接接地气") && d[0].message.contains("接地气"));
    assert!(d[1].message.contains("加大大") && d[1].message.contains("加大"));
}

#[test]
fn seed_page_repeated_contrast_is_exactly_line_99() {
    let d = findings(SEED, "repeated-contrast");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(&SEED[d[0].span.clone()], "既不平凡也不平凡");
    assert_eq!(line_col(SEED, d[0].span.start), (99, 10));
    assert!(d[0].fix.is_none());
}

#[test]
fn seed_page_correct_doublings_are_silent() {
    // Every correct pair DEFECTS.md lists stays silent (the two defects are elsewhere).
    let d = findings(SEED, "doubled-char");
    for ok in [
        "中方方案",
        "南南合作",
        "实实在在",
        "往往",
        "格格不入",
        "明确确立",
        "牢牢",
        "美美与共",
        "种种",
        "形形色色",
        "恰恰",
        "累累",
        "建立立于",
    ] {
        let mut from = 0;
        let mut seen = false;
        while let Some(i) = SEED[from..].find(ok) {
            let r = from + i..from + i + ok.len();
            seen = true;
            assert!(
                !d.iter().any(|x| x.span.start < r.end && r.start < x.span.end),
                "{ok} flagged"
            );
            from = r.end;
        }
        assert!(seen, "{ok} is not on the seed page");
    }
}

/// Defective copy written for this test: each line holds one accidental doubling, and the
/// expected span text and fix.
#[test]
fn doubled_keystrokes_are_reported_with_exact_spans() {
    let cases = [
        ("今年要加大大对乡村学校的投入。", "大大", "大"),
        ("志愿者们带来了一批接接地气的演出。", "接接", "接"),
        ("他们们都到了现场。", "们们", "们"),
        ("代表团在在上海参观了港口。", "在在", "在"),
        ("这是我的的书包。", "的的", "的"),
        ("我们完成了了任务。", "了了", "了"),
        ("字写得得很工整。", "得得", "得"),
        ("关键就是是把责任落实到人。", "是是", "是"),
        ("这项工作非常重要要抓紧。", "要要", "要"),
        ("他把钥匙放在在桌上。", "在在", "在"),
        ("双方共同同推动项目落地。", "同同", "同"),
        ("我们一定能能完成任务。", "能能", "能"),
        ("金砖国国家领导人举行会晤。", "国国", "国"),
        ("地方经济发发展很快。", "发发", "发"),
        ("我们我们要把这件事办好。", "我们我们", "我们"),
        ("工程已经已经完工。", "已经已经", "已经"),
        ("他们他们都很满意。", "他们他们", "他们"),
    ];
    for (text, span, fix) in cases {
        let d = findings(text, "doubled-char");
        assert_eq!(d.len(), 1, "{text}: {d:?}");
        assert_eq!(&text[d[0].span.clone()], span, "{text}");
        let f = d[0].fix.as_ref().unwrap();
        assert_eq!(
            (f.replacement.as_str(), f.applicability),
            (fix, Applicability::Unsafe),
            "{text}"
        );
        // The fixed text has one copy fewer and is itself clean.
        let fixed = format!("{}{}{}", &text[..d[0].span.start], fix, &text[d[0].span.end..]);
        assert!(findings(&fixed, "doubled-char").is_empty(), "{fixed}");
    }
}

/// Doublings that segment as two one-character words, as a rare doubled dictionary entry, or
/// across a word boundary, written for this test. Each reads as a common word with one copy
/// less.
#[test]
fn doublings_split_by_the_segmenter_are_reported() {
    let cases = [
        // Two one-character content words that do not reduplicate.
        ("我们要迎接新新挑战。", "新新"),
        ("两国国关系持续发展。", "国国"),
        ("这项政策使使企业受益。", "使使"),
        ("大桥在1998年年建成通车。", "年年"),
        ("这些年年，村里变化很大。", "年年"),
        ("他们为为推动合作做了大量工作。", "为为"),
        ("这反映出党党的作风建设成效。", "党党"),
        // A rare doubled dictionary entry beside the common word (干部部, 方向向).
        ("广大干部部要深入基层。", "部部"),
        ("这为改革指明了方向向。", "向向"),
        // One copy less reads as one common word across the boundary.
        ("共建人类命运共同同体。", "同同"),
        ("要保障农产产品质量安全。", "产产"),
        ("房地地产市场总体平稳。", "地地"),
        ("这是我们的出发发点。", "发发"),
        // Exceptions that no longer excuse a slip.
        ("他们正在在讨论方案。", "在在"),
        ("这不是问题，而是是机遇。", "是是"),
        ("什么么时候出发？", "么么"),
        ("老师的智慧慧令人敬佩。", "慧慧"),
    ];
    assert_each_reports_its_pair(&cases);
}

/// Slips that an exception used to excuse, each written for this test with the pair it must
/// report: a preposition doubled outside the nested 以…为… frame, a lone copy before a word
/// that closes a phrase (以来, 与否, 为止) or before a preposition, 有 before a word that
/// cannot be its object, a preposition, modal or adverb after an attribute with 的, a modal
/// verb or a noun compound read as a verb doubled before its object, 一 before a character
/// that is no measure word, a reduplicated verb with a complement, a function word given
/// another reading through a doubled word that is no dictionary word.
#[test]
fn slips_that_look_like_grammar_are_reported() {
    let cases = [
        ("他们以以实际行动诠释了初心。", "以以"),
        ("我们要为为群众办实事。", "为为"),
        ("改革开放以以来，城市面貌焕然一新。", "以以"),
        ("方案可行与与否，要看实践。", "与与"),
        ("截至目前为为止，共有十人报名。", "为为"),
        ("他为为了集体利益放弃了休息。", "为为"),
        ("这里有有着悠久的历史。", "有有"),
        ("村里有有些人还不了解政策。", "有有"),
        ("各项工作推进有有序。", "有有"),
        ("提供更高质量的就就业服务。", "就就"),
        ("这是对学生的要要求。", "要要"),
        ("要努力提高履职能能力。", "能能"),
        ("他们的定力和潜潜力令人钦佩。", "潜潜"),
        ("形成了优良作作风。", "作作"),
        ("要一以以贯之地推进改革。", "以以"),
        ("让正义的声音盖盖过杂音。", "盖盖"),
        ("一言以蔽之之，就是要实干。", "之之"),
        ("破解中中小企业融资难问题。", "中中"),
        // A modal needs a verb; 为 after 作为 opens nothing closed by 的.
        ("公民应应该遵守法律。", "应应"),
        ("政府及时回应应社会关切。", "应应"),
        ("两国作为为友好邻邦，交流密切。", "为为"),
    ];
    assert_each_reports_its_pair(&cases);
}

/// The correct copy next to the checks above: 以 doubled in the nested frame, 有 before an
/// object, 同 and 和 joining after 的, a lone preposition before a word that opens a phrase
/// (以上), a unit after a pronoun.
#[test]
fn grammar_the_new_checks_must_leave_alone() {
    for t in [
        "要以以人民为中心的发展思想为指导。",
        "这里有有意思的故事，也有有效的办法，还有有关部门的支持。",
        "我的看法同同志们的看法一致。",
        "以以上内容为准。",
        "我们村村民都很高兴。",
        "他成为为人民服务的好干部，把这项工作作为为民办实事的重要内容。",
        "我们理应应对挑战，各国应应对气候变化。",
        "先挪挪位子，再剪剪枝，大家找个时间交交心。",
        // A measure word reduplicated after 一, whether or not jieba knows 一 with it.
        "一垄垄麦田、一拨拨游客、一畦畦菜地、一簇簇鲜花、一座座新楼。",
        // A rare character (jieba's `zg`) reduplicated as a sound.
        "把肉放入锅中翻炒嗞嗞作响。",
        // Idioms jieba's dictionary lacks (rules/doubled/idioms.txt, from THUOCL).
        "这就是岁岁平安的意义，也是心心相通的基础。",
    ] {
        assert_eq!(spans(t, "doubled-char"), Vec::<&str>::new(), "{t}");
    }
}

/// A Traditional character beside a correct doubling cuts the word the pair belongs to:
/// `traditional-char` reports it and the doubling is judged with it read as Simplified.
#[test]
fn traditional_neighbour_is_read_as_simplified() {
    for t in [
        "思想作风不纯、工作作風不实。",
        "保障团队兢兢业業，成功打造了精品。",
        "两国人民带来實实在在的好处。",
    ] {
        assert_eq!(spans(t, "doubled-char"), Vec::<&str>::new(), "{t}");
        assert_eq!(findings(t, "traditional-char").len(), 1, "{t}");
    }
    assert_eq!(spans("政府将加大大對农村的投入。", "doubled-char"), vec!["大大"]);
}

/// Correct copy of the shapes the rules above look at: reduplication outside jieba's
/// dictionary, doubled given names, four-character expressions, unit titles.
#[test]
fn correct_doubling_outside_the_dictionary_is_silent() {
    let traps = [
        "王芳芳、周萍萍和张盼盼获奖。",
        "年年都有新变化，村里月月有活动。",
        "一剂剂疫苗送到群众身边。",
        "古代社会停留在简单的物物交换。",
        "两国人民心心相通。",
        "远处传来钟声，当当，当当。",
        "执法大队三中队队长到场。",
        "经人事处处长审核，报领导小组组长批准。",
        "水灵灵的眼睛，绿油油的麦田，沉甸甸的稻穗。",
        "有话好好说说。",
        "先挪挪位子。",
        "我们要以以人民为中心的发展思想为指导。",
        "不断推进马克思主义中国化。",
        "命运共同体理念深入人心。",
        "坚持正确的方向向前走。",
        "网友直呼绝绝子。",
        "他现在在北京，正在在全国巡回演出。",
    ];
    let flagged: Vec<(&str, Vec<&str>)> = traps
        .iter()
        .map(|&t| (t, spans(t, "doubled-char")))
        .filter(|(_, got)| !got.is_empty())
        .collect();
    assert!(flagged.is_empty(), "{flagged:?}");
}

/// A word boundary between two dictionary words, each more common than the word that one copy
/// less would make (科学|学院 against 科学院), and a bound morpheme that jieba's new-word
/// guessing joins with the noun after it (教师|师德, a word jieba's dictionary lacks): correct
/// copy, written for this test.
#[test]
fn false_alarm_word_boundary_beside_a_shorter_word() {
    for t in [
        "他是科学学院的教授。",
        "医学学院的学生参加了义诊。",
        "文学学院和法学学院联合举办讲座。",
        "学校加强教师师德建设。",
        "要加强教师师德师风建设。",
        "律师协会开展律师师德培训。",
    ] {
        assert_eq!(spans(t, "doubled-char"), Vec::<&str>::new(), "{t}");
    }
}

/// The slips next to those traps are still reported: the word one copy less makes is more
/// common than a word of the boundary reading (共同|同体, 农产|产品), it spans more than the
/// two words (发展中|国|国家), or the lone copy sits beside a dictionary word or beside a verb,
/// adjective or function word that the HMM joins as readily (教师|师|队伍, 人民|民|干革命,
/// 重|质|质量).
#[test]
fn slips_beside_a_boundary_or_a_guessed_word_are_reported() {
    assert_each_reports_its_pair(&[
        ("共建人类命运共同同体。", "同同"),
        ("要保障农产产品质量安全。", "产产"),
        ("发展中国国家要增强内生发展动力。", "国国"),
        ("经济面临的问题是推动动力不足。", "动动"),
        ("加强教师师队伍建设。", "师师"),
        ("我们党领导人民民干革命、搞建设。", "民民"),
        ("引导生产经营者重质质量、保安全。", "质质"),
        ("做民民族工作，说到底是做人的工作。", "民民"),
    ]);
}

/// Colloquial reduplication of a one-character verb before its object (喝喝茶, 聊聊天) after
/// the adverbs 一起, 一道, 一块 (which jieba tags as numerals, 一起/m), after a quantity in
/// apposition to a pronoun (你们俩), and before a two-character object (晒晒太阳, 动动脑筋):
/// correct copy, written for this test.
#[test]
fn false_alarm_verb_reduplication_after_together() {
    for t in [
        "周末我们一起喝喝茶。",
        "我们一起唱唱歌吧。",
        "老两口一起种种花、浇浇水。",
        "下班后大家一道跑跑步。",
        "你们俩握握手，和好吧。",
        "他想去晒晒太阳。",
        "大家一起动动脑筋。",
        "退休后他每天聊聊天、下下棋。",
        "有空就去公园散散步，闲暇时读读书、品品茶。",
    ] {
        assert_eq!(spans(t, "doubled-char"), Vec::<&str>::new(), "{t}");
    }
}

/// A verb doubled after a quantity that counts a noun (一大批, 一项) is still a slip, and so is
/// a doubled verb-like character before a phrase that is no verb and object (无|无小事,
/// 立|立法权).
#[test]
fn slips_near_verb_reduplication_are_reported() {
    assert_each_reports_its_pair(&[
        ("志愿者们带来了一大批接接地气的演出。", "接接"),
        ("统一战线无无小事，统战工作涉及面广。", "无无"),
        ("保证人大依法行使立立法权、监督权。", "立立"),
    ]);
}

/// Slips that a pattern of correct doubling used to excuse, written for this test: a unit
/// after a demonstrative with a measure, a quantity or a name when no title of the unit
/// follows (这个|国|国家, 每个|党|党员, 东盟|国|国家), a time unit before a word that is no
/// part of the period (70|周|周年); a common adjective whose reduplication the dictionary
/// lacks (新|新|的); a localiser with no phrase after its preposition, or with none at all
/// (在|中|中共, 自觉学习|中|中国); a doubled verb introducing a quotation (说|说：).
#[test]
fn slips_that_a_pattern_of_reduplication_used_to_excuse() {
    assert_each_reports_its_pair(&[
        ("要由这个国国家的人民来评判。", "国国"),
        ("每个党党员都要牢记宗旨。", "党党"),
        ("新一轮科科技革命正在兴起。", "科科"),
        ("中国和东盟国国家合作走在前列。", "国国"),
        ("两国举办活动庆祝建交70周周年。", "周周"),
        ("过去40年国国内生产总值稳步增长。", "国国"),
        ("我们面临着新新的风险和挑战。", "新新"),
        ("站在新新的历史起点上。", "新新"),
        ("在中中共十九大上，我们提出了新目标。", "中中"),
        ("干部要自觉学习中中国特色社会主义理论。", "中中"),
        ("古人说说：“天地之大，黎元为先。”", "说说"),
        ("一则广告词说说“地球上最后一滴水”。", "说说"),
    ]);
}

/// Correct copy beside those slips, written for this test: a unit after a one-character
/// demonstrative, a personal pronoun, a numeral or a name before a title of the unit, a time
/// unit before a part of the period; adjectives the dictionary lists doubled and rarer ones it
/// does not; a localiser closing a phrase; a doubled verb ending a clause.
#[test]
fn correct_units_adjectives_and_localisers_stay_silent() {
    for t in [
        "某县县长和该村村民一起植树。",
        "我们村村民都很高兴，余村村民过上了好日子。",
        "三县县委书记座谈，安吉县县长介绍情况。",
        "会议定于2019年年底召开，12月月底前完成。",
        "暖暖的阳光照在红红的脸上，尖尖的角，脆脆的饼干。",
        "在合作中中国始终坚持平等互利。",
        "有话好好说说。你说说，这算什么？",
    ] {
        assert_eq!(spans(t, "doubled-char"), Vec::<&str>::new(), "{t}");
    }
}

#[test]
fn messages_name_the_extra_character_in_both_languages() {
    let text = "今年要加大大对乡村学校的投入。";
    let d = findings(text, "doubled-char");
    assert_eq!(d[0].message, "“加大大”多了一个“大”，应为“加大”");
    let en = Settings {
        lang: newslint::Lang::En,
        ..Settings::default()
    };
    let d = check_str(text, SourceKind::Plain, &en);
    let d: Vec<_> = d.into_iter().filter(|x| x.rule == "doubled-char").collect();
    assert_eq!(d[0].message, "“加大大” has one “大” too many: “加大”");
}

/// Correct doubling that must never be reported: the traps and more of the same
/// productive patterns.
#[test]
fn correct_doubling_is_silent() {
    let traps = [
        // Units before a same-unit title.
        "北京市市长会见了来访的代表团。",
        "广东省省长出席了开幕式。",
        "某县县长和该村村民一起植树。",
        "某镇镇政府发布了通知。",
        "他国国家元首发来贺电。",
        "下姜村村民表示满意，余村村民过上了好日子。",
        "美国国务卿发表讲话，英国国防部发表声明，韩国国会通过法案。",
        "阿里地区改则县县委书记和城关镇镇长出席。",
        // Reduplicated words and measure words.
        "年年有余，岁岁平安。",
        "一届届运动会都办得很成功。",
        "一个个难题被攻克，一次次试验终于成功。",
        "他买了一只只小鸡，还有一把把钥匙。",
        "常常去看看，日子过得实实在在。",
        "往往格格不入，牢牢把握，美美与共。",
        "种种问题形形色色，恰恰硕果累累。",
        "大家天天锻炼，人人参与，科技水平大大提高。",
        "大家说说笑笑，高高兴兴地回家了。",
        "千千万万的志愿者深入方方面面。",
        // A verb doubled before its object.
        "先挪挪位子，再剪剪枝。",
        "大家找个时间交交心，握握手。",
        "洗洗脸再睡觉，握握手就走了。",
        "想想办法，刷刷粉，一项项落实。",
        // Word boundaries.
        "满天星星闪烁。",
        "中方方案得到了各方认可。",
        "南南合作不断深化。",
        "宪章明确确立了各国主权平等。",
        "建立立于千秋的伟业。",
        "要符合本国国情，坚持人民民主。",
        "联合会会议讨论了工作作风问题。",
        "宪法法律至上。",
        // jieba lists 长达 and 中美 at its floor frequency (3), yet they are common words.
        "经济快速增长长达三十年，要集中中美两国的力量。",
        "不断提升耕地地力。",
        "会议定于2019年年底召开，12月月底前完成，明年年中验收。",
        // Function words next to a word sharing them.
        "实事求是是我们的思想路线。",
        "我们反对对华制裁，也反对对方的做法。",
        "问题是是否按期完成。",
        "目的的实现需要时间。",
        "他说的的确是实话。",
        "实在受不了了。",
        "我们对情况进行了了解，为了了解更多。",
        "要要求各地抓紧落实，会会见各方代表。",
        "就就业问题进行调研。",
        "要以以人民为中心的发展思想为指导。",
        "主办方与与会者交流，促进发展和和平。",
        "两所学校合并并设立新校区。",
        "他现在在北京工作。",
        "他成为为人民服务的好干部，当选为为民服务的模范。",
        "只有有了制度保障，才能长久。",
        "在合作中中国始终坚持平等互利。",
        // Verbs doubled as ABAB, numerals, names, runs.
        "这件事我们研究研究，再讨论讨论，商量商量。",
        "一个一个地解决，一步一步往前走。",
        "谢谢大家。",
        "记者李娜娜报道。",
        "哈哈哈，对对对。",
        "一九九九年，吉尔吉斯斯坦代表团来访。",
        "不了了之，是是非非。",
        "久久为功，等等。",
    ];
    for t in traps {
        let d = findings(t, "doubled-char");
        assert!(d.is_empty(), "{t}: {d:?}");
    }
}

#[test]
fn repeated_contrast_is_reported_over_the_whole_construction() {
    let cases = [
        ("这一年既不寻常也不寻常，令人难忘。", "既不寻常也不寻常"),
        ("改革不是终点，而是终点。", "不是终点，而是终点"),
        ("这支队伍既年轻又年轻。", "既年轻又年轻"),
        ("我们既要发展也要发展。", "既要发展也要发展"),
        ("这不仅是机遇，更是机遇。", "不仅是机遇，更是机遇"),
        ("与其等待不如等待。", "与其等待不如等待"),
    ];
    for (text, span) in cases {
        assert_eq!(spans(text, "repeated-contrast"), vec![span], "{text}");
        assert!(findings(text, "repeated-contrast")[0].fix.is_none());
    }
}

#[test]
fn different_halves_are_silent() {
    for t in [
        "这一年既不寻常也不轻松。",
        "问题不是技术而是技术的应用。",
        "既要发展也要发展中国家的合作。",
        "他既快又好地完成了任务。",
        "这不是开始，而是新的开始。",
        "与其等待，不如行动。",
        "不仅要发展经济，而且要发展社会事业。",
    ] {
        let d = findings(t, "repeated-contrast");
        assert!(d.is_empty(), "{t}: {d:?}");
    }
}

#[test]
fn house_allowlist_silences_both_rules() {
    let text = "王芳芳说，这一年既不寻常也不寻常。";
    let mut s = Settings::default();
    s.doubled.allow = vec!["既不寻常也不寻常".into(), "王芳芳".into()];
    let d = check_str(text, SourceKind::Plain, &s);
    assert!(
        !d.iter()
            .any(|x| x.rule == "repeated-contrast" || x.rule == "doubled-char"),
        "{d:?}"
    );
}

#[test]
fn markdown_code_is_not_checked() {
    let text = "正文里的代码 `的的` 不算，正文里的的才算。\n";
    let d = check_str(text, SourceKind::Markdown, &Settings::default());
    let d: Vec<_> = d.into_iter().filter(|x| x.rule == "doubled-char").collect();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(&text[d[0].span.clone()], "的的");
    assert!(d[0].span.start > text.find('`').unwrap() + 10);
}

/// A page break that cuts a word after a character the paragraph already ends with reads as
/// a doubling at the paragraph's edge (中国国 / 情). Joined, the copy is correct: `broken-join`
/// reports the break and `doubled-char` stays silent. A real doubling at the edge is still
/// reported.
#[test]
fn doubling_made_by_a_page_break_is_left_to_broken_join() {
    for t in [
        "我们必须立足中国国\n\n情，走自己的道路。",
        "各级干部要带头尊崇宪\n\n法法律，做遵法学法守法用法的模范。",
        "这次会议研究了本国国\n\n情和发展阶段。",
    ] {
        assert_eq!(spans(t, "doubled-char"), Vec::<&str>::new(), "{t}");
        assert_eq!(findings(t, "broken-join").len(), 1, "{t}");
    }
    // The break cut the word a few characters before the pair (实 / 实在在): the window the
    // pair is judged on reaches the edge, so it is judged joined too.
    for t in [
        "给两国人民带来了实\n\n实在在的利益。",
        "建国四十年风\n\n风雨雨的历程说明，稳定压倒一切。",
    ] {
        assert_eq!(spans(t, "doubled-char"), Vec::<&str>::new(), "{t}");
    }
    for (t, want) in [
        ("今年要继续加大大\n\n本土企业的扶持力度。", "大大"),
        ("要大力发展农产产\n\n品加工业。", "产产"),
    ] {
        assert_eq!(spans(t, "doubled-char"), vec![want], "{t}");
    }
}

/// In Markdown the edge check joins paragraphs and the paragraphs of one quotation, as
/// `broken-join` does, and never blocks that nest or sit side by side: table cells and list
/// items keep their doublings.
#[test]
fn edge_check_follows_markdown_blocks() {
    let md = |t: &str| -> Vec<String> {
        check_str(t, SourceKind::Markdown, &Settings::default())
            .into_iter()
            .filter(|d| d.rule == "doubled-char")
            .map(|d| t[d.span].to_string())
            .collect()
    };
    assert_eq!(
        md("我们必须立足中国国\n\n情，走自己的道路。\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        md("> 我们必须立足中国国\n>\n> 情，走自己的道路。\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        md("| 中国国 | 情况 |\n|---|---|\n| 加大大 | 本土 |\n"),
        ["国国", "大大"]
    );
    assert_eq!(md("1. 加大大\n2. 本土企业\n"), ["大大"]);
    assert_eq!(md("- 我们必须立足中国国\n\n  情，走自己的道路。\n").len(), 1);
}

#[allow(dead_code)]
#[path = "../examples/gen_doubled.rs"]
mod gen_doubled;

/// The committed `rules/doubled/{name}` is what `derive` (of `gen_doubled`) makes of the shared
/// THUOCL list; skipped when the list is absent.
fn assert_current(name: &str, committed: &str, derive: fn(&str) -> String) {
    let repo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let Ok(thuocl) = std::fs::read_to_string(gen_doubled::source(&repo)) else {
        eprintln!("shared THUOCL list not found; skipped");
        return;
    };
    assert!(
        derive(&thuocl) == committed,
        "rules/doubled/{name} is stale: run `cargo run --example gen_doubled`"
    );
}

#[test]
fn doubled_idiom_list_is_current() {
    assert_current(
        "idioms.txt",
        include_str!("../rules/doubled/idioms.txt"),
        gen_doubled::derive,
    );
}

#[test]
fn particle_idiom_list_is_current() {
    assert_current(
        "particle-idioms.txt",
        include_str!("../rules/doubled/particle-idioms.txt"),
        gen_doubled::derive_particle_idioms,
    );
}

/// A word boundary between the copies (two words, or a lone copy that another reading joins
/// to its neighbour) is no evidence when the text without the copy is far likelier under
/// jieba's word frequencies: the extra copy made up a rare word (该是, 新农, 刑事犯, 新发,
/// 越多…). Sentences written for this test.
#[test]
fn slips_at_a_boundary_that_reads_far_better_without_the_copy() {
    assert_each_reports_its_pair(&[
        ("各国要维护海洋权权益。", "权权"),
        ("要依法严惩刑事犯犯罪活动。", "犯犯"),
        ("我们要坚持新发发展理念。", "发发"),
        ("参加讨论的人越来越越多。", "越越"),
        ("这位老同志志在一九八〇年入党。", "志志"),
        ("在一些盐碱碱地种植牧草。", "碱碱"),
    ]);
}

/// Function words and modal verbs beside a word sharing them, where grammar leaves them
/// nothing to do: a modal before a verb with no object (要|要求，) or after a verb
/// (带动|应|应用), 为 before a word starting with it or after one ending in it with no phrase
/// closed by 的 to open, 从 before a verb, 有 before a word that modifies a verb (有|有效|缓解).
#[test]
fn function_words_with_nothing_to_govern_are_reported() {
    assert_each_reports_its_pair(&[
        ("会议通知要要求，各单位按时报送材料。", "要要"),
        ("这正是上级所要要求的。", "要要"),
        ("要以基础研究带动应应用研究。", "应应"),
        ("他把为为民服务当作一生的追求。", "为为"),
        ("污染防治被列为为重点工作。", "为为"),
        ("这项任务最为为紧迫。", "为为"),
        ("要从从严治党的高度认识这个问题。", "从从"),
        ("金融风险有有所上升。", "有有"),
        ("这一措施有有效缓解了交通拥堵。", "有有"),
    ]);
}

/// A one-character verb doubled before its object is a predicate: not after an adjective or a
/// two-character verb that would govern it, nor before a conjunction that shows a noun phrase.
#[test]
fn doubled_verbs_that_cannot_be_predicates_are_reported() {
    assert_each_reports_its_pair(&[
        ("蔓延的态势得到遏遏制。", "遏遏"),
        ("要扩大投投资和消费。", "投投"),
        ("这体现了我们坚定的决决心。", "决决"),
        ("为企业提供保保障。", "保保"),
    ]);
}

/// Correct copy that looks like the slips above: reduplication, word boundaries between two
/// common words, a unit before its title, a modal before a verb with its object, 为 after a
/// verb it completes or opening a phrase closed by 的, and a particle after an idiom ending
/// in the same character (不知怎的的, a false alarm of session 8). Sentences written for this
/// test.
#[test]
fn traps_for_the_boundary_and_function_word_checks_stay_silent() {
    for t in [
        "我们常常去看看老人，日子过得实实在在。",
        "南南合作不断深化，中方方案得到认可。",
        "宪章明确确立了主权平等原则，这件事要研究研究。",
        "人人参与，天天锻炼，一个个难题被攻克。",
        "谢谢大家，满天星星闪烁。",
        "要走符合本国国情的道路，坚持宪法法律至上，发展人民民主。",
        "坚持用党章党规规范党员行为，把扩大对外开放放到突出位置。",
        "综合执法大队三中队队长和人事处处长出席。",
        "这就要要求我们深入调查研究。",
        "我们要要求各地对问题进行整改，各级党委要要求干部在一线锻炼。",
        "他认为为了发展必须改革，这被视为为民办实事的举措。",
        "要从从业人员中选拔骨干，从从前的错误中吸取教训。",
        "他们成为为人民服务的好干部，他当选为为民服务的模范。",
        "要有有效的办法，也要有有关部门的支持。",
        "大家来握握手，去晒晒太阳，要动动脑筋，再剪剪枝。",
        "不知怎的的道理，他们脚踏实地地工作，这是众矢之的的问题，事情没完没了了。",
    ] {
        let d = findings(t, "doubled-char");
        assert!(
            d.is_empty(),
            "{t}: {:?}",
            d.iter().map(|d| &t[d.span.clone()]).collect::<Vec<_>>()
        );
    }
}
