//! The CLI contract, driven in-process through `newslint::app::run` with a recording renderer:
//! exit codes, stdin, every bad input, config errors, colour decisions, a closed pipe. These do
//! not depend on the real renderers (tests/cli_render.rs and tests/cli_findings.rs run the
//! binary end to end).
//!
//! Paths are absolute (tests share the process's working directory, which has no config).

use clap::Parser;
use newslint::app::{self, Io};
use newslint::cli::Cli;
use newslint::render::{FileReport, Format, RenderOptions, Renderer};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes what it is given: the options at `begin`, one line per finding, `end`.
struct Recorder {
    format: Format,
    opts: RenderOptions,
    unchecked: usize,
}

impl Renderer for Recorder {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "begin format={:?} color={} lang={:?} statistics={}",
            self.format, self.opts.color, self.opts.lang, self.opts.statistics
        )
    }
    fn file(&mut self, report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        for d in report.diagnostics.iter() {
            writeln!(
                out,
                "{}:{}-{} {} {}",
                report.path,
                d.span.start,
                d.span.end,
                d.severity.as_str(),
                d.rule
            )?;
        }
        Ok(())
    }
    fn unchecked(&mut self, inputs: usize) {
        self.unchecked = inputs;
    }
    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.unchecked {
            0 => writeln!(out, "end"),
            n => writeln!(out, "end unchecked={n}"),
        }
    }
}

fn recorder(format: Format, opts: RenderOptions) -> Box<dyn Renderer> {
    Box::new(Recorder {
        format,
        opts,
        unchecked: 0,
    })
}

struct Out {
    code: u8,
    stdout: String,
    stderr: String,
}

fn run_with(args: &[&str], stdin: &[u8], tty: bool, no_color: bool) -> Out {
    let cli = Cli::try_parse_from(std::iter::once("newslint").chain(args.iter().copied()))
        .expect("valid arguments");
    let mut input = stdin;
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let code = app::run(
        cli,
        &mut Io {
            stdin: &mut input,
            stdout: &mut stdout,
            stderr: &mut stderr,
            stdout_is_terminal: tty,
            no_color,
            width: 80,
        },
        recorder,
    );
    Out {
        code,
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

fn run(args: &[&str]) -> Out {
    run_with(args, b"", false, false)
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(name)
        .display()
        .to_string()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

const GOOD: &str = "新华社北京电，记者报道。\n";

#[test]
fn clean_file_exits_0_and_the_summary_counts_it() {
    let o = run(&["check", &fixture("clean.txt")]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stderr, "没有发现问题，检查了 1 个文件\n");
    assert_eq!(
        o.stdout,
        "begin format=Human color=false lang=Zh statistics=false\nend\n"
    );
}

#[test]
fn summary_in_english_and_only_for_human_and_concise() {
    let clean = fixture("clean.txt");
    let o = run(&["check", "--lang", "en", "--format", "concise", &clean]);
    assert_eq!(o.stderr, "No problems found, 1 file checked\n");
    for format in ["json", "jsonl", "sarif", "github"] {
        let o = run(&["check", "--format", format, &clean]);
        assert_eq!(o.code, 0);
        assert_eq!(o.stderr, "", "{format}");
    }
}

#[test]
fn quiet_prints_no_summary_and_no_notes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", GOOD);
    write(dir.path(), "blob.txt", b"\x00\x01\x02binary");
    let o = run(&["check", "--quiet", &s(dir.path())]);
    assert_eq!(o.code, 0);
    assert_eq!(o.stderr, "");
    let o = run(&["check", &s(dir.path())]);
    assert!(o.stderr.contains("note: "), "{}", o.stderr);
}

#[test]
fn statistics_and_format_reach_the_renderer() {
    let o = run(&[
        "check",
        "--statistics",
        "--format",
        "sarif",
        &fixture("clean.txt"),
    ]);
    assert!(
        o.stdout
            .starts_with("begin format=Sarif color=false lang=Zh statistics=true\n"),
        "{}",
        o.stdout
    );
}

#[test]
fn stdin_is_checked() {
    let o = run_with(&["check", "-"], GOOD.as_bytes(), false, false);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stderr, "没有发现问题，检查了 1 个文件\n");
}

#[test]
fn stdin_filename_alone_reads_stdin() {
    let o = run_with(
        &["check", "--stdin-filename", "story.md"],
        b"ok\xff",
        false,
        false,
    );
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("error: story.md: not valid UTF-8"),
        "{}",
        o.stderr
    );
}

