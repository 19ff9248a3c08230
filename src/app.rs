//! The commands behind the command line. `main` parses the arguments and hands them here with
//! the process's streams; everything is written to the streams it is given (never printed
//! directly) and the result is an exit status, so the whole CLI can be driven in-process by
//! tests with any [`Renderer`].
//!
//! Output discipline: findings go to stdout through the renderer; errors, notes and the
//! summary go to stderr. A closed stdout (piped into `head`) ends the output quietly and the
//! exit status is still the one the findings call for.

use crate::cli::{CheckArgs, Cli, Command, ExplainArgs, RulesArgs};
use crate::config::{self, ConfigChoice, Overrides};
use crate::diagnostic::Lang;
use crate::fixmode;
use crate::input::InputError;
use crate::render::{Format, RenderOptions, Renderer};
use crate::rules;
use crate::run::{self, CheckOptions, CrossFile, FileResult, Outcome, Summary};
use std::io::{self, Read, Write};
use std::path::PathBuf;

/// Exit status: nothing at or above `--fail-on`.
pub const EXIT_CLEAN: u8 = 0;
/// Exit status: findings at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: usage, config or I/O error.
pub const EXIT_ERROR: u8 = 2;

/// Builds the renderer for a format (`render::renderer_for` in the binary).
pub type RendererFactory = fn(Format, RenderOptions) -> Box<dyn Renderer>;

/// The process's streams and what is known about the terminal.
pub struct Io<'a> {
    /// Standard input (read only for `-`).
    pub stdin: &'a mut dyn Read,
    /// Findings.
    pub stdout: &'a mut dyn Write,
    /// Errors, notes, summary.
    pub stderr: &'a mut dyn Write,
    /// Whether stdout is a terminal (for `--color auto`).
    pub stdout_is_terminal: bool,
    /// Whether NO_COLOR is set to a non-empty value.
    pub no_color: bool,
    /// Terminal width for the human renderer.
    pub width: usize,
}

/// Run the parsed command line. Returns the exit status.
pub fn run(cli: Cli, io: &mut Io, renderers: RendererFactory) -> u8 {
    let code = match cli.command {
        Command::Check(args) => check(args, io, renderers),
        Command::Rules(args) => list_rules(&args, io),
        Command::Explain(args) => explain(&args, io),
        Command::Review(args) => crate::review::command(args, io),
        Command::Tools(t) => crate::tools::run(t, io),
    };
    match io.stdout.flush() {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            let _ = writeln!(io.stderr, "error: writing output: {e}");
            EXIT_ERROR
        }
        _ => code,
    }
}

pub(crate) fn error(io: &mut Io, msg: impl std::fmt::Display) -> u8 {
    let _ = writeln!(io.stderr, "error: {msg}");
    EXIT_ERROR
}

