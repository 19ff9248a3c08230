//! Reading house-rule files: the TOML format, its validation, and errors that point at the
//! line.
//!
//! ```toml
//! [[rule]]
//! id = "preferred-terms"            # kebab-case, unique, not a built-in rule's id
//! message = "“{match}”应为“{replacement}”"   # {match} and {replacement} are filled in
//! message-en = "write “{replacement}”, not “{match}”"   # optional, for `lang = "en"`
//! severity = "warning"              # info | warning | error (default warning)
//! replace = { "其它" = "其他" }      # exactly one of: pattern, words, replace
//! applicability = "safe"            # safe | unsafe (default unsafe); needs a replacement
//! exceptions = ["…"]                # optional: a match overlapping one of these is dropped
//! good = ["其他方面"]                # copy the rule must not flag (at least one)
//! bad = ["其它方面"]                 # copy the rule must flag (at least one)
//! ```
//!
//! `words = [...]` flags any of the words (with an optional fixed `replacement`); `pattern`
//! is a regular expression (`regex` crate syntax, so `\p{Han}` works), whose `replacement`
//! may name groups (`$1`, `${keep}`). Every error — a TOML syntax error, an unknown key, a bad
//! regex, a duplicate id, a failing example — is a [`ConfigError`] with the file, line and
//! column and the offending line drawn below, exactly like an error in `newslint.toml`.

use super::{Example, HouseRule, HouseRules, Literal, Matcher};
use crate::config::ConfigError;
use crate::diagnostic::{Applicability, Severity};
use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, LazyLock};
use toml::Spanned;

/// `[house]` in newslint.toml.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct HouseSection {
    /// House-rule files, relative to the config file's directory. `..` and absolute paths
    /// are allowed, so several projects can share one newsroom file.
    #[serde(default)]
    pub rule_files: Vec<Spanned<String>>,
}

/// A rule file's text, kept for error snippets.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as displayed.
    pub display: String,
    /// The file's text.
    pub text: String,
}

impl SourceFile {
    /// An error at `span` of this file.
    pub fn error(&self, span: Range<usize>, message: String) -> ConfigError {
        ConfigError::invalid(&self.display, &self.text, Some(span), message)
    }
}

/// A rule file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    rule: Vec<RawRule>,
}

/// One `[[rule]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRule {
    id: Spanned<String>,
    message: Spanned<String>,
    message_en: Option<String>,
    severity: Option<Severity>,
    pattern: Option<Spanned<String>>,
    words: Option<Spanned<Vec<Spanned<String>>>>,
    replace: Option<Spanned<BTreeMap<String, String>>>,
    replacement: Option<Spanned<String>>,
    applicability: Option<Spanned<Applicability>>,
    #[serde(default)]
    exceptions: Vec<Spanned<String>>,
    #[serde(default)]
    good: Vec<Spanned<String>>,
    #[serde(default)]
    bad: Vec<Spanned<String>>,
    summary: Option<String>,
    summary_zh: Option<String>,
    explain: Option<String>,
}

/// Compile one rule file's text. Ids in `reserved` (and repeated ids) are errors. Examples are
/// not run here: see [`HouseRules::check_examples`].
pub fn compile_file(text: &str, display: &str, reserved: &[&str]) -> Result<HouseRules, ConfigError> {
    let mut b = Builder::default();
    b.add_file(
        Arc::new(SourceFile {
            display: display.to_string(),
            text: text.to_string(),
        }),
        &|id| reserved.contains(&id),
    )?;
    b.build()
}

