//! The Kamal CLI as far as CI needs it: which commands exist in each major version, which
//! prompt (and so need `-y` on a runner whose stdin is closed), and how a command typed by the
//! user becomes a safe argument vector.

use serde::Serialize;

use crate::github::{MAX_NAME, RUNNER_VARIABLES};

/// Which Kamal the repository uses: 2 (the default) or 1, to reproduce the seed's commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(test, derive(serde::Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum KamalVersion {
    #[serde(rename = "1")]
    V1,
    #[default]
    #[serde(rename = "2")]
    V2,
}

impl KamalVersion {
    /// The major version, as it leads a release number.
    pub fn major(self) -> &'static str {
        match self {
            Self::V1 => "1",
            Self::V2 => "2",
        }
    }

    /// The newest release of this major version (basecamp/kamal's tags, 2026-12-02): what the
    /// page fills in when Kamal is installed at a named version.
    pub fn newest(self) -> &'static str {
        match self {
            Self::V1 => "1.9.3",
            Self::V2 => "2.12.0",
        }
    }
}

/// A command the user allowed, checked against the Kamal CLI and ready to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KamalCommand {
    /// The label teammates pick from: exactly the command that runs, each argument quoted as
    /// the shell would need it (`lock acquire -m 'maintenance window'`), `-y` included.
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
    /// A name, then a command to execute (one or more words).
    NameAndCommand,
    /// A name, then a command as one argument (Kamal 1's `exec(name, cmd)`).
    NameAndOneCommand,
    /// A command to execute (one or more words).
    Command,
    /// Any number of words (`secrets fetch NAMES`).
    Any,
}

/// One command or subcommand: its words, its arity, the Kamal versions that have it, and
/// whether it asks for confirmation (and so needs `-y` on a runner whose stdin is closed).
struct Spec {
    words: &'static [&'static str],
    arity: Arity,
    versions: Versions,
    prompts: bool,
}

/// Which of the two supported Kamal releases has a command.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Versions {
    Both,
    /// Kamal 1.9 only (Traefik, envify, downgrade).
    Only1,
    /// Kamal 2.12 only (kamal-proxy, secrets, maintenance mode).
    Only2,
}

impl Versions {
    fn has(self, version: KamalVersion) -> bool {
        match self {
            Self::Both => true,
            Self::Only1 => version == KamalVersion::V1,
            Self::Only2 => version == KamalVersion::V2,
        }
    }
}

const fn spec(
    words: &'static [&'static str],
    arity: Arity,
    versions: Versions,
    prompts: bool,
) -> Spec {
    Spec {
        words,
        arity,
        versions,
        prompts,
    }
}

use Arity::{Any, Command, NameAndCommand, NameAndOneCommand, None as NoArgs, One};
use Versions::{Both, Only1, Only2};

