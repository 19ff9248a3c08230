#![no_main]
//! Parse arbitrary text as a newslint.toml: an error is fine, a panic is not, and an error
//! message must render (it points at a line of the text).

use libfuzzer_sys::fuzz_target;
use newslint::config::Config;
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(e) = Config::parse(text, "newslint.toml", PathBuf::from("."), PathBuf::from("newslint.toml")) {
        let _ = e.to_string();
        let _ = e.line();
    }
});
