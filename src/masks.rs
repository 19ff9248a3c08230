//! A document's masked ranges, packed: about two bytes a range on a file of short ones.
//!
//! A [`Mask`] is 8 bytes, and a Markdown file can hold one every few bytes (`` `中` `` alone
//! on every line is a code span, so a mask, every 7 bytes). With the text and its blocks that
//! took 2.45 times the file, and such a file over about 140 MB broke issue 10's memory bound
//! (100 MB plus twice the file). The list therefore keeps each range as two LEB128 varints: the
//! gap from the end of the range before it, and its length (one byte each under 128 bytes).
//!
//! The ranges are sorted and merged as they are added ([`Masks::push`]): a range that starts
//! inside or right at the end of the last one extends it. One that starts before the last
//! one's start (Markdown pushes a link's mask after the masks inside its text; URLs are found
//! after the Markdown pass) is held aside, unpacked, until [`Masks::finish`] merges it in.
//!
//! Every [`MARK_EVERY`]th range leaves a mark (where its entry starts, the end of the range
//! before it and its own start), so [`Masks::find`] is a binary search over the marks and at
//! most that many entries decoded. Rules that walk a block in order use a [`Cursor`], which
//! decodes each entry once.

use crate::blocks::{push_varint, read_varint};
use std::ops::Range;

/// Ranges between two marks. A mark is 12 bytes, so 1.5 bytes a range at 8. Rules ask
/// [`Masks::find`] about single offsets (a punctuation mark's neighbours, a candidate's
/// span): on 10 MB of Markdown news copy with links, emphasis, code and URLs, the lookups cost
/// 11M instructions at 8 and 16M at 16, of 915M in all.
pub const MARK_EVERY: usize = 8;

/// A masked byte range (offsets in the model are 30-bit).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Mask {
    start: u32,
    end: u32,
}

impl Mask {
    pub(crate) fn new(range: Range<usize>) -> Mask {
        debug_assert!(range.start <= range.end && range.end <= crate::document::MAX_TEXT_LEN);
        Mask {
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    /// The first masked byte.
    #[inline]
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// The end of the masked bytes.
    #[inline]
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// The masked bytes.
    #[inline]
    pub fn range(&self) -> Range<usize> {
        self.start()..self.end()
    }

    /// Whether byte `pos` is masked.
    #[inline]
    pub fn contains(&self, pos: usize) -> bool {
        self.start() <= pos && pos < self.end()
    }
}

impl std::fmt::Debug for Mask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.range().fmt(f)
    }
}

/// Where a run of [`MARK_EVERY`] entries starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Mark {
    /// The offset of the run's first entry in the bytes.
    at: u32,
    /// The end of the range before the run's first (0 for the very first).
    before: u32,
    /// The start of the run's first range.
    start: u32,
}

/// The masked ranges of a document, sorted and merged. See the module documentation.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Masks {
    bytes: Vec<u8>,
    marks: Vec<Mark>,
    len: usize,
    /// The last packed range, the end of the one before it (0 if none), and where its entry
    /// starts: a range added over it rewrites that entry.
    last: Mask,
    before: u32,
    last_at: u32,
    /// Ranges added out of order, until [`Masks::finish`].
    stray: Vec<Mask>,
}

impl Masks {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add the masked bytes `range`. An empty range adds nothing.
    pub(crate) fn push(&mut self, range: Range<usize>) {
        if range.start >= range.end {
            return;
        }
        let m = Mask::new(range);
        if self.len > 0 && m.start < self.last.start {
            self.stray.push(m);
            return;
        }
        if self.len > 0 && m.start <= self.last.end {
            if m.end > self.last.end {
                self.last.end = m.end;
                self.bytes.truncate(self.last_at as usize);
                self.encode(self.before, self.last);
            }
            return;
        }
        let before = if self.len > 0 { self.last.end } else { 0 };
        if self.len.is_multiple_of(MARK_EVERY) {
            self.marks.push(Mark {
                at: self.bytes.len() as u32,
                before,
                start: m.start,
            });
        }
        self.last_at = self.bytes.len() as u32;
        self.before = before;
        self.last = m;
        self.encode(before, m);
        self.len += 1;
    }

    fn encode(&mut self, before: u32, m: Mask) {
        push_varint(&mut self.bytes, u64::from(m.start - before));
        push_varint(&mut self.bytes, u64::from(m.end - m.start));
    }

