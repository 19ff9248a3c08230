//! The subcommands that fit newslint into a newsroom's tools: `init` (a starter config),
//! `test-rules` (run house-rule examples), `completions` (shell completion scripts, from
//! clap_complete) and `man` (a man page, from clap_mangen). Like the rest of the app, they
//! write only to the streams they are given and return an exit status.

use crate::app::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Io, error, write_out};
use crate::cli::{Cli, TestRulesArgs, ToolCommand};
use crate::rules;
use clap::CommandFactory;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Run a tools subcommand.
pub fn run(cmd: ToolCommand, io: &mut Io) -> u8 {
    match cmd {
        ToolCommand::Init => init(io),
        ToolCommand::TestRules(args) => test_rules(&args, io),
        ToolCommand::Completions(args) => {
            let mut buf = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "newslint", &mut buf);
            write_out(io, &String::from_utf8_lossy(&buf))
        }
        ToolCommand::Man => {
            let mut buf = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut buf) {
                Ok(()) => write_out(io, &String::from_utf8_lossy(&buf)),
                Err(e) => error(io, format!("writing the man page: {e}")),
            }
        }
    }
}

/// The commented starter config `newslint init` writes. Every setting is shown at its
/// default, so the file changes nothing until it is edited, and it loads without error.
pub const STARTER_CONFIG: &str = r#"# newslint configuration (see README and docs/rules.md in the newslint repository).
#
# newslint reads the nearest newslint.toml or .newslint.toml above each file it checks;
# flags on the command line override what is here. Every key is optional and shown at its
# default. `newslint rules` lists the rules, `newslint explain RULE` explains one.

# Language of the messages: "zh" (Simplified Chinese) or "en".
lang = "zh"

# Lowest severity that makes `newslint check` exit 1: "error", "warning" or "info".
# Findings below it are still reported.
fail-on = "warning"

# Files larger than this are refused (a number of bytes, or "64 MiB", "500 KB"...);
# at most 1 GiB less one byte.
max-file-size = "256 MiB"

[files]
# Extensions a directory walk picks up. Files named on the command line are always checked.
extensions = ["txt", "md", "markdown"]
# Globs, relative to this file, of paths never checked.
exclude = []
# exclude = ["archive/**", "drafts/*.tmp.md"]

# Per-rule levels: "off", "info", "warning" or "error".
[rules]
# cjk-space = "off"
# duplicate-text = "error"

# Rules not run on some paths (globs relative to this file).
# [[per-path]]
# glob = "wire/**"
# ignore = ["duplicate-text"]

# Your newsroom's own rules: banned words, preferred terms, forms of numbers and names.
# Each file holds [[rule]] tables with good and bad examples (see examples/house-style.toml
# in the newslint repository); check them with `newslint test-rules FILE`. Paths are
# relative to this file; `..` and absolute paths are allowed, to share one file.
# [house]
# rule-files = ["house-style.toml"]

# Each rule family also has a section for its options ([typo], [halfwidth-punct], ...):
# `newslint explain RULE` describes them.
"#;

/// Why `init` wrote nothing.
#[derive(Debug)]
pub enum InitError {
    /// A config is already there.
    Exists(PathBuf),
    /// Writing failed.
    Write(PathBuf, io::Error),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InitError::Exists(p) => write!(
                f,
                "{} already exists; newslint init does not overwrite it",
                p.display()
            ),
            InitError::Write(p, e) => write!(f, "cannot write {}: {e}", p.display()),
        }
    }
}

/// Write [`STARTER_CONFIG`] to `dir/newslint.toml`, refusing when either config name is
/// already there (the file is created with `create_new`, so a race cannot overwrite one).
pub fn write_starter(dir: &Path) -> Result<PathBuf, InitError> {
    for name in crate::config::FILE_NAMES {
        let p = dir.join(name);
        if p.exists() {
            return Err(InitError::Exists(p));
        }
    }
    let path = dir.join(crate::config::FILE_NAMES[0]);
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => InitError::Exists(path.clone()),
            _ => InitError::Write(path.clone(), e),
        })?;
    f.write_all(STARTER_CONFIG.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| InitError::Write(path.clone(), e))?;
    Ok(path)
}