/// Every public command of Kamal 1.9.3 and 2.12.0, read command by command off their
/// `lib/kamal/cli/*.rb` (`desc`, the method's arguments, `confirming` for prompts), minus
/// `init` and `docs`, which only make sense on a workstation, and the hidden helpers (`app
/// remove_container`, `accessory upload`, ...) except `proxy upgrade`, which users run.
/// Differences in arity: Kamal 1's `exec` takes the command as one argument (`exec(cmd)`),
/// Kamal 2's as many (`exec(*cmd)`).
const COMMANDS: &[Spec] = &[
    spec(&["setup"], NoArgs, Both, false),
    spec(&["deploy"], NoArgs, Both, false),
    spec(&["redeploy"], NoArgs, Both, false),
    spec(&["rollback"], One("VERSION"), Both, false),
    spec(&["details"], NoArgs, Both, false),
    spec(&["audit"], NoArgs, Both, false),
    spec(&["config"], NoArgs, Both, false),
    spec(&["version"], NoArgs, Both, false),
    spec(&["remove"], NoArgs, Both, true),
    spec(&["upgrade"], NoArgs, Only2, true),
    spec(&["downgrade"], NoArgs, Only1, true),
    spec(&["envify"], NoArgs, Only1, false),
    spec(&["env", "push"], NoArgs, Only1, false),
    spec(&["env", "delete"], NoArgs, Only1, false),
    spec(&["app", "boot"], NoArgs, Both, false),
    spec(&["app", "start"], NoArgs, Both, false),
    spec(&["app", "stop"], NoArgs, Both, false),
    spec(&["app", "details"], NoArgs, Both, false),
    spec(&["app", "containers"], NoArgs, Both, false),
    spec(&["app", "images"], NoArgs, Both, false),
    spec(&["app", "version"], NoArgs, Both, false),
    spec(&["app", "remove"], NoArgs, Both, false),
    spec(&["app", "stale_containers"], NoArgs, Both, false),
    spec(&["app", "maintenance"], NoArgs, Only2, false),
    spec(&["app", "live"], NoArgs, Only2, false),
    spec(&["app", "exec"], One("COMMAND"), Only1, false),
    spec(&["app", "exec"], Command, Only2, false),
    spec(&["app", "logs"], NoArgs, Both, false),
    spec(&["proxy", "boot"], NoArgs, Only2, false),
    spec(
        &["proxy", "boot_config"],
        One("set|get|reset"),
        Only2,
        false,
    ),
    spec(&["proxy", "reboot"], NoArgs, Only2, true),
    spec(&["proxy", "upgrade"], NoArgs, Only2, true),
    spec(&["proxy", "start"], NoArgs, Only2, false),
    spec(&["proxy", "stop"], NoArgs, Only2, false),
    spec(&["proxy", "restart"], NoArgs, Only2, false),
    spec(&["proxy", "details"], NoArgs, Only2, false),
    spec(&["proxy", "logs"], NoArgs, Only2, false),
    spec(&["proxy", "remove"], NoArgs, Only2, false),
    spec(&["traefik", "boot"], NoArgs, Only1, false),
    spec(&["traefik", "reboot"], NoArgs, Only1, true),
    spec(&["traefik", "start"], NoArgs, Only1, false),
    spec(&["traefik", "stop"], NoArgs, Only1, false),
    spec(&["traefik", "restart"], NoArgs, Only1, false),
    spec(&["traefik", "details"], NoArgs, Only1, false),
    spec(&["traefik", "logs"], NoArgs, Only1, false),
    spec(&["traefik", "remove"], NoArgs, Only1, false),
    spec(&["traefik", "downgrade"], NoArgs, Only1, true),
    spec(&["accessory", "boot"], One("NAME"), Both, false),
    spec(&["accessory", "reboot"], One("NAME"), Both, false),
    spec(&["accessory", "start"], One("NAME"), Both, false),
    spec(&["accessory", "stop"], One("NAME"), Both, false),
    spec(&["accessory", "restart"], One("NAME"), Both, false),
    spec(&["accessory", "details"], One("NAME"), Both, false),
    spec(&["accessory", "logs"], One("NAME"), Both, false),
    spec(&["accessory", "remove"], One("NAME"), Both, true),
    spec(&["accessory", "upgrade"], One("NAME"), Only2, true),
    spec(&["accessory", "downgrade"], One("NAME"), Only1, true),
    spec(&["accessory", "exec"], NameAndOneCommand, Only1, false),
    spec(&["accessory", "exec"], NameAndCommand, Only2, false),
    spec(&["build", "deliver"], NoArgs, Both, false),
    spec(&["build", "push"], NoArgs, Both, false),
    spec(&["build", "pull"], NoArgs, Both, false),
    spec(&["build", "create"], NoArgs, Both, false),
    spec(&["build", "remove"], NoArgs, Both, false),
    spec(&["build", "details"], NoArgs, Both, false),
    spec(&["build", "dev"], NoArgs, Only2, false),
    spec(&["lock", "status"], NoArgs, Both, false),
    spec(&["lock", "acquire"], NoArgs, Both, false),
    spec(&["lock", "release"], NoArgs, Both, false),
    spec(&["prune", "all"], NoArgs, Both, false),
    spec(&["prune", "images"], NoArgs, Both, false),
    spec(&["prune", "containers"], NoArgs, Both, false),
    spec(&["registry", "setup"], NoArgs, Only2, false),
    spec(&["registry", "login"], NoArgs, Both, false),
    spec(&["registry", "logout"], NoArgs, Both, false),
    spec(&["registry", "remove"], NoArgs, Only2, false),
    spec(&["secrets", "fetch"], Any, Only2, false),
    spec(&["secrets", "extract"], Any, Only2, false),
    spec(&["server", "exec"], One("COMMAND"), Only1, false),
    spec(&["server", "exec"], Command, Only2, false),
    spec(&["server", "bootstrap"], NoArgs, Both, false),
];

