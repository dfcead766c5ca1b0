//! The configuration: one versioned JSON document that the page edits, the share link carries
//! and the CLI reads. Plain data, no signals: the UI keeps one `Config` and derives the rest.
//!
//! Defaults reproduce the seed post's setup brought up to date (Kamal 2, ECR through OIDC,
//! production on release, staging on pushes), so a user starts from something that works.

pub mod diff;
pub mod edit;
pub mod labels;
pub mod migrate;
pub mod path;
mod read;

use std::collections::BTreeMap;

#[cfg(test)]
use serde::Deserialize;
use serde::Serialize;

/// Kamal's versions are Kamal's: the type lives with its command table.
pub use crate::kamal::KamalVersion;
pub use crate::vault::Vault;

/// The format version this build writes. Older versions are migrated on load.
pub const FORMAT_VERSION: u32 = 2;

/// Everything the generated files depend on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The format version, so that links and exported files keep opening as the format grows.
    pub version: u32,
    pub project: Project,
    /// Deploy targets, in the order they appear in the page and in manual-deploy choices.
    pub environments: Vec<Environment>,
    pub secrets: Secrets,
    pub registry: Registry,
    #[serde(default)]
    pub build: Build,
    /// Kamal commands teammates may run from the "run a Kamal command" workflow, as typed
    /// after `kamal` (e.g. `proxy reboot --rolling`). Empty: no run-command workflow.
    #[serde(default)]
    pub commands: Vec<String>,
    #[serde(default)]
    pub checks: Checks,
    /// A scheduled workflow running one Kamal command against one environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup: Option<Backup>,
    /// Add `.github/dependabot.yml`, which keeps the pinned action SHAs current.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub dependabot: bool,
}

/// The application and how its repository is laid out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// The Kamal service name (`service:` in `config/deploy.yml`).
    pub service: String,
    /// GitHub `owner/repo`, used in comments and the setup kit. Optional.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub repository: String,
    /// The owner's and the repository's immutable numeric ids (`gh api repos/OWNER/REPO
    /// --jq '.owner.id, .id'`), as typed. Repositories created, renamed or transferred after
    /// GitHub's July 2026 cutover get OIDC tokens whose subject names them
    /// (`repo:OWNER@OWNER_ID/REPO@REPO_ID:...`), so the AWS trust policies admit that form
    /// only when both are known. Optional.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner_id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub repository_id: String,
    #[serde(default)]
    pub kamal_version: KamalVersion,
    #[serde(default)]
    pub kamal_install: KamalInstall,
    /// The Kamal version [`KamalInstall::Version`] installs, e.g. `2.12.0`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub kamal_gem_version: String,
    /// `.ruby-version`, `.tool-versions` or an explicit version such as `3.3.6`.
    #[serde(default = "default_ruby_version")]
    pub ruby_version: String,
    /// The `runs-on:` label of every job.
    #[serde(default = "default_runner")]
    pub runner: String,
    /// `timeout-minutes:` of every job (deploys included).
    #[serde(default = "default_timeout")]
    pub timeout_minutes: u32,
    #[serde(default)]
    pub layout: Layout,
    /// Name workflows like the seed (`01.build_deploy_production.yml`, ...).
    #[serde(default)]
    pub numbered_workflows: bool,
}

/// How the jobs get Kamal, and so how they run it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum KamalInstall {
    /// Kamal alone, at the version the app's `Gemfile.lock` pins (read at run time), with the
    /// lock's versions of its dependencies: seconds instead of the whole bundle's minutes.
    #[default]
    #[serde(rename = "gemfile_lock")]
    GemfileLock,
    /// The whole bundle, then the binstub Rails apps get from `kamal init`: for Kamal hooks
    /// that need the app's gems.
    #[serde(rename = "bin/kamal")]
    BundleBinstub,
    /// The whole bundle, then `bundle exec kamal`.
    #[serde(rename = "bundle exec kamal")]
    BundleExec,
    /// Kamal alone at `kamal_gem_version`, for apps without a Gemfile.
    #[serde(rename = "version")]
    Version,
}

