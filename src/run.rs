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
//! `newslint check` without `--fix` runs them overlapped instead ([`plan_and_check`]): files are
//! checked while the walk is still finding more, and the cross-file phase ([`CrossFile`]) and
//! rendering ([`render_file`]) take each result in the plan's order while later files are still
//! being checked. The results and their order are the same; only the serial part of a run over
//! many files shrinks (from about 9% of its CPU to the start-up and the last few files). The
//! thread that walks and hands results over also checks files between results, so a pool of N
//! threads runs N busy threads, not N checkers beside it.
//!
//! Memory: the cross-file phase never needs texts, only each paragraph's hash, span and
//! position. Rendering does need the text of every file with findings. A file's text is kept
//! after checking only if it has findings and the texts kept so far stay under
//! [`TEXT_BUDGET`] (a first file larger than the whole budget is kept on its own); past that,
//! the file is re-read at render time and compared (length and hash) with what was checked,
//! so a file edited mid-run is reported instead of mis-rendered.
//! A typical run keeps everything it needs; a run over a whole archive stays bounded.

use crate::config::{ConfigChoice, ConfigError, Discovery, Overrides, Scope};
use crate::diagnostic::{OtherFile, Severity};
use crate::document::{Document, SourceKind};
use crate::findings::{Findings, Sink as _};
use crate::input::{self, InputError, Text};
use crate::lines::LineIndex;
use crate::render::{FileReport, Renderer};
use crate::rules::{self, duplicate};
use crate::settings::Settings;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::hash::{Hash, Hasher};
use std::io::{self, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

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
        /// Findings, sorted (boxed: held as a stream, with its index, they take more room than
        /// the other outcomes).
        diagnostics: Box<Findings>,
        /// The text, when kept for rendering (see the module docs).
        text: Option<Text>,
        /// Length and hash of the text, to verify a re-read.
        len: usize,
        /// Hash of the text when it was not kept.
        digest: Option<u64>,
        /// Paragraph fingerprints for the cross-file phase (emptied by it).
        fingerprints: Vec<Located>,
        /// The line index of the kept text, from parsing it (`None` when the text is not
        /// kept): rendering does not index the text again.
        lines: Option<LineIndex>,
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
    pub fn diagnostics(&self) -> &Findings {
        static NONE: Findings = Findings::new();
        match &self.outcome {
            Outcome::Checked { diagnostics, .. } => diagnostics,
            _ => &NONE,
        }
    }
}

/// Expand `opts.paths` into targets. Fails only when `--config FILE` cannot be loaded.
pub fn plan(opts: &CheckOptions) -> Result<(Plan, Discovery), ConfigError> {
    let mut plan = Plan::default();
    let mut targets = Vec::new();
    let disc = plan_each(opts, &mut plan, &mut |t| targets.push(t))?;
    let order = source_order(&targets, |t| (&t.display, &t.origin, t.explicit));
    let mut targets: Vec<Option<Target>> = targets.into_iter().map(Some).collect();
    plan.targets = order
        .into_iter()
        .map(|i| targets[i].take().expect("each source once"))
        .collect();
    Ok((plan, disc))
}

/// The planning behind [`plan`] and [`plan_and_check`]: each target goes to `sink` as soon as
/// it is found, in the order the paths and the walk produce them (not yet sorted, and a file
/// named twice comes twice). Errors and notes go to `plan`; `plan.targets` is left alone.
fn plan_each(
    opts: &CheckOptions,
    plan: &mut Plan,
    sink: &mut dyn FnMut(Target),
) -> Result<Discovery, ConfigError> {
    let mut disc = Discovery::new(opts.config.clone(), opts.overrides.clone())?;
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
                Ok(scope) => sink(Target {
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
                Err(e) => config_error(plan, e),
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
                config_error(plan, e);
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
            sink(target(path.clone(), display, true, &scope, &abs));
            continue;
        }
        walk(path, &abs, &mut disc, plan, &mut config_error, sink);
    }
    Ok(disc)
}

