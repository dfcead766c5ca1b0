//! Paths in the form's words: `environments[1].trigger.branches[0]` is "Environment staging →
//! Branches → item 1", as the page's sections and labels call them. Problem lists, the import's
//! change table and the undo notices speak these, never the configuration's paths.

use super::Config;

/// The label of each field name, in the words of the page's form (one table for every
/// section; a name means the same wherever it appears).
const LABELS: &[(&str, &str)] = &[
    ("version", "Format version"),
    ("service", "Service name"),
    ("repository", "Repository"),
    ("owner_id", "Owner id"),
    ("repository_id", "Repository id"),
    ("kamal_version", "Kamal version"),
    ("kamal_install", "Install and run Kamal"),
    ("kamal_gem_version", "Kamal version to install"),
    ("ruby_version", "Ruby version"),
    ("runner", "Runner"),
    ("timeout_minutes", "Job timeout"),
    ("layout", "Layout"),
    ("numbered_workflows", "Numbered workflow names"),
    ("name", "Name"),
    ("destination", "Kamal destination"),
    ("github_environment", "GitHub environment"),
    ("url", "URL"),
    ("trigger", "Deploy when"),
    ("branches", "Branches"),
    ("tags", "Tag patterns"),
    ("from", "Deploy the image built for"),
    ("checks_first", "Run the checks first"),
    ("concurrency", "When a deploy is already running"),
    ("secret_overrides", "Secret names for this environment"),
    ("aws_role_arn", "IAM role for this environment"),
    (
        "gcp_service_account",
        "Google service account for this environment",
    ),
    ("hosts", "Servers"),
    ("ssh_private_key", "SSH private key secret"),
    ("known_hosts", "Host keys"),
    ("secret", "GitHub secret"),
    ("vault", "Vault"),
    ("item", "Item"),
    ("field", "Field"),
    ("token_secret", "Token secret"),
    ("account", "1Password account"),
    ("account_id", "AWS account"),
    ("region", "Region"),
    ("role_arn", "IAM role"),
    ("location", "Location"),
    ("project", "Project"),
    ("workload_identity_provider", "Workload identity provider"),
    ("service_account", "Service account"),
    ("client_id", "Client id"),
    ("tenant_id", "Tenant id"),
    ("subscription_id", "Subscription id"),
    ("username", "Username"),
    ("password_secret", "Password secret"),
    ("server", "Server"),
    ("setup_buildx", "Set up Docker Buildx"),
    ("gha_cache", "GitHub Actions cache"),
    ("remote_builder", "Remote builder"),
    ("specs", "Specs command"),
    ("lint", "Lint command"),
    ("environment", "Environment"),
    ("cron", "Schedule"),
    ("dump", "Dump"),
    ("accessory", "Accessory"),
    ("path", "Database file"),
    ("command", "Kamal command"),
    ("encryption", "Encrypt to"),
    ("recipient", "age public key"),
    ("public_key_variable", "Variable holding the public key"),
    ("store", "Keep the encrypted file in"),
    ("retention_days", "Keep it for (days)"),
    ("bucket", "Bucket"),
    ("prefix", "Key prefix"),
    ("dependabot", "Dependabot"),
    ("type", "Kind"),
    ("on", "Kind"),
];

/// The sections of the form, by the document's top-level keys.
const SECTIONS: &[(&str, &str)] = &[
    ("project", "Project"),
    ("secrets", "Secrets"),
    ("registry", "Registry"),
    ("build", "Build"),
    ("checks", "Checks"),
    ("backup", "Backup"),
];

/// Names that only select a variant in the document (`backup.dump.postgres.accessory`): the
/// form shows the variant as a choice, not as a level.
const VARIANTS: &[&str] = &[
    "postgres", "mysql", "sqlite", "command", "age", "gpg", "artifact", "s3",
];

fn label(key: &str) -> Option<&'static str> {
    LABELS.iter().find(|(k, _)| *k == key).map(|(_, l)| *l)
}

/// One segment of a path: a name, and the index or key in brackets after it, if any.
fn segments(path: &str) -> Vec<(&str, Option<&str>)> {
    path.split('.')
        .filter(|s| !s.is_empty())
        .map(|s| match s.split_once('[') {
            Some((name, rest)) => (name, Some(rest.trim_end_matches(']'))),
            None => (s, None),
        })
        .collect()
}

