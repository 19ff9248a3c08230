//! Line index: byte offset → 1-based line and character column, computed once per file at
//! render time. Spans everywhere else are byte ranges.

/// Where the lines of a text start. `\n`, `\r\n` and a lone `\r` all end a line.
///
/// Only some line starts are kept: the first, and then each line that starts at least
/// [`MARK_STRIDE`] bytes after the last one kept, with its line number. A lookup starts from the
/// nearest kept line before the offset and counts the line breaks from there: at most
/// `MARK_STRIDE` bytes and the line it lands in, whose characters the column counts anyway. A
/// file of short lines (a word list) holds one mark for many lines instead of four bytes a line;
/// news copy, whose lines are longer than the stride, one eight-byte mark a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// (line number, start offset) of the lines kept, in order; the first is line 0 at 0.
    marks: Vec<(u32, u32)>,
    /// Number of lines.
    lines: usize,
}

/// See [`LineIndex`].
pub const MARK_STRIDE: u32 = 64;

/// Builds a [`LineIndex`] from every line start in order, for a parser that finds them anyway.
#[derive(Debug)]
pub(crate) struct LineStarts {
    index: LineIndex,
    last_mark: u32,
}

impl LineStarts {
    pub(crate) fn new() -> Self {
        LineStarts {
            index: LineIndex {
                marks: vec![(0, 0)],
                lines: 1,
            },
            last_mark: 0,
        }
    }

    /// The next line starts at `start` (after the one before it).
    #[inline]
    pub(crate) fn push(&mut self, start: u32) {
        debug_assert!(start > self.last_mark);
        if start - self.last_mark >= MARK_STRIDE {
            self.index.marks.push((self.index.lines as u32, start));
            self.last_mark = start;
        }
        self.index.lines += 1;
    }

    pub(crate) fn finish(self) -> LineIndex {
        self.index
    }
}

/// The line breaks of `text[from..to]`: how many, and where the line after the last one starts
/// (`from` when there is none). A `\r` right before `to` with `\n` at `to` is not counted: the
/// break ends after the `\n`.
fn breaks(text: &[u8], from: usize, to: usize) -> (usize, usize) {
    let (mut n, mut start) = (0, from);
    for at in memchr::memchr2_iter(b'\n', b'\r', &text[from..to]) {
        let at = from + at;
        if text[at] == b'\r' && text.get(at + 1) == Some(&b'\n') {
            continue;
        }
        n += 1;
        start = at + 1;
    }
    (n, start)
}

/// Where the line after the first line break at or after `from` starts, if there is one.
pub(crate) fn next_start(text: &[u8], from: usize) -> Option<usize> {
    let at = from + memchr::memchr2(b'\n', b'\r', &text[from..])?;
    Some(after_break(text, at))
}

/// Where the line after the line break at `at` (`\n`, `\r\n` or a lone `\r`) starts.
pub(crate) fn after_break(text: &[u8], at: usize) -> usize {
    if text[at..].starts_with(b"\r\n") {
        at + 2
    } else {
        at + 1
    }
}

impl LineIndex {
    /// Index the lines of `text`.
    ///
    /// # Panics
    ///
    /// If `text` is longer than [`crate::document::MAX_TEXT_LEN`].
    pub fn new(text: &str) -> Self {
        assert!(
            text.len() <= crate::document::MAX_TEXT_LEN,
            "a line index of a text of 1 GiB or more"
        );
        let mut starts = LineStarts::new();
        let mut i = 0;
        while let Some(next) = next_start(text.as_bytes(), i) {
            starts.push(next as u32);
            i = next;
        }
        starts.finish()
    }

    /// Number of lines (a text ending in a newline has an empty last line).
    pub fn len(&self) -> usize {
        self.lines
    }

    /// True when the index holds no line; never the case, kept for clippy's sake.
    pub fn is_empty(&self) -> bool {
        self.lines == 0
    }

