//! Cutting a document into clauses and normalising them.
//!
//! One pass over the characters of each block produces [`Clause`]s: the text between two
//! clause separators (，,：:；;。！？!?…), with its byte span, how strong the separator after it
//! is, how many Han characters it holds, and the hash and length of its *normalised* content.
//! The normalised text itself is not kept (that would cost more memory than the file): it is
//! rebuilt from the source for the few clauses whose hashes match. Normalisation keeps only what a reader reads as words: punctuation of any width and
//! whitespace are dropped, full-width Latin letters and digits are folded to ASCII, and ASCII
//! letters are lower-cased. Two copies that differ only in punctuation width, a changed
//! punctuation mark or spacing therefore normalise to the same characters.
//!
//! Clause and sentence hashes are polynomials over the normalised characters ([`Poly`]), so a
//! sentence's hash is built from its clauses' as they end; the cross-file fingerprints use a
//! small FxHash-style function ([`Hasher`]), and the near-match edges a hash of their UTF-8
//! bytes ([`edge_key`]). All constants are fixed, so a hash is the same in every process and on
//! every machine (the cross-file fingerprints rely on that).

use crate::document::{Block, BlockKind, Document, Masks};
use crate::masks::Cursor;
use crate::text;
use std::ops::Range;

/// How strongly a clause is separated from the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Sep {
    /// A comma or a colon: the sentence goes on.
    Soft,
    /// A semicolon: the end of a coordinate sentence.
    Semi,
    /// 。！？!?…: the end of a sentence.
    Stop,
    /// The end of the block.
    End,
}

impl Sep {
    /// True when a sentence (in the sense of this rule: semicolons included) ends here.
    pub(crate) fn ends_sentence(self) -> bool {
        self != Sep::Soft
    }
}

/// One clause of a block.
///
/// A large file holds millions of clauses, so a clause is packed into 28 bytes (aligned to
/// four): offsets are `u32` (a document is shorter than 1 GiB), the normalised length
/// shares a word with the separator and two flags, and the Han and quoted counts are `u16`,
/// saturating at 65,535 (only a clause of that many characters without a comma or a stop
/// reaches it; sums of them then stay large and every threshold still holds). Its block is
/// not stored: a flag marks the first clause of each block, which is all that walking the
/// list needs, and [`Clauses::block`] looks the block up for the few that ask.
#[derive(Debug, Clone, Copy)]
#[repr(C, packed(4))]
pub(crate) struct Clause {
    /// Hash of the normalised content.
    pub hash: u64,
    /// Byte offset of the first character that is not whitespace.
    start: u32,
    /// Byte offset just after the last character before the separator.
    content_end: u32,
    /// Byte offset just after the separator and any closing marks that follow it.
    end: u32,
    /// The normalised length in characters (low [`NLEN_BITS`] bits, saturating), the
    /// separator (two bits), whether the clause is the first of its block ([`BLOCK_START`])
    /// and whether every normalised character is quoted (the top bit).
    packed: u32,
    /// Han characters in the clause (saturating).
    han: u16,
    /// Normalised characters inside quotation marks or a title (saturating).
    in_quotes: u16,
}

/// Bits of [`Clause::packed`] that hold the normalised length.
const NLEN_BITS: u32 = 28;
/// The bit of [`Clause::packed`] set on the first clause of a block.
const BLOCK_START: u32 = 1 << 30;
const NLEN_MAX: u32 = (1 << NLEN_BITS) - 1;

fn saturate16(n: u32) -> u16 {
    n.min(u32::from(u16::MAX)) as u16
}

impl Clause {
    fn new(
        range: (usize, usize, usize),
        nlen: u32,
        han: u32,
        top: u32,
        sep: Sep,
        starts_block: bool,
        hash: u64,
    ) -> Self {
        let mut c = Clause {
            hash,
            start: range.0 as u32,
            content_end: range.1 as u32,
            end: range.2 as u32,
            packed: nlen.min(NLEN_MAX)
                | (u32::from(top == 0) << 31)
                | if starts_block { BLOCK_START } else { 0 },
            han: saturate16(han),
            in_quotes: saturate16(nlen - top),
        };
        c.set_sep(sep);
        c
    }

    /// Byte offset of the first character that is not whitespace.
    #[inline]
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Byte offset just after the last character before the separator.
    #[inline]
    pub fn content_end(&self) -> usize {
        self.content_end as usize
    }

    /// Byte offset just after the separator and any closing marks that follow it.
    #[inline]
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// Length of the normalised content, in characters.
    #[inline]
    pub fn nlen(&self) -> u32 {
        self.packed & NLEN_MAX
    }

    /// Han characters in the clause.
    #[inline]
    pub fn han(&self) -> u32 {
        u32::from(self.han)
    }

    /// Normalised characters inside quotation marks or a title (“”「」《》…).
    #[inline]
    pub fn in_quotes(&self) -> u32 {
        u32::from(self.in_quotes)
    }

    /// The clause is the first of its block (so the one before it, if any, is in another).
    #[inline]
    pub fn starts_block(&self) -> bool {
        self.packed & BLOCK_START != 0
    }

    /// Every normalised character is inside quotation marks or a title.
    #[inline]
    pub fn quoted(&self) -> bool {
        self.packed >> 31 == 1
    }

    /// The separator after the clause.
    #[inline]
    pub fn sep(&self) -> Sep {
        match (self.packed >> NLEN_BITS) & 3 {
            0 => Sep::Soft,
            1 => Sep::Semi,
            2 => Sep::Stop,
            _ => Sep::End,
        }
    }

