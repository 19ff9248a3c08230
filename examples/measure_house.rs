//! Findings of the house family (built-in house-style rules, plus the rules of a house file
//! if one is given) on a text file, with throughput.
//!
//! ```text
//! cargo run --release --example measure_house -- ../shared/data/corpus/xxqg-clean.txt
//! cargo run --release --example measure_house -- big.txt examples/house-style.toml
//! ```

use newslint::rules::house::compile_file;
use newslint::{Settings, SourceKind, check_str};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: measure_house FILE [HOUSE.toml]");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(path).expect("read the text");
    let mut settings = Settings::default();
    if let Some(house) = args.get(1) {
        let src = std::fs::read_to_string(house).expect("read the rule file");
        let rules = compile_file(&src, house, &[]).unwrap_or_else(|e| panic!("{e}"));
        settings.house = Arc::new(rules);
    }
    let ids = newslint::rules::house::rule_ids(&settings);
    settings.select = Some(ids.iter().map(|s| s.to_string()).collect());
    // Parsing the document alone (no rule selected), to separate it from the rules' cost.
    let mut none = settings.clone();
    none.select = Some(Default::default());
    let started = Instant::now();
    let _ = check_str(&text, SourceKind::Plain, &none);
    let parse_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let found = check_str(&text, SourceKind::Plain, &settings);
    let secs = started.elapsed().as_secs_f64();
    let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &found {
        *per_rule.entry(d.rule).or_default() += 1;
        let line = text[..d.span.start].matches('\n').count() + 1;
        println!(
            "{path}:{line}: {} [{}] {}",
            d.severity.as_str(),
            d.rule,
            &text[d.span.clone()]
        );
    }
    for id in &ids {
        println!("{id}: {}", per_rule.get(id).copied().unwrap_or(0));
    }
    let mb = text.len() as f64 / 1e6;
    println!(
        "{} bytes: check with only house rules {:.3} s ({:.0} MB/s); parsing alone {:.3} s; \
         house rules alone {:.0} MB/s",
        text.len(),
        secs,
        mb / secs,
        parse_secs,
        mb / (secs - parse_secs).max(1e-9)
    );
}
