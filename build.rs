//! Compile-time data preparation.
//!
//! jieba's dictionary (`rules/segment/dict.txt`, 349,045 `word freq tag` lines) is turned into
//! an `fst` map once, here, instead of into a trie at every start-up: parsing the text and
//! building jieba's trie costs about 100 ms, which is five times the whole budget for checking
//! one article. The map is embedded in the binary and opened without parsing (see
//! `src/segment.rs`).
//!
//! The `typo`/`variant-word` automaton over `rules/typo/*.tsv` is built here too and embedded
//! serialised, for the same reason: building it at start-up cost about 13 ms.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    jieba_dict(&out);
    typo_automaton(&out);
}

/// The `typo` and `variant-word` tables in one automaton. A value is the byte offset of the
/// entry's line in its file, with the top bit set for the variant table (`src/rules/typo.rs`
/// reads a line only when it matches; its tests check every entry finds its own line).
fn typo_automaton(out: &std::path::Path) {
    let tables = [
        ("rules/typo/typos.tsv", 0u32),
        ("rules/typo/variant_words.tsv", 1 << 31),
    ];
    let mut seen = std::collections::HashSet::new();
    let mut patterns: Vec<(String, u32)> = Vec::new();
    for (path, bit) in tables {
        println!("cargo::rerun-if-changed={path}");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
        let mut off = 0usize;
        for line in text.split_inclusive('\n') {
            let l = line.trim_end_matches('\n');
            let mut cols = l.split('\t');
            if !l.starts_with('#')
                && !l.is_empty()
                && let (Some(wrong), Some(_right)) = (cols.next(), cols.next())
            {
                // Listed twice (the generator prevents it; tests check): the first line wins.
                if seen.insert(wrong.to_owned()) {
                    assert!(off < 1 << 31, "{path} is too large");
                    patterns.push((wrong.to_owned(), off as u32 | bit));
                }
            }
            off += line.len();
        }
    }
    let ac: daachorse::CharwiseDoubleArrayAhoCorasick<u32> =
        daachorse::CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(daachorse::MatchKind::LeftmostLongest)
            .build_with_values(patterns.iter().map(|(w, v)| (w.as_str(), *v)))
            .expect("typo automaton");
    std::fs::write(out.join("typo.daac"), ac.serialize()).expect("writing typo.daac");
}

fn jieba_dict(out: &std::path::Path) {
    const DICT: &str = "rules/segment/dict.txt";
    println!("cargo::rerun-if-changed={DICT}");
    println!("cargo::rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(DICT).unwrap_or_else(|e| panic!("reading {DICT}: {e}"));

    let mut tags: Vec<&str> = Vec::new();
    let mut words: BTreeMap<&[u8], u64> = BTreeMap::new();
    let mut total: u64 = 0;
    for (n, line) in text.lines().enumerate() {
        let mut fields = line.split_ascii_whitespace();
        let Some(word) = fields.next() else { continue };
        let freq: u64 = fields.next().map_or(0, |f| {
            f.parse()
                .unwrap_or_else(|e| panic!("{DICT}:{}: frequency {f:?}: {e}", n + 1))
        });
        let tag = fields.next().unwrap_or("");
        let tag_id = match tags.iter().position(|t| *t == tag) {
            Some(i) => i,
            None => {
                tags.push(tag);
                tags.len() - 1
            }
        };
        assert!(tag_id < 256, "{DICT}: more than 256 tags");
        assert!(freq < 1 << 48, "{DICT}:{}: frequency too large", n + 1);
        // jieba sums every line into its total, duplicates included, and the last line wins.
        total += freq;
        words.insert(word.as_bytes(), (freq << 8) | tag_id as u64);
    }

    let mut builder = fst::MapBuilder::memory();
    for (word, value) in &words {
        builder.insert(word, *value).expect("sorted, unique keys");
    }
    let bytes = builder.into_inner().expect("fst in memory");
    std::fs::write(out.join("jieba_dict.fst"), bytes).expect("writing jieba_dict.fst");

    let mut meta = String::new();
    writeln!(
        meta,
        "/// Sum of every frequency in jieba's dictionary (jieba's `total`)."
    )
    .unwrap();
    writeln!(meta, "pub const TOTAL: u64 = {total};").unwrap();
    writeln!(
        meta,
        "/// Part-of-speech tags, indexed by the low byte of a map value."
    )
    .unwrap();
    writeln!(meta, "pub const TAGS: [&str; {}] = {:?};", tags.len(), tags).unwrap();
    std::fs::write(out.join("jieba_dict.rs"), meta).expect("writing jieba_dict.rs");
}