/// The order of a run's sources, as indices into `items` (in the order they were found):
/// sorted by displayed path, equal paths in the order found, and each source (same origin, same
/// path) once. Of a file both named and found in a named directory, the named one is kept: the
/// two differ only in that (a named binary file is an error, a walked one a note).
fn source_order<T>(items: &[T], key: impl Fn(&T) -> (&str, &Origin, bool)) -> Vec<usize> {
    let mut sorted: Vec<usize> = (0..items.len()).collect();
    // A stable sort: equal paths keep the order they were found in.
    sorted.sort_by(|&a, &b| key(&items[a]).0.cmp(key(&items[b]).0));
    let mut order = Vec::with_capacity(sorted.len());
    let mut rest = &sorted[..];
    while let Some((&first, tail)) = rest.split_first() {
        let (display, origin, _) = key(&items[first]);
        let same = tail
            .iter()
            .take_while(|&&i| {
                let (d, o, _) = key(&items[i]);
                d == display && o == origin
            })
            .count();
        let group = &rest[..=same];
        order.push(group.iter().copied().find(|&i| key(&items[i]).2).unwrap_or(first));
        rest = &rest[same + 1..];
    }
    order
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
/// (a .gitignore counts even outside a git repository), excluded directories pruned. `abs_root`
/// is `absolute(root)`: each entry's absolute path is built on it rather than asking for the
/// current directory once per file.
fn walk(
    root: &Path,
    abs_root: &Path,
    disc: &mut Discovery,
    plan: &mut Plan,
    config_error: &mut impl FnMut(&mut Plan, Arc<ConfigError>),
    sink: &mut dyn FnMut(Target),
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
        let abs = path
            .strip_prefix(root)
            .map_or_else(|_| absolute(path), |rel| abs_root.join(rel));
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
        sink(target(
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
    // A UTF-8 path is copied as is: the same string `display()` gives, without the formatter.
    p.to_str().map_or_else(|| p.display().to_string(), str::to_string)
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
        stdin_text = Some(read_stdin(stdin, t));
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
            let result = check_read(target, read, cross_file, &budget);
            done();
            result
        })
        .collect()
}

fn read_stdin(stdin: &mut dyn Read, target: &Target) -> Result<Text, InputError> {
    input::read_stream(&mut *stdin, &target.display, target.scope.max_file_size).map(Text::from)
}

/// Check a source once it has been read (or failed to be).
fn check_read(
    target: Target,
    read: Result<Text, InputError>,
    cross_file: bool,
    budget: &AtomicUsize,
) -> FileResult {
    let outcome = match read {
        Ok(text) => check_text(text, &target, cross_file, budget),
        Err(e @ InputError::Binary { .. }) if !target.explicit => Outcome::Skipped(e),
        Err(e) => Outcome::Failed(e),
    };
    FileResult { target, outcome }
}

/// Why [`plan_and_check`] checked nothing: the same errors `plan` and
/// [`Discovery::check_rule_ids`] return.
#[derive(Debug)]
pub enum Stop {
    /// `--config FILE` could not be loaded.
    Config(ConfigError),
    /// An unknown rule id in `--select` or `--ignore`.
    RuleIds(String),
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stop::Config(e) => e.fmt(f),
            Stop::RuleIds(e) => e.fmt(f),
        }
    }
}

/// What [`plan_and_check`] produced.
#[derive(Debug)]
pub struct Checked {
    /// The plan's errors and notes (its `targets` are in `results`).
    pub plan: Plan,
    /// One result per source, in the plan's order.
    pub results: Vec<FileResult>,
}

/// What the caller of [`plan_and_check`] does with the results as they come, on its own
/// thread, while later files are still being checked.
pub trait Sink {
    /// Called once, after the walk and the rule-id check and before any result, with the
    /// configs loaded so far and the first source in the plan's order (if any).
    fn start(&mut self, discovery: &mut Discovery, first: Option<&Target>);
    /// Called for each result in the plan's order, as soon as it and those before it are in.
    fn result(&mut self, result: &mut FileResult);
}

/// The sources waiting for a worker, by the order they were found in. While the walk goes on,
/// workers take them in that order; once it is over and the plan's order is known, in the
/// plan's order, so that results come in nearly in the order they are consumed (the walk finds
/// files in directory order). A heap by path did the same for 4% more CPU (string compares).
#[derive(Default)]
struct Pending {
    sources: Vec<Option<Target>>,
    /// Next index into `sources` (walk order) or into `order` (plan's order).
    next: usize,
    /// The plan's order, as indices into `sources`, once known.
    order: Option<Vec<usize>>,
    /// No more sources will come (the walk is over, or the run stops).
    closed: bool,
    /// Workers waiting for a source.
    idle: usize,
    /// By worker: emptied fingerprint lists of the files it checked, for it to free. Freed by
    /// the consuming thread, each went back to the worker's malloc arena under that arena's
    /// lock, which the worker kept waiting for: 400 futex waits and 7% of two threads' time
    /// over 10,000 files.
    garbage: Vec<Vec<Vec<Located>>>,
}

impl Pending {
    /// The next source to check, if any is left.
    fn take(&mut self) -> Option<(usize, Target)> {
        loop {
            let seq = match &self.order {
                Some(order) => *order.get(self.next)?,
                None if self.next < self.sources.len() => self.next,
                None => return None,
            };
            self.next += 1;
            // Stdin is not queued: the planning thread reads and checks it.
            if let Some(t) = self.sources.get_mut(seq).and_then(Option::take) {
                return Some((seq, t));
            }
        }
    }
}