fn check(args: CheckArgs, io: &mut Io, renderers: RendererFactory) -> u8 {
    if let Some(e) = args.fix.usage_error() {
        return error(io, e);
    }
    if args.paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return error(io, "stdin (`-`) can be named only once");
    }
    // --input jsonl: corpus mode (src/corpus.rs).
    if args.corpus.is_jsonl() {
        return crate::corpus::command(&args, io, renderers);
    }
    // No path: stdin when it has been given a name, else the current directory.
    let paths = match (args.paths.is_empty(), &args.stdin_filename) {
        (false, _) => args.paths.clone(),
        (true, Some(_)) => vec![PathBuf::from("-")],
        (true, None) => vec![PathBuf::from(".")],
    };
    // One file, or stdin alone, has no other file to share a paragraph with: its paragraphs
    // are not fingerprinted (on one 10 MB file that was 16% of the run).
    let single_source = paths.len() == 1 && (paths[0].as_os_str() == "-" || paths[0].is_file());
    let opts = CheckOptions {
        paths,
        stdin_filename: args.stdin_filename.clone(),
        cross_file: !args.no_cross_file && !single_source,
        config: match (&args.config, args.no_config) {
            (Some(p), _) => ConfigChoice::File(p.clone()),
            (None, true) => ConfigChoice::None,
            (None, false) => ConfigChoice::Discover,
        },
        overrides: Overrides {
            lang: args.lang.map(Into::into),
            select: args.select.as_ref().map(|s| s.iter().cloned().collect()),
            ignore: args.ignore.iter().cloned().collect(),
            fail_on: args.fail_on.map(Into::into),
        },
    };
    let color = args.color.enabled(io.stdout_is_terminal, io.no_color);
    let width = io.width;
    let render_options = |lang| RenderOptions {
        color,
        lang,
        width,
        statistics: args.statistics,
        quiet: args.quiet,
    };
    let mut late_errors = Vec::new();
    let mut write_error = None;
    let (plan, results, lang, fixed) = if args.fix.diff || args.fix.fix {
        // --diff and --fix (src/fixmode.rs) need the whole plan before anything is checked.
        let (plan, mut discovery) = match run::plan(&opts) {
            Ok(p) => p,
            Err(e) => return error(io, e),
        };
        // Rule ids are checked once the configs are loaded: house rules are defined there.
        if let Err(e) = discovery.check_rule_ids() {
            return error(io, e);
        }
        let lang = run_lang(&opts, &mut discovery, plan.targets.first());
        // Fix before checking, so the check reports what remains. Files are re-read from disk;
        // stdin is replaced by its fixed text.
        if args.fix.diff {
            return fixmode::diff_command(plan, io, &args.fix, color, args.quiet, lang);
        }
        let fixed = fixmode::run(
            &plan.targets,
            io.stdin,
            fixmode::Mode::Write,
            args.fix.unsafe_fixes,
            &fixmode::rules,
        );
        let mut fixed_stdin = fixed.stdin_bytes();
        let progress = crate::progress::Progress::for_files(plan.targets.len(), args.quiet);
        let mut plan = plan;
        let targets = std::mem::take(&mut plan.targets);
        let mut results =
            run::check_with_progress(targets, &mut fixed_stdin, opts.cross_file, &|| progress.tick());
        progress.finish();
        if opts.cross_file {
            run::cross_file(&mut results);
        }
        let mut renderer = renderers(args.format, render_options(lang));
        // `--fix -`: stdout carries the fixed text, so the findings go to stderr.
        let fixed_text = fixed.stdin_text();
        if let Some(t) = fixed_text
            && let Err(e) = io.stdout.write_all(t.as_bytes())
            && e.kind() != io::ErrorKind::BrokenPipe
        {
            write_error = Some(e);
        }
        let findings_out: &mut dyn Write = if fixed_text.is_some() {
            &mut *io.stderr
        } else {
            &mut *io.stdout
        };
        match run::render(&results, plan.errors.len(), renderer.as_mut(), findings_out) {
            Ok(errors) => late_errors = errors,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
            Err(e) => write_error = Some(e),
        }
        (plan, results, lang, Some(fixed))
    } else {
        // Plain checking: files are checked while the directories are still being walked, and
        // compared across files and rendered, in order, while later ones are still being
        // checked (run::plan_and_check); the output is the same as doing it step by step.
        // A progress bar on a terminal for many files (crate::progress decides); while one may
        // be drawn, rendering waits until every file is checked and the bar is cleared.
        let progress = crate::progress::Progress::growing(args.quiet);
        let mut pipeline = Pipeline {
            opts: &opts,
            make: &|lang| renderers(args.format, render_options(lang)),
            render_now: !progress.is_visible(),
            cross: opts.cross_file.then(CrossFile::default),
            out: &mut *io.stdout,
            lang: Lang::default(),
            renderer: None,
            rendered: Ok(Vec::new()),
        };
        let checked = run::plan_and_check(
            &opts,
            &mut *io.stdin,
            &mut || progress.found(),
            &|| progress.tick(),
            &mut pipeline,
        );
        progress.finish();
        let checked = match checked {
            Ok(c) => c,
            Err(e) => return error(io, e),
        };
        let lang = pipeline.lang;
        let rendered = match (pipeline.renderer, pipeline.rendered) {
            (Some(mut renderer), Ok(mut errors)) => {
                let planned = checked.plan.errors.len();
                if pipeline.render_now {
                    renderer.unchecked(run::unchecked(&checked.results, planned + errors.len()));
                    renderer.end(pipeline.out).map(|()| errors)
                } else {
                    run::render(&checked.results, planned, renderer.as_mut(), pipeline.out).map(|mut e| {
                        errors.append(&mut e);
                        errors
                    })
                }
            }
            (_, rendered) => rendered,
        };
        match rendered {
            Ok(errors) => late_errors = errors,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
            Err(e) => write_error = Some(e),
        }
        (checked.plan, checked.results, lang, None)
    };

    // Errors and notes, in the stable order of the files they are about.
    for e in &plan.errors {
        let _ = writeln!(io.stderr, "error: {e}");
    }
    for r in &results {
        match &r.outcome {
            Outcome::Failed(e) => {
                let _ = writeln!(io.stderr, "error: {e}");
            }
            Outcome::Skipped(e) if !args.quiet => {
                let _ = writeln!(io.stderr, "note: {e}");
            }
            _ => {}
        }
    }
    for e in &late_errors {
        let _ = writeln!(io.stderr, "error: {e}");
    }
    if !args.quiet {
        for n in &plan.notes {
            let _ = writeln!(io.stderr, "note: {n}");
        }
    }
    let fix_errors = fixed
        .as_ref()
        .map_or(0, |f| fixmode::report(f, io.stderr, args.quiet, lang));
    let extra = plan.errors.len() + late_errors.len() + usize::from(write_error.is_some()) + fix_errors;
    if let Some(e) = write_error {
        let _ = writeln!(io.stderr, "error: writing output: {e}");
    }
    let summary = Summary::of(&results, extra);
    if !args.quiet && matches!(args.format, Format::Human | Format::Concise) {
        let _ = writeln!(io.stderr, "{}", summary_line(&summary, lang));
    }
    // Freeing every file's text and findings is serial work (about 0.6% of a 10,000-file run)
    // that the exit status does not wait for.
    rayon::spawn(move || drop(results));
    summary.exit_code()
}

