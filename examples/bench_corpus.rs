//! Make a benchmark corpus of news-like copy from the clean corpus.
//!
//! ```text
//! cargo run --release --example bench_corpus -- OUT.txt SIZE_MB [--char-noise] [--files DIR N] [--jsonl OUT.jsonl]
//! ```
//!
//! Repeating the clean corpus verbatim would make every sentence a duplicate of itself (and
//! the duplicate rule would then report all of them), so the text is made unique while staying
//! copy made of real words: sentences are built from two to four random clauses of the corpus,
//! and in every clause two content words (nouns, verbs, adjectives, adverbs of two or more
//! characters, by jieba's tags) are replaced by other corpus words of the same tag and length.
//! A clause of ten or more Han characters that came out the same as an earlier one is drawn
//! again, so the text repeats no such clause. Defects are injected at a realistic rate of about
//! one per 4 KB: half-width commas, stray spaces, Traditional characters, doubled characters
//! and typos.
//!
//! `--char-noise` makes the harder stress input of earlier sessions instead: no word swaps, but
//! about one Han character in twelve swapped for a random character of the corpus. That fills
//! the text with non-words (8% of its characters are wrong), which the typo filter, the
//! segmenter and the doubled-character check must each look at.
//!
//! With `--files DIR N` the same text is also split into N article files in DIR; with
//! `--jsonl FILE` it is written as JSON Lines (`{"id": …, "content": …}`) for corpus mode.

use newslint::text::is_han;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::PathBuf;
#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: bench_corpus OUT.txt SIZE_MB [--char-noise] [--files DIR N] [--jsonl OUT.jsonl]");
        std::process::exit(2);
    }
    let out = PathBuf::from(&args[0]);
    let size = (args[1].parse::<f64>().expect("SIZE_MB") * 1e6) as usize;
    let mut files: Option<(PathBuf, usize)> = None;
    let mut jsonl: Option<PathBuf> = None;
    let mut char_noise = false;
    let mut i = 2;
    while i < args.len() {
        match args[i].as_str() {
            "--char-noise" => {
                char_noise = true;
                i += 1;
            }
            "--files" => {
                files = Some((PathBuf::from(&args[i + 1]), args[i + 2].parse().expect("N")));
                i += 3;
            }
            "--jsonl" => {
                jsonl = Some(PathBuf::from(&args[i + 1]));
                i += 2;
            }
            a => panic!("unknown argument {a}"),
        }
    }
    let shared = std::env::var_os("NEWSLINT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared"));
    let corpus = std::fs::read_to_string(shared.join("data/corpus/xxqg-clean.txt")).expect("clean corpus");
    // Clauses, not sentences, are the unit drawn: a sentence is two to four random clauses, so
    // sentences (and the paragraphs made of them) do not repeat.
    let clauses: Vec<&str> = corpus
        .split(['，', '。', '；', '！', '？', '\n'])
        .map(str::trim)
        .filter(|c| c.chars().count() >= 4)
        .collect();
    let hanchars: Vec<char> = corpus.chars().filter(|&c| is_han(c)).collect();
    let words = Words::new(&clauses);
    let typos = ["再接再励", "迫不急待", "一愁莫展", "谈笑风声", "按步就班"];
    let trad = ['關', '鍵', '發', '經', '濟', '國', '會', '對', '實', '說'];
    let mut rng = Rng(42);
    let mut text = String::with_capacity(size + 4096);
    let mut since_defect = 0usize;
    let mut seen: HashSet<u64> = HashSet::new();
    let mut clause = String::new();
    while text.len() < size {
        // A paragraph of 2 to 6 sentences.
        let n = 2 + rng.below(5);
        for _ in 0..n {
            let k = 2 + rng.below(3);
            let before = text.len();
            for j in 0..k {
                let c = rng.below(clauses.len());
                if char_noise {
                    for ch in clauses[c].chars() {
                        let prev = text.chars().next_back();
                        let sub = hanchars[rng.below(hanchars.len())];
                        // A substitute equal to its neighbour would plant a doubled character.
                        if is_han(ch) && rng.below(12) == 0 && prev != Some(sub) {
                            text.push(sub);
                        } else {
                            text.push(ch);
                        }
                    }
                } else {
                    for _ in 0..8 {
                        words.swap(c, &mut rng, &mut clause);
                        if clause.chars().filter(|&ch| is_han(ch)).count() < 10 || seen.insert(hash(&clause))
                        {
                            break;
                        }
                    }
                    text.push_str(&clause);
                }
                text.push(if j + 1 == k { '。' } else { '，' });
            }
            since_defect += text.len() - before;
            if since_defect > 4000 {
                since_defect = 0;
                inject(&mut text, before, &mut rng, &typos, &trad);
            }
        }
        text.push_str("\n\n");
    }
    std::fs::write(&out, &text).expect("write corpus");
    eprintln!("wrote {} ({} bytes)", out.display(), text.len());
    let paras: Vec<&str> = text.split("\n\n").filter(|p| !p.is_empty()).collect();
    if let Some((dir, n)) = files {
        std::fs::create_dir_all(&dir).expect("create dir");
        // Exactly `n` articles (chunks of a rounded-up size made fewer: 8,919 for 10,000),
        // each of one paragraph or more.
        let n = n.clamp(1, paras.len().max(1));
        for k in 0..n {
            let chunk = &paras[k * paras.len() / n..(k + 1) * paras.len() / n];
            std::fs::write(dir.join(format!("article-{k:05}.txt")), chunk.join("\n\n") + "\n")
                .expect("write article");
        }
        eprintln!("wrote {n} articles into {}", dir.display());
    }
    if let Some(path) = jsonl {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create jsonl"));
        for (k, chunk) in paras.chunks(8).enumerate() {
            let obj = serde_json::json!({"id": format!("a{k}"), "content": chunk.join("\n\n")});
            writeln!(f, "{obj}").expect("write jsonl");
        }
        eprintln!("wrote {}", path.display());
    }
}

