//! Importing an existing Kamal `config/deploy.yml` (and `config/deploy.DEST.yml` files): what
//! the workflows need is read off them and laid over the current configuration, with a report
//! of what was recognised, what was ignored and what could not be read.
//!
//! Real files are ERB templates: `<%= ... %>` is read as an opaque value (and reported where it
//! matters), `<% ... %>` code and `<%# %>` comments are skipped, so a file still parses as YAML.
//! Anchors, aliases and `<<` merge keys are resolved by `value.rs`. Nothing here touches the
//! page's state: the caller shows [`changes`] and applies [`Imported::config`] on confirmation.

use std::collections::{BTreeMap, BTreeSet};

mod doc;
mod erb;
mod kamal_merge;
mod value;

use doc::Doc;
use erb::strip_erb;
use kamal_merge::{proxy_url, server_hosts, web_role_hosts};
use value::Value;

use crate::aws::ecr_host;
use crate::config::{Config, Environment, KamalVersion, Registry, SecretVar, Trigger};
use crate::{azure, digitalocean, gcp};

/// Files larger than this are refused before parsing (a deploy.yml is a few KB).
pub const MAX_FILE_BYTES: usize = 256 * 1024;
/// The role name suggested when the registry becomes ECR: the setup guide creates it.
const SUGGESTED_ROLE: &str = "github-actions-deploy";

/// One pasted file: `destination` is empty for `config/deploy.yml`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// What a file the user dropped or picked on the page is, told by its name alone (a browser
/// gives no folder): Kamal's own names, or a configuration exported from the page or the CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRole {
    /// `deploy.yml`.
    Deploy,
    /// `deploy.DESTINATION.yml`.
    Destination(String),
    /// A `.json` file: a kamal-actions configuration.
    Configuration,
    /// Anything else; the page names what it expected.
    Unknown,
}

/// The role of the file called `name`.
pub fn file_role(name: &str) -> FileRole {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".json") {
        return FileRole::Configuration;
    }
    let Some(stem) = lower
        .strip_suffix(".yml")
        .or_else(|| lower.strip_suffix(".yaml"))
    else {
        return FileRole::Unknown;
    };
    match stem.strip_prefix("deploy") {
        Some("") => FileRole::Deploy,
        Some(rest) => match rest.strip_prefix('.') {
            Some(dest)
                if !dest.is_empty()
                    && dest
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
            {
                // Kamal reads the destination from the name as written.
                FileRole::Destination(name[7..7 + dest.len()].to_string())
            }
            _ => FileRole::Unknown,
        },
        None => FileRole::Unknown,
    }
}

/// Which environment each pasted file deploys, decided before Apply. The default
/// ([`plan`]) is what Kamal would do with the files; the page lets the user change it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mapping {
    /// What `config/deploy.yml` alone deploys (`kamal deploy` without `-d`, `.kamal/secrets`
    /// without a suffix): an environment's name, or `None` when it is never deployed alone.
    pub main: Option<String>,
    /// The environment each destination file deploys, by destination, in the files' order.
    pub destinations: Vec<(String, String)>,
    /// Environments no pasted file describes that stay anyway; the others are removed.
    pub keep: Vec<String>,
}

impl Mapping {
    /// Every environment a file deploys, with that file's destination (`""` for deploy.yml).
    fn targets(&self) -> impl Iterator<Item = (&str, &str)> {
        let main = self.main.as_deref().map(|env| ("", env));
        main.into_iter().chain(
            self.destinations
                .iter()
                .map(|(dest, env)| (dest.as_str(), env.as_str())),
        )
    }

    fn deploys(&self, env: &str) -> bool {
        self.targets().any(|(_, e)| e == env)
    }
}

/// What the user chose over the default mapping. Anything not chosen follows the files, so
/// pasting another destination file later still gets its default.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Choices {
    /// `Some(None)`: config/deploy.yml is never deployed alone; `Some(Some(env))`: it deploys
    /// `env`.
    pub main: Option<Option<String>>,
    /// The environment chosen for a destination file, by destination.
    pub destinations: BTreeMap<String, String>,
    /// Whether to keep an environment no pasted file describes, where the user said.
    pub keep: BTreeMap<String, bool>,
}

impl Mapping {
    /// This mapping with the user's `choices` laid over it.
    pub fn with(mut self, choices: &Choices) -> Self {
        if let Some(main) = &choices.main {
            self.main.clone_from(main);
        }
        for (dest, env) in &mut self.destinations {
            if let Some(chosen) = choices.destinations.get(dest) {
                env.clone_from(chosen);
            }
        }
        for (env, keep) in &choices.keep {
            self.keep.retain(|k| k != env);
            if *keep {
                self.keep.push(env.clone());
            }
        }
        self
    }
}

/// Imports with the default mapping and the user's choices over it.
pub fn import_chosen(
    base: &Config,
    main: &str,
    destinations: &[DeployFile],
    choices: &Choices,
) -> Imported {
    let mapping = plan(base, main, destinations).with(choices);
    import_with(base, main, destinations, &mapping)
}

/// What an import would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The current configuration with everything recognised laid over it.
    pub config: Config,
    pub report: Report,
    /// The mapping this result follows.
    pub mapping: Mapping,
    /// Environments of the current configuration that no pasted file describes: removed
    /// unless the mapping keeps them.
    pub undescribed: Vec<String>,
}

