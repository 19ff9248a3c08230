//! Measure the joins family (broken-join, page-marker, glued-article).
//!
//! ```text
//! NEWSLINT_SHARED=/work/shared cargo run --release --example measure_joins
//! ```
//!
//! (a) false positives on the clean corpus; (b) recall of broken-join on clean paragraphs cut
//! at random points (inside a word, between words, after a comma, after a full stop), each cut
//! placed between its neighbouring clean paragraphs so that false alarms around it count too;
//! (c) page markers and closing marks injected into clean copy, with traps; (d) throughput.
//! Everything random comes from a fixed seed, so the figures are reproducible.

use jieba_rs::Jieba;
use newslint::document::{Document, SourceKind};
use newslint::rules::joins::Joins;
use newslint::rules::{Context, Family};
use newslint::{Applicability, Diagnostic, Settings, check_str};
use std::collections::BTreeMap;
use std::time::Instant;

const RULES: [&str; 3] = ["broken-join", "page-marker", "glued-article"];

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;
#[path = "common/jieba.rs"]
mod full;
use full::full_jieba;

/// The settings measured: the defaults, or `[broken-join]` thresholds from the environment
/// (`JOINS_TITLE_MAX`, `JOINS_PROSE_MIN`) to explore their trade-off.
fn settings() -> Settings {
    let mut s = Settings::default();
    if let Some(v) = std::env::var("JOINS_TITLE_MAX").ok().and_then(|v| v.parse().ok()) {
        s.joins.title_max_chars = v;
    }
    if let Some(v) = std::env::var("JOINS_PROSE_MIN").ok().and_then(|v| v.parse().ok()) {
        s.joins.prose_min_chars = v;
    }
    s
}

fn family(text: &str) -> Vec<Diagnostic> {
    check_str(text, SourceKind::Plain, &settings())
        .into_iter()
        .filter(|d| RULES.contains(&d.rule))
        .collect()
}

fn is_han(c: char) -> bool {
    newslint::text::is_han(c)
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Cut {
    MidWord,
    WordBoundary,
    AfterComma,
    AfterStop,
}

/// Byte offsets in `p` where a cut of `kind` may fall (never at either end).
fn cut_points(jieba: &Jieba, p: &str, kind: Cut) -> Vec<usize> {
    let mut v = Vec::new();
    match kind {
        Cut::MidWord | Cut::WordBoundary => {
            let toks = jieba.cut(p, false);
            for (k, t) in toks.iter().enumerate() {
                let han = t.word.chars().all(is_han);
                if kind == Cut::MidWord && han && t.word.chars().count() >= 2 {
                    let mut off = t.byte_start;
                    for c in t.word.chars().take(t.word.chars().count() - 1) {
                        off += c.len_utf8();
                        v.push(off);
                    }
                }
                if kind == Cut::WordBoundary
                    && han
                    && toks.get(k + 1).is_some_and(|n| n.word.chars().all(is_han))
                {
                    v.push(t.byte_end);
                }
            }
        }
        Cut::AfterComma | Cut::AfterStop => {
            for (i, c) in p.char_indices() {
                let end = i + c.len_utf8();
                let hit = match kind {
                    Cut::AfterComma => matches!(c, '，' | '、'),
                    _ => c == '。',
                };
                if hit && end < p.len() {
                    v.push(end);
                }
            }
        }
    }
    v.retain(|&o| o > 0 && o < p.len());
    v
}

fn bucket(n: usize) -> &'static str {
    match n {
        0..=10 => "A ≤10 chars",
        11..=30 => "A 11–30 chars",
        _ => "A >30 chars",
    }
}

