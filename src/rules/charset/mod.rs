//! The charset family: Traditional characters (`traditional-char`) and non-standard variant
//! characters (`variant-char`) in Simplified copy.
//!
//! # Design
//!
//! Clean Simplified copy contains none of these characters, so the family is built around a
//! fast negative: one pass over each block's characters, skipping everything below U+3400 with
//! one comparison and answering the rest from compile-time bitsets ([`tables::class`]). Only
//! when a character is in a table does any further work happen:
//!
//! - A **Traditional-only** character (關, 鍵: not among the 8,105 standard characters) is
//!   always reported. Adjacent ones form one finding, converted as a run.
//! - An **ambiguous** character (乾, 於, 瞭…: standard in 乾隆, 於梨华, 瞭望, but the
//!   Traditional form of 干, 于, 了 in 乾燥, 於是, 瞭解) is reported only when a phrase of the
//!   phrase table that converts it matches the text around it; on its own it is silent.
//! - A **variant** character (异体字 outside the standard list) is reported at info.
//!
//! When over a configurable share of a document's Han characters are Traditional-only, the
//! document is Traditional text rather than Simplified copy with strays: one info finding is
//! made for the whole document instead of one per word.

pub mod tables;

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::document::Document;
use crate::findings::Sink;
use crate::rules::{Context, Family, FixKind, Part, Pass, RuleInfo};
use crate::text;
use serde::Deserialize;
use std::ops::Range;
use tables::{Class, Tables};

/// Rule id for Traditional characters.
pub const TRADITIONAL_CHAR: &str = "traditional-char";
/// Rule id for non-standard variant characters.
pub const VARIANT_CHAR: &str = "variant-char";

/// Fewest Han characters a document must have before it can be judged mostly Traditional; a
/// short headline pasted in Traditional is still reported word by word.
pub const MOSTLY_TRADITIONAL_MIN_HAN: usize = 20;

/// Default of [`Options::mostly_traditional_threshold`].
///
/// Measured on the clean corpus converted to Traditional character by character (OpenCC
/// STCharacters): a Traditional paragraph of 20 or more Han characters has a median of 34%
/// Traditional-only characters, 5% of them have under 26% and 1% under 22%; so a third would
/// miss half of all Traditional text. Simplified copy with stray words stays far below 1%, and
/// a story quoting a Traditional paragraph in ten stays near 3%.
pub const DEFAULT_MOSTLY_TRADITIONAL_THRESHOLD: f64 = 0.2;

/// Hits collected in the first pass before the family stops recording them (it keeps
/// counting): this many, or one per [`HIT_CAP_BYTES`] of text if that is more. A document
/// with more is almost always Traditional text; if it is not, a second pass collects them all.
/// This bounds memory on large Traditional files (a hit per character) without making a large
/// Simplified file with a few Traditional characters in every story pay for a second pass.
const HIT_CAP: usize = 4096;
/// See [`HIT_CAP`].
const HIT_CAP_BYTES: usize = 1024;

/// Options of the `[traditional-char]` config section (they apply to both rules).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// Strings that are never reported, wherever they occur (a Taiwanese brand name quoted on
    /// purpose: `allow = ["臺灣大哥大"]`).
    pub allow: Vec<String>,
    /// When more than this fraction of a document's Han characters are Traditional-only, the
    /// document is reported once, at info, as Traditional text.
    pub mostly_traditional_threshold: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            allow: Vec::new(),
            mostly_traditional_threshold: DEFAULT_MOSTLY_TRADITIONAL_THRESHOLD,
        }
    }
}

