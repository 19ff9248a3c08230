//! The segmenter behind `newslint::segment::jieba()` loads dictionary words on demand from a
//! map built at compile time; it must segment exactly as jieba does with its whole dictionary
//! loaded up front. This compares the two on every window of several lengths of real text.

use newslint::segment;
#[path = "../examples/common/jieba.rs"]
mod full;
use full::full_jieba;

/// Sample text: the seed page plus sentences written for this test, with doubled characters,
/// names, numbers, Latin letters and punctuation.
fn sample() -> String {
    let mut s = std::fs::read_to_string("tests/fixtures/seed.txt").expect("seed fixture");
    s.push_str(
        "市市长常常说实实在在的话，中方方案得到支持。新冠冠肺炎疫情期间，农产产品质量安全要抓紧。\
         2024年第3季度GDP增长5.2%，iPhone和5G手机卖得好。他们明确确立了目标，看看人人天天来。\
         绿油油的麦田里，一个个农民忙着收割；南南合作再上新台阶。",
    );
    s
}

#[test]
fn on_demand_dictionary_segments_exactly_like_full_jieba() {
    let full = full_jieba();
    let ours = segment::jieba();
    let text = sample();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut windows = 0;
    for len in [2usize, 3, 5, 8, 13, 40] {
        for i in (0..chars.len()).step_by(len.div_ceil(2)) {
            let start = chars[i].0;
            let end = chars.get(i + len).map_or(text.len(), |c| c.0);
            let w = &text[start..end];
            assert_eq!(ours.cut(w, false), full.cut(w, false), "cut {w:?}");
            assert_eq!(ours.cut(w, true), full.cut(w, true), "cut with HMM {w:?}");
            assert_eq!(ours.tag(w, false), full.tag(w, false), "tag {w:?}");
            assert_eq!(ours.suggest_freq(w), full.suggest_freq(w), "suggest_freq {w:?}");
            assert_eq!(ours.has_word(w), full.has_word(w), "has_word {w:?}");
            windows += 1;
        }
    }
    assert!(windows > 5_000, "only {windows} windows compared");
}

#[test]
fn dictionary_membership_matches_jieba() {
    let full = full_jieba();
    let ours = segment::jieba();
    for w in [
        "丛林法则",
        "中方",
        "方案",
        "常常",
        "大大",
        "从林法则",
        "接接",
        "",
        "4S店",
        "南南合作",
    ] {
        assert_eq!(ours.has_word(w), full.has_word(w), "{w}");
    }
}

/// The dictionary in `rules/segment/` is jieba-rs's own, unchanged: compare it with the copy in
/// the crate's source when cargo's registry has it (it always does after a build from
/// crates.io, but a vendored build may not).
#[test]
fn committed_dictionary_is_jieba_rs_own() {
    let ours = std::fs::read("rules/segment/dict.txt").expect("rules/segment/dict.txt");
    let lock = std::fs::read_to_string("Cargo.lock").expect("Cargo.lock");
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"jieba-rs\""))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_owned())
        .expect("jieba-rs in Cargo.lock");
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    let Ok(registries) = std::fs::read_dir(home.join("registry/src")) else {
        eprintln!("no cargo registry sources; skipped");
        return;
    };
    let mut compared = false;
    for reg in registries.flatten() {
        let theirs = reg.path().join(format!("jieba-rs-{version}/src/data/dict.txt"));
        if let Ok(theirs) = std::fs::read(&theirs) {
            assert!(
                ours == theirs,
                "rules/segment/dict.txt differs from {}",
                reg.path().display()
            );
            compared = true;
        }
    }
    if !compared {
        eprintln!("jieba-rs {version} source not found; skipped");
    }
}

/// Threads cutting at once, each loading words for its own windows in its own order, must
/// each get exactly what full jieba gives.
#[test]
fn threads_cutting_at_once_cut_like_full_jieba() {
    let text = sample();
    let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    let full = full_jieba();
    std::thread::scope(|scope| {
        for k in 0..4usize {
            let (text, chars, full) = (&text, &chars, &full);
            scope.spawn(move || {
                let ours = segment::jieba();
                // Each thread walks the windows in its own order, so loads interleave.
                let n = chars.len() - 1;
                for step in 0..n {
                    let i = (step * (2 * k + 1) + k * 7) % n;
                    let j = (i + 3 + (step + k) % 11).min(n);
                    let w = &text[chars[i]..chars[j]];
                    assert_eq!(ours.cut(w, false), full.cut(w, false), "thread {k}: {w:?}");
                    assert_eq!(ours.tag(w, false), full.tag(w, false), "thread {k}: {w:?}");
                }
            });
        }
    });
}