    fn set_sep(&mut self, sep: Sep) {
        let bits = match sep {
            Sep::Soft => 0,
            Sep::Semi => 1,
            Sep::Stop => 2,
            Sep::End => 3,
        };
        self.packed = (self.packed & !(3 << NLEN_BITS)) | (bits << NLEN_BITS);
    }
}

/// A sentence (ended by 。！？!?…, a semicolon or the end of its block) as a range of clauses.
#[derive(Debug, Clone)]
pub(crate) struct Sentence {
    /// Its clauses (`u32` indices, as [`Clause`]'s offsets).
    clauses: Range<u32>,
    /// Hash of its normalised content (all clauses together).
    pub hash: u64,
    /// Normalised length, in characters.
    pub nlen: u32,
    /// Index of its block (all its clauses are in one block). Kept here so that walking a
    /// near-match bucket does not have to load a clause per candidate: on a large file those
    /// loads are cache misses and were a sizeable share of the rule's time.
    pub block: u32,
}

impl Sentence {
    /// Its clauses.
    #[inline]
    pub fn clauses(&self) -> Range<usize> {
        self.clauses.start as usize..self.clauses.end as usize
    }
}

// A large file holds millions of clauses and sentences; keep them this small.
const _: () = assert!(std::mem::size_of::<Clause>() == 28);
// Clause offsets are `u32`: every offset of a document fits.
const _: () = assert!(crate::document::MAX_TEXT_LEN <= u32::MAX as usize);
const _: () = assert!(std::mem::size_of::<Sentence>() == 24);

/// Characters of a sentence's start and end that key the near-match buckets.
pub(crate) const EDGE: usize = 4;

/// Running state of the sentence being scanned.
struct SentenceState {
    start: usize,
    /// Its clauses' hashes appended so far.
    hasher: Poly,
}

impl SentenceState {
    fn new(start: usize) -> Self {
        SentenceState {
            start,
            hasher: Poly::new(),
        }
    }
}

/// The clauses of every checkable block of a document, in order.
#[derive(Debug)]
pub(crate) struct Clauses<'a> {
    /// The clauses.
    pub list: Vec<Clause>,
    /// The hash of each sentence the clauses make up, in order (see [`Clauses::take_sentences`]).
    sentence_hashes: Vec<u64>,
    /// For each block that has clauses, its first clause and its index in
    /// `Document::blocks`, in order.
    blocks: Vec<(u32, u32)>,
    text: &'a str,
    masked: &'a Masks,
}

impl Clauses<'_> {
    /// Write the normalised characters of clauses `a..b` into `buf` (cleared first).
    pub fn normalise(&self, a: usize, b: usize, buf: &mut Vec<char>) {
        buf.clear();
        let (start, end) = (self.list[a].start(), self.list[b - 1].content_end());
        let mut mask = self.masked.cursor(start);
        let plain = mask.next_start() >= end;
        for (i, c) in self.text[start..end].char_indices() {
            if !plain && mask.is_masked(start + i) {
                continue;
            }
            if let Some(f) = fold(c) {
                buf.push(f);
            }
        }
    }

    /// Hashes of the first and of the last [`EDGE`] normalised characters of clauses `a..b`
    /// (the near-match bucket keys), read from the source text.
    pub fn edges(&self, a: usize, b: usize) -> [u64; 2] {
        edge_hashes(&self.text[self.list[a].start()..self.list[b - 1].content_end()])
    }

    /// True when clauses `a..b` and `c..d` have the same normalised text (compared, not
    /// hashed; `x` and `y` are scratch buffers).
    pub fn same_text(&self, a: Range<usize>, b: Range<usize>, x: &mut Vec<char>, y: &mut Vec<char>) -> bool {
        // Most copies are byte for byte the same: then, unless masking differs, so are their
        // normalised texts, and comparing the bytes spares decoding and folding both.
        let span = |r: &Range<usize>| self.list[r.start].start()..self.list[r.end - 1].content_end();
        let (sa, sb) = (span(&a), span(&b));
        if self.text[sa.clone()] == self.text[sb.clone()]
            && !self.masked.overlaps(sa.clone())
            && !self.masked.overlaps(sb.clone())
        {
            return true;
        }
        self.normalise(a.start, a.end, x);
        self.normalise(b.start, b.end, y);
        x == y
    }

    /// The sentences the clauses make up, in order; their hashes, kept since the scan, are
    /// handed over (a second call finds none).
    ///
    /// A sentence ends at a clause whose separator ends one (the last clause of a block always
    /// does), as the scan closed it; only its hash, made from its clauses' characters as they
    /// were read, is kept from the scan. The rest of a sentence (24 bytes with the hash) is
    /// made here, once the repeat index, the rule's largest memory, is gone: held from the scan
    /// on, the sentences of a 256 MiB file were 44 MiB of a peak at the bound on memory.
    pub fn take_sentences(&mut self) -> Vec<Sentence> {
        let hashes = std::mem::take(&mut self.sentence_hashes);
        let mut sentences = Vec::with_capacity(hashes.len());
        let (mut start, mut nlen) = (0, 0u32);
        let mut hashes = hashes.into_iter();
        // The index in `self.blocks` of the block of clause `i`.
        let mut b = 0;
        for (i, c) in self.list.iter().enumerate() {
            if c.starts_block() && i > 0 {
                b += 1;
            }
            nlen = nlen.wrapping_add(c.nlen());
            if c.sep().ends_sentence() {
                let Some(hash) = hashes.next() else { break };
                sentences.push(Sentence {
                    clauses: start as u32..i as u32 + 1,
                    hash,
                    nlen,
                    block: self.blocks[b].1,
                });
                (start, nlen) = (i + 1, 0);
            }
        }
        debug_assert!(hashes.next().is_none(), "a sentence hash without its clauses");
        sentences
    }

    /// The index in `Document::blocks` of clause `i`'s block.
    pub fn block(&self, i: usize) -> u32 {
        self.blocks[self.blocks.partition_point(|&(first, _)| first as usize <= i) - 1].1
    }

    /// True when clause `i` starts a sentence: it opens its block or follows a sentence end.
    pub fn starts_sentence(&self, i: usize) -> bool {
        i == 0 || self.list[i].starts_block() || self.list[i - 1].sep().ends_sentence()
    }

    /// True when clauses `i` and `j` have the same normalised hash and length. The caller
    /// confirms a run of such clauses with [`Clauses::same_text`] before reporting it.
    #[inline]
    pub fn same(&self, i: usize, j: usize) -> bool {
        self.list[i].hash == self.list[j].hash && self.list[i].nlen() == self.list[j].nlen()
    }
}