/// Results by the order their sources were found in, each with the checker that made it (0
/// for the consuming thread, else the worker's number) and a check's result or the panic it
/// raised (re-raised on the consuming thread); and the one the consuming thread waits for.
#[derive(Default)]
struct Finished {
    results: Vec<Option<(usize, std::thread::Result<FileResult>)>>,
    wanted: Option<usize>,
}

/// [`plan`], [`Discovery::check_rule_ids`] and [`check_with_progress`] in one, with the checks
/// overlapping the directory walk, and the caller's `sink` (cross-file comparison, rendering)
/// overlapping the checks. Each file found is queued for rayon's pool at once while this
/// thread walks on; then this thread hands the results to `sink` in the order `plan` gives
/// (sorted by displayed path, each source once), checking queued files itself while the next
/// result it needs is not in, and waiting only once nothing is left to take. Nothing observable
/// differs from running the steps one after the other: stdin is read only after the walk and
/// the rule-id check, as before, and a failed rule-id check returns its error (the checks
/// still queued are cancelled) before `sink` hears of anything.
///
/// `found` is called on this thread for each source found (the progress bar's length), `done`
/// from any thread when a source is checked. A pool of N threads gets N - 1 workers, this
/// thread being the last checker, so N threads are N busy threads; with a one-thread pool the
/// walk and the checks take turns on this thread, so one thread is really one.
pub fn plan_and_check(
    opts: &CheckOptions,
    stdin: &mut dyn Read,
    found: &mut dyn FnMut(),
    done: &(dyn Fn() + Sync),
    sink: &mut dyn Sink,
) -> Result<Checked, Stop> {
    let budget = AtomicUsize::new(TEXT_BUDGET);
    let cancelled = AtomicBool::new(false);
    let pending: Mutex<Pending> = Mutex::default();
    // The consuming thread, once no source is left for it to check, sleeps on `ready` until
    // the result it needs next is in (a condition variable rather than a channel, whose
    // receiver spins before it sleeps: 4% of a run's CPU taken from the workers).
    let finished: Mutex<Finished> = Mutex::default();
    let ready = Condvar::new();
    let cross_file = opts.cross_file;
    let check_one = |seq: usize, target: Target, read: Option<Result<Text, InputError>>, by: usize| {
        if cancelled.load(Ordering::Relaxed) {
            return;
        }
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let read = read.unwrap_or_else(|| match &target.origin {
                Origin::File(p) => input::read_text(p, &target.display, target.scope.max_file_size),
                Origin::Stdin => unreachable!("stdin is read by the planning thread"),
            });
            check_read(target, read, cross_file, &budget)
        }));
        done();
        let mut f = finished.lock().unwrap_or_else(|e| e.into_inner());
        if f.results.len() <= seq {
            f.results.resize_with(seq + 1, || None);
        }
        f.results[seq] = Some((by, result));
        if f.wanted == Some(seq) {
            ready.notify_one();
        }
    };
    let check_one = &check_one;
    // Workers on the pool's threads, each taking sources until none are left and the walk is
    // over (rather than one rayon task per file: fewer allocations, wake-ups and steals).
    let work = Condvar::new();
    let worker = |me: usize| {
        // The fingerprint lists handed back, swapped for this empty list at each turn so that
        // the two lists go back and forth between threads and neither is freed on the wrong one.
        let mut garbage = Vec::new();
        loop {
            let mut p = pending.lock().unwrap_or_else(|e| e.into_inner());
            std::mem::swap(&mut p.garbage[me], &mut garbage);
            let (seq, target) = loop {
                if let Some(next) = p.take() {
                    break next;
                }
                if p.closed {
                    return;
                }
                p.idle += 1;
                p = work.wait(p).unwrap_or_else(|e| e.into_inner());
                p.idle -= 1;
            };
            drop(p);
            garbage.clear();
            check_one(seq, target, None, me);
        }
    };
    let worker = &worker;
    let close = || {
        pending.lock().unwrap_or_else(|e| e.into_inner()).closed = true;
        work.notify_all();
    };
    let threads = rayon::current_num_threads();
    let parallel = threads > 1;
    // Closes the queue however the scope is left, so that a panic on this thread (in the walk
    // or a sink) unwinds instead of leaving the scope waiting for workers that wait for work.
    struct CloseOnDrop<F: Fn()>(F);
    impl<F: Fn()> Drop for CloseOnDrop<F> {
        fn drop(&mut self) {
            (self.0)();
        }
    }
    rayon::in_place_scope(|scope| {
        let _close = CloseOnDrop(close);
        // One worker fewer than the pool has threads: this thread is the last one. It walks,
        // then checks files itself whenever the result it must hand over next is not in yet,
        // so that N threads keep N threads busy (with a worker on every pool thread, three
        // threads shared two cores and the run took 7% more CPU).
        if parallel {
            pending.lock().unwrap_or_else(|e| e.into_inner()).garbage = vec![Vec::new(); threads];
            for me in 1..threads {
                scope.spawn(move |_| worker(me));
            }
        }
        let mut plan = Plan::default();
        // Every source found, in the order found: what the plan's order is computed from.
        let mut sources: Vec<Target> = Vec::new();
        let mut stdin_source = None;
        let planned = plan_each(opts, &mut plan, &mut |target| {
            found();
            let seq = sources.len();
            sources.push(target.clone());
            if target.origin == Origin::Stdin {
                stdin_source = Some((seq, target));
            } else if parallel {
                let mut p = pending.lock().unwrap_or_else(|e| e.into_inner());
                p.sources.resize_with(seq, || None);
                p.sources.push(Some(target));
                let wake = p.idle > 0;
                drop(p);
                if wake {
                    work.notify_one();
                }
            } else {
                check_one(seq, target, None, 0);
            }
        });
        let mut discovery = match planned
            .map_err(Stop::Config)
            .and_then(|mut d| d.check_rule_ids().map(|()| d).map_err(Stop::RuleIds))
        {
            Ok(d) => d,
            Err(e) => {
                cancelled.store(true, Ordering::Relaxed);
                close();
                return Err(e);
            }
        };
        if let Some((seq, t)) = stdin_source {
            let read = read_stdin(stdin, &t);
            check_one(seq, t, Some(read), 0);
        }
        let order = source_order(&sources, |t| (&t.display, &t.origin, t.explicit));
        {
            // From now on the workers go by the plan's order, and the duplicates not yet
            // checked are dropped (counted as done for the progress bar).
            let mut p = pending.lock().unwrap_or_else(|e| e.into_inner());
            let mut wanted = vec![false; p.sources.len()];
            for &seq in &order {
                if let Some(w) = wanted.get_mut(seq) {
                    *w = true;
                }
            }
            for (source, wanted) in p.sources.iter_mut().zip(wanted) {
                if !wanted && source.take().is_some() {
                    done();
                }
            }
            p.order = Some(order.clone());
            p.next = 0;
        }
        close();
        sink.start(&mut discovery, order.first().map(|&i| &sources[i]));
        drop(sources);
        let mut results = Vec::with_capacity(order.len());
        for &seq in &order {
            let result = loop {
                let mut f = finished.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(r) = f.results.get_mut(seq).and_then(Option::take) {
                    f.wanted = None;
                    break r;
                }
                drop(f);
                // Not in yet: check the next source waiting (the plan's order, so often this
                // very one) rather than wait, and look again.
                let next = pending.lock().unwrap_or_else(|e| e.into_inner()).take();
                if let Some((s, t)) = next {
                    check_one(s, t, None, 0);
                    continue;
                }
                // Every source is taken: a worker is checking this one. Wait for it.
                let mut f = finished.lock().unwrap_or_else(|e| e.into_inner());
                while f.results.get(seq).is_none_or(Option::is_none) {
                    f.wanted = Some(seq);
                    f = ready.wait(f).unwrap_or_else(|e| e.into_inner());
                }
            };
            let (by, result) = result;
            let mut result = result.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            sink.result(&mut result);
            // What is left of the fingerprints (their emptied list, after the cross-file
            // phase) goes back to the worker that made them.
            if let Outcome::Checked { fingerprints, .. } = &mut result.outcome
                && by > 0
                && fingerprints.capacity() > 0
            {
                let prints = std::mem::take(fingerprints);
                pending.lock().unwrap_or_else(|e| e.into_inner()).garbage[by].push(prints);
            }
            results.push(result);
        }
        Ok(Checked { plan, results })
    })
}

