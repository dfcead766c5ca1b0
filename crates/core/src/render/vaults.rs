//! What the variables read from vaults, per GitHub environment: the setup kit's vault side
//! (which service account, machine account, token or IAM policy to create, reading exactly
//! these items) is written from this.

use crate::config::{Config, Vault};
use crate::vault::item_for;

/// One GitHub environment's reads from one vault.
pub(super) struct VaultReads {
    pub vault: Vault,
    pub github_environment: String,
    /// `(item, fields)` with the environment's name put in, in the order first listed.
    pub items: Vec<(String, Vec<String>)>,
}

/// Every vault's reads, vault by vault, then environment by environment.
pub(super) fn reads(config: &Config) -> Vec<VaultReads> {
    let mut out: Vec<VaultReads> = Vec::new();
    for vault in config.vaults_used() {
        for env in &config.environments {
            let mut items: Vec<(String, Vec<String>)> = Vec::new();
            for source in config.secrets.env.iter().filter_map(|v| v.vault.as_ref()) {
                if source.vault != vault {
                    continue;
                }
                let item = item_for(&source.item, &env.name);
                match items.iter_mut().find(|(i, _)| *i == item) {
                    Some((_, fields)) => fields.push(source.field.clone()),
                    None => items.push((item, vec![source.field.clone()])),
                }
            }
            match out
                .iter_mut()
                .find(|r| r.vault == vault && r.github_environment == env.github_environment)
            {
                Some(reads) => {
                    for (item, fields) in items {
                        if !reads.items.iter().any(|(i, _)| *i == item) {
                            reads.items.push((item, fields));
                        }
                    }
                }
                None => out.push(VaultReads {
                    vault,
                    github_environment: env.github_environment.clone(),
                    items,
                }),
            }
        }
    }
    out
}
