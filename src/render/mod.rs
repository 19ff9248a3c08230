//! Renderers: one per output format. They turn finished diagnostics into bytes; line and
//! column are derived here, once, from a [`crate::lines::LineIndex`].
//!
//! The runner calls [`Renderer::begin`] once, [`Renderer::file`] for each file in a stable
//! order, and [`Renderer::end`] once.

use crate::diagnostic::{Diagnostic, Lang, Related};
use crate::findings::Findings;
use crate::lines::LineIndex;
use std::io::{self, Write};
use std::ops::Range;

mod concise;
mod github;
mod human;
mod json;
mod sarif;

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
    /// `--quiet`: print the findings and nothing else (the human renderer's closing count, and
    /// its "no problems found" line, are left out; `--statistics` still prints its table).
    pub quiet: bool,
}

/// One checked file.
pub struct FileReport<'a> {
    /// The path as displayed (`-` or the `--stdin-filename` for stdin).
    pub path: &'a str,
    /// The file's text as read.
    pub text: &'a str,
    /// Its findings, sorted.
    pub diagnostics: &'a Findings,
    /// The line index of `text`, when the caller has it (the runner keeps the one parsing
    /// built); renderers build one otherwise.
    pub lines: Option<&'a crate::lines::LineIndex>,
}

impl<'a> FileReport<'a> {
    /// The line index of the text: the one given, or a new one.
    pub fn line_index(&self) -> std::borrow::Cow<'a, crate::lines::LineIndex> {
        match self.lines {
            Some(l) => std::borrow::Cow::Borrowed(l),
            None => std::borrow::Cow::Owned(crate::lines::LineIndex::new(self.text)),
        }
    }
}

/// A renderer for one format.
pub trait Renderer {
    /// Called once before any file.
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()>;
    /// Called once per file, in a stable order (files without findings may be skipped).
    fn file(&mut self, report: &FileReport, out: &mut dyn Write) -> io::Result<()>;
    /// Called before [`end`](Self::end) with the number of inputs that could not be checked
    /// (unreadable or binary files, files under a broken config), which are reported on
    /// stderr: a summary on stdout must not call such a run clean.
    fn unchecked(&mut self, _inputs: usize) {}
    /// Called once at the end.
    fn end(&mut self, out: &mut dyn Write) -> io::Result<()>;
}

/// The renderer for `format`.
pub fn renderer_for(format: Format, opts: RenderOptions) -> Box<dyn Renderer> {
    match format {
        Format::Human => Box::new(human::Human::new(opts)),
        Format::Concise => Box::new(concise::Concise::new(opts)),
        Format::Json => Box::new(json::Json::new(false)),
        Format::Jsonl => Box::new(json::Json::new(true)),
        Format::Sarif => Box::new(sarif::Sarif::new(opts.lang)),
        Format::Github => Box::new(github::Github),
    }
}

impl Default for RenderOptions {
    /// No colour, Chinese, 100 columns, no statistics, not quiet: the settings the snapshots
    /// use.
    fn default() -> Self {
        RenderOptions {
            color: false,
            lang: Lang::Zh,
            width: 100,
            statistics: false,
            quiet: false,
        }
    }
}

/// Render a whole run into a string (tests and library users): `begin`, every file, `end`.
pub fn render_to_string(format: Format, opts: RenderOptions, files: &[FileReport]) -> String {
    let mut r = renderer_for(format, opts);
    let mut out = Vec::new();
    r.begin(&mut out).expect("writing to a Vec");
    for f in files {
        r.file(f, &mut out).expect("writing to a Vec");
    }
    r.end(&mut out).expect("writing to a Vec");
    String::from_utf8(out).expect("renderers write UTF-8")
}

/// Start and end of a span as 1-based lines and character columns; the end is exclusive (the
/// column just after the last character), as in SARIF and LSP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Position {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Position {
    pub fn of(index: &LineIndex, text: &str, span: &Range<usize>) -> Self {
        let (line, column) = index.line_col(text, span.start);
        let (end_line, end_column) = index.line_col(text, span.end.max(span.start));
        Position {
            line,
            column,
            end_line,
            end_column,
        }
    }
}

/// Where a related span is: its path, line and column, from this file's text or, for a span in
/// another file, from what the finding carries.
pub(crate) struct RelatedAt<'a> {
    pub path: &'a str,
    pub line: usize,
    pub column: usize,
    /// The end, known only for spans in this file.
    pub end: Option<(usize, usize)>,
}

impl<'a> RelatedAt<'a> {
    pub fn of(r: &'a Related, report: &'a FileReport, index: &LineIndex) -> Self {
        match &r.other {
            Some(o) => RelatedAt {
                path: &o.path,
                line: o.line,
                column: o.column,
                end: None,
            },
            None => {
                let p = Position::of(index, report.text, &r.span);
                RelatedAt {
                    path: report.path,
                    line: p.line,
                    column: p.column,
                    end: Some((p.end_line, p.end_column)),
                }
            }
        }
    }
}

/// The renderer's own words, in the run's language.
pub(crate) fn tr(lang: Lang, zh: &str, en: &str) -> String {
    lang.pick(zh.to_string(), en.to_string())
}

/// The fix as a sentence: “修改为：“，”” / “replace with “，””; deletion and unsafe fixes say so.
pub(crate) fn fix_text(lang: Lang, d: &Diagnostic, text: &str) -> Option<String> {
    let f = d.fix.as_ref()?;
    let old = text.get(d.span.clone()).unwrap_or("");
    let mut s = if f.replacement.is_empty() {
        tr(lang, &format!("删除“{old}”"), &format!("delete “{old}”"))
    } else {
        tr(
            lang,
            &format!("修改为：“{}”", f.replacement),
            &format!("replace with “{}”", f.replacement),
        )
    };
    if f.applicability == crate::diagnostic::Applicability::Unsafe {
        s.push_str(&tr(lang, "（需人工确认）", " (unsafe: review before applying)"));
    }
    Some(s)
}

/// Counts per rule for `--statistics`, in rule order.
#[derive(Default)]
pub(crate) struct Stats {
    per_rule: std::collections::BTreeMap<&'static str, [usize; 3]>,
}

impl Stats {
    pub fn add(&mut self, d: &Diagnostic) {
        let k = match d.severity {
            crate::diagnostic::Severity::Error => 0,
            crate::diagnostic::Severity::Warning => 1,
            crate::diagnostic::Severity::Info => 2,
        };
        self.per_rule.entry(d.rule).or_default()[k] += 1;
    }

    pub fn totals(&self) -> [usize; 3] {
        let mut t = [0; 3];
        for c in self.per_rule.values() {
            for (acc, n) in t.iter_mut().zip(c) {
                *acc += n;
            }
        }
        t
    }

    /// One line per rule: count, rule id, and the split by severity.
    pub fn write(&self, lang: Lang, out: &mut dyn Write) -> io::Result<()> {
        if self.per_rule.is_empty() {
            return Ok(());
        }
        writeln!(out, "{}", tr(lang, "按规则统计：", "Findings per rule:"))?;
        let width = self.per_rule.keys().map(|k| k.len()).max().unwrap_or(0);
        for (rule, c) in &self.per_rule {
            let n: usize = c.iter().sum();
            let mut parts = Vec::new();
            for (i, name) in ["error", "warning", "info"].iter().enumerate() {
                if c[i] > 0 {
                    parts.push(format!("{name} {}", c[i]));
                }
            }
            writeln!(out, "{n:>6}  {rule:<width$}  ({})", parts.join(", "))?;
        }
        Ok(())
    }
}
