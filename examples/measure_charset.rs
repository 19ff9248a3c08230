//! Measures the charset family on the shared reference data.
//!
//! ```text
//! NEWSLINT_SHARED=/work/shared cargo run --release --example measure_charset
//! ```
//!
//! 1. The seed page: every finding of the two rules.
//! 2. The clean corpus: findings by rule and severity (should be none).
//! 3. Recall on injected Traditional text: in each clean paragraph, one two-character span
//!    that OpenCC's STCharacters changes is converted to Traditional; a hit is a
//!    `traditional-char` finding covering it with the original text as its fix.
//! 4. Recall on injected ambiguous words: every converting phrase of `phrases.tsv` whose
//!    Simplified form occurs in the corpus is written back in Traditional there.
//! 5. Traditional documents: each clean paragraph converted to Traditional character by
//!    character; how many get the single "mostly Traditional" finding.

use newslint::rules::charset::{TRADITIONAL_CHAR, VARIANT_CHAR};
use newslint::{Settings, Severity, SourceKind};
use std::collections::{BTreeMap, HashMap};

fn shared() -> std::path::PathBuf {
    std::env::var_os("NEWSLINT_SHARED")
        .map(Into::into)
        .unwrap_or_else(|| "../shared".into())
}

fn settings() -> Settings {
    Settings {
        select: Some(
            [TRADITIONAL_CHAR.to_string(), VARIANT_CHAR.to_string()]
                .into_iter()
                .collect(),
        ),
        ..Settings::default()
    }
}