/// Each entry a sentence naming the file and key it is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Report {
    pub recognised: Vec<String>,
    pub ignored: Vec<String>,
    /// Files or values that could not be read; an unreadable `config/deploy.yml` (or a
    /// mapping that sends two files to one environment) means the configuration is returned
    /// unchanged.
    pub errors: Vec<String>,
    /// What Kamal itself would refuse in the pasted files (it stops before deploying).
    pub refused: Vec<String>,
}

/// Reads `main` (`config/deploy.yml`) and the destination files over `base`, mapping them to
/// environments the way Kamal would ([`plan`]).
pub fn import(base: &Config, main: &str, destinations: &[DeployFile]) -> Imported {
    let mapping = plan(base, main, destinations);
    import_with(base, main, destinations, &mapping)
}

/// The default mapping: each destination file deploys the environment with that destination
/// (or that name, or a new one); `config/deploy.yml` alone deploys an environment without a
/// destination when Kamal could deploy it alone (it lists servers and does not set
/// `require_destination`): the environment that already has no destination, or else the first
/// one no destination file claims. Environments left over are removed, unless the files deploy
/// no environment at all.
pub fn plan(base: &Config, main: &str, destinations: &[DeployFile]) -> Mapping {
    let mut claimed: Vec<String> = Vec::new();
    let mut mapping = Mapping {
        main: None,
        destinations: Vec::new(),
        keep: Vec::new(),
    };
    for file in destinations {
        if crate::kamal::check_destination(&file.destination).is_err() {
            continue;
        }
        let existing = base
            .environments
            .iter()
            .find(|e| e.destination == file.destination && !claimed.contains(&e.name))
            .or_else(|| {
                base.environments
                    .iter()
                    .find(|e| e.name == file.destination && !claimed.contains(&e.name))
            })
            .map(|e| e.name.clone());
        let name = existing.unwrap_or_else(|| fresh_name(base, &claimed, &file.destination));
        claimed.push(name.clone());
        mapping.destinations.push((file.destination.clone(), name));
    }
    if deployable_alone(main) {
        let unclaimed = |e: &&Environment| !claimed.contains(&e.name);
        let without_destination = base
            .environments
            .iter()
            .filter(unclaimed)
            .find(|e| e.destination.is_empty());
        let first_free = base.environments.iter().find(unclaimed);
        mapping.main = without_destination
            .or(first_free)
            .map(|e| e.name.clone())
            .or_else(|| (base.environments.is_empty()).then(|| "production".to_string()));
    }
    // Files that deploy nothing (a deploy.yml without servers, pasted alone) describe no
    // environment: removing every one would leave nothing to deploy, so all stay.
    if mapping.targets().next().is_none() {
        mapping.keep = base.environments.iter().map(|e| e.name.clone()).collect();
    }
    mapping
}

/// A name for a new environment deploying `destination`, free in `base` and not yet claimed.
fn fresh_name(base: &Config, claimed: &[String], destination: &str) -> String {
    let taken = |n: &str| base.environment(n).is_some() || claimed.iter().any(|c| c == n);
    std::iter::once(destination.to_string())
        .chain((2..).map(|i| format!("{destination}-{i}")))
        .find(|n| !taken(n))
        .expect("an unbounded supply of names")
}

/// Whether Kamal could deploy `config/deploy.yml` without a destination: it parses, lists
/// servers (or accessories) and does not set `require_destination: true`.
fn deployable_alone(main: &str) -> bool {
    let (text, _, _) = strip_erb(main);
    let Ok(yaml) = value::parse(&text) else {
        return false;
    };
    let requires = yaml.get("require_destination") == Some(&Value::Bool(true));
    let has_servers = yaml
        .get("servers")
        .is_some_and(|s| !matches!(s, Value::Null));
    !requires && has_servers
}

/// Reads the files over `base` with an explicit `mapping`.
pub fn import_with(
    base: &Config,
    main: &str,
    destinations: &[DeployFile],
    mapping: &Mapping,
) -> Imported {
    let mut importer = Importer {
        config: base.clone(),
        report: Report::default(),
        covered: BTreeSet::new(),
    };
    let undescribed: Vec<String> = base
        .environments
        .iter()
        .filter(|e| !mapping.deploys(&e.name))
        .map(|e| e.name.clone())
        .collect();
    let unchanged = |importer: Importer| Imported {
        config: base.clone(),
        report: importer.report,
        mapping: mapping.clone(),
        undescribed: undescribed.clone(),
    };
    if let Err(message) = check_mapping(mapping) {
        importer.error(message);
        return unchanged(importer);
    }
    let main_file = DeployFile {
        destination: String::new(),
        text: main.to_string(),
    };
    let Some(main_doc) = importer.parse(&main_file) else {
        return unchanged(importer);
    };
    importer.main(&main_doc);
    importer.remove_undescribed(&undescribed, mapping);
    if let Some(env) = &mapping.main {
        importer.deploy_target(env, "", &[&main_doc]);
    } else {
        importer.not_deployed_alone(&main_doc, destinations.is_empty());
    }
    for file in destinations {
        if let Err(message) = crate::kamal::check_destination(&file.destination) {
            importer.error(format!("{}: {message}", file.name()));
            continue;
        }
        let Some(doc) = importer.parse(file) else {
            continue;
        };
        let env = mapping
            .destinations
            .iter()
            .find(|(dest, _)| *dest == file.destination)
            .map(|(_, env)| env.as_str());
        match env {
            Some(env) => {
                importer.destination_file(&doc);
                importer.deploy_target(env, &file.destination, &[&doc, &main_doc]);
            }
            None => importer.error(format!("{}: choose the environment it deploys", doc.name)),
        }
        importer.sweep(&doc);
    }
    importer.sweep(&main_doc);
    Imported {
        config: importer.config,
        report: importer.report,
        mapping: mapping.clone(),
        undescribed,
    }
}

