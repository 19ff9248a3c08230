//! The hash of the segmenter's group table, shared by `build.rs` (which writes the table) and
//! `src/segment.rs` (which reads it): both include this file, so the two cannot drift.

/// The slot where the group of dictionary words starting with `first` then `second` (0: the
/// word `first` alone) is looked for first, in a table of 2^`bits` slots.
#[inline]
pub fn group_slot(first: u32, second: u32, bits: u32) -> usize {
    ((u64::from(first) << 32 | u64::from(second)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}
