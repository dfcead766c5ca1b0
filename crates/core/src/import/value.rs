//! The YAML of a deploy file as the import reads it: yaml-rust2's parser (pure Rust and
//! maintained, where serde_yaml is deprecated and carries a C-to-Rust port of libyaml) with a
//! small tree of our own. Building the tree here, not through serde, keeps serde's visitors
//! and a float parser out of the page's import chunk: the import only ever reads values back
//! as text, so a number keeps the text it was written as.
//!
//! What the file can say is resolved as serde_yaml resolved it (YAML 1.2's core schema):
//! anchors and aliases, `<<` merge keys, `~`/`null`/`true`/`false` in their three spellings, a
//! duplicate key is an error (after ERB code is skipped, both branches of an `if` would
//! otherwise silently become one), and a file holds one document.

use std::fmt;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Values an alias may expand to in one file. A deploy.yml is a few hundred values; the
/// limit keeps a file of nested aliases (each doubling the last) from filling the memory.
const MAX_VALUES: usize = 1_000_000;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Null,
    Bool(bool),
    /// An integer or a float, as written.
    Number(String),
    String(String),
    Sequence(Vec<Value>),
    /// Keys in the file's order.
    Mapping(Vec<(Value, Value)>),
}

impl Value {
    /// The value of a string `key` in a mapping.
    pub(super) fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Mapping(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub(super) fn as_sequence(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Sequence(items) => Some(items),
            _ => None,
        }
    }

    pub(super) fn is_sequence(&self) -> bool {
        matches!(self, Value::Sequence(_))
    }

    pub(super) fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// The keys of a mapping, in order; nothing for any other value.
    pub(super) fn keys(&self) -> impl Iterator<Item = &Value> {
        let entries = match self {
            Value::Mapping(entries) => entries.as_slice(),
            _ => &[],
        };
        entries.iter().map(|(k, _)| k)
    }
}

/// Why a file could not be read, where the parser stopped. Lines and columns count from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ParseError {
    what: String,
    at: Option<(usize, usize)>,
}

impl ParseError {
    fn at(what: impl Into<String>, mark: Marker) -> Self {
        ParseError {
            what: what.into(),
            at: Some((mark.line(), mark.col() + 1)),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.what)?;
        if let Some((line, column)) = self.at {
            write!(f, " at line {line} column {column}")?;
        }
        Ok(())
    }
}

/// Parses one YAML document; an empty file is `Null`. Merge keys are left as they are: see
/// [`apply_merge`].
pub(super) fn parse(text: &str) -> Result<Value, ParseError> {
    // The parser's events, read one by one: its own `load` walks the same stream but prints
    // (through stdout, with a Debug of the event) on a path the state machine never takes,
    // which compiled 5.8 KB of wasm into the import.
    let mut tree = Tree::default();
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = parser
            .next_token()
            .map_err(|e| ParseError::at(e.info(), *e.marker()))?;
        let end = event == Event::StreamEnd;
        tree.on_event(event, mark);
        if end {
            return tree.finish();
        }
    }
}

/// A mapping or sequence being read, with its anchor; a mapping's key waits here for its
/// value.
struct Open {
    value: Value,
    anchor: usize,
    key: Option<Value>,
}

/// Builds values from the parser's events. The parser stops at the first malformed token;
/// the tree keeps the first error of its own (a duplicate key, an alias bomb, a second
/// document) and ignores the events after it.
#[derive(Default)]
struct Tree {
    open: Vec<Open>,
    /// Anchored values by the parser's anchor id, with how many values each holds.
    anchors: Vec<(usize, Value, usize)>,
    documents: usize,
    root: Option<Value>,
    values: usize,
    error: Option<ParseError>,
}

