//! The bad-input matrix: each odd input gets a clear message and the right exit code, and
//! nothing crashes. Inputs that are large (a 200 MB file, a 50 MB line, 10,000 files) or that
//! kill the process mid-write are `#[ignore]`d here because a debug build is slow on them;
//! `.ci/run` runs them in a release build:
//!
//! ```text
//! cargo test --release --test bad_input -- --ignored
//! ```

use assert_cmd::Command;
use std::path::Path;

fn newslint() -> Command {
    let mut c = Command::cargo_bin("newslint").expect("binary");
    c.env_remove("NO_COLOR").env("CI", "true");
    c
}

fn check(path: &Path) -> (i32, String, String) {
    let out = newslint()
        .args(["check", "--no-config", "--format", "concise"])
        .arg(path)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

#[test]
fn empty_whitespace_and_bom_only_files_are_clean() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("spaces.txt", "  \n\t\n\u{3000}\u{3000}\n\r\n".as_bytes()),
        ("bom.txt", "\u{feff}".as_bytes()),
        ("bom-newline.md", "\u{feff}\n\n".as_bytes()),
    ] {
        let (code, out, err) = check(&write(dir.path(), name, bytes));
        assert_eq!(code, 0, "{name}: {out}{err}");
        assert!(out.is_empty(), "{name}: {out}");
    }
}

#[test]
fn lone_cr_and_crlf_line_endings_keep_positions_exact() {
    let dir = tempfile::tempdir().unwrap();
    for (name, sep) in [("cr.txt", "\r"), ("crlf.txt", "\r\n")] {
        let text = format!("第一段。{sep}{sep}第二段有半角,逗号。{sep}");
        let (code, out, _) = check(&write(dir.path(), name, &text));
        assert_eq!(code, 1, "{name}");
        // The comma is on line 3, column 7 with either line ending.
        assert!(out.contains(":3:7:"), "{name}: {out}");
    }
}

#[test]
fn deeply_nested_markdown_does_not_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for depth in 0..5_000 {
        text.push_str(&">".repeat(depth % 200));
        text.push_str(&"  ".repeat(depth % 50));
        text.push_str("- 列表项,内容\n");
    }
    text.push_str(&"[".repeat(10_000));
    text.push_str(&"*".repeat(10_000));
    let (code, _, err) = check(&write(dir.path(), "nested.md", &text));
    assert!(code == 0 || code == 1, "exit {code}: {err}");
}

#[test]
fn a_directory_path_is_walked_and_a_broken_symlink_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "中国,发展。");
    let (code, out, _) = check(dir.path());
    assert_eq!(code, 1);
    assert!(out.contains("halfwidth-punct"), "{out}");
    #[cfg(unix)]
    {
        let link = dir.path().join("gone.txt");
        std::os::unix::fs::symlink(dir.path().join("no-such-file.txt"), &link).unwrap();
        let (code, _, err) = check(&link);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("gone.txt"), "{err}");
    }
}

#[test]
fn config_with_a_wrong_type_or_unknown_rule_points_at_the_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "国家发展。");
    for (conf, needle) in [
        ("lang = \"zh\"\nfail-on = 3\n", "fail-on"),
        ("[rules]\nno-such-rule = \"off\"\n", "no-such-rule"),
        ("[rules]\ntypo = \"loud\"\n", "typo"),
        ("[typo\n", "newslint.toml"),
    ] {
        write(dir.path(), "newslint.toml", conf);
        let out = newslint()
            .args(["check", "--format", "concise"])
            .arg(dir.path().join("a.txt"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{conf}: {err}");
        assert!(err.contains(needle), "{conf}: {err}");
        assert!(err.contains("newslint.toml:"), "{conf}: no file:line in {err}");
    }
}

#[test]
#[ignore = "large input: run in release (see the module docs)"]
fn a_200_mb_file_and_a_50_mb_line_are_checked_within_limits() {
    let dir = tempfile::tempdir().unwrap();
    let para = "全球发展倡议着眼人类共同发展诉求，精准对接联合国2030年可持续发展议程。\n\n";
    let big = para.repeat(200_000_000 / para.len());
    let (code, _, err) = check(&write(dir.path(), "big.txt", &big));
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    let line = "发展合作，共同繁荣，".repeat(50_000_000 / 30);
    let (code, _, err) = check(&write(dir.path(), "line.txt", &line));
    assert!(code == 0 || code == 1, "exit {code}: {err}");
}

#[test]
#[ignore = "large input: run in release (see the module docs)"]
fn ten_thousand_files_in_one_directory() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..10_000 {
        let body = if i == 4_321 {
            "第四千篇,有半角逗号。\n".to_string()
        } else {
            format!("第{i}篇稿件，内容正常。\n")
        };
        write(dir.path(), &format!("a{i:05}.txt"), body);
    }
    let (code, out, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("a04321.txt"), "{out}");
}

/// Kill `--fix` at random moments while it rewrites a large file: the file on disk is always
/// either the original or the completely fixed text, never a mixture or a truncation.
#[test]
#[ignore = "kills the process mid-write; run in release (see the module docs)"]
fn sigkill_during_fix_leaves_the_original_or_the_fixed_file() {
    let dir = tempfile::tempdir().unwrap();
    let para = "据介绍,本次大赛自启动以来,吸引全区数百名主播参与。\n\n";
    let original = para.repeat(8_000_000 / para.len());
    let reference = write(dir.path(), "reference.txt", &original);
    let started = std::time::Instant::now();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_newslint"))
        .args(["check", "--no-config", "--quiet", "--fix"])
        .arg(&reference)
        .output()
        .unwrap();
    assert!(status.status.code().is_some());
    // Kill points are spread over the whole run and a little past it, so some kills land
    // before the rename and some after.
    let span_ms = (started.elapsed().as_millis() as u64 * 5 / 4).max(50);
    let fixed = std::fs::read(&reference).unwrap();
    assert_ne!(fixed, original.as_bytes(), "the reference run fixed nothing");
    let mut seen_original = 0;
    let mut seen_fixed = 0;
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for round in 0..16 {
        let target = write(dir.path(), "story.txt", &original);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_newslint"))
            .args(["check", "--no-config", "--quiet", "--fix"])
            .arg(&target)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        std::thread::sleep(std::time::Duration::from_millis(state % span_ms));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let now = std::fs::read(&target).unwrap();
        if now == original.as_bytes() {
            seen_original += 1;
        } else if now == fixed {
            seen_fixed += 1;
        } else {
            panic!(
                "round {round}: the file is neither the original nor the fixed text ({} bytes)",
                now.len()
            );
        }
    }
    eprintln!("after SIGKILL: {seen_original} originals, {seen_fixed} fixed files, 0 partial");
}
