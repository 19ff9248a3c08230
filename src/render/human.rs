//! `human`: for an editor at a terminal. Each finding gets a header line of our own,
//! `path:line:column: severity[rule]`, with the column counted in characters, then a snippet
//! drawn by miette with the span underlined, the message, and the fix as help text.
//!
//! Two things miette does not do for us:
//!
//! - **Columns.** miette counts columns in bytes, which is wrong on Chinese text (STYLE.md,
//!   habit 3). Our header carries the character column, and the snippet's title is our own
//!   location too (miette is told not to print its own).
//! - **Long lines.** A paragraph of Chinese news copy is one line of several hundred characters,
//!   and miette prints whole lines. We hand miette an excerpt instead: for each line that holds a
//!   label, a window of that line that fits the terminal width, cut with `…`, with miette's line
//!   numbers kept right (see [`Excerpt`]).
//!
//! When one rule fires three or more times on one line at one severity (a page typed with
//! half-width commas), the findings are grouped: one header "×40 on line 93", the first few
//! labelled in one snippet, and a count of the rest, so a page with 400 commas stays readable.
//! `concise` and the machine formats still list every finding.

use super::{FileReport, Position, RelatedAt, RenderOptions, Renderer, Stats, fix_text, tr};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lines::LineIndex;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};
use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};
use std::ops::Range;

/// Findings of one rule on one line (at one severity) from which on they are grouped.
const GROUP_MIN: usize = 3;
/// Most findings labelled in a grouped snippet.
const MAX_LABELS: usize = 5;

pub(crate) struct Human {
    opts: RenderOptions,
    stats: Stats,
    files: usize,
    /// Inputs that could not be checked (see [`Renderer::unchecked`]).
    unchecked: usize,
}

impl Human {
    pub fn new(opts: RenderOptions) -> Self {
        Human {
            opts,
            stats: Stats::default(),
            files: 0,
            unchecked: 0,
        }
    }

    fn handler(&self) -> GraphicalReportHandler {
        let theme = if self.opts.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        GraphicalReportHandler::new_themed(theme)
            .with_width(self.opts.width.max(40))
            .with_context_lines(0)
            .without_primary_span_start()
            .with_links(false)
            .without_syntax_highlighting()
    }

    /// `path:line:column: severity[rule]`, coloured when asked.
    fn header(&self, path: &str, p: Position, d: &Diagnostic, extra: &str) -> String {
        let sev = d.severity.as_str();
        if self.opts.color {
            let code = match d.severity {
                Severity::Error => "31",
                Severity::Warning => "33",
                Severity::Info => "36",
            };
            format!(
                "\x1b[1m{path}:{}:{}:\x1b[0m \x1b[1;{code}m{sev}\x1b[0m[{}]{extra}",
                p.line, p.column, d.rule
            )
        } else {
            format!("{path}:{}:{}: {sev}[{}]{extra}", p.line, p.column, d.rule)
        }
    }

