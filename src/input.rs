//! Reading one source: a file or stdin, as bytes, checked and decoded as UTF-8.
//!
//! newslint checks UTF-8 text and nothing else. Rather than guessing an encoding and linting
//! the guess (which would make every byte offset in the report wrong), a file that is not UTF-8
//! is refused with an error that says what it most likely is and how to convert it: UTF-16 by
//! its byte-order mark (or by its pattern of NUL bytes), GB18030 when the bytes decode cleanly
//! as GB18030 and contain Chinese. A file with NUL bytes that is not UTF-16 is binary.
//!
//! A UTF-8 byte-order mark stays in the text: spans are offsets into the bytes as read, so the
//! text must be those bytes.

use std::fmt;
use std::io::{self, Read};
use std::ops::Deref;
use std::path::Path;

/// Default for `max-file-size`: files larger than this are refused (256 MiB).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// Files at least this large are mapped instead of read by [`read_text`]. Reading copies the
/// file into freshly allocated memory, and on this kind of machine (a virtual machine, where a
/// first touch of a page is expensive) the read cost a sixth of the time of checking a 100 MB
/// file; the page cache's own pages cost nothing to map. Small files are read: a mapping costs
/// more than a copy of a few pages.
pub const MAP_MIN: u64 = 1 << 20;

/// The decoded text of one source, validated UTF-8: read into memory, or mapped read-only from
/// the page cache (large files, [`MAP_MIN`]). Dereferences to `str`.
///
/// A mapped file that another program truncates while newslint reads it can kill the process
/// (`SIGBUS`), as it would `ripgrep`; a file that is replaced (saved through a new file and a
/// rename, as editors and `newslint fix` do) is not affected. Fixing never maps: it reads.
pub struct Text(Repr);

enum Repr {
    Owned(String),
    Mapped(memmap2::Mmap),
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            // SAFETY: a mapping is only made into a `Text` after its bytes were validated as
            // UTF-8 (`read_text`), and it is read-only.
            Repr::Mapped(m) => unsafe { std::str::from_utf8_unchecked(m) },
        }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Repr::Owned(s))
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = match self.0 {
            Repr::Owned(_) => "read",
            Repr::Mapped(_) => "mapped",
        };
        write!(f, "Text({how}, {} bytes)", self.len())
    }
}

