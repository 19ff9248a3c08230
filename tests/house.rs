//! House-style rules end to end through config: a newsroom's rule file named in newslint.toml
//! fires with exact spans, messages and fixes, can be switched off or re-graded like any rule,
//! and every mistake in it is an error that points at the line. Also the built-in rules written
//! in the same format (`redundant-approx`, `redundant-more-than`) on copy written for them.

use newslint::config::{Config, Overrides, Scope};
use newslint::{Applicability, Diagnostic, Settings, Severity, SourceKind, check_str};
use predicates::prelude::*;
use std::path::Path;
use std::sync::Arc;

const RULES: &str = r#"
[[rule]]
id = "web-slang"
message = "“{match}”是网络用语"
message-en = "“{match}” is web slang"
words = ["小编", "yyds"]
good = ["记者在现场"]
bad = ["小编在现场"]

[[rule]]
id = "preferred-terms"
severity = "info"
message = "本报用“{replacement}”，不用“{match}”"
replace = { "其它" = "其他" }
applicability = "safe"
good = ["其他地区"]
bad = ["其它地区"]
"#;

/// A project: `newslint.toml` (with `config`) and `style/house.toml` (with `rules`).
fn project(config: &str, rules: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("style")).unwrap();
    std::fs::write(dir.path().join("style/house.toml"), rules).unwrap();
    std::fs::write(dir.path().join("newslint.toml"), config).unwrap();
    dir
}

fn load(dir: &Path) -> Result<Scope, String> {
    Config::load(&dir.join("newslint.toml"))
        .map(|c| Scope::new(Some(c), &Overrides::default()))
        .map_err(|e| e.to_string())
}

fn house_findings(text: &str, settings: &Settings) -> Vec<Diagnostic> {
    check_str(text, SourceKind::Plain, settings)
        .into_iter()
        .filter(|d| ["web-slang", "preferred-terms"].contains(&d.rule))
        .collect()
}

const CONFIG: &str = "[house]\nrule-files = [\"style/house.toml\"]\n";

#[test]
fn rules_from_the_config_fire_with_exact_spans_messages_and_fixes() {
    let dir = project(CONFIG, RULES);
    let scope = load(dir.path()).unwrap();
    let text = "小编注意到，其它地区也在跟进。\n网友说yyds。\n";
    let d = house_findings(text, &scope.settings);
    let got: Vec<(&str, &str, Severity)> = d
        .iter()
        .map(|d| (d.rule, &text[d.span.clone()], d.severity))
        .collect();
    assert_eq!(
        got,
        [
            ("web-slang", "小编", Severity::Warning),
            ("preferred-terms", "其它", Severity::Info),
            ("web-slang", "yyds", Severity::Warning),
        ]
    );
    assert_eq!(d[0].span, 0..6);
    assert_eq!(d[0].message, "“小编”是网络用语");
    assert!(d[0].fix.is_none());
    assert_eq!(d[1].message, "本报用“其他”，不用“其它”");
    let fix = d[1].fix.as_ref().unwrap();
    assert_eq!(
        (fix.replacement.as_str(), fix.applicability),
        ("其他", Applicability::Safe)
    );
    // And `--fix` (the library's fix application) turns it into house style.
    let (fixed, n) = newslint::fix::apply(text, &d, false);
    assert_eq!(n, 1);
    assert!(fixed.contains("其他地区"));
}

#[test]
fn house_rules_are_levelled_and_ignored_like_any_rule() {
    let off = format!("{CONFIG}[rules]\nweb-slang = \"off\"\npreferred-terms = \"error\"\n");
    let dir = project(&off, RULES);
    let scope = load(dir.path()).unwrap();
    let d = house_findings("小编：其它", &scope.settings);
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].rule, d[0].severity), ("preferred-terms", Severity::Error));

    let per_path = format!("{CONFIG}[[per-path]]\nglob = \"wire/**\"\nignore = [\"web-slang\"]\n");
    let dir = project(&per_path, RULES);
    let scope = load(dir.path()).unwrap();
    let wire = scope.settings_for(&dir.path().join("wire/a.txt"));
    assert!(house_findings("小编", &wire).is_empty());
    let own = scope.settings_for(&dir.path().join("copy/a.txt"));
    assert_eq!(house_findings("小编", &own).len(), 1);
}