#[test]
fn stdin_errors_use_the_stdin_filename() {
    let o = run_with(
        &["check", "-", "--stdin-filename", "story.md"],
        b"ok\xff",
        false,
        false,
    );
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains("error: story.md: not valid UTF-8: first invalid byte at offset 2 (line 1)"),
        "{}",
        o.stderr
    );
    let o = run_with(&["check", "-"], b"ok\xff", false, false);
    assert!(o.stderr.contains("error: -: not valid UTF-8"), "{}", o.stderr);
}

#[test]
fn stdin_named_twice_is_a_usage_error() {
    let o = run(&["check", "-", "-"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("only once"), "{}", o.stderr);
}

#[test]
fn invalid_utf8_beside_a_good_file_names_the_bad_file_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", GOOD);
    let mut bad = "第一行\n第二行".as_bytes().to_vec();
    let offset = bad.len();
    bad.extend_from_slice(b"\xc3\x28 tail\n");
    let bad = write(dir.path(), "bad.txt", bad);
    let o = run(&["check", &good, &bad]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains(&format!(
            "error: {bad}: not valid UTF-8: first invalid byte at offset {offset} (line 2)"
        )),
        "{}",
        o.stderr
    );
    // The good file was still checked.
    assert!(o.stderr.contains("检查了 1 个文件；1 个输入错误"), "{}", o.stderr);
    assert!(o.stdout.ends_with("end unchecked=1\n"), "{}", o.stdout);
}

#[test]
fn gb18030_file_gets_the_iconv_hint() {
    let dir = tempfile::tempdir().unwrap();
    let (bytes, _, _) = encoding_rs::GB18030.encode("新华社北京电，记者报道。\n");
    let p = write(dir.path(), "gbk.txt", &*bytes);
    let o = run(&["check", &p]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("first invalid byte at offset 0"),
        "{}",
        o.stderr
    );
    assert!(
        o.stderr.contains(&format!("iconv -f GB18030 -t UTF-8 {p}")),
        "{}",
        o.stderr
    );
}

#[test]
fn utf16_file_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    for u in GOOD.encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    let p = write(dir.path(), "u16.txt", bytes);
    let o = run(&["check", &p]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("is UTF-16LE"), "{}", o.stderr);
    assert!(o.stderr.contains("iconv -f UTF-16LE -t UTF-8"), "{}", o.stderr);
}

#[test]
fn binary_named_on_the_command_line_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR");
    let o = run(&["check", &p]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains(&format!(
            "error: {p}: binary file (NUL byte at offset 8), skipped"
        )),
        "{}",
        o.stderr
    );
}

#[test]
fn binary_found_while_walking_is_a_note() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", GOOD);
    let bin = write(dir.path(), "sub/data.txt", b"ab\x00\x00\x01cd");
    let o = run(&["check", &s(dir.path())]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr.contains(&format!("note: {bin}: binary file")),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("检查了 1 个文件\n"), "{}", o.stderr);
}

#[test]
fn missing_path_exits_2_and_the_other_files_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", GOOD);
    let missing = s(&dir.path().join("nope.txt"));
    let o = run(&["check", &missing, &good]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains(&format!("error: {missing}: no such file or directory")),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("检查了 1 个文件"), "{}", o.stderr);
}