/// Why a source could not be checked. `Display` names the file and says what is wrong.
#[derive(Debug)]
pub enum InputError {
    /// The path does not exist.
    Missing {
        /// The path as displayed.
        path: String,
    },
    /// The path exists but cannot be read (permissions, a symlink loop, an I/O error).
    Unreadable {
        /// The path as displayed.
        path: String,
        /// The operating system's error.
        error: io::Error,
    },
    /// The file is larger than `max-file-size`.
    TooLarge {
        /// The path as displayed.
        path: String,
        /// Its size in bytes (at least `max + 1` when read from a stream).
        size: u64,
        /// The limit in bytes.
        max: u64,
    },
    /// The bytes are not UTF-8.
    InvalidUtf8 {
        /// The path as displayed.
        path: String,
        /// Byte offset of the first invalid sequence.
        offset: usize,
        /// 1-based line of that offset.
        line: usize,
        /// The bytes decode cleanly as GB18030 and contain Chinese: suggest iconv.
        gb18030: bool,
    },
    /// The file is UTF-16.
    Utf16 {
        /// The path as displayed.
        path: String,
        /// Big-endian (`FE FF`) rather than little-endian (`FF FE`).
        big_endian: bool,
        /// Whether the file starts with a byte-order mark (else detected from NUL bytes).
        bom: bool,
    },
    /// The file contains NUL bytes and is not UTF-16: binary, skipped.
    Binary {
        /// The path as displayed.
        path: String,
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// Walking a directory failed (for example an unreadable subdirectory).
    Walk {
        /// The path as displayed.
        path: String,
        /// What the walker reported.
        message: String,
    },
    /// The file changed between checking it and re-reading it to render its findings.
    Changed {
        /// The path as displayed.
        path: String,
    },
}

impl InputError {
    /// The path the error is about, as displayed.
    pub fn path(&self) -> &str {
        match self {
            InputError::Missing { path }
            | InputError::Unreadable { path, .. }
            | InputError::TooLarge { path, .. }
            | InputError::InvalidUtf8 { path, .. }
            | InputError::Utf16 { path, .. }
            | InputError::Binary { path, .. }
            | InputError::Walk { path, .. }
            | InputError::Changed { path } => path,
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Missing { path } => write!(f, "{path}: no such file or directory"),
            InputError::Unreadable { path, error } => write!(f, "{path}: cannot be read: {error}"),
            InputError::TooLarge { path, size, max } => write!(
                f,
                "{path}: file is {} (limit {}); raise `max-file-size` in newslint.toml to check it",
                human_size(*size),
                human_size(*max)
            ),
            InputError::InvalidUtf8 {
                path,
                offset,
                line,
                gb18030,
            } => {
                write!(
                    f,
                    "{path}: not valid UTF-8: first invalid byte at offset {offset} (line {line})"
                )?;
                if *gb18030 {
                    write!(
                        f,
                        "; the file looks like GB18030/GBK, convert it with: \
                         iconv -f GB18030 -t UTF-8 {path} > {path}.utf8"
                    )?;
                }
                Ok(())
            }
            InputError::Utf16 {
                path,
                big_endian,
                bom,
            } => {
                let (name, iconv) = if *big_endian {
                    ("UTF-16BE", "UTF-16BE")
                } else {
                    ("UTF-16LE", "UTF-16LE")
                };
                let how = if *bom {
                    "byte-order mark"
                } else {
                    "pattern of NUL bytes"
                };
                write!(
                    f,
                    "{path}: file is {name} (by its {how}), newslint reads UTF-8; convert it with: \
                     iconv -f {iconv} -t UTF-8 {path} > {path}.utf8"
                )
            }
            InputError::Binary { path, offset } => {
                write!(f, "{path}: binary file (NUL byte at offset {offset}), skipped")
            }
            InputError::Walk { path, message } => write!(f, "{path}: {message}"),
            InputError::Changed { path } => {
                write!(f, "{path}: file changed while it was being checked; run again")
            }
        }
    }
}

impl std::error::Error for InputError {}

fn human_size(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else if n >= MIB {
        format!("{:.1} MiB", n as f64 / MIB as f64)
    } else {
        format!("{n} bytes")
    }
}

/// Read the file at `path` (displayed as `display`) and decode it. Files larger than `max`
/// bytes are refused before they are read.
pub fn read_file(path: &Path, display: &str, max: u64) -> Result<String, InputError> {
    let (file, len) = open(path, display, max)?;
    read_limited(file, display, max, len as usize)
}

/// [`read_file`] for checking: a file of at least [`MAP_MIN`] bytes is mapped rather than read
/// (and read after all if it cannot be mapped).
pub fn read_text(path: &Path, display: &str, max: u64) -> Result<Text, InputError> {
    let (file, len) = open(path, display, max)?;
    if len >= MAP_MIN {
        // SAFETY: the mapping is read-only and covers the file as it is now; see `Text` for
        // what a concurrent truncation does.
        if let Ok(map) = unsafe { memmap2::MmapOptions::new().populate().map(&file) } {
            // The file may have grown since its size was checked.
            if map.len() as u64 > max {
                return Err(InputError::TooLarge {
                    path: display.to_string(),
                    size: map.len() as u64,
                    max,
                });
            }
            check(&map, display)?;
            return Ok(Text(Repr::Mapped(map)));
        }
    }
    read_limited(file, display, max, len as usize).map(Text::from)
}

/// Open `path` for reading: a regular file (or something readable) of at most `max` bytes.
/// Returns the file and the size it reports.
fn open(path: &Path, display: &str, max: u64) -> Result<(std::fs::File, u64), InputError> {
    let io_err = |error: io::Error| match error.kind() {
        io::ErrorKind::NotFound => InputError::Missing {
            path: display.to_string(),
        },
        _ => InputError::Unreadable {
            path: display.to_string(),
            error,
        },
    };
    let file = std::fs::File::open(path).map_err(io_err)?;
    let meta = file.metadata().map_err(io_err)?;
    if meta.is_dir() {
        return Err(InputError::Unreadable {
            path: display.to_string(),
            error: io::Error::new(io::ErrorKind::IsADirectory, "is a directory"),
        });
    }
    if meta.len() > max {
        return Err(InputError::TooLarge {
            path: display.to_string(),
            size: meta.len(),
            max,
        });
    }
    // The size can change between stat and read, and some files (FIFOs, /proc) report 0: the
    // readers read through a limit either way, and only a regular file is mapped.
    let len = if meta.is_file() { meta.len() } else { 0 };
    Ok((file, len))
}

/// Read everything from `reader` (stdin), refusing more than `max` bytes, and decode it.
pub fn read_stream(reader: impl Read, display: &str, max: u64) -> Result<String, InputError> {
    read_limited(reader, display, max, 0)
}

fn read_limited(reader: impl Read, display: &str, max: u64, hint: usize) -> Result<String, InputError> {
    let mut bytes = Vec::with_capacity(hint.saturating_add(1));
    reader
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| InputError::Unreadable {
            path: display.to_string(),
            error,
        })?;
    if bytes.len() as u64 > max {
        return Err(InputError::TooLarge {
            path: display.to_string(),
            size: bytes.len() as u64,
            max,
        });
    }
    decode(bytes, display)
}