#[test]
fn inline_directives_silence_house_rules() {
    let dir = project(CONFIG, RULES);
    let scope = load(dir.path()).unwrap();
    let md = "<!-- newslint-disable-next-line web-slang -->\n小编在现场。\n\n小编又来了。\n";
    let d: Vec<Diagnostic> = check_str(md, SourceKind::Markdown, &scope.settings)
        .into_iter()
        .filter(|d| d.rule == "web-slang")
        .collect();
    assert_eq!(d.len(), 1);
    assert_eq!(&md[d[0].span.clone()], "小编");
    assert!(d[0].span.start > md.find("又").unwrap() - 10);
}

#[test]
fn english_messages_fall_back_to_the_chinese_one() {
    let dir = project(&format!("lang = \"en\"\n{CONFIG}"), RULES);
    let scope = load(dir.path()).unwrap();
    let d = house_findings("小编：其它", &scope.settings);
    assert_eq!(d[0].message, "“小编” is web slang");
    assert_eq!(
        d[1].message, "本报用“其他”，不用“其它”",
        "no message-en: the Chinese one"
    );
}

#[test]
fn a_failing_example_is_a_config_error_at_its_line() {
    let broken = RULES.replace("bad = [\"其它地区\"]", "bad = [\"其它地区\", \"其余地区\"]");
    let dir = project(CONFIG, &broken);
    let e = load(dir.path()).unwrap_err();
    let shown = Path::new(&dir.path().join("newslint.toml"))
        .parent()
        .unwrap()
        .join("style/house.toml")
        .display()
        .to_string();
    assert!(
        e.starts_with(&format!(
            "{shown}:17:16: key `rule.bad`: bad example does not fire `preferred-terms`"
        )),
        "{e}"
    );
    assert!(
        e.contains("bad = [\"其它地区\", \"其余地区\"]"),
        "the line is drawn: {e}"
    );
}

#[test]
fn a_missing_rule_file_is_an_error_at_its_entry_in_the_config() {
    let dir = project(
        "lang = \"zh\"\n[house]\nrule-files = [\"style/nope.toml\"]\n",
        RULES,
    );
    let e = load(dir.path()).unwrap_err();
    assert!(
        e.contains("newslint.toml:3:15: key `house.rule-files`: cannot read house rule file"),
        "{e}"
    );
    assert!(e.contains("style/nope.toml"), "{e}");
}

#[test]
fn unknown_keys_in_house_and_in_a_rule_are_errors() {
    let dir = project("[house]\nrule-file = [\"style/house.toml\"]\n", RULES);
    let e = load(dir.path()).unwrap_err();
    assert!(e.contains("newslint.toml:2:1:") && e.contains("rule-file"), "{e}");
    let dir = project(CONFIG, &RULES.replace("severity = \"info\"", "level = \"info\""));
    let e = load(dir.path()).unwrap_err();
    assert!(e.contains("house.toml:12:1: key `rule.level`"), "{e}");
}

#[test]
fn paths_may_leave_the_project_to_share_one_newsroom_file() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("newsroom")).unwrap();
    std::fs::create_dir_all(root.path().join("desk")).unwrap();
    std::fs::write(root.path().join("newsroom/house.toml"), RULES).unwrap();
    std::fs::write(
        root.path().join("desk/newslint.toml"),
        "[house]\nrule-files = [\"../newsroom/house.toml\"]\n",
    )
    .unwrap();
    let c = Config::load(&root.path().join("desk/newslint.toml")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.house.rules().len(), 2);
}

