//! newslint: a linter for published Simplified-Chinese news copy.
//!
//! Text flows one way: read → [`Document`] → rule families → [`Diagnostic`]s → a renderer.
//! The library never reads files, prints or exits; the binary does that.

pub mod app;
pub mod atomic;
pub mod blocks;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod diagnostic;
pub mod docs;
pub mod document;
pub mod findings;
pub mod fix;
pub mod fixmode;
pub mod input;
mod leb128;
pub mod lines;
pub mod masks;
pub mod progress;
pub mod render;
pub mod review;
pub mod rules;
pub mod run;
pub mod segment;
pub mod settings;
#[cfg(test)]
mod testutil;
pub mod text;
pub mod tools;

pub use diagnostic::{Applicability, Diagnostic, Fix, Lang, Related, Severity};
pub use document::{Document, SourceKind};
pub use findings::{Findings, Sink};
pub use settings::Settings;

/// Run every enabled rule on `doc`. Findings come back filtered by the selection, re-graded by
/// configured severities, without suppressed ones, sorted by span and rule, deduplicated.
pub fn check(doc: &Document, settings: &Settings) -> Vec<Diagnostic> {
    check_findings(doc, settings).into_vec()
}

/// [`check`], the findings held compactly (see [`findings`]): what the runner keeps for a file
/// until it is rendered.
pub fn check_findings(doc: &Document, settings: &Settings) -> Findings {
    findings_in_parts(doc, settings, rules::PART_BYTES)
}

/// [`check`], with the document's blocks fed to the families in parts of about `part_bytes`
/// bytes (see [`rules::parts`]). The findings do not depend on the size; tests compare sizes.
#[doc(hidden)]
pub fn check_in_parts(doc: &Document, settings: &Settings, part_bytes: usize) -> Vec<Diagnostic> {
    findings_in_parts(doc, settings, part_bytes).into_vec()
}

fn findings_in_parts(doc: &Document, settings: &Settings, part_bytes: usize) -> Findings {
    let ctx = rules::Context::new(settings);
    // Each finding is made compact as it is pushed: a text with a finding every few bytes
    // never holds them all as plain diagnostics.
    let mut out = Findings::new();
    let (whole, mut passes): (Vec<_>, Vec<_>) = rules::FAMILIES
        .iter()
        .filter(|f| f.active(&ctx))
        .map(|f| f.start(doc, &ctx))
        .partition(|p| !p.takes_parts());
    for pass in whole {
        pass.finish(&mut out);
    }
    for part in rules::parts(doc, part_bytes) {
        for pass in &mut passes {
            pass.part(&part, &mut out);
        }
    }
    for pass in passes {
        pass.finish(&mut out);
    }
    out.retain(|rule, start| ctx.enabled(rule) && !doc.is_suppressed(rule, start));
    out.regrade(|rule| settings.severity_override(rule));
    out.sort_dedup();
    out
}

/// Parse `text` as `kind` and check it.
///
/// # Panics
///
/// If `text` is longer than [`document::MAX_TEXT_LEN`] (1 GiB less one byte), as
/// [`Document::parse`] does.
pub fn check_str(text: &str, kind: SourceKind, settings: &Settings) -> Vec<Diagnostic> {
    let doc = Document::parse(text, kind);
    check(&doc, settings)
}
