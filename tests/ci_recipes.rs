//! The CI recipes in examples/ci/, the pre-commit hooks and README's shell examples: each YAML
//! file parses, and every `newslint …` command in them uses subcommands and flags the CLI has
//! (parsed with the same clap definition the binary uses, `Cli::command()`).
//!
//! YAML is read by Python's PyYAML (`python3 -c 'import yaml'`), which the project's machines
//! and CI ship, rather than by a Rust YAML crate pulled in for one test. The test fails, and
//! says so, when python3 or PyYAML is missing.

use clap::CommandFactory;
use newslint::cli::Cli;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Flags used in a recipe that the CLI does not have yet because another branch adds them.
/// A pending flag is dropped before parsing; once the CLI has it, the test fails so that it
/// is removed from here.
const PENDING: &[(&str, &str)] = &[];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Parse a YAML file into JSON with PyYAML (safe_load).
fn yaml(path: &Path) -> Value {
    let out = Command::new("python3")
        .args([
            "-c",
            "import json, sys, yaml\n\
             with open(sys.argv[1], encoding='utf-8') as f:\n    \
                 print(json.dumps(yaml.safe_load(f), default=str))",
        ])
        .arg(path)
        .output()
        .unwrap_or_else(|e| {
            panic!("this test needs python3 with PyYAML (python3 -m pip install pyyaml): {e}")
        });
    assert!(
        out.status.success(),
        "{} does not parse as YAML (or PyYAML is missing):\n{}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Keys whose values are shell commands: GitHub's `run`, GitLab's `script` (and before/after),
/// pre-commit's `entry`.
const COMMAND_KEYS: [&str; 5] = ["run", "script", "before_script", "after_script", "entry"];

/// Every string under a command key, anywhere in a parsed document.
fn command_strings<'a>(v: &'a Value, under_key: bool, out: &mut Vec<&'a str>) {
    match v {
        Value::String(s) if under_key => out.push(s),
        Value::Array(a) => a.iter().for_each(|x| command_strings(x, under_key, out)),
        Value::Object(o) => o
            .iter()
            .for_each(|(k, x)| command_strings(x, COMMAND_KEYS.contains(&k.as_str()), out)),
        _ => {}
    }
}

#[derive(Debug, PartialEq)]
enum Tok {
    Word(String),
    /// `|`, `||`, `&&`, `;`, `&`: separate commands.
    Sep,
    /// `>`, `>>`, `<`, `2>`, `>&`: the next word is a redirection target.
    Redirect,
}

/// A small POSIX-shell tokenizer: quotes, backslashes, comments, command separators and
/// redirections. Enough for recipes; variables stay as written.
fn tokenize(line: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    let flush = |word: &mut String, in_word: &mut bool, toks: &mut Vec<Tok>| {
        if *in_word {
            toks.push(Tok::Word(std::mem::take(word)));
            *in_word = false;
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    word.push(q);
                }
            }
            '"' => {
                in_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => word.extend(chars.next()),
                        _ => word.push(q),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.extend(chars.next());
            }
            '#' if !in_word => break,
            ' ' | '\t' => flush(&mut word, &mut in_word, &mut toks),
            '|' | ';' | '&' => {
                flush(&mut word, &mut in_word, &mut toks);
                if chars.peek() == Some(&c) || (c == '&' && chars.peek() == Some(&'>')) {
                    chars.next();
                }
                toks.push(Tok::Sep);
            }
            '>' | '<' => {
                // `2>`: the digits before are the descriptor, not a word.
                if in_word && word.chars().all(|d| d.is_ascii_digit()) {
                    word.clear();
                    in_word = false;
                }
                flush(&mut word, &mut in_word, &mut toks);
                if matches!(chars.peek(), Some('>') | Some('&')) {
                    chars.next();
                }
                toks.push(Tok::Redirect);
            }
            _ => {
                in_word = true;
                word.push(c);
            }
        }
    }
    flush(&mut word, &mut in_word, &mut toks);
    toks
}

/// The simple commands of a line, without redirections and their targets.
fn commands(line: &str) -> Vec<Vec<String>> {
    let mut cmds = vec![Vec::new()];
    let mut skip_next = false;
    for t in tokenize(line) {
        match t {
            Tok::Sep => cmds.push(Vec::new()),
            Tok::Redirect => skip_next = true,
            Tok::Word(w) if skip_next => {
                skip_next = false;
                let _ = w;
            }
            Tok::Word(w) => cmds.last_mut().unwrap().push(w),
        }
    }
    cmds.retain(|c| !c.is_empty());
    cmds
}

