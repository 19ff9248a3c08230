//! The runner: from paths to per-file results, with no printing inside.
//!
//! A run has four phases, each a plain function so that a fix mode can reuse them:
//!
//! 1. [`plan`]: expand the paths (walking directories with the `ignore` crate), find each
//!    file's config scope, and drop excluded files. Problems found here (a missing path, a
//!    broken config) are kept, not printed.
//! 2. [`check`]: read and check every file in parallel (rayon), returning one [`FileResult`]
//!    per file in the plan's order, which is sorted by displayed path so output is stable.
//! 3. [`cross_file`]: compare paragraph fingerprints between files (duplicate copy).
//! 4. [`render`]: hand each file with findings to a [`Renderer`].
//!
//! Memory: the cross-file phase never needs texts, only each paragraph's hash, span and
//! position. Rendering does need the text of every file with findings. A file's text is kept
//! after checking only if it has findings and the texts kept so far stay under
//! [`TEXT_BUDGET`] (a first file larger than the whole budget is kept on its own); past that,
//! the file is re-read at render time and compared (length and hash) with what was checked,
//! so a file edited mid-run is reported instead of mis-rendered.
//! A typical run keeps everything it needs; a run over a whole archive stays bounded.

use crate::config::{ConfigChoice, ConfigError, Discovery, Overrides, Scope};
use crate::diagnostic::{Diagnostic, OtherFile, Severity};
use crate::document::{Document, SourceKind};
use crate::input::{self, InputError, Text};
use crate::lines::LineIndex;
use crate::render::{FileReport, Renderer};
use crate::rules::{self, duplicate};
use crate::settings::Settings;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{self, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The rule the cross-file phase reports under (the duplicate family's id).
const DUPLICATE_RULE: &str = "duplicate-text";

/// Most bytes of file text held in memory between checking and rendering (64 MiB).
pub const TEXT_BUDGET: usize = 64 << 20;

/// What to check and how.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Files, directories, or `-` for stdin.
    pub paths: Vec<PathBuf>,
    /// `--stdin-filename`.
    pub stdin_filename: Option<String>,
    /// Compare paragraphs across files (not `--no-cross-file`).
    pub cross_file: bool,
    /// Where configs come from.
    pub config: ConfigChoice,
    /// Flags that override configs.
    pub overrides: Overrides,
}

/// Where a source is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

/// One source to check.
#[derive(Debug, Clone)]
pub struct Target {
    /// Where to read it.
    pub origin: Origin,
    /// The path as displayed in reports.
    pub display: String,
    /// Named on the command line (rather than found by walking a directory).
    pub explicit: bool,
    /// Plain text or Markdown.
    pub kind: SourceKind,
    /// Its config scope.
    pub scope: Arc<Scope>,
    /// Its settings (the scope's plus per-path ignores).
    pub settings: Arc<Settings>,
}

/// A problem that stops one source (or one config) from being checked.
#[derive(Debug)]
pub enum RunError {
    /// Reading a source failed.
    Input(InputError),
    /// A config file is wrong; the files it governs were not checked.
    Config(Arc<ConfigError>),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Input(e) => e.fmt(f),
            RunError::Config(e) => e.fmt(f),
        }
    }
}

/// What expanding the paths produced.
#[derive(Debug, Default)]
pub struct Plan {
    /// Sources to check, sorted by displayed path.
    pub targets: Vec<Target>,
    /// Errors found while planning (exit 2).
    pub errors: Vec<RunError>,
    /// Notes (an explicitly named file that is excluded by config).
    pub notes: Vec<String>,
}

/// A paragraph fingerprint with its position, kept for the cross-file phase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The paragraph's hash.
    pub hash: u64,
    /// Its byte span.
    pub span: Range<usize>,
    /// 1-based line of the span start.
    pub line: usize,
    /// 1-based character column of the span start.
    pub column: usize,
    /// A repeat here may be reported (the rule is enabled for this file and not suppressed
    /// at this paragraph). A non-reportable paragraph still counts as a first copy.
    pub reportable: bool,
}

