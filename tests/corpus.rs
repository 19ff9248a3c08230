//! Corpus mode (`newslint check --input jsonl`) at the process level: ids, byte offsets into
//! each article's text, malformed lines, stdin, input order over many batches, and the
//! `xargs -P` recipe from README.

use assert_cmd::Command;
use serde_json::{Value, json};
use std::path::Path;

fn newslint() -> Command {
    let mut c = Command::cargo_bin("newslint").unwrap();
    c.env_remove("NO_COLOR").env("COLUMNS", "100");
    c
}

/// The findings of a run, one parsed object per output line.
fn findings(stdout: &[u8]) -> Vec<Value> {
    std::str::from_utf8(stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// The text of `span` in `text`, by the finding's byte offsets.
fn slice<'a>(text: &'a str, f: &Value) -> &'a str {
    let (s, e) = (
        f["start"].as_u64().unwrap() as usize,
        f["end"].as_u64().unwrap() as usize,
    );
    &text[s..e]
}

const CLEAN: &str = "新华社北京电。本报记者今天走访了几家工厂，看到生产线运转正常。";
const COMMA: &str = "记者了解到，中国,发展势头良好，市场信心逐步恢复。";
const SPACE: &str = "这是改革中关 键的一步，各方都在关注进展。";

fn archive() -> String {
    [
        json!({"id": "clean-1", "content": CLEAN}).to_string(),
        json!({"id": "comma-2", "content": COMMA, "title": "不检查的标题,"}).to_string(),
        "{\"id\": 3, \"content\": ".to_string(), // truncated: not JSON
        json!({"id": 40, "content": SPACE}).to_string(),
        json!({"content": COMMA}).to_string(), // no id: the line number (5)
        json!({"id": "no-text", "body": COMMA}).to_string(),
        json!({"id": "clean-7", "content": CLEAN}).to_string(),
    ]
    .join("\n")
        + "\n"
}

#[test]
fn articles_are_checked_with_their_ids_and_offsets_into_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("archive.jsonl");
    std::fs::write(&file, archive()).unwrap();
    let out = newslint()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--input", "jsonl", "archive.jsonl"])
        .assert()
        .code(2);
    let o = out.get_output();
    let f = findings(&o.stdout);
    let got: Vec<(Value, &str, &str)> = f
        .iter()
        .map(|x| {
            (
                x["id"].clone(),
                x["rule"].as_str().unwrap(),
                x["path"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (json!("comma-2"), "halfwidth-punct", "archive.jsonl"),
            (json!(40), "cjk-space", "archive.jsonl"),
            (json!(5), "halfwidth-punct", "archive.jsonl"),
        ]
    );
    // Offsets are bytes into the article's text, lines and columns count inside it.
    assert_eq!(slice(COMMA, &f[0]), ",");
    assert_eq!(f[0]["start"], COMMA.find(',').unwrap());
    assert_eq!(
        (f[0]["line"].as_u64(), f[0]["column"].as_u64()),
        (Some(1), Some(9))
    );
    assert_eq!(f[0]["fix"]["replacement"], "，");
    assert_eq!(slice(SPACE, &f[1]), " ");
    assert_eq!(slice(COMMA, &f[2]), ",");
    // The --format jsonl object with the id right after the path.
    let raw = String::from_utf8(o.stdout.clone()).unwrap();
    assert!(
        raw.starts_with(
            "{\"path\":\"archive.jsonl\",\"id\":\"comma-2\",\"rule\":\"halfwidth-punct\",\"severity\":"
        ),
        "{raw}"
    );
    // Malformed lines are reported with their line numbers; nothing else is lost.
    let err = String::from_utf8(o.stderr.clone()).unwrap();
    assert!(
        err.contains("archive.jsonl:3: skipped malformed line: not valid JSON"),
        "{err}"
    );
    assert!(
        err.contains("archive.jsonl:6: skipped malformed line: no text field \"content\""),
        "{err}"
    );
    assert_eq!(err.lines().count(), 2, "{err}");
}

#[test]
fn key_order_matches_format_jsonl() {
    // The object is the plain --format jsonl one with `id` added: compare with a normal check
    // of the same text as a file.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), COMMA).unwrap();
    std::fs::write(
        dir.path().join("a.txt.jsonl"),
        json!({"id": 1, "content": COMMA}).to_string(),
    )
    .unwrap();
    let plain = newslint()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--format", "jsonl", "a.txt"])
        .assert()
        .code(1);
    let corpus = newslint()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--input", "jsonl", "a.txt.jsonl"])
        .assert()
        .code(1);
    let mut p = findings(&plain.get_output().stdout);
    let c = findings(&corpus.get_output().stdout);
    assert_eq!(p.len(), 1);
    p[0]["path"] = json!("a.txt.jsonl");
    let mut c0 = c[0].clone();
    assert_eq!(c0.as_object_mut().unwrap().remove("id"), Some(json!(1)));
    assert_eq!(p[0], c0);
}

#[test]
fn stdin_is_read_with_a_dash_and_clean_input_exits_0() {
    let out = newslint()
        .args([
            "check",
            "--no-config",
            "--input",
            "jsonl",
            "--format",
            "jsonl",
            "-",
        ])
        .write_stdin(archive())
        .assert()
        .code(2);
    let f = findings(&out.get_output().stdout);
    assert_eq!(f.len(), 3);
    assert!(f.iter().all(|x| x["path"] == "-"));
    let clean = format!(
        "{}\n\n{}",
        json!({"id": 1, "content": CLEAN}),
        json!({"id": 2, "content": CLEAN})
    );
    newslint()
        .args(["check", "--no-config", "--input", "jsonl", "-"])
        .write_stdin(clean)
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
}

#[test]
fn a_byte_order_mark_and_crlf_endings_are_not_part_of_the_json() {
    let input = format!(
        "\u{FEFF}{}\r\n{}\r\n",
        json!({"id": 1, "content": COMMA}),
        json!({"id": 2, "content": SPACE})
    );
    let out = newslint()
        .args(["check", "--no-config", "--input", "jsonl", "-"])
        .write_stdin(input)
        .assert()
        .code(1)
        .stderr("");
    let f = findings(&out.get_output().stdout);
    assert_eq!(f.len(), 2);
    assert_eq!((f[0]["id"].as_u64(), f[1]["id"].as_u64()), (Some(1), Some(2)));
}

#[test]
fn a_directory_is_an_error_and_other_files_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(
        dir.path().join("a.jsonl"),
        json!({"id": "k", "content": COMMA}).to_string(),
    )
    .unwrap();
    let out = newslint()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--input", "jsonl", "sub", "a.jsonl"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("sub: is a directory"));
    assert_eq!(findings(&out.get_output().stdout)[0]["id"], "k");
}

