//! Throughput of the doubled family alone on clean copy, and the one-time cost of building the
//! jieba segmenter.
//!
//! ```text
//! NEWSLINT_SHARED=/work/shared cargo run --release --example bench_doubled [-- MB]
//! ```
//! The clean corpus is repeated in memory to about `MB` megabytes (default 50). Document
//! parsing is timed apart from the family, which is called directly (no other family runs).

use newslint::document::{Document, SourceKind};
use newslint::rules::doubled::{Doubled, load_segmenter, scan_stats};
use newslint::rules::{Context, Family};
use newslint::settings::Settings;
use std::time::{Duration, Instant};

const RUNS: usize = 9;

fn mbps(bytes: usize, t: Duration) -> f64 {
    bytes as f64 / 1e6 / t.as_secs_f64()
}

fn main() {
    let shared = std::env::var("NEWSLINT_SHARED").unwrap_or_else(|_| "../shared".into());
    let mb: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let path = format!("{shared}/data/corpus/xxqg-clean.txt");
    let corpus = std::fs::read_to_string(&path).expect("clean corpus");

    // One-time cost: the first candidate builds the segmenter.
    let t = Instant::now();
    let built = load_segmenter();
    let build = t.elapsed();
    println!("jieba segmenter build: {build:.2?} (built by this call: {built})");

    let mut text = String::with_capacity(mb * 1_000_000 + corpus.len());
    while text.len() < mb * 1_000_000 {
        text.push_str(&corpus);
        text.push_str("\n\n");
    }
    let t = Instant::now();
    let doc = Document::parse(&text, SourceKind::Plain);
    let parse = t.elapsed();
    println!(
        "input: {:.1} MB, {} blocks; Document::parse {parse:.2?} ({:.0} MB/s, not part of the rule)",
        text.len() as f64 / 1e6,
        doc.blocks.len(),
        mbps(text.len(), parse)
    );

    let settings = Settings::default();
    let ctx = Context::new(&settings);
    let mut best = Duration::MAX;
    let mut n = 0;
    // The minimum over several runs: on a shared machine it is the best estimate of the
    // uncontended time.
    for _ in 0..RUNS {
        let mut out = Vec::new();
        let t = Instant::now();
        Doubled.check(&doc, &ctx, &mut out);
        best = best.min(t.elapsed());
        n = out.len();
    }
    println!(
        "doubled family (doubled-char + repeated-contrast), best of {RUNS}: {best:.2?}, {:.0} MB/s, {n} findings",
        mbps(text.len(), best)
    );

    let mut scan = Duration::MAX;
    let mut st = scan_stats(&doc);
    for _ in 0..RUNS {
        let t = Instant::now();
        st = scan_stats(&doc);
        scan = scan.min(t.elapsed());
    }
    println!(
        "candidate scan alone, best of {RUNS}: {scan:.2?}, {:.0} MB/s; {} pairs ({} segmented), {} ABAB, {} openers",
        mbps(text.len(), scan),
        st.pairs,
        st.segmented_pairs,
        st.words,
        st.openers
    );
}
