//! Shapes of the non-prose lines that surround news copy: datelines, bylines, credits, captions,
//! closing marks, list markers. The join rules ask these questions only about the few blocks
//! that are already candidates, so the regexes are compiled lazily and never run on clean copy.
//!
//! The patterns are assembled from named pieces (STYLE.md habit 11) and from the label list in
//! `rules/joins/credits.txt`.

use crate::text;
use regex_automata::meta::{self, Regex};
use std::sync::LazyLock;

/// An opening bracket of any width, or a lenticular bracket.
pub(super) const OPEN_BR: &str = r"[（(【〔\[]";
/// A closing bracket of any width, or a lenticular bracket.
pub(super) const CLOSE_BR: &str = r"[）)】〕\]]";
/// Text inside one bracket pair: no bracket of either kind, no line break.
const INSIDE: &str = r"[^（）()【】〔〕\[\]\n]";
/// A digit as printed in dates: Arabic of either width, or a Chinese numeral.
const DATE_NUM: &str = "[0-9０-９一二三四五六七八九十〇]";

/// Byline, credit and editorial labels, one a line (see the file's header).
const CREDITS: &str = include_str!("../../../rules/joins/credits.txt");

/// The non-comment lines of a data file.
pub(super) fn data_lines(data: &'static str) -> impl Iterator<Item = &'static str> {
    data.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Compile a pattern for matching a few short lines: without the lazy DFA, which `regex`
/// always builds and which needs a reverse NFA to find where a match starts. That halved the
/// build: [`CLOSER`] took 1.4 ms with it and 0.57 ms without, and the first candidate of a
/// real article (the seed page) spent more on compiling these patterns than on everything else.
/// The backtracker and the PikeVM search a line of a few dozen characters in microseconds.
pub(super) fn build(pattern: &str) -> Regex {
    Regex::builder()
        .configure(meta::Config::new().hybrid(false))
        .build(pattern)
        .unwrap_or_else(|e| panic!("joins pattern {pattern}: {e}"))
}

/// A line that opens with a credit label: `记者 张三`, `责任编辑：李四`, `来源：新华社`.
static CREDIT_START: LazyLock<Regex> = LazyLock::new(|| {
    let mut labels: Vec<&str> = data_lines(CREDITS).collect();
    // Longest first, so 本报记者 is tried before 记者 and 文/图 before 文.
    labels.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
    let alt: Vec<String> = labels.iter().map(|l| regex::escape(l)).collect();
    build(&format!(
        r"^{OPEN_BR}?\s*(?:{})\s*(?:[：:/／|｜]|\s)",
        alt.join("|")
    ))
});

/// A line that ends with a reporter's or photographer's credit: `…（记者 张三 报道）`,
/// `新华社记者 李四 摄`.
static CREDIT_END: LazyLock<Regex> = LazyLock::new(|| {
    build(&format!(
        r"(?:(?:记者|通讯员){INSIDE}{{0,30}}(?:报道|摄)|摄\s*(?:影)?){CLOSE_BR}?\s*$"
    ))
});

/// A picture caption: `图为……`, `图：……`, `上图……`, `▲……`.
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    build(r"^(?:图为|图片?\s*[：:]|[上下左右]图|资料图|视频截图|截图|图\s*[0-9０-９]+|[▲△■□])")
});

/// A dateline that opens a story: `新华社北京5月20日电`, `本报北京12月1日电（记者 王五）`,
/// `（中新网12月1日电）`, `本报讯`.
static DATELINE_OPEN: LazyLock<Regex> = LazyLock::new(|| {
    build(&format!(
        r"^{OPEN_BR}?\s*(?:[\p{{Han}}·\s]{{1,20}}?(?:{DATE_NUM}{{1,4}}年)?{DATE_NUM}{{1,3}}月{DATE_NUM}{{1,3}}日\s*(?:专电|电|讯|消息)|\p{{Han}}{{1,8}}讯(?:\s|{OPEN_BR}|$))"
    ))
});

/// A line made only of short bracketed groups: `【纠错】 【责任编辑：张三】`.
static BRACKETS_ONLY: LazyLock<Regex> =
    LazyLock::new(|| build(&format!(r"^(?:\s*{OPEN_BR}{INSIDE}{{1,24}}{CLOSE_BR})+\s*$")));