/// A block this rule reads: prose paragraphs, list items and quotes. Headings are excluded
/// (a headline repeated as the first sentence is house style, not a defect), and so are table
/// cells (a table repeats its cells by nature).
pub(crate) fn is_prose(b: &Block) -> bool {
    matches!(
        b.kind(),
        BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Quote
    )
}

/// Longest title-like plain line, in Han characters. A line without any sentence-final mark
/// that is shorter than this reads as a headline or a subheading (plain text has no `#`), and
/// a headline repeated in the body is not a defect.
pub(crate) const TITLE_MAX_HAN: u32 = 50;

/// Hashes of the first and of the last [`EDGE`] normalised characters of `s`: each the
/// [`edge_key`] of those characters' UTF-8 bytes.
fn edge_hashes(s: &str) -> [u64; 2] {
    // Most sentences start and end with characters U+4000..U+9FFF (lead bytes E4..E9), which
    // fold to themselves: then the twelve bytes at each end are the key's input as they stand,
    // read in two loads (700,000 sentences of a 100 MB file took 350M instructions decoding the
    // text forwards and backwards; hashing the two ends' code points instead of their bytes
    // cost the rule 11M more instructions on 10 MB). In valid UTF-8 such a lead byte is
    // followed by its two continuation bytes.
    let bytes = s.as_bytes();
    let han_at = |i: usize| (0xE4..=0xE9).contains(&bytes[i]);
    if bytes.len() >= 3 * EDGE && (0..EDGE).all(|k| han_at(3 * k) && han_at(bytes.len() - 3 * (k + 1))) {
        let key = |at: usize| {
            let lo = u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"));
            let hi = u32::from_le_bytes(bytes[at + 8..at + 12].try_into().expect("four bytes"));
            edge_key(lo, u64::from(hi), 3 * EDGE)
        };
        return [key(0), key(bytes.len() - 3 * EDGE)];
    }
    edge_hashes_decoded(s)
}

/// [`edge_hashes`] by decoding and folding every character.
fn edge_hashes_decoded(s: &str) -> [u64; 2] {
    let mut tail = ['\0'; EDGE];
    let mut n = 0;
    for c in s.chars().rev().filter_map(fold).take(EDGE) {
        n += 1;
        tail[EDGE - n] = c;
    }
    [
        edge_key_of(s.chars().filter_map(fold).take(EDGE)),
        edge_key_of(tail[EDGE - n..].iter().copied()),
    ]
}

/// [`edge_key`] of the UTF-8 bytes of `chars` (at most [`EDGE`] of them).
fn edge_key_of(chars: impl Iterator<Item = char>) -> u64 {
    let mut buf = [0u8; 4 * EDGE];
    let mut n = 0;
    for c in chars {
        n += c.encode_utf8(&mut buf[n..]).len();
    }
    let lo = u64::from_le_bytes(buf[..8].try_into().expect("eight bytes"));
    let hi = u64::from_le_bytes(buf[8..].try_into().expect("eight bytes"));
    edge_key(lo, hi, n)
}

/// The near-match bucket key of `len` bytes (at most sixteen: [`EDGE`] characters of up to
/// four bytes), held little-endian in `lo` (the first eight) and `hi` (the rest), zero past
/// `len`. Only compared within a run, so it is free to differ from the fingerprints' hash.
#[inline]
fn edge_key(lo: u64, hi: u64, len: usize) -> u64 {
    mix(lo.wrapping_mul(MUL) ^ hi.rotate_left(29), len as u64)
}

/// Fold one character for comparison: `None` for whitespace and punctuation, full-width ASCII
/// folded to ASCII, ASCII letters lower-cased.
#[inline]
pub(crate) fn fold(c: char) -> Option<char> {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Some(c.to_ascii_lowercase())
        } else {
            None
        };
    }
    if text::is_han(c) {
        return Some(c);
    }
    if text::is_space(c) || c.is_whitespace() || text::is_cjk_punct(c) {
        return None;
    }
    match c as u32 {
        // 々 and 〇 sit in the CJK punctuation block but are written as characters.
        0x3005 | 0x3007 => Some(c),
        0x00A1..=0x00BF
        | 0x2000..=0x206F
        | 0x3000..=0x303F
        | 0xFE10..=0xFE1F
        | 0xFE30..=0xFE4F
        | 0xFE50..=0xFE6F
        | 0xFF5F..=0xFF65 => None,
        _ => Some(c),
    }
}

const SEED: u64 = 0x243f_6a88_85a3_08d3;
const MUL: u64 = 0x517c_c1b7_2722_0a95;