static RULES: [RuleInfo; 2] = [
    RuleInfo {
        id: TRADITIONAL_CHAR,
        severity: Severity::Warning,
        fix: FixKind::Mixed,
        summary: "Traditional characters in Simplified copy",
        summary_zh: "简体稿中混入繁体字",
        explain: r#"## What it catches

Characters that exist only in Traditional script (關鍵, 這個, 經濟: none of them is among the
8,105 characters of the 《通用规范汉字表》), and characters of the standard list used as a
Traditional form inside a word: 乾 in 乾燥 (干燥), 於 in 於是 (于是), 瞭 in 瞭解 (了解), 徵 in
徵收 (征收), 藉 in 藉口 (借口), 覆 in 反覆 (反复), 夥 in 夥伴 (伙伴).

The second kind is never reported on its own: 乾 is standard in 乾隆 and 乾坤, 於 is a
surname, 瞭 is standard in 瞭望, 藉 in 狼藉, 阪 in 大阪, 吒 in 哪吒. It is reported only where
a phrase from OpenCC's phrase tables says the word converts it.

Adjacent Traditional characters are one finding (關鍵, not 關 and 鍵).

## Why it matters

Copy pasted from a Hong Kong or Taiwan source, or typed with a Traditional input method,
brings such characters into Simplified stories. Published, they look like a proofreading
failure.

## Severity

`warning`: a defect to fix before publication, but it does not change the meaning.

## Fix

The suggestion converts the run by phrase first (一目瞭然 → 一目了然; 錢鍾書 → 钱锺书) and by
character otherwise. The fix is **safe** when every character has one Simplified form or a
phrase decides it, **unsafe** when the form depends on context no phrase settles (鍾 is 钟,
or 锺 in names; 線 is 线, or 缐 in names): the message then names the alternatives.

## A Traditional document

When over a fifth (configurable) of a document's Han characters are Traditional-only, and it
has at least 20 Han characters, the document is Traditional text rather than Simplified copy
with strays: one `info` finding at its first Traditional character replaces the thousands of
word findings. Convert the whole text if it is to run as Simplified copy. (A fifth, because
even real Traditional text has only about a third of its characters Traditional-only: the rest
are written the same in both scripts.)

## Configuration

```toml
[traditional-char]
allow = ["臺灣大哥大"]               # strings never reported (also for variant-char)
mostly-traditional-threshold = 0.2  # share of Traditional-only Han characters
```

Data: `rules/charset/` (generated from OpenCC, Apache-2.0, and the 《通用规范汉字表》 data of
tgscc, MIT; see its README)."#,
        bad: &[
            "这次会议的關鍵议题是青年就业。",
            "入冬以后空气乾燥，老人要注意补水。",
            "记者瞭解到，新线路下月开通。",
        ],
        good: &[
            "乾隆年间修建的瞭望塔至今保存完好。",
            "散场以后，展馆门口一片狼藉。",
            "她在大阪读书时常看哪吒的动画。",
            "旅美作家於梨华的小说再版。",
        ],
    },
    RuleInfo {
        id: VARIANT_CHAR,
        severity: Severity::Info,
        fix: FixKind::Unsafe,
        summary: "Non-standard variant characters (异体字)",
        summary_zh: "使用了不规范的异体字",
        explain: r#"## What it catches

Variant characters (异体字) that the 《通用规范汉字表》 replaces with a standard form: 凢 for
凡, 亯 for 享, 乹 for 干, and so on, from the official table's variant map.

Variants that the official list itself restores for names and places (仝 喆 堃 淼 犇 邨…)
are standard characters and never reported. A character that is also a Traditional form is
reported by `traditional-char` instead, once.

## Why it matters

Variants usually come from old sources, OCR or unusual input methods. Some are legitimate in
a person's name, which is why this rule only informs.

## Severity

`info`: often deliberate (a name, a quotation of an old text).

## Fix

The standard form, **unsafe**: check that the character is not part of a name first. Where
the variant has several standard forms the message lists them.

## Configuration

`[traditional-char] allow = [...]` also silences this rule for the listed strings."#,
        bad: &["凢事都要按规矩办。", "让群众共亯发展成果。"],
        good: &["主持人仝卓和嘉宾王喆一同登台。"],
    },
];

/// The family.
pub struct Charset;

impl Family for Charset {
    fn rules(&self) -> &'static [RuleInfo] {
        &RULES
    }

    fn start<'d>(&'d self, doc: &'d Document<'d>, ctx: &'d Context<'d>) -> Box<dyn Pass + 'd> {
        Box::new(CharsetPass {
            doc,
            ctx,
            scan: Scan::new(),
            cap: HIT_CAP.max(doc.text.len() / HIT_CAP_BYTES),
        })
    }
}

/// The family over one document: the table characters are found a part at a time, and judged
/// at the end, when it is known whether the document as a whole is Traditional.
struct CharsetPass<'d> {
    doc: &'d Document<'d>,
    ctx: &'d Context<'d>,
    scan: Scan,
    /// Hits recorded at most.
    cap: usize,
}

