//! The charset family's data: four generated tables under `rules/charset/`, a compile-time
//! membership bitset for the hot loop, and the phrase matcher that decides context.
//!
//! The tables are produced by `examples/gen_charset.rs` from OpenCC and the 《通用规范汉字表》
//! data (see `rules/charset/README.md`); they are plain `key<TAB>values` text so a reviewer can
//! read them. Three things are built from them:
//!
//! - **Bitsets over the Basic Multilingual Plane**, computed by `const fn`s at compile time: one
//!   bit per code point (8 KB a set). The scan asks [`class`] for every character at or above
//!   U+3400; for the BMP that is two array reads, no hashing. The few supplementary-plane
//!   characters in the tables are found in the parsed maps instead.
//! - **Maps** from a character to its Simplified or standard candidates, compiled in by
//!   `build.rs` as sorted arrays and put into hash maps once per process ([`tables`]), only
//!   when a candidate turns up.
//! - **The phrase table**: Traditional phrases with their Simplified form, indexed by the
//!   characters whose reading depends on context. It decides whether a character of the
//!   standard list (乾, 於, 瞭…) is used as a Traditional form in the text around it, and which
//!   Simplified character a Traditional one with several (鍾 → 钟 or 锺) becomes.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::sync::LazyLock;

/// A list of characters: borrowed from the tables compiled in by `build.rs`, or owned when
/// [`Tables::parse`] reads table text.
pub type Chars = Cow<'static, [char]>;

/// Traditional-only characters (not in the standard list) and their Simplified candidates.
pub const TRADITIONAL_TSV: &str = include_str!("../../../rules/charset/traditional.tsv");
/// Characters of the standard list that are also the Traditional form of another character.
pub const AMBIGUOUS_TSV: &str = include_str!("../../../rules/charset/ambiguous.tsv");
/// Traditional phrases and their Simplified form, for the context-dependent characters.
pub const PHRASES_TSV: &str = include_str!("../../../rules/charset/phrases.tsv");
/// Non-standard variant characters (异体字) and their standard forms.
pub const VARIANTS_TSV: &str = include_str!("../../../rules/charset/variants.tsv");

/// What a character is to this family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Nothing to report.
    None,
    /// Exists only in Traditional script: always reported.
    Traditional,
    /// Standard, but also a Traditional form in some words: reported only inside those words.
    Ambiguous,
    /// A non-standard variant with a standard form.
    Variant,
}

