//! A document's blocks, packed: about two bytes a block on a file of short lines.
//!
//! A [`Block`] is 8 bytes, and a plain file holds one for every non-blank line. On a file of
//! one-character lines that is four times the text (`a\n` is two bytes), and such a file over
//! about 30 MB broke issue 10's memory bound (100 MB plus twice the file). The list therefore
//! keeps each block as a difference from the one before:
//!
//! - one byte: the kind's 4-bit code, and the gap from the previous block's end (0 to 14 bytes;
//!   15 means the gap follows, zigzag-encoded, as a LEB128 varint, since Markdown blocks may
//!   start before the previous one ends);
//! - the block's length as a LEB128 varint (one byte under 128 bytes, two under 16 KiB).
//!
//! Every [`MARK_EVERY`]th block leaves a mark (where its entry starts, and the end of the block
//! before it), so [`Blocks::get`] and [`Blocks::iter_from`] decode at most that many entries.
//! Rules walk the list in order with [`Blocks::iter`], which decodes each entry once.

use crate::document::Block;

/// Blocks between two marks.
pub const MARK_EVERY: usize = 64;

/// The gap code that says the gap follows as a varint.
const GAP_ESCAPE: u8 = 15;

/// The blocks of a document, in order of their starts. See the module documentation.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Blocks {
    bytes: Vec<u8>,
    /// For blocks 0, [`MARK_EVERY`], 2 × [`MARK_EVERY`]…: the offset of the block's entry in
    /// `bytes`, and the end of the block before it (0 for the first).
    marks: Vec<(u32, u32)>,
    len: usize,
    /// The start and end of the last block pushed.
    start: u32,
    end: u32,
}

impl Blocks {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add `block` after the others. Its start must be after the previous block's start.
    pub(crate) fn push(&mut self, block: Block) {
        debug_assert!(self.is_empty() || (self.start as usize) < block.start());
        if self.len.is_multiple_of(MARK_EVERY) {
            self.marks.push((self.bytes.len() as u32, self.end));
        }
        let (start, end, code) = block.parts();
        let gap = i64::from(start) - i64::from(self.end);
        if (0..i64::from(GAP_ESCAPE)).contains(&gap) {
            self.bytes.push((gap as u8) << 4 | code);
        } else {
            self.bytes.push(GAP_ESCAPE << 4 | code);
            let zigzag = ((gap << 1) ^ (gap >> 63)) as u64;
            push_varint(&mut self.bytes, zigzag);
        }
        push_varint(&mut self.bytes, u64::from(end - start));
        self.start = start;
        self.end = end;
        self.len += 1;
    }

    /// The number of blocks.
    #[inline]
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are no blocks.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The blocks in order.
    #[inline]
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            bytes: &self.bytes,
            end: 0,
            left: self.len,
        }
    }

    /// The blocks from block `i` on (none if `i` is past the last).
    pub fn iter_from(&self, i: usize) -> Iter<'_> {
        if i >= self.len {
            return Iter {
                bytes: &[],
                end: self.end,
                left: 0,
            };
        }
        let (at, end) = self.marks[i / MARK_EVERY];
        let mut it = Iter {
            bytes: &self.bytes[at as usize..],
            end,
            left: self.len - (i / MARK_EVERY) * MARK_EVERY,
        };
        for _ in 0..i % MARK_EVERY {
            it.next();
        }
        it
    }

    /// Block `i`.
    ///
    /// # Panics
    ///
    /// If there is no block `i`.
    #[track_caller]
    pub fn at(&self, i: usize) -> Block {
        self.get(i)
            .unwrap_or_else(|| panic!("block {i} of {} asked for", self.len))
    }

    /// Block `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<Block> {
        self.iter_from(i).next()
    }

    /// A reader of blocks by index that is cheap when the indices rise ([`Cursor::at`]).
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            blocks: self,
            it: self.iter(),
            next: 0,
        }
    }

    /// Every two adjacent blocks, in order.
    pub fn pairs(&self) -> impl Iterator<Item = (Block, Block)> + '_ {
        let mut it = self.iter();
        let mut prev = it.next();
        it.map(move |b| (prev.replace(b).expect("a block before"), b))
    }

    /// The last block.
    pub fn last(&self) -> Option<Block> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    /// The heap bytes the list holds (for measurement).
    #[doc(hidden)]
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + self.marks.capacity() * std::mem::size_of::<(u32, u32)>()
    }
}

