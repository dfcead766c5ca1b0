//! Reading a configuration document, already migrated to this build's format, into the model,
//! naming the path of whatever it refuses: `environments[0].trigger: missing field `on``.
//!
//! Written out rather than derived. serde's derived `Deserialize`, run through
//! serde_path_to_error for the paths, was 42 KB of the page's gzipped wasm (its visitors,
//! instantiated once for the path-tracking wrappers and again for the buffered content of each
//! internally tagged enum); this reads the same documents from the parsed `serde_json::Value`
//! in a few KB. The unit tests compare it with the derived reader on thousands of broken
//! documents, so the two cannot drift apart unnoticed.
//!
//! The rules are the model's serde attributes: every object refuses fields it does not know,
//! absent optional fields take their defaults, `null` is only an absent `Option`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::edit::Kind;
use super::{
    Backup, BackupStore, Build, Checks, ConcurrencyPolicy, Config, Dump, Encryption, Environment,
    KamalInstall, KamalVersion, KnownHosts, Layout, Project, Registry, SecretVar, Secrets, Trigger,
    Vault, VaultAccess, VaultItem,
};

/// Reads a configuration from its migrated document.
pub fn config(value: &Value) -> Result<Config, String> {
    Config::read(value, At::Root)
}

/// Where a value sits in the document: a chain of steps back to the root, rendered only
/// when something there is refused.
#[derive(Clone, Copy)]
enum At<'a> {
    Root,
    Field(&'a At<'a>, &'a str),
    Item(&'a At<'a>, usize),
}

impl At<'_> {
    fn render(&self, out: &mut String) {
        match *self {
            At::Root => {}
            At::Field(parent, name) => {
                parent.render(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            At::Item(parent, index) => {
                parent.render(out);
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }

    /// The refusal `message` of the value here, after its path (the message alone at the root).
    fn refuse(&self, message: &str) -> String {
        let mut out = String::new();
        self.render(&mut out);
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(message);
        out
    }

    /// The value here is of the wrong kind.
    fn wrong_kind(&self, value: &Value, expected: &str) -> String {
        self.refuse(&format!(
            "invalid type: {}, expected {expected}",
            described(value)
        ))
    }
}

/// A value as messages name it: `string "x"`, `integer `5``.
fn described(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => format!("integer `{u}`"),
            (_, Some(i)) => format!("integer `{i}`"),
            _ => "floating point number".into(),
        },
        Value::String(s) => format!("string \"{s}\""),
        Value::Array(_) => "sequence".into(),
        Value::Object(_) => "map".into(),
    }
}

/// `a`, `a` or `b`, one of `a`, `b`, `c`: the names a refused name could have been.
fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => "there are no fields".into(),
        [one] => one.clone(),
        [a, b] => format!("{a} or {b}"),
        all => format!("one of {}", all.join(", ")),
    }
}

trait Read: Sized {
    fn read(value: &Value, at: At) -> Result<Self, String>;
}

impl Read for String {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        match value {
            Value::String(s) => Ok(s.clone()),
            _ => Err(at.wrong_kind(value, "a string")),
        }
    }
}

impl Read for bool {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        value
            .as_bool()
            .ok_or_else(|| at.wrong_kind(value, "a boolean"))
    }
}

impl Read for u32 {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        match value {
            Value::Number(n) if n.is_u64() || n.is_i64() => n
                .as_u64()
                .and_then(|u| u32::try_from(u).ok())
                .ok_or_else(|| {
                    at.refuse(&format!(
                        "invalid value: {}, expected u32",
                        described(value)
                    ))
                }),
            _ => Err(at.wrong_kind(value, "u32")),
        }
    }
}

impl<T: Read> Read for Vec<T> {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        let Value::Array(items) = value else {
            return Err(at.wrong_kind(value, "a sequence"));
        };
        items
            .iter()
            .enumerate()
            .map(|(index, item)| T::read(item, At::Item(&at, index)))
            .collect()
    }
}

/// `null` is an absent value; anything else must be a `T`.
impl<T: Read> Read for Option<T> {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            _ => T::read(value, at).map(Some),
        }
    }
}

