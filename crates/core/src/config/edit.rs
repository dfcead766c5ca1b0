//! The form's edits as operations on the configuration: what a rename carries along, which
//! defaults a new kind of trigger, registry or known-hosts source starts from. The page's
//! components call these; the tests here pin their behaviour natively.

use crate::digitalocean;

use super::{
    Backup, BackupStore, ConcurrencyPolicy, Config, Dump, Encryption, Environment, KamalInstall,
    KamalVersion, KnownHosts, Layout, Registry, SecretVar, Trigger, Vault, VaultAccess, VaultItem,
};

/// A choice by the name the page's select uses for it: the kinds a trigger or registry can be,
/// and the plain enums (Kamal version, invocation, layout, concurrency) the page offers as
/// options. One name per value, so the select needs no map of its own.
pub trait Kind: Sized {
    fn name(&self) -> &'static str;
}

impl Kind for Trigger {
    fn name(&self) -> &'static str {
        match self {
            Trigger::Release => "release",
            Trigger::Branches { .. } => "branches",
            Trigger::Tags { .. } => "tags",
            Trigger::Manual => "manual",
            Trigger::After { .. } => "after",
            Trigger::Promote { .. } => "promote",
        }
    }
}

impl Kind for Registry {
    fn name(&self) -> &'static str {
        match self {
            Registry::Ecr { .. } => "ecr",
            Registry::Ghcr => "ghcr",
            Registry::Gar { .. } => "gar",
            Registry::Acr { .. } => "acr",
            Registry::DockerHub { .. } => "docker_hub",
            Registry::Other { server, .. } if server == digitalocean::HOST => "digitalocean",
            Registry::Other { .. } => "other",
        }
    }
}

/// Kinds the configuration keeps by name (a trigger's or registry's kind as the edits take it).
impl Kind for &'static str {
    fn name(&self) -> &'static str {
        self
    }
}

impl Kind for Dump {
    fn name(&self) -> &'static str {
        match self {
            Dump::Postgres { .. } => "postgres",
            Dump::Mysql { .. } => "mysql",
            Dump::Sqlite { .. } => "sqlite",
            Dump::Command { .. } => "command",
        }
    }
}

impl Kind for Encryption {
    fn name(&self) -> &'static str {
        match self {
            Encryption::Age { .. } => "age",
            Encryption::Gpg { .. } => "gpg",
        }
    }
}

impl Kind for BackupStore {
    fn name(&self) -> &'static str {
        match self {
            BackupStore::Artifact { .. } => "artifact",
            BackupStore::S3 { .. } => "s3",
        }
    }
}

impl Kind for KamalVersion {
    fn name(&self) -> &'static str {
        match self {
            KamalVersion::V2 => "2",
            KamalVersion::V1 => "1",
        }
    }
}

impl Kind for KamalInstall {
    fn name(&self) -> &'static str {
        match self {
            KamalInstall::GemfileLock => "gemfile_lock",
            KamalInstall::BundleBinstub => "bin/kamal",
            KamalInstall::BundleExec => "bundle exec kamal",
            KamalInstall::Version => "version",
        }
    }
}

impl Kind for Layout {
    fn name(&self) -> &'static str {
        match self {
            Layout::Actions => "actions",
            Layout::Seed => "seed",
        }
    }
}

impl Kind for ConcurrencyPolicy {
    fn name(&self) -> &'static str {
        match self {
            ConcurrencyPolicy::Queue => "queue",
            ConcurrencyPolicy::CancelAndReleaseLock => "cancel_and_release_lock",
        }
    }
}

impl Kind for Option<Vault> {
    fn name(&self) -> &'static str {
        self.map_or("github", Vault::adapter)
    }
}

/// The name of the known-hosts source, `none` when host keys are not pinned.
pub fn known_hosts_kind(source: Option<&KnownHosts>) -> &'static str {
    match source {
        None => "none",
        Some(KnownHosts::Secret(_)) => "secret",
        Some(KnownHosts::Variable(_)) => "variable",
    }
}

/// A trigger of `kind` with the values a user most often starts from.
fn fresh_trigger(kind: &str) -> Trigger {
    match kind {
        "branches" => Trigger::Branches {
            branches: vec!["main".into()],
        },
        "tags" => Trigger::Tags {
            tags: vec!["v*".into()],
        },
        "manual" => Trigger::Manual,
        _ => Trigger::Release,
    }
}