/// Each environment is deployed by one file at most, under a valid name.
fn check_mapping(mapping: &Mapping) -> Result<(), String> {
    let mut seen: Vec<&str> = Vec::new();
    for (dest, env) in mapping.targets() {
        let file = DeployFile {
            destination: dest.to_string(),
            text: String::new(),
        }
        .name();
        crate::kamal::check_identifier(env, "an environment name")
            .map_err(|e| format!("{file} deploys \"{env}\": {e}"))?;
        if seen.contains(&env) {
            return Err(format!(
                "two files deploy the environment {env}; choose another for {file}"
            ));
        }
        seen.push(env);
    }
    Ok(())
}

/// What `registry:` and `image:` say, read once for every kind of registry.
struct RegistryKeys {
    server: String,
    username: Option<String>,
    password: Vec<String>,
    /// The first entry of `registry.password`, the variable Kamal reads the password from.
    password_secret: String,
    image: Option<String>,
}

/// The import in progress.
struct Importer {
    config: Config,
    report: Report,
    /// `(file, key)` pairs some report line speaks about; [`Run::sweep`] reports the rest.
    covered: BTreeSet<(String, String)>,
}

/// Sections whose keys are reported one by one (`registry.username`, `builder.arch`): the
/// workflows read some of them. Every other top-level key is reported as a whole.
const SECTIONS: &[&str] = &["registry", "builder", "proxy", "env", "ssh"];

/// Why the workflows need nothing for a key Kamal reads on its own.
fn why_not_needed(key: &str) -> &'static str {
    match key {
        k if k.starts_with("x-") => "a YAML extension for anchors; Kamal skips it",
        "ssh" | "ssh.user" | "ssh.port" | "ssh.keys" | "ssh.keys_only" | "ssh.config" => {
            "Kamal uses these as they are, over the SSH agent the jobs start"
        }
        "env.clear" | "env.tags" => {
            "values written in the file itself; the workflows need nothing for them"
        }
        k if k.starts_with("builder.") => "Kamal's builder uses these as they are",
        k if k.starts_with("proxy.") => "kamal-proxy reads it on the servers",
        _ => "Kamal applies these on the servers; the workflows need nothing for them",
    }
}

impl Importer {
    fn cover(&mut self, doc: &Doc, keys: &[&str]) {
        for key in keys {
            self.covered.insert((doc.name.clone(), (*key).to_string()));
        }
    }

    fn recognised_at(&mut self, doc: &Doc, keys: &[&str], line: String) {
        self.cover(doc, keys);
        self.report.recognised.push(line);
    }

    fn ignored_at(&mut self, doc: &Doc, keys: &[&str], line: String) {
        self.cover(doc, keys);
        self.report.ignored.push(line);
    }

    fn error(&mut self, line: String) {
        self.report.errors.push(line);
    }