/// A map's keys: any string, or one of an enum's names.
trait Key: Sized + Ord {
    fn key(name: &str, at: At) -> Result<Self, String>;
}

impl Key for String {
    fn key(name: &str, _: At) -> Result<Self, String> {
        Ok(name.into())
    }
}

impl Key for Vault {
    fn key(name: &str, at: At) -> Result<Self, String> {
        let keys = Vault::ALL.map(Vault::key);
        Vault::ALL
            .into_iter()
            .find(|vault| vault.key() == name)
            .ok_or_else(|| at.refuse(&unknown_variant(name, &keys)))
    }
}

impl<K: Key, V: Read> Read for BTreeMap<K, V> {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        let Value::Object(entries) = value else {
            return Err(at.wrong_kind(value, "a map"));
        };
        // Inserted one by one: collecting would sort the entries, which come sorted, with a
        // sort compiled for each map type.
        let mut map = BTreeMap::new();
        for (name, value) in entries {
            let here = At::Field(&at, name);
            map.insert(K::key(name, here)?, V::read(value, here)?);
        }
        Ok(map)
    }
}

fn unknown_variant(name: &str, names: &[&str]) -> String {
    format!("unknown variant `{name}`, expected {}", one_of(names))
}

/// One of the names in `all` (each value's [`Kind`] name is its name in the document).
fn by_name<T: Kind + Copy>(value: &Value, at: At, all: &[T]) -> Result<T, String> {
    let names: Vec<&str> = all.iter().map(Kind::name).collect();
    let Value::String(name) = value else {
        return Err(at.wrong_kind(value, &one_of(&names)));
    };
    all.iter()
        .find(|choice| choice.name() == name)
        .copied()
        .ok_or_else(|| at.refuse(&unknown_variant(name, &names)))
}

/// The fields of an object that refuses any it does not know.
struct Fields<'a> {
    map: &'a Map<String, Value>,
    at: At<'a>,
}

impl<'a> Fields<'a> {
    /// The object `value`, whose fields may only be `known`.
    fn of(value: &'a Value, at: At<'a>, known: &[&str]) -> Result<Self, String> {
        Self::beside_tag(value, at, known, None)
    }

    /// The object `value` of an internally tagged enum's variant: its fields may only be
    /// `known` and `tag`, which names the variant and is read by the caller.
    fn beside_tag(
        value: &'a Value,
        at: At<'a>,
        known: &[&str],
        tag: Option<&str>,
    ) -> Result<Self, String> {
        let Value::Object(map) = value else {
            return Err(at.wrong_kind(value, "a map"));
        };
        if let Some(unknown) = map
            .keys()
            .find(|name| Some(name.as_str()) != tag && !known.contains(&name.as_str()))
        {
            return Err(at.refuse(&format!(
                "unknown field `{unknown}`, expected {}",
                one_of(known)
            )));
        }
        Ok(Self { map, at })
    }

    /// The field `name`, if present.
    fn get<T: Read>(&self, name: &'a str) -> Result<Option<T>, String> {
        self.map
            .get(name)
            .map(|value| T::read(value, At::Field(&self.at, name)))
            .transpose()
    }

    fn required<T: Read>(&self, name: &'a str) -> Result<T, String> {
        self.get(name)?
            .ok_or_else(|| self.at.refuse(&format!("missing field `{name}`")))
    }

    fn or_default<T: Read + Default>(&self, name: &'a str) -> Result<T, String> {
        Ok(self.get(name)?.unwrap_or_default())
    }

    fn or<T: Read>(&self, name: &'a str, default: impl FnOnce() -> T) -> Result<T, String> {
        Ok(self.get(name)?.unwrap_or_else(default))
    }
}

/// An externally tagged enum, `{"variant": content}`: the variant's name and its content.
fn external<'v>(
    value: &'v Value,
    at: At,
    names: &[&'static str],
) -> Result<(&'static str, &'v Value), String> {
    let expected = format!("a map with one key, {}", one_of(names));
    let Value::Object(map) = value else {
        return Err(at.wrong_kind(value, &expected));
    };
    let mut entries = map.iter();
    let (Some((name, content)), None) = (entries.next(), entries.next()) else {
        return Err(at.refuse(&format!(
            "invalid value: a map with {} keys, expected {expected}",
            map.len()
        )));
    };
    names
        .iter()
        .find(|known| *known == name)
        .map(|known| (*known, content))
        .ok_or_else(|| at.refuse(&unknown_variant(name, names)))
}

