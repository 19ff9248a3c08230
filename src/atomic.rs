//! Writing a fixed file without ever losing the story.
//!
//! The new text goes to a temporary file in the same directory (so the final rename stays on
//! one file system and is atomic), is flushed and synced, gets the original's permissions, and
//! is renamed over the original. Before the rename the file on disk is compared with the bytes
//! the fixes were computed from: if someone changed it in the meantime it is left alone. A
//! read-only file is refused rather than replaced (rename would succeed even so, since it only
//! needs the directory to be writable, and an editor who made a story read-only meant it).
//! Any failure before the rename (full disk, no permission on the directory) leaves the
//! original untouched and removes the temporary file.
//!
//! A symlink is written through: its target is replaced and the link stays a link. Owner and
//! group are kept where the process may set them. A file with several hard links gets a new
//! inode, so its other names keep the old text, as with every tool that writes by renaming.

use std::fmt;
use std::fs;
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};

/// Why a fixed file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// The file on disk is no longer what was checked.
    Changed(PathBuf),
    /// The file is read-only.
    ReadOnly(PathBuf),
    /// An I/O step failed; `what` says which.
    Io {
        /// The file being written.
        path: PathBuf,
        /// The step that failed.
        what: &'static str,
        /// The underlying error.
        source: io::Error,
    },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Changed(p) => {
                write!(
                    f,
                    "{}: changed on disk while it was being checked; not overwritten",
                    p.display()
                )
            }
            WriteError::ReadOnly(p) => write!(f, "{}: file is read-only; fixes not written", p.display()),
            WriteError::Io { path, what, source } => {
                write!(
                    f,
                    "{}: could not {what}: {source}; the original is untouched",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for WriteError {}

/// Replace `path`'s contents with `new`, provided the file still holds exactly `original`,
/// given in pieces (the file is compared with them as it is read, never held whole: a fixed
/// file's text as read is rebuilt from the fixed text, see [`crate::fix::Undo`]).
pub fn write_if_unchanged<'a>(
    path: &Path,
    original: impl IntoIterator<Item = &'a [u8]>,
    new: &[u8],
) -> Result<(), WriteError> {
    let io_err = |what: &'static str| {
        move |source| WriteError::Io {
            path: path.to_path_buf(),
            what,
            source,
        }
    };
    // Write through a symlink to the file it points at: renaming over the link itself would
    // replace the link with a regular file and leave its target unfixed.
    let real = fs::canonicalize(path).map_err(io_err("resolve the file's path"))?;
    let meta = fs::metadata(&real).map_err(io_err("read the file's metadata"))?;
    if is_read_only(&meta) {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    let dir = match real.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".newslint-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(io_err("create a temporary file beside it"))?;
    tmp.write_all(new).map_err(io_err("write the temporary file"))?;
    // Keep the owner and group where allowed (root fixing someone else's file); an ordinary
    // user cannot give a file away, and the file is theirs then anyway. Before the mode, as
    // a change of owner may clear set-id bits.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()));
    }
    tmp.as_file()
        .set_permissions(meta.permissions())
        .map_err(io_err("copy the file's permissions"))?;
    tmp.as_file()
        .sync_all()
        .map_err(io_err("sync the temporary file"))?;
    // Compare as late as possible, right before the rename.
    let now = fs::File::open(&real).map_err(io_err("re-read the file"))?;
    if !holds(now, original).map_err(io_err("re-read the file"))? {
        return Err(WriteError::Changed(path.to_path_buf()));
    }
    tmp.persist(&real).map_err(|e| WriteError::Io {
        path: path.to_path_buf(),
        what: "rename the temporary file over it",
        source: e.error,
    })?;
    // Make the rename itself durable; failing to sync a directory is not worth an error.
    if let Ok(d) = fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Whether `file` holds exactly the bytes of `pieces`, one after another.
fn holds<'a>(file: impl Read, pieces: impl IntoIterator<Item = &'a [u8]>) -> io::Result<bool> {
    let mut file = io::BufReader::with_capacity(1 << 16, file);
    // What the reader holds, read on when it holds nothing; a read interrupted by a signal is
    // tried again, as `fs::read` does.
    fn fill<R: Read>(file: &mut io::BufReader<R>) -> io::Result<&[u8]> {
        loop {
            match file.fill_buf() {
                Ok(_) => return Ok(file.buffer()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }
    for piece in pieces {
        let mut rest = piece;
        while !rest.is_empty() {
            let read = fill(&mut file)?;
            if read.is_empty() {
                return Ok(false);
            }
            let n = read.len().min(rest.len());
            if read[..n] != rest[..n] {
                return Ok(false);
            }
            file.consume(n);
            rest = &rest[n..];
        }
    }
    Ok(fill(&mut file)?.is_empty())
}

#[cfg(unix)]
fn is_read_only(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    // Root can write anything, so test the mode bits rather than access(2).
    meta.permissions().mode() & 0o222 == 0
}

#[cfg(not(unix))]
fn is_read_only(meta: &fs::Metadata) -> bool {
    meta.permissions().readonly()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        fs::write(&p, "旧").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_if_unchanged(&p, ["旧".as_bytes()], "新".as_bytes()).unwrap();
        assert_eq!(fs::read_to_string(&p).unwrap(), "新");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o640);
        }
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_a_file_changed_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        fs::write(&p, "别人改过").unwrap();
        let e = write_if_unchanged(&p, ["旧".as_bytes()], "新".as_bytes()).unwrap_err();
        assert!(matches!(e, WriteError::Changed(_)), "{e}");
        assert_eq!(fs::read_to_string(&p).unwrap(), "别人改过");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn the_file_is_compared_with_the_pieces_in_order() {
        let file = "新闻，发布".as_bytes();
        let pieces = |p: &[&'static str]| p.iter().map(|s| s.as_bytes()).collect::<Vec<_>>();
        assert!(holds(file, pieces(&["新闻", "", "，", "发布"])).unwrap());
        assert!(holds(file, pieces(&["新闻，发布"])).unwrap());
        assert!(!holds(file, pieces(&["新闻，"])).unwrap(), "the file is longer");
        assert!(
            !holds(file, pieces(&["新闻，发布", "。"])).unwrap(),
            "the file is shorter"
        );
        assert!(!holds(file, pieces(&["新闻", ",", "发布"])).unwrap());
        assert!(
            !holds(file, pieces(&["发布", "新闻，"])).unwrap(),
            "the order counts"
        );
        assert!(holds(&b""[..], pieces(&["", ""])).unwrap());
        // Longer than the reader's buffer, compared across its refills.
        let long = "中".repeat(100_000);
        assert!(holds(long.as_bytes(), [&long.as_bytes()[..7], &long.as_bytes()[7..]]).unwrap());
        let mut other = long.clone().into_bytes();
        other[250_000] = b'x';
        assert!(!holds(&other[..], [long.as_bytes()]).unwrap());
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symlink_and_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        fs::write(&real, "旧").unwrap();
        std::os::unix::fs::symlink("real.txt", &link).unwrap();
        write_if_unchanged(&link, ["旧".as_bytes()], "新".as_bytes()).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "新");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_read_only_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        fs::write(&p, "旧").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).unwrap();
        let e = write_if_unchanged(&p, ["旧".as_bytes()], "新".as_bytes()).unwrap_err();
        assert!(matches!(e, WriteError::ReadOnly(_)), "{e}");
        assert!(e.to_string().contains("read-only"));
        assert_eq!(fs::read_to_string(&p).unwrap(), "旧");
    }
}
