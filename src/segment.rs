//! One shared word segmenter for every rule that needs one.
//!
//! Rules segment short windows of Han text around a candidate (a broken join, a doubled
//! character) with jieba's algorithm and dictionary. Building jieba's trie from its 349,045-word
//! dictionary costs about 100 ms, five times the budget for checking a whole article, so
//! `build.rs` compiles the dictionary into tables embedded in the binary (the words grouped by
//! their first two characters, see `group`), read at no start-up cost, and each thread keeps
//! one small jieba instance that holds only the words its windows have needed so far (see
//! [`WORD_CAP`] for why per thread, and for the bound on its size).
//!
//! Segmentation depends only on the dictionary words that occur in the text being cut and on
//! the dictionary's total frequency. Before a window is cut, every dictionary word that can
//! start inside it is copied into the instance (all words beginning with each of the window's
//! character pairs, and each single character: one group each), and a placeholder entry that
//! can never match text keeps the instance's total equal to the full dictionary's. So `cut`, `tag`,
//! `has_word` and `suggest_freq` give exactly what jieba with its full dictionary gives
//! (`tests/segment.rs` compares them), without paying for the words a document never uses.
//!
//! jieba-rs is built without its `default-dict` feature: that feature embeds a second copy of
//! the dictionary and, with it, an HMM that guesses the part of speech of a word the
//! dictionary lacks. Parsing that model on first use cost about 155 million instructions
//! (some 40 ms, twice the budget for a whole article) the first time a window held an unknown
//! Han character. Without it such a word is tagged `x`, as jieba tags anything it cannot
//! place; on the 100 MB benchmark inputs and in the quality harness every finding stayed the
//! same.

use jieba_rs::{Jieba, Tag, Token};
use rustc_hash::FxHashSet;
use std::cell::{OnceCell, RefCell};
use std::collections::HashSet;
use std::sync::LazyLock;

mod dict {
    include!(concat!(env!("OUT_DIR"), "/jieba_dict.rs"));
}

/// The dictionary's tables, written by `build.rs`: a hash table of groups, the word entries.
static GROUPS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba_groups.bin"));
static WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba_words.bin"));

fn u32_at(table: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(table[at..at + 4].try_into().expect("four bytes"))
}

#[path = "segment_slot.rs"]
mod slot;

/// The entries of the dictionary words that start with `c` then `d`, or of the word `c` alone
/// when `d` is `'\0'`; empty when there are none. Loading a window's words is a lookup of each
/// of its character pairs in a hash table built at compile time and a walk over the entries
/// found, with no decoding. Session 9 measured the alternatives on the benchmark copy: an `fst`
/// map walked below each pair's prefix cost twice as much as this (116M of 794M instructions
/// on 10 MB went into loading words), and two binary searches (first characters, then second
/// characters) missed the cache at every step, 2.8% of the time on 100 MB.
fn group(c: char, d: char) -> &'static [u8] {
    let (c, d) = (c as u32, d as u32);
    let mask = (1usize << dict::GROUP_BITS) - 1;
    let mut i = slot::group_slot(c, d, dict::GROUP_BITS);
    loop {
        let first = u32_at(GROUPS, i * 12);
        if first == 0 {
            return &[];
        }
        if first == c && u32_at(GROUPS, i * 12 + 4) == d {
            let at = u32_at(GROUPS, i * 12 + 8) as usize;
            let len = u16::from_le_bytes([WORDS[at], WORDS[at + 1]]) as usize;
            return &WORDS[at + 2..at + 2 + len];
        }
        i = (i + 1) & mask;
    }
}

/// The entries of a [`group`]: each word's characters after its first two, and its value
/// (frequency and tag, see [`entry`]).
fn entries(mut rest: &'static [u8]) -> impl Iterator<Item = (&'static str, u32)> {
    std::iter::from_fn(move || {
        let (&len, tail) = rest.split_first()?;
        let value = u32_at(tail, 0);
        let (word, tail) = tail[4..].split_at(len as usize);
        rest = tail;
        Some((
            std::str::from_utf8(word).expect("dictionary words are UTF-8"),
            value,
        ))
    })
}

/// `word`'s value in the dictionary.
fn lookup(word: &str) -> Option<u32> {
    let mut chars = word.chars();
    let c = chars.next()?;
    let d = match chars.next() {
        // No dictionary word has U+0000 in it; `'\0'` stands for "no second character".
        Some('\0') => return None,
        Some(d) => d,
        None => '\0',
    };
    let rest = chars.as_str();
    entries(group(c, d)).find(|&(r, _)| r == rest).map(|(_, v)| v)
}