#[test]
fn unreadable_path_symlink_loop() {
    // chmod cannot stop root from reading, so use a path no one can open: a symlink loop.
    let dir = tempfile::tempdir().unwrap();
    let lp = dir.path().join("loop.txt");
    std::os::unix::fs::symlink(&lp, &lp).unwrap();
    let o = run(&["check", &s(&lp)]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains(&format!("error: {}: cannot be read:", s(&lp))),
        "{}",
        o.stderr
    );
}

#[test]
fn unreadable_file_by_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "secret.txt", GOOD);
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&p).is_ok() {
        eprintln!(
            "skipped: running with privileges that read a mode-000 file (root); see the symlink-loop test"
        );
        return;
    }
    let o = run(&["check", &p]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("cannot be read: Permission denied"),
        "{}",
        o.stderr
    );
}

#[test]
fn file_over_max_file_size_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "newslint.toml", "max-file-size = 10\n");
    let p = write(dir.path(), "long.txt", GOOD);
    let o = run(&["check", &p]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains(&format!(
            "error: {p}: file is {} bytes (limit 10 bytes)",
            GOOD.len()
        )),
        "{}",
        o.stderr
    );
}

#[test]
fn discovered_config_error_names_file_line_and_key_and_other_trees_go_on() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = write(
        dir.path(),
        "broken/newslint.toml",
        "lang = \"zh\"\nfail-on = \"warn\"\n",
    );
    let under = write(dir.path(), "broken/a.txt", GOOD);
    let ok = write(dir.path(), "fine/b.txt", GOOD);
    let o = run(&["check", &under, &ok]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains(&format!(
            "error: {cfg}:2:11: key `fail-on`: unknown variant `warn`"
        )),
        "{}",
        o.stderr
    );
    // The snippet shows the offending line.
    assert!(o.stderr.contains("fail-on = \"warn\""), "{}", o.stderr);
    assert!(o.stderr.contains("检查了 1 个文件"), "{}", o.stderr);
}

#[test]
fn config_error_is_reported_once_for_many_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".newslint.toml", "[files]\nexclude = 3\n");
    write(dir.path(), "a.txt", GOOD);
    write(dir.path(), "b.txt", GOOD);
    let o = run(&["check", &s(dir.path())]);
    assert_eq!(o.code, 2);
    assert_eq!(o.stderr.matches("error: ").count(), 1, "{}", o.stderr);
    assert!(
        o.stderr.contains(".newslint.toml:2:11: key `files.exclude`"),
        "{}",
        o.stderr
    );
}

/// The renderer hears how many inputs went unchecked (a missing file, a broken config), so
/// that its summary on stdout does not call the run clean.
#[test]
fn the_renderer_hears_of_unchecked_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let clean = write(dir.path(), "clean.txt", GOOD);
    let missing = s(&dir.path().join("missing.txt"));
    let broken = tempfile::tempdir().unwrap();
    write(broken.path(), ".newslint.toml", "[files]\nexclude = 3\n");
    write(broken.path(), "a.txt", GOOD);
    for (args, want) in [
        (vec![clean.as_str()], 0),
        (vec![clean.as_str(), missing.as_str()], 1),
        (vec![&s(broken.path()), missing.as_str()], 2),
    ] {
        let o = run(&[&["check"][..], &args].concat());
        let end = match want {
            0 => "\nend\n".to_string(),
            n => format!("\nend unchecked={n}\n"),
        };
        assert!(o.stdout.ends_with(&end), "{args:?}: {}", o.stdout);
        assert_eq!(o.code, if want == 0 { 0 } else { 2 }, "{args:?}");
    }
}

#[test]
fn both_config_names_in_one_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "newslint.toml", "");
    write(dir.path(), ".newslint.toml", "");
    let p = write(dir.path(), "a.txt", GOOD);
    let o = run(&["check", &p]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("both newslint.toml and .newslint.toml"),
        "{}",
        o.stderr
    );
}