impl KamalInstall {
    /// The command that runs Kamal once the install step ran. Kamal installed alone is on
    /// the PATH the Kamal scripts set ([`crate::render`]'s tools line).
    pub fn command(self) -> &'static str {
        match self {
            Self::GemfileLock | Self::Version => "kamal",
            Self::BundleBinstub => "bin/kamal",
            Self::BundleExec => "bundle exec kamal",
        }
    }

    /// Whether the jobs install Kamal by itself rather than the app's bundle.
    pub fn alone(self) -> bool {
        matches!(self, Self::GemfileLock | Self::Version)
    }
}

/// Where composite actions live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// `.github/actions/<name>/action.yml`, GitHub's convention.
    #[default]
    Actions,
    /// `.github/workflows/<name>/action.yaml`, as in the seed post.
    Seed,
}

/// One deploy target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// Names the workflow and jobs, e.g. `production`.
    pub name: String,
    /// The Kamal destination (`-d NAME`, `config/deploy.NAME.yml`); empty for none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub destination: String,
    /// The GitHub environment the jobs run in (its secrets and protection rules).
    pub github_environment: String,
    /// Shown on the deployment in GitHub; optional.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    pub trigger: Trigger,
    /// Run the specs and lint workflows first and deploy only if they pass.
    #[serde(default = "yes")]
    pub checks_first: bool,
    #[serde(default)]
    pub concurrency: ConcurrencyPolicy,
    /// Per-environment GitHub secret names for Kamal variables, overriding `secrets.env`
    /// (the seed's `DATABASE_URL_PRODUCTION_ADMIN`). Keyed by the variable name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub secret_overrides: BTreeMap<String, String>,
    /// An IAM role for this environment instead of the registry's shared one (ECR only).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub aws_role_arn: String,
    /// A Google service account for this environment instead of the registry's shared one
    /// (Artifact Registry only): with one per environment, each environment's jobs read only
    /// its own Secret Manager secrets.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub gcp_service_account: String,
    /// The servers' hosts (`servers:` of its deploy.yml), for the setup guide's `ssh-keyscan`
    /// command. Kamal itself reads them from deploy.yml; the workflows do not need them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
}

/// What starts a deploy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "on", rename_all = "snake_case", deny_unknown_fields)]
pub enum Trigger {
    /// A GitHub release is published.
    Release,
    /// A push to one of these branches.
    Branches { branches: Vec<String> },
    /// A push of a tag matching one of these patterns (e.g. `v*`).
    Tags { tags: Vec<String> },
    /// Only the manual-deploy workflow deploys it.
    Manual,
    /// Right after environment `from` deploys, in the same run: the image `from` built and
    /// pushed, without building (`kamal deploy --skip-push --version`), once this
    /// environment's protection rules (required reviewers) let the job start.
    After { from: String },
    /// By hand, from its promote workflow: the image `from` built at the commit chosen there.
    Promote { from: String },
}

impl Trigger {
    /// The environment whose image a promoted environment deploys.
    pub fn promoted_from(&self) -> Option<&str> {
        match self {
            Self::After { from } | Self::Promote { from } => Some(from),
            _ => None,
        }
    }

    /// Whether the environment has a deploy workflow of its own (started by GitHub events).
    pub fn has_deploy_workflow(&self) -> bool {
        matches!(
            self,
            Self::Release | Self::Branches { .. } | Self::Tags { .. }
        )
    }
}

/// What happens when a deploy starts while another runs for the same environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConcurrencyPolicy {
    /// Wait for the running deploy to finish (the safe default).
    #[default]
    Queue,
    /// Cancel the running deploy and release the Kamal lock it leaves (the seed's behaviour;
    /// `kamal lock release` also removes a manual maintenance lock).
    CancelAndReleaseLock,
}

