//! What a user must create in GitHub before the files work: per environment, the secrets and
//! variables its jobs read. Derived by rendering the same steps the workflows use and reading
//! the references off them, so it cannot disagree with the files.

use std::collections::BTreeSet;

use crate::config::Config;
use crate::render::{environment_references, References};

/// The secrets and variables one GitHub environment needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentSetup {
    /// The GitHub environment to create.
    pub github_environment: String,
    /// The configuration's environment names that deploy through it.
    pub environments: Vec<String>,
    pub url: String,
    pub secrets: BTreeSet<String>,
    pub variables: BTreeSet<String>,
}

/// One entry per GitHub environment, in the order environments are configured. `GITHUB_TOKEN`
/// is left out: GitHub provides it.
pub fn requirements(config: &Config) -> Vec<EnvironmentSetup> {
    let mut out: Vec<EnvironmentSetup> = Vec::new();
    for (env, refs) in config
        .environments
        .iter()
        .zip(environment_references(config))
    {
        let References {
            mut secrets,
            variables,
        } = refs;
        secrets.remove("GITHUB_TOKEN");
        match out
            .iter_mut()
            .find(|s| s.github_environment == env.github_environment)
        {
            Some(existing) => {
                existing.environments.push(env.name.clone());
                existing.secrets.extend(secrets);
                existing.variables.extend(variables);
            }
            None => out.push(EnvironmentSetup {
                github_environment: env.github_environment.clone(),
                environments: vec![env.name.clone()],
                url: env.url.clone(),
                secrets,
                variables,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(set: &BTreeSet<String>) -> Vec<&str> {
        set.iter().map(String::as_str).collect()
    }

    #[test]
    fn lists_each_environments_secrets_with_overrides() {
        let mut config = Config::default();
        config.environments[0].secret_overrides.insert(
            "DATABASE_URL".into(),
            "DATABASE_URL_PRODUCTION_ADMIN".into(),
        );
        let setup = requirements(&config);
        assert_eq!(setup.len(), 2);
        assert_eq!(
            names(&setup[0].secrets),
            [
                "DATABASE_URL_PRODUCTION_ADMIN",
                "RAILS_MASTER_KEY",
                "REDIS_URL",
                "SSH_PRIVATE_KEY"
            ]
        );
        assert_eq!(names(&setup[0].variables), ["SSH_KNOWN_HOSTS"]);
        assert_eq!(
            names(&setup[1].secrets),
            [
                "DATABASE_URL",
                "RAILS_MASTER_KEY",
                "REDIS_URL",
                "SSH_PRIVATE_KEY"
            ]
        );
    }

    #[test]
    fn every_secret_in_the_files_is_listed() {
        let config = Config::default();
        let listed: BTreeSet<String> = requirements(&config)
            .into_iter()
            .flat_map(|s| s.secrets)
            .collect();
        let mut used = BTreeSet::new();
        for file in crate::render(&config).unwrap() {
            used.extend(crate::render::referenced(&file.contents, "secrets."));
        }
        used.remove("GITHUB_TOKEN");
        assert_eq!(listed, used);
    }
}
