//! The family's word lists, embedded from `rules/doubled/` (see the README there).
//!
//! Each file holds one entry a line; `#` starts a comment. The lists are tiny, so they are
//! parsed on first use into sorted vectors and searched with a binary search.

use std::sync::LazyLock;

/// `rules/doubled/never-doubled.txt`: function characters never written twice as two words.
pub(super) const NEVER_DOUBLED_SRC: &str = include_str!("../../../rules/doubled/never-doubled.txt");
/// `rules/doubled/standalone.txt`: characters that stand alone next to a word sharing them.
pub(super) const STANDALONE_SRC: &str = include_str!("../../../rules/doubled/standalone.txt");
/// `rules/doubled/units.txt`: unit characters that precede a same-character title.
pub(super) const UNITS_SRC: &str = include_str!("../../../rules/doubled/units.txt");
/// `rules/doubled/allow.txt`: correct forms the rule would otherwise report.
pub(super) const ALLOW_SRC: &str = include_str!("../../../rules/doubled/allow.txt");
/// `rules/doubled/idioms.txt`: idioms holding a doubled character (generated from THUOCL).
pub(super) const IDIOMS_SRC: &str = include_str!("../../../rules/doubled/idioms.txt");

/// The entries of a list file: comments and blank lines dropped, each entry trimmed.
pub(super) fn entries(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
}

fn char_set(src: &'static str) -> Vec<char> {
    let mut v: Vec<char> = entries(src).filter_map(|e| e.chars().next()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

static NEVER_DOUBLED: LazyLock<Vec<char>> = LazyLock::new(|| char_set(NEVER_DOUBLED_SRC));
/// Where a lone copy of a standalone character may stand: before the word sharing it, after
/// it, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Sides {
    /// `X|X…` is fine.
    pub before: bool,
    /// `…X|X` is fine.
    pub after: bool,
}

/// Parse `standalone.txt`: `X`, `X|` or `|X` a line.
fn standalone_set(src: &'static str) -> Vec<(char, Sides)> {
    let mut v: Vec<(char, Sides)> = entries(src)
        .filter_map(|e| {
            let c = e.trim_matches('|').chars().next()?;
            let before = !e.starts_with('|');
            let after = !e.ends_with('|');
            Some((c, Sides { before, after }))
        })
        .collect();
    v.sort_unstable_by_key(|&(c, _)| c);
    v
}

static STANDALONE: LazyLock<Vec<(char, Sides)>> = LazyLock::new(|| standalone_set(STANDALONE_SRC));
static UNITS: LazyLock<Vec<char>> = LazyLock::new(|| char_set(UNITS_SRC));

/// The built-in allowlist of correct doubled forms.
pub(super) static ALLOW: LazyLock<Vec<&'static str>> = LazyLock::new(|| entries(ALLOW_SRC).collect());
/// The idioms of `idioms.txt`, which are allowed like `allow.txt`'s forms, by each character
/// they hold: a form can only cover a finding that starts with one of its characters, and a
/// walk over all 345 for every finding cost more than the rest of the rule on copy with many
/// findings.
pub(super) static IDIOMS: LazyLock<rustc_hash::FxHashMap<char, Vec<&'static str>>> = LazyLock::new(|| {
    let mut by: rustc_hash::FxHashMap<char, Vec<&'static str>> = Default::default();
    for form in entries(IDIOMS_SRC) {
        let mut seen: Vec<char> = form.chars().collect();
        seen.sort_unstable();
        seen.dedup();
        for c in seen {
            by.entry(c).or_default().push(form);
        }
    }
    by
});

/// True for a function character that is never doubled as two separate words (的的, 在在).
pub(super) fn never_doubled(c: char) -> bool {
    NEVER_DOUBLED.binary_search(&c).is_ok()
}

/// Where `c` may stand alone beside a word sharing it (目的|的, 要|要求), if anywhere.
pub(super) fn standalone(c: char) -> Option<Sides> {
    STANDALONE
        .binary_search_by_key(&c, |&(x, _)| x)
        .ok()
        .map(|i| STANDALONE[i].1)
}

/// True for a unit character that may precede a same-character title (北京市|市长).
pub(super) fn unit(c: char) -> bool {
    UNITS.binary_search(&c).is_ok()
}