/// The names of the GitHub secrets the workflows read. Never their values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Secrets {
    /// The secret holding the private key Kamal uses for SSH.
    pub ssh_private_key: String,
    /// Where the servers' `known_hosts` lines come from; none trusts hosts on first use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known_hosts: Option<KnownHosts>,
    /// The variables Kamal reads (listed in `.kamal/secrets*`) and the secrets that feed them.
    #[serde(default)]
    pub env: Vec<SecretVar>,
    /// How the jobs reach each vault a variable reads from.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub vaults: BTreeMap<Vault, VaultAccess>,
}

/// A `known_hosts` source: a secret or a configuration variable of that name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum KnownHosts {
    Secret(String),
    Variable(String),
}

/// One variable Kamal needs, e.g. `DATABASE_URL` fed by the secret `DATABASE_URL`, or fetched
/// from a vault item. A document naming both is refused when read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, try_from = "SecretVarDoc")]
pub struct SecretVar {
    pub name: String,
    /// The GitHub secret feeding it; empty when it comes from a vault.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub secret: String,
    /// The vault item Kamal fetches it from (`kamal secrets fetch`), instead of a secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vault: Option<VaultItem>,
}

/// [`SecretVar`] as written, before the one-source rule is checked: what the schema describes,
/// and what the derived reader the tests compare [`read`] with reads.
#[cfg(any(test, feature = "schema"))]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct SecretVarDoc {
    name: String,
    #[serde(default)]
    secret: String,
    #[serde(default)]
    vault: Option<VaultItem>,
}

#[cfg(any(test, feature = "schema"))]
impl TryFrom<SecretVarDoc> for SecretVar {
    type Error = String;

    fn try_from(doc: SecretVarDoc) -> Result<Self, String> {
        if doc.vault.is_some() && !doc.secret.is_empty() {
            return Err(format!(
                "{} names both a secret and a vault item: keep one",
                doc.name
            ));
        }
        Ok(Self {
            name: doc.name,
            secret: doc.secret,
            vault: doc.vault,
        })
    }
}

impl SecretVar {
    /// A variable fed by the GitHub secret `secret`.
    pub fn github(name: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            secret: secret.into(),
            vault: None,
        }
    }
}

/// Where in a vault a variable's value is: the item (which may name the environment through
/// `{environment}`) and the field within it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VaultItem {
    pub vault: Vault,
    #[serde(default)]
    pub item: String,
    #[serde(default)]
    pub field: String,
}

/// What the jobs need to open a vault.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct VaultAccess {
    /// The GitHub secret (one per GitHub environment) holding the vault's token; unused by
    /// AWS Secrets Manager, which the OIDC role opens.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub token_secret: String,
    /// 1Password's account (its sign-in address, e.g. `example.1password.com`), which Kamal's
    /// adapter requires.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub account: String,
}

/// Where images are pushed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Registry {
    /// Amazon ECR, logged in through GitHub's OIDC token and an IAM role.
    Ecr {
        account_id: String,
        region: String,
        role_arn: String,
        /// The ECR repository Kamal pushes to (`image:` in `config/deploy.yml`); empty means
        /// the service name. Only the setup kit's IAM policy needs it.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        repository: String,
    },
    /// GitHub Container Registry with the job's `GITHUB_TOKEN`.
    Ghcr,
    /// Google Artifact Registry, logged in with a short-lived token through Workload Identity
    /// Federation (`google-github-actions/auth`): no JSON key.
    Gar {
        /// `europe-west1`: the host is `LOCATION-docker.pkg.dev`.
        location: String,
        project: String,
        /// The Artifact Registry repository (`image: PROJECT/REPOSITORY/SERVICE`).
        repository: String,
        /// `projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`.
        workload_identity_provider: String,
        /// The service account the jobs impersonate, allowed to push to the repository.
        service_account: String,
    },
    /// Azure Container Registry, logged in through OIDC (`azure/login`, then `az acr login
    /// --expose-token`): no stored password.
    Acr {
        /// `acme` for `acme.azurecr.io`.
        name: String,
        /// The Entra ID application (client) whose federated credentials admit the jobs.
        client_id: String,
        tenant_id: String,
        subscription_id: String,
    },
    /// Docker Hub with an access token.
    DockerHub {
        username: String,
        password_secret: String,
    },
    /// Any other registry.
    Other {
        server: String,
        username: String,
        password_secret: String,
    },
}

