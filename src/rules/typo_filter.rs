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
pub fn form_hash(b: &[u8]) -> [usize; 3] {
    let mut h: u64 = 0x243F_6A88_85A3_08D3;
    for chunk in b.chunks(8) {
        let mut w = [0u8; 8];
        w[..chunk.len()].copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(0x517C_C1B7_2722_0A95);
    }
    h ^= h >> 32;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    let g = (h ^ (h >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    [
        (h >> (64 - FILTER_BITS)) as usize,
        ((h >> 20) & ((1 << FILTER_BITS) - 1)) as usize,
        (g >> (64 - FILTER_BITS)) as usize,
    ]
}
