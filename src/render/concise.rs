//! `concise`: `path:line:column: severity[rule] message`, one finding per line, for grep and
//! editors' error parsers.

use super::{FileReport, Position, RenderOptions, Renderer, Stats};
use std::io::{self, Write};

pub(crate) struct Concise {
    opts: RenderOptions,
    stats: Stats,
}

impl Concise {
    pub fn new(opts: RenderOptions) -> Self {
        Concise {
            opts,
            stats: Stats::default(),
        }
    }
}

impl Renderer for Concise {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn file(&mut self, report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        if report.diagnostics.is_empty() {
            return Ok(());
        }
        let index = report.line_index();
        for d in report.diagnostics.iter() {
            self.stats.add(&d);
            let p = Position::of(&index, report.text, &d.span);
            // A message never spans lines here: one finding, one line.
            let message = d.message.replace(['\r', '\n'], " ");
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                report.path,
                p.line,
                p.column,
                d.severity.as_str(),
                d.rule,
                message
            )?;
        }
        Ok(())
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.opts.statistics {
            self.stats.write(self.opts.lang, out)?;
        }
        Ok(())
    }
}
