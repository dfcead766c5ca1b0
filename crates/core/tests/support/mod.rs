//! Shared helpers of the integration tests: the example configurations and their files.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kamal_actions_core::{render, Config, GeneratedFile};

pub fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Every `examples/*.json`, by file stem, parsed.
pub fn examples() -> Vec<(String, Config)> {
    let mut out: Vec<(String, Config)> = std::fs::read_dir(examples_dir())
        .expect("examples/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let config =
                Config::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                config,
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 6, "at least six examples");
    out
}

/// The rendered files by path.
pub fn files(config: &Config) -> BTreeMap<String, String> {
    render(config)
        .unwrap_or_else(|p| panic!("{p:?}"))
        .into_iter()
        .map(|GeneratedFile { path, contents }| (path, contents))
        .collect()
}

pub fn is_workflow(path: &str) -> bool {
    path.starts_with(".github/workflows/")
        && path.matches('/').count() == 2
        && path.ends_with(".yml")
}

pub fn is_action(path: &str) -> bool {
    path.ends_with("/action.yml") || path.ends_with("/action.yaml")
}

pub fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Every `${{ ... }}` expression inside `text`, trimmed.
pub fn expressions(text: &str) -> Vec<String> {
    text.split("${{")
        .skip(1)
        .map(|rest| rest.split("}}").next().unwrap().trim().to_string())
        .collect()
}

/// Every string scalar in a YAML tree, with the mapping key it sits under.
pub fn strings<'a>(value: &'a serde_yaml::Value, key: &'a str, out: &mut Vec<(&'a str, &'a str)>) {
    match value {
        serde_yaml::Value::String(s) => out.push((key, s)),
        serde_yaml::Value::Sequence(items) => items.iter().for_each(|v| strings(v, key, out)),
        serde_yaml::Value::Mapping(map) => {
            for (k, v) in map {
                strings(v, k.as_str().unwrap_or(""), out);
            }
        }
        _ => {}
    }
}

/// What the vault stand-ins (`support/vaults/fake-vault.py`) answer for `item` in `env`: the
/// item and field the user named, read with the credential of `env`'s GitHub environment
/// (`secret` gives a secret's value as the runner passes it; the AWS key is the one the
/// configure-aws-credentials stand-ins export for the role's account).
pub fn vault_value(
    config: &kamal_actions_core::Config,
    env: &kamal_actions_core::config::Environment,
    item: &kamal_actions_core::config::VaultItem,
    secret: impl Fn(&str) -> String,
) -> String {
    use kamal_actions_core::config::Vault;
    let token = || secret(&config.secrets.vaults[&item.vault].token_secret);
    let at = item.item.replace("{environment}", &env.name);
    match item.vault {
        Vault::OnePassword => format!("op[{}]:{at}/{}", token(), item.field),
        Vault::BitwardenSm => {
            let scope = if at.is_empty() { "all" } else { &at };
            format!("bws[{}]:{scope}/{}", token(), item.field)
        }
        Vault::Doppler => format!("doppler[{}]:{at}/{}", token(), item.field),
        Vault::GcpSecretManager => {
            let account = env
                .gcp_service_account(&config.registry)
                .unwrap_or_default();
            format!("gcp[{account}]:{at}/{}", item.field)
        }
        Vault::AwsSecretsManager => {
            let role = env.aws_role(&config.registry).unwrap_or_default();
            let account = role.split(':').nth(4).unwrap_or_default();
            let key = format!("standin-key-for-{account}");
            if item.field.is_empty() {
                format!("aws[{key}]:{at}")
            } else {
                format!("aws[{key}]:{at}/{}", item.field)
            }
        }
    }
}