/// How checking one source ended.
#[derive(Debug)]
pub enum Outcome {
    /// Checked.
    Checked {
        /// Findings, sorted.
        diagnostics: Vec<Diagnostic>,
        /// The text, when kept for rendering (see the module docs).
        text: Option<Text>,
        /// Length and hash of the text, to verify a re-read.
        len: usize,
        /// Hash of the text when it was not kept.
        digest: Option<u64>,
        /// Paragraph fingerprints for the cross-file phase (emptied by it).
        fingerprints: Vec<Located>,
    },
    /// Not checked, and not an error: a binary file found while walking a directory.
    Skipped(InputError),
    /// Not checked because of an error.
    Failed(InputError),
}

/// One source's result.
#[derive(Debug)]
pub struct FileResult {
    /// What was checked.
    pub target: Target,
    /// How it ended.
    pub outcome: Outcome,
}

impl FileResult {
    /// Findings (empty unless checked).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match &self.outcome {
            Outcome::Checked { diagnostics, .. } => diagnostics,
            _ => &[],
        }
    }
}

/// Expand `opts.paths` into targets. Fails only when `--config FILE` cannot be loaded.
pub fn plan(opts: &CheckOptions) -> Result<(Plan, Discovery), ConfigError> {
    let mut disc = Discovery::new(opts.config.clone(), opts.overrides.clone())?;
    let mut plan = Plan::default();
    let mut seen_config_errors: Vec<Arc<ConfigError>> = Vec::new();
    let mut config_error = |plan: &mut Plan, e: Arc<ConfigError>| {
        if !seen_config_errors.iter().any(|s| Arc::ptr_eq(s, &e)) {
            seen_config_errors.push(e.clone());
            plan.errors.push(RunError::Config(e));
        }
    };
    let mut stdin_seen = false;
    for path in &opts.paths {
        if path.as_os_str() == "-" {
            if stdin_seen {
                continue;
            }
            stdin_seen = true;
            let name = opts.stdin_filename.clone();
            let display = name.clone().unwrap_or_else(|| "-".to_string());
            let kind = name.as_deref().map_or(SourceKind::Plain, SourceKind::from_path);
            // Stdin's config is the one for its name's directory, or for the current directory.
            let base = name
                .as_deref()
                .map(|n| absolute(Path::new(n)))
                .and_then(|p| p.parent().map(Path::to_path_buf))
                .unwrap_or_else(|| absolute(Path::new(".")));
            match disc.scope_for_dir(&base) {
                Ok(scope) => plan.targets.push(Target {
                    origin: Origin::Stdin,
                    settings: name.as_deref().map_or_else(
                        || scope.settings.clone(),
                        |n| scope.settings_for(&absolute(Path::new(n))),
                    ),
                    display,
                    explicit: true,
                    kind,
                    scope,
                }),
                Err(e) => config_error(&mut plan, e),
            }
            continue;
        }
        let display = display_path(path);
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                plan.errors
                    .push(RunError::Input(InputError::Missing { path: display }));
                continue;
            }
            Err(error) => {
                plan.errors
                    .push(RunError::Input(InputError::Unreadable { path: display, error }));
                continue;
            }
        };
        let abs = absolute(path);
        let scope = match disc.scope_for(&abs, meta.is_dir()) {
            Ok(s) => s,
            Err(e) => {
                config_error(&mut plan, e);
                continue;
            }
        };
        if scope.is_excluded(&abs) {
            plan.notes.push(format!(
                "{display}: skipped, excluded by [files] exclude in {}",
                config_name(&scope)
            ));
            continue;
        }
        if !meta.is_dir() {
            plan.targets
                .push(target(path.clone(), display, true, &scope, &abs));
            continue;
        }
        walk(path, &mut disc, &mut plan, &mut config_error);
    }
    // Stable order, and each file once (a file named and also found in a named directory).
    plan.targets.sort_by(|a, b| a.display.cmp(&b.display));
    plan.targets.dedup_by(|b, a| {
        if a.origin == b.origin && a.display == b.display {
            a.explicit |= b.explicit;
            true
        } else {
            false
        }
    });
    Ok((plan, disc))
}

