//! Properties of the `check --fix` write path, on generated Chinese-heavy copy with every
//! fixable defect, LF or CRLF line endings, with or without a BOM.
//!
//! tests/properties.rs holds the library-level properties (idempotence, nothing safe left,
//! bytes outside the fixed spans unchanged); these check that what the command line writes
//! is exactly what the library computes, and that writing keeps what it must:
//!
//! - the file `check --fix` writes equals `fix_until_stable` (safe only, or with
//!   `--unsafe-fixes`), and so does the text `check --fix -` prints for stdin;
//! - `check --diff` writes nothing and exits 1 exactly when `--fix` would change the file;
//! - a second `--fix` changes nothing, and nothing safe-fixable is reported after the first;
//! - a BOM and CRLF line endings survive: no BOM appears or disappears, and a CRLF file gets
//!   no bare `\n`;
//! - with a hand-made checker (independent of the rule families), the written file differs
//!   from the original only inside the fixed spans.

use clap::Parser;
use newslint::app::{self, Io};
use newslint::cli::Cli;
use newslint::config::{Overrides, Scope};
use newslint::document::SourceKind;
use newslint::fix::{fix_until_stable, fix_until_stable_with};
use newslint::fixmode::{self, Mode};
use newslint::render::{FileReport, Format, RenderOptions, Renderer};
use newslint::run::{Origin, Target};
use newslint::{Applicability, Diagnostic, Findings, Settings, Severity, check_str};
use proptest::prelude::*;
use std::io::{self, Write};
use std::sync::Arc;

/// Copy with the defects `--fix` is for, and traps around them.
const PIECES: &[&str] = &[
    "国家",
    "发展",
    "合作共赢",
    "记者",
    "报道",
    "，",
    "。",
    "、",
    "：",
    "“",
    "”",
    "（",
    "）",
    ",",
    ";",
    ":",
    "(",
    ")",
    " ",
    "  ",
    "\n",
    "\n\n",
    "3,000",
    "10:30",
    "2025年",
    "GDP",
    "https://example.com/a,b",
    "(上接第一版)",
    "（下转第二版）",
    "违背道义与国\n\n际法则",
    "特色产品供\n\n应链体系",
    "關鍵",
    "从林法则",
    "加大大",
    "接接地气",
    "实实在在",
    "既不平凡也不平凡",
    "# ",
    "新华社北京12月21日电",
];

/// (text, crlf): pieces joined, `\n` turned into `\r\n` when `crlf`, a BOM when `bom`.
fn copy() -> impl Strategy<Value = (String, bool)> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(prop::sample::select(PIECES), 1..80),
    )
        .prop_map(|(bom, crlf, v)| {
            let mut s = if bom {
                "\u{feff}".to_string()
            } else {
                String::new()
            };
            let body = v.concat();
            s.push_str(&if crlf { body.replace('\n', "\r\n") } else { body });
            (s, crlf)
        })
}

/// Renders nothing: these properties are about the files.
struct Silent;

impl Renderer for Silent {
    fn begin(&mut self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    fn file(&mut self, _: &FileReport, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    fn end(&mut self, _: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

fn silent(_: Format, _: RenderOptions) -> Box<dyn Renderer> {
    Box::new(Silent)
}

/// Run the CLI in-process; returns the exit status and stdout.
fn cli(args: &[&str], stdin: &[u8]) -> (u8, Vec<u8>) {
    let cli = Cli::try_parse_from(
        ["newslint", "check", "--no-config", "--lang", "en"]
            .iter()
            .chain(args),
    )
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
            no_color: true,
            width: 80,
        },
        silent,
    );
    (code, stdout)
}

fn has_safe_fix(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| {
        d.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe)
    })
}

