//! Helpers shared by the unit tests.

/// A xorshift generator with a fixed seed: generated test input is the same on every run.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new() -> Rng {
        Rng(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..m`.
    pub(crate) fn below(&mut self, m: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % m as u64) as usize
    }

    /// Up to `max - 1` pieces drawn from `pieces`, joined: random text for comparing a fast
    /// path with its reference.
    pub(crate) fn text(&mut self, pieces: &[&str], max: usize) -> String {
        let n = self.below(max);
        (0..n).map(|_| pieces[self.below(pieces.len())]).collect()
    }
}
