//! `check --fix`, `--unsafe-fixes` and `--diff`: the fix stage of a check run.
//!
//! The fix stage sits between planning and checking. For every planned source it reads the
//! text, runs the fix loop (check, apply the allowed fixes, check again, up to
//! [`fix::MAX_PASSES`]), and then either writes the result back with
//! [`atomic::write_if_unchanged`] (`--fix`, through [`fix::fix_owned`], which rewrites the text
//! as read and keeps an undo log to compare the file with) or turns it into a unified diff
//! (`--diff`, through [`fix::fix_until_stable_with`], which keeps the text as read for it).
//! The ordinary check that follows re-reads the written files, so what is reported after
//! `--fix` is exactly what is on disk, through the same renderers, cross-file phase and exit
//! status as a plain check. Stdin cannot be re-read: its fixed text is handed to the check as
//! its input instead, and is also what `--fix` prints on stdout.
//!
//! Why the text is written back byte for byte except inside the fixed spans: a fix replaces
//! its diagnostic's span in the text as read, and the text as read is the file's bytes (the
//! input layer only accepts UTF-8 and keeps a BOM), so line endings and a BOM survive unless
//! a fix's own span covers them.
//!
//! Safety: a file that changed on disk after it was read, a read-only file, or any failure
//! while writing (a full disk) leaves the original untouched and makes the run exit 2.

use crate::app::Io;
use crate::atomic::{self, WriteError};
use crate::diagnostic::Lang;
use crate::document::SourceKind;
use crate::findings::Findings;
use crate::fix;
use crate::input::{self, InputError};
use crate::run::{Origin, Plan, Target};
use crate::settings::Settings;
use rayon::prelude::*;
use std::io::{self, Read, Write};

/// The fixing flags of `newslint check` (flattened into `CheckArgs`).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FixArgs {
    /// Apply every safe fix (punctuation width, stray spaces, page markers, one-to-one
    /// Traditional characters, split-word joins), write the files back atomically and report
    /// what remains. With stdin (`-`) the fixed text goes to stdout and the remaining findings
    /// to stderr.
    #[arg(long, help_heading = "Fixing")]
    pub fix: bool,

    /// With --fix or --diff, also apply unsafe fixes: the ones that change wording (typos,
    /// doubled characters, removing duplicated text). Read the result.
    #[arg(long, help_heading = "Fixing")]
    pub unsafe_fixes: bool,

    /// Print a unified diff of what --fix would change and write nothing. Exit status 1 when
    /// anything would change, 0 when nothing would, 2 on errors.
    #[arg(long, help_heading = "Fixing")]
    pub diff: bool,
}

impl FixArgs {
    /// A usage error in the combination of flags, if any.
    pub fn usage_error(&self) -> Option<&'static str> {
        (self.unsafe_fixes && !self.fix && !self.diff)
            .then_some("--unsafe-fixes only makes sense with --fix or --diff")
    }
}

/// Produces the diagnostics the fix loop applies: [`rules`] in the binary, a hand-made
/// checker in tests.
pub type Checker = dyn Fn(&str, SourceKind, &Settings) -> Findings + Sync;

/// The real checker: every enabled rule family.
pub fn rules(text: &str, kind: SourceKind, settings: &Settings) -> Findings {
    crate::check_findings(&crate::Document::parse(text, kind), settings)
}

/// Whether the fix stage writes files back or only shows what it would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `--fix`: write fixed files back.
    Write,
    /// `--diff`: compute a unified diff, write nothing.
    Diff,
}

/// What the fix stage did with one file.
#[derive(Debug)]
pub enum Status {
    /// Nothing to fix (or the fixes cancelled each other out).
    Unchanged,
    /// Fixed: written back (`--fix`) or diffed (`--diff`).
    Fixed {
        /// Fixes applied, over all passes.
        fixes: usize,
        /// The unified diff (`--diff` only).
        diff: Option<String>,
    },
    /// Could not be read. Under `--fix` the check that follows reads it again and reports
    /// the error; under `--diff` it is reported from here.
    NotRead(InputError),
    /// Fixed in memory but not written; the original is untouched.
    NotWritten {
        /// Fixes that would have been applied.
        fixes: usize,
        /// Why.
        error: WriteError,
    },
}

