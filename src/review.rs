//! `newslint review FILE`: an editor walks through one file's findings and decides each one.
//!
//! Three layers, so the part that matters can be tested without a terminal:
//!
//! - [`Session`] is the decision logic and nothing else: which finding comes next, what each
//!   key does to the decisions (accept, edit, skip, ignore the rule for the rest of the file,
//!   undo, quit saving, quit discarding), and which findings are passed over because their
//!   span overlaps a fix already accepted. It never prints.
//! - A [`Ui`] shows text and reads answers. [`PlainUi`] prints numbered prompts and reads one
//!   answer per line, so scripted input works (`printf 'a\ns\n' | newslint review a.txt`);
//!   `TermUi` reads single keys on a terminal, opens an arrow-key menu (dialoguer) on Enter
//!   and colours the span and the suggestion.
//! - [`review`] drives a session through a UI, then [`apply_edits`] applies the accepted
//!   edits to the text as read in one go, and [`command`] writes the result with
//!   [`atomic::write_if_unchanged`] and prints a summary.
//!
//! Decisions are taken in file order and all refer to the text as read, so accepting one
//! never shifts another's span; a finding whose span overlaps an accepted edit cannot be
//! applied with it and is passed over with a note. Undo reverts the last decision taken by
//! the editor and everything the session decided on its own after it.

use crate::app::{EXIT_CLEAN, EXIT_ERROR, Io};
use crate::atomic;
use crate::cli::{ColorChoice, LangArg};
use crate::config::{ConfigChoice, Overrides};
use crate::diagnostic::{Applicability, Diagnostic, Lang};
use crate::document::Document;
use crate::input;
use crate::lines::LineIndex;
use crate::run::{self, CheckOptions};
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::ops::Range;
use std::path::PathBuf;

/// Shown after `newslint review --help`.
pub const AFTER_HELP: &str = "\
Keys (or the numbers shown in the prompt):
  a, y   accept the suggested fix
  e      edit the replacement (empty deletes the span)
  s, n   skip this finding
  i      ignore this rule for the rest of the file
  u      undo the last decision
  q      quit, applying the fixes accepted so far
  x      quit, discarding every decision (the file is not touched)
After the last finding, q saves, u goes back and x discards. On a terminal, Enter opens an
arrow-key menu. When stdin is not a terminal, answers are read one per line (the replacement
after `e` on the next line), and the end of the input quits like `q`.

Example: printf 'a\ns\ne\n丛林法则\nq\n' | newslint review story.txt

Accepted fixes are applied together, to the text as it was read, and written atomically: if
the file changed on disk during the review it is not overwritten, and the accepted edits are
printed as a diff instead.

Exit status: 0 reviewed (whatever was decided), 2 usage, config, read or write error.";

/// `newslint review`.
#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// The file to review. Stdin cannot be reviewed: it carries the answers when it is not a
    /// terminal.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Accept every safe fix without asking; findings without a safe fix are still asked
    /// about.
    #[arg(long, short)]
    pub yes: bool,

    /// Review only these rules (comma-separated ids).
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub select: Option<Vec<String>>,

    /// Do not review these rules (comma-separated ids).
    #[arg(long, value_name = "RULE,...", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// Use this config file instead of looking for newslint.toml / .newslint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore every config file and use the defaults.
    #[arg(long)]
    pub no_config: bool,

    /// Language of the messages and prompts [default: zh, or `lang` from the config].
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,

    /// When to colour the span and the suggestion.
    #[arg(long, value_enum, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,
}

/// What the editor can answer for a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Accept the suggested fix.
    Accept,
    /// Accept with this replacement instead.
    Edit(String),
    /// Leave the finding alone.
    Skip,
    /// Leave this finding and every later one of its rule alone.
    IgnoreRule,
    /// Revert the last decision.
    Undo,
    /// Stop here and apply what was accepted.
    Quit,
    /// Stop here and apply nothing.
    Discard,
}

/// Why a finding was passed over without asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Its rule is ignored for the rest of the file.
    RuleIgnored,
    /// Its span overlaps the accepted edit of this finding (an index).
    Overlaps(usize),
}

/// The state of one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Its edit will be applied.
    Accepted {
        /// The text that replaces the span.
        replacement: String,
        /// Typed by the editor rather than suggested.
        edited: bool,
        /// Accepted by `--yes`, not by a key.
        auto: bool,
    },
    /// Skipped.
    Skipped,
    /// Skipped, and its rule ignored from here on.
    IgnoredRule,
    /// Passed over without asking.
    Passed(Pass),
}

/// What the UI should do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Show finding `i` and ask about it.
    Ask(usize),
    /// Finding `i` was passed over.
    Passed(usize, Pass),
    /// Finding `i` was accepted by `--yes`.
    AutoAccepted(usize),
    /// Nothing left, or the editor quit.
    Done,
}

/// An answer that does not apply here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActError {
    /// `accept` on a finding without a suggested fix.
    NoFix,
    /// `undo` with no decision taken yet.
    NothingToUndo,
    /// A decision when no finding is being asked about.
    NotAsking,
}

/// How the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Still open: findings may be left, or every one was seen and a decision can still be
    /// undone before the editor confirms.
    Running,
    /// The editor quit saving.
    Save,
    /// The editor quit discarding.
    Discard,
}

/// The decision logic of a review (see the module docs).
#[derive(Debug)]
pub struct Session<'d> {
    diags: &'d [Diagnostic],
    states: Vec<Option<State>>,
    /// Findings decided by the editor, in order: what undo pops.
    history: Vec<usize>,
    cursor: usize,
    yes: bool,
    end: End,
    asking: Option<usize>,
}

/// Whether two edits cannot both be applied: overlapping ranges, an insertion strictly inside
/// a replaced range, or two insertions at the same point (their order would be arbitrary).
/// Edits that only touch at an end are fine.
pub fn conflicts(a: &Range<usize>, b: &Range<usize>) -> bool {
    if a.is_empty() && b.is_empty() {
        a.start == b.start
    } else {
        a.start < b.end && b.start < a.end
    }
}

impl<'d> Session<'d> {
    /// A session over `diags` (sorted, as the checker returns them). With `yes`, safe fixes
    /// are accepted without asking.
    pub fn new(diags: &'d [Diagnostic], yes: bool) -> Self {
        Session {
            diags,
            states: vec![None; diags.len()],
            history: Vec::new(),
            cursor: 0,
            yes,
            end: End::Running,
            asking: None,
        }
    }

