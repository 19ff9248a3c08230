//! Measure the doubled family: seed-page findings, clean-corpus findings and candidate counts,
//! and recall on doublings injected into clean sentences.
//!
//! ```text
//! NEWSLINT_SHARED=/work/shared cargo run --release --example measure_doubled [-- --show N]
//! ```
//! `--show N` prints up to N missed injections and N false flags.
//!
//! Injection: every clean sentence with at least eight Han characters gets one doubling, at a
//! position drawn with a fixed-seed generator. A character is doubled (`X` → `XX`), except
//! where `XX` is a dictionary word or the neighbour already is `X` (the result would be
//! correct copy or a run of three). Separately, a two-character dictionary word of the
//! sentence is doubled (`AB` → `ABAB`). A hit is a `doubled-char` finding overlapping the
//! inserted copy; any other finding on the sentence is a false flag.

use jieba_rs::Jieba;
use newslint::document::{Document, SourceKind};
use newslint::lines::LineIndex;
use newslint::rules::doubled::scan_stats;
use newslint::settings::Settings;
use newslint::text::is_han;
use std::collections::BTreeSet;
use std::ops::Range;

const RULES: [&str; 2] = ["doubled-char", "repeated-contrast"];

fn settings() -> Settings {
    Settings {
        select: Some(RULES.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>()),
        ..Settings::default()
    }
}

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;
#[path = "common/jieba.rs"]
mod full;
use full::full_jieba;

fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut start = 0;
        for (i, c) in line.char_indices() {
            if matches!(c, '。' | '！' | '？' | '；') {
                out.push(&line[start..i + c.len_utf8()]);
                start = i + c.len_utf8();
            }
        }
        if start < line.len() {
            out.push(&line[start..]);
        }
    }
    out.retain(|s| s.chars().filter(|&c| is_han(c)).count() >= 8);
    out
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

#[derive(Default)]
struct Tally {
    tried: usize,
    hits: usize,
    false_flags: usize,
    missed: Vec<String>,
    flagged: Vec<String>,
}

impl Tally {
    fn record(&mut self, mutated: &str, inserted: Range<usize>, settings: &Settings) {
        self.tried += 1;
        let d = newslint::check_str(mutated, SourceKind::Plain, settings);
        let mut hit = false;
        for x in &d {
            if x.rule == "doubled-char" && overlaps(&x.span, &inserted) {
                hit = true;
            } else {
                self.false_flags += 1;
                self.flagged.push(format!(
                    "{} [{}] {}",
                    mutated,
                    &mutated[x.span.clone()],
                    x.message
                ));
            }
        }
        if hit {
            self.hits += 1;
        } else {
            let mut marked = mutated.to_string();
            marked.insert(inserted.end, '⟧');
            marked.insert(inserted.start, '⟦');
            self.missed.push(marked);
        }
    }
    fn report(&self, name: &str, show: usize) {
        println!(
            "{name}: {} injected, {} found, recall {:.1}%, {} false flags",
            self.tried,
            self.hits,
            100.0 * self.hits as f64 / self.tried.max(1) as f64,
            self.false_flags
        );
        for m in self.missed.iter().take(show) {
            println!("  missed: {m}");
        }
        for f in self.flagged.iter().take(show) {
            println!("  false flag: {f}");
        }
    }
}

