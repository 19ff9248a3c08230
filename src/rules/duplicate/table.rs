//! A hash table for keys that are hashes already (sentence hashes), with its lookups
//! laid out for a large file.
//!
//! On a file of many megabytes the tables of this rule hold millions of entries and every
//! probe is a cache miss. Two things make them cheap: a slot holds the key and the value
//! together (open addressing, linear probing), so a probe costs one miss, not one for the
//! control bytes and one for the entry; and [`Table::touch`] lets a caller read the slots of
//! the next few keys first, in a loop whose loads do not depend on each other, so that their
//! misses overlap and the real lookups that follow find the slots in cache.

/// Open-addressing table from `u64` keys (already well mixed: the low bits pick the slot) to
/// small `Copy` values.
pub(crate) struct Table<V> {
    /// `(key, value)`; key 0 marks an empty slot (the key 0 itself is kept in `zero`).
    slots: Vec<(u64, V)>,
    mask: usize,
    len: usize,
    zero: Option<V>,
}

impl<V: Copy + Default> Table<V> {
    /// A table that holds `n` keys without growing.
    pub fn with_capacity(n: usize) -> Self {
        let cap = (n + n / 2 + 16).next_power_of_two();
        Table {
            slots: vec![(0, V::default()); cap],
            mask: cap - 1,
            len: 0,
            zero: None,
        }
    }

    /// The slot of `key`: where it is, or the empty slot where it would go.
    #[inline]
    fn slot(&self, key: u64) -> usize {
        let mut i = key as usize & self.mask;
        loop {
            let k = self.slots[i].0;
            if k == key || k == 0 {
                return i;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Read the home slot of `key` and return something computed from it, for the caller to
    /// pass to `std::hint::black_box`: a load issued ahead of the lookup.
    #[inline]
    pub fn touch(&self, key: u64) -> u64 {
        self.slots[key as usize & self.mask].0
    }

    /// The value of `key`.
    #[cfg(test)]
    pub fn get(&self, key: u64) -> Option<V> {
        if key == 0 {
            return self.zero;
        }
        let s = &self.slots[self.slot(key)];
        (s.0 == key).then_some(s.1)
    }

    /// The value of `key`, inserting `v` first when the key is absent; the flag tells whether
    /// it was inserted.
    #[inline]
    pub fn entry(&mut self, key: u64, v: V) -> (&mut V, bool) {
        if key == 0 {
            let inserted = self.zero.is_none();
            return (self.zero.get_or_insert(v), inserted);
        }
        if 4 * (self.len + 1) > 3 * self.slots.len() {
            self.grow();
        }
        let i = self.slot(key);
        let inserted = self.slots[i].0 == 0;
        if inserted {
            self.slots[i] = (key, v);
            self.len += 1;
        }
        (&mut self.slots[i].1, inserted)
    }

    /// Set the value of `key`; returns the value it replaces.
    #[cfg(test)]
    pub fn insert(&mut self, key: u64, v: V) -> Option<V> {
        let (slot, inserted) = self.entry(key, v);
        if inserted {
            return None;
        }
        Some(std::mem::replace(slot, v))
    }

    fn grow(&mut self) {
        let cap = 2 * self.slots.len();
        let old = std::mem::replace(&mut self.slots, vec![(0, V::default()); cap]);
        self.mask = cap - 1;
        for (k, v) in old {
            if k != 0 {
                let i = self.slot(k);
                self.slots[i] = (k, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn behaves_like_a_map() {
        let mut t: Table<u32> = Table::with_capacity(4);
        let mut m: HashMap<u64, u32> = HashMap::new();
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for i in 0..5000u32 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Small keys collide in the low bits and exercise probing; 0 is a key too.
            let key = if i % 3 == 0 { x } else { x % 64 };
            assert_eq!(t.insert(key, i), m.insert(key, i));
            let (v, inserted) = t.entry(key ^ 1, i);
            assert_eq!(inserted, !m.contains_key(&(key ^ 1)));
            m.entry(key ^ 1).or_insert(*v);
        }
        for (k, v) in &m {
            assert_eq!(t.get(*k), Some(*v));
        }
        assert_eq!(t.get(0), m.get(&0).copied());
        assert_eq!(t.get(0xdead_beef_dead_beef), None);
    }
}