/// Check one text, and decide whether to keep it for rendering.
fn check_text(text: Text, target: &Target, cross_file: bool, budget: &AtomicUsize) -> Outcome {
    let mut doc = Document::parse(&text, target.kind);
    let diagnostics = crate::check_findings(&doc, &target.settings);
    let fingerprints = if cross_file && target.settings.is_enabled(DUPLICATE_RULE) {
        locate(&doc, &target.settings)
    } else {
        Vec::new()
    };
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
    let lines = kept.then(|| doc.take_lines());
    drop(doc);
    let (text, digest) = match (kept, may_render) {
        (true, _) => (Some(text), None),
        (false, true) => (None, Some(digest(&text))),
        (false, false) => (None, None),
    };
    Outcome::Checked {
        diagnostics: Box::new(diagnostics),
        text,
        len,
        digest,
        fingerprints,
        lines,
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
    let index = doc.lines();
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
    let total = results
        .iter()
        .map(|r| match &r.outcome {
            Outcome::Checked { fingerprints, .. } => fingerprints.len(),
            _ => 0,
        })
        .sum();
    let mut phase = CrossFile::with_capacity(total);
    for r in results {
        phase.add(r);
        if let Outcome::Checked { fingerprints, .. } = &mut r.outcome {
            *fingerprints = Vec::new();
        }
    }
}

/// [`cross_file`] one file at a time, in the stable order, so that it can run while later
/// files are still being checked.
#[derive(Debug, Default)]
pub struct CrossFile {
    /// hash → (file number, index in `paths`, span, line, column) of the first copy. The keys
    /// are already hashes and not chosen by an adversary, so FxHash (one multiply) does.
    first: FxHashMap<u64, (usize, usize, Range<usize>, usize, usize)>,
    /// The hashes seen in the current file.
    here: FxHashSet<u64>,
    /// Displayed paths of the files that hold a first copy.
    paths: Vec<String>,
    /// Files added so far.
    files: usize,
}

impl CrossFile {
    /// Room for `fingerprints` fingerprints without rehashing.
    pub fn with_capacity(fingerprints: usize) -> CrossFile {
        CrossFile {
            first: FxHashMap::with_capacity_and_hasher(fingerprints, Default::default()),
            ..CrossFile::default()
        }
    }

    /// Compare the next file's fingerprints with those of the files before it, add its
    /// findings, and empty the fingerprints. Their list keeps its allocation: the caller frees
    /// it, on the thread that made it if it can (see `Pending::garbage`).
    pub fn add(&mut self, r: &mut FileResult) {
        let i = self.files;
        self.files += 1;
        let Outcome::Checked { fingerprints, .. } = &mut r.outcome else {
            return;
        };
        let mut found = Vec::new();
        let mut path_index = None;
        // A paragraph repeated inside this file is reported once, by the family's own rule,
        // against its first copy here; the cross-file phase only reports a paragraph's first
        // occurrence in this file.
        self.here.clear();
        for f in fingerprints.drain(..) {
            if !self.here.insert(f.hash) {
                continue;
            }
            match self.first.get(&f.hash) {
                Some((j, p, span, line, column)) if *j != i => {
                    if f.reportable {
                        let other = OtherFile {
                            path: self.paths[*p].clone(),
                            line: *line,
                            column: *column,
                        };
                        found.push((f.span, other, span.clone()));
                    }
                }
                Some(_) => {}
                None => {
                    let p = *path_index.get_or_insert_with(|| {
                        self.paths.push(r.target.display.clone());
                        self.paths.len() - 1
                    });
                    self.first.insert(f.hash, (i, p, f.span, f.line, f.column));
                }
            }
        }
        if found.is_empty() {
            return;
        }
        let settings = r.target.settings.clone();
        let ctx = rules::Context::new(&settings);
        let Outcome::Checked { diagnostics, .. } = &mut r.outcome else {
            unreachable!()
        };
        for (span, other, first_span) in found {
            let mut d = duplicate::cross_file_diagnostic(&ctx, span, other, first_span);
            if let Some(sev) = settings.severity_override(d.rule) {
                d.severity = sev;
            }
            diagnostics.push(d);
        }
        diagnostics.sort_dedup();
    }
}

/// Render every file with findings, in order. Texts not kept are re-read; a file that changed
/// since it was checked is returned as an error instead of being rendered. An I/O error
/// writing to `out` (a closed pipe included) stops rendering and is returned as `Err`.
/// `plan_errors` is the number of errors found while planning (a broken config), told to the
/// renderer with the sources that failed (see [`Renderer::unchecked`]).
pub fn render(
    results: &[FileResult],
    plan_errors: usize,
    renderer: &mut dyn Renderer,
    out: &mut dyn Write,
) -> io::Result<Vec<InputError>> {
    let mut errors = Vec::new();
    renderer.begin(out)?;
    for r in results {
        render_file(r, renderer, out, &mut errors)?;
    }
    renderer.unchecked(unchecked(results, plan_errors + errors.len()));
    renderer.end(out)?;
    Ok(errors)
}

/// The inputs of a run that were not checked: the sources in `results` that failed, plus
/// `others` (planning and rendering errors).
pub fn unchecked(results: &[FileResult], others: usize) -> usize {
    let failed = results
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Failed(_)))
        .count();
    failed + others
}