    /// Merge in the ranges that were added out of order; call once every range is added,
    /// before the list is read.
    pub(crate) fn finish(&mut self) {
        if !self.stray.is_empty() {
            let mut stray = std::mem::take(&mut self.stray);
            stray.sort_unstable_by_key(|m| m.start);
            let old = std::mem::take(self);
            let mut packed = old.iter().peekable();
            let mut stray = stray.into_iter().peekable();
            loop {
                let next = match (packed.peek(), stray.peek()) {
                    (Some(a), Some(b)) if b.start < a.start => stray.next(),
                    (Some(_), _) => packed.next(),
                    (None, _) => stray.next(),
                };
                let Some(m) = next else { break };
                self.push(m.range());
            }
            debug_assert!(self.stray.is_empty(), "ranges merged in order");
        }
        self.bytes.shrink_to_fit();
        self.marks.shrink_to_fit();
    }

    /// The number of ranges.
    #[inline]
    pub fn len(&self) -> usize {
        debug_assert!(self.stray.is_empty(), "read before finish");
        self.len
    }

    /// True when nothing is masked.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The ranges in order.
    pub fn iter(&self) -> Iter<'_> {
        debug_assert!(self.stray.is_empty(), "read before finish");
        Iter {
            bytes: &self.bytes,
            end: 0,
            left: self.len,
        }
    }

    /// The range holding byte `pos` or else the first after it, and the ranges after that one.
    fn seek(&self, pos: usize) -> (Option<Mask>, Iter<'_>) {
        debug_assert!(self.stray.is_empty(), "read before finish");
        // The ranges of the runs before the last run that starts at or before `pos` end before
        // that run's first range starts, so at or before `pos`.
        let run = self
            .marks
            .partition_point(|m| m.start as usize <= pos)
            .saturating_sub(1);
        let mut it = match self.marks.get(run) {
            Some(mark) => Iter {
                bytes: &self.bytes[mark.at as usize..],
                end: mark.before,
                left: self.len - run * MARK_EVERY,
            },
            None => self.iter(),
        };
        while let Some(m) = it.next() {
            if m.end() > pos {
                return (Some(m), it);
            }
        }
        (None, it)
    }

    /// The range holding byte `pos`, or else the first range after it.
    #[inline]
    pub fn find(&self, pos: usize) -> Option<Mask> {
        if self.len == 0 {
            return None;
        }
        self.seek(pos).0
    }

    /// True when byte `pos` is masked.
    #[inline]
    pub fn contains(&self, pos: usize) -> bool {
        self.find(pos).is_some_and(|m| m.start() <= pos)
    }

    /// True when any byte of `range` is masked.
    #[inline]
    pub fn overlaps(&self, range: Range<usize>) -> bool {
        self.find(range.start).is_some_and(|m| m.start() < range.end)
    }

    /// A reader that answers [`Cursor::is_masked`] for rising offsets from `pos` on.
    pub fn cursor(&self, pos: usize) -> Cursor<'_> {
        let (cur, it) = self.seek(pos);
        Cursor { it, cur }
    }

    /// The heap bytes the list holds (for measurement).
    #[doc(hidden)]
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity()
            + self.marks.capacity() * std::mem::size_of::<Mark>()
            + self.stray.capacity() * std::mem::size_of::<Mask>()
    }
}

impl std::fmt::Debug for Masks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(Iter {
                bytes: &self.bytes,
                end: 0,
                left: self.len,
            })
            .entries(&self.stray)
            .finish()
    }
}

/// The ranges of a [`Masks`] list, decoded in order.
#[derive(Clone)]
pub struct Iter<'m> {
    bytes: &'m [u8],
    /// The end of the range before the next one.
    end: u32,
    left: usize,
}

impl Iterator for Iter<'_> {
    type Item = Mask;

    #[inline]
    fn next(&mut self) -> Option<Mask> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let start = self.end + read_varint(&mut self.bytes) as u32;
        let end = start + read_varint(&mut self.bytes) as u32;
        self.end = end;
        Some(Mask { start, end })
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

/// Walks the masked ranges alongside a forward scan, so masking costs one comparison per
/// character ([`Masks::cursor`]).
pub struct Cursor<'m> {
    it: Iter<'m>,
    /// The first range that ends after the last offset asked about.
    cur: Option<Mask>,
}

