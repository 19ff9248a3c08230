//! Measure `duplicate-text`: findings on a file, false positives on the clean corpus, recall on
//! injected copies (fixed seed), and throughput.
//!
//! ```text
//! cargo run --release --example measure_duplicate -- show FILE     # print findings on FILE
//! cargo run --release --example measure_duplicate -- clean         # clean corpus (+ odw label-0)
//! cargo run --release --example measure_duplicate -- recall [N]    # N injected articles
//! cargo run --release --example measure_duplicate -- speed         # MB/s, in files and across
//! ```
//! The shared reference data is read from `$NEWSLINT_SHARED` (default `../shared`).

use newslint::document::{Document, SourceKind};
use newslint::lines::LineIndex;
use newslint::rules::duplicate::{self, Duplicate};
use newslint::rules::{Context, Family};
use newslint::{Diagnostic, Settings, Severity};
use std::collections::HashMap;
use std::time::Instant;

fn shared() -> String {
    std::env::var("NEWSLINT_SHARED").unwrap_or_else(|_| "../shared".to_string())
}

/// Default settings, with thresholds overridable from the environment for threshold sweeps
/// (`DUP_MIN_SENTENCE`, `DUP_MIN_CLAUSE`, `DUP_MAX_EDITS`).
fn settings() -> Settings {
    let mut s = Settings::default();
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<usize>().ok());
    if let Some(v) = env("DUP_MIN_SENTENCE") {
        s.duplicate.min_sentence_han = v;
    }
    if let Some(v) = env("DUP_MIN_CLAUSE") {
        s.duplicate.min_clause_han = v;
    }
    if let Some(v) = env("DUP_MAX_EDITS") {
        s.duplicate.max_edits = v;
    }
    s
}

fn findings(text: &str, settings: &Settings) -> Vec<Diagnostic> {
    newslint::check_str(text, SourceKind::Plain, settings)
        .into_iter()
        .filter(|d| d.rule == "duplicate-text")
        .collect()
}

fn show(text: &str, ds: &[Diagnostic]) {
    let li = LineIndex::new(text);
    for d in ds {
        let (l, c) = li.line_col(text, d.span.start);
        let snippet: String = text[d.span.clone()].chars().take(40).collect();
        println!(
            "{l}:{c} [{}..{}] {} {}\n    «{snippet}»",
            d.span.start,
            d.span.end,
            d.severity.as_str(),
            d.message
        );
        for r in &d.related {
            let (rl, rc) = li.line_col(text, r.span.start);
            let s: String = text[r.span.clone()].chars().take(40).collect();
            println!("    related {rl}:{rc} [{}..{}] «{s}»", r.span.start, r.span.end);
        }
    }
}

/// A small deterministic generator (SplitMix64), so the injected set is the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Paragraphs of the clean corpus, each a list of sentences (split after 。！？ and closers).
fn corpus_paragraphs() -> Vec<Vec<String>> {
    let path = format!("{}/data/corpus/xxqg-clean.txt", shared());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.split("\n\n")
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let d = Document::parse(p, SourceKind::Plain);
            d.blocks
                .iter()
                .flat_map(|b| d.sentences(&b).into_iter().map(|r| p[r].to_string()))
                .collect()
        })
        .collect()
}

