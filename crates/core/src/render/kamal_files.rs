//! The files Kamal itself reads: `.kamal/secrets[.DEST]` (Kamal 2) or the `.env[.DEST].erb`
//! template `kamal envify` fills (Kamal 1). They hold references, never values.

use std::collections::BTreeMap;

use crate::config::{Environment, KamalVersion};
use crate::yaml::wrap;

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

fn path(ctx: &Context, env: &Environment) -> String {
    let dest = &env.destination;
    match (ctx.config.project.kamal_version, dest.is_empty()) {
        (KamalVersion::V2, true) => ".kamal/secrets".into(),
        (KamalVersion::V2, false) => format!(".kamal/secrets.{dest}"),
        (KamalVersion::V1, true) => ".env.erb".into(),
        (KamalVersion::V1, false) => format!(".env.{dest}.erb"),
    }
}

/// Every variable Kamal needs, in the order the workflows set them.
fn names<'a>(ctx: &Context<'a>) -> Vec<&'a str> {
    let mut names = vec!["KAMAL_REGISTRY_PASSWORD"];
    names.extend(ctx.config.secrets.env.iter().map(|v| v.name.as_str()));
    names
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
    let mut text: String = wrap(&about, 78)
        .iter()
        .map(|line| format!("# {line}\n"))
        .collect();
    for name in names(ctx) {
        let line = match ctx.config.project.kamal_version {
            KamalVersion::V2 => format!("{name}=${name}\n"),
            KamalVersion::V1 => format!("{name}=<%= ENV.fetch(\"{name}\") %>\n"),
        };
        text.push_str(&line);
    }
    text
}
