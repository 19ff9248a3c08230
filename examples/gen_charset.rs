//! Generates the charset family's tables under `rules/charset/` from the reference data.
//!
//! ```text
//! NEWSLINT_SHARED=/work/shared cargo run --release --example gen_charset
//! ```
//!
//! Inputs (under `$NEWSLINT_SHARED/data`, default `../shared/data`): OpenCC's
//! `TSCharacters.txt`, `STPhrases.txt` and `TSPhrases.txt`, and `tgscc/tgscc.json` (the
//! 8,105 characters of the 《通用规范汉字表》, its Traditional and variant maps and its notes).
//!
//! Outputs:
//! - `traditional.tsv`: characters that OpenCC converts to something else and that are not in
//!   the standard list, with their Simplified candidates (standard ones only, the official
//!   table's choice first among them when it has one).
//! - `ambiguous.tsv`: characters of the standard list that OpenCC also converts (乾 → 干),
//!   minus the ones listed in [`EXCLUDED_AMBIGUOUS`]; reported only inside a phrase.
//! - `phrases.tsv`: Traditional phrase → Simplified phrase, for every phrase that decides an
//!   ambiguous character (乾燥 → 干燥 flags 乾; 乾隆 → 乾隆 keeps it) or picks among several
//!   candidates of a Traditional character (錢鍾書 → 钱锺书).
//! - `variants.tsv`: non-standard variants (异体字) → standard forms, from the official
//!   table's variant map, minus the Traditional-only characters (reported as Traditional).
//!
//! The derivation is a library of functions so `tests/charset.rs` can run it again and compare
//! with the committed files.

#![allow(dead_code)] // Parts are only used by the test that includes this file.

use newslint::rules::charset::tables::Tables;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The generated files, in `rules/charset/`.
pub const OUTPUT_FILES: [&str; 4] = ["traditional.tsv", "ambiguous.tsv", "phrases.tsv", "variants.tsv"];

/// Characters of the standard list that OpenCC converts in some phrases but that this family
/// never reports, with the reason. Most are not Traditional forms at all but old or variant
/// word forms (a question for a word-form rule, not this one).
pub const EXCLUDED_AMBIGUOUS: &[(char, &str)] = &[
    (
        '坏',
        "the standard character for 'bad'; OpenCC maps it to 坯 only in pottery words, so 打坏 would be flagged",
    ),
    ('哩', "英哩/海哩 are old word forms, not Traditional script"),
    (
        '像',
        "想像 is a variant word form (异形词), not Traditional script",
    ),
    (
        '俱',
        "傢俱: 傢 is reported on its own; 家俱 is a word-form question",
    ),
    ('么', "the standard character; OpenCC maps it to 幺 only in 么麽"),
    (
        '彷',
        "彷彿: 彿 is reported on its own; 彷徨 and 彷佛 are standard or word-form questions",
    ),
    ('薹', "菜薹 and 蒜薹 are the standard Simplified names"),
    (
        '沈',
        "a common surname; the official table keeps 沈 and uses it for 瀋, and 沈 for 沉 is a variant use, so words like 沈下 would fire on names (老沈下班)",
    ),
    (
        '甯',
        "OpenCC's phrases for it are all personal names, where the official table allows it",
    ),
];