/// One file's result.
#[derive(Debug)]
pub struct FileFix {
    /// The path as displayed.
    pub display: String,
    /// Named on the command line (a binary file found by walking is skipped quietly).
    pub explicit: bool,
    /// What happened.
    pub status: Status,
}

/// What the fix stage did with stdin.
#[derive(Debug)]
pub enum StdinFix {
    /// Read and fixed (possibly unchanged): the text for stdout and for the check.
    Fixed {
        /// The name stdin is displayed under.
        display: String,
        /// The fixed text.
        text: String,
        /// Fixes applied.
        fixes: usize,
        /// The unified diff (`--diff` only, and only when something changed).
        diff: Option<String>,
    },
    /// Not text newslint accepts: the raw bytes go on to the check, which reports why.
    Undecodable(Vec<u8>),
    /// Reading stdin failed.
    ReadFailed {
        /// The name stdin is displayed under.
        display: String,
        /// The error.
        error: io::Error,
    },
}

/// Everything the fix stage did.
#[derive(Debug, Default)]
pub struct FixRun {
    /// Files, in the plan's order.
    pub files: Vec<FileFix>,
    /// Stdin, when it was among the sources.
    pub stdin: Option<StdinFix>,
}

/// Fix `text` until stable with `checker`. Returns the fixed text and the number of fixes;
/// 0 fixes when the text came out unchanged (fixes that cancel out are not worth counting).
pub fn fix_text(
    text: &str,
    kind: SourceKind,
    settings: &Settings,
    unsafe_fixes: bool,
    checker: &Checker,
) -> (String, usize) {
    let (fixed, n) = fix::fix_until_stable_with(text, unsafe_fixes, |t| checker(t, kind, settings));
    let n = if fixed == text { 0 } else { n };
    (fixed, n)
}

/// A unified diff from `old` to `new`, both labelled `name`, three lines of context.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string()
}

/// Run the fix stage over `targets`. Files are fixed in parallel; stdin, if it is a target,
/// is read from `stdin` on this thread.
pub fn run(
    targets: &[Target],
    stdin: &mut dyn Read,
    mode: Mode,
    unsafe_fixes: bool,
    checker: &Checker,
) -> FixRun {
    let stdin = targets
        .iter()
        .find(|t| t.origin == Origin::Stdin)
        .map(|t| fix_stdin(t, stdin, mode, unsafe_fixes, checker));
    let files = targets
        .par_iter()
        .filter_map(|t| match &t.origin {
            Origin::File(path) => Some(fix_file(t, path, mode, unsafe_fixes, checker)),
            Origin::Stdin => None,
        })
        .collect();
    FixRun { files, stdin }
}

fn fix_file(
    target: &Target,
    path: &std::path::Path,
    mode: Mode,
    unsafe_fixes: bool,
    checker: &Checker,
) -> FileFix {
    let status = match input::read_file(path, &target.display, target.scope.max_file_size) {
        Err(e) => Status::NotRead(e),
        Ok(text) => match mode {
            Mode::Diff => {
                let (fixed, fixes) = fix_text(&text, target.kind, &target.settings, unsafe_fixes, checker);
                if fixes == 0 {
                    Status::Unchanged
                } else {
                    Status::Fixed {
                        fixes,
                        diff: Some(unified_diff(&target.display, &text, &fixed)),
                    }
                }
            }
            Mode::Write => {
                // The text as read goes into the fix loop and is dropped after its first pass;
                // the undo log rebuilds it, piece by piece, for the comparison before writing.
                let (kind, settings) = (target.kind, &target.settings);
                let fixed = fix::fix_owned(text, unsafe_fixes, |t| checker(t, kind, settings));
                if fixed.fixes == 0 || fixed.undo.unchanged(&fixed.text) {
                    Status::Unchanged
                } else {
                    // The text as read is the file's bytes (see the module docs), so it is
                    // what the file must still hold for the write to go ahead.
                    let original = fixed.undo.original(&fixed.text);
                    let fixes = fixed.fixes;
                    match atomic::write_if_unchanged(path, original, fixed.text.as_bytes()) {
                        Ok(()) => Status::Fixed { fixes, diff: None },
                        Err(error) => Status::NotWritten { fixes, error },
                    }
                }
            }
        },
    };
    FileFix {
        display: target.display.clone(),
        explicit: target.explicit,
        status,
    }
}

