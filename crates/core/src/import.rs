//! Importing an existing Kamal `config/deploy.yml` (and `config/deploy.DEST.yml` files): what
//! the workflows need is read off them and laid over the current configuration, with a report
//! of what was recognised, what was ignored and what could not be read.
//!
//! Real files are ERB templates: `<%= ... %>` is read as an opaque value (and reported where it
//! matters), `<% ... %>` code and `<%# %>` comments are skipped, so a file still parses as YAML.
//! Anchors, aliases and `<<` merge keys are resolved by serde_yaml. Nothing here touches the
//! page's state: the caller shows [`changes`] and applies [`Imported::config`] on confirmation.

use std::collections::BTreeMap;

use serde_yaml::Value;

use crate::config::{Config, Environment, KamalVersion, Registry, SecretVar, Trigger};

/// Files larger than this are refused before parsing (a deploy.yml is a few KB).
pub const MAX_FILE_BYTES: usize = 256 * 1024;
/// The role name suggested when the registry becomes ECR: the setup guide creates it.
const SUGGESTED_ROLE: &str = "github-actions-deploy";

/// One pasted file: `destination` is empty for `config/deploy.yml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployFile {
    pub destination: String,
    pub text: String,
}

impl DeployFile {
    pub fn name(&self) -> String {
        match self.destination.as_str() {
            "" => "config/deploy.yml".into(),
            dest => format!("config/deploy.{dest}.yml"),
        }
    }
}

/// What an import would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The current configuration with everything recognised laid over it.
    pub config: Config,
    pub report: Report,
}

/// Each entry a sentence naming the file and key it is about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub recognised: Vec<String>,
    pub ignored: Vec<String>,
    /// Files or values that could not be read; an unreadable `config/deploy.yml` means the
    /// configuration is returned unchanged.
    pub errors: Vec<String>,
}

/// Reads `main` (`config/deploy.yml`) and the destination files over `base`.
pub fn import(base: &Config, main: &str, destinations: &[DeployFile]) -> Imported {
    let mut run = Run {
        config: base.clone(),
        report: Report::default(),
        destinations_given: !destinations.is_empty(),
    };
    let main_file = DeployFile {
        destination: String::new(),
        text: main.to_string(),
    };
    let Some(main_doc) = run.parse(&main_file) else {
        return Imported {
            config: base.clone(),
            report: run.report,
        };
    };
    run.main(&main_doc);
    for file in destinations {
        if let Err(message) = check_destination(&file.destination) {
            run.error(format!("{}: {message}", file.name()));
            continue;
        }
        if let Some(doc) = run.parse(file) {
            run.destination(&file.destination, &doc, &main_doc);
        }
    }
    run.without_destination(&main_doc);
    Imported {
        config: run.config,
        report: run.report,
    }
}

fn check_destination(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err("name the destination with letters, digits, - and _ (e.g. staging)".into())
    }
}

/// A parsed file: its YAML and the ERB it held, by placeholder.
struct Doc {
    name: String,
    yaml: Value,
    erb: Vec<String>,
}

impl Doc {
    fn get(&self, path: &[&str]) -> Option<&Value> {
        path.iter().try_fold(&self.yaml, |v, key| v.get(key))
    }

    /// A string value with its ERB placeholders put back, as the user wrote it.
    fn text(&self, value: &Value) -> Option<String> {
        let s = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => return None,
        };
        Some(restore_erb(&s, &self.erb))
    }

    fn string(&self, path: &[&str]) -> Option<String> {
        self.get(path).and_then(|v| self.text(v))
    }

    /// The value at `path` if it is plain text (no ERB): what the workflows can use.
    fn plain(&self, path: &[&str]) -> Option<String> {
        self.get(path)
            .and_then(|v| self.text(v))
            .filter(|s| !s.contains("<%"))
    }

    /// The strings of a list (or a single string) at `path`.
    fn list(&self, path: &[&str]) -> Vec<String> {
        match self.get(path) {
            Some(Value::Sequence(items)) => items.iter().filter_map(|v| self.text(v)).collect(),
            Some(v) => self.text(v).into_iter().collect(),
            None => Vec::new(),
        }
    }

    fn keys(&self, path: &[&str]) -> Vec<String> {
        match self.get(path) {
            Some(Value::Mapping(map)) => map.keys().filter_map(|k| self.text(k)).collect(),
            _ => Vec::new(),
        }
    }
}

