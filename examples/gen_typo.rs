//! Generator for the `typo` and `variant-word` tables in `rules/typo/`.
//!
//! Run with `NEWSLINT_SHARED=/path/to/shared cargo run --release --example gen_typo`. It reads
//! the reference data named in `rules/typo/README.md`, jieba's dictionary (from the `jieba-rs`
//! crate source that Cargo already downloaded; override with `JIEBA_DICT`), the hand-curated
//! `rules/typo/curated.tsv` and `rules/typo/rejected.tsv`, and rewrites `rules/typo/typos.tsv` and
//! `rules/typo/variant_words.tsv`. The derivation is deterministic: the output is sorted and
//! unique, and `tests/typo.rs` re-runs it to check the committed tables are current.
//!
//! Precision comes first. A string becomes a "wrong form" only when all of these hold:
//!
//! - it differs from an attested correct form (a jieba word or a THUOCL idiom) in characters
//!   that are confusable (same or near sound or same shape by pycorrector's confusion sets, or a
//!   substitution that several pairs of the typo lists make), and every
//!   changed character is one of the 8,105 standard characters (non-standard characters are the
//!   `traditional-char` family's business);
//! - it is not itself a jieba word or an idiom, not a piece of a longer jieba word or idiom, and
//!   never occurs in the clean corpus (a pair asserted by a typo list may be a rare jieba word:
//!   jieba also lists common misspellings such as 再接再励 at its floor frequency; so may a
//!   generated idiom misspelling by a homophone that jieba has only at that floor, 共商国事);
//! - it is unlikely to be produced by two correct words meeting at a boundary in a way the
//!   `typo` rule cannot see at run time: under a unigram model built from jieba's word
//!   frequencies, the expected number of times the string spans a word boundary in jieba's
//!   60-million-token corpus is at most [`BOUNDARY_MAX`] ("从林" scores 47 because 从 and 林业
//!   are both common; "从林法则" scores 0.0002). The rule segments around each match and drops
//!   it when words of two or more characters cover it and one runs past its edge (严峻|工作 for
//!   峻工), so only the readings that check cannot rule out count (one-character words, or
//!   whole words meeting exactly: 既|使 for 既使). Two-character forms that the rule confirms
//!   with its stricter check (which drops any match a word runs across) are held only to the
//!   readings as whole words meeting, at most [`LISTED_CHECKED_MAX`].
//!
//! Generated two-character forms (common two-character words with one character replaced by one
//! that both sounds and looks the same, or by a substitution the typo lists make repeatedly
//! with a character that sounds the same or looks alike) must in addition not read as a
//! personal name, and the rule confirms each of their matches with its stricter run-time check.
//!
//! `GEN_TYPO_EXPLAIN=字串` logs why pairs containing the string were dropped (`GEN_TYPO_EXPLAIN=甲,乙`
//! for several strings).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Largest expected number of boundary-spanning occurrences a typo's wrong form may have.
pub const BOUNDARY_MAX: f64 = 0.05;
/// The same limit for a pair asserted by a typo list: the list is independent evidence that
/// the string is an error, so the bar is a little higher (缠饶 0.09 stays). It stays low: at
/// 0.9, 挡阳 (遮挡阳光) and 来得急 (雨来得急) would fire on correct copy.
pub const LISTED_BOUNDARY_MAX: f64 = 0.1;
/// A listed two-character wrong form, and every generated one (step 2c of `derive`), may have up
/// to this many expected readings as whole words meeting ([`Lexicon::boundary_whole`]) when the
/// rule confirms each match at run time by the stricter noisy-channel check
/// (`Around::right_reads_better` in `src/rules/typo.rs`; its entries carry the source suffix
/// `+segment-check`). That check drops every reading in which a word runs across an edge of the
/// match, and readings that read worse once corrected, so only whole words meeting are left to
/// count (既|使 for 既使, 18, stays out; 坐|阵 for 坐阵, 0.88, and 峻|工, 0.02, are in).
pub const LISTED_CHECKED_MAX: f64 = 1.0;
/// A form confirmed at run time may also be expected at most this many times across word
/// boundaries of any kind ([`Lexicon::boundary`]). This limit is about cost, not precision:
/// every match where words meet costs the rule a segmentation of its context before the check
/// drops it, and a form such as 动历 (活动|历史, 128) is found at a junction in a few megabytes of
/// news copy again and again for one slip in years. Every checked form kept before session 6
/// scored below 8.3; with no limit the session-6 forms raised `typo`'s instruction count on a
/// 10 MB news copy by 7%.
pub const CHECKED_BOUNDARY_MAX: f64 = 10.0;
/// A listed wrong form that jieba knows counts as a real word above this frequency, or when it
/// is more than 1/[`LISTED_WORD_RATIO`] as frequent as the right form. jieba's dictionary, built
/// from a corpus, absorbed common misspellings at low frequencies (震憾 26 beside 震撼 696, 渲泄
/// 16 beside 宣泄 197). Real words that a list gets wrong at these frequencies (砰砰, 沾污) are
/// in `rejected.tsv`.
pub const LISTED_WORD_MAX_FREQ: u64 = 30;
/// See [`LISTED_WORD_MAX_FREQ`].
pub const LISTED_WORD_RATIO: u64 = 8;
/// jieba's floor frequency: many entries at it are rare strings or absorbed misspellings.
pub const JIEBA_FLOOR_FREQ: u64 = 3;
/// The same limit for variant forms. They are real (if non-recommended) words reported at info
/// severity, so the bar is lower, but a variant that mostly appears across a boundary (定单 in
/// 否定单边) is still dropped.
pub const VARIANT_BOUNDARY_MAX: f64 = 0.5;
/// A jieba word must be at least this frequent to serve as the correct form of a typo pair
/// cut out of a longer context (jieba also lists fragments such as 龙画凤).
pub const CORE_MIN_FREQ: u64 = 50;
/// Idioms below this THUOCL frequency do not seed generated misspellings (at 3,000, 滥竽充数 and
/// 共商国是 were left out; at 500 the table grows by 20,000 entries for one more listed form).
pub const IDIOM_MIN_FREQ: u64 = 1000;
/// Idioms from this THUOCL frequency up to [`IDIOM_MIN_FREQ`] seed only the misspellings the
/// typo lists attest (see [`Seed::RareIdiom`]).
pub const RARE_IDIOM_MIN_FREQ: u64 = 100;
/// A substitute character that forms a jieba word at least this frequent with its neighbour is
/// what a pinyin input method offers first (一如继往: 继往).
pub const IME_WORD_MIN_FREQ: u64 = 100;

/// A character substitution counts as attested by the typo lists when this many different
/// listed pairs make it (one pair alone may be a one-off slip or a bad correction).
pub const ATTESTED_MIN_PAIRS: usize = 2;

