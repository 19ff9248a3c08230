//! Detection-quality harness: false alarms on clean published copy, recall on injected defects
//! of every family, and recall on a set of real typos.
//!
//! ```text
//! cargo run --release --example quality                 # uses ../shared (or $NEWSLINT_SHARED)
//! cargo run --release --example quality -- --per-family 400 --seed 7
//! cargo run --release --example quality -- --corpus my-clean-copy.txt
//! QUALITY_MISSES=50 cargo run --release --example quality   # print up to 50 misses per family
//! QUALITY_EXTRAS=1 cargo run --release --example quality    # print every extra finding (stderr)
//! ```
//!
//! It prints a Markdown table and exits 1 when any family's recall falls below its threshold or
//! when any warning or error appears on the clean text. Everything is deterministic for a given
//! `--seed`.
//!
//! Injection works on one or a few clean paragraphs at a time, so each finding can be attributed:
//! a defect counts as detected when a finding of the expected rule overlaps the injected span;
//! any other warning or error on the injected copy is counted as an extra finding.

use newslint::text::is_han;
use newslint::{Diagnostic, Settings, Severity, SourceKind, check_str};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;
use std::process::ExitCode;

/// Minimum recall per family, set from the measurements recorded in README (a little below
/// them, so a real regression fails and noise does not).
const THRESHOLDS: &[(&str, f64)] = &[
    // The issue's 90% target: measured 90.3% (84/93: 81 by `typo`, 3 official variant spellings
    // by `variant-word`) on seeds 20261129, 7 and 3. One form lost fails CI.
    ("typo", 0.90),
    ("traditional-char", 0.95),
    // Measured 99.0% on the default seed. Pooled over seeds 1-100 at 400 per family
    // (`scripts/quality-seeds.sh 1 100`): 96.9%; one seed recalls 94.0% to 99.2%. CI runs the
    // default seed.
    ("doubled-char", 0.93),
    // Measured 96.7% on the default seed. Pooled over seeds 1-100 at 400 per family: 95.3%,
    // barely the issue's 95% target; one seed recalls 92.5% to 98.0% (35 of the 100 seeds are
    // under 95%). A cut at a word boundary after a short first half reads exactly like a
    // headline (see README).
    ("broken-join", 0.92),
    ("page-marker", 0.95),
    ("glued-article", 0.95),
    ("duplicate-text", 0.95),
    ("halfwidth-punct", 0.95),
    ("cjk-space", 0.95),
];

/// Minimum recall for one kind of injection within a family, where the family figure hides a
/// difference that matters.
const KIND_THRESHOLDS: &[(&str, &str, f64)] = &[
    ("broken-join", "cut inside a word", 0.95),
    ("broken-join", "cut at a word boundary", 0.87),
];

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;
#[path = "common/jieba.rs"]
mod full;
use full::full_jieba;

struct Args {
    shared: PathBuf,
    corpus: Option<PathBuf>,
    odw: Option<PathBuf>,
    per_family: usize,
    seed: u64,
}

fn parse_args() -> Args {
    let mut a = Args {
        shared: std::env::var_os("NEWSLINT_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("../shared")),
        corpus: None,
        odw: None,
        per_family: 300,
        seed: 20261129,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut val = || it.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--shared" => a.shared = PathBuf::from(val()),
            "--corpus" => a.corpus = Some(PathBuf::from(val())),
            "--odw" => a.odw = Some(PathBuf::from(val())),
            "--per-family" => a.per_family = val().parse().expect("--per-family N"),
            "--seed" => a.seed = val().parse().expect("--seed N"),
            "-h" | "--help" => {
                println!(
                    "usage: quality [--shared DIR] [--corpus FILE] [--odw FILE] [--per-family N] [--seed N]"
                );
                std::process::exit(0);
            }
            other => panic!("unknown argument {other}"),
        }
    }
    a
}