/// The import in progress.
struct Run {
    config: Config,
    report: Report,
    destinations_given: bool,
}

/// Top-level keys the import reads; any other is reported as not needed by the workflows.
const READ_KEYS: &[&str] = &[
    "service",
    "image",
    "registry",
    "env",
    "accessories",
    "builder",
    "proxy",
    "traefik",
    "healthcheck",
    "servers",
];

impl Run {
    fn recognised(&mut self, line: String) {
        self.report.recognised.push(line);
    }

    fn ignored(&mut self, line: String) {
        self.report.ignored.push(line);
    }

    fn error(&mut self, line: String) {
        self.report.errors.push(line);
    }

    fn parse(&mut self, file: &DeployFile) -> Option<Doc> {
        let name = file.name();
        if file.text.len() > MAX_FILE_BYTES {
            self.error(format!(
                "{name}: {} KB is more than a deploy.yml can be ({} KB at most)",
                file.text.len() / 1024,
                MAX_FILE_BYTES / 1024
            ));
            return None;
        }
        let (text, erb, skipped) = strip_erb(&file.text);
        for (line, code) in skipped {
            self.ignored(format!(
                "{name} line {line}: ERB code {code} was skipped; the import reads the file as \
                 if every line around it applied"
            ));
        }
        let mut yaml: Value = match serde_yaml::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                self.error(format!("{name} could not be read as YAML: {e}"));
                return None;
            }
        };
        if let Err(e) = yaml.apply_merge() {
            self.error(format!("{name}: a << merge could not be applied: {e}"));
            return None;
        }
        match yaml {
            Value::Mapping(_) => Some(Doc { name, yaml, erb }),
            Value::Null if !file.destination.is_empty() => Some(Doc { name, yaml, erb }),
            _ => {
                self.error(format!("{name}: expected keys such as service: and image:"));
                None
            }
        }
    }

    fn main(&mut self, doc: &Doc) {
        let name = doc.name.clone();
        match doc.plain(&["service"]) {
            Some(service) => {
                self.recognised(format!("{name}: service {service}"));
                self.config.project.service = service;
            }
            None => self.error(format!(
                "{name}: no plain service: value; the service name is unchanged"
            )),
        }
        self.kamal_version(doc);
        self.registry(doc);
        self.secrets(doc);
        self.accessories(doc);
        self.builder(doc);
        let erb_hosts = server_hosts(&[doc]).1;
        if !erb_hosts.is_empty() {
            self.ignored(format!(
                "{name}: servers {} are ERB; add those hosts by hand",
                erb_hosts.join(", ")
            ));
        }
        let others: Vec<String> = doc
            .keys(&[])
            .into_iter()
            .filter(|k| !READ_KEYS.contains(&k.as_str()))
            .collect();
        if !others.is_empty() {
            self.ignored(format!(
                "{name}: {} not needed by the workflows",
                others.join(", ")
            ));
        }
    }

    fn kamal_version(&mut self, doc: &Doc) {
        let kamal_1 = ["traefik", "healthcheck"]
            .into_iter()
            .find(|key| doc.get(&[key]).is_some())
            .map(String::from)
            .or_else(|| {
                doc.get(&["builder", "multiarch"])
                    .map(|_| "builder.multiarch".to_string())
            });
        let (version, why) = match (kamal_1, doc.get(&["proxy"]).is_some()) {
            (Some(key), _) => (KamalVersion::V1, format!("{key}: is Kamal 1")),
            (None, true) => (KamalVersion::V2, "proxy: is Kamal 2".to_string()),
            (None, false) => {
                let kept = match self.config.project.kamal_version {
                    KamalVersion::V1 => 1,
                    KamalVersion::V2 => 2,
                };
                self.ignored(format!(
                    "{}: no key tells Kamal 1 from 2 (proxy: or traefik:); kept Kamal {kept}",
                    doc.name
                ));
                return;
            }
        };
        let n = if version == KamalVersion::V1 { 1 } else { 2 };
        self.recognised(format!("{}: Kamal {n} ({why})", doc.name));
        for (before, after) in self.config.set_kamal_version(version) {
            self.recognised(format!(
                "{}: the command {before} is {after} in Kamal {n}",
                doc.name
            ));
        }
    }

    fn registry(&mut self, doc: &Doc) {
        let name = doc.name.clone();
        let server = doc.string(&["registry", "server"]).unwrap_or_default();
        let username = doc.plain(&["registry", "username"]);
        let password = doc.list(&["registry", "password"]);
        let image = doc.plain(&["image"]);
        let password_secret = password
            .first()
            .filter(|p| is_env_name(p))
            .cloned()
            .unwrap_or_else(|| "KAMAL_REGISTRY_PASSWORD".into());
        if server.contains("<%") {
            self.error(format!(
                "{name}: registry.server is ERB ({server}); choose the registry by hand"
            ));
            return;
        }
        let registry = if let Some((account, region)) = ecr_host(&server) {
            let role_arn = match &self.config.registry {
                Registry::Ecr { role_arn, .. } if role_arn.contains(&format!("::{account}:")) => {
                    role_arn.clone()
                }
                _ => {
                    let arn = format!("arn:aws:iam::{account}:role/{SUGGESTED_ROLE}");
                    self.recognised(format!(
                        "{name}: deploy.yml does not name the IAM role the workflows assume; \
                         suggested {arn} (the setup guide creates it)"
                    ));
                    arn
                }
            };
            self.recognised(format!(
                "{name}: registry Amazon ECR, account {account}, region {region}"
            ));
            if password.iter().any(|p| p.contains("<%")) {
                self.recognised(format!(
                    "{name}: registry.password runs the AWS CLI; the workflows log in through \
                     OIDC instead"
                ));
            }
            let repository = image.clone().unwrap_or_default();
            if !repository.is_empty() {
                self.recognised(format!("{name}: image {repository} is the ECR repository"));
            }
            Registry::Ecr {
                account_id: account,
                region,
                role_arn,
                repository,
            }
        } else if server == "ghcr.io" {
            self.recognised(format!(
                "{name}: registry GitHub Container Registry (the jobs log in with GITHUB_TOKEN)"
            ));
            Registry::Ghcr
        } else if matches!(
            server.as_str(),
            "" | "docker.io" | "index.docker.io" | "registry-1.docker.io" | "hub.docker.com"
        ) {
            let username = username
                .or_else(|| {
                    image
                        .as_ref()
                        .and_then(|i| i.split_once('/'))
                        .map(|(u, _)| u.to_string())
                })
                .unwrap_or_default();
            self.recognised(format!(
                "{name}: registry Docker Hub, user {username}, password from {password_secret}"
            ));
            Registry::DockerHub {
                username,
                password_secret,
            }
        } else {
            let username = username.unwrap_or_default();
            self.recognised(format!(
                "{name}: registry {server}, user {username}, password from {password_secret}"
            ));
            Registry::Other {
                server,
                username,
                password_secret,
            }
        };
        self.config.registry = registry;
    }

    fn secrets(&mut self, doc: &Doc) {
        let names = secret_names(doc);
        if names.is_empty() && doc.get(&["env"]).is_none() {
            self.ignored(format!(
                "{}: no env: section; the secret list is unchanged",
                doc.name
            ));
            return;
        }
        let vars: Vec<SecretVar> = names
            .iter()
            .map(|name| SecretVar {
                name: name.clone(),
                secret: name.clone(),
            })
            .collect();
        self.recognised(format!(
            "{}: secrets {}",
            doc.name,
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            }
        ));
        self.config.secrets.env = vars;
        for env in &mut self.config.environments {
            env.secret_overrides.retain(|var, _| names.contains(var));
        }
        if doc.get(&["env", "clear"]).is_some() {
            self.ignored(format!(
                "{}: env.clear values are in deploy.yml itself; the workflows need nothing for them",
                doc.name
            ));
        }
    }

    fn accessories(&mut self, doc: &Doc) {
        for accessory in doc.keys(&["accessories"]) {
            let command = format!("accessory reboot {accessory}");
            if !self.config.commands.contains(&command) {
                self.config.commands.push(command.clone());
            }
            self.recognised(format!(
                "{}: accessory {accessory}, offered as kamal {command}",
                doc.name
            ));
        }
    }

    fn builder(&mut self, doc: &Doc) {
        let cache = doc.plain(&["builder", "cache", "type"]);
        let gha = cache.as_deref() == Some("gha");
        self.config.build.gha_cache = gha;
        let line = match cache.as_deref() {
            Some("gha") => {
                "builder cache type gha: the jobs expose the Actions cache to Kamal".to_string()
            }
            Some(other) => {
                format!("builder cache type {other}: nothing to set up in the workflows")
            }
            None => "no builder cache: the Actions cache is not exposed".to_string(),
        };
        self.recognised(format!("{}: {line}", doc.name));
        for key in ["arch", "remote", "local", "args", "secrets"] {
            if doc.get(&["builder", key]).is_some() {
                self.ignored(format!(
                    "{}: builder.{key} is used by Kamal as it is",
                    doc.name
                ));
            }
        }
    }

    fn destination(&mut self, destination: &str, doc: &Doc, main: &Doc) {
        let name = doc.name.clone();
        let index = match self
            .config
            .environments
            .iter()
            .position(|e| e.destination == destination)
        {
            Some(i) => {
                self.recognised(format!(
                    "{name}: destination {destination}, environment {}",
                    self.config.environments[i].name
                ));
                i
            }
            None => {
                let mut env_name = destination.to_string();
                if self.config.environment(&env_name).is_some() {
                    env_name = format!("{destination}-deploy");
                }
                let mut env = Environment::new(&env_name, Trigger::Manual);
                env.destination = destination.to_string();
                self.config.environments.push(env);
                self.recognised(format!(
                    "{name}: new environment {env_name} (deploys by hand until you choose a trigger)"
                ));
                self.config.environments.len() - 1
            }
        };
        if let Some(url) = proxy_url(&[doc, main]) {
            self.config.environments[index].url = url.clone();
            self.recognised(format!("{name}: URL {url}"));
        }
        self.set_hosts(index, server_hosts(&[doc, main]).0, &name);
        let extra: Vec<String> = secret_names(doc)
            .into_iter()
            .filter(|n| !self.config.secrets.env.iter().any(|v| &v.name == n))
            .collect();
        for secret in &extra {
            self.config.secrets.env.push(SecretVar {
                name: secret.clone(),
                secret: secret.clone(),
            });
        }
        if !extra.is_empty() {
            self.recognised(format!(
                "{name}: secrets {} (added to the shared list: every environment passes them)",
                extra.join(", ")
            ));
        }
        self.accessories(doc);
        for key in ["service", "image", "registry", "builder"] {
            if doc.get(&[key]).is_some() {
                self.ignored(format!(
                    "{name}: {key} in a destination file is not read; the import uses \
                     config/deploy.yml's"
                ));
            }
        }
    }

    /// The servers of environment `index`, for the setup guide.
    fn set_hosts(&mut self, index: usize, hosts: Vec<String>, file: &str) {
        if hosts.is_empty() {
            return;
        }
        let env = &mut self.config.environments[index];
        env.hosts = hosts;
        let line = format!(
            "{file}: servers {} for environment {} (the setup guide's ssh-keyscan)",
            env.hosts.join(", "),
            env.name
        );
        self.recognised(line);
    }

    /// Environments without a destination deploy what `config/deploy.yml` alone describes.
    fn without_destination(&mut self, main: &Doc) {
        let hosts = server_hosts(&[main]).0;
        let plain: Vec<usize> = (0..self.config.environments.len())
            .filter(|&i| self.config.environments[i].destination.is_empty())
            .collect();
        for &i in &plain {
            self.set_hosts(i, hosts.clone(), &main.name);
        }
        if plain.is_empty() && !hosts.is_empty() && !self.destinations_given {
            self.ignored(format!(
                "{}: servers {} not assigned: every environment has a destination; paste its \
                 config/deploy.DEST.yml too, or fill in Servers by hand",
                main.name,
                hosts.join(", ")
            ));
        }
        let Some(url) = proxy_url(&[main]) else {
            return;
        };
        let mut taken = false;
        for env in &mut self.config.environments {
            if env.destination.is_empty() {
                env.url = url.clone();
                taken = true;
                self.report.recognised.push(format!(
                    "{}: URL {url} for environment {}",
                    main.name, env.name
                ));
            }
        }
        if !taken && !self.destinations_given {
            self.ignored(format!(
                "{}: URL {url} not set: every environment has a destination; paste its \
                 config/deploy.DEST.yml too, or set the URL by hand",
                main.name
            ));
        }
    }
}

