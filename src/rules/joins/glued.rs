//! `glued-article`: text after a story's closing mark that belongs to another story.
//!
//! A Chinese news story ends with a closing mark: the dateline in brackets
//! `（新华社北京12月21日电）`, the reporter's credit `（记者 张三 报道）`, `（完）`, or the editor's
//! line `（责任编辑：……）`, either on a line of its own after the last paragraph or at the end of
//! that paragraph. A page that carries more prose after it, with no title, dateline or heading to
//! open a new story, has had the tail of another story glued on (a layout or scraping slip).
//!
//! The rule reports once per closing mark, on the first glued paragraph, with the closing mark
//! as the related span. Text that ends with a closing mark of its own is a complete item (a page
//! of news briefs, each closed by its credit), not a glued tail. A dateline that opens a story (`新华社北京5月20日电 ……`) is not a
//! closing mark: it starts its block. Trailing editorial lines (`责任编辑：……`, `来源：……`,
//! `【纠错】`) after the closing mark are skipped over.

use super::marker;
use super::patterns::{self, data_lines};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Block, BlockKind, Document};
use crate::findings::Sink;
use crate::rules::{Context, Part};
use crate::text;
use std::ops::Range;
use std::sync::LazyLock;

/// The closing mark of `block`, if it ends a story: a closer standing alone after a prose
/// paragraph, or a closer after the final stop of a prose paragraph.
/// `prev` is the block before it.
fn closing_mark(doc: &Document, b: &Block, prev: Option<&Block>) -> Option<Range<usize>> {
    if b.kind() != BlockKind::Paragraph {
        return None;
    }
    let s = doc.block_text(b);
    let at = patterns::closer_start(s)?;
    let before = s[..at].trim_end_matches(text::is_space);
    let mark = b.start() + at..b.end();
    if before.is_empty() {
        // Alone on its line: the story it closes is the prose paragraph before it.
        let prev = prev?;
        let ps = doc.block_text(prev);
        return (prev.kind() == BlockKind::Paragraph && is_story_prose(ps)).then_some(mark);
    }
    let last = before.chars().next_back()?;
    let ends_sentence = text::is_sentence_end(last) || text::is_closing_mark(last);
    (ends_sentence && is_story_prose(before)).then_some(mark)
}

/// Han characters a block needs to count as story prose.
const MIN_PROSE_HAN: usize = 10;
/// A block ending in ！ or ？ with at most this many Han characters may be a headline.
const TITLE_MAX_HAN: usize = 30;

const TRAILERS_DATA: &str = include_str!("../../../rules/joins/trailers.txt");

static TRAILERS: LazyLock<Vec<&'static str>> = LazyLock::new(|| data_lines(TRAILERS_DATA).collect());

/// Running prose: long enough, with a full stop in it (a title has none; one that ends in ！ or
/// ？ is short), and not a byline or caption.
fn is_story_prose(s: &str) -> bool {
    let han = s.chars().filter(|&c| text::is_han(c)).count();
    let stop = s.chars().any(|c| matches!(c, '。' | '.'))
        || (han > TITLE_MAX_HAN && s.chars().any(|c| matches!(c, '！' | '？' | '!' | '?')));
    han >= MIN_PROSE_HAN && stop && !patterns::is_furniture(s)
}

/// Blocks after a closing mark that still belong to the closed story: more closers, editorial
/// lines, bylines, page furniture (版权声明, 扫码关注, 相关阅读).
fn is_trailer(s: &str) -> bool {
    patterns::closer_start(s) == Some(0)
        || (patterns::is_furniture(s) && !patterns::opens_story(s))
        || TRAILERS.iter().any(|t| s.starts_with(t))
}

/// A thematic break (`---`, `***`, `___`) on a line of the gap between two blocks.
fn has_rule_line(gap: &str) -> bool {
    gap.lines().any(|l| {
        let t = l.trim();
        t.len() >= 3
            && (t.chars().all(|c| c == '-' || c == ' ')
                || t.chars().all(|c| c == '*' || c == ' ')
                || t.chars().all(|c| c == '_' || c == ' '))
    })
}