#[test]
fn two_files_may_not_declare_the_same_id() {
    let dir = project(
        "[house]\nrule-files = [\"style/house.toml\", \"style/house.toml\"]\n",
        RULES,
    );
    let e = load(dir.path()).unwrap_err();
    assert!(
        e.contains("house.toml:3:6: key `rule.id`: rule id `web-slang` is declared twice"),
        "{e}"
    );
}

#[test]
fn the_shipped_example_file_loads_from_a_config() {
    let dir = project(
        CONFIG,
        &std::fs::read_to_string("examples/house-style.toml").unwrap(),
    );
    let scope = load(dir.path()).unwrap();
    let text = "小编获悉，二〇二四年其它部门积极的推进改革。";
    let d = check_str(text, SourceKind::Plain, &scope.settings);
    let got: Vec<(&str, &str)> = d.iter().map(|d| (d.rule, &text[d.span.clone()])).collect();
    assert_eq!(
        got,
        [
            ("web-slang", "小编"),
            ("year-in-figures", "二〇二四年"),
            ("preferred-terms", "其它"),
            ("de-before-verb", "积极的推进"),
        ]
    );
    assert_eq!(d[3].fix.as_ref().unwrap().replacement, "积极地推进");
    assert_eq!(d[3].severity, Severity::Info);
}

// ---- built-in rules in the house format ----

fn builtin(text: &str) -> Vec<(&'static str, String, Option<String>)> {
    check_str(text, SourceKind::Plain, &Settings::default())
        .into_iter()
        .filter(|d| d.rule.starts_with("redundant-"))
        .map(|d| {
            (
                d.rule,
                text[d.span.clone()].to_string(),
                d.fix.map(|f| f.replacement),
            )
        })
        .collect()
}

#[test]
fn redundant_approx_on_written_copy() {
    let text = "据统计，当天约3万人左右参观展览，大概七成左右是外地游客；\
                馆方预约9点左右开放，约翰说两个人左右为难。";
    assert_eq!(
        builtin(text),
        [
            (
                "redundant-approx",
                "约3万人左右".to_string(),
                Some("约3万人".to_string())
            ),
            (
                "redundant-approx",
                "大概七成左右".to_string(),
                Some("大概七成".to_string())
            ),
        ]
    );
    let d = check_str("约3万人左右", SourceKind::Plain, &Settings::default());
    assert_eq!(d[0].span, 0.."约3万人左右".len());
    assert_eq!(d[0].fix.as_ref().unwrap().applicability, Applicability::Unsafe);
}

#[test]
fn redundant_more_than_on_written_copy() {
    let text = "全年接待游客超过1.5亿人次以上，比上年增长超过20%以上；\
                其中参展商以上市公司为主，超过半数来自省外，三成以上是新面孔。";
    assert_eq!(
        builtin(text),
        [
            (
                "redundant-more-than",
                "超过1.5亿人次以上".to_string(),
                Some("超过1.5亿人次".to_string())
            ),
            (
                "redundant-more-than",
                "超过20%以上".to_string(),
                Some("超过20%".to_string())
            ),
        ]
    );
}

#[test]
fn builtin_rules_say_nothing_on_the_seed_page() {
    let seed = std::fs::read_to_string("tests/fixtures/seed.txt").unwrap();
    assert!(builtin(&seed).is_empty());
    // DEFECTS.md names no redundancy on the page; the page does say 30%以上 and 八成以上,
    // which are correct (no 超过 before them).
    assert!(seed.contains("30%以上") && seed.contains("八成以上"));
}

#[test]
fn settings_without_house_rules_run_only_the_builtin_ones() {
    let s = Settings {
        house: Arc::default(),
        ..Settings::default()
    };
    assert_eq!(
        newslint::rules::house::rule_ids(&s),
        ["redundant-approx", "redundant-more-than"]
    );
}

// ---- the newcomer's path through the CLI: config, rule file, check, test-rules ----