/// OpenCC phrases that are not used, with the reason: personal names in which the official
/// table lets the character stand (its notes: 可用于姓氏人名), and a phrase that uses the
/// character in the reading the notes keep.
pub const EXCLUDED_PHRASES: &[(&str, &str)] = &[
    ("于正昇", "name"),
    ("何小昇", "name"),
    ("劉志昇", "name"),
    ("吳皓昇", "name"),
    ("吳育昇", "name"),
    ("姚昇志", "name"),
    ("徐讚昇", "name"),
    ("施佳昇", "name"),
    ("柳昇耀", "name"),
    ("梁昇卿", "name"),
    ("河昇鎮", "place name"),
    ("洪昇", "name"),
    ("畢昇", "name (the notes' own example 毕昇)"),
    ("管道昇", "name"),
    ("金昇圭", "name"),
    ("陳昇", "name"),
    ("陳漢昇", "name"),
    ("韓昇洙", "name"),
    ("高政昇", "name"),
    ("黃旭昇", "name"),
    ("楊甦棣", "name"),
    ("禽滑釐", "name (釐 read xī)"),
    ("含商咀徵", "徵 read zhǐ, the musical note the notes keep"),
    ("含宮咀徵", "徵 read zhǐ, the musical note the notes keep"),
    ("蘊藉", "藉 in 蕴藉 (含蓄), a sense the notes keep"),
    ("蘊藉含蓄", "藉 in 蕴藉 (含蓄), a sense the notes keep"),
    ("風流蘊藉", "藉 in 蕴藉 (含蓄), a sense the notes keep"),
    ("醞藉", "藉 in 蕴藉 (含蓄), a sense the notes keep"),
    ("風流醞藉", "藉 in 蕴藉 (含蓄), a sense the notes keep"),
    ("茵藉", "藉 as 衬垫, a sense the notes keep"),
    ("凌藉", "藉 read jí (践踏), a reading the notes keep"),
    ("躪藉", "藉 read jí (践踏), a reading the notes keep"),
    ("駘藉", "藉 read jí (践踏), a reading the notes keep"),
    ("顧藉", "obscure; 顾藉 (顾惜) keeps 藉 in dictionaries"),
    ("素藉", "obscure; 素藉 (平素的声望) keeps 藉 in dictionaries"),
    ("滑藉", "obscure; not a 借 sense"),
    (
        "乾乾",
        "乾乾 read qián qián (君子终日乾乾, 兢兢乾乾); 乾乾淨淨 is still converted",
    ),
    ("雲翻雨覆", "覆 means overturn here, as in 翻云覆雨"),
];

/// 於 is a surname (於梨华), so a two-character phrase that starts with it would fire on
/// names (於美华 against 於美 → 于美). Of those phrases only these function phrases are kept;
/// phrases that end in 於 (對於, 由於, 位於) and longer ones are all kept.
pub const SURNAME_INITIAL: &[(char, &[&str])] = &[('於', &["於是", "於此", "於今", "於斯", "於焉", "於何"])];

/// Where a phrase comes from; a higher source overrides a lower one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    /// OpenCC's Simplified → Traditional phrases, read backwards.
    StPhrases,
    /// OpenCC's Traditional → Simplified phrases.
    TsPhrases,
    /// Example words quoted in the notes of the standard list (乾坤, 瞭望, 狼藉…).
    Notes,
}

/// What a phrase says about the character at one position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// The character stays (乾 in 乾隆).
    Keep,
    /// The character becomes this one (乾 in 乾燥 → 干).
    To(char),
}

#[derive(Debug, Clone)]
struct Entry {
    trad: Vec<char>,
    simp: Vec<char>,
    source: Source,
    verdicts: Vec<Option<Verdict>>,
}

/// The result: file name → contents, and a human report of what was done.
pub struct Generated {
    /// `(file name, text)` for each of [`OUTPUT_FILES`].
    pub files: Vec<(&'static str, String)>,
    /// Counts and checks, one line each.
    pub report: Vec<String>,
}

/// `$NEWSLINT_SHARED`, or `../shared`.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("NEWSLINT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared"))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// An OpenCC dictionary: key → values, in file order.
fn opencc(text: &str) -> Vec<(String, Vec<String>)> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (k, v) = l.split_once('\t')?;
            Some((k.to_string(), v.split(' ').map(str::to_string).collect()))
        })
        .collect()
}

fn single(s: &str) -> Option<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

