//! Compile-time data preparation.
//!
//! jieba's dictionary (`rules/segment/dict.txt`, 349,045 `word freq tag` lines) is turned into
//! tables of words grouped by their first two characters once, here, instead of into a trie at
//! every start-up: parsing the text and building jieba's trie costs about 100 ms, which is five
//! times the whole budget for checking one article. The tables are embedded in the binary and
//! read without parsing (see `src/segment.rs`).
//!
//! The `typo`/`variant-word` tables (`rules/typo/*.tsv`) are compiled here too, into an `fst`
//! map and two bitsets that pick where a form may start, for the same reason: building a matcher at
//! start-up cost about 13 ms.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    jieba_dict(&out);
    typo_tables(&out);
    charset_tables(&out);
}

/// The `typo` and `variant-word` tables in one map. A value is the byte offset of the
/// entry's line in its file, with the top bit set for the variant table (`src/rules/typo.rs`
/// reads a line only when it matches; its tests check every entry finds its own line).
fn typo_tables(out: &std::path::Path) {
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
    // An fst map from every wrong form to its value, for the longest form starting at a
    // position, and two bitsets that pick those positions (see src/rules/typo.rs): one of the
    // character pairs the forms start with, one of the forms themselves (a form longer than
    // four characters by its first four).
    patterns.sort();
    let mut builder = fst::MapBuilder::memory();
    let mut pairs = vec![0u8; 1 << (FILTER_BITS - 3)];
    let mut forms = vec![0u8; 1 << (FILTER_BITS - 3)];
    for (w, v) in &patterns {
        // Every built-in form is written in characters of three UTF-8 bytes (U+0800..U+FFFF):
        // the filters read the text's bytes in steps of three.
        assert!(
            w.chars().count() >= 2 && w.chars().all(|c| c.len_utf8() == 3),
            "typo table: {w:?} must have two or more characters of U+0800..U+FFFF"
        );
        let h = pair_hash(pair_key(w.as_bytes()));
        pairs[h >> 3] |= 1 << (h & 7);
        for h in form_hash(&w.as_bytes()[..w.len().min(12)]) {
            forms[h >> 3] |= 1 << (h & 7);
        }
        builder
            .insert(w, u64::from(*v))
            .expect("sorted, unique wrong forms");
    }
    let bytes = builder.into_inner().expect("typo fst in memory");
    std::fs::write(out.join("typo.fst"), bytes).expect("writing typo.fst");
    std::fs::write(out.join("typo.pairs"), pairs).expect("writing typo.pairs");
    std::fs::write(out.join("typo.forms"), forms).expect("writing typo.forms");
}

// The filters' hash functions, shared with src/rules/typo.rs.
#[path = "src/rules/typo_filter.rs"]
mod typo_filter;
use typo_filter::{FILTER_BITS, form_hash, pair_hash, pair_key};
// The group table's hash, shared with src/segment.rs.
#[path = "src/segment_slot.rs"]
mod segment_slot;
use segment_slot::group_slot;

