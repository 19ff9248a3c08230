//! Corpus mode: `newslint check --input jsonl`, for news archives kept as JSON Lines (one
//! article per line) and for running newslint as one step of a data pipeline (Spark's
//! `RDD.pipe`, `xargs -P` or GNU parallel over sharded files; see README, "Corpus mode").
//!
//! Design:
//! - The input is streamed, never loaded whole: lines are read one at a time through a
//!   `BufRead` into batches of at most [`BATCH_LINES`] lines or [`BATCH_BYTES`] bytes, each batch
//!   is checked in parallel (rayon) and written out before the next one is read. Memory is
//!   bounded by one batch and its findings, whatever the size of the archive.
//! - Output is JSON Lines, in input order: the same object as `--format jsonl` (built by the
//!   same renderer, so the two cannot drift) plus an `id` key after `path`, the article's id.
//!   `start`/`end` are byte offsets into the article's text (the decoded string value of the
//!   text field), and `line`/`column` count inside that text.
//! - A malformed line (invalid UTF-8, not JSON, not an object, text field missing or not a
//!   string, id neither a string nor a number) is reported on stderr with its line number and
//!   skipped; every other line is still checked, and the exit status is 2. Blank lines are
//!   skipped silently.
//! - Cross-article duplicate detection (the cross-file phase of a normal run) is not done here:
//!   each article is checked on its own, as if with `--no-cross-file`.

use crate::app::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Io, RendererFactory};
use crate::cli::CheckArgs;
use crate::config::{ConfigChoice, ConfigError, Discovery, Overrides, Scope};
use crate::diagnostic::Severity;
use crate::document::{Document, SourceKind};
use crate::render::{FileReport, Format, RenderOptions};
use crate::settings::Settings;
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use serde_json::Value;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Most lines checked in one parallel batch.
pub const BATCH_LINES: usize = 1024;
/// Most bytes of input held in one batch (a batch also ends after a line that crosses this).
pub const BATCH_BYTES: usize = 64 << 20;

/// `--input`, `--text-field`, `--id-field` (flattened into `newslint check`).
#[derive(Debug, Clone, Args)]
pub struct CorpusArgs {
    /// What the inputs are: `text` (plain text or Markdown files, the default) or `jsonl` (an
    /// archive with one JSON object per line, an article each; output is JSON Lines with the
    /// article id, see README "Corpus mode"; --format defaults to jsonl then and other formats
    /// are refused). Each article is checked on its own: paragraphs
    /// repeated across articles are not looked for.
    #[arg(
        long,
        value_enum,
        value_name = "KIND",
        default_value = "text",
        help_heading = "Corpus mode"
    )]
    pub input: InputKind,

    /// With --input jsonl: the key holding each article's text.
    #[arg(
        long,
        value_name = "KEY",
        default_value = "content",
        help_heading = "Corpus mode"
    )]
    pub text_field: String,

    /// With --input jsonl: the key holding each article's id (a string or a number; when it is
    /// missing or null the line number is used).
    #[arg(long, value_name = "KEY", default_value = "id", help_heading = "Corpus mode")]
    pub id_field: String,
}

/// `--input`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputKind {
    /// Text or Markdown files (the normal mode).
    Text,
    /// JSON Lines, one article per line.
    Jsonl,
}

impl CorpusArgs {
    /// True for `--input jsonl`.
    pub fn is_jsonl(&self) -> bool {
        self.input == InputKind::Jsonl
    }
}

/// What checking one line produced.
enum LineOutcome {
    /// A blank line.
    Blank,
    /// The rendered findings (possibly none) and whether any is at or above fail-on.
    Checked { out: Vec<u8>, failing: bool },
    /// Why the line was skipped.
    Malformed(String),
}

/// Everything a line's check needs, shared by the worker threads.
struct Job<'a> {
    path: &'a str,
    text_field: &'a str,
    id_field: &'a str,
    settings: &'a Settings,
    fail_on: Severity,
    renderers: RendererFactory,
    render_opts: &'a RenderOptions,
}

/// The absolute path of an archive and the config scope that governs it: the config above the
/// file, or above the current directory for stdin (`-`).
fn scope_of(disc: &mut Discovery, path: &Path) -> (PathBuf, Result<Arc<Scope>, Arc<ConfigError>>) {
    let is_stdin = path.as_os_str() == "-";
    let abs = std::path::absolute(if is_stdin { Path::new(".") } else { path })
        .unwrap_or_else(|_| path.to_path_buf());
    let scope = if is_stdin {
        disc.scope_for_dir(&abs)
    } else {
        disc.scope_for(&abs, false)
    };
    (abs, scope)
}

