//! The Kamal CLI as far as CI needs it: which commands exist in each major version, which
//! prompt (and so need `-y` on a runner whose stdin is closed), and how a command typed by the
//! user becomes a safe argument vector.

use crate::config::KamalVersion;

/// A command the user allowed, checked against the Kamal CLI and ready to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KamalCommand {
    /// What the user typed, normalised to single spaces; the label teammates pick from.
    pub label: String,
    /// The arguments after `kamal`, with `-y` added where Kamal would prompt.
    pub args: Vec<String>,
}

/// How many positional arguments a subcommand takes after its name.
#[derive(Clone, Copy)]
enum Arity {
    None,
    /// Exactly one (a version, an accessory name).
    One(&'static str),
    /// A name, then a command to execute.
    NameAndCommand,
    /// A command to execute (one or more words).
    Command,
    /// Any number of words (`secrets fetch NAMES`).
    Any,
}

/// One command or subcommand: its words, its arity, and whether it prompts for confirmation.
struct Spec {
    words: &'static [&'static str],
    arity: Arity,
    prompts: bool,
}

const fn spec(words: &'static [&'static str], arity: Arity, prompts: bool) -> Spec {
    Spec {
        words,
        arity,
        prompts,
    }
}

/// Kamal 2.12's commands (see `lib/kamal/cli/*.rb`), minus `init` and `docs`, which only make
/// sense on a workstation.
const KAMAL_2: &[Spec] = &[
    spec(&["setup"], Arity::None, false),
    spec(&["deploy"], Arity::None, false),
    spec(&["redeploy"], Arity::None, false),
    spec(&["rollback"], Arity::One("VERSION"), false),
    spec(&["details"], Arity::None, false),
    spec(&["audit"], Arity::None, false),
    spec(&["config"], Arity::None, false),
    spec(&["version"], Arity::None, false),
    spec(&["remove"], Arity::None, true),
    spec(&["upgrade"], Arity::None, true),
    spec(&["app", "boot"], Arity::None, false),
    spec(&["app", "start"], Arity::None, false),
    spec(&["app", "stop"], Arity::None, false),
    spec(&["app", "details"], Arity::None, false),
    spec(&["app", "containers"], Arity::None, false),
    spec(&["app", "images"], Arity::None, false),
    spec(&["app", "version"], Arity::None, false),
    spec(&["app", "remove"], Arity::None, false),
    spec(&["app", "stale_containers"], Arity::None, false),
    spec(&["app", "maintenance"], Arity::None, false),
    spec(&["app", "live"], Arity::None, false),
    spec(&["app", "exec"], Arity::Command, false),
    spec(&["app", "logs"], Arity::None, false),
    spec(&["proxy", "boot"], Arity::None, false),
    spec(&["proxy", "reboot"], Arity::None, true),
    spec(&["proxy", "start"], Arity::None, false),
    spec(&["proxy", "stop"], Arity::None, false),
    spec(&["proxy", "restart"], Arity::None, false),
    spec(&["proxy", "details"], Arity::None, false),
    spec(&["proxy", "logs"], Arity::None, false),
    spec(&["proxy", "remove"], Arity::None, false),
    spec(&["accessory", "boot"], Arity::One("NAME"), false),
    spec(&["accessory", "reboot"], Arity::One("NAME"), false),
    spec(&["accessory", "start"], Arity::One("NAME"), false),
    spec(&["accessory", "stop"], Arity::One("NAME"), false),
    spec(&["accessory", "restart"], Arity::One("NAME"), false),
    spec(&["accessory", "details"], Arity::One("NAME"), false),
    spec(&["accessory", "logs"], Arity::One("NAME"), false),
    spec(&["accessory", "remove"], Arity::One("NAME"), true),
    spec(&["accessory", "upgrade"], Arity::One("NAME"), false),
    spec(&["accessory", "exec"], Arity::NameAndCommand, false),
    spec(&["build", "deliver"], Arity::None, false),
    spec(&["build", "push"], Arity::None, false),
    spec(&["build", "pull"], Arity::None, false),
    spec(&["build", "create"], Arity::None, false),
    spec(&["build", "remove"], Arity::None, false),
    spec(&["build", "details"], Arity::None, false),
    spec(&["build", "dev"], Arity::None, false),
    spec(&["lock", "status"], Arity::None, false),
    spec(&["lock", "acquire"], Arity::None, false),
    spec(&["lock", "release"], Arity::None, false),
    spec(&["prune", "all"], Arity::None, false),
    spec(&["prune", "images"], Arity::None, false),
    spec(&["prune", "containers"], Arity::None, false),
    spec(&["registry", "setup"], Arity::None, false),
    spec(&["registry", "login"], Arity::None, false),
    spec(&["registry", "logout"], Arity::None, false),
    spec(&["registry", "remove"], Arity::None, false),
    spec(&["secrets", "fetch"], Arity::Any, false),
    spec(&["secrets", "extract"], Arity::Any, false),
    spec(&["server", "exec"], Arity::Command, false),
    spec(&["server", "bootstrap"], Arity::None, false),
];

