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
///
/// A line longer than [`WITHIN_STRIDE`] also holds a mark every `WITHIN_STRIDE` bytes, with the
/// column there, so that a lookup counts at most that many bytes of it: counted from the line's
/// start, the findings on one line of 20 MB took 66 s to place (44,000 of them, each counting
/// half the line on average).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// (line number, start offset) of the lines kept, in order; the first is line 0 at 0.
    marks: Vec<(u32, u32)>,
    /// (offset, line number, column) of the marks inside long lines, in order: the column is
    /// the number of characters on the line before the offset (after a BOM that starts the
    /// text), and the offset a character boundary.
    within: Vec<(u32, u32, u32)>,
    /// Number of lines.
    lines: usize,
}

/// See [`LineIndex`].
pub const MARK_STRIDE: u32 = 64;

/// See [`LineIndex`]. (Small in tests, so that short texts hold long lines.)
#[cfg(not(test))]
const WITHIN_STRIDE: usize = 4096;
#[cfg(test)]
const WITHIN_STRIDE: usize = 40;

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
                within: Vec::new(),
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

    /// The index of `text`, whose line starts were pushed.
    pub(crate) fn finish(self, text: &str) -> LineIndex {
        let mut index = self.index;
        index.within = within_marks(text, &index.marks);
        index
    }
}

/// The marks inside the lines of `text` longer than [`WITHIN_STRIDE`] ([`LineIndex::within`]).
/// Such a line lies between two marks of `marks` at least that far apart (the line after it
/// starts a mark), or after the last one: only those stretches are searched for line breaks.
fn within_marks(text: &str, marks: &[(u32, u32)]) -> Vec<(u32, u32, u32)> {
    let b = text.as_bytes();
    let mut within = Vec::new();
    for (k, &(first, from)) in marks.iter().enumerate() {
        let to = marks.get(k + 1).map_or(b.len(), |m| m.1 as usize);
        let (mut line, mut start) = (first, from as usize);
        if to - start <= WITHIN_STRIDE {
            continue;
        }
        while start < to {
            let end = memchr::memchr2(b'\n', b'\r', &b[start..to]).map_or(to, |i| start + i);
            if end - start > WITHIN_STRIDE {
                // Columns count from after a BOM that starts the text, as `line_col` does.
                let mut at = if start == 0 && text.starts_with('\u{FEFF}') {
                    3
                } else {
                    start
                };
                let mut col = 0;
                while end - at > WITHIN_STRIDE {
                    let mut next = at + WITHIN_STRIDE;
                    while !text.is_char_boundary(next) {
                        next += 1;
                    }
                    col += text[at..next].chars().count();
                    within.push((next as u32, line, col as u32));
                    at = next;
                }
            }
            if end == to {
                break;
            }
            start = after_break(b, end);
            line += 1;
        }
    }
    within
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
        starts.finish(text)
    }

    /// Number of lines (a text ending in a newline has an empty last line).
    pub fn len(&self) -> usize {
        self.lines
    }

    /// True when the index holds no line; never the case, kept for clippy's sake.
    pub fn is_empty(&self) -> bool {
        self.lines == 0
    }

    /// The 0-based line holding `offset` of `text` (the indexed text), a place on it at or
    /// before `offset`, and the line's characters before that place: its start and 0, or the
    /// last mark inside it before `offset` and that mark's column.
    fn locate(&self, text: &str, offset: usize) -> (usize, usize, usize) {
        let offset = offset.min(text.len());
        let m = self.marks.partition_point(|&(_, s)| s as usize <= offset) - 1;
        let (mut line, mut from, mut col) = (self.marks[m].0 as usize, self.marks[m].1 as usize, 0);
        let w = self.within.partition_point(|&(at, _, _)| at as usize <= offset);
        if let Some(&(at, l, c)) = w.checked_sub(1).map(|w| &self.within[w])
            && at as usize > from
        {
            (line, from, col) = (l as usize, at as usize, c as usize);
        }
        match breaks(text.as_bytes(), from, offset) {
            (0, _) => (line, from, col),
            (n, start) => (line + n, start, 0),
        }
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
        let (line, mut from, before) = self.locate(text, offset);
        if from == 0 && text.starts_with('\u{FEFF}') && offset >= 3 {
            from = 3;
        }
        let col = before + text[from..offset].chars().count() + 1;
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
        let (mut marks_skipped, mut within) = (0, 0);
        for round in 0..400 {
            let t = rng.text(&pieces, if round % 2 == 0 { 40 } else { 400 });
            let li = LineIndex::new(&t);
            let starts = every_start(&t);
            assert_eq!(li.len(), starts.len(), "{t:?}");
            marks_skipped += starts.len() - li.marks.len();
            within += li.within.len();
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
                    // Characters from the line's start, after a BOM that starts the text.
                    let from = if want == 0 && t.starts_with('\u{FEFF}') && offset >= 3 {
                        3
                    } else {
                        starts[want]
                    };
                    let col = t[from..offset.min(t.len())].chars().count() + 1;
                    assert_eq!(
                        li.line_col(&t, offset),
                        (want + 1, col),
                        "offset {offset} of {t:?}"
                    );
                }
            }
        }
        // The texts had runs of short lines, so some lookups started from a mark lines back,
        // and lines longer than `WITHIN_STRIDE`, marked inside.
        assert!(marks_skipped > 1000, "{marks_skipped} starts not kept");
        assert!(within > 10_000, "{within} marks inside lines");
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