/// A key that never occurs in text (a Unicode noncharacter), holding the frequency of every
/// dictionary word not yet copied into the instance so the total stays jieba's.
const PLACEHOLDER: &str = "\u{FDD0}";

/// jieba's segmenter over its full default dictionary; see the module documentation.
pub struct Segmenter(());

static SEGMENTER: Segmenter = Segmenter(());

/// The shared segmenter.
pub fn jieba() -> &'static Segmenter {
    &SEGMENTER
}

/// Make this thread's instance now rather than on first use; true when this call made it (for
/// measuring the one-time cost).
pub fn load() -> bool {
    LOCAL.with(|cell| {
        let fresh = cell.get().is_none();
        cell.get_or_init(|| RefCell::new(Local::new()));
        fresh
    })
}

/// A dictionary entry: frequency and part-of-speech tag.
fn entry(value: u32) -> (usize, &'static str) {
    ((value >> 8) as usize, dict::TAGS[(value & 0xff) as usize])
}

/// The jieba instance and what has been copied into it.
struct Local {
    jieba: Jieba,
    /// Character pairs (and single characters, paired with `'\0'`) whose words are loaded. A
    /// pair is added only after its first character.
    loaded: FxHashSet<(char, char)>,
    /// Sum of the frequencies of the loaded words.
    loaded_total: u64,
    /// How many words are loaded.
    words: usize,
}

impl Local {
    fn new() -> Self {
        let mut jieba = Jieba::empty();
        jieba.add_word(PLACEHOLDER, Some(dict::TOTAL as usize), Some("x"));
        Local {
            jieba,
            loaded: FxHashSet::default(),
            loaded_total: 0,
            words: 0,
        }
    }

    /// The byte offset in `text` of the first character whose dictionary words may not all be
    /// loaded, or `None` when every dictionary word that can start at a character of `text` is.
    ///
    /// Only the pairs are looked up, and the last character: [`prepare`](Self::prepare) loads a
    /// character's own word before the words of its pairs, so a loaded pair implies its first
    /// character is loaded (one probe per character instead of two).
    fn first_missing(&self, text: &str) -> Option<usize> {
        let mut chars = text.char_indices();
        let (mut at, mut c) = chars.next()?;
        for (i, d) in chars {
            if !self.loaded.contains(&(c, d)) {
                return Some(at);
            }
            (at, c) = (i, d);
        }
        (!self.loaded.contains(&(c, '\0'))).then_some(at)
    }

    /// Copy in every dictionary word that starts at some character of `text`.
    fn prepare(&mut self, text: &str) {
        let before = self.loaded_total;
        let mut chars = text.chars().peekable();
        let mut word = String::with_capacity(64);
        while let Some(c) = chars.next() {
            if self.loaded.insert((c, '\0')) {
                self.add_group(c, '\0', &mut word);
            }
            let Some(&d) = chars.peek() else { break };
            if self.loaded.insert((c, d)) {
                self.add_group(c, d, &mut word);
            }
        }
        if self.loaded_total != before {
            let rest = dict::TOTAL - self.loaded_total;
            self.jieba.add_word(PLACEHOLDER, Some(rest as usize), Some("x"));
        }
    }

    /// Add the words of [`group`] `(c, d)`.
    fn add_group(&mut self, c: char, d: char, word: &mut String) {
        for (rest, value) in entries(group(c, d)) {
            word.clear();
            word.push(c);
            if d != '\0' {
                word.push(d);
            }
            word.push_str(rest);
            self.add(word, value);
        }
    }

    fn add(&mut self, word: &str, value: u32) {
        let (freq, tag) = entry(value);
        self.jieba.add_word(word, Some(freq), Some(tag));
        self.loaded_total += freq as u64;
        self.words += 1;
    }
}

/// The most words a thread's instance holds before it is emptied and refilled from the next
/// window (a full instance, all 349,045 words, takes about 46 MB).
///
/// Each thread has its own instance. One instance shared behind a read-write lock loaded each
/// word once, but every window that needed new words took the write lock, and the other
/// thread slept until it was done: over the 10,000 bench articles on two cores, some 430
/// sleeps a run, 1.86 cores busy instead of 1.97, and a speed-up of 1.75x instead of 1.88x.
/// Per thread, the same words are loaded once per thread (2-3% more CPU on two threads).
/// News copy stays below the cap (the 100 MB benchmark copy loads 60,000-70,000 words), so the
/// cap only bounds what a thread holds on text that touches most of the dictionary: cutting
/// every dictionary word peaked at about 23 MB with the cap, 46 MB without.
pub const WORD_CAP: usize = 1 << 17;