#[test]
fn a_house_rule_fires_through_the_cli() {
    let dir = project(CONFIG, RULES);
    let story = "# 标题\n\n小编注意到，其它地区也在跟进。\n";
    std::fs::write(dir.path().join("story.md"), story).unwrap();
    let out = assert_cmd::Command::cargo_bin("newslint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "story.md"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let got: Vec<(String, usize, usize, Option<String>)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap() as usize,
                d["column"].as_u64().unwrap() as usize,
                d["fix"]["replacement"].as_str().map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("web-slang".to_string(), 3, 1, None),
            ("preferred-terms".to_string(), 3, 7, Some("其他".to_string())),
        ]
    );
    // Switched off in the config, the warning no longer fails the run (the info remains).
    std::fs::write(
        dir.path().join("newslint.toml"),
        format!("{CONFIG}[rules]\nweb-slang = \"off\"\n"),
    )
    .unwrap();
    assert_cmd::Command::cargo_bin("newslint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--format", "concise", "story.md"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("info[preferred-terms]"))
        .stdout(predicates::str::contains("web-slang").not());
    // A broken rule file stops the check with exit 2, naming the file and line.
    std::fs::write(
        dir.path().join("style/house.toml"),
        RULES.replace("words = [", "word = ["),
    )
    .unwrap();
    assert_cmd::Command::cargo_bin("newslint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "story.md"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("house.toml:6:1: key `rule.word`"));
}

/// A house rule's id works in `--select` and `--ignore` like a built-in id, in the normal
/// check, in corpus mode and in review; an id no loaded config defines is still an error.
#[test]
fn house_rule_ids_work_on_the_command_line() {
    let dir = project(CONFIG, RULES);
    let story = "# 标题\n\n小编注意到，其它地区也在跟进。\n";
    std::fs::write(dir.path().join("story.md"), story).unwrap();
    std::fs::write(
        dir.path().join("archive.jsonl"),
        "{\"id\":\"a1\",\"content\":\"小编注意到，其它地区也在跟进。\"}\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = assert_cmd::Command::cargo_bin("newslint")
            .unwrap()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        let rules: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .map(|d| d["rule"].as_str().unwrap_or("").to_string())
            .collect();
        (
            out.status.code(),
            rules,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, rules, err) = run(&["check", "--format", "jsonl", "--select", "web-slang", "story.md"]);
    assert_eq!((code, rules), (Some(1), vec!["web-slang".to_string()]), "{err}");
    let (code, rules, err) = run(&["check", "--format", "jsonl", "--ignore", "web-slang", "story.md"]);
    assert_eq!(
        (code, rules),
        (Some(0), vec!["preferred-terms".to_string()]),
        "{err}"
    );
    let (code, rules, err) = run(&[
        "check",
        "--input",
        "jsonl",
        "--select",
        "preferred-terms",
        "archive.jsonl",
    ]);
    assert_eq!(
        (code, rules),
        (Some(0), vec!["preferred-terms".to_string()]),
        "{err}"
    );
    for args in [
        &["check", "--select", "web-slangs", "story.md"][..],
        &[
            "check",
            "--input",
            "jsonl",
            "--ignore",
            "web-slangs",
            "archive.jsonl",
        ][..],
        &["review", "--select", "web-slangs", "story.md"][..],
    ] {
        let (code, _, err) = run(args);
        assert_eq!(code, Some(2), "{args:?}");
        assert!(err.contains("unknown rule id `web-slangs`"), "{args:?}: {err}");
    }
    // Review accepts the id and offers only that rule's finding.
    let (code, _, err) = run(&["review", "--select", "preferred-terms", "--yes", "story.md"]);
    assert_eq!(code, Some(0), "{err}");
    let fixed = std::fs::read_to_string(dir.path().join("story.md")).unwrap();
    assert_eq!(fixed, "# 标题\n\n小编注意到，其他地区也在跟进。\n");
}

/// README's house-rule example is a real, passing rule file (a newcomer copies it).
#[test]
fn readme_house_rule_example_compiles_and_passes() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let blocks: Vec<&str> = readme
        .split("```toml\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .filter(|b| b.contains("[[rule]]"))
        .collect();
    assert_eq!(blocks.len(), 1, "one house-rule example in README");
    let rules =
        newslint::rules::house::compile_file(blocks[0], "README.md", &[]).unwrap_or_else(|e| panic!("{e}"));
    rules.check_examples().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rules.rules()[0].id, "preferred-terms");
}