/// A dump of `kind` with the names a Kamal app most often has.
fn fresh_dump(kind: &str) -> Dump {
    match kind {
        "mysql" => Dump::Mysql {
            accessory: "db".into(),
        },
        "sqlite" => Dump::Sqlite {
            path: "/rails/storage/production.sqlite3".into(),
        },
        "command" => Dump::Command {
            command: "accessory exec db --reuse --raw 'pg_dumpall --clean'".into(),
        },
        _ => Dump::Postgres {
            accessory: "db".into(),
        },
    }
}

/// Encryption of `kind`, waiting for the user's public key.
fn fresh_encryption(kind: &str) -> Encryption {
    match kind {
        "gpg" => Encryption::Gpg {
            public_key_variable: "BACKUP_PUBLIC_KEY".into(),
        },
        _ => Encryption::Age {
            recipient: String::new(),
        },
    }
}

/// A registry of `kind`, empty but for the conventional secret names and region.
fn fresh_registry(kind: &str) -> Registry {
    match kind {
        "ecr" => Registry::Ecr {
            account_id: String::new(),
            region: "us-east-1".into(),
            role_arn: String::new(),
            repository: String::new(),
        },
        "gar" => Registry::Gar {
            location: "us-central1".into(),
            project: String::new(),
            repository: String::new(),
            workload_identity_provider: String::new(),
            service_account: String::new(),
        },
        "acr" => Registry::Acr {
            name: String::new(),
            client_id: String::new(),
            tenant_id: String::new(),
            subscription_id: String::new(),
        },
        // The API token is both the username and the password: the username names the same
        // secret, which `config/deploy.yml` reads as `[KAMAL_REGISTRY_PASSWORD]`.
        "digitalocean" => Registry::Other {
            server: digitalocean::HOST.into(),
            username: digitalocean::TOKEN_SECRET.into(),
            password_secret: digitalocean::TOKEN_SECRET.into(),
        },
        "docker_hub" => Registry::DockerHub {
            username: String::new(),
            password_secret: "DOCKERHUB_TOKEN".into(),
        },
        "other" => Registry::Other {
            server: String::new(),
            username: String::new(),
            password_secret: "KAMAL_REGISTRY_PASSWORD_SECRET".into(),
        },
        _ => Registry::Ghcr,
    }
}

impl Config {
    /// A name no environment has yet: `environment-2`, `environment-3`, …
    pub fn fresh_environment_name(&self) -> String {
        (self.environments.len() + 1..)
            .map(|n| format!("environment-{n}"))
            .find(|name| self.environment(name).is_none())
            .expect("some number is free")
    }

    /// Adds an environment deployed by hand, under a fresh name.
    pub fn add_environment(&mut self) {
        let name = self.fresh_environment_name();
        self.environments
            .push(Environment::new(&name, Trigger::Manual));
    }

    /// Renames environment `i`, carrying along the destination, GitHub environment and backup
    /// target when they followed the old name.
    pub fn rename_environment(&mut self, i: usize, name: String) {
        let Some(env) = self.environments.get_mut(i) else {
            return;
        };
        let old = std::mem::replace(&mut env.name, name.clone());
        if env.destination == old {
            env.destination = name.clone();
        }
        if env.github_environment == old {
            env.github_environment = name.clone();
        }
        for env in &mut self.environments {
            if let Trigger::After { from } | Trigger::Promote { from } = &mut env.trigger {
                if *from == old {
                    *from = name.clone();
                }
            }
        }
        if let Some(backup) = self.backup.as_mut().filter(|b| b.environment == old) {
            backup.environment = name;
        }
    }

    /// Switches how Kamal is installed. A named version is filled in with the newest release
    /// when there is none, and cleared when another mode takes over, so either way the
    /// configuration stays valid.
    pub fn set_kamal_install(&mut self, install: KamalInstall) {
        let project = &mut self.project;
        project.kamal_install = install;
        if install != KamalInstall::Version {
            project.kamal_gem_version.clear();
        } else if project.kamal_gem_version.is_empty() {
            project.kamal_gem_version = project.kamal_version.newest().into();
        }
    }