/// The charset family's four tables (`rules/charset/*.tsv`) as Rust arrays in
/// `charset_tables.rs`, included by `src/rules/charset/tables.rs`: building them from the text
/// at start-up allocated every list and phrase. The text is read as `Tables::parse` reads it
/// (without its error checks, which the tests run on the same files); a test checks that both
/// give the same tables.
fn charset_tables(out: &std::path::Path) {
    let read = |name: &str| {
        let path = format!("rules/charset/{name}");
        println!("cargo::rerun-if-changed={path}");
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
    };
    let (trad, amb, phr, var) = (
        read("traditional.tsv"),
        read("ambiguous.tsv"),
        read("phrases.tsv"),
        read("variants.tsv"),
    );
    let lines = |src: &str| -> Vec<Vec<String>> {
        src.lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| l.split('\t').map(str::to_owned).collect())
            .collect()
    };
    let lit = |c: char| format!("'\\u{{{:x}}}'", c as u32);
    let list = |cs: &[char]| format!("&[{}]", cs.iter().map(|&c| lit(c)).collect::<Vec<_>>().join(", "));
    let first = |s: &str| s.chars().next().expect("a key");
    let values = |s: &str| -> Vec<char> { s.split(' ').map(first).collect() };
    let mut src = String::new();
    // A character map, and the keys whose third field is `flag`.
    let mut map =
        |name: &str, text: &str, flag: &str| -> (std::collections::HashMap<char, Vec<char>>, Vec<char>) {
            let mut m = std::collections::HashMap::new();
            let mut flagged = Vec::new();
            src.push_str(&format!("pub static {name}: &[(char, &[char])] = &[\n"));
            for f in lines(text) {
                let (k, v) = (first(&f[0]), values(&f[1]));
                if f.get(2).map(String::as_str) == Some(flag) {
                    flagged.push(k);
                }
                src.push_str(&format!("    ({}, {}),\n", lit(k), list(&v)));
                m.insert(k, v);
            }
            src.push_str("];\n");
            flagged.sort_unstable();
            (m, flagged)
        };
    let (traditional, nonstandard) = map("TRADITIONAL", &trad, "nonstandard");
    let (ambiguous, names) = map("AMBIGUOUS", &amb, "name");
    let _ = map("VARIANTS", &var, "");
    src.push_str(&format!(
        "pub static NONSTANDARD: &[char] = {};\n",
        list(&nonstandard)
    ));
    src.push_str(&format!("pub static NAMES: &[char] = {};\n", list(&names)));
    // Phrases in file order: Traditional, Simplified, and the Traditional form with each
    // Traditional-only character replaced by its preferred Simplified one.
    let mut index: BTreeMap<char, Vec<(u32, u8)>> = BTreeMap::new();
    src.push_str("pub static PHRASES: &[(&[char], &[char], &[char])] = &[\n");
    for (i, f) in lines(&phr).iter().enumerate() {
        let t: Vec<char> = f[0].chars().collect();
        let s: Vec<char> = f[1].chars().collect();
        let n: Vec<char> = t
            .iter()
            .map(|c| traditional.get(c).map_or(*c, |v| v[0]))
            .collect();
        for (pos, &c) in t.iter().enumerate() {
            if traditional.contains_key(&c) || ambiguous.contains_key(&c) {
                index.entry(c).or_default().push((i as u32, pos as u8));
            }
        }
        src.push_str(&format!("    ({}, {}, {}),\n", list(&t), list(&s), list(&n)));
    }
    src.push_str("];\n");
    src.push_str("pub static INDEX: &[(char, &[(u32, u8)])] = &[\n");
    for (c, v) in &index {
        let v: Vec<String> = v.iter().map(|(i, p)| format!("({i}, {p})")).collect();
        src.push_str(&format!("    ({}, &[{}]),\n", lit(*c), v.join(", ")));
    }
    src.push_str("];\n");
    std::fs::write(out.join("charset_tables.rs"), src).expect("writing charset_tables.rs");
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

    // The words grouped by their first two characters, a one-character word in a group of its
    // own (second character 0): what `src/segment.rs` copies into its segmenter a group at a
    // time. Two little-endian tables:
    // - jieba_words.bin: per group, its length in bytes (u16), then per word the length of its
    //   rest (u8), its value (frequency << 8 | tag, u32) and the rest, which is the word after
    //   its first two characters;
    // - jieba_groups.bin: an open-addressing hash table of 2^GROUP_BITS slots of (first
    //   character, second character, offset of the group in jieba_words.bin), all u32, probed
    //   linearly from `group_slot`; an empty slot has first character 0.
    let mut group_list: Vec<(u32, u32, u32)> = Vec::new();
    let mut entries: Vec<u8> = Vec::new();
    let mut open: Option<usize> = None;
    let close = |entries: &mut Vec<u8>, open: Option<usize>| {
        if let Some(at) = open {
            let len = u16::try_from(entries.len() - at - 2).expect("groups under 64 KiB");
            entries[at..at + 2].copy_from_slice(&len.to_le_bytes());
        }
    };
    for (word, value) in &words {
        let w = std::str::from_utf8(word).expect("dictionary words are UTF-8");
        let mut cs = w.chars();
        let first = cs.next().expect("no empty word") as u32;
        assert!(first != 0, "{DICT}: {w:?} starts with U+0000");
        let second = match cs.next() {
            Some('\0') => panic!("{DICT}: {w:?} has U+0000 as its second character"),
            Some(c) => c as u32,
            None => 0,
        };
        let rest = cs.as_str().as_bytes();
        if group_list.last().map(|g| (g.0, g.1)) != Some((first, second)) {
            assert!(
                group_list.last().map(|g| (g.0, g.1)) < Some((first, second)),
                "groups come in key order"
            );
            close(&mut entries, open);
            open = Some(entries.len());
            let at = u32::try_from(entries.len()).expect("entries under 4 GiB");
            group_list.push((first, second, at));
            entries.extend([0, 0]);
        }
        assert!(value >> 8 < 1 << 24, "{DICT}: frequency of {w} above 2^24");
        entries.push(u8::try_from(rest.len()).expect("words under 256 bytes"));
        entries.extend((*value as u32).to_le_bytes());
        entries.extend(rest);
    }
    close(&mut entries, open);
    // At most three quarters full.
    let bits = (group_list.len() * 4 / 3).next_power_of_two().trailing_zeros();
    let mask = (1usize << bits) - 1;
    let mut slots = vec![(0u32, 0u32, 0u32); 1 << bits];
    for &g in &group_list {
        let mut i = group_slot(g.0, g.1, bits);
        while slots[i].0 != 0 {
            i = (i + 1) & mask;
        }
        slots[i] = g;
    }
    let table: Vec<u8> = slots
        .iter()
        .flat_map(|&(a, b, c)| [a, b, c])
        .flat_map(u32::to_le_bytes)
        .collect();
    std::fs::write(out.join("jieba_groups.bin"), table).expect("writing jieba_groups.bin");
    std::fs::write(out.join("jieba_words.bin"), entries).expect("writing jieba_words.bin");

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
    writeln!(meta, "/// log2 of the number of slots of the group table.").unwrap();
    writeln!(meta, "pub const GROUP_BITS: u32 = {bits};").unwrap();
    std::fs::write(out.join("jieba_dict.rs"), meta).expect("writing jieba_dict.rs");
}
