//! Validation: every problem at once, each tied to the field that caused it.

use crate::config::{Config, FORMAT_VERSION};

/// One problem with the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The field, as a path the page maps to its input: `service`, `environments[0].branch`.
    pub path: String,
    /// What is wrong, in words a user understands.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// All problems with `config`; empty when it can be rendered.
pub fn validate(config: &Config) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut report = |path: String, message: String| problems.push(Problem { path, message });
    if config.version != FORMAT_VERSION {
        report(
            "version".into(),
            format!(
                "format version {} is not supported (this build reads {FORMAT_VERSION})",
                config.version
            ),
        );
    }
    if let Err(m) = check_service(&config.service) {
        report("service".into(), m);
    }
    if config.environments.is_empty() {
        report("environments".into(), "add at least one environment".into());
    }
    for (i, env) in config.environments.iter().enumerate() {
        if let Err(m) = check_destination(&env.name) {
            report(format!("environments[{i}].name"), m);
        } else if config.environments[..i].iter().any(|e| e.name == env.name) {
            report(
                format!("environments[{i}].name"),
                format!("\"{}\" is already used by another environment", env.name),
            );
        }
        if let Err(m) = check_branch(&env.branch) {
            report(format!("environments[{i}].branch"), m);
        }
    }
    problems
}

/// Kamal service names become container and directory names: lowercase letters, digits, `-`, `_`.
fn check_service(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("enter the service name from config/deploy.yml".into());
    }
    let ok_chars = name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !ok_chars || !name.as_bytes()[0].is_ascii_alphanumeric() {
        return Err(
            "use lowercase letters, digits, '-' and '_', starting with a letter or digit".into(),
        );
    }
    Ok(())
}

/// Destinations name `config/deploy.NAME.yml` and GitHub environments, and appear in job ids.
fn check_destination(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("enter a name, e.g. production".into());
    }
    let ok = name.as_bytes()[0].is_ascii_lowercase()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !ok {
        return Err("use lowercase letters, digits, '-' and '_', starting with a letter".into());
    }
    Ok(())
}

/// Git's ref-name rules (git-check-ref-format) for a branch name.
pub fn check_branch(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("enter a branch name, e.g. main".into());
    }
    if name.starts_with('-') || name.starts_with('/') || name.ends_with('/') {
        return Err("a branch name cannot start with '-' or '/', or end with '/'".into());
    }
    if name.ends_with('.') || name.ends_with(".lock") || name == "@" {
        return Err("a branch name cannot end with '.' or '.lock', or be '@'".into());
    }
    if name.contains("..")
        || name.contains("//")
        || name.contains("@{")
        || name.contains("/.")
        || name.starts_with('.')
    {
        return Err(
            "a branch name cannot contain '..', '//', '@{' or a component starting with '.'".into(),
        );
    }
    if let Some(c) = name.chars().find(|&c| {
        c.is_ascii_control() || matches!(c, ' ' | '~' | '^' | ':' | '?' | '*' | '[' | '\\')
    }) {
        return Err(format!("a branch name cannot contain {c:?}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Environment;

    #[test]
    fn default_config_is_valid() {
        assert_eq!(validate(&Config::default()), vec![]);
    }

    #[test]
    fn reports_every_problem_with_its_path() {
        let config = Config {
            version: 1,
            service: "My App".into(),
            environments: vec![
                Environment {
                    name: "prod".into(),
                    branch: "feature..x".into(),
                },
                Environment {
                    name: "prod".into(),
                    branch: "main".into(),
                },
            ],
        };
        let paths: Vec<String> = validate(&config).into_iter().map(|p| p.path).collect();
        assert_eq!(
            paths,
            ["service", "environments[0].branch", "environments[1].name"]
        );
    }

    #[test]
    fn branch_rules_follow_git() {
        for ok in ["main", "release/2026", "feature-x", "v1.2"] {
            assert_eq!(check_branch(ok), Ok(()), "{ok}");
        }
        for bad in [
            "", "-x", "a..b", "a b", "a~1", "x.lock", "a/", ".hidden", "a:b", "a*", "a\\b",
        ] {
            assert!(check_branch(bad).is_err(), "{bad}");
        }
    }
}