    /// Switches environment `i`'s trigger to `kind`, keeping it when it already is one. A
    /// promotion starts from the environment before this one (the first, for the first).
    pub fn set_trigger_kind(&mut self, i: usize, kind: &str) {
        let from = self
            .environments
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .min_by_key(|(j, _)| (*j > i, i.abs_diff(*j)))
            .map(|(_, e)| e.name.clone())
            .unwrap_or_default();
        if let Some(env) = self.environments.get_mut(i) {
            if env.trigger.name() != kind {
                env.trigger = match kind {
                    "after" => Trigger::After { from },
                    "promote" => Trigger::Promote { from },
                    _ => fresh_trigger(kind),
                };
            }
        }
    }

    /// Sets the environment a promoted environment `i` deploys the image of.
    pub fn set_promoted_from(&mut self, i: usize, name: String) {
        if let Some(env) = self.environments.get_mut(i) {
            if let Trigger::After { from } | Trigger::Promote { from } = &mut env.trigger {
                *from = name;
            }
        }
    }

    /// Switches the registry to `kind`, keeping it when it already is one.
    pub fn set_registry_kind(&mut self, kind: &str) {
        if self.registry.name() != kind {
            self.registry = fresh_registry(kind);
        }
    }

    /// Switches where known_hosts comes from, keeping its name (`SSH_KNOWN_HOSTS` when new).
    pub fn set_known_hosts_kind(&mut self, kind: &str) {
        let name = match &self.secrets.known_hosts {
            Some(KnownHosts::Secret(n) | KnownHosts::Variable(n)) => n.clone(),
            None => "SSH_KNOWN_HOSTS".into(),
        };
        self.secrets.known_hosts = match kind {
            "secret" => Some(KnownHosts::Secret(name)),
            "variable" => Some(KnownHosts::Variable(name)),
            _ => None,
        };
    }

    /// Renames the known_hosts secret or variable.
    pub fn rename_known_hosts(&mut self, name: String) {
        self.secrets.known_hosts = match self.secrets.known_hosts {
            Some(KnownHosts::Secret(_)) => Some(KnownHosts::Secret(name)),
            _ => Some(KnownHosts::Variable(name)),
        };
    }

    /// Renames variable `i`, keeping each environment's override for it; the secret follows
    /// when it had the variable's name.
    pub fn rename_variable(&mut self, i: usize, name: String) {
        let Some(var) = self.secrets.env.get_mut(i) else {
            return;
        };
        let old = std::mem::replace(&mut var.name, name.clone());
        if var.secret == old {
            var.secret = name.clone();
        }
        if let Some(item) = var.vault.as_mut().filter(|v| v.field == old) {
            item.field = name.clone();
        }
        for env in &mut self.environments {
            if let Some(secret) = env.secret_overrides.remove(&old) {
                env.secret_overrides.insert(name.clone(), secret);
            }
        }
    }

    /// Adds an empty variable row.
    pub fn add_variable(&mut self) {
        self.secrets
            .env
            .push(SecretVar::github(String::new(), String::new()));
    }

    /// Removes variable `i` and every environment's override for it.
    pub fn remove_variable(&mut self, i: usize) {
        if i < self.secrets.env.len() {
            let removed = self.secrets.env.remove(i);
            for env in &mut self.environments {
                env.secret_overrides.remove(&removed.name);
            }
        }
    }

    /// Switches where variable `i` comes from: a GitHub secret (`None`, named like the
    /// variable) or `vault`. A new vault item starts with the variable's name as its field, and
    /// the vault's access with its token's conventional secret name.
    pub fn set_variable_source(&mut self, i: usize, vault: Option<Vault>) {
        let Some(var) = self.secrets.env.get_mut(i) else {
            return;
        };
        if var.vault.as_ref().map(|v| v.vault) == vault {
            return;
        }
        let item = var.vault.take().map(|v| v.item).unwrap_or_default();
        var.vault = vault.map(|vault| VaultItem {
            vault,
            item,
            field: var.name.clone(),
        });
        var.secret = if vault.is_some() {
            String::new()
        } else {
            var.name.clone()
        };
        if let Some(vault) = vault {
            if let Some(token) = vault.token_variable() {
                self.secrets
                    .vaults
                    .entry(vault)
                    .or_insert_with(|| VaultAccess {
                        token_secret: token.into(),
                        account: String::new(),
                    });
            }
        }
    }

    /// Changes the vault item of variable `i`, when it comes from a vault.
    pub fn edit_vault_item(&mut self, i: usize, f: impl FnOnce(&mut VaultItem)) {
        if let Some(item) = self.secrets.env.get_mut(i).and_then(|v| v.vault.as_mut()) {
            f(item);
        }
    }