/// Load the files named in `[house] rule-files` of the config at `config_display` (whose text
/// is `config_text`, in directory `dir`), and run their examples. A file that cannot be read is
/// an error at its entry in the config; anything wrong inside a file is an error in that file.
pub fn load_rule_files(
    section: &HouseSection,
    config_display: &str,
    config_text: &str,
    dir: &Path,
) -> Result<HouseRules, ConfigError> {
    if section.rule_files.is_empty() {
        return Ok(HouseRules::default());
    }
    let mut b = Builder::default();
    let shown_dir = Path::new(config_display).parent().unwrap_or(Path::new(""));
    for entry in &section.rule_files {
        let at_entry = |m: String| ConfigError::invalid(config_display, config_text, Some(entry.span()), m);
        let rel = Path::new(entry.get_ref());
        let path = dir.join(rel);
        let display = shown_dir.join(rel).display().to_string();
        let bytes = std::fs::read(&path)
            .map_err(|e| at_entry(format!("cannot read house rule file {display}: {e}")))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| at_entry(format!("house rule file {display} is not valid UTF-8")))?;
        b.add_file(Arc::new(SourceFile { display, text }), &|id| {
            crate::rules::rule(id).is_some()
        })?;
    }
    let rules = b.build()?;
    rules.check_examples()?;
    Ok(rules)
}

/// Compiles rules from one or more files into one set.
#[derive(Default)]
struct Builder {
    rules: Vec<HouseRule>,
    /// (rule index, word, replacement) for the shared automaton.
    words: Vec<(usize, String, Option<String>)>,
    ids: HashSet<&'static str>,
}

static ID_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$").expect("id regex"));

/// `$1`, `$name`, `${name}` in a replacement (and `$$`, a literal dollar).
static GROUP_REF_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$(?:\$|\{([^}]*)\}|([0-9A-Za-z_]+))").expect("ref regex"));

impl Builder {
    fn add_file(
        &mut self,
        file: Arc<SourceFile>,
        reserved: &dyn Fn(&str) -> bool,
    ) -> Result<(), ConfigError> {
        let parsed: RuleFile = toml::from_str(&file.text).map_err(|e| {
            ConfigError::invalid(
                &file.display,
                &file.text,
                e.span(),
                e.message().trim().to_string(),
            )
        })?;
        if parsed.rule.is_empty() {
            return Err(ConfigError::invalid(
                &file.display,
                &file.text,
                None,
                "no rules: declare each one in a [[rule]] table".to_string(),
            ));
        }
        for raw in parsed.rule {
            self.add_rule(raw, &file, reserved)?;
        }
        Ok(())
    }

