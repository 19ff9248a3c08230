//! Line index: byte offset → 1-based line and character column, computed once per file at
//! render time. Spans everywhere else are byte ranges.

/// Start offsets of every line of a text. `\n`, `\r\n` and a lone `\r` all end a line.
///
/// Offsets are 32-bit, like the document model's ([`crate::document::MAX_TEXT_LEN`]): a file
/// of short lines holds a start for every few bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<u32>,
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
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while let Some(off) = memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
            let at = i + off;
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                starts.push((at + 2) as u32);
                i = at + 2;
            } else {
                starts.push((at + 1) as u32);
                i = at + 1;
            }
        }
        LineIndex { starts }
    }

    /// An index of line starts found elsewhere (the first is 0; in increasing order).
    pub(crate) fn from_starts(starts: Vec<u32>) -> Self {
        debug_assert!(starts.first() == Some(&0) && starts.windows(2).all(|w| w[0] < w[1]));
        LineIndex { starts }
    }

    /// Number of lines (a text ending in a newline has an empty last line).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// True when the index holds no line; never the case, kept for clippy's sake.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// 0-based line number containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        let Ok(offset) = u32::try_from(offset) else {
            return self.starts.len() - 1;
        };
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    /// Byte offset where 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line] as usize
    }

    /// Byte range of 0-based line `line`, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line] as usize;
        let mut end = self.starts.get(line + 1).map_or(text.len(), |&s| s as usize);
        let b = text.as_bytes();
        if end > start && b[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && b[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// 1-based line and 1-based column counted in Unicode scalar values. A BOM at the start of
    /// the file is not counted as a column.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let mut start = self.starts[line] as usize;
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