    fn refused(&mut self, line: String) {
        if !self.report.refused.contains(&line) {
            self.report.refused.push(line);
        }
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
            self.report.ignored.push(format!(
                "{name} line {line}: ERB code {code} was skipped; the import reads the file as \
                 if every line around it applied"
            ));
        }
        let mut yaml = match value::parse(&text) {
            Ok(v) => v,
            Err(e) => {
                self.error(format!("{name} could not be read as YAML: {e}"));
                return None;
            }
        };
        if let Err(e) = value::apply_merge(&mut yaml) {
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

    /// What `config/deploy.yml` says for every environment.
    fn main(&mut self, doc: &Doc) {
        let name = doc.name.clone();
        match doc.plain(&["service"]) {
            Some(service) => {
                self.recognised_at(doc, &["service"], format!("{name}: service {service}"));
                self.config.project.service = service;
            }
            None => {
                self.cover(doc, &["service"]);
                self.error(format!(
                    "{name}: no plain service: value; the service name is unchanged"
                ));
            }
        }
        self.kamal_version(doc);
        self.registry(doc);
        self.secrets(doc);
        self.accessories(doc);
        self.builder(doc);
        self.role_secrets(doc);
    }

    fn kamal_version(&mut self, doc: &Doc) {
        let mut kamal_1: Vec<&str> = ["traefik", "healthcheck"]
            .into_iter()
            .filter(|key| doc.get(&[key]).is_some())
            .collect();
        if doc.get(&["builder", "multiarch"]).is_some() {
            kamal_1.push("builder.multiarch");
        }
        let (version, why) = match (kamal_1.is_empty(), doc.get(&["proxy"]).is_some()) {
            (false, _) => (
                KamalVersion::V1,
                format!("{} exist only in Kamal 1", kamal_1.join(", ")),
            ),
            (true, true) => (KamalVersion::V2, "proxy: is Kamal 2".to_string()),
            (true, false) => {
                let kept = match self.config.project.kamal_version {
                    KamalVersion::V1 => 1,
                    KamalVersion::V2 => 2,
                };
                self.report.ignored.push(format!(
                    "{}: no key tells Kamal 1 from 2 (proxy: or traefik:); kept Kamal {kept}",
                    doc.name
                ));
                return;
            }
        };
        let n = if version == KamalVersion::V1 { 1 } else { 2 };
        self.recognised_at(doc, &kamal_1, format!("{}: Kamal {n} ({why})", doc.name));
        for (before, after) in self.config.set_kamal_version(version) {
            self.report.recognised.push(format!(
                "{}: the command {before} is {after} in Kamal {n}",
                doc.name
            ));
        }
    }

    /// The registry from `registry.server`, one reader per kind of registry.
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
        if doc.get(&["registry"]).is_none() {
            self.refused(format!(
                "{name}: Kamal stops with \"Missing required configuration for registry\""
            ));
        }
        if doc.get(&["image"]).is_none() {
            self.refused(format!(
                "{name}: Kamal stops with \"Missing required configuration for image\""
            ));
        }
        if server.contains("<%") {
            self.cover(doc, &["registry.username", "registry.password", "image"]);
            self.error(format!(
                "{name}: registry.server is ERB ({server}); choose the registry by hand"
            ));
            self.cover(doc, &["registry.server"]);
            return;
        }
        let keys = RegistryKeys {
            server,
            username,
            password,
            password_secret,
            image,
        };
        let registry = if let Some((account, region)) = ecr_host(&keys.server) {
            self.ecr(doc, account, region, &keys.password, keys.image)
        } else if let Some(location) = gcp::location_of_host(&keys.server) {
            self.gar(doc, location.to_string(), &keys)
        } else if let Some(registry) = azure::registry_of_host(&keys.server) {
            self.acr(doc, registry.to_string(), &keys)
        } else if keys.server == "ghcr.io" {
            self.ghcr(doc, &keys)
        } else if matches!(
            keys.server.as_str(),
            "" | "docker.io" | "index.docker.io" | "registry-1.docker.io" | "hub.docker.com"
        ) {
            self.docker_hub(doc, keys)
        } else {
            self.other(doc, keys)
        };
        self.config.registry = registry;
    }

    fn ghcr(&mut self, doc: &Doc, keys: &RegistryKeys) -> Registry {
        let name = doc.name.clone();
        let RegistryKeys {
            username,
            password,
            image,
            ..
        } = keys;
        self.recognised_at(
            doc,
            &["registry.server"],
            format!(
                "{name}: registry.server ghcr.io, GitHub Container Registry (the jobs log in \
                 with GITHUB_TOKEN)"
            ),
        );
        if let Some(user) = &username {
            self.recognised_at(
                doc,
                &["registry.username"],
                format!(
                    "{name}: registry.username {user}: GITHUB_TOKEN logs in for the \
                     repository's owner, whatever the username"
                ),
            );
        }
        self.ignored_at(
            doc,
            &["registry.password"],
            format!(
                "{name}: registry.password {}: the jobs pass GITHUB_TOKEN as \
                 KAMAL_REGISTRY_PASSWORD instead, so no secret is needed",
                password.join(", ")
            ),
        );
        if let Some(image) = &image {
            let owner = image.split('/').next().unwrap_or_default();
            self.recognised_at(
                doc,
                &["image"],
                format!(
                    "{name}: image {image} is pushed as ghcr.io/{image}; GITHUB_TOKEN may \
                     push only packages of the repository's owner, so {owner} must own this \
                     repository"
                ),
            );
        }
        Registry::Ghcr
    }

    /// Artifact Registry: the host gives the location, `image: PROJECT/REPOSITORY/NAME` the
    /// project and repository; the identity (provider, service account) is not in deploy.yml,
    /// so it is kept from the form when the registry already was this one.
    fn gar(&mut self, doc: &Doc, location: String, keys: &RegistryKeys) -> Registry {
        let name = doc.name.clone();
        self.recognised_at(
            doc,
            &["registry.server"],
            format!(
                "{name}: registry.server {}, Google Artifact Registry in {location} (the jobs \
                 log in through Workload Identity Federation)",
                keys.server
            ),
        );
        self.login_user(doc, "oauth2accesstoken", "Artifact Registry's token login");
        self.ignored_at(
            doc,
            &["registry.password"],
            format!(
                "{name}: registry.password {}: the workflows set it from the access token",
                keys.password.join(", ")
            ),
        );
        let mut parts = keys.image.as_deref().unwrap_or_default().splitn(3, '/');
        let (project, repository) = match (parts.next(), parts.next(), parts.next()) {
            (Some(p), Some(r), Some(_)) => (p.to_string(), r.to_string()),
            _ => {
                self.error(format!(
                    "{name}: image should be PROJECT/REPOSITORY/NAME for Artifact Registry; enter the project and repository by hand"
                ));
                (String::new(), String::new())
            }
        };
        self.pushed_image(doc, keys.image.as_deref(), &keys.server);
        let (workload_identity_provider, service_account) = match &self.config.registry {
            Registry::Gar {
                workload_identity_provider,
                service_account,
                ..
            } => (workload_identity_provider.clone(), service_account.clone()),
            _ => {
                self.report.recognised.push(format!(
                    "{name}: deploy.yml does not name the workload identity provider or the service account: enter them under Registry"
                ));
                (String::new(), String::new())
            }
        };
        Registry::Gar {
            location,
            project,
            repository,
            workload_identity_provider,
            service_account,
        }
    }

