//! Renderers: snapshots of `human` and `json` (no colour, width 100), and the contract of every
//! format, on diagnostics built by hand so they do not depend on any rule family.

use newslint::diagnostic::OtherFile;
use newslint::render::{FileReport, Format, RenderOptions, render_to_string};
use newslint::{Applicability, Diagnostic, Findings, Lang, Related, Severity};
use serde_json::Value;
use std::ops::Range;

/// A Chinese article with a BOM and CRLF line endings.
const NEWS: &str = "\u{FEFF}# 循道而行,推动发展\r\n\r\n本报讯　今年夏天雨水偏多,不少河流出现汛情;气象部门提醒:注意防范,加强值守,确保安全,做好准备。\r\n植根于文明沃土 的现代化实践，坚持从林法则的做法行不通。\r\n举办‘拉萨好物 云端开播’首场直播。\r\n植根于文明沃土的现代化实践。\r\n";

/// A Markdown file whose finding points into the article.
const OTHER: &str = "# 转载\n\n植根于文明沃土的现代化实践。\n";

fn at(hay: &str, needle: &str, n: usize) -> Range<usize> {
    let s = hay.match_indices(needle).nth(n).expect("needle").0;
    s..s + needle.len()
}

fn news_diagnostics() -> Vec<Diagnostic> {
    let t = NEWS;
    let mut v = vec![
        Diagnostic::new(
            "halfwidth-punct",
            Severity::Warning,
            at(t, ",", 0),
            "半角逗号“,”应为全角“，”",
        )
        .with_fix("，", Applicability::Safe),
    ];
    // Five half-width marks on one line: grouped by the human renderer.
    for (m, fw, n) in [
        (",", "，", 1),
        (";", "；", 0),
        (":", "：", 0),
        (",", "，", 2),
        (",", "，", 3),
        (",", "，", 4),
    ] {
        v.push(
            Diagnostic::new(
                "halfwidth-punct",
                Severity::Warning,
                at(t, m, n),
                format!("半角标点“{m}”应为全角“{fw}”"),
            )
            .with_fix(fw, Applicability::Safe),
        );
    }
    v.push(
        Diagnostic::new(
            "cjk-space",
            Severity::Warning,
            at(t, "土 的", 0).start + 3..at(t, "土 的", 0).start + 4,
            "中文之间多了空格：“土 的”应为“土的”",
        )
        .with_fix("", Applicability::Safe),
    );
    v.push(
        Diagnostic::new(
            "typo",
            Severity::Error,
            at(t, "从林法则", 0),
            "“从林法则”应为“丛林法则”",
        )
        .with_fix("丛林法则", Applicability::Safe),
    );
    let sp = at(t, "好物 云端", 0);
    v.push(
        Diagnostic::new(
            "cjk-space",
            Severity::Info,
            sp.start + 6..sp.start + 7,
            "标题中的空格“物 云”：如非标题原有写法，应删除",
        )
        .with_fix("", Applicability::Unsafe),
    );
    // A repeated sentence pointing back to its first copy (same file) and to a copy in
    // another file of the run.
    let second = at(t, "植根于文明沃土的现代化实践", 0);
    let mut dup = Diagnostic::new("duplicate-text", Severity::Warning, second, "重复的句子")
        .with_related(at(t, "植根于文明沃土 的现代化实践", 0), "相似句子首次出现在此");
    dup.related.push(Related {
        span: at(OTHER, "植根于文明沃土的现代化实践", 0),
        message: "另一文件中的相同句子".into(),
        other: Some(OtherFile {
            path: "docs/转载.md".into(),
            line: 3,
            column: 1,
        }),
    });
    v.push(dup);
    v.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    v
}

fn other_diagnostics() -> Vec<Diagnostic> {
    vec![Diagnostic::new(
        "duplicate-text",
        Severity::Warning,
        at(OTHER, "植根于文明沃土的现代化实践", 0),
        "与另一文件重复的句子",
    )]
}

fn render(format: Format, opts: RenderOptions) -> String {
    let news = news_diagnostics();
    let other = other_diagnostics();
    let files = [
        FileReport {
            path: "news/稿件.txt",
            text: NEWS,
            diagnostics: &Findings::from(news.clone()),
            lines: None,
        },
        FileReport {
            path: "docs/转载.md",
            text: OTHER,
            diagnostics: &Findings::from(other.clone()),
            lines: None,
        },
        FileReport {
            path: "clean.txt",
            text: "干净的稿件。\n",
            diagnostics: &Findings::new(),
            lines: None,
        },
    ];
    render_to_string(format, opts, &files)
}

fn opts() -> RenderOptions {
    RenderOptions {
        color: false,
        lang: Lang::Zh,
        width: 100,
        statistics: false,
        quiet: false,
    }
}

#[test]
fn human_snapshot() {
    insta::assert_snapshot!("human", render(Format::Human, opts()));
}