/// The closing mark of a story, at the end of a block: `（新华社北京12月21日电）`, `（完）`,
/// `（记者 张三 报道）`, `（本报记者 王五）`, `（责任编辑：赵六）`, `（作者系……）`.
static CLOSER: LazyLock<Regex> = LazyLock::new(|| {
    let bodies = [
        "完|全文完|全文结束|终|未完待续|待续|END|End|end".to_string(),
        format!(r"{INSIDE}{{0,30}}?(?:社|报|网|台|站|日){INSIDE}{{0,16}}?(?:电|讯)"),
        format!(r"{INSIDE}{{0,20}}?记者{INSIDE}{{0,40}}?"),
        format!(r"{INSIDE}{{0,40}}?(?:报道|供稿|撰稿|编译)"),
        format!(
            r"(?:责任编辑|责编|编辑|编审|审核|审校|校对|来源|稿源|作者|通讯员|实习生|撰文|翻译|执笔|文)\s*[：:/／|｜]{INSIDE}{{0,40}}"
        ),
        format!(r"(?:本文)?作者(?:系|为|是){INSIDE}{{0,60}}"),
    ];
    build(&format!(r"{OPEN_BR}\s*(?:{})\s*{CLOSE_BR}\s*$", bodies.join("|")))
});

/// A list or enumeration marker at the start of a line: `一、`, `（二）`, `3.`, `①`, `- `,
/// `第三条`.
static LIST_START: LazyLock<Regex> = LazyLock::new(|| {
    build(
        r"^(?:[一二三四五六七八九十百]{1,3}[、.．]|[（(][一二三四五六七八九十百0-9０-９]{1,3}[）)]|[0-9０-９]{1,3}(?:[、．)）]|\.(?:[^0-9]|$))|[①-⑳⑴-⒇❶-❿]|[-*+•·●○◆◇★☆►▶]\s*|第[一二三四五六七八九十百0-9０-９]{1,3}[章节条款部分篇])",
    )
});

/// Characters up to which a block that opens with a dateline is the dateline line itself
/// (`本报北京12月1日电（记者 王五 通讯员 赵六）`) rather than a first paragraph.
const DATELINE_LINE_MAX: usize = 40;

/// True for page furniture: a byline, credit, caption or a line of bracketed editorial tags.
///
/// Each pattern is tried only when the line has the literal shape it needs (a closing bracket
/// at the end for [`BRACKETS_ONLY`], 报道/摄/影 at the end for [`CREDIT_END`]), so that most
/// lines are settled without compiling them.
pub(super) fn is_furniture(s: &str) -> bool {
    CREDIT_START.is_match(s)
        || CAPTION.is_match(s)
        || (ends_with_close_bracket(s) && BRACKETS_ONLY.is_match(s))
        || (may_end_with_credit(s) && CREDIT_END.is_match(s))
}

fn ends_with_close_bracket(s: &str) -> bool {
    s.trim_end().ends_with(['）', ')', '】', '〕', ']'])
}

/// Whether `s` ends with 报道, 摄 or 影 before an optional closing bracket and white space:
/// what every match of [`CREDIT_END`] ends with.
fn may_end_with_credit(s: &str) -> bool {
    let t = s.trim_end();
    let t = t
        .strip_suffix(['）', ')', '】', '〕', ']'])
        .unwrap_or(t)
        .trim_end();
    t.ends_with("报道") || t.ends_with(['摄', '影'])
}

/// Whether `s` holds 电, 讯 or 消息: every match of [`DATELINE_OPEN`] does.
fn may_open_with_dateline(s: &str) -> bool {
    s.contains(['电', '讯']) || s.contains("消息")
}

/// True for page furniture or a dateline standing on its own line: text around a story that
/// is not part of its prose. A long paragraph that opens with a dateline is prose.
pub(super) fn is_meta(s: &str) -> bool {
    is_furniture(s)
        || (may_open_with_dateline(s) && DATELINE_OPEN.is_match(s) && s.chars().count() <= DATELINE_LINE_MAX)
}

/// True when `s` opens a story: a dateline, `本报讯`, or an editor's note.
pub(super) fn opens_story(s: &str) -> bool {
    (may_open_with_dateline(s) && DATELINE_OPEN.is_match(s)) || s.starts_with("编者按")
}

/// True when `s` starts with a list or enumeration marker, or a dash that introduces a
/// subtitle.
pub(super) fn starts_list(s: &str) -> bool {
    s.starts_with('—') || LIST_START.is_match(s)
}