impl Tree {
    fn finish(self) -> Result<Value, ParseError> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.root.unwrap_or(Value::Null)),
        }
    }

    fn event(&mut self, event: Event, mark: Marker) -> Result<(), ParseError> {
        match event {
            Event::DocumentStart => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(ParseError::at(
                        "the file holds more than one YAML document (a second ---)",
                        mark,
                    ));
                }
            }
            Event::SequenceStart(anchor, _) => self.open(Value::Sequence(Vec::new()), anchor),
            Event::MappingStart(anchor, _) => self.open(Value::Mapping(Vec::new()), anchor),
            Event::SequenceEnd | Event::MappingEnd => {
                let open = self.open.pop().expect("the parser closes what it opened");
                self.anchor(open.anchor, &open.value);
                self.add(open.value, mark)?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                let value = scalar(text, style, tag.as_ref());
                self.values += 1;
                self.anchor(anchor, &value);
                self.add(value, mark)?;
            }
            Event::Alias(id) => {
                let (value, count) = self
                    .anchors
                    .iter()
                    .find(|(anchor, _, _)| *anchor == id)
                    .map(|(_, value, count)| (value.clone(), *count))
                    .ok_or_else(|| {
                        let looped = self.open.iter().any(|open| open.anchor == id);
                        let what = if looped {
                            "an alias inside the value its anchor names (a loop)"
                        } else {
                            "unknown anchor"
                        };
                        ParseError::at(what, mark)
                    })?;
                self.values += count;
                if self.values > MAX_VALUES {
                    return Err(ParseError::at(
                        format!("aliases expand to more than {MAX_VALUES} values"),
                        mark,
                    ));
                }
                self.add(value, mark)?;
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn open(&mut self, value: Value, anchor: usize) {
        self.values += 1;
        self.open.push(Open {
            value,
            anchor,
            key: None,
        });
    }

    fn anchor(&mut self, anchor: usize, value: &Value) {
        if anchor != 0 {
            self.anchors.push((anchor, value.clone(), count(value)));
        }
    }

    /// Puts a finished value into the sequence or mapping around it, or makes it the root.
    fn add(&mut self, value: Value, mark: Marker) -> Result<(), ParseError> {
        if self.is_duplicate_key(&value) {
            // The path is rendered only here: `add` runs for every value in the file.
            let what = format!("duplicate entry with key {}", describe(&value));
            let what = match self.path() {
                path if path.is_empty() => what,
                path => format!("{path}: {what}"),
            };
            return Err(ParseError::at(what, mark));
        }
        let Some(open) = self.open.last_mut() else {
            self.root = Some(value);
            return Ok(());
        };
        match (&mut open.value, open.key.take()) {
            (Value::Sequence(items), _) => items.push(value),
            (Value::Mapping(entries), Some(key)) => entries.push((key, value)),
            (Value::Mapping(_), None) => open.key = Some(value),
            _ => unreachable!("only sequences and mappings are open"),
        }
        Ok(())
    }

    /// Whether `value` is a key the mapping being read already has.
    fn is_duplicate_key(&self, value: &Value) -> bool {
        match self.open.last() {
            Some(Open {
                value: Value::Mapping(entries),
                key: None,
                ..
            }) => entries.iter().any(|(k, _)| k == value),
            _ => false,
        }
    }

    /// Where the value being read sits, as serde_yaml named it: `registry`, `servers.web`,
    /// `env.secret[2]`.
    fn path(&self) -> String {
        let mut path = String::new();
        for open in &self.open {
            match (&open.value, &open.key) {
                (Value::Sequence(items), _) => path.push_str(&format!("[{}]", items.len())),
                (Value::Mapping(_), Some(key)) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&describe_bare(key));
                }
                _ => {}
            }
        }
        path
    }
}

impl MarkedEventReceiver for Tree {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_none() {
            if let Err(e) = self.event(event, mark) {
                self.error = Some(e);
            }
        }
    }
}

/// How many values `value` holds, itself included.
fn count(value: &Value) -> usize {
    1 + match value {
        Value::Sequence(items) => items.iter().map(count).sum(),
        Value::Mapping(entries) => entries.iter().map(|(k, v)| count(k) + count(v)).sum(),
        _ => 0,
    }
}

fn describe(key: &Value) -> String {
    match key {
        Value::String(s) => format!("{s:?}"),
        other => describe_bare(other),
    }
}

fn describe_bare(key: &Value) -> String {
    match key {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) | Value::String(n) => n.clone(),
        Value::Sequence(_) | Value::Mapping(_) => "a collection".into(),
    }
}