    /// The findings.
    pub fn diagnostics(&self) -> &'d [Diagnostic] {
        self.diags
    }

    /// The state of finding `i` (`None`: not reached).
    pub fn state(&self, i: usize) -> Option<&State> {
        self.states[i].as_ref()
    }

    /// How the session ended (or [`End::Running`]).
    pub fn end(&self) -> End {
        self.end
    }

    fn rule_ignored(&self, rule: &str) -> bool {
        self.history
            .iter()
            .any(|&j| self.states[j] == Some(State::IgnoredRule) && self.diags[j].rule == rule)
    }

    fn overlapping_accepted(&self, i: usize) -> Option<usize> {
        let span = &self.diags[i].span;
        (0..i).find(|&j| {
            matches!(self.states[j], Some(State::Accepted { .. })) && conflicts(&self.diags[j].span, span)
        })
    }

    /// Advance to the next finding that needs the editor, passing over (and reporting) the
    /// ones that do not. [`Step::Done`] with [`End::Running`] means every finding was seen:
    /// the editor may still undo, or confirm with `Quit` (or drop everything with `Discard`).
    pub fn step(&mut self) -> Step {
        if self.end != End::Running {
            return Step::Done;
        }
        if let Some(i) = self.asking {
            return Step::Ask(i);
        }
        let Some(i) = (self.cursor < self.diags.len()).then_some(self.cursor) else {
            return Step::Done;
        };
        let d = &self.diags[i];
        if self.rule_ignored(d.rule) {
            self.states[i] = Some(State::Passed(Pass::RuleIgnored));
            self.cursor += 1;
            return Step::Passed(i, Pass::RuleIgnored);
        }
        if let Some(j) = self.overlapping_accepted(i) {
            self.states[i] = Some(State::Passed(Pass::Overlaps(j)));
            self.cursor += 1;
            return Step::Passed(i, Pass::Overlaps(j));
        }
        if self.yes
            && let Some(f) = &d.fix
            && f.applicability == Applicability::Safe
        {
            self.states[i] = Some(State::Accepted {
                replacement: f.replacement.clone(),
                edited: false,
                auto: true,
            });
            self.cursor += 1;
            return Step::AutoAccepted(i);
        }
        self.asking = Some(i);
        Step::Ask(i)
    }

    /// Apply the editor's answer to the finding being asked about ([`Step::Ask`]). `Undo`,
    /// `Quit` and `Discard` may be given at any time.
    pub fn act(&mut self, action: Action) -> Result<(), ActError> {
        match action {
            Action::Undo => return self.undo(),
            Action::Quit => {
                self.end = End::Save;
                self.asking = None;
                return Ok(());
            }
            Action::Discard => {
                self.end = End::Discard;
                self.asking = None;
                return Ok(());
            }
            _ => {}
        }
        let i = self.asking.ok_or(ActError::NotAsking)?;
        let state = match action {
            Action::Accept => {
                let f = self.diags[i].fix.as_ref().ok_or(ActError::NoFix)?;
                State::Accepted {
                    replacement: f.replacement.clone(),
                    edited: false,
                    auto: false,
                }
            }
            Action::Edit(replacement) => {
                let edited = self.diags[i]
                    .fix
                    .as_ref()
                    .is_none_or(|f| f.replacement != replacement);
                State::Accepted {
                    replacement,
                    edited,
                    auto: false,
                }
            }
            Action::Skip => State::Skipped,
            Action::IgnoreRule => State::IgnoredRule,
            Action::Undo | Action::Quit | Action::Discard => unreachable!(),
        };
        self.states[i] = Some(state);
        self.history.push(i);
        self.cursor = i + 1;
        self.asking = None;
        Ok(())
    }

    fn undo(&mut self) -> Result<(), ActError> {
        let i = self.history.pop().ok_or(ActError::NothingToUndo)?;
        // Everything after the last decision was decided by the session on its own (passed
        // over, or accepted by --yes) and may come out differently now.
        for s in &mut self.states[i..] {
            *s = None;
        }
        self.cursor = i;
        self.asking = None;
        self.end = End::Running;
        Ok(())
    }

    /// The accepted edits, in file order: (finding index, span, replacement). Empty when the
    /// session was discarded.
    pub fn accepted(&self) -> Vec<(usize, Range<usize>, &str)> {
        if self.end == End::Discard {
            return Vec::new();
        }
        self.states
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s {
                Some(State::Accepted { replacement, .. }) => {
                    Some((i, self.diags[i].span.clone(), replacement.as_str()))
                }
                _ => None,
            })
            .collect()
    }

    /// Counts for the summary.
    pub fn tally(&self) -> Tally {
        let mut t = Tally::default();
        for (i, s) in self.states.iter().enumerate() {
            match s {
                None => t.not_reached += 1,
                Some(State::Accepted { edited, auto, .. }) => {
                    t.accepted += 1;
                    t.edited += usize::from(*edited);
                    t.auto += usize::from(*auto);
                }
                Some(State::Skipped) => t.skipped += 1,
                Some(State::IgnoredRule) => {
                    t.skipped += 1;
                    t.ignored_rules.push(self.diags[i].rule);
                }
                Some(State::Passed(Pass::RuleIgnored)) => t.skipped += 1,
                Some(State::Passed(Pass::Overlaps(_))) => t.overlapping += 1,
            }
        }
        t
    }
}

/// What a session came to, for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Edits accepted (by a key or by `--yes`).
    pub accepted: usize,
    /// Of those, replacements typed by the editor.
    pub edited: usize,
    /// Of those, accepted by `--yes`.
    pub auto: usize,
    /// Skipped, or passed over because their rule was ignored.
    pub skipped: usize,
    /// Rules ignored for the rest of the file, in the order they were ignored.
    pub ignored_rules: Vec<&'static str>,
    /// Passed over because they overlap an accepted edit.
    pub overlapping: usize,
    /// Not reached before the editor quit.
    pub not_reached: usize,
}

/// Apply `edits` (span, replacement) to `text` in one go. An edit that conflicts with one
/// already taken (in file order) or whose span is not valid in `text` is left out; the indices
/// of those are returned.
pub fn apply_edits(text: &str, edits: &[(Range<usize>, &str)]) -> (String, Vec<usize>) {
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by_key(|&i| (edits[i].0.start, edits[i].0.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut last: Option<&Range<usize>> = None;
    let mut left_out = Vec::new();
    for i in order {
        let (r, rep) = &edits[i];
        let valid = r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end);
        // Taken edits are sorted and disjoint, so the last one is the only one a later edit
        // can conflict with.
        if !valid || r.start < cursor || last.is_some_and(|l| conflicts(l, r)) {
            left_out.push(i);
            continue;
        }
        out.push_str(&text[cursor..r.start]);
        out.push_str(rep);
        cursor = r.end;
        last = Some(r);
    }
    out.push_str(&text[cursor..]);
    left_out.sort_unstable();
    (out, left_out)
}

/// What the editor can press, before it becomes an [`Action`] (`Edit` still needs its text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// a, y, 1.
    Accept,
    /// e, 2.
    Edit,
    /// s, n, 3.
    Skip,
    /// i, 4.
    IgnoreRule,
    /// u, 5.
    Undo,
    /// q, 6.
    Quit,
    /// x, 7.
    Discard,
}