thread_local! {
    static LOCAL: OnceCell<RefCell<Local>> = const { OnceCell::new() };
}

/// Run `f` on this thread's instance once it holds every word `text` can contain.
fn with_words<R>(text: &str, f: impl FnOnce(&Jieba) -> R) -> R {
    LOCAL.with(|cell| {
        let mut local = cell.get_or_init(|| RefCell::new(Local::new())).borrow_mut();
        prepare_capped(&mut local, text, WORD_CAP);
        f(&local.jieba)
    })
}

/// Load into `local` every word `text` can contain, first emptying it when it already holds
/// more than `cap` words. Which words an instance holds never changes what it cuts, only what
/// it must load first.
fn prepare_capped(local: &mut Local, text: &str, cap: usize) {
    if let Some(missing) = local.first_missing(text) {
        if local.words > cap {
            *local = Local::new();
            local.prepare(text);
        } else {
            // The characters before the first one missing words have all theirs already.
            local.prepare(&text[missing..]);
        }
    }
}

/// Tags come back borrowed from the instance; give them the `'static` lifetime of the tag table
/// (dictionary tags) or of jieba's own constants (guessed tags of unknown words).
fn static_tag(tag: &str) -> &'static str {
    // A map, not a walk over the table: every token of every tagged window comes through here.
    static BY_NAME: LazyLock<rustc_hash::FxHashMap<&'static str, &'static str>> =
        LazyLock::new(|| dict::TAGS.iter().map(|&t| (t, t)).collect());
    if let Some(&t) = BY_NAME.get(tag) {
        return t;
    }
    static OTHER: LazyLock<std::sync::Mutex<HashSet<&'static str>>> = LazyLock::new(Default::default);
    let mut other = OTHER.lock().unwrap_or_else(|e| e.into_inner());
    match other.get(tag) {
        Some(t) => t,
        None => {
            // Bounded by the number of distinct tags jieba can guess (a few dozen).
            let t: &'static str = Box::leak(tag.to_owned().into_boxed_str());
            other.insert(t);
            t
        }
    }
}

impl Segmenter {
    /// Whether `word` is in jieba's dictionary.
    pub fn has_word(&self, word: &str) -> bool {
        lookup(word).is_some()
    }

    /// `word`'s frequency in jieba's dictionary, if it is there.
    pub fn freq(&self, word: &str) -> Option<usize> {
        lookup(word).map(|v| entry(v).0)
    }

    /// The natural log of the probability jieba's unigram model gives `word`: its frequency
    /// over the dictionary's total, a word outside the dictionary counting as frequency 1, as
    /// in jieba's route search. Summed over a segmentation, the score jieba maximises.
    pub fn log_prob(&self, word: &str) -> f64 {
        (self.freq(word).unwrap_or(1).max(1) as f64).ln() - (dict::TOTAL as f64).ln()
    }