/// A streaming hash over normalised characters: FxHash's step with a fixed seed and a
/// MurmurHash3 finaliser, identical across processes and platforms.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hasher {
    h: u64,
    n: u64,
}

impl Hasher {
    pub fn new() -> Self {
        Hasher { h: SEED, n: 0 }
    }

    #[inline]
    pub fn push(&mut self, c: char) {
        self.push_code(c as u32);
    }

    /// [`Hasher::step`] for a character given by its three UTF-8 bytes (decoded: the
    /// fingerprint hashes code points, and its values are pinned).
    #[inline(always)]
    fn step_utf8(h: u64, x: u8, y: u8, z: u8) -> u64 {
        Hasher::step(h, text::code_point3(x, y, z))
    }

    /// [`Hasher::push`] for a code point already decoded.
    #[inline]
    fn push_code(&mut self, c: u32) {
        self.h = Hasher::step(self.h, c);
        self.n += 1;
    }

    /// One step of the hash over a character's code point.
    #[inline(always)]
    fn step(h: u64, c: u32) -> u64 {
        (h.rotate_left(5) ^ c as u64).wrapping_mul(MUL)
    }

    pub fn finish(self) -> u64 {
        mix(self.h, self.n)
    }
}

/// The MurmurHash3 finaliser over a hash state and the number of characters it took.
#[inline]
fn mix(h: u64, n: u64) -> u64 {
    let mut h = h ^ n;
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Base of [`Poly`] (odd).
const BASE: u64 = 0x9e37_79b9_7f4a_7c15;

/// `BASE` to the powers 0..64: most clauses are shorter.
const POWERS: [u64; 64] = {
    let mut t = [1u64; 64];
    let mut i = 1;
    while i < 64 {
        t[i] = t[i - 1].wrapping_mul(BASE);
        i += 1;
    }
    t
};

/// The hash of clauses and sentences: a polynomial over the normalised characters (modulo
/// 2^64), so the hash of two pieces one after the other follows from theirs
/// ([`Poly::append`]). A sentence's hash is made from its clauses' as each clause ends and is
/// the hash of the sentence's characters, however they were split into clauses; the scan
/// runs one hash per character instead of two (a clause's and a sentence's). Only ever
/// compared within a run (the cross-file fingerprints use [`Hasher`]).
#[derive(Debug, Clone, Copy)]
struct Poly {
    h: u64,
    n: u64,
}

impl Poly {
    const fn new() -> Self {
        Poly { h: 0, n: 0 }
    }

    #[inline]
    fn push(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.h = match *c.encode_utf8(&mut buf).as_bytes() {
            [x @ 0xE4..=0xE9, y, z] => Poly::step_utf8(self.h, x, y, z),
            _ => Poly::step(self.h, c as u32),
        };
        self.n += 1;
    }

    #[inline(always)]
    fn step(h: u64, c: u32) -> u64 {
        h.wrapping_mul(BASE).wrapping_add(u64::from(c))
    }

    /// [`Poly::step`] for a character U+4000..U+9FFF given by its three UTF-8 bytes: the
    /// bytes themselves stand for it, read as one little-endian number (0x8080E4 and up, above
    /// every code point, so no other character's code can equal it), which saves decoding the
    /// most frequent characters. [`Poly::push`] codes every character so.
    #[inline(always)]
    fn step_utf8(h: u64, x: u8, y: u8, z: u8) -> u64 {
        Poly::step(h, u32::from_le_bytes([x, y, z, 0]))
    }

    /// This hash followed by `other`'s characters.
    #[inline]
    fn append(&mut self, other: Poly) {
        let pow = match POWERS.get(other.n as usize) {
            Some(&p) => p,
            None => BASE.wrapping_pow(other.n as u32),
        };
        self.h = self.h.wrapping_mul(pow).wrapping_add(other.h);
        self.n += other.n;
    }

    fn finish(self) -> u64 {
        mix(self.h, self.n)
    }
}

/// Clause hash of a normalised character sequence.
#[cfg(test)]
fn clause_hash_chars(s: &[char]) -> u64 {
    let mut h = Poly::new();
    for &c in s {
        h.push(c);
    }
    h.finish()
}

/// Hash of a normalised character sequence.
#[cfg(test)]
pub(crate) fn hash_chars(s: &[char]) -> u64 {
    let mut h = Hasher::new();
    for &c in s {
        h.push(c);
    }
    h.finish()
}

#[inline]
fn opens_quote(c: char) -> bool {
    matches!(c, '“' | '‘' | '「' | '『' | '《' | '〈')
}

#[inline]
fn closes_quote(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '》' | '〉')
}

/// The separator strength of `c`, given its neighbours (an ASCII comma or colon between two
/// digits is part of a number: 1,000 and 12:30).
#[inline]
fn separator(c: char, prev: Option<char>, next: Option<char>) -> Option<Sep> {
    match c {
        '，' | '：' => Some(Sep::Soft),
        ',' | ':' => {
            let digits = prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
            (!digits).then_some(Sep::Soft)
        }
        '；' | ';' => Some(Sep::Semi),
        _ if text::is_sentence_end(c) => Some(Sep::Stop),
        '.' if is_cjk_stop_dot(prev, next) => Some(Sep::Stop),
        _ => None,
    }
}

/// An ASCII full stop typed after Chinese text (`…提高.`) ends a sentence; one inside a number,
/// an abbreviation or a file name does not.
#[inline]
fn is_cjk_stop_dot(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(text::is_chinese) && !next.is_some_and(|n| n.is_ascii_alphanumeric())
}

