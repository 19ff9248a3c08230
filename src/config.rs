//! Configuration: `newslint.toml` / `.newslint.toml`, its discovery, and how it and the
//! command-line flags combine into the [`Settings`] of each checked file.
//!
//! Every checked file is governed by the nearest config file in its directory or above
//! (`--config FILE` names one for all files, `--no-config` uses none). A directory's lookup is
//! cached, so a run over 100,000 files reads each config once. Flags override the config.
//!
//! Errors point at the file, line, column and key, with the offending line drawn by miette:
//! the toml crate reports a byte span for every syntax and type error, and our own checks
//! (unknown rule ids, bad globs) keep spans with [`toml::Spanned`].

use crate::diagnostic::{Lang, Severity};
use crate::rules;
use crate::settings::{Level, Settings};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// The config file names looked for in each directory.
pub const FILE_NAMES: [&str; 2] = ["newslint.toml", ".newslint.toml"];

/// Extensions checked when walking a directory, unless `[files] extensions` says otherwise.
pub const DEFAULT_EXTENSIONS: [&str; 3] = ["txt", "md", "markdown"];

/// A config file as written. Kebab-case keys; unknown keys are errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Message language.
    pub lang: Option<Lang>,
    /// Lowest severity that fails the run.
    pub fail_on: Option<Severity>,
    /// Files larger than this are refused; at most [`crate::document::MAX_TEXT_LEN`].
    pub max_file_size: Option<Spanned<ByteSize>>,
    /// Per-rule level: `"off"`, `"info"`, `"warning"` or `"error"`.
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, RuleLevel>,
    /// Which files a directory walk picks up.
    #[serde(default)]
    pub files: FilesSection,
    /// Rules ignored for paths matching a glob.
    #[serde(default)]
    pub per_path: Vec<PerPath>,
    /// `[typo]`.
    #[serde(default)]
    pub typo: rules::typo::Options,
    /// `[traditional-char]`.
    #[serde(default, rename = "traditional-char")]
    pub charset: rules::charset::Options,
    /// `[doubled-char]`.
    #[serde(default, rename = "doubled-char")]
    pub doubled: rules::doubled::Options,
    /// `[duplicate-text]`.
    #[serde(default, rename = "duplicate-text")]
    pub duplicate: rules::duplicate::Options,
    /// `[broken-join]`.
    #[serde(default, rename = "broken-join")]
    pub joins: rules::joins::Options,
    /// `[halfwidth-punct]`.
    #[serde(default, rename = "halfwidth-punct")]
    pub punct: rules::punct::Options,
    /// `[house]`: house-style rule files.
    #[serde(default)]
    pub house: rules::house::HouseSection,
}

/// `[files]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FilesSection {
    /// Extensions (without the dot, case-insensitive) a directory walk checks; replaces the
    /// default `["txt", "md", "markdown"]`.
    pub extensions: Option<Vec<String>>,
    /// Globs, relative to the config file's directory, of paths never checked.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
}

/// One `[[per-path]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PerPath {
    /// Glob, relative to the config file's directory.
    pub glob: Spanned<String>,
    /// Rule ids not run on matching files.
    pub ignore: Vec<Spanned<String>>,
}

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// Switched off.
    Off,
    /// Reported as info.
    Info,
    /// Reported as a warning.
    Warning,
    /// Reported as an error.
    Error,
}

impl From<RuleLevel> for Level {
    fn from(l: RuleLevel) -> Level {
        match l {
            RuleLevel::Off => Level::Off,
            RuleLevel::Info => Level::On(Severity::Info),
            RuleLevel::Warning => Level::On(Severity::Warning),
            RuleLevel::Error => Level::On(Severity::Error),
        }
    }
}

/// A size in bytes: an integer, or a string with a unit (`"64 MiB"`, `"500KB"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteSize(pub u64);

