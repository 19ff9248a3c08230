//! `sarif`: one SARIF 2.1.0 log for the whole run, in the shape GitHub code scanning accepts.
//!
//! The driver lists every registered rule with its help text, so code scanning can show a rule
//! page even for rules that found nothing. Regions give line and column (columns count Unicode
//! code points, declared once by `columnKind`) and the byte offset and length, which are exact
//! even where a reader's idea of a column differs. The log is written as the run goes: its head
//! in `begin`, each file's results as the file is rendered, and the invocation and the tool in
//! `end` (JSON members have no order). Built in memory and written at the end, the log of the
//! 100 MB benchmark copy (45 MB of SARIF) took the run's peak from 207 to 677 MB.

use super::{FileReport, Position, RelatedAt, Renderer};
use crate::diagnostic::{Applicability, Diagnostic, Lang, Severity};
use crate::lines::LineIndex;
use crate::rules::{self, RuleInfo};
use serde_json::{Value, json};
use std::io::{self, Write};

/// Where the schema this log follows is published (GitHub's documentation uses this copy).
pub(crate) const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub(crate) struct Sarif {
    lang: Lang,
    rules: Vec<&'static RuleInfo>,
    /// Results written so far.
    written: usize,
    /// Inputs that could not be checked (see [`Renderer::unchecked`]).
    unchecked: usize,
}

impl Sarif {
    pub fn new(lang: Lang) -> Self {
        Sarif {
            lang,
            rules: rules::all_rules(),
            written: 0,
            unchecked: 0,
        }
    }
}

/// Write `value` pretty-printed as it prints at `depth` levels into the log (two spaces each):
/// its lines after the first indented so. (A JSON string holds no line break.)
fn write_at(out: &mut dyn Write, value: &Value, depth: usize) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    out.write_all(
        text.replace('\n', &format!("\n{}", "  ".repeat(depth)))
            .as_bytes(),
    )
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a URI reference: forward slashes, percent-encoded; absolute paths become `file:`
/// URIs, relative ones stay relative (code scanning resolves them against the repository).
pub(crate) fn path_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    let b = p.as_bytes();
    let drive = b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/';
    if drive {
        format!("file:///{}:{}", &p[..1], encode(&p[2..]))
    } else if p.starts_with('/') {
        format!("file://{}", encode(p))
    } else {
        encode(p)
    }
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// First paragraph of an explanation after its heading, without Markdown emphasis: the
/// rule's full description in plain text.
fn first_paragraph(explain: &str) -> String {
    // A heading may sit directly above its first paragraph, with no blank line between.
    explain
        .split("\n\n")
        .map(|p| {
            p.lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .map(|p| p.trim().to_string())
        .find(|p| !p.is_empty())
        .unwrap_or_default()
        .replace("**", "")
}

fn rule_json(r: &RuleInfo, lang: Lang) -> Value {
    let summary = match lang {
        Lang::Zh => r.summary_zh,
        Lang::En => r.summary,
    };
    json!({
        "id": r.id,
        "shortDescription": { "text": summary },
        "fullDescription": { "text": first_paragraph(r.explain) },
        "help": { "text": r.explain, "markdown": r.explain },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": { "tags": ["newslint"] },
    })
}

fn region_of(index: &LineIndex, text: &str, span: &std::ops::Range<usize>) -> Value {
    let p = Position::of(index, text, span);
    json!({
        "startLine": p.line,
        "startColumn": p.column,
        "endLine": p.end_line,
        "endColumn": p.end_column,
        "byteOffset": span.start,
        "byteLength": span.end.saturating_sub(span.start),
    })
}

impl Sarif {
    fn result(&self, d: &Diagnostic, report: &FileReport, index: &LineIndex) -> Value {
        let uri = path_uri(report.path);
        let region = region_of(index, report.text, &d.span);
        let mut result = json!({
            "ruleId": d.rule,
            "level": level(d.severity),
            "message": { "text": d.message },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri },
                    "region": region,
                }
            }],
        });
        let obj = result.as_object_mut().expect("object");
        if let Some(i) = self.rules.iter().position(|r| r.id == d.rule) {
            obj.insert("ruleIndex".into(), json!(i));
        }
        if !d.related.is_empty() {
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let at = RelatedAt::of(r, report, index);
                    let region = match at.end {
                        Some(_) => region_of(index, report.text, &r.span),
                        None => json!({
                            "startLine": at.line,
                            "startColumn": at.column,
                            "byteOffset": r.span.start,
                            "byteLength": r.span.end.saturating_sub(r.span.start),
                        }),
                    };
                    json!({
                        "id": i + 1,
                        "message": { "text": r.message },
                        "physicalLocation": {
                            "artifactLocation": { "uri": path_uri(at.path) },
                            "region": region,
                        }
                    })
                })
                .collect();
            obj.insert("relatedLocations".into(), Value::Array(related));
        }
        if let Some(f) = &d.fix {
            let mut description = super::fix_text(self.lang, d, report.text).unwrap_or_default();
            if f.applicability == Applicability::Safe {
                description.push_str(&super::tr(self.lang, "（安全修复）", " (safe fix)"));
            }
            obj.insert(
                "fixes".into(),
                json!([{
                    "description": { "text": description },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": uri },
                        "replacements": [{
                            "deletedRegion": region,
                            "insertedContent": { "text": f.replacement },
                        }]
                    }]
                }]),
            );
        }
        result
    }
}