/// What Kamal 1 has beyond Kamal 2's table: Traefik, `envify` and `env`, `healthcheck`.
const KAMAL_1_ONLY: &[Spec] = &[
    spec(&["envify"], Arity::None, false),
    spec(&["env", "push"], Arity::None, false),
    spec(&["env", "delete"], Arity::None, false),
    spec(&["healthcheck", "perform"], Arity::None, false),
    spec(&["traefik", "boot"], Arity::None, false),
    spec(&["traefik", "reboot"], Arity::None, false),
    spec(&["traefik", "start"], Arity::None, false),
    spec(&["traefik", "stop"], Arity::None, false),
    spec(&["traefik", "restart"], Arity::None, false),
    spec(&["traefik", "details"], Arity::None, false),
    spec(&["traefik", "logs"], Arity::None, false),
    spec(&["traefik", "remove"], Arity::None, false),
];

/// Kamal 2 dropped these; Kamal 1 lacks `proxy`.
fn exists_in(spec: &Spec, version: KamalVersion) -> bool {
    match version {
        KamalVersion::V2 => true,
        KamalVersion::V1 => spec.words[0] != "proxy",
    }
}

fn table(version: KamalVersion) -> impl Iterator<Item = &'static Spec> {
    let extra: &[Spec] = match version {
        KamalVersion::V1 => KAMAL_1_ONLY,
        KamalVersion::V2 => &[],
    };
    KAMAL_2
        .iter()
        .filter(move |s| exists_in(s, version))
        .chain(extra.iter())
}

/// Example commands the page offers next to free entry.
pub fn presets(version: KamalVersion) -> &'static [&'static str] {
    match version {
        KamalVersion::V2 => &[
            "proxy reboot --rolling",
            "accessory reboot NAME",
            "lock release",
            "app details",
            "app logs --lines 200",
        ],
        KamalVersion::V1 => &[
            "traefik reboot --rolling",
            "accessory reboot NAME",
            "lock release",
            "app details",
        ],
    }
}

/// The same command for the other Kamal: Kamal 2's proxy replaced Kamal 1's Traefik, so
/// `traefik reboot --rolling` <-> `proxy reboot --rolling`. `None` when `text` already works
/// under `version` or has no counterpart.
pub fn translate(text: &str, version: KamalVersion) -> Option<String> {
    if parse(text, version).is_ok() {
        return None;
    }
    let rest = match version {
        KamalVersion::V1 => text.trim_start().strip_prefix("proxy ")?,
        KamalVersion::V2 => text.trim_start().strip_prefix("traefik ")?,
    };
    let head = match version {
        KamalVersion::V1 => "traefik",
        KamalVersion::V2 => "proxy",
    };
    let translated = format!("{head} {rest}");
    parse(&translated, version).is_ok().then_some(translated)
}