/// The `newslint` invocations in a block of shell text (each starting with `newslint`).
fn newslint_commands(script: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    // Join continued lines first.
    let joined = script.replace("\\\n", " ");
    for line in joined.lines() {
        for mut cmd in commands(line) {
            // Leading variable assignments (`CI=1 newslint …`).
            while cmd
                .first()
                .is_some_and(|w| w.contains('=') && !w.starts_with('-'))
            {
                cmd.remove(0);
            }
            if cmd
                .first()
                .is_some_and(|w| w == "newslint" || w.ends_with("/newslint"))
            {
                cmd[0] = "newslint".to_string();
                found.push(cmd);
            }
        }
    }
    found
}

/// Parse one invocation with the CLI's clap definition, allowing the pending flags.
fn assert_valid(cmd: &[String], origin: &str) {
    let words: Vec<String> = cmd
        .iter()
        .map(|w| {
            if w.starts_with('$') {
                "articles".into()
            } else {
                w.clone()
            }
        })
        .collect();
    let mut clean = words.clone();
    for (flag, why) in PENDING {
        if words.iter().any(|w| w == flag) {
            // Once the CLI has the flag, it must come off the pending list.
            let with = Cli::command().try_get_matches_from(&words);
            assert!(
                with.is_err(),
                "{flag} now exists in the CLI ({why}): remove it from PENDING in tests/ci_recipes.rs"
            );
            clean.retain(|w| w != flag);
        }
    }
    if let Err(e) = Cli::command().try_get_matches_from(&clean) {
        panic!(
            "{origin}: `{}` is not a valid newslint command:\n{e}",
            cmd.join(" ")
        );
    }
}

#[test]
fn tokenizer_handles_quotes_separators_and_redirections() {
    assert_eq!(
        commands(r#"newslint check --format sarif 'a b' "c\"d" > out.sarif 2>/dev/null || true # note"#),
        [
            vec!["newslint", "check", "--format", "sarif", "a b", "c\"d"],
            vec!["true"]
        ]
    );
    assert_eq!(commands("a && b | c; d & e"), [["a"], ["b"], ["c"], ["d"], ["e"]]);
    assert_eq!(
        newslint_commands("cargo install newslint\nFOO=1 target/release/newslint rules\n"),
        [["newslint", "rules"]]
    );
}

#[test]
fn github_actions_workflow_parses_and_runs_real_commands() {
    let path = root().join("examples/ci/github-actions.yml");
    let doc = yaml(&path);
    let steps = doc["jobs"]["newslint"]["steps"]
        .as_array()
        .expect("jobs.newslint.steps");
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(
        uses.iter().any(|u| u.starts_with("actions/checkout@")),
        "{uses:?}"
    );
    assert!(
        uses.iter()
            .any(|u| u.starts_with("github/codeql-action/upload-sarif@")),
        "uploads SARIF to code scanning: {uses:?}"
    );
    let cmds: Vec<Vec<String>> = runs.iter().flat_map(|r| newslint_commands(r)).collect();
    let has = |args: &[&str]| cmds.iter().any(|c| args.iter().all(|a| c.iter().any(|w| w == a)));
    assert!(
        has(&["check", "--format", "github"]),
        "annotates the pull request: {cmds:?}"
    );
    assert!(has(&["check", "--format", "sarif"]), "writes SARIF: {cmds:?}");
    for c in &cmds {
        assert_valid(c, "github-actions.yml");
    }
    // Uploading SARIF needs this permission; the upload step names the file the run writes.
    assert_eq!(doc["permissions"]["security-events"], "write");
    let upload = steps
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.contains("upload-sarif")))
        .unwrap();
    let sarif = upload["with"]["sarif_file"].as_str().unwrap();
    assert!(runs.iter().any(|r| r.contains(&format!("> {sarif}"))), "{sarif}");
}

