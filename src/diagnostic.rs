//! What a rule reports: plain values, no rendering.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A suggestion; never fails a run unless `--fail-on info`.
    Info,
    /// A defect that should be fixed before publication.
    Warning,
    /// A defect that must be fixed.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Whether a fix may be applied without a human reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Mechanical and meaning-preserving: `--fix` applies it.
    Safe,
    /// Changes wording or may be wrong: only `--unsafe-fixes` applies it.
    Unsafe,
}

impl Applicability {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// A fix replaces the diagnostic's whole span with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fix {
    /// Text that replaces the bytes of the diagnostic's span.
    pub replacement: String,
    /// Whether `--fix` may apply it on its own.
    pub applicability: Applicability,
}

/// Where a related span lives when it is not in the diagnostic's own file (cross-file
/// findings). Line and column are computed by whoever had that file's text at hand.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OtherFile {
    /// The other file's path as it is displayed.
    pub path: String,
    /// 1-based line of the span start.
    pub line: usize,
    /// 1-based character column of the span start.
    pub column: usize,
}

/// A second span that explains the finding ("first copy here").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Related {
    /// Byte range, in the diagnostic's own file unless `other` is set.
    pub span: Range<usize>,
    /// What this span is.
    pub message: String,
    /// Set when the span is in another file of the same run.
    pub other: Option<OtherFile>,
}

/// One finding of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// The stable kebab-case rule id.
    pub rule: &'static str,
    /// Severity after configuration is applied.
    pub severity: Severity,
    /// Message for the editor, in the configured language.
    pub message: String,
    /// UTF-8 byte range into the file's bytes as read.
    pub span: Range<usize>,
    /// Replacement for the span, if one is known.
    pub fix: Option<Fix>,
    /// Further spans that explain the finding.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// A diagnostic with no fix and nothing related.
    pub fn new(
        rule: &'static str,
        severity: Severity,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            rule,
            severity,
            message: message.into(),
            span,
            fix: None,
            related: Vec::new(),
        }
    }

    /// Attach a fix.
    pub fn with_fix(mut self, replacement: impl Into<String>, applicability: Applicability) -> Self {
        self.fix = Some(Fix {
            replacement: replacement.into(),
            applicability,
        });
        self
    }

    /// Attach a related span in the same file.
    pub fn with_related(mut self, span: Range<usize>, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
            other: None,
        });
        self
    }

    /// The ordering every output uses: by start, then end, then rule id.
    pub fn sort_key(&self) -> (usize, usize, &'static str) {
        (self.span.start, self.span.end, self.rule)
    }
}

/// Message language for editors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Simplified Chinese (default).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Pick the message in this language. Every rule writes both.
    pub fn pick(self, zh: String, en: String) -> String {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
