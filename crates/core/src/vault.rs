//! Vaults Kamal 2 reads secrets from (`kamal secrets fetch --adapter ...`, Kamal 2.12.0's
//! `lib/kamal/secrets/adapters/*.rb`): which can run unattended on a runner, how each is
//! addressed, and the names an item and a field may have.

use serde::Serialize;

/// A vault a variable's value can come from on a runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(test, derive(serde::Deserialize))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Vault {
    /// 1Password, through a service account (`op`, `OP_SERVICE_ACCOUNT_TOKEN`).
    OnePassword,
    /// Bitwarden Secrets Manager, through a machine account (`bws`, `BWS_ACCESS_TOKEN`).
    BitwardenSm,
    /// AWS Secrets Manager, through the OIDC role the jobs already assume for ECR.
    AwsSecretsManager,
    /// Doppler, through a service token (`doppler`, `DOPPLER_TOKEN`).
    Doppler,
    /// Google Secret Manager, through the Workload Identity Federation login of Google
    /// Artifact Registry (`gcloud`, authenticated by `google-github-actions/setup-gcloud`).
    GcpSecretManager,
}

impl Vault {
    pub const ALL: [Vault; 5] = [
        Vault::OnePassword,
        Vault::BitwardenSm,
        Vault::AwsSecretsManager,
        Vault::GcpSecretManager,
        Vault::Doppler,
    ];

    /// The `--adapter` Kamal knows it by.
    pub fn adapter(self) -> &'static str {
        match self {
            Vault::OnePassword => "1password",
            Vault::BitwardenSm => "bitwarden-sm",
            Vault::AwsSecretsManager => "aws_secrets_manager",
            Vault::Doppler => "doppler",
            Vault::GcpSecretManager => "gcp",
        }
    }

    /// Its key in the document (`secrets.vaults.KEY`), as serde writes it.
    pub fn key(self) -> &'static str {
        match self {
            Vault::OnePassword => "one_password",
            Vault::BitwardenSm => "bitwarden_sm",
            Vault::AwsSecretsManager => "aws_secrets_manager",
            Vault::Doppler => "doppler",
            Vault::GcpSecretManager => "gcp_secret_manager",
        }
    }

    /// The name people use.
    pub fn title(self) -> &'static str {
        match self {
            Vault::OnePassword => "1Password",
            Vault::BitwardenSm => "Bitwarden Secrets Manager",
            Vault::AwsSecretsManager => "AWS Secrets Manager",
            Vault::Doppler => "Doppler",
            Vault::GcpSecretManager => "Google Secret Manager",
        }
    }

    /// The environment variable the vault's CLI reads its token from, and the GitHub secret
    /// conventionally holding it; `None` where the job's OIDC role is the credential.
    pub fn token_variable(self) -> Option<&'static str> {
        match self {
            Vault::OnePassword => Some("OP_SERVICE_ACCOUNT_TOKEN"),
            Vault::BitwardenSm => Some("BWS_ACCESS_TOKEN"),
            Vault::Doppler => Some("DOPPLER_TOKEN"),
            Vault::AwsSecretsManager | Vault::GcpSecretManager => None,
        }
    }

    /// What the item names, for labels and messages.
    pub fn item_means(self) -> &'static str {
        match self {
            Vault::OnePassword => "the vault and item, VAULT/ITEM",
            Vault::BitwardenSm => {
                "the project id, or empty for every secret the machine account reads"
            }
            Vault::AwsSecretsManager => "the secret's name",
            Vault::Doppler => "the project and config, PROJECT/CONFIG",
            Vault::GcpSecretManager => "the project id",
        }
    }

    /// What the field names.
    pub fn field_means(self) -> &'static str {
        match self {
            Vault::OnePassword => "the field's label",
            Vault::BitwardenSm => "the secret's key",
            Vault::AwsSecretsManager => {
                "the key in the secret's JSON, or empty for a plain-text secret"
            }
            Vault::Doppler | Vault::GcpSecretManager => "the secret's name",
        }
    }

    /// Whether the item may be left empty.
    pub fn item_optional(self) -> bool {
        self == Vault::BitwardenSm
    }

    /// Whether the field may be left empty.
    pub fn field_optional(self) -> bool {
        self == Vault::AwsSecretsManager
    }
}