/// Cut every prose block of `doc` into clauses. Title-like blocks (fewer than
/// [`TITLE_MAX_HAN`] Han characters and no sentence-final mark, or a single sentence as the
/// first block) are left out.
#[cfg(test)]
pub(crate) fn clauses<'d>(doc: &'d Document<'_>) -> Clauses<'d> {
    clauses_from(doc, 0, usize::MAX).0
}

/// The fewest bytes a clause of a window averages before the window may end (see
/// `WINDOW_MIN` in the rule's module): news copy averages 45-50.
pub(crate) const WINDOW_CLAUSE_BYTES: usize = 40;

/// Cut the prose blocks of `doc` from block `from` on into clauses, as [`clauses`] does,
/// stopping after the block with which the list holds `cap` clauses or more averaging fewer
/// than [`WINDOW_CLAUSE_BYTES`] bytes of text each. Returns the clauses and the index of the
/// first block not read.
pub(crate) fn clauses_from<'d>(doc: &'d Document<'_>, from: usize, cap: usize) -> (Clauses<'d>, usize) {
    let text = doc.text;
    let mut out = Clauses {
        // Room for news copy's clauses (one every 45-50 bytes) in one window: reserved, not
        // touched, when a window ends sooner.
        list: Vec::with_capacity((text.len() / 30).min(cap.max(text.len() / 40))),
        sentence_hashes: Vec::with_capacity((text.len() / 100).min(cap.max(text.len() / 40))),
        blocks: Vec::new(),
        text,
        masked: doc.masked(),
    };
    let block_start = doc.blocks.get(from).map_or(text.len(), |b| b.start());
    let mut mask = doc.masked().cursor(block_start);
    // Only the file's first prose block can be its headline.
    let mut first_block = from == 0;
    for (bi, b) in doc.blocks.iter_from(from).enumerate() {
        let bi = from + bi;
        let b = &b;
        if !is_prose(b) {
            continue;
        }
        let first_clause = out.list.len();
        let first_sentence = out.sentence_hashes.len();
        let has_stop = scan_block(text, b.range(), &mut mask, &mut out);
        let han: u32 = out.list[first_clause..].iter().map(|c| c.han()).sum();
        // A line without a sentence end is a headline; so is the first line of the file when
        // it is a single short sentence that does not end with a full stop (a headline may
        // end in ！ or ？, a lead paragraph ends in 。).
        let headline = first_block
            && out.sentence_hashes.len() == first_sentence + 1
            && !text[b.range()]
                .trim_end_matches(text::is_closing_mark)
                .ends_with(['。', '.']);
        if han < TITLE_MAX_HAN && (!has_stop || headline) {
            out.list.truncate(first_clause);
            out.sentence_hashes.truncate(first_sentence);
        } else if out.list.len() > first_clause {
            out.blocks.push((first_clause as u32, bi as u32));
        }
        first_block = false;
        if out.list.len() >= cap && out.list.len() * WINDOW_CLAUSE_BYTES > b.end() - block_start {
            return (out, bi + 1);
        }
    }
    (out, doc.blocks.len())
}

/// Scan one block; returns whether it holds a sentence-final mark.
fn scan_block(text: &str, range: Range<usize>, mask: &mut Cursor, out: &mut Clauses) -> bool {
    let s = &text[range.clone()];
    let base = range.start;
    let mut has_stop = false;
    let mut depth = 0u32;
    let mut next_mask = 0usize;
    // State of the clause being read.
    let mut start: Option<usize> = None;
    let mut content_end = 0usize;
    let mut nlen = 0u32;
    let mut han = 0u32;
    let mut top = 0u32;
    let mut hasher = Poly::new();
    // State of the sentence being read.
    let mut sentence = SentenceState::new(out.list.len());
    // Where the block's first clause goes in the list: the clauses from there on are its own.
    let block_first = out.list.len();
    let mut prev: Option<char> = None;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let pos = base + i;
        if pos >= next_mask {
            if mask.is_masked(pos) {
                let c = text::char_at(s, i).unwrap_or(' ');
                prev = Some(c);
                i += c.len_utf8();
                continue;
            }
            next_mask = mask.next_start();
        }
        // Most characters are Han, and most Han characters are U+4000..U+9FFF: three bytes
        // led by E4..E9. A run of them (up to the next masked range) is read in a tight loop
        // that keeps both hashes in registers and settles the counts once at its end.
        let b = bytes[i];
        if (0xE4..=0xE9).contains(&b) {
            if start.is_none() {
                start = Some(pos);
            }
            let lim = next_mask.saturating_sub(base).min(bytes.len());
            let run_start = i;
            let (h, end, last) = poly_run(bytes, i, lim, hasher.h);
            i = end;
            let k = ((i - run_start) / 3) as u32;
            hasher.h = h;
            hasher.n += u64::from(k);
            content_end = base + i;
            nlen += k;
            han += k;
            if depth == 0 {
                top += k;
            }
            prev = char::from_u32(last);
            continue;
        }
        let Some(c) = text::char_at(s, i) else { break };
        i += c.len_utf8();
        if text::is_han(c) {
            if start.is_none() {
                start = Some(pos);
            }
            content_end = base + i;
            nlen += 1;
            hasher.push(c);
            han += 1;
            top += u32::from(depth == 0);
            prev = Some(c);
            continue;
        }
        let next = if c.is_ascii() { text::char_at(s, i) } else { None };
        if let Some(sep) = separator(c, prev, next) {
            let mut end = base + i;
            if sep == Sep::Stop {
                has_stop = true;
                // A run of sentence ends and the closing quotes or brackets after it belong
                // to the sentence (as in `Document`'s sentence split).
                while let Some(d) = text::char_at(s, i) {
                    if text::is_sentence_end(d) || text::is_closing_mark(d) {
                        if closes_quote(d) {
                            depth = depth.saturating_sub(1);
                        }
                        i += d.len_utf8();
                        end = base + i;
                    } else {
                        break;
                    }
                }
            }
            let mut closes_sentence = false;
            if nlen > 0 {
                sentence.hasher.append(hasher);
                out.list.push(Clause::new(
                    (start.unwrap_or(pos), content_end, end),
                    nlen,
                    han,
                    top,
                    sep,
                    out.list.len() == block_first,
                    hasher.finish(),
                ));
                closes_sentence = sep.ends_sentence();
            } else if out.list.len() > block_first
                && let Some(last) = out.list.last_mut()
            {
                // A separator with nothing before it (“……” after “。”) strengthens the last
                // clause's separator instead of making an empty clause.
                last.end = end as u32;
                closes_sentence = !last.sep().ends_sentence() && sep.ends_sentence();
                last.set_sep(last.sep().max(sep));
            }
            if closes_sentence {
                close_sentence(out, &mut sentence);
            }
            start = None;
            nlen = 0;
            han = 0;
            top = 0;
            hasher = Poly::new();
            prev = Some(c);
            continue;
        }
        if opens_quote(c) {
            depth += 1;
        } else if closes_quote(c) {
            depth = depth.saturating_sub(1);
        }
        if !(text::is_space(c) || c.is_whitespace()) {
            if start.is_none() {
                start = Some(pos);
            }
            content_end = pos + c.len_utf8();
        }
        if let Some(f) = fold(c) {
            nlen += 1;
            hasher.push(f);
            top += u32::from(depth == 0);
        }
        prev = Some(c);
    }
    if nlen > 0 {
        sentence.hasher.append(hasher);
        out.list.push(Clause::new(
            (start.unwrap_or(range.end), content_end, content_end),
            nlen,
            han,
            top,
            Sep::End,
            out.list.len() == block_first,
            hasher.finish(),
        ));
    } else if out.list.len() > block_first
        && let Some(last) = out.list.last_mut()
    {
        last.set_sep(Sep::End);
    }
    if out.list.len() > sentence.start {
        close_sentence(out, &mut sentence);
    }
    has_stop
}

