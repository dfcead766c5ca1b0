//! A small typed YAML emitter for the generated files.
//!
//! serde_yaml can parse, but its emitter cannot place comments (the pinned tag after each SHA,
//! the reason after each permission), blank lines between jobs, or a header. So the renderer
//! builds a [`Yaml`] tree and this module writes it in GitHub's documentation style: sequences
//! indented under their key, two-space indentation, and a scalar quoted exactly when a YAML 1.1
//! or 1.2 reader could take it for something other than the intended string.

use std::borrow::Cow;
use std::fmt::Write as _;

/// One YAML node.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    /// A string; quoted only where a reader could misread it.
    Str(String),
    /// A multi-line script, written as a literal block (`|`).
    Block(String),
    Bool(bool),
    Int(u32),
    /// No value: `pull_request:` with nothing after the colon.
    Null,
    Seq(Vec<Yaml>),
    /// A sequence with a blank line between items (the steps of a job).
    SpacedSeq(Vec<Yaml>),
    Map(Map),
}

/// A mapping whose entries keep their order, with optional comments and spacing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map {
    entries: Vec<Entry>,
    /// A blank line between entries (top-level sections, jobs, steps).
    spaced: bool,
}

#[derive(Debug, Clone, PartialEq)]
struct Entry {
    /// Almost always a literal (`name`, `uses`, `run`): borrowed, not allocated.
    key: Cow<'static, str>,
    value: Yaml,
    /// Written after the value on the same line (`# v7.0.1`), or after the key for collections.
    comment: Option<String>,
}

impl Map {
    pub fn new() -> Self {
        Self::default()
    }

    /// A map with a blank line between its entries.
    pub fn spaced() -> Self {
        Self {
            entries: Vec::new(),
            spaced: true,
        }
    }

    pub fn with(mut self, key: impl Into<Cow<'static, str>>, value: impl Into<Yaml>) -> Self {
        self.insert(key, value);
        self
    }

    pub fn with_comment(
        mut self,
        key: impl Into<Cow<'static, str>>,
        value: impl Into<Yaml>,
        comment: impl Into<String>,
    ) -> Self {
        self.entries.push(Entry {
            key: key.into(),
            value: value.into(),
            comment: Some(comment.into()),
        });
        self
    }

    pub fn insert(&mut self, key: impl Into<Cow<'static, str>>, value: impl Into<Yaml>) {
        self.entries.push(Entry {
            key: key.into(),
            value: value.into(),
            comment: None,
        });
    }

    /// The entries in order, as (key, value).
    pub fn entries(&self) -> impl Iterator<Item = (&str, &Yaml)> {
        self.entries.iter().map(|e| (&*e.key, &e.value))
    }

