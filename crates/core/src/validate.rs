//! Validation: every problem at once, each tied to the field that caused it, in words a user
//! understands. An invalid configuration never produces files.

use std::collections::BTreeSet;

use crate::aws;
use crate::aws::{check_account_id, check_ecr_repository, check_role_arn};
use crate::backup;
use crate::config::edit::Kind;
use crate::config::{
    path, Backup, BackupStore, ConcurrencyPolicy, Config, Dump, Encryption, Environment,
    KamalInstall, KamalVersion, KnownHosts, Registry, SecretVar, Trigger, VaultItem,
    FORMAT_VERSION,
};
use crate::github::{
    self, check_cron, check_github_id, check_repository, check_secret_name, RefKind,
};
use crate::kamal;
use crate::kamal::{check_destination, check_env_var, check_host, check_identifier, check_service};
use crate::path;
use crate::vault::{self, Vault};
use crate::{azure, gcp};

/// One problem with the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The field, as a path the page maps to its input: `project.service`,
    /// `environments[0].trigger.branches[1]`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Collects problems as the checks run.
#[derive(Default)]
struct Report(Vec<Problem>);

impl Report {
    fn check(&mut self, path: impl Into<String>, result: Result<(), String>) {
        if let Err(message) = result {
            self.0.push(Problem {
                path: path.into(),
                message,
            });
        }
    }
}

/// Upper bounds on list lengths: far beyond real use, low enough that a hostile link or
/// import cannot make the page render thousands of workflows.
const MAX_ENVIRONMENTS: usize = 30;
const MAX_VARIABLES: usize = 100;
const MAX_COMMANDS: usize = 50;
const MAX_REFS: usize = 20;
const MAX_HOSTS: usize = 50;
/// Upper bound on any free-text field.
const MAX_TEXT: usize = 500;

/// A value quoted in a message, cut short so a pasted blob does not fill the page.
fn shown(value: &str) -> String {
    const MAX: usize = 40;
    match value.char_indices().nth(MAX) {
        Some((end, _)) => format!("{}…", &value[..end]),
        None => value.to_string(),
    }
}

fn check_count(count: usize, max: usize, what: &str) -> Result<(), String> {
    if count <= max {
        Ok(())
    } else {
        Err(format!("at most {max} {what} (found {count})"))
    }
}

fn check_length(text: &str) -> Result<(), String> {
    if text.chars().count() <= MAX_TEXT {
        Ok(())
    } else {
        Err(format!("use at most {MAX_TEXT} characters"))
    }
}

/// All problems with `config`; empty when it can be rendered.
pub fn validate(config: &Config) -> Vec<Problem> {
    let mut r = Report::default();
    r.check(path!(Config: version), check_version(config.version));
    r.check(
        path!(Config: environments),
        check_count(config.environments.len(), MAX_ENVIRONMENTS, "environments"),
    );
    r.check(
        path!(Config: secrets.env),
        check_count(config.secrets.env.len(), MAX_VARIABLES, "variables"),
    );
    r.check(
        path!(Config: commands),
        check_count(config.commands.len(), MAX_COMMANDS, "commands"),
    );
    check_project(&mut r, config);
    if !config.build.remote_builder.is_empty() {
        r.check(
            path!(Config: build.remote_builder),
            crate::kamal::check_remote_builder(&config.build.remote_builder),
        );
    }
    check_environments(&mut r, config);
    check_secrets(&mut r, config);
    check_registry(&mut r, &config.registry);
    check_commands(&mut r, config);
    r.check(
        path!(Config: checks.specs),
        check_shell_line(&config.checks.specs, "the specs"),
    );
    r.check(
        path!(Config: checks.lint),
        check_shell_line(&config.checks.lint, "the linter"),
    );
    if let Some(backup) = &config.backup {
        check_backup(&mut r, config, backup);
    }
    r.0
}

