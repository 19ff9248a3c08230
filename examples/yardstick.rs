//! The yardstick for the single-core target: one pass of a charwise double-array
//! automaton over a 350,000-word dictionary, timed on the same file as newslint.
//!
//! `cargo run --release --example yardstick -- FILE [ROUNDS]`
//!
//! Issue 10 sets the budget as "one pass of that kind" and gives its speed on this machine as
//! about 130 MB/s, against a target of 100 MB/s for all of newslint's rules. This machine is a
//! shared virtual machine whose speed moves by tens of percent between sessions, so a figure
//! for newslint means little without the yardstick measured beside it. The dictionary is
//! jieba's (`rules/segment/dict.txt`, 349,045 words), the automaton daachorse's
//! `CharwiseDoubleArrayAhoCorasick` (already a dependency), and the pass finds every
//! occurrence of every word, overlapping (the word lattice a segmenter needs). The build is not
//! timed. Each round reads nothing: the file is loaded once. Prints the best and the median
//! round, and the number of matches (the same in every round) so the pass cannot be optimised
//! away.

use daachorse::CharwiseDoubleArrayAhoCorasick;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("usage: yardstick FILE [ROUNDS]");
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5).max(1);
    let dict = include_str!("../rules/segment/dict.txt");
    let words: Vec<&str> = dict
        .lines()
        .filter_map(|l| l.split(' ').next())
        .filter(|w| !w.is_empty())
        .collect();
    let t = Instant::now();
    let ac = CharwiseDoubleArrayAhoCorasick::<u32>::new(&words).expect("the dictionary builds");
    let build = t.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(&file).expect("a readable UTF-8 file");
    let mb = text.len() as f64 / 1e6;
    let mut times = Vec::with_capacity(rounds);
    let mut found = 0usize;
    for _ in 0..rounds {
        let t = Instant::now();
        found = ac.find_overlapping_iter(&text).count();
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let (best, median) = (times[0], times[times.len() / 2]);
    println!(
        "yardstick: {} words (built in {build:.2} s), {mb:.1} MB, {found} matches: \
         best {:.1} MB/s, median {:.1} MB/s of {rounds}",
        words.len(),
        mb / best,
        mb / median
    );
}