/// Vaults Kamal has adapters for that cannot run unattended on a runner, with the reason the
/// page gives where a user would choose them.
pub const INTERACTIVE: &[(&str, &str)] = &[
    (
        "LastPass",
        "lpass has no token for machines: Kamal runs `lpass login`, which asks for a password",
    ),
    (
        "Bitwarden (password manager)",
        "bw needs an interactive login or an API key plus the master password to unlock; use Bitwarden Secrets Manager",
    ),
    (
        "Enpass",
        "enpass-cli reads a local vault file with its master password: there is no service to reach from a runner",
    ),
];

/// The placeholder an item may hold for the environment's name, so one variable reads
/// `Production/app` in production and `Staging/app` in staging.
pub const ENVIRONMENT_PLACEHOLDER: &str = "{environment}";

/// An item path: segments of letters, digits, `.`, `_` and `-` joined by `/`, with the
/// environment placeholder allowed. Nothing else, so it is one word in `.kamal/secrets*`
/// whatever the shell or Kamal's parser does with it.
pub fn check_item(vault: Vault, item: &str) -> Result<(), String> {
    if item.is_empty() {
        return if vault.item_optional() {
            Ok(())
        } else {
            Err(format!("enter {}", vault.item_means()))
        };
    }
    let plain = item.replace(ENVIRONMENT_PLACEHOLDER, "x");
    if plain.len() > 200 {
        return Err("use at most 200 characters".into());
    }
    let segments_ok = plain
        .split('/')
        .all(|s| !s.is_empty() && s.bytes().all(word_byte));
    if !segments_ok {
        return Err(
            "use letters, digits, '.', '_', '-' and '/' between names (and {environment}); \
             rename an item or vault with spaces"
                .into(),
        );
    }
    let slashes = plain.matches('/').count();
    match vault {
        Vault::OnePassword | Vault::Doppler if slashes != 1 => {
            Err(format!("write {}", vault.item_means()))
        }
        Vault::BitwardenSm | Vault::GcpSecretManager if slashes != 0 => {
            Err("a project id has no '/'".into())
        }
        _ => Ok(()),
    }
}

/// A field: one name of letters, digits, `.`, `_` and `-`.
pub fn check_field(vault: Vault, field: &str) -> Result<(), String> {
    if field.is_empty() {
        return if vault.field_optional() {
            Ok(())
        } else {
            Err(format!("enter {}", vault.field_means()))
        };
    }
    if field.len() <= 100 && field.bytes().all(word_byte) {
        Ok(())
    } else {
        Err("use letters, digits, '.', '_' and '-'".into())
    }
}

fn word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')
}

/// The item for the environment named `environment`.
pub fn item_for(item: &str, environment: &str) -> String {
    item.replace(ENVIRONMENT_PLACEHOLDER, environment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_one_safe_word() {
        assert!(check_item(Vault::OnePassword, "Production/app").is_ok());
        assert!(check_item(Vault::OnePassword, "{environment}/app").is_ok());
        assert!(check_item(Vault::AwsSecretsManager, "myapp/{environment}/db").is_ok());
        assert!(check_item(Vault::BitwardenSm, "").is_ok());
        for bad in [
            "My Vault/app",
            "a/$(id)",
            "a/`x`",
            "a;b/c",
            "a//b",
            "/a",
            "a/'b'",
        ] {
            assert!(check_item(Vault::OnePassword, bad).is_err(), "{bad}");
        }
        assert!(check_item(Vault::OnePassword, "app").is_err());
        assert!(check_item(Vault::Doppler, "").is_err());
        assert!(check_item(Vault::BitwardenSm, "a/b").is_err());
    }

    #[test]
    fn fields_are_one_name() {
        assert!(check_field(Vault::OnePassword, "DATABASE_URL").is_ok());
        assert!(check_field(Vault::AwsSecretsManager, "").is_ok());
        assert!(check_field(Vault::Doppler, "").is_err());
        assert!(check_field(Vault::OnePassword, "a b").is_err());
        assert!(check_field(Vault::OnePassword, "x/y").is_err());
    }

    #[test]
    fn keys_are_what_serde_writes() {
        for vault in Vault::ALL {
            assert_eq!(serde_json::to_value(vault).unwrap(), vault.key());
        }
    }

    #[test]
    fn the_placeholder_names_the_environment() {
        assert_eq!(item_for("{environment}/app", "staging"), "staging/app");
    }
}