#[test]
fn explicit_config_file_errors_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "a.txt", GOOD);
    let cfg = write(dir.path(), "custom.toml", "[rules]\n\"not-a-rule\" = \"off\"\n");
    let o = run(&["check", "--config", &cfg, &good]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains(&format!(
            "error: {cfg}:2:1: key `rules.not-a-rule`: unknown rule id `not-a-rule`"
        )),
        "{}",
        o.stderr
    );
    assert_eq!(o.stdout, "", "nothing is checked without the named config");
    let missing = s(&dir.path().join("none.toml"));
    let o = run(&["check", "--config", &missing, &good]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr
            .contains(&format!("error: {missing}: cannot read config")),
        "{}",
        o.stderr
    );
}

#[test]
fn no_config_ignores_a_broken_config() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "newslint.toml", "this is not toml");
    let p = write(dir.path(), "a.txt", GOOD);
    assert_eq!(run(&["check", &p]).code, 2);
    let o = run(&["check", "--no-config", &p]);
    assert_eq!(o.code, 0, "{}", o.stderr);
}

#[test]
fn config_lang_sets_the_summary_language_and_the_flag_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "newslint.toml", "lang = \"en\"\n");
    let p = write(dir.path(), "a.txt", GOOD);
    let o = run(&["check", &p]);
    assert_eq!(o.stderr, "No problems found, 1 file checked\n");
    let o = run(&["check", "--lang", "zh", &p]);
    assert_eq!(o.stderr, "没有发现问题，检查了 1 个文件\n");
}

#[test]
fn unknown_rule_ids_in_select_and_ignore_exit_2() {
    let p = fixture("clean.txt");
    let o = run(&["check", "--select", "no-such-rule", &p]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("--select: unknown rule id `no-such-rule`"),
        "{}",
        o.stderr
    );
    assert_eq!(o.stdout, "");
    let o = run(&["check", "--ignore", "also-wrong", &p]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("--ignore: unknown rule id `also-wrong`"),
        "{}",
        o.stderr
    );
}

#[test]
fn colour_follows_the_terminal_no_color_and_the_flag() {
    let p = fixture("clean.txt");
    let colour = |args: &[&str], tty, no_color| {
        let mut a = vec!["check"];
        a.extend_from_slice(args);
        a.push(&p);
        let o = run_with(&a, b"", tty, no_color);
        o.stdout.contains("color=true")
    };
    assert!(colour(&[], true, false));
    assert!(!colour(&[], true, true), "NO_COLOR honoured");
    assert!(!colour(&[], false, false), "not a terminal");
    assert!(
        colour(&["--color", "always"], false, true),
        "the flag wins over NO_COLOR"
    );
    assert!(!colour(&["--color", "never"], true, false));
}

#[test]
fn closed_stdout_is_not_an_error() {
    struct Closed;
    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
    }
    for args in [
        vec!["check".to_string(), fixture("clean.txt")],
        vec!["rules".to_string()],
    ] {
        let cli = Cli::try_parse_from(std::iter::once("newslint".to_string()).chain(args)).unwrap();
        let mut stderr = Vec::new();
        let code = app::run(
            cli,
            &mut Io {
                stdin: &mut io::empty(),
                stdout: &mut Closed,
                stderr: &mut stderr,
                stdout_is_terminal: false,
                no_color: false,
                width: 80,
            },
            recorder,
        );
        let stderr = String::from_utf8(stderr).unwrap();
        assert_eq!(code, 0, "{stderr}");
        assert!(!stderr.contains("error"), "{stderr}");
    }
}

#[test]
fn explain_unknown_rule_exits_2() {
    let o = run(&["explain", "no-such-rule"]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("unknown rule id `no-such-rule`"),
        "{}",
        o.stderr
    );
}

