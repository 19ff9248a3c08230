//! The fixing contract: `check --fix`, `--unsafe-fixes`, `--diff` and `review`, in-process
//! through `newslint::app::run` (with a recording renderer) and end to end through the binary.
//!
//! The fix machinery itself is tested with hand-made diagnostics in src/fixmode.rs and
//! src/review.rs. The first group here pins what holds with or without findings (usage
//! errors, clean copy left untouched, stdin passed through, errors reported once); the second
//! uses real findings of the punctuation, joins, charset, doubled and typo families. The seed-page
//! test also needs the duplicate family and is ignored until it is merged.

use assert_cmd::Command;
use clap::Parser;
use newslint::app::{self, Io};
use newslint::cli::Cli;
use newslint::render::{FileReport, Format, RenderOptions, Renderer};
use predicates::prelude::*;
use std::io::{self, Write};
use std::path::Path;

/// Writes one line per finding between `begin` and `end`, so tests can see where the
/// findings went (stdout, or stderr under `--fix -`).
struct Recorder;

impl Renderer for Recorder {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "begin")
    }
    fn file(&mut self, report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        for d in report.diagnostics.iter() {
            let fix = d.fix.as_ref().map_or("-", |f| f.applicability.as_str());
            writeln!(
                out,
                "{} {}..{} {} {fix}",
                report.path, d.span.start, d.span.end, d.rule
            )?;
        }
        Ok(())
    }
    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "end")
    }
}

fn recorder(_: Format, _: RenderOptions) -> Box<dyn Renderer> {
    Box::new(Recorder)
}

struct Out {
    code: u8,
    stdout: String,
    stderr: String,
}

fn run_in(args: &[&str], stdin: &[u8]) -> Out {
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
            stdout_is_terminal: false,
            no_color: false,
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

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

fn read(p: &str) -> String {
    std::fs::read_to_string(p).unwrap()
}

fn newslint() -> Command {
    let mut c = Command::cargo_bin("newslint").unwrap();
    c.env_remove("NO_COLOR").env("COLUMNS", "100");
    c
}

const CLEAN: &str = "新华社北京电，记者报道。\n";

/// Two safe defects: a half-width comma between Chinese characters and a stray space between
/// Chinese characters (the same copy as tests/fixtures/cli/defects.txt).
const DEFECTS: &str = "市图书馆昨日宣布,自下月起延长夜间开放时间。\n读者可以 在自助机上办理借阅和归还。\n";
const DEFECTS_FIXED: &str =
    "市图书馆昨日宣布，自下月起延长夜间开放时间。\n读者可以在自助机上办理借阅和归还。\n";

// ---------------------------------------------------------------------------------------
// What holds with or without findings.

#[test]
fn unsafe_fixes_without_fix_or_diff_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", CLEAN);
    let o = run_in(&["check", "--unsafe-fixes", &a], b"");
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr,
        "error: --unsafe-fixes only makes sense with --fix or --diff\n"
    );
    assert_eq!(o.stdout, "");
}

#[test]
fn fix_on_clean_copy_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", CLEAN);
    let before = std::fs::metadata(&a).unwrap().modified().unwrap();
    let o = run_in(&["check", "--fix", "--lang", "en", &a], b"");
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(read(&a), CLEAN);
    assert_eq!(std::fs::metadata(&a).unwrap().modified().unwrap(), before);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
    assert_eq!(o.stdout, "begin\nend\n");
    assert_eq!(o.stderr, "nothing to fix\nNo problems found, 1 file checked\n");
    // --quiet drops both lines.
    let o = run_in(&["check", "--fix", "--quiet", &a], b"");
    assert_eq!(o.stderr, "");
}

#[test]
fn diff_on_clean_copy_prints_nothing_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", CLEAN);
    let o = run_in(&["check", "--diff", "--unsafe-fixes", "--lang", "en", &a], b"");
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout, "", "--diff renders no findings");
    assert_eq!(o.stderr, "nothing to fix\n");
    assert_eq!(read(&a), CLEAN);
}