fn table(version: KamalVersion) -> impl Iterator<Item = &'static Spec> {
    COMMANDS.iter().filter(move |s| s.versions.has(version))
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
    let needs_yes = spec.prompts && !has_option(rest, &["-y", "--confirmed"]);
    let mut args = words;
    if needs_yes {
        args.push("-y".into());
    }
    let label = args
        .iter()
        .map(|a| shell_quote(a))
        .collect::<Vec<_>>()
        .join(" ");
    Ok(KamalCommand { label, args })
}

fn find_spec(words: &[String], version: KamalVersion) -> Result<&'static Spec, String> {
    let matches =
        |s: &&Spec| s.words.len() <= words.len() && s.words.iter().zip(words).all(|(a, b)| a == b);
    let first = words[0].as_str();
    if first == "secrets" {
        // fetch and extract print what they read, and print prints everything: a job log is
        // readable by anyone with read access to the repository.
        return Err(
            "kamal secrets commands print secret values into the job log: they cannot run here"
                .into(),
        );
    }
    if let Some(spec) = table(version).filter(matches).max_by_key(|s| s.words.len()) {
        return Ok(spec);
    }
    let other = match version {
        KamalVersion::V1 => KamalVersion::V2,
        KamalVersion::V2 => KamalVersion::V1,
    };
    if let Some(spec) = table(other).filter(matches).max_by_key(|s| s.words.len()) {
        let (n, hint) = match (version, first) {
            (KamalVersion::V2, "traefik") => (2, ": use `proxy ...`, e.g. proxy reboot --rolling"),
            (KamalVersion::V1, "proxy") => {
                (1, ": use `traefik ...`, e.g. traefik reboot --rolling")
            }
            (KamalVersion::V2, _) => (2, ": remove it, or choose Kamal 1 in Project"),
            (KamalVersion::V1, _) => (1, ": remove it, or choose Kamal 2 in Project"),
        };
        return Err(format!(
            "`{}` does not exist in Kamal {n}{hint}",
            spec.words.join(" ")
        ));
    }
    if version == KamalVersion::V2 && first == "healthcheck" {
        return Err("`healthcheck` does not exist in Kamal 2: remove it (kamal-proxy checks health on deploy)".into());
    }
    let subcommands: Vec<&str> = table(version)
        .filter(|s| s.words.len() == 2 && s.words[0] == first)
        .map(|s| s.words[1])
        .collect();
    if subcommands.is_empty() {
        Err(format!(
            "`{first}` is not a Kamal command: check the spelling (kamal help lists them)"
        ))
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
        return Err(
            "interactive commands cannot run in CI (no terminal): remove -i / --interactive".into(),
        );
    }
    if has_option(words, &["-f", "--follow"]) {
        return Err("`--follow` never ends: use --lines N instead".into());
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
        Arity::NameAndOneCommand if positional.len() != 2 => Err(format!(
            "`{name}` takes a NAME and the command in quotes, e.g. {name} db 'pg_dump ...'"
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
                            return Err(
                                "backslashes are not supported: quote the argument instead".into()
                            )
                        }
                        Some('$' | '`') if c == '"' => return Err(
                            "`$` and backticks would be expanded by the shell; use single quotes"
                                .into(),
                        ),
                        Some(other) => word.push(other),
                        None => {
                            return Err(format!("a {c} quote is not closed: add the closing {c}"))
                        }
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

// Kamal's naming rules, used by validation and the import alike.

/// Kamal's service name: it starts every container, image label and lock directory name
/// Kamal makes, and the default ECR repository; 63 is a DNS label's length.
pub(crate) const MAX_SERVICE: usize = 63;

/// Kamal's own rule for `service:`.
pub(crate) fn check_service(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("enter the service name from config/deploy.yml".into());
    }
    if name.len() > MAX_SERVICE {
        return Err(format!("use at most {MAX_SERVICE} characters"));
    }
    let ok = name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err("use lowercase letters, digits, '-' and '_' (Kamal allows uppercase too, but Docker image names and ECR repositories do not)".into())
    }
}

