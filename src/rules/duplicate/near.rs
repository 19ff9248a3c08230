//! Near-exact comparison of two normalised sentences.
//!
//! Two sentences are "nearly the same" when a character or two differ: an editor fixed a typo
//! in one copy of a pasted sentence, or a doubled character crept into it. The comparison is
//! bounded: after stripping the common prefix and suffix it tries the three edit operations at
//! the first difference, at most `max` deep (3^max branches of linear work, no allocation).
//!
//! Differences that change what a sentence says are not "near": a different number (1月/2月,
//! 第一/第二), a two-character word swapped for another (防汛工作/安全工作 in a list of meeting
//! items), or one character swapped for its counterpart (进口/出口, 上涨/下涨). News copy is full
//! of such parallel sentences and they are not copies.

/// Characters that write numbers. A difference in a numeral is a different fact.
fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || crate::text::is_han_numeral(c)
}

/// Characters that come in contrasting pairs in parallel sentences (进口/出口, 上升/下降,
/// 城镇/乡村…). A one-character substitution between two of them is a contrast, not a slip.
const CONTRAST: &str = "进出增减升降涨跌上下内外东西南北前后左右多少大小高低男女城乡中外买卖收支借贷正负新旧长短早晚冷热强弱轻重快慢首末始终老少先后";

fn is_contrast(c: char) -> bool {
    CONTRAST.contains(c)
}

fn common_prefix(a: &[char], b: &[char]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &[char], b: &[char]) -> usize {
    a.iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// Edit distance of `a` and `b` is at most `k` (bounded search).
fn within(a: &[char], b: &[char], k: usize) -> bool {
    let p = common_prefix(a, b);
    let (a, b) = (&a[p..], &b[p..]);
    let s = common_suffix(a, b);
    let (a, b) = (&a[..a.len() - s], &b[..b.len() - s]);
    if a.is_empty() || b.is_empty() {
        return a.len().max(b.len()) <= k;
    }
    if k == 0 || a.len().abs_diff(b.len()) > k {
        return false;
    }
    within(&a[1..], &b[1..], k - 1) || within(&a[1..], b, k - 1) || within(a, &b[1..], k - 1)
}

/// True when `a` and `b` differ by between one and `max` edits and the difference is a slip,
/// not a change of fact (see the module documentation).
pub(crate) fn near_equal(a: &[char], b: &[char], max: usize) -> bool {
    if max == 0 || a.len().abs_diff(b.len()) > max {
        return false;
    }
    let p = common_prefix(a, b);
    let (ma, mb) = (&a[p..], &b[p..]);
    let s = common_suffix(ma, mb);
    let (ma, mb) = (&ma[..ma.len() - s], &mb[..mb.len() - s]);
    if ma.is_empty() && mb.is_empty() {
        return false;
    }
    if !a
        .iter()
        .filter(|c| is_numeral(**c))
        .eq(b.iter().filter(|c| is_numeral(**c)))
    {
        return false;
    }
    match (ma.len(), mb.len()) {
        (1, 1) if is_contrast(ma[0]) && is_contrast(mb[0]) => return false,
        (2, 2) => return false,
        _ => {}
    }
    within(ma, mb, max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn near(a: &str, b: &str) -> bool {
        near_equal(&v(a), &v(b), 2)
    }

    #[test]
    fn slips_are_near() {
        assert!(near(
            "要坚定不移地走好这条发展道路",
            "要坚定不移的走好这条发展道路"
        ));
        assert!(near(
            "要坚定不移地走好这条发展道路",
            "要坚定不移地走好这条条发展道路"
        ));
        assert!(near("要坚定不移地走好这条发展道路", "要坚定不移走好这条发展道路"));
        // Two separate slips.
        assert!(near(
            "要坚定不移地走好这条发展道路",
            "要坚定不移的走好这条发展到路"
        ));
        // A two-character word inserted.
        assert!(near(
            "要坚定不移地走好这条发展道路",
            "要坚定不移地走好这条绿色发展道路"
        ));
    }

    #[test]
    fn changes_of_fact_are_not_near() {
        assert!(!near(
            "要坚定不移地走好这条发展道路",
            "要坚定不移地走好这条发展道路"
        ));
        assert!(!near(
            "一月份全市居民消费价格同比上涨",
            "二月份全市居民消费价格同比上涨"
        ));
        assert!(!near(
            "今年以来全省进口保持增长势头",
            "今年以来全省出口保持增长势头"
        ));
        assert!(!near(
            "会议听取了关于防汛工作的汇报",
            "会议听取了关于安全工作的汇报"
        ));
        assert!(!near(
            "要坚定不移地走好这条发展道路",
            "要坚定不移地走好那一条新的发展之路"
        ));
    }

    #[test]
    fn bounded_distance() {
        assert!(within(&v("abcdef"), &v("abxdef"), 1));
        assert!(!within(&v("abcdef"), &v("axxdef"), 1));
        assert!(within(&v("abcdef"), &v("axxdef"), 2));
        assert!(within(&v("abcdef"), &v("bcdef"), 1));
        assert!(!within(&v("abcdef"), &v("fedcba"), 2));
    }
}