    fn add_rule(
        &mut self,
        raw: RawRule,
        file: &Arc<SourceFile>,
        reserved: &dyn Fn(&str) -> bool,
    ) -> Result<(), ConfigError> {
        let err = |span: Range<usize>, m: String| file.error(span, m);
        let id = raw.id.get_ref().as_str();
        let id_span = raw.id.span();
        if !ID_RE.is_match(id) {
            return Err(err(
                id_span,
                format!("rule id `{id}` must be kebab-case: lowercase letters and digits joined by `-`"),
            ));
        }
        if self.ids.contains(id) {
            return Err(err(id_span, format!("rule id `{id}` is declared twice")));
        }
        if reserved(id) {
            return Err(err(
                id_span,
                format!("rule id `{id}` is already a built-in rule's id"),
            ));
        }
        if raw.message.get_ref().trim().is_empty() {
            return Err(err(raw.message.span(), "the message is empty".to_string()));
        }
        if raw.good.is_empty() || raw.bad.is_empty() {
            return Err(err(
                id_span,
                format!("rule `{id}` needs at least one `good` and one `bad` example line"),
            ));
        }
        let index = self.rules.len();
        let (matcher, has_fix) = match (&raw.pattern, &raw.words, &raw.replace) {
            (Some(p), None, None) => {
                if p.get_ref().is_empty() {
                    return Err(err(p.span(), "the pattern is empty".to_string()));
                }
                let re = regex::RegexBuilder::new(p.get_ref())
                    .size_limit(1 << 24)
                    .build()
                    .map_err(|e| {
                        err(
                            p.span(),
                            format!("invalid regular expression: {}", regex_message(&e)),
                        )
                    })?;
                if re.is_match("") {
                    return Err(err(
                        p.span(),
                        "the pattern matches the empty string, so it would fire everywhere".to_string(),
                    ));
                }
                let expand = match &raw.replacement {
                    Some(rep) => check_group_refs(&re, rep.get_ref()).map_err(|m| err(rep.span(), m))?,
                    None => false,
                };
                let gate = suffix_gate(p.get_ref());
                (Matcher::Pattern { re, expand, gate }, raw.replacement.is_some())
            }
            (None, Some(words), None) => {
                if words.get_ref().is_empty() {
                    return Err(err(words.span(), "the word list is empty".to_string()));
                }
                for w in words.get_ref() {
                    if w.get_ref().trim().is_empty() {
                        return Err(err(w.span(), "an empty word would match everywhere".to_string()));
                    }
                    let rep = raw.replacement.as_ref().map(|r| r.get_ref().clone());
                    self.words.push((index, w.get_ref().clone(), rep));
                }
                (Matcher::Literal, raw.replacement.is_some())
            }
            (None, None, Some(map)) => {
                if let Some(r) = &raw.replacement {
                    return Err(err(
                        r.span(),
                        "`replace` gives each word its own replacement: drop `replacement`".to_string(),
                    ));
                }
                if map.get_ref().is_empty() {
                    return Err(err(map.span(), "the replace map is empty".to_string()));
                }
                for (wrong, right) in map.get_ref() {
                    if wrong.trim().is_empty() {
                        return Err(err(
                            map.span(),
                            "an empty word would match everywhere".to_string(),
                        ));
                    }
                    if wrong == right {
                        return Err(err(
                            map.span(),
                            format!("“{wrong}” is the same on both sides of the replace map"),
                        ));
                    }
                    self.words.push((index, wrong.clone(), Some(right.clone())));
                }
                (Matcher::Literal, true)
            }
            _ => {
                return Err(err(
                    id_span,
                    format!("rule `{id}` needs exactly one of `pattern`, `words` or `replace`"),
                ));
            }
        };
        if let Some(a) = &raw.applicability
            && !has_fix
        {
            return Err(err(
                a.span(),
                "`applicability` needs a `replacement` (or a `replace` map)".to_string(),
            ));
        }
        let mut exceptions = Vec::new();
        for e in &raw.exceptions {
            if e.get_ref().is_empty() {
                return Err(err(e.span(), "an exception is empty".to_string()));
            }
            exceptions.push(e.get_ref().clone());
        }
        // Interned once per loaded rule: see `HouseRule::id`.
        let id: &'static str = Box::leak(raw.id.into_inner().into_boxed_str());
        self.ids.insert(id);
        let examples = |v: Vec<Spanned<String>>| -> Vec<Example> {
            v.into_iter()
                .map(|s| Example {
                    span: s.span(),
                    text: s.into_inner(),
                })
                .collect()
        };
        self.rules.push(HouseRule {
            id,
            severity: raw.severity.unwrap_or(Severity::Warning),
            message: raw.message.into_inner(),
            message_en: raw.message_en,
            matcher,
            replacement: raw.replacement.map(Spanned::into_inner),
            applicability: raw
                .applicability
                .map_or(Applicability::Unsafe, Spanned::into_inner),
            has_fix,
            exceptions,
            bad: examples(raw.bad),
            good: examples(raw.good),
            summary: raw.summary,
            summary_zh: raw.summary_zh,
            explain: raw.explain,
            id_span,
            file: file.clone(),
        });
        Ok(())
    }

    fn build(self) -> Result<HouseRules, ConfigError> {
        let automaton = if self.words.is_empty() {
            None
        } else {
            let ac = AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(self.words.iter().map(|(_, w, _)| w))
                .map_err(|e| {
                    let file = &self.rules[0].file;
                    ConfigError::invalid(
                        &file.display,
                        &file.text,
                        None,
                        format!("word lists too large: {e}"),
                    )
                })?;
            Some(ac)
        };
        let literals = self
            .words
            .into_iter()
            .map(|(rule, w, replacement)| Literal {
                rule,
                ascii_start: w.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()),
                ascii_end: w.chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric()),
                replacement,
            })
            .collect();
        Ok(HouseRules {
            rules: self.rules,
            automaton,
            literals,
        })
    }
}