fn config_name(scope: &Scope) -> String {
    scope
        .config
        .as_ref()
        .map_or_else(String::new, |c| c.path.display().to_string())
}

fn target(path: PathBuf, display: String, explicit: bool, scope: &Arc<Scope>, abs: &Path) -> Target {
    Target {
        kind: SourceKind::from_path(&display),
        settings: scope.settings_for(abs),
        origin: Origin::File(path),
        display,
        explicit,
        scope: scope.clone(),
    }
}

/// Walk a directory the way ripgrep does: .gitignore, .ignore and hidden files honoured
/// (a .gitignore counts even outside a git repository), excluded directories pruned.
fn walk(
    root: &Path,
    disc: &mut Discovery,
    plan: &mut Plan,
    config_error: &mut impl FnMut(&mut Plan, Arc<ConfigError>),
) {
    let walker = ignore::WalkBuilder::new(root).require_git(false).build();
    // `filter_entry` cannot borrow the discovery cache, so pruning happens here: entries under
    // an excluded directory are skipped by prefix.
    let mut pruned: Vec<PathBuf> = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let path = match &err {
                    ignore::Error::WithPath { path, .. } => display_path(path),
                    _ => display_path(root),
                };
                plan.errors.push(RunError::Input(InputError::Walk {
                    path,
                    message: walk_message(&err),
                }));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let path = entry.path();
        if pruned.iter().any(|p| path.starts_with(p)) {
            continue;
        }
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        let abs = absolute(path);
        let scope = match disc.scope_for(&abs, is_dir) {
            Ok(s) => s,
            Err(e) => {
                config_error(plan, e);
                if is_dir {
                    pruned.push(path.to_path_buf());
                }
                continue;
            }
        };
        if scope.is_excluded(&abs) {
            if is_dir {
                pruned.push(path.to_path_buf());
            }
            continue;
        }
        if is_dir || !scope.wants(path) {
            continue;
        }
        plan.targets.push(target(
            path.to_path_buf(),
            display_path(path),
            false,
            &scope,
            &abs,
        ));
    }
}

/// The walker's message without the path it already names (we print the path ourselves).
fn walk_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } => walk_message(err),
        ignore::Error::WithDepth { err, .. } => walk_message(err),
        ignore::Error::WithLineNumber { line, err } => format!("line {line}: {}", walk_message(err)),
        e => e.to_string(),
    }
}

/// An absolute path without resolving symlinks (config globs are written against the tree as
/// the user sees it).
fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// The path as the user gave it, without a leading `./` (the walker adds one for `.`).
pub fn display_path(p: &Path) -> String {
    let p = p
        .strip_prefix(".")
        .ok()
        .filter(|r| !r.as_os_str().is_empty())
        .unwrap_or(p);
    p.display().to_string()
}

/// Read and check every target in parallel. `stdin` is read (once) if a target is stdin.
/// Results come back in the plan's order.
pub fn check(targets: Vec<Target>, stdin: &mut dyn Read, cross_file: bool) -> Vec<FileResult> {
    check_with_progress(targets, stdin, cross_file, &|| {})
}

/// [`check`], calling `done` (from any worker thread) after each source (the progress bar).
pub fn check_with_progress(
    targets: Vec<Target>,
    stdin: &mut dyn Read,
    cross_file: bool,
    done: &(dyn Fn() + Sync),
) -> Vec<FileResult> {
    let budget = AtomicUsize::new(TEXT_BUDGET);
    // Stdin is read on this thread, before the parallel part: it is not `Sync`.
    let mut stdin_text: Option<Result<Text, InputError>> = None;
    if let Some(t) = targets.iter().find(|t| t.origin == Origin::Stdin) {
        stdin_text = Some(input::read_stream(&mut *stdin, &t.display, t.scope.max_file_size).map(Text::from));
    }
    let stdin_text = std::sync::Mutex::new(stdin_text);
    targets
        .into_par_iter()
        .map(|target| {
            let read = match &target.origin {
                Origin::Stdin => stdin_text
                    .lock()
                    .map(|mut g| g.take())
                    .ok()
                    .flatten()
                    .unwrap_or_else(|| Ok(String::new().into())),
                Origin::File(p) => input::read_text(p, &target.display, target.scope.max_file_size),
            };
            let outcome = match read {
                Ok(text) => check_text(text, &target, cross_file, &budget),
                Err(e @ InputError::Binary { .. }) if !target.explicit => Outcome::Skipped(e),
                Err(e) => Outcome::Failed(e),
            };
            done();
            FileResult { target, outcome }
        })
        .collect()
}