#[test]
fn custom_fields_and_findings_exit_1() {
    let line = json!({"doc": {"n": 1}, "uid": "s-9", "body": SPACE}).to_string();
    let out = newslint()
        .args([
            "check",
            "--no-config",
            "--input",
            "jsonl",
            "--text-field",
            "body",
            "--id-field",
            "uid",
            "-",
        ])
        .write_stdin(line)
        .assert()
        .code(1);
    let f = findings(&out.get_output().stdout);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["id"], "s-9");
    assert_eq!(slice(SPACE, &f[0]), " ");
}

#[test]
fn wrong_types_are_malformed() {
    let input = [
        json!({"id": 1, "content": 5}).to_string(),
        json!({"id": [1], "content": COMMA}).to_string(),
        "\"just a string\"".to_string(),
        "\u{FFFD}".to_string(),
    ]
    .join("\n");
    let out = newslint()
        .args(["check", "--no-config", "--input", "jsonl", "-"])
        .write_stdin(input)
        .assert()
        .code(2)
        .stdout("");
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    for want in [
        "-:1: skipped malformed line: text field \"content\" is not a string",
        "-:2: skipped malformed line: id field \"id\" is neither a string nor a number",
        "-:3: skipped malformed line: not a JSON object",
        "-:4: skipped malformed line: not valid JSON",
    ] {
        assert!(err.contains(want), "{want}\n{err}");
    }
}

#[test]
fn other_formats_and_fix_are_refused() {
    for extra in [
        &["--format", "human"][..],
        &["--format", "sarif"],
        &["--fix"],
        &["--diff"],
    ] {
        newslint()
            .args(["check", "--no-config", "--input", "jsonl"])
            .args(extra)
            .arg("-")
            .write_stdin(json!({"id": 1, "content": COMMA}).to_string())
            .assert()
            .code(2)
            .stdout("");
    }
}