    /// jieba's `cut`.
    pub fn cut<'a>(&self, sentence: &'a str, hmm: bool) -> Vec<Token<'a>> {
        with_words(sentence, |j| j.cut(sentence, hmm))
    }

    /// jieba's `tag`.
    pub fn tag<'a>(&self, sentence: &'a str, hmm: bool) -> Vec<Tag<'a>> {
        with_words(sentence, |j| {
            j.tag(sentence, hmm)
                .into_iter()
                .map(|t| Tag {
                    word: &sentence[t.byte_start..t.byte_end],
                    tag: static_tag(t.tag),
                    start: t.start,
                    end: t.end,
                    byte_start: t.byte_start,
                    byte_end: t.byte_end,
                })
                .collect()
        })
    }

    /// jieba's `suggest_freq`.
    pub fn suggest_freq(&self, segment: &str) -> usize {
        with_words(segment, |j| j.suggest_freq(segment))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_lookups() {
        let s = jieba();
        assert!(s.has_word("丛林法则") || s.has_word("丛林"));
        assert!(s.has_word("中方"));
        assert!(!s.has_word("从林法则"));
        assert!(s.freq("的").is_some_and(|f| f > 100_000));
        assert!(!s.has_word(PLACEHOLDER));
    }

    /// Every line of the dictionary is found with its frequency and tag (the last line of a
    /// word repeated wins, as in jieba), and strings next to dictionary words are not.
    #[test]
    fn every_dictionary_word_is_found_with_its_entry() {
        let text = std::fs::read_to_string("rules/segment/dict.txt").unwrap();
        let mut want = std::collections::HashMap::new();
        for line in text.lines() {
            let mut f = line.split_ascii_whitespace();
            let Some(w) = f.next() else { continue };
            let freq: usize = f.next().map_or(0, |x| x.parse().unwrap());
            want.insert(w, (freq, f.next().unwrap_or("")));
        }
        assert!(want.len() > 340_000, "{} words", want.len());
        for (w, e) in &want {
            assert_eq!(lookup(w).map(entry), Some(*e), "{w}");
            let longer = format!("{w}\u{FDD1}");
            assert_eq!(lookup(&longer), None, "{longer}");
        }
        for w in ["", "\u{FDD1}", "中\0", "中\0国", "从林法则"] {
            assert_eq!(lookup(w), None, "{w:?}");
        }
    }

    /// The total behind `log_prob` is jieba's: `suggest_freq` of two words jieba keeps apart
    /// is their route probability scaled by the total, `f1 * f2 / total`, plus one.
    #[test]
    fn log_prob_uses_jieba_s_total() {
        let s = jieba();
        let (a, b) = (s.freq("的").unwrap() as f64, s.freq("我").unwrap() as f64);
        let implied = a * b / (s.suggest_freq("的我") - 1) as f64;
        assert!((implied / dict::TOTAL as f64 - 1.0).abs() < 1e-3, "{implied}");
        assert!((s.log_prob("的") - (a / implied).ln()).abs() < 1e-3);
        assert_eq!(s.log_prob("\u{FDD1}"), -(dict::TOTAL as f64).ln());
    }

    /// An instance over its cap is emptied before it loads more, and cuts as one that never
    /// was: the cap bounds memory without changing a result.
    #[test]
    fn a_capped_instance_cuts_like_an_uncapped_one() {
        // Each second window begins as the one before it: an instance emptied there must load
        // the words of that beginning again, not only those after it.
        let windows = [
            "中方方案得到国际社会广泛支持",
            "中方方案遭到个别国家质疑",
            "违背道义与国际法则的丛林法则",
            "违背道义与国家利益的做法",
            "南南合作实实在在接地气",
            "南南合作不断加大本土投资",
        ];
        let (mut capped, mut free) = (Local::new(), Local::new());
        let cap = 40;
        let (mut emptied, mut most, mut one_load) = (0, 0, 0);
        for w in windows.iter().cycle().take(18) {
            let before = capped.words;
            prepare_capped(&mut capped, w, cap);
            prepare_capped(&mut free, w, usize::MAX);
            let loaded = if capped.words < before {
                emptied += 1;
                capped.words
            } else {
                capped.words - before
            };
            one_load = one_load.max(loaded);
            most = most.max(capped.words);
            assert_eq!(capped.jieba.cut(w, false), free.jieba.cut(w, false), "{w}");
            assert_eq!(capped.jieba.tag(w, false), free.jieba.tag(w, false), "{w}");
            assert_eq!(capped.jieba.suggest_freq(w), free.jieba.suggest_freq(w), "{w}");
        }
        // The capped instance was emptied on the way and never held more than the cap plus
        // what one window loads; the uncapped one kept everything.
        assert!(emptied > 1, "emptied {emptied} times, {} words", capped.words);
        assert!(
            most <= cap + one_load,
            "{most} words held, {one_load} in one load"
        );
        assert!(free.words > 2 * cap, "{} words", free.words);
    }

    #[test]
    fn cuts_like_jieba() {
        let s = jieba();
        let words: Vec<_> = s
            .cut("中方方案得到支持", false)
            .into_iter()
            .map(|t| t.word)
            .collect();
        assert_eq!(words, ["中方", "方案", "得到", "支持"]);
        let tags = s.tag("我们坚持合作", false);
        assert_eq!(
            tags.iter().map(|t| t.word).collect::<Vec<_>>(),
            ["我们", "坚持", "合作"]
        );
        assert!(tags.iter().all(|t| !t.tag.is_empty()));
    }
}