fn check_backup(r: &mut Report, config: &Config, b: &Backup) {
    let env_ok = config.environment(&b.environment).is_some();
    r.check(
        path!(Config: backup => environment in Some(Backup { environment, .. })),
        if env_ok {
            Ok(())
        } else {
            Err("choose one of the environments".into())
        },
    );
    r.check(
        path!(Config: backup => cron in Some(Backup { cron, .. })),
        check_cron(&b.cron),
    );
    let version = config.project.kamal_version;
    let dump = |field| {
        path::variant(
            path!(Config: backup => dump in Some(Backup { dump, .. })),
            b.dump.name(),
            field,
        )
    };
    let (path, result) = match &b.dump {
        Dump::Postgres { accessory } | Dump::Mysql { accessory } => {
            (dump("accessory"), backup::check_accessory(accessory))
        }
        Dump::Sqlite { path } => (dump("path"), backup::check_sqlite_path(path)),
        Dump::Command { command } => (
            dump("command"),
            check_length(command).and_then(|()| backup::check_command(command, version)),
        ),
    };
    r.check(path, backup::check_kamal(config).and(result));
    let encryption = |field| {
        path::variant(
            path!(Config: backup => encryption in Some(Backup { encryption, .. })),
            b.encryption.name(),
            field,
        )
    };
    match &b.encryption {
        Encryption::Age { recipient } => r.check(
            encryption("recipient"),
            backup::check_age_recipient(recipient),
        ),
        Encryption::Gpg {
            public_key_variable,
        } => r.check(
            encryption("public_key_variable"),
            github::check_secret_name(public_key_variable),
        ),
    }
    let store = |field| {
        path::variant(
            path!(Config: backup => store in Some(Backup { store, .. })),
            b.store.name(),
            field,
        )
    };
    match &b.store {
        BackupStore::Artifact { retention_days } => r.check(
            store("retention_days"),
            backup::check_retention(*retention_days),
        ),
        BackupStore::S3 {
            bucket,
            prefix,
            region,
            role_arn,
        } => {
            r.check(store("bucket"), backup::check_bucket(bucket));
            r.check(store("prefix"), backup::check_prefix(prefix));
            r.check(store("region"), check_region(region));
            r.check(store("role_arn"), check_role_arn(role_arn));
        }
    }
}

fn check_region(region: &str) -> Result<(), String> {
    if aws::is_region(region) {
        Ok(())
    } else {
        Err(format!(
            "\"{}\" is not an AWS region: use one such as us-east-1",
            shown(region)
        ))
    }
}

fn check_version(version: u32) -> Result<(), String> {
    if version == FORMAT_VERSION {
        Ok(())
    } else {
        Err(format!(
            "format version {version} is not supported (this build reads {FORMAT_VERSION})"
        ))
    }
}

fn check_project(r: &mut Report, config: &Config) {
    let p = &config.project;
    r.check(path!(Config: project.service), check_service(&p.service));
    r.check(
        path!(Config: project.repository),
        check_repository(&p.repository),
    );
    for (path, id, other) in [
        (
            path!(Config: project.owner_id),
            &p.owner_id,
            &p.repository_id,
        ),
        (
            path!(Config: project.repository_id),
            &p.repository_id,
            &p.owner_id,
        ),
    ] {
        r.check(path, check_github_id(id, other, &p.repository));
    }
    r.check(
        path!(Config: project.ruby_version),
        check_ruby_version(&p.ruby_version),
    );
    if p.kamal_install == KamalInstall::Version || !p.kamal_gem_version.is_empty() {
        r.check(
            path!(Config: project.kamal_gem_version),
            check_kamal_gem_version(p),
        );
    }
    r.check(
        path!(Config: project.runner),
        check_label(&p.runner, "a runner label, e.g. ubuntu-latest"),
    );
    r.check(
        path!(Config: project.timeout_minutes),
        if (1..=360).contains(&p.timeout_minutes) {
            Ok(())
        } else {
            Err("use 1 to 360 minutes (GitHub's limit for hosted runners)".into())
        },
    );
}

fn check_environments(r: &mut Report, config: &Config) {
    if config.environments.is_empty() {
        r.check(
            path!(Config: environments),
            Err("add at least one environment".into()),
        );
    }
    let mut names = BTreeSet::new();
    let mut destinations = BTreeSet::new();
    for (i, env) in config.environments.iter().enumerate() {
        let at = |field: &str| path::environment(i, field);
        let name_ok = check_identifier(&env.name, "an environment name, e.g. production");
        r.check(
            at(path!(Environment: name)),
            name_ok.and_then(|()| unique(&mut names, &env.name, "another environment")),
        );
        if !env.destination.is_empty() {
            r.check(
                at(path!(Environment: destination)),
                check_destination(&env.destination).and_then(|()| {
                    unique(
                        &mut destinations,
                        &env.destination,
                        "another environment's destination",
                    )
                }),
            );
        }
        r.check(
            at(path!(Environment: github_environment)),
            check_github_environment(&env.github_environment),
        );
        r.check(at(path!(Environment: url)), check_url(&env.url));
        if env.trigger.promoted_from().is_some() {
            check_promotion(r, config, i);
        } else {
            check_trigger(r, i, &env.trigger);
        }
        r.check(
            at(path!(Environment: concurrency)),
            check_cancel_with_followers(config, env),
        );
        check_overrides(r, i, env, config);
        if !env.aws_role_arn.is_empty() {
            let result = match config.registry {
                Registry::Ecr { .. } => check_role_arn(&env.aws_role_arn),
                _ => Err("an AWS role only applies to the Amazon ECR registry: clear it".into()),
            };
            r.check(at(path!(Environment: aws_role_arn)), result);
        }
        if !env.gcp_service_account.is_empty() {
            let result = match config.registry {
                Registry::Gar { .. } => gcp::check_service_account(&env.gcp_service_account),
                _ => Err(
                    "a Google service account only applies to Google Artifact Registry: clear it"
                        .into(),
                ),
            };
            r.check(at(path!(Environment: gcp_service_account)), result);
        }
        r.check(
            at(path!(Environment: hosts)),
            check_count(env.hosts.len(), MAX_HOSTS, "servers"),
        );
        let mut seen = BTreeSet::new();
        for (j, host) in env.hosts.iter().enumerate() {
            r.check(
                path::item(&at(path!(Environment: hosts)), j),
                check_host(host).and_then(|()| unique(&mut seen, host, "another entry")),
            );
        }
    }
}

