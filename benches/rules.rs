//! Per-family throughput (criterion): how many MB/s each rule family checks on its own, reading
//! and parsing included, next to parsing alone and all rules together.
//!
//! ```sh
//! cargo run --release --example bench_corpus target/bench/copy-1mb.txt 1   # needs ../shared
//! cargo bench --bench rules
//! ```
//!
//! The input is `NEWSLINT_BENCH_FILE`, else `target/bench/copy-1mb.txt` (clauses of the clean
//! corpus recombined, two content words of each swapped for others, with defects planted about
//! every 4 KB: written by `examples/bench_corpus.rs` or by `scripts/bench.sh`). Whole-process figures (start-up, files, threads, memory, autocorrect)
//! are `scripts/bench.sh`'s.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newslint::document::{Document, SourceKind};
use newslint::rules::FAMILIES;
use newslint::{Settings, check_str};
use std::hint::black_box;

fn input() -> String {
    let path = std::env::var("NEWSLINT_BENCH_FILE").unwrap_or_else(|_| "target/bench/copy-1mb.txt".into());
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{path}: {e}\nmake it with `cargo run --release --example bench_corpus {path} 1` \
             (needs ../shared or NEWSLINT_SHARED), or set NEWSLINT_BENCH_FILE"
        )
    })
}

fn families(c: &mut Criterion) {
    let text = input();
    let mut g = c.benchmark_group("check");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function("parse only", |b| {
        b.iter(|| black_box(Document::parse(black_box(&text), SourceKind::Plain).blocks.len()))
    });
    for family in FAMILIES {
        let ids: Vec<&str> = family.rules().iter().map(|r| r.id).collect();
        let settings = Settings {
            select: Some(ids.iter().map(|s| s.to_string()).collect()),
            ..Settings::default()
        };
        g.bench_function(ids.join("+"), |b| {
            b.iter(|| black_box(check_str(black_box(&text), SourceKind::Plain, &settings).len()))
        });
    }
    let all = Settings::default();
    g.bench_function("all rules", |b| {
        b.iter(|| black_box(check_str(black_box(&text), SourceKind::Plain, &all).len()))
    });
    g.finish();
}

criterion_group!(benches, families);
criterion_main!(benches);
