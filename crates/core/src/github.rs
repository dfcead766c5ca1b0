//! GitHub's rules for the refs a workflow and an environment admit.
//!
//! Two pattern languages meet here. `on.push.branches` / `tags` take GitHub's *filter
//! patterns* ("Filter pattern cheat sheet"): `*` (anything but `/`), `**` (anything), `?` and
//! `+` (zero-or-one and one-or-more of the character before), `[...]` (one character of a set
//! of letters, digits and ranges), a leading `!` (exclude what earlier patterns admitted) and
//! `\` (escape). An environment's deployment branch and tag policies are matched with Ruby's
//! `File.fnmatch` instead, where wildcards do not match `/`, `**/` spans directories, `?` is
//! any one character and there is no `+` and no exclusion. [`policy_for`] translates one into
//! the other, admitting at least what the filter admits and saying where that is not exact.

/// One piece of a filter pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Atom {
    Literal(char),
    /// `[...]` as written, brackets included.
    Class(String),
    /// `*`: anything but `/`.
    Star,
    /// `**`: anything, `/` included.
    DoubleStar,
}

/// An atom with the repetition GitHub's `?` and `+` put on it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    atom: Atom,
    repeat: Repeat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repeat {
    Once,
    /// `?`: zero or one.
    Optional,
    /// `+`: one or more.
    OneOrMore,
}

/// A parsed filter pattern: whether it excludes (`!`) and its pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Filter {
    exclude: bool,
    pieces: Vec<Piece>,
}

/// What kind of ref a filter lists, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Branch,
    Tag,
}

impl RefKind {
    fn noun(self) -> &'static str {
        match self {
            Self::Branch => "a branch pattern",
            Self::Tag => "a tag pattern",
        }
    }

    fn example(self) -> &'static str {
        match self {
            Self::Branch => "main or release/**",
            Self::Tag => "v* or v[0-9]+.[0-9]+.[0-9]+",
        }
    }

    /// The `type` of a deployment branch policy.
    pub fn policy_type(self) -> &'static str {
        match self {
            Self::Branch => "branch",
            Self::Tag => "tag",
        }
    }
}

/// Characters git forbids in a ref name outside of pattern syntax.
fn forbidden_in_ref(c: char) -> bool {
    c.is_control() || !c.is_ascii() || " ~^:\\'\"`$".contains(c)
}

fn parse(pattern: &str, kind: RefKind) -> Result<Filter, String> {
    let what = kind.noun();
    if pattern.is_empty() {
        return Err(format!("enter {what}, e.g. {}", kind.example()));
    }
    if pattern.len() > 255 {
        return Err("use at most 255 characters (git's limit)".into());
    }
    let (exclude, body) = match pattern.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, pattern),
    };
    if body.is_empty() {
        return Err("write the pattern to exclude after '!'".into());
    }
    let mut pieces: Vec<Piece> = Vec::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        let atom = match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                Atom::DoubleStar
            }
            '*' => Atom::Star,
            '?' | '+' => {
                let repeat = if c == '?' {
                    Repeat::Optional
                } else {
                    Repeat::OneOrMore
                };
                match pieces.last_mut() {
                    Some(last) if last.repeat == Repeat::Once && !is_star(&last.atom) => {
                        last.repeat = repeat;
                        continue;
                    }
                    _ => {
                        return Err(format!(
                            "'{c}' repeats the character before it; put a character first \
                             (escape it as \\{c} to match a literal '{c}')"
                        ))
                    }
                }
            }
            '[' => Atom::Class(class(&mut chars)?),
            ']' => {
                return Err("']' closes a '[' that was not opened: remove it or add the '['".into())
            }
            '\\' => match chars.next() {
                Some(escaped) if "*?+[]!".contains(escaped) => Atom::Literal(escaped),
                _ => return Err("'\\' escapes one of * ? + [ ] ! (e.g. \\+)".into()),
            },
            c if forbidden_in_ref(c) => {
                return Err(format!(
                    "{what} cannot contain {c:?} (git's rule for refs): remove it"
                ));
            }
            c => Atom::Literal(c),
        };
        pieces.push(Piece {
            atom,
            repeat: Repeat::Once,
        });
    }
    check_ref_shape(body, what)?;
    Ok(Filter { exclude, pieces })
}