fn unique(seen: &mut BTreeSet<String>, value: &str, other: &str) -> Result<(), String> {
    if seen.insert(value.to_owned()) {
        Ok(())
    } else {
        Err(format!(
            "\"{}\" is already used by {other}: choose another",
            shown(value)
        ))
    }
}

/// A run that cancels an older one would cancel that run's promotions too, mid-deploy, and the
/// promoted environment's lock stays: its job is not the one that releases it.
fn check_cancel_with_followers(config: &Config, env: &Environment) -> Result<(), String> {
    let next = config.followers(&env.name).next();
    match (env.concurrency, next) {
        (ConcurrencyPolicy::CancelAndReleaseLock, Some(next)) => Err(format!(
            "a newer run would cancel the promotion to {} mid-deploy and leave its lock: \
             choose \"wait for it\", or promote {} by hand",
            next.name, next.name
        )),
        _ => Ok(()),
    }
}

/// A promoted environment deploys an image another environment pushed: that one must exist,
/// and following the promotions back must reach an environment that builds.
fn check_promotion(r: &mut Report, config: &Config, i: usize) {
    let env = &config.environments[i];
    let field = match &env.trigger {
        Trigger::After { .. } => path!(Environment: trigger => from in Trigger::After { from }),
        _ => path!(Environment: trigger => from in Trigger::Promote { from }),
    };
    r.check(path::environment(i, field), promotion_source(config, env));
}

fn promotion_source(config: &Config, env: &Environment) -> Result<(), String> {
    let from = env.trigger.promoted_from().unwrap_or_default();
    if from == env.name {
        return Err("an environment cannot promote its own image: choose another".into());
    }
    if config.environment(from).is_none() {
        return Err("choose the environment whose image this one deploys".into());
    }
    // Follow the promotions back to the environment that builds.
    let mut chain = vec![env.name.as_str()];
    let mut at = from;
    while let Some(next) = config.environment(at) {
        if chain.contains(&next.name.as_str()) {
            chain.push(at);
            return Err(format!(
                "the promotions go round in a circle ({}): one of them must build",
                chain.join(" ← ")
            ));
        }
        chain.push(at);
        match next.trigger.promoted_from() {
            Some(earlier) => at = earlier,
            None => return Ok(()),
        }
    }
    // A missing environment further back is reported at its own field.
    Ok(())
}

fn check_trigger(r: &mut Report, i: usize, trigger: &Trigger) {
    let (field, what, items, kind) = match trigger {
        Trigger::Branches { branches } => (
            path!(Environment: trigger => branches in Trigger::Branches { branches }),
            "branches",
            branches,
            RefKind::Branch,
        ),
        Trigger::Tags { tags } => (
            path!(Environment: trigger => tags in Trigger::Tags { tags }),
            "tags",
            tags,
            RefKind::Tag,
        ),
        Trigger::Release | Trigger::Manual => return,
        Trigger::After { .. } | Trigger::Promote { .. } => {
            unreachable!("checked by check_promotion")
        }
    };
    let path = path::environment(i, field);
    if items.is_empty() {
        r.check(&path, Err(format!("add at least one of the {what}")));
    }
    r.check(&path, check_count(items.len(), MAX_REFS, what));
    r.check(&path, github::check_filter_list(items, kind));
    let mut seen = BTreeSet::new();
    for (j, item) in items.iter().enumerate() {
        r.check(
            path::item(&path, j),
            github::check_filter(item, kind)
                .and_then(|()| unique(&mut seen, item, "another entry")),
        );
    }
}