impl ByteSize {
    /// Parse `"64 MiB"`, `"64MiB"`, `"1.5 GB"`, `"1000"`. Units: B, KB/KiB, MB/MiB, GB/GiB
    /// (K, M, G alone mean KiB, MiB, GiB), case-insensitive.
    pub fn parse(s: &str) -> Option<ByteSize> {
        let s = s.trim();
        let split = s
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(s.len());
        let (num, unit) = s.split_at(split);
        let num: f64 = num.parse().ok()?;
        let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 1,
            "kb" => 1000,
            "k" | "kib" => 1 << 10,
            "mb" => 1_000_000,
            "m" | "mib" => 1 << 20,
            "gb" => 1_000_000_000,
            "g" | "gib" => 1 << 30,
            _ => return None,
        };
        let bytes = num * mult as f64;
        (bytes.is_finite() && bytes >= 0.0 && bytes < u64::MAX as f64).then_some(ByteSize(bytes as u64))
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = ByteSize;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a size in bytes, like 1048576 or \"64 MiB\"")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<ByteSize, E> {
                Ok(ByteSize(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<ByteSize, E> {
                u64::try_from(v)
                    .map(ByteSize)
                    .map_err(|_| E::custom("a size cannot be negative"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ByteSize, E> {
                ByteSize::parse(v).ok_or_else(|| {
                    E::custom(format!(
                        "invalid size {v:?}: write bytes (1048576) or a number with a unit (\"64 MiB\")"
                    ))
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// A config error. `Display` gives `path:line:column: message (key …)` and, below it, the
/// offending line with the span underlined.
#[derive(Debug)]
pub struct ConfigError {
    /// The config file as displayed.
    pub path: String,
    /// What is wrong (boxed: the snippet's source text makes it large).
    pub kind: Box<ConfigErrorKind>,
}

/// What is wrong with a config file.
#[derive(Debug)]
pub enum ConfigErrorKind {
    /// It cannot be read.
    Read(std::io::Error),
    /// Both `newslint.toml` and `.newslint.toml` are in one directory.
    Ambiguous,
    /// It is not UTF-8.
    NotUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
    /// A syntax error, a wrong key or value, an unknown rule id or a bad glob.
    Invalid {
        /// The file's text, for the snippet.
        source: String,
        /// Byte span of the offending text.
        span: Option<Range<usize>>,
        /// 1-based line of the span start.
        line: usize,
        /// 1-based column (characters) of the span start.
        column: usize,
        /// The dotted key the error is about, when known (`rules.halfwidth-punct`).
        key: Option<String>,
        /// What is wrong.
        message: String,
    },
}

impl ConfigError {
    /// An error at `span` of the file `path` whose text is `source` (also used for house-rule
    /// files, so their errors look the same).
    pub(crate) fn invalid(
        path: &str,
        source: &str,
        span: Option<Range<usize>>,
        message: String,
    ) -> ConfigError {
        let (line, column) = match &span {
            Some(s) => line_col(source, s.start),
            None => (0, 0),
        };
        let key = span.as_ref().and_then(|s| key_at(source, s.start));
        ConfigError {
            path: path.to_string(),
            kind: Box::new(ConfigErrorKind::Invalid {
                source: source.to_string(),
                span,
                line,
                column,
                key,
                message,
            }),
        }
    }

    /// The 1-based line the error is on, when it is about a place in the file.
    pub fn line(&self) -> Option<usize> {
        match &*self.kind {
            ConfigErrorKind::Invalid {
                span: Some(_), line, ..
            } => Some(*line),
            _ => None,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = &self.path;
        match &*self.kind {
            ConfigErrorKind::Read(e) => write!(f, "{path}: cannot read config: {e}"),
            ConfigErrorKind::Ambiguous => write!(
                f,
                "{path}: both newslint.toml and .newslint.toml are in this directory; keep one"
            ),
            ConfigErrorKind::NotUtf8 { offset } => {
                write!(
                    f,
                    "{path}: config is not valid UTF-8 (first invalid byte at offset {offset})"
                )
            }
            ConfigErrorKind::Invalid {
                source,
                span,
                line,
                column,
                key,
                message,
            } => {
                match span {
                    Some(_) => write!(f, "{path}:{line}:{column}: ")?,
                    None => write!(f, "{path}: ")?,
                }
                if let Some(key) = key {
                    write!(f, "key `{key}`: ")?;
                }
                write!(f, "{message}")?;
                if let Some(span) = span {
                    let snippet = Snippet {
                        src: miette::NamedSource::new(path, source.clone()),
                        span: span.clone().into(),
                        label: label_for(message),
                    };
                    let mut s = String::new();
                    // Our own `path:line:column` above counts characters; miette's would count
                    // bytes, so it only draws the snippet, headed by the file name.
                    let handler =
                        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
                            .without_primary_span_start()
                            .with_context_lines(1);
                    if handler.render_report(&mut s, &snippet).is_ok() {
                        // Keep only the drawing: the message is already on the first line.
                        let drawing: Vec<&str> = s
                            .lines()
                            .skip_while(|l| !l.trim_start().starts_with('╭'))
                            .collect();
                        write!(f, "\n{}", drawing.join("\n").trim_end())?;
                    }
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ConfigError {}

/// The label under the span: the message's first clause, which names what is wrong.
fn label_for(message: &str) -> String {
    let first = message.lines().next().unwrap_or("");
    first.split([',', ';']).next().unwrap_or(first).trim().to_string()
}

/// The miette view of an error: one labelled span in the config's text.
#[derive(Debug)]
struct Snippet {
    src: miette::NamedSource<String>,
    span: miette::SourceSpan,
    label: String,
}

impl fmt::Display for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid config")
    }
}

impl std::error::Error for Snippet {}

impl miette::Diagnostic for Snippet {
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(miette::LabeledSpan::new_with_span(
            Some(self.label.clone()),
            self.span,
        ))))
    }
}

/// 1-based line and character column of byte `offset`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        text[line_start..offset].chars().count() + 1,
    )
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The dotted key a byte offset belongs to, read from the text around it: the nearest table
/// header above plus the key before `=` on the offset's line (or the nearest line above with
/// one, for multi-line arrays). The toml crate knows the key but does not expose it.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let mut lines: Vec<&str> = text[..line_start].lines().collect();
    let current = text[line_start..].lines().next().unwrap_or("");
    let header = |l: &str| {
        let t = l.trim();
        t.starts_with('[').then(|| {
            t.trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("")
                .trim()
                .to_string()
        })
    };
    if let Some(h) = header(current) {
        return Some(h);
    }
    let key_of = |l: &str| -> Option<String> {
        let (k, _) = l.split_once('=')?;
        let k = k.trim().trim_matches('"').trim_matches('\'');
        (!k.is_empty() && !k.starts_with('#')).then(|| k.to_string())
    };
    let mut key = key_of(current);
    let mut table = None;
    while let Some(l) = lines.pop() {
        if let Some(h) = header(l) {
            table = Some(h);
            break;
        }
        if key.is_none() {
            key = key_of(l);
        }
    }
    match (table, key) {
        (Some(t), Some(k)) => Some(format!("{t}.{k}")),
        (None, Some(k)) => Some(k),
        (Some(t), None) => Some(t),
        (None, None) => None,
    }
}

/// A loaded, validated config file.
#[derive(Debug)]
pub struct Config {
    /// The file.
    pub path: PathBuf,
    /// Its directory, absolute: globs are relative to it.
    pub dir: PathBuf,
    /// What it says.
    pub file: ConfigFile,
    exclude: GlobSet,
    per_path: Vec<(GlobSet, Vec<String>)>,
    /// The compiled rules of `[house] rule-files`.
    pub house: Arc<rules::house::HouseRules>,
}

impl Config {
    /// Read and validate the config at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let display = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| ConfigError {
            path: display.clone(),
            kind: Box::new(ConfigErrorKind::Read(e)),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| ConfigError {
            path: display.clone(),
            kind: Box::new(ConfigErrorKind::NotUtf8 {
                offset: e.utf8_error().valid_up_to(),
            }),
        })?;
        let dir = std::path::absolute(path)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        Config::parse(&text, &display, dir, path.to_path_buf())
    }

    /// Parse and validate config text. `display` names the file in errors.
    pub fn parse(text: &str, display: &str, dir: PathBuf, path: PathBuf) -> Result<Config, ConfigError> {
        let file: ConfigFile = toml::from_str(text)
            .map_err(|e| ConfigError::invalid(display, text, e.span(), e.message().trim().to_string()))?;
        let bad =
            |span: Range<usize>, message: String| ConfigError::invalid(display, text, Some(span), message);
        // House rules first: `[rules]` and `[[per-path]]` may name their ids.
        let house = Arc::new(rules::house::load_rule_files(&file.house, display, text, &dir)?);
        if let Some(size) = file
            .max_file_size
            .as_ref()
            .filter(|s| s.get_ref().0 > crate::document::MAX_TEXT_LEN as u64)
        {
            return Err(bad(
                size.span(),
                format!(
                    "max-file-size is at most 1 GiB less one byte ({}): offsets into a file are 30-bit",
                    crate::document::MAX_TEXT_LEN
                ),
            ));
        }
        let known = |id: &str| rules::rule(id).is_some() || house.contains(id);
        for id in file.rules.keys() {
            if !known(id.get_ref()) {
                return Err(bad(id.span(), unknown_rule_message(id.get_ref())));
            }
        }
        let glob = |g: &Spanned<String>| {
            Glob::new(g.get_ref())
                .map_err(|e| bad(g.span(), format!("invalid glob {:?}: {}", g.get_ref(), e.kind())))
        };
        let mut exclude = GlobSetBuilder::new();
        for g in &file.files.exclude {
            exclude.add(glob(g)?);
        }
        let exclude = exclude.build().map_err(|e| bad(0..0, e.to_string()))?;
        let mut per_path = Vec::new();
        for p in &file.per_path {
            let mut set = GlobSetBuilder::new();
            set.add(glob(&p.glob)?);
            let mut ids = Vec::new();
            for id in &p.ignore {
                if !known(id.get_ref()) {
                    return Err(bad(id.span(), unknown_rule_message(id.get_ref())));
                }
                ids.push(id.get_ref().clone());
            }
            per_path.push((set.build().map_err(|e| bad(p.glob.span(), e.to_string()))?, ids));
        }
        Ok(Config {
            path,
            dir,
            file,
            exclude,
            per_path,
            house,
        })
    }
}

/// `unknown rule id "x"` plus the close ids, if any.
pub fn unknown_rule_message(id: &str) -> String {
    let close = close_rule_ids(id);
    if close.is_empty() {
        format!("unknown rule id `{id}` (`newslint rules` lists them)")
    } else {
        format!(
            "unknown rule id `{id}`; did you mean {}?",
            close
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// Registered rule ids close to `id` (edit distance, or one contains the other), closest first.
pub fn close_rule_ids(id: &str) -> Vec<&'static str> {
    let mut scored: Vec<(usize, &'static str)> = rules::all_rules()
        .into_iter()
        .filter_map(|r| {
            let d = edit_distance(id, r.id);
            let near = d <= (r.id.len() / 3).max(2);
            let contains = id.len() >= 3 && (r.id.contains(id) || id.contains(r.id));
            (near || contains).then_some((d, r.id))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, id)| id).collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Settings that come from the command line and override every config.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--lang`.
    pub lang: Option<Lang>,
    /// `--select`.
    pub select: Option<BTreeSet<String>>,
    /// `--ignore`.
    pub ignore: BTreeSet<String>,
    /// `--fail-on`.
    pub fail_on: Option<Severity>,
}

/// The first id of `ids` that `known` rejects, as an error message for `flag`.
fn check_ids<'a>(
    flag: &str,
    ids: impl IntoIterator<Item = &'a String>,
    known: impl Fn(&str) -> bool,
) -> Result<(), String> {
    match ids.into_iter().find(|id| !known(id)) {
        Some(id) => Err(format!("{flag}: {}", unknown_rule_message(id))),
        None => Ok(()),
    }
}

/// What governs the files under one config (or under none): the config itself and the
/// settings derived from it and the flags.
#[derive(Debug)]
pub struct Scope {
    /// The config file, if any.
    pub config: Option<Config>,
    /// Settings for files no `[[per-path]]` entry matches.
    pub settings: Arc<Settings>,
    /// `--fail-on`, else `fail-on`, else warning.
    pub fail_on: Severity,
    /// `max-file-size`, else 256 MiB.
    pub max_file_size: u64,
    extensions: Vec<String>,
}

impl Scope {
    /// Combine `config` with the flags.
    pub fn new(config: Option<Config>, o: &Overrides) -> Scope {
        let mut s = Settings::default();
        let mut fail_on = Severity::Warning;
        let mut max_file_size = crate::input::DEFAULT_MAX_FILE_SIZE;
        let mut extensions: Vec<String> = DEFAULT_EXTENSIONS.iter().map(|e| e.to_string()).collect();
        if let Some(c) = &config {
            let f = &c.file;
            s.lang = f.lang.unwrap_or_default();
            fail_on = f.fail_on.unwrap_or(fail_on);
            max_file_size = f.max_file_size.as_ref().map_or(max_file_size, |b| b.get_ref().0);
            if let Some(ext) = &f.files.extensions {
                extensions = ext
                    .iter()
                    .map(|e| e.trim_start_matches('.').to_ascii_lowercase())
                    .collect();
            }
            for (id, level) in &f.rules {
                s.levels.insert(id.get_ref().clone(), (*level).into());
            }
            s.typo = f.typo.clone();
            s.charset = f.charset.clone();
            s.doubled = f.doubled.clone();
            s.duplicate = f.duplicate.clone();
            s.joins = f.joins.clone();
            s.punct = f.punct.clone();
            s.house = c.house.clone();
        }
        if let Some(lang) = o.lang {
            s.lang = lang;
        }
        if let Some(sel) = &o.select {
            // A rule named on the command line runs even if the config switched it off.
            for id in sel {
                if s.levels.get(id) == Some(&Level::Off) {
                    s.levels.remove(id);
                }
            }
            s.select = Some(sel.clone());
        }
        s.ignore.extend(o.ignore.iter().cloned());
        Scope {
            config,
            settings: Arc::new(s),
            fail_on: o.fail_on.unwrap_or(fail_on),
            max_file_size,
            extensions,
        }
    }

    /// The path used for glob matching: relative to the config's directory when inside it,
    /// else as given.
    fn rel<'p>(&self, abs: &'p Path) -> Option<&'p Path> {
        let c = self.config.as_ref()?;
        Some(abs.strip_prefix(&c.dir).unwrap_or(abs))
    }

    /// True when `abs` (absolute) or one of its directories below the config's directory
    /// matches `[files] exclude`.
    pub fn is_excluded(&self, abs: &Path) -> bool {
        let Some(c) = &self.config else { return false };
        if c.exclude.is_empty() {
            return false;
        }
        let Some(rel) = self.rel(abs) else { return false };
        rel.ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .any(|a| c.exclude.is_match(a))
    }

    /// True when a directory walk should check `path` (by its extension).
    pub fn wants(&self, path: &Path) -> bool {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
    }

    /// The settings for the file at `abs`: the scope's, plus `[[per-path]]` ignores.
    pub fn settings_for(&self, abs: &Path) -> Arc<Settings> {
        let Some(c) = &self.config else {
            return self.settings.clone();
        };
        let Some(rel) = self.rel(abs) else {
            return self.settings.clone();
        };
        let extra: Vec<&String> = c
            .per_path
            .iter()
            .filter(|(set, _)| set.is_match(rel))
            .flat_map(|(_, ids)| ids)
            .collect();
        if extra.is_empty() {
            return self.settings.clone();
        }
        let mut s = (*self.settings).clone();
        s.ignore.extend(extra.into_iter().cloned());
        Arc::new(s)
    }
}

/// How configs are found.
#[derive(Debug, Clone)]
pub enum ConfigChoice {
    /// The nearest `newslint.toml` / `.newslint.toml` above each file.
    Discover,
    /// `--config FILE`.
    File(PathBuf),
    /// `--no-config`.
    None,
}

/// Finds the scope of each directory, caching every directory it looks at.
#[derive(Debug)]
pub struct Discovery {
    choice: ConfigChoice,
    overrides: Overrides,
    fixed: Option<Result<Arc<Scope>, Arc<ConfigError>>>,
    cache: HashMap<PathBuf, Result<Arc<Scope>, Arc<ConfigError>>>,
    default: Arc<Scope>,
}

impl Discovery {
    /// Set up discovery. With `--config FILE` the file is loaded here, and an error in it is
    /// returned at once: nothing can be checked without it.
    pub fn new(choice: ConfigChoice, overrides: Overrides) -> Result<Discovery, ConfigError> {
        let fixed = match &choice {
            ConfigChoice::File(p) => Some(Ok(Arc::new(Scope::new(Some(Config::load(p)?), &overrides)))),
            _ => None,
        };
        let default = Arc::new(Scope::new(None, &overrides));
        Ok(Discovery {
            choice,
            overrides,
            fixed,
            cache: HashMap::new(),
            default,
        })
    }

    /// The scope that governs files in directory `dir` (absolute).
    pub fn scope_for_dir(&mut self, dir: &Path) -> Result<Arc<Scope>, Arc<ConfigError>> {
        match &self.choice {
            ConfigChoice::None => return Ok(self.default.clone()),
            ConfigChoice::File(_) => return self.fixed.clone().expect("loaded in new"),
            ConfigChoice::Discover => {}
        }
        if let Some(hit) = self.cache.get(dir) {
            return hit.clone();
        }
        let found: Vec<PathBuf> = FILE_NAMES
            .iter()
            .map(|n| dir.join(n))
            .filter(|p| p.is_file())
            .collect();
        let result = match found.as_slice() {
            [] => match dir.parent() {
                Some(parent) => self.scope_for_dir(parent),
                None => Ok(self.default.clone()),
            },
            [one] => Config::load(one)
                .map(|c| Arc::new(Scope::new(Some(c), &self.overrides)))
                .map_err(Arc::new),
            [first, ..] => Err(Arc::new(ConfigError {
                path: first.display().to_string(),
                kind: Box::new(ConfigErrorKind::Ambiguous),
            })),
        };
        self.cache.insert(dir.to_path_buf(), result.clone());
        result
    }

    /// The scope that governs the file or directory at `abs` (absolute).
    pub fn scope_for(&mut self, abs: &Path, is_dir: bool) -> Result<Arc<Scope>, Arc<ConfigError>> {
        let dir = if is_dir { abs } else { abs.parent().unwrap_or(abs) };
        self.scope_for_dir(dir)
    }

    /// Check the rule ids of `--select` and `--ignore` against the built-in rules and the
    /// house rules of every config loaded so far, after loading the one that governs the current
    /// directory. Call it once planning has loaded the configs of the files to check: a house
    /// rule exists only in the config that defines it.
    pub fn check_rule_ids(&mut self) -> Result<(), String> {
        let _ = self.scope_for_cwd();
        let scopes: Vec<&Arc<Scope>> = self
            .fixed
            .iter()
            .chain(self.cache.values())
            .filter_map(|r| r.as_ref().ok())
            .collect();
        let known = |id: &str| {
            rules::rule(id).is_some()
                || scopes
                    .iter()
                    .any(|s| s.config.as_ref().is_some_and(|c| c.house.contains(id)))
        };
        if let Some(sel) = &self.overrides.select {
            check_ids("--select", sel, known)?;
        }
        check_ids("--ignore", &self.overrides.ignore, known)
    }

    /// The scope for the current directory: where the run's own language comes from.
    pub fn scope_for_cwd(&mut self) -> Result<Arc<Scope>, Arc<ConfigError>> {
        let cwd = std::env::current_dir().unwrap_or_default();
        self.scope_for_dir(&cwd)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(
            text,
            "newslint.toml",
            PathBuf::from("/cfg"),
            PathBuf::from("/cfg/newslint.toml"),
        )
    }

    fn err(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn empty_config_is_default() {
        let c = parse("").unwrap();
        let s = Scope::new(Some(c), &Overrides::default());
        assert_eq!(s.fail_on, Severity::Warning);
        assert_eq!(s.max_file_size, crate::input::DEFAULT_MAX_FILE_SIZE);
        assert!(s.wants(Path::new("a/b.MD")));
        assert!(!s.wants(Path::new("a/b.html")));
    }

    #[test]
    fn top_level_keys_and_family_sections() {
        let c = parse(
            "lang = \"en\"\nfail-on = \"error\"\nmax-file-size = \"1 MiB\"\n\
             [files]\nextensions = [\"txt\", \".HTML\"]\nexclude = [\"drafts\", \"*.tmp.md\"]\n\
             [typo]\n[traditional-char]\n[doubled-char]\n[duplicate-text]\n[broken-join]\n[halfwidth-punct]\n",
        )
        .unwrap();
        let s = Scope::new(Some(c), &Overrides::default());
        assert_eq!(s.settings.lang, Lang::En);
        assert_eq!(s.fail_on, Severity::Error);
        assert_eq!(s.max_file_size, 1 << 20);
        assert!(s.wants(Path::new("x.html")));
        assert!(!s.wants(Path::new("x.md")));
        assert!(s.is_excluded(Path::new("/cfg/drafts/a/b.txt")));
        assert!(s.is_excluded(Path::new("/cfg/sub/x.tmp.md")));
        assert!(!s.is_excluded(Path::new("/cfg/sub/drafts.txt")));
    }

    #[test]
    fn flags_override_config() {
        let c = parse("lang = \"en\"\nfail-on = \"error\"\n").unwrap();
        let o = Overrides {
            lang: Some(Lang::Zh),
            fail_on: Some(Severity::Info),
            ..Overrides::default()
        };
        let s = Scope::new(Some(c), &o);
        assert_eq!(s.settings.lang, Lang::Zh);
        assert_eq!(s.fail_on, Severity::Info);
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let e = err("lang = \"zh\"\n\n[files]\nextension = [\"txt\"]\n");
        assert!(e.starts_with("newslint.toml:4:1: "), "{e}");
        assert!(e.contains("extension"), "{e}");
        assert!(e.contains("files.extension"), "{e}");
    }

    #[test]
    fn wrong_value_names_the_key() {
        let e = err("# comment\nlang = \"fr\"\n");
        assert!(e.starts_with("newslint.toml:2:8: key `lang`: "), "{e}");
        assert!(e.contains("fr"), "{e}");
        // The snippet shows the line.
        assert!(e.contains("lang = \"fr\""), "{e}");
    }

    #[test]
    fn unknown_rule_level_value() {
        let e = err("[rules]\nsome-rule = \"warn\"\n");
        assert!(e.contains("newslint.toml:2:"), "{e}");
        assert!(e.contains("rules.some-rule"), "{e}");
    }

    #[test]
    fn unknown_rule_id_points_at_the_key() {
        let e = err("[rules]\n\"no-such-rule\" = \"off\"\n");
        assert!(
            e.starts_with("newslint.toml:2:1: key `rules.no-such-rule`: unknown rule id `no-such-rule`"),
            "{e}"
        );
    }

    #[test]
    fn unknown_rule_id_in_per_path() {
        let e = err("[[per-path]]\nglob = \"a/**\"\nignore = [\"nope\"]\n");
        assert!(
            e.starts_with("newslint.toml:3:11: key `per-path.ignore`: unknown rule id `nope`"),
            "{e}"
        );
    }

    #[test]
    fn bad_glob_points_at_it() {
        let e = err("[files]\nexclude = [\"a/[b\"]\n");
        assert!(
            e.starts_with("newslint.toml:2:12: key `files.exclude`: invalid glob"),
            "{e}"
        );
    }

    #[test]
    fn syntax_error_has_a_line() {
        let e = err("lang = \"zh\"\nfail-on = \n");
        assert!(e.starts_with("newslint.toml:2:"), "{e}");
    }

    #[test]
    fn columns_count_characters() {
        // The span of the bad value starts after a Chinese comment on the same line? No:
        // after a Chinese key. Columns are characters, not bytes.
        let e = err("[files]\nexclude = [\"新闻\", \"a/[b\"]\n");
        assert!(e.starts_with("newslint.toml:2:18: "), "{e}");
    }

    #[test]
    fn sizes() {
        assert_eq!(ByteSize::parse("64 MiB"), Some(ByteSize(64 << 20)));
        assert_eq!(ByteSize::parse("500KB"), Some(ByteSize(500_000)));
        assert_eq!(ByteSize::parse("12"), Some(ByteSize(12)));
        assert_eq!(ByteSize::parse("1.5k"), Some(ByteSize(1536)));
        assert_eq!(ByteSize::parse("lots"), None);
        assert!(parse("max-file-size = -3").is_err());
        assert_eq!(
            parse("max-file-size = 10")
                .unwrap()
                .file
                .max_file_size
                .map(|s| s.into_inner()),
            Some(ByteSize(10))
        );
        // Offsets are 30-bit: 1 GiB less a byte is the largest file newslint reads.
        let e = parse("max-file-size = \"1 GiB\"").unwrap_err().to_string();
        assert!(
            e.contains("at most 1 GiB less one byte") && e.contains("1:17"),
            "{e}"
        );
        assert!(parse("max-file-size = 1073741823").is_ok());
        assert!(parse("max-file-size = 1073741824").is_err());
    }

    #[test]
    fn key_at_reads_tables_and_keys() {
        let t = "a = 1\n[files]\nexclude = [\n  \"x\",\n]\n[[per-path]]\nglob = 3\n";
        assert_eq!(key_at(t, 0).as_deref(), Some("a"));
        assert_eq!(
            key_at(t, t.find("\"x\"").unwrap()).as_deref(),
            Some("files.exclude")
        );
        assert_eq!(key_at(t, t.find('3').unwrap()).as_deref(), Some("per-path.glob"));
        assert_eq!(key_at(t, t.find("[files]").unwrap()).as_deref(), Some("files"));
    }

    #[test]
    fn edit_distance_works() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
        assert_eq!(edit_distance("abc", "abc"), 0);
    }
}