fn main() {
    let root = shared();
    let read = |p: &str| {
        std::fs::read_to_string(root.join(p)).unwrap_or_else(|e| {
            eprintln!("{p}: {e} (set NEWSLINT_SHARED)");
            std::process::exit(2)
        })
    };
    let s = settings();

    // 1. Seed page.
    let seed = read("seed/000_79e4c55b3cdc9d81.txt");
    let d = newslint::check_str(&seed, SourceKind::Plain, &s);
    println!("seed page: {} findings", d.len());
    for x in &d {
        let line = seed[..x.span.start].matches('\n').count() + 1;
        println!(
            "  {} {} line {line} bytes {:?} {:?} -> {:?}: {}",
            x.rule,
            x.severity.as_str(),
            x.span,
            &seed[x.span.clone()],
            x.fix
                .as_ref()
                .map(|f| (f.replacement.as_str(), f.applicability.as_str())),
            x.message
        );
    }

    // 2. Clean corpus.
    let corpus = read("data/corpus/xxqg-clean.txt");
    let d = newslint::check_str(&corpus, SourceKind::Plain, &s);
    let mut by: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for x in &d {
        *by.entry((x.rule, x.severity.as_str())).or_default() += 1;
    }
    println!(
        "clean corpus ({} bytes): {} findings {:?}",
        corpus.len(),
        d.len(),
        by
    );
    for x in d.iter().take(20) {
        println!("  {} {:?}: {}", x.rule, &corpus[x.span.clone()], x.message);
    }

    // Simplified → Traditional, character by character (OpenCC's first choice).
    let mut s2t: HashMap<char, char> = HashMap::new();
    for l in read("data/opencc/STCharacters.txt").lines() {
        if l.starts_with('#') || l.is_empty() {
            continue;
        }
        let Some((k, v)) = l.split_once('\t') else {
            continue;
        };
        let (Some(k), Some(v)) = (
            k.chars().next(),
            v.split(' ').next().and_then(|v| v.chars().next()),
        ) else {
            continue;
        };
        if k != v {
            s2t.insert(k, v);
        }
    }
    let paragraphs: Vec<&str> = corpus
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();

    // 3. Injected Traditional spans.
    let (mut tried, mut found, mut exact) = (0, 0, 0);
    let mut misses = Vec::new();
    for (n, p) in paragraphs.iter().enumerate() {
        let chars: Vec<(usize, char)> = p.char_indices().collect();
        // A deterministic spot: the first changeable pair after a paragraph-dependent offset.
        let startk = (n * 7919) % chars.len().max(1);
        let Some(k) = (startk..chars.len().saturating_sub(1))
            .chain(0..startk.min(chars.len().saturating_sub(1)))
            .find(|&k| s2t.contains_key(&chars[k].1) && s2t.contains_key(&chars[k + 1].1))
        else {
            continue;
        };
        let a = chars[k].0;
        let b = chars.get(k + 2).map_or(p.len(), |x| x.0);
        let orig = &p[a..b];
        let trad: String = orig.chars().map(|c| *s2t.get(&c).unwrap_or(&c)).collect();
        let text = format!("{}{}{}", &p[..a], trad, &p[b..]);
        let span = a..a + trad.len();
        tried += 1;
        let d = newslint::check_str(&text, SourceKind::Plain, &s);
        let hit = d
            .iter()
            .find(|x| x.rule == TRADITIONAL_CHAR && x.span.start <= span.start && span.end <= x.span.end);
        match hit {
            Some(x) => {
                found += 1;
                let rep = x.fix.as_ref().map(|f| f.replacement.as_str()).unwrap_or("");
                if x.span == span && rep == orig {
                    exact += 1;
                } else if misses.len() < 15 {
                    misses.push(format!(
                        "{trad}: {:?} -> {rep} (original {orig})",
                        &text[x.span.clone()]
                    ));
                }
            }
            None => {
                if misses.len() < 15 {
                    misses.push(format!("{trad} ({orig}) missed"));
                }
            }
        }
    }
    println!(
        "injected Traditional pairs: {found}/{tried} detected, {exact} with the exact span and the original as fix"
    );
    for m in &misses {
        println!("  {m}");
    }

    // 4. Injected ambiguous words.
    let phrases = include_str!("../rules/charset/phrases.tsv");
    let ambiguous: Vec<char> = include_str!("../rules/charset/ambiguous.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.chars().next())
        .collect();
    let (mut tried, mut found) = (0, 0);
    let mut misses = Vec::new();
    for l in phrases.lines().filter(|l| !l.starts_with('#')) {
        let Some((t, simp)) = l.split_once('\t') else {
            continue;
        };
        let changes = t
            .chars()
            .zip(simp.chars())
            .any(|(a, b)| a != b && ambiguous.contains(&a));
        if !changes {
            continue;
        }
        let Some(p) = paragraphs.iter().find(|p| p.contains(simp)) else {
            continue;
        };
        let text = p.replacen(simp, t, 1);
        let at = p.find(simp).unwrap_or(0);
        tried += 1;
        let d = newslint::check_str(&text, SourceKind::Plain, &s);
        if d.iter()
            .any(|x| x.rule == TRADITIONAL_CHAR && x.span.start >= at && x.span.start < at + t.len())
        {
            found += 1;
        } else if misses.len() < 15 {
            misses.push(format!("{t} ({simp})"));
        }
    }
    println!("injected ambiguous words: {found}/{tried} detected");
    for m in &misses {
        println!("  missed {m}");
    }

    // 5. Whole paragraphs in Traditional.
    let (mut docs, mut mostly, mut per_word) = (0, 0, 0);
    for p in &paragraphs {
        let t: String = p.chars().map(|c| *s2t.get(&c).unwrap_or(&c)).collect();
        if newslint::text::han_count(&t) < newslint::rules::charset::MOSTLY_TRADITIONAL_MIN_HAN {
            continue;
        }
        docs += 1;
        let d = newslint::check_str(&t, SourceKind::Plain, &s);
        if d.len() == 1 && d[0].severity == Severity::Info && d[0].rule == TRADITIONAL_CHAR {
            mostly += 1;
        } else {
            per_word += 1;
        }
    }
    println!(
        "paragraphs converted to Traditional: {mostly}/{docs} reported once as a Traditional document, {per_word} word by word"
    );
}