/// Hash the run of characters U+4000..U+9FFF (lead bytes E4..E9) that starts at `bytes[i]`,
/// stopping at `lim`, into `h` with `step`, which takes a character's three bytes
/// ([`Poly::step_utf8`] for clauses, [`Hasher::step_utf8`] for fingerprints). Returns the hash,
/// the offset after the run and the run's last code point. Kept out of its callers so that the
/// hash stays in a register: spilled to the stack, each step waited on a reload.
#[inline(never)]
fn han_run(
    bytes: &[u8],
    i: usize,
    lim: usize,
    h: u64,
    step: impl Fn(u64, u8, u8, u8) -> u64,
) -> (u64, usize, u32) {
    run_from(bytes, i, lim, &bytes[i..lim], h, step)
}

/// The rest of a run that started at `bytes[i]`: the characters U+4000..U+9FFF at the front of
/// `rest` (the bytes up to `lim`) hashed into `h` with `step`, then what [`han_run`] returns.
/// Inlined into both callers, which keep the hash in a register.
#[inline(always)]
fn run_from(
    bytes: &[u8],
    i: usize,
    lim: usize,
    mut rest: &[u8],
    mut h: u64,
    step: impl Fn(u64, u8, u8, u8) -> u64,
) -> (u64, usize, u32) {
    // The text is UTF-8 and `lim` a character boundary: a lead byte E4..E9 before it is
    // followed by two continuation bytes before it. One slice pattern checks both, and the
    // rest of the run is a shrinking slice, so no step checks an index.
    while let [x @ 0xE4..=0xE9, y, z, tail @ ..] = rest {
        h = step(h, *x, *y, *z);
        rest = tail;
    }
    let end = lim - rest.len();
    let last = match bytes[i..end] {
        [.., x, y, z] => text::code_point3(x, y, z),
        _ => 0,
    };
    (h, end, last)
}

/// [`han_run`] for the clause hash ([`Poly::step_utf8`]), two characters a step: the
/// polynomial of two characters is `h * BASE² + (x * BASE + y)`, one load reads both
/// characters' bytes, and a character U+4000..U+9FFF read little-endian is its
/// [`Poly::step_utf8`] code. One function for the whole run (the last one or two characters
/// included), so that a run, ten characters on average, pays for one call.
#[inline(never)]
fn poly_run(bytes: &[u8], i: usize, lim: usize, mut h: u64) -> (u64, usize, u32) {
    const BASE2: u64 = BASE.wrapping_mul(BASE);
    let lead = |b: u64| (0xE4..=0xE9).contains(&(b as u8));
    let code = |w: u64| w & 0xFF_FFFF;
    // `lim` is a character boundary: a lead byte E4..E9 before it has both its continuation
    // bytes before it, so the first eight bytes of `rest` hold two whole characters when the
    // first and the fourth are such lead bytes.
    let mut rest = &bytes[i..lim];
    while let Some(&w) = rest.first_chunk::<8>() {
        let w = u64::from_le_bytes(w);
        if !lead(w) {
            break;
        }
        if !lead(w >> 24) {
            h = h.wrapping_mul(BASE).wrapping_add(code(w));
            rest = &rest[3..];
            break;
        }
        h = h
            .wrapping_mul(BASE2)
            .wrapping_add(code(w).wrapping_mul(BASE).wrapping_add(code(w >> 24)));
        rest = &rest[6..];
    }
    // Fewer than eight bytes left, or the run ended: at most two characters more.
    run_from(bytes, i, lim, rest, h, Poly::step_utf8)
}