/// Check that `bytes` are UTF-8 text and turn them into a `String` without copying.
pub fn decode(bytes: Vec<u8>, display: &str) -> Result<String, InputError> {
    check(&bytes, display)?;
    // SAFETY: `check` has just validated `bytes` as UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// Check that `bytes` are UTF-8 text: not UTF-16, not binary, valid UTF-8.
fn check(bytes: &[u8], display: &str) -> Result<(), InputError> {
    // UTF-16 first: its byte-order mark is not UTF-8, and its ASCII characters contain NULs.
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(InputError::Utf16 {
            path: display.to_string(),
            big_endian: bytes[0] == 0xFE,
            bom: true,
        });
    }
    // Both checks read the whole text: they run a chunk at a time, so that the second reads
    // bytes the first just brought into the cache (two passes over a 100 MB file took 40-70 ms,
    // one 24-27 ms). A NUL anywhere decides before invalid UTF-8 anywhere, so once a chunk is
    // found invalid only the NUL search goes on.
    let mut valid = true;
    let mut at = 0;
    let nul = loop {
        if at == bytes.len() {
            break None;
        }
        if !valid {
            break memchr::memchr(0, &bytes[at..]).map(|i| at + i);
        }
        let end = chunk_end(bytes, at);
        let chunk = &bytes[at..end];
        if let Some(i) = memchr::memchr(0, chunk) {
            break Some(at + i);
        }
        // The check proper runs on simdutf8 (several times std's speed on Han text, where std
        // has no ASCII fast path to take); std's check runs only to describe a failure.
        valid = simdutf8::basic::from_utf8(chunk).is_ok();
        at = end;
    };
    if let Some(offset) = nul {
        if let Some(big_endian) = looks_like_utf16(bytes) {
            return Err(InputError::Utf16 {
                path: display.to_string(),
                big_endian,
                bom: false,
            });
        }
        return Err(InputError::Binary {
            path: display.to_string(),
            offset,
        });
    }
    if valid {
        return Ok(());
    }
    std::str::from_utf8(bytes).map(|_| ()).map_err(|e| {
        let offset = e.valid_up_to();
        InputError::InvalidUtf8 {
            path: display.to_string(),
            offset,
            line: memchr::memchr_iter(b'\n', &bytes[..offset]).count() + 1,
            gb18030: looks_like_gb18030(bytes),
        }
    })
}

/// Bytes [`check`] reads at a time: a small part of a core's L2 cache (2 MiB here).
const CHECK_CHUNK: usize = 256 << 10;

/// The end of the chunk of `bytes` that starts at `at`: [`CHECK_CHUNK`] bytes on, moved past
/// up to three continuation bytes so that in valid UTF-8 it falls between two characters. Only
/// speed depends on it: chunks that are each valid make a valid text wherever they are cut, and
/// a valid text cut inside a character, found invalid, would be cleared by std's check.
fn chunk_end(bytes: &[u8], at: usize) -> usize {
    let mut end = at.saturating_add(CHECK_CHUNK).min(bytes.len());
    for _ in 0..3 {
        if end < bytes.len() && bytes[end] & 0xC0 == 0x80 {
            end += 1;
        }
    }
    end
}