/// Run `newslint check --input jsonl`. Returns the exit status.
pub fn command(args: &CheckArgs, io: &mut Io, renderers: RendererFactory) -> u8 {
    if let Some(e) = usage_error(args) {
        let _ = writeln!(io.stderr, "error: {e}");
        return EXIT_ERROR;
    }
    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    let overrides = Overrides {
        lang: args.lang.map(Into::into),
        select: args.select.as_ref().map(|s| s.iter().cloned().collect()),
        ignore: args.ignore.iter().cloned().collect(),
        fail_on: args.fail_on.map(Into::into),
    };
    let choice = match (&args.config, args.no_config) {
        (Some(p), _) => ConfigChoice::File(p.clone()),
        (None, true) => ConfigChoice::None,
        (None, false) => ConfigChoice::Discover,
    };
    let mut disc = match Discovery::new(choice, overrides) {
        Ok(d) => d,
        Err(e) => {
            let _ = writeln!(io.stderr, "error: {e}");
            return EXIT_ERROR;
        }
    };
    // Rule ids are checked once the configs are loaded: house rules are defined there.
    for path in &paths {
        let _ = scope_of(&mut disc, path);
    }
    if let Err(e) = disc.check_rule_ids() {
        let _ = writeln!(io.stderr, "error: {e}");
        return EXIT_ERROR;
    }
    let mut errors = 0usize;
    let mut failing = false;
    for path in &paths {
        let is_stdin = path.as_os_str() == "-";
        let display = if is_stdin {
            args.stdin_filename.clone().unwrap_or_else(|| "-".to_string())
        } else {
            crate::run::display_path(path)
        };
        let (abs, scope) = scope_of(&mut disc, path);
        let scope: Arc<Scope> = match scope {
            Ok(s) => s,
            Err(e) => {
                let _ = writeln!(io.stderr, "error: {e}");
                errors += 1;
                continue;
            }
        };
        let settings = if is_stdin {
            scope.settings.clone()
        } else {
            scope.settings_for(&abs)
        };
        let render_opts = RenderOptions {
            color: false,
            lang: settings.lang,
            width: io.width,
            statistics: false,
            quiet: false,
        };
        let job = Job {
            path: &display,
            text_field: &args.corpus.text_field,
            id_field: &args.corpus.id_field,
            settings: &settings,
            fail_on: scope.fail_on,
            renderers,
            render_opts: &render_opts,
        };
        let result = if is_stdin {
            stream(
                BufReader::new(&mut *io.stdin),
                &job,
                scope.max_file_size,
                io.stdout,
                io.stderr,
            )
        } else {
            match std::fs::File::open(path) {
                Ok(_) if path.is_dir() => {
                    let _ = writeln!(
                        io.stderr,
                        "error: {display}: is a directory (--input jsonl reads files)"
                    );
                    errors += 1;
                    continue;
                }
                Ok(f) => stream(
                    BufReader::with_capacity(256 * 1024, f),
                    &job,
                    scope.max_file_size,
                    io.stdout,
                    io.stderr,
                ),
                Err(e) => {
                    let _ = writeln!(io.stderr, "error: {display}: cannot open: {e}");
                    errors += 1;
                    continue;
                }
            }
        };
        match result {
            Ok(s) => {
                errors += s.malformed;
                failing |= s.failing;
            }
            // A closed stdout ends the run quietly, as in a normal check; the exit status is
            // still the one the findings seen so far call for.
            Err(StreamError::Output(e, s)) if e.kind() == io::ErrorKind::BrokenPipe => {
                errors += s.malformed;
                failing |= s.failing;
                break;
            }
            Err(StreamError::Output(e, _)) => {
                let _ = writeln!(io.stderr, "error: writing output: {e}");
                return EXIT_ERROR;
            }
            Err(StreamError::Input { line, error, stats }) => {
                let _ = writeln!(io.stderr, "error: {display}:{line}: reading failed: {error}");
                errors += stats.malformed + 1;
                failing |= stats.failing;
            }
        }
    }
    if errors > 0 {
        EXIT_ERROR
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Flags that make no sense with `--input jsonl`.
fn usage_error(args: &CheckArgs) -> Option<String> {
    if args.fix.fix || args.fix.diff {
        return Some("--fix and --diff cannot be used with --input jsonl (corpus mode only reports)".into());
    }
    if args.format != Format::Jsonl {
        return Some(format!(
            "--input jsonl writes JSON Lines only: use --format jsonl (the default with --input jsonl), not {}",
            args.format
                .to_possible_value()
                .map_or_else(String::new, |v| v.get_name().to_string())
        ));
    }
    if args.paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Some("stdin (`-`) can be named only once".into());
    }
    None
}

/// Counts from one input.
#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    malformed: usize,
    failing: bool,
}

