//! The CLI contract at the process level for runs that render output but need no findings:
//! clean input exits 0 in every format, errors exit 2 in every format, the default path `.`.
//! They need the real renderers (`render::renderer_for`), built on another branch.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

const FORMATS: [&str; 6] = ["human", "concise", "json", "jsonl", "sarif", "github"];

fn newslint() -> Command {
    let mut c = Command::cargo_bin("newslint").unwrap();
    c.env_remove("NO_COLOR").env("COLUMNS", "100");
    c
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn clean_copy_exits_0_in_every_format() {
    for format in FORMATS {
        newslint()
            .args(["check", "--format", format, &fixture("clean.txt")])
            .assert()
            .code(0);
    }
    let out = newslint()
        .args(["check", "--format", "json", &fixture("clean.txt")])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v, serde_json::json!([]));
}

#[test]
fn clean_stdin_exits_0_with_a_summary() {
    newslint()
        .args(["check", "-"])
        .write_stdin("市图书馆昨日宣布，自下月起延长夜间开放时间。\n")
        .assert()
        .code(0)
        .stderr("没有发现问题，检查了 1 个文件\n");
}

#[test]
fn default_path_is_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("clean.txt"), dir.path().join("a.txt")).unwrap();
    std::fs::copy(fixture("clean.txt"), dir.path().join("b.md")).unwrap();
    newslint()
        .current_dir(dir.path())
        .args(["check", "--lang", "en"])
        .assert()
        .code(0)
        .stderr("No problems found, 2 files checked\n");
}

#[test]
fn input_errors_exit_2_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"\xe6\x96\xb0\xe9\x97").unwrap();
    for format in FORMATS {
        newslint()
            .args(["check", "--format", format, &fixture("clean.txt")])
            .arg(&bad)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "not valid UTF-8: first invalid byte at offset 3 (line 1)",
            ));
    }
    newslint()
        .args(["check", "/nonexistent/newslint/story.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "/nonexistent/newslint/story.txt: no such file or directory",
        ));
}

#[test]
fn a_bad_file_named_on_the_command_line_is_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let nul = dir.path().join("x.txt");
    std::fs::write(&nul, b"a\0b").unwrap();
    newslint()
        .arg("check")
        .arg(&nul)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("binary file").and(predicate::str::contains("panicked").not()));
}