fn is_star(atom: &Atom) -> bool {
    matches!(atom, Atom::Star | Atom::DoubleStar)
}

/// The rest of a `[...]` class: letters, digits and ranges (GitHub's rule), closed by `]`.
fn class(chars: &mut std::iter::Peekable<std::str::Chars>) -> Result<String, String> {
    let mut inner = String::new();
    for c in chars.by_ref() {
        if c == ']' {
            if inner.is_empty() {
                return Err("'[]' lists no character: put the characters to match inside".into());
            }
            let ok = inner
                .split('-')
                .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()));
            let ranges_ok = inner.matches('-').count() == 0 || range_order_ok(&inner);
            if !ok || !ranges_ok {
                return Err(format!(
                    "[{inner}]: list letters and digits, or ranges such as 0-9, a-z, A-Z"
                ));
            }
            return Ok(format!("[{inner}]"));
        }
        inner.push(c);
    }
    Err("'[' is not closed: add the ']'".into())
}

/// Each `a-b` in a class runs forward within one of a-z, A-Z, 0-9.
fn range_order_ok(inner: &str) -> bool {
    let bytes = inner.as_bytes();
    (0..bytes.len()).all(|i| {
        if bytes[i] != b'-' {
            return true;
        }
        let (Some(&a), Some(&b)) = (
            i.checked_sub(1).and_then(|j| bytes.get(j)),
            bytes.get(i + 1),
        ) else {
            return false;
        };
        let same_kind = (a.is_ascii_lowercase() && b.is_ascii_lowercase())
            || (a.is_ascii_uppercase() && b.is_ascii_uppercase())
            || (a.is_ascii_digit() && b.is_ascii_digit());
        same_kind && a <= b
    })
}

/// Git's shape rules on the pattern as a whole.
fn check_ref_shape(body: &str, what: &str) -> Result<(), String> {
    if body.starts_with('-') || body.starts_with('/') || body.ends_with('/') {
        return Err(format!(
            "{what} cannot start with '-' or '/', or end with '/'"
        ));
    }
    if body.ends_with('.') || body.ends_with(".lock") || body == "@" {
        return Err(format!("{what} cannot end with '.' or '.lock', or be '@'"));
    }
    if body.contains("..")
        || body.contains("//")
        || body.contains("@{")
        || body.contains("/.")
        || body.starts_with('.')
    {
        return Err(format!(
            "{what} cannot contain '..', '//', '@{{' or a part starting with '.'"
        ));
    }
    Ok(())
}

/// Checks one filter pattern as GitHub reads it.
pub fn check_filter(pattern: &str, kind: RefKind) -> Result<(), String> {
    parse(pattern, kind).map(drop)
}

/// Checks a whole filter list: GitHub needs at least one pattern without `!`, and an
/// exclusion only removes what the patterns before it admitted.
pub fn check_filter_list(patterns: &[String], kind: RefKind) -> Result<(), String> {
    let parsed: Vec<Filter> = patterns
        .iter()
        .filter_map(|p| parse(p, kind).ok())
        .collect();
    if parsed.is_empty() {
        return Ok(());
    }
    if parsed.iter().all(|f| f.exclude) {
        return Err(format!(
            "add at least one {} without '!': an exclusion only removes refs an earlier pattern \
             admits",
            kind.noun().trim_start_matches("a ")
        ));
    }
    if parsed.first().is_some_and(|f| f.exclude) {
        return Err(
            "start with a pattern without '!': an exclusion only removes refs the patterns \
             before it admit"
                .into(),
        );
    }
    Ok(())
}

