//! Make a benchmark corpus of news-like copy from the clean corpus.
//!
//! ```text
//! cargo run --release --example bench_corpus -- OUT.txt SIZE_MB [--files DIR N] [--jsonl OUT.jsonl]
//! ```
//!
//! Repeating the clean corpus verbatim would make every sentence a duplicate of itself (and
//! the duplicate rule would then report all of them), so each sentence is drawn at random and
//! about one Han character in twelve is swapped for another character of the corpus, which
//! keeps the character statistics of real copy while making the text unique. Defects are
//! injected at a realistic rate of about one per 4 KB: half-width commas, stray spaces,
//! Traditional characters, doubled characters and typos.
//!
//! With `--files DIR N` the same text is also split into N article files in DIR; with
//! `--jsonl FILE` it is written as JSON Lines (`{"id": …, "content": …}`) for corpus mode.

use newslint::text::is_han;
use std::io::Write;
use std::path::PathBuf;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: bench_corpus OUT.txt SIZE_MB [--files DIR N] [--jsonl OUT.jsonl]");
        std::process::exit(2);
    }
    let out = PathBuf::from(&args[0]);
    let size = (args[1].parse::<f64>().expect("SIZE_MB") * 1e6) as usize;
    let mut files: Option<(PathBuf, usize)> = None;
    let mut jsonl: Option<PathBuf> = None;
    let mut i = 2;
    while i < args.len() {
        match args[i].as_str() {
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
    let sentences: Vec<&str> = corpus
        .split("\n\n")
        .flat_map(|p| {
            let p = p.trim();
            newslint::document::split_sentences(p, 0..p.len())
                .into_iter()
                .map(move |r| &p[r])
        })
        .collect();
    let hanchars: Vec<char> = corpus.chars().filter(|&c| is_han(c)).collect();
    let typos = ["再接再励", "迫不急待", "一愁莫展", "谈笑风声", "按步就班"];
    let trad = ['關', '鍵', '發', '經', '濟', '國', '會', '對', '實', '說'];
    let mut rng = Rng(42);
    let mut text = String::with_capacity(size + 4096);
    let mut since_defect = 0usize;
    while text.len() < size {
        // A paragraph of 2 to 6 sentences.
        let n = 2 + rng.below(5);
        for _ in 0..n {
            let s = sentences[rng.below(sentences.len())];
            for c in s.chars() {
                if is_han(c) && rng.below(12) == 0 {
                    text.push(hanchars[rng.below(hanchars.len())]);
                } else {
                    text.push(c);
                }
            }
            since_defect += s.len();
            if since_defect > 4000 {
                since_defect = 0;
                match rng.below(5) {
                    0 => text.push_str("据介绍,该项目进展顺利。"),
                    1 => text.push_str("他们表示 将继续推进。"),
                    2 => {
                        text.push(trad[rng.below(trad.len())]);
                        text.push_str("键环节。");
                    }
                    3 => text.push_str("我们要加大大投入。"),
                    _ => {
                        text.push_str(typos[rng.below(typos.len())]);
                        text.push('。');
                    }
                }
            }
        }
        text.push_str("\n\n");
    }
    std::fs::write(&out, &text).expect("write corpus");
    eprintln!("wrote {} ({} bytes)", out.display(), text.len());
    let paras: Vec<&str> = text.split("\n\n").filter(|p| !p.is_empty()).collect();
    if let Some((dir, n)) = files {
        std::fs::create_dir_all(&dir).expect("create dir");
        let per = paras.len().div_ceil(n);
        for (k, chunk) in paras.chunks(per.max(1)).enumerate() {
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