fn fix_stdin(
    target: &Target,
    stdin: &mut dyn Read,
    mode: Mode,
    unsafe_fixes: bool,
    checker: &Checker,
) -> StdinFix {
    let max = target.scope.max_file_size;
    let mut raw = Vec::new();
    if let Err(error) = stdin.take(max.saturating_add(1)).read_to_end(&mut raw) {
        return StdinFix::ReadFailed {
            display: target.display.clone(),
            error,
        };
    }
    // Decoding a copy keeps the raw bytes for the check to report the same error on.
    let text = match input::read_stream(&raw[..], &target.display, max) {
        Ok(t) => t,
        Err(_) => return StdinFix::Undecodable(raw),
    };
    drop(raw);
    let (fixed, fixes) = fix_text(&text, target.kind, &target.settings, unsafe_fixes, checker);
    let diff = (mode == Mode::Diff && fixes > 0).then(|| unified_diff(&target.display, &text, &fixed));
    StdinFix::Fixed {
        display: target.display.clone(),
        text: fixed,
        fixes,
        diff,
    }
}

impl FixRun {
    /// What the check that follows reads as stdin: the fixed text, or the raw bytes when they
    /// could not be decoded (so the check reports the same error a plain check would).
    pub fn stdin_bytes(&self) -> &[u8] {
        match &self.stdin {
            Some(StdinFix::Fixed { text, .. }) => text.as_bytes(),
            Some(StdinFix::Undecodable(raw)) => raw,
            _ => &[],
        }
    }

    /// The fixed stdin text, which `--fix` writes to stdout (findings then go to stderr).
    pub fn stdin_text(&self) -> Option<&str> {
        match &self.stdin {
            Some(StdinFix::Fixed { text, .. }) => Some(text),
            _ => None,
        }
    }

    /// Fixes applied (or, under `--diff`, that would be) and the number of sources they are in.
    pub fn counts(&self) -> (usize, usize) {
        let mut fixes = 0;
        let mut files = 0;
        for f in &self.files {
            if let Status::Fixed { fixes: n, .. } = f.status {
                fixes += n;
                files += 1;
            }
        }
        if let Some(StdinFix::Fixed { fixes: n, .. }) = &self.stdin
            && *n > 0
        {
            fixes += n;
            files += 1;
        }
        (fixes, files)
    }

    /// Fixes computed but not written (the file changed, is read-only, or writing failed) and
    /// the number of files they are in.
    pub fn unwritten(&self) -> (usize, usize) {
        self.files
            .iter()
            .filter_map(|f| match f.status {
                Status::NotWritten { fixes, .. } => Some(fixes),
                _ => None,
            })
            .fold((0, 0), |(n, m), f| (n + f, m + 1))
    }