/// Three- and four-character jieba words at least this frequent seed generated misspellings.
pub const WORD_MIN_FREQ: u64 = 200;
/// jieba part-of-speech tags of the words that seed misspellings: common nouns, verbs,
/// adjectives, adverbs, idioms, set phrases, organisations (no personal or place names).
const SEED_POS: &str = "n v vn a ad an d i l nt b z";

/// Two-character jieba words at least this frequent seed misspellings by a character that is
/// both same-sound and same-shape (see `derive`, step 2c).
pub const TWO_CHAR_MIN_FREQ: u64 = 200;
/// jieba part-of-speech tags of the two-character words that seed misspellings: the tags of
/// [`SEED_POS`] without organisations (`nt`): a two-character organisation name one character
/// away from a word is another name as often as a slip.
const TWO_CHAR_POS: &str = "n v vn a ad an d i l b z";
/// A character that starts at least this many of jieba's two- and three-character personal
/// names (`nr`) counts as a surname (王 1,819, 严 and 乔 over 100) when filtering generated
/// two-character forms that could be names.
pub const NAME_SURNAME_MIN: usize = 50;
/// A character that is a later character of at least this many of jieba's two- and
/// three-character personal names counts as a given-name character (俊, 玲, 铭, 锋).
pub const NAME_GIVEN_MIN: usize = 20;
/// Source column of the two-character misspellings by a same-sound, same-shape character.
const TWO_CHAR_SOURCE: &str = "jieba-2char+sound-and-shape-confusable";
/// Source column of the two-character misspellings by a substitution the typo lists make
/// repeatedly, with a character that also sounds the same or looks alike.
const TWO_CHAR_ATTESTED_SOURCE: &str = "jieba-2char+attested-confusable";
/// Source column of the generated idiom misspellings.
const IDIOM_SOURCE: &str = "thuocl-idiom+confusable";
/// Source column of the misspellings of less common idioms by a substitution the typo lists
/// make (step 2 of `derive`).
const RARE_IDIOM_SOURCE: &str = "thuocl-rare-idiom+attested-confusable";

/// Characters whose choice depends on grammar, not on the word (的/地/得, 他/她/它 …): a pair
/// that changes one of them is a grammar question, not a word-level typo.
const GRAMMAR_CHARS: &str = "的地得他她它那哪吗嘛呢了着";

/// Everything the derivation reads, as text.
pub struct Inputs {
    /// jieba's `dict.txt` (`word freq tag` lines).
    pub jieba: String,
    /// `corpus/xxqg-clean.txt`.
    pub clean: String,
    /// `idioms/THUOCL_chengyu.txt`.
    pub idioms: String,
    /// `confusion/same_pinyin.txt`.
    pub same_pinyin: String,
    /// `confusion/same_stroke.txt`.
    pub same_stroke: String,
    /// `typos/word_checker_zh.txt`.
    pub word_checker: String,
    /// `typos/confusion_dict.json`.
    pub confusion_dict: String,
    /// `tgscc/fswv.json`.
    pub fswv: String,
    /// `tgscc/tgscc.json`.
    pub tgscc: String,
    /// `rules/typo/curated.tsv` (in the repo).
    pub curated: String,
    /// `rules/typo/rejected.tsv` (in the repo): wrong forms reviewed and found correct.
    pub rejected: String,
}

impl Inputs {
    /// Read every input: reference data from `shared`, jieba's dictionary from `jieba_dict`,
    /// the curated list from `repo`.
    pub fn read(shared: &Path, jieba_dict: &Path, repo: &Path) -> std::io::Result<Inputs> {
        let d = shared.join("data");
        let r = |p: PathBuf| {
            std::fs::read_to_string(&p)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", p.display())))
        };
        Ok(Inputs {
            jieba: r(jieba_dict.to_path_buf())?,
            clean: r(d.join("corpus/xxqg-clean.txt"))?,
            idioms: r(d.join("idioms/THUOCL_chengyu.txt"))?,
            same_pinyin: r(d.join("confusion/same_pinyin.txt"))?,
            same_stroke: r(d.join("confusion/same_stroke.txt"))?,
            word_checker: r(d.join("typos/word_checker_zh.txt"))?,
            confusion_dict: r(d.join("typos/confusion_dict.json"))?,
            fswv: r(d.join("tgscc/fswv.json"))?,
            tgscc: r(d.join("tgscc/tgscc.json"))?,
            curated: r(repo.join("rules/typo/curated.tsv"))?,
            rejected: r(repo.join("rules/typo/rejected.tsv"))?,
        })
    }
}

/// The shared folder: `NEWSLINT_SHARED`, else `../shared` next to the repo.
pub fn shared_dir(repo: &Path) -> PathBuf {
    std::env::var_os("NEWSLINT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("../shared"))
}

/// jieba's `dict.txt`: `JIEBA_DICT`, else the source of the `jieba-rs` version pinned in
/// `Cargo.lock`, which Cargo has unpacked under `$CARGO_HOME/registry/src/` to build newslint.
pub fn jieba_dict_path(repo: &Path) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("JIEBA_DICT") {
        return Some(PathBuf::from(p));
    }
    let lock = std::fs::read_to_string(repo.join("Cargo.lock")).ok()?;
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"jieba-rs\""))?
        .lines()
        .find_map(|l| l.strip_prefix("version = \""))?
        .trim_end_matches('"')
        .to_string();
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))?;
    let mut found: Vec<PathBuf> = std::fs::read_dir(home.join("registry/src"))
        .ok()?
        .filter_map(|e| {
            let p = e
                .ok()?
                .path()
                .join(format!("jieba-rs-{version}/src/data/dict.txt"));
            p.exists().then_some(p)
        })
        .collect();
    found.sort();
    found.into_iter().next()
}

/// The two generated tables, as file contents.
pub struct Output {
    /// `rules/typo/typos.tsv`.
    pub typos: String,
    /// `rules/typo/variant_words.tsv`.
    pub variants: String,
    /// Human-readable counts for the generator's log.
    pub log: Vec<String>,
}

/// jieba's dictionary with the sums the boundary model needs.
struct Lexicon<'a> {
    freq: HashMap<&'a str, u64>,
    /// Part-of-speech tag of each word.
    pos: HashMap<&'a str, &'a str>,
    /// Total frequency of words ending with a string.
    ends: HashMap<&'a str, u64>,
    /// Total frequency of words starting with a string.
    starts: HashMap<&'a str, u64>,
    /// Proper substrings (2+ characters) of words and idioms.
    /// Proper substrings (2+ characters) of words and idioms, with the frequency of the most
    /// frequent word containing them (idioms count as very frequent).
    inner: HashMap<&'a str, u64>,
    total: f64,
}

/// Byte offsets of the character boundaries of `s`, including `s.len()`.
fn bounds(s: &str) -> Vec<usize> {
    s.char_indices().map(|(i, _)| i).chain([s.len()]).collect()
}

