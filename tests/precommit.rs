//! The pre-commit hooks, tested with the real pre-commit tool: this runs
//! scripts/test-precommit.sh (pre-commit from PyPI in a temporary virtualenv, a temporary
//! repository whose .pre-commit-config.yaml points at this checkout's HEAD, a clean commit
//! that passes and a defective one that is blocked with the report shown).
//!
//! Ignored by default: it needs PyPI and builds newslint with `cargo install` (minutes). Run:
//!
//! ```text
//! cargo test --test precommit -- --ignored --nocapture
//! ```

use std::path::PathBuf;
use std::process::Command;

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/test-precommit.sh")
}

#[test]
#[ignore = "slow and needs PyPI: cargo test --test precommit -- --ignored"]
fn pre_commit_passes_clean_copy_and_blocks_a_defect() {
    let status = Command::new("bash").arg(script()).status().unwrap();
    assert!(
        status.success(),
        "scripts/test-precommit.sh failed (its output is above)"
    );
}

/// The cheap part, always run: the script is valid bash and executable.
#[test]
fn the_script_is_valid_bash() {
    let status = Command::new("bash").arg("-n").arg(script()).status().unwrap();
    assert!(status.success());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(script()).unwrap().permissions().mode();
        assert!(mode & 0o111 != 0, "scripts/test-precommit.sh is executable");
    }
}