/// How images are built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Build {
    /// Run `docker/setup-buildx-action` first.
    #[serde(default = "yes")]
    pub setup_buildx: bool,
    /// Expose the Actions cache to Kamal's builder (`cache: type: gha` in deploy.yml).
    #[serde(default)]
    pub gha_cache: bool,
    /// Kamal's `builder.remote` when it is `ssh://[user@]host[:port]`: the runner connects
    /// to it over SSH, so the setup guide pins its host key with the servers'. Empty: none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub remote_builder: String,
}

/// The commands the pull-request and pre-deploy checks run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Checks {
    pub specs: String,
    pub lint: String,
}

/// A scheduled (and manual) backup of one environment's database. The dump runs where the
/// database runs and its output goes straight through compression and encryption to a public
/// key into a file on the runner, never to the job log; the file is kept as a workflow artifact
/// or in the user's S3 bucket. Only the holder of the private key can read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Backup {
    /// The environment's `name`.
    pub environment: String,
    /// Five-field cron, in UTC.
    pub cron: String,
    pub dump: Dump,
    pub encryption: Encryption,
    #[serde(default)]
    pub store: BackupStore,
}

/// What is dumped, and how: every dump runs in a running container (`--reuse`) and Kamal
/// passes its output through untouched (`--raw`, Kamal 2.12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Dump {
    /// `pg_dumpall` in the PostgreSQL accessory, as its `POSTGRES_USER` (the official image's
    /// superuser): every database and role, whatever names Rails gave the databases.
    Postgres { accessory: String },
    /// `mysqldump --single-transaction` of every database in the MySQL accessory, as root with
    /// its `MYSQL_ROOT_PASSWORD`.
    Mysql { accessory: String },
    /// `sqlite3 FILE .dump` in the web role's running container on its primary host: a database
    /// file in a volume, e.g. Rails 8's `/rails/storage/production.sqlite3`.
    Sqlite { path: String },
    /// A Kamal command, as typed after `kamal`, whose output is the dump: `accessory exec` or
    /// `app exec` with `--raw` (and `--reuse` for an accessory).
    Command { command: String },
}

/// The public key a backup is encrypted to. The private key never goes near GitHub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Encryption {
    /// An age recipient (`age1...`, from `age-keygen`): public, so it is part of the
    /// configuration.
    Age { recipient: String },
    /// An ASCII-armored OpenPGP public key, held in the GitHub configuration variable of this
    /// name (too long to type into a field).
    Gpg { public_key_variable: String },
}

/// Where an encrypted backup is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum BackupStore {
    /// A workflow artifact of the run, kept this many days (GitHub allows 1 to 90 by default).
    Artifact { retention_days: u32 },
    /// An S3 bucket, written through an IAM role the job assumes with GitHub's OIDC token.
    S3 {
        bucket: String,
        /// Key prefix, e.g. `backups/`; may be empty.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        prefix: String,
        region: String,
        role_arn: String,
    },
}

impl Default for BackupStore {
    fn default() -> Self {
        Self::Artifact { retention_days: 30 }
    }
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn default_ruby_version() -> String {
    ".ruby-version".into()
}

fn default_runner() -> String {
    "ubuntu-latest".into()
}

fn default_timeout() -> u32 {
    30
}

impl Default for Build {
    fn default() -> Self {
        Self {
            setup_buildx: true,
            gha_cache: false,
            remote_builder: String::new(),
        }
    }
}

impl Default for Checks {
    fn default() -> Self {
        Self {
            specs: "bin/rails test".into(),
            lint: "bin/rubocop".into(),
        }
    }
}

impl Environment {
    /// An environment named `name` deploying to the destination and GitHub environment of the
    /// same name.
    pub fn new(name: &str, trigger: Trigger) -> Self {
        Self {
            name: name.into(),
            destination: name.into(),
            github_environment: name.into(),
            url: String::new(),
            trigger,
            checks_first: true,
            concurrency: ConcurrencyPolicy::Queue,
            secret_overrides: BTreeMap::new(),
            aws_role_arn: String::new(),
            gcp_service_account: String::new(),
            hosts: Vec::new(),
        }
    }