/// UTF-16 without a byte-order mark: every NUL byte sits on the same parity (the high byte of
/// ASCII code units), the whole file decodes without error, and it does not read as UTF-8 with
/// stray NULs (see below). Returns big-endian or not.
fn looks_like_utf16(bytes: &[u8]) -> Option<bool> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let (mut even, mut odd, mut nuls) = (false, false, 0usize);
    for i in memchr::memchr_iter(0, bytes) {
        if i % 2 == 0 {
            even = true;
        } else {
            odd = true;
        }
        nuls += 1;
    }
    let (big_endian, encoding) = match (even, odd) {
        (false, true) => (false, encoding_rs::UTF_16LE),
        (true, false) => (true, encoding_rs::UTF_16BE),
        _ => return None,
    };
    // UTF-8 text with stray NULs decodes as UTF-16 too (Han characters are three bytes, none of
    // them NUL, so one NUL can give the pattern). Such a text is UTF-8 between its NULs, which
    // text really in UTF-16 all but never is unless it is all ASCII, and then every other byte
    // is a NUL.
    if nuls * 4 < bytes.len() && bytes.split(|&b| b == 0).all(|s| std::str::from_utf8(s).is_ok()) {
        return None;
    }
    let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
    // Two NULs in one code unit would be U+0000, which no text file contains. Other bytes read
    // two at a time land in the Private Use Area about one time in three (UTF-8's lead bytes of
    // Han characters, E4-E9, as a unit's high byte); real text hardly ever does.
    let (mut chars, mut private) = (0usize, 0usize);
    for c in text.chars() {
        if c == '\0' {
            return None;
        }
        chars += 1;
        private += usize::from(('\u{E000}'..='\u{F8FF}').contains(&c));
    }
    (private * 100 <= chars).then_some(big_endian)
}