impl<'a> Lexicon<'a> {
    fn new(jieba: &'a str, idioms: &BTreeMap<&'a str, u64>) -> Self {
        let mut freq = HashMap::new();
        let mut pos = HashMap::new();
        let mut ends: HashMap<&str, u64> = HashMap::new();
        let mut starts: HashMap<&str, u64> = HashMap::new();
        let mut inner: HashMap<&str, u64> = HashMap::new();
        let mut total = 0u64;
        for line in jieba.lines() {
            let mut it = line.split_whitespace();
            let (Some(w), Some(f)) = (it.next(), it.next()) else {
                continue;
            };
            let f: u64 = f.parse().unwrap_or(0);
            freq.insert(w, f);
            pos.insert(w, it.next().unwrap_or(""));
            total += f;
            let b = bounds(w);
            let n = b.len() - 1;
            for k in 1..=n {
                *ends.entry(&w[b[n - k]..]).or_default() += f;
                *starts.entry(&w[..b[k]]).or_default() += f;
            }
        }
        let words = freq.iter().map(|(w, f)| (*w, *f));
        for (w, f) in words.chain(idioms.keys().map(|w| (*w, u64::MAX))) {
            let b = bounds(w);
            let n = b.len() - 1;
            for i in 0..n {
                for j in i + 2..=n {
                    if j - i < n {
                        let e = inner.entry(&w[b[i]..b[j]]).or_default();
                        *e = (*e).max(f);
                    }
                }
            }
        }
        Lexicon {
            freq,
            pos,
            ends,
            starts,
            inner,
            total: total as f64,
        }
    }

    fn is_word(&self, w: &str) -> bool {
        self.freq.contains_key(w)
    }

    /// Expected number of times `w` spans at least one word boundary in a corpus the size of
    /// jieba's, if words were drawn independently with jieba's frequencies: the first piece
    /// ends a word, middle pieces are whole words, the last piece starts a word.
    fn boundary(&self, w: &str) -> f64 {
        let ends = |x: &str| self.ends.get(x).copied().unwrap_or(0);
        let starts = |x: &str| self.starts.get(x).copied().unwrap_or(0);
        self.spans(w, ends, |x| self.freq_of(x), starts)
    }

    /// The part of [`Lexicon::boundary`] that the `typo` rule's run-time check cannot rule out.
    /// That check drops a match when every word overlapping it has two or more characters and
    /// one of them runs past an edge (严峻|工作 for 峻工). What is left: readings where a piece
    /// is a one-character word, or where the pieces are all whole words (既|使 for 既使).
    fn boundary_unchecked(&self, w: &str) -> f64 {
        let long = |x: &str| {
            if x.chars().count() >= 2 {
                self.freq_of(x)
            } else {
                0
            }
        };
        // The first piece is the end of a longer word or a whole word of two or more characters;
        // likewise the last piece and the start of a word.
        let first = |x: &str| self.ends.get(x).copied().unwrap_or(0) - self.freq_of(x) + long(x);
        let last = |x: &str| self.starts.get(x).copied().unwrap_or(0) - self.freq_of(x) + long(x);
        let caught = self.spans(w, first, long, last) - self.spans(w, long, long, long);
        (self.boundary(w) - caught).max(0.0)
    }

    /// The part of [`Lexicon::boundary`] that the rule's stricter check for [`CHECKED`] entries
    /// (`Around::right_reads_better` in `src/rules/typo.rs`) cannot rule out. That check drops
    /// every match that a word runs across, whatever the words' lengths (坐|阵地 for 坐阵,
    /// 严峻|工作 for 峻工), so what is left are the readings in which the form is a run of whole
    /// words (坐|阵, 既|使), and those it still weighs against the correction. Until session 6
    /// checked forms were held to [`Lexicon::boundary_unchecked`], which also counts readings
    /// with a one-character word beside a word running across the edge (坐|阵地); the run-time
    /// check drops those, so counting them only kept out forms it would have confirmed rightly
    /// (峻工 scored 1.001, 坐阵 2.8; with this measure 0.02 and 0.88).
    fn boundary_whole(&self, w: &str) -> f64 {
        let whole = |x: &str| self.freq_of(x);
        self.spans(w, whole, whole, whole)
    }

    fn freq_of(&self, x: &str) -> u64 {
        self.freq.get(x).copied().unwrap_or(0)
    }

    /// Expected number of occurrences of `w` as a first piece (weight `first`), whole middle
    /// pieces (weight `mid`) and a last piece (weight `last`), at least two pieces, under the
    /// unigram model (weights are jieba frequency sums).
    fn spans(
        &self,
        w: &str,
        first: impl Fn(&str) -> u64,
        mid: impl Fn(&str) -> u64,
        last: impl Fn(&str) -> u64,
    ) -> f64 {
        let b = bounds(w);
        let n = b.len() - 1;
        let p = |f: u64| f as f64 / self.total;
        // rest[i]: probability that w[i..] is covered by middle pieces and a last piece.
        let mut rest = vec![0.0f64; n + 1];
        for i in (1..n).rev() {
            let mut s = p(last(&w[b[i]..]));
            for j in i + 1..n {
                let pw = p(mid(&w[b[i]..b[j]]));
                if pw > 0.0 {
                    s += pw * rest[j];
                }
            }
            rest[i] = s;
        }
        let mut e = 0.0;
        for (i, r) in rest.iter().enumerate().take(n).skip(1) {
            e += p(first(&w[..b[i]])) * r;
        }
        e * self.total
    }
}

/// Parse `word<TAB or space>freq` lines.
fn parse_idioms(text: &str) -> BTreeMap<&str, u64> {
    text.lines()
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            Some((it.next()?, it.next()?.parse().ok()?))
        })
        .collect()
}

/// How a substitute character is confusable with the character it replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Like {
    /// Same syllable and tone (first column of `same_pinyin.txt`).
    Sound,
    /// A substitution the typo lists show people making, in at least [`ATTESTED_MIN_PAIRS`]
    /// different listed pairs (迭 for 叠, 葺 and 茸, 嶂 and 障: characters pycorrector's sets miss).
    Attested,
    /// Same shape (`same_stroke.txt`).
    Shape,
    /// Same syllable in another tone, or a near syllable (second column of `same_pinyin.txt`):
    /// a pinyin input method ignores tones, so 符 (fú) is offered beside 副 (fù).
    NearSound,
}

/// Confusable characters: same sound (either column of `same_pinyin.txt`), same shape, or a
/// substitution attested by the typo lists.
struct Confusion {
    by: HashMap<char, BTreeMap<char, Like>>,
    /// Pairs (both orders) that sound the same, syllable and tone (first column of
    /// `same_pinyin.txt`).
    sound: HashSet<(char, char)>,
    /// Pairs (both orders) that look alike (`same_stroke.txt`).
    shape: HashSet<(char, char)>,
    /// Pairs (both orders) that the typo lists substitute in at least [`ATTESTED_MIN_PAIRS`]
    /// different pairs.
    attested: HashSet<(char, char)>,
}