    /// Azure Container Registry: the host gives the registry; the application, tenant and
    /// subscription are not in deploy.yml, so they are kept from the form when the registry
    /// already was Azure.
    fn acr(&mut self, doc: &Doc, registry: String, keys: &RegistryKeys) -> Registry {
        let name = doc.name.clone();
        self.recognised_at(
            doc,
            &["registry.server"],
            format!(
                "{name}: registry.server {}, Azure Container Registry {registry} (the jobs log \
                 in through OIDC)",
                keys.server
            ),
        );
        self.login_user(doc, azure::TOKEN_USERNAME, "ACR's token login");
        self.ignored_at(
            doc,
            &["registry.password"],
            format!(
                "{name}: registry.password {}: the workflows set it from az acr login",
                keys.password.join(", ")
            ),
        );
        self.pushed_image(doc, keys.image.as_deref(), &keys.server);
        let (client_id, tenant_id, subscription_id) = match &self.config.registry {
            Registry::Acr {
                client_id,
                tenant_id,
                subscription_id,
                ..
            } => (
                client_id.clone(),
                tenant_id.clone(),
                subscription_id.clone(),
            ),
            _ => {
                self.report.recognised.push(format!(
                    "{name}: deploy.yml does not name the Azure application, tenant or subscription: enter them under Registry"
                ));
                (String::new(), String::new(), String::new())
            }
        };
        Registry::Acr {
            name: registry,
            client_id,
            tenant_id,
            subscription_id,
        }
    }

    /// `registry.username` where the registry's token login expects `expected`.
    fn login_user(&mut self, doc: &Doc, expected: &str, login: &str) {
        if let Some(user) = doc.plain(&["registry", "username"]) {
            let why = if user == expected {
                format!("the user {login} expects")
            } else {
                format!("{login} expects {expected}: Kamal's docker login will fail")
            };
            let line = format!("{}: registry.username {user}, {why}", doc.name);
            self.recognised_at(doc, &["registry.username"], line);
        }
    }

    fn docker_hub(&mut self, doc: &Doc, keys: RegistryKeys) -> Registry {
        let name = doc.name.clone();
        let RegistryKeys {
            server,
            username,
            password_secret,
            image,
            ..
        } = keys;
        let namespace = image
            .as_ref()
            .and_then(|i| i.split_once('/'))
            .map(|(u, _)| u.to_string());
        let from = if username.is_some() {
            "registry.username"
        } else {
            "the image's namespace"
        };
        let username = username.or(namespace).unwrap_or_default();
        self.recognised_at(
            doc,
            &["registry.server", "registry.username", "registry.password"],
            format!(
                "{name}: registry Docker Hub (registry.server {}), user {username} from \
                 {from}, registry.password from the secret {password_secret}",
                if server.is_empty() {
                    "not set"
                } else {
                    &server
                }
            ),
        );
        self.pushed_image(doc, image.as_deref(), "docker.io");
        Registry::DockerHub {
            username,
            password_secret,
        }
    }

    /// `image:` as the registry at `host` receives it.
    fn pushed_image(&mut self, doc: &Doc, image: Option<&str>, host: &str) {
        if let Some(image) = image {
            let line = format!("{}: image {image} (Kamal pushes {host}/{image})", doc.name);
            self.recognised_at(doc, &["image"], line);
        }
    }

    fn other(&mut self, doc: &Doc, keys: RegistryKeys) -> Registry {
        let name = doc.name.clone();
        let RegistryKeys {
            server,
            username,
            password_secret,
            image,
            ..
        } = keys;
        if server == digitalocean::HOST {
            // DigitalOcean takes the API token as both username and password.
            self.recognised_at(
                doc,
                &["registry.server", "registry.username", "registry.password"],
                format!(
                    "{name}: registry.server {server}, DigitalOcean Container Registry: the API \
                     token from the secret {password_secret} is the username and the password"
                ),
            );
            self.pushed_image(doc, image.as_deref(), &server);
            return Registry::Other {
                server,
                username: password_secret.clone(),
                password_secret,
            };
        }
        let username = username.unwrap_or_default();
        self.recognised_at(
            doc,
            &["registry.server", "registry.username", "registry.password"],
            format!(
                "{name}: registry.server {server}, registry.username {username}, \
                 registry.password from the secret {password_secret}"
            ),
        );
        self.pushed_image(doc, image.as_deref(), &server);
        Registry::Other {
            server,
            username,
            password_secret,
        }
    }

