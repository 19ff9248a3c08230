//! Throughput of the charset family alone on a large input.
//!
//! ```text
//! NEWSLINT_SHARED=/work/shared cargo run --release --example bench_charset [MB]
//! ```
//!
//! The clean corpus is repeated in memory to about `MB` megabytes (default 50) and parsed
//! once; then the family's `check` runs on the parsed document (best of three). A second input
//! has a stray Traditional word and an ambiguous word in every paragraph, to price the slow
//! path; a third is the corpus converted to Traditional (the "mostly Traditional" path).

use newslint::rules::charset::Charset;
use newslint::rules::{Context, Family};
use newslint::{Document, Settings, SourceKind};
use std::time::Instant;

fn main() {
    let mb: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let root: std::path::PathBuf = std::env::var_os("NEWSLINT_SHARED")
        .map(Into::into)
        .unwrap_or_else(|| "../shared".into());
    let corpus = std::fs::read_to_string(root.join("data/corpus/xxqg-clean.txt")).unwrap_or_else(|e| {
        eprintln!("corpus: {e} (set NEWSLINT_SHARED)");
        std::process::exit(2)
    });
    let st = std::fs::read_to_string(root.join("data/opencc/STCharacters.txt")).unwrap_or_default();
    let s2t: std::collections::HashMap<char, char> = st
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (k, v) = l.split_once('\t')?;
            Some((k.chars().next()?, v.chars().next()?))
        })
        .collect();

    let target = mb * 1_000_000;
    let repeat = |src: &str| {
        let mut s = String::with_capacity(target + src.len());
        while s.len() < target {
            s.push_str(src);
            s.push('\n');
        }
        s
    };
    let clean = repeat(&corpus);
    let stray_src: String = corpus
        .split("\n\n")
        .map(|p| format!("{p}这是關鍵，空气乾燥。"))
        .collect::<Vec<_>>()
        .join("\n\n");
    let stray = repeat(&stray_src);
    let trad_src: String = corpus.chars().map(|c| *s2t.get(&c).unwrap_or(&c)).collect();
    let trad = repeat(&trad_src);

    let settings = Settings::default();
    let ctx = Context::new(&settings);
    baseline(&clean);
    for (name, text) in [("clean", &clean), ("stray words", &stray), ("Traditional", &trad)] {
        let t0 = Instant::now();
        let doc = Document::parse(text, SourceKind::Plain);
        let parse = t0.elapsed();
        let mut best = f64::MAX;
        let mut n = 0;
        for _ in 0..3 {
            let mut out = Vec::new();
            let t = Instant::now();
            Charset.check(&doc, &ctx, &mut out);
            best = best.min(t.elapsed().as_secs_f64());
            n = out.len();
        }
        println!(
            "{name:12} {:6.1} MB: parse {:6.0} ms; charset check {:7.1} ms = {:7.0} MB/s ({n} findings)",
            text.len() as f64 / 1e6,
            parse.as_secs_f64() * 1e3,
            best * 1e3,
            text.len() as f64 / 1e6 / best
        );
    }
}

/// For scale: the cost of decoding every character and testing `is_han` alone.
fn baseline(text: &str) {
    let t = Instant::now();
    let n = text.chars().filter(|&c| newslint::text::is_han(c)).count();
    println!(
        "baseline chars().filter(is_han): {:.0} MB/s ({n})",
        text.len() as f64 / 1e6 / t.elapsed().as_secs_f64()
    );
}