/// The hosts under `servers:` (a list, or roles with a list or `hosts:`; a host may carry
/// tags as `HOST: TAG`), and separately those written in ERB, which cannot be used. `layers`
/// come in priority order (a destination file, then deploy.yml): Kamal deep-merges them, so
/// each role takes its hosts from the first layer that lists some, and a plain list replaces.
fn server_hosts(layers: &[&Doc]) -> (Vec<String>, Vec<String>) {
    let servers = |doc: &&Doc| doc.get(&["servers"]).cloned();
    let mut sources: Vec<(&Doc, Value)> = Vec::new();
    match layers.iter().find_map(|d| servers(d).map(|v| (*d, v))) {
        Some((_, Value::Mapping(_))) => {
            let mut roles: Vec<String> = Vec::new();
            for doc in layers.iter().rev() {
                if let Some(Value::Mapping(map)) = servers(doc) {
                    for key in map.keys().filter_map(Value::as_str) {
                        if !roles.iter().any(|r| r == key) {
                            roles.push(key.to_string());
                        }
                    }
                }
            }
            for role in &roles {
                let listed = layers.iter().find_map(|doc| {
                    let value = doc.get(&["servers", role])?;
                    let hosts = value.get("hosts").unwrap_or(value);
                    (hosts.is_sequence() || hosts.is_string()).then(|| (*doc, hosts.clone()))
                });
                sources.extend(listed);
            }
        }
        Some((doc, list)) => sources.push((doc, list)),
        None => {}
    }
    let (mut hosts, mut erb) = (Vec::new(), Vec::new());
    for (doc, value) in &sources {
        let entries: Vec<&Value> = match value {
            Value::Sequence(items) => items.iter().collect(),
            other => vec![other],
        };
        for entry in entries {
            let host = match entry {
                Value::Mapping(tagged) => tagged.keys().next().and_then(|k| doc.text(k)),
                other => doc.text(other),
            };
            let Some(host) = host else { continue };
            let list = if host.contains("<%") {
                &mut erb
            } else {
                &mut hosts
            };
            if !list.contains(&host) {
                list.push(host);
            }
        }
    }
    (hosts, erb)
}