/// Plant one defect in the sentence that starts at byte `from` of `text`, so that no two
/// planted defects share their surrounding words (identical planted sentences would be
/// duplicates).
fn inject(text: &mut String, from: usize, rng: &mut Rng, typos: &[&str], trad: &[char]) {
    let han: Vec<usize> = text[from..]
        .char_indices()
        .filter(|&(_, c)| is_han(c))
        .map(|(i, _)| from + i)
        .collect();
    if han.len() < 4 {
        return;
    }
    let at = han[1 + rng.below(han.len() - 2)];
    let c = text[at..].chars().next().expect("a character");
    match rng.below(5) {
        0 => {
            if let Some(i) = text[from..].find('，') {
                text.replace_range(from + i..from + i + '，'.len_utf8(), ",");
            }
        }
        1 => text.insert(at, ' '),
        2 => text.replace_range(at..at + c.len_utf8(), &trad[rng.below(trad.len())].to_string()),
        3 => text.insert(at, c),
        _ => text.insert_str(at, typos[rng.below(typos.len())]),
    }
}

/// The clauses of the corpus as words, and the corpus's content words by tag and length.
struct Words<'a> {
    /// Each clause as (word, index into `pools` when the word may be swapped).
    clauses: Vec<Vec<(&'a str, Option<usize>)>>,
    pools: Vec<Vec<&'a str>>,
}

impl<'a> Words<'a> {
    fn new(clauses: &[&'a str]) -> Words<'a> {
        let seg = newslint::segment::jieba();
        let mut pool_of: HashMap<(&'a str, usize), usize> = HashMap::new();
        let mut pools: Vec<Vec<&'a str>> = Vec::new();
        let mut out = Vec::with_capacity(clauses.len());
        for c in clauses {
            let mut ws = Vec::new();
            for t in seg.tag(c, false) {
                let len = t.word.chars().count();
                let content = matches!(t.tag, "n" | "v" | "vn" | "a" | "ad" | "an" | "d");
                let pool = (content && len >= 2 && t.word.chars().all(is_han)).then(|| {
                    let next = pools.len();
                    let p = *pool_of.entry((t.tag, len)).or_insert(next);
                    if p == next {
                        pools.push(Vec::new());
                    }
                    pools[p].push(t.word);
                    p
                });
                ws.push((t.word, pool));
            }
            out.push(ws);
        }
        Words { clauses: out, pools }
    }

    /// Clause `c` with two of its swappable words (or as many as it has) replaced, into `out`.
    fn swap(&self, c: usize, rng: &mut Rng, out: &mut String) {
        out.clear();
        let ws = &self.clauses[c];
        let slots: Vec<usize> = (0..ws.len()).filter(|&i| ws[i].1.is_some()).collect();
        let a = (!slots.is_empty()).then(|| slots[rng.below(slots.len())]);
        let b = (slots.len() > 1).then(|| slots[rng.below(slots.len())]);
        for (i, &(w, pool)) in ws.iter().enumerate() {
            match pool {
                Some(p) if Some(i) == a || Some(i) == b => {
                    let pool = &self.pools[p];
                    out.push_str(pool[rng.below(pool.len())]);
                }
                _ => out.push_str(w),
            }
        }
    }
}

fn hash(s: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}
