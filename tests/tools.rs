//! The tools subcommands end to end: `init`, `test-rules`, `completions`, `man`.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn newslint() -> Command {
    let mut c = Command::cargo_bin("newslint").unwrap();
    c.env_remove("NO_COLOR").env("COLUMNS", "100");
    c
}

fn repo(p: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(p)
        .display()
        .to_string()
}

const SUBCOMMANDS: [&str; 7] = [
    "check",
    "rules",
    "explain",
    "init",
    "test-rules",
    "completions",
    "man",
];

#[test]
fn completions_for_every_shell_name_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = newslint().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let s = String::from_utf8(out.stdout).unwrap();
        assert!(s.len() > 500, "{shell}: {s}");
        for sub in SUBCOMMANDS {
            assert!(s.contains(sub), "{shell} completions lack {sub}");
        }
        // Flags of `check` are completed too.
        assert!(s.contains("fail-on") && s.contains("stdin-filename"), "{shell}");
    }
    newslint().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_page_is_roff_and_names_every_subcommand() {
    let out = newslint().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.starts_with(".ie") || s.contains(".TH newslint"),
        "{}",
        &s[..200.min(s.len())]
    );
    assert!(s.contains(".TH newslint 1"), "a section-1 page");
    for sub in SUBCOMMANDS {
        // roff escapes the hyphen.
        assert!(s.contains(&sub.replace('-', "\\-")), "man page lacks {sub}");
    }
}

#[test]
fn init_writes_a_loadable_config_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    newslint()
        .arg("init")
        .current_dir(dir.path())
        .assert()
        .code(0)
        .stderr(predicate::str::contains("wrote newslint.toml"));
    let path = dir.path().join("newslint.toml");
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, newslint::tools::STARTER_CONFIG);
    newslint::config::Config::load(&path).unwrap_or_else(|e| panic!("{e}"));
    // The commented [house] section, uncommented, is valid too once the file exists.
    std::fs::copy(
        repo("examples/house-style.toml"),
        dir.path().join("house-style.toml"),
    )
    .unwrap();
    let uncommented = written
        .replace("# [house]\n", "[house]\n")
        .replace("# rule-files = ", "rule-files = ");
    std::fs::write(&path, &uncommented).unwrap();
    let c = newslint::config::Config::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.house.rules().len(), 4);
    // A second init refuses, says why, and leaves the file alone.
    newslint()
        .arg("init")
        .current_dir(dir.path())
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("already exists").and(predicate::str::contains("not overwrite")));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), uncommented);
}

#[test]
fn test_rules_passes_on_the_shipped_example() {
    newslint()
        .args(["test-rules", &repo("examples/house-style.toml")])
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("ok  ")
                .and(predicate::str::contains("web-slang (3 bad, 2 good)"))
                .and(predicate::str::contains("4 rules, 16 examples, 0 failed")),
        );
    // The built-in rule file is in the same format; its ids are taken (by itself), which
    // test-rules reports as an error in the file rather than a failing example.
    newslint()
        .args(["test-rules", &repo("rules/house/builtin.toml")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already a built-in rule's id"));
}

#[test]
fn test_rules_reports_every_failing_example_with_its_line_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("house.toml");
    std::fs::write(
        &file,
        "[[rule]]\nid = \"no-qita\"\nmessage = \"用“其他”\"\nreplace = { \"其它\" = \"其他\" }\n\
         good = [\"其他\", \"其它\"]\nbad = [\"其它\", \"其余\"]\n",
    )
    .unwrap();
    let out = newslint().args(["test-rules"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("FAIL "), "{s}");
    // Failures come in the order of the file.
    assert!(s.find("rule.good").unwrap() < s.find("rule.bad").unwrap(), "{s}");
    assert!(
        s.contains("house.toml:5:15: key `rule.good`: good example fires `no-qita` on \"其它\""),
        "{s}"
    );
    assert!(
        s.contains("house.toml:6:14: key `rule.bad`: bad example does not fire `no-qita`"),
        "{s}"
    );
    assert!(
        s.contains("good = [\"其他\", \"其它\"]"),
        "the line is drawn: {s}"
    );
    assert!(s.contains("1 rule, 4 examples, 2 failed"), "{s}");
}

#[test]
fn test_rules_on_a_broken_file_exits_2_pointing_at_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("house.toml");
    std::fs::write(
        &file,
        "[[rule]]\nid = \"x\"\nmessage = \"m\"\npattern = '(未闭合'\ngood = [\"a\"]\nbad = [\"b\"]\n",
    )
    .unwrap();
    newslint()
        .arg("test-rules")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "house.toml:4:11: key `rule.pattern`: invalid regular expression",
        ));
    newslint()
        .args(["test-rules", "no-such-file.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-file.toml"));
    newslint().arg("test-rules").assert().code(2);
}

/// Run `newslint check DIR` with stderr on a pseudo-terminal (util-linux `script`), with or
/// without `CI` set; returns everything the terminal received. Fails if it takes over a minute.
fn check_on_a_terminal(dir: &Path, ci: bool, extra: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin("newslint");
    let cmd = format!("'{}' check {extra} '{}'", bin.display(), dir.display());
    let mut c = std::process::Command::new("script");
    c.args(["-q", "-c", &cmd, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .env_remove("CI")
        .env("COLUMNS", "100");
    if ci {
        c.env("CI", "true");
    }
    let mut child = c
        .spawn()
        .expect("util-linux `script` runs a command on a pseudo-terminal");
    let started = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("newslint check on a terminal hung (progress bar deadlock?)");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let mut out = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut out).unwrap();
    out
}

/// Regression: main held the stderr lock for the whole run, so the first time the progress bar
/// drew from a worker thread the process deadlocked (any run of 50+ files on a terminal).
#[test]
fn progress_bar_on_a_terminal_finishes_and_only_outside_ci() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..newslint::progress::MIN_FILES + 10 {
        std::fs::write(
            dir.path().join(format!("a{i}.txt")),
            format!("第{i}号文件记录了当天的会议安排。\n"),
        )
        .unwrap();
    }
    let shown = check_on_a_terminal(dir.path(), false, "");
    assert!(shown.contains("checking "), "the bar was drawn: {shown:?}");
    assert!(
        shown.contains(&format!("{} 个文件", newslint::progress::MIN_FILES + 10)),
        "{shown:?}"
    );
    let in_ci = check_on_a_terminal(dir.path(), true, "");
    assert!(!in_ci.contains("checking"), "no bar when CI is set: {in_ci:?}");
    let quiet = check_on_a_terminal(dir.path(), false, "--quiet");
    assert!(!quiet.contains("checking"), "no bar with --quiet: {quiet:?}");
}
