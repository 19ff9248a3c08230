//! Placeholder for the charset family: replaced by the family's implementation.

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rules::{Context, Family, RuleInfo};
use serde::Deserialize;

/// Options of this family (config section).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {}

/// The family.
pub struct Charset;

impl Family for Charset {
    fn rules(&self) -> &'static [RuleInfo] {
        &[]
    }
    fn check(&self, _doc: &Document, _ctx: &Context, _out: &mut Vec<Diagnostic>) {}
}