    fn unit(
        &self,
        report: &FileReport,
        index: &LineIndex,
        unit: &[&Diagnostic],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let lang = self.opts.lang;
        let first = unit[0];
        let p = Position::of(index, report.text, &first.span);
        let grouped = unit.len() >= GROUP_MIN;

        // What to draw: the labelled findings and their related spans in this file.
        let mut wanted: Vec<Wanted> = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        let labelled = if grouped {
            &unit[..unit.len().min(MAX_LABELS)]
        } else {
            unit
        };
        for (k, d) in labelled.iter().enumerate() {
            let label = if grouped {
                short_fix(lang, d)
            } else if d.related.is_empty() {
                None
            } else {
                Some(tr(lang, "此处", "here"))
            };
            wanted.push(Wanted {
                span: d.span.clone(),
                label,
                primary: k == 0,
                finding: true,
            });
            for r in &d.related {
                let at = RelatedAt::of(r, report, index);
                if r.other.is_some() {
                    notes.push(format!("{}: {}:{}:{}", r.message, at.path, at.line, at.column));
                } else {
                    wanted.push(Wanted {
                        span: r.span.clone(),
                        label: Some(r.message.clone()),
                        primary: false,
                        finding: false,
                    });
                }
            }
        }

        let budget = self.opts.width.saturating_sub(16).max(24);
        let excerpt = Excerpt::build(
            format!("{}:{}:{}", report.path, p.line, p.column),
            report.text,
            index,
            &wanted,
            budget,
        );
        // Findings of a group that did not fit are counted with the unlabelled rest.
        let shown = excerpt
            .labels
            .iter()
            .zip(&wanted)
            .filter(|(l, w)| l.is_some() && w.finding)
            .count();
        for (l, w) in excerpt.labels.iter().zip(&wanted) {
            if l.is_none() && !w.finding {
                let (line, col) = index.line_col(report.text, w.span.start);
                let msg = w.label.clone().unwrap_or_default();
                notes.push(format!("{msg}: {}:{line}:{col}", report.path));
            }
        }

        let (extra, message, help) = if grouped {
            let summary = crate::rules::rule(first.rule)
                .map(|r| tr(lang, r.summary_zh, r.summary))
                .unwrap_or_else(|| first.message.clone());
            let n = unit.len();
            let extra = tr(
                lang,
                &format!(" ×{n}，第{}行", p.line),
                &format!(" ×{n} on line {}", p.line),
            );
            let message = tr(
                lang,
                &format!("{summary}（本行{n}处）"),
                &format!("{summary} ({n} on this line)"),
            );
            let rest = n - shown;
            let help = if rest > 0 {
                Some(tr(
                    lang,
                    &format!("另有{rest}处未标出；--format concise 逐条列出全部问题"),
                    &format!("{rest} more not labelled; --format concise lists every finding"),
                ))
            } else {
                None
            };
            (extra, message, help)
        } else {
            (
                String::new(),
                first.message.clone(),
                fix_text(lang, first, report.text),
            )
        };

        writeln!(out, "{}", self.header(report.path, p, first, &extra))?;
        let snippet = Snippet {
            message,
            severity: match first.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            },
            help,
            labels: excerpt.labels.iter().flatten().cloned().collect(),
            source: excerpt,
        };
        let mut s = String::new();
        self.handler()
            .render_report(&mut s, &snippet)
            .map_err(|_| io::Error::other("rendering a snippet failed"))?;
        out.write_all(s.as_bytes())?;
        for n in notes {
            writeln!(out, "  = {n}")?;
        }
        writeln!(out)
    }
}

/// The replacement alone, for a label in a grouped snippet: `“，”`, or "delete".
fn short_fix(lang: crate::diagnostic::Lang, d: &Diagnostic) -> Option<String> {
    let f = d.fix.as_ref()?;
    Some(if f.replacement.is_empty() {
        tr(lang, "删除", "delete")
    } else {
        format!("“{}”", f.replacement)
    })
}