    /// The 0-based line holding `offset` of `text` (the indexed text), and where it starts.
    fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let m = self.marks.partition_point(|&(_, s)| s as usize <= offset) - 1;
        let (line, start) = self.marks[m];
        let (n, start) = breaks(text.as_bytes(), start as usize, offset);
        (line as usize + n, start)
    }

    /// 0-based line number containing `offset` of `text`, the indexed text.
    pub fn line_of(&self, text: &str, offset: usize) -> usize {
        self.locate(text, offset).0
    }

    /// Byte offset where 0-based line `line` of `text`, the indexed text, starts.
    ///
    /// # Panics
    ///
    /// If `text` has no such line.
    pub fn line_start(&self, text: &str, line: usize) -> usize {
        assert!(line < self.lines, "line {line} of {}", self.lines);
        let m = self.marks.partition_point(|&(l, _)| l as usize <= line) - 1;
        let (mark, mut pos) = (self.marks[m].0 as usize, self.marks[m].1 as usize);
        for _ in mark..line {
            pos = next_start(text.as_bytes(), pos).expect("the line exists");
        }
        pos
    }

    /// Byte range of 0-based line `line` of `text`, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(text, line);
        let end = memchr::memchr2(b'\n', b'\r', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        start..end
    }

    /// 1-based line and 1-based column counted in Unicode scalar values. A BOM at the start of
    /// the file is not counted as a column.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let (line, mut start) = self.locate(text, offset);
        if start == 0 && text.starts_with('\u{FEFF}') && offset >= 3 {
            start = 3;
        }
        let col = text[start..offset].chars().count() + 1;
        (line + 1, col)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line start, kept: the index as it was before it kept only some.
    fn every_start(text: &str) -> Vec<usize> {
        let b = text.as_bytes();
        let mut starts = vec![0];
        for (i, &c) in b.iter().enumerate() {
            if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        starts
    }

    /// Lookups from the marks give what a start kept for every line gives, on texts of short
    /// and long lines with every kind of line break, at every byte offset and for every line.
    #[test]
    fn marks_find_what_every_start_finds() {
        let mut rng = crate::testutil::Rng::new();
        let long = "很长的一行".repeat(30);
        let pieces = [
            "a",
            "中",
            "\n",
            "\r\n",
            "\r",
            "\n\n",
            "新闻稿件",
            long.as_str(),
            "\u{FEFF}",
        ];
        let mut marks_skipped = 0;
        for round in 0..400 {
            let t = rng.text(&pieces, if round % 2 == 0 { 40 } else { 400 });
            let li = LineIndex::new(&t);
            let starts = every_start(&t);
            assert_eq!(li.len(), starts.len(), "{t:?}");
            marks_skipped += starts.len() - li.marks.len();
            for (line, &start) in starts.iter().enumerate() {
                assert_eq!(li.line_start(&t, line), start, "line {line} of {t:?}");
                let end = starts.get(line + 1).map_or(t.len(), |&next| {
                    let mut e = next;
                    for c in [b'\n', b'\r'] {
                        if e > start && t.as_bytes()[e - 1] == c {
                            e -= 1;
                        }
                    }
                    e
                });
                assert_eq!(li.line_range(&t, line), start..end, "line {line} of {t:?}");
            }
            for offset in 0..=t.len() + 1 {
                let want = starts.partition_point(|&s| s <= offset.min(t.len())) - 1;
                assert_eq!(li.line_of(&t, offset), want, "offset {offset} of {t:?}");
                if t.is_char_boundary(offset.min(t.len())) {
                    assert_eq!(li.line_col(&t, offset).0, want + 1, "offset {offset} of {t:?}");
                }
            }
        }
        // The texts had runs of short lines, so some lookups started from a mark lines back.
        assert!(marks_skipped > 1000, "{marks_skipped} starts not kept");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let t = "新华社北京，  记者\n第二行";
        let li = LineIndex::new(t);
        let off = t.find('记').unwrap();
        assert_eq!(li.line_col(t, off), (1, 9));
        let off2 = t.find('二').unwrap();
        assert_eq!(li.line_col(t, off2), (2, 2));
    }

    #[test]
    fn crlf_and_lone_cr() {
        let t = "a\r\nb\rc\nd";
        let li = LineIndex::new(t);
        assert_eq!(li.len(), 4);
        assert_eq!(li.line_col(t, t.find('b').unwrap()), (2, 1));
        assert_eq!(li.line_col(t, t.find('c').unwrap()), (3, 1));
        assert_eq!(li.line_col(t, t.find('d').unwrap()), (4, 1));
        assert_eq!(li.line_range(t, 0), 0..1);
    }

    #[test]
    fn bom_is_not_a_column() {
        let t = "\u{FEFF}国家";
        let li = LineIndex::new(t);
        assert_eq!(li.line_col(t, 3), (1, 1));
        assert_eq!(li.line_col(t, 6), (1, 2));
    }
}