    fn ecr(
        &mut self,
        doc: &Doc,
        account: String,
        region: String,
        password: &[String],
        image: Option<String>,
    ) -> Registry {
        let name = doc.name.clone();
        let role_arn = match &self.config.registry {
            Registry::Ecr { role_arn, .. } if role_arn.contains(&format!("::{account}:")) => {
                role_arn.clone()
            }
            _ => {
                let arn = format!("arn:aws:iam::{account}:role/{SUGGESTED_ROLE}");
                self.report.recognised.push(format!(
                    "{name}: deploy.yml does not name the IAM role the workflows assume; \
                     suggested {arn} (the setup guide creates it)"
                ));
                arn
            }
        };
        self.recognised_at(
            doc,
            &["registry.server"],
            format!("{name}: registry.server is Amazon ECR, account {account}, region {region}"),
        );
        if let Some(user) = doc.plain(&["registry", "username"]) {
            let why = if user == "AWS" {
                "the user ECR expects".to_string()
            } else {
                "ECR expects AWS: Kamal's docker login will fail".to_string()
            };
            self.recognised_at(
                doc,
                &["registry.username"],
                format!("{name}: registry.username {user}, {why}"),
            );
        }
        let password_line = if password.iter().any(|p| p.contains("<%")) {
            format!("{name}: registry.password runs the AWS CLI; the workflows log in through OIDC instead")
        } else {
            format!(
                "{name}: registry.password {}: the workflows set it from the ECR login",
                password.join(", ")
            )
        };
        self.recognised_at(doc, &["registry.password"], password_line);
        let repository = image.unwrap_or_default();
        if !repository.is_empty() {
            self.recognised_at(
                doc,
                &["image"],
                format!("{name}: image {repository} is the ECR repository"),
            );
        }
        Registry::Ecr {
            account_id: account,
            region,
            role_arn,
            repository,
        }
    }

    /// Adds each variable to the list Kamal reads (`.kamal/secrets*`, every Kamal step's env).
    fn add_secrets(&mut self, names: &[String]) -> Vec<String> {
        let mut added = Vec::new();
        for secret in names {
            if !self.config.secrets.env.iter().any(|v| &v.name == secret) {
                let github = github_secret_for(secret);
                if github != *secret {
                    self.report.recognised.push(format!(
                        "{secret} is fed by the GitHub secret {github}: GitHub reserves secret \
                         names starting with GITHUB_"
                    ));
                }
                self.config
                    .secrets
                    .env
                    .push(SecretVar::github(secret.clone(), github_secret_for(secret)));
                added.push(secret.clone());
            }
        }
        added
    }