impl Pass for CharsetPass<'_> {
    fn part(&mut self, part: &Part, _: &mut dyn Sink) {
        let doc = self.doc;
        for (bi, b) in part.blocks.clone().zip(part.iter(doc)) {
            scan_block(doc.block_text(&b), b.start(), bi as u32, self.cap, &mut self.scan);
        }
    }

    fn finish(self: Box<Self>, out: &mut dyn Sink) {
        let (doc, ctx) = (self.doc, self.ctx);
        let want_trad = ctx.enabled(TRADITIONAL_CHAR);
        let want_var = ctx.enabled(VARIANT_CHAR);
        if !want_trad && !want_var {
            return;
        }
        let opts = &ctx.settings.charset;
        let mut scan = self.scan;
        if scan.hits.is_empty() {
            return;
        }
        let allowed = allowed_ranges(doc.text, &opts.allow);
        let keep = |h: &Hit| !doc.is_masked(h.pos) && !allowed.iter().any(|r| r.contains(&h.pos));
        let dropped_trad = scan
            .hits
            .iter()
            .filter(|h| h.class == Class::Traditional && !keep(h))
            .count();
        let trad_count = scan.traditional - dropped_trad;
        // trad > threshold × han needs han < trad / threshold: count Han characters only that
        // far (a few Traditional characters in a long Simplified document stop the count
        // almost at once instead of costing a second pass over the whole text).
        let threshold = opts.mostly_traditional_threshold;
        let limit = if threshold > 0.0 {
            (trad_count as f64 / threshold).ceil().min(usize::MAX as f64) as usize
        } else {
            usize::MAX
        };
        let han = if want_trad && trad_count > 0 {
            han_up_to(doc, limit)
        } else {
            None
        };
        if let Some(han) = han
            && han >= MOSTLY_TRADITIONAL_MIN_HAN
            && trad_count as f64 > threshold * han as f64
        {
            if let Some(first) = scan
                .hits
                .iter()
                .find(|h| h.class == Class::Traditional && keep(h))
            {
                out.push(mostly_traditional(ctx, first, trad_count, han, opts));
            }
            return;
        }
        if !scan.complete {
            scan = scan_all(doc);
        }
        scan.hits.retain(keep);
        let t = tables::tables();
        // Hits come in block order: the cursor decodes each block once.
        let mut blocks = doc.blocks.cursor();
        let mut i = 0;
        while i < scan.hits.len() {
            let block = scan.hits[i].block;
            let mut j = i;
            while j < scan.hits.len() && scan.hits[j].block == block {
                j += 1;
            }
            let b = &blocks.at(block as usize);
            check_block(
                t,
                doc.block_text(b),
                b.start(),
                &scan.hits[i..j],
                ctx,
                want_trad,
                want_var,
                out,
            );
            i = j;
        }
    }
}

/// A character found in a table.
#[derive(Debug, Clone, Copy)]
struct Hit {
    /// Absolute byte offset.
    pos: usize,
    ch: char,
    block: u32,
    class: Class,
}

impl Hit {
    fn end(&self) -> usize {
        self.pos + self.ch.len_utf8()
    }
}

struct Scan {
    hits: Vec<Hit>,
    /// Traditional-only characters among them.
    traditional: usize,
    /// False when hits were left unrecorded because of the cap.
    complete: bool,
}

impl Scan {
    fn new() -> Self {
        Scan {
            hits: Vec::new(),
            traditional: 0,
            complete: true,
        }
    }
}

/// Every table character of the document, when the parts recorded only the first ones (the
/// cap): the Traditional-only ones counted again.
fn scan_all(doc: &Document) -> Scan {
    let mut s = Scan::new();
    for (bi, b) in doc.blocks.iter().enumerate() {
        scan_block(doc.block_text(&b), b.start(), bi as u32, usize::MAX, &mut s);
    }
    s
}

/// The number of Han characters in the document's blocks, or `None` once it exceeds `limit`.
fn han_up_to(doc: &Document, limit: usize) -> Option<usize> {
    let mut n = 0usize;
    for b in &doc.blocks {
        n += text::han_count(doc.block_text(&b));
        if n > limit {
            return None;
        }
    }
    Some(n)
}

