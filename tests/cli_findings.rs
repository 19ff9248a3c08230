//! The CLI contract end to end where findings are needed: the seed page, `--format json` as a
//! public contract, `--select`/`--ignore`/`--fail-on`, config levels, per-path ignores,
//! cross-file duplicates, colour, a closed pipe. They need the rule families and the renderers,
//! built on other branches.

use assert_cmd::Command;
use newslint::lines::LineIndex;
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;
use std::process::Stdio;

const FORMATS: [&str; 6] = ["human", "concise", "json", "jsonl", "sarif", "github"];

fn newslint() -> Command {
    let mut c = Command::cargo_bin("newslint").unwrap();
    c.env_remove("NO_COLOR").env("COLUMNS", "100");
    c
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// Run `check --format json` with `args`; returns the exit code and the parsed findings.
fn json(args: &[&str]) -> (i32, Vec<Value>) {
    let out = newslint()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (
        out.status.code().unwrap(),
        v.as_array().expect("a JSON array").clone(),
    )
}

fn rules_of(findings: &[Value]) -> Vec<String> {
    findings
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

/// Every finding's span is on character boundaries of the file as read, and its line and
/// column are where the byte offsets say (columns counted in characters).
fn assert_spans_exact(findings: &[Value], text: &str) {
    let index = LineIndex::new(text);
    for d in findings {
        let start = d["start"].as_u64().unwrap() as usize;
        let end = d["end"].as_u64().unwrap() as usize;
        assert!(start <= end && end <= text.len(), "{d}");
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "{d}");
        let (line, column) = index.line_col(text, start);
        assert_eq!(
            (
                d["line"].as_u64().unwrap() as usize,
                d["column"].as_u64().unwrap() as usize
            ),
            (line, column),
            "{d}"
        );
        let (end_line, end_column) = index.line_col(text, end);
        assert_eq!(
            (
                d["end_line"].as_u64().unwrap() as usize,
                d["end_column"].as_u64().unwrap() as usize
            ),
            (end_line, end_column),
            "{d}"
        );
        if let Some(fix) = d["fix"].as_object() {
            assert!(fix["replacement"].is_string(), "{d}");
            assert!(
                matches!(fix["applicability"].as_str(), Some("safe" | "unsafe")),
                "{d}"
            );
        } else {
            assert!(d["fix"].is_null(), "{d}");
        }
    }
}

#[test]
fn seed_page_exits_1_and_json_spans_are_exact() {
    let seed = fixture("seed.txt");
    let text = std::fs::read_to_string(&seed).unwrap();
    let (code, findings) = json(&[&seed]);
    assert_eq!(code, 1);
    assert_spans_exact(&findings, &text);
    // The public schema: exactly these keys.
    let keys: Vec<&str> = findings[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
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
    expected.sort();
    let mut keys = keys;
    keys.sort();
    assert_eq!(keys, expected);
    let rules = rules_of(&findings);
    assert!(rules.iter().any(|r| r == "halfwidth-punct"), "{rules:?}");
    // The stray space in 文明沃土 的 (DEFECTS.md, line 73).
    let space = text.find("文明沃土 的").unwrap() + "文明沃土".len();
    assert!(
        findings.iter().any(|d| d["rule"] == "cjk-space"
            && d["start"].as_u64().unwrap() as usize <= space
            && d["end"].as_u64().unwrap() as usize > space),
        "no cjk-space on 文明沃土 的"
    );
    // Every half-width mark between Chinese characters is reported.
    let commas = findings.iter().filter(|d| d["rule"] == "halfwidth-punct").count();
    assert!(commas >= 100, "only {commas} half-width findings");
}

#[test]
fn defects_exit_1_in_every_format_and_clean_copy_0() {
    for format in FORMATS {
        newslint()
            .args(["check", "--format", format, &fixture("cli/defects.txt")])
            .assert()
            .code(1);
        newslint()
            .args(["check", "--format", format, &fixture("cli/clean.txt")])
            .assert()
            .code(0);
    }
}

#[test]
fn defects_fixture_reports_exactly_its_two_defects() {
    let path = fixture("cli/defects.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let (_, findings) = json(&[&path]);
    assert_spans_exact(&findings, &text);
    let comma = text.find(',').unwrap();
    let space = text.find(' ').unwrap();
    let spans: Vec<(String, usize, usize)> = findings
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["start"].as_u64().unwrap() as usize,
                d["end"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    assert_eq!(
        spans,
        [
            ("halfwidth-punct".to_string(), comma, comma + 1),
            ("cjk-space".to_string(), space, space + 1)
        ]
    );
    assert_eq!(findings[0]["fix"]["replacement"], "，");
    assert_eq!(findings[0]["path"], path.as_str());
}

#[test]
fn invalid_utf8_beside_a_file_with_findings_still_reports_them() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"\xd0\xc2\xbb\xaa\xc9\xe7").unwrap(); // 新华社 in GB18030
    let out = newslint()
        .args(["check", "--format", "json", &fixture("cli/defects.txt")])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "{}: not valid UTF-8: first invalid byte at offset 0",
            bad.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains("iconv -f GB18030 -t UTF-8"), "{stderr}");
}

#[test]
fn select_and_ignore_filter_rules() {
    let path = fixture("cli/defects.txt");
    let (code, f) = json(&["--select", "halfwidth-punct", &path]);
    assert_eq!((code, rules_of(&f)), (1, vec!["halfwidth-punct".to_string()]));
    let (_, f) = json(&["--ignore", "halfwidth-punct", &path]);
    assert_eq!(rules_of(&f), ["cjk-space"]);
    let (code, f) = json(&["--ignore", "halfwidth-punct,cjk-space", &path]);
    assert_eq!((code, f.len()), (0, 0));
}

#[test]
fn unknown_rule_id_suggests_close_ids() {
    newslint()
        .args(["check", "--select", "halfwidth-puncts", &fixture("cli/clean.txt")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `halfwidth-punct`"));
    newslint()
        .args(["explain", "cjk-spaces"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`cjk-space`"));
}

#[test]
fn fail_on_and_config_levels_decide_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("story.txt");
    std::fs::copy(fixture("cli/defects.txt"), &file).unwrap();
    std::fs::write(
        dir.path().join("newslint.toml"),
        "[rules]\nhalfwidth-punct = \"info\"\ncjk-space = \"info\"\n",
    )
    .unwrap();
    let f = file.display().to_string();
    let (code, findings) = json(&[&f]);
    assert_eq!(code, 0, "info findings do not fail the run");
    assert!(findings.iter().all(|d| d["severity"] == "info"));
    assert_eq!(findings.len(), 2);
    assert_eq!(json(&["--fail-on", "info", &f]).0, 1);
    std::fs::write(
        dir.path().join("newslint.toml"),
        "fail-on = \"info\"\n[rules]\ncjk-space = \"off\"\n",
    )
    .unwrap();
    let (code, findings) = json(&[&f]);
    assert_eq!(
        (code, rules_of(&findings)),
        (1, vec!["halfwidth-punct".to_string()])
    );
    // A flag overrides the config: --select runs a rule the config switched off.
    let (_, findings) = json(&["--select", "cjk-space", &f]);
    assert_eq!(rules_of(&findings), ["cjk-space"]);
    assert_eq!(json(&["--no-config", "--fail-on", "error", &f]).1.len(), 2);
}

#[test]
fn per_path_ignores() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("wire")).unwrap();
    std::fs::copy(fixture("cli/defects.txt"), dir.path().join("wire/a.txt")).unwrap();
    std::fs::copy(fixture("cli/defects.txt"), dir.path().join("b.txt")).unwrap();
    std::fs::write(
        dir.path().join("newslint.toml"),
        "[[per-path]]\nglob = \"wire/**\"\nignore = [\"halfwidth-punct\"]\n",
    )
    .unwrap();
    // The two files are the same story, which cross-file duplicate checking would report;
    // this test is about per-path ignores only.
    let (_, f) = json(&["--no-cross-file", &dir.path().display().to_string()]);
    let a: Vec<&Value> = f
        .iter()
        .filter(|d| d["path"].as_str().unwrap().ends_with("wire/a.txt"))
        .collect();
    let b: Vec<&Value> = f
        .iter()
        .filter(|d| d["path"].as_str().unwrap().ends_with("b.txt"))
        .collect();
    assert_eq!(a.len(), 1);
    assert_eq!(a[0]["rule"], "cjk-space");
    assert_eq!(b.len(), 2);
}

#[test]
fn stdin_is_named_by_stdin_filename() {
    let out = newslint()
        .args([
            "check",
            "--format",
            "json",
            "-",
            "--stdin-filename",
            "desk/story.md",
        ])
        .write_stdin(std::fs::read(fixture("cli/defects.txt")).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v.as_array().unwrap().iter().all(|d| d["path"] == "desk/story.md"),
        "{v}"
    );
}

#[test]
fn summary_counts_and_quiet() {
    let path = fixture("cli/defects.txt");
    let (_, f) = json(&[&path]);
    let out = newslint()
        .args(["check", "--format", "concise", &path])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with(&format!("{} 个问题（", f.len())), "{stderr}");
    assert!(stderr.trim_end().ends_with("检查了 1 个文件"), "{stderr}");
    let out = newslint()
        .args(["check", "--format", "concise", "--quiet", &path])
        .output()
        .unwrap();
    assert_eq!(out.stderr, b"");
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), f.len());
}

