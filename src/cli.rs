//! The command line, as clap derive structs. Parsing only: [`crate::app`] runs the commands.

use crate::diagnostic::{Lang, Severity};
use crate::render::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
Examples:
  newslint check                          check every .txt/.md/.markdown file under the current directory
  newslint check article.md reports/      check a file and a directory
  cat story.txt | newslint check -        check stdin
  newslint check --format json a.md       machine-readable findings
  newslint rules                          list every rule
  newslint explain halfwidth-punct        what a rule catches and why
  newslint check --fix copy/              apply the safe fixes, report what remains
  newslint review story.txt               decide each finding of one file interactively

Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage, config or I/O error.";

const CHECK_AFTER_HELP: &str = "\
Examples:
  newslint check                               the current directory, recursively
  newslint check copy/ --format concise        one line per finding
  newslint check --select halfwidth-punct,cjk-space a.md
  newslint check --fail-on error drafts/       only errors fail the run
  newslint check - --stdin-filename story.md < story.md
  newslint check --format sarif . > newslint.sarif
  newslint check --fix copy/                   apply the safe fixes, report what remains
  newslint check --diff --unsafe-fixes a.md    show every fix as a diff, write nothing

Configuration is read from the nearest newslint.toml or .newslint.toml above each checked file;
flags given here override it.

Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage, config or I/O error.";

/// newslint: a linter for published Simplified-Chinese news copy.
#[derive(Debug, Parser)]
#[command(
    name = "newslint",
    version,
    about = "A linter for published Simplified-Chinese news copy",
    long_about = "A linter for published Simplified-Chinese news copy: half-width punctuation, stray \
                  spaces, wrong characters, Traditional characters, doubled characters, duplicated \
                  paragraphs and broken page joins, with exact positions and safe fixes.",
    after_help = AFTER_HELP,
    arg_required_else_help = true,
    propagate_version = true
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files, directories or stdin and report findings.
    #[command(after_help = CHECK_AFTER_HELP)]
    Check(CheckArgs),
    /// List every rule with its default severity, whether it can fix, and what it catches.
    Rules(RulesArgs),
    /// Explain one rule: what it catches, why it matters, a bad and a good example.
    Explain(ExplainArgs),
    /// Walk through one file's findings and decide each fix interactively.
    // Arguments and behaviour live in src/review.rs.
    #[command(after_help = crate::review::AFTER_HELP)]
    Review(crate::review::ReviewArgs),
    /// Tools that fit newslint into a newsroom's setup (see [`ToolCommand`]).
    #[command(flatten)]
    Tools(ToolCommand),
}

/// `newslint check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads stdin [default: `.`, or `-` with
    /// --stdin-filename]. Directories are walked recursively, honouring .gitignore and skipping
    /// hidden files; only .txt, .md and .markdown files are picked up there (see `[files]
    /// extensions`), while files named here are always checked.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format. `human` draws the text around each finding; `concise` prints one line per
    /// finding; `json`, `jsonl`, `sarif` and `github` are for tools (see README for the schema).
    #[arg(long, value_enum, default_value = "human")]
    // With --input jsonl the default is jsonl (corpus mode, src/corpus.rs).
    #[arg(default_value_if("input", "jsonl", "jsonl"))]
    pub format: Format,

    /// Run only these rules (comma-separated ids, see `newslint rules`).
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub select: Option<Vec<String>>,

    /// Do not run these rules (comma-separated ids).
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// Lowest severity that makes the run fail with exit status 1 [default: warning, or
    /// `fail-on` from the config]. Findings below it are still reported.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,

    /// Use this config file instead of looking for newslint.toml / .newslint.toml above each
    /// checked file.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore every config file and use the defaults (plus the flags given here).
    #[arg(long)]
    pub no_config: bool,

    /// Language of the messages: `zh` (Simplified Chinese) or `en` [default: zh, or `lang` from
    /// the config].
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,

    /// When to colour the output: `auto` colours when stdout is a terminal and NO_COLOR is not
    /// set.
    #[arg(long, value_enum, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,

    /// Print only the findings: no summary line and no notes about skipped files. Errors are
    /// still printed.
    #[arg(long, short)]
    pub quiet: bool,

    /// After the findings, print how many times each rule fired.
    #[arg(long)]
    pub statistics: bool,

    /// Name to report stdin (`-`) under; its extension picks plain text or Markdown and its
    /// directory is where the config search starts.
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// Do not look for paragraphs repeated across different files (each file is still checked
    /// for repeats within itself).
    #[arg(long)]
    pub no_cross_file: bool,

    // --fix, --unsafe-fixes, --diff: defined and run in src/fixmode.rs.
    #[command(flatten)]
    pub fix: crate::fixmode::FixArgs,

    // --input, --text-field, --id-field: corpus mode, defined and run in src/corpus.rs.
    #[command(flatten)]
    pub corpus: crate::corpus::CorpusArgs,
}