fn json_char_map(v: &serde_json::Value, key: &str) -> Result<BTreeMap<char, Vec<char>>, String> {
    let obj = v[key].as_object().ok_or(format!("tgscc.json: no object {key}"))?;
    let mut out = BTreeMap::new();
    for (k, vals) in obj {
        let (Some(k), Some(vals)) = (single(k), vals.as_array()) else {
            continue;
        };
        let vals: Vec<char> = vals.iter().filter_map(|x| x.as_str().and_then(single)).collect();
        out.insert(k, vals);
    }
    Ok(out)
}

/// The quoted example words of a note: “乾坤”“乾隆”.
fn quoted(note: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = note;
    while let Some(a) = rest.find('“') {
        let after = &rest[a + '“'.len_utf8()..];
        let Some(b) = after.find('”') else { break };
        // “枕藉（jiè）”: the reading is not part of the word.
        let word = &after[..b];
        let word = word.split('（').next().unwrap_or(word);
        out.push(word.to_string());
        rest = &after[b + '”'.len_utf8()..];
    }
    out
}

fn header(lines: &[&str]) -> String {
    let mut s = String::new();
    for l in lines {
        s.push_str("# ");
        s.push_str(l);
        s.push('\n');
    }
    s
}

const PROVENANCE: &[&str] = &[
    "Generated by examples/gen_charset.rs; do not edit (see rules/charset/README.md).",
    "Sources: OpenCC data/dictionary (commit 5249273, Apache-2.0) and the 《通用规范汉字表》 data",
    "of ai-proofread-vscode-extension data/tgscc.json (commit a8fef0d, MIT).",
];