const fn decode_at(b: &[u8], i: usize) -> u32 {
    let b0 = b[i] as u32;
    if b0 < 0x80 {
        b0
    } else if b0 < 0xE0 {
        ((b0 & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F)
    } else if b0 < 0xF0 {
        ((b0 & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F)
    } else {
        ((b0 & 0x07) << 18)
            | ((b[i + 1] as u32 & 0x3F) << 12)
            | ((b[i + 2] as u32 & 0x3F) << 6)
            | (b[i + 3] as u32 & 0x3F)
    }
}

/// One bit for the first character of every data line of `src` that is in the BMP.
const fn bmp_bits(src: &str) -> [u64; 1024] {
    let b = src.as_bytes();
    let mut set = [0u64; 1024];
    let mut i = 0;
    let mut line_start = true;
    while i < b.len() {
        if line_start && b[i] != b'#' && b[i] != b'\n' {
            let cp = decode_at(b, i);
            if cp < 0x1_0000 {
                set[(cp >> 6) as usize] |= 1u64 << (cp & 63);
            }
        }
        line_start = b[i] == b'\n';
        i += 1;
    }
    set
}

const fn union(a: &[u64; 1024], b: &[u64; 1024], c: &[u64; 1024]) -> [u64; 1024] {
    let mut out = [0u64; 1024];
    let mut i = 0;
    while i < 1024 {
        out[i] = a[i] | b[i] | c[i];
        i += 1;
    }
    out
}

static BMP_TRADITIONAL: [u64; 1024] = bmp_bits(TRADITIONAL_TSV);
static BMP_AMBIGUOUS: [u64; 1024] = bmp_bits(AMBIGUOUS_TSV);
static BMP_VARIANT: [u64; 1024] = bmp_bits(VARIANTS_TSV);
static BMP_ANY: [u64; 1024] = union(&BMP_TRADITIONAL, &BMP_AMBIGUOUS, &BMP_VARIANT);

#[inline]
fn bit(set: &[u64; 1024], cp: u32) -> bool {
    set[(cp >> 6) as usize] & (1u64 << (cp & 63)) != 0
}

/// Whether BMP code point `cp` (below U+10000) is in any of the committed tables.
#[inline(always)]
pub fn in_bmp_tables(cp: u32) -> bool {
    bit(&BMP_ANY, cp & 0xFFFF)
}

/// The class of `c`. Characters below U+3400 are never in the tables; BMP characters are
/// answered from the compile-time bitsets, supplementary ones from the parsed maps.
#[inline]
pub fn class(c: char) -> Class {
    let cp = c as u32;
    if cp < 0x3400 {
        return Class::None;
    }
    if cp < 0x1_0000 {
        if !bit(&BMP_ANY, cp) {
            return Class::None;
        }
        if bit(&BMP_TRADITIONAL, cp) {
            Class::Traditional
        } else if bit(&BMP_AMBIGUOUS, cp) {
            Class::Ambiguous
        } else {
            Class::Variant
        }
    } else {
        tables().class_slow(c)
    }
}

/// A Traditional phrase and its Simplified form, character by character (same length).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// The Traditional form as the table writes it.
    pub trad: Chars,
    /// The Simplified form.
    pub simp: Chars,
    /// `trad` with each Traditional-only character replaced by its preferred Simplified form,
    /// precomputed so matching needs no lookups.
    norm: Chars,
}

/// The parsed tables.
#[derive(Debug, PartialEq)]
pub struct Tables {
    /// Traditional-only character → Simplified candidates, preferred first.
    pub traditional: HashMap<char, Chars>,
    /// Traditional-only characters whose candidates are not in the standard list either.
    pub nonstandard: Vec<char>,
    /// Ambiguous character → the characters it stands for when it is a Traditional form.
    pub ambiguous: HashMap<char, Chars>,
    /// Ambiguous characters the official notes allow in names: reported only when the phrase
    /// that converts them also holds a Traditional-only character in the text.
    pub names: Vec<char>,
    /// Variant character → standard forms, preferred first.
    pub variants: HashMap<char, Chars>,
    /// Context phrases, sorted by their Traditional form.
    pub phrases: Vec<Phrase>,
    /// Character → (phrase index, position of the character in it), for every position of a
    /// phrase that holds a Traditional-only or ambiguous character.
    index: HashMap<char, Cow<'static, [(u32, u8)]>>,
    /// Length in characters of the longest phrase.
    pub max_phrase_len: usize,
    /// BMP bitset of the Traditional-only characters of these tables.
    trad_bits: Box<[u64; 1024]>,
}

/// A table error: which table, which line, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    /// File name under `rules/charset/`.
    pub table: &'static str,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "rules/charset/{}:{}: {}", self.table, self.line, self.message)
    }
}

impl std::error::Error for TableError {}

/// Data lines of a table: `(line number, key, value fields)`, comments and blank lines
/// skipped.
fn data_lines(src: &str) -> impl Iterator<Item = (usize, &str, Vec<&str>)> {
    src.lines().enumerate().filter_map(|(i, l)| {
        if l.is_empty() || l.starts_with('#') {
            return None;
        }
        let mut parts = l.split('\t');
        let key = parts.next().unwrap_or("");
        Some((i + 1, key, parts.collect()))
    })
}

fn one_char(table: &'static str, line: usize, s: &str) -> Result<char, TableError> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(TableError {
            table,
            line,
            message: format!("expected one character, found {s:?}"),
        }),
    }
}