/// A scalar's value: quoted and `!!str` scalars are text; a plain one is resolved by YAML
/// 1.2's core schema.
fn scalar(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    // The parser resolves `!!` to the tag's full prefix.
    let is_str_tag = tag.is_some_and(|t| t.handle == "tag:yaml.org,2002:" && t.suffix == "str");
    if style != TScalarStyle::Plain || is_str_tag {
        return Value::String(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        t if is_number(t) => Value::Number(text),
        _ => Value::String(text),
    }
}

/// Whether a plain scalar is a number in YAML 1.2's core schema (serde_yaml's reading): an
/// integer in decimal, `0x`, `0o` or `0b`; a float, `.inf` or `.nan`. Digits with a leading
/// zero (`0755`) are text. Decided without parsing, so no float tables are compiled in.
fn is_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let digits = |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unsigned.strip_prefix(prefix) {
            return digits(rest, radix);
        }
    }
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    if unsigned.len() > 1 && unsigned.starts_with('0') && digits(unsigned, 10) {
        return false;
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (mantissa, None),
    };
    let whole_ok = whole.is_empty() || digits(whole, 10);
    let fraction_ok = fraction.is_none_or(|f| f.is_empty() || digits(f, 10));
    let has_digits = !whole.is_empty() || fraction.is_some_and(|f| !f.is_empty());
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e), 10));
    whole_ok && fraction_ok && has_digits && exponent_ok
}

