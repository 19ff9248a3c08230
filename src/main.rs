//! The `newslint` binary: parse the arguments, run the command with the process's streams,
//! exit with its status. Everything else is in the library (`newslint::app`).

use clap::Parser;
use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    // Usage errors exit 2 (clap's default); --help and --version exit 0.
    let cli = newslint::cli::Cli::parse();
    let stdout = io::stdout();
    let stdout_is_terminal = stdout.is_terminal();
    // Block-buffered even on a terminal: the renderers write many small pieces.
    let mut out = io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    // Not locked for the whole run: the progress bar (crate::progress) draws on stderr from
    // rayon's worker threads while this thread waits, and a lock held here would deadlock it.
    let mut err = io::stderr();
    let mut stdin = io::stdin().lock();
    let mut streams = newslint::app::Io {
        stdin: &mut stdin,
        stdout: &mut out,
        stderr: &mut err,
        stdout_is_terminal,
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        width: std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(100),
    };
    let code = newslint::app::run(cli, &mut streams, newslint::render::renderer_for);
    // `run` flushed stdout; a closed pipe there was already treated as success. Drop the
    // buffer without a second flush attempt's error mattering.
    let _ = out.flush();
    ExitCode::from(code)
}