mod generated {
    use super::*;
    use proptest::prelude::*;

    fn settings() -> Settings {
        let src = std::fs::read_to_string("examples/house-style.toml").unwrap();
        let rules = newslint::rules::house::compile_file(&src, "house-style.toml", &[]).unwrap();
        Settings {
            house: Arc::new(rules),
            ..Settings::default()
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]
        /// On any mix of the characters the rules look at, house rules never panic, every span
        /// is on character boundaries inside one line, and the fix differs from the text.
        #[test]
        fn spans_are_exact_on_generated_text(
            text in proptest::collection::vec(
                proptest::sample::select(vec![
                    "约", "大约", "3", "０", "万", "人", "左右", "超过", "以上", "预约", "a", "yyds",
                    "小编", "其它", "二", "〇", "四", "年", "积极", "的", "推进", "，", " ", "\n", "`",
                ]),
                0..40,
            ).prop_map(|v| v.concat())
        ) {
            let s = settings();
            let ids = newslint::rules::house::rule_ids(&s);
            for kind in [SourceKind::Plain, SourceKind::Markdown] {
                for d in check_str(&text, kind, &s).into_iter().filter(|d| ids.contains(&d.rule)) {
                    prop_assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
                    prop_assert!(d.span.start < d.span.end);
                    prop_assert!(!text[d.span.clone()].contains('\n'));
                    if let Some(f) = &d.fix {
                        prop_assert_ne!(f.replacement.as_str(), &text[d.span.clone()]);
                    }
                }
            }
        }
    }
}

/// The family is active whenever a user rule is enabled, even with every built-in house rule
/// off (`House::active`).
#[test]
fn the_family_is_active_with_every_builtin_house_rule_off() {
    use newslint::rules::{Context, Family, house::House};
    let off = format!("{CONFIG}[rules]\nredundant-approx = \"off\"\nredundant-more-than = \"off\"\n");
    let dir = project(&off, RULES);
    let scope = load(dir.path()).unwrap();
    assert!(House.active(&Context::new(&scope.settings)));
    let all_off = format!("{off}web-slang = \"off\"\npreferred-terms = \"off\"\n");
    let dir = project(&all_off, RULES);
    let scope = load(dir.path()).unwrap();
    assert!(!House.active(&Context::new(&scope.settings)));
}

/// The engine runs the house family when `House::active` says so. Needs the one-line change in
/// lib.rs (`if family.active(&ctx)` instead of looking at `family.rules()`), a shared file
/// this branch may not edit.
#[test]
fn house_rules_run_with_every_builtin_house_rule_off() {
    let off = format!("{CONFIG}[rules]\nredundant-approx = \"off\"\nredundant-more-than = \"off\"\n");
    let dir = project(&off, RULES);
    let scope = load(dir.path()).unwrap();
    assert_eq!(house_findings("小编：其它", &scope.settings).len(), 2);
}

/// `check --fix` applies a house rule's safe fix, and only that one.
#[test]
fn fix_applies_safe_house_fixes_only() {
    let dir = project(CONFIG, RULES);
    let path = dir.path().join("story.txt");
    std::fs::write(&path, "小编注意到，其它地区也在跟进。\n").unwrap();
    assert_cmd::Command::cargo_bin("newslint")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--fix", "--format", "concise", "story.txt"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("warning[web-slang]"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "小编注意到，其他地区也在跟进。\n"
    );
}