fn check_overrides(r: &mut Report, i: usize, env: &Environment, config: &Config) {
    for (var, secret) in &env.secret_overrides {
        let path = path::entry(
            &path::environment(i, path!(Environment: secret_overrides)),
            var,
        );
        match config.secrets.env.iter().find(|v| &v.name == var) {
            None => r.check(
                path,
                Err(format!("{var} is not one of the variables under Secrets: add it there or choose another")),
            ),
            Some(SecretVar {
                vault: Some(item), ..
            }) => r.check(
                path,
                Err(format!(
                    "{var} comes from {}: empty this (a GitHub secret does not apply)",
                    item.vault.title()
                )),
            ),
            Some(_) => r.check(path, check_secret_name(secret)),
        }
    }
}

fn check_secrets(r: &mut Report, config: &Config) {
    let s = &config.secrets;
    r.check(
        path!(Config: secrets.ssh_private_key),
        check_secret_name(&s.ssh_private_key),
    );
    if let Some(KnownHosts::Secret(name) | KnownHosts::Variable(name)) = &s.known_hosts {
        r.check(path!(Config: secrets.known_hosts => name in Some(KnownHosts::Secret(name) | KnownHosts::Variable(name))), check_secret_name(name));
    }
    let mut names = BTreeSet::new();
    for (i, var) in s.env.iter().enumerate() {
        r.check(
            path::variable(i, path!(SecretVar: name)),
            check_env_var(&var.name)
                .and_then(|()| unique(&mut names, &var.name, "another variable")),
        );
        match &var.vault {
            None => r.check(
                path::variable(i, path!(SecretVar: secret)),
                check_secret_name(&var.secret),
            ),
            Some(item) => {
                r.check(
                    path::variable(i, path!(SecretVar: secret)),
                    if var.secret.is_empty() {
                        Ok(())
                    } else {
                        Err(format!(
                            "{} comes from {}: empty this",
                            var.name,
                            item.vault.title()
                        ))
                    },
                );
                check_vault_item(r, config, i, item);
            }
        }
    }
    for vault in config.vaults_used() {
        let access = s.vaults.get(&vault).cloned().unwrap_or_default();
        if vault.token_variable().is_some() {
            r.check(
                path::vault_access(vault, path!(VaultAccess: token_secret)),
                check_secret_name(&access.token_secret),
            );
        }
        if vault == Vault::OnePassword {
            r.check(
                path::vault_access(vault, path!(VaultAccess: account)),
                check_one_password_account(&access.account),
            );
        }
    }
}

/// A variable from a vault: Kamal 2 fetches it (Kamal 1 has no `kamal secrets`), AWS Secrets
/// Manager through the ECR role, and the item and field are one safe word each.
fn check_vault_item(r: &mut Report, config: &Config, i: usize, item: &VaultItem) {
    let source = match (config.project.kamal_version, item.vault, &config.registry) {
        (KamalVersion::V1, _, _) => Err(
            "vaults need Kamal 2 (kamal secrets fetch); Kamal 1 reads GitHub secrets only".into(),
        ),
        (_, Vault::AwsSecretsManager, Registry::Ecr { .. }) => Ok(()),
        (_, Vault::GcpSecretManager, Registry::Gar { .. }) => Ok(()),
        (_, Vault::GcpSecretManager, _) => Err(
            "Google Secret Manager is read through Google Artifact Registry's Workload Identity Federation login: choose it under Registry, or another source"
                .into(),
        ),
        (_, Vault::AwsSecretsManager, _) => Err(
            "AWS Secrets Manager is read through the Amazon ECR registry's OIDC role: choose Amazon ECR under Registry, or another source"
                .into(),
        ),
        _ => Ok(()),
    };
    r.check(path::variable(i, path!(SecretVar: vault)), source);
    r.check(
        path::variable(
            i,
            path!(SecretVar: vault => item in Some(VaultItem { item, .. })),
        ),
        vault::check_item(item.vault, &item.item),
    );
    r.check(
        path::variable(
            i,
            path!(SecretVar: vault => field in Some(VaultItem { field, .. })),
        ),
        vault::check_field(item.vault, &item.field),
    );
}

/// 1Password's account as Kamal passes it to `op --account`: a sign-in address or an id.
fn check_one_password_account(account: &str) -> Result<(), String> {
    check_word(
        account,
        100,
        "the 1Password account, e.g. example.1password.com",
    )
}