/// The variant named by the field `tag` of an internally tagged enum.
fn tagged(
    value: &Value,
    at: At,
    tag: &str,
    names: &[&'static str],
) -> Result<&'static str, String> {
    let Value::Object(map) = value else {
        return Err(at.wrong_kind(value, &format!("a map with the field `{tag}`")));
    };
    let here = At::Field(&at, tag);
    match map.get(tag) {
        None => Err(at.refuse(&format!("missing field `{tag}`"))),
        Some(Value::String(name)) => names
            .iter()
            .find(|known| *known == name)
            .copied()
            .ok_or_else(|| here.refuse(&unknown_variant(name, names))),
        Some(other) => Err(here.wrong_kind(other, &one_of(names))),
    }
}

impl Read for Config {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        let f = Fields::of(
            value,
            at,
            &[
                "version",
                "project",
                "environments",
                "secrets",
                "registry",
                "build",
                "commands",
                "checks",
                "backup",
                "dependabot",
            ],
        )?;
        Ok(Self {
            version: f.required("version")?,
            project: f.required("project")?,
            environments: f.required("environments")?,
            secrets: f.required("secrets")?,
            registry: f.required("registry")?,
            build: f.or_default("build")?,
            commands: f.or_default("commands")?,
            checks: f.or_default("checks")?,
            backup: f.or_default("backup")?,
            dependabot: f.or("dependabot", super::yes)?,
        })
    }
}

impl Read for Project {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        let f = Fields::of(
            value,
            at,
            &[
                "service",
                "repository",
                "owner_id",
                "repository_id",
                "kamal_version",
                "kamal_install",
                "kamal_gem_version",
                "ruby_version",
                "runner",
                "timeout_minutes",
                "layout",
                "numbered_workflows",
            ],
        )?;
        Ok(Self {
            service: f.required("service")?,
            repository: f.or_default("repository")?,
            owner_id: f.or_default("owner_id")?,
            repository_id: f.or_default("repository_id")?,
            kamal_version: f.or_default("kamal_version")?,
            kamal_install: f.or_default("kamal_install")?,
            kamal_gem_version: f.or_default("kamal_gem_version")?,
            ruby_version: f.or("ruby_version", super::default_ruby_version)?,
            runner: f.or("runner", super::default_runner)?,
            timeout_minutes: f.or("timeout_minutes", super::default_timeout)?,
            layout: f.or_default("layout")?,
            numbered_workflows: f.or_default("numbered_workflows")?,
        })
    }
}

impl Read for KamalVersion {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        by_name(value, at, &[KamalVersion::V1, KamalVersion::V2])
    }
}

impl Read for KamalInstall {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        use KamalInstall::*;
        by_name(
            value,
            at,
            &[GemfileLock, BundleBinstub, BundleExec, Version],
        )
    }
}

impl Read for Layout {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        by_name(value, at, &[Layout::Actions, Layout::Seed])
    }
}

impl Read for ConcurrencyPolicy {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        use ConcurrencyPolicy::*;
        by_name(value, at, &[Queue, CancelAndReleaseLock])
    }
}

impl Read for Environment {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        let f = Fields::of(
            value,
            at,
            &[
                "name",
                "destination",
                "github_environment",
                "url",
                "trigger",
                "checks_first",
                "concurrency",
                "secret_overrides",
                "aws_role_arn",
                "gcp_service_account",
                "hosts",
            ],
        )?;
        Ok(Self {
            name: f.required("name")?,
            destination: f.or_default("destination")?,
            github_environment: f.required("github_environment")?,
            url: f.or_default("url")?,
            trigger: f.required("trigger")?,
            checks_first: f.or("checks_first", super::yes)?,
            concurrency: f.or_default("concurrency")?,
            secret_overrides: f.or_default("secret_overrides")?,
            aws_role_arn: f.or_default("aws_role_arn")?,
            gcp_service_account: f.or_default("gcp_service_account")?,
            hosts: f.or_default("hosts")?,
        })
    }
}