fn char_list(table: &'static str, line: usize, s: &str) -> Result<Chars, TableError> {
    let v: Result<Vec<char>, TableError> = s.split(' ').map(|x| one_char(table, line, x)).collect();
    let v = v?;
    if v.is_empty() {
        return Err(TableError {
            table,
            line,
            message: "no values".into(),
        });
    }
    Ok(Cow::Owned(v))
}

fn char_map(
    table: &'static str,
    src: &str,
    mut extra: impl FnMut(char, &[&str]) -> Result<(), String>,
) -> Result<HashMap<char, Chars>, TableError> {
    let mut map = HashMap::default();
    for (line, key, fields) in data_lines(src) {
        let k = one_char(table, line, key)?;
        let Some(values) = fields.first() else {
            return Err(TableError {
                table,
                line,
                message: "missing values".into(),
            });
        };
        let v = char_list(table, line, values)?;
        extra(k, &fields[1..]).map_err(|message| TableError { table, line, message })?;
        if map.insert(k, v).is_some() {
            return Err(TableError {
                table,
                line,
                message: format!("duplicate key {k}"),
            });
        }
    }
    Ok(map)
}

impl Tables {
    /// Parse the four tables from their text.
    pub fn parse(
        traditional: &str,
        ambiguous: &str,
        phrases: &str,
        variants: &str,
    ) -> Result<Self, TableError> {
        let mut nonstandard = Vec::new();
        let traditional = char_map("traditional.tsv", traditional, |k, rest| match rest {
            [] => Ok(()),
            ["nonstandard"] => {
                nonstandard.push(k);
                Ok(())
            }
            _ => Err(format!("unexpected fields {rest:?}")),
        })?;
        nonstandard.sort_unstable();
        let no_extra = |_: char, rest: &[&str]| {
            if rest.is_empty() {
                Ok(())
            } else {
                Err(format!("unexpected fields {rest:?}"))
            }
        };
        let mut names = Vec::new();
        let ambiguous = char_map("ambiguous.tsv", ambiguous, |k, rest| match rest {
            [] => Ok(()),
            ["name"] => {
                names.push(k);
                Ok(())
            }
            _ => Err(format!("unexpected fields {rest:?}")),
        })?;
        names.sort_unstable();
        let variants = char_map("variants.tsv", variants, no_extra)?;
        let mut list = Vec::new();
        for (line, key, fields) in data_lines(phrases) {
            let err = |message: String| TableError {
                table: "phrases.tsv",
                line,
                message,
            };
            let [simp_text] = fields.as_slice() else {
                return Err(err(format!("expected two fields, found {}", fields.len() + 1)));
            };
            let trad: Chars = key.chars().collect();
            let simp: Chars = simp_text.chars().collect();
            if trad.len() != simp.len() || trad.len() < 2 || trad.len() > u8::MAX as usize {
                return Err(err(format!(
                    "{key} and {simp_text} differ in length or are too short"
                )));
            }
            let norm = trad.clone();
            list.push(Phrase { trad, simp, norm });
        }
        let mut t = Tables {
            traditional,
            nonstandard,
            ambiguous,
            names,
            variants,
            phrases: Vec::new(),
            index: HashMap::default(),
            max_phrase_len: 0,
            trad_bits: Box::new([0u64; 1024]),
        };
        for &c in t.traditional.keys() {
            let cp = c as u32;
            if cp < 0x1_0000 {
                t.trad_bits[(cp >> 6) as usize] |= 1u64 << (cp & 63);
            }
        }
        for p in &mut list {
            for c in p.norm.to_mut().iter_mut() {
                *c = t.traditional.get(c).map_or(*c, |v| v[0]);
            }
        }
        for (i, p) in list.iter().enumerate() {
            for (pos, &c) in p.trad.iter().enumerate() {
                if t.traditional.contains_key(&c) || t.ambiguous.contains_key(&c) {
                    t.index.entry(c).or_default().to_mut().push((i as u32, pos as u8));
                }
            }
            t.max_phrase_len = t.max_phrase_len.max(p.trad.len());
        }
        t.phrases = list;
        Ok(t)
    }

