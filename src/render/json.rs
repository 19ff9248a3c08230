//! `json` and `jsonl`: one object per finding with a fixed set of keys (a public contract, see
//! README). `json` streams one array: `[` in `begin`, the objects as files arrive, `]` in `end`,
//! so memory does not grow with the run; `jsonl` writes one compact object per line.

use super::{FileReport, Position, RelatedAt, Renderer};
use crate::diagnostic::Diagnostic;
use crate::lines::LineIndex;
use serde::Serialize;
use std::io::{self, Write};

/// One finding as JSON. Field order is the documented key order.
#[derive(Serialize)]
pub(crate) struct JsonDiagnostic<'a> {
    pub path: &'a str,
    pub rule: &'a str,
    pub severity: &'static str,
    pub message: &'a str,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub fix: Option<JsonFix<'a>>,
    pub related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
pub(crate) struct JsonFix<'a> {
    pub replacement: &'a str,
    pub applicability: &'static str,
}

#[derive(Serialize)]
pub(crate) struct JsonRelated<'a> {
    pub path: &'a str,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub message: &'a str,
}

impl<'a> JsonDiagnostic<'a> {
    pub fn new(d: &'a Diagnostic, report: &'a FileReport, index: &LineIndex) -> Self {
        let p = Position::of(index, report.text, &d.span);
        JsonDiagnostic {
            path: report.path,
            rule: d.rule,
            severity: d.severity.as_str(),
            message: &d.message,
            start: d.span.start,
            end: d.span.end,
            line: p.line,
            column: p.column,
            end_line: p.end_line,
            end_column: p.end_column,
            fix: d.fix.as_ref().map(|f| JsonFix {
                replacement: &f.replacement,
                applicability: f.applicability.as_str(),
            }),
            related: d
                .related
                .iter()
                .map(|r| {
                    let at = RelatedAt::of(r, report, index);
                    JsonRelated {
                        path: at.path,
                        start: r.span.start,
                        end: r.span.end,
                        line: at.line,
                        column: at.column,
                        message: &r.message,
                    }
                })
                .collect(),
        }
    }
}

pub(crate) struct Json {
    lines: bool,
    written: usize,
    /// One `jsonl` line, serialised here and written in one call: serde_json writing each
    /// key and mark through `dyn Write` made rendering 27,000 findings cost 150M instructions.
    buf: Vec<u8>,
}

impl Json {
    pub fn new(lines: bool) -> Self {
        Json {
            lines,
            written: 0,
            buf: Vec::new(),
        }
    }
}

fn to_io(e: serde_json::Error) -> io::Error {
    io::Error::other(e)
}

impl Renderer for Json {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.lines {
            out.write_all(b"[")?;
        }
        Ok(())
    }

    fn file(&mut self, report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        if report.diagnostics.is_empty() {
            return Ok(());
        }
        let index = report.line_index();
        for d in report.diagnostics.iter() {
            let obj = JsonDiagnostic::new(&d, report, &index);
            if self.lines {
                self.buf.clear();
                serde_json::to_writer(&mut self.buf, &obj).map_err(to_io)?;
                self.buf.push(b'\n');
                out.write_all(&self.buf)?;
            } else {
                out.write_all(if self.written == 0 { b"\n  " } else { b",\n  " })?;
                // Pretty-printed objects, indented one level inside the array.
                let pretty = serde_json::to_string_pretty(&obj).map_err(to_io)?;
                out.write_all(pretty.replace('\n', "\n  ").as_bytes())?;
            }
            self.written += 1;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.lines {
            out.write_all(if self.written == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        Ok(())
    }
}