/// `env.secret` of Kamal 1 and 2. Kamal 2's `NAME:SECRET` alias reads `SECRET` from
/// `.kamal/secrets`, so that is the name the workflows must provide.
fn secret_names(doc: &Doc) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for entry in doc.list(&["env", "secret"]) {
        let name = entry
            .split_once(':')
            .map_or(entry.as_str(), |(_, secret)| secret)
            .to_string();
        if is_env_name(&name) && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

fn is_env_name(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// `proxy.host` (or the first of `proxy.hosts`) as a URL; https when `proxy.ssl` is on. Kamal
/// merges a destination file over `config/deploy.yml`, so each key is taken from the first of
/// `layers` that sets it.
fn proxy_url(layers: &[&Doc]) -> Option<String> {
    let host = layers.iter().find_map(|doc| {
        doc.plain(&["proxy", "host"])
            .or_else(|| doc.list(&["proxy", "hosts"]).into_iter().next())
    })?;
    if host.is_empty() || host.contains("<%") {
        return None;
    }
    let ssl = layers
        .iter()
        .find_map(|doc| doc.get(&["proxy", "ssl"]))
        .is_some_and(|v| v == &Value::Bool(true));
    Some(format!("{}://{host}", if ssl { "https" } else { "http" }))
}

/// `123456789012.dkr.ecr.eu-west-1.amazonaws.com` -> (account, region).
fn ecr_host(server: &str) -> Option<(String, String)> {
    let rest = server.strip_suffix(".amazonaws.com")?;
    let (account, region) = rest.split_once(".dkr.ecr.")?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) && !region.is_empty())
        .then(|| (account.to_string(), region.to_string()))
}