/// The regex crate's syntax errors draw the pattern with a caret; the config error draws the
/// TOML line itself, so only the last line (what is wrong) is kept.
fn regex_message(e: &regex::Error) -> String {
    let s = e.to_string();
    s.lines()
        .rev()
        .find(|l| l.trim_start().starts_with("error:"))
        .map(|l| l.trim_start().trim_start_matches("error:").trim().to_string())
        .unwrap_or(s)
}

/// Every group a replacement names must exist in the pattern (the regex crate would silently
/// put nothing there). Returns whether the replacement names any group.
fn check_group_refs(re: &Regex, rep: &str) -> Result<bool, String> {
    let mut any = false;
    for c in GROUP_REF_RE.captures_iter(rep) {
        let Some(name) = c.get(1).or_else(|| c.get(2)).map(|m| m.as_str()) else {
            continue; // `$$`
        };
        any = true;
        let known = match name.parse::<usize>() {
            Ok(n) => n < re.captures_len(),
            Err(_) => re.capture_names().flatten().any(|g| g == name),
        };
        if !known {
            return Err(format!(
                "the replacement names group `{name}`, which the pattern does not have"
            ));
        }
    }
    Ok(any || rep.contains("$$"))
}

/// The strings one of which every match of `pattern` ends with, as an automaton, when they
/// are known and none is empty (regex-syntax's suffix extraction; a sequence it cannot bound
/// is infinite and gives no gate). The regex crate starts its own search from the pattern's
/// prefixes: for 大约…左右 it stopped at every 约 of the text (节约, 制约), and the two built-in
/// patterns cost 390M instructions on 100 MB. A block without 左右 cannot match and is skipped.
fn suffix_gate(pattern: &str) -> Option<AhoCorasick> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let hir = regex_syntax::parse(pattern).ok()?;
    let seq = Extractor::new().kind(ExtractKind::Suffix).extract(&hir);
    let lits = seq.literals()?;
    if lits.is_empty() || lits.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    AhoCorasick::new(lits.iter().map(|l| l.as_bytes())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> String {
        compile_file(src, "house.toml", &["typo"])
            .and_then(|r| r.check_examples().map(|()| r))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn suffix_gate_holds_what_every_match_ends_with() {
        let gate = |p: &str, hay: &str| suffix_gate(p).map(|g| g.is_match(hay));
        // The built-in shape: a number, then 左右.
        let approx = r"(?:大约|约)[0-9]+[\p{Han}]{0,4}?左右";
        assert_eq!(gate(approx, "节约用水，制约发展"), Some(false));
        assert_eq!(gate(approx, "约30人左右"), Some(true));
        // Every alternative's suffix is kept.
        let alt = "(?:上|下)(?:午|周)";
        assert_eq!(gate(alt, "上周"), Some(true));
        assert_eq!(gate(alt, "下午"), Some(true));
        assert_eq!(gate(alt, "上下"), Some(false));
        // A small class at the end is a set of suffixes; a large one gives no gate, and the
        // pattern is always searched.
        assert_eq!(gate(r"第[0-9]+", "第3"), Some(true));
        assert_eq!(gate(r"第[0-9]+", "第三"), Some(false));
        assert!(suffix_gate(r"左右\p{Han}*").is_none());
        // Whatever the gate, the search finds what the regex finds.
        for p in [approx, alt, r"(?i)covid-?19", r"\bAI\b"] {
            let re = Regex::new(p).unwrap();
            for hay in ["约30人左右", "上周下午", "COVID19 疫情", "AI 时代", "节约"] {
                if re.is_match(hay) {
                    assert_ne!(gate(p, hay), Some(false), "{p} on {hay}");
                }
            }
        }
    }

    const OK: &str =
        "[[rule]]\nid = \"x\"\nmessage = \"m\"\nwords = [\"坏词\"]\ngood = [\"好\"]\nbad = [\"坏词\"]\n";

    #[test]
    fn a_valid_file_compiles() {
        let r = compile_file(OK, "house.toml", &[]).unwrap();
        r.check_examples().unwrap();
        assert_eq!(r.rules().len(), 1);
        assert_eq!(r.example_count(), 2);
    }

    #[test]
    fn unknown_key_points_at_its_line() {
        let e = err(&OK.replace("message = \"m\"", "message = \"m\"\nseverty = \"error\""));
        assert!(e.starts_with("house.toml:4:1: "), "{e}");
        assert!(e.contains("severty"), "{e}");
    }

    #[test]
    fn syntax_error_points_at_its_line() {
        let e = err("[[rule]]\nid = \"x\"\nmessage = \n");
        assert!(e.starts_with("house.toml:3:"), "{e}");
    }

    #[test]
    fn bad_regex_points_at_the_pattern() {
        let e = err(&OK.replace("words = [\"坏词\"]", "pattern = '坏(词'"));
        assert!(
            e.starts_with("house.toml:4:11: key `rule.pattern`: invalid regular expression"),
            "{e}"
        );
        assert!(e.contains("pattern = '坏(词'"), "{e}");
    }

    #[test]
    fn empty_matching_pattern_is_refused() {
        let e = err(&OK.replace("words = [\"坏词\"]", "pattern = '坏*'"));
        assert!(e.contains("matches the empty string"), "{e}");
    }

    #[test]
    fn failing_bad_example_points_at_it() {
        let e = err(&OK.replace("bad = [\"坏词\"]", "bad = [\"坏词\", \"好词\"]"));
        assert!(e.starts_with("house.toml:6:14: "), "{e}");
        assert!(e.contains("bad example does not fire `x`"), "{e}");
    }

    #[test]
    fn failing_good_example_points_at_it() {
        let e = err(&OK.replace("good = [\"好\"]", "good = [\"好\", \"有坏词\"]"));
        assert!(e.starts_with("house.toml:5:14: "), "{e}");
        assert!(e.contains("good example fires `x` on \"坏词\""), "{e}");
    }

    #[test]
    fn ids_are_checked() {
        assert!(err(&OK.replace("id = \"x\"", "id = \"Bad_Id\"")).contains("kebab-case"));
        assert!(err(&OK.replace("id = \"x\"", "id = \"typo\"")).contains("built-in"));
        let twice = format!("{OK}{OK}");
        let e = err(&twice);
        assert!(
            e.starts_with("house.toml:8:6: ") && e.contains("declared twice"),
            "{e}"
        );
    }

    #[test]
    fn exactly_one_matcher() {
        assert!(err(&OK.replace("words = [\"坏词\"]", "")).contains("exactly one of"));
        assert!(
            err(&OK.replace("words = [\"坏词\"]", "words = [\"坏词\"]\npattern = '坏'"))
                .contains("exactly one of")
        );
    }

    #[test]
    fn examples_are_required() {
        assert!(err(&OK.replace("good = [\"好\"]\n", "")).contains("needs at least one `good`"));
    }

    #[test]
    fn replacement_rules() {
        let with = |extra: &str| OK.replace("words = [\"坏词\"]", extra);
        assert!(err(&with("words = [\"坏词\"]\napplicability = \"safe\"")).contains("needs a `replacement`"));
        assert!(
            err(&with("replace = { \"坏词\" = \"好词\" }\nreplacement = \"x\""))
                .contains("drop `replacement`")
        );
        assert!(
            err(&with("pattern = '(坏)词'\nreplacement = \"${nope}\"")).contains("group `nope`"),
            "unknown group"
        );
        assert!(err(&with("pattern = '(坏)词'\nreplacement = \"$2\"")).contains("group `2`"));
        let ok = compile_file(&with("pattern = '(坏)词'\nreplacement = \"${1}话\""), "h", &[]).unwrap();
        ok.check_examples().unwrap();
    }

    #[test]
    fn an_empty_file_is_an_error() {
        assert!(err("# nothing\n").contains("no rules"));
    }
}
