//! What a user must create in GitHub before the files work: per environment, the secrets and
//! variables its jobs read. Derived by rendering the same steps the workflows use and reading
//! the references off them, so it cannot disagree with the files.

use std::collections::BTreeSet;

use super::references::references_in;
use super::{Context, References};
use crate::config::Config;

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
    requirements_in(&Context::new(config))
}

/// [`requirements`] within a render: the guide's, from the render's own context.
pub(super) fn requirements_in(ctx: &Context) -> Vec<EnvironmentSetup> {
    let config = ctx.config;
    let mut out: Vec<EnvironmentSetup> = Vec::new();
    for (env, refs) in config.environments.iter().zip(references_in(ctx)) {
        let References {
            mut secrets,
            variables,
        } = refs;
        secrets.remove(super::GITHUB_TOKEN);
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

/// An IAM role the jobs assume (ECR only) and the GitHub environments of those jobs, which
/// are exactly the ones its trust policy must admit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsRole {
    pub arn: String,
    pub github_environments: Vec<String>,
}

/// One entry per role, in the order environments first use it; empty without ECR.
pub fn aws_roles(config: &Config) -> Vec<AwsRole> {
    let mut roles: Vec<AwsRole> = Vec::new();
    for env in &config.environments {
        let Some(arn) = env.aws_role(&config.registry) else {
            continue;
        };
        let github_env = &env.github_environment;
        match roles.iter_mut().find(|r| r.arn == arn) {
            Some(role) if role.github_environments.contains(github_env) => {}
            Some(role) => role.github_environments.push(github_env.clone()),
            None => roles.push(AwsRole {
                arn: arn.to_string(),
                github_environments: vec![github_env.clone()],
            }),
        }
    }
    roles
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
    fn roles_group_the_environments_that_assume_them() {
        let mut config = Config::default();
        assert_eq!(
            aws_roles(&config),
            [AwsRole {
                arn: "arn:aws:iam::123456789012:role/github-actions-deploy".into(),
                github_environments: vec!["production".into(), "staging".into()],
            }]
        );
        config.environments[0].aws_role_arn = "arn:aws:iam::123456789012:role/prod".into();
        let roles = aws_roles(&config);
        assert_eq!(roles.len(), 2);
        assert_eq!(roles[0].github_environments, ["production"]);
        assert_eq!(roles[1].github_environments, ["staging"]);
        config.registry = crate::config::Registry::Ghcr;
        assert!(aws_roles(&config).is_empty());
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
        used.remove(crate::render::GITHUB_TOKEN);
        assert_eq!(listed, used);
    }
}
