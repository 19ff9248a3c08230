//! One shared word segmenter for every rule that needs one.
//!
//! Rules segment short windows of Han text around a candidate (a broken join, a doubled
//! character) with jieba's algorithm and dictionary. Building jieba's trie from its 349,045-word
//! dictionary costs about 100 ms, five times the budget for checking a whole article, so the
//! dictionary is compiled into an `fst` map by `build.rs` and opened at no cost, and one small
//! jieba instance, shared by all threads, holds only the words the windows have needed so far.
//!
//! Segmentation depends only on the dictionary words that occur in the text being cut and on
//! the dictionary's total frequency. Before a window is cut, every dictionary word that can
//! start inside it is copied into the instance (all words beginning with each of the
//! window's character pairs, and each single character), and a placeholder entry that can never
//! match text keeps the instance's total equal to the full dictionary's. So `cut`, `tag`,
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

use fst::Map;
use fst::raw::{Node, Output};
use jieba_rs::{Jieba, Tag, Token};
use rustc_hash::FxHashSet;
use std::collections::HashSet;
use std::sync::{LazyLock, RwLock};

mod dict {
    include!(concat!(env!("OUT_DIR"), "/jieba_dict.rs"));
}

static FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba_dict.fst"));

static MAP: LazyLock<Map<&'static [u8]>> =
    LazyLock::new(|| Map::new(FST).expect("the fst written by build.rs is valid"));

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

/// Open the dictionary now rather than on first use; true when this call opened it (for
/// measuring the one-time cost).
pub fn load() -> bool {
    let fresh = LazyLock::get(&MAP).is_none();
    LazyLock::force(&MAP);
    fresh
}

/// A dictionary entry: frequency and part-of-speech tag.
fn entry(value: u64) -> (usize, &'static str) {
    ((value >> 8) as usize, dict::TAGS[(value & 0xff) as usize])
}

/// The jieba instance and what has been copied into it.
struct Local {
    jieba: Jieba,
    /// Character pairs (and single characters, paired with `'\0'`) whose words are loaded.
    loaded: FxHashSet<(char, char)>,
    /// Sum of the frequencies of the loaded words.
    loaded_total: u64,
}

impl Local {
    fn new() -> Self {
        let mut jieba = Jieba::empty();
        jieba.add_word(PLACEHOLDER, Some(dict::TOTAL as usize), Some("x"));
        Local {
            jieba,
            loaded: FxHashSet::default(),
            loaded_total: 0,
        }
    }

    /// True when every dictionary word that can start at a character of `text` is loaded.
    fn covers(&self, text: &str) -> bool {
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if !self.loaded.contains(&(c, '\0')) {
                return false;
            }
            match chars.peek() {
                Some(&d) if !self.loaded.contains(&(c, d)) => return false,
                _ => {}
            }
        }
        true
    }

    /// Copy in every dictionary word that starts at some character of `text`.
    fn prepare(&mut self, text: &str) {
        let before = self.loaded_total;
        let mut chars = text.chars().peekable();
        let mut key = Vec::with_capacity(64);
        while let Some(c) = chars.next() {
            if self.loaded.insert((c, '\0')) {
                let mut buf = [0u8; 4];
                if let Some(v) = MAP.get(c.encode_utf8(&mut buf)) {
                    self.add(c.encode_utf8(&mut buf), v);
                }
            }
            let Some(&d) = chars.peek() else { break };
            if self.loaded.insert((c, d)) {
                key.clear();
                let mut buf = [0u8; 4];
                key.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                key.extend_from_slice(d.encode_utf8(&mut buf).as_bytes());
                self.add_prefixed(&mut key);
            }
        }
        if self.loaded_total != before {
            let rest = dict::TOTAL - self.loaded_total;
            self.jieba.add_word(PLACEHOLDER, Some(rest as usize), Some("x"));
        }
    }

    /// Add every dictionary word that starts with `key` (two characters; words of one
    /// character are added on their own).
    fn add_prefixed(&mut self, key: &mut Vec<u8>) {
        let fst = MAP.as_fst();
        let mut node = fst.root();
        let mut out = Output::zero();
        for &b in key.iter() {
            let Some(i) = node.find_input(b) else { return };
            let t = node.transition(i);
            out = out.cat(t.out);
            node = fst.node(t.addr);
        }
        self.add_subtree(node, out, key);
    }

    /// Depth-first over the keys below `node` (at most a few dozen words for a two-character
    /// prefix; the depth is bounded by the longest word).
    fn add_subtree(&mut self, node: Node<'_>, out: Output, key: &mut Vec<u8>) {
        if node.is_final() {
            let word = std::str::from_utf8(key).expect("dictionary keys are UTF-8");
            self.add(word, out.cat(node.final_output()).value());
        }
        for t in node.transitions() {
            key.push(t.inp);
            self.add_subtree(MAP.as_fst().node(t.addr), out.cat(t.out), key);
            key.pop();
        }
    }

    fn add(&mut self, word: &str, value: u64) {
        let (freq, tag) = entry(value);
        self.jieba.add_word(word, Some(freq), Some(tag));
        self.loaded_total += freq as u64;
    }
}

/// The one instance every thread cuts with. Cutting takes a read lock, so threads cut in
/// parallel; a window that needs words not loaded yet takes the write lock to load them
/// first. One instance per thread, as before, loaded the same words once per thread: over
/// 10,000 short articles two threads executed 3% more instructions than one (82M of 2.8G);
/// shared, 0.2% more.
static SHARED: LazyLock<RwLock<Local>> = LazyLock::new(|| RwLock::new(Local::new()));

/// Run `f` on the instance once it holds every word `text` can contain.
fn with_words<R>(text: &str, f: impl FnOnce(&Jieba) -> R) -> R {
    {
        let local = SHARED.read().unwrap_or_else(|e| e.into_inner());
        if local.covers(text) {
            return f(&local.jieba);
        }
    }
    SHARED.write().unwrap_or_else(|e| e.into_inner()).prepare(text);
    let local = SHARED.read().unwrap_or_else(|e| e.into_inner());
    f(&local.jieba)
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
        MAP.contains_key(word)
    }

    /// `word`'s frequency in jieba's dictionary, if it is there.
    pub fn freq(&self, word: &str) -> Option<usize> {
        MAP.get(word).map(|v| entry(v).0)
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
