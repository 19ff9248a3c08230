//! LEB128: an unsigned number in seven bits a byte, the high bit set on all but the last byte.
//! Small numbers take one byte: the steps between findings ([`crate::findings`]) and the spans
//! of an undo log ([`crate::fix::Undo`]) are held so.

/// Append `n`.
pub(crate) fn write(bytes: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        bytes.push(n as u8 | 0x80);
        n >>= 7;
    }
    bytes.push(n as u8);
}

/// The number at `at`, moving `at` past it.
///
/// # Panics
///
/// If the bytes end inside the number.
pub(crate) fn read(bytes: &[u8], at: &mut usize) -> u64 {
    let mut n = 0;
    let mut shift = 0;
    loop {
        let b = bytes[*at];
        *at += 1;
        n |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return n;
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_come_back_in_as_few_bytes_as_they_need() {
        let numbers = [0, 1, 127, 128, 300, 16_383, 16_384, u64::from(u32::MAX), u64::MAX];
        let mut bytes = Vec::new();
        for n in numbers {
            super::write(&mut bytes, n);
        }
        // 1 + 1 + 1 + 2 + 2 + 2 + 3 + 5 + 10 bytes.
        assert_eq!(bytes.len(), 27);
        let mut at = 0;
        for n in numbers {
            assert_eq!(super::read(&bytes, &mut at), n);
        }
        assert_eq!(at, bytes.len());
    }
}