#[test]
fn rules_prints_a_header_row() {
    let o = run(&["rules", "--lang", "en"]);
    assert_eq!(o.code, 0);
    let first = o.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("RULE") && first.contains("SEVERITY") && first.ends_with("SUMMARY"),
        "{first}"
    );
    // One row per registered rule.
    assert_eq!(o.stdout.lines().count(), 1 + newslint::rules::all_rules().len());
}

/// Paths as the walker would show them, for the walking tests.
fn checked_files(paths: &[PathBuf], config: newslint::config::ConfigChoice) -> Vec<String> {
    let (plan, _) = newslint::run::plan(&newslint::run::CheckOptions {
        paths: paths.to_vec(),
        stdin_filename: None,
        cross_file: true,
        config,
        overrides: Default::default(),
    })
    .unwrap();
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    plan.targets.iter().map(|t| t.display.clone()).collect()
}

#[test]
fn walking_honours_gitignore_hidden_files_and_extensions() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, ".gitignore", "ignored/\n*.skip.md\n");
    write(d, "a.txt", GOOD);
    write(d, "b.MD", GOOD);
    write(d, "c.markdown", GOOD);
    write(d, "d.html", GOOD);
    write(d, "x.skip.md", GOOD);
    write(d, "ignored/e.txt", GOOD);
    write(d, ".hidden/f.txt", GOOD);
    write(d, ".g.txt", GOOD);
    write(d, "sub/h.md", GOOD);
    let files = checked_files(&[d.to_path_buf()], newslint::config::ConfigChoice::Discover);
    let rel: Vec<String> = files
        .iter()
        .map(|f| f.strip_prefix(&s(d)).unwrap().to_string())
        .collect();
    assert_eq!(rel, ["/a.txt", "/b.MD", "/c.markdown", "/sub/h.md"]);
}

#[test]
fn named_files_are_checked_whatever_their_extension_unless_excluded() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "newslint.toml",
        "[files]\nextensions = [\"html\"]\nexclude = [\"drafts\", \"*.old.html\"]\n",
    );
    let html = write(d, "page.html", GOOD);
    let old = write(d, "page.old.html", GOOD);
    let named = write(d, "notes.rst", GOOD);
    write(d, "a.txt", GOOD);
    write(d, "drafts/x.html", GOOD);
    let draft = write(d, "drafts/y.html", GOOD);
    let files = checked_files(&[d.to_path_buf()], newslint::config::ConfigChoice::Discover);
    assert_eq!(files, [html]);
    let files = checked_files(
        &[PathBuf::from(&named), PathBuf::from(&draft), PathBuf::from(&old)],
        newslint::config::ConfigChoice::Discover,
    );
    assert_eq!(files, [named]);
    let o = run(&["check", &draft]);
    assert_eq!(o.code, 0);
    assert!(
        o.stderr
            .contains(&format!("note: {draft}: skipped, excluded by [files] exclude")),
        "{}",
        o.stderr
    );
    // --no-config: the default extensions, nothing excluded.
    let files = checked_files(&[d.to_path_buf()], newslint::config::ConfigChoice::None);
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(files[0].ends_with("/a.txt"));
}

#[test]
fn nested_configs_govern_their_own_trees() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "newslint.toml", "[files]\nexclude = [\"*.draft.txt\"]\n");
    write(d, "a.draft.txt", GOOD);
    // The inner config replaces the outer one (configs do not merge).
    write(d, "inner/newslint.toml", "");
    let inner = write(d, "inner/b.draft.txt", GOOD);
    let files = checked_files(&[d.to_path_buf()], newslint::config::ConfigChoice::Discover);
    assert_eq!(files, [inner]);
}

#[test]
fn a_file_named_twice_is_checked_once() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", GOOD);
    let files = checked_files(
        &[PathBuf::from(&a), dir.path().to_path_buf(), PathBuf::from(&a)],
        newslint::config::ConfigChoice::Discover,
    );
    assert_eq!(files, [a]);
}