impl Key {
    /// Every key, in menu order.
    pub const ALL: [Key; 7] = [
        Key::Accept,
        Key::Edit,
        Key::Skip,
        Key::IgnoreRule,
        Key::Undo,
        Key::Quit,
        Key::Discard,
    ];

    /// Parse an answer: a letter, the menu number, or the English word.
    pub fn parse(answer: &str) -> Option<Key> {
        let a = answer.trim().to_lowercase();
        Some(match a.as_str() {
            "a" | "y" | "1" | "accept" | "yes" => Key::Accept,
            "e" | "2" | "edit" => Key::Edit,
            "s" | "n" | "3" | "skip" | "no" => Key::Skip,
            "i" | "4" | "ignore" => Key::IgnoreRule,
            "u" | "5" | "undo" => Key::Undo,
            "q" | "6" | "quit" => Key::Quit,
            "x" | "7" | "discard" => Key::Discard,
            _ => return None,
        })
    }

    /// The letter shown for the key.
    pub fn letter(self) -> char {
        match self {
            Key::Accept => 'a',
            Key::Edit => 'e',
            Key::Skip => 's',
            Key::IgnoreRule => 'i',
            Key::Undo => 'u',
            Key::Quit => 'q',
            Key::Discard => 'x',
        }
    }

    /// The label in the menu.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Key::Accept, Lang::Zh) => "接受",
            (Key::Edit, Lang::Zh) => "修改",
            (Key::Skip, Lang::Zh) => "跳过",
            (Key::IgnoreRule, Lang::Zh) => "本文件忽略此规则",
            (Key::Undo, Lang::Zh) => "撤销",
            (Key::Quit, Lang::Zh) => "保存并退出",
            (Key::Discard, Lang::Zh) => "放弃并退出",
            (Key::Accept, Lang::En) => "accept",
            (Key::Edit, Lang::En) => "edit",
            (Key::Skip, Lang::En) => "skip",
            (Key::IgnoreRule, Lang::En) => "ignore rule",
            (Key::Undo, Lang::En) => "undo",
            (Key::Quit, Lang::En) => "save & quit",
            (Key::Discard, Lang::En) => "discard & quit",
        }
    }
}

/// Shows text and reads the editor's answers.
pub trait Ui {
    /// Show a finding, a note or a message.
    fn show(&mut self, text: &str) -> io::Result<()>;
    /// Ask what to do with the finding just shown. `None` at the end of the input.
    fn ask(&mut self) -> io::Result<Option<Key>>;
    /// Ask for a replacement, starting from `initial`. `None` at the end of the input.
    fn replacement(&mut self, initial: &str) -> io::Result<Option<String>>;
}

/// Numbered prompts on a stream, one answer per line: for pipes, scripts and tests.
pub struct PlainUi<'a> {
    input: Box<dyn BufRead + 'a>,
    out: &'a mut dyn Write,
    lang: Lang,
}

impl<'a> PlainUi<'a> {
    /// Prompts to `out`, answers from `input`.
    pub fn new(input: &'a mut dyn Read, out: &'a mut dyn Write, lang: Lang) -> Self {
        PlainUi {
            input: Box::new(BufReader::new(input)),
            out,
            lang,
        }
    }

    fn read_line(&mut self) -> io::Result<Option<String>> {
        let mut line = String::new();
        if self.input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let line = line
            .strip_suffix('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .unwrap_or(&line)
            .to_string();
        // The input is not echoed by a terminal: echo it so the transcript reads well.
        writeln!(self.out, "{line}")?;
        Ok(Some(line))
    }
}

impl Ui for PlainUi<'_> {
    fn show(&mut self, text: &str) -> io::Result<()> {
        writeln!(self.out, "{text}")
    }

    fn ask(&mut self) -> io::Result<Option<Key>> {
        loop {
            let menu: Vec<String> = Key::ALL
                .iter()
                .enumerate()
                .map(|(n, k)| format!("{} {} ({})", n + 1, k.label(self.lang), k.letter()))
                .collect();
            write!(self.out, "  {}\n> ", menu.join("  "))?;
            self.out.flush()?;
            let Some(line) = self.read_line()? else {
                writeln!(self.out)?;
                return Ok(None);
            };
            match Key::parse(&line) {
                Some(k) => return Ok(Some(k)),
                None => writeln!(
                    self.out,
                    "{}",
                    match self.lang {
                        Lang::Zh => format!("无法识别的回答“{}”：请输入数字或字母", line.trim()),
                        Lang::En => format!("unknown answer `{}`: type a number or a letter", line.trim()),
                    }
                )?,
            }
        }
    }

    fn replacement(&mut self, initial: &str) -> io::Result<Option<String>> {
        let prompt = match self.lang {
            Lang::Zh => "替换为",
            Lang::En => "replace with",
        };
        write!(self.out, "  {prompt} [{initial}]\n> ")?;
        self.out.flush()?;
        self.read_line()
    }
}

/// Single keys on a terminal, an arrow-key menu on Enter (dialoguer), an editable line for
/// `e`.
struct TermUi {
    term: dialoguer::console::Term,
    lang: Lang,
    color: bool,
}

impl TermUi {
    fn menu(&self) -> io::Result<Option<Key>> {
        let items: Vec<String> = Key::ALL
            .iter()
            .map(|k| format!("{}  {}", k.letter(), k.label(self.lang)))
            .collect();
        let theme: Box<dyn dialoguer::theme::Theme> = if self.color {
            Box::new(dialoguer::theme::ColorfulTheme::default())
        } else {
            Box::new(dialoguer::theme::SimpleTheme)
        };
        let chosen = dialoguer::Select::with_theme(theme.as_ref())
            .items(&items)
            .default(0)
            .interact_on_opt(&self.term)
            .map_err(dialoguer_io)?;
        Ok(chosen.map(|n| Key::ALL[n]))
    }
}

fn dialoguer_io(e: dialoguer::Error) -> io::Error {
    match e {
        dialoguer::Error::IO(e) => e,
    }
}

impl Ui for TermUi {
    fn show(&mut self, text: &str) -> io::Result<()> {
        self.term.write_line(text)
    }

    fn ask(&mut self) -> io::Result<Option<Key>> {
        use dialoguer::console::Key as K;
        let keys: Vec<String> = Key::ALL
            .iter()
            .map(|k| format!("{} {}", k.letter(), k.label(self.lang)))
            .collect();
        let more = match self.lang {
            Lang::Zh => "回车：菜单",
            Lang::En => "Enter: menu",
        };
        self.term
            .write_line(&format!("  {}  · {more}", keys.join("  ")))?;
        loop {
            let key = match self.term.read_key()? {
                K::Char(c) => Key::parse(&c.to_string()),
                K::Enter | K::ArrowDown | K::ArrowUp => match self.menu()? {
                    Some(k) => Some(k),
                    None => continue,
                },
                // Ctrl-C normally arrives as a signal and ends the process before anything is
                // written; a terminal that delivers it as a key gets the same outcome.
                K::CtrlC => Some(Key::Discard),
                _ => None,
            };
            if let Some(k) = key {
                self.term.write_line(&format!("> {}", k.label(self.lang)))?;
                return Ok(Some(k));
            }
        }
    }