fn check_registry(r: &mut Report, registry: &Registry) {
    match registry {
        Registry::Ecr {
            account_id,
            region,
            role_arn,
            repository,
        } => {
            r.check(
                path!(Config: registry => account_id in Registry::Ecr { account_id, .. }),
                check_account_id(account_id),
            );
            r.check(
                path!(Config: registry => region in Registry::Ecr { region, .. }),
                check_region(region),
            );
            r.check(
                path!(Config: registry => role_arn in Registry::Ecr { role_arn, .. }),
                check_role_arn(role_arn),
            );
            r.check(
                path!(Config: registry => repository in Registry::Ecr { repository, .. }),
                check_ecr_repository(repository),
            );
        }
        Registry::Ghcr => {}
        Registry::Gar {
            location,
            project,
            repository,
            workload_identity_provider,
            service_account,
        } => {
            r.check(
                path!(Config: registry => location in Registry::Gar { location, .. }),
                gcp::check_location(location),
            );
            r.check(
                path!(Config: registry => project in Registry::Gar { project, .. }),
                gcp::check_project(project),
            );
            r.check(
                path!(Config: registry => repository in Registry::Gar { repository, .. }),
                gcp::check_repository(repository),
            );
            r.check(
                path!(Config: registry => workload_identity_provider in Registry::Gar { workload_identity_provider, .. }),
                gcp::Provider::parse(workload_identity_provider).map(drop),
            );
            r.check(
                path!(Config: registry => service_account in Registry::Gar { service_account, .. }),
                gcp::check_service_account(service_account),
            );
        }
        Registry::Acr {
            name,
            client_id,
            tenant_id,
            subscription_id,
        } => {
            r.check(
                path!(Config: registry => name in Registry::Acr { name, .. }),
                azure::check_registry_name(name),
            );
            r.check(
                path!(Config: registry => client_id in Registry::Acr { client_id, .. }),
                azure::check_guid(client_id, "application (client) id"),
            );
            r.check(
                path!(Config: registry => tenant_id in Registry::Acr { tenant_id, .. }),
                azure::check_guid(tenant_id, "directory (tenant) id"),
            );
            r.check(
                path!(Config: registry => subscription_id in Registry::Acr { subscription_id, .. }),
                azure::check_guid(subscription_id, "subscription id"),
            );
        }
        Registry::DockerHub {
            username,
            password_secret,
        } => {
            r.check(path!(Config: registry => username in Registry::DockerHub { username, .. } | Registry::Other { username, .. }), check_docker_id(username));
            r.check(
                path!(Config: registry => password_secret in Registry::DockerHub { password_secret, .. } | Registry::Other { password_secret, .. }),
                check_secret_name(password_secret),
            );
        }
        Registry::Other {
            server,
            username,
            password_secret,
        } => {
            r.check(
                path!(Config: registry => server in Registry::Other { server, .. }),
                check_server(server),
            );
            r.check(
                path!(Config: registry => username in Registry::DockerHub { username, .. } | Registry::Other { username, .. }),
                check_label(username, "the registry username"),
            );
            r.check(
                path!(Config: registry => password_secret in Registry::DockerHub { password_secret, .. } | Registry::Other { password_secret, .. }),
                check_secret_name(password_secret),
            );
        }
    }
}

fn check_commands(r: &mut Report, config: &Config) {
    let mut labels = BTreeSet::new();
    for (i, text) in config.commands.iter().enumerate() {
        let result = check_length(text)
            .and_then(|()| kamal::parse(text, config.project.kamal_version))
            .and_then(|c| unique(&mut labels, &c.label, "another command"));
        r.check(path::item(path!(Config: commands), i), result);
    }
}

fn check_github_environment(name: &str) -> Result<(), String> {
    check_word(
        name,
        255,
        "the GitHub environment the jobs run in, e.g. production",
    )
}

fn check_url(url: &str) -> Result<(), String> {
    if url.is_empty() {
        return Ok(());
    }
    check_length(url)?;
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("start the URL with https://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let valid_host = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b':');
    let valid_chars = url.chars().all(|c| c.is_ascii_graphic()) && !url.contains("${{");
    if valid_host && valid_chars {
        Ok(())
    } else {
        Err("enter a plain URL such as https://example.com".into())
    }
}

/// A released Kamal version (`2.12.0`) of the major version the files are written for; it goes
/// into the generated script as it is, so only digits and dots.
fn check_kamal_gem_version(p: &crate::config::Project) -> Result<(), String> {
    let version = &p.kamal_gem_version;
    if p.kamal_install != KamalInstall::Version {
        return Err("only used when Kamal is installed at a version you name: clear it".into());
    }
    let parts: Vec<&str> = version.split('.').collect();
    let numeric = (2..=4).contains(&parts.len())
        && parts
            .iter()
            .all(|n| !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()));
    if !numeric {
        return Err("use a released Kamal version such as 2.12.0".into());
    }
    let major = p.kamal_version.major();
    if parts[0] == major {
        Ok(())
    } else {
        Err(format!(
            "this is Kamal {}; the files are for Kamal {major}",
            parts[0]
        ))
    }
}