fn init(io: &mut Io) -> u8 {
    // An empty base keeps messages short ("newslint.toml", not "./newslint.toml").
    match write_starter(Path::new("")) {
        Ok(_) => {
            let _ = writeln!(
                io.stderr,
                "wrote newslint.toml; edit it, then run `newslint check`"
            );
            EXIT_CLEAN
        }
        Err(e) => error(io, e),
    }
}

/// `newslint test-rules FILE...`: compile each file (an invalid file is an error, exit 2), run
/// every example, print one line per rule and every failure with the line it is on (exit 1
/// when any example fails).
fn test_rules(args: &TestRulesArgs, io: &mut Io) -> u8 {
    let reserved: Vec<&str> = rules::all_rules().iter().map(|r| r.id).collect();
    let mut out = String::new();
    let mut failed = false;
    let mut broken = false;
    for path in &args.files {
        let display = path.display().to_string();
        let text = match std::fs::read(path).map(String::from_utf8) {
            Ok(Ok(t)) => t,
            Ok(Err(_)) => {
                let _ = writeln!(io.stderr, "error: {display}: not valid UTF-8");
                broken = true;
                continue;
            }
            Err(e) => {
                let _ = writeln!(io.stderr, "error: {display}: {e}");
                broken = true;
                continue;
            }
        };
        let set = match rules::house::compile_file(&text, &display, &reserved) {
            Ok(s) => s,
            Err(e) => {
                let _ = writeln!(io.stderr, "error: {e}");
                broken = true;
                continue;
            }
        };
        let failures = set.example_failures();
        for r in set.rules() {
            let mark = if failures.iter().any(|f| f.rule == r.id) {
                "FAIL"
            } else {
                "ok  "
            };
            out.push_str(&format!(
                "{mark} {display}: {} ({} bad, {} good)\n",
                r.id,
                r.bad.len(),
                r.good.len()
            ));
        }
        for f in &failures {
            out.push_str(&format!("\n{}\n", f.error));
        }
        failed |= !failures.is_empty();
        let n = set.rules().len();
        out.push_str(&format!(
            "{}{display}: {n} rule{}, {} examples, {} failed\n",
            if failures.is_empty() { "" } else { "\n" },
            if n == 1 { "" } else { "s" },
            set.example_count(),
            failures.len()
        ));
    }
    let code = write_out(io, &out);
    if broken {
        EXIT_ERROR
    } else if failed {
        EXIT_FINDINGS
    } else {
        code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_config_loads_and_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_starter(dir.path()).unwrap();
        let c = crate::config::Config::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let s = crate::config::Scope::new(Some(c), &crate::config::Overrides::default());
        let d = crate::config::Scope::new(None, &crate::config::Overrides::default());
        assert_eq!(s.fail_on, d.fail_on);
        assert_eq!(s.max_file_size, d.max_file_size);
        assert_eq!(s.settings.lang, d.settings.lang);
        assert!(s.wants(Path::new("a.md")) && !s.wants(Path::new("a.html")));
    }

    #[test]
    fn init_refuses_to_overwrite_either_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".newslint.toml"), "lang = \"en\"\n").unwrap();
        let e = write_starter(dir.path()).unwrap_err();
        assert!(matches!(e, InitError::Exists(_)), "{e}");
        assert!(!dir.path().join("newslint.toml").exists());
        let dir = tempfile::tempdir().unwrap();
        write_starter(dir.path()).unwrap();
        std::fs::write(dir.path().join("newslint.toml"), "mine").unwrap();
        assert!(write_starter(dir.path()).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("newslint.toml")).unwrap(),
            "mine"
        );
    }
}