#[test]
fn colour_only_when_asked_or_on_a_terminal_and_never_with_no_color() {
    let path = fixture("cli/defects.txt");
    let esc = |o: &std::process::Output| o.stdout.contains(&0x1b);
    let auto = newslint().args(["check", &path]).output().unwrap();
    assert!(!esc(&auto), "stdout is not a terminal");
    let always = newslint()
        .args(["check", "--color", "always", &path])
        .output()
        .unwrap();
    assert!(esc(&always));
    let no_color = newslint()
        .env("NO_COLOR", "1")
        .args(["check", "--color", "auto", &path])
        .output()
        .unwrap();
    assert!(!esc(&no_color));
    let never = newslint()
        .args(["check", "--color", "never", &path])
        .output()
        .unwrap();
    assert!(!esc(&never));
}

#[test]
fn statistics_add_counts_per_rule() {
    let path = fixture("cli/defects.txt");
    let plain = newslint()
        .args(["check", "--format", "concise", &path])
        .output()
        .unwrap();
    let stats = newslint()
        .args(["check", "--statistics", "--format", "concise", &path])
        .output()
        .unwrap();
    assert_eq!((plain.status.code(), stats.status.code()), (Some(1), Some(1)));
    let (plain, stats) = (
        String::from_utf8(plain.stdout).unwrap(),
        String::from_utf8(stats.stdout).unwrap(),
    );
    assert!(
        stats.len() > plain.len() && stats.contains("halfwidth-punct"),
        "{stats}"
    );
}