/// Why streaming one input stopped early.
enum StreamError {
    /// Writing the findings failed (a closed pipe included); `Stats` covers what was checked.
    Output(io::Error, Stats),
    /// Reading the input failed at `line`; `stats` covers the lines before it.
    Input {
        line: usize,
        error: io::Error,
        stats: Stats,
    },
}

/// Read `reader` line by line in bounded batches, check each batch in parallel and write the
/// findings in input order; malformed lines go to `err`.
fn stream(
    mut reader: impl BufRead,
    job: &Job,
    max_line: u64,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Stats, StreamError> {
    let mut stats = Stats::default();
    let mut line_no = 0usize;
    let mut batch: Vec<(usize, Result<Vec<u8>, String>)> = Vec::with_capacity(BATCH_LINES);
    loop {
        let mut bytes_in_batch = 0usize;
        let mut eof = false;
        while batch.len() < BATCH_LINES && bytes_in_batch < BATCH_BYTES {
            line_no += 1;
            let line = read_line(&mut reader, max_line).map(|l| {
                // A byte-order mark at the start of the input is not part of the first object.
                l.map(|r| {
                    r.map(|mut b| {
                        if line_no == 1 && b.starts_with(b"\xEF\xBB\xBF") {
                            b.drain(..3);
                        }
                        b
                    })
                })
            });
            match line {
                Ok(None) => {
                    eof = true;
                    break;
                }
                Ok(Some(l)) => {
                    if let Ok(b) = &l {
                        bytes_in_batch += b.len();
                    }
                    batch.push((line_no, l));
                }
                Err(error) => {
                    // Check and write what was read before the failure, then stop.
                    flush_batch(&mut batch, job, out, err, &mut stats)
                        .map_err(|e| StreamError::Output(e, stats))?;
                    return Err(StreamError::Input {
                        line: line_no,
                        error,
                        stats,
                    });
                }
            }
        }
        flush_batch(&mut batch, job, out, err, &mut stats).map_err(|e| StreamError::Output(e, stats))?;
        if eof {
            return Ok(stats);
        }
    }
}

/// Check a batch in parallel and write its results in order; empties the batch.
fn flush_batch(
    batch: &mut Vec<(usize, Result<Vec<u8>, String>)>,
    job: &Job,
    out: &mut dyn Write,
    err: &mut dyn Write,
    stats: &mut Stats,
) -> io::Result<()> {
    let results: Vec<(usize, LineOutcome)> = batch
        .par_drain(..)
        .map(|(n, line)| {
            let outcome = match line {
                Ok(bytes) => check_line(&bytes, n, job),
                Err(msg) => LineOutcome::Malformed(msg),
            };
            (n, outcome)
        })
        .collect();
    for (n, r) in results {
        match r {
            LineOutcome::Blank => {}
            LineOutcome::Checked { out: bytes, failing } => {
                stats.failing |= failing;
                out.write_all(&bytes)?;
            }
            LineOutcome::Malformed(msg) => {
                stats.malformed += 1;
                let _ = writeln!(err, "error: {}:{n}: skipped malformed line: {msg}", job.path);
            }
        }
    }
    Ok(())
}

/// One line without its line ending, `Ok(None)` at the end of input, or `Ok(Some(Err))` for a
/// line longer than `max` bytes (the rest of which is skipped without being held in memory).
fn read_line(reader: &mut impl BufRead, max: u64) -> io::Result<Option<Result<Vec<u8>, String>>> {
    let mut buf = Vec::new();
    let n = reader
        .by_ref()
        .take(max.saturating_add(1))
        .read_until(b'\n', &mut buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        return Ok(Some(Ok(buf)));
    }
    if (buf.len() as u64) <= max {
        // The last line, without a final newline.
        return Ok(Some(Ok(buf)));
    }
    // Too long: skip to the end of the line.
    drop(buf);
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        match memchr::memchr(b'\n', chunk) {
            Some(i) => {
                reader.consume(i + 1);
                break;
            }
            None => {
                let len = chunk.len();
                reader.consume(len);
            }
        }
    }
    Ok(Some(Err(format!("line longer than max-file-size ({max} bytes)"))))
}