/// Scan one block byte by byte. Every table character is at or above U+3400: runs of
/// three-byte characters outside the tables are skipped by [`skip_plain`], and a lead byte
/// below 0xE3 (U+0000–U+2FFF) is skipped by its length without decoding.
#[inline]
fn scan_block(text: &str, base: usize, block: u32, cap: usize, s: &mut Scan) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // The hot path, for the three-byte characters from U+3000 that make up Chinese copy.
        i = skip_plain(b, i);
        let Some(&x) = b.get(i) else { break };
        let pos = i;
        let cp = if x < 0x80 {
            i += 1;
            continue;
        } else if x < 0xE0 {
            i += 2;
            continue;
        } else if x < 0xE3 {
            i += 3;
            continue;
        } else if x < 0xF0 {
            let [_, b1, b2] = b[i..i + 3] else { break };
            i += 3;
            text::code_point3(x, b1, b2)
        } else {
            let [_, b1, b2, b3] = b[i..i + 4] else { break };
            i += 4;
            ((x as u32 & 0x07) << 18)
                | ((b1 as u32 & 0x3F) << 12)
                | ((b2 as u32 & 0x3F) << 6)
                | (b3 as u32 & 0x3F)
        };
        // A valid `str` decodes to a valid scalar value.
        let Some(c) = char::from_u32(cp) else { continue };
        let class = tables::class(c);
        if class == Class::None {
            continue;
        }
        s.traditional += (class == Class::Traditional) as usize;
        if s.hits.len() < cap {
            s.hits.push(Hit {
                pos: base + pos,
                ch: c,
                block,
                class,
            });
        } else {
            s.complete = false;
        }
    }
}

/// From `b[i]` (a character boundary), skip the three-byte characters from U+3000 (lead bytes
/// E3–EF) that are in none of the tables: one range test and one bit test each, the code point
/// put together from the three bytes without a `char`. Returns the offset of the first
/// character that needs a closer look.
#[inline]
fn skip_plain(b: &[u8], i: usize) -> usize {
    let mut n = 0;
    // Every chunk up to the first character of another length is a whole character.
    for c in b[i..].chunks_exact(3) {
        if c[0].wrapping_sub(0xE3) >= 0x0D {
            break;
        }
        let cp = text::code_point3(c[0], c[1], c[2]);
        if tables::in_bmp_tables(cp) {
            break;
        }
        n += 1;
    }
    i + 3 * n
}

/// Byte ranges of every occurrence of an allowed string.
fn allowed_ranges(text: &str, allow: &[String]) -> Vec<Range<usize>> {
    let mut v = Vec::new();
    for a in allow.iter().filter(|a| !a.is_empty()) {
        for (i, m) in text.match_indices(a.as_str()) {
            v.push(i..i + m.len());
        }
    }
    v
}

fn mostly_traditional(ctx: &Context, first: &Hit, trad: usize, han: usize, opts: &Options) -> Diagnostic {
    let pct = (opts.mostly_traditional_threshold * 100.0).round();
    let msg = ctx.msg(
        format!(
            "本文似为繁体中文：{han} 个汉字中有 {trad} 个仅用于繁体（超过 {pct}%），故不逐一报告；如作简体稿发布，请整体转换"
        ),
        format!(
            "this document appears to be Traditional Chinese: {trad} of its {han} Han characters exist only in Traditional script (over {pct}%), so they are not reported one by one; convert the whole text if it is to run as Simplified copy"
        ),
    );
    Diagnostic::new(TRADITIONAL_CHAR, Severity::Info, first.pos..first.end(), msg)
}

/// `s[start..end]` with up to `k` characters of context on each side, as characters, and the
/// index of the first character of `start..end` in it.
fn window(s: &str, start: usize, end: usize, k: usize) -> (Vec<char>, usize) {
    let mut w: Vec<char> = s[..start].chars().rev().take(k).collect();
    w.reverse();
    let at = w.len();
    w.extend(s[start..end].chars());
    w.extend(s[end..].chars().take(k));
    (w, at)
}

/// One character of a run and how it converts.
struct Conv {
    ch: char,
    to: char,
    /// Other standard candidates when no phrase decided between them.
    alternatives: Vec<char>,
    /// The candidate is not a standard character either.
    nonstandard: bool,
    /// The phrase that decided it, as (start, end) indices in the window.
    phrase: Option<(usize, usize)>,
    ambiguous: bool,
}

