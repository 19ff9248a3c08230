//! The hash functions of `typo`'s two start filters, shared by `build.rs` (which fills the
//! filters from the tables) and `src/rules/typo.rs` (which reads the text through them):
//! both include this file, so the two cannot drift. Every built-in form is written in
//! characters of three UTF-8 bytes (`build.rs` asserts it), so the functions work on bytes.

/// Bits of both filters: 2^21 bits (256 KiB) each.
pub const FILTER_BITS: u32 = 21;

/// The first two characters (six bytes) of `b` as an integer.
#[inline]
pub fn pair_key(b: &[u8]) -> u64 {
    let mut k = [0u8; 8];
    k[..6].copy_from_slice(&b[..6]);
    u64::from_le_bytes(k)
}

/// The pair filter's slot of a pair key (one bit a key: 54,000 pairs in 2^21 bits let about
/// one position in forty through by chance, beside the one in eleven that does start a form's
/// pair in clean copy).
#[inline(always)]
pub fn pair_hash(k: u64) -> usize {
    (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - FILTER_BITS)) as usize
}

/// The form filter's three slots of `b`: a form's first two, three or four characters (six,
/// nine or twelve bytes). About 120,000 entries set 16% of the filter's bits, so a string that
/// is no form passes one query in 250 (with two slots: one in 85). A query that passes costs a
/// walk of the form map, a cache miss a byte, so the third slot's probe pays for itself.
#[inline]
#[allow(dead_code)] // build.rs hashes the forms with it; the text side, `form_hash_words`
pub fn form_hash(b: &[u8]) -> [usize; 3] {
    let mut w = [0u8; 16];
    w[..b.len()].copy_from_slice(b);
    let [lo, hi] = [0, 8].map(|i| u64::from_le_bytes(w[i..i + 8].try_into().expect("eight bytes")));
    form_hash_words(lo, hi, b.len())
}

/// [`form_hash`] of the `len` bytes (at most 16) held little-endian in `lo` (the first eight)
/// and `hi` (the rest), zero past `len`: the text side loads a position's twelve bytes once
/// and masks them for each of the three lengths it asks about.
#[inline(always)]
pub fn form_hash_words(lo: u64, hi: u64, len: usize) -> [usize; 3] {
    let mut h = (lo.wrapping_mul(0x517C_C1B7_2722_0A95) ^ hi ^ ((len as u64) << 58))
        .wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 32;
    let g = (h ^ (h >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    [
        (h >> (64 - FILTER_BITS)) as usize,
        ((h >> 20) & ((1 << FILTER_BITS) - 1)) as usize,
        (g >> (64 - FILTER_BITS)) as usize,
    ]
}