/// True when `bytes` decode as GB18030 without a single error and contain Chinese characters
/// (so a Latin-1 file, which often also decodes, does not get the GB18030 hint).
fn looks_like_gb18030(bytes: &[u8]) -> bool {
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => text.chars().any(crate::text::is_han),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &[u8]) -> InputError {
        decode(bytes.to_vec(), "a.txt").unwrap_err()
    }

    #[test]
    fn utf8_with_bom_keeps_the_bom() {
        let t = decode("\u{FEFF}新闻".as_bytes().to_vec(), "a.txt").unwrap();
        assert_eq!(t.len(), 9);
        assert!(t.starts_with('\u{FEFF}'));
    }

    #[test]
    fn invalid_utf8_names_the_offset_and_line() {
        let mut b = "第一行\n第二".as_bytes().to_vec();
        let at = b.len();
        b.push(0xFF);
        match err(&b) {
            InputError::InvalidUtf8 {
                offset,
                line,
                gb18030,
                ..
            } => {
                assert_eq!(offset, at);
                assert_eq!(line, 2);
                assert!(!gb18030);
            }
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn gb18030_bytes_get_the_iconv_hint() {
        let (b, _, bad) = encoding_rs::GB18030.encode("新华社北京电，记者报道。");
        assert!(!bad);
        let e = err(&b);
        assert!(
            matches!(
                e,
                InputError::InvalidUtf8 {
                    gb18030: true,
                    offset: 0,
                    ..
                }
            ),
            "{e:?}"
        );
        let msg = e.to_string();
        assert!(msg.contains("iconv -f GB18030 -t UTF-8 a.txt"), "{msg}");
        assert!(msg.contains("offset 0"), "{msg}");
    }

    #[test]
    fn latin1_does_not_get_the_gb18030_hint() {
        // "café au lait" in Latin-1: é is 0xE9 followed by a space, not a GB18030 trail byte.
        let e = err(b"caf\xe9 au lait");
        assert!(
            matches!(
                e,
                InputError::InvalidUtf8 {
                    gb18030: false,
                    offset: 3,
                    ..
                }
            ),
            "{e:?}"
        );
    }

    #[test]
    fn utf16_by_bom() {
        let mut le = vec![0xFF, 0xFE];
        for u in "新闻 ok".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert!(matches!(
            err(&le),
            InputError::Utf16 {
                big_endian: false,
                bom: true,
                ..
            }
        ));
        let mut be = vec![0xFE, 0xFF];
        for u in "新闻".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        let e = err(&be);
        assert!(matches!(e, InputError::Utf16 { big_endian: true, .. }));
        assert!(e.to_string().contains("iconv -f UTF-16BE -t UTF-8"), "{e}");
    }

    #[test]
    fn utf16_without_bom_by_nul_pattern() {
        let mut le = Vec::new();
        for u in "News 新闻\n".encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert!(matches!(
            err(&le),
            InputError::Utf16 {
                big_endian: false,
                bom: false,
                ..
            }
        ));
        let copy = "记者从市交通运输局获悉，2026年全市新建改建农村公路1200公里。\n";
        for text in [copy, "Plain English, two lines.\nThe second.\n"] {
            for big_endian in [false, true] {
                let mut bytes = Vec::new();
                for u in text.encode_utf16() {
                    bytes.extend_from_slice(&if big_endian {
                        u.to_be_bytes()
                    } else {
                        u.to_le_bytes()
                    });
                }
                match err(&bytes) {
                    InputError::Utf16 {
                        big_endian: b,
                        bom: false,
                        ..
                    } => assert_eq!(b, big_endian),
                    e => panic!("{text:?}, big-endian {big_endian}: {e}"),
                }
            }
        }
    }

    /// UTF-8 copy with a stray NUL is binary, with the NUL's offset, wherever the NUL falls and
    /// whether or not an invalid byte comes with it; so is English with one. Told it was
    /// UTF-16, a user converting it with iconv would garble it.
    #[test]
    fn utf8_with_a_stray_nul_is_not_utf16() {
        let copy = "记者从市交通运输局获悉，今年全市新建改建农村公路一千二百公里。\n".repeat(40);
        // Between two characters, and inside one.
        for at in (0..40).map(|k| 3 * k + k % 2) {
            for invalid in [false, true] {
                let mut bytes = copy.clone().into_bytes();
                bytes.insert(at, 0);
                if invalid {
                    bytes.insert(at + 301, 0xFF);
                }
                // An even length, so that the NULs alone would make the UTF-16 pattern.
                if bytes.len() % 2 == 1 {
                    bytes.push(b'\n');
                }
                match err(&bytes) {
                    InputError::Binary { offset, .. } => assert_eq!(offset, at),
                    e => panic!("NUL at {at}, invalid byte {invalid}: {e}"),
                }
            }
        }
        let mut english = b"Plain English, with one stray byte.\n".repeat(20);
        english.insert(7, 0);
        english.push(b'\n');
        assert!(matches!(err(&english), InputError::Binary { offset: 7, .. }));
    }

    /// What [`check`] answers, as one pass of each check over the whole text gives it: a NUL
    /// anywhere decides (binary, or UTF-16), then std's UTF-8 check.
    fn whole_text_verdict(bytes: &[u8]) -> String {
        if memchr::memchr(0, bytes).is_some() {
            return match looks_like_utf16(bytes) {
                Some(_) => "utf16".into(),
                None => format!("binary {}", memchr::memchr(0, bytes).unwrap()),
            };
        }
        match std::str::from_utf8(bytes) {
            Ok(_) => "ok".into(),
            Err(e) => format!("invalid {}", e.valid_up_to()),
        }
    }

    fn verdict(bytes: &[u8]) -> String {
        match check(bytes, "t") {
            Ok(()) => "ok".into(),
            Err(InputError::Utf16 { .. }) => "utf16".into(),
            Err(InputError::Binary { offset, .. }) => format!("binary {offset}"),
            Err(InputError::InvalidUtf8 { offset, .. }) => format!("invalid {offset}"),
            Err(e) => panic!("{e}"),
        }
    }

    /// Checked a chunk at a time, a text gets the verdict of the whole-text checks, whatever
    /// falls on a chunk's edge: a stray continuation byte, a character cut short, five
    /// continuation bytes, a NUL after invalid UTF-8 in an earlier chunk; and chunks of valid
    /// text end between characters (of one to four bytes) wherever the edge falls.
    #[test]
    fn chunked_checks_agree_with_whole_text_checks() {
        let unit = "新闻稿a😀ü";
        let text = unit.repeat(3 * CHECK_CHUNK / unit.len() + 7).into_bytes();
        assert_eq!(verdict(&text), "ok");
        let edits: [&[u8]; 6] = [
            &[0x80],
            &[0xE4, 0xB8],
            &[0x80, 0x80, 0x80, 0x80, 0x80],
            &[0xF0, 0x9F, 0x98],
            &[0xFF],
            &[0xC3],
        ];
        let mut seen = std::collections::BTreeSet::new();
        for edge in [CHECK_CHUNK, 2 * CHECK_CHUNK] {
            for shift in 0..12 {
                let at = edge - 6 + shift;
                for edit in edits {
                    let mut bad = text.clone();
                    bad.splice(at..at, edit.iter().copied());
                    let want = whole_text_verdict(&bad);
                    assert_eq!(verdict(&bad), want, "{edit:02X?} at {at}");
                    seen.insert(want.split(' ').next().unwrap().to_string());
                    // A NUL in a later chunk still decides.
                    let nul = bad.len() - 5;
                    bad[nul] = 0;
                    assert_eq!(
                        verdict(&bad),
                        whole_text_verdict(&bad),
                        "{edit:02X?} at {at}, NUL"
                    );
                    assert!(!verdict(&bad).starts_with("invalid"));
                }
            }
        }
        // Valid text with the edges anywhere in its characters.
        for shift in 0..unit.len() {
            let mut t = vec![b'x'; shift];
            t.extend_from_slice(&text);
            assert_eq!(verdict(&t), "ok", "shifted by {shift}");
            let valid = std::str::from_utf8(&t).unwrap();
            let mut at = 0;
            while at < t.len() {
                at = chunk_end(&t, at);
                assert!(
                    valid.is_char_boundary(at),
                    "shifted by {shift}: a chunk ends at {at}"
                );
            }
        }
        assert!(seen.contains("invalid"), "{seen:?}");
    }

    #[test]
    fn nul_is_binary() {
        let e = err(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00");
        assert!(matches!(e, InputError::Binary { offset: 7, .. }), "{e:?}");
        assert!(e.to_string().contains("binary"), "{e}");
    }

    #[test]
    fn stream_over_the_limit_is_too_large() {
        let e = read_stream(&b"0123456789"[..], "-", 4).unwrap_err();
        assert!(matches!(e, InputError::TooLarge { max: 4, .. }), "{e:?}");
        assert_eq!(read_stream(&b"0123"[..], "-", 4).unwrap(), "0123");
    }

    #[test]
    fn missing_file() {
        let e = read_file(Path::new("/nonexistent/newslint/x.txt"), "x.txt", 10).unwrap_err();
        assert!(matches!(e, InputError::Missing { .. }));
        assert_eq!(e.to_string(), "x.txt: no such file or directory");
    }

    /// A large file is mapped, a small one read; both give the file's bytes, and a mapped file
    /// is checked exactly as a read one.
    #[test]
    fn large_files_are_mapped_and_checked_like_read_ones() {
        let dir = tempfile::tempdir().unwrap();
        let line = "县里新修的公路通到了每个自然村，沿线的果园也有了冷库。\n";
        let big = line.repeat(MAP_MIN as usize / line.len() + 1);
        let (small_path, big_path) = (dir.path().join("small.txt"), dir.path().join("big.txt"));
        std::fs::write(&small_path, line).unwrap();
        std::fs::write(&big_path, &big).unwrap();
        let small = read_text(&small_path, "small.txt", DEFAULT_MAX_FILE_SIZE).unwrap();
        let mapped = read_text(&big_path, "big.txt", DEFAULT_MAX_FILE_SIZE).unwrap();
        assert_eq!(format!("{small:?}"), format!("Text(read, {} bytes)", line.len()));
        assert_eq!(
            format!("{mapped:?}"),
            format!("Text(mapped, {} bytes)", big.len())
        );
        assert_eq!(&*small, line);
        assert_eq!(&*mapped, big);

        // Invalid UTF-8 and NUL bytes deep in a mapped file are found with their offsets.
        let mut bad = big.clone().into_bytes();
        let at = bad.len() - 1;
        bad[at] = 0xFF;
        std::fs::write(&big_path, &bad).unwrap();
        match read_text(&big_path, "big.txt", DEFAULT_MAX_FILE_SIZE).unwrap_err() {
            InputError::InvalidUtf8 { offset, .. } => assert_eq!(offset, at),
            e => panic!("{e}"),
        }
        // Two NULs side by side: binary, not UTF-16 (whose NULs share a parity).
        bad[at - 1] = 0;
        bad[at] = 0;
        std::fs::write(&big_path, &bad).unwrap();
        assert!(matches!(
            read_text(&big_path, "big.txt", DEFAULT_MAX_FILE_SIZE).unwrap_err(),
            InputError::Binary { offset, .. } if offset == at - 1
        ));
        // The size limit holds before anything is mapped.
        assert!(matches!(
            read_text(&big_path, "big.txt", MAP_MIN).unwrap_err(),
            InputError::TooLarge { .. }
        ));
    }
}