fn han(s: &str) -> usize {
    newslint::text::han_count(s)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Inject {
    /// A sentence copied into another paragraph.
    SentenceOther,
    /// A sentence copied later into its own paragraph.
    SentenceSame,
    /// A sentence copied with one punctuation mark changed (width or kind).
    SentencePunct,
    /// Two or three consecutive sentences copied.
    Run,
    /// A whole paragraph copied.
    Paragraph,
    /// A paragraph copied with one punctuation mark changed.
    ParagraphPunct,
    /// A sentence copied with one character changed (near-exact).
    Near,
    /// A sentence glued to itself with a comma (`甲，甲。`).
    Glued,
    /// Two sentences glued to themselves with a semicolon (`甲。乙；甲。乙。` → `甲。乙；甲。乙。`).
    GluedRun,
    /// A sentence copied with two characters changed, not next to each other (near-exact).
    Near2,
    /// A sentence of any length (also below the threshold) copied into another paragraph.
    AnyLength,
}

const KINDS: [Inject; 11] = [
    Inject::GluedRun,
    Inject::Near2,
    Inject::AnyLength,
    Inject::SentenceOther,
    Inject::SentenceSame,
    Inject::SentencePunct,
    Inject::Run,
    Inject::Paragraph,
    Inject::ParagraphPunct,
    Inject::Near,
    Inject::Glued,
];

/// Change one punctuation mark of `s`: full-width to half-width, or a comma to an enumeration
/// comma or a full stop. Returns `None` when `s` has no mark to change.
fn change_punct(s: &str, rng: &mut Rng) -> Option<String> {
    let marks: Vec<(usize, char)> = s
        .char_indices()
        .filter(|(_, c)| matches!(c, '，' | '、' | '；' | '：' | '。'))
        .collect();
    if marks.is_empty() {
        return None;
    }
    let (at, c) = marks[rng.below(marks.len())];
    let to = match (c, rng.below(3)) {
        ('，', 0) => ",",
        ('，', 1) => "、",
        ('，', _) => "。",
        ('、', _) => ",",
        ('；', _) => ";",
        ('：', _) => ":",
        ('。', 0) => ".",
        ('。', 1) => "！",
        _ => "；",
    };
    Some(format!("{}{}{}", &s[..at], to, &s[at + c.len_utf8()..]))
}

/// Edit distance of two short strings (for checking the injection, not the rule).
fn near_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut prev = row[0];
        row[0] = i;
        for j in 1..=b.len() {
            let cur = row[j];
            row[j] = (prev + usize::from(a[i - 1] != b[j - 1]))
                .min(row[j] + 1)
                .min(row[j - 1] + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// Change one Han character of `s` that is not at its first or last four characters, not a
/// numeral and not a contrast character (the rule deliberately ignores those).
fn change_char(s: &str, rng: &mut Rng) -> Option<String> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let hans: Vec<usize> = (0..chars.len())
        .filter(|&k| {
            newslint::text::is_han(chars[k].1) && !"〇零一二三四五六七八九十百千万亿两".contains(chars[k].1)
        })
        .collect();
    if hans.len() < 12 {
        return None;
    }
    let k = hans[4 + rng.below(hans.len() - 8)];
    let (at, c) = chars[k];
    let to = if c == '的' { '地' } else { '的' };
    Some(format!("{}{}{}", &s[..at], to, &s[at + c.len_utf8()..]))
}

struct Case {
    text: String,
    /// Byte range of the injected copy.
    copy: std::ops::Range<usize>,
    /// Byte offset where the first copy starts.
    first: usize,
    kind: Inject,
}

/// Build one article of `k` consecutive corpus paragraphs with one injected copy.
fn make_case(paras: &[Vec<String>], start: usize, kind: Inject, rng: &mut Rng, min: usize) -> Option<Case> {
    let mut ps: Vec<Vec<String>> = paras[start..start + 6].to_vec();
    let min = if kind == Inject::AnyLength { 1 } else { min };
    let long = |s: &String| han(s) >= min;
    // Choose the source paragraph and sentence(s).
    let src_p = rng.below(ps.len() - 1);
    let candidates: Vec<usize> = (0..ps[src_p].len()).filter(|&k| long(&ps[src_p][k])).collect();
    if candidates.is_empty() {
        return None;
    }
    let k = candidates[rng.below(candidates.len())];
    let sent = ps[src_p][k].clone();
    let (copy, dst_p, dst_at): (String, usize, Option<usize>) = match kind {
        Inject::SentenceOther | Inject::AnyLength => {
            (sent.clone(), src_p + 1 + rng.below(ps.len() - src_p - 1), None)
        }
        Inject::Near2 => {
            let once = change_char(&sent, rng)?;
            let twice = change_char(&once, rng)?;
            if near_distance(&sent, &twice) != 2 {
                return None;
            }
            // Two separate slips; two adjacent characters changed read as another word (a
            // word swapped), which the rule deliberately does not call a copy.
            let diffs: Vec<usize> = sent
                .chars()
                .zip(twice.chars())
                .enumerate()
                .filter(|(_, (a, b))| a != b)
                .map(|(k, _)| k)
                .collect();
            if diffs.len() == 2 && diffs[1] == diffs[0] + 1 {
                return None;
            }
            (twice, src_p + 1 + rng.below(ps.len() - src_p - 1), None)
        }
        Inject::SentenceSame => (sent.clone(), src_p, Some(ps[src_p].len())),
        Inject::SentencePunct => (
            change_punct(&sent, rng)?,
            src_p + 1 + rng.below(ps.len() - src_p - 1),
            None,
        ),
        Inject::Near => (
            change_char(&sent, rng)?,
            src_p + 1 + rng.below(ps.len() - src_p - 1),
            None,
        ),
        Inject::Run => {
            let n = 2 + rng.below(2);
            if k + n > ps[src_p].len() {
                return None;
            }
            (
                ps[src_p][k..k + n].concat(),
                src_p + 1 + rng.below(ps.len() - src_p - 1),
                None,
            )
        }
        Inject::Paragraph | Inject::ParagraphPunct => {
            let p = ps[src_p].concat();
            if han(&p) < 20 {
                return None;
            }
            let p = if kind == Inject::ParagraphPunct {
                change_punct(&p, rng)?
            } else {
                p
            };
            // A new paragraph after a later one.
            let at = src_p + 1 + rng.below(ps.len() - src_p - 1);
            ps.insert(at + 1, vec![p.clone()]);
            let text_paras: Vec<String> = ps.iter().map(|p| p.concat()).collect();
            let first_text = ps[src_p].concat();
            let mut text = String::new();
            let mut first = 0;
            let mut copy = 0..0;
            for (i, tp) in text_paras.iter().enumerate() {
                if i == src_p {
                    first = text.len();
                }
                if i == at + 1 {
                    copy = text.len()..text.len() + tp.len();
                }
                text.push_str(tp);
                text.push_str("\n\n");
            }
            let _ = first_text;
            return Some(Case {
                text,
                copy,
                first,
                kind,
            });
        }
        Inject::GluedRun => {
            // 甲。乙。 → 甲。乙；甲。乙。
            if k + 2 > ps[src_p].len() {
                return None;
            }
            let pair = ps[src_p][k..k + 2].concat();
            let body = pair.strip_suffix('。')?;
            let glued = format!("{body}；{pair}");
            ps[src_p].splice(k..k + 2, [glued]);
            return Some(assemble(
                &ps,
                src_p,
                k,
                body.len() + '；'.len_utf8(),
                pair.len(),
                kind,
            ));
        }
        Inject::Glued => {
            // 甲。 → 甲，甲。
            let body = sent.strip_suffix('。')?;
            let glued = format!("{body}，{body}。");
            ps[src_p][k] = glued;
            return Some(assemble(
                &ps,
                src_p,
                k,
                body.len() + '，'.len_utf8(),
                body.len(),
                kind,
            ));
        }
    };
    let at = dst_at.unwrap_or_else(|| {
        let n = ps[dst_p].len();
        let lo = if dst_p == src_p { k + 1 } else { 0 };
        lo + rng.below(n + 1 - lo)
    });
    ps[dst_p].insert(at, copy.clone());
    let mut text = String::new();
    let mut first = 0;
    let mut span = 0..0;
    for (i, p) in ps.iter().enumerate() {
        for (j, s) in p.iter().enumerate() {
            if i == src_p && j == k + usize::from(i == dst_p && at <= k) {
                first = text.len();
            }
            if i == dst_p && j == at {
                span = text.len()..text.len() + s.len();
            }
            text.push_str(s);
        }
        text.push_str("\n\n");
    }
    Some(Case {
        text,
        copy: span,
        first,
        kind,
    })
}

fn recall(n: usize) {
    let paras = corpus_paragraphs();
    let settings = settings();
    let min = settings.duplicate.min_sentence_han;
    let mut rng = Rng(20_240_601);
    let mut stats: HashMap<Inject, (usize, usize, usize)> = HashMap::new(); // (cases, found, related ok)
    let mut split = 0;
    let mut false_pos = 0;
    let mut made = 0;
    let mut tries = 0;
    while made < n && tries < n * 20 {
        tries += 1;
        let kind = KINDS[made % KINDS.len()];
        let start = rng.below(paras.len() - 6);
        let Some(case) = make_case(&paras, start, kind, &mut rng, min) else {
            continue;
        };
        made += 1;
        let ds = findings(&case.text, &settings);
        let e = stats.entry(case.kind).or_default();
        e.0 += 1;
        let hit = ds.iter().find(|d| {
            d.severity >= Severity::Warning && d.span.start < case.copy.end && case.copy.start < d.span.end
        });
        let overlapping = ds
            .iter()
            .filter(|d| d.span.start < case.copy.end && case.copy.start < d.span.end)
            .count();
        if overlapping > 1 {
            split += 1;
        }
        if let Some(d) = hit {
            e.1 += 1;
            if d.related.first().is_some_and(|r| r.span.start == case.first) {
                e.2 += 1;
            } else if std::env::var("VERBOSE").is_ok() {
                println!("-- {:?}: related off", case.kind);
                show(&case.text, &ds);
            }
        } else if std::env::var("VERBOSE").is_ok() {
            println!(
                "-- {:?}: missed {:?} «{}»",
                case.kind,
                case.copy,
                &case.text[case.copy.clone()]
            );
            show(&case.text, &ds);
        }
        for d in &ds {
            let overlaps = d.span.start < case.copy.end && case.copy.start < d.span.end;
            if !overlaps {
                false_pos += 1;
                if std::env::var("VERBOSE").is_ok() {
                    println!("-- {:?}: extra finding", case.kind);
                    show(&case.text, std::slice::from_ref(d));
                }
            }
        }
    }
    let mut kinds: Vec<_> = stats.into_iter().collect();
    kinds.sort();
    let (mut tc, mut tf, mut tr) = (0, 0, 0);
    for (k, (c, f, r)) in kinds {
        println!(
            "{k:?}: {f}/{c} found ({:.1}%), related at the first copy {r}/{f}",
            100.0 * f as f64 / c as f64
        );
        tc += c;
        tf += f;
        tr += r;
    }
    println!(
        "total: {tf}/{tc} found ({:.1}%), related ok {tr}/{tf}; copies reported as more than one finding: {split}; findings elsewhere: {false_pos}",
        100.0 * tf as f64 / tc as f64
    );
}

fn clean() {
    let settings = settings();
    let path = format!("{}/data/corpus/xxqg-clean.txt", shared());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let ds = findings(&text, &settings);
    println!("xxqg-clean.txt as one document: {} findings", ds.len());
    show(&text, &ds);
    let path = format!("{}/data/corpus/odw-train.tsv", shared());
    if let Ok(tsv) = std::fs::read_to_string(&path) {
        // Label-0 (error-free) sentences, ten to a paragraph.
        let sents: Vec<&str> = tsv
            .lines()
            .filter_map(|l| {
                let mut f = l.split('\t');
                (f.next() == Some("0")).then(|| f.next()).flatten()
            })
            .collect();
        let mut seen = std::collections::HashSet::new();
        let uniq: Vec<&str> = sents.into_iter().filter(|s| seen.insert(*s)).collect();
        let doc: String = uniq
            .chunks(10)
            .map(|c| c.concat())
            .collect::<Vec<_>>()
            .join("\n\n");
        let ds = findings(&doc, &settings);
        println!(
            "odw-train.tsv label-0 ({} unique sentences) as one document: {} findings",
            uniq.len(),
            ds.len()
        );
        show(&doc, &ds);
    }
}

/// CPU time of this thread in seconds (the machine is shared: wall time would measure the
/// neighbours). Falls back to wall time where /proc is missing.
fn cpu_now() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

struct Clock(Instant, Option<f64>);

impl Clock {
    fn start() -> Self {
        Clock(Instant::now(), cpu_now())
    }
    fn secs(&self) -> f64 {
        match (self.1, cpu_now()) {
            (Some(a), Some(b)) => b - a,
            _ => self.0.elapsed().as_secs_f64(),
        }
    }
}

fn speed() {
    let path = format!("{}/data/corpus/xxqg-clean.txt", shared());
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let settings = settings();
    let ctx = Context::new(&settings);
    let family = Duplicate;
    let time = |label: &str, t: &str, reps: usize| {
        let doc = Document::parse(t, SourceKind::Plain);
        let mut out = Vec::new();
        let clock = Clock::start();
        for _ in 0..reps {
            out.clear();
            family.check(&doc, &ctx, &mut out);
        }
        let secs = clock.secs();
        println!(
            "{label}: {:.1} MB, {} findings, {:.0} MB/s (CPU time, duplicate family only, parse excluded)",
            t.len() as f64 / 1e6,
            out.len(),
            (t.len() * reps) as f64 / 1e6 / secs
        );
    };
    time("warm-up", &text, 5);
    time("clean corpus, one document", &text, 50);
    if std::env::var("ONLY_CLEAN").is_ok() {
        time("clean corpus, one document", &text, 500);
        return;
    }
    let only_big = std::env::var("ONLY_BIG").is_ok();
    // Worst case: every paragraph appears twice (half the text is findings).
    let doubled = format!("{text}\n\n{text}");
    if !only_big {
        time("clean corpus twice (every paragraph repeated)", &doubled, 10);
    }
    // A large input without repeated sentences: the corpus many times over, with a unique
    // number before every sentence end. Every clause but the numbered one recurs, so this is
    // the expensive case for run extension, and yet nothing is reportable.
    let mut big = String::with_capacity(50_000_000);
    let mut k = 0u64;
    while big.len() < 50_000_000 {
        for c in text.chars() {
            if matches!(c, '。' | '！' | '？') {
                k += 1;
                big.push_str(&k.to_string());
            }
            big.push(c);
        }
        big.push_str("\n\n");
    }
    time(
        "50 MB: the corpus 68 times, sentences numbered (clauses recur, ；-sentences too)",
        &big,
        1,
    );
    if only_big {
        return;
    }
    // Text that is all new: the first copy of the corpus with numbered sentences.
    let numbered: String = big.chars().take(text.chars().count()).collect();
    time("the corpus once, sentences numbered", &numbered, 20);

    // Across files: each corpus paragraph a file, fingerprints grouped by hash.
    let files: Vec<&str> = text.split("\n\n").filter(|p| !p.trim().is_empty()).collect();
    let reps = 20;
    let clock = Clock::start();
    let mut dup = 0;
    let mut bytes = 0;
    for r in 0..reps {
        let mut first: HashMap<u64, (usize, std::ops::Range<usize>)> = HashMap::new();
        for (i, f) in files.iter().enumerate() {
            // Every second repetition also files each story twice.
            let doc = Document::parse(f, SourceKind::Plain);
            bytes += f.len();
            for fp in duplicate::fingerprints(&doc, &settings.duplicate) {
                if first.insert(fp.hash, (i, fp.span)).is_some() {
                    dup += 1;
                }
            }
            if r % 2 == 1 {
                bytes += f.len();
                for fp in duplicate::fingerprints(&doc, &settings.duplicate) {
                    if first.insert(fp.hash, (i, fp.span)).is_some() {
                        dup += 1;
                    }
                }
            }
        }
    }
    let secs = clock.secs();
    println!(
        "cross-file: {} files per pass, {} repeated paragraphs found, {:.0} MB/s (parse + fingerprints + hash table)",
        files.len(),
        dup,
        bytes as f64 / 1e6 / secs
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("show") => {
            let path = args.get(1).expect("show FILE");
            let text = std::fs::read_to_string(path).expect("read");
            let ds = findings(&text, &settings());
            println!("{} findings", ds.len());
            show(&text, &ds);
        }
        Some("clean") => clean(),
        Some("recall") => recall(args.get(1).and_then(|s| s.parse().ok()).unwrap_or(800)),
        Some("speed") => speed(),
        _ => eprintln!("usage: measure_duplicate show FILE | clean | recall [N] | speed"),
    }
}

/// Join the paragraphs into one text and locate the pasted copy: it starts `skip` bytes into
/// sentence `k` of paragraph `src_p` and is `len` bytes long; the first copy starts with that
/// sentence.
fn assemble(ps: &[Vec<String>], src_p: usize, k: usize, skip: usize, len: usize, kind: Inject) -> Case {
    let mut text = String::new();
    let mut first = 0;
    let mut copy = 0..0;
    for (i, p) in ps.iter().enumerate() {
        for (j, s) in p.iter().enumerate() {
            if i == src_p && j == k {
                first = text.len();
                copy = text.len() + skip..text.len() + skip + len;
            }
            text.push_str(s);
        }
        text.push_str("\n\n");
    }
    Case {
        text,
        copy,
        first,
        kind,
    }
}
