//! `github`: GitHub Actions workflow commands, which the runner turns into annotations on the
//! pull request:
//! `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=newslint(rule)::message`.
//!
//! Escaping follows the Actions toolkit (`@actions/core` `command.ts`): in the message, `%`,
//! `\r` and `\n` are percent-encoded; in property values `:` and `,` are too.

use super::{FileReport, Position, Renderer};
use crate::diagnostic::Severity;
use std::io::{self, Write};

pub(crate) struct Github;

/// Escape the message part of a workflow command.
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a property value of a workflow command.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Renderer for Github {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        if report.diagnostics.is_empty() {
            return Ok(());
        }
        let index = report.line_index();
        let file = escape_property(report.path);
        for d in report.diagnostics.iter() {
            let p = Position::of(&index, report.text, &d.span);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            writeln!(
                out,
                "::{command} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
                p.line,
                p.column,
                p.end_line,
                p.end_column,
                escape_property(&format!("newslint({})", d.rule)),
                escape_data(&d.message)
            )?;
        }
        Ok(())
    }

    fn end(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_toolkit() {
        assert_eq!(escape_data("100%\r\nok"), "100%25%0D%0Aok");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