/// `rules/doubled/particle-idioms.txt`: idioms ending in a particle character (generated from
/// THUOCL by `examples/gen_doubled.rs`).
pub(super) const PARTICLE_IDIOMS_SRC: &str = include_str!("../../../rules/doubled/particle-idioms.txt");
static PARTICLE_IDIOMS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(PARTICLE_IDIOMS_SRC).collect());

/// True when `before` ends with an idiom whose last character is also a particle (不知怎的,
/// 脚踏实地): a particle after it doubles that character as grammar (不知怎的|的|道理).
pub(super) fn ends_with_particle_idiom(before: &str) -> bool {
    PARTICLE_IDIOMS.iter().any(|i| before.ends_with(i))
}

/// `rules/doubled/surnames.txt`: common one-character surnames, for doubled given names.
pub(super) const SURNAMES_SRC: &str = include_str!("../../../rules/doubled/surnames.txt");
static SURNAMES: LazyLock<Vec<char>> = LazyLock::new(|| char_set(SURNAMES_SRC));

/// True for a common one-character surname (王芳芳, 周萍萍).
pub(super) fn surname(c: char) -> bool {
    SURNAMES.binary_search(&c).is_ok()
}

/// True for a Chinese numeral character. Numbers written in characters repeat digits freely
/// (一九九九年, 二〇二二), so doubled numerals are never candidates.
pub(super) fn numeral(c: char) -> bool {
    // 几, 数 and 半 (几十, 数百, 半年) count as numerals here too.
    crate::text::is_han_numeral(c) || matches!(c, '几' | '数' | '半')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::is_han;

    /// The character lists are canonical: one Han character a line, no duplicates.
    #[test]
    fn char_lists_are_single_unique_han_characters() {
        for (name, src) in [
            ("never-doubled.txt", NEVER_DOUBLED_SRC),
            ("standalone.txt", STANDALONE_SRC),
            ("units.txt", UNITS_SRC),
        ] {
            let list: Vec<&str> = entries(src)
                .map(|e| {
                    if name == "standalone.txt" {
                        e.trim_matches('|')
                    } else {
                        e
                    }
                })
                .collect();
            assert!(!list.is_empty(), "{name} is empty");
            let mut seen = std::collections::BTreeSet::new();
            for e in &list {
                let mut cs = e.chars();
                let c = cs.next().unwrap();
                assert!(
                    cs.next().is_none() && is_han(c),
                    "{name}: {e:?} is not one Han character"
                );
                assert!(seen.insert(c), "{name}: {c} listed twice");
            }
        }
    }

    /// Every allowlist entry is unique and holds a doubling (AA or ABAB), or it could never
    /// matter.
    #[test]
    fn allow_entries_hold_a_doubling() {
        let mut seen = std::collections::BTreeSet::new();
        for e in ALLOW.iter() {
            assert!(seen.insert(*e), "allow.txt: {e} listed twice");
            let cs: Vec<char> = e.chars().collect();
            let aa = cs.windows(2).any(|w| w[0] == w[1]);
            let abab = cs
                .windows(4)
                .any(|w| w[0] == w[2] && w[1] == w[3] && w[0] != w[1]);
            assert!(aa || abab, "allow.txt: {e} holds no doubling");
        }
    }

    #[test]
    fn standalone_sides_parse() {
        let v = standalone_set("# c\n甲\n乙|\n|丙\n");
        let sides: Vec<(char, bool, bool)> = v.iter().map(|&(c, s)| (c, s.before, s.after)).collect();
        assert_eq!(
            sides,
            vec![('丙', false, true), ('乙', true, false), ('甲', true, true)]
        );
    }

    #[test]
    fn lookups() {
        assert!(never_doubled('的') && !never_doubled('大'));
        assert_eq!(
            standalone('的'),
            Some(Sides {
                before: true,
                after: true
            })
        );
        assert_eq!(
            standalone('要'),
            Some(Sides {
                before: true,
                after: false
            })
        );
        assert_eq!(standalone('在'), None);
        assert_eq!(standalone('接'), None);
        assert!(unit('市') && !unit('大'));
        assert!(numeral('九') && !numeral('大'));
    }
}