/// What `check` does with each result while later files are still being checked: the
/// cross-file comparison, then rendering (unless a progress bar may be drawn).
struct Pipeline<'a> {
    opts: &'a CheckOptions,
    make: &'a dyn Fn(Lang) -> Box<dyn Renderer>,
    render_now: bool,
    cross: Option<CrossFile>,
    out: &'a mut dyn Write,
    /// The run's language, known at `start`.
    lang: Lang,
    renderer: Option<Box<dyn Renderer>>,
    /// Files that could not be rendered so far, or the write error that stopped rendering.
    rendered: io::Result<Vec<InputError>>,
}

impl run::Sink for Pipeline<'_> {
    fn start(&mut self, discovery: &mut config::Discovery, first: Option<&run::Target>) {
        self.lang = run_lang(self.opts, discovery, first);
        let mut renderer = (self.make)(self.lang);
        if self.render_now
            && let Err(e) = renderer.begin(self.out)
        {
            self.rendered = Err(e);
        }
        self.renderer = Some(renderer);
    }

    fn result(&mut self, result: &mut FileResult) {
        if let Some(cross) = &mut self.cross {
            cross.add(result);
        }
        if !self.render_now {
            return;
        }
        // After a write error nothing more is rendered, as in run::render.
        if let (Some(renderer), Ok(errors)) = (&mut self.renderer, &mut self.rendered)
            && let Err(e) = run::render_file(result, renderer.as_mut(), self.out, errors)
        {
            self.rendered = Err(e);
        }
    }
}

/// The run's own words (summary, renderer labels) follow --lang, else the config that governs
/// the current directory, else the config of the first file checked.
fn run_lang(opts: &CheckOptions, discovery: &mut config::Discovery, first: Option<&run::Target>) -> Lang {
    opts.overrides
        .lang
        .or_else(|| {
            discovery
                .scope_for_cwd()
                .ok()
                .filter(|s| s.config.is_some())
                .map(|s| s.settings.lang)
        })
        .or_else(|| first.map(|t| t.scope.settings.lang))
        .unwrap_or_default()
}

