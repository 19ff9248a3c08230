//! Measure the `typo` family on the shared reference data: the seed page, the clean corpus
//! (false positives) and the ODW sentences (recall on real errors), and its recall on the two
//! common-misspelling lists in `tests/data/` (each wrong form embedded in a neutral sentence).
//! The misses of the first list are printed; those of the held-out list are not, so that it
//! stays a check on generality rather than a tuning target.
//!
//! `NEWSLINT_SHARED=/path/to/shared cargo run --release --example measure_typo`

use newslint::{Settings, SourceKind, check_str};
use std::path::PathBuf;

fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = std::env::var_os("NEWSLINT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("../shared"));
    let settings = Settings::default();
    let ours = |r: &str| r == "typo" || r == "variant-word";

    // Common-misspelling lists: a wrong form counts as found when a `typo` finding covers it, or
    // a `variant-word` finding (a form that 《第一批异形词整理表》 lists as non-recommended, such
    // as 挺而走险, is reported by that rule at info instead); the split is printed.
    for (name, list, show) in [
        (
            "common-misspellings.tsv",
            include_str!("../tests/data/common-misspellings.tsv"),
            true,
        ),
        (
            "common-misspellings-heldout.tsv",
            include_str!("../tests/data/common-misspellings-heldout.tsv"),
            false,
        ),
    ] {
        let pairs: Vec<(&str, &str)> = list
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .collect();
        let mut missed = Vec::new();
        let (mut by_typo, mut by_variant) = (0, 0);
        for &(wrong, right) in &pairs {
            let text = format!("这篇报道里出现了{wrong}这样的写法。");
            let at = text.find(wrong).expect("embedded");
            // A hit covers every changed character (the finding for 坐阵指挥 is 坐阵 → 坐镇).
            let changed: Vec<(usize, usize)> = wrong
                .char_indices()
                .zip(right.chars())
                .filter(|((_, a), b)| a != b)
                .map(|((i, a), _)| (at + i, at + i + a.len_utf8()))
                .collect();
            let (lo, hi) = match (changed.first(), changed.last()) {
                (Some(f), Some(l)) => (f.0, l.1),
                _ => (at, at + wrong.len()),
            };
            let ds = check_str(&text, SourceKind::Plain, &settings);
            let covers = |rule: &str| {
                ds.iter()
                    .any(|d| d.rule == rule && d.span.start <= lo && hi <= d.span.end)
            };
            if covers("typo") {
                by_typo += 1;
            } else if covers("variant-word") {
                by_variant += 1;
            } else {
                missed.push(format!("{wrong}\t{right}"));
            }
        }
        let hit = by_typo + by_variant;
        println!(
            "== {name}: {hit}/{} flagged ({:.1}%): {by_typo} by typo ({:.1}%) + {by_variant} by variant-word",
            pairs.len(),
            100.0 * hit as f64 / pairs.len().max(1) as f64,
            100.0 * by_typo as f64 / pairs.len().max(1) as f64,
        );
        // Misses by length of the wrong form: where the gap is, without naming held-out pairs.
        let mut by_len = std::collections::BTreeMap::<usize, (usize, usize)>::new();
        for &(wrong, _) in &pairs {
            by_len.entry(wrong.chars().count()).or_default().0 += 1;
        }
        for m in &missed {
            let wrong = m.split('\t').next().unwrap_or("");
            by_len.entry(wrong.chars().count()).or_default().1 += 1;
        }
        let split: Vec<String> = by_len
            .iter()
            .map(|(n, (all, miss))| format!("{n} characters: {miss}/{all} missed"))
            .collect();
        println!("   {}", split.join(", "));
        if show {
            for m in &missed {
                println!("MISS {m}");
            }
        }
    }

    // Seed page.
    let seed = std::fs::read_to_string(repo.join("tests/fixtures/seed.txt")).expect("seed");
    println!("== seed page");
    for d in check_str(&seed, SourceKind::Plain, &settings) {
        if ours(d.rule) {
            let line = seed[..d.span.start].matches('\n').count() + 1;
            let col = seed[..d.span.start].rsplit('\n').next().unwrap().chars().count() + 1;
            println!(
                "{} {}:{} {} {}",
                d.rule,
                line,
                col,
                &seed[d.span.clone()],
                d.message
            );
        }
    }

    // Clean corpus.
    let clean = std::fs::read_to_string(shared.join("data/corpus/xxqg-clean.txt")).expect("clean");
    let found: Vec<_> = check_str(&clean, SourceKind::Plain, &settings)
        .into_iter()
        .filter(|d| ours(d.rule))
        .collect();
    println!("== clean corpus: {} findings", found.len());
    for d in &found {
        println!("{} {} {}", d.rule, &clean[d.span.clone()], d.message);
    }

    // ODW: label, as written, corrected.
    let odw = std::fs::read_to_string(shared.join("data/corpus/odw-train.tsv")).expect("odw");
    let (mut bad, mut bad_hit, mut bad_flagged, mut good, mut good_flagged) = (0, 0, 0, 0, 0);
    let (mut fixed_n, mut fixed_flagged) = (0, 0);
    let mut examples = Vec::new();
    for line in odw.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            continue;
        }
        let (label, src, fixed) = (cols[0], cols[1], cols[2]);
        // The corrected text of every sentence is clean copy no table was built from.
        fixed_n += 1;
        let on_fixed: Vec<_> = check_str(fixed, SourceKind::Plain, &settings)
            .into_iter()
            .filter(|d| ours(d.rule))
            .collect();
        if let Some(d) = on_fixed.first() {
            fixed_flagged += 1;
            examples.push(format!(
                "FALSE-CORRECTED {} {}: {}",
                d.rule,
                &fixed[d.span.clone()],
                fixed
            ));
        }
        let diags: Vec<_> = check_str(src, SourceKind::Plain, &settings)
            .into_iter()
            .filter(|d| d.rule == "typo")
            .collect();
        if label == "0" {
            good += 1;
            if !diags.is_empty() {
                good_flagged += 1;
                examples.push(format!("FALSE {}: {}", &src[diags[0].span.clone()], src));
            }
            continue;
        }
        bad += 1;
        if !diags.is_empty() {
            bad_flagged += 1;
        }
        // Byte offsets of changed characters (the pairs are aligned character for character).
        let changed: Vec<usize> = src
            .char_indices()
            .zip(fixed.chars())
            .filter(|((_, a), b)| a != b)
            .map(|((i, _), _)| i)
            .collect();
        if diags.iter().any(|d| changed.iter().any(|&i| d.span.contains(&i))) {
            bad_hit += 1;
            examples.push(format!(
                "HIT {} -> {}",
                &src[diags[0].span.clone()],
                diags[0].message
            ));
        }
    }
    println!(
        "== odw-train: {bad} erroneous sentences, typo points at a changed character in {bad_hit} ({:.1}%), flags something in {bad_flagged}; {good} clean sentences, {good_flagged} flagged",
        100.0 * bad_hit as f64 / bad.max(1) as f64
    );
    println!(
        "== odw-train corrected text: {fixed_n} sentences, {fixed_flagged} with a typo or variant-word finding"
    );
    for e in examples {
        println!("{e}");
    }
}