    /// The vaults the variables read from, each once, in a fixed order.
    pub fn vaults_used(&self) -> Vec<Vault> {
        Vault::ALL
            .into_iter()
            .filter(|v| {
                self.secrets
                    .env
                    .iter()
                    .any(|s| s.vault.as_ref().is_some_and(|i| i.vault == *v))
            })
            .collect()
    }

    /// Turns the backup workflow on (a nightly PostgreSQL dump of the `db` accessory on the
    /// first environment, kept 30 days as an artifact; the age public key is the user's to
    /// give) or off.
    pub fn set_backup(&mut self, on: bool) {
        self.backup = on.then(|| Backup {
            environment: self
                .environments
                .first()
                .map(|e| e.name.clone())
                .unwrap_or_default(),
            cron: "0 3 * * *".into(),
            dump: fresh_dump("postgres"),
            encryption: fresh_encryption("age"),
            store: BackupStore::default(),
        });
    }

    /// Switches what the backup dumps, keeping it when it already is that kind.
    pub fn set_dump_kind(&mut self, kind: &str) {
        if let Some(b) = self.backup.as_mut().filter(|b| b.dump.name() != kind) {
            b.dump = fresh_dump(kind);
        }
    }

    /// Switches how the backup is encrypted, keeping it when it already is that kind.
    pub fn set_encryption_kind(&mut self, kind: &str) {
        if let Some(b) = self.backup.as_mut().filter(|b| b.encryption.name() != kind) {
            b.encryption = fresh_encryption(kind);
        }
    }

