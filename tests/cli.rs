//! The CLI contract at the process level (the real binary, assert_cmd): usage errors, help,
//! `rules`, `explain`, and the errors that stop a check before anything is rendered. Checks
//! that render output are in tests/cli_render.rs and tests/cli_findings.rs; the in-process
//! tests in tests/cli_app.rs cover every bad input without the renderers.

use assert_cmd::Command;
use predicates::prelude::*;

fn newslint() -> Command {
    let mut c = Command::cargo_bin("newslint").unwrap();
    c.env_remove("NO_COLOR").env("COLUMNS", "100");
    c
}

#[test]
fn no_arguments_prints_help_and_exits_2() {
    newslint()
        .assert()
        .code(2)
        .stderr(predicate::str::contains("Usage: newslint <COMMAND>"));
}

#[test]
fn help_teaches_with_examples_and_exits_0() {
    newslint()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains("newslint check"));
    let help = newslint().args(["check", "--help"]).assert().code(0);
    let out = String::from_utf8(help.get_output().stdout.clone()).unwrap();
    for flag in [
        "--format",
        "--select",
        "--ignore",
        "--fail-on",
        "--config",
        "--no-config",
        "--lang",
        "--color",
        "--quiet",
        "--statistics",
        "--stdin-filename",
        "--no-cross-file",
    ] {
        assert!(out.contains(flag), "check --help lacks {flag}");
    }
    assert!(out.contains("Exit status: 0"), "{out}");
}

#[test]
fn usage_errors_exit_2() {
    newslint()
        .args(["check", "--format", "xml", "a.txt"])
        .assert()
        .code(2);
    newslint()
        .args(["check", "--fail-on", "never", "a.txt"])
        .assert()
        .code(2);
    newslint().args(["check", "--no-such-flag"]).assert().code(2);
    newslint().args(["lint"]).assert().code(2);
    newslint().args(["explain"]).assert().code(2);
    newslint()
        .args(["check", "--config", "a.toml", "--no-config"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}

#[test]
fn version_exits_0() {
    newslint()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("newslint "));
}

#[test]
fn rules_prints_its_header_in_the_chosen_language() {
    newslint()
        .arg("rules")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("规则"));
    newslint()
        .args(["rules", "--lang", "en"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("RULE"));
}

#[test]
fn explain_unknown_rule_exits_2_and_prints_nothing_on_stdout() {
    newslint()
        .args(["explain", "no-such-rule"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("unknown rule id `no-such-rule`"));
}

#[test]
fn unknown_rule_in_select_or_ignore_exits_2() {
    newslint()
        .args(["check", "--select", "nonsense-rule", "-"])
        .write_stdin("新闻。")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "--select: unknown rule id `nonsense-rule`",
        ));
    newslint()
        .args(["check", "--ignore", "nonsense-rule", "-"])
        .write_stdin("新闻。")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--ignore: unknown rule id `nonsense-rule`",
        ));
}

#[test]
fn broken_config_file_names_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("newslint.toml");
    std::fs::write(
        &cfg,
        "lang = \"zh\"\n\n[files]\nextensions = [\"txt\"]\nexlude = [\"drafts\"]\n",
    )
    .unwrap();
    newslint()
        .current_dir(dir.path())
        .args(["check", "--config", "newslint.toml", "-"])
        .write_stdin("新闻。")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "error: newslint.toml:5:1: key `files.exlude`: unknown field `exlude`",
        ))
        .stderr(predicate::str::contains("5 │ exlude = [\"drafts\"]"));
}

#[test]
fn missing_config_file_exits_2() {
    newslint()
        .args(["check", "--config", "/nonexistent/newslint.toml", "-"])
        .write_stdin("新闻。")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "/nonexistent/newslint.toml: cannot read config",
        ));
}
