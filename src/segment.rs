//! One shared word segmenter for every rule that needs one.
//!
//! Loading jieba's dictionary costs a few hundred milliseconds, so it is built once per
//! process, lazily, the first time a rule has a candidate that needs segmenting (a broken
//! join, a doubled character). Clean copy rarely gets that far, and a process that never
//! segments never pays for it.

use jieba_rs::Jieba;
use std::sync::LazyLock;

static JIEBA: LazyLock<Jieba> = LazyLock::new(Jieba::new);

/// The shared jieba segmenter with its default dictionary.
pub fn jieba() -> &'static Jieba {
    &JIEBA
}

/// Build the segmenter now rather than on first use; true when this call built it (for
/// measuring the one-time cost).
pub fn load() -> bool {
    let fresh = LazyLock::get(&JIEBA).is_none();
    LazyLock::force(&JIEBA);
    fresh
}