/// Check one text, and decide whether to keep it for rendering.
fn check_text(text: Text, target: &Target, cross_file: bool, budget: &AtomicUsize) -> Outcome {
    let doc = Document::parse(&text, target.kind);
    let diagnostics = crate::check(&doc, &target.settings);
    let fingerprints = if cross_file && target.settings.is_enabled(DUPLICATE_RULE) {
        locate(&doc, &target.settings)
    } else {
        Vec::new()
    };
    drop(doc);
    let len = text.len();
    // A file is rendered if it has findings now or may get a cross-file one later.
    let may_render = !diagnostics.is_empty() || !fingerprints.is_empty();
    // Stdin cannot be read twice: its text is always kept. A file's text is kept only when it
    // has findings and fits in the budget, or is the first text kept (a single file larger
    // than the budget is then kept whole: re-reading, re-validating and hashing a 100 MB
    // file twice cost 188M instructions, 2.3% of its check); otherwise a hash lets a re-read
    // be verified. At most max(budget, largest file) bytes are kept.
    let kept = may_render
        && (target.origin == Origin::Stdin
            || (!diagnostics.is_empty()
                && budget
                    .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                        take_budget(left, len)
                    })
                    .is_ok()));
    let (text, digest) = match (kept, may_render) {
        (true, _) => (Some(text), None),
        (false, true) => (None, Some(digest(&text))),
        (false, false) => (None, None),
    };
    Outcome::Checked {
        diagnostics,
        text,
        len,
        digest,
        fingerprints,
    }
}

/// What is left of the text budget after keeping a text of `len` bytes, or `None` when it
/// cannot be kept: it must fit in what is left, unless nothing is kept yet.
fn take_budget(left: usize, len: usize) -> Option<usize> {
    left.checked_sub(len).or((left == TEXT_BUDGET).then_some(0))
}

/// Fingerprints of `doc` with their line and column, computed while the text is at hand.
fn locate(doc: &Document, settings: &Settings) -> Vec<Located> {
    let prints = duplicate::fingerprints(doc, &settings.duplicate);
    if prints.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(doc.text);
    prints
        .into_iter()
        .map(|f| {
            let (line, column) = index.line_col(doc.text, f.span.start);
            Located {
                hash: f.hash,
                reportable: !doc.is_suppressed(DUPLICATE_RULE, f.span.start),
                span: f.span,
                line,
                column,
            }
        })
        .collect()
}

/// A fingerprint of a file's text, to tell at render time that the file was not changed since
/// it was checked. Not adversarial, so the fast non-cryptographic FxHash does (SipHash cost
/// ~35 ms per 100 MB).
fn digest(text: &str) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    text.hash(&mut h);
    h.finish()
}

