//! `newslint review` on a real terminal: the binary runs inside tmux, keys are sent with
//! `send-keys` and the screen is read with `capture-pane`. This is the path the scripted tests
//! cannot reach (single keys, the arrow-key menu, the inline editor). It needs tmux, so it is
//! ignored by default: `cargo test --test review_tmux -- --ignored`.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux server on its own socket, killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn new() -> Self {
        Tmux {
            socket: format!("newslint-review-test-{}", std::process::id()),
        }
    }

    fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "review"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "review", "-S", "-200"])
    }

    /// Wait until the screen shows `what` `times` times.
    fn wait_for(&self, what: &str, times: usize) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.matches(what).count() >= times {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "timed out waiting for {what:?}:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

#[test]
#[ignore = "needs tmux: run with --ignored"]
fn review_on_a_terminal_keys_menu_and_editor() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(
        &file,
        "市图书馆昨日宣布,自下月起延长夜间开放时间,读者可以 在自助机上办理借阅。\n",
    )
    .unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_newslint"));
    let cmd = format!(
        "{} review --lang en --color never --select halfwidth-punct,cjk-space {}; echo EXIT=$?; sleep 30",
        bin.display(),
        file.display()
    );
    let t = Tmux::new();
    t.run(&["new-session", "-d", "-s", "review", "-x", "150", "-y", "50", &cmd]);
    let menu = "Enter: menu";

    // Finding 1: a single key accepts.
    let s = t.wait_for(menu, 1);
    assert!(s.contains("[1/3] 1:9 halfwidth-punct"), "{s}");
    assert!(s.contains("  - 市图书馆昨日宣布⟦,⟧自下月起"), "{s}");
    t.keys(&["a"]);

    // Finding 2: Enter opens the arrow-key menu; two steps down is `skip`.
    t.wait_for(menu, 2);
    t.keys(&["Enter"]);
    t.wait_for("discard & quit\n", 1);
    t.keys(&["Down", "Down", "Enter"]);

    // Finding 3: edit the replacement inline.
    let s = t.wait_for(menu, 3);
    assert!(s.contains("> skip"), "{s}");
    assert!(s.contains("[3/3] 1:27 cjk-space"), "{s}");
    t.keys(&["e"]);
    t.wait_for("replace with", 1);
    t.keys(&["、", "Enter"]);

    // Every finding seen: q saves.
    t.wait_for("every finding has been seen", 1);
    t.keys(&["q"]);
    let s = t.wait_for("EXIT=", 1);
    assert!(s.contains("EXIT=0"), "{s}");
    assert!(
        s.contains("2 fixes accepted, 1 edited, 1 skipped; written"),
        "{s}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "市图书馆昨日宣布，自下月起延长夜间开放时间,读者可以、在自助机上办理借阅。\n"
    );
}