impl Read for Trigger {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        const KINDS: &[&str] = &["release", "branches", "tags", "manual", "after", "promote"];
        let kind = tagged(value, at, "on", KINDS)?;
        let fields = |known: &[&str]| Fields::beside_tag(value, at, known, Some("on"));
        Ok(match kind {
            "release" => fields(&[]).map(|_| Trigger::Release)?,
            "manual" => fields(&[]).map(|_| Trigger::Manual)?,
            "branches" => Trigger::Branches {
                branches: fields(&["branches"])?.required("branches")?,
            },
            "tags" => Trigger::Tags {
                tags: fields(&["tags"])?.required("tags")?,
            },
            "after" => Trigger::After {
                from: fields(&["from"])?.required("from")?,
            },
            _ => Trigger::Promote {
                from: fields(&["from"])?.required("from")?,
            },
        })
    }
}

impl Read for Secrets {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        let f = Fields::of(
            value,
            at,
            &["ssh_private_key", "known_hosts", "env", "vaults"],
        )?;
        Ok(Self {
            ssh_private_key: f.required("ssh_private_key")?,
            known_hosts: f.or_default("known_hosts")?,
            env: f.or_default("env")?,
            vaults: f.or_default("vaults")?,
        })
    }
}

impl Read for KnownHosts {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        let (kind, content) = external(value, at, &["secret", "variable"])?;
        let name = String::read(content, At::Field(&at, kind))?;
        Ok(match kind {
            "secret" => KnownHosts::Secret(name),
            _ => KnownHosts::Variable(name),
        })
    }
}

impl Read for SecretVar {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        let f = Fields::of(value, at, &["name", "secret", "vault"])?;
        let var = SecretVar {
            name: f.required("name")?,
            secret: f.or_default("secret")?,
            vault: f.or_default("vault")?,
        };
        if var.vault.is_some() && !var.secret.is_empty() {
            return Err(at.refuse(&format!(
                "{} names both a secret and a vault item: keep one",
                var.name
            )));
        }
        Ok(var)
    }
}

impl Read for Vault {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        match value {
            Value::String(name) => <Vault as Key>::key(name, at),
            _ => Err(at.wrong_kind(value, &one_of(&Vault::ALL.map(Vault::key)))),
        }
    }
}

impl Read for VaultItem {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        let f = Fields::of(value, at, &["vault", "item", "field"])?;
        Ok(Self {
            vault: f.required("vault")?,
            item: f.or_default("item")?,
            field: f.or_default("field")?,
        })
    }
}

impl Read for VaultAccess {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        let f = Fields::of(value, at, &["token_secret", "account"])?;
        Ok(Self {
            token_secret: f.or_default("token_secret")?,
            account: f.or_default("account")?,
        })
    }
}

impl Read for Registry {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        const KINDS: &[&str] = &["ecr", "ghcr", "gar", "acr", "docker_hub", "other"];
        let kind = tagged(value, at, "type", KINDS)?;
        let fields = |known: &[&str]| Fields::beside_tag(value, at, known, Some("type"));
        Ok(match kind {
            "ecr" => {
                let f = fields(&["account_id", "region", "role_arn", "repository"])?;
                Registry::Ecr {
                    account_id: f.required("account_id")?,
                    region: f.required("region")?,
                    role_arn: f.required("role_arn")?,
                    repository: f.or_default("repository")?,
                }
            }
            "ghcr" => fields(&[]).map(|_| Registry::Ghcr)?,
            "gar" => {
                let f = fields(&[
                    "location",
                    "project",
                    "repository",
                    "workload_identity_provider",
                    "service_account",
                ])?;
                Registry::Gar {
                    location: f.required("location")?,
                    project: f.required("project")?,
                    repository: f.required("repository")?,
                    workload_identity_provider: f.required("workload_identity_provider")?,
                    service_account: f.required("service_account")?,
                }
            }
            "acr" => {
                let f = fields(&["name", "client_id", "tenant_id", "subscription_id"])?;
                Registry::Acr {
                    name: f.required("name")?,
                    client_id: f.required("client_id")?,
                    tenant_id: f.required("tenant_id")?,
                    subscription_id: f.required("subscription_id")?,
                }
            }
            "docker_hub" => {
                let f = fields(&["username", "password_secret"])?;
                Registry::DockerHub {
                    username: f.required("username")?,
                    password_secret: f.required("password_secret")?,
                }
            }
            _ => {
                let f = fields(&["server", "username", "password_secret"])?;
                Registry::Other {
                    server: f.required("server")?,
                    username: f.required("username")?,
                    password_secret: f.required("password_secret")?,
                }
            }
        })
    }
}