#[test]
fn gitlab_job_parses_and_runs_real_commands() {
    let doc = yaml(&root().join("examples/ci/gitlab-ci.yml"));
    let job = doc
        .as_object()
        .unwrap()
        .values()
        .find(|j| j.get("script").is_some())
        .expect("a job with a script");
    let script: Vec<&str> = job["script"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let cmds: Vec<Vec<String>> = script.iter().flat_map(|l| newslint_commands(l)).collect();
    assert!(cmds.len() >= 2, "{cmds:?}");
    for c in &cmds {
        assert_valid(c, "gitlab-ci.yml");
    }
    // The report it writes is kept as an artifact.
    let artifacts = &job["artifacts"];
    let paths: Vec<&str> = artifacts["paths"]
        .as_array()
        .or_else(|| artifacts["reports"]["codequality"].as_array())
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_else(|| artifacts["reports"]["codequality"].as_str().into_iter().collect());
    assert!(!paths.is_empty(), "{artifacts}");
    for p in paths {
        assert!(
            script.iter().any(|l| l.contains(&format!("> {p}"))),
            "{p} is written by the job"
        );
    }
}

#[test]
fn shell_recipe_runs_real_commands() {
    let text = std::fs::read_to_string(root().join("examples/ci/check.sh")).unwrap();
    assert!(text.starts_with("#!/"), "executable script");
    let cmds = newslint_commands(&text);
    assert!(!cmds.is_empty());
    for c in &cmds {
        assert_valid(c, "check.sh");
    }
    let status = Command::new("bash")
        .arg("-n")
        .arg(root().join("examples/ci/check.sh"))
        .status()
        .unwrap();
    assert!(status.success(), "bash -n examples/ci/check.sh");
}

#[test]
fn every_yaml_in_examples_ci_is_checked() {
    let mut names: Vec<String> = std::fs::read_dir(root().join("examples/ci"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["check.sh", "github-actions.yml", "gitlab-ci.yml"],
        "a new recipe needs a test here"
    );
    for n in names
        .iter()
        .filter(|n| n.ends_with(".yml") || n.ends_with(".yaml"))
    {
        let doc = yaml(&root().join("examples/ci").join(n));
        let mut all = Vec::new();
        command_strings(&doc, false, &mut all);
        let cmds: Vec<Vec<String>> = all.iter().flat_map(|s| newslint_commands(s)).collect();
        assert!(!cmds.is_empty(), "{n} runs no newslint command");
        for c in &cmds {
            assert_valid(c, n);
        }
    }
}

#[test]
fn pre_commit_hooks_parse_and_their_entries_are_real_commands() {
    let doc = yaml(&root().join(".pre-commit-hooks.yaml"));
    let hooks = doc.as_array().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["newslint", "newslint-fix"]);
    for h in hooks {
        assert_eq!(h["language"], "rust", "pre-commit builds it with cargo");
        let entry = h["entry"].as_str().unwrap();
        let mut cmds = newslint_commands(entry);
        assert_eq!(cmds.len(), 1, "{entry}");
        // pre-commit appends the staged file names.
        cmds[0].extend(["story.md".to_string(), "notes.txt".to_string()]);
        assert_valid(&cmds[0], ".pre-commit-hooks.yaml");
        let files = regex::Regex::new(h["files"].as_str().unwrap()).unwrap();
        assert!(files.is_match("a/story.md") && files.is_match("b.txt") && !files.is_match("main.rs"));
    }
}

#[test]
fn readme_shell_examples_are_real_commands() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut cmds = Vec::new();
    let mut in_block = false;
    for line in readme.lines() {
        let t = line.trim_start();
        if let Some(lang) = t.strip_prefix("```") {
            in_block = !in_block && matches!(lang.trim(), "sh" | "bash" | "shell" | "console");
            continue;
        }
        if in_block {
            cmds.extend(newslint_commands(t.trim_start_matches("$ ")));
        }
    }
    assert!(cmds.len() >= 3, "{cmds:?}");
    for c in &cmds {
        assert_valid(c, "README.md");
    }
}

/// README's pre-commit example parses and names hooks this repository provides.
#[test]
fn readme_pre_commit_example_names_real_hooks() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let block = readme
        .split("```yaml\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .find(|b| b.contains("repos:"))
        .expect("a pre-commit example in README");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".pre-commit-config.yaml");
    std::fs::write(&path, block).unwrap();
    let doc = yaml(&path);
    let provided = yaml(&root().join(".pre-commit-hooks.yaml"));
    let provided: Vec<&str> = provided
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    let repo = &doc["repos"][0];
    assert!(repo["rev"].is_string() && repo["repo"].is_string(), "{repo}");
    for h in repo["hooks"].as_array().unwrap() {
        let id = h["id"].as_str().unwrap();
        assert!(
            provided.contains(&id),
            "README names hook {id}, not in .pre-commit-hooks.yaml"
        );
    }
}