#[test]
fn fix_on_stdin_passes_the_text_through_and_findings_go_to_stderr() {
    let text = "\u{feff}标题\r\n新华社北京电，记者报道。\r\n";
    let o = run_in(&["check", "--fix", "--lang", "en", "-"], text.as_bytes());
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout, text, "BOM and CRLF pass through untouched");
    assert!(o.stderr.starts_with("begin\nend\n"), "{}", o.stderr);
    assert!(
        o.stderr
            .ends_with("nothing to fix\nNo problems found, 1 file checked\n"),
        "{}",
        o.stderr
    );
}

#[test]
fn fix_on_undecodable_stdin_prints_no_text_and_reports_once() {
    let o = run_in(
        &["check", "--fix", "-", "--stdin-filename", "story.md"],
        b"ok\xff",
    );
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stdout, "begin\nend\n",
        "no text on stdout; the findings stay there"
    );
    assert_eq!(
        o.stderr.matches("story.md: not valid UTF-8").count(),
        1,
        "{}",
        o.stderr
    );
}

#[test]
fn fix_reports_a_missing_or_unreadable_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt").display().to_string();
    let bad = write(dir.path(), "bad.txt", b"\xff\xfe\x00a\x00b");
    let o = run_in(&["check", "--fix", &missing, &bad], b"");
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr.matches("missing.txt: no such file").count(),
        1,
        "{}",
        o.stderr
    );
    assert_eq!(o.stderr.matches("error: ").count(), 2, "{}", o.stderr);
    assert!(o.stderr.contains("UTF-16"), "{}", o.stderr);
}

#[test]
fn diff_reports_unreadable_files_and_notes_walked_binaries() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ok.txt", CLEAN);
    write(dir.path(), "blob.txt", b"\x00\x01\x02binary");
    let o = run_in(&["check", "--diff", &dir.path().display().to_string()], b"");
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr.contains("note: ") && o.stderr.contains("blob.txt"),
        "{}",
        o.stderr
    );
    let named = dir.path().join("blob.txt").display().to_string();
    let o = run_in(&["check", "--diff", &named], b"");
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("error: ") && o.stderr.contains("binary"),
        "{}",
        o.stderr
    );
    let o = run_in(&["check", "--diff", "-"], b"ok\xff");
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("not valid UTF-8"), "{}", o.stderr);
}

#[test]
fn binary_diff_on_clean_copy_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", CLEAN);
    newslint()
        .args(["check", "--diff", "--lang", "en", &a])
        .assert()
        .code(0)
        .stdout("")
        .stderr("nothing to fix\n");
    newslint()
        .args(["check", "--unsafe-fixes", &a])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--unsafe-fixes only makes sense"));
}