    fn secrets(&mut self, doc: &Doc) {
        let names = secret_names(doc, &["env", "secret"]);
        if names.is_empty() && doc.get(&["env"]).is_none() {
            self.report.ignored.push(format!(
                "{}: no env: section; the secret list is unchanged",
                doc.name
            ));
            return;
        }
        let vars: Vec<SecretVar> = names
            .iter()
            .map(|name| SecretVar::github(name.clone(), github_secret_for(name)))
            .collect();
        let listed = if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        };
        self.recognised_at(
            doc,
            &["env.secret"],
            format!("{}: env.secret {listed}", doc.name),
        );
        self.config.secrets.env = vars;
        for env in &mut self.config.environments {
            env.secret_overrides.retain(|var, _| names.contains(var));
        }
    }

    /// Secrets an accessory needs when it boots or reboots, and a command to reboot it.
    fn accessories(&mut self, doc: &Doc) {
        for accessory in doc.keys(&["accessories"]) {
            let command = format!("accessory reboot {accessory}");
            if !self.config.commands.contains(&command) {
                self.config.commands.push(command.clone());
            }
            let secrets = secret_names(doc, &["accessories", &accessory, "env", "secret"]);
            let added = self.add_secrets(&secrets);
            let needs = if secrets.is_empty() {
                String::new()
            } else {
                format!(
                    "; it needs {} when it boots (passed to every Kamal command{})",
                    secrets.join(", "),
                    if added.is_empty() {
                        ""
                    } else {
                        ", added to the secrets"
                    }
                )
            };
            let key = format!("accessories.{accessory}");
            self.recognised_at(
                doc,
                &["accessories", &key],
                format!(
                    "{}: accessories.{accessory}, offered as kamal {command}{needs}",
                    doc.name
                ),
            );
        }
    }

    /// `env.secret` of each role in `servers:`: the app containers of that role need them.
    fn role_secrets(&mut self, doc: &Doc) {
        for role in doc.keys(&["servers"]) {
            let secrets = secret_names(doc, &["servers", &role, "env", "secret"]);
            if secrets.is_empty() {
                continue;
            }
            self.add_secrets(&secrets);
            self.report.recognised.push(format!(
                "{}: servers.{role}.env.secret needs {} (passed to every Kamal command)",
                doc.name,
                secrets.join(", ")
            ));
        }
    }

    fn builder(&mut self, doc: &Doc) {
        let name = doc.name.clone();
        let cache = doc.plain(&["builder", "cache", "type"]);
        self.config.build.gha_cache = cache.as_deref() == Some("gha");
        let line = match cache.as_deref() {
            Some("gha") => {
                "builder.cache type gha: the jobs expose the Actions cache to Kamal".to_string()
            }
            Some(other) => {
                format!("builder.cache type {other}: nothing to set up in the workflows")
            }
            None => "no builder.cache: the Actions cache is not exposed".to_string(),
        };
        self.recognised_at(doc, &["builder.cache"], format!("{name}: {line}"));
        let secrets = doc.list(&["builder", "secrets"]);
        if !secrets.is_empty() {
            let valid: Vec<String> = secrets.iter().filter(|s| is_env_name(s)).cloned().collect();
            self.add_secrets(&valid);
            self.recognised_at(
                doc,
                &["builder.secrets"],
                format!(
                    "{name}: builder.secrets {}: Kamal reads them when it builds (at deploy), so \
                     every Kamal command gets them",
                    valid.join(", ")
                ),
            );
        }
        self.remote_builder(doc);
    }

    /// `builder.remote: ssh://[user@]host[:port]` is reached over SSH from the runner: the
    /// guide pins its host key like the servers'.
    fn remote_builder(&mut self, doc: &Doc) {
        let Some(remote) = doc.string(&["builder", "remote"]) else {
            self.config.build.remote_builder.clear();
            return;
        };
        let name = doc.name.clone();
        if remote.contains("<%") {
            self.ignored_at(
                doc,
                &["builder.remote"],
                format!("{name}: builder.remote is ERB ({remote}); fill in Remote builder by hand"),
            );
        } else if crate::kamal::check_remote_builder(&remote).is_ok() {
            self.config.build.remote_builder = remote.clone();
            self.recognised_at(
                doc,
                &["builder.remote"],
                format!(
                    "{name}: builder.remote {remote}: the runner reaches it over SSH, so the \
                     setup guide pins its host key with the servers'"
                ),
            );
        } else {
            self.ignored_at(
                doc,
                &["builder.remote"],
                format!("{name}: builder.remote {remote} is not reached over SSH; nothing to pin"),
            );
        }
    }

    /// What a destination file adds: its own secrets, accessories and role secrets.
    fn destination_file(&mut self, doc: &Doc) {
        let name = doc.name.clone();
        let extra = self.add_secrets(&secret_names(doc, &["env", "secret"]));
        if doc.get(&["env", "secret"]).is_some() {
            let line = if extra.is_empty() {
                format!("{name}: env.secret lists nothing new")
            } else {
                format!(
                    "{name}: env.secret {} (added to the shared list: every environment passes them)",
                    extra.join(", ")
                )
            };
            self.recognised_at(doc, &["env.secret"], line);
        }
        self.accessories(doc);
        self.role_secrets(doc);
        for key in ["service", "image", "registry", "builder"] {
            if doc.get(&[key]).is_some() {
                self.ignored_at(
                    doc,
                    &[key],
                    format!(
                        "{name}: {key} in a destination file is not read; the import uses \
                         config/deploy.yml's"
                    ),
                );
            }
        }
    }

    /// The environment `env_name` deploys the merged `layers` (a destination file over
    /// deploy.yml, or deploy.yml alone): its destination, URL and servers. A new name
    /// becomes a new environment, deployed by hand until the user picks a trigger.
    fn deploy_target(&mut self, env_name: &str, destination: &str, layers: &[&Doc]) {
        let file = layers[0].name.clone();
        let index = match self
            .config
            .environments
            .iter()
            .position(|e| e.name == env_name)
        {
            Some(i) => {
                self.report.recognised.push(format!(
                    "{file} deploys environment {env_name}{}",
                    match destination {
                        "" => " (kamal deploy without -d)".to_string(),
                        dest => format!(" (kamal deploy -d {dest})"),
                    }
                ));
                i
            }
            None => {
                self.config
                    .environments
                    .push(Environment::new(env_name, Trigger::Manual));
                self.report.recognised.push(format!(
                    "{file}: new environment {env_name} (deploys by hand until you choose a \
                     trigger)"
                ));
                self.config.environments.len() - 1
            }
        };
        self.config.environments[index].destination = destination.to_string();
        let mut proxy_keys: Vec<&str> = Vec::new();
        for doc in layers {
            for key in ["proxy.host", "proxy.hosts", "proxy.ssl"] {
                let path: Vec<&str> = key.split('.').collect();
                if doc.get(&path).is_some() {
                    self.cover(doc, &[key]);
                    if !proxy_keys.contains(&key) {
                        proxy_keys.push(key);
                    }
                }
            }
        }
        if let Some(url) = proxy_url(layers) {
            self.config.environments[index].url = url.clone();
            self.report.recognised.push(format!(
                "{file}: URL {url} for environment {env_name} (from {})",
                proxy_keys.join(", ")
            ));
        } else if !proxy_keys.is_empty() {
            self.report.ignored.push(format!(
                "{file}: {} give no plain host; set the URL of {env_name} by hand",
                proxy_keys.join(", ")
            ));
        }
        let (hosts, erb) = server_hosts(layers);
        if !erb.is_empty() {
            self.report.ignored.push(format!(
                "{file}: servers {} are ERB; add those hosts by hand",
                erb.join(", ")
            ));
        }
        self.set_hosts(index, hosts, &file);
        for doc in layers {
            if doc.get(&["servers"]).is_some() {
                self.cover(doc, &["servers"]);
            }
        }
        self.check_kamal_would_accept(layers, &file, destination);
    }

    /// The checks Kamal makes on load that the importer can repeat, for one deploy target.
    fn check_kamal_would_accept(&mut self, layers: &[&Doc], file: &str, destination: &str) {
        let main = layers[layers.len() - 1];
        if destination.is_empty() && main.get(&["require_destination"]) == Some(&Value::Bool(true))
        {
            self.refused(format!(
                "{file}: require_destination: true, so `kamal deploy` without -d stops with \
                 \"You must specify a destination\""
            ));
        }
        self.refuse_without_servers(layers, file);
        let ssl = layers
            .iter()
            .find_map(|doc| doc.get(&["proxy", "ssl"]))
            .cloned();
        let web_hosts = web_role_hosts(layers);
        if ssl == Some(Value::Bool(true)) && web_hosts > 1 {
            self.refused(format!(
                "{file}: proxy.ssl: true with {web_hosts} web servers; Kamal stops with \"SSL is \
                 only supported on a single server unless you provide custom certificates\""
            ));
        }
    }

    /// The servers of environment `index`, for the setup guide.
    fn set_hosts(&mut self, index: usize, hosts: Vec<String>, file: &str) {
        let env = &mut self.config.environments[index];
        env.hosts = hosts;
        if env.hosts.is_empty() {
            return;
        }
        let line = format!(
            "{file}: servers {} for environment {} (the setup guide's ssh-keyscan)",
            env.hosts.join(", "),
            env.name
        );
        self.report.recognised.push(line);
    }

    fn remove_undescribed(&mut self, undescribed: &[String], mapping: &Mapping) {
        for name in undescribed {
            if mapping.keep.contains(name) {
                self.report.ignored.push(format!(
                    "environment {name} is kept as it is: no pasted file describes it"
                ));
            } else {
                self.config.environments.retain(|e| &e.name != name);
                self.report.recognised.push(format!(
                    "environment {name} removed: no pasted file describes it (keep it if its \
                     config/deploy.DESTINATION.yml exists but was not pasted)"
                ));
            }
        }
        if let Some(backup) = &self.config.backup {
            if self.config.environment(&backup.environment).is_none() {
                let env = backup.environment.clone();
                self.config.backup = None;
                self.report.recognised.push(format!(
                    "the backup ran on environment {env}, which the import removes: backup off"
                ));
            }
        }
    }

    /// Kamal loads nothing that lists neither servers nor accessories.
    fn refuse_without_servers(&mut self, layers: &[&Doc], file: &str) {
        let lists = |key: &str| layers.iter().any(|d| d.get(&[key]).is_some());
        if !lists("servers") && !lists("accessories") {
            self.refused(format!(
                "{file}: Kamal stops with \"No servers or accessories specified\""
            ));
        }
    }

    fn not_deployed_alone(&mut self, main: &Doc, alone: bool) {
        if alone {
            self.refuse_without_servers(&[main], &main.name);
        }
        let why = if main.get(&["require_destination"]) == Some(&Value::Bool(true)) {
            "it sets require_destination: true"
        } else if main.get(&["servers"]).is_none() {
            "it lists no servers: each destination file does"
        } else {
            "each environment deploys with a destination"
        };
        self.cover(main, &["require_destination"]);
        self.report.recognised.push(format!(
            "{}: not deployed on its own ({why}); its settings apply to every destination",
            main.name
        ));
    }

    /// Reports every key of `doc` that no line has spoken about, with why it is not needed.
    fn sweep(&mut self, doc: &Doc) {
        let mut lines = Vec::new();
        for key in doc.keys(&[]) {
            let reported_whole = self.is_covered(doc, &key);
            if SECTIONS.contains(&key.as_str()) {
                for sub in doc.keys(&[&key]) {
                    let path = format!("{key}.{sub}");
                    if !reported_whole && !self.is_covered(doc, &path) {
                        lines.push((why_not_needed(&path), path));
                    }
                }
            } else if !reported_whole && !self.covers_any_below(doc, &key) {
                lines.push((why_not_needed(&key), key));
            }
        }
        let mut by_reason: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (why, key) in lines {
            by_reason.entry(why).or_default().push(key);
        }
        for (why, keys) in by_reason {
            self.report
                .ignored
                .push(format!("{}: {} ({why})", doc.name, keys.join(", ")));
        }
    }

    fn is_covered(&self, doc: &Doc, key: &str) -> bool {
        self.covered.contains(&(doc.name.clone(), key.to_string()))
    }

    fn covers_any_below(&self, doc: &Doc, key: &str) -> bool {
        let prefix = format!("{key}.");
        self.covered
            .iter()
            .any(|(file, k)| *file == doc.name && k.starts_with(&prefix))
    }
}

/// An `env.secret` list (of the app, a role or an accessory) in Kamal 1 and 2. Kamal 2's
/// `NAME:SECRET` alias reads `SECRET` from `.kamal/secrets`, so that is the name the workflows
/// must provide.
fn secret_names(doc: &Doc, path: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for entry in doc.list(path) {
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

/// The GitHub secret that feeds Kamal variable `name`: the same name, except that GitHub
/// reserves secret names starting with `GITHUB_`, so `GITHUB_PACKAGES_TOKEN` (a common
/// `builder.secrets` entry) is fed by `KAMAL_GITHUB_PACKAGES_TOKEN`.
pub fn github_secret_for(name: &str) -> String {
    if name.to_ascii_uppercase().starts_with("GITHUB_") {
        format!("KAMAL_{name}")
    } else {
        name.to_string()
    }
}

fn is_env_name(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}
