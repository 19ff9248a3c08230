//! Settings passed into a check. Built from defaults, config files and CLI flags by the CLI;
//! the library never reads them from anywhere global.

use crate::diagnostic::{Lang, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// A configured level for one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The rule is off.
    Off,
    /// The rule reports at this severity.
    On(Severity),
}

/// Everything a check needs to know besides the text.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Message language.
    pub lang: Lang,
    /// When set, only these rules run (`--select`).
    pub select: Option<BTreeSet<String>>,
    /// Rules switched off (`--ignore`, config `off`).
    pub ignore: BTreeSet<String>,
    /// Per-rule severity overrides from config.
    pub levels: BTreeMap<String, Level>,
    /// `[typo]` options.
    pub typo: crate::rules::typo::Options,
    /// `[traditional-char]` options.
    pub charset: crate::rules::charset::Options,
    /// `[doubled-char]` options.
    pub doubled: crate::rules::doubled::Options,
    /// `[duplicate-text]` options.
    pub duplicate: crate::rules::duplicate::Options,
    /// `[broken-join]` options.
    pub joins: crate::rules::joins::Options,
    /// `[halfwidth-punct]` options.
    pub punct: crate::rules::punct::Options,
}

impl Settings {
    /// True when findings of `rule` are kept.
    pub fn is_enabled(&self, rule: &str) -> bool {
        if self.select.as_ref().is_some_and(|sel| !sel.contains(rule)) {
            return false;
        }
        !self.ignore.contains(rule) && self.levels.get(rule) != Some(&Level::Off)
    }

    /// The configured severity for `rule`, if config overrides it.
    pub fn severity_override(&self, rule: &str) -> Option<Severity> {
        match self.levels.get(rule) {
            Some(Level::On(s)) => Some(*s),
            _ => None,
        }
    }
}