    fn replacement(&mut self, initial: &str) -> io::Result<Option<String>> {
        let prompt = match self.lang {
            Lang::Zh => "替换为",
            Lang::En => "replace with",
        };
        let theme: Box<dyn dialoguer::theme::Theme> = if self.color {
            Box::new(dialoguer::theme::ColorfulTheme::default())
        } else {
            Box::new(dialoguer::theme::SimpleTheme)
        };
        dialoguer::Input::<String>::with_theme(theme.as_ref())
            .with_prompt(prompt)
            .with_initial_text(initial)
            .allow_empty(true)
            .interact_text_on(&self.term)
            .map(Some)
            .map_err(dialoguer_io)
    }
}

/// Renders findings for the editor: position, rule, message, the line with the span marked
/// and the same line with the suggestion in place.
pub struct View<'t> {
    text: &'t str,
    lines: LineIndex,
    lang: Lang,
    color: bool,
}

/// Characters of context shown on each side of a span.
const CONTEXT: usize = 30;

impl<'t> View<'t> {
    /// A view of `text`.
    pub fn new(text: &'t str, lang: Lang, color: bool) -> Self {
        View {
            text,
            lines: LineIndex::new(text),
            lang,
            color,
        }
    }

    fn mark(&self, s: &str, removed: bool) -> String {
        if self.color {
            let code = if removed { "1;4;31" } else { "1;4;32" };
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            format!("⟦{s}⟧")
        }
    }

    fn position(&self, offset: usize) -> String {
        let (l, c) = self.lines.line_col(self.text, offset);
        format!("{l}:{c}")
    }

    /// The finding `d`, numbered `n` of `total`.
    pub fn describe(&self, d: &Diagnostic, n: usize, total: usize) -> String {
        let t = self.text;
        let first = self.lines.line_of(t, d.span.start);
        let last = self.lines.line_of(t, d.span.end);
        let mut from = self.lines.line_range(t, first).start;
        if from == 0 && t.starts_with('\u{feff}') {
            from = 3.min(d.span.start);
        }
        let to = self.lines.line_range(t, last).end.max(d.span.end);
        let before = tail(&t[from..d.span.start], CONTEXT);
        let after = head(&t[d.span.end..to], CONTEXT);
        let inside = visible(&t[d.span.clone()]);
        let mut out = format!(
            "[{n}/{total}] {} {} ({})\n  {}\n",
            self.position(d.span.start),
            d.rule,
            d.severity.as_str(),
            d.message
        );
        out.push_str(&format!("  - {before}{}{after}\n", self.mark(&inside, true)));
        let note = match (&d.fix, self.lang) {
            (Some(f), lang) => {
                out.push_str(&format!(
                    "  + {before}{}{after}\n",
                    self.mark(&visible(&f.replacement), false)
                ));
                match (f.applicability, lang) {
                    (Applicability::Safe, Lang::Zh) => "安全修复",
                    (Applicability::Safe, Lang::En) => "safe fix",
                    (Applicability::Unsafe, Lang::Zh) => "非安全修复：接受前请核对",
                    (Applicability::Unsafe, Lang::En) => "unsafe fix: read it before accepting",
                }
            }
            (None, Lang::Zh) => "没有建议的修改：按 e 自行填写",
            (None, Lang::En) => "no suggested fix: press e to write one",
        };
        out.push_str(&format!("  ({note})"));
        for r in &d.related {
            let at = match &r.other {
                Some(o) => format!("{}:{}:{}", o.path, o.line, o.column),
                None => self.position(r.span.start),
            };
            out.push_str(&format!("\n  · {} ({at})", r.message));
        }
        out
    }
}

/// The last `n` characters of `s` (newlines shown), with `…` when cut.
fn tail(s: &str, n: usize) -> String {
    let count = s.chars().count();
    if count <= n {
        return visible(s);
    }
    let start = s.char_indices().nth(count - n).map_or(0, |(i, _)| i);
    format!("…{}", visible(&s[start..]))
}

/// The first `n` characters of `s` (newlines shown), with `…` when cut.
fn head(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", visible(&s[..i])),
        None => visible(s),
    }
}

/// `s` on one line: line endings shown as `↵`, tabs as `→`; a long span keeps its ends.
fn visible(s: &str) -> String {
    let shown: String = s
        .replace("\r\n", "↵")
        .chars()
        .map(|c| match c {
            '\n' | '\r' => '↵',
            '\t' => '→',
            c => c,
        })
        .collect();
    let count = shown.chars().count();
    if count <= 80 {
        return shown;
    }
    let chars: Vec<char> = shown.chars().collect();
    let a: String = chars[..50].iter().collect();
    let b: String = chars[count - 20..].iter().collect();
    format!("{a}…{b}")
}