#[test]
fn closed_pipe_exits_with_the_findings_code_and_no_panic() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    // Tens of thousands of findings: far more than a pipe buffer holds.
    std::fs::write(
        &big,
        "读者可以,在自助机上办理借阅,也可以,在窗口办理。\n".repeat(20_000),
    )
    .unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("newslint"))
        .args(["check", "--format", "concise"])
        .arg(&big)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout); // like `| head -c 64`
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("error"),
        "{stderr}"
    );
}

#[test]
fn cross_file_duplicates_point_at_the_first_copy() {
    let dir = tempfile::tempdir().unwrap();
    let para = "市政府今天召开新闻发布会，通报今年以来全市重点民生工程的推进情况，\
                其中新建的十二所中小学将在秋季学期全部投入使用，新增学位一万八千个，\
                另有三家社区医院完成改造并恢复接诊，\
                城区新增的四条公交线路也将在下月开通，沿线居民的出行时间预计平均缩短一刻钟左右，\
                市政府表示，下半年还将启动老旧小区加装电梯和雨污分流改造。";
    std::fs::write(dir.path().join("a.txt"), format!("第一篇稿件的导语。\n{para}\n")).unwrap();
    std::fs::write(dir.path().join("b.txt"), format!("第二篇稿件的导语。\n{para}\n")).unwrap();
    let d = dir.path().display().to_string();
    let (_, f) = json(&[&d]);
    let dup: Vec<&Value> = f.iter().filter(|x| x["rule"] == "duplicate-text").collect();
    assert_eq!(dup.len(), 1, "{f:?}");
    assert!(dup[0]["path"].as_str().unwrap().ends_with("b.txt"));
    let rel = &dup[0]["related"][0];
    assert!(rel["path"].as_str().unwrap().ends_with("a.txt"), "{rel}");
    assert_eq!(rel["line"], 2);
    assert_eq!(rel["column"], 1);
    let (_, f) = json(&["--no-cross-file", &d]);
    assert!(f.iter().all(|x| x["rule"] != "duplicate-text"), "{f:?}");
}

#[test]
fn rules_and_explain_cover_every_registered_rule() {
    let all = newslint::rules::all_rules();
    assert!(!all.is_empty());
    let out = newslint()
        .arg("rules")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.lines().count(), 1 + all.len());
    for r in &all {
        assert!(out.contains(r.id) && out.contains(r.summary_zh), "{}", r.id);
        let e = newslint()
            .args(["explain", r.id])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        let e = String::from_utf8(e).unwrap();
        assert!(e.starts_with(r.id) && e.contains(r.explain.trim()), "{}", r.id);
        for example in r.bad.iter().chain(r.good) {
            assert!(e.contains(example), "{}: {example}", r.id);
        }
    }
}

/// `--quiet` prints the findings and nothing else: no closing count on stdout, no summary on
/// stderr, and on clean copy no output at all.
#[test]
fn quiet_human_output_is_only_the_findings() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    let clean = dir.path().join("clean.txt");
    std::fs::write(&bad, "文明沃土 的滋养。\n").unwrap();
    std::fs::write(&clean, "文明沃土的滋养。\n").unwrap();
    let run = |args: &[&str], path: &std::path::Path| {
        let out = newslint()
            .args(["check", "--no-config", "--lang", "en"])
            .args(args)
            .arg(path)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (code, out, err) = run(&[], &bad);
    let (qcode, qout, qerr) = run(&["--quiet"], &bad);
    assert_eq!(code, qcode);
    assert!(out.contains("Found 1"), "{out}");
    assert!(!err.is_empty());
    assert!(qout.contains("warning[cjk-space]"), "{qout}");
    assert!(!qout.contains("Found"), "{qout}");
    assert!(out.starts_with(&qout), "{qout}");
    assert_eq!(qerr, "");
    let (code, out, _) = run(&[], &clean);
    assert_eq!((code, out.as_str()), (Some(0), "No problems found.\n"));
    assert_eq!(run(&["--quiet"], &clean), (Some(0), String::new(), String::new()));
}