    /// Errors the fix stage itself must report: files not written, stdin not read, and (when
    /// `with_read_errors`, i.e. under `--diff`, where no check follows) files not read.
    /// Binary files found by walking a directory are not errors.
    pub fn errors(&self, with_read_errors: bool) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(StdinFix::ReadFailed { display, error }) = &self.stdin {
            out.push(format!("{display}: cannot be read: {error}"));
        }
        if with_read_errors && let Some(StdinFix::Undecodable(raw)) = &self.stdin {
            // Decode again only to say why.
            if let Err(e) = input::decode(raw.clone(), "-") {
                out.push(e.to_string());
            }
        }
        for f in &self.files {
            match &f.status {
                Status::NotWritten { error, .. } => out.push(error.to_string()),
                Status::NotRead(InputError::Binary { .. }) if !f.explicit => {}
                Status::NotRead(e) if with_read_errors => out.push(e.to_string()),
                _ => {}
            }
        }
        out
    }

    /// Notes under `--diff`: binary files skipped while walking a directory.
    pub fn notes(&self) -> Vec<String> {
        self.files
            .iter()
            .filter_map(|f| match &f.status {
                Status::NotRead(e @ InputError::Binary { .. }) if !f.explicit => Some(e.to_string()),
                _ => None,
            })
            .collect()
    }

    /// The diffs, in order (stdin first, as it is named `-`).
    pub fn diffs(&self) -> impl Iterator<Item = &str> {
        let stdin = match &self.stdin {
            Some(StdinFix::Fixed { diff: Some(d), .. }) => Some(d.as_str()),
            _ => None,
        };
        stdin
            .into_iter()
            .chain(self.files.iter().filter_map(|f| match &f.status {
                Status::Fixed { diff: Some(d), .. } => Some(d.as_str()),
                _ => None,
            }))
    }
}

/// Under `--fix`: print the fix stage's errors and, unless `quiet`, what was fixed, on `err`.
/// Returns the number of errors (each makes the run exit 2).
pub fn report(run: &FixRun, err: &mut dyn Write, quiet: bool, lang: Lang) -> usize {
    let errors = run.errors(false);
    for e in &errors {
        let _ = writeln!(err, "error: {e}");
    }
    if !quiet {
        let (fixes, files) = run.counts();
        let (lost, lost_files) = run.unwritten();
        if fixes > 0 || lost == 0 {
            let _ = writeln!(err, "{}", summary_line(fixes, files, false, lang));
        }
        if lost > 0 {
            let _ = writeln!(
                err,
                "{}",
                match lang {
                    Lang::Zh => format!("{lost_files} 个文件中的 {lost} 处修改未写入（见上）"),
                    Lang::En => format!(
                        "{lost} fix{} in {lost_files} file{} not written (see above)",
                        if lost == 1 { "" } else { "es" },
                        if lost_files == 1 { "" } else { "s" }
                    ),
                }
            );
        }
    }
    errors.len()
}

/// "fixed 3 issues in 2 files" / "修复了 2 个文件中的 3 个问题"; `would` for `--diff`.
pub fn summary_line(fixes: usize, files: usize, would: bool, lang: Lang) -> String {
    match lang {
        Lang::Zh => match (fixes, would) {
            (0, _) => "没有可自动修复的问题".to_string(),
            (_, false) => format!("修复了 {files} 个文件中的 {fixes} 个问题"),
            (_, true) => format!("可修复 {files} 个文件中的 {fixes} 个问题（未写入）"),
        },
        Lang::En => {
            let issues = if fixes == 1 { "issue" } else { "issues" };
            let file_s = if files == 1 { "file" } else { "files" };
            match (fixes, would) {
                (0, _) => "nothing to fix".to_string(),
                (_, false) => format!("fixed {fixes} {issues} in {files} {file_s}"),
                (_, true) => format!("would fix {fixes} {issues} in {files} {file_s} (nothing written)"),
            }
        }
    }
}

/// Colour a unified diff for a terminal: headers bold, hunk headers cyan, removals red,
/// additions green.
pub fn colour_diff(diff: &str) -> String {
    let mut out = String::with_capacity(diff.len() + diff.len() / 8);
    for line in diff.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let code = if body.starts_with("---") || body.starts_with("+++") {
            "1"
        } else if body.starts_with("@@") {
            "36"
        } else if body.starts_with('-') {
            "31"
        } else if body.starts_with('+') {
            "32"
        } else {
            ""
        };
        if code.is_empty() {
            out.push_str(line);
        } else {
            out.push_str(&format!("\x1b[{code}m{body}\x1b[0m{nl}"));
        }
    }
    out
}