/// What the vaults hold beyond what the stand-ins make up: the keys a Bitwarden machine account
/// lists (`FAKE_BWS_KEYS`), and the JSON fields of each AWS secret (`FAKE_AWS_FIELDS`).
pub fn vault_world(config: &kamal_actions_core::Config) -> (String, String) {
    use kamal_actions_core::config::Vault;
    let mut bws = Vec::new();
    let mut aws: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for env in &config.environments {
        for var in &config.secrets.env {
            match &var.vault {
                Some(item) if item.vault == Vault::BitwardenSm => bws.push(item.field.clone()),
                Some(item) if item.vault == Vault::AwsSecretsManager && !item.field.is_empty() => {
                    aws.entry(item.item.replace("{environment}", &env.name))
                        .or_default()
                        .push(item.field.clone());
                }
                _ => {}
            }
        }
    }
    (bws.join(" "), serde_json::to_string(&aws).unwrap())
}

/// The password the Google and Azure login stand-ins give (act's and the bash harness's alike):
/// a token naming the account or application it was issued to.
pub fn cloud_login_password(
    config: &kamal_actions_core::Config,
    env: &kamal_actions_core::config::Environment,
) -> Option<String> {
    use kamal_actions_core::config::Registry;
    match &config.registry {
        Registry::Gar { .. } => Some(format!(
            "gcp-token-for-{}",
            env.gcp_service_account(&config.registry).unwrap()
        )),
        Registry::Acr {
            name, client_id, ..
        } => Some(format!("acr-token-for-{name}-as-{client_id}")),
        _ => None,
    }
}

/// The files under the stand-ins' artifact and bucket stores (`STATE/artifacts`, `STATE/s3`),
/// as (path under `state`, bytes); the stand-in's `.put-by` notes left out.
pub fn stored_backups(state: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut dirs = vec![state.join("artifacts"), state.join("s3")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if !path.to_string_lossy().ends_with(".put-by") {
                let name = path.strip_prefix(state).unwrap().display().to_string();
                found.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    found
}

/// A stored backup read back with the test keys (`fixtures/backup`): decrypted, decompressed.
pub fn restore_backup(encryption: &kamal_actions_core::config::Encryption, bytes: &[u8]) -> String {
    use kamal_actions_core::config::Encryption;
    use std::process::Command;
    let keys = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/backup");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup");
    std::fs::write(&file, bytes).unwrap();
    let decrypted = match encryption {
        Encryption::Age { .. } => Command::new("age")
            .args(["--decrypt", "--identity"])
            .arg(keys.join("age-identity.txt"))
            .arg(&file)
            .output()
            .unwrap(),
        Encryption::Gpg { .. } => {
            let home = dir.path().join("gnupg");
            std::fs::create_dir(&home).unwrap();
            let import = Command::new("gpg")
                .arg("--homedir")
                .arg(&home)
                .args(["--batch", "--import"])
                .arg(keys.join("gpg-secret.asc"))
                .output()
                .unwrap();
            assert!(import.status.success(), "{import:?}");
            Command::new("gpg")
                .arg("--homedir")
                .arg(&home)
                .args(["--batch", "--decrypt"])
                .arg(&file)
                .output()
                .unwrap()
        }
    };
    assert!(decrypted.status.success(), "{decrypted:?}");
    let mut decoder = flate2::read::GzDecoder::new(&decrypted.stdout[..]);
    let mut text = String::new();
    std::io::Read::read_to_string(&mut decoder, &mut text).unwrap();
    text
}

/// The GitHub variable holding a backup's OpenPGP public key, with the test key's public half
/// (`fixtures/backup`) as its value; `None` for a backup encrypted with age, or none.
pub fn backup_gpg_key(config: &Config) -> Option<(&str, &'static str)> {
    match &config.backup.as_ref()?.encryption {
        kamal_actions_core::config::Encryption::Gpg {
            public_key_variable,
        } => Some((
            public_key_variable,
            include_str!("../fixtures/backup/gpg-public.asc"),
        )),
        kamal_actions_core::config::Encryption::Age { .. } => None,
    }
}