/// Drive `session` through `ui` until it is done. The end of the input counts as `q`.
pub fn review(session: &mut Session, view: &View, ui: &mut dyn Ui) -> io::Result<()> {
    let total = session.diagnostics().len();
    let lang = view.lang;
    loop {
        match session.step() {
            Step::Done if session.end() == End::Running && total > 0 => {
                ui.show(match lang {
                    Lang::Zh => "全部审阅完毕：按 q 保存，u 撤销上一个决定，x 放弃全部决定",
                    Lang::En => {
                        "every finding has been seen: q to save, u to undo the last decision, x to discard"
                    }
                })?;
                loop {
                    let action = match ui.ask()? {
                        None | Some(Key::Quit) => Action::Quit,
                        Some(Key::Undo) => Action::Undo,
                        Some(Key::Discard) => Action::Discard,
                        Some(_) => {
                            ui.show(match lang {
                                Lang::Zh => "没有待审阅的问题了：按 q、u 或 x",
                                Lang::En => "there is nothing left to decide: press q, u or x",
                            })?;
                            continue;
                        }
                    };
                    match session.act(action) {
                        Ok(()) => break,
                        Err(_) => ui.show(match lang {
                            Lang::Zh => "没有可撤销的决定",
                            Lang::En => "nothing to undo",
                        })?,
                    }
                }
            }
            Step::Done => return Ok(()),
            Step::Passed(_, Pass::RuleIgnored) => {}
            Step::Passed(i, Pass::Overlaps(j)) => {
                let d = &session.diagnostics()[i];
                ui.show(&match lang {
                    Lang::Zh => format!(
                        "[{}/{total}] {} {}：与已接受的第 {} 处修改重叠，跳过",
                        i + 1,
                        view.position(d.span.start),
                        d.rule,
                        j + 1
                    ),
                    Lang::En => format!(
                        "[{}/{total}] {} {}: overlaps accepted fix {}, skipped",
                        i + 1,
                        view.position(d.span.start),
                        d.rule,
                        j + 1
                    ),
                })?;
            }
            Step::AutoAccepted(i) => {
                let d = &session.diagnostics()[i];
                ui.show(&match lang {
                    Lang::Zh => format!(
                        "[{}/{total}] {} {}：安全修复，已接受",
                        i + 1,
                        view.position(d.span.start),
                        d.rule
                    ),
                    Lang::En => format!(
                        "[{}/{total}] {} {}: safe fix accepted (--yes)",
                        i + 1,
                        view.position(d.span.start),
                        d.rule
                    ),
                })?;
            }
            Step::Ask(i) => {
                let d = &session.diagnostics()[i];
                ui.show(&view.describe(d, i + 1, total))?;
                loop {
                    let action = match ui.ask()? {
                        None => None,
                        Some(Key::Edit) => {
                            let initial = d.fix.as_ref().map_or("", |f| f.replacement.as_str());
                            ui.replacement(initial)?.map(Action::Edit)
                        }
                        Some(Key::Accept) => Some(Action::Accept),
                        Some(Key::Skip) => Some(Action::Skip),
                        Some(Key::IgnoreRule) => Some(Action::IgnoreRule),
                        Some(Key::Undo) => Some(Action::Undo),
                        Some(Key::Quit) => Some(Action::Quit),
                        Some(Key::Discard) => Some(Action::Discard),
                    };
                    let Some(action) = action else {
                        ui.show(match lang {
                            Lang::Zh => "输入结束：保存已作出的决定并退出",
                            Lang::En => "end of input: quitting, keeping the decisions made so far",
                        })?;
                        let _ = session.act(Action::Quit);
                        break;
                    };
                    match session.act(action) {
                        Ok(()) => break,
                        Err(ActError::NoFix) => ui.show(match lang {
                            Lang::Zh => "这一处没有建议的修改：按 e 自行填写，或按 s 跳过",
                            Lang::En => "there is no suggested fix here: press e to write one, or s to skip",
                        })?,
                        Err(ActError::NothingToUndo) => ui.show(match lang {
                            Lang::Zh => "没有可撤销的决定",
                            Lang::En => "nothing to undo",
                        })?,
                        Err(ActError::NotAsking) => unreachable!("a finding is being asked about"),
                    }
                }
            }
        }
    }
}

/// The summary line of a review.
pub fn summary_line(path: &str, t: &Tally, end: End, written: bool, lang: Lang) -> String {
    if end == End::Discard {
        return match lang {
            Lang::Zh => format!("{path}：已放弃全部决定，文件未改动"),
            Lang::En => format!("{path}: every decision discarded, file untouched"),
        };
    }
    let mut parts = Vec::new();
    match lang {
        Lang::Zh => {
            parts.push(format!("接受 {} 处修改", t.accepted));
            if t.edited > 0 {
                parts.push(format!("其中手改 {} 处", t.edited));
            }
            parts.push(format!("跳过 {} 处", t.skipped));
            if !t.ignored_rules.is_empty() {
                parts.push(format!("忽略规则 {}", t.ignored_rules.join("、")));
            }
            if t.overlapping > 0 {
                parts.push(format!("{} 处与已接受的修改重叠未用", t.overlapping));
            }
            if t.not_reached > 0 {
                parts.push(format!("{} 处未审阅", t.not_reached));
            }
            let tail = if written { "已写入" } else { "文件未改动" };
            format!("{path}：{}；{tail}", parts.join("，"))
        }
        Lang::En => {
            parts.push(format!(
                "{} fix{} accepted",
                t.accepted,
                if t.accepted == 1 { "" } else { "es" }
            ));
            if t.edited > 0 {
                parts.push(format!("{} edited", t.edited));
            }
            parts.push(format!("{} skipped", t.skipped));
            if !t.ignored_rules.is_empty() {
                parts.push(format!("ignored {}", t.ignored_rules.join(", ")));
            }
            if t.overlapping > 0 {
                parts.push(format!(
                    "{} left out (overlapping an accepted fix)",
                    t.overlapping
                ));
            }
            if t.not_reached > 0 {
                parts.push(format!("{} not reviewed", t.not_reached));
            }
            let tail = if written { "written" } else { "file untouched" };
            format!("{path}: {}; {tail}", parts.join(", "))
        }
    }
}

/// Options of one review besides the file.
#[derive(Debug, Clone, Copy)]
pub struct ReviewOptions {
    /// `--yes`.
    pub yes: bool,
    /// Prompt and message language.
    pub lang: Lang,
    /// Colour the span and the suggestion.
    pub color: bool,
}

/// How a review of a file ended.
#[derive(Debug)]
pub struct Reviewed {
    /// The exit status.
    pub code: u8,
    /// When the file changed on disk during the review: the accepted edits as a unified diff,
    /// for the caller to print on stdout so no decision is lost.
    pub unsaved: Option<String>,
}

/// Review `text` (the bytes of the file at `path`, displayed as `display`) with its findings
/// `diags` through `ui`, then write the accepted edits. Messages and the summary go to `err`.
pub fn review_file(
    path: &std::path::Path,
    display: &str,
    text: &str,
    diags: &[Diagnostic],
    ui: &mut dyn Ui,
    opts: ReviewOptions,
    err: &mut dyn Write,
) -> Reviewed {
    let failed = |unsaved| Reviewed {
        code: EXIT_ERROR,
        unsaved,
    };
    let mut session = Session::new(diags, opts.yes);
    let view = View::new(text, opts.lang, opts.color);
    if let Err(e) = review(&mut session, &view, ui) {
        let _ = writeln!(err, "error: {display}: review stopped: {e}; file untouched");
        return failed(None);
    }
    let accepted = session.accepted();
    let edits: Vec<(Range<usize>, &str)> = accepted.iter().map(|(_, r, s)| (r.clone(), *s)).collect();
    let (new, left_out) = apply_edits(text, &edits);
    for k in left_out {
        let d = &diags[accepted[k].0];
        let _ = writeln!(
            err,
            "note: {display}:{} {}: {}",
            view.position(d.span.start),
            d.rule,
            match opts.lang {
                Lang::Zh => "与另一处已接受的修改重叠，未应用",
                Lang::En => "overlaps another accepted fix; not applied",
            }
        );
    }
    let mut written = false;
    if session.end() != End::Discard && new != text {
        match atomic::write_if_unchanged(path, [text.as_bytes()], new.as_bytes()) {
            Ok(()) => written = true,
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                if !matches!(e, atomic::WriteError::Changed(_)) {
                    return failed(None);
                }
                let _ = writeln!(
                    err,
                    "note: {}",
                    match opts.lang {
                        Lang::Zh => "已接受的修改以 diff 形式输出到标准输出，可用 patch 应用",
                        Lang::En => "the accepted fixes are printed on stdout as a diff, for patch",
                    }
                );
                return failed(Some(crate::fixmode::unified_diff(display, text, &new)));
            }
        }
    }
    let _ = writeln!(
        err,
        "{}",
        summary_line(display, &session.tally(), session.end(), written, opts.lang)
    );
    Reviewed {
        code: EXIT_CLEAN,
        unsaved: None,
    }
}