/// `check --diff`: the whole command once the paths are planned. Prints the diffs on stdout
/// and errors, notes and the summary on stderr. Returns the exit status: 2 on any error, else
/// 1 when anything would change, else 0.
pub fn diff_command(plan: Plan, io: &mut Io, fix: &FixArgs, color: bool, quiet: bool, lang: Lang) -> u8 {
    let run = run(&plan.targets, io.stdin, Mode::Diff, fix.unsafe_fixes, &rules);
    let mut write_error = None;
    for d in run.diffs() {
        let d = if color { colour_diff(d) } else { d.to_string() };
        if let Err(e) = io.stdout.write_all(d.as_bytes()) {
            if e.kind() != io::ErrorKind::BrokenPipe {
                write_error = Some(e);
            }
            break;
        }
    }
    let mut errors: Vec<String> = plan.errors.iter().map(ToString::to_string).collect();
    errors.extend(run.errors(true));
    for e in &errors {
        let _ = writeln!(io.stderr, "error: {e}");
    }
    if let Some(e) = &write_error {
        let _ = writeln!(io.stderr, "error: writing output: {e}");
    }
    if !quiet {
        for n in plan.notes.iter().cloned().chain(run.notes()) {
            let _ = writeln!(io.stderr, "note: {n}");
        }
    }
    let (fixes, files) = run.counts();
    if !quiet {
        let _ = writeln!(io.stderr, "{}", summary_line(fixes, files, true, lang));
    }
    if !errors.is_empty() || write_error.is_some() {
        crate::app::EXIT_ERROR
    } else if fixes > 0 {
        crate::app::EXIT_FINDINGS
    } else {
        crate::app::EXIT_CLEAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Overrides, Scope};
    use crate::diagnostic::{Applicability, Diagnostic, Severity};
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    /// A hand-made checker: a half-width comma between two Han characters (safe, `，`),
    /// `从林法则` (unsafe, `丛林法则`), and `XX` (safe, `X`, one pair at a time, so `XXXX`
    /// needs two passes).
    fn synthetic(text: &str, _: SourceKind, _: &Settings) -> Findings {
        let mut out = Vec::new();
        let han = |c: Option<char>| c.is_some_and(crate::text::is_han);
        for (i, c) in text.char_indices() {
            if c == ',' && han(text[..i].chars().next_back()) && han(text[i + 1..].chars().next()) {
                out.push(
                    Diagnostic::new("halfwidth-punct", Severity::Warning, i..i + 1, "m")
                        .with_fix("，", Applicability::Safe),
                );
            }
        }
        for (i, _) in text.match_indices("从林法则") {
            out.push(
                Diagnostic::new("typo", Severity::Error, i..i + "从林法则".len(), "m")
                    .with_fix("丛林法则", Applicability::Unsafe),
            );
        }
        for (i, _) in text.match_indices("XX") {
            out.push(
                Diagnostic::new("x", Severity::Warning, i..i + 2, "m").with_fix("X", Applicability::Safe),
            );
        }
        out.into()
    }

    fn target(path: &Path) -> Target {
        let scope = Arc::new(Scope::new(None, &Overrides::default()));
        Target {
            origin: Origin::File(path.to_path_buf()),
            display: path.display().to_string(),
            explicit: true,
            kind: SourceKind::Plain,
            settings: scope.settings.clone(),
            scope,
        }
    }

    fn stdin_target() -> Target {
        let mut t = target(Path::new("-"));
        t.origin = Origin::Stdin;
        t
    }

    fn file(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn fix_files(paths: &[&Path], mode: Mode, unsafe_fixes: bool) -> FixRun {
        let targets: Vec<Target> = paths.iter().map(|p| target(p)).collect();
        run(&targets, &mut io::empty(), mode, unsafe_fixes, &synthetic)
    }

    #[test]
    fn fix_writes_safe_fixes_only_and_counts_them() {
        let dir = tempfile::tempdir().unwrap();
        let a = file(dir.path(), "a.txt", "中国,发展,合作遵循从林法则。\n".as_bytes());
        let clean = file(dir.path(), "clean.txt", "中国，发展。\n".as_bytes());
        let r = fix_files(&[&a, &clean], Mode::Write, false);
        assert_eq!(
            std::fs::read_to_string(&a).unwrap(),
            "中国，发展，合作遵循从林法则。\n"
        );
        assert_eq!(std::fs::read_to_string(&clean).unwrap(), "中国，发展。\n");
        assert!(matches!(
            r.files[0].status,
            Status::Fixed { fixes: 2, diff: None }
        ));
        assert!(matches!(r.files[1].status, Status::Unchanged));
        assert_eq!(r.counts(), (2, 1));
        assert!(r.errors(false).is_empty());
        assert_eq!(summary_line(2, 1, false, Lang::En), "fixed 2 issues in 1 file");
    }

    #[test]
    fn unsafe_fixes_need_the_flag() {
        let dir = tempfile::tempdir().unwrap();
        let a = file(dir.path(), "a.txt", "中国,发展遵循从林法则。".as_bytes());
        let r = fix_files(&[&a], Mode::Write, true);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "中国，发展遵循丛林法则。");
        assert_eq!(r.counts(), (2, 1));
    }

    #[test]
    fn fixes_are_reapplied_until_stable() {
        let dir = tempfile::tempdir().unwrap();
        let a = file(dir.path(), "a.txt", b"aXXXXb");
        let r = fix_files(&[&a], Mode::Write, false);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "aXb");
        // Two pairs in the first pass, one in the second.
        assert_eq!(r.counts(), (3, 1));
    }

    #[test]
    fn crlf_and_bom_are_preserved() {
        let dir = tempfile::tempdir().unwrap();
        let text = "\u{feff}标题\r\n中国,发展\r\n\r\n合作,共赢\r\n";
        let a = file(dir.path(), "a.txt", text.as_bytes());
        fix_files(&[&a], Mode::Write, false);
        assert_eq!(
            std::fs::read(&a).unwrap(),
            "\u{feff}标题\r\n中国，发展\r\n\r\n合作，共赢\r\n".as_bytes()
        );
    }

    #[test]
    fn diff_writes_nothing_and_shows_the_change() {
        let dir = tempfile::tempdir().unwrap();
        let text = "第一行\n中国,发展\n第三行\n";
        let a = file(dir.path(), "a.txt", text.as_bytes());
        let r = fix_files(&[&a], Mode::Diff, false);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), text);
        let diffs: Vec<&str> = r.diffs().collect();
        let name = a.display().to_string();
        assert_eq!(
            diffs,
            [format!(
                "--- {name}\n+++ {name}\n@@ -1,3 +1,3 @@\n 第一行\n-中国,发展\n+中国，发展\n 第三行\n"
            )]
        );
        assert_eq!(r.counts(), (1, 1));
    }

    #[test]
    fn a_file_changed_while_being_fixed_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let a = file(dir.path(), "a.txt", "中国,发展".as_bytes());
        let path = a.clone();
        // The checker stands in for an editor saving the file while newslint works on it.
        let meddler = move |t: &str, k: SourceKind, s: &Settings| {
            std::fs::write(&path, "编辑刚改过的稿子").unwrap();
            synthetic(t, k, s)
        };
        let r = run(&[target(&a)], &mut io::empty(), Mode::Write, false, &meddler);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "编辑刚改过的稿子");
        assert!(matches!(
            r.files[0].status,
            Status::NotWritten {
                error: WriteError::Changed(_),
                ..
            }
        ));
        let errors = r.errors(false);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].contains("changed on disk"), "{errors:?}");
        assert_eq!(r.counts(), (0, 0));
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_is_left_alone_with_a_clear_error() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let a = file(dir.path(), "a.txt", "中国,发展".as_bytes());
        std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o444)).unwrap();
        let r = fix_files(&[&a], Mode::Write, false);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "中国,发展");
        let errors = r.errors(false);
        assert!(errors.len() == 1 && errors[0].contains("read-only"), "{errors:?}");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn unreadable_files_are_reported_by_the_check_under_fix_and_here_under_diff() {
        let dir = tempfile::tempdir().unwrap();
        let bad = file(dir.path(), "bad.txt", b"\xff\xfe\x00a");
        let r = fix_files(&[&bad], Mode::Diff, false);
        assert!(r.errors(false).is_empty());
        let e = r.errors(true);
        assert!(e.len() == 1 && e[0].contains("UTF-16"), "{e:?}");
    }

    #[test]
    fn stdin_is_fixed_in_memory() {
        let t = stdin_target();
        let mut input = "\u{feff}中国,发展\r\n".as_bytes();
        let r = run(
            std::slice::from_ref(&t),
            &mut input,
            Mode::Write,
            false,
            &synthetic,
        );
        assert_eq!(r.stdin_text(), Some("\u{feff}中国，发展\r\n"));
        assert_eq!(r.stdin_bytes(), "\u{feff}中国，发展\r\n".as_bytes());
        assert_eq!(r.counts(), (1, 1));

        // Bytes that are not UTF-8 go on untouched, for the check to report.
        let mut bad: &[u8] = b"\xff\xfe\x00a";
        let r = run(std::slice::from_ref(&t), &mut bad, Mode::Write, false, &synthetic);
        assert_eq!(r.stdin_text(), None);
        assert_eq!(r.stdin_bytes(), b"\xff\xfe\x00a");
        assert!(r.errors(false).is_empty());
        assert_eq!(r.errors(true).len(), 1);
    }

    #[test]
    fn unsafe_fixes_alone_is_a_usage_error() {
        let f = FixArgs {
            unsafe_fixes: true,
            ..FixArgs::default()
        };
        assert!(f.usage_error().is_some());
        for (fix, diff) in [(true, false), (false, true), (true, true)] {
            assert!(
                FixArgs {
                    fix,
                    diff,
                    unsafe_fixes: true
                }
                .usage_error()
                .is_none()
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn the_report_counts_fixes_not_written_separately() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let a = file(dir.path(), "a.txt", "中国,发展,合作".as_bytes());
        let b = file(dir.path(), "b.txt", "中国,发展".as_bytes());
        std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o444)).unwrap();
        let r = fix_files(&[&a, &b], Mode::Write, false);
        assert_eq!((r.counts(), r.unwritten()), ((1, 1), (2, 1)));
        let mut err = Vec::new();
        assert_eq!(report(&r, &mut err, false, Lang::En), 1);
        let err = String::from_utf8(err).unwrap();
        assert!(err.starts_with("error: ") && err.contains("read-only"), "{err}");
        assert!(
            err.ends_with("fixed 1 issue in 1 file\n2 fixes in 1 file not written (see above)\n"),
            "{err}"
        );
        let mut err = Vec::new();
        report(&r, &mut err, true, Lang::Zh);
        assert_eq!(
            String::from_utf8(err).unwrap().lines().count(),
            1,
            "quiet: the error only"
        );
    }

    #[test]
    fn summary_lines() {
        assert_eq!(summary_line(1, 1, false, Lang::En), "fixed 1 issue in 1 file");
        assert_eq!(
            summary_line(5, 2, false, Lang::Zh),
            "修复了 2 个文件中的 5 个问题"
        );
        assert_eq!(
            summary_line(5, 2, true, Lang::En),
            "would fix 5 issues in 2 files (nothing written)"
        );
        assert_eq!(summary_line(0, 0, false, Lang::En), "nothing to fix");
    }

    #[test]
    fn diff_colours_by_line_kind() {
        let c = colour_diff("--- a\n+++ a\n@@ -1 +1 @@\n-x\n+y\n z\n");
        assert_eq!(
            c,
            "\x1b[1m--- a\x1b[0m\n\x1b[1m+++ a\x1b[0m\n\x1b[36m@@ -1 +1 @@\x1b[0m\n\x1b[31m-x\x1b[0m\n\x1b[32m+y\x1b[0m\n z\n"
        );
    }
}
