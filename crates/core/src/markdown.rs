//! The setup guide as blocks the page can show formatted: headings, paragraphs, lists, notes
//! and code blocks, each with the source lines it came from.
//!
//! This reads the Markdown the guide renderer writes (`render/guide.rs`), not Markdown at
//! large: ATX headings, paragraphs and `- ` items wrapped with two-space continuations, `> `
//! notes, fenced code, and inline `` `code` `` and `**strong**`. A CommonMark parser would read
//! the same blocks, compiled into every visitor's download, for syntax the guide never writes.
//! Whatever this does not recognise stays as text, so nothing the guide says is dropped; the
//! tests hold every example's guide to that.
//!
//! [`html`] writes the blocks as escaped HTML the page sets in one go: the same view built from
//! Leptos components cost 2.1 KB more wasm (gzip), measured, in monomorphised view code.

use std::fmt::Write;
use std::ops::Range;

use crate::changes::Lines;

/// A span of text inside a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    /// `` `code` ``: a name or a command, shown in monospace.
    Code(String),
    /// `**strong**`.
    Strong(String),
}

/// What a block is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Heading {
        level: u8,
        text: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// A `- ` list: one entry per item.
    List(Vec<Vec<Inline>>),
    /// A `> ` note.
    Note(Vec<Inline>),
    /// A fenced code block: its language and its lines, as they are copied.
    Code {
        lang: String,
        text: String,
    },
}

/// One block and the 0-based source lines it spans (the change marks are by line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: Kind,
    pub lines: Range<usize>,
}

/// The blocks of `text`, in order.
pub fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let start = i;
        if line.trim().is_empty() {
            i += 1;
            continue;
        }
        let kind = if let Some(lang) = line.strip_prefix("```") {
            let body_start = i + 1;
            i = body_start;
            while i < lines.len() && !lines[i].starts_with("```") {
                i += 1;
            }
            let text = lines[body_start..i].join("\n");
            i += 1; // the closing fence
            Kind::Code {
                lang: lang.trim().to_string(),
                text,
            }
        } else if let Some((level, title)) = heading(line) {
            i += 1;
            Kind::Heading {
                level,
                text: inlines(title),
            }
        } else if line.starts_with("- ") {
            let mut items = Vec::new();
            while i < lines.len() && lines[i].starts_with("- ") {
                let mut item = lines[i][2..].to_string();
                i += 1;
                while i < lines.len() && lines[i].starts_with("  ") && !lines[i].trim().is_empty() {
                    item.push(' ');
                    item.push_str(lines[i].trim_start());
                    i += 1;
                }
                items.push(inlines(&item));
            }
            Kind::List(items)
        } else if line.starts_with('>') {
            let mut note = Vec::new();
            while i < lines.len() && lines[i].starts_with('>') {
                note.push(lines[i][1..].trim());
                i += 1;
            }
            Kind::Note(inlines(&note.join(" ")))
        } else {
            let mut paragraph = Vec::new();
            while i < lines.len() && continues_paragraph(lines[i]) {
                paragraph.push(lines[i].trim());
                i += 1;
            }
            Kind::Paragraph(inlines(&paragraph.join(" ")))
        };
        out.push(Block {
            kind,
            lines: start..i.min(lines.len()),
        });
    }
    out
}

/// `## Title` as (2, "Title").
fn heading(line: &str) -> Option<(u8, &str)> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    let title = line[level..].strip_prefix(' ')?;
    (1..=6).contains(&level).then_some((level as u8, title))
}

/// Whether `line` goes on the paragraph before it: a fence, heading, item or note starts a
/// block of its own (the guide puts a fence right under the sentence that introduces it).
fn continues_paragraph(line: &str) -> bool {
    !(line.trim().is_empty()
        || line.starts_with("```")
        || line.starts_with("- ")
        || line.starts_with('>')
        || heading(line).is_some())
}

/// The spans of one block's text: `` `code` `` and `**strong**`; an unpaired mark stays text.
fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (mark, make): (&str, fn(String) -> Inline) = if rest.starts_with("**") {
            ("**", Inline::Strong)
        } else if rest.starts_with('`') {
            ("`", Inline::Code)
        } else {
            // A lone `*` (the only mark that can start `rest` here) is one byte.
            let next = rest.find(['`', '*']).unwrap_or(rest.len()).max(1);
            plain.push_str(&rest[..next]);
            rest = &rest[next..];
            continue;
        };
        match rest[mark.len()..].find(mark) {
            Some(end) if end > 0 => {
                if !plain.is_empty() {
                    out.push(Inline::Text(std::mem::take(&mut plain)));
                }
                out.push(make(rest[mark.len()..mark.len() + end].to_string()));
                rest = &rest[2 * mark.len() + end..];
            }
            _ => {
                plain.push_str(mark);
                rest = &rest[mark.len()..];
            }
        }
    }
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out
}