    /// The Google service account this environment's jobs act as (Artifact Registry only): its
    /// own, or the registry's.
    pub fn gcp_service_account<'a>(&'a self, registry: &'a Registry) -> Option<&'a str> {
        match registry {
            Registry::Gar {
                service_account, ..
            } if self.gcp_service_account.is_empty() => Some(service_account),
            Registry::Gar { .. } => Some(&self.gcp_service_account),
            _ => None,
        }
    }

    /// The IAM role this environment's jobs assume (ECR only): its own, or the registry's.
    pub fn aws_role<'a>(&'a self, registry: &'a Registry) -> Option<&'a str> {
        match registry {
            Registry::Ecr { role_arn, .. } if self.aws_role_arn.is_empty() => Some(role_arn),
            Registry::Ecr { .. } => Some(&self.aws_role_arn),
            _ => None,
        }
    }

    /// The secret feeding `var` in this environment.
    pub fn secret_for<'a>(&'a self, var: &'a SecretVar) -> &'a str {
        self.secret_overrides
            .get(&var.name)
            .map_or(var.secret.as_str(), String::as_str)
    }
}

impl Default for Config {
    /// The seed's setup on Kamal 2: production on release, staging on pushes to `staging`.
    fn default() -> Self {
        Self {
            version: FORMAT_VERSION,
            project: Project {
                service: "myapp".into(),
                repository: String::new(),
                owner_id: String::new(),
                repository_id: String::new(),
                kamal_version: KamalVersion::V2,
                kamal_install: KamalInstall::GemfileLock,
                kamal_gem_version: String::new(),
                ruby_version: default_ruby_version(),
                runner: default_runner(),
                timeout_minutes: default_timeout(),
                layout: Layout::Actions,
                numbered_workflows: false,
            },
            environments: vec![
                Environment::new("production", Trigger::Release),
                Environment::new(
                    "staging",
                    Trigger::Branches {
                        branches: vec!["staging".into()],
                    },
                ),
            ],
            secrets: Secrets {
                ssh_private_key: "SSH_PRIVATE_KEY".into(),
                known_hosts: Some(KnownHosts::Variable("SSH_KNOWN_HOSTS".into())),
                env: ["RAILS_MASTER_KEY", "DATABASE_URL", "REDIS_URL"]
                    .into_iter()
                    .map(|name| SecretVar::github(name, name))
                    .collect(),
                vaults: BTreeMap::new(),
            },
            registry: Registry::Ecr {
                account_id: "123456789012".into(),
                region: "us-east-1".into(),
                role_arn: "arn:aws:iam::123456789012:role/github-actions-deploy".into(),
                repository: String::new(),
            },
            build: Build::default(),
            commands: vec!["proxy reboot --rolling".into(), "lock release".into()],
            checks: Checks::default(),
            backup: None,
            dependabot: true,
        }
    }
}

impl Config {
    /// Parses a JSON document of this build's format or an older one, naming the path of the
    /// field serde rejects. Every loader comes through here, so every loader migrates.
    pub fn from_json(text: &str) -> Result<Self, String> {
        Self::from_json_in(text, &migrate::CURRENT)
    }

    /// [`Config::from_json`] against `format`: tests simulate a format bump with it.
    pub fn from_json_in(text: &str, format: &migrate::Format) -> Result<Self, String> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        // Read from the migrated value, not its text: a position in that text would count in
        // one long line the user never sees (the parse above gives real ones).
        read::config(&format.migrate(value)?)
    }