    fn class_slow(&self, c: char) -> Class {
        if self.traditional.contains_key(&c) {
            Class::Traditional
        } else if self.ambiguous.contains_key(&c) {
            Class::Ambiguous
        } else if self.variants.contains_key(&c) {
            Class::Variant
        } else {
            Class::None
        }
    }

    /// The class of `c` according to these tables (what [`class`] answers for the committed
    /// ones, without the bitsets).
    pub fn class_of(&self, c: char) -> Class {
        self.class_slow(c)
    }

    /// Whether `c` is Traditional-only in these tables.
    #[inline]
    fn is_traditional(&self, c: char) -> bool {
        let cp = c as u32;
        if cp < 0x1_0000 {
            self.trad_bits[(cp >> 6) as usize] & (1u64 << (cp & 63)) != 0
        } else {
            self.traditional.contains_key(&c)
        }
    }

    /// Whether text character `x` matches phrase character `y` (whose normalised form is
    /// `y_norm`): the same character, or `x` is already the Simplified form of `y` (a phrase
    /// pasted half-converted: 乾净 for 乾淨).
    #[inline]
    fn char_matches(&self, x: char, y: char, y_norm: char) -> bool {
        x == y || (x == y_norm && !self.is_traditional(x))
    }

    /// The best phrase that covers `window[at]` with that character at one of its indexed
    /// positions: the longest; among equally long ones, one that keeps the character
    /// unchanged (the conservative reading), then the first in table order. Returns the phrase
    /// and the position of `window[at]` in it.
    pub fn phrase_at(&self, window: &[char], at: usize) -> Option<(&Phrase, usize)> {
        let c = *window.get(at)?;
        let cands = self.index.get(&c)?;
        let mut best: Option<(&Phrase, usize)> = None;
        for &(pi, pos) in cands.iter() {
            let p = &self.phrases[pi as usize];
            let pos = pos as usize;
            if pos > at || at - pos + p.trad.len() > window.len() {
                continue;
            }
            let start = at - pos;
            let ok = p
                .trad
                .iter()
                .zip(p.norm.iter())
                .zip(&window[start..start + p.trad.len()])
                .all(|((&y, &yn), &x)| self.char_matches(x, y, yn));
            if !ok {
                continue;
            }
            let better = match best {
                None => true,
                Some((b, bpos)) => {
                    let keeps = p.simp[pos] == c;
                    let bkeeps = b.simp[bpos] == c;
                    p.trad.len() > b.trad.len() || (p.trad.len() == b.trad.len() && keeps && !bkeeps)
                }
            };
            if better {
                best = Some((p, pos));
            }
        }
        best
    }

    /// For an ambiguous character at `window[at]`: the Simplified character it stands for
    /// when the words around it make it a Traditional form, with the deciding phrase.
    pub fn ambiguous_as_traditional(&self, window: &[char], at: usize) -> Option<(char, &Phrase, usize)> {
        let (p, pos) = self.phrase_at(window, at)?;
        let c = window[at];
        let s = p.simp[pos];
        if s == c {
            return None;
        }
        if self.names.binary_search(&c).is_ok() {
            // 李东昇 must not match 東昇 → 东升: a name character needs visible Traditional
            // script around it (昇華, 復甦) before it counts as Traditional itself.
            let start = at - pos;
            let span = &window[start..start + p.trad.len()];
            if !span.iter().any(|&x| self.is_traditional(x)) {
                return None;
            }
        }
        Some((s, p, pos))
    }
}