/// `glued-article` over one document, a part at a time.
pub(super) struct Glued<'d> {
    doc: &'d Document<'d>,
    ctx: &'d Context<'d>,
    prev: Option<Block>,
    /// Blocks taken so far; the first `resume` of them were read already, as a closing mark's
    /// trailers.
    i: usize,
    resume: usize,
    /// A closing mark was followed by nothing but trailers: nothing after it is looked at.
    done: bool,
}

impl<'d> Glued<'d> {
    pub(super) fn new(doc: &'d Document<'d>, ctx: &'d Context<'d>) -> Self {
        Glued {
            doc,
            ctx,
            prev: None,
            i: 0,
            resume: 0,
            done: false,
        }
    }

    /// Check the blocks of `part` for text glued after a closing mark.
    pub(super) fn part(&mut self, part: &Part, out: &mut dyn Sink) {
        let (doc, ctx) = (self.doc, self.ctx);
        let text = doc.text;
        // The blocks of the part; a closing mark's trailers and the text after it are read
        // past its end.
        let mut blocks = doc.blocks.iter_from(part.blocks.start);
        for _ in part.blocks.clone() {
            if self.done {
                return;
            }
            let Some(b) = blocks.next() else { return };
            let before = self.prev.replace(b);
            self.i += 1;
            let i = self.i;
            // Cheap test first: only a block ending in a closing bracket can hold a closing mark.
            if i <= self.resume || !matches!(b.last(text), '）' | ')' | '】' | '〕' | ']') {
                continue;
            }
            let Some(mark) = closing_mark(doc, &b, before.as_ref()) else {
                continue;
            };
            // The blocks after it, past its trailers: `last` is the last trailer (or the block),
            // `next` the block after, and `j` the number of blocks before `next`.
            let mut rest = blocks.clone();
            let mut last = b;
            let mut j = i;
            let next = loop {
                match rest.next() {
                    Some(n) if n.kind() == BlockKind::Paragraph && is_trailer(doc.block_text(&n)) => {
                        last = n;
                        j += 1;
                    }
                    n => break n,
                }
            };
            let Some(next) = next else {
                self.done = true;
                return;
            };
            let gap = &text[last.end()..next.start()];
            let body_range = marker::strip(text, next.range());
            let body = &text[body_range];
            let glued = next.kind() == BlockKind::Paragraph
                && !has_rule_line(gap)
                && body.chars().any(text::is_han)
                && is_story_prose(body)
                && !patterns::opens_story(body)
                && !patterns::starts_list(body)
                && !TRAILERS.iter().any(|t| body.starts_with(t));
            // The trailers are not read again.
            self.resume = j;
            if glued {
                // How far the glued text runs: up to the next heading or closing mark. A run that
                // ends with a closing mark of its own is a complete item, as on a page of news
                // briefs each closed by its credit; only a tail without one is glued.
                let mut run = 0;
                let mut closed = false;
                for b in std::iter::once(next).chain(rest) {
                    let at = patterns::closer_start(doc.block_text(&b));
                    if matches!(b.kind(), BlockKind::Heading(_)) {
                        break;
                    }
                    if at.is_some() {
                        closed = true;
                        run += usize::from(at != Some(0));
                        break;
                    }
                    run += 1;
                }
                if closed {
                    continue;
                }
                let closer = &text[mark.clone()];
                let msg = ctx.msg(
                    format!("“{closer}”已是上一篇稿件的结尾，其后 {run} 段疑属另一篇稿件"),
                    format!(
                        "“{closer}” closes the story; the {run} paragraph(s) after it seem to belong to another story"
                    ),
                );
                out.push(
                    Diagnostic::new("glued-article", Severity::Error, next.range(), msg)
                        .with_related(mark, ctx.msg("稿件结尾标记", "closing mark of the story")),
                );
            }
        }
    }
}