impl Confusion {
    fn new(same_pinyin: &str, same_stroke: &str, attested: &[(char, char)]) -> Self {
        let mut by: HashMap<char, BTreeMap<char, Like>> = HashMap::new();
        let mut sound: HashSet<(char, char)> = HashSet::new();
        let mut shape: HashSet<(char, char)> = HashSet::new();
        // The closest relation wins when two characters are related in several ways.
        let mut link = |a: char, b: char, like: Like| {
            if a != b {
                for (x, y) in [(a, b), (b, a)] {
                    let e = by.entry(x).or_default().entry(y).or_insert(like);
                    *e = (*e).min(like);
                }
            }
        };
        for line in same_pinyin.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let Some(c) = cols.first().and_then(|s| s.chars().next()) else {
                continue;
            };
            for (k, col) in cols.iter().enumerate().skip(1) {
                for d in col.chars().filter(|d| !d.is_whitespace()) {
                    link(c, d, if k == 1 { Like::Sound } else { Like::NearSound });
                    if k == 1 && c != d {
                        sound.extend([(c, d), (d, c)]);
                    }
                }
            }
        }
        for line in same_stroke.lines() {
            let cs: Vec<char> = line.split_whitespace().filter_map(|s| s.chars().next()).collect();
            for &a in &cs {
                for &b in &cs {
                    link(a, b, Like::Shape);
                    if a != b {
                        shape.insert((a, b));
                    }
                }
            }
        }
        let mut att = HashSet::new();
        for &(a, b) in attested {
            link(a, b, Like::Attested);
            att.extend([(a, b), (b, a)]);
        }
        Confusion {
            by,
            sound,
            shape,
            attested: att,
        }
    }

    /// `a` and `b` sound the same (same syllable and tone) and look alike: mostly 形声字 sharing
    /// a phonetic component and differing in the radical (躁/燥, 竣/峻; 籍/藉 would be one if
    /// pycorrector had 藉), the confusion the eye and the input method make together.
    fn sound_and_shape(&self, a: char, b: char) -> bool {
        self.sound.contains(&(a, b)) && self.shape.contains(&(a, b))
    }

    /// `b` may replace `a` in a generated two-character form: the two both sound the same and
    /// look alike, or the typo lists make the substitution repeatedly and the two also either
    /// sound the same or look alike (籍/藉 look alike and the lists swap them in several
    /// words). A substitution the lists attest without either resemblance (凝/疑) is left out:
    /// tried, it let 凝心 (of 凝心聚力, which jieba does not know) through as a slip for 疑心
    /// on clean copy the table had not been filtered against.
    fn two_char_substitute(&self, a: char, b: char) -> bool {
        let p = (a, b);
        self.sound_and_shape(a, b)
            || (self.attested.contains(&p) && (self.sound.contains(&p) || self.shape.contains(&p)))
    }

    /// `a` and `b` sound the same (same syllable and tone), however else they are related.
    fn same_sound(&self, a: char, b: char) -> bool {
        self.sound.contains(&(a, b))
    }

    fn similar(&self, a: char, b: char) -> bool {
        self.by.get(&a).is_some_and(|s| s.contains_key(&b))
    }

    /// The characters confusable with `c`, each with how.
    fn of(&self, c: char) -> impl Iterator<Item = (char, Like)> + '_ {
        self.by.get(&c).into_iter().flatten().map(|(&d, &l)| (d, l))
    }
}

/// The pairs of the typo lists that correct one character to another, by direction: `(wrong,
/// right)` → the listed wrong forms that make that change (one-for-one pairs only). The lists
/// correct 障 to 嶂 (重峦叠障) and 戮 to 勠 (戮力 → 勠力, the 2013 standard's form), never the
/// other way.
fn corrections_by_character<'a>(
    raw: &[(&'a str, &str, &'static str)],
) -> BTreeMap<(char, char), BTreeSet<&'a str>> {
    let mut seen: BTreeMap<(char, char), BTreeSet<&str>> = BTreeMap::new();
    for &(a, b, _) in raw {
        let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        if ac.len() != bc.len() {
            continue;
        }
        for (&x, &y) in ac.iter().zip(&bc).filter(|(x, y)| x != y) {
            seen.entry((x, y)).or_default().insert(a);
        }
    }
    seen
}

