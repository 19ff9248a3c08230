//! Measure the punctuation family on files: findings per rule and severity, and throughput.
//!
//! `cargo run --release --example measure_punct -- FILE…` (default: the clean corpus under
//! `$NEWSLINT_SHARED`, default `../shared`). Every finding other than `halfwidth-punct` is
//! listed with its line and column; with `-v` the half-width ones are listed too.

use newslint::lines::LineIndex;
use newslint::{Document, Settings, SourceKind};
use std::collections::BTreeSet;
use std::time::Instant;

fn main() {
    let mut verbose = false;
    let mut paths: Vec<String> = Vec::new();
    for a in std::env::args().skip(1) {
        if a == "-v" {
            verbose = true;
        } else {
            paths.push(a);
        }
    }
    if paths.is_empty() {
        let shared = std::env::var("NEWSLINT_SHARED").unwrap_or_else(|_| "../shared".into());
        paths.push(format!("{shared}/data/corpus/xxqg-clean.txt"));
    }
    let settings = Settings {
        select: Some(BTreeSet::from([
            "halfwidth-punct".to_string(),
            "cjk-space".to_string(),
        ])),
        ..Settings::default()
    };
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let kind = SourceKind::from_path(path);
        let doc = Document::parse(&text, kind);
        let diags = newslint::check(&doc, &settings);
        let li = LineIndex::new(&text);
        let mut counts = std::collections::BTreeMap::new();
        for d in &diags {
            *counts.entry((d.rule, d.severity.as_str())).or_insert(0usize) += 1;
            if verbose || d.rule != "halfwidth-punct" {
                let (l, c) = li.line_col(&text, d.span.start);
                println!(
                    "{path}:{l}:{c}: {}[{}] {}",
                    d.severity.as_str(),
                    d.rule,
                    d.message
                );
            }
        }
        println!("{path}: {} bytes, {} findings", text.len(), diags.len());
        for ((rule, sev), n) in &counts {
            println!("  {rule:<16} {sev:<8} {n}");
        }

        // Throughput of the family alone on a large input: the file repeated to >= 64 MB,
        // parsed once, checked several times.
        let reps = (64 << 20) / text.len().max(1) + 1;
        let big = format!("{text}\n").repeat(reps);
        let doc = Document::parse(&big, kind);
        let rounds = 5;
        let t = Instant::now();
        let mut n = 0;
        for _ in 0..rounds {
            n += newslint::check(&doc, &settings).len();
        }
        let secs = t.elapsed().as_secs_f64();
        let mb = (big.len() * rounds) as f64 / 1e6;
        println!(
            "  throughput (check only, {} MB x {rounds}): {:.0} MB/s ({n} findings)",
            big.len() / 1_000_000,
            mb / secs
        );
    }
}