/// One injected defect: the text to check and where the defect is.
struct Case {
    text: String,
    span: Range<usize>,
    kind: &'static str,
}

#[derive(Default)]
struct Tally {
    cases: usize,
    hits: usize,
    extras: usize,
    by_kind: BTreeMap<&'static str, (usize, usize)>,
    misses: Vec<String>,
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// How many missed cases are printed per family: 5, or `QUALITY_MISSES` (to study them).
fn shown_misses() -> usize {
    std::env::var("QUALITY_MISSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
}

fn run_case(rule: &str, case: &Case, settings: &Settings, tally: &mut Tally) {
    let ds = check_str(&case.text, SourceKind::Plain, settings);
    let hit = ds.iter().any(|d| d.rule == rule && overlaps(&d.span, &case.span));
    let extras = ds
        .iter()
        .filter(|d| d.severity >= Severity::Warning && !(d.rule == rule && overlaps(&d.span, &case.span)))
        .count();
    if extras > 0 && std::env::var_os("QUALITY_EXTRAS").is_some() {
        for d in ds
            .iter()
            .filter(|d| d.severity >= Severity::Warning && !(d.rule == rule && overlaps(&d.span, &case.span)))
        {
            let lo = floor(&case.text, d.span.start.saturating_sub(24));
            let hi = ceil(&case.text, (d.span.end + 24).min(case.text.len()));
            eprintln!(
                "extra on {rule}: {} at …{}…",
                d.rule,
                case.text[lo..hi].replace('\n', "⏎")
            );
        }
    }
    tally.cases += 1;
    tally.hits += hit as usize;
    tally.extras += extras;
    let e = tally.by_kind.entry(case.kind).or_default();
    e.0 += 1;
    e.1 += hit as usize;
    if !hit && tally.misses.len() < shown_misses() {
        let lo = floor(&case.text, case.span.start.saturating_sub(24));
        let hi = ceil(&case.text, (case.span.end + 24).min(case.text.len()));
        tally.misses.push(format!(
            "{}: …{}…",
            case.kind,
            case.text[lo..hi].replace('\n', "⏎")
        ));
    }
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Byte offsets of the Han characters of `s`.
fn han_positions(s: &str) -> Vec<(usize, char)> {
    s.char_indices().filter(|&(_, c)| is_han(c)).collect()
}

fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn main() -> ExitCode {
    let args = parse_args();
    let data = args.shared.join("data");
    let corpus_path = args
        .corpus
        .clone()
        .unwrap_or_else(|| data.join("corpus/xxqg-clean.txt"));
    let odw_path = args
        .odw
        .clone()
        .unwrap_or_else(|| data.join("corpus/odw-train.tsv"));
    let corpus = read(&corpus_path);
    let settings = Settings::default();
    let mut failed = false;

    // 1. False alarms on clean copy.
    let clean = check_str(&corpus, SourceKind::Plain, &settings);
    let chars = corpus.chars().count();
    let mut per_rule: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for d in &clean {
        let e = per_rule.entry(d.rule).or_default();
        if d.severity >= Severity::Warning {
            e.0 += 1
        } else {
            e.1 += 1
        }
    }
    let fp: usize = per_rule.values().map(|v| v.0).sum();
    let info: usize = per_rule.values().map(|v| v.1).sum();
    println!("## Clean copy: {}\n", corpus_path.display());
    println!(
        "{chars} characters, {} paragraphs.\n",
        corpus.split("\n\n").count()
    );
    println!("| rule | warnings+errors | info |\n|---|---:|---:|");
    for (r, (w, i)) in &per_rule {
        println!("| {r} | {w} | {i} |");
    }
    println!(
        "| **all** | **{fp}** ({:.2} per 100k chars) | {info} ({:.2} per 100k chars) |\n",
        fp as f64 * 1e5 / chars as f64,
        info as f64 * 1e5 / chars as f64
    );
    for d in clean.iter().filter(|d| d.severity >= Severity::Warning).take(10) {
        let lo = floor(&corpus, d.span.start.saturating_sub(20));
        let hi = ceil(&corpus, (d.span.end + 20).min(corpus.len()));
        println!(
            "- false alarm {}: {} …{}…",
            d.rule,
            d.message,
            corpus[lo..hi].replace('\n', "⏎")
        );
    }
    if fp > 0 {
        failed = true;
    }

    // 2. Injected defects.
    let paras: Vec<&str> = corpus
        .split("\n\n")
        .map(str::trim)
        .filter(|p| p.chars().count() >= 30)
        .collect();
    let mut rng = Rng(args.seed);
    let n = args.per_family;
    let jieba = full_jieba();
    let mut tallies: BTreeMap<&'static str, Tally> = BTreeMap::new();

    // typo: a common-misspelling list that is not the rule's own dictionary.
    let list = include_str!("../tests/data/common-misspellings.tsv");
    let pairs: Vec<(&str, &str)> = list
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .collect();
    for (wrong, _) in &pairs {
        let p = rng.pick(&paras);
        let cut = sentence_starts(p);
        let at = *rng.pick(&cut);
        let text = format!("{}{}，{}", &p[..at], wrong, &p[at..]);
        let mut case = Case {
            span: at..at + wrong.len(),
            text,
            kind: "common misspelling",
        };
        // A form that 《第一批异形词整理表》 lists as non-recommended (挺而走险) is reported by
        // `variant-word` at info rather than by `typo`; it counts as detected, in a row of its
        // own so the split stays visible.
        let ds = check_str(&case.text, SourceKind::Plain, &settings);
        let covered = |rule: &str| ds.iter().any(|d| d.rule == rule && overlaps(&d.span, &case.span));
        let rule = if !covered("typo") && covered("variant-word") {
            case.kind = "reported by variant-word";
            "variant-word"
        } else {
            "typo"
        };
        run_case(rule, &case, &settings, tallies.entry("typo").or_default());
    }

    // traditional-char: one-to-one Simplified → Traditional characters that are not standard
    // Simplified characters themselves.
    let standard: HashSet<char> = {
        let v: serde_json::Value =
            serde_json::from_str(&read(&data.join("tgscc/tgscc.json"))).expect("tgscc.json");
        v["tgscc_list"]
            .as_array()
            .expect("tgscc_list")
            .iter()
            .filter_map(|c| c.as_str()?.chars().next())
            .collect()
    };
    let mut to_trad: HashMap<char, char> = HashMap::new();
    for line in read(&data.join("opencc/STCharacters.txt")).lines() {
        if line.starts_with('#') {
            continue;
        }
        if let Some((s, t)) = line.split_once('\t') {
            let ts: Vec<&str> = t.split(' ').collect();
            let (Some(sc), Some(tc)) = (s.chars().next(), ts[0].chars().next()) else {
                continue;
            };
            if ts.len() == 1 && s.chars().count() == 1 && sc != tc && !standard.contains(&tc) {
                to_trad.insert(sc, tc);
            }
        }
    }
    for _ in 0..n {
        let p = rng.pick(&paras);
        let cands: Vec<(usize, char)> = han_positions(p)
            .into_iter()
            .filter(|(_, c)| to_trad.contains_key(c))
            .collect();
        if cands.is_empty() {
            continue;
        }
        let (at, c) = *rng.pick(&cands);
        let t = to_trad[&c];
        let text = format!("{}{}{}", &p[..at], t, &p[at + c.len_utf8()..]);
        let case = Case {
            span: at..at + t.len_utf8(),
            text,
            kind: "one character",
        };
        run_case(
            "traditional-char",
            &case,
            &settings,
            tallies.entry("traditional-char").or_default(),
        );
    }

    // doubled-char: double a Han character, skipping positions where the doubled form is a
    // word (常常) or where the text already doubles it.
    let mut skipped_word = 0;
    for _ in 0..n {
        let p = rng.pick(&paras);
        let hs = han_positions(p);
        let (at, c) = *rng.pick(&hs);
        let doubled = format!("{c}{c}");
        let prev = p[..at].chars().next_back();
        let next = p[at + c.len_utf8()..].chars().next();
        if jieba.has_word(&doubled) || prev == Some(c) || next == Some(c) {
            skipped_word += 1;
            continue;
        }
        let text = format!("{}{}{}", &p[..at], c, &p[at..]);
        let case = Case {
            span: at..at + 2 * c.len_utf8(),
            text,
            kind: "doubled character",
        };
        run_case(
            "doubled-char",
            &case,
            &settings,
            tallies.entry("doubled-char").or_default(),
        );
    }

    // broken-join: cut a paragraph at a random point that is not already a sentence end.
    for _ in 0..n {
        let p = rng.pick(&paras);
        let points: Vec<usize> = p
            .char_indices()
            .skip(2)
            .filter(|&(i, c)| {
                let prev = p[..i].chars().next_back().unwrap_or(' ');
                !newslint::text::is_sentence_end(prev)
                    && !newslint::text::is_closing_mark(prev)
                    && i + c.len_utf8() < p.len()
                    && p[i..].chars().count() > 4
            })
            .map(|(i, _)| i)
            .collect();
        if points.is_empty() {
            continue;
        }
        let at = *rng.pick(&points);
        let boundaries: HashSet<usize> = {
            let mut b = HashSet::new();
            let mut off = 0;
            for t in jieba.cut(p, false) {
                off += t.word.len();
                b.insert(off);
            }
            b
        };
        let kind = if boundaries.contains(&at) {
            "cut at a word boundary"
        } else {
            "cut inside a word"
        };
        let text = format!("{}\n\n{}", &p[..at], &p[at..]);
        let case = Case {
            span: at..at + 2,
            text,
            kind,
        };
        run_case(
            "broken-join",
            &case,
            &settings,
            tallies.entry("broken-join").or_default(),
        );
    }

    // page-marker: many variants at the start or end of a paragraph.
    let opens = ["(", "（"];
    let closes = [")", "）"];
    let verbs = ["上接", "接", "下转", "转", "紧接", "上接第"];
    let pages = ["第一版", "第2版", "A3版", "第十二版", "第4版", "二版", "B2版"];
    for i in 0..n {
        let p = rng.pick(&paras);
        let o = rng.below(2);
        let verb = *rng.pick(&verbs);
        let page = *rng.pick(&pages);
        let page = if verb.ends_with('第') {
            page.trim_start_matches('第')
        } else {
            page
        };
        let marker = format!("{}{}{}{}", opens[o], verb, page, closes[o]);
        let (text, span, kind) = if i % 2 == 0 {
            (format!("{marker}{p}"), 0..marker.len(), "at paragraph start")
        } else {
            (
                format!("{p}{marker}"),
                p.len()..p.len() + marker.len(),
                "at paragraph end",
            )
        };
        let case = Case { text, span, kind };
        run_case(
            "page-marker",
            &case,
            &settings,
            tallies.entry("page-marker").or_default(),
        );
    }

    // glued-article: a closing dateline or closer followed by more paragraphs.
    let closers = [
        "（新华社北京5月3日电）",
        "(新华社北京12月21日电)",
        "（新华社上海10月8日电）",
        "（记者 王明 报道）",
        "（完）",
        "（责任编辑：李华）",
        "(完)",
        "（本报记者 张三）",
        "（人民日报记者 赵四 报道）",
    ];
    for _ in 0..n {
        let a = rng.pick(&paras);
        let b = rng.pick(&paras);
        let c = rng.pick(&paras);
        let closer = *rng.pick(&closers);
        let head = format!("{a}\n\n{closer}\n\n");
        let text = format!("{head}{b}\n\n{c}");
        let case = Case {
            span: head.len()..head.len() + b.len(),
            text,
            kind: "closer then more text",
        };
        run_case(
            "glued-article",
            &case,
            &settings,
            tallies.entry("glued-article").or_default(),
        );
    }

    // duplicate-text: a sentence, a run of two, or a paragraph pasted again; exact or with one
    // mark changed.
    for i in 0..n {
        let p = rng.pick(&paras);
        let sents = newslint::document::split_sentences(p, 0..p.len());
        let long: Vec<usize> = (0..sents.len())
            .filter(|&k| newslint::text::han_count(&p[sents[k].clone()]) >= 15)
            .collect();
        if long.is_empty() {
            continue;
        }
        let k = *rng.pick(&long);
        let (text, span, kind) = match i % 4 {
            0 => {
                let s = &p[sents[k].clone()];
                let end = sents[k].end;
                (
                    format!("{}{}{}", &p[..end], s, &p[end..]),
                    end..end + s.len(),
                    "sentence, exact",
                )
            }
            1 => {
                let s = p[sents[k].clone()].replacen('，', ",", 1).replacen('。', "！", 1);
                let end = sents[k].end;
                (
                    format!("{}{}{}", &p[..end], s, &p[end..]),
                    end..end + s.len(),
                    "sentence, a mark changed",
                )
            }
            2 if k + 1 < sents.len() => {
                let run = &p[sents[k].start..sents[k + 1].end];
                let end = sents[k + 1].end;
                (
                    format!("{}{}{}", &p[..end], run, &p[end..]),
                    end..end + run.len(),
                    "run of two sentences",
                )
            }
            _ => {
                let head = format!("{p}\n\n");
                (
                    format!("{head}{p}"),
                    head.len()..head.len() + p.len(),
                    "paragraph",
                )
            }
        };
        let case = Case { text, span, kind };
        run_case(
            "duplicate-text",
            &case,
            &settings,
            tallies.entry("duplicate-text").or_default(),
        );
    }

    // halfwidth-punct: one full-width mark turned half-width.
    let marks = [('，', ","), ('；', ";"), ('：', ":"), ('？', "?"), ('！', "!")];
    for _ in 0..n {
        let p = rng.pick(&paras);
        let cands: Vec<(usize, char)> = p
            .char_indices()
            .filter(|(_, c)| marks.iter().any(|(m, _)| m == c))
            .collect();
        if cands.is_empty() {
            continue;
        }
        let (at, c) = *rng.pick(&cands);
        let rep = marks
            .iter()
            .find(|(m, _)| *m == c)
            .map(|(_, r)| *r)
            .unwrap_or(",");
        let text = format!("{}{}{}", &p[..at], rep, &p[at + c.len_utf8()..]);
        let case = Case {
            span: at..at + 1,
            text,
            kind: "one mark",
        };
        run_case(
            "halfwidth-punct",
            &case,
            &settings,
            tallies.entry("halfwidth-punct").or_default(),
        );
    }

    // cjk-space: a space between two Han characters.
    for _ in 0..n {
        let p = rng.pick(&paras);
        let cands: Vec<usize> = p
            .char_indices()
            .filter(|&(i, c)| is_han(c) && i > 0 && p[..i].chars().next_back().is_some_and(is_han))
            .map(|(i, _)| i)
            .collect();
        if cands.is_empty() {
            continue;
        }
        let at = *rng.pick(&cands);
        let text = format!("{} {}", &p[..at], &p[at..]);
        let case = Case {
            span: at..at + 1,
            text,
            kind: "space between Han",
        };
        run_case(
            "cjk-space",
            &case,
            &settings,
            tallies.entry("cjk-space").or_default(),
        );
    }

    println!(
        "## Injected defects (seed {}, up to {} per family)\n",
        args.seed, n
    );
    println!(
        "| family | injected | detected | recall | threshold | extra warnings |\n|---|---:|---:|---:|---:|---:|"
    );
    for (rule, min) in THRESHOLDS {
        let t = tallies.remove(rule).unwrap_or_default();
        let recall = if t.cases == 0 {
            0.0
        } else {
            t.hits as f64 / t.cases as f64
        };
        let ok = recall >= *min && t.cases > 0;
        failed |= !ok;
        println!(
            "| {rule} | {} | {} | {:.1}% | {:.0}% | {} |{}",
            t.cases,
            t.hits,
            recall * 100.0,
            min * 100.0,
            t.extras,
            if ok { "" } else { " **below threshold**" }
        );
        for (kind, (c, h)) in &t.by_kind {
            if t.by_kind.len() > 1 {
                let r = *h as f64 / (*c).max(1) as f64;
                let min = KIND_THRESHOLDS
                    .iter()
                    .find(|(f, k, _)| f == rule && k == kind)
                    .map(|t| t.2);
                let below = min.is_some_and(|m| r < m);
                failed |= below;
                let shown = min.map(|m| format!("{:.0}%", m * 100.0)).unwrap_or_default();
                let flag = if below { " **below threshold**" } else { "" };
                println!("| · {kind} | {c} | {h} | {:.1}% | {shown} | |{flag}", r * 100.0);
            }
        }
        for m in &t.misses {
            eprintln!("  missed {rule} {m}");
        }
    }
    println!(
        "\n(doubled-char: {skipped_word} positions skipped because the doubled form is a word or already doubled)\n"
    );

    // 3. Real typos.
    let odw = read(&odw_path);
    let (mut err_n, mut err_typo, mut err_any, mut ok_n, mut ok_typo, mut ok_any) = (0, 0, 0, 0, 0, 0);
    for line in odw.lines() {
        let mut f = line.split('\t');
        let (Some(label), Some(written), Some(fixed)) = (f.next(), f.next(), f.next()) else {
            continue;
        };
        let ds: Vec<Diagnostic> = check_str(written, SourceKind::Plain, &settings)
            .into_iter()
            .filter(|d| d.severity >= Severity::Warning)
            .collect();
        if label == "0" {
            ok_n += 1;
            ok_typo += ds.iter().any(|d| d.rule == "typo") as usize;
            ok_any += !ds.is_empty() as usize;
            continue;
        }
        err_n += 1;
        let wrong: Vec<Range<usize>> = written
            .char_indices()
            .zip(fixed.chars())
            .filter(|((_, a), b)| a != b)
            .map(|((i, a), _)| i..i + a.len_utf8())
            .collect();
        let hit = |d: &Diagnostic| wrong.iter().any(|w| d.span.start < w.end && w.start < d.span.end);
        err_typo += ds.iter().any(|d| d.rule == "typo" && hit(d)) as usize;
        err_any += ds.iter().any(hit) as usize;
    }
    println!("## Real typos: {}\n", odw_path.display());
    println!("| | sentences | flagged by `typo` | flagged by any rule |\n|---|---:|---:|---:|");
    println!(
        "| with errors (recall) | {err_n} | {err_typo} ({:.1}%) | {err_any} ({:.1}%) |",
        err_typo as f64 * 100.0 / err_n.max(1) as f64,
        err_any as f64 * 100.0 / err_n.max(1) as f64
    );
    println!("| clean (false flags) | {ok_n} | {ok_typo} | {ok_any} |");
    if failed {
        println!("\nRESULT: FAIL (a recall below its threshold, or a warning on clean copy)");
        ExitCode::FAILURE
    } else {
        println!("\nRESULT: PASS");
        ExitCode::SUCCESS
    }
}

/// Byte offsets where a new clause may start: the start and after each ，。；.
fn sentence_starts(p: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(
        p.char_indices()
            .filter(|(_, c)| matches!(c, '，' | '。' | '；'))
            .map(|(i, c)| i + c.len_utf8()),
    );
    v.retain(|&i| i < p.len());
    v
}