/// Derive every table from the reference data in `shared` (the folder holding `data/`).
pub fn generate(shared: &Path) -> Result<Generated, String> {
    let data = shared.join("data");
    let ts_chars = opencc(&read(&data.join("opencc/TSCharacters.txt"))?);
    let st_phrases = opencc(&read(&data.join("opencc/STPhrases.txt"))?);
    let ts_phrases = opencc(&read(&data.join("opencc/TSPhrases.txt"))?);
    let tgscc: serde_json::Value = serde_json::from_str(&read(&data.join("tgscc/tgscc.json"))?)
        .map_err(|e| format!("tgscc.json: {e}"))?;
    let standard: HashSet<char> = tgscc["tgscc_list"]
        .as_array()
        .ok_or("tgscc.json: no tgscc_list")?
        .iter()
        .filter_map(|x| x.as_str().and_then(single))
        .collect();
    let official_t2s = json_char_map(&tgscc, "traditional_to_simplified")?;
    let official_v2s = json_char_map(&tgscc, "variant_to_simplified")?;
    let notes: BTreeMap<char, String> = tgscc["notes"]
        .as_object()
        .ok_or("tgscc.json: no notes")?
        .iter()
        .filter_map(|(k, v)| Some((single(k)?, v.as_str()?.to_string())))
        .collect();
    let mut report = Vec::new();

    // --- characters -----------------------------------------------------------------------
    let mut targets: BTreeMap<char, Vec<char>> = BTreeMap::new();
    for (k, vs) in &ts_chars {
        let Some(k) = single(k) else { continue };
        let vs: Vec<char> = vs.iter().filter_map(|v| single(v)).collect();
        targets.insert(k, vs);
    }
    // Traditional-only: converted to something else, and not a standard character.
    let mut traditional: BTreeMap<char, (Vec<char>, bool)> = BTreeMap::new();
    for (&k, vs) in &targets {
        if vs.contains(&k) || standard.contains(&k) {
            continue;
        }
        let std_cands: Vec<char> = vs.iter().copied().filter(|c| standard.contains(c)).collect();
        let official: Vec<char> = official_t2s
            .get(&k)
            .into_iter()
            .chain(official_v2s.get(&k))
            .flatten()
            .copied()
            .collect();
        let agreed: Vec<char> = std_cands
            .iter()
            .copied()
            .filter(|c| official.contains(c))
            .collect();
        let entry = if !agreed.is_empty() {
            (agreed, false)
        } else if !std_cands.is_empty() {
            (std_cands, false)
        } else {
            (vs.clone(), true)
        };
        traditional.insert(k, entry);
    }
    let excluded: HashSet<char> = EXCLUDED_AMBIGUOUS.iter().map(|x| x.0).collect();
    let mut ambiguous_all: BTreeMap<char, Vec<char>> = BTreeMap::new();
    for (&k, vs) in &targets {
        if standard.contains(&k) && vs.iter().any(|&v| v != k) && !excluded.contains(&k) {
            ambiguous_all.insert(k, vs.iter().copied().filter(|&v| v != k).collect());
        }
    }
    report.push(format!(
        "{} Traditional-only characters ({} with several standard candidates, {} with none)",
        traditional.len(),
        traditional.values().filter(|v| v.0.len() > 1).count(),
        traditional.values().filter(|v| v.1).count()
    ));

    // --- phrases --------------------------------------------------------------------------
    let excluded_phrases: HashSet<&str> = EXCLUDED_PHRASES.iter().map(|x| x.0).collect();
    // Traditional phrase → (source, the Simplified forms given for it).
    let mut raw: BTreeMap<Vec<char>, (Source, Vec<Vec<char>>)> = BTreeMap::new();
    let mut add = |trad: Vec<char>, simp: Vec<char>, source: Source| {
        if trad.len() != simp.len() || trad.len() < 2 {
            return;
        }
        if let [a, _] = trad[..] {
            let surname = SURNAME_INITIAL.iter().find(|x| x.0 == a);
            if let Some((_, kept)) = surname {
                let t: String = trad.iter().collect();
                if simp[0] != a && !kept.contains(&t.as_str()) {
                    return;
                }
            }
        }
        let e = raw.entry(trad).or_insert((source, Vec::new()));
        if source > e.0 {
            *e = (source, Vec::new());
        }
        if source == e.0 && !e.1.contains(&simp) {
            e.1.push(simp);
        }
    };
    for (s, ts) in &st_phrases {
        for t in ts {
            if !excluded_phrases.contains(t.as_str()) {
                add(t.chars().collect(), s.chars().collect(), Source::StPhrases);
            }
        }
    }
    for (t, ss) in &ts_phrases {
        if !excluded_phrases.contains(t.as_str()) {
            add(t.chars().collect(), ss[0].chars().collect(), Source::TsPhrases);
        }
    }
    for (&c, note) in &notes {
        if !ambiguous_all.contains_key(&c) {
            continue;
        }
        for w in quoted(note) {
            if w.contains(c) {
                add(w.chars().collect(), w.chars().collect(), Source::Notes);
            }
        }
    }

    // Verdicts per position.
    let mut entries: Vec<Entry> = Vec::new();
    let mut conflicts = 0usize;
    for (trad, (source, simps)) in raw {
        let mut verdicts = vec![None; trad.len()];
        let mut useful = false;
        let mut drop = false;
        for (i, &c) in trad.iter().enumerate() {
            let seen: BTreeSet<char> = simps.iter().map(|s| s[i]).collect();
            if let Some(tg) = ambiguous_all.get(&c) {
                verdicts[i] = if seen.contains(&c) {
                    Some(Verdict::Keep)
                } else {
                    let ok: Vec<char> = tg.iter().copied().filter(|t| seen.contains(t)).collect();
                    match ok.as_slice() {
                        [] => None,
                        [x] => Some(Verdict::To(*x)),
                        _ if ok.contains(&tg[0]) => Some(Verdict::To(tg[0])),
                        _ => {
                            conflicts += 1;
                            None
                        }
                    }
                };
                useful |= verdicts[i].is_some();
            } else if let Some((cands, _)) = traditional.get(&c) {
                let ok: Vec<char> = cands.iter().copied().filter(|t| seen.contains(t)).collect();
                let pick = if ok.contains(&cands[0]) {
                    Some(cands[0])
                } else if ok.len() == 1 {
                    Some(ok[0])
                } else {
                    None
                };
                match pick {
                    // The phrase decides something only for a character with several
                    // candidates, or when it picks other than the usual one.
                    Some(x) if cands.len() > 1 || x != cands[0] => {
                        verdicts[i] = Some(Verdict::To(x));
                        useful = true;
                    }
                    Some(_) => {}
                    None if cands.len() > 1 => {
                        // The sources disagree on this character: the phrase would mislead.
                        conflicts += 1;
                        drop = true;
                    }
                    None => {}
                }
            }
        }
        if useful && !drop {
            // The Simplified side: the source's own form, with each decided position set.
            let mut simp = simps[0].clone();
            for (i, v) in verdicts.iter().enumerate() {
                match v {
                    Some(Verdict::Keep) => simp[i] = trad[i],
                    Some(Verdict::To(x)) => simp[i] = *x,
                    None if ambiguous_all.contains_key(&trad[i]) => simp[i] = trad[i],
                    None => {}
                }
            }
            entries.push(Entry {
                trad,
                simp,
                source,
                verdicts,
            });
        }
    }
    report.push(format!(
        "{conflicts} phrase positions dropped where the sources disagree"
    ));

    // A phrase from a higher (or the same) source that keeps a character overrides a phrase
    // that contains it and would convert the character at the same place: OpenCC's old
    // 了望塔 → 瞭望塔 loses to TSPhrases' 瞭望 → 瞭望 and to the notes' 瞭望.
    let norm = |c: char| traditional.get(&c).map_or(c, |v| v.0[0]);
    let mut keepers: HashMap<char, Vec<(usize, usize)>> = HashMap::new();
    for (ei, e) in entries.iter().enumerate() {
        for (i, v) in e.verdicts.iter().enumerate() {
            if *v == Some(Verdict::Keep) {
                keepers.entry(e.trad[i]).or_default().push((ei, i));
            }
        }
    }
    let mut overridden = Vec::new();
    for (ei, e) in entries.iter().enumerate() {
        for (i, v) in e.verdicts.iter().enumerate() {
            let Some(Verdict::To(_)) = v else { continue };
            let Some(ks) = keepers.get(&e.trad[i]) else {
                continue;
            };
            let hit = ks.iter().any(|&(ki, kpos)| {
                let k = &entries[ki];
                if ki == ei || k.source < e.source || kpos > i || i - kpos + k.trad.len() > e.trad.len() {
                    return false;
                }
                let start = i - kpos;
                k.trad
                    .iter()
                    .zip(&e.trad[start..start + k.trad.len()])
                    .all(|(&a, &b)| norm(a) == norm(b))
            });
            if hit {
                overridden.push((ei, i));
            }
        }
    }
    report.push(format!(
        "{} conversions overridden by a contained phrase that keeps the character",
        overridden.len()
    ));
    for &(ei, i) in &overridden {
        let e = &mut entries[ei];
        e.verdicts[i] = None;
        e.simp[i] = e.trad[i];
    }
    entries.retain(|e| e.verdicts.iter().any(|v| v.is_some()));

    // Keep-only phrases matter only where some converting phrase could match at the same
    // character; the others are dropped to keep the table small.
    let converters: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.verdicts.iter().any(|v| matches!(v, Some(Verdict::To(_)))))
        .collect();
    let mut conv_at: HashMap<char, Vec<(&Entry, usize)>> = HashMap::new();
    for e in &converters {
        for (i, v) in e.verdicts.iter().enumerate() {
            if matches!(v, Some(Verdict::To(_))) && ambiguous_all.contains_key(&e.trad[i]) {
                conv_at.entry(e.trad[i]).or_default().push((e, i));
            }
        }
    }
    let compatible = |k: &Entry, kpos: usize, f: &Entry, fpos: usize| {
        // Align the two phrases on the shared character and compare where both have one.
        let lo = kpos.min(fpos);
        let hi = (k.trad.len() - kpos).min(f.trad.len() - fpos);
        (0..lo + hi).all(|d| {
            let kk = k.trad[kpos - lo + d];
            let ff = f.trad[fpos - lo + d];
            norm(kk) == norm(ff)
        })
    };
    let before = entries.len();
    let keep_flags: Vec<bool> = entries
        .iter()
        .map(|k| {
            if k.verdicts.iter().any(|v| matches!(v, Some(Verdict::To(_)))) {
                return true;
            }
            k.verdicts.iter().enumerate().any(|(i, v)| {
                *v == Some(Verdict::Keep)
                    && conv_at
                        .get(&k.trad[i])
                        .is_some_and(|fs| fs.iter().any(|&(f, fpos)| compatible(k, i, f, fpos)))
            })
        })
        .collect();
    let mut it = keep_flags.iter();
    entries.retain(|_| *it.next().unwrap_or(&true));
    report.push(format!(
        "{} phrases kept ({} keep-only phrases that no conversion could reach dropped)",
        entries.len(),
        before - entries.len()
    ));

    // The ambiguous characters that end up with a converting phrase are the ones to watch.
    let mut ambiguous: BTreeMap<char, Vec<char>> = BTreeMap::new();
    for e in &entries {
        for (i, v) in e.verdicts.iter().enumerate() {
            if let (Some(Verdict::To(_)), Some(t)) = (v, ambiguous_all.get(&e.trad[i])) {
                ambiguous.insert(e.trad[i], t.clone());
            }
        }
    }
    // Entries whose only decided positions are ambiguous characters that are not watched
    // (they only keep) are useless.
    entries.retain(|e| {
        e.verdicts.iter().enumerate().any(|(i, v)| {
            v.is_some() && (ambiguous.contains_key(&e.trad[i]) || traditional.contains_key(&e.trad[i]))
        })
    });

    // Characters the notes allow in personal or place names.
    let name_chars: BTreeSet<char> = notes
        .iter()
        .filter(|(c, n)| ambiguous.contains_key(c) && (n.contains("人名") || n.contains("地名")))
        .map(|(c, _)| *c)
        .collect();
    report.push(format!(
        "name characters (reported only next to a Traditional-only one): {}",
        name_chars.iter().collect::<String>()
    ));

    // --- variants -------------------------------------------------------------------------
    let mut variants: BTreeMap<char, Vec<char>> = BTreeMap::new();
    for (&k, vs) in &official_v2s {
        if standard.contains(&k) || traditional.contains_key(&k) || vs.is_empty() {
            continue;
        }
        variants.insert(k, vs.clone());
    }
    report.push(format!(
        "{} ambiguous characters watched: {}",
        ambiguous.len(),
        ambiguous.keys().collect::<String>()
    ));
    report.push(format!(
        "{} variant characters ({} of the official map are standard and skipped, {} are Traditional-only)",
        variants.len(),
        official_v2s.keys().filter(|k| standard.contains(k)).count(),
        official_v2s
            .keys()
            .filter(|k| traditional.contains_key(k))
            .count()
    ));

    // --- write ----------------------------------------------------------------------------
    let mut trad_txt = header(PROVENANCE);
    trad_txt.push_str(&header(&[
        "Traditional-only characters: keys of OpenCC TSCharacters that do not map to themselves",
        "and are not among the 8,105 standard characters. Columns: character, Simplified",
        "candidates (standard characters only, the official table's choice first), and",
        "`nonstandard` when no candidate is a standard character either.",
    ]));
    for (k, (vs, nonstd)) in &traditional {
        trad_txt.push(*k);
        trad_txt.push('\t');
        trad_txt.push_str(&join(vs));
        if *nonstd {
            trad_txt.push_str("\tnonstandard");
        }
        trad_txt.push('\n');
    }
    let mut amb_txt = header(PROVENANCE);
    amb_txt.push_str(&header(&[
        "Standard characters that are also the Traditional form of another character, reported",
        "only inside a phrase of phrases.tsv that converts them. Columns: character, the",
        "characters it stands for as a Traditional form, and `name` when the official notes",
        "allow it in names or places (可用于姓氏人名/地名): such a character is reported only",
        "when the phrase that converts it also holds a Traditional-only character in the text.",
    ]));
    for (k, vs) in &ambiguous {
        amb_txt.push(*k);
        amb_txt.push('\t');
        amb_txt.push_str(&join(vs));
        if name_chars.contains(k) {
            amb_txt.push_str("\tname");
        }
        amb_txt.push('\n');
    }
    let mut phr_txt = header(PROVENANCE);
    phr_txt.push_str(&header(&[
        "Context phrases: Traditional form, Simplified form. A character of ambiguous.tsv is",
        "reported where the Simplified form changes it and kept where it does not; a",
        "Traditional character with several candidates takes the one given here.",
    ]));
    let mut lines: Vec<String> = entries
        .iter()
        .map(|e| {
            format!(
                "{}\t{}",
                e.trad.iter().collect::<String>(),
                e.simp.iter().collect::<String>()
            )
        })
        .collect();
    lines.sort();
    lines.dedup();
    for l in &lines {
        phr_txt.push_str(l);
        phr_txt.push('\n');
    }
    let mut var_txt = header(PROVENANCE);
    var_txt.push_str(&header(&[
        "Non-standard variant characters (异体字) from the official table's variant map, minus",
        "those in the standard list (仝 喆 堃 淼…, used in names) and the Traditional-only ones.",
        "Columns: variant, standard forms.",
    ]));
    for (k, vs) in &variants {
        var_txt.push(*k);
        var_txt.push('\t');
        var_txt.push_str(&join(vs));
        var_txt.push('\n');
    }

    // --- self-check -----------------------------------------------------------------------
    // Every Simplified phrase of OpenCC that contains a watched character is a context in
    // which the character is standard. Run the matcher on each and count those it would flag.
    let tables = Tables::parse(&trad_txt, &amb_txt, &phr_txt, &var_txt).map_err(|e| e.to_string())?;
    let mut flagged = Vec::new();
    let mut checked = 0;
    for (s, _) in &st_phrases {
        let w: Vec<char> = s.chars().collect();
        for (i, c) in w.iter().enumerate() {
            if ambiguous.contains_key(c) {
                checked += 1;
                if let Some((to, p, _)) = tables.ambiguous_as_traditional(&w, i) {
                    flagged.push(format!("{s}: {c}→{to} by {}", p.trad.iter().collect::<String>()));
                }
            }
        }
    }
    report.push(format!(
        "self-check: {} of {checked} watched characters in OpenCC's Simplified phrases would be flagged{}",
        flagged.len(),
        if flagged.is_empty() {
            String::new()
        } else {
            format!(
                ": {}",
                flagged.iter().take(20).cloned().collect::<Vec<_>>().join("; ")
            )
        }
    ));

    Ok(Generated {
        files: vec![
            ("traditional.tsv", trad_txt),
            ("ambiguous.tsv", amb_txt),
            ("phrases.tsv", phr_txt),
            ("variants.tsv", var_txt),
        ],
        report,
    })
}

fn join(cs: &[char]) -> String {
    let mut s = String::new();
    for (i, c) in cs.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push(*c);
    }
    s
}

/// The folder the tables are written to.
pub fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/charset")
}

fn main() {
    let shared = shared_dir();
    let generated = match generate(&shared) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("gen_charset: {e} (set NEWSLINT_SHARED to the shared folder)");
            std::process::exit(2);
        }
    };
    let dir = rules_dir();
    for (name, text) in &generated.files {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("gen_charset: {}: {e}", path.display());
            std::process::exit(2);
        }
        eprintln!("wrote {}", path.display());
    }
    for line in &generated.report {
        eprintln!("{line}");
    }
}