fn close_sentence(out: &mut Clauses, st: &mut SentenceState) {
    out.sentence_hashes.push(st.hasher.finish());
    *st = SentenceState::new(out.list.len());
}

/// Normalised hash and Han count of a whole block (the cross-file fingerprint), without
/// building clauses.
pub(crate) fn block_hash(doc: &Document, b: &Block) -> (u64, u32, bool) {
    let mut mask = doc.masked().cursor(b.start());
    let s = &doc.text[b.range()];
    let bytes = s.as_bytes();
    let base = b.start();
    let mut h = Hasher::new();
    let mut han = 0;
    let mut has_stop = false;
    let mut prev = None;
    let mut next_mask = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let pos = base + i;
        if pos >= next_mask {
            if mask.is_masked(pos) {
                i += text::char_at(s, i).map_or(1, char::len_utf8);
                continue;
            }
            next_mask = mask.next_start();
        }
        // A run of Han characters, as in `scan_block`: hashed without decoding to `char`.
        if (0xE4..=0xE9).contains(&bytes[i]) {
            let lim = next_mask.saturating_sub(base).min(bytes.len());
            let start = i;
            let (hh, end, last) = han_run(bytes, i, lim, h.h, Hasher::step_utf8);
            let k = ((end - start) / 3) as u32;
            h.h = hh;
            h.n += u64::from(k);
            han += k;
            prev = char::from_u32(last);
            i = end;
            continue;
        }
        let Some(c) = text::char_at(s, i) else { break };
        i += c.len_utf8();
        if text::is_sentence_end(c) || (c == '.' && is_cjk_stop_dot(prev, text::char_at(s, i))) {
            has_stop = true;
        }
        prev = Some(c);
        if let Some(f) = fold(c) {
            h.push(f);
            if text::is_han(f) {
                han += 1;
            }
        }
    }
    (h.finish(), han, has_stop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_hashes_from_bytes_equal_decoded() {
        let mut rng = crate::testutil::Rng::new();
        let pieces = [
            "国", "家", "人", "民", "中", "华", "新", "闻", "国家", "人民", "，", "“", "”", "A", "b", "１",
            " ", "〇", "㐀", "😀", "々",
        ];
        let mut fast = 0;
        for _ in 0..3000 {
            let s = rng.text(&pieces, 16);
            let bytes = s.as_bytes();
            if bytes.len() >= 3 * EDGE
                && (0..EDGE).all(|k| {
                    (0xE4..=0xE9).contains(&bytes[3 * k])
                        && (0xE4..=0xE9).contains(&bytes[bytes.len() - 3 * (k + 1)])
                })
            {
                fast += 1;
            }
            assert_eq!(edge_hashes(&s), edge_hashes_decoded(&s), "{s:?}");
        }
        assert!(fast > 20, "the fast path must be exercised ({fast})");
    }

    #[test]
    fn poly_run_equals_the_one_character_loop() {
        let pieces = [
            "国", "家", "人", "民", "中", "华", "，", "A", "〇", "㐀", "😀", "一", "龥",
        ];
        let mut rng = crate::testutil::Rng::new();
        let mut long = 0;
        for _ in 0..3000 {
            let s = rng.text(&pieces, 24);
            let b = s.as_bytes();
            let starts: Vec<usize> = (0..=b.len()).filter(|&i| s.is_char_boundary(i)).collect();
            for &i in &starts {
                for &lim in starts.iter().filter(|&&l| l >= i) {
                    let want = han_run(b, i, lim, 7, Poly::step_utf8);
                    assert_eq!(poly_run(b, i, lim, 7), want, "{s:?} {i}..{lim}");
                    long += usize::from(want.1 - i >= 18);
                }
            }
        }
        assert!(long > 1000, "runs of six characters or more: {long}");
    }

    use crate::document::SourceKind;

    /// `block_hash` as a plain walk over the characters.
    fn block_hash_by_chars(doc: &Document, b: &Block) -> (u64, u32, bool) {
        let mut h = Hasher::new();
        let (mut han, mut has_stop, mut prev) = (0, false, None);
        let mut it = doc.text[b.range()].char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if doc.masked().iter().any(|r| r.contains(b.start() + i)) {
                continue;
            }
            if text::is_sentence_end(c) || (c == '.' && is_cjk_stop_dot(prev, it.peek().map(|&(_, d)| d))) {
                has_stop = true;
            }
            prev = Some(c);
            if let Some(f) = fold(c) {
                h.push(f);
                han += u32::from(text::is_han(f));
            }
        }
        (h.finish(), han, has_stop)
    }

    #[test]
    fn block_hash_matches_a_character_walk() {
        let alphabet = [
            "中",
            "国",
            "人",
            "“",
            "”",
            "，",
            "。",
            ".",
            "a",
            "B",
            "１",
            " ",
            "`码`",
            "**重**",
            "〇",
            "\u{3400}",
            "\u{20000}",
        ];
        let mut rng = crate::testutil::Rng::new();
        let mut blocks = 0;
        for _ in 0..2000 {
            let t = rng.text(&alphabet, 30);
            for kind in [SourceKind::Plain, SourceKind::Markdown] {
                let d = Document::parse(&t, kind);
                for b in &d.blocks {
                    assert_eq!(block_hash(&d, &b), block_hash_by_chars(&d, &b), "{t:?}");
                    blocks += 1;
                }
            }
        }
        assert!(blocks > 2000, "only {blocks} blocks");
    }

    fn texts(t: &str) -> Vec<(String, Sep, bool)> {
        let d = Document::parse(t, SourceKind::Plain);
        let c = clauses(&d);
        c.list
            .iter()
            .map(|x| (t[x.start()..x.content_end()].to_string(), x.sep(), x.quoted()))
            .collect()
    }

    #[test]
    fn clauses_split_at_commas_semicolons_and_stops() {
        let t = "　　他说：“我们来了。”大家很高兴,价格从1,000元降到900元;会议在12:30结束……\n";
        let got = texts(t);
        let want = vec![
            ("他说".to_string(), Sep::Soft, false),
            ("“我们来了".to_string(), Sep::Stop, true),
            ("大家很高兴".to_string(), Sep::Soft, false),
            ("价格从1,000元降到900元".to_string(), Sep::Semi, false),
            ("会议在12:30结束".to_string(), Sep::End, false),
        ];
        assert_eq!(got, want);
    }

    /// The sentences made after the scan have the clauses whose characters the scan hashed
    /// for them: each sentence's hash is the hash of its clauses' normalised characters, its
    /// length their count, and together they cover every clause, a block at a time. Each
    /// clause's block, looked up rather than stored, holds it.
    #[test]
    fn sentences_are_made_of_the_clauses_they_were_hashed_from() {
        let pieces = [
            "中文",
            "句子",
            "。",
            "，",
            "；",
            "！",
            "……",
            "“",
            "”",
            "\n",
            "\n\n",
            "ab",
            " ",
            "1.5",
            ".",
            "# ",
            "- ",
            "| a | b |\n",
        ];
        let mut rng = crate::testutil::Rng::new();
        let mut seen = 0;
        for round in 0..3000 {
            let t = rng.text(&pieces, 40);
            let d = Document::parse(&t, [SourceKind::Plain, SourceKind::Markdown][round % 2]);
            let mut c = clauses(&d);
            // Each clause lies in the block it is said to be in, and starts a block exactly
            // when the clause before it lies in another.
            for (i, x) in c.list.iter().enumerate() {
                let b = &d.blocks.at(c.block(i) as usize);
                assert!(b.start() <= x.start() && x.content_end() <= b.end(), "{t:?}");
                assert_eq!(x.starts_block(), i == 0 || c.block(i - 1) != c.block(i), "{t:?}");
            }
            let sentences = c.take_sentences();
            let mut next = 0;
            let mut buf = Vec::new();
            for s in &sentences {
                let r = s.clauses();
                assert_eq!(r.start, next, "{t:?}");
                assert!(
                    r.start < r.end && c.list[r.end - 1].sep().ends_sentence(),
                    "{t:?}"
                );
                assert!(r.clone().all(|i| c.block(i) == s.block), "{t:?}");
                c.normalise(r.start, r.end, &mut buf);
                assert_eq!(s.hash, clause_hash_chars(&buf), "{t:?}");
                assert_eq!(s.nlen as usize, buf.len(), "{t:?}");
                next = r.end;
            }
            assert_eq!(next, c.list.len(), "{t:?}");
            seen += sentences.len();
        }
        assert!(seen > 3000, "only {seen} sentences");
    }

    #[test]
    fn normalisation_drops_punctuation_and_folds_width() {
        let t = "导语一句。导语两句。\nＡＢ１２，中文、“引号” 空格。\nab12,中文,\"引号\"空格.\n";
        let d = Document::parse(t, SourceKind::Plain);
        let mut c = clauses(&d);
        let sentences = c.take_sentences();
        assert_eq!(sentences.len(), 4);
        let (s1, s2) = (sentences[2].clauses(), sentences[3].clauses());
        let mut buf = Vec::new();
        c.normalise(s1.start, s1.end, &mut buf);
        assert_eq!(buf.iter().collect::<String>(), "ab12中文引号空格");
        c.normalise(s2.start, s2.end, &mut buf);
        assert_eq!(buf.iter().collect::<String>(), "ab12中文引号空格");
        assert_eq!(
            { c.list[s1.start].hash },
            clause_hash_chars(&['a', 'b', '1', '2'])
        );
        // A sentence's hash is its characters' hash, whatever its clauses.
        let all: Vec<char> = "ab12中文引号空格".chars().collect();
        assert_eq!(sentences[2].hash, clause_hash_chars(&all));
        assert_eq!(sentences[2].hash, sentences[3].hash);
        assert_eq!(sentences[2].nlen, 10);
        let e = sentences[2].clauses();
        assert_eq!(c.edges(e.start, e.end)[0], edge_key_of("ab12".chars()));
        assert_eq!(c.edges(e.start, e.end)[1], edge_key_of("引号空格".chars()));
        assert_ne!(edge_key_of("ab12".chars()), edge_key_of("ab13".chars()));
    }

    #[test]
    fn title_like_lines_are_left_out() {
        let t = "循道而行，推动建设一个更加美好的世界\n正文第一句。\n";
        let got = texts(t);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "正文第一句");
    }

    #[test]
    fn hash_is_fixed() {
        // The value is part of the cross-file contract: it must never change between runs.
        assert_eq!(hash_chars(&['中', '国']), 0x6ebe_8ec1_89d9_bb9a);
        assert_ne!(hash_chars(&['中', '国']), hash_chars(&['国', '中']));
        let mut h = Hasher::new();
        h.push('a');
        assert_eq!(h.finish(), hash_chars(&['a']));
    }
}