    /// Appends every entry of `other`.
    pub fn merge(mut self, other: Map) -> Self {
        self.entries.extend(other.entries);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Calls `visit` with every key, comment and string the map holds, in the order the
    /// emitter writes them: what a scan of the written text reads, without writing it.
    pub fn for_each_text<'a>(&'a self, visit: &mut impl FnMut(&'a str)) {
        for entry in &self.entries {
            visit(&entry.key);
            if let Some(comment) = &entry.comment {
                visit(comment);
            }
            entry.value.for_each_text(visit);
        }
    }
}

impl Yaml {
    /// [`Map::for_each_text`] for any node.
    pub fn for_each_text<'a>(&'a self, visit: &mut impl FnMut(&'a str)) {
        match self {
            Yaml::Str(s) | Yaml::Block(s) => visit(s),
            Yaml::Seq(items) | Yaml::SpacedSeq(items) => {
                for item in items {
                    item.for_each_text(visit);
                }
            }
            Yaml::Map(map) => map.for_each_text(visit),
            Yaml::Bool(_) | Yaml::Int(_) | Yaml::Null => {}
        }
    }
}

impl From<&str> for Yaml {
    fn from(s: &str) -> Self {
        Yaml::Str(s.to_owned())
    }
}

impl From<String> for Yaml {
    fn from(s: String) -> Self {
        Yaml::Str(s)
    }
}

impl From<bool> for Yaml {
    fn from(b: bool) -> Self {
        Yaml::Bool(b)
    }
}

impl From<u32> for Yaml {
    fn from(n: u32) -> Self {
        Yaml::Int(n)
    }
}

impl From<Map> for Yaml {
    fn from(m: Map) -> Self {
        Yaml::Map(m)
    }
}

impl From<Vec<Yaml>> for Yaml {
    fn from(v: Vec<Yaml>) -> Self {
        Yaml::Seq(v)
    }
}

/// Header comments wrap at yamllint's default line length.
const COMMENT_WIDTH: usize = 80;

/// A whole file: the header paragraphs as comments, then one top-level map.
pub fn document(header: &[String], body: &Map) -> String {
    with_header(header, &body_text(body))
}

/// The top-level map alone, without `---` or header: what a renderer scans before it knows
/// the header (the secrets a file reads).
pub fn body_text(body: &Map) -> String {
    let mut out = String::new();
    write_map(&mut out, body, 0);
    out
}

/// `---`, the header paragraphs as comments, then the already written body.
pub fn with_header(header: &[String], body_text: &str) -> String {
    let mut out = String::with_capacity(body_text.len() + 512);
    out.push_str("---\n");
    for (i, paragraph) in header.iter().enumerate() {
        if i > 0 {
            out.push_str("#\n");
        }
        write_wrapped(&mut out, paragraph, COMMENT_WIDTH - 2, "# ", "# ");
    }
    if !header.is_empty() {
        out.push('\n');
    }
    out.push_str(body_text);
    out
}

/// The longest line the generated files keep to (the yamllint settings they ship say so).
pub const LINE_MAX: usize = 120;

/// Greedy word wrap at `width` bytes, written line by line into `out`: `first` before the
/// first line, `rest` before each later one, a line break after each. A word longer than
/// `width` stands alone on its line.
pub fn write_wrapped(out: &mut String, text: &str, width: usize, first: &str, rest: &str) {
    let mut line_len = 0;
    let mut prefix = first;
    for word in text.split_whitespace() {
        if line_len > 0 && line_len + 1 + word.len() > width {
            out.push('\n');
            line_len = 0;
        }
        if line_len == 0 {
            out.push_str(prefix);
            prefix = rest;
        } else {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += word.len();
    }
    if line_len > 0 {
        out.push('\n');
    }
}

fn write_map(out: &mut String, map: &Map, indent: usize) {
    write_map_from(out, map, indent, false);
}

/// `continues_line`: the first key goes right where the output is (after a sequence's `- `).
fn write_map_from(out: &mut String, map: &Map, indent: usize, continues_line: bool) {
    for (i, entry) in map.entries.iter().enumerate() {
        if i > 0 && map.spaced {
            out.push('\n');
        }
        if i > 0 || !continues_line {
            pad(out, indent);
        }
        write_scalar(out, &entry.key);
        out.push(':');
        write_value(out, &entry.value, entry.comment.as_deref(), indent);
    }
}

/// Writes what follows `key:` (or `- `), including the line break.
fn write_value(out: &mut String, value: &Yaml, comment: Option<&str>, indent: usize) {
    match value {
        Yaml::Map(m) if m.is_empty() => {
            out.push_str(" {}");
            end_line(out, comment);
        }
        Yaml::Seq(s) | Yaml::SpacedSeq(s) if s.is_empty() => {
            out.push_str(" []");
            end_line(out, comment);
        }
        Yaml::Map(m) => {
            end_line(out, comment);
            write_map(out, m, indent + 2);
        }
        Yaml::Seq(items) => {
            end_line(out, comment);
            write_seq(out, items, indent + 2, false);
        }
        Yaml::SpacedSeq(items) => {
            end_line(out, comment);
            write_seq(out, items, indent + 2, true);
        }
        Yaml::Null => end_line(out, comment),
        Yaml::Block(text) => {
            out.push_str(block_header(text));
            end_line(out, comment);
            for line in text.lines() {
                if !line.is_empty() {
                    pad(out, indent + 2);
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        Yaml::Str(s) => write_str(out, s, comment, indent),
        Yaml::Bool(b) => write_inline(out, if *b { "true" } else { "false" }, comment, indent),
        Yaml::Int(n) => write_inline(out, &n.to_string(), comment, indent),
    }
}

/// The comment, if any, and the line break that end a value's line.
fn end_line(out: &mut String, comment: Option<&str>) {
    if let Some(c) = comment {
        out.push_str("  # ");
        out.push_str(c);
    }
    out.push('\n');
}

/// A string value. Quoting is decided once: the keystroke's render writes thousands of them.
fn write_str(out: &mut String, s: &str, comment: Option<&str>, indent: usize) {
    let quoted = (!is_plain_safe(s)).then(|| double_quoted(s));
    let text = quoted.as_deref().unwrap_or(s);
    if comment.is_none() && overflows(out, text) && foldable(s) {
        // A long sentence or command: folded at its spaces, which `>-` reads back as the
        // same single spaces.
        out.push_str(" >-\n");
        let margin = " ".repeat(indent + 2);
        write_wrapped(out, s, LINE_MAX - indent - 2, &margin, &margin);
    } else {
        write_inline(out, text, comment, indent);
    }
}

/// An already quoted scalar on the key's line, or alone on the next when it is one long word
/// (a resource name), where yamllint accepts a word that cannot be broken.
fn write_inline(out: &mut String, text: &str, comment: Option<&str>, indent: usize) {
    if comment.is_none() && overflows(out, text) && !text.contains(' ') {
        out.push('\n');
        pad(out, indent + 2);
    } else {
        out.push(' ');
    }
    out.push_str(text);
    end_line(out, comment);
}

/// Whether `text`, written after a space on `out`'s current line, passes [`LINE_MAX`].
fn overflows(out: &str, text: &str) -> bool {
    // A plain loop: the current line is short, where `rfind`'s setup costs more than the scan.
    let line_start = out.bytes().rposition(|b| b == b'\n').map_or(0, |i| i + 1);
    let column = out.len() - line_start;
    column + 1 + text.len() > LINE_MAX
}

/// Text a folded scalar reads back exactly: words separated by single spaces, on one line.
fn foldable(s: &str) -> bool {
    s.contains(' ')
        && !s.contains("  ")
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.chars().any(|c| c.is_control())
}

fn write_seq(out: &mut String, items: &[Yaml], indent: usize, spaced: bool) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 && spaced {
            out.push('\n');
        }
        pad(out, indent);
        out.push('-');
        match item {
            Yaml::Map(m) if !m.is_empty() => {
                // The first entry shares the dash's line; the rest align under it.
                out.push(' ');
                write_map_from(out, m, indent + 2, true);
            }
            Yaml::Seq(s) | Yaml::SpacedSeq(s) if !s.is_empty() => {
                out.push('\n');
                write_seq(out, s, indent + 2, matches!(item, Yaml::SpacedSeq(_)));
            }
            other => write_value(out, other, None, indent),
        }
    }
}

/// `|` keeps exactly one final newline; `|-` when the script has none; `|+` is never needed
/// because renderers end scripts with one newline.
fn block_header(text: &str) -> &'static str {
    if text.ends_with('\n') {
        " |"
    } else {
        " |-"
    }
}

fn pad(out: &mut String, indent: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = indent;
    while left > 0 {
        let n = left.min(SPACES.len());
        out.push_str(&SPACES[..n]);
        left -= n;
    }
}

/// The string as a plain scalar when every YAML 1.1 and 1.2 reader reads it back unchanged,
/// otherwise double-quoted with escapes.
pub fn scalar(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_scalar(&mut out, s);
    out
}

/// [`scalar`] written straight into `out`: the emitter's hot path.
fn write_scalar(out: &mut String, s: &str) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else {
        write_double_quoted(out, s);
    }
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_double_quoted(&mut out, s);
    out
}

fn write_double_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || is_yaml_special_break(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Characters YAML treats as line breaks or that libyaml refuses in plain text.
fn is_yaml_special_break(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
        || ('\u{80}'..='\u{9f}').contains(&c)
        || c == '\u{fffe}'
        || c == '\u{ffff}'
}

/// Conservative: plain only for strings that start like an identifier, path or expression and
/// contain nothing a reader treats as structure.
fn is_plain_safe(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || matches!(first, b'_' | b'/' | b'$' | b'.')) {
        return false;
    }
    if is_reserved_word(bytes) {
        return false;
    }
    // `.5` is a float in YAML 1.2.
    if first == b'.' && bytes.get(1).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    if s.ends_with([' ', ':']) {
        return false;
    }
    // One pass over the bytes: no `: ` or ` #`, and only characters that stay literal in a
    // plain scalar. Both pairs are ASCII, which UTF-8 never uses inside a longer character;
    // a string with any other character is checked again character by character. Quotes and
    // backticks only matter as the first character, which is checked above.
    let mut previous = 0u8;
    let mut ascii = true;
    for &b in bytes {
        if !b.is_ascii() {
            ascii = false;
        } else if !(b == b' ' || b.is_ascii_graphic()) {
            return false;
        }
        if (previous == b':' && b == b' ') || (previous == b' ' && b == b'#') {
            return false;
        }
        previous = b;
    }
    ascii || s.chars().all(stays_literal)
}

/// Whether a reader takes the text for a boolean, null or special float, in any letter case:
/// the words YAML 1.1 reads as booleans or null (1.2 keeps only the true/false/null family),
/// `.inf` and `.nan`.
fn is_reserved_word(text: &[u8]) -> bool {
    // Every such word is at most five characters.
    let mut lower = [0u8; 5];
    let Some(lower) = lower.get_mut(..text.len()) else {
        return false;
    };
    lower.copy_from_slice(text);
    lower.make_ascii_lowercase();
    matches!(
        &*lower,
        b"y" | b"n"
            | b"yes"
            | b"no"
            | b"on"
            | b"off"
            | b"true"
            | b"false"
            | b"null"
            | b"~"
            | b"="
            | b"<<"
            | b".inf"
            | b".nan"
    )
}

/// A character a plain scalar keeps as itself.
fn stays_literal(c: char) -> bool {
    c == ' '
        || c.is_ascii_graphic()
        || (!c.is_ascii() && !c.is_control() && !c.is_whitespace() && !is_yaml_special_break(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_words_and_numbers_are_quoted() {
        for s in [
            "on", "Yes", "NO", "null", "~", "1.0", "3", "0x1F", "", " main", "a: b",
        ] {
            assert!(scalar(s).starts_with('"'), "{s:?} must be quoted");
        }
        for s in [
            "main",
            "bin/kamal deploy",
            "${{ secrets.X }}",
            ".ruby-version",
        ] {
            assert_eq!(scalar(s), s);
        }
    }

    #[test]
    fn long_text_is_folded_and_reads_back_the_same() {
        let command = "sh -c 'MYSQL_PWD=\"$MYSQL_ROOT_PASSWORD\" exec mysqldump --user=root \
                       --single-transaction --routines --events --all-databases' # not a comment";
        let body = Map::new().with(
            "env",
            Map::new()
                .with("DUMP_COMMAND", command)
                .with("SHORT", "a b"),
        );
        let text = document(&[], &body);
        assert!(text.contains("DUMP_COMMAND: >-\n"), "{text}");
        assert!(text.lines().all(|l| l.len() <= LINE_MAX), "{text}");
        let back: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back["env"]["DUMP_COMMAND"].as_str(), Some(command));
        assert_eq!(back["env"]["SHORT"].as_str(), Some("a b"));
    }

    #[test]
    fn writes_github_documentation_style() {
        let step = Map::new().with("name", "Check out").with_comment(
            "uses",
            "actions/checkout@abc",
            "v7.0.1",
        );
        let body = Map::spaced()
            .with("name", "Deploy")
            .with("on", Map::new().with("push", Map::new()))
            .with("permissions", Map::new())
            .with(
                "jobs",
                Map::new().with(
                    "deploy",
                    Map::new()
                        .with("steps", vec![Yaml::Map(step)])
                        .with("run", Yaml::Block("echo hi\n".into())),
                ),
            );
        let text = document(&["Header.".into()], &body);
        let mut wrapped = String::new();
        write_wrapped(&mut wrapped, "aa  bb\ncc", 5, "- ", "  ");
        assert_eq!(wrapped, "- aa bb\n  cc\n");
        assert_eq!(
            text,
            "---\n# Header.\n\nname: Deploy\n\n\"on\":\n  push: {}\n\npermissions: {}\n\n\
             jobs:\n  deploy:\n    steps:\n      - name: Check out\n        \
             uses: actions/checkout@abc  # v7.0.1\n    run: |\n      echo hi\n"
        );
    }
}