/// A filter list in words: the patterns, then the exclusions (`main, release/** (except
/// release/**-wip)`); `quote` wraps each pattern (backticks in Markdown, nothing in YAML
/// comments).
pub fn describe_filters(patterns: &[String], quote: &str) -> String {
    let q = |p: &str| format!("{quote}{p}{quote}");
    let (excluded, admitted): (Vec<&String>, Vec<&String>) =
        patterns.iter().partition(|p| p.starts_with('!'));
    let mut text = admitted.iter().map(|p| q(p)).collect::<Vec<_>>().join(", ");
    if !excluded.is_empty() {
        let except: Vec<String> = excluded.iter().map(|p| q(&p[1..])).collect();
        text.push_str(&format!(" (except {})", except.join(", ")));
    }
    text
}

/// Deployment policies for the refs one filter pattern admits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// `File.fnmatch` patterns that together admit at least what the filter admits.
    pub patterns: Vec<String>,
    /// Why the patterns admit more than the filter does, when they do.
    pub note: Option<String>,
}

/// At most this many policies for one filter (each `?` doubles them); past it, `?` widens to
/// `*` and the note says so.
const MAX_POLICIES: usize = 8;

/// The deployment policies for filter `pattern` (which must be valid). An exclusion (`!x`)
/// has no policy: environments cannot exclude, so the note says the environment admits them.
pub fn policy_for(pattern: &str, kind: RefKind) -> Policy {
    let Ok(filter) = parse(pattern, kind) else {
        return Policy {
            patterns: vec![],
            note: None,
        };
    };
    if filter.exclude {
        return Policy {
            patterns: vec![],
            note: Some(format!(
                "`{pattern}` excludes refs from the workflow; deployment policies cannot \
                 exclude, so the environment does not refuse them (the workflow never starts \
                 for them)"
            )),
        };
    }
    let mut widened: Vec<&str> = Vec::new();
    let mut patterns = vec![String::new()];
    for (i, piece) in filter.pieces.iter().enumerate() {
        let text = fnmatch_atom(&piece.atom, filter.pieces.get(i + 1), &mut widened);
        match piece.repeat {
            Repeat::Once => patterns.iter_mut().for_each(|p| p.push_str(&text)),
            Repeat::OneOrMore => {
                widened.push("fnmatch has no `+`, so each `X+` became `X*`");
                patterns.iter_mut().for_each(|p| {
                    p.push_str(&text);
                    p.push('*');
                });
            }
            Repeat::Optional if patterns.len() * 2 <= MAX_POLICIES => {
                let without = patterns.clone();
                patterns.iter_mut().for_each(|p| p.push_str(&text));
                patterns.extend(without);
            }
            Repeat::Optional => {
                widened.push("past 8 spellings, `X?` became `*`");
                patterns.iter_mut().for_each(|p| p.push('*'));
            }
        }
    }
    patterns.dedup();
    widened.dedup();
    let note = (!widened.is_empty()).then(|| {
        format!(
            "`{pattern}` has no exact deployment policy: {}; the policy admits every ref the \
             workflow deploys, and a few it never does",
            widened.join("; ")
        )
    });
    Policy { patterns, note }
}

/// `**` followed by nothing or `/` becomes fnmatch's `**/` form; a `**` inside a name (`a**b`)
/// has no counterpart and widens to `*`.
fn fnmatch_atom(atom: &Atom, next: Option<&Piece>, widened: &mut Vec<&str>) -> String {
    match atom {
        Atom::Literal(c) if "*?[]{}\\".contains(*c) => format!("\\{c}"),
        Atom::Literal(c) => c.to_string(),
        Atom::Class(class) => class.clone(),
        Atom::Star => "*".into(),
        Atom::DoubleStar => match next {
            None => "**/*".into(),
            Some(Piece {
                atom: Atom::Literal('/'),
                ..
            }) => "**".into(),
            Some(_) => {
                widened.push("`**` inside a name became `*`, which does not match `/`");
                "*".into()
            }
        },
    }
}