const ERB_MARK: &str = "__ERB_";

/// Replaces each `<%= ... %>` with a placeholder scalar and drops `<% ... %>` code and
/// `<%# %>` comments, keeping line numbers. Returns the text, the output tags by placeholder
/// number, and the skipped code tags with their line numbers.
fn strip_erb(text: &str) -> (String, Vec<String>, Vec<(usize, String)>) {
    let mut out = String::with_capacity(text.len());
    let mut outputs = Vec::new();
    let mut skipped = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<%") {
        out.push_str(&rest[..start]);
        let tag_and_more = &rest[start..];
        let end = tag_and_more
            .find("%>")
            .map_or(tag_and_more.len(), |e| e + 2);
        let tag = &tag_and_more[..end];
        let newlines = tag.matches('\n').count();
        if tag.starts_with("<%=") || tag.starts_with("<%-=") {
            out.push_str(&format!("{ERB_MARK}{}__", outputs.len()));
            outputs.push(tag.to_string());
        } else if !tag.starts_with("<%#") {
            let line = text[..text.len() - rest.len() + start]
                .matches('\n')
                .count()
                + 1;
            skipped.push((line, tag.to_string()));
        }
        out.extend(std::iter::repeat_n('\n', newlines));
        rest = &tag_and_more[end..];
    }
    out.push_str(rest);
    (out, outputs, skipped)
}

