//! Placeholder for the duplicate family: replaced by the family's implementation.

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rules::{Context, Family, RuleInfo};
use serde::Deserialize;

/// Options of this family (config section).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

/// The family.
pub struct Duplicate;

impl Family for Duplicate {
    fn rules(&self) -> &'static [RuleInfo] {
        &[]
    }
    fn check(&self, _doc: &Document, _ctx: &Context, _out: &mut Vec<Diagnostic>) {}
}

/// A paragraph's fingerprint for cross-file duplicate detection: a hash of its normalised text
/// and its byte span. Holding these instead of texts keeps a 100,000-file run small.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Hash of the normalised paragraph.
    pub hash: u64,
    /// Byte span of the paragraph in its file.
    pub span: std::ops::Range<usize>,
}

/// Fingerprints of the paragraphs of `doc` that are long enough to count as a duplicate when
/// they appear in another file.
pub fn fingerprints(_doc: &Document, _opts: &Options) -> Vec<Fingerprint> {
    Vec::new()
}

/// The finding for a paragraph at `span` that repeats a paragraph of another file.
pub fn cross_file_diagnostic(
    ctx: &Context,
    span: std::ops::Range<usize>,
    first: crate::diagnostic::OtherFile,
    first_span: std::ops::Range<usize>,
) -> Diagnostic {
    let msg = ctx.msg(
        format!("本段与 {}:{} 的段落重复", first.path, first.line),
        format!("this paragraph repeats {}:{}", first.path, first.line),
    );
    let mut d = Diagnostic::new("duplicate-text", crate::diagnostic::Severity::Warning, span, msg);
    d.related.push(crate::diagnostic::Related {
        span: first_span,
        message: ctx.msg("首次出现", "first copy"),
        other: Some(first),
    });
    d
}