fn main() {
    let shared = std::env::var("NEWSLINT_SHARED").unwrap_or_else(|_| "../shared".into());
    let show: usize = std::env::args()
        .skip_while(|a| a != "--show")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let settings = settings();

    // Seed page.
    let seed_path = format!("{shared}/seed/000_79e4c55b3cdc9d81.txt");
    let seed = std::fs::read_to_string(&seed_path).expect("seed page");
    let idx = LineIndex::new(&seed);
    println!("== seed page ({seed_path})");
    for d in newslint::check_str(&seed, SourceKind::Plain, &settings) {
        let (l, c) = idx.line_col(&seed, d.span.start);
        println!(
            "  {}:{}:{} {} “{}” {}",
            d.rule,
            l,
            c,
            d.severity.as_str(),
            &seed[d.span.clone()],
            d.message
        );
    }

    // Clean corpus.
    let corpus_path = format!("{shared}/data/corpus/xxqg-clean.txt");
    let corpus = std::fs::read_to_string(&corpus_path).expect("clean corpus");
    let doc = Document::parse(&corpus, SourceKind::Plain);
    let st = scan_stats(&doc);
    let found = newslint::check(&doc, &settings);
    println!("== clean corpus ({corpus_path}, {} bytes)", corpus.len());
    println!(
        "  doubled Han pairs: {}, segmented: {}; ABAB: {}; contrast openers: {}",
        st.pairs, st.segmented_pairs, st.words, st.openers
    );
    println!("  findings: {}", found.len());
    let cidx = LineIndex::new(&corpus);
    for d in &found {
        let (l, c) = cidx.line_col(&corpus, d.span.start);
        println!(
            "  {}:{}:{} “{}” {}",
            d.rule,
            l,
            c,
            &corpus[d.span.clone()],
            d.message
        );
    }

    // A second clean set, not used while writing the rules: the corrected side of the ECSpell
    // official-document sentences.
    let odw_path = format!("{shared}/data/corpus/odw-train.tsv");
    let odw = std::fs::read_to_string(&odw_path).expect("odw corpus");
    let odw_clean: String = odw
        .lines()
        .filter_map(|l| l.split('\t').nth(2))
        .map(|s| format!("{s}\n"))
        .collect();
    let odw_doc = Document::parse(&odw_clean, SourceKind::Plain);
    let ost = scan_stats(&odw_doc);
    let ofound = newslint::check(&odw_doc, &settings);
    println!(
        "== second clean set ({odw_path}, corrected column, {} bytes)",
        odw_clean.len()
    );
    println!(
        "  doubled Han pairs: {}, segmented: {}; ABAB: {}; contrast openers: {}",
        ost.pairs, ost.segmented_pairs, ost.words, ost.openers
    );
    println!("  findings: {}", ofound.len());
    for d in &ofound {
        println!("  {} “{}” {}", d.rule, &odw_clean[d.span.clone()], d.message);
    }

    // Injected doublings.
    let jieba = full_jieba();
    inject(
        "xxqg-clean (the corpus the rules were tuned on)",
        &sentences(&corpus),
        &jieba,
        &settings,
        show,
    );
    inject(
        "odw corrected (held out)",
        &sentences(&odw_clean),
        &jieba,
        &settings,
        show,
    );
}

fn inject(name: &str, sents: &[&str], jieba: &Jieba, settings: &Settings, show: usize) {
    let mut rng = Rng(0x5EED_D0B1_ED00_0001);
    let mut chars_t = Tally::default();
    let mut all_t = Tally::default();
    let mut words_t = Tally::default();
    let mut skipped = 0;
    for s in sents {
        let cs: Vec<(usize, char)> = s.char_indices().collect();
        let han: Vec<usize> = (0..cs.len()).filter(|&i| is_han(cs[i].1)).collect();
        let i = han[rng.below(han.len())];
        let (at, c) = cs[i];
        let neighbour_same = (i > 0 && cs[i - 1].1 == c) || cs.get(i + 1).is_some_and(|n| n.1 == c);
        let cc: String = [c, c].iter().collect();
        if !neighbour_same {
            let mut m = String::with_capacity(s.len() + 4);
            m.push_str(&s[..at]);
            m.push(c);
            m.push_str(&s[at..]);
            let inserted = at..at + 2 * c.len_utf8();
            if jieba.has_word(&cc) {
                skipped += 1;
            } else {
                chars_t.record(&m, inserted.clone(), settings);
            }
            all_t.record(&m, inserted, settings);
        }

        // A two-character word doubled.
        let toks: Vec<_> = jieba
            .cut(s, false)
            .into_iter()
            .filter(|t| t.word.chars().count() == 2 && t.word.chars().all(is_han))
            .collect();
        if !toks.is_empty() {
            let t = &toks[rng.below(toks.len())];
            let mut m = String::with_capacity(s.len() + 8);
            m.push_str(&s[..t.byte_end]);
            m.push_str(t.word);
            m.push_str(&s[t.byte_end..]);
            words_t.record(&m, t.byte_start..t.byte_end + t.word.len(), settings);
        }
    }
    println!(
        "== injected doublings into {name}: {} sentences; {skipped} draws skipped because the doubled form is a dictionary word",
        sents.len()
    );
    chars_t.report("doubled character (dictionary doublings skipped)", show);
    all_t.report("doubled character (every draw, dictionary doublings included)", 0);
    words_t.report("doubled two-character word", show);
}