/// Byte offset in `s` where a closing mark ending `s` starts, if there is one. A photo credit
/// `（新华社记者 张三 摄）` is not a closing mark.
pub(super) fn closer_start(s: &str) -> Option<usize> {
    let last = s
        .trim_end_matches(|c: char| text::is_space(c))
        .chars()
        .next_back()?;
    if !matches!(last, '）' | ')' | '】' | '〕' | ']') {
        return None;
    }
    let m = CLOSER.find(s)?;
    let inner = s[m.start()..]
        .trim_end()
        .trim_end_matches(|c: char| "）)】〕]".contains(c))
        .trim_end();
    if inner.ends_with('摄') || inner.ends_with("摄影") {
        return None;
    }
    Some(m.start())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_lines() {
        for s in [
            "记者 张三",
            "本报记者　李四　王五",
            "责任编辑：赵六",
            "来源：新华社",
            "文/图 张三",
            "图为市民在超市选购年货。",
            "▲ 市民在超市选购年货",
            "新华社北京5月20日电",
            "本报北京12月1日电（记者 王五）",
            "本报讯（记者 张三）",
            "【纠错】 【责任编辑：张三】",
            "市民在超市选购年货（新华社记者 张三 摄）",
        ] {
            assert!(is_meta(s), "{s}");
        }
        for s in [
            "记者从市交通运输局获悉，今年全市新开通公交线路十二条，",
            "文明是国家和民族的精神标识",
            "图书馆今年新增藏书三万册",
            "全市新开通公交线路十二条",
            "他在12月1日的会议上说",
            "本报讯 入春以来，青溪镇的茶农们忙着采摘明前茶，镇农业服务中心主任介绍，今年全镇茶园面积达到一万二千亩",
        ] {
            assert!(!is_meta(s), "{s}");
        }
    }

    /// The literal guards are necessary conditions: on random lines made of the pieces these
    /// patterns look for, a pattern never matches a line its guard turned away.
    #[test]
    fn guards_never_turn_away_a_match() {
        const PIECES: [&str; 22] = [
            "记者",
            "通讯员",
            "摄",
            "影",
            "报道",
            "（",
            "）",
            "【",
            "】",
            "(",
            ")",
            " ",
            "\u{3000}",
            "新华社",
            "北京",
            "12",
            "月",
            "日",
            "电",
            "讯",
            "消息",
            "张三",
        ];
        let mut rng = crate::testutil::Rng::new();
        let (mut credit, mut brackets, mut dateline) = (0, 0, 0);
        for _ in 0..20_000 {
            let len = 1 + rng.below(8);
            let line: String = (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            if CREDIT_END.is_match(&line) {
                assert!(may_end_with_credit(&line), "{line:?}");
                credit += 1;
            }
            if BRACKETS_ONLY.is_match(&line) {
                assert!(ends_with_close_bracket(&line), "{line:?}");
                brackets += 1;
            }
            if DATELINE_OPEN.is_match(&line) {
                assert!(may_open_with_dateline(&line), "{line:?}");
                dateline += 1;
            }
        }
        // The lines do exercise every pattern.
        assert!(
            credit > 100 && brackets > 100 && dateline > 20,
            "{credit} {brackets} {dateline}"
        );
    }

    #[test]
    fn closers() {
        for (s, at) in [
            ("（新华社北京12月21日电）", 0),
            ("(新华社北京12月21日电)", 0),
            ("（完）", 0),
            ("（记者 张三 报道）", 0),
            ("（本报记者 王五）", 0),
            ("【责任编辑：赵六】", 0),
            ("（作者系某大学教授）", 0),
            ("会议持续两天。（完）", "会议持续两天。".len()),
        ] {
            assert_eq!(closer_start(s), Some(at), "{s}");
        }
        for s in [
            "（新华社记者 张三 摄）",
            "会议持续两天（第二天为闭门会议）",
            "（上接第一版）",
            "中国（上海）",
        ] {
            assert_eq!(closer_start(s), None, "{s}");
        }
    }

    #[test]
    fn lists_and_openers() {
        for s in [
            "一、总体要求",
            "（二）主要任务",
            "3. 加强监管",
            "① 提高效率",
            "- 列表",
            "第三条 本办法",
        ] {
            assert!(starts_list(s), "{s}");
        }
        for s in ["3.5亿元投资到位", "2025年的世界", "一是坚持发展优先"] {
            assert!(!starts_list(s), "{s}");
        }
        assert!(opens_story("新华社北京5月20日电 以中共中央委员会……"));
        assert!(opens_story("编者按：本报今起推出系列报道。"));
        assert!(!opens_story("据了解，本次大赛自启动以来……"));
    }
}