impl Read for Build {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        let f = Fields::of(value, at, &["setup_buildx", "gha_cache", "remote_builder"])?;
        Ok(Self {
            setup_buildx: f.or("setup_buildx", super::yes)?,
            gha_cache: f.or_default("gha_cache")?,
            remote_builder: f.or_default("remote_builder")?,
        })
    }
}

impl Read for Checks {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        let f = Fields::of(value, at, &["specs", "lint"])?;
        Ok(Self {
            specs: f.required("specs")?,
            lint: f.required("lint")?,
        })
    }
}

impl Read for Backup {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        let f = Fields::of(
            value,
            at,
            &["environment", "cron", "dump", "encryption", "store"],
        )?;
        Ok(Self {
            environment: f.required("environment")?,
            cron: f.required("cron")?,
            dump: f.required("dump")?,
            encryption: f.required("encryption")?,
            store: f.or_default("store")?,
        })
    }
}

/// The one field `name` of an externally tagged variant's content at `at`.
fn only_field<T: Read>(content: &Value, at: At, name: &str) -> Result<T, String> {
    Fields::of(content, at, &[name])?.required(name)
}

impl Read for Dump {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        let (kind, content) = external(value, at, &["postgres", "mysql", "sqlite", "command"])?;
        let here = At::Field(&at, kind);
        Ok(match kind {
            "postgres" => Dump::Postgres {
                accessory: only_field(content, here, "accessory")?,
            },
            "mysql" => Dump::Mysql {
                accessory: only_field(content, here, "accessory")?,
            },
            "sqlite" => Dump::Sqlite {
                path: only_field(content, here, "path")?,
            },
            _ => Dump::Command {
                command: only_field(content, here, "command")?,
            },
        })
    }
}

impl Read for Encryption {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        let (kind, content) = external(value, at, &["age", "gpg"])?;
        let here = At::Field(&at, kind);
        Ok(match kind {
            "age" => Encryption::Age {
                recipient: only_field(content, here, "recipient")?,
            },
            _ => Encryption::Gpg {
                public_key_variable: only_field(content, here, "public_key_variable")?,
            },
        })
    }
}

