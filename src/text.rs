//! Character classes shared by every rule.
//!
//! Rules must not paste their own alternations of characters (autocorrect's bug, see STYLE.md):
//! they ask these functions, which are written once against the Unicode blocks.

/// True for a Han ideograph (CJK Unified Ideographs, Extension A, compatibility ideographs and
/// the supplementary-plane extensions).
#[inline]
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF)
}

/// True for Chinese (full-width) punctuation as used in Simplified news copy.
#[inline]
pub fn is_cjk_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '（'
            | '）'
            | '《'
            | '》'
            | '〈'
            | '〉'
            | '【'
            | '】'
            | '「'
            | '」'
            | '『'
            | '』'
            | '—'
            | '…'
            | '·'
            | '～'
            | '〔'
            | '〕'
            | '〖'
            | '〗'
    )
}

/// True for a character that makes the surrounding text "Chinese text": Han or Chinese
/// punctuation.
#[inline]
pub fn is_chinese(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Marks that end a sentence. Closing quotes and brackets that follow one are part of the
/// sentence (see [`crate::document`]).
#[inline]
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '…')
}

/// Closing marks that may follow a sentence end and still belong to the sentence.
#[inline]
pub fn is_closing_mark(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '》' | '】' | '〕')
}

/// Whitespace that separates words or indents paragraphs, including the ideographic space and
/// the no-break space.
#[inline]
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{00A0}' | '\u{3000}' | '\u{2002}'..='\u{200B}' | '\u{202F}' | '\u{FEFF}'
    )
}

/// True for a character that writes a number in Chinese (一九九九, 二〇二二, 三千万, 两).
#[inline]
pub fn is_han_numeral(c: char) -> bool {
    matches!(
        c,
        '〇' | '零'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
            | '亿'
            | '两'
    )
}

/// Number of Han characters in `s`.
pub fn han_count(s: &str) -> usize {
    s.chars().filter(|&c| is_han(c)).count()
}

/// The character just before byte `i` of `s`, if any.
#[inline]
pub fn char_before(s: &str, i: usize) -> Option<char> {
    s[..i].chars().next_back()
}

/// The character starting at byte `i` of `s`, if any.
#[inline]
pub fn char_at(s: &str, i: usize) -> Option<char> {
    s[i..].chars().next()
}

/// The code point of a three-byte UTF-8 sequence from its lead and two continuation bytes
/// (U+0800..U+FFFF: the Han characters of Chinese copy).
#[inline(always)]
pub(crate) const fn code_point3(lead: u8, b1: u8, b2: u8) -> u32 {
    ((lead as u32 & 0x0F) << 12) | ((b1 as u32 & 0x3F) << 6) | (b2 as u32 & 0x3F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_han('国'));
        assert!(is_han('關'));
        assert!(is_han('𠀀'));
        assert!(!is_han('a'));
        assert!(!is_han('，'));
        assert!(is_cjk_punct('，'));
        assert!(!is_cjk_punct(','));
        assert!(is_chinese('“'));
        assert_eq!(han_count("a国b家，"), 2);
        assert_eq!(char_before("国家", 3), Some('国'));
        assert_eq!(char_at("国家", 3), Some('家'));
        assert_eq!(char_before("国家", 0), None);
    }
}