// GitHub's naming rules, used by validation and the import alike.

/// GitHub secret and variable names, and the variables Kamal reads: GitHub documents no limit,
/// so this is a sanity bound that no real name comes near.
pub(crate) const MAX_NAME: usize = 255;

/// GitHub's rules for secret and variable names.
pub(crate) fn check_secret_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("enter the name of a GitHub secret".into());
    }
    if name.len() > MAX_NAME {
        return Err(format!("use at most {MAX_NAME} characters"));
    }
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(
            "GitHub secret names use only letters, digits and '_': remove the others".into(),
        );
    }
    if name.as_bytes()[0].is_ascii_digit() {
        return Err(
            "GitHub secret names cannot start with a digit: start with a letter or '_'".into(),
        );
    }
    if name.to_ascii_uppercase().starts_with("GITHUB_") {
        return Err("GitHub reserves names starting with GITHUB_: choose another name".into());
    }
    Ok(())
}

/// The runner's default variables (GitHub's "Default environment variables"): a step's `env:`
/// cannot override them. Other `GITHUB_` names (`GITHUB_PACKAGES_TOKEN`) can be set.
pub(crate) const RUNNER_VARIABLES: &[&str] = &[
    "GITHUB_ACTION",
    "GITHUB_ACTION_PATH",
    "GITHUB_ACTION_REPOSITORY",
    "GITHUB_ACTIONS",
    "GITHUB_ACTOR",
    "GITHUB_ACTOR_ID",
    "GITHUB_API_URL",
    "GITHUB_BASE_REF",
    "GITHUB_ENV",
    "GITHUB_EVENT_NAME",
    "GITHUB_EVENT_PATH",
    "GITHUB_GRAPHQL_URL",
    "GITHUB_HEAD_REF",
    "GITHUB_JOB",
    "GITHUB_OUTPUT",
    "GITHUB_PATH",
    "GITHUB_REF",
    "GITHUB_REF_NAME",
    "GITHUB_REF_PROTECTED",
    "GITHUB_REF_TYPE",
    "GITHUB_REPOSITORY",
    "GITHUB_REPOSITORY_ID",
    "GITHUB_REPOSITORY_OWNER",
    "GITHUB_REPOSITORY_OWNER_ID",
    "GITHUB_RETENTION_DAYS",
    "GITHUB_RUN_ATTEMPT",
    "GITHUB_RUN_ID",
    "GITHUB_RUN_NUMBER",
    "GITHUB_SERVER_URL",
    "GITHUB_SHA",
    "GITHUB_STEP_SUMMARY",
    "GITHUB_TRIGGERING_ACTOR",
    "GITHUB_WORKFLOW",
    "GITHUB_WORKFLOW_REF",
    "GITHUB_WORKFLOW_SHA",
    "GITHUB_WORKSPACE",
];

pub(crate) fn check_repository(repo: &str) -> Result<(), String> {
    if repo.is_empty() {
        return Ok(());
    }
    let parts: Vec<&str> = repo.split('/').collect();
    // GitHub: owners have at most 39 characters, repository names at most 100.
    let part_ok = |p: &str, max: usize| {
        !p.is_empty()
            && p.len() <= max
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
    };
    if parts.len() == 2 && part_ok(parts[0], 39) && part_ok(parts[1], 100) {
        Ok(())
    } else {
        Err("write it as owner/repo".into())
    }
}

/// An owner or repository id: digits, given together with the other id and the repository.
pub(crate) fn check_github_id(id: &str, other: &str, repository: &str) -> Result<(), String> {
    if id.is_empty() {
        return if other.is_empty() {
            Ok(())
        } else {
            Err("enter both ids (gh api repos/OWNER/REPO --jq '.owner.id, .id')".into())
        };
    }
    if !(id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit()) && !id.starts_with('0')) {
        return Err("a GitHub id is a number, e.g. 9919".into());
    }
    if repository.is_empty() {
        return Err("fill in the repository (owner/repo) the ids belong to".into());
    }
    Ok(())
}