impl Renderer for Human {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        if report.diagnostics.is_empty() {
            return Ok(());
        }
        self.files += 1;
        let index = report.line_index();
        // Group by rule, line and severity; groups too small to group become single findings.
        // Findings are held by their place in the file's list and built again to be shown.
        let all = report.diagnostics;
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut at: HashMap<(&str, usize, Severity), usize> = HashMap::new();
        for (k, d) in all.iter().enumerate() {
            self.stats.add(&d);
            let key = (d.rule, index.line_of(report.text, d.span.start), d.severity);
            let i = *at.entry(key).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[i].push(k);
        }
        let mut units: Vec<Vec<usize>> = Vec::new();
        for g in groups {
            if g.len() >= GROUP_MIN {
                units.push(g);
            } else {
                units.extend(g.into_iter().map(|k| vec![k]));
            }
        }
        // Each key once: a finding is read from the stream to get it (a stable sort, as before).
        units.sort_by_cached_key(|u| all.sort_key(u[0]));
        for u in &units {
            let found: Vec<Diagnostic> = u.iter().map(|&k| all.get(k)).collect();
            let refs: Vec<&Diagnostic> = found.iter().collect();
            self.unit(report, &index, &refs, out)?;
        }
        Ok(())
    }

    fn unchecked(&mut self, inputs: usize) {
        self.unchecked = inputs;
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let lang = self.opts.lang;
        if self.opts.statistics {
            self.stats.write(lang, out)?;
        }
        if self.opts.quiet {
            return Ok(());
        }
        let [e, w, i] = self.stats.totals();
        let n = e + w + i;
        if n == 0 && self.unchecked > 0 {
            let u = self.unchecked;
            return writeln!(
                out,
                "{}",
                tr(
                    lang,
                    &format!("已检查的文件未发现问题，但有 {u} 个输入未能检查（见标准错误）。"),
                    &format!(
                        "No problems found in the files checked, but {} could not be checked (see stderr).",
                        plural(u, "input")
                    ),
                )
            );
        }
        if n == 0 {
            return writeln!(out, "{}", tr(lang, "未发现问题。", "No problems found."));
        }
        let files = self.files;
        writeln!(
            out,
            "{}",
            tr(
                lang,
                &format!("共发现{n}个问题（error {e}，warning {w}，info {i}），涉及{files}个文件。"),
                &format!(
                    "Found {} ({}, {}, {i} info) in {}.",
                    plural(n, "problem"),
                    plural(e, "error"),
                    plural(w, "warning"),
                    plural(files, "file")
                ),
            )
        )
    }
}

/// `1 file`, `2 files`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// A span to draw and its label.
struct Wanted {
    span: Range<usize>,
    label: Option<String>,
    primary: bool,
    /// A finding (rather than a related span).
    finding: bool,
}

/// What miette renders: a message, a severity, labels into an [`Excerpt`], help.
struct Snippet {
    message: String,
    severity: miette::Severity,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    source: Excerpt,
}

impl fmt::Display for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Snippet {}

impl miette::Diagnostic for Snippet {
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// One window of one line inside an [`Excerpt`].
struct Segment {
    /// 0-based line in the file.
    line: usize,
    /// Where the window's text is in the excerpt.
    range: Range<usize>,
}

/// The source miette sees: windows of the lines that hold labels, one per line, joined with
/// `\n`, each knowing its real line number. miette asks for the lines around each label; we
/// answer with the window, and with two windows together only when they are consecutive lines
/// (that is when miette merges them into one snippet).
struct Excerpt {
    name: String,
    text: String,
    segments: Vec<Segment>,
    /// One per wanted span, in order: its label in excerpt offsets, or `None` when it did not
    /// fit the window.
    labels: Vec<Option<LabeledSpan>>,
}

/// Terminal columns a character takes: two for East Asian wide characters (Han, full-width
/// punctuation, kana, hangul), zero for controls, else one. An approximation of Unicode's East
/// Asian Width that is close enough to size a window.
fn char_width(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        0x09 => 4,
        0xFEFF | 0x200B..=0x200F => 0,
        _ if c.is_control() => 0,
        _ => 1,
    }
}

fn width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// Byte offset in `s` after walking forward from `from` while the width stays within `max`.
fn forward(s: &str, from: usize, max: usize) -> usize {
    let mut w = 0;
    for (i, c) in s[from..].char_indices() {
        w += char_width(c);
        if w > max {
            return from + i;
        }
    }
    s.len()
}

/// Byte offset in `s` after walking back from `from` while the width stays within `max`.
fn backward(s: &str, from: usize, max: usize) -> usize {
    let mut w = 0;
    for (i, c) in s[..from].char_indices().rev() {
        w += char_width(c);
        if w > max {
            return i + c.len_utf8();
        }
    }
    0
}