/// A hand-made checker that does not depend on the rule families: a half-width comma
/// between two Chinese characters becomes `，` (safe), and a doubled `大` loses one (unsafe).
fn synthetic(text: &str, _: SourceKind, _: &Settings) -> Findings {
    let han = |c: Option<char>| c.is_some_and(newslint::text::is_han);
    let mut out = Vec::new();
    for (i, c) in text.char_indices() {
        if c == ',' && han(text[..i].chars().next_back()) && han(text[i + 1..].chars().next()) {
            out.push(
                Diagnostic::new("comma", Severity::Warning, i..i + 1, "m")
                    .with_fix("，", Applicability::Safe),
            );
        }
    }
    for (i, _) in text.match_indices("大大") {
        out.push(
            Diagnostic::new("doubled", Severity::Warning, i..i + 6, "m")
                .with_fix("大", Applicability::Unsafe),
        );
    }
    out.into()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn the_cli_writes_what_the_library_computes((text, crlf) in copy(), unsafe_fixes in any::<bool>()) {
        let settings = Settings::default();
        let (expect, _) = fix_until_stable(&text, SourceKind::Plain, &settings, unsafe_fixes);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("story.txt");
        let p = path.display().to_string();
        std::fs::write(&path, &text).unwrap();

        // --diff: nothing written, 1 exactly when --fix would change something.
        let mut args = vec!["--diff", p.as_str()];
        if unsafe_fixes {
            args.push("--unsafe-fixes");
        }
        let (code, diff) = cli(&args, b"");
        prop_assert_eq!(std::fs::read(&path).unwrap(), text.as_bytes());
        prop_assert_eq!(code, u8::from(expect != text), "--diff exit status");
        prop_assert_eq!(diff.is_empty(), expect == text);

        // --fix writes exactly fix_until_stable's text.
        args[0] = "--fix";
        let (code, _) = cli(&args, b"");
        prop_assert!(code <= 1, "exit {}", code);
        let written = std::fs::read_to_string(&path).unwrap();
        prop_assert_eq!(&written, &expect);
        prop_assert!(!has_safe_fix(&check_str(&written, SourceKind::Plain, &settings)), "safe fixes left after --fix");

        // BOM and line endings are kept.
        prop_assert_eq!(written.starts_with('\u{feff}'), text.starts_with('\u{feff}'));
        prop_assert_eq!(written.matches('\u{feff}').count(), text.matches('\u{feff}').count());
        if crlf {
            prop_assert!(!written.replace("\r\n", "").contains('\n'), "a bare LF in a CRLF file: {:?}", written);
        }

        // A second run has nothing to do.
        let (_, _) = cli(&args, b"");
        prop_assert_eq!(std::fs::read_to_string(&path).unwrap(), written);

        // Stdin gets the same text.
        let mut args = vec!["--fix", "-"];
        if unsafe_fixes {
            args.push("--unsafe-fixes");
        }
        let (_, out) = cli(&args, text.as_bytes());
        prop_assert_eq!(String::from_utf8(out).unwrap(), expect);
    }

    #[test]
    fn the_write_path_changes_only_the_fixed_spans((text, _) in copy(), unsafe_fixes in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("story.txt");
        std::fs::write(&path, &text).unwrap();
        let scope = Arc::new(Scope::new(None, &Overrides::default()));
        let target = Target {
            origin: Origin::File(path.clone()),
            display: "story.txt".into(),
            explicit: true,
            kind: SourceKind::Plain,
            settings: scope.settings.clone(),
            scope,
        };
        fixmode::run(std::slice::from_ref(&target), &mut io::empty(), Mode::Write, unsafe_fixes, &synthetic);
        let written = std::fs::read_to_string(&path).unwrap();
        let (expect, _) = fix_until_stable_with(&text, unsafe_fixes, |t| synthetic(t, SourceKind::Plain, &Settings::default()));
        prop_assert_eq!(&written, &expect);
        // Independently of the fix loop: the file is the original with every such comma made
        // full-width and (with unsafe fixes) every run of 大 shortened to one, nothing else.
        let mut model = String::new();
        let chars: Vec<char> = text.chars().collect();
        let han = |c: Option<&char>| c.is_some_and(|c| newslint::text::is_han(*c));
        for (i, c) in chars.iter().enumerate() {
            if *c == ',' && i > 0 && han(chars.get(i - 1)) && han(chars.get(i + 1)) {
                model.push('，');
            } else if unsafe_fixes && *c == '大' && model.ends_with('大') {
                // dropped
            } else {
                model.push(*c);
            }
        }
        prop_assert_eq!(written, model);
        // Twice is once.
        let (again, n) = fix_until_stable_with(&expect, unsafe_fixes, |t| synthetic(t, SourceKind::Plain, &Settings::default()));
        prop_assert_eq!((again, n), (expect, 0));
    }
}

/// The properties above only mean something if the generated copy gives the fixers work.
#[test]
fn generated_copy_exercises_the_safe_and_unsafe_fixes() {
    let text = PIECES.join("。");
    let settings = Settings::default();
    let (safe, n_safe) = fix_until_stable(&text, SourceKind::Plain, &settings, false);
    let (all, n_all) = fix_until_stable(&text, SourceKind::Plain, &settings, true);
    assert!(n_safe >= 5, "only {n_safe} safe fixes on the pieces");
    assert!(n_all > n_safe && all != safe, "no unsafe fix on the pieces");
}
