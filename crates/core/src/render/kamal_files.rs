//! The files Kamal itself reads: `.kamal/secrets[.DEST]` (Kamal 2) or the `.env[.DEST].erb`
//! template `kamal envify` fills (Kamal 1). They hold references, never values.

use std::collections::BTreeMap;

use crate::config::{Environment, KamalVersion};
use crate::vault::{self, Vault};
use crate::yaml::write_wrapped;

use super::{Context, GeneratedFile};

/// One file per destination (environments without one share the plain file).
pub fn secrets(ctx: &Context) -> Vec<GeneratedFile> {
    let mut by_path: BTreeMap<String, &Environment> = BTreeMap::new();
    for env in &ctx.config.environments {
        by_path.entry(path(ctx, env)).or_insert(env);
    }
    by_path
        .into_iter()
        .map(|(path, env)| GeneratedFile {
            contents: contents(ctx, env),
            path,
        })
        .collect()
}

/// Whether [`secrets`] writes the file at `path`.
pub fn writes(ctx: &Context, path: &str) -> bool {
    ctx.config
        .environments
        .iter()
        .any(|env| self::path(ctx, env) == path)
}

fn path(ctx: &Context, env: &Environment) -> String {
    let dest = &env.destination;
    match (ctx.config.project.kamal_version, dest.is_empty()) {
        (KamalVersion::V2, true) => ".kamal/secrets".into(),
        (KamalVersion::V2, false) => format!(".kamal/secrets.{dest}"),
        (KamalVersion::V1, true) => ".env.erb".into(),
        (KamalVersion::V1, false) => format!(".env.{dest}.erb"),
    }
}

/// Every variable the workflows set from a GitHub secret, in the order they set them.
fn names<'a>(ctx: &Context<'a>) -> Vec<&'a str> {
    let mut names = vec!["KAMAL_REGISTRY_PASSWORD"];
    names.extend(
        ctx.config
            .secrets
            .env
            .iter()
            .filter(|v| v.vault.is_none())
            .map(|v| v.name.as_str()),
    );
    names
}

/// One `kamal secrets fetch` of one vault item for one environment, and the variables it feeds.
struct Fetch<'a> {
    vault: Vault,
    item: String,
    vars: Vec<(&'a str, &'a str)>,
}

/// The vault items `env` reads, each fetched once, in the order their first variable is listed.
fn fetches<'a>(ctx: &Context<'a>, env: &Environment) -> Vec<Fetch<'a>> {
    let mut out: Vec<Fetch<'a>> = Vec::new();
    for var in &ctx.config.secrets.env {
        let Some(source) = &var.vault else { continue };
        let item = vault::item_for(&source.item, &env.name);
        let var = (var.name.as_str(), source.field.as_str());
        match out
            .iter_mut()
            .find(|f| f.vault == source.vault && f.item == item)
        {
            Some(fetch) => fetch.vars.push(var),
            None => out.push(Fetch {
                vault: source.vault,
                item,
                vars: vec![var],
            }),
        }
    }
    out
}

/// The lines of one fetch: a comment, `NAME=$(kamal secrets fetch ...)`, then one
/// `kamal secrets extract` per variable. Kamal runs both in-process while it reads this file.
fn fetch_lines(ctx: &Context, fetch: &Fetch, holder: &str) -> String {
    let fields: Vec<&str> = fetch.vars.iter().map(|(_, field)| *field).collect();
    let mut command = format!("kamal secrets fetch --adapter {}", fetch.vault.adapter());
    match fetch.vault {
        Vault::OnePassword => {
            let account = ctx
                .config
                .secrets
                .vaults
                .get(&fetch.vault)
                .map_or("", |a| a.account.as_str());
            command.push_str(&format!(" --account {account} --from {}", fetch.item));
            command.push_str(&format!(" {}", fields.join(" ")));
        }
        Vault::Doppler => {
            command.push_str(&format!(" --from {} {}", fetch.item, fields.join(" ")));
        }
        Vault::BitwardenSm if fetch.item.is_empty() => command.push_str(" all"),
        Vault::BitwardenSm => command.push_str(&format!(" --from {} all", fetch.item)),
        Vault::AwsSecretsManager => command.push_str(&format!(" {}", fetch.item)),
        // `default`: gcloud's active account, which setup-gcloud logged in.
        Vault::GcpSecretManager => command.push_str(&format!(
            " --account default --from {} {}",
            fetch.item,
            fields.join(" ")
        )),
    }
    let what = if fetch.item.is_empty() {
        format!("From {}", fetch.vault.title())
    } else {
        format!("From {} ({})", fetch.vault.title(), fetch.item)
    };
    let opened = match fetch.vault.token_variable() {
        Some(token) => format!("opened with the token in {token}"),
        None => "opened with the job's OIDC role".into(),
    };
    let mut text = format!("# {what}, {opened}.\n{holder}=$({command})\n");
    for (name, field) in &fetch.vars {
        let key = extract_key(fetch, field);
        text.push_str(&format!(
            "{name}=$(kamal secrets extract {key} ${holder})\n"
        ));
    }
    text
}

/// The key `kamal secrets extract` finds a field by: the field itself (Kamal matches a key
/// ending in `/FIELD`), except where the adapter's key does not end in it: 1Password drops a
/// trailing `/password`, and a plain-text AWS secret's key is its name.
fn extract_key<'a>(fetch: &'a Fetch, field: &'a str) -> &'a str {
    match fetch.vault {
        Vault::OnePassword if field == "password" => &fetch.item,
        Vault::AwsSecretsManager if field.is_empty() => &fetch.item,
        _ => field,
    }
}

fn contents(ctx: &Context, env: &Environment) -> String {
    let target = if env.destination.is_empty() {
        "Kamal commands run without a destination".to_string()
    } else {
        format!("Kamal commands run with -d {}", env.destination)
    };
    let about = match ctx.config.project.kamal_version {
        KamalVersion::V2 => format!(
            "Secrets for {target}. Each line takes its value from the environment of the GitHub \
             Actions step that runs Kamal, where the workflow sets it from a GitHub secret. Only \
             references belong here, never values: this file is committed."
        ),
        KamalVersion::V1 => format!(
            "Template for `kamal envify` ({target}, Kamal 1). envify fills it from the environment \
             of the pre-build step, where the workflow sets each GitHub secret. Only references \
             belong here, never values: this file is committed."
        ),
    };
    let fetches = fetches(ctx, env);
    let about = if fetches.is_empty() {
        about
    } else {
        format!(
            "{about} Variables from a vault are fetched by Kamal itself as it reads this file \
             (`kamal secrets fetch`): the step's environment holds only the vault's token, and \
             nothing fetched is printed."
        )
    };
    let mut text = String::new();
    write_wrapped(&mut text, &about, 78, "# ", "# ");
    for name in names(ctx) {
        let line = match ctx.config.project.kamal_version {
            KamalVersion::V2 => format!("{name}=${name}\n"),
            KamalVersion::V1 => format!("{name}=<%= ENV.fetch(\"{name}\") %>\n"),
        };
        text.push_str(&line);
    }
    for (n, fetch) in fetches.iter().enumerate() {
        let holder = if fetches.len() == 1 {
            "SECRETS".to_string()
        } else {
            format!("SECRETS_{}", n + 1)
        };
        text.push_str(&fetch_lines(ctx, fetch, &holder));
    }
    text
}