#[test]
fn check_help_documents_the_fixing_flags() {
    let out = newslint().args(["check", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in ["--fix", "--unsafe-fixes", "--diff", "Fixing"] {
        assert!(help.contains(flag), "check --help lacks {flag}");
    }
}

#[test]
fn review_help_lists_the_keys() {
    let out = newslint().args(["review", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for key in ["a, y", "e ", "s, n", "i ", "u ", "q ", "x ", "--yes"] {
        assert!(help.contains(key), "review --help lacks {key}: {help}");
    }
}

#[test]
fn review_refuses_stdin_directories_and_missing_files() {
    let dir = tempfile::tempdir().unwrap();
    newslint()
        .args(["review", "-"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("review needs a file"));
    newslint()
        .args(["review", &dir.path().display().to_string()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
    newslint()
        .args(["review", &dir.path().join("nope.txt").display().to_string()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file"));
    let a = write(dir.path(), "a.txt", CLEAN);
    newslint()
        .args(["review", "--select", "no-such-rule", &a])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule id"));
}

#[test]
fn review_of_clean_copy_says_so_and_leaves_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", CLEAN);
    newslint()
        .args(["review", "--lang", "en", &a])
        .write_stdin("a\na\na\n")
        .assert()
        .code(0)
        .stderr(predicate::str::ends_with("no problems found\n"));
    assert_eq!(read(&a), CLEAN);
}

// ---------------------------------------------------------------------------------------
// With real findings.

#[test]
fn fix_applies_safe_fixes_and_reports_what_remains() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", DEFECTS);
    let o = run_in(&["check", "--fix", "--lang", "en", &a], b"");
    assert_eq!(o.code, 0, "nothing remains: {}{}", o.stdout, o.stderr);
    assert_eq!(read(&a), DEFECTS_FIXED);
    assert_eq!(o.stdout, "begin\nend\n");
    assert!(o.stderr.starts_with("fixed 2 issues in 1 file\n"), "{}", o.stderr);
    // A second run has nothing left to do.
    let o = run_in(&["check", "--fix", "--lang", "en", &a], b"");
    assert!(o.stderr.starts_with("nothing to fix\n"), "{}", o.stderr);
    assert_eq!(read(&a), DEFECTS_FIXED);
}

#[test]
fn fix_applies_only_the_selected_rules() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", DEFECTS);
    let o = run_in(
        &["check", "--fix", "--lang", "en", "--select", "cjk-space", &a],
        b"",
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        read(&a),
        "市图书馆昨日宣布,自下月起延长夜间开放时间。\n读者可以在自助机上办理借阅和归还。\n"
    );
    let o = run_in(
        &["check", "--fix", "--lang", "en", "--ignore", "cjk-space", &a],
        b"",
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(read(&a), DEFECTS_FIXED);
}

#[test]
fn fix_preserves_crlf_and_bom() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = |s: &str| format!("\u{feff}{}", s.replace('\n', "\r\n"));
    let a = write(dir.path(), "a.txt", crlf(DEFECTS));
    let o = run_in(&["check", "--fix", &a], b"");
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(std::fs::read(&a).unwrap(), crlf(DEFECTS_FIXED).into_bytes());
}

#[test]
fn fix_on_stdin_writes_the_fixed_text_to_stdout() {
    let o = run_in(&["check", "--fix", "--lang", "en", "-"], DEFECTS.as_bytes());
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stdout, DEFECTS_FIXED);
    assert!(o.stderr.contains("fixed 2 issues in 1 file"), "{}", o.stderr);
}

#[test]
fn diff_shows_the_fixes_writes_nothing_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", DEFECTS);
    let o = run_in(&["check", "--diff", "--lang", "en", &a], b"");
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert_eq!(read(&a), DEFECTS);
    assert_eq!(
        o.stdout,
        format!(
            "--- {a}\n+++ {a}\n@@ -1,2 +1,2 @@\n-市图书馆昨日宣布,自下月起延长夜间开放时间。\n-读者可以 在自助机上办理借阅和归还。\n+市图书馆昨日宣布，自下月起延长夜间开放时间。\n+读者可以在自助机上办理借阅和归还。\n"
        )
    );
    assert_eq!(o.stderr, "would fix 2 issues in 1 file (nothing written)\n");
    // The binary agrees, and prints the same diff (no renderer is involved).
    newslint()
        .args(["check", "--diff", &a])
        .assert()
        .code(1)
        .stdout(o.stdout.clone());
}

#[test]
fn unsafe_fixes_need_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let text = "市里将加大大本土人才培育力度。\n";
    let a = write(dir.path(), "a.txt", text);
    let o = run_in(&["check", "--fix", &a], b"");
    assert_eq!(
        read(&a),
        text,
        "removing a doubled character is unsafe: --fix leaves it"
    );
    assert_eq!(o.code, 1, "the doubled character is still reported");
    assert!(o.stdout.contains(" doubled-char unsafe"), "{}", o.stdout);
    let o = run_in(&["check", "--diff", "--unsafe-fixes", &a], b"");
    assert_eq!((o.code, read(&a).as_str()), (1, text));
    assert!(o.stdout.contains("+市里将加大本土人才培育力度。"), "{}", o.stdout);
    let o = run_in(&["check", "--fix", "--unsafe-fixes", &a], b"");
    assert_eq!(read(&a), "市里将加大本土人才培育力度。\n");
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
}

#[test]
fn a_typo_fix_is_unsafe() {
    let dir = tempfile::tempdir().unwrap();
    let text = "有人信奉从林法则，我们坚持合作共赢。\n";
    let a = write(dir.path(), "a.txt", text);
    let o = run_in(&["check", "--fix", &a], b"");
    assert_eq!((o.code, read(&a).as_str()), (1, text), "{}", o.stdout);
    assert!(o.stdout.contains(" typo unsafe"), "{}", o.stdout);
    let o = run_in(&["check", "--fix", "--unsafe-fixes", &a], b"");
    assert_eq!(
        (o.code, read(&a).as_str()),
        (0, "有人信奉丛林法则，我们坚持合作共赢。\n")
    );
}

#[cfg(unix)]
#[test]
fn fix_leaves_a_read_only_file_alone_and_exits_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", DEFECTS);
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = run_in(&["check", "--fix", &a], b"");
    assert_eq!(o.code, 2);
    assert_eq!(read(&a), DEFECTS);
    assert!(o.stderr.contains("read-only; fixes not written"), "{}", o.stderr);
    // What is reported is what is on disk: the findings are still there.
    assert!(o.stdout.contains("halfwidth-punct"), "{}", o.stdout);
}

/// Everything in `s` except what `--fix` may change on the seed page: punctuation width,
/// whitespace (the stray space, the page joins), the continuation markers and the one
/// Traditional word (the issue lists one-to-one Traditional characters among the safe fixes).
fn skeleton(s: &str) -> String {
    s.replace("(上接第一版)", "")
        .replace("（上接第一版）", "")
        .replace("關鍵", "关键")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
        .map(|c| match c {
            '，' => ',',
            '；' => ';',
            '：' => ':',
            '（' => '(',
            '）' => ')',
            '？' => '?',
            '！' => '!',
            c => c,
        })
        .collect()
}

/// Half-width `,;:()` with a Chinese character on both sides.
fn halfwidth_between_han(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let han = |c: char| newslint::text::is_han(c);
    chars
        .windows(3)
        .filter(|w| han(w[0]) && ",;:".contains(w[1]) && han(w[2]))
        .map(|w| w.iter().collect())
        .collect()
}

#[test]
fn seed_page_fix_and_unsafe_fixes() {
    let seed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed.txt"))
        .unwrap();
    let dup = "全球安全倡议畅通长效协调路径,通过完善跨国安全合作规则,构建兼顾各方利益的安全架构";
    assert_eq!(seed.matches(dup).count(), 3);
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "seed.txt", &seed);

    let o = run_in(&["check", "--fix", &a], b"");
    assert_eq!(o.code, 1, "the unsafe defects remain: {}", o.stderr);
    let fixed = read(&a);
    // Safe fixes: punctuation width, the stray space, the markers, the page joins.
    assert_eq!(halfwidth_between_han(&fixed), Vec::<String>::new());
    assert!(!fixed.contains("文明沃土 的") && fixed.contains("文明沃土的"));
    assert!(!fixed.contains("上接第一版"));
    // A break inside a word is joined by --fix; one between words needs --unsafe-fixes.
    for joined in [
        "违背道义与国际法则",
        "协同高效的方向迈进",
        "特色产品供应链体系",
        "也为本土企业",
        "工作人员于小龙说",
    ] {
        assert!(fixed.contains(joined), "not joined: {joined}");
    }
    assert!(!fixed.contains("文明土壤与发展禀赋"));
    // Untouched: the typo, the doubled characters, the duplicates (unsafe).
    assert_eq!(fixed.matches("从林法则").count(), 5);
    assert!(fixed.contains("接接地气") && fixed.contains("加大大"));
    let dup_fixed = dup.replace(',', "，");
    assert_eq!(fixed.matches(&dup_fixed).count(), 3);
    // Every other character is as it was.
    let (got, want) = (skeleton(&fixed), skeleton(&seed));
    if got != want {
        let at = got.chars().zip(want.chars()).take_while(|(a, b)| a == b).count();
        let around = |s: &str| s.chars().skip(at.saturating_sub(20)).take(40).collect::<String>();
        panic!(
            "--fix changed more than it may: …{}… for …{}…",
            around(&got),
            around(&want)
        );
    }
    // They are still reported.
    for rule in [" typo ", " doubled-char ", " broken-join ", " duplicate"] {
        assert!(
            o.stdout.contains(rule),
            "{rule} not reported after --fix: {}",
            o.stdout
        );
    }

    let o = run_in(&["check", "--fix", "--unsafe-fixes", &a], b"");
    let all = read(&a);
    assert_eq!(all.matches("从林法则").count(), 0);
    assert_eq!(
        all.matches("丛林法则").count(),
        5 + fixed.matches("丛林法则").count()
    );
    assert!(!all.contains("關鍵") && all.contains("关键"));
    assert!(!all.contains("接接地气") && all.contains("一大批接地气"));
    assert!(!all.contains("加大大") && all.contains("加大本土"));
    assert!(all.contains("文明土壤与发展禀赋"));
    assert_eq!(
        all.matches(&dup_fixed).count(),
        1,
        "the repeated sentences are removed"
    );
    assert!(o.code <= 1, "{}", o.stderr);
}

#[test]
fn scripted_review_accepts_some_fixes_and_skips_others() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", DEFECTS);
    // Two findings, in order: the comma (accept) and the stray space (skip).
    let out = newslint()
        .args([
            "review",
            "--lang",
            "en",
            "--select",
            "halfwidth-punct,cjk-space",
            &a,
        ])
        .write_stdin("a\ns\n")
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(
        read(&a),
        "市图书馆昨日宣布，自下月起延长夜间开放时间。\n读者可以 在自助机上办理借阅和归还。\n"
    );
    let transcript = String::from_utf8(out.stdout).unwrap();
    assert!(transcript.contains("[1/2] 1:9 halfwidth-punct"), "{transcript}");
    assert!(
        transcript.contains("⟦,⟧") && transcript.contains("⟦，⟧"),
        "{transcript}"
    );
    assert!(transcript.contains("[2/2] 2:5 cjk-space"), "{transcript}");
    let summary = String::from_utf8(out.stderr).unwrap();
    assert!(
        summary.ends_with("1 fix accepted, 1 skipped; written\n"),
        "{summary}"
    );
}