fn check_ruby_version(version: &str) -> Result<(), String> {
    if matches!(version, ".ruby-version" | ".tool-versions") {
        return Ok(());
    }
    let ok = !version.is_empty()
        && version.len() <= 40
        && version
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && (version.as_bytes()[0].is_ascii_digit()
            || ["ruby", "jruby", "truffleruby"]
                .iter()
                .any(|p| version.starts_with(p)));
    if ok {
        Ok(())
    } else {
        Err("use .ruby-version, .tool-versions or a version such as 3.3.6".into())
    }
}

/// Runner labels, registry usernames: one word of safe characters.
fn check_label(value: &str, what: &str) -> Result<(), String> {
    check_word(value, 100, what)
}

/// One word of letters, digits, `-`, `_` and `.`, at most `max` bytes; `what` names it.
fn check_word(value: &str, max: usize, what: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err(format!("enter {what}"));
    }
    let ok = value.len() <= max
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
    if ok {
        Ok(())
    } else {
        Err(format!("use up to {max} letters, digits, '-', '_' and '.'"))
    }
}

/// Docker Hub's rule for a Docker ID: 4 to 30 lowercase letters and digits.
fn check_docker_id(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("enter your Docker Hub username".into());
    }
    let ok = (4..=30).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err("enter a Docker Hub username: 4 to 30 lowercase letters and digits".into())
    }
}

fn check_server(server: &str) -> Result<(), String> {
    if server.is_empty() {
        return Err("enter the registry host, e.g. registry.example.com".into());
    }
    let (host, port) = server.split_once(':').unwrap_or((server, ""));
    let host_ok = host.contains('.')
        && host.len() <= 253
        && host.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    let port_ok = port.is_empty() || port.parse::<u16>().is_ok_and(|p| p > 0);
    if host_ok && port_ok {
        Ok(())
    } else {
        Err("enter a host name with an optional port, e.g. registry.example.com:5000".into())
    }
}