/// `path` (a problem path, a change's or an undo's) in the form's words, its parts joined by
/// " → ". Items of lists read as their names where they have them (an environment, a
/// variable), otherwise as "item N", counted from 1.
pub fn describe(config: &Config, path: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let parts_of = segments(path);
    let mut i = 0;
    while i < parts_of.len() {
        let (name, index) = parts_of[i];
        let first = i == 0;
        i += 1;
        match (first, name, index) {
            (true, "environments", Some(at)) => {
                parts.push(format!("Environment {}", environment_name(config, at)));
            }
            (true, "environments", None) => parts.push("Environments".into()),
            (true, "commands", Some(at)) => parts.push(format!("Kamal command {}", ordinal(at))),
            (true, "commands", None) => parts.push("Kamal commands".into()),
            (true, "secrets", None) if parts_of.get(1).is_some_and(|(n, _)| *n == "env") => {
                let (_, at) = parts_of[1];
                i = 2;
                parts.push(match at {
                    Some(at) => format!("Variable {}", variable_name(config, at)),
                    None => "Secrets → Variables".into(),
                });
            }
            (true, "secrets", None) if parts_of.get(1).is_some_and(|(n, _)| *n == "vaults") => {
                i = 2;
                let vault = parts_of.get(2).map_or("", |(n, _)| *n);
                if !vault.is_empty() {
                    i = 3;
                }
                parts.push(format!("Vault {vault}").trim_end().to_string());
            }
            (true, key, None) if SECTIONS.iter().any(|(k, _)| *k == key) => {
                let section = SECTIONS.iter().find(|(k, _)| *k == key).map(|(_, l)| *l);
                parts.push(section.unwrap_or(key).to_string());
            }
            (false, key, _) if VARIANTS.contains(&key) && i < parts_of.len() => {}
            (_, "secret_overrides", _) => {
                // `secret_overrides.NAME`: the secret feeding that variable here.
                let variable = parts_of.get(i).map_or("", |(n, _)| *n);
                i += 1;
                parts.push(format!("Secret for {variable}"));
            }
            (_, key, index) => {
                parts.push(label(key).unwrap_or(key).to_string());
                if let Some(at) = index {
                    parts.push(format!("item {}", ordinal(at)));
                }
            }
        }
    }
    parts.join(" → ")
}

/// An index as people count, from 1; a key stays as it is.
fn ordinal(at: &str) -> String {
    at.parse::<usize>()
        .map_or_else(|_| at.to_string(), |n| (n + 1).to_string())
}

/// The environment at `at` (an index, or a name as the change table keys them).
fn environment_name(config: &Config, at: &str) -> String {
    match at.parse::<usize>() {
        Ok(i) => config
            .environments
            .get(i)
            .map(|e| e.name.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| (i + 1).to_string()),
        Err(_) => at.to_string(),
    }
}

fn variable_name(config: &Config, at: &str) -> String {
    match at.parse::<usize>() {
        Ok(i) => config
            .secrets
            .env
            .get(i)
            .map(|v| v.name.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| (i + 1).to_string()),
        Err(_) => at.to_string(),
    }
}

/// A message as a sentence: its first letter a capital (messages are written to follow a
/// field's name, in lower case).
pub fn sentence(message: &str) -> String {
    let mut out = message.to_string();
    if let Some(first) = out.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_in_the_forms_words() {
        let config = Config::default();
        let cases = [
            ("project.service", "Project → Service name"),
            (
                "environments[1].trigger.branches[0]",
                "Environment staging → Deploy when → Branches → item 1",
            ),
            ("environments[staging].url", "Environment staging → URL"),
            (
                "secrets.env[1].secret",
                "Variable DATABASE_URL → GitHub secret",
            ),
            (
                "secrets.env[DATABASE_URL].secret",
                "Variable DATABASE_URL → GitHub secret",
            ),
            (
                "secrets.vaults.doppler.token_secret",
                "Vault doppler → Token secret",
            ),
            ("registry.account_id", "Registry → AWS account"),
            ("commands[0]", "Kamal command 1"),
            (
                "backup.encryption.age.recipient",
                "Backup → Encrypt to → age public key",
            ),
            (
                "backup.store.s3.bucket",
                "Backup → Keep the encrypted file in → Bucket",
            ),
            (
                "environments[0].secret_overrides.DATABASE_URL",
                "Environment production → Secret for DATABASE_URL",
            ),
            ("environments[7].name", "Environment 8 → Name"),
        ];
        for (path, words) in cases {
            assert_eq!(describe(&config, path), words, "{path}");
        }
    }

    #[test]
    fn every_problem_path_of_the_examples_has_words() {
        let mut config = Config::default();
        config.project.service = String::new();
        config.environments[1].trigger = super::super::Trigger::Branches {
            branches: vec!["bad branch".into()],
        };
        config.set_backup(true);
        for problem in crate::validate(&config) {
            let words = describe(&config, &problem.path);
            assert!(
                !words.contains('_') && !words.contains('['),
                "{}: {words}",
                problem.path
            );
        }
    }

    #[test]
    fn messages_read_as_sentences() {
        assert_eq!(
            sentence("use a version such as 2.12.0"),
            "Use a version such as 2.12.0"
        );
        assert_eq!(sentence(""), "");
        assert_eq!(sentence("\"x\" is not"), "\"x\" is not");
    }
}