#[test]
fn output_keeps_input_order_over_many_batches() {
    // 5,000 articles (several parallel batches); every third one has a half-width comma at a
    // place that depends on its number, and ids alternate between numbers and strings.
    let mut input = String::new();
    let mut want = Vec::new();
    let mut texts = Vec::new();
    for i in 0..5000usize {
        let pad = [
            "",
            "据悉，",
            "今天上午，",
            "与此同时，",
            "记者注意到，",
            "另据报道，",
            "在发布会上，",
        ][i % 7];
        let text = if i % 3 == 0 {
            want.push(i);
            format!("{pad}记者了解到，中国,发展势头良好。")
        } else {
            format!("{pad}{CLEAN}")
        };
        let id = if i % 2 == 0 {
            json!(i)
        } else {
            json!(format!("a{i}"))
        };
        input.push_str(&json!({"id": id, "content": text}).to_string());
        input.push('\n');
        texts.push(text);
    }
    let out = newslint()
        .args(["check", "--no-config", "--input", "jsonl", "-"])
        .write_stdin(input)
        .assert()
        .code(1);
    let f = findings(&out.get_output().stdout);
    let got: Vec<usize> = f
        .iter()
        .map(|x| match &x["id"] {
            Value::Number(n) => n.as_u64().unwrap() as usize,
            Value::String(s) => s[1..].parse().unwrap(),
            _ => panic!(),
        })
        .collect();
    assert_eq!(got, want);
    for (x, i) in f.iter().zip(&want) {
        assert_eq!(slice(&texts[*i], x), ",");
    }
}

fn shards(dir: &Path) {
    let shard_dir = dir.join("shards");
    std::fs::create_dir(&shard_dir).unwrap();
    for (n, body) in [(0, COMMA), (1, CLEAN), (2, SPACE)] {
        let lines = format!(
            "{}\n{}\n",
            json!({"id": format!("{n}-a"), "content": CLEAN}),
            json!({"id": format!("{n}-b"), "content": body})
        );
        std::fs::write(shard_dir.join(format!("part-{n}.jsonl")), lines).unwrap();
    }
}

#[test]
fn readme_xargs_recipe_over_sharded_files() {
    if std::process::Command::new("xargs")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("xargs not found: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    shards(dir.path());
    let bin = Path::new(env!("CARGO_BIN_EXE_newslint")).parent().unwrap();
    // The recipe from README, with the binary on PATH.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("ls shards/*.jsonl | xargs -P 8 -I{} sh -c 'newslint check --no-config --input jsonl {} > {}.findings.jsonl'")
        .current_dir(dir.path())
        .env("PATH", format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()))
        .status()
        .unwrap();
    // xargs exits 123 when a command exited 1 to 125: here, shards with findings.
    assert_eq!(status.code(), Some(123));
    let read = |n: usize| {
        let p = dir.path().join(format!("shards/part-{n}.jsonl.findings.jsonl"));
        findings(&std::fs::read(p).unwrap())
    };
    let (a, b, c) = (read(0), read(1), read(2));
    assert_eq!(a.len(), 1);
    assert_eq!(
        (a[0]["id"].as_str(), a[0]["path"].as_str()),
        (Some("0-b"), Some("shards/part-0.jsonl"))
    );
    assert_eq!(slice(COMMA, &a[0]), ",");
    assert!(b.is_empty());
    assert_eq!(c.len(), 1);
    assert_eq!(
        (c[0]["id"].as_str(), c[0]["rule"].as_str()),
        (Some("2-b"), Some("cjk-space"))
    );
    assert_eq!(slice(SPACE, &c[0]), " ");
}

#[test]
fn readme_pipe_wrapper_treats_findings_as_success() {
    // What Spark's RDD.pipe runs (README): partition lines on stdin, findings on stdout, and
    // exit 0 for findings so that the task does not fail; 2 (errors) still fails it.
    let bin = Path::new(env!("CARGO_BIN_EXE_newslint")).parent().unwrap();
    let script = "newslint check --no-config --input jsonl --format jsonl -; [ $? -le 1 ]";
    let run = |input: String| {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(script)
            .env(
                "PATH",
                format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
            )
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write;
                c.stdin.take().unwrap().write_all(input.as_bytes())?;
                c.wait_with_output()
            })
            .unwrap()
    };
    let ok = run(format!("{}\n", json!({"id": 1, "content": COMMA})));
    assert_eq!(ok.status.code(), Some(0));
    assert_eq!(findings(&ok.stdout).len(), 1);
    let bad = run("nope\n".to_string());
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn a_closed_pipe_ends_quietly_with_the_findings_exit_status() {
    if std::process::Command::new("bash")
        .arg("-c")
        .arg("true")
        .status()
        .is_err()
    {
        eprintln!("bash not found: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut input = String::new();
    for i in 0..3000 {
        input.push_str(&json!({"id": i, "content": COMMA}).to_string());
        input.push('\n');
    }
    std::fs::write(dir.path().join("many.jsonl"), input).unwrap();
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; {} check --no-config --input jsonl many.jsonl | head -n 1",
            env!("CARGO_BIN_EXE_newslint")
        ))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(findings(&out.stdout).len(), 1);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