/// Checks `text` against the Kamal CLI of `version` and returns the command to run.
pub fn parse(text: &str, version: KamalVersion) -> Result<KamalCommand, String> {
    let words = split_words(text)?;
    let Some(first) = words.first() else {
        return Err("enter a Kamal command, e.g. proxy reboot --rolling".into());
    };
    if first == "kamal" || first.ends_with("/kamal") {
        return Err("leave out `kamal` itself: write what follows it".into());
    }
    let spec = find_spec(&words, version)?;
    let rest = &words[spec.words.len()..];
    check_options(rest)?;
    check_arity(spec, rest)?;
    if spec.words == ["lock", "acquire"] && !has_option(rest, &["-m", "--message"]) {
        return Err("lock acquire needs a message: lock acquire -m \"reason\"".into());
    }
    let mut args = words.clone();
    if spec.prompts && !has_option(rest, &["-y", "--confirmed"]) {
        args.push("-y".into());
    }
    Ok(KamalCommand {
        label: words.join(" "),
        args,
    })
}

fn find_spec(words: &[String], version: KamalVersion) -> Result<&'static Spec, String> {
    let matches =
        |s: &&Spec| s.words.len() <= words.len() && s.words.iter().zip(words).all(|(a, b)| a == b);
    if let Some(spec) = table(version).filter(matches).max_by_key(|s| s.words.len()) {
        return Ok(spec);
    }
    let first = words[0].as_str();
    let removed_in_2 = ["envify", "env", "traefik", "healthcheck"];
    if version == KamalVersion::V2 && removed_in_2.contains(&first) {
        let hint = if first == "traefik" {
            " (use `proxy ...`, e.g. proxy reboot --rolling)"
        } else {
            ""
        };
        return Err(format!("`{first}` does not exist in Kamal 2{hint}"));
    }
    if first == "secrets" && words.get(1).is_some_and(|w| w == "print") {
        return Err("secrets print would write secret values into the job log".into());
    }
    let subcommands: Vec<&str> = table(version)
        .filter(|s| s.words.len() == 2 && s.words[0] == first)
        .map(|s| s.words[1])
        .collect();
    if subcommands.is_empty() {
        Err(format!("`{first}` is not a Kamal command"))
    } else {
        Err(format!(
            "`kamal {first}` needs one of: {}",
            subcommands.join(", ")
        ))
    }
}

fn has_option(words: &[String], names: &[&str]) -> bool {
    words.iter().any(|w| {
        names
            .iter()
            .any(|n| w == n || w.starts_with(&format!("{n}=")))
    })
}

/// Options the workflow sets itself or that would hang a job.
fn check_options(words: &[String]) -> Result<(), String> {
    if has_option(words, &["-d", "--destination"]) {
        return Err("leave out -d: the workflow adds each environment's destination".into());
    }
    if has_option(words, &["-i", "--interactive"]) {
        return Err("interactive commands cannot run in CI (no terminal)".into());
    }
    if has_option(words, &["-f", "--follow"]) {
        return Err("--follow never ends; use --lines N instead".into());
    }
    Ok(())
}

fn check_arity(spec: &Spec, rest: &[String]) -> Result<(), String> {
    let positional: Vec<&String> = positional_args(rest);
    let name = spec.words.join(" ");
    match spec.arity {
        Arity::None if !positional.is_empty() => Err(format!(
            "`{name}` takes no argument (found `{}`)",
            positional[0]
        )),
        Arity::One(what) if positional.len() != 1 => {
            Err(format!("`{name}` takes one {what}, e.g. {name} {what}"))
        }
        Arity::NameAndCommand if positional.len() < 2 => Err(format!(
            "`{name}` takes a NAME and a command, e.g. {name} db \"pg_dump ...\""
        )),
        Arity::Command if positional.is_empty() => Err(format!(
            "`{name}` takes a command, e.g. {name} \"bin/rails about\""
        )),
        _ => Ok(()),
    }
}

/// Words that are not options. An option's value (`--lines 200`) is counted as an option when
/// the option is known to take one.
fn positional_args(words: &[String]) -> Vec<&String> {
    const TAKES_VALUE: &[&str] = &[
        "-m",
        "--message",
        "-n",
        "--lines",
        "-g",
        "--grep",
        "-h",
        "--hosts",
        "-r",
        "--roles",
        "-c",
        "--config-file",
        "--version",
        "-e",
        "--env",
        "--retain",
        "--since",
        "--from",
        "-a",
        "--adapter",
        "--account",
        "--lock-wait-timeout",
        "--lock-wait-interval",
    ];
    let mut out = Vec::new();
    let mut skip = false;
    for word in words {
        if skip {
            skip = false;
        } else if word.starts_with('-') {
            skip = TAKES_VALUE.contains(&word.as_str());
        } else {
            out.push(word);
        }
    }
    out
}