/// "3 个问题（2 个警告，1 个提示），检查了 5 个文件" / "3 problems (2 warnings, 1 info), 5 files
/// checked".
pub fn summary_line(s: &Summary, lang: Lang) -> String {
    let mut line = match lang {
        Lang::Zh => {
            let mut parts = Vec::new();
            for (n, name) in [(s.errors, "错误"), (s.warnings, "警告"), (s.infos, "提示")] {
                if n > 0 {
                    parts.push(format!("{n} 个{name}"));
                }
            }
            if s.findings() == 0 {
                format!("没有发现问题，检查了 {} 个文件", s.files)
            } else {
                format!(
                    "{} 个问题（{}），检查了 {} 个文件",
                    s.findings(),
                    parts.join("，"),
                    s.files
                )
            }
        }
        Lang::En => {
            let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
            let mut parts = Vec::new();
            if s.errors > 0 {
                parts.push(plural(s.errors, "error", "errors"));
            }
            if s.warnings > 0 {
                parts.push(plural(s.warnings, "warning", "warnings"));
            }
            if s.infos > 0 {
                parts.push(plural(s.infos, "info", "info"));
            }
            let files = plural(s.files, "file", "files");
            if s.findings() == 0 {
                format!("No problems found, {files} checked")
            } else {
                format!(
                    "{} ({}), {files} checked",
                    plural(s.findings(), "problem", "problems"),
                    parts.join(", ")
                )
            }
        }
    };
    if s.problems > 0 {
        match lang {
            Lang::Zh => line.push_str(&format!("；{} 个输入错误（见上）", s.problems)),
            Lang::En => line.push_str(&format!(
                "; {} input error{} (see above)",
                s.problems,
                if s.problems == 1 { "" } else { "s" }
            )),
        }
    }
    line
}

/// Display width: East Asian wide characters (Han, full-width forms) take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

fn pad(s: &str, to: usize) -> String {
    format!("{s}{}", " ".repeat(to.saturating_sub(width(s))))
}

fn list_rules(args: &RulesArgs, io: &mut Io) -> u8 {
    let lang: Lang = args.lang.into();
    let header: [&str; 4] = match lang {
        Lang::Zh => ["规则", "默认级别", "修复", "说明"],
        Lang::En => ["RULE", "SEVERITY", "FIX", "SUMMARY"],
    };
    let all = rules::all_rules();
    let w0 = all
        .iter()
        .map(|r| r.id.len())
        .chain([width(header[0])])
        .max()
        .unwrap_or(0);
    let w1 = width(header[1]).max("warning".len());
    let w2 = all
        .iter()
        .map(|r| r.fix.as_str().len())
        .chain([width(header[2])])
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    let row = |out: &mut String, c: [&str; 4]| {
        out.push_str(&format!(
            "{}  {}  {}  {}\n",
            pad(c[0], w0),
            pad(c[1], w1),
            pad(c[2], w2),
            c[3]
        ));
    };
    row(&mut out, header);
    for r in &all {
        let summary = match lang {
            Lang::Zh => r.summary_zh,
            Lang::En => r.summary,
        };
        row(&mut out, [r.id, r.severity.as_str(), r.fix.as_str(), summary]);
    }
    write_out(io, &out)
}

fn explain(args: &ExplainArgs, io: &mut Io) -> u8 {
    let Some(r) = rules::rule(&args.rule) else {
        return error(io, config::unknown_rule_message(&args.rule));
    };
    // The same text docs/rules.md is generated from (crate::docs).
    write_out(io, &crate::docs::explain_text(r, args.lang.into()))
}

/// Write a whole command's output; a closed pipe is not an error.
pub(crate) fn write_out(io: &mut Io, s: &str) -> u8 {
    match io.stdout.write_all(s.as_bytes()) {
        Ok(()) => EXIT_CLEAN,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(e) => error(io, format!("writing output: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_lines() {
        let s = Summary {
            files: 5,
            warnings: 2,
            infos: 1,
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&s, Lang::Zh),
            "3 个问题（2 个警告，1 个提示），检查了 5 个文件"
        );
        assert_eq!(
            summary_line(&s, Lang::En),
            "3 problems (2 warnings, 1 info), 5 files checked"
        );
        let one = Summary {
            files: 1,
            errors: 1,
            problems: 1,
            ..Summary::default()
        };
        assert_eq!(
            summary_line(&one, Lang::En),
            "1 problem (1 error), 1 file checked; 1 input error (see above)"
        );
        assert_eq!(
            summary_line(&one, Lang::Zh),
            "1 个问题（1 个错误），检查了 1 个文件；1 个输入错误（见上）"
        );
        assert_eq!(
            summary_line(&Summary::default(), Lang::Zh),
            "没有发现问题，检查了 0 个文件"
        );
    }

    #[test]
    fn widths_count_cjk_double() {
        assert_eq!(width("规则"), 4);
        assert_eq!(width("RULE"), 4);
        assert_eq!(pad("规则", 6), "规则  ");
    }
}
