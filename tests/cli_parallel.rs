//! Many files under several threads: the output must not depend on the number of threads nor
//! on the order in which the directory walk finds files (files are checked while the walk goes
//! on, and compared across files and rendered while later files are still being checked; see
//! `run::plan_and_check`).

use assert_cmd::Command;

fn newslint(threads: usize) -> Command {
    let mut c = Command::cargo_bin("newslint").unwrap();
    c.env_remove("NO_COLOR")
        .env_remove("CI")
        .env("COLUMNS", "100")
        .env("RAYON_NUM_THREADS", threads.to_string());
    c
}

/// 300 articles in nested directories, with findings, paragraphs shared between files
/// (cross-file duplicates), a binary file, a file that is not UTF-8 and a dangling symlink.
fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let seed = include_str!("fixtures/seed.txt");
    let paragraphs: Vec<&str> = seed.split("\n\n").filter(|p| p.trim().len() > 30).collect();
    for i in 0..300 {
        // Names whose walk order and sorted order differ ("a-b" sorts before "a/" as text).
        let sub = match i % 4 {
            0 => dir.path().join("a"),
            1 => dir.path().join("a-b"),
            2 => dir.path().join("a").join("z"),
            _ => dir.path().to_path_buf(),
        };
        std::fs::create_dir_all(&sub).unwrap();
        let text = format!(
            "{}\n\n{}\n",
            paragraphs[i % paragraphs.len()],
            paragraphs[(i * 5 + 1) % paragraphs.len()]
        );
        std::fs::write(sub.join(format!("{}.md", 1000 - i)), text).unwrap();
    }
    std::fs::write(dir.path().join("a/blob.txt"), b"ab\0cd").unwrap();
    std::fs::write(dir.path().join("a-b/latin1.txt"), b"caf\xe9 \xe9t\xe9").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("nowhere.txt", dir.path().join("dangling.txt")).unwrap();
    dir
}

fn run(threads: usize, dir: &std::path::Path, args: &[&str]) -> (String, String, Option<i32>) {
    let out = newslint(threads)
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

#[test]
fn output_is_the_same_with_one_thread_and_with_four() {
    let dir = tree();
    for args in [
        &["--format", "jsonl"][..],
        &["--format", "human"],
        &["--format", "json", "--no-cross-file"],
        &["--format", "concise", "a/blob.txt", "."],
    ] {
        let one = run(1, dir.path(), args);
        assert_eq!(one.2, Some(2), "{args:?}: input errors exit 2\n{}", one.1);
        assert!(one.0.len() > 10_000, "{args:?}: findings expected");
        for threads in [2, 4] {
            assert_eq!(run(threads, dir.path(), args), one, "{args:?}, {threads} threads");
        }
    }
}

#[test]
fn findings_come_in_path_order_with_cross_file_copies_pointing_back() {
    let dir = tree();
    let (out, err, code) = run(2, dir.path(), &["--format", "jsonl"]);
    assert_eq!(code, Some(2), "{err}");
    let paths: Vec<String> = out
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["path"].as_str().unwrap().to_string()
        })
        .collect();
    assert!(paths.windows(2).all(|w| w[0] <= w[1]), "not in path order");
    // Every article has findings (the seed copy is full of defects).
    let mut files = paths.clone();
    files.dedup();
    assert_eq!(files.len(), 300);
    assert!(out.contains("duplicate-text"));
    // Walk and read errors: the binary file is a note, the others errors.
    assert!(err.contains("note: a/blob.txt"), "{err}");
    assert!(err.contains("a-b/latin1.txt"), "{err}");
    assert!(err.contains("dangling.txt"), "{err}");
}
