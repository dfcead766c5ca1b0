//! A small YAML highlighter for the preview: enough to tell keys, strings, comments and
//! GitHub expressions apart, line by line, without a parser.

/// What a piece of a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Plain,
    Key,
    Comment,
    /// A quoted string or a literal-block indicator.
    String,
    /// `${{ ... }}`
    Expression,
    /// `true`, `false`, numbers, `{}`, `---`.
    Literal,
    /// `-` of a sequence item, `:` after a key.
    Punctuation,
}

impl Token {
    /// The CSS class the page styles this token with.
    pub fn class(self) -> &'static str {
        match self {
            Token::Plain => "",
            Token::Key => "tok-key",
            Token::Comment => "tok-comment",
            Token::String => "tok-string",
            Token::Expression => "tok-expr",
            Token::Literal => "tok-literal",
            Token::Punctuation => "tok-punct",
        }
    }
}

/// Whether the preview highlights the file at `path` as YAML; other files (the setup guide,
/// IAM JSON, `.kamal/secrets`) are shown as plain text.
pub fn is_yaml(path: &str) -> bool {
    path.ends_with(".yml") || path.ends_with(".yaml")
}

/// The pieces of one line; concatenated they give the line back unchanged.
pub fn line(text: &str) -> Vec<(Token, &str)> {
    let mut out = Vec::new();
    let body_start = text.len() - text.trim_start().len();
    let (indent, mut rest) = text.split_at(body_start);
    push(&mut out, Token::Plain, indent);
    if rest.starts_with('#') {
        push(&mut out, Token::Comment, rest);
        return out;
    }
    if rest == "---" {
        push(&mut out, Token::Literal, rest);
        return out;
    }
    if let Some(after) = rest.strip_prefix("- ") {
        push(&mut out, Token::Punctuation, "-");
        push(&mut out, Token::Plain, " ");
        rest = after;
    } else if rest == "-" {
        push(&mut out, Token::Punctuation, rest);
        return out;
    }
    if let Some(colon) = key_end(rest) {
        push(&mut out, Token::Key, &rest[..colon]);
        push(&mut out, Token::Punctuation, ":");
        rest = &rest[colon + 1..];
    }
    value(&mut out, rest);
    out
}

/// Where a `key:` ends: a colon followed by a space or the end of the line, outside quotes.
fn key_end(text: &str) -> Option<usize> {
    if text.starts_with("${{") {
        return None;
    }
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') if i == 0 => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ':') => {
                let next = text[i + 1..].chars().next();
                if next.is_none() || next == Some(' ') {
                    return Some(i);
                }
            }
            (None, ' ') if text[..i].trim().is_empty() => return None,
            _ => {}
        }
    }
    None
}

fn value<'a>(out: &mut Vec<(Token, &'a str)>, text: &'a str) {
    // A trailing comment after two spaces.
    let (body, comment) = match text.find("  # ") {
        Some(i) => (&text[..i], Some(&text[i..])),
        None => (text, None),
    };
    let trimmed = body.trim();
    let token = if trimmed.starts_with('"')
        || trimmed.starts_with('\'')
        || matches!(trimmed, "|" | "|-" | ">")
    {
        Token::String
    } else if matches!(trimmed, "true" | "false" | "{}" | "[]") || is_number(trimmed) {
        Token::Literal
    } else {
        Token::Plain
    };
    if token == Token::Plain {
        expressions(out, body);
    } else {
        push(out, token, body);
    }
    if let Some(c) = comment {
        push(out, Token::Comment, c);
    }
}

/// Whether YAML 1.2's core schema reads `text` as a number: decimal, octal (`0o`) and hex (`0x`)
/// integers, floats with an optional exponent, and `.inf`/`.nan`. Checked by hand rather than
/// with `str::parse::<f64>`, whose float tables cost 14 KB of gzipped wasm, and which also
/// accepts `inf` and `NaN`, plain strings to YAML.
fn is_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    if let Some(octal) = text.strip_prefix("0o") {
        return !octal.is_empty() && octal.bytes().all(|b| matches!(b, b'0'..=b'7'));
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok =
        digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

fn expressions<'a>(out: &mut Vec<(Token, &'a str)>, mut text: &'a str) {
    while let Some(start) = text.find("${{") {
        let Some(len) = text[start..].find("}}") else {
            break;
        };
        push(out, Token::Plain, &text[..start]);
        push(out, Token::Expression, &text[start..start + len + 2]);
        text = &text[start + len + 2..];
    }
    push(out, Token::Plain, text);
}

fn push<'a>(out: &mut Vec<(Token, &'a str)>, token: Token, text: &'a str) {
    if !text.is_empty() {
        out.push((token, text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_what_yaml_reads_as_numbers() {
        for number in [
            "0", "42", "-7", "+3", "3.14", "1.", ".5", "1e5", "2.5E-3", "0o17", "0xFF", ".inf",
            "-.Inf", ".nan",
        ] {
            assert!(is_number(number), "{number}");
        }
        for text in [
            "", "-", ".", "e5", "1e", "1.2.3", "inf", "NaN", "0x", "0o8", "v1", "1_000", "3.0.1",
            "12:30",
        ] {
            assert!(!is_number(text), "{text}");
        }
    }

    #[test]
    fn only_yaml_files_are_highlighted() {
        assert!(is_yaml(".github/workflows/deploy.yml") && is_yaml("action.yaml"));
        assert!(!is_yaml("KAMAL_ACTIONS_SETUP.md") && !is_yaml(".kamal/secrets.production"));
    }

    fn classes(text: &str) -> Vec<(Token, &str)> {
        line(text)
    }

    #[test]
    fn splits_keys_values_comments_and_expressions() {
        assert_eq!(
            classes("      uses: actions/checkout@abc  # v7.0.1"),
            [
                (Token::Plain, "      "),
                (Token::Key, "uses"),
                (Token::Punctuation, ":"),
                (Token::Plain, " actions/checkout@abc"),
                (Token::Comment, "  # v7.0.1"),
            ]
        );
        assert_eq!(
            classes("  - name: ${{ secrets.X }}"),
            [
                (Token::Plain, "  "),
                (Token::Punctuation, "-"),
                (Token::Plain, " "),
                (Token::Key, "name"),
                (Token::Punctuation, ":"),
                (Token::Plain, " "),
                (Token::Expression, "${{ secrets.X }}"),
            ]
        );
        assert_eq!(classes("\"on\":")[0], (Token::Key, "\"on\""));
        assert_eq!(classes("# header"), [(Token::Comment, "# header")]);
        assert_eq!(
            classes("  persist-credentials: false")[3],
            (Token::Literal, " false")
        );
    }

    #[test]
    fn pieces_give_the_line_back() {
        for text in [
            "  run: |",
            "        args=(deploy)",
            "  if: a == 'b: c'",
            "x: \"a: b\"  # c",
            "",
        ] {
            let joined: String = line(text).iter().map(|(_, s)| *s).collect();
            assert_eq!(joined, text);
        }
    }
}