#[allow(clippy::too_many_arguments)]
fn check_block(
    t: &Tables,
    s: &str,
    base: usize,
    hits: &[Hit],
    ctx: &Context,
    want_trad: bool,
    want_var: bool,
    out: &mut dyn Sink,
) {
    let k = t.max_phrase_len.saturating_sub(1);
    // Decide each hit: part of a Traditional run (with its ambiguous verdict) or a variant.
    let mut run: Vec<(Hit, Option<char>)> = Vec::new();
    let flush = |run: &mut Vec<(Hit, Option<char>)>, out: &mut dyn Sink| {
        if !run.is_empty() {
            out.push(traditional_finding(t, s, base, run, k, ctx));
            run.clear();
        }
    };
    for h in hits {
        let rel = h.pos - base;
        match h.class {
            Class::Traditional | Class::Ambiguous if want_trad => {
                let verdict = if h.class == Class::Ambiguous {
                    let (w, at) = window(s, rel, rel + h.ch.len_utf8(), k);
                    match t.ambiguous_as_traditional(&w, at) {
                        Some((to, _, _)) => Some(to),
                        None => continue,
                    }
                } else {
                    None
                };
                if run.last().is_some_and(|(last, _)| last.end() != h.pos) {
                    flush(&mut run, out);
                }
                run.push((*h, verdict));
            }
            Class::Variant if want_var => {
                flush(&mut run, out);
                out.push(variant_finding(t, h, ctx));
            }
            _ => {}
        }
    }
    flush(&mut run, out);
}

fn traditional_finding(
    t: &Tables,
    s: &str,
    base: usize,
    run: &[(Hit, Option<char>)],
    k: usize,
    ctx: &Context,
) -> Diagnostic {
    let start = run[0].0.pos;
    let end = run[run.len() - 1].0.end();
    let (w, at) = window(s, start - base, end - base, k);
    let mut convs = Vec::with_capacity(run.len());
    for (n, (h, verdict)) in run.iter().enumerate() {
        let idx = at + n;
        let phrase = t.phrase_at(&w, idx);
        let span_of = |(p, pos): (&tables::Phrase, usize)| (idx - pos, idx - pos + p.trad.len());
        let conv = if h.class == Class::Ambiguous {
            Conv {
                ch: h.ch,
                to: verdict.unwrap_or(h.ch),
                alternatives: Vec::new(),
                nonstandard: false,
                phrase: phrase.map(span_of),
                ambiguous: true,
            }
        } else {
            let cands = t.traditional.get(&h.ch).map(|c| &c[..]).unwrap_or(&[]);
            let first = cands.first().copied().unwrap_or(h.ch);
            let nonstandard = t.nonstandard.binary_search(&h.ch).is_ok();
            match phrase {
                Some((p, pos)) if p.simp[pos] != h.ch => Conv {
                    ch: h.ch,
                    to: p.simp[pos],
                    alternatives: Vec::new(),
                    nonstandard,
                    phrase: Some(span_of((p, pos))),
                    ambiguous: false,
                },
                _ => Conv {
                    ch: h.ch,
                    to: first,
                    alternatives: cands.iter().skip(1).copied().collect(),
                    nonstandard,
                    phrase: None,
                    ambiguous: false,
                },
            }
        };
        convs.push(conv);
    }
    let orig = &s[start - base..end - base];
    let rep: String = convs.iter().map(|c| c.to).collect();
    let safe = convs.iter().all(|c| c.alternatives.is_empty() && !c.nonstandard);

    // The word that decided an ambiguous character, as the text has it, when it is wider
    // than the run: "“乾” in “乾燥”".
    let word = convs
        .iter()
        .filter(|c| c.ambiguous)
        .find_map(|c| c.phrase)
        .filter(|&(a, b)| a < at || b > at + run.len())
        .map(|(a, b)| w[a..b].iter().collect::<String>());
    let (mut zh, mut en) = match &word {
        Some(word) => (
            format!("“{orig}”在“{word}”中是繁体写法，应改为“{rep}”"),
            format!("“{orig}” in “{word}” is the Traditional form; Simplified copy uses “{rep}”"),
        ),
        None => (
            format!("繁体字“{orig}”应改为简体“{rep}”"),
            format!("Traditional “{orig}” should be Simplified “{rep}”"),
        ),
    };
    for c in convs.iter().filter(|c| !c.alternatives.is_empty()) {
        let alts_zh: Vec<String> = c.alternatives.iter().map(|a| format!("“{a}”")).collect();
        zh.push_str(&format!(
            "（“{}”也可能对应{}，请按语境选择）",
            c.ch,
            alts_zh.join("或")
        ));
        en.push_str(&format!(
            " (“{}” may also be {}; choose by context)",
            c.ch,
            alts_zh.join(" or ")
        ));
    }
    for c in convs.iter().filter(|c| c.nonstandard) {
        zh.push_str(&format!("（“{}”也不在《通用规范汉字表》中，请核实）", c.to));
        en.push_str(&format!(
            " (“{}” is not a standard character either; check it)",
            c.to
        ));
    }
    let applicability = if safe {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    };
    Diagnostic::new(TRADITIONAL_CHAR, Severity::Warning, start..end, ctx.msg(zh, en))
        .with_fix(rep, applicability)
}

