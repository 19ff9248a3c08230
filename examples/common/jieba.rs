//! jieba with its whole dictionary loaded up front, the reference the measuring examples and
//! `tests/segment.rs` compare with or inject by: built from the committed copy of jieba-rs's
//! own dictionary (`rules/segment/dict.txt`), since newslint builds jieba-rs without the copy
//! it embeds.

/// A jieba instance over the whole of `rules/segment/dict.txt`.
pub fn full_jieba() -> jieba_rs::Jieba {
    let mut dict: &[u8] = include_bytes!("../../rules/segment/dict.txt");
    jieba_rs::Jieba::with_dict(&mut dict).expect("rules/segment/dict.txt is a jieba dictionary")
}