/// `(wrong, right)` pieces of the typo lists' one-for-one pairs: every window of two to four
/// characters that holds all of a pair's changes (嘴唇蠕动 → 嘴唇嚅动 gives 蠕动 → 嚅动, 唇蠕动 →
/// 唇嚅动 …).
fn corrected_pieces(raw: &[(&str, &str, &'static str)]) -> HashSet<(String, String)> {
    let mut out = HashSet::new();
    for &(a, b, _) in raw {
        let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        if ac.len() != bc.len() {
            continue;
        }
        let diff: Vec<usize> = (0..ac.len()).filter(|&i| ac[i] != bc[i]).collect();
        let (Some(&lo), Some(&hi)) = (diff.first(), diff.last()) else {
            continue;
        };
        for n in 2..=4 {
            for s in (hi + 1).saturating_sub(n)..=lo {
                if s + n <= ac.len() {
                    out.insert((ac[s..s + n].iter().collect(), bc[s..s + n].iter().collect()));
                }
            }
        }
    }
    out
}

/// Character substitutions made in at least [`ATTESTED_MIN_PAIRS`] different pairs of the typo
/// lists, whichever direction (one pair alone may be a one-off slip or a bad correction).
fn attested_substitutions(corrections: &BTreeMap<(char, char), BTreeSet<&str>>) -> Vec<(char, char)> {
    let mut seen: BTreeMap<(char, char), BTreeSet<&str>> = BTreeMap::new();
    for (&(x, y), ws) in corrections {
        seen.entry((x.min(y), x.max(y))).or_default().extend(ws);
    }
    seen.into_iter()
        .filter(|(_, ws)| ws.len() >= ATTESTED_MIN_PAIRS)
        .map(|(k, _)| k)
        .collect()
}

/// What a generated misspelling starts from (see `misspell` in `derive`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Seed {
    /// A THUOCL idiom at least [`IDIOM_MIN_FREQ`] frequent: every homophone and look-alike.
    Idiom,
    /// A less common THUOCL idiom: only substitutions the typo lists attest.
    RareIdiom,
    /// A common jieba word: the slips an input method or a hurried eye makes.
    Word,
}

/// A candidate wrong form with where it came from.
#[derive(Default)]
struct Cand {
    rights: BTreeSet<String>,
    sources: BTreeSet<&'static str>,
    /// Asserted by a typo list (not only generated).
    listed: bool,
}

/// Run the derivation.
pub fn derive(inp: &Inputs) -> Output {
    let mut log = Vec::new();
    // `GEN_TYPO_EXPLAIN=字串` logs why pairs containing it were dropped (several strings may be
    // given, separated by commas).
    let explain: Vec<String> = std::env::var("GEN_TYPO_EXPLAIN")
        .map(|e| e.split(',').filter(|s| !s.is_empty()).map(String::from).collect())
        .unwrap_or_default();
    let explained = |w: &str| explain.iter().any(|e| w.contains(e.as_str()));
    let idioms = parse_idioms(&inp.idioms);
    let lex = Lexicon::new(&inp.jieba, &idioms);
    let tgscc: serde_json::Value = serde_json::from_str(&inp.tgscc).expect("tgscc.json");
    let standard: HashSet<char> = tgscc["tgscc_list"]
        .as_array()
        .expect("tgscc_list")
        .iter()
        .filter_map(|v| v.as_str()?.chars().next())
        .collect();
    let fswv: serde_json::Value = serde_json::from_str(&inp.fswv).expect("fswv.json");
    let fswv: BTreeMap<String, String> = fswv["variant_to_standard"]
        .as_object()
        .expect("variant_to_standard")
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
        .collect();
    // A pair whose only difference is a listed variant (光采 for 光彩 inside 光采照人) is a
    // variant spelling, not a typo: the variant-word rule owns it.
    let variant_keys: Vec<&str> = fswv.keys().map(String::as_str).collect();
    let variant_ac = aho_corasick::AhoCorasick::new(&variant_keys).expect("variant automaton");
    let is_variant_spelling = |w: &str, r: &str| {
        variant_ac.find_overlapping_iter(w).any(|m| {
            let std_form = &fswv[variant_keys[m.pattern().as_usize()]];
            let start = w[..m.start()].chars().count();
            r.chars()
                .skip(start)
                .collect::<String>()
                .starts_with(std_form.as_str())
        })
    };
    let known = |w: &str| lex.is_word(w) || idioms.contains_key(w);
    // How strongly usage attests a form: its jieba or THUOCL frequency, whichever is higher.
    let attestation = |w: &str| {
        lex.freq
            .get(w)
            .copied()
            .unwrap_or(0)
            .max(idioms.get(w).copied().unwrap_or(0))
    };
    let grammar: HashSet<char> = GRAMMAR_CHARS.chars().collect();

    // 1. Pairs from the two typo lists, reduced to their smallest attested word.
    let mut raw: Vec<(&str, &str, &'static str)> = Vec::new();
    for l in inp.word_checker.lines() {
        let mut it = l.split_whitespace();
        if let (Some(a), Some(b), None) = (it.next(), it.next(), it.next()) {
            raw.push((a, b, "word-checker"));
        }
    }
    let cd: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&inp.confusion_dict).expect("confusion_dict.json");
    let cd: Vec<(String, String)> = cd
        .into_iter()
        .filter_map(|(k, v)| Some((k, v.as_str()?.to_string())))
        .collect();
    for (k, v) in &cd {
        raw.push((k, v, "macro-correct"));
    }
    // word-checker lists some correct forms as their own correction (一泻千里 一泻千里). Such a
    // line asserts nothing, and left in it would make 一泻千里 look like a listed wrong form and
    // drop 一泄千里 as having a wrong correction.
    raw.retain(|&(a, b, _)| a != b);
    let raw_pairs: HashSet<(&str, &str)> = raw.iter().map(|&(a, b, _)| (a, b)).collect();
    let corrected_to = corrections_by_character(&raw);
    let conf = Confusion::new(
        &inp.same_pinyin,
        &inp.same_stroke,
        &attested_substitutions(&corrected_to),
    );
    let mut raw_wrongs: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for &(a, b, _) in &raw {
        raw_wrongs.entry(a).or_default().insert(b);
    }

    // Candidate wrong forms from every source, checked together at the end.
    let mut cands: BTreeMap<String, Cand> = BTreeMap::new();
    let mut add = |w: &str, r: &str, src: &'static str| {
        let c = cands.entry(w.to_string()).or_default();
        c.rights.insert(r.to_string());
        c.sources.insert(src);
        c.listed |= !src.contains("confusable");
    };
    let mut dropped: BTreeMap<&str, usize> = BTreeMap::new();
    let mut listed = 0usize;
    for &(a, b, src) in &raw {
        listed += 1;
        let ac: Vec<char> = a.chars().collect();
        let bc: Vec<char> = b.chars().collect();
        let reason = (|| {
            if ac.len() != bc.len() || a == b {
                return Some("not a one-for-one substitution");
            }
            // A pair listed both ways keeps the direction that usage attests clearly.
            if raw_pairs.contains(&(b, a)) && attestation(b) <= 4 * attestation(a) {
                return Some("listed both ways");
            }
            if raw_wrongs.get(b).is_some_and(|rs| rs.iter().any(|&r| r != a)) {
                return Some("correction is itself listed as wrong");
            }
            let diff: Vec<usize> = (0..ac.len()).filter(|&i| ac[i] != bc[i]).collect();
            if diff
                .iter()
                .any(|&i| !standard.contains(&ac[i]) || !standard.contains(&bc[i]))
            {
                return Some("non-standard character");
            }
            if diff
                .iter()
                .any(|&i| grammar.contains(&ac[i]) || grammar.contains(&bc[i]))
            {
                return Some("grammar character");
            }
            if is_variant_spelling(a, b) {
                return Some("variant spelling");
            }
            let whole_idiom = diff.len() == 1 && bc.len() >= 4 && known(b);
            if !whole_idiom && !diff.iter().all(|&i| conf.similar(ac[i], bc[i])) {
                return Some("characters not confusable");
            }
            // The smallest span around the changes whose correct form is attested: an idiom or
            // a jieba word common enough to be a real word rather than a fragment. A pair let
            // through without confusable characters keeps its whole (idiom) form.
            let (lo, hi) = (diff[0], diff[diff.len() - 1] + 1);
            let mut spans: Vec<(usize, usize, usize)> = Vec::new();
            for i in 0..=lo {
                for j in hi..=bc.len() {
                    let r: String = bc[i..j].iter().collect();
                    let whole = (i, j) == (0, bc.len());
                    let attested = idioms.contains_key(r.as_str())
                        || lex
                            .freq
                            .get(r.as_str())
                            .is_some_and(|&f| whole || f >= CORE_MIN_FREQ);
                    if j - i >= 2 && attested && (!whole_idiom || (i, j) == (0, bc.len())) {
                        spans.push((j - i, i, j));
                    }
                }
            }
            spans.sort_unstable();
            let Some((_, i, j)) = spans.first() else {
                return Some("no attested word around the change");
            };
            let w: String = ac[*i..*j].iter().collect();
            let r: String = bc[*i..*j].iter().collect();
            add(&w, &r, src);
            None
        })();
        if let Some(r) = reason {
            if explained(a) {
                log.push(format!("explain: list pair {a} -> {b}: {r}"));
            }
            *dropped.entry(r).or_default() += 1;
        }
    }
    log.push(format!("typo lists: {listed} pairs; dropped: {dropped:?}"));

    // 2. Generated misspellings of common idioms: one character replaced by a confusable one
    //    that an input method or a hurried eye would plausibly produce (see `misspell`).
    let mut char_freq: HashMap<char, u64> = HashMap::new();
    for (w, f) in &lex.freq {
        let mut seen = BTreeSet::new();
        for c in w.chars() {
            if seen.insert(c) {
                *char_freq.entry(c).or_default() += f;
            }
        }
    }
    // `seed`: what kind of word it is (see [`Seed`] and the comments below).
    let mut misspell = |word: &str, src: &'static str, seed: Seed| {
        let ic: Vec<char> = word.chars().collect();
        let cf = |c: &char| char_freq.get(c).copied().unwrap_or(0);
        for (i, &c) in ic.iter().enumerate() {
            for (d, like) in conf.of(c) {
                // In a form of four or more characters a grammar character is as wrong as any
                // other (根深地固); in a shorter one it may be grammar.
                if !standard.contains(&d) || (ic.len() < 4 && grammar.contains(&d)) {
                    continue;
                }
                let mut wc = ic.clone();
                wc[i] = d;
                if is_variant_spelling(&wc.iter().collect::<String>(), word) {
                    continue;
                }
                let pair = |a: usize| -> String { wc[a..a + 2].iter().collect() };
                let ime = (i > 0
                    && lex.freq.get(pair(i - 1).as_str()).copied().unwrap_or(0) >= IME_WORD_MIN_FREQ)
                    || (i + 1 < wc.len()
                        && lex.freq.get(pair(i).as_str()).copied().unwrap_or(0) >= IME_WORD_MIN_FREQ);
                // A homophone is a plausible slip when it is at least as common as the right
                // character (the input method lists common ones first: 急功近力), a look-alike
                // when it is much more common (迫在眉捷); any of them when the input method offers
                // it inside a word with its neighbour (一如继往: 继往); a substitution the typo
                // lists attest always (重峦叠障). In an idiom every homophone and look-alike is
                // kept: an idiom is misspelt by a writer who does not know which character it
                // takes (出人头第, 心无旁鹜), not by a slip of the input method, and an idiom with
                // one character changed is not correct copy anywhere except where it spans a
                // word boundary, which the filters below and the rule's run-time check see
                // (this takes the table from 27,000 to 102,000 entries, none of which occurs in
                // the clean corpus). Near sounds are not generated: tried, they added 8,000
                // entries (96,000 in idioms) and not one form of either measuring list.
                let idiom = seed == Seed::Idiom;
                let plausible = match like {
                    Like::Sound => idiom || cf(&d) >= cf(&c),
                    Like::Attested => true,
                    Like::Shape => idiom || cf(&d) > 2 * cf(&c),
                    Like::NearSound => continue,
                };
                // The lists correct `d` to `c` (the slip this form would be) in several pairs.
                let attested_slip = corrected_to
                    .get(&(d, c))
                    .is_some_and(|ws| ws.len() >= ATTESTED_MIN_PAIRS);
                let kept = match seed {
                    Seed::RareIdiom => attested_slip,
                    _ => ime || plausible,
                };
                if kept {
                    let w: String = wc.iter().collect();
                    add(&w, word, src);
                }
            }
        }
    };
    let all_standard = |w: &str| w.chars().all(|c| standard.contains(&c));
    let mut seeds = 0usize;
    for (idiom, &f) in &idioms {
        if f >= IDIOM_MIN_FREQ && idiom.chars().count() == 4 && all_standard(idiom) {
            seeds += 1;
            misspell(idiom, IDIOM_SOURCE, Seed::Idiom);
        }
    }
    // Less common idioms seed only the substitutions the typo lists make, in that direction, in
    // several pairs (重峦叠障: the lists correct 障 to 嶂). Every homophone and look-alike from
    // frequency 100 would add 28,000 entries and cost the whole linter 3% more instructions
    // for one more form of the held-out list; the lists' direction matters, since they correct
    // 戮力 to 勠力 and 勠力同心 is correct copy. Idioms spelt with a non-recommended variant
    // (忿忿不平) are not correct forms and do not seed.
    let mut rare = 0usize;
    for (idiom, &f) in &idioms {
        if (RARE_IDIOM_MIN_FREQ..IDIOM_MIN_FREQ).contains(&f)
            && idiom.chars().count() == 4
            && all_standard(idiom)
            && variant_ac.find_iter(idiom).next().is_none()
        {
            rare += 1;
            misspell(idiom, RARE_IDIOM_SOURCE, Seed::RareIdiom);
        }
    }
    log.push(format!(
        "idioms seeding misspellings: {seeds}; less common ones: {rare}"
    ));

    // 2b. The same for common three- and four-character jieba words of ordinary kinds (nouns,
    //     verbs, adjectives, idioms, set phrases, organisations). Personal and place names are
    //     left out: a name one character away from another name is usually another name.
    let mut word_seeds: Vec<&str> = lex
        .pos
        .iter()
        .filter(|&(w, pos)| {
            let n = w.chars().count();
            (3..=4).contains(&n)
                && SEED_POS.split(' ').any(|p| p == *pos)
                && lex.freq[w] >= WORD_MIN_FREQ
                && all_standard(w)
        })
        .map(|(w, _)| *w)
        .collect();
    word_seeds.sort_unstable();
    for w in &word_seeds {
        misspell(w, "jieba-word+confusable", Seed::Word);
    }
    log.push(format!("jieba words seeding misspellings: {}", word_seeds.len()));

    // 2c. Common two-character jieba words (no names, places or organisations) with one
    //     character replaced by one that both sounds the same and looks alike: 形声字 sharing
    //     the phonetic part (躁/燥, 竣/峻). Either resemblance alone is far too loose for a
    //     two-character form; together they are the slip that both the input method and the
    //     eye let through. A substitution the typo lists make in several pairs counts too when
    //     the characters also share one resemblance (籍/藉, a look-alike). Every such form is
    //     confirmed at run time (see the filters below). Either resemblance alone is too
    //     loose: same sound made 92,000 more forms (80,000 in session 4, when its forms fired
    //     on the clean corpus built without it); same shape 44,000, which fired on clean copy
    //     the table was not filtered against (驻村 for 驻守, 转企 for 转让, 鉴走 for 临走) for
    //     one more form of the held-out list and none of the other.
    let mut two_seeds: Vec<&str> = lex
        .pos
        .iter()
        .filter(|&(w, pos)| {
            w.chars().count() == 2
                && TWO_CHAR_POS.split(' ').any(|p| p == *pos)
                && lex.freq[w] >= TWO_CHAR_MIN_FREQ
                && all_standard(w)
        })
        .map(|(w, _)| *w)
        .collect();
    two_seeds.sort_unstable();
    for word in &two_seeds {
        let ic: Vec<char> = word.chars().collect();
        for (i, &c) in ic.iter().enumerate() {
            for (d, _) in conf.of(c) {
                if !conf.two_char_substitute(c, d) || !standard.contains(&d) || grammar.contains(&d) {
                    continue;
                }
                let mut wc = ic.clone();
                wc[i] = d;
                let w: String = wc.iter().collect();
                if !is_variant_spelling(&w, word) {
                    let src = if conf.sound_and_shape(c, d) {
                        TWO_CHAR_SOURCE
                    } else {
                        TWO_CHAR_ATTESTED_SOURCE
                    };
                    add(&w, word, src);
                }
            }
        }
    }
    log.push(format!(
        "two-character jieba words seeding misspellings: {}",
        two_seeds.len()
    ));

    // 3. Hand-curated pairs (documented in the file itself).
    for l in inp
        .curated
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = l.split('\t').collect();
        if cols.len() >= 2 {
            add(cols[0], cols[1], "newslint-maintainers");
        }
    }

    // 4. Filters every wrong form must pass.
    let rejected: HashSet<&str> = inp
        .rejected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next())
        .collect();
    let max_len = cands.keys().map(|w| w.chars().count()).max().unwrap_or(2);
    let clean_grams = ngrams(&inp.clean, max_len);
    // `GEN_TYPO_NO_CLEAN=1` leaves the clean corpus out of the typo filters, to measure what the
    // other filters and the rule's run-time checks let through on clean copy they never saw
    // (then run `measure_typo`; never commit a table made so).
    let use_clean = std::env::var_os("GEN_TYPO_NO_CLEAN").is_none();
    let mut reject: BTreeMap<&str, usize> = BTreeMap::new();
    let mut typos: BTreeMap<String, (String, String)> = BTreeMap::new();
    // `GEN_TYPO_REJECTED=file` writes every rejected candidate with its evidence (wrong, right,
    // reason, sources, jieba frequency of each, boundary score) for review.
    let dump = std::env::var_os("GEN_TYPO_REJECTED");
    let mut rejected_rows: Vec<String> = Vec::new();
    // Wrong forms kept on condition of the run-time check (see [`LISTED_CHECKED_MAX`]).
    let mut checked: HashSet<&str> = HashSet::new();
    // Personal names: jieba (without its HMM) cuts an unknown name into single characters, so
    // the run-time check cannot tell 记者高玲 from a slip for 高龄. A generated two-character
    // form that reads as a surname and a given-name character, or as a two-character given
    // name, is left out. Which characters are which comes from jieba's personal names (`nr`).
    let mut surname: HashMap<char, usize> = HashMap::new();
    let mut given: HashMap<char, usize> = HashMap::new();
    for (w, pos) in &lex.pos {
        let cs: Vec<char> = w.chars().collect();
        if *pos == "nr" && (2..=3).contains(&cs.len()) {
            *surname.entry(cs[0]).or_default() += 1;
            for &c in &cs[1..] {
                *given.entry(c).or_default() += 1;
            }
        }
    }
    let is_surname = |c: char| surname.get(&c).is_some_and(|&n| n >= NAME_SURNAME_MIN);
    let is_given = |c: char| given.get(&c).is_some_and(|&n| n >= NAME_GIVEN_MIN);
    let name_like = |w: &str| {
        let cs: Vec<char> = w.chars().collect();
        cs.len() == 2 && (is_surname(cs[0]) || is_given(cs[0])) && is_given(cs[1])
    };
    let listed_as_right = corrected_pieces(&raw);
    for (w, c) in &cands {
        let right = c.rights.first().map(String::as_str).unwrap_or("");
        let reason = if rejected.contains(w.as_str()) {
            Some("reviewed and rejected (rejected.tsv)")
        } else if c.rights.len() > 1 {
            Some("ambiguous correction")
        } else if !c.listed && listed_as_right.contains(&(right.to_string(), w.clone())) {
            // The lists correct the right form to this one somewhere (嘴唇蠕动 → 嘴唇嚅动,
            // 临床的病友 → 邻床的病友): it is a word of its own, whatever the generator thought.
            Some("the typo lists give it as a correction")
        } else if idioms.contains_key(w.as_str()) {
            Some("is an idiom")
        } else if lex.freq.get(w.as_str()).is_some_and(|&f| {
            // jieba's dictionary, built from a corpus, also lists common misspellings (再接再励,
            // 震憾) at its floor frequency. A pair that a typo list asserts counts as a word only
            // when jieba sees it often, or not much less often than the right form.
            // The same holds for a generated idiom misspelling, on stricter terms: jieba has it
            // at its floor frequency only, the idiom is at least `LISTED_WORD_RATIO` times as
            // frequent, and the changed character is a homophone (same syllable and tone), the
            // input method's slip (共商国事, 一码当先, 再接再历). A look-alike or other character
            // in a rare jieba phrase is as often a real wording of its own (狂风暴雪, 人迹罕到,
            // 乱蹦乱跳, 合两为一), so those stay words.
            let absorbed_idiom_slip = c
                .sources
                .iter()
                .all(|s| [IDIOM_SOURCE, RARE_IDIOM_SOURCE].contains(s))
                && f <= JIEBA_FLOOR_FREQ
                && f * LISTED_WORD_RATIO <= attestation(right)
                && w.chars()
                    .zip(right.chars())
                    .filter(|(a, b)| a != b)
                    .all(|(a, b)| conf.same_sound(a, b));
            !absorbed_idiom_slip
                && (!c.listed || f > LISTED_WORD_MAX_FREQ || f * LISTED_WORD_RATIO > attestation(right))
        }) {
            Some("is a jieba word")
        } else if lex
            .inner
            .get(w.as_str())
            .is_some_and(|&f| !c.listed || f > JIEBA_FLOOR_FREQ)
        {
            Some("inside a jieba word or idiom")
        } else if use_clean && clean_grams.contains(w.as_str()) {
            Some("occurs in the clean corpus")
        } else if fswv.contains_key(w) {
            Some("is a listed variant form")
        } else if !c.listed && w.chars().count() == 2 {
            // A generated two-character form (step 2c) is always confirmed at run time.
            if name_like(w) {
                Some("could be a personal name")
            } else if lex.boundary_whole(w) <= LISTED_CHECKED_MAX && lex.boundary(w) <= CHECKED_BOUNDARY_MAX {
                checked.insert(w.as_str());
                None
            } else {
                Some("can span a word boundary")
            }
        } else if lex.boundary_unchecked(w)
            > if c.listed {
                LISTED_BOUNDARY_MAX
            } else {
                BOUNDARY_MAX
            }
        {
            // A listed form that jieba knows as a word (a misspelling it absorbed, see above) is
            // one word to the segmenter, so the run-time check sees no junction there and only
            // weighs its frequency against the correction's, which a rare real word loses as
            // surely as a slip. For such forms the whole-word measure is not extended: they keep
            // the older, stricter measure (tried: 客服, jieba 3 and listed by macro-correct as a
            // slip for 克服, came in with 37 others, and fired on 拨打客服电话).
            let checked_score = if lex.is_word(w) {
                lex.boundary_unchecked(w)
            } else {
                lex.boundary_whole(w)
            };
            if c.listed
                && w.chars().count() == 2
                && checked_score <= LISTED_CHECKED_MAX
                && lex.boundary(w) <= CHECKED_BOUNDARY_MAX
            {
                checked.insert(w.as_str());
                None
            } else {
                Some("can span a word boundary")
            }
        } else {
            None
        };
        match reason {
            Some(r) => {
                if dump.is_some() {
                    rejected_rows.push(format!(
                        "{w}\t{right}\t{r}\t{}\t{}\t{}\t{:.3}\t{:.3}",
                        c.sources.iter().copied().collect::<Vec<_>>().join("+"),
                        lex.freq.get(w.as_str()).copied().unwrap_or(0),
                        lex.freq.get(right).copied().unwrap_or(0),
                        lex.boundary(w),
                        lex.boundary_unchecked(w)
                    ));
                }
                if explained(w) {
                    log.push(format!(
                        "explain: candidate {w} -> {right} ({}; jieba {:?}, boundary {:.3}, unchecked {:.3}): {r}",
                        c.sources.iter().copied().collect::<Vec<_>>().join("+"),
                        lex.freq.get(w.as_str()),
                        lex.boundary(w),
                        lex.boundary_unchecked(w)
                    ));
                }
                *reject.entry(r).or_default() += 1
            }
            None => {
                let r = c.rights.first().expect("one right").clone();
                let mut src = c.sources.iter().copied().collect::<Vec<_>>().join("+");
                if checked.contains(w.as_str()) {
                    src.push_str(CHECKED);
                }
                typos.insert(w.clone(), (r, src));
            }
        }
    }
    log.push(format!("candidates: {}; rejected: {reject:?}", cands.len()));
    if let Some(path) = &dump {
        std::fs::write(path, rejected_rows.join("\n") + "\n").expect("write GEN_TYPO_REJECTED");
    }

    // 5. Variant words from 《第一批异形词整理表》.
    // Variants that are a proper piece of a jieba word whose standard spelling is not a word
    // (沈思 inside a name): there the string is part of another word, not the variant.
    let mut own_words: HashSet<&str> = HashSet::new();
    for w in lex.freq.keys() {
        for m in variant_ac.find_overlapping_iter(w) {
            let v = variant_keys[m.pattern().as_usize()];
            if v.len() < w.len() && !lex.is_word(&w.replace(v, &fswv[v])) {
                own_words.insert(v);
            }
        }
    }
    let mut variants: BTreeMap<String, String> = BTreeMap::new();
    let mut vreject: BTreeMap<&str, usize> = BTreeMap::new();
    for (v, s) in &fswv {
        let reason = if typos.contains_key(v) {
            Some("already a typo")
        } else if !v.chars().all(|c| standard.contains(&c)) {
            Some("non-standard character (the traditional-char family's business)")
        } else if clean_grams.contains(v.as_str()) || inp.clean.contains(v.as_str()) {
            Some("occurs in the clean corpus")
        } else if lex.boundary(v) > VARIANT_BOUNDARY_MAX {
            Some("can span a word boundary")
        } else if own_words.contains(v.as_str()) {
            Some("inside a jieba word of its own")
        } else {
            None
        };
        match reason {
            Some(r) => *vreject.entry(r).or_default() += 1,
            None => {
                variants.insert(v.clone(), s.clone());
            }
        }
    }
    log.push(format!("variants: {} listed; rejected: {vreject:?}", fswv.len()));

    // 6. No wrong form may occur inside a correct form of either table: it would fire on the
    //    correction itself (and on correct copy).
    // Every piece (two or more characters) of every correct form: a set, so the check stays
    // linear in the size of the tables.
    let mut pieces: HashSet<String> = HashSet::new();
    for r in typos.values().map(|(r, _)| r).chain(variants.values()) {
        let b = bounds(r);
        for i in 0..b.len() {
            for j in i + 2..b.len() {
                pieces.insert(r[b[i]..b[j]].to_string());
            }
        }
    }
    let inside_right = |w: &str| pieces.contains(w);
    let before = (typos.len(), variants.len());
    typos.retain(|w, _| !inside_right(w));
    variants.retain(|w, _| !inside_right(w));
    log.push(format!(
        "dropped as pieces of a correct form: {} typos, {} variants",
        before.0 - typos.len(),
        before.1 - variants.len()
    ));
    log.push(format!(
        "kept: {} typos, {} variants",
        typos.len(),
        variants.len()
    ));

    let mut t = String::from(TYPOS_HEADER);
    for (w, (r, src)) in &typos {
        t.push_str(&format!("{w}\t{r}\t{src}\n"));
    }
    let mut v = String::from(VARIANTS_HEADER);
    for (w, s) in &variants {
        v.push_str(&format!("{w}\t{s}\n"));
    }
    Output {
        typos: t,
        variants: v,
        log,
    }
}