    /// Switches where the backup is kept; S3 starts in the registry's region and with its
    /// role when the registry is ECR.
    pub fn set_store_kind(&mut self, kind: &str) {
        let (region, role_arn) = match &self.registry {
            Registry::Ecr {
                region, role_arn, ..
            } => (region.clone(), role_arn.clone()),
            _ => ("us-east-1".into(), String::new()),
        };
        if let Some(b) = self.backup.as_mut().filter(|b| b.store.name() != kind) {
            b.store = match kind {
                "s3" => BackupStore::S3 {
                    bucket: String::new(),
                    prefix: "backups/".into(),
                    region,
                    role_arn,
                },
                _ => BackupStore::default(),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_promotion_starts_from_the_environment_before_and_follows_renames() {
        let mut config = Config::default();
        config.set_trigger_kind(1, "after");
        assert_eq!(
            config.environments[1].trigger,
            Trigger::After {
                from: "production".into()
            }
        );
        config.set_trigger_kind(0, "promote");
        assert_eq!(
            config.environments[0].trigger.promoted_from(),
            Some("staging")
        );
        config.rename_environment(1, "qa".into());
        assert_eq!(config.environments[0].trigger.promoted_from(), Some("qa"));
        config.set_promoted_from(0, "elsewhere".into());
        assert_eq!(
            config.environments[0].trigger.promoted_from(),
            Some("elsewhere")
        );
    }

    #[test]
    fn installing_kamal_at_a_named_version_fills_it_in_and_leaving_clears_it() {
        let mut config = Config::default();
        config.set_kamal_install(KamalInstall::Version);
        assert_eq!(config.project.kamal_gem_version, "2.12.0");
        assert!(crate::validate(&config).is_empty());
        config.set_kamal_version(crate::config::KamalVersion::V1);
        assert_eq!(config.project.kamal_gem_version, "1.9.3");
        config.set_kamal_install(KamalInstall::BundleExec);
        assert_eq!(config.project.kamal_gem_version, "");
        assert!(crate::validate(&config).is_empty());
    }

    #[test]
    fn a_variable_switches_to_a_vault_and_back() {
        let mut config = Config::default();
        config.set_variable_source(1, Some(Vault::OnePassword));
        let var = &config.secrets.env[1];
        let item = var.vault.as_ref().unwrap();
        assert_eq!(
            (item.vault, item.field.as_str()),
            (Vault::OnePassword, "DATABASE_URL")
        );
        assert_eq!(
            config.secrets.vaults[&Vault::OnePassword].token_secret,
            "OP_SERVICE_ACCOUNT_TOKEN"
        );
        config.edit_vault_item(1, |i| i.item = "{environment}/app".into());
        config.set_variable_source(1, Some(Vault::Doppler));
        let item = config.secrets.env[1].vault.as_ref().unwrap();
        assert_eq!(
            item.item, "{environment}/app",
            "the item is kept across vaults"
        );
        assert_eq!(config.vaults_used(), [Vault::Doppler]);
        config.set_variable_source(1, None);
        assert_eq!(
            config.secrets.env[1],
            SecretVar::github("DATABASE_URL", "DATABASE_URL")
        );
        assert!(config.vaults_used().is_empty());
        config.set_variable_source(1, Some(Vault::AwsSecretsManager));
        assert!(
            !config
                .secrets
                .vaults
                .contains_key(&Vault::AwsSecretsManager),
            "the OIDC role opens AWS: no token"
        );
    }

    #[test]
    fn renaming_a_variable_carries_its_vault_field_when_it_had_the_name() {
        let mut config = Config::default();
        config.set_variable_source(1, Some(Vault::OnePassword));
        config.rename_variable(1, "PRIMARY_DATABASE_URL".into());
        assert_eq!(
            config.secrets.env[1].vault.as_ref().unwrap().field,
            "PRIMARY_DATABASE_URL"
        );
        config.edit_vault_item(1, |i| i.field = "url".into());
        config.rename_variable(1, "DB".into());
        assert_eq!(config.secrets.env[1].vault.as_ref().unwrap().field, "url");
    }

    #[test]
    fn renaming_an_environment_carries_what_followed_its_name() {
        let mut config = Config::default();
        config.set_backup(true);
        config.environments[0].github_environment = "prod-gh".into();
        config.rename_environment(0, "live".into());
        let env = &config.environments[0];
        assert_eq!(env.destination, "live");
        assert_eq!(env.github_environment, "prod-gh", "set by hand: kept");
        assert_eq!(config.backup.unwrap().environment, "live");
        let mut config = Config::default();
        config.rename_environment(9, "x".into());
        assert_eq!(
            config,
            Config::default(),
            "no such environment: nothing changes"
        );
    }

    #[test]
    fn new_environments_get_a_free_name_and_deploy_by_hand() {
        let mut config = Config::default();
        config.add_environment();
        config.add_environment();
        let names: Vec<&str> = config
            .environments
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(
            names,
            ["production", "staging", "environment-3", "environment-4"]
        );
        assert_eq!(config.environments[2].trigger, Trigger::Manual);
        assert!(crate::validate(&config).is_empty());
    }

    #[test]
    fn switching_kinds_starts_from_defaults_and_keeps_the_same_kind() {
        let mut config = Config::default();
        config.set_trigger_kind(1, "branches");
        assert_eq!(
            config.environments[1].trigger,
            Trigger::Branches {
                branches: vec!["staging".into()]
            },
            "already branches: kept"
        );
        config.set_trigger_kind(1, "tags");
        assert_eq!(config.environments[1].trigger.name(), "tags");
        config.set_registry_kind("ecr");
        assert_eq!(
            config.registry,
            Config::default().registry,
            "already ECR: kept"
        );
        config.set_registry_kind("docker_hub");
        assert!(matches!(config.registry, Registry::DockerHub { .. }));
        config.set_known_hosts_kind("secret");
        assert_eq!(
            config.secrets.known_hosts,
            Some(KnownHosts::Secret("SSH_KNOWN_HOSTS".into()))
        );
        config.rename_known_hosts("HOSTS".into());
        config.set_known_hosts_kind("none");
        assert_eq!(
            known_hosts_kind(config.secrets.known_hosts.as_ref()),
            "none"
        );
    }

    #[test]
    fn variables_keep_their_overrides_through_renames_and_lose_them_on_removal() {
        let mut config = Config::default();
        config.environments[0]
            .secret_overrides
            .insert("DATABASE_URL".into(), "DATABASE_URL_ADMIN".into());
        config.rename_variable(1, "PRIMARY_DATABASE_URL".into());
        assert_eq!(config.secrets.env[1].secret, "PRIMARY_DATABASE_URL");
        assert_eq!(
            config.environments[0].secret_overrides["PRIMARY_DATABASE_URL"],
            "DATABASE_URL_ADMIN"
        );
        config.remove_variable(1);
        assert!(config.environments[0].secret_overrides.is_empty());
        assert!(crate::validate(&config).is_empty());
    }
}
