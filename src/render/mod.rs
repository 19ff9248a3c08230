//! Renderers: one per output format. They turn finished diagnostics into bytes; line and
//! column are derived here, once, from a [`LineIndex`](crate::lines::LineIndex).
//!
//! The runner calls [`Renderer::begin`] once, [`Renderer::file`] for each file in a stable
//! order, and [`Renderer::end`] once.

use crate::diagnostic::{Diagnostic, Lang};
use std::io::{self, Write};

/// Output formats (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Snippets with the span underlined (miette), grouped when one rule fires many times.
    Human,
    /// `path:line:column: severity[rule] message`.
    Concise,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow commands.
    Github,
}

/// Options that affect rendering only.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// Use ANSI colour.
    pub color: bool,
    /// Message language for the renderer's own words.
    pub lang: Lang,
    /// Terminal width for the human renderer.
    pub width: usize,
    /// Print a count per rule at the end (`--statistics`).
    pub statistics: bool,
}

/// One checked file.
pub struct FileReport<'a> {
    /// The path as displayed (`-` or the `--stdin-filename` for stdin).
    pub path: &'a str,
    /// The file's text as read.
    pub text: &'a str,
    /// Its findings, sorted.
    pub diagnostics: &'a [Diagnostic],
}

/// A renderer for one format.
pub trait Renderer {
    /// Called once before any file.
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()>;
    /// Called once per file, in a stable order (files without findings may be skipped).
    fn file(&mut self, report: &FileReport, out: &mut dyn Write) -> io::Result<()>;
    /// Called once at the end.
    fn end(&mut self, out: &mut dyn Write) -> io::Result<()>;
}

/// The renderer for `format`.
pub fn renderer_for(_format: Format, _opts: RenderOptions) -> Box<dyn Renderer> {
    unimplemented!("renderers are built in the render module")
}
