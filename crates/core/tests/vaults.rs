//! Secrets from vaults: Kamal fetches them while it reads `.kamal/secrets*`, and nothing that
//! could print them runs in a workflow (GitHub masks GitHub secrets, not fetched values). The
//! values reaching Kamal are checked end to end under act (`act.rs`, with the vault stand-ins
//! in `support/vaults/`).

mod support;

use kamal_actions_core::config::Vault;
use kamal_actions_core::render;

#[test]
fn no_workflow_or_action_runs_a_kamal_secrets_command() {
    for (name, config) in support::examples() {
        for file in render(&config).unwrap() {
            if !file.path.starts_with(".github/") {
                continue;
            }
            for (n, line) in file.contents.lines().enumerate() {
                assert!(
                    !line.contains("secrets print")
                        && !line.contains("secrets fetch")
                        && !line.contains("secrets extract"),
                    "{name}: {}:{}: {line}",
                    file.path,
                    n + 1
                );
            }
        }
    }
}

#[test]
fn every_vault_has_an_example_and_its_token_is_a_per_environment_secret() {
    let examples = support::examples();
    for vault in Vault::ALL {
        let using: Vec<_> = examples
            .iter()
            .filter(|(_, c)| c.vaults_used().contains(&vault))
            .collect();
        assert!(!using.is_empty(), "no example reads from {}", vault.title());
        for (name, config) in using {
            let files = render(config).unwrap();
            let guide = files.iter().find(|f| f.path == render::GUIDE_PATH).unwrap();
            if let Some(token) = vault.token_variable() {
                let secret = &config.secrets.vaults[&vault].token_secret;
                for env in &config.environments {
                    let line = format!("gh secret set {secret} --env {}", env.github_environment);
                    assert!(
                        guide.contents.contains(&line),
                        "{name}: the guide does not set {secret} ({token}) in {}",
                        env.github_environment
                    );
                }
            }
        }
    }
}