/// Five-field POSIX cron as GitHub's `schedule` accepts it (UTC).
/// A valid schedule read back in words, for the common shapes (every day, some weekdays, a day
/// of the month, every N minutes or hours); `None` for the others, which the page then shows
/// as they are. GitHub runs schedules in UTC.
pub fn describe_cron(expr: &str) -> Option<String> {
    check_cron(expr).ok()?;
    let parts: Vec<&str> = expr.split_whitespace().collect();
    let [minute, hour, day, month, weekday] = parts[..] else {
        return None;
    };
    let number = |s: &str| s.parse::<u32>().ok();
    if month != "*" {
        return None;
    }
    if let (Some(m), Some(h)) = (number(minute), number(hour)) {
        let at = format!("at {h:02}:{m:02} UTC");
        return match (day, weekday) {
            ("*", "*") => Some(format!("Every day {at}")),
            ("*", days) => Some(format!("Every {} {at}", weekdays(days)?)),
            (d, "*") => Some(format!("On day {} of every month {at}", number(d)?)),
            _ => None,
        };
    }
    if day != "*" || weekday != "*" {
        return None;
    }
    let every = |field: &str| field.strip_prefix("*/").and_then(number);
    match (every(minute), hour, every(hour), number(minute)) {
        (Some(n), "*", _, _) => Some(format!("Every {n} minutes")),
        (None, "*", _, Some(m)) => Some(format!("Every hour at minute {m}")),
        (None, _, Some(n), Some(m)) => Some(format!("Every {n} hours at minute {m}")),
        _ => None,
    }
}

/// `MON-FRI`, `1,3,5` or `SAT` as words.
fn weekdays(days: &str) -> Option<String> {
    const NAMES: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    const WORDS: [&str; 7] = [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ];
    let day = |s: &str| {
        s.parse::<usize>()
            .ok()
            .filter(|n| *n < 7)
            .or_else(|| NAMES.iter().position(|n| n.eq_ignore_ascii_case(s)))
    };
    let mut words = Vec::new();
    for item in days.split(',') {
        match item.split_once('-') {
            Some((from, to)) => words.push(format!("{} to {}", WORDS[day(from)?], WORDS[day(to)?])),
            None => words.push(WORDS[day(item)?].to_string()),
        }
    }
    Some(words.join(", "))
}

pub(crate) fn check_cron(expr: &str) -> Result<(), String> {
    const FIELDS: [(&str, u32, u32, &[&str]); 5] = [
        ("minute", 0, 59, &[]),
        ("hour", 0, 23, &[]),
        ("day of month", 1, 31, &[]),
        (
            "month",
            1,
            12,
            &[
                "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
            ],
        ),
        (
            "day of week",
            0,
            6,
            &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
        ),
    ];
    let parts: Vec<&str> = expr.split_whitespace().collect();
    if parts.len() != 5 {
        return Err(
            "use five fields: minute hour day-of-month month day-of-week, e.g. 0 3 * * *".into(),
        );
    }
    for (part, (name, min, max, names)) in parts.iter().zip(FIELDS) {
        for item in part.split(',') {
            check_cron_item(item, min, max, names)
                .map_err(|e| format!("{name} field \"{part}\": {e}"))?;
        }
    }
    Ok(())
}