/// A Kamal destination (`-d NAME`, `config/deploy.NAME.yml`, `.kamal/secrets.NAME`), as the
/// page and the import both take it.
pub(crate) fn check_destination(name: &str) -> Result<(), String> {
    check_identifier(name, "a destination, e.g. staging")
}

/// Names that become file names, job ids and Kamal destinations.
pub(crate) fn check_identifier(name: &str, what: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err(format!("enter {what}"));
    }
    let ok = name.as_bytes()[0].is_ascii_lowercase()
        && name.len() <= 40
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err("use up to 40 lowercase letters, digits, '-' and '_', starting with a letter".into())
    }
}

/// A variable Kamal reads from the environment.
pub(crate) fn check_env_var(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("enter the variable's name, e.g. DATABASE_URL".into());
    }
    if name.len() > MAX_NAME {
        return Err(format!("use at most {MAX_NAME} characters"));
    }
    let ok = !name.as_bytes()[0].is_ascii_digit()
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    if !ok {
        return Err("use uppercase letters, digits and '_', not starting with a digit".into());
    }
    let reserved = [
        "KAMAL_REGISTRY_PASSWORD",
        "SSH_AUTH_SOCK",
        "PATH",
        "HOME",
        "CI",
    ];
    let runner_sets = RUNNER_VARIABLES.contains(&name) || name.starts_with("RUNNER_");
    if reserved.contains(&name) || runner_sets {
        return Err(format!(
            "{name} is set by the workflow or the runner itself: choose another name"
        ));
    }
    Ok(())
}

/// A host name or IP address as `ssh-keyscan` takes it (no user, no port).
pub(crate) fn check_host(host: &str) -> Result<(), String> {
    let ok = !host.is_empty()
        && host.len() <= 253
        && !host.starts_with('-')
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:_".contains(&b));
    if ok {
        Ok(())
    } else {
        Err("a host name or IP address, e.g. 192.0.2.10 or web1.example.com".into())
    }
}

/// Kamal's `builder.remote` when the runner reaches it over SSH: `ssh://[user@]host[:port]`.
/// Returns the host and port `ssh-keyscan` needs.
pub(crate) fn check_remote_builder(uri: &str) -> Result<(), String> {
    remote_builder_host(uri).map(drop)
}

