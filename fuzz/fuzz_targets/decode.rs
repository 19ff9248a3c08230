#![no_main]
//! Decode arbitrary bytes as a source: no panic, and the verdict of one whole-text pass of each
//! check (a NUL decides first, then UTF-8). The input check reads 256 KiB at a time, so the
//! bytes are also tried with ASCII before them that puts a chunk edge among them.

use libfuzzer_sys::fuzz_target;
use newslint::input::{InputError, decode};

fuzz_target!(|data: &[u8]| {
    let edge = 256 << 10;
    for pad in [0, edge - (data.len() / 2).min(edge)] {
        let mut bytes = vec![b'a'; pad];
        bytes.extend_from_slice(data);
        let nul = bytes.iter().position(|&b| b == 0);
        let utf8 = std::str::from_utf8(&bytes)
            .map(|_| ())
            .map_err(|e| e.valid_up_to());
        let bom = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
        match decode(bytes, "f") {
            Ok(_) => assert!(nul.is_none() && utf8.is_ok()),
            Err(InputError::Binary { offset, .. }) => assert_eq!(Some(offset), nul),
            Err(InputError::Utf16 { bom: true, .. }) => assert!(bom),
            Err(InputError::Utf16 { bom: false, .. }) => assert!(nul.is_some()),
            Err(InputError::InvalidUtf8 { offset, .. }) => {
                assert!(nul.is_none() && !bom);
                assert_eq!(Err(offset), utf8);
            }
            Err(e) => panic!("{e}"),
        }
    }
});