#[test]
fn human_snapshot_english_with_statistics() {
    let o = RenderOptions {
        lang: Lang::En,
        statistics: true,
        ..opts()
    };
    insta::assert_snapshot!("human_en_statistics", render(Format::Human, o));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("json", render(Format::Json, opts()));
}

#[test]
fn human_header_uses_character_columns() {
    let out = render(Format::Human, opts());
    // The space in 沃土 的 is the 8th character of line 4; miette would say byte column 22.
    assert!(out.contains("news/稿件.txt:4:8: warning[cjk-space]"), "{out}");
    // The first heading comma: the BOM is not a column, `# ` is.
    assert!(
        out.contains("news/稿件.txt:1:7: warning[halfwidth-punct]"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn human_groups_many_findings_on_one_line() {
    let out = render(Format::Human, opts());
    assert!(out.contains("warning[halfwidth-punct] ×6，第3行"), "{out}");
    let en = render(
        Format::Human,
        RenderOptions {
            lang: Lang::En,
            ..opts()
        },
    );
    assert!(en.contains("warning[halfwidth-punct] ×6 on line 3"), "{en}");
}

#[test]
fn human_colour_only_when_asked() {
    let out = render(
        Format::Human,
        RenderOptions {
            color: true,
            ..opts()
        },
    );
    assert!(out.contains('\u{1b}'));
}

#[test]
fn human_long_lines_fit_the_width() {
    // One 600-character line with a comma near the end: the snippet is a window of it.
    let text = format!("{}中国,美国{}\n", "很长的句子".repeat(100), "结尾".repeat(50));
    let d = vec![
        Diagnostic::new("halfwidth-punct", Severity::Warning, at(&text, ",", 0), "m")
            .with_fix("，", Applicability::Safe),
    ];
    let files = [FileReport {
        path: "long.txt",
        text: &text,
        diagnostics: &Findings::from(d.clone()),
        lines: None,
    }];
    let out = render_to_string(Format::Human, opts(), &files);
    assert!(out.contains("long.txt:1:503:"), "{out}");
    for line in out.lines() {
        let w: usize = line.chars().map(|c| if c as u32 >= 0x2E80 { 2 } else { 1 }).sum();
        assert!(w <= 110, "line too wide ({w}): {line}");
    }
    assert!(
        out.contains(" │ …") && out.contains("中国,美国") && out.contains("结尾…"),
        "{out}"
    );
}

#[test]
fn concise_format() {
    let out = render(Format::Concise, opts());
    let first = out.lines().next().unwrap();
    assert_eq!(
        first,
        "news/稿件.txt:1:7: warning[halfwidth-punct] 半角逗号“,”应为全角“，”"
    );
    assert!(out.contains("news/稿件.txt:4:8: warning[cjk-space] 中文之间多了空格：“土 的”应为“土的”\n"));
    assert!(out.contains("docs/转载.md:3:1: warning[duplicate-text] 与另一文件重复的句子\n"));
    assert_eq!(out.lines().count(), 12);
    let stats = render(
        Format::Concise,
        RenderOptions {
            statistics: true,
            ..opts()
        },
    );
    assert!(stats.contains("halfwidth-punct"));
    assert!(stats.lines().count() > 12);
}

#[test]
fn json_contract() {
    let out = render(Format::Json, opts());
    let v: Value = serde_json::from_str(&out).expect("json parses");
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 12);
    let keys = [
        "path",
        "rule",
        "severity",
        "message",
        "start",
        "end",
        "line",
        "column",
        "end_line",
        "end_column",
        "fix",
        "related",
    ];
    for o in arr {
        let o = o.as_object().unwrap();
        let mut got: Vec<&str> = o.keys().map(String::as_str).collect();
        let mut want = keys.to_vec();
        got.sort();
        want.sort();
        assert_eq!(got, want);
        // The bytes start..end are on character boundaries of the file as read.
        let text = if o["path"] == "docs/转载.md" {
            OTHER
        } else {
            NEWS
        };
        let (s, e) = (
            o["start"].as_u64().unwrap() as usize,
            o["end"].as_u64().unwrap() as usize,
        );
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        assert!(["error", "warning", "info"].contains(&o["severity"].as_str().unwrap()));
    }
    // The cross-file related span names the other file.
    let dup = arr
        .iter()
        .find(|o| o["rule"] == "duplicate-text" && o["path"] == "news/稿件.txt")
        .unwrap();
    let rel = dup["related"].as_array().unwrap();
    assert_eq!(rel[0]["path"], "news/稿件.txt");
    assert_eq!(rel[0]["line"], 4);
    assert_eq!(rel[1]["path"], "docs/转载.md");
    assert_eq!(
        (rel[1]["line"].as_u64(), rel[1]["column"].as_u64()),
        (Some(3), Some(1))
    );
    // end_line/end_column are exclusive: the column after the last character.
    let space = arr.iter().find(|o| o["rule"] == "cjk-space").unwrap();
    assert_eq!(
        (
            &space["line"],
            &space["column"],
            &space["end_line"],
            &space["end_column"]
        ),
        (&Value::from(4), &Value::from(8), &Value::from(4), &Value::from(9))
    );
    assert_eq!(space["fix"]["replacement"], "");
    assert_eq!(space["fix"]["applicability"], "safe");
    let typo = arr.iter().find(|o| o["rule"] == "typo").unwrap();
    assert_eq!(
        &NEWS[typo["start"].as_u64().unwrap() as usize..typo["end"].as_u64().unwrap() as usize],
        "从林法则"
    );
    assert_eq!(arr.iter().filter(|o| o["fix"].is_null()).count(), 2);
}

#[test]
fn json_empty_run_is_an_empty_array() {
    let files = [FileReport {
        path: "clean.txt",
        text: "干净。\n",
        diagnostics: &Findings::new(),
        lines: None,
    }];
    assert_eq!(render_to_string(Format::Json, opts(), &files), "[]\n");
    assert_eq!(render_to_string(Format::Json, opts(), &[]), "[]\n");
    assert_eq!(render_to_string(Format::Jsonl, opts(), &files), "");
}

/// A clean run says so; a run with inputs left unchecked says that instead, in both languages.
#[test]
fn human_summary_names_unchecked_inputs() {
    let end = |lang, unchecked| {
        let mut r = newslint::render::renderer_for(Format::Human, RenderOptions { lang, ..opts() });
        let mut out = Vec::new();
        r.begin(&mut out).unwrap();
        r.unchecked(unchecked);
        r.end(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    assert_eq!(end(Lang::Zh, 0), "未发现问题。\n");
    assert_eq!(end(Lang::En, 0), "No problems found.\n");
    assert_eq!(
        end(Lang::Zh, 2),
        "已检查的文件未发现问题，但有 2 个输入未能检查（见标准错误）。\n"
    );
    assert_eq!(
        end(Lang::En, 1),
        "No problems found in the files checked, but 1 input could not be checked (see stderr).\n"
    );
}

#[test]
fn jsonl_is_json_one_per_line() {
    let out = render(Format::Jsonl, opts());
    let array: Value = serde_json::from_str(&render(Format::Json, opts())).unwrap();
    let lines: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(Value::Array(lines), array);
}

#[test]
fn github_commands() {
    let out = render(Format::Github, opts());
    let first = out.lines().next().unwrap();
    assert_eq!(
        first,
        "::warning file=news/稿件.txt,line=1,col=7,endLine=1,endColumn=8,title=newslint(halfwidth-punct)::半角逗号“,”应为全角“，”"
    );
    assert!(out.contains("::error file=news/稿件.txt,line=4,col=18,"));
    assert!(out.contains("::notice file=news/稿件.txt,line=5,"));
    // Escaping: `%` and line breaks in the message, `,` and `:` in properties.
    let text = "甲,乙\n";
    let d = vec![Diagnostic::new("x", Severity::Warning, 3..4, "100%\n下一行")];
    let files = [FileReport {
        path: "a,b:c.txt",
        text,
        diagnostics: &Findings::from(d.clone()),
        lines: None,
    }];
    assert_eq!(
        render_to_string(Format::Github, opts(), &files),
        "::warning file=a%2Cb%3Ac.txt,line=1,col=2,endLine=1,endColumn=3,title=newslint(x)::100%25%0A下一行\n"
    );
}

#[test]
fn human_survives_odd_spans() {
    // A span over a line break (a broken page join), an empty span at the end of the file, a
    // span over a whole multi-line stretch, and a finding in an empty file.
    let text = "第一段没有写完\r\n\r\n接着写完。\r\n";
    let brk = text.find("\r\n").unwrap();
    let d = vec![
        Diagnostic::new("broken-join", Severity::Warning, brk..brk + 4, "段落被分页截断")
            .with_fix("", Applicability::Unsafe),
        Diagnostic::new("whole", Severity::Info, 0..text.len(), "整篇"),
        Diagnostic::new("eof", Severity::Info, text.len()..text.len(), "文件末尾"),
    ];
    let empty: Vec<Diagnostic> = vec![Diagnostic::new("empty", Severity::Error, 0..0, "空文件")];
    let files = [
        FileReport {
            path: "a.txt",
            text,
            diagnostics: &Findings::from(d.clone()),
            lines: None,
        },
        FileReport {
            path: "empty.txt",
            text: "",
            diagnostics: &Findings::from(empty.clone()),
            lines: None,
        },
    ];
    for lang in [Lang::Zh, Lang::En] {
        let out = render_to_string(Format::Human, RenderOptions { lang, ..opts() }, &files);
        assert!(out.contains("a.txt:1:8: warning[broken-join]"), "{out}");
        assert!(out.contains("a.txt:4:1: info[eof]"), "{out}");
        assert!(out.contains("empty.txt:1:1: error[empty]"), "{out}");
        assert!(!out.contains("Failed to read"), "{out}");
    }
}