impl std::fmt::Debug for Blocks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'b> IntoIterator for &'b Blocks {
    type Item = Block;
    type IntoIter = Iter<'b>;

    fn into_iter(self) -> Iter<'b> {
        self.iter()
    }
}

impl FromIterator<Block> for Blocks {
    fn from_iter<I: IntoIterator<Item = Block>>(iter: I) -> Self {
        let mut blocks = Blocks::new();
        for b in iter {
            blocks.push(b);
        }
        blocks
    }
}

/// Reads blocks by index, decoding forward from the last one read when it can.
pub struct Cursor<'b> {
    blocks: &'b Blocks,
    it: Iter<'b>,
    /// The index of the block `it` gives next.
    next: usize,
}

impl Cursor<'_> {
    /// Block `i`: one entry decoded when `i` is the block after the last one read, at most
    /// [`MARK_EVERY`] otherwise.
    ///
    /// # Panics
    ///
    /// If there is no block `i`.
    #[track_caller]
    pub fn at(&mut self, i: usize) -> Block {
        if i < self.next || i - self.next >= MARK_EVERY {
            self.it = self.blocks.iter_from(i);
            self.next = i;
        }
        while self.next < i {
            self.it.next();
            self.next += 1;
        }
        self.next += 1;
        self.it
            .next()
            .unwrap_or_else(|| panic!("block {i} of {} asked for", self.blocks.len))
    }
}

/// The blocks of a [`Blocks`] list, decoded in order.
#[derive(Clone)]
pub struct Iter<'b> {
    bytes: &'b [u8],
    /// The end of the block before the next one.
    end: u32,
    left: usize,
}

impl Iterator for Iter<'_> {
    type Item = Block;

    #[inline]
    fn next(&mut self) -> Option<Block> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let (&head, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        let gap = head >> 4;
        let start = if gap < GAP_ESCAPE {
            self.end + u32::from(gap)
        } else {
            let z = self.varint();
            let gap = (z >> 1) as i64 ^ -((z & 1) as i64);
            (i64::from(self.end) + gap) as u32
        };
        let end = start + self.varint() as u32;
        self.end = end;
        Some(Block::from_parts(start, end, head & 15))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl Iter<'_> {
    /// Read one LEB128 varint.
    #[inline]
    fn varint(&mut self) -> u64 {
        read_varint(&mut self.bytes)
    }
}