/// Every substring of 2..=`max` characters of `text`.
fn ngrams(text: &str, max: usize) -> HashSet<&str> {
    let mut out = HashSet::new();
    for line in text.lines() {
        let b = bounds(line);
        let n = b.len() - 1;
        for i in 0..n {
            for j in i + 2..=(i + max).min(n) {
                out.insert(&line[b[i]..b[j]]);
            }
        }
    }
    out
}

/// Source-column suffix of the entries the rule confirms with its stricter run-time check
/// (`newslint::rules::typo::CHECKED`).
pub const CHECKED: &str = "+segment-check";

const TYPOS_HEADER: &str = "\
# Wrong-character typos for the `typo` rule: wrong<TAB>right<TAB>source.
# GENERATED by `cargo run --release --example gen_typo`; do not edit by hand. Sources and
# licences: README.md in this folder. Hand-curated pairs go in curated.tsv.
";

const VARIANTS_HEADER: &str = "\
# Non-recommended variant word forms for the `variant-word` rule: variant<TAB>recommended,
# from 《第一批异形词整理表》 (2001). GENERATED by `cargo run --release --example gen_typo`;
# do not edit by hand. Sources and licences: README.md in this folder.
";

#[allow(dead_code)]
fn main() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = shared_dir(&repo);
    let dict = jieba_dict_path(&repo).expect("jieba-rs dict.txt not found; set JIEBA_DICT");
    let inp = Inputs::read(&shared, &dict, &repo).unwrap_or_else(|e| {
        eprintln!("gen_typo: {e}");
        std::process::exit(2);
    });
    let t0 = std::time::Instant::now();
    let out = derive(&inp);
    for l in &out.log {
        eprintln!("{l}");
    }
    eprintln!("derived in {:.2?}", t0.elapsed());
    let dir = repo.join("rules/typo");
    std::fs::write(dir.join("typos.tsv"), out.typos).expect("write typos.tsv");
    std::fs::write(dir.join("variant_words.tsv"), out.variants).expect("write variant_words.tsv");
}