/// Resolves `<<` merge keys as serde_yaml's `apply_merge` did: the keys of the merged
/// mapping (or of each in a list, the first taking precedence) that the mapping does not set
/// itself are added after its own, and its last key moves to where `<<` was.
pub(super) fn apply_merge(value: &mut Value) -> Result<(), String> {
    let mut stack = vec![value];
    while let Some(node) = stack.pop() {
        match node {
            Value::Mapping(entries) => {
                let merge = entries
                    .iter()
                    .position(|(k, _)| k.as_str() == Some("<<"))
                    // serde_yaml's IndexMap removal: the last key takes the `<<`'s place.
                    .map(|at| entries.swap_remove(at).1);
                let merged =
                    match merge {
                        None => Vec::new(),
                        Some(Value::Mapping(merged)) => merged,
                        Some(Value::Sequence(items)) => items
                            .into_iter()
                            .map(|item| match item {
                                Value::Mapping(merged) => Ok(merged),
                                Value::Sequence(_) => {
                                    Err("expected a mapping for merging, but found sequence")
                                }
                                _ => Err("expected a mapping for merging, but found scalar"),
                            })
                            .collect::<Result<Vec<_>, _>>()?
                            .into_iter()
                            .flatten()
                            .collect(),
                        Some(_) => return Err(
                            "expected a mapping or list of mappings for merging, but found scalar"
                                .into(),
                        ),
                    };
                for (key, value) in merged {
                    if !entries.iter().any(|(k, _)| *k == key) {
                        entries.push((key, value));
                    }
                }
                stack.extend(entries.iter_mut().map(|(_, v)| v));
            }
            Value::Sequence(items) => stack.extend(items),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(text: &str) -> Result<Value, String> {
        let mut value = parse(text).map_err(|e| e.to_string())?;
        apply_merge(&mut value)?;
        Ok(value)
    }

    /// `value` with each number as serde_yaml prints it (`0x1F` as `31`, `1e3` as `1000.0`):
    /// the tree keeps numbers as written, serde_yaml parses them.
    fn printed_as_serde_yaml(value: Value) -> Value {
        match value {
            Value::Number(n) => {
                let printed: serde_yaml::Number = serde_yaml::from_str(&n).unwrap();
                Value::Number(printed.to_string())
            }
            Value::Sequence(items) => {
                Value::Sequence(items.into_iter().map(printed_as_serde_yaml).collect())
            }
            Value::Mapping(entries) => Value::Mapping(
                entries
                    .into_iter()
                    .map(|(k, v)| (printed_as_serde_yaml(k), printed_as_serde_yaml(v)))
                    .collect(),
            ),
            other => other,
        }
    }

    /// serde_yaml's value in this tree's terms, numbers as serde_yaml prints them.
    fn from_serde(value: serde_yaml::Value) -> Value {
        match value {
            serde_yaml::Value::Null => Value::Null,
            serde_yaml::Value::Bool(b) => Value::Bool(b),
            serde_yaml::Value::Number(n) => Value::Number(n.to_string()),
            serde_yaml::Value::String(s) => Value::String(s),
            serde_yaml::Value::Sequence(items) => {
                Value::Sequence(items.into_iter().map(from_serde).collect())
            }
            serde_yaml::Value::Mapping(map) => Value::Mapping(
                map.into_iter()
                    .map(|(k, v)| (from_serde(k), from_serde(v)))
                    .collect(),
            ),
            serde_yaml::Value::Tagged(tagged) => from_serde(tagged.value),
        }
    }

    /// What serde_yaml reads `text` as, merges applied.
    fn serde_yaml_reading(text: &str) -> Result<Value, String> {
        let mut value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
        value.apply_merge().map_err(|e| e.to_string())?;
        Ok(from_serde(value))
    }

    #[test]
    fn reads_what_a_deploy_file_holds() {
        let text = "service: app\nport: 3000\nratio: 1.5\nssl: true\nnone: ~\nmode: 0755\n\
                    quoted: \"true\"\nforced: !!str 12\nhosts:\n  - 10.0.0.1\n  - web: x\n";
        let value = read(text).unwrap();
        assert_eq!(value.get("service"), Some(&Value::String("app".into())));
        assert_eq!(value.get("port"), Some(&Value::Number("3000".into())));
        assert_eq!(value.get("ratio"), Some(&Value::Number("1.5".into())));
        assert_eq!(value.get("ssl"), Some(&Value::Bool(true)));
        assert_eq!(value.get("none"), Some(&Value::Null));
        assert_eq!(value.get("mode"), Some(&Value::String("0755".into())));
        assert_eq!(value.get("quoted"), Some(&Value::String("true".into())));
        assert_eq!(value.get("forced"), Some(&Value::String("12".into())));
        let hosts = value.get("hosts").and_then(Value::as_sequence).unwrap();
        assert_eq!(hosts[0].as_str(), Some("10.0.0.1"));
        assert_eq!(hosts[1].keys().next().and_then(Value::as_str), Some("web"));
        let keys: Vec<_> = value.keys().filter_map(Value::as_str).collect();
        assert_eq!(keys[..3], ["service", "port", "ratio"], "the file's order");
    }

    #[test]
    fn numbers_are_told_from_text_without_parsing_them() {
        for number in [
            "0", "-12", "+5", "0x1F", "0o17", "0b101", "1.5", ".5", "5.", "1e3", "-2.5E-3", ".inf",
            "-.Inf", ".NaN",
        ] {
            assert!(is_number(number), "{number}");
        }
        for text in [
            "", "0755", "1.2.3", "e5", "1e", "0x", "0xG", "--1", ".", "inf", "1_000", "10.0.0.1",
            "+.nan",
        ] {
            assert!(!is_number(text), "{text}");
        }
    }

    #[test]
    fn anchors_aliases_and_merge_keys_resolve() {
        let text = "base: &base\n  image: app\n  port: 80\nweb:\n  <<: *base\n  port: 81\n\
                    both:\n  <<: [{a: 1}, {a: 2, b: 3}]\nlist: [*base]\n\
                    roles:\n  - <<: *base\n    port: 82\n";
        let value = read(text).unwrap();
        let web = value.get("web").unwrap();
        assert_eq!(
            web.get("port"),
            Some(&Value::Number("81".into())),
            "its own key wins"
        );
        assert_eq!(web.get("image").and_then(Value::as_str), Some("app"));
        assert_eq!(
            web.keys().filter_map(Value::as_str).collect::<Vec<_>>(),
            ["port", "image"]
        );
        let both = value.get("both").unwrap();
        assert_eq!(
            both.get("a"),
            Some(&Value::Number("1".into())),
            "the first merged wins"
        );
        assert_eq!(both.get("b"), Some(&Value::Number("3".into())));
        assert_eq!(
            value.get("list").and_then(Value::as_sequence).map(Vec::len),
            Some(1)
        );
        let role = &value.get("roles").and_then(Value::as_sequence).unwrap()[0];
        assert_eq!(
            role.get("image").and_then(Value::as_str),
            Some("app"),
            "merged in a list"
        );
        assert_eq!(role.get("port"), Some(&Value::Number("82".into())));
    }

    #[test]
    fn what_cannot_be_read_says_why_and_where() {
        for (text, message) in [
            (
                "a: b: c\n",
                "mapping values are not allowed in this context at line 1 column 5",
            ),
            ("a: *nope\n", "unknown anchor at line 1 column 4"),
            ("a: &x [*x]\n", "a loop"),
            (
                "a: 1\n---\nb: 2\n",
                "more than one YAML document (a second ---) at line 2",
            ),
            (
                "reg:\n  server: a\n  server: b\n",
                "reg: duplicate entry with key \"server\" at line 3 column 3",
            ),
            (
                "s:\n  web:\n    - x: 1\n      x: 2\n",
                "s.web[0]: duplicate entry with key \"x\"",
            ),
            (
                "a:\n  <<: 5\n",
                "expected a mapping or list of mappings for merging, but found scalar",
            ),
            (
                "a:\n  <<: [5]\n",
                "expected a mapping for merging, but found scalar",
            ),
            (
                "a:\n  <<: [[]]\n",
                "expected a mapping for merging, but found sequence",
            ),
        ] {
            let error = read(text).unwrap_err();
            assert!(error.contains(message), "{text:?}: {error}");
        }
        assert_eq!(read(""), Ok(Value::Null));
    }

    #[test]
    fn aliases_cannot_expand_without_bound() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..8 {
            let j = i - 1;
            text.push_str(&format!("a{i}: &a{i} [*a{j}, *a{j}, *a{j}, *a{j}, *a{j}, *a{j}, *a{j}, *a{j}, *a{j}, *a{j}]\n"));
        }
        let error = read(&text).unwrap_err();
        assert!(
            error.contains("aliases expand to more than 1000000 values"),
            "{error}"
        );
    }

    /// Every deploy file the import's tests read comes out as serde_yaml read it.
    #[test]
    fn reads_the_fixtures_as_serde_yaml_did() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/deploy");
        let mut read_files = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "yml") {
                continue;
            }
            let (text, _, _) =
                super::super::erb::strip_erb(&std::fs::read_to_string(&path).unwrap());
            let ours = read(&text).map(printed_as_serde_yaml);
            let theirs = serde_yaml_reading(&text);
            match (&ours, &theirs) {
                (Ok(_), Ok(_)) => assert_eq!(ours, theirs, "{path:?}"),
                (Err(_), Err(_)) => {}
                _ => panic!("{path:?}: ours {ours:?}, serde_yaml {theirs:?}"),
            }
            read_files += 1;
        }
        assert!(read_files >= 10, "{read_files} fixtures");
    }

    /// Pieces real deploy files are made of, so random files parse often.
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "service: x\n",
            "servers:\n",
            "  web:\n",
            "    - 10.0.0.1\n",
            "  - ",
            "- ",
            "  ",
            "\n",
            "hosts: [a, b]\n",
            "a: &a ",
            "*a\n",
            "<<: *a\n",
            // Whole entries, so merges and the core schema's spellings reach both parsers.
            "a: &a {k: v, n: 1}\n",
            "b:\n  <<: *a\n  n: 2\n",
            "list:\n  - <<: *a\n    k: w\n",
            "both:\n  <<: [*a, {z: 1, k: u}]\n",
            "t: [True, FALSE, Null, NULL, 0x1F, -0o17, +5, 1e3]\n",
            "<<: [*a]\n",
            "{k: v}",
            "[1, 2]",
            "ssl: true\n",
            "port: 3000\n",
            "x: ~\n",
            "y: \"q\"\n",
            "z: 'q'\n",
            "key: ",
            "value\n",
            "# note\n",
            "---\n",
            ": ",
            "|\n  text\n",
            ">-\n  folded\n",
            "!!str 5\n",
            "0755\n",
            "1.5\n",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Where serde_yaml (the import's parser until this tree, over libyaml as Kamal's Ruby
        /// is) reads a file, the tree reads the same values, or refuses it for one of the two
        /// things YAML forbids and libyaml lets pass: a comment touching a token (`[a]# b`)
        /// and a block scalar's `|` or `>` no deeper than its key. Both messages say where.
        /// yaml-rust2 also reads some files libyaml refuses (`: x`, an empty key); Kamal
        /// refuses those before any workflow runs. Files end with a newline, as saved files
        /// do: at the end of a file without one, yaml-rust2 ends a `|` block with a newline
        /// where libyaml does not.
        #[test]
        fn reads_files_as_serde_yaml_did(pieces in prop::collection::vec(piece(), 0..24)) {
            let text = pieces.concat() + "\n";
            let spec_strict = |e: &str| e.contains("comments must be separated from other tokens by whitespace")
                || e.contains("simple key expect ':'") && text.lines().any(|l| l.starts_with(['|', '>']));
            match (read(&text), serde_yaml_reading(&text)) {
                (Ok(ours), Ok(theirs)) => prop_assert_eq!(printed_as_serde_yaml(ours), theirs, "{:?}", text),
                (Err(e), Ok(_)) => prop_assert!(spec_strict(&e), "{:?}: serde_yaml reads it, ours: {}", text, e),
                (_, Err(_)) => {}
            }
        }
    }
}