impl Cursor<'_> {
    /// True when byte `pos` is masked; `pos` must not be less than an offset asked before.
    #[inline(always)]
    pub fn is_masked(&mut self, pos: usize) -> bool {
        while let Some(m) = self.cur {
            if m.end() > pos {
                return m.start() <= pos;
            }
            self.cur = self.it.next();
        }
        false
    }

    /// The first offset at or after `pos` that may be masked (call after `is_masked(pos)`
    /// returned false): no need to ask again before it.
    #[inline(always)]
    pub fn next_start(&self) -> usize {
        self.cur.map_or(usize::MAX, |m| m.start())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: sort, then merge ranges that overlap or touch.
    fn merged(mut v: Vec<Range<usize>>) -> Vec<Range<usize>> {
        v.retain(|r| r.start < r.end);
        v.sort_by_key(|r| r.start);
        let mut out: Vec<Range<usize>> = Vec::new();
        for r in v {
            match out.last_mut() {
                Some(l) if r.start <= l.end => l.end = l.end.max(r.end),
                _ => out.push(r),
            }
        }
        out
    }

    /// Random ranges, mostly rising (as a document adds them), some out of order, some
    /// overlapping or touching, some empty; gaps and lengths across varint boundaries.
    fn random_ranges(rng: &mut crate::testutil::Rng, n: usize) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut at = 0usize;
        for _ in 0..n {
            let gap = match rng.below(6) {
                0 => 0,
                1 => rng.below(3),
                2 => rng.below(200),
                3 => rng.below(20_000),
                4 => rng.below(3_000_000),
                _ => 1 + rng.below(10),
            };
            let len = match rng.below(4) {
                0 => 0,
                1 => 1 + rng.below(5),
                2 => rng.below(300),
                _ => rng.below(40_000),
            };
            let start = if rng.below(8) == 0 {
                // Out of order: somewhere before.
                rng.below(at + 1)
            } else {
                at + gap
            };
            let end = (start + len).min(crate::document::MAX_TEXT_LEN);
            let start = start.min(end);
            at = at.max(start);
            out.push(start..end);
        }
        out
    }

    #[test]
    fn packed_ranges_read_back_sorted_and_merged() {
        let mut rng = crate::testutil::Rng::new();
        let (mut stray, mut merged_in_place, mut multi_byte) = (0, 0, 0);
        for round in 0..400 {
            let ranges = random_ranges(&mut rng, [0, 1, 2, 17, 40, 300][round % 6]);
            let want = merged(ranges.clone());
            let mut masks = Masks::new();
            for r in &ranges {
                masks.push(r.clone());
            }
            stray += usize::from(!masks.stray.is_empty());
            masks.finish();
            let got: Vec<Range<usize>> = masks.iter().map(|m| m.range()).collect();
            assert_eq!(got, want, "{ranges:?}");
            assert_eq!(masks.len(), want.len());
            merged_in_place += usize::from(want.len() < ranges.iter().filter(|r| r.start < r.end).count());
            multi_byte += usize::from(masks.bytes.len() > 2 * masks.len());
            // Every query, at every interesting offset, as the sorted list answers it.
            let mut probes: Vec<usize> = want.iter().flat_map(|r| [r.start, r.end]).collect();
            probes.extend(
                want.iter()
                    .flat_map(|r| [r.start.saturating_sub(1), r.end.saturating_sub(1)]),
            );
            probes.extend((0..20).map(|_| rng.below(want.last().map_or(10, |r| r.end + 10))));
            probes.sort_unstable();
            probes.dedup();
            let first_after = |p: usize| want.iter().find(|r| r.end > p).cloned();
            for &p in &probes {
                assert_eq!(masks.find(p).map(|m| m.range()), first_after(p), "find({p})");
                assert_eq!(
                    masks.contains(p),
                    want.iter().any(|r| r.contains(&p)),
                    "contains({p})"
                );
                // An empty range counts as overlapping the range it is inside, as it always has
                // for `Document::overlaps_mask`.
                for len in [0, 1, 7, 500] {
                    let overlaps = want.iter().any(|r| r.start < p + len && p < r.end);
                    assert_eq!(masks.overlaps(p..p + len), overlaps, "overlaps({p}, {len})");
                }
            }
            // A cursor from each probe agrees with `contains` as the offsets rise.
            for &from in probes.iter().step_by(7) {
                let mut c = masks.cursor(from);
                for &p in probes.iter().filter(|&&p| p >= from) {
                    assert_eq!(c.is_masked(p), masks.contains(p), "cursor from {from} at {p}");
                    if !masks.contains(p) {
                        assert!(want.iter().all(|r| r.end <= p || r.start >= c.next_start()));
                    }
                }
            }
        }
        assert!(
            stray > 100 && merged_in_place > 100 && multi_byte > 50,
            "{stray} lists with ranges out of order, {merged_in_place} with merges, {multi_byte} with long varints"
        );
    }

    #[test]
    fn short_ranges_take_two_bytes_each() {
        let mut masks = Masks::new();
        let n = 10_000;
        for i in 0..n {
            // A one-character code span on every line of its own: `` `中` `` then a blank line.
            masks.push(7 * i..7 * i + 5);
        }
        masks.finish();
        assert_eq!(masks.len(), n);
        assert_eq!(masks.bytes.len(), 2 * n);
        assert!(masks.heap_bytes() < 4 * n, "{} bytes", masks.heap_bytes());
        assert_eq!(
            masks.find(7 * 9_999 + 4).map(|m| m.range()),
            Some(7 * 9_999..7 * 9_999 + 5)
        );
        assert_eq!(masks.find(7 * 9_999 + 5), None);
    }
}