/// [`render`] for one file (between the renderer's `begin` and `end`): a file that cannot be
/// rendered adds its error to `errors`.
pub fn render_file(
    r: &FileResult,
    renderer: &mut dyn Renderer,
    out: &mut dyn Write,
    errors: &mut Vec<InputError>,
) -> io::Result<()> {
    let Outcome::Checked {
        diagnostics,
        text,
        len,
        digest: hash,
        lines,
        ..
    } = &r.outcome
    else {
        return Ok(());
    };
    if diagnostics.is_empty() {
        return Ok(());
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
                    return Ok(());
                }
                Err(e) => {
                    errors.push(e);
                    return Ok(());
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
            lines: lines.as_ref(),
        },
        out,
    )
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
                    for severity in diagnostics.severities() {
                        match severity {
                            Severity::Error => s.errors += 1,
                            Severity::Warning => s.warnings += 1,
                            Severity::Info => s.infos += 1,
                        }
                        if severity >= r.target.scope.fail_on {
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
    use crate::diagnostic::Diagnostic;

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
                diagnostics: Box::new(Findings::new()),
                text: Some(String::new().into()),
                len: 0,
                digest: None,
                fingerprints: prints,
                lines: None,
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
        let b = results[1].diagnostics().clone().into_vec();
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].rule, "duplicate-text");
        assert_eq!(b[0].span, 30..40);
        let other = b[0].related[0].other.as_ref().unwrap();
        assert_eq!((other.path.as_str(), other.line), ("a.txt", 1));
        assert_eq!(b[0].related[0].span, 0..10);
        // c.txt: the repeat of a.txt's hash 2 is suppressed, the repeat of b.txt's hash 3 is not.
        let c = results[2].diagnostics().clone().into_vec();
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
    struct RenderRecorder {
        files: Vec<(String, String, usize)>,
        ended: bool,
        unchecked: Option<usize>,
    }

    impl Renderer for RenderRecorder {
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
        fn unchecked(&mut self, inputs: usize) {
            self.unchecked = Some(inputs);
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
            diagnostics: Box::new(vec![Diagnostic::new("x", Severity::Warning, 0..3, "m")].into()),
            text,
            len,
            digest: hash,
            fingerprints: vec![],
            lines: None,
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
        let mut rec = RenderRecorder::default();
        let mut out = Vec::new();
        let errors = render(&results, 2, &mut rec, &mut out).unwrap();
        assert_eq!(rec.files.len(), 1);
        assert_eq!(rec.files[0].1, "新闻稿");
        assert!(rec.ended);
        // The file that changed and the two planning errors were not checked.
        assert_eq!(rec.unchecked, Some(3));
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
        let mut rec = RenderRecorder::default();
        let e = render(&results, 0, &mut rec, &mut Closed).unwrap_err();
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

    /// A tree like a repository of articles: nested directories, copy with findings, the same
    /// paragraph in several files (cross-file duplicates), a walked binary file, and a config
    /// that excludes one directory. Returns the directory.
    fn article_tree(files: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let seed = include_str!("../tests/fixtures/seed.txt");
        let paragraphs: Vec<&str> = seed.split("\n\n").filter(|p| p.trim().len() > 30).collect();
        for i in 0..files {
            let sub = dir.path().join(format!("d{}", i % 7)).join(format!("e{}", i % 3));
            std::fs::create_dir_all(&sub).unwrap();
            let text = format!(
                "{}\n\n{}\n",
                paragraphs[i % paragraphs.len()],
                paragraphs[(i * 7 + 3) % paragraphs.len()]
            );
            std::fs::write(sub.join(format!("a{i:04}.md")), text).unwrap();
        }
        std::fs::write(dir.path().join("d1/blob.txt"), b"ab\0cd").unwrap();
        std::fs::create_dir_all(dir.path().join("skip")).unwrap();
        std::fs::write(dir.path().join("skip/x.txt"), "新华社北京，  记者").unwrap();
        std::fs::write(
            dir.path().join("newslint.toml"),
            "[files]\nexclude = [\"skip\"]\n",
        )
        .unwrap();
        dir
    }

    fn opts(paths: Vec<PathBuf>) -> CheckOptions {
        CheckOptions {
            paths,
            stdin_filename: None,
            cross_file: true,
            config: ConfigChoice::Discover,
            overrides: Overrides::default(),
        }
    }

    /// What a run shows of one source: path, named or not, outcome, findings, fingerprints.
    type Shown = (String, bool, String, Vec<Diagnostic>, Vec<Located>);

    fn summary_of(results: &[FileResult]) -> Vec<Shown> {
        results
            .iter()
            .map(|r| {
                let (kind, prints) = match &r.outcome {
                    Outcome::Checked { fingerprints, .. } => ("checked".to_string(), fingerprints.clone()),
                    Outcome::Skipped(e) => (format!("skipped: {e}"), vec![]),
                    Outcome::Failed(e) => (format!("failed: {e}"), vec![]),
                };
                (
                    r.target.display.clone(),
                    r.target.explicit,
                    kind,
                    r.diagnostics().iter().collect(),
                    prints,
                )
            })
            .collect()
    }

    fn cross_len(d: &[Diagnostic]) -> usize {
        d.iter()
            .filter(|d| d.related.iter().any(|r| r.other.is_some()))
            .count()
    }

    /// The overlapped run must give exactly what planning, then checking, gives: same sources
    /// in the same order, same outcomes, same findings, same errors and notes, on a pool of
    /// one thread and of several.
    #[test]
    fn a_panic_while_walking_unwinds_instead_of_hanging() {
        let dir = article_tree(60);
        let o = opts(vec![dir.path().to_path_buf()]);
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
            let mut n = 0;
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                pool.install(|| {
                    plan_and_check(
                        &o,
                        &mut io::empty(),
                        &mut || {
                            n += 1;
                            assert!(n < 30, "the walk fails");
                        },
                        &|| {},
                        &mut Recorder::default(),
                    )
                    .is_ok()
                })
            }));
            tx.send(outcome.is_err()).unwrap();
        });
        let panicked = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("plan_and_check hung after a panic in the walk");
        assert!(panicked);
    }

    /// The thread that hands results over is one of the checkers, not a thread beside them:
    /// when every other thread of the pool is busy elsewhere, it checks every file itself
    /// (it used to wait for workers that could not start, and the run hung).
    #[test]
    fn the_consuming_thread_checks_files_when_no_worker_can() {
        let dir = article_tree(60);
        let o = opts(vec![dir.path().to_path_buf()]);
        let pool = Arc::new(rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap());
        // Hold one of the two threads until the run is over.
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        pool.spawn(move || {
            started_tx.send(()).unwrap();
            let _ = release_rx.recv();
        });
        started_rx.recv().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let p = pool.clone();
        std::thread::spawn(move || {
            let checked = p.install(|| {
                let on = std::thread::current().id();
                let others = AtomicUsize::new(0);
                let tick = || {
                    if std::thread::current().id() != on {
                        others.fetch_add(1, Ordering::Relaxed);
                    }
                };
                let c = plan_and_check(&o, &mut io::empty(), &mut || {}, &tick, &mut Recorder::default());
                (c.map(|c| c.results.len()).ok(), others.into_inner())
            });
            tx.send(checked).unwrap();
        });
        let got = rx.recv_timeout(std::time::Duration::from_secs(60));
        release_tx.send(()).unwrap();
        let (results, by_others) = got.expect("the run waited for a worker that could not start");
        assert_eq!(results, Some(61), "60 articles and the binary file");
        assert_eq!(by_others, 0, "no other thread was free to check");
    }

    #[test]
    fn plan_and_check_matches_plan_then_check_in_order_and_content() {
        let dir = article_tree(400);
        let root = dir.path();
        let paths = vec![
            // Named and also found by the walk: kept once, as named (a binary named is an
            // error, not a note).
            root.join("d1/blob.txt"),
            root.to_path_buf(),
            root.join("d2/e2/a0002.md"),
            root.join("missing.md"),
            // Excluded, named: a note.
            root.join("skip"),
            // Named twice.
            root.join("d3/e0/a0003.md"),
            root.join("d3/e0/a0003.md"),
        ];
        let o = opts(paths);
        let (plan, _) = plan(&o).unwrap();
        let errors: Vec<String> = plan.errors.iter().map(ToString::to_string).collect();
        let notes = plan.notes.clone();
        let mut expected = check(plan.targets, &mut io::empty(), true);
        cross_file(&mut expected);
        let expected = summary_of(&expected);
        assert_eq!(expected.len(), 401, "400 articles and the binary file");
        assert!(expected.iter().any(|e| e.2.starts_with("failed") && e.1));
        assert!(expected.windows(2).all(|w| w[0].0 < w[1].0), "sorted, each once");
        // The tree exercises findings and the cross-file phase.
        let cross = expected
            .iter()
            .flat_map(|e| &e.3)
            .filter(|d| d.related.iter().any(|r| r.other.is_some()))
            .count();
        assert!(cross > 100, "{cross} cross-file findings");
        assert!(expected.iter().filter(|e| e.3.len() > cross_len(&e.3)).count() > 100);
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let mut found = 0;
            let done = AtomicUsize::new(0);
            let tick = || {
                done.fetch_add(1, Ordering::Relaxed);
            };
            let mut sink = Recorder::default();
            let checked = pool
                .install(|| plan_and_check(&o, &mut io::empty(), &mut || found += 1, &tick, &mut sink))
                .unwrap();
            // Each source counts when found, duplicates included: 400 articles, the binary
            // file walked and named, one article named once and one named twice. Each is done
            // once, whether checked or dropped as a duplicate.
            assert_eq!(found, 405, "{threads} threads");
            assert_eq!(done.into_inner(), 405, "{threads} threads");
            // The sink saw every result once, in order, after `start`, and compared them
            // across files as it went.
            assert_eq!(sink.first.as_deref(), Some(expected[0].0.as_str()));
            assert_eq!(
                sink.seen,
                expected.iter().map(|e| e.0.clone()).collect::<Vec<_>>()
            );
            assert_eq!(summary_of(&checked.results), expected, "{threads} threads");
            let got: Vec<String> = checked.plan.errors.iter().map(ToString::to_string).collect();
            assert_eq!(got, errors);
            assert_eq!(checked.plan.notes, notes);
        }
    }

    /// A sink that runs the cross-file phase and records what it is given.
    #[derive(Default)]
    struct Recorder {
        started: bool,
        first: Option<String>,
        seen: Vec<String>,
        cross: CrossFile,
    }

    impl Sink for Recorder {
        fn start(&mut self, discovery: &mut Discovery, first: Option<&Target>) {
            assert!(!self.started);
            let _ = discovery.scope_for_cwd();
            self.started = true;
            self.first = first.map(|t| t.display.clone());
        }
        fn result(&mut self, result: &mut FileResult) {
            assert!(self.started);
            self.cross.add(result);
            self.seen.push(result.target.display.clone());
        }
    }

    #[test]
    fn plan_and_check_reads_stdin_after_the_walk_and_sorts_it_in() {
        let dir = article_tree(20);
        let mut o = opts(vec![dir.path().to_path_buf(), PathBuf::from("-")]);
        o.stdin_filename = Some("b.md".to_string());
        let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
        let checked = pool
            .install(|| {
                plan_and_check(
                    &o,
                    &mut "新闻。".as_bytes(),
                    &mut || {},
                    &|| {},
                    &mut Recorder::default(),
                )
            })
            .unwrap();
        let names: Vec<&str> = checked
            .results
            .iter()
            .map(|r| r.target.display.as_str())
            .collect();
        assert_eq!(names.len(), 22, "{names:?}");
        assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
        let stdin = checked
            .results
            .iter()
            .find(|r| r.target.origin == Origin::Stdin)
            .unwrap();
        assert!(matches!(&stdin.outcome, Outcome::Checked { len: 9, .. }));
    }

    #[test]
    fn plan_and_check_stops_on_an_unknown_rule_without_reading_stdin() {
        let dir = article_tree(60);
        let mut o = opts(vec![dir.path().to_path_buf(), PathBuf::from("-")]);
        o.overrides.select = Some(["no-such-rule".to_string()].into_iter().collect());
        struct Untouchable;
        impl Read for Untouchable {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                panic!("stdin read although the run stops");
            }
        }
        let mut sink = Recorder::default();
        let e = plan_and_check(&o, &mut Untouchable, &mut || {}, &|| {}, &mut sink).unwrap_err();
        assert!(matches!(e, Stop::RuleIds(_)), "{e:?}");
        assert!(!sink.started, "the sink hears nothing of a run that stops");
    }

    /// Walked entries get their absolute path from the root's, not from the current directory
    /// each time: the two must agree for every form a root can take.
    #[test]
    fn absolute_paths_of_walked_entries_match_std() {
        let cwd = std::env::current_dir().unwrap();
        for root in [
            ".",
            "./",
            "src",
            "src/",
            "./src",
            "src/../src",
            cwd.to_str().unwrap(),
        ] {
            let root = Path::new(root);
            let entry = root.join("rules").join("mod.rs");
            let rel = entry.strip_prefix(root).unwrap();
            assert_eq!(absolute(root).join(rel), absolute(&entry), "{}", root.display());
            assert_eq!(
                absolute(root).join(rel).to_str(),
                absolute(&entry).to_str(),
                "{}",
                root.display()
            );
        }
    }

    #[test]
    fn display_path_drops_dot_slash() {
        assert_eq!(display_path(Path::new("./a/b.md")), "a/b.md");
        assert_eq!(display_path(Path::new(".")), ".");
        assert_eq!(display_path(Path::new("a.md")), "a.md");
    }
}