mod compiled {
    //! The committed tables as `build.rs` compiled them (`charset_tables.rs` in `OUT_DIR`):
    //! sorted arrays of borrowed slices. Turning them into [`Tables`](super::Tables) fills a
    //! few hash maps with pointers; parsing the text allocated every list and phrase, a few
    //! milliseconds at every start-up. A test checks they equal what `Tables::parse` reads.
    include!(concat!(env!("OUT_DIR"), "/charset_tables.rs"));
}

impl Tables {
    /// The committed tables from the arrays `build.rs` compiled in.
    fn compiled() -> Tables {
        let map = |entries: &'static [(char, &'static [char])]| -> HashMap<char, Chars> {
            entries.iter().map(|&(k, v)| (k, Cow::Borrowed(v))).collect()
        };
        let mut trad_bits = Box::new([0u64; 1024]);
        for &(c, _) in compiled::TRADITIONAL {
            let cp = c as u32;
            if cp < 0x1_0000 {
                trad_bits[(cp >> 6) as usize] |= 1u64 << (cp & 63);
            }
        }
        Tables {
            traditional: map(compiled::TRADITIONAL),
            nonstandard: compiled::NONSTANDARD.to_vec(),
            ambiguous: map(compiled::AMBIGUOUS),
            names: compiled::NAMES.to_vec(),
            variants: map(compiled::VARIANTS),
            phrases: compiled::PHRASES
                .iter()
                .map(|&(trad, simp, norm)| Phrase {
                    trad: Cow::Borrowed(trad),
                    simp: Cow::Borrowed(simp),
                    norm: Cow::Borrowed(norm),
                })
                .collect(),
            index: compiled::INDEX
                .iter()
                .map(|&(c, v)| (c, Cow::Borrowed(v)))
                .collect(),
            max_phrase_len: compiled::PHRASES.iter().map(|p| p.0.len()).max().unwrap_or(0),
            trad_bits,
        }
    }
}

static TABLES: LazyLock<Tables> = LazyLock::new(Tables::compiled);

/// The committed tables, built on first use.
pub fn tables() -> &'static Tables {
    &TABLES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiled_tables_equal_the_parsed_text() {
        let parsed = Tables::parse(TRADITIONAL_TSV, AMBIGUOUS_TSV, PHRASES_TSV, VARIANTS_TSV)
            .expect("the committed charset tables parse");
        assert!(parsed.phrases.len() > 1000 && parsed.traditional.len() > 1000);
        assert!(
            *tables() == parsed,
            "build.rs and Tables::parse read the tables differently"
        );
    }

    #[test]
    fn bitsets_agree_with_the_parsed_maps() {
        let t = tables();
        for &c in t.traditional.keys() {
            assert_eq!(class(c), Class::Traditional, "{c}");
        }
        for &c in t.ambiguous.keys() {
            assert_eq!(class(c), Class::Ambiguous, "{c}");
        }
        for &c in t.variants.keys() {
            assert_eq!(class(c), Class::Variant, "{c}");
        }
        for c in ['国', '关', 'a', '，', '干', '于', '了'] {
            assert_eq!(class(c), Class::None, "{c}");
        }
    }

    #[test]
    fn the_three_sets_are_disjoint() {
        let t = tables();
        for c in t.traditional.keys() {
            assert!(!t.ambiguous.contains_key(c) && !t.variants.contains_key(c), "{c}");
        }
        for c in t.ambiguous.keys() {
            assert!(!t.variants.contains_key(c), "{c}");
        }
    }

    #[test]
    fn phrase_context_decides_ambiguous_characters() {
        let t = tables();
        let w: Vec<char> = "很乾燥".chars().collect();
        assert_eq!(t.ambiguous_as_traditional(&w, 1).map(|x| x.0), Some('干'));
        let w: Vec<char> = "乾隆年间".chars().collect();
        assert_eq!(t.ambiguous_as_traditional(&w, 0), None);
        // Half-converted: the neighbour is already Simplified.
        let w: Vec<char> = "乾净".chars().collect();
        assert_eq!(t.ambiguous_as_traditional(&w, 0).map(|x| x.0), Some('干'));
    }
}