fn restore_erb(text: &str, outputs: &[String]) -> String {
    if !text.contains(ERB_MARK) {
        return text.to_string();
    }
    let mut out = text.to_string();
    for (i, tag) in outputs.iter().enumerate().rev() {
        out = out.replace(&format!("{ERB_MARK}{i}__"), tag);
    }
    out
}

/// One field an import changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The configuration path, e.g. `registry.region` or `environments[staging].url`.
    pub path: String,
    /// The value before and after, as shown to the user; empty when absent.
    pub before: String,
    pub after: String,
}

/// Every field that differs between `before` and `after`, sorted by path.
pub fn changes(before: &Config, after: &Config) -> Vec<Change> {
    let flat = |config: &Config| {
        let mut out = BTreeMap::new();
        let value = serde_json::to_value(config).expect("config serialises");
        flatten(&value, String::new(), &mut out);
        out
    };
    let (a, b) = (flat(before), flat(after));
    let mut paths: Vec<&String> = a.keys().chain(b.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| a.get(*p) != b.get(*p))
        .map(|p| Change {
            path: p.clone(),
            before: a.get(p).cloned().unwrap_or_default(),
            after: b.get(p).cloned().unwrap_or_default(),
        })
        .collect()
}

/// Leaf values by path. Items of a list of named objects (environments, secrets) are keyed by
/// their name, `environments[staging].url`, so removing one item does not show as every later
/// item changing; their `name` leaf is then left out, being in the path.
fn flatten(value: &serde_json::Value, path: String, out: &mut BTreeMap<String, String>) {
    use serde_json::Value as Json;
    match value {
        Json::Object(map) => {
            for (key, v) in map {
                let sub = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                flatten(v, sub, out);
            }
        }
        Json::Array(items) => {
            let name_of = |v: &Json| v.get("name").and_then(Json::as_str).map(String::from);
            let named: Option<Vec<String>> = items.iter().map(name_of).collect();
            let unique = named.as_ref().is_some_and(|names| {
                let mut sorted = names.clone();
                sorted.sort();
                sorted.dedup();
                sorted.len() == names.len()
            });
            for (i, v) in items.iter().enumerate() {
                match (&named, unique) {
                    (Some(names), true) => {
                        let mut item = v.clone();
                        if let Some(object) = item.as_object_mut() {
                            object.remove("name");
                        }
                        flatten(&item, format!("{path}[{}]", names[i]), out);
                    }
                    _ => flatten(v, format!("{path}[{i}]"), out),
                }
            }
        }
        Json::String(s) => {
            out.insert(path, s.clone());
        }
        Json::Null => {}
        other => {
            out.insert(path, other.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erb_becomes_placeholders_and_comes_back() {
        let text = "a: <%= ENV[\"X\"] %>\n<% if true %>\nb: 1\n<% end %>\nc: <%# note %>2\n";
        let (out, outputs, skipped) = strip_erb(text);
        assert_eq!(out, "a: __ERB_0__\n\nb: 1\n\nc: 2\n");
        assert_eq!(outputs, ["<%= ENV[\"X\"] %>"]);
        assert_eq!(
            skipped,
            [
                (2, "<% if true %>".to_string()),
                (4, "<% end %>".to_string())
            ]
        );
        assert_eq!(restore_erb("__ERB_0__", &outputs), "<%= ENV[\"X\"] %>");
    }

    #[test]
    fn an_unclosed_tag_does_not_panic() {
        let (out, outputs, _) = strip_erb("a: <%= oops");
        assert_eq!(out, "a: __ERB_0__");
        assert_eq!(outputs.len(), 1);
    }

    #[test]
    fn ecr_hosts_give_account_and_region() {
        assert_eq!(
            ecr_host("123456789012.dkr.ecr.eu-west-1.amazonaws.com"),
            Some(("123456789012".into(), "eu-west-1".into()))
        );
        assert_eq!(ecr_host("ghcr.io"), None);
        assert_eq!(ecr_host("12345.dkr.ecr.eu-west-1.amazonaws.com"), None);
    }

    #[test]
    fn changes_name_each_field() {
        let before = Config::default();
        let mut after = before.clone();
        after.project.service = "shop".into();
        after.environments[1].url = "https://staging.shop.example".into();
        let found = changes(&before, &after);
        assert_eq!(
            found,
            [
                Change {
                    path: "environments[staging].url".into(),
                    before: String::new(),
                    after: "https://staging.shop.example".into(),
                },
                Change {
                    path: "project.service".into(),
                    before: "myapp".into(),
                    after: "shop".into(),
                },
            ]
        );
        assert!(changes(&before, &before).is_empty());
    }

    #[test]
    fn removing_a_named_item_shows_only_that_item() {
        let before = Config::default();
        let mut after = before.clone();
        after.secrets.env.remove(1);
        let found = changes(&before, &after);
        assert_eq!(
            found,
            [Change {
                path: "secrets.env[DATABASE_URL].secret".into(),
                before: "DATABASE_URL".into(),
                after: String::new(),
            }]
        );
    }
}