fn variant_finding(t: &Tables, h: &Hit, ctx: &Context) -> Diagnostic {
    let stds = t.variants.get(&h.ch).map(|c| &c[..]).unwrap_or(&[]);
    let first = stds.first().copied().unwrap_or(h.ch);
    let quoted: Vec<String> = stds.iter().map(|c| format!("“{c}”")).collect();
    let msg = ctx.msg(
        format!("异体字“{}”应改为规范字{}", h.ch, quoted.join("或")),
        format!(
            "variant character “{}”: the standard form is {}",
            h.ch,
            quoted.join(" or ")
        ),
    );
    Diagnostic::new(VARIANT_CHAR, Severity::Info, h.pos..h.end(), msg)
        .with_fix(first.to_string(), Applicability::Unsafe)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::SourceKind;
    use crate::settings::Settings;

    /// The byte scan finds exactly the characters a plain walk over `chars()` classifies as
    /// table characters, at the same offsets, whatever surrounds them.
    #[test]
    fn byte_scan_matches_a_character_walk() {
        let alphabet = [
            "關",
            "鍵",
            "説",
            "于",
            "中",
            "国",
            "，",
            "。",
            "a",
            "1",
            "é",
            "\u{3000}",
            "\u{20000}",
            "\u{2A6A5}",
            "〇",
            "\n",
        ];
        let mut rng = crate::testutil::Rng::new();
        let mut seen = 0;
        for _ in 0..3000 {
            let t = rng.text(&alphabet, 40);
            let mut s = Scan {
                hits: Vec::new(),
                traditional: 0,
                complete: true,
            };
            scan_block(&t, 7, 0, usize::MAX, &mut s);
            let got: Vec<(usize, char)> = s.hits.iter().map(|h| (h.pos - 7, h.ch)).collect();
            let want: Vec<(usize, char)> = t
                .char_indices()
                .filter(|&(_, c)| tables::class(c) != Class::None)
                .collect();
            assert_eq!(got, want, "{t:?}");
            seen += want.len();
        }
        assert!(seen > 1000, "only {seen} table characters generated");
    }

    fn findings(text: &str) -> Vec<Diagnostic> {
        crate::check_str(text, SourceKind::Plain, &Settings::default())
            .into_iter()
            .filter(|d| d.rule == TRADITIONAL_CHAR || d.rule == VARIANT_CHAR)
            .collect()
    }

    #[test]
    fn a_run_of_traditional_characters_is_one_finding() {
        let t = "问题的關鍵在于落实。";
        let d = findings(t);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(&t[d[0].span.clone()], "關鍵");
        assert_eq!(d[0].fix.as_ref().unwrap().replacement, "关键");
        assert_eq!(d[0].fix.as_ref().unwrap().applicability, Applicability::Safe);
    }

    #[test]
    fn window_is_bounded_by_the_text() {
        let s = "甲乙丙丁";
        assert_eq!(window(s, 3, 6, 1), (vec!['甲', '乙', '丙'], 1));
        assert_eq!(window(s, 0, 3, 5), (vec!['甲', '乙', '丙', '丁'], 0));
    }

    #[test]
    fn options_default_and_deserialize() {
        let o: Options = toml::from_str("allow = [\"臺灣\"]").unwrap();
        assert_eq!(o.allow, vec!["臺灣".to_string()]);
        assert_eq!(
            o.mostly_traditional_threshold,
            DEFAULT_MOSTLY_TRADITIONAL_THRESHOLD
        );
        assert!(toml::from_str::<Options>("nope = 1").is_err());
    }
}