/// A check command goes into a `run:` block as written: one line, no expression syntax.
fn check_shell_line(command: &str, what: &str) -> Result<(), String> {
    check_length(command)?;
    if command.trim().is_empty() {
        return Err(format!("enter the command that runs {what}"));
    }
    if command.contains(['\n', '\r']) {
        return Err("use a single line (chain commands with &&)".into());
    }
    if command.contains("${{") {
        return Err(
            "GitHub expressions (${{ }}) are not allowed in commands: write the value itself"
                .into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Backup, SecretVar};

    fn paths(config: &Config) -> Vec<String> {
        validate(config).into_iter().map(|p| p.path).collect()
    }

    fn messages(config: &Config) -> Vec<String> {
        validate(config).into_iter().map(|p| p.message).collect()
    }

    #[test]
    fn a_run_with_promotions_is_never_cancelled() {
        let mut config = Config::default();
        config.environments[0].trigger = Trigger::After {
            from: "staging".into(),
        };
        config.environments[1].concurrency = ConcurrencyPolicy::CancelAndReleaseLock;
        assert_eq!(paths(&config), ["environments[1].concurrency"]);
        assert!(
            messages(&config)[0].contains("cancel the promotion to production mid-deploy"),
            "{:?}",
            messages(&config)
        );
        config.environments[0].trigger = Trigger::Promote {
            from: "staging".into(),
        };
        assert!(validate(&config).is_empty(), "{:?}", validate(&config));
    }

    #[test]
    fn a_promotion_needs_another_environment_that_builds() {
        let promote = |from: &str| Trigger::After { from: from.into() };
        let mut config = Config::default();
        config.environments[0].trigger = promote("staging");
        assert!(validate(&config).is_empty(), "{:?}", validate(&config));

        config.environments[0].trigger = promote("production");
        assert_eq!(paths(&config), ["environments[0].trigger.from"]);
        assert!(messages(&config)[0].contains("its own image"));

        config.environments[0].trigger = Trigger::Promote { from: "qa".into() };
        assert_eq!(paths(&config), ["environments[0].trigger.from"]);
        assert!(messages(&config)[0].contains("choose the environment"));

        config.environments[0].trigger = promote("staging");
        config.environments[1].trigger = Trigger::Promote {
            from: "production".into(),
        };
        assert_eq!(
            paths(&config),
            [
                "environments[0].trigger.from",
                "environments[1].trigger.from"
            ]
        );
        assert!(
            messages(&config)[0].contains("circle (production ← staging ← production)"),
            "{:?}",
            messages(&config)
        );
    }

    #[test]
    fn a_named_kamal_version_is_a_release_of_the_configured_major() {
        let mut config = Config::default();
        config.project.kamal_install = KamalInstall::Version;
        assert_eq!(paths(&config), ["project.kamal_gem_version"]);
        for (version, ok) in [
            ("2.12.0", true),
            ("2.9", true),
            ("1.9.3", false),
            ("2.x", false),
            ("2.12.0; id", false),
        ] {
            config.project.kamal_gem_version = version.into();
            assert_eq!(validate(&config).is_empty(), ok, "{version}");
        }
        config.project.kamal_install = KamalInstall::GemfileLock;
        config.project.kamal_gem_version = "2.12.0".into();
        assert_eq!(paths(&config), ["project.kamal_gem_version"]);
    }

    #[test]
    fn vault_sources_are_checked_at_their_fields() {
        let mut config = Config::default();
        config.set_variable_source(1, Some(Vault::OnePassword));
        config.edit_vault_item(1, |i| i.item = "Prod/app$(id)".into());
        config
            .secrets
            .vaults
            .get_mut(&Vault::OnePassword)
            .unwrap()
            .token_secret = String::new();
        assert_eq!(
            paths(&config),
            [
                "secrets.env[1].vault.item",
                "secrets.vaults.one_password.token_secret",
                "secrets.vaults.one_password.account",
            ]
        );
        config.edit_vault_item(1, |i| i.item = "Prod/app".into());
        config.edit_vault_item(1, |i| i.field = "url; rm -rf /".into());
        assert!(paths(&config).contains(&"secrets.env[1].vault.field".to_string()));
        // Where the source cannot work, the message is at the source select.
        let mut config = Config::default();
        config.set_registry_kind("ghcr");
        config.set_variable_source(2, Some(Vault::AwsSecretsManager));
        config.set_variable_source(0, Some(Vault::GcpSecretManager));
        config.edit_vault_item(2, |i| i.item = "app/db".into());
        config.edit_vault_item(0, |i| i.item = "acme-prod".into());
        assert_eq!(
            paths(&config),
            ["secrets.env[0].vault", "secrets.env[2].vault"]
        );
        let mut config = Config::default();
        config.set_kamal_version(KamalVersion::V1);
        config.set_variable_source(1, Some(Vault::Doppler));
        config.edit_vault_item(1, |i| i.item = "app/prd".into());
        let problems = validate(&config);
        assert!(
            problems
                .iter()
                .any(|p| p.path == "secrets.env[1].vault" && p.message.contains("Kamal 2")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_document_naming_both_a_secret_and_a_vault_item_is_refused() {
        let text = Config::default().to_json().replacen(
            "\"secret\": \"DATABASE_URL\"",
            "\"secret\": \"DATABASE_URL\", \"vault\": {\"vault\": \"doppler\", \"item\": \"a/b\"}",
            1,
        );
        let err = Config::from_json(&text).unwrap_err().to_string();
        assert!(
            err.contains("names both a secret and a vault item"),
            "{err}"
        );
    }

    #[test]
    fn default_config_is_valid() {
        assert_eq!(validate(&Config::default()), vec![]);
    }

    #[test]
    fn reports_every_problem_with_its_path() {
        let mut config = Config::default();
        config.project.service = "My App".into();
        config.environments[0].trigger = Trigger::Branches {
            branches: vec!["feature..x".into()],
        };
        config.environments[1].name = "production".into();
        config.environments[1].destination = "production".into();
        // A Kamal variable may start with GITHUB_ (not its GitHub secret).
        config
            .secrets
            .env
            .push(SecretVar::github("GITHUB_X", "GITHUB_X"));
        assert_eq!(
            paths(&config),
            [
                "project.service",
                "environments[0].trigger.branches[0]",
                "environments[1].name",
                "environments[1].destination",
                "secrets.env[3].secret",
            ]
        );
    }

    #[test]
    fn seed_mistakes_are_caught() {
        let config = Config {
            registry: Registry::Ecr {
                account_id: "AWS_ACCOUNT_ID".into(),
                region: "es-east-1".into(),
                role_arn: "AWS_ROLE_ACCESS".into(),
                repository: String::new(),
            },
            commands: vec!["traefik reboot --rolling".into(), "envify".into()],
            ..Config::default()
        };
        assert_eq!(
            paths(&config),
            [
                "registry.account_id",
                "registry.region",
                "registry.role_arn",
                "commands[0]",
                "commands[1]"
            ]
        );
    }

    #[test]
    fn triggers_take_github_filter_patterns() {
        let mut config = Config::default();
        config.environments[1].trigger = Trigger::Branches {
            branches: vec![
                "release/**".into(),
                "hotfix/*".into(),
                "!release/**-wip".into(),
            ],
        };
        config.environments[0].trigger = Trigger::Tags {
            tags: vec!["v[0-9]+.[0-9]+.[0-9]+".into()],
        };
        assert_eq!(validate(&config), vec![]);
        config.environments[1].trigger = Trigger::Branches {
            branches: vec!["!main".into(), "a b".into()],
        };
        assert_eq!(
            paths(&config),
            [
                "environments[1].trigger.branches",
                "environments[1].trigger.branches[1]"
            ]
        );
    }

    #[test]
    fn secret_names_follow_github() {
        assert_eq!(check_secret_name("DATABASE_URL_PRODUCTION_ADMIN"), Ok(()));
        for bad in ["", "GITHUB_TOKEN", "github_x", "1KEY", "MY-KEY", "A B"] {
            assert!(check_secret_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cron_is_checked_field_by_field() {
        for ok in [
            "0 3 * * *",
            "*/15 * * * *",
            "0 0 1 JAN,JUL MON-FRI",
            "5 4 * * 0",
        ] {
            assert_eq!(check_cron(ok), Ok(()), "{ok}");
        }
        for bad in [
            "",
            "0 3 * *",
            "60 * * * *",
            "0 24 * * *",
            "0 0 0 * *",
            "* * * * 7",
            "5-1 * * * *",
            "*/0 * * * *",
            "a * * * *",
        ] {
            assert!(check_cron(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn backup_must_name_an_environment_a_real_command_and_a_key() {
        let config = Config {
            backup: Some(Backup {
                environment: "prod".into(),
                cron: "0 3 * * *".into(),
                dump: Dump::Command {
                    command: "db backup".into(),
                },
                encryption: Encryption::Age {
                    recipient: String::new(),
                },
                store: BackupStore::Artifact { retention_days: 0 },
            }),
            ..Config::default()
        };
        assert_eq!(
            paths(&config),
            [
                "backup.environment",
                "backup.dump.command.command",
                "backup.encryption.age.recipient",
                "backup.store.artifact.retention_days"
            ]
        );
        let mut kamal_1 = Config::default();
        kamal_1.set_backup(true);
        kamal_1.set_kamal_version(KamalVersion::V1);
        let problems = validate(&kamal_1);
        assert_eq!(
            problems[0].path, "backup.dump.postgres.accessory",
            "{problems:?}"
        );
        assert!(problems[0].message.contains("Kamal 2.12.0"), "{problems:?}");
    }

    #[test]
    fn overrides_must_name_a_variable() {
        let mut config = Config::default();
        config.environments[0].secret_overrides.insert(
            "DATABASE_URL".into(),
            "DATABASE_URL_PRODUCTION_ADMIN".into(),
        );
        assert_eq!(validate(&config), vec![]);
        config.environments[0]
            .secret_overrides
            .insert("NOPE".into(), "X".into());
        assert_eq!(paths(&config), ["environments[0].secret_overrides.NOPE"]);
    }

    #[test]
    fn absurd_sizes_are_refused_with_a_message() {
        let mut config = Config::default();
        config.checks.specs = "x".repeat(10_000);
        config.commands = vec!["app details".into(); 60];
        config.environments[1].trigger = Trigger::Branches {
            branches: (0..25).map(|n| format!("b{n}")).collect(),
        };
        let problems = validate(&config);
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert!(paths.contains(&"checks.specs"), "{paths:?}");
        assert!(paths.contains(&"commands"), "{paths:?}");
        assert!(
            paths.contains(&"environments[1].trigger.branches"),
            "{paths:?}"
        );
    }

    #[test]
    fn role_arns_are_checked() {
        assert_eq!(
            check_role_arn("arn:aws:iam::123456789012:role/deploy/github"),
            Ok(())
        );
        for bad in [
            "",
            "arn:aws:iam::12345:role/x",
            "arn:aws:iam::123456789012:user/x",
            "arn:aws:iam::123456789012:role/",
        ] {
            assert!(check_role_arn(bad).is_err(), "{bad}");
        }
    }
}
