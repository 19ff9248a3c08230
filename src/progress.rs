//! A progress bar on stderr while many files are checked.
//!
//! Shown only when a person is watching: stderr is a terminal, `CI` is not set, `--quiet` was
//! not given, and there are at least [`MIN_FILES`] files (a handful of files finish before a
//! bar could be read). It is cleared before any finding is printed: while a bar may be drawn,
//! `check` renders only after every file is checked (otherwise it renders as results come in),
//! so the bar and the report never interleave.
//!
//! When files are checked while the directories are still being walked, the total is not known
//! in advance: [`Progress::growing`] makes a bar whose length grows as files are found, hidden
//! until [`MIN_FILES`] have been found (so a small run never shows one).
//!
//! The bar draws on the process's real stderr through indicatif, not on the `Io` streams the
//! app is given: indicatif needs a terminal to measure and redraw, and the in-process streams
//! tests use are never terminals, so they never see a bar.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};

/// Fewest files for which a bar is worth drawing.
pub const MIN_FILES: usize = 50;

fn styled(bar: ProgressBar) -> ProgressBar {
    if let Ok(style) = ProgressStyle::with_template("{spinner} checking {pos}/{len} files [{wide_bar}] {eta}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Whether to show a bar: `files` to check, whether stderr is a terminal, whether the `CI`
/// environment variable is set (non-empty), and `--quiet`.
pub fn should_show(files: usize, stderr_is_terminal: bool, ci: bool, quiet: bool) -> bool {
    files >= MIN_FILES && stderr_is_terminal && !ci && !quiet
}

/// A bar that may be hidden; ticking a hidden one costs nothing.
pub struct Progress(Option<ProgressBar>, AtomicU64);

impl Progress {
    /// A bar for `files` files if [`should_show`] says so for this process.
    pub fn for_files(files: usize, quiet: bool) -> Progress {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        if !should_show(files, std::io::stderr().is_terminal(), ci, quiet) {
            return Progress::hidden();
        }
        Progress(
            Some(styled(ProgressBar::new(files as u64))),
            AtomicU64::new(files as u64),
        )
    }

    /// A bar whose length grows with [`Progress::found`], drawn once [`MIN_FILES`] files have
    /// been found if [`should_show`] says so for this process.
    pub fn growing(quiet: bool) -> Progress {
        let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
        if !should_show(usize::MAX, std::io::stderr().is_terminal(), ci, quiet) {
            return Progress::hidden();
        }
        Progress::growing_bar()
    }

    fn growing_bar() -> Progress {
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
        Progress(Some(styled(bar)), AtomicU64::new(0))
    }

    /// A bar that never shows.
    pub fn hidden() -> Progress {
        Progress(None, AtomicU64::new(0))
    }

    /// One more file to check (a growing bar; call from one thread).
    pub fn found(&self) {
        if let Some(b) = &self.0 {
            let n = self.1.fetch_add(1, Ordering::Relaxed) + 1;
            b.inc_length(1);
            if n == MIN_FILES as u64 {
                b.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    }

    /// One file done (callable from any thread).
    pub fn tick(&self) {
        if let Some(b) = &self.0 {
            b.inc(1);
        }
    }

    /// True when the bar is drawn.
    pub fn is_visible(&self) -> bool {
        self.0.is_some()
    }

    /// Remove the bar from the terminal.
    pub fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_only_for_many_files_on_a_terminal_outside_ci_without_quiet() {
        assert!(should_show(50, true, false, false));
        assert!(should_show(100_000, true, false, false));
        assert!(!should_show(49, true, false, false), "too few files");
        assert!(
            !should_show(500, false, false, false),
            "stderr is a pipe or a file"
        );
        assert!(!should_show(500, true, true, false), "CI is set");
        assert!(!should_show(500, true, false, true), "--quiet");
    }

    #[test]
    fn growing_bar_counts_what_is_found() {
        // Not a terminal under `cargo test`: no bar at all.
        let p = Progress::growing(false);
        p.found();
        p.tick();
        assert!(!p.is_visible());
        // The bar itself: its length follows what was found, its position what was checked.
        let p = Progress::growing_bar();
        for _ in 0..MIN_FILES + 2 {
            p.found();
        }
        p.tick();
        let bar = p.0.as_ref().unwrap();
        assert_eq!((bar.length(), bar.position()), (Some(MIN_FILES as u64 + 2), 1));
        p.finish();
    }

    #[test]
    fn hidden_bar_ticks_silently() {
        let p = Progress::hidden();
        p.tick();
        p.finish();
        assert!(!p.is_visible());
    }
}