/// `newslint rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Language of the one-line summaries.
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: LangArg,
}

/// `newslint explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, as listed by `newslint rules`.
    #[arg(value_name = "RULE")]
    pub rule: String,

    /// Language of the labels around the explanation.
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: LangArg,
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Only errors fail the run.
    Error,
    /// Warnings and errors fail the run.
    Warning,
    /// Any finding fails the run.
    Info,
}

impl From<FailOn> for Severity {
    fn from(f: FailOn) -> Severity {
        match f {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

/// `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Simplified Chinese.
    Zh,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when the output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour (overrides NO_COLOR).
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream: `is_terminal` is whether that stream is a terminal and
    /// `no_color` whether NO_COLOR is set to a non-empty value.
    pub fn enabled(self, is_terminal: bool, no_color: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && !no_color,
        }
    }
}

// ---- Tools (issue 12): init, test-rules, completions, man. One block, run by
// `crate::tools`, so that other changes to the command line merge without touching it. ----

/// Subcommands that fit newslint into other tools.
#[derive(Debug, Subcommand)]
pub enum ToolCommand {
    /// Write a commented starter newslint.toml in the current directory (never overwrites).
    Init,
    /// Run the good and bad examples of house-style rule files and report failures.
    #[command(name = "test-rules")]
    TestRules(TestRulesArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) to stdout.
    #[command(
        after_help = "Examples:\n  newslint completions bash > ~/.local/share/bash-completion/completions/newslint\n  \
                            newslint completions zsh > ~/.zfunc/_newslint\n  \
                            newslint completions fish > ~/.config/fish/completions/newslint.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff) to stdout: `newslint man > newslint.1`.
    Man,
}

/// `newslint test-rules`.
#[derive(Debug, Args)]
pub struct TestRulesArgs {
    /// House-style rule files (TOML with `[[rule]]` tables).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
}

/// `newslint completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

// ---- end of the tools block ----

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn select_takes_a_comma_list_and_paths_default_to_dot() {
        let cli = Cli::try_parse_from(["newslint", "check", "--select", "a-b,c-d", "--ignore", "x"]).unwrap();
        let Command::Check(c) = cli.command else { panic!() };
        assert_eq!(c.select.unwrap(), ["a-b", "c-d"]);
        assert_eq!(c.ignore, ["x"]);
        assert!(c.paths.is_empty(), "the default is applied by the app");
        assert_eq!(c.format, Format::Human);
    }

    #[test]
    fn config_and_no_config_conflict() {
        assert!(Cli::try_parse_from(["newslint", "check", "--config", "a.toml", "--no-config"]).is_err());
    }

    #[test]
    fn no_color_only_affects_auto() {
        assert!(!ColorChoice::Auto.enabled(true, true));
        assert!(ColorChoice::Auto.enabled(true, false));
        assert!(!ColorChoice::Auto.enabled(false, false));
        assert!(ColorChoice::Always.enabled(false, true));
        assert!(!ColorChoice::Never.enabled(true, false));
    }
}