impl Renderer for Sarif {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"{\n  \"$schema\": ")?;
        write_at(out, &json!(SCHEMA_URI), 1)?;
        out.write_all(
            b",\n  \"runs\": [\n    {\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [",
        )
    }

    fn file(&mut self, report: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        if report.diagnostics.is_empty() {
            return Ok(());
        }
        let index = report.line_index();
        for d in report.diagnostics.iter() {
            let r = self.result(&d, report, &index);
            out.write_all(if self.written == 0 {
                b"\n        "
            } else {
                b",\n        "
            })?;
            write_at(out, &r, 4)?;
            self.written += 1;
        }
        Ok(())
    }

    fn unchecked(&mut self, inputs: usize) {
        self.unchecked = inputs;
    }

    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        // Inputs that could not be checked are runtime conditions of the invocation: a log with
        // no results from a run that could not read some files is not a clean bill. The run
        // itself completed, and GitHub code scanning does not process the results of a log whose
        // invocation failed ("unsuccessful execution"), which would drop every other file's
        // findings for one unreadable file; so `executionSuccessful` stays true.
        let mut invocation = json!({ "executionSuccessful": true });
        if self.unchecked > 0 {
            let n = self.unchecked;
            let text = match self.lang {
                Lang::Zh => format!("有 {n} 个输入未能检查，原因见 newslint 的标准错误输出。"),
                Lang::En => format!(
                    "{n} input{} could not be checked; newslint's stderr says why.",
                    if n == 1 { "" } else { "s" }
                ),
            };
            invocation["toolExecutionNotifications"] = json!([{
                "level": "error",
                "message": { "text": text },
            }]);
        }
        let mut driver = json!({
            "name": "newslint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": self.rules.iter().map(|r| rule_json(r, self.lang)).collect::<Vec<_>>(),
        });
        // The informationUri is the crate's repository; it is left out while Cargo.toml names
        // none, rather than pointing at a made-up address.
        let repo = env!("CARGO_PKG_REPOSITORY");
        if !repo.is_empty() {
            driver["informationUri"] = json!(repo);
        }
        // The results, then the rest of the run and of the log.
        out.write_all(if self.written == 0 { b"]" } else { b"\n      ]" })?;
        out.write_all(b",\n      \"invocations\": ")?;
        write_at(out, &json!([invocation]), 3)?;
        out.write_all(b",\n      \"tool\": ")?;
        write_at(out, &json!({ "driver": driver }), 3)?;
        out.write_all(b"\n    }\n  ],\n  \"version\": \"2.1.0\"\n}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(path_uri("./news/今天.txt"), "news/%E4%BB%8A%E5%A4%A9.txt");
        assert_eq!(path_uri("a b\\c.md"), "a%20b/c.md");
        assert_eq!(path_uri("/tmp/x.txt"), "file:///tmp/x.txt");
        assert_eq!(path_uri("C:\\x\\y.txt"), "file:///C:/x/y.txt");
        assert_eq!(path_uri("c:x"), "c%3Ax");
    }
}