/// Read one LEB128 varint from the front of `bytes`, and step past it.
#[inline]
pub(crate) fn read_varint(bytes: &mut &[u8]) -> u64 {
    let mut value = 0u64;
    let mut shift = 0;
    while let Some((&b, rest)) = bytes.split_first() {
        *bytes = rest;
        value |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    value
}

/// Append `v` as a LEB128 varint.
pub(crate) fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, MAX_TEXT_LEN};

    const KINDS: [BlockKind; 10] = [
        BlockKind::Paragraph,
        BlockKind::ListItem,
        BlockKind::Quote,
        BlockKind::TableCell,
        BlockKind::Heading(1),
        BlockKind::Heading(2),
        BlockKind::Heading(3),
        BlockKind::Heading(4),
        BlockKind::Heading(5),
        BlockKind::Heading(6),
    ];

    /// Random lists of blocks: gaps of every encoded size (and negative ones, as nested
    /// Markdown blocks have), lengths across varint boundaries, offsets up to the 30-bit limit.
    fn random_list(rng: &mut crate::testutil::Rng, n: usize) -> Vec<Block> {
        let mut out: Vec<Block> = Vec::new();
        let mut start = 0usize;
        let mut prev_end = 0usize;
        for _ in 0..n {
            let next = match rng.below(6) {
                // Overlap: start inside the previous block.
                0 if !out.is_empty() && prev_end > start + 1 => start + 1 + rng.below(prev_end - start - 1),
                1 => prev_end + rng.below(15),
                2 => prev_end + 15 + rng.below(300),
                3 => prev_end + rng.below(1 << 20),
                _ => prev_end + rng.below(4),
            };
            let next = if out.is_empty() { next } else { next.max(start + 1) };
            let len = match rng.below(4) {
                0 => 1 + rng.below(127),
                1 => 120 + rng.below(20),
                2 => 16_000 + rng.below(800),
                _ => 1 + rng.below(1 << 22),
            };
            if next + len > MAX_TEXT_LEN {
                break;
            }
            let kind = KINDS[rng.below(KINDS.len())];
            out.push(Block::new(next..next + len, kind));
            start = next;
            prev_end = next + len;
        }
        out
    }

    #[test]
    fn packed_blocks_read_back_as_pushed() {
        let mut total = 0;
        let mut rng = crate::testutil::Rng::new();
        for seed in 0..60 {
            let want = random_list(&mut rng, 1 + seed * 7);
            let packed: Blocks = want.iter().copied().collect();
            assert_eq!(packed.len(), want.len());
            assert_eq!(packed.iter().collect::<Vec<_>>(), want, "seed {seed}");
            for i in 0..=want.len() {
                assert_eq!(packed.get(i), want.get(i).copied(), "seed {seed}, block {i}");
                assert_eq!(
                    packed.iter_from(i).collect::<Vec<_>>(),
                    want[i..],
                    "seed {seed}, from {i}"
                );
            }
            assert_eq!(packed.last(), want.last().copied());
            // The cursor, read rising, falling, by a stride past a mark, and at random.
            let mut cursor = packed.cursor();
            let n = want.len();
            let order = (0..n)
                .chain((0..n).rev())
                .chain((0..n).step_by(MARK_EVERY + 3))
                .chain((0..n).map(|_| rng.below(n)));
            for i in order {
                assert_eq!(cursor.at(i), want[i], "seed {seed}, cursor at {i}");
            }
            total += want.len();
        }
        assert!(total > 10_000, "the lists must hold blocks ({total})");
    }

    #[test]
    fn the_largest_offsets_and_gaps_survive() {
        let want = vec![
            Block::new(0..1, BlockKind::Paragraph),
            Block::new(MAX_TEXT_LEN - 2..MAX_TEXT_LEN, BlockKind::Heading(6)),
        ];
        let packed: Blocks = want.iter().copied().collect();
        assert_eq!(packed.iter().collect::<Vec<_>>(), want);
        let want = vec![
            Block::new(0..MAX_TEXT_LEN, BlockKind::TableCell),
            Block::new(1..2, BlockKind::Quote),
        ];
        let packed: Blocks = want.iter().copied().collect();
        assert_eq!(packed.iter().collect::<Vec<_>>(), want);
    }

    #[test]
    fn one_character_lines_take_two_bytes_a_block() {
        let text = "中\n".repeat(10_000);
        let doc = crate::document::Document::parse(&text, crate::document::SourceKind::Plain);
        assert_eq!(doc.blocks.len(), 10_000);
        let bytes = doc.blocks.heap_bytes();
        // Two bytes an entry and 8 bytes a mark every 64 blocks, plus what the vectors
        // over-allocate while growing (less than double).
        assert!(
            bytes < 2 * (2 * 10_000 + 8 * 10_000 / MARK_EVERY),
            "{bytes} bytes"
        );
        assert!(doc.blocks.iter().all(|b| &text[b.range()] == "中"));
    }
}