/// `ssh://user@host:2222` -> (`host`, `Some(2222)`).
pub(crate) fn remote_builder_host(uri: &str) -> Result<(&str, Option<u16>), String> {
    let hint = "write it as in deploy.yml, e.g. ssh://docker@builder.example.com";
    if uri.len() > 300 {
        return Err(hint.into());
    }
    let rest = uri.strip_prefix("ssh://").ok_or(hint)?;
    let (user, host_port) = match rest.rsplit_once('@') {
        Some((user, host_port)) => (Some(user), host_port),
        None => (None, rest),
    };
    let user_ok = |u: &str| {
        !u.is_empty()
            && u.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    };
    if !user.is_none_or(user_ok) {
        return Err(hint.into());
    }
    let (host, port) = match host_port.split_once(':') {
        Some((host, port)) => {
            let port = port.parse::<u16>().ok().filter(|p| *p > 0).ok_or(hint)?;
            (host, Some(port))
        }
        None => (host_port, None),
    };
    check_host(host).map_err(|_| hint.to_string())?;
    Ok((host, port))
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
    fn kamal_1_9_and_2_12_tables_follow_their_sources() {
        let v1 = KamalVersion::V1;
        let v2 = KamalVersion::V2;
        // Kamal 1.9.3 has no `upgrade` and no `healthcheck` command (its healthcheck is a
        // library, lib/kamal/cli/healthcheck/); Kamal 2.12 hides `proxy upgrade` but has it.
        assert!(parse("upgrade", v1).is_err());
        assert!(parse("healthcheck perform", v1).is_err());
        assert!(parse("healthcheck perform", v2).is_err());
        assert_eq!(args("proxy upgrade", v2), ["proxy", "upgrade", "-y"]);
        assert_eq!(args("downgrade", v1), ["downgrade", "-y"]);
        assert!(parse("downgrade", v2).is_err());
        // Kamal 1.9's traefik reboot asks "Are you sure?" like Kamal 2's proxy reboot.
        assert_eq!(
            args("traefik reboot --rolling", v1),
            ["traefik", "reboot", "--rolling", "-y"]
        );
        assert_eq!(
            args("accessory upgrade db", v2),
            ["accessory", "upgrade", "db", "-y"]
        );
        for only_2 in ["app maintenance", "app live", "build dev", "registry setup"] {
            assert!(parse(only_2, v2).is_ok(), "{only_2}");
            let err = parse(only_2, v1).unwrap_err();
            assert!(err.contains("does not exist in Kamal 1"), "{only_2}: {err}");
        }
        // Kamal 1's exec takes the command as one argument.
        assert!(parse("app exec bin/rails about", v1).is_err());
        assert!(parse("app exec 'bin/rails about'", v1).is_ok());
        assert!(parse("accessory exec db pg_dump app", v1).is_err());
        assert!(parse("app exec bin/rails about", v2).is_ok());
    }

    #[test]
    fn translation_between_versions_keeps_the_confirmation() {
        let v1 = translate("proxy reboot --rolling", KamalVersion::V1).unwrap();
        assert_eq!(v1, "traefik reboot --rolling");
        assert_eq!(
            args(&v1, KamalVersion::V1),
            ["traefik", "reboot", "--rolling", "-y"]
        );
        assert_eq!(
            translate("traefik reboot -y", KamalVersion::V2).as_deref(),
            Some("proxy reboot -y")
        );
    }

    #[test]
    fn labels_are_the_command_that_runs() {
        let c = parse("lock acquire -m 'maintenance window'", KamalVersion::V2).unwrap();
        assert_eq!(c.label, "lock acquire -m 'maintenance window'");
        assert_eq!(c.args, ["lock", "acquire", "-m", "maintenance window"]);
        let c = parse("proxy reboot  --rolling", KamalVersion::V2).unwrap();
        assert_eq!(c.label, "proxy reboot --rolling -y");
    }

    #[test]
    fn kamal_1_commands_are_refused_by_kamal_2() {
        let err = parse("traefik reboot --rolling", KamalVersion::V2).unwrap_err();
        assert!(
            err.contains("does not exist in Kamal 2") && err.contains("proxy"),
            "{err}"
        );
        assert!(parse("envify", KamalVersion::V2).is_err());
        assert!(parse("proxy reboot", KamalVersion::V1).is_err());
    }

    #[test]
    fn arguments_are_checked() {
        assert!(parse("accessory reboot", KamalVersion::V2).is_err());
        assert!(parse("app details extra", KamalVersion::V2).is_err());
        assert!(parse("lock acquire", KamalVersion::V2).is_err());
        assert!(parse("deploy -d production", KamalVersion::V2).is_err());
        assert!(parse("app logs -f", KamalVersion::V2).is_err());
        for leak in [
            "secrets print",
            "secrets fetch -a doppler X",
            "secrets extract X Y",
        ] {
            assert!(parse(leak, KamalVersion::V2).is_err(), "{leak}");
        }
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