/// Round `i` down to a character boundary of `s`.
fn floor_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Excerpt {
    fn build(name: String, text: &str, index: &LineIndex, wanted: &[Wanted], budget: usize) -> Self {
        // Line of each wanted span, and its part on that line (a span running past the end
        // of its line is cut there: the snippet shows where it starts).
        let mut per_line: Vec<(usize, Vec<usize>)> = Vec::new();
        for (k, w) in wanted.iter().enumerate() {
            let line = index.line_of(text, w.span.start.min(text.len()));
            match per_line.iter_mut().find(|(l, _)| *l == line) {
                Some((_, v)) => v.push(k),
                None => per_line.push((line, vec![k])),
            }
        }
        per_line.sort_by_key(|(l, _)| *l);

        let mut out = Excerpt {
            name,
            text: String::new(),
            segments: Vec::new(),
            labels: vec![None; wanted.len()],
        };
        for (line, mut ks) in per_line {
            let mut lr = index.line_range(text, line);
            if lr.start == 0 && text.starts_with('\u{FEFF}') {
                lr.start = 3.min(lr.end);
            }
            let s = &text[lr.clone()];
            let local = |off: usize| floor_char(s, off.saturating_sub(lr.start));
            ks.sort_by_key(|&k| wanted[k].span.start);
            // The findings come first: a related span that does not fit is noted instead.
            ks.sort_by_key(|&k| !wanted[k].finding);
            let first = ks[0];
            let a0 = local(wanted[first].span.start);
            let mut reach = local(wanted[first].span.end).max(a0);
            if width(&s[a0..reach]) > budget {
                reach = forward(s, a0, budget);
            }
            let mut lo = a0;
            let mut fitted = Vec::new();
            for &k in &ks {
                let a = local(wanted[k].span.start);
                let b = local(wanted[k].span.end).max(a);
                let (l2, r2) = (lo.min(a), reach.max(b));
                if k == first || width(&s[l2..r2]) <= budget {
                    if k != first {
                        lo = l2;
                        reach = r2;
                    }
                    fitted.push(k);
                }
            }
            // Context around the labels: up to a third of what is left on the left, the rest
            // on the right, then the left again if the line ends early.
            let room = budget.saturating_sub(width(&s[lo..reach]));
            let mut ws = backward(s, lo, room / 3);
            let mut we = forward(s, reach, room - width(&s[ws..lo]));
            ws = backward(
                s,
                ws,
                room.saturating_sub(width(&s[ws..lo]) + width(&s[reach..we])),
            );
            if width(&s[ws..we]) > budget + 2 {
                we = forward(s, ws, budget);
            }
            let pre = if ws > 0 { "…" } else { "" };
            let post = if we < s.len() { "…" } else { "" };

            if !out.text.is_empty() {
                out.text.push('\n');
            }
            let seg_start = out.text.len();
            out.text.push_str(pre);
            let body = out.text.len();
            out.text.push_str(&s[ws..we]);
            out.text.push_str(post);
            out.segments.push(Segment {
                line,
                range: seg_start..out.text.len(),
            });
            for k in fitted {
                let w = &wanted[k];
                let a = local(w.span.start).clamp(ws, we);
                let b = local(w.span.end).clamp(a, we);
                let span = SourceSpan::from((body + a - ws, b - a));
                out.labels[k] = Some(if w.primary {
                    LabeledSpan::new_primary_with_span(w.label.clone(), span)
                } else {
                    LabeledSpan::new_with_span(w.label.clone(), span)
                });
            }
        }
        out
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span.offset();
        let end = start + span.len();
        let first = self
            .segments
            .iter()
            .position(|s| s.range.start <= start && start <= s.range.end)
            .ok_or(MietteError::OutOfBounds)?;
        let mut last = first;
        while self.segments[last].range.end < end {
            let next = last + 1;
            if next >= self.segments.len() || self.segments[next].line != self.segments[last].line + 1 {
                return Err(MietteError::OutOfBounds);
            }
            last = next;
        }
        let r = self.segments[first].range.start..self.segments[last].range.end;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[r.clone()],
            SourceSpan::from((r.start, r.len())),
            self.segments[first].line,
            0,
            last - first + 1,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths() {
        assert_eq!(width("新华社a"), 7);
        assert_eq!(forward("新华社", 0, 4), 6);
        assert_eq!(backward("新华社", 9, 4), 3);
    }
}