/// Parse one line, check its article and render its findings.
fn check_line(bytes: &[u8], line_no: usize, job: &Job) -> LineOutcome {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return LineOutcome::Blank;
    }
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => return LineOutcome::Malformed(format!("not valid JSON ({e})")),
    };
    let Value::Object(mut obj) = value else {
        return LineOutcome::Malformed("not a JSON object".into());
    };
    let text = match obj.remove(job.text_field) {
        Some(Value::String(s)) => s,
        Some(_) => {
            return LineOutcome::Malformed(format!("text field \"{}\" is not a string", job.text_field));
        }
        None => return LineOutcome::Malformed(format!("no text field \"{}\"", job.text_field)),
    };
    let id = match obj.remove(job.id_field) {
        Some(v @ (Value::String(_) | Value::Number(_))) => v,
        None | Some(Value::Null) => Value::from(line_no),
        Some(_) => {
            return LineOutcome::Malformed(format!(
                "id field \"{}\" is neither a string nor a number",
                job.id_field
            ));
        }
    };
    let mut doc = Document::parse(&text, SourceKind::Plain);
    let diagnostics = crate::check_findings(&doc, job.settings);
    let lines = doc.take_lines();
    drop(doc);
    if diagnostics.is_empty() {
        return LineOutcome::Checked {
            out: Vec::new(),
            failing: false,
        };
    }
    let failing = diagnostics.severities().any(|s| s >= job.fail_on);
    let mut rendered = Vec::new();
    let mut r = (job.renderers)(Format::Jsonl, job.render_opts.clone());
    let report = FileReport {
        path: job.path,
        text: &text,
        diagnostics: &diagnostics,
        lines: Some(&lines),
    };
    r.begin(&mut rendered)
        .and_then(|()| r.file(&report, &mut rendered))
        .and_then(|()| r.end(&mut rendered))
        .expect("writing to a Vec");
    LineOutcome::Checked {
        out: add_id(&rendered, job.path, &id),
        failing,
    }
}

/// Insert `"id":…` after the `path` key of every line of a `--format jsonl` rendering.
fn add_id(rendered: &[u8], path: &str, id: &Value) -> Vec<u8> {
    let prefix = format!("{{\"path\":{},", Value::from(path));
    let id_kv = format!("\"id\":{id},");
    let mut out = Vec::with_capacity(rendered.len() + 32);
    for line in rendered.split_inclusive(|&b| b == b'\n') {
        if let Some(rest) = line.strip_prefix(prefix.as_bytes()) {
            out.extend_from_slice(prefix.as_bytes());
            out.extend_from_slice(id_kv.as_bytes());
            out.extend_from_slice(rest);
        } else if let Some(rest) = line.strip_prefix(b"{") {
            // Not the jsonl renderer's key order (a custom renderer): put the id first.
            out.push(b'{');
            out.extend_from_slice(id_kv.as_bytes());
            out.extend_from_slice(rest);
        } else {
            out.extend_from_slice(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_goes_after_path() {
        let r = b"{\"path\":\"a.jsonl\",\"rule\":\"x\"}\n{\"path\":\"a.jsonl\",\"rule\":\"y\"}\n";
        let out = add_id(r, "a.jsonl", &Value::from("n-1"));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"path\":\"a.jsonl\",\"id\":\"n-1\",\"rule\":\"x\"}\n{\"path\":\"a.jsonl\",\"id\":\"n-1\",\"rule\":\"y\"}\n"
        );
        let out = add_id(b"{\"path\":\"b\",\"rule\":\"x\"}\n", "b", &Value::from(7));
        assert_eq!(out, b"{\"path\":\"b\",\"id\":7,\"rule\":\"x\"}\n");
    }

    #[test]
    fn lines_lose_their_endings_and_long_lines_are_skipped_whole() {
        let mut r = io::Cursor::new(b"ab\r\ncdefgh\nij".to_vec());
        assert_eq!(read_line(&mut r, 4).unwrap(), Some(Ok(b"ab".to_vec())));
        assert!(matches!(read_line(&mut r, 4).unwrap(), Some(Err(_))));
        assert_eq!(read_line(&mut r, 4).unwrap(), Some(Ok(b"ij".to_vec())));
        assert_eq!(read_line(&mut r, 4).unwrap(), None);
    }
}