/// Splits like a shell would for plain words and single- or double-quoted arguments, and
/// rejects anything a shell would expand: commands become argv, never shell text.
pub fn split_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_control() => {
                return Err("use a single line without control characters".into())
            }
            ' ' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' | '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some(q) if q == c => break,
                        Some('\\') if c == '"' => {
                            return Err("backslashes are not supported".into())
                        }
                        Some('$' | '`') if c == '"' => return Err(
                            "`$` and backticks would be expanded by the shell; use single quotes"
                                .into(),
                        ),
                        Some(other) => word.push(other),
                        None => return Err(format!("unclosed {c} quote")),
                    }
                }
            }
            c if "$`\\;&|<>(){}*?[]#~!".contains(c) => {
                return Err(format!(
                    "`{c}` has a meaning in the shell; quote the argument that contains it"
                ));
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// `word` as one shell word: bare when it cannot be misread, otherwise single-quoted.
pub fn shell_quote(word: &str) -> String {
    let bare = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,+@%".contains(c));
    if bare {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str, version: KamalVersion) -> Vec<String> {
        parse(text, version).unwrap().args
    }

    #[test]
    fn prompting_commands_get_yes() {
        assert_eq!(
            args("proxy reboot --rolling", KamalVersion::V2),
            ["proxy", "reboot", "--rolling", "-y"]
        );
        assert_eq!(
            args("accessory remove db", KamalVersion::V2),
            ["accessory", "remove", "db", "-y"]
        );
        assert_eq!(args("remove -y", KamalVersion::V2), ["remove", "-y"]);
        assert_eq!(args("lock release", KamalVersion::V2), ["lock", "release"]);
    }

    #[test]
    fn kamal_1_commands_are_refused_by_kamal_2() {
        let err = parse("traefik reboot --rolling", KamalVersion::V2).unwrap_err();
        assert!(
            err.contains("does not exist in Kamal 2") && err.contains("proxy"),
            "{err}"
        );
        assert!(parse("envify", KamalVersion::V2).is_err());
        assert_eq!(
            args("traefik reboot --rolling", KamalVersion::V1),
            ["traefik", "reboot", "--rolling"]
        );
        assert!(parse("proxy reboot", KamalVersion::V1).is_err());
    }

    #[test]
    fn arguments_are_checked() {
        assert!(parse("accessory reboot", KamalVersion::V2).is_err());
        assert!(parse("app details extra", KamalVersion::V2).is_err());
        assert!(parse("lock acquire", KamalVersion::V2).is_err());
        assert!(parse("deploy -d production", KamalVersion::V2).is_err());
        assert!(parse("app logs -f", KamalVersion::V2).is_err());
        assert!(parse("secrets print", KamalVersion::V2).is_err());
        assert!(parse("proxy", KamalVersion::V2)
            .unwrap_err()
            .contains("reboot"));
        assert_eq!(
            args(
                "app exec --reuse 'bin/rails db:migrate:status'",
                KamalVersion::V2
            ),
            ["app", "exec", "--reuse", "bin/rails db:migrate:status"]
        );
        assert_eq!(
            args("app logs --lines 200", KamalVersion::V2),
            ["app", "logs", "--lines", "200"]
        );
    }

    #[test]
    fn shell_syntax_is_refused_outside_quotes() {
        for bad in [
            "app exec $(id)",
            "details; rm -rf /",
            "app exec \"$HOME\"",
            "details `id`",
            "app exec 'x",
        ] {
            assert!(parse(bad, KamalVersion::V2).is_err(), "{bad}");
        }
    }

    #[test]
    fn quoting_round_trips_through_bash_words() {
        assert_eq!(shell_quote("db"), "db");
        assert_eq!(shell_quote("pg_dump -Fc app"), "'pg_dump -Fc app'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }
}