impl Read for BackupStore {
    fn read(value: &Value, at: At) -> Result<Self, String> {
        let (kind, content) = external(value, at, &["artifact", "s3"])?;
        let here = At::Field(&at, kind);
        if kind == "artifact" {
            return Ok(BackupStore::Artifact {
                retention_days: only_field(content, here, "retention_days")?,
            });
        }
        let f = Fields::of(content, here, &["bucket", "prefix", "region", "role_arn"])?;
        Ok(BackupStore::S3 {
            bucket: f.required("bucket")?,
            prefix: f.or_default("prefix")?,
            region: f.required("region")?,
            role_arn: f.required("role_arn")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    /// What serde's derived reader, which this one replaces, made of `value`, with the path
    /// serde_path_to_error gave it.
    fn derived(value: &Value) -> Result<Config, String> {
        serde_path_to_error::deserialize(value.clone()).map_err(|e| {
            let path = e.path().to_string();
            if path == "." {
                e.inner().to_string()
            } else {
                format!("{path}: {}", e.inner())
            }
        })
    }

    fn examples() -> Vec<Value> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
        let mut docs: Vec<Value> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .map(|path| serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap())
            .collect();
        docs.push(serde_json::from_str(&Config::default().to_json()).unwrap());
        docs
    }

    /// JSON pointers to every value in `value`, the root included.
    fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => map
                .iter()
                .for_each(|(k, v)| pointers(v, format!("{at}/{k}"), out)),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, v)| pointers(v, format!("{at}/{i}"), out)),
            _ => {}
        }
        out.push(at);
    }

    /// Values a hand-edited or damaged document might hold where another belongs.
    fn replacements() -> Vec<Value> {
        vec![
            json!(null),
            json!(true),
            json!(0),
            json!(7),
            json!(-1),
            json!(1.5),
            json!(4294967296u64),
            json!(""),
            json!("x"),
            json!([]),
            json!(["a", "b"]),
            json!([1]),
            json!({}),
            json!({"colour": 1}),
            json!({"secret": "S"}),
            json!({"secret": "S", "variable": "V"}),
            json!({"on": "release"}),
            json!({"on": "branches", "branches": ["main"]}),
            json!({"on": "after"}),
            json!({"type": "ghcr"}),
            json!({"type": "ecr", "account_id": "1", "region": "r", "role_arn": "a"}),
            json!({"vault": "doppler"}),
            json!({"vault": "vault"}),
            json!({"artifact": {"retention_days": 3}}),
            json!({"age": {}}),
        ]
    }

    /// Names of fields and variants, to rename a value or key into.
    const NAMES: &[&str] = &[
        "release",
        "branches",
        "tags",
        "manual",
        "after",
        "promote",
        "ecr",
        "ghcr",
        "gar",
        "acr",
        "docker_hub",
        "other",
        "1",
        "2",
        "seed",
        "actions",
        "queue",
        "bin/kamal",
        "version",
        "one_password",
        "doppler",
        "postgres",
        "command",
        "age",
        "gpg",
        "s3",
        "artifact",
        "on",
        "type",
        "from",
        "secret",
        "vault",
        "colour",
        "name",
        "prefix",
        "store",
    ];

    /// One edit of a document: the node (by index into its pointers), what is done, and the
    /// replacement or name (by index into their pools).
    fn mutate(doc: &mut Value, node: usize, edit: u8, pick: usize) {
        let mut all = Vec::new();
        pointers(doc, String::new(), &mut all);
        let at = &all[node % all.len()];
        let pool = replacements();
        let name = NAMES[pick % NAMES.len()];
        match edit % 4 {
            0 => *doc.pointer_mut(at).unwrap() = pool[pick % pool.len()].clone(),
            1 => {
                let (parent, key) = at.rsplit_once('/').unwrap_or(("", ""));
                match doc.pointer_mut(parent) {
                    Some(Value::Object(map)) => drop(map.remove(key)),
                    Some(Value::Array(items)) if !items.is_empty() => drop(items.remove(0)),
                    _ => {}
                }
            }
            2 => {
                if let Some(Value::Object(map)) = doc.pointer_mut(at) {
                    map.insert(name.into(), pool[pick % pool.len()].clone());
                }
            }
            _ => {
                if let Some(value @ Value::String(_)) = doc.pointer_mut(at) {
                    *value = Value::from(name);
                }
            }
        }
    }

    /// The documents serde's derived reader took that this one refuses, by design: fields
    /// beside the tag of a variant that has none (`{"on": "release", "branches": [...]}`,
    /// which serde dropped without a word), and a list where an object belongs (serde read
    /// a struct from its fields in order).
    fn refused_by_design(ours: &str) -> bool {
        ours.contains("expected there are no fields")
            || ours.contains("invalid type: sequence, expected a map")
    }

    /// Configurations that between them write every field of every type and every variant,
    /// none left at a default the writer skips.
    fn every_field() -> Vec<Config> {
        let triggers = [
            Trigger::Release,
            Trigger::Branches {
                branches: vec!["main".into()],
            },
            Trigger::Tags {
                tags: vec!["v*".into()],
            },
            Trigger::Manual,
            Trigger::After { from: "t0".into() },
            Trigger::Promote { from: "t0".into() },
        ];
        let registries = [
            Registry::Ecr {
                account_id: "1".into(),
                region: "r".into(),
                role_arn: "a".into(),
                repository: "repo".into(),
            },
            Registry::Ghcr,
            Registry::Gar {
                location: "l".into(),
                project: "p".into(),
                repository: "r".into(),
                workload_identity_provider: "w".into(),
                service_account: "s".into(),
            },
            Registry::Acr {
                name: "n".into(),
                client_id: "c".into(),
                tenant_id: "t".into(),
                subscription_id: "s".into(),
            },
            Registry::DockerHub {
                username: "u".into(),
                password_secret: "P".into(),
            },
            Registry::Other {
                server: "s".into(),
                username: "u".into(),
                password_secret: "P".into(),
            },
        ];
        let dumps = [
            Dump::Postgres {
                accessory: "db".into(),
            },
            Dump::Mysql {
                accessory: "db".into(),
            },
            Dump::Sqlite { path: "/p".into() },
            Dump::Command {
                command: "c".into(),
            },
        ];
        let encryptions = [
            Encryption::Age {
                recipient: "age1".into(),
            },
            Encryption::Gpg {
                public_key_variable: "K".into(),
            },
        ];
        let stores = [
            BackupStore::Artifact { retention_days: 7 },
            BackupStore::S3 {
                bucket: "b".into(),
                prefix: "p/".into(),
                region: "r".into(),
                role_arn: "a".into(),
            },
        ];
        let installs = [
            KamalInstall::GemfileLock,
            KamalInstall::BundleBinstub,
            KamalInstall::BundleExec,
            KamalInstall::Version,
        ];
        (0..registries.len())
            .map(|i| {
                let mut config = Config::default();
                let project = &mut config.project;
                project.repository = "o/r".into();
                project.owner_id = "1".into();
                project.repository_id = "2".into();
                project.kamal_version = [KamalVersion::V1, KamalVersion::V2][i % 2];
                project.kamal_install = installs[i % installs.len()];
                project.kamal_gem_version = "2.12.0".into();
                project.ruby_version = "3.3.6".into();
                project.runner = "r".into();
                project.timeout_minutes = 9;
                project.layout = [Layout::Seed, Layout::Actions][i % 2];
                project.numbered_workflows = true;
                config.environments = triggers
                    .iter()
                    .enumerate()
                    .map(|(n, trigger)| Environment {
                        url: "https://x".into(),
                        checks_first: false,
                        concurrency: ConcurrencyPolicy::CancelAndReleaseLock,
                        secret_overrides: [("A".into(), "B".into())].into(),
                        aws_role_arn: "a".into(),
                        gcp_service_account: "g".into(),
                        hosts: vec!["h".into()],
                        ..Environment::new(&format!("t{n}"), trigger.clone())
                    })
                    .collect();
                config.secrets.known_hosts = Some(
                    [
                        KnownHosts::Secret("K".into()),
                        KnownHosts::Variable("K".into()),
                    ][i % 2]
                        .clone(),
                );
                config.secrets.env.push(SecretVar {
                    name: "V".into(),
                    secret: String::new(),
                    vault: Some(VaultItem {
                        vault: Vault::ALL[i % Vault::ALL.len()],
                        item: "i".into(),
                        field: "f".into(),
                    }),
                });
                config.secrets.vaults = Vault::ALL
                    .map(|v| {
                        (
                            v,
                            VaultAccess {
                                token_secret: "T".into(),
                                account: "a".into(),
                            },
                        )
                    })
                    .into();
                config.registry = registries[i].clone();
                config.build = Build {
                    setup_buildx: false,
                    gha_cache: true,
                    remote_builder: "ssh://b".into(),
                };
                config.backup = Some(Backup {
                    environment: "t0".into(),
                    cron: "0 3 * * *".into(),
                    dump: dumps[i % dumps.len()].clone(),
                    encryption: encryptions[i % encryptions.len()].clone(),
                    store: stores[i % stores.len()].clone(),
                });
                config.dependabot = false;
                config
            })
            .collect()
    }

    /// Every field the writer writes, the reader knows (a name missing from a `Fields::of`
    /// list would refuse the configuration's own file) and reads back to the same value.
    #[test]
    fn reads_back_every_field_it_writes() {
        for written in every_field() {
            let value = written.to_value();
            assert_eq!(config(&value).as_ref(), Ok(&written), "{value}");
            assert_eq!(derived(&value).as_ref(), Ok(&written));
        }
    }

    #[test]
    fn reads_every_example_as_serde_did() {
        for doc in examples() {
            assert_eq!(config(&doc), derived(&doc));
        }
    }

    #[test]
    fn messages_name_the_path_and_the_fault() {
        let mut doc: Value = serde_json::from_str(&Config::default().to_json()).unwrap();
        doc["environments"][1]["trigger"]["brnches"] = json!(["x"]);
        assert_eq!(
            config(&doc).unwrap_err(),
            "environments[1].trigger: unknown field `brnches`, expected `branches`"
        );
        doc["environments"][1]["trigger"] = json!({"on": "sometimes"});
        assert_eq!(
            config(&doc).unwrap_err(),
            "environments[1].trigger.on: unknown variant `sometimes`, expected one of \
             `release`, `branches`, `tags`, `manual`, `after`, `promote`"
        );
        doc["environments"][1]["trigger"] = json!({"on": "release", "branches": ["x"]});
        assert_eq!(
            config(&doc).unwrap_err(),
            "environments[1].trigger: unknown field `branches`, expected there are no fields"
        );
        doc["environments"][1]["trigger"] = json!({"on": "branches"});
        assert_eq!(
            config(&doc).unwrap_err(),
            "environments[1].trigger: missing field `branches`"
        );
        doc["environments"][1]["trigger"] = json!("release");
        assert_eq!(
            config(&doc).unwrap_err(),
            "environments[1].trigger: invalid type: string \"release\", expected a map with the field `on`"
        );
        doc["environments"][1]["trigger"] = json!({"on": "release"});
        doc["project"]["timeout_minutes"] = json!(-5);
        assert_eq!(
            config(&doc).unwrap_err(),
            "project.timeout_minutes: invalid value: integer `-5`, expected u32"
        );
        doc["project"]["timeout_minutes"] = json!(30);
        doc["secrets"]["known_hosts"] = json!({"secret": "A", "variable": "B"});
        assert_eq!(
            config(&doc).unwrap_err(),
            "secrets.known_hosts: invalid value: a map with 2 keys, expected a map with one \
             key, `secret` or `variable`"
        );
        doc["secrets"]["known_hosts"] = json!(null);
        doc["secrets"]["vaults"] = json!({"vault": {}});
        assert_eq!(
            config(&doc).unwrap_err(),
            "secrets.vaults.vault: unknown variant `vault`, expected one of `one_password`, \
             `bitwarden_sm`, `aws_secrets_manager`, `gcp_secret_manager`, `doppler`"
        );
        doc["secrets"]["vaults"] = json!({});
        doc["secrets"]["env"][0]["vault"] = json!({"vault": "doppler"});
        assert_eq!(
            config(&doc).unwrap_err(),
            "secrets.env[0]: RAILS_MASTER_KEY names both a secret and a vault item: keep one"
        );
        doc["secrets"]["env"][0]["secret"] = json!("");
        let read = config(&doc).unwrap();
        assert_eq!(read.secrets.known_hosts, None);
        assert_eq!(
            read.secrets.env[0].vault.as_ref().unwrap().vault,
            Vault::Doppler
        );
        assert_eq!(
            config(&json!([])).unwrap_err(),
            "invalid type: sequence, expected a map"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Every example broken in one or two places reads as serde's derived reader read it:
        /// the same configuration, or a refusal (at the same path or a deeper one), except
        /// for the two refusals by design above.
        #[test]
        fn reads_broken_documents_as_serde_did(
            example in any::<prop::sample::Index>(),
            edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<usize>()), 1..3),
        ) {
            let docs = examples();
            let mut doc = example.get(&docs).clone();
            for (node, edit, pick) in edits {
                mutate(&mut doc, node, edit, pick);
            }
            match (config(&doc), derived(&doc)) {
                (Ok(ours), Ok(theirs)) => prop_assert_eq!(ours, theirs),
                (Err(ours), Ok(_)) => prop_assert!(refused_by_design(&ours), "{}: {}", doc, ours),
                (Ok(_), Err(theirs)) => prop_assert!(false, "{}: serde refused it: {}", doc, theirs),
                (Err(_), Err(_)) => {}
            }
        }
    }
}