/// The cross-file duplicate phase: a paragraph whose fingerprint was already seen in a
/// different, earlier file (in the stable order) is reported, pointing at the first copy.
/// Repeats inside one file are the duplicate family's own business.
pub fn cross_file(results: &mut [FileResult]) {
    // hash → (file index, span, line, column) of the first copy.
    let mut first: HashMap<u64, (usize, Range<usize>, usize, usize)> = HashMap::new();
    for i in 0..results.len() {
        let Outcome::Checked { fingerprints, .. } = &mut results[i].outcome else {
            continue;
        };
        let prints = std::mem::take(fingerprints);
        let mut found = Vec::new();
        // A paragraph repeated inside this file is reported once, by the family's own rule,
        // against its first copy here; the cross-file phase only reports a paragraph's first
        // occurrence in this file.
        let mut here = std::collections::HashSet::new();
        for f in prints {
            if !here.insert(f.hash) {
                continue;
            }
            match first.get(&f.hash) {
                Some((j, span, line, column)) if *j != i => {
                    if f.reportable {
                        let other = OtherFile {
                            path: results[*j].target.display.clone(),
                            line: *line,
                            column: *column,
                        };
                        found.push((f.span, other, span.clone()));
                    }
                }
                Some(_) => {}
                None => {
                    first.insert(f.hash, (i, f.span, f.line, f.column));
                }
            }
        }
        if found.is_empty() {
            continue;
        }
        let settings = results[i].target.settings.clone();
        let ctx = rules::Context::new(&settings);
        let Outcome::Checked { diagnostics, .. } = &mut results[i].outcome else {
            unreachable!()
        };
        for (span, other, first_span) in found {
            let mut d = duplicate::cross_file_diagnostic(&ctx, span, other, first_span);
            if let Some(sev) = settings.severity_override(d.rule) {
                d.severity = sev;
            }
            diagnostics.push(d);
        }
        diagnostics.sort_by(|a, b| {
            a.sort_key()
                .cmp(&b.sort_key())
                .then_with(|| a.message.cmp(&b.message))
        });
        diagnostics.dedup();
    }
}

/// Render every file with findings, in order. Texts not kept are re-read; a file that changed
/// since it was checked is returned as an error instead of being rendered. An I/O error
/// writing to `out` (a closed pipe included) stops rendering and is returned as `Err`.
pub fn render(
    results: &[FileResult],
    renderer: &mut dyn Renderer,
    out: &mut dyn Write,
) -> io::Result<Vec<InputError>> {
    let mut errors = Vec::new();
    renderer.begin(out)?;
    for r in results {
        let Outcome::Checked {
            diagnostics,
            text,
            len,
            digest: hash,
            ..
        } = &r.outcome
        else {
            continue;
        };
        if diagnostics.is_empty() {
            continue;
        }
        let reread;
        let text = match (text, &r.target.origin) {
            (Some(t), _) => &**t,
            (None, Origin::File(p)) => {
                match input::read_text(p.as_path(), &r.target.display, r.target.scope.max_file_size) {
                    Ok(t) if t.len() == *len && Some(digest(&t)) == *hash => {
                        reread = t;
                        &*reread
                    }
                    Ok(_) => {
                        errors.push(InputError::Changed {
                            path: r.target.display.clone(),
                        });
                        continue;
                    }
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                }
            }
            (None, Origin::Stdin) => unreachable!("stdin text is always kept"),
        };
        renderer.file(
            &FileReport {
                path: &r.target.display,
                text,
                diagnostics,
            },
            out,
        )?;
    }
    renderer.end(out)?;
    Ok(errors)
}

/// Counts for the summary line and the exit status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Findings by severity.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Findings at or above their file's fail-on severity.
    pub failing: usize,
    /// Sources that could not be checked, and config errors.
    pub problems: usize,
}

impl Summary {
    /// Count `results` plus `extra_errors` errors found outside them.
    pub fn of(results: &[FileResult], extra_errors: usize) -> Summary {
        let mut s = Summary {
            problems: extra_errors,
            ..Summary::default()
        };
        for r in results {
            match &r.outcome {
                Outcome::Checked { diagnostics, .. } => {
                    s.files += 1;
                    for d in diagnostics {
                        match d.severity {
                            Severity::Error => s.errors += 1,
                            Severity::Warning => s.warnings += 1,
                            Severity::Info => s.infos += 1,
                        }
                        if d.severity >= r.target.scope.fail_on {
                            s.failing += 1;
                        }
                    }
                }
                Outcome::Failed(_) => s.problems += 1,
                Outcome::Skipped(_) => {}
            }
        }
        s
    }

