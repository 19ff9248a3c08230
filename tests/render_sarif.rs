//! `--format sarif` against the SARIF 2.1.0 schema (tests/sarif/, see its README), plus the
//! parts GitHub code scanning relies on that the schema does not require.

use newslint::diagnostic::OtherFile;
use newslint::render::{FileReport, Format, RenderOptions, render_to_string};
use newslint::{Applicability, Diagnostic, Findings, Related, Settings, Severity, SourceKind};
use serde_json::Value;

/// The `language` pattern of the 2.1.0 schema as published has a stray `]` that strict regex
/// checks refuse (oasis-tcs/sarif-spec#488, corrected in SARIF 2.1.0 Errata 01); the copy in
/// tests/sarif/ is kept byte-for-byte as shipped, and the erratum is applied here.
const BROKEN_PATTERN: &str = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
const ERRATUM_PATTERN: &str = r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#;

fn schema() -> jsonschema::Validator {
    let published = include_str!("sarif/sarif-schema-2.1.0.json");
    assert_eq!(
        published.matches(BROKEN_PATTERN).count(),
        2,
        "schema copy changed"
    );
    let fixed = published.replace(BROKEN_PATTERN, ERRATUM_PATTERN);
    let schema: Value = serde_json::from_str(&fixed).expect("schema parses");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles")
}

fn assert_valid(log: &Value) {
    let v = schema();
    let errors: Vec<String> = v
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF invalid:\n{}", errors.join("\n"));
}

fn sarif(files: &[FileReport]) -> Value {
    let out = render_to_string(Format::Sarif, RenderOptions::default(), files);
    serde_json::from_str(&out).expect("sarif parses")
}

#[test]
fn seed_page_sarif_is_valid() {
    let text = include_str!("fixtures/seed.txt");
    let diags = newslint::check_str(text, SourceKind::Plain, &Settings::default());
    assert!(!diags.is_empty());
    let log = sarif(&[FileReport {
        path: "tests/fixtures/seed.txt",
        text,
        diagnostics: &Findings::from(diags.clone()),
        lines: None,
    }]);
    assert_valid(&log);
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["tool"]["driver"]["name"], "newslint");
    assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), diags.len());
    // Every result's rule is in the driver's rule list, at its index, with help text.
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), newslint::rules::all_rules().len());
    for r in rules {
        assert!(r["help"]["text"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(r["help"]["markdown"].as_str().is_some_and(|s| !s.is_empty()));
        assert!(
            r["fullDescription"]["text"]
                .as_str()
                .is_some_and(|s| !s.is_empty())
        );
    }
    for (res, d) in results.iter().zip(&diags) {
        let i = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], res["ruleId"]);
        assert_eq!(res["ruleId"], d.rule);
        let region = &res["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["byteOffset"], d.span.start);
        assert_eq!(region["byteLength"], d.span.len());
        let uri = &res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
        assert_eq!(uri, "tests/fixtures/seed.txt");
        if d.fix.is_some() {
            let rep = &res["fixes"][0]["artifactChanges"][0]["replacements"][0];
            assert_eq!(rep["deletedRegion"], *region);
        }
    }
    // A half-width comma's region: line and column in characters.
    let li = newslint::lines::LineIndex::new(text);
    let comma = diags
        .iter()
        .position(|d| d.rule == "halfwidth-punct" && d.span.len() == 1)
        .unwrap();
    let (l, c) = li.line_col(text, diags[comma].span.start);
    let region = &results[comma]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(l as u64), Some(c as u64))
    );
    assert_eq!(region["endColumn"].as_u64(), Some(c as u64 + 1));
}

#[test]
fn related_fixes_levels_and_odd_paths_are_valid() {
    let text = "\u{FEFF}第一段,内容\r\n第二段 内容\r\n第一段,内容\r\n";
    let second = text.rfind("第一段").unwrap();
    let mut dup = Diagnostic::new("duplicate-text", Severity::Error, second..second + 16, "重复")
        .with_related(3..19, "首次出现");
    dup.related.push(Related {
        span: 10..20,
        message: "另一文件".into(),
        other: Some(OtherFile {
            path: "其他 文件.md".into(),
            line: 2,
            column: 5,
        }),
    });
    let space = text.find(' ').unwrap();
    let diags = vec![
        Diagnostic::new("halfwidth-punct", Severity::Warning, 12..13, "半角逗号")
            .with_fix("，", Applicability::Safe),
        Diagnostic::new("cjk-space", Severity::Info, space..space + 1, "空格")
            .with_fix("", Applicability::Unsafe),
        dup,
    ];
    let log = sarif(&[
        FileReport {
            path: "./新闻 稿/a,b.txt",
            text,
            diagnostics: &Findings::from(diags.clone()),
            lines: None,
        },
        FileReport {
            path: "/abs/path.md",
            text: "",
            diagnostics: &Findings::new(),
            lines: None,
        },
    ]);
    assert_valid(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results[0]["level"], "warning");
    assert_eq!(results[1]["level"], "note");
    assert_eq!(results[2]["level"], "error");
    let uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert_eq!(uri, "%E6%96%B0%E9%97%BB%20%E7%A8%BF/a%2Cb.txt");
    // The BOM is not a column.
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"], 4);
    let rel = results[2]["relatedLocations"].as_array().unwrap();
    assert_eq!(rel.len(), 2);
    assert_eq!(rel[1]["physicalLocation"]["region"]["startLine"], 2);
    assert_eq!(
        rel[1]["physicalLocation"]["artifactLocation"]["uri"],
        "%E5%85%B6%E4%BB%96%20%E6%96%87%E4%BB%B6.md"
    );
    assert_eq!(
        results[1]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
        ""
    );
}

#[test]
fn empty_run_is_valid() {
    let log = sarif(&[]);
    assert_valid(&log);
    assert_eq!(log["runs"][0]["results"].as_array().map(Vec::len), Some(0));
}

/// A run that left inputs unchecked says so in its invocation, and the log stays valid.
#[test]
fn unchecked_inputs_are_an_error_notification() {
    let log = sarif(&[]);
    assert_eq!(log["runs"][0]["invocations"][0]["executionSuccessful"], true);
    assert!(log["runs"][0]["invocations"][0]["toolExecutionNotifications"].is_null());
    let mut r = newslint::render::renderer_for(Format::Sarif, RenderOptions::default());
    let mut out = Vec::new();
    r.begin(&mut out).unwrap();
    r.unchecked(2);
    r.end(&mut out).unwrap();
    let log: Value = serde_json::from_slice(&out).unwrap();
    assert_valid(&log);
    let invocation = &log["runs"][0]["invocations"][0];
    // The run completed: code scanning still processes the other files' results.
    assert_eq!(invocation["executionSuccessful"], true);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert!(
        note["message"]["text"]
            .as_str()
            .unwrap()
            .contains("2 个输入未能检查"),
        "{note}"
    );
}

#[test]
fn the_schema_rejects_a_broken_log() {
    // The validator is live: a result without a message is refused, and so is a `$schema`
    // that is not a URI (formats are checked).
    let mut log = sarif(&[]);
    log["runs"][0]["results"] = serde_json::json!([{ "ruleId": "x" }]);
    assert!(!schema().is_valid(&log));
    let mut log = sarif(&[]);
    log["$schema"] = serde_json::json!("not a uri");
    assert!(!schema().is_valid(&log));
}