#[test]
fn scripted_review_undo_ignore_edit_and_discard() {
    let dir = tempfile::tempdir().unwrap();
    let text = "市图书馆昨日宣布,自下月起延长夜间开放时间,读者可以 在自助机上办理借阅。\n";
    let a = write(dir.path(), "a.txt", text);
    let sel = "halfwidth-punct,cjk-space";
    // Accept the first comma, undo, edit it to a full stop instead; ignore the rule at the
    // second comma; accept the space.
    newslint()
        .args(["review", "--select", sel, &a])
        .write_stdin("a\nu\ne\n。\ni\na\n")
        .assert()
        .code(0);
    assert_eq!(
        read(&a),
        "市图书馆昨日宣布。自下月起延长夜间开放时间,读者可以在自助机上办理借阅。\n"
    );
    // Discarding leaves the file as it was.
    std::fs::write(&a, text).unwrap();
    newslint()
        .args(["review", "--select", sel, &a])
        .write_stdin("a\na\nx\n")
        .assert()
        .code(0);
    assert_eq!(read(&a), text);
    // --yes accepts the safe fixes without asking; nothing is read from stdin.
    newslint()
        .args(["review", "--yes", "--select", sel, &a])
        .write_stdin("")
        .assert()
        .code(0);
    assert_eq!(
        read(&a),
        "市图书馆昨日宣布，自下月起延长夜间开放时间，读者可以在自助机上办理借阅。\n"
    );
}