fn main() {
    let shared = std::env::var("NEWSLINT_SHARED").unwrap_or_else(|_| "../shared".into());
    let path = format!("{shared}/data/corpus/xxqg-clean.txt");
    let corpus = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let paras: Vec<&str> = corpus
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    println!("clean corpus: {} paragraphs, {} bytes", paras.len(), corpus.len());

    // (a) The clean corpus as one document, and each paragraph after a one-line title.
    let d = family(&corpus);
    println!("\n(a) findings on the clean corpus: {}", d.len());
    for x in d.iter().take(10) {
        println!("    {} {:?} {}", x.rule, x.span, x.message);
    }

    let jieba = full_jieba();
    let mut rng = Rng(0x5EED_2025_1221);

    // (b) Cuts.
    println!("\n(b) broken-join on cut paragraphs (2,000 per kind; doc = prev / A / B / next)");
    let mut stats: BTreeMap<(Cut, &str), (usize, usize, usize, usize)> = BTreeMap::new();
    let mut by_len: BTreeMap<(Cut, &str), (usize, usize)> = BTreeMap::new();
    let mut fp_total = 0;
    let mut misses: BTreeMap<Cut, Vec<String>> = BTreeMap::new();
    let mut miss_shape: BTreeMap<(Cut, &str), usize> = BTreeMap::new();
    let mut fps: Vec<String> = Vec::new();
    for kind in [Cut::MidWord, Cut::WordBoundary, Cut::AfterComma, Cut::AfterStop] {
        let mut done = 0;
        while done < 2000 {
            let i = 1 + rng.below(paras.len() - 2);
            let p = paras[i];
            let pts = cut_points(&jieba, p, kind);
            if pts.is_empty() {
                continue;
            }
            let at = *rng.pick(&pts);
            let (a, b) = p.split_at(at);
            let doc = format!("{}\n\n{a}\n\n{b}\n\n{}\n", paras[i - 1], paras[i + 1]);
            let brk = paras[i - 1].len() + 2 + a.len()..paras[i - 1].len() + 2 + a.len() + 2;
            let found = family(&doc);
            let hit = found.iter().find(|x| x.rule == "broken-join" && x.span == brk);
            let others: Vec<&Diagnostic> = found
                .iter()
                .filter(|x| !(x.rule == "broken-join" && x.span == brk))
                .collect();
            fp_total += others.len();
            for o in &others {
                if fps.len() < 10 {
                    fps.push(format!("{} {}", o.rule, o.message));
                }
            }
            let safe = hit.is_some_and(|h| {
                h.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == Applicability::Safe)
            });
            let e = stats.entry((kind, "all")).or_default();
            e.0 += 1;
            e.1 += usize::from(hit.is_some());
            e.2 += usize::from(safe);
            e.3 += others.len();
            let l = by_len.entry((kind, bucket(a.chars().count()))).or_default();
            l.0 += 1;
            l.1 += usize::from(hit.is_some());
            if let Some(h) = hit.filter(|_| kind == Cut::AfterStop) {
                println!("    after-stop cut detected: {}", h.message);
            }
            if hit.is_none() {
                // What the first half looked like: a title-shaped line (short, no clause
                // punctuation), a short line with commas, or prose.
                let shape = if a.chars().count() <= 30 && !a.contains(['，', '、', '；', '。', '：']) {
                    "title-shaped"
                } else if !a.contains(['。', '！', '？', '；']) && a.chars().count() < 40 {
                    "short with commas"
                } else {
                    "prose"
                };
                *miss_shape.entry((kind, shape)).or_default() += 1;
                let m = misses.entry(kind).or_default();
                if m.len() < 8 {
                    let ta: String = a
                        .chars()
                        .rev()
                        .take(12)
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    let hb: String = b.chars().take(12).collect();
                    m.push(format!("…{ta} | {hb}…"));
                }
            }
            done += 1;
        }
    }
    for ((kind, _), (n, hit, safe, other)) in &stats {
        println!(
            "    {kind:?}: recall {hit}/{n} = {:.1}%, safe fixes {safe}, other findings in these docs {other}",
            100.0 * *hit as f64 / *n as f64
        );
    }
    for ((kind, b), (n, hit)) in &by_len {
        println!(
            "        {kind:?} {b}: {hit}/{n} = {:.1}%",
            100.0 * *hit as f64 / *n as f64
        );
    }
    for ((kind, shape), n) in &miss_shape {
        println!("        misses {kind:?} with a {shape} first half: {n}");
    }
    println!("    false alarms elsewhere in the cut documents: {fp_total}");
    for f in &fps {
        println!("        {f}");
    }
    for (k, m) in &misses {
        println!("    sample misses {k:?}:");
        for s in m {
            println!("        {s}");
        }
    }

    // Safe fixes must only be offered for true mid-word cuts; count how often a safe fix was
    // offered at a clean word boundary.
    let wb_safe = stats.get(&(Cut::WordBoundary, "all")).map_or(0, |s| s.2);
    println!(
        "    safe fixes offered on word-boundary cuts (joining is still right, 'word split' is not): {wb_safe}"
    );

    // Traps for broken-join: a title line followed by an unrelated clean paragraph. A title is
    // one whole clause of a clean paragraph (the text between two punctuation marks, 6–30
    // characters), or two consecutive clauses joined by their comma (a two-part headline such
    // as 循道而行，推动建设一个更加美好的世界). Any broken-join finding here is a false alarm.
    let mut clauses: Vec<Vec<&str>> = Vec::new();
    for p in &paras {
        // Whole clauses only: split at clause punctuation and keep the pieces made of words
        // alone (a piece cut at a quote mark or a colon is not a clause).
        let parts: Vec<&str> = p
            .split(['，', '。', '；', '！', '？', '、'])
            .map(|c| {
                if c.chars().all(|ch| is_han(ch) || ch.is_ascii_alphanumeric()) {
                    c
                } else {
                    ""
                }
            })
            .collect();
        clauses.push(parts);
    }
    let mut title_n = [0usize; 2];
    let mut title_fp = [0usize; 2];
    let mut title_fp_samples: Vec<String> = Vec::new();
    for with_comma in [false, true] {
        let k = usize::from(with_comma);
        while title_n[k] < 2000 {
            let cl = &clauses[rng.below(clauses.len())];
            if cl.len() < 2 {
                continue;
            }
            let at = rng.below(cl.len() - 1);
            let title = if with_comma {
                format!("{}，{}", cl[at], cl[at + 1])
            } else {
                cl[at].to_string()
            };
            let n = title.chars().count();
            if !(6..=30).contains(&n) || cl[at].is_empty() || (with_comma && cl[at + 1].is_empty()) {
                continue;
            }
            let body = paras[rng.below(paras.len())];
            let doc = format!("{title}\n\n{body}\n");
            title_n[k] += 1;
            let f: Vec<Diagnostic> = family(&doc)
                .into_iter()
                .filter(|x| x.rule == "broken-join")
                .collect();
            title_fp[k] += f.len();
            for x in f {
                if title_fp_samples.len() < 12 {
                    title_fp_samples.push(x.message);
                }
            }
        }
    }
    println!(
        "    title traps: {} findings on {} 'title + unrelated paragraph' docs; {} on {} with a comma in the title",
        title_fp[0], title_n[0], title_fp[1], title_n[1]
    );
    for m in &title_fp_samples {
        println!("        {m}");
    }

    // (c) Markers.
    println!("\n(c) page markers and closing marks injected into clean copy");
    let opens = [("（", "）"), ("(", ")"), ("【", "】"), ("(", "）"), ("（", ")")];
    let verbs = ["上接", "下转", "转", "接", "紧接", "续", "下接"];
    let nums_cn = [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十六",
    ];
    let mut marker_n = 0;
    let mut marker_hit = 0;
    let mut marker_fp = 0;
    let mut marker_miss: Vec<String> = Vec::new();
    for _ in 0..2000 {
        let (o, c) = *rng.pick(&opens);
        let verb = *rng.pick(&verbs);
        let di = 1 + rng.below(12);
        let num = match rng.below(4) {
            0 => rng.pick(&nums_cn).to_string(),
            1 => di.to_string(),
            2 => format!("{di:02}"),
            _ => di
                .to_string()
                .chars()
                .map(|ch| char::from_u32(ch as u32 - '0' as u32 + '０' as u32).unwrap())
                .collect(),
        };
        let di_ = if rng.below(2) == 0 { "第" } else { "" };
        let letter = if rng.below(4) == 0 {
            *rng.pick(&["A", "B", "C", "Ａ"])
        } else {
            ""
        };
        let space = if rng.below(3) == 0 { " " } else { "" };
        let marker = format!("{o}{verb}{di_}{letter}{num}版{c}");
        let i = 1 + rng.below(paras.len() - 2);
        let p = paras[i];
        let (para, expect_in_para) = match rng.below(3) {
            0 => (format!("{marker}{space}{p}"), 0..marker.len() + space.len()),
            1 => (
                format!("{p}{space}{marker}"),
                p.len()..p.len() + space.len() + marker.len(),
            ),
            _ => (marker.clone(), 0..marker.len()),
        };
        let doc = format!("{}\n\n{para}\n\n{}\n", paras[i - 1], paras[i + 1]);
        let off = paras[i - 1].len() + 2;
        let expect = off + expect_in_para.start..off + expect_in_para.end;
        let found: Vec<Diagnostic> = family(&doc)
            .into_iter()
            .filter(|x| x.rule == "page-marker")
            .collect();
        marker_n += 1;
        if found.iter().any(|x| x.span == expect) {
            marker_hit += 1;
        } else if marker_miss.len() < 8 {
            marker_miss.push(para.chars().take(30).collect());
        }
        marker_fp += found.iter().filter(|x| x.span != expect).count();
    }
    println!("    page-marker: {marker_hit}/{marker_n} exact spans, {marker_fp} other marker findings");
    for m in &marker_miss {
        println!("        miss: {m}");
    }

    let closers = [
        "（新华社北京12月21日电）",
        "(新华社北京12月21日电)",
        "（新华社华盛顿3月5日电）",
        "（完）",
        "(完)",
        "（记者 张三 报道）",
        "（本报记者 王五）",
        "（本报记者 王五 李四）",
        "（责任编辑：赵六）",
        "【责任编辑：赵六】",
        "（作者系某大学教授）",
        "（据新华社电）",
        "（中新网北京12月1日电）",
    ];
    let mut glue_n = 0;
    let mut glue_hit = 0;
    let mut glue_fp = 0;
    let mut glue_miss: Vec<String> = Vec::new();
    let mut trap_n = 0;
    let mut trap_fp = 0;
    let mut trap_fp_samples: Vec<String> = Vec::new();
    for _ in 0..1000 {
        let closer = *rng.pick(&closers);
        let i = rng.below(paras.len() - 6);
        let story = &paras[i..i + 3];
        let tail = &paras[i + 3..i + 3 + 1 + rng.below(3)];
        // Closer alone on its line, or at the end of the last paragraph.
        let alone = rng.below(2) == 0;
        let mut doc = String::new();
        for (k, p) in story.iter().enumerate() {
            doc.push_str(p);
            if k == story.len() - 1 && !alone {
                doc.push_str(closer);
            }
            doc.push_str("\n\n");
        }
        if alone {
            doc.push_str(closer);
            doc.push_str("\n\n");
        }
        let glued_start = doc.len();
        let glued_end = glued_start + tail[0].len();
        for p in tail {
            doc.push_str(p);
            doc.push_str("\n\n");
        }
        let found: Vec<Diagnostic> = family(&doc).into_iter().collect();
        glue_n += 1;
        let hit = found
            .iter()
            .any(|x| x.rule == "glued-article" && x.span == (glued_start..glued_end));
        if hit {
            glue_hit += 1;
        } else if glue_miss.len() < 8 {
            glue_miss.push(format!("{closer} alone={alone}"));
        }
        glue_fp += found
            .iter()
            .filter(|x| !(x.rule == "glued-article" && x.span == (glued_start..glued_end)))
            .count();

        // Traps: the same story with the closer and nothing after it; with a title line
        // before the next story; a story that opens with a dateline; a caption after the
        // story; a closer followed by editorial lines.
        let traps = [
            format!("{}\n\n{}\n\n{closer}\n", story[0], story[1]),
            format!(
                "{}\n\n{}{closer}\n\n新建水厂明年投产\n\n{}\n",
                story[0], story[1], tail[0]
            ),
            format!("新华社北京5月20日电 {}\n\n{}\n", story[0], story[1]),
            format!("本报北京12月1日电（记者 王五）{}\n\n{}\n", story[0], story[1]),
            format!(
                "{}\n\n图为市民在超市选购年货。（新华社记者 张三 摄）\n\n{}\n",
                story[0], story[1]
            ),
            format!("{}\n\n{closer}\n\n责任编辑：赵六\n\n来源：新华社\n", story[0]),
            format!("{}\n\n{closer}\n\n# 新建水厂明年投产\n\n{}\n", story[0], tail[0]),
        ];
        for t in &traps {
            trap_n += 1;
            let f = family(t);
            trap_fp += f.len();
            for x in f {
                if trap_fp_samples.len() < 8 {
                    trap_fp_samples.push(format!("{} {}", x.rule, x.message));
                }
            }
        }
    }
    println!("    glued-article: {glue_hit}/{glue_n} exact, {glue_fp} other findings in these docs");
    for m in &glue_miss {
        println!("        miss: {m}");
    }
    println!(
        "    traps (closer at the end, title before the next story, opening datelines, caption, editorial lines, heading): {trap_fp} findings in {trap_n} documents"
    );
    for m in &trap_fp_samples {
        println!("        {m}");
    }

    // (d) Throughput of the family alone on a large input, document already parsed.
    println!("\n(d) throughput");
    let settings = Settings::default();
    let ctx = Context::new(&settings);
    let mut big = String::new();
    while big.len() < 64 << 20 {
        big.push_str(&corpus);
    }
    let doc = Document::parse(&big, SourceKind::Plain);
    let t = Instant::now();
    let mut out = Vec::new();
    Joins.check(&doc, &ctx, &mut out);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "    clean corpus ×{}: {:.1} MB in {secs:.3} s = {:.0} MB/s, {} findings",
        big.len() / corpus.len(),
        big.len() as f64 / 1e6,
        big.len() as f64 / 1e6 / secs,
        out.len()
    );
    let seed = std::fs::read_to_string("tests/fixtures/seed.txt").expect("seed fixture");
    let mut dirty = String::new();
    while dirty.len() < 16 << 20 {
        dirty.push_str(&seed);
        dirty.push_str("\n\n");
    }
    let doc = Document::parse(&dirty, SourceKind::Plain);
    let t = Instant::now();
    let mut out = Vec::new();
    Joins.check(&doc, &ctx, &mut out);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "    seed page repeated (13 findings per copy, jieba already loaded): {:.1} MB in {secs:.3} s = {:.0} MB/s, {} findings",
        dirty.len() as f64 / 1e6,
        dirty.len() as f64 / 1e6 / secs,
        out.len()
    );
    let t = Instant::now();
    let _ = full_jieba();
    println!(
        "    jieba dictionary load: {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
}