fn error(io: &mut Io, msg: impl std::fmt::Display) -> u8 {
    let _ = writeln!(io.stderr, "error: {msg}");
    EXIT_ERROR
}

/// `newslint review`: find the file's config, check it, review the findings.
///
/// The terminal UI is used when both stdout (as the caller reports it) and the process's
/// stdin are terminals; otherwise prompts go to `io.stdout` and answers come from `io.stdin`.
pub fn command(args: ReviewArgs, io: &mut Io) -> u8 {
    if args.file.as_os_str() == "-" {
        return error(
            io,
            "review needs a file: stdin carries the answers when it is not a terminal",
        );
    }
    let display = run::display_path(&args.file);
    match std::fs::metadata(&args.file) {
        Ok(m) if m.is_dir() => {
            return error(io, format!("{display}: is a directory; review takes one file"));
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return error(io, input::InputError::Missing { path: display });
        }
        Err(error) => {
            return self::error(io, input::InputError::Unreadable { path: display, error });
        }
    }
    let opts = CheckOptions {
        paths: vec![args.file.clone()],
        stdin_filename: None,
        cross_file: false,
        config: match (&args.config, args.no_config) {
            (Some(p), _) => ConfigChoice::File(p.clone()),
            (None, true) => ConfigChoice::None,
            (None, false) => ConfigChoice::Discover,
        },
        overrides: Overrides {
            lang: args.lang.map(Into::into),
            select: args.select.as_ref().map(|s| s.iter().cloned().collect()),
            ignore: args.ignore.iter().cloned().collect(),
            fail_on: None,
        },
    };
    let plan = match run::plan(&opts) {
        Ok((p, mut discovery)) => {
            if let Err(e) = discovery.check_rule_ids() {
                return error(io, e);
            }
            p
        }
        Err(e) => return error(io, e),
    };
    if let Some(e) = plan.errors.first() {
        return error(io, e);
    }
    let Some(target) = plan.targets.into_iter().next() else {
        for n in &plan.notes {
            let _ = writeln!(io.stderr, "note: {n}");
        }
        return EXIT_CLEAN;
    };
    let text = match input::read_file(&args.file, &target.display, target.scope.max_file_size) {
        Ok(t) => t,
        Err(e) => return error(io, e),
    };
    let lang = target.settings.lang;
    let diags = crate::check(&Document::parse(&text, target.kind), &target.settings);
    if diags.is_empty() {
        let _ = writeln!(
            io.stderr,
            "{}",
            match lang {
                Lang::Zh => format!("{display}：没有发现问题"),
                Lang::En => format!("{display}: no problems found"),
            }
        );
        return EXIT_CLEAN;
    }
    let color = args.color.enabled(io.stdout_is_terminal, io.no_color);
    let ropts = ReviewOptions {
        yes: args.yes,
        lang,
        color,
    };
    let reviewed = if io.stdout_is_terminal && std::io::stdin().is_terminal() {
        let _ = io.stdout.flush();
        let mut ui = TermUi {
            term: dialoguer::console::Term::stdout(),
            lang,
            color,
        };
        review_file(&args.file, &display, &text, &diags, &mut ui, ropts, io.stderr)
    } else {
        // A BufReader over stdin reads ahead, which is fine: nothing else reads it.
        let mut ui = PlainUi::new(&mut *io.stdin, &mut *io.stdout, lang);
        review_file(&args.file, &display, &text, &diags, &mut ui, ropts, io.stderr)
    };
    if let Some(diff) = reviewed.unsaved {
        let _ = io.stdout.write_all(diff.as_bytes());
    }
    reviewed.code
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn fix(rule: &'static str, span: Range<usize>, rep: &str, a: Applicability) -> Diagnostic {
        Diagnostic::new(rule, Severity::Warning, span, format!("{rule} message")).with_fix(rep, a)
    }

    /// `中国,发展,合作遵循从林法则。 文明 交流` with hand-made findings: two half-width commas
    /// (safe), a typo (unsafe), a stray space (safe), and a finding without a fix.
    fn sample() -> (&'static str, Vec<Diagnostic>) {
        let t = "中国,发展,合作遵循从林法则。文明 交流";
        let c1 = t.find(',').unwrap();
        let c2 = t.rfind(',').unwrap();
        let typo = t.find("从林").unwrap();
        let sp = t.find(' ').unwrap();
        let mut diags = vec![
            fix("halfwidth-punct", c1..c1 + 1, "，", Applicability::Safe),
            fix("halfwidth-punct", c2..c2 + 1, "，", Applicability::Safe),
            fix(
                "typo",
                typo..typo + "从林法则".len(),
                "丛林法则",
                Applicability::Unsafe,
            ),
            Diagnostic::new("style", Severity::Info, 0..6, "no fix"),
            fix("cjk-space", sp..sp + 1, "", Applicability::Safe),
        ];
        // Sorted as the checker returns them: style (0), the commas (1, 2), typo (3), space (4).
        diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        (t, diags)
    }

    fn ask(s: &mut Session) -> usize {
        match s.step() {
            Step::Ask(i) => i,
            other => panic!("expected a question, got {other:?}"),
        }
    }

    fn result(text: &str, s: &Session) -> String {
        let edits: Vec<(Range<usize>, &str)> = s.accepted().iter().map(|(_, r, t)| (r.clone(), *t)).collect();
        let (out, left) = apply_edits(text, &edits);
        assert!(left.is_empty());
        out
    }

    #[test]
    fn accept_skip_and_edit() {
        let (t, ds) = sample();
        let mut s = Session::new(&ds, false);
        assert_eq!(ask(&mut s), 0);
        assert_eq!(s.act(Action::Accept), Err(ActError::NoFix));
        s.act(Action::Skip).unwrap();
        assert_eq!(ask(&mut s), 1);
        s.act(Action::Accept).unwrap();
        assert_eq!(ask(&mut s), 2);
        s.act(Action::Skip).unwrap();
        assert_eq!(ask(&mut s), 3);
        s.act(Action::Edit("弱肉强食".into())).unwrap();
        assert_eq!(ask(&mut s), 4);
        s.act(Action::Accept).unwrap();
        assert_eq!(s.step(), Step::Done);
        assert_eq!(s.end(), End::Running, "open until the editor confirms");
        s.act(Action::Quit).unwrap();
        assert_eq!((s.step(), s.end()), (Step::Done, End::Save));
        assert_eq!(result(t, &s), "中国，发展,合作遵循弱肉强食。文明交流");
        let tally = s.tally();
        assert_eq!(
            (tally.accepted, tally.edited, tally.skipped, tally.not_reached),
            (3, 1, 2, 0)
        );
    }

    #[test]
    fn the_session_does_not_ask_twice() {
        let (_, ds) = sample();
        let mut s = Session::new(&ds, false);
        assert_eq!(ask(&mut s), 0);
        assert_eq!(
            ask(&mut s),
            0,
            "step() without an answer asks again about the same finding"
        );
        assert_eq!(
            Session::new(&ds, false).act(Action::Skip),
            Err(ActError::NotAsking)
        );
    }

    #[test]
    fn ignoring_a_rule_passes_over_its_later_findings_only() {
        let t = "a,b,c,d";
        let ds = vec![
            fix("p", 1..2, "，", Applicability::Safe),
            fix("p", 3..4, "，", Applicability::Safe),
            fix("q", 4..5, "D", Applicability::Safe),
            fix("p", 5..6, "，", Applicability::Safe),
        ];
        let mut s = Session::new(&ds, false);
        assert_eq!(ask(&mut s), 0);
        s.act(Action::Accept).unwrap();
        assert_eq!(ask(&mut s), 1);
        s.act(Action::IgnoreRule).unwrap();
        assert_eq!(ask(&mut s), 2);
        s.act(Action::Accept).unwrap();
        assert_eq!(s.step(), Step::Passed(3, Pass::RuleIgnored));
        assert_eq!(s.step(), Step::Done);
        assert_eq!(result(t, &s), "a，b,D,d");
        let tally = s.tally();
        assert_eq!(tally.ignored_rules, ["p"]);
        assert_eq!((tally.accepted, tally.skipped), (2, 2));
    }

    #[test]
    fn undo_reverts_the_last_decision_and_what_followed_from_it() {
        let t = "a,b,c";
        let ds = vec![
            fix("p", 1..2, "，", Applicability::Safe),
            fix("p", 3..4, "，", Applicability::Safe),
            fix("q", 3..5, "C", Applicability::Safe),
        ];
        let mut s = Session::new(&ds, false);
        assert_eq!(s.act(Action::Undo), Err(ActError::NothingToUndo));
        assert_eq!(ask(&mut s), 0);
        s.act(Action::IgnoreRule).unwrap();
        // Rule p is ignored: finding 1 is passed over; finding 2 is asked.
        assert_eq!(s.step(), Step::Passed(1, Pass::RuleIgnored));
        assert_eq!(ask(&mut s), 2);
        // Undo the ignore: back to finding 0, and finding 1 is no longer passed over.
        s.act(Action::Undo).unwrap();
        assert_eq!(s.state(1), None);
        assert_eq!(ask(&mut s), 0);
        s.act(Action::Accept).unwrap();
        assert_eq!(ask(&mut s), 1);
        s.act(Action::Accept).unwrap();
        // Finding 2 overlaps the accepted finding 1.
        assert_eq!(s.step(), Step::Passed(2, Pass::Overlaps(1)));
        assert_eq!(s.step(), Step::Done);
        assert_eq!(result(t, &s), "a，b，c");
        // Undo after the end goes back to the last decision.
        s.act(Action::Undo).unwrap();
        assert_eq!(ask(&mut s), 1);
        s.act(Action::Skip).unwrap();
        assert_eq!(ask(&mut s), 2);
        s.act(Action::Accept).unwrap();
        assert_eq!(result(t, &s), "a，bC");
    }

    #[test]
    fn quit_keeps_decisions_and_discard_drops_them() {
        let (t, ds) = sample();
        let mut s = Session::new(&ds, false);
        ask(&mut s);
        s.act(Action::Skip).unwrap();
        ask(&mut s);
        s.act(Action::Accept).unwrap();
        ask(&mut s);
        s.act(Action::Quit).unwrap();
        assert_eq!(s.step(), Step::Done);
        assert_eq!(result(t, &s), "中国，发展,合作遵循从林法则。文明 交流");
        assert_eq!(s.tally().not_reached, 3);

        let mut s = Session::new(&ds, false);
        ask(&mut s);
        s.act(Action::Skip).unwrap();
        ask(&mut s);
        s.act(Action::Accept).unwrap();
        s.act(Action::Discard).unwrap();
        assert_eq!(s.step(), Step::Done);
        assert!(s.accepted().is_empty());
        assert_eq!(result(t, &s), t);
    }

    #[test]
    fn yes_accepts_safe_fixes_and_asks_about_the_rest() {
        let (t, ds) = sample();
        let mut s = Session::new(&ds, true);
        assert_eq!(ask(&mut s), 0, "no fix: asked");
        s.act(Action::Skip).unwrap();
        assert_eq!(s.step(), Step::AutoAccepted(1));
        assert_eq!(s.step(), Step::AutoAccepted(2));
        assert_eq!(ask(&mut s), 3, "unsafe: asked");
        // Undo goes back to the last question, not to an automatic acceptance.
        s.act(Action::Undo).unwrap();
        assert_eq!(ask(&mut s), 0);
        s.act(Action::Skip).unwrap();
        assert_eq!(s.step(), Step::AutoAccepted(1));
        assert_eq!(s.step(), Step::AutoAccepted(2));
        assert_eq!(ask(&mut s), 3);
        s.act(Action::Skip).unwrap();
        assert_eq!(s.step(), Step::AutoAccepted(4));
        assert_eq!(s.step(), Step::Done);
        assert_eq!(result(t, &s), "中国，发展，合作遵循从林法则。文明交流");
        assert_eq!(s.tally().auto, 3);
    }

    #[test]
    fn conflicts_and_apply_edits() {
        assert!(conflicts(&(1..3), &(2..4)));
        assert!(!conflicts(&(1..3), &(3..4)));
        assert!(conflicts(&(2..2), &(2..2)));
        assert!(
            !conflicts(&(3..3), &(1..3)),
            "an insertion at the end of a replacement"
        );
        assert!(
            !conflicts(&(1..1), &(1..3)),
            "an insertion at the start of a replacement"
        );
        assert!(conflicts(&(2..2), &(1..3)));
        let (out, left) = apply_edits(
            "abcdef",
            &[(4..5, "Z"), (1..3, "X"), (2..4, "Y"), (6..6, "!"), (6..6, "?")],
        );
        assert_eq!(out, "aXdZf!");
        assert_eq!(left, [2, 4]);
        // Spans that are not valid in the text are left out rather than panicking.
        let (out, left) = apply_edits("中文", &[(1..2, "x"), (0..3, "英"), (9..12, "y")]);
        assert_eq!((out.as_str(), left), ("英文", vec![0, 2]));
    }

    #[test]
    fn keys_parse_letters_numbers_and_words() {
        for (s, k) in [
            ("a", Key::Accept),
            ("Y", Key::Accept),
            ("1", Key::Accept),
            ("e", Key::Edit),
            (" s ", Key::Skip),
            ("n", Key::Skip),
            ("i", Key::IgnoreRule),
            ("undo", Key::Undo),
            ("6", Key::Quit),
            ("x", Key::Discard),
        ] {
            assert_eq!(Key::parse(s), Some(k), "{s}");
        }
        assert_eq!(Key::parse("?"), None);
        assert_eq!(Key::parse(""), None);
    }

    #[test]
    fn the_view_marks_the_span_and_the_suggestion() {
        let t = "\u{feff}标题\r\n中国,发展\r\n";
        let c = t.find(',').unwrap();
        let d = fix("halfwidth-punct", c..c + 1, "，", Applicability::Safe);
        let v = View::new(t, Lang::En, false);
        assert_eq!(
            v.describe(&d, 1, 2),
            "[1/2] 2:3 halfwidth-punct (warning)\n  halfwidth-punct message\n  - 中国⟦,⟧发展\n  + 中国⟦，⟧发展\n  (safe fix)"
        );
        // A span on the first line does not show the BOM; context is cut with an ellipsis.
        let long = format!("\u{feff}{}错{}", "前".repeat(40), "后".repeat(40));
        let at = long.find('错').unwrap();
        let d = Diagnostic::new("r", Severity::Error, at..at + 3, "m");
        let shown = View::new(&long, Lang::Zh, false).describe(&d, 3, 3);
        assert!(
            shown.contains(&format!("  - …{}⟦错⟧{}…\n", "前".repeat(30), "后".repeat(30))),
            "{shown}"
        );
        assert!(shown.ends_with("(没有建议的修改：按 e 自行填写)"), "{shown}");
        // Colour replaces the brackets.
        let coloured =
            View::new(t, Lang::En, true).describe(&fix("p", c..c + 1, "，", Applicability::Unsafe), 1, 1);
        assert!(
            coloured.contains("\x1b[1;4;31m,\x1b[0m") && coloured.contains("unsafe fix"),
            "{coloured}"
        );
    }

    /// A whole review through the plain UI with scripted answers, written to a real file.
    #[test]
    fn scripted_review_writes_exactly_the_accepted_edits() {
        let (t, ds) = sample();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, t).unwrap();
        // style: nonsense then skip; comma 1: accept; comma 2: undo (back to comma 1), skip,
        // then comma 2: accept; typo: edit to a wording of the editor's own; space: quit.
        let script = "what\ns\na\nu\n3\n1\ne\n丛林规则\nq\n";
        let mut answers = script.as_bytes();
        let mut transcript = Vec::new();
        let mut err = Vec::new();
        let code = {
            let mut ui = PlainUi::new(&mut answers, &mut transcript, Lang::En);
            let opts = ReviewOptions {
                yes: false,
                lang: Lang::En,
                color: false,
            };
            review_file(&path, "a.txt", t, &ds, &mut ui, opts, &mut err).code
        };
        let transcript = String::from_utf8(transcript).unwrap();
        let err = String::from_utf8(err).unwrap();
        assert_eq!(code, EXIT_CLEAN, "{err}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "中国,发展，合作遵循丛林规则。文明 交流"
        );
        assert!(transcript.contains("unknown answer `what`"), "{transcript}");
        assert!(transcript.contains("[3/5] 1:6 halfwidth-punct"), "{transcript}");
        assert_eq!(
            err,
            "a.txt: 2 fixes accepted, 1 edited, 2 skipped, 1 not reviewed; written\n"
        );
    }

    #[test]
    fn after_the_last_finding_the_editor_can_still_undo() {
        let (t, ds) = sample();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, t).unwrap();
        // Decide all five, then at the final question: `a` (not valid there), undo the last
        // decision, skip the space instead, save.
        let mut answers: &[u8] = "s\na\ns\na\na\na\nu\ns\nq\n".as_bytes();
        let mut transcript = Vec::new();
        let mut err = Vec::new();
        let opts = ReviewOptions {
            yes: false,
            lang: Lang::En,
            color: false,
        };
        let code = {
            let mut ui = PlainUi::new(&mut answers, &mut transcript, Lang::En);
            review_file(&path, "a.txt", t, &ds, &mut ui, opts, &mut err).code
        };
        assert_eq!(code, EXIT_CLEAN);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "中国，发展,合作遵循丛林法则。文明 交流"
        );
        let transcript = String::from_utf8(transcript).unwrap();
        assert_eq!(
            transcript.matches("every finding has been seen").count(),
            2,
            "{transcript}"
        );
        assert!(transcript.contains("nothing left to decide"), "{transcript}");
        assert_eq!(transcript.matches("[5/5]").count(), 2, "{transcript}");
    }

    #[test]
    fn end_of_input_keeps_decisions_and_a_discard_leaves_the_file_alone() {
        let (t, ds) = sample();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        let opts = ReviewOptions {
            yes: false,
            lang: Lang::Zh,
            color: false,
        };
        for (answers, expect, summary) in [
            (&b"s\na\n"[..], "中国，发展,合作遵循从林法则。文明 交流", "已写入"),
            (&b"s\na\nx\n"[..], t, "文件未改动"),
        ] {
            std::fs::write(&path, t).unwrap();
            let mut answers = answers;
            let mut transcript = Vec::new();
            let mut err = Vec::new();
            let code = {
                let mut ui = PlainUi::new(&mut answers, &mut transcript, Lang::Zh);
                review_file(&path, "a.txt", t, &ds, &mut ui, opts, &mut err).code
            };
            assert_eq!(code, EXIT_CLEAN);
            assert_eq!(std::fs::read_to_string(&path).unwrap(), expect);
            let err = String::from_utf8(err).unwrap();
            assert!(err.contains(summary), "{err}");
        }
    }

    #[test]
    fn a_file_changed_during_the_review_is_not_overwritten_and_the_edits_are_printed() {
        let (t, ds) = sample();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "别人改过的稿子").unwrap();
        let mut answers: &[u8] = b"s\na\nq\n";
        let mut transcript = Vec::new();
        let mut err = Vec::new();
        let reviewed = {
            let mut ui = PlainUi::new(&mut answers, &mut transcript, Lang::En);
            let opts = ReviewOptions {
                yes: false,
                lang: Lang::En,
                color: false,
            };
            review_file(&path, "a.txt", t, &ds, &mut ui, opts, &mut err)
        };
        assert_eq!(reviewed.code, EXIT_ERROR);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "别人改过的稿子");
        let err = String::from_utf8(err).unwrap();
        assert!(err.contains("changed on disk"), "{err}");
        assert_eq!(
            reviewed.unsaved.unwrap(),
            "--- a.txt\n+++ a.txt\n@@ -1 +1 @@\n-中国,发展,合作遵循从林法则。文明 交流\n\\ No newline at end of file\n+中国，发展,合作遵循从林法则。文明 交流\n\\ No newline at end of file\n"
        );
    }
}