    /// Total findings.
    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// 2 when anything could not be checked, else 1 when a finding is at or above fail-on,
    /// else 0.
    pub fn exit_code(&self) -> u8 {
        if self.problems > 0 {
            2
        } else if self.failing > 0 {
            1
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Scope;

    fn scope() -> Arc<Scope> {
        Arc::new(Scope::new(None, &Overrides::default()))
    }

    fn target(name: &str) -> Target {
        let s = scope();
        Target {
            origin: Origin::File(PathBuf::from(name)),
            display: name.to_string(),
            explicit: true,
            kind: SourceKind::Plain,
            settings: s.settings.clone(),
            scope: s,
        }
    }

    fn checked(name: &str, prints: Vec<Located>) -> FileResult {
        FileResult {
            target: target(name),
            outcome: Outcome::Checked {
                diagnostics: Vec::new(),
                text: Some(String::new().into()),
                len: 0,
                digest: None,
                fingerprints: prints,
            },
        }
    }

    fn fp(hash: u64, start: usize, line: usize, reportable: bool) -> Located {
        Located {
            hash,
            span: start..start + 10,
            line,
            column: 1,
            reportable,
        }
    }

    #[test]
    fn cross_file_reports_later_copies_in_other_files_only() {
        let mut results = vec![
            checked(
                "a.txt",
                vec![fp(1, 0, 1, true), fp(2, 20, 3, true), fp(1, 40, 5, true)],
            ),
            checked(
                "b.txt",
                vec![fp(3, 0, 1, true), fp(1, 30, 4, true), fp(1, 70, 9, true)],
            ),
            checked("c.txt", vec![fp(2, 5, 2, false), fp(3, 50, 7, true)]),
        ];
        cross_file(&mut results);
        // a.txt repeats its own paragraph: not a cross-file finding.
        assert!(results[0].diagnostics().is_empty());
        // b.txt's second copy of hash 1 is a within-file repeat: only the first is reported.
        let b = results[1].diagnostics();
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].rule, "duplicate-text");
        assert_eq!(b[0].span, 30..40);
        let other = b[0].related[0].other.as_ref().unwrap();
        assert_eq!((other.path.as_str(), other.line), ("a.txt", 1));
        assert_eq!(b[0].related[0].span, 0..10);
        // c.txt: the repeat of a.txt's hash 2 is suppressed, the repeat of b.txt's hash 3 is not.
        let c = results[2].diagnostics();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].span, 50..60);
        assert_eq!(c[0].related[0].other.as_ref().unwrap().path, "b.txt");
        // The phase consumed the fingerprints.
        assert!(
            matches!(&results[1].outcome, Outcome::Checked { fingerprints, .. } if fingerprints.is_empty())
        );
    }

    #[test]
    fn summary_and_exit_codes() {
        let mut r = checked("a.txt", vec![]);
        let Outcome::Checked { diagnostics, .. } = &mut r.outcome else {
            unreachable!()
        };
        diagnostics.push(Diagnostic::new("x", Severity::Info, 0..1, "m"));
        let s = Summary::of(std::slice::from_ref(&r), 0);
        assert_eq!((s.files, s.infos, s.failing, s.exit_code()), (1, 1, 0, 0));
        let Outcome::Checked { diagnostics, .. } = &mut r.outcome else {
            unreachable!()
        };
        diagnostics.push(Diagnostic::new("x", Severity::Warning, 0..1, "m"));
        let s = Summary::of(std::slice::from_ref(&r), 0);
        assert_eq!((s.findings(), s.failing, s.exit_code()), (2, 1, 1));
        // An error outranks findings.
        assert_eq!(Summary::of(std::slice::from_ref(&r), 1).exit_code(), 2);
    }

    /// A renderer that records what it is given, to test the runner without the real ones.
    #[derive(Default)]
    struct Recorder {
        files: Vec<(String, String, usize)>,
        ended: bool,
    }

    impl Renderer for Recorder {
        fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
            Ok(())
        }
        fn file(&mut self, report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
            self.files.push((
                report.path.to_string(),
                report.text.to_string(),
                report.diagnostics.len(),
            ));
            writeln!(out, "{}", report.path)
        }
        fn end(&mut self, _out: &mut dyn Write) -> io::Result<()> {
            self.ended = true;
            Ok(())
        }
    }

    fn with_finding(path: &Path, text: Option<Text>, len: usize, hash: Option<u64>) -> FileResult {
        let mut r = checked(&path.display().to_string(), vec![]);
        r.target.origin = Origin::File(path.to_path_buf());
        r.outcome = Outcome::Checked {
            diagnostics: vec![Diagnostic::new("x", Severity::Warning, 0..3, "m")],
            text,
            len,
            digest: hash,
            fingerprints: vec![],
        };
        r
    }

    #[test]
    fn budget_keeps_what_fits_and_one_text_larger_than_it() {
        assert_eq!(take_budget(TEXT_BUDGET, 1 << 20), Some(TEXT_BUDGET - (1 << 20)));
        assert_eq!(take_budget(TEXT_BUDGET, 100 << 20), Some(0));
        assert_eq!(take_budget(0, 100 << 20), None);
        assert_eq!(take_budget(10, 11), None);
        assert_eq!(take_budget(10, 10), Some(0));
        assert_eq!(take_budget(0, 0), Some(0));
    }

    #[test]
    fn render_rereads_texts_not_kept_and_refuses_changed_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.txt");
        let b = dir.path().join("b.txt");
        std::fs::write(&a, "新闻稿").unwrap();
        std::fs::write(&b, "改过了").unwrap();
        let results = vec![
            with_finding(&a, None, "新闻稿".len(), Some(digest("新闻稿"))),
            // Checked when it said something else: changed since.
            with_finding(&b, None, "原稿件".len(), Some(digest("原稿件"))),
            checked("clean.txt", vec![]),
        ];
        let mut rec = Recorder::default();
        let mut out = Vec::new();
        let errors = render(&results, &mut rec, &mut out).unwrap();
        assert_eq!(rec.files.len(), 1);
        assert_eq!(rec.files[0].1, "新闻稿");
        assert!(rec.ended);
        assert_eq!(errors.len(), 1);
        assert!(matches!(&errors[0], InputError::Changed { .. }), "{errors:?}");
    }

    #[test]
    fn render_stops_on_a_closed_pipe() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let results = vec![with_finding(
            Path::new("x.txt"),
            Some(String::from("abc").into()),
            3,
            None,
        )];
        let mut rec = Recorder::default();
        let e = render(&results, &mut rec, &mut Closed).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
        assert!(!rec.ended);
    }

    #[test]
    fn check_keeps_order_skips_walked_binaries_and_fails_named_ones() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.txt");
        let bin = dir.path().join("bin.txt");
        std::fs::write(&good, "新华社北京电。\n").unwrap();
        std::fs::write(&bin, b"ab\0cd").unwrap();
        let mut t_bin = target(&bin.display().to_string());
        t_bin.origin = Origin::File(bin.clone());
        t_bin.explicit = false;
        let mut t_good = target(&good.display().to_string());
        t_good.origin = Origin::File(good.clone());
        let mut named_bin = t_bin.clone();
        named_bin.explicit = true;
        let results = check(vec![t_bin, t_good, named_bin], &mut io::empty(), true);
        assert!(matches!(
            results[0].outcome,
            Outcome::Skipped(InputError::Binary { .. })
        ));
        assert!(matches!(results[1].outcome, Outcome::Checked { .. }));
        assert!(matches!(
            results[2].outcome,
            Outcome::Failed(InputError::Binary { .. })
        ));
        let s = Summary::of(&results, 0);
        assert_eq!((s.files, s.problems, s.exit_code()), (1, 1, 2));
    }

    #[test]
    fn stdin_is_read_once_and_named() {
        let mut t = target("story.md");
        t.origin = Origin::Stdin;
        let results = check(vec![t], &mut "新闻。".as_bytes(), true);
        assert!(matches!(&results[0].outcome, Outcome::Checked { len: 9, .. }));
    }

    #[test]
    fn display_path_drops_dot_slash() {
        assert_eq!(display_path(Path::new("./a/b.md")), "a/b.md");
        assert_eq!(display_path(Path::new(".")), ".");
        assert_eq!(display_path(Path::new("a.md")), "a.md");
    }
}
