//! Throughput of the `typo` family alone, and of the two automaton crates on its dictionary.
//!
//! `NEWSLINT_SHARED=/path/to/shared cargo run --release --example bench_typo [MB]`
//!
//! The input is the clean corpus repeated in memory to about 50 MB (default), so it measures
//! the common case: clean copy with no findings.

use newslint::rules::typo::{TYPOS_TSV, Typo, VARIANTS_TSV};
use newslint::rules::{Context, Family};
use newslint::{Document, Settings, SourceKind};
use std::path::PathBuf;
use std::time::Instant;

fn best_of<T>(n: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::MAX;
    let mut out = None;
    for _ in 0..n {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed().as_secs_f64());
        out = Some(r);
    }
    (best, out.expect("ran once"))
}

fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = std::env::var_os("NEWSLINT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("../shared"));
    let mb: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let clean = std::fs::read_to_string(shared.join("data/corpus/xxqg-clean.txt")).expect("clean");
    let mut text = String::with_capacity(mb << 20);
    while text.len() < mb << 20 {
        text.push_str(&clean);
        text.push('\n');
    }
    let size = text.len() as f64 / 1e6;
    println!(
        "input: {size:.1} MB ({} copies of the clean corpus)",
        text.len() / clean.len()
    );

    let (t_parse, doc) = best_of(1, || Document::parse(&text, SourceKind::Plain));
    println!("Document::parse: {:.3} s ({:.0} MB/s)", t_parse, size / t_parse);
    let settings = Settings::default();
    let ctx = Context::new(&settings);
    // Warm up: builds the automaton.
    let t = Instant::now();
    let mut out = Vec::new();
    Typo.check(&Document::parse("中文", SourceKind::Plain), &ctx, &mut out);
    println!(
        "automaton build (first Han block): {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let (t_family, n) = best_of(3, || {
        let mut out = Vec::new();
        Typo.check(&doc, &ctx, &mut out);
        out.len()
    });
    println!(
        "typo family check: {:.3} s = {:.0} MB/s ({n} findings)",
        t_family,
        size / t_family
    );

    // Raw automata over the same patterns (both tables), whole text, leftmost-longest.
    let pats: Vec<&str> = TYPOS_TSV
        .lines()
        .chain(VARIANTS_TSV.lines())
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.split('\t').next())
        .collect();
    println!("patterns: {}", pats.len());
    let t = Instant::now();
    let da = daachorse::CharwiseDoubleArrayAhoCorasickBuilder::new()
        .match_kind(daachorse::MatchKind::LeftmostLongest)
        .build::<_, _, u32>(&pats)
        .expect("daachorse");
    let build_da = t.elapsed().as_secs_f64();
    let (t_da, n_da) = best_of(3, || da.leftmost_find_iter(&text).count());
    println!(
        "daachorse charwise LeftmostLongest: build {:.1} ms, {:.0} MB/s ({n_da} matches), {} KiB",
        build_da * 1e3,
        size / t_da,
        da.heap_bytes() / 1024
    );
    for kind in [
        None,
        Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA),
        Some(aho_corasick::AhoCorasickKind::ContiguousNFA),
        Some(aho_corasick::AhoCorasickKind::DFA),
    ] {
        let t = Instant::now();
        let ac = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(kind)
            .build(&pats)
            .expect("aho-corasick");
        let build = t.elapsed().as_secs_f64();
        let (t_ac, n_ac) = best_of(3, || ac.find_iter(&text).count());
        println!(
            "aho-corasick {:?} (chose {:?}) LeftmostLongest: build {:.1} ms, {:.0} MB/s ({n_ac} matches), {} KiB",
            kind,
            ac.kind(),
            build * 1e3,
            size / t_ac,
            ac.memory_usage() / 1024
        );
    }
}