    /// Pretty JSON with a trailing newline, the format of exported files and `examples/`.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("config serialises");
        text.push('\n');
        text
    }

    /// The configuration as a JSON value (links leave its defaults out, the undo merges it,
    /// the change list flattens it), read back from [`Config::to_json`]'s text. So the model is
    /// serialised one way only: a second serialiser, into the value directly, was 4.5 KB of the
    /// page's gzipped wasm, and a configuration's text parses in microseconds.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.to_json()).expect("a configuration's own JSON parses")
    }

    /// Switches the Kamal version, translating the commands that have a counterpart in it
    /// (`proxy` <-> `traefik`); returns each `(before, after)` so the caller can say so.
    pub fn set_kamal_version(&mut self, version: KamalVersion) -> Vec<(String, String)> {
        self.project.kamal_version = version;
        let gem = &mut self.project.kamal_gem_version;
        if !gem.is_empty() && !gem.starts_with(&format!("{}.", version.major())) {
            *gem = version.newest().into();
        }
        let mut translated = Vec::new();
        let commands = self.commands.iter_mut();
        let backup = self.backup.as_mut().and_then(|b| match &mut b.dump {
            Dump::Command { command } => Some(command),
            _ => None,
        });
        for command in commands.chain(backup) {
            if let Some(new) = crate::kamal::translate(command, version) {
                translated.push((std::mem::replace(command, new.clone()), new));
            }
        }
        translated
    }

    pub fn kamal(&self) -> &'static str {
        self.project.kamal_install.command()
    }

    pub fn environment(&self, name: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.name == name)
    }

    /// Whether an environment deploys an image another one built.
    pub fn promotes(&self) -> bool {
        self.environments
            .iter()
            .any(|e| e.trigger.promoted_from().is_some())
    }

    /// The environments that deploy right after `name` does, in the same run (`Trigger::After`).
    pub fn followers<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Environment> + 'a {
        self.environments
            .iter()
            .filter(move |e| matches!(&e.trigger, Trigger::After { from } if from == name))
    }

    /// The environment whose run deploys `env`: `env` itself, or for one deployed after another
    /// (`Trigger::After`), the first up that chain which is not. Its trigger says which refs the
    /// run comes from. A broken chain (a cycle, a missing name: validation refuses both) ends
    /// where it breaks.
    pub fn origin<'a>(&'a self, env: &'a Environment) -> &'a Environment {
        let mut at = env;
        for _ in 0..self.environments.len() {
            match &at.trigger {
                Trigger::After { from } => match self.environment(from) {
                    Some(next) => at = next,
                    None => break,
                },
                _ => break,
            }
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json() {
        let config = Config::default();
        assert_eq!(Config::from_json(&config.to_json()).unwrap(), config);
    }

    #[test]
    fn unknown_fields_are_rejected_with_their_path() {
        let mut value: serde_json::Value =
            serde_json::from_str(&Config::default().to_json()).unwrap();
        value["environments"][1]["trigger"]["brnches"] = serde_json::json!(["x"]);
        let err = Config::from_json(&value.to_string()).unwrap_err();
        assert!(err.starts_with("environments[1].trigger"), "{err}");
        assert!(err.contains("brnches"), "{err}");
        assert!(
            !err.contains("at line"),
            "no position in the migrated text the user never sees: {err}"
        );
    }

    #[test]
    fn switching_kamal_versions_translates_proxy_and_traefik() {
        let mut config = Config::default();
        let translated = config.set_kamal_version(KamalVersion::V1);
        assert_eq!(
            translated,
            [(
                "proxy reboot --rolling".to_string(),
                "traefik reboot --rolling".to_string()
            )]
        );
        assert!(crate::validate(&config).is_empty());
        config.set_kamal_version(KamalVersion::V2);
        assert_eq!(config, Config::default());
    }

    #[test]
    fn optional_sections_take_their_defaults() {
        let mut value: serde_json::Value =
            serde_json::from_str(&Config::default().to_json()).unwrap();
        let object = value.as_object_mut().unwrap();
        for key in ["build", "commands", "checks"] {
            object.remove(key);
        }
        let config = Config::from_json(&value.to_string()).unwrap();
        assert_eq!(config.build, Build::default());
        assert!(config.commands.is_empty());
        assert_eq!(config.checks, Checks::default());
    }
}