/// The blocks of `text` as HTML, each in a `div.md-block` marked `changed` when the last edit
/// wrote one of its lines (`removed-above` when lines were removed just above it). Code blocks
/// carry a copy button whose `data-copy` is the block's index in [`code_blocks`]. Every piece
/// of text is escaped: the guide holds names the user typed.
pub fn html(text: &str, changed: &Lines) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut code = 0;
    for block in blocks(text) {
        let touches = |lines: &[usize]| lines.iter().any(|l| block.lines.contains(l));
        out.push_str("<div class=\"md-block");
        if touches(&changed.written) {
            out.push_str(" changed");
        }
        if touches(&changed.removed_before) {
            out.push_str(" removed-above");
        }
        out.push_str("\">");
        match &block.kind {
            Kind::Heading { level, text } => {
                // Below the preview's own h3 (the file's path): # is h4, ## h5, deeper h6.
                let tag = format!("h{}", (level + 3).min(6));
                let _ = write!(out, "<{tag}>{}</{tag}>", spans(text));
            }
            Kind::Paragraph(text) => {
                let _ = write!(out, "<p>{}</p>", spans(text));
            }
            Kind::Note(text) => {
                let _ = write!(out, "<blockquote><p>{}</p></blockquote>", spans(text));
            }
            Kind::List(items) => {
                out.push_str("<ul>");
                for item in items {
                    let _ = write!(out, "<li>{}</li>", spans(item));
                }
                out.push_str("</ul>");
            }
            Kind::Code { text, .. } => {
                out.push_str("<div class=\"md-code\"><pre><code>");
                for line in text.lines() {
                    let _ = write!(out, "<span class=\"code-line\">{}\n</span>", escape(line));
                }
                let _ = write!(
                    out,
                    "</code></pre><button type=\"button\" class=\"copy\" data-copy=\"{code}\" aria-live=\"polite\">Copy</button></div>"
                );
                code += 1;
            }
        }
        out.push_str("</div>");
    }
    out
}

/// The text of each code block of `text`, in order: what each copy button copies.
pub fn code_blocks(text: &str) -> Vec<String> {
    blocks(text)
        .into_iter()
        .filter_map(|b| match b.kind {
            Kind::Code { text, .. } => Some(text),
            _ => None,
        })
        .collect()
}

fn spans(spans: &[Inline]) -> String {
    let mut out = String::new();
    for span in spans {
        match span {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Code(t) => {
                let _ = write!(out, "<code>{}</code>", escape(t));
            }
            Inline::Strong(t) => {
                let _ = write!(out, "<strong>{}</strong>", escape(t));
            }
        }
    }
    out
}

/// Text as HTML text (and attribute) content.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.into())
    }

    #[test]
    fn reads_each_kind_of_block_with_its_lines() {
        let md = "# Title\n\nA paragraph wrapped\nover two lines, run `gh\nsecret set`:\n```sh\ngh secret set A\n  --env x\n```\n\n- one item\n  continued\n- **two**\n\n> **Note.** Careful\n> here.\n";
        let found = blocks(md);
        assert_eq!(
            found,
            vec![
                Block {
                    kind: Kind::Heading {
                        level: 1,
                        text: vec![text("Title")]
                    },
                    lines: 0..1
                },
                Block {
                    kind: Kind::Paragraph(vec![
                        text("A paragraph wrapped over two lines, run "),
                        Inline::Code("gh secret set".into()),
                        text(":"),
                    ]),
                    lines: 2..5
                },
                Block {
                    kind: Kind::Code {
                        lang: "sh".into(),
                        text: "gh secret set A\n  --env x".into()
                    },
                    lines: 5..9
                },
                Block {
                    kind: Kind::List(vec![
                        vec![text("one item continued")],
                        vec![Inline::Strong("two".into())],
                    ]),
                    lines: 10..13
                },
                Block {
                    kind: Kind::Note(vec![Inline::Strong("Note.".into()), text(" Careful here.")]),
                    lines: 14..16
                },
            ]
        );
    }

    #[test]
    fn unpaired_marks_and_an_unclosed_fence_stay_text() {
        assert_eq!(inlines("a `b and 2 * 3"), vec![text("a `b and 2 * 3")]);
        assert_eq!(inlines("**"), vec![text("**")]);
        assert_eq!(
            inlines("é`x`ü"),
            vec![text("é"), Inline::Code("x".into()), text("ü")]
        );
        let open = blocks("```sh\nls\n");
        assert_eq!(
            open,
            vec![Block {
                kind: Kind::Code {
                    lang: "sh".into(),
                    text: "ls".into()
                },
                lines: 0..2
            }]
        );
    }

    #[test]
    fn a_hash_without_a_space_is_not_a_heading() {
        assert_eq!(
            blocks("#hashtag")[0].kind,
            Kind::Paragraph(vec![text("#hashtag")])
        );
    }

    #[test]
    fn html_escapes_every_text_and_marks_changed_blocks() {
        let md = "## For <b>\"x\"</b> & 'y'\n\nrun `a<b`\n```sh\necho </pre><script>\n```\n";
        let changed = Lines {
            written: vec![2],
            removed_before: vec![3],
            removed: 1,
        };
        let out = html(md, &changed);
        assert!(!out.contains("<b>") && !out.contains("<script>") && !out.contains("</pre><s"));
        assert!(out.contains("<h5>For &lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; &#39;y&#39;</h5>"));
        assert!(
            out.contains("<div class=\"md-block changed\"><p>run <code>a&lt;b</code></p></div>")
        );
        assert!(out.contains("<div class=\"md-block removed-above\"><div class=\"md-code\">"));
        assert!(out.contains("data-copy=\"0\""));
        assert_eq!(code_blocks(md), vec!["echo </pre><script>".to_string()]);
    }
}