pub(crate) fn check_cron_item(
    item: &str,
    min: u32,
    max: u32,
    names: &[&str],
) -> Result<(), String> {
    let (range, step) = match item.split_once('/') {
        Some((range, step)) => (range, Some(step)),
        None => (item, None),
    };
    if let Some(step) = step {
        match step.parse::<u32>() {
            Ok(n) if n >= 1 && n <= max.max(1) => {}
            _ => return Err(format!("step \"{step}\" must be a number from 1 to {max}")),
        }
    }
    if range == "*" {
        return Ok(());
    }
    let value = |v: &str| -> Result<u32, String> {
        let by_name = names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(v))
            .map(|p| p as u32 + min);
        let n = by_name
            .or_else(|| v.parse::<u32>().ok())
            .ok_or(format!("\"{v}\" is not a number"))?;
        if (min..=max).contains(&n) {
            Ok(n)
        } else {
            Err(format!("{n} is outside {min}-{max}"))
        }
    };
    match range.split_once('-') {
        Some((a, b)) => {
            if value(a)? > value(b)? {
                return Err(format!("range \"{range}\" runs backwards"));
            }
        }
        None => {
            value(range)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(pattern: &str) -> Vec<String> {
        policy_for(pattern, RefKind::Tag).patterns
    }

    #[test]
    fn github_filter_patterns_are_accepted() {
        for ok in [
            "main",
            "release/**",
            "hotfix/*",
            "v[0-9]+.*",
            "v[0-9]+.[0-9]+.[0-9]+",
            "!release/**-alpha",
            "feature\\+x",
            "v1.?",
            "[a-zA-Z]*",
        ] {
            assert_eq!(check_filter(ok, RefKind::Branch), Ok(()), "{ok}");
        }
    }

    #[test]
    fn what_github_or_git_rejects_is_refused_with_a_reason() {
        for (bad, why) in [
            ("", "enter"),
            ("+v", "repeats the character before it"),
            ("*?", "repeats the character before it"),
            ("v[0-9", "not closed"),
            ("v[]", "lists no character"),
            ("v[9-0]", "ranges"),
            ("v[_]", "letters and digits"),
            ("a b", "cannot contain ' '"),
            ("a..b", "'..'"),
            ("release/", "end with '/'"),
            ("!", "after '!'"),
            ("a\\b", "escapes one of"),
        ] {
            let err = check_filter(bad, RefKind::Branch).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
        let only_excluded = ["!main".to_string()];
        assert!(check_filter_list(&only_excluded, RefKind::Branch).is_err());
        let excluded_first = ["!a".to_string(), "b".to_string()];
        assert!(check_filter_list(&excluded_first, RefKind::Branch).is_err());
        let fine = ["release/**".to_string(), "!release/**-rc".to_string()];
        assert_eq!(check_filter_list(&fine, RefKind::Branch), Ok(()));
    }

    #[test]
    fn filter_lists_read_as_words() {
        let list = [
            "main".to_string(),
            "release/**".into(),
            "!release/**-wip".into(),
        ];
        assert_eq!(
            describe_filters(&list, "`"),
            "`main`, `release/**` (except `release/**-wip`)"
        );
        assert_eq!(describe_filters(&list[..1], ""), "main");
    }

    #[test]
    fn plain_names_and_stars_translate_exactly() {
        let p = policy_for("hotfix/*", RefKind::Branch);
        assert_eq!(p.patterns, ["hotfix/*"]);
        assert_eq!(p.note, None);
        assert_eq!(policy("release/**"), ["release/**/*"]);
        assert_eq!(policy("release/**/final"), ["release/**/final"]);
        assert_eq!(policy("v[0-9]*"), ["v[0-9]*"]);
    }

    #[test]
    fn repetition_widens_and_says_so() {
        // The issue's case: `+` is a literal in fnmatch, so copying the filter refused v1.2.3.
        let p = policy_for("v[0-9]+.[0-9]+.[0-9]+", RefKind::Tag);
        assert_eq!(p.patterns, ["v[0-9]*.[0-9]*.[0-9]*"]);
        assert!(p.note.unwrap().contains("`+`"));
        // `?` is zero or one of the character before: both spellings become policies.
        assert_eq!(policy("v1.0-rc?"), ["v1.0-rc", "v1.0-r"]);
        let p = policy_for("!v*-beta", RefKind::Tag);
        assert!(p.patterns.is_empty());
        assert!(p.note.unwrap().contains("cannot exclude"));
    }

    /// The policies admit every name the filter admits: checked on names built from each
    /// filter, with a small fnmatch (FNM_PATHNAME) and a small filter matcher.
    #[test]
    fn policies_admit_what_the_filters_admit() {
        let cases = [
            (
                "v[0-9]+.[0-9]+.[0-9]+",
                vec!["v1.2.3", "v10.20.30", "v1.22.333"],
            ),
            (
                "release/**",
                vec!["release/1", "release/2026/q1", "release/a/b/c"],
            ),
            ("v1.0-rc?", vec!["v1.0-rc", "v1.0-r"]),
            ("hotfix/*", vec!["hotfix/x", "hotfix/login-bug"]),
            ("feature\\+x", vec!["feature+x"]),
        ];
        for (filter, names) in cases {
            let policies = policy(filter);
            for name in names {
                assert!(
                    policies.iter().any(|p| fnmatch_pathname(p, name)),
                    "{filter}: {name} is refused by {policies:?}"
                );
            }
        }
        assert!(!fnmatch_pathname("hotfix/*", "hotfix/a/b"));
        assert!(!fnmatch_pathname("v[0-9]*.[0-9]*.[0-9]*", "w1.2.3"));
    }

    /// Ruby's `File.fnmatch(pattern, name, File::FNM_PATHNAME)` for the forms policies use:
    /// literals, `\x`, `*`, `?`, `[...]` and `**/`.
    fn fnmatch_pathname(pattern: &str, name: &str) -> bool {
        fn go(p: &[char], n: &[char]) -> bool {
            match p {
                [] => n.is_empty(),
                ['*', '*', '/', rest @ ..] => {
                    // zero or more whole directories
                    let mut i = 0;
                    loop {
                        if go(rest, &n[i..]) {
                            return true;
                        }
                        match n[i..].iter().position(|&c| c == '/') {
                            Some(slash) => i += slash + 1,
                            None => return false,
                        }
                    }
                }
                ['*', rest @ ..] => (0..=n.len())
                    .take_while(|&i| i == 0 || n[i - 1] != '/')
                    .any(|i| go(rest, &n[i..])),
                ['?', rest @ ..] => n.first().is_some_and(|&c| c != '/') && go(rest, &n[1..]),
                ['\\', c, rest @ ..] => n.first() == Some(c) && go(rest, &n[1..]),
                ['[', rest @ ..] => {
                    let end = rest.iter().position(|&c| c == ']').unwrap();
                    let set = &rest[..end];
                    let Some(&c) = n.first() else { return false };
                    let mut hit = false;
                    let mut i = 0;
                    while i < set.len() {
                        if i + 2 < set.len() && set[i + 1] == '-' {
                            hit |= set[i] <= c && c <= set[i + 2];
                            i += 3;
                        } else {
                            hit |= set[i] == c;
                            i += 1;
                        }
                    }
                    hit && go(&rest[end + 1..], &n[1..])
                }
                [c, rest @ ..] => n.first() == Some(c) && go(rest, &n[1..]),
            }
        }
        let p: Vec<char> = pattern.chars().collect();
        let n: Vec<char> = name.chars().collect();
        go(&p, &n)
    }
}

#[cfg(test)]
mod cron_words {
    use super::describe_cron;

    #[test]
    fn schedules_read_back_in_words() {
        for (cron, words) in [
            ("0 3 * * *", Some("Every day at 03:00 UTC")),
            (
                "30 2 * * MON-FRI",
                Some("Every Monday to Friday at 02:30 UTC"),
            ),
            ("15 4 * * 0", Some("Every Sunday at 04:15 UTC")),
            ("0 1 1 * *", Some("On day 1 of every month at 01:00 UTC")),
            ("*/15 * * * *", Some("Every 15 minutes")),
            ("5 */6 * * *", Some("Every 6 hours at minute 5")),
            ("0 3 * 1 *", None),
            ("not cron", None),
        ] {
            assert_eq!(describe_cron(cron).as_deref(), words, "{cron}");
        }
    }
}
