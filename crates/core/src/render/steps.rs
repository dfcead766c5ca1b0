//! Steps and job pieces shared by several files.

use crate::config::{ConcurrencyPolicy, Environment, KamalVersion, KnownHosts, Registry, Vault};
use crate::pins::pin;
use crate::yaml::{Map, Yaml};

use super::interface::{build_deploy as deploy, pre_build as pre};
use super::Context;

/// The id of the pre-build step, whose outputs later steps read.
pub const PRE_BUILD_ID: &str = "pre-build";

/// Where the SSH agent listens. Composite actions may not write `$GITHUB_ENV`, so the agent
/// is started on a fixed socket that every Kamal step names in its own `env:`.
pub const SSH_AUTH_SOCK: &str = "${{ runner.temp }}/kamal-ssh-agent.sock";

/// Where the install steps put the vault CLIs they build or download (bws, doppler). Composite
/// actions may not write `$GITHUB_PATH`, so every script that runs Kamal puts it on its own PATH
/// ([`tools_path`]); `op` comes on PATH from its own action.
pub const VAULT_CLI_DIR: &str = "$RUNNER_TEMP/vault-cli";

/// Where pre-build installs Kamal by itself (its Gemfile, lock and `bin/kamal` binstub), when
/// it does not install the app's bundle.
pub const KAMAL_DIR: &str = "$RUNNER_TEMP/kamal";

/// The line that puts the tools pre-build installed outside the bundle on PATH for a Kamal
/// process (Kamal alone, bws, doppler); empty when there are none.
pub fn tools_path(ctx: &Context) -> String {
    let mut dirs = Vec::new();
    if ctx.config.project.kamal_install.alone() {
        dirs.push(format!("{KAMAL_DIR}/bin"));
    }
    let vault_cli = ctx
        .config
        .vaults_used()
        .iter()
        .any(|v| matches!(v, Vault::BitwardenSm | Vault::Doppler));
    if vault_cli {
        dirs.push(format!("{VAULT_CLI_DIR}/bin"));
    }
    if dirs.is_empty() {
        String::new()
    } else {
        format!("export PATH=\"{}:$PATH\"\n", dirs.join(":"))
    }
}

pub fn secret(name: &str) -> String {
    format!("${{{{ secrets.{name} }}}}")
}

fn variable(name: &str) -> String {
    format!("${{{{ vars.{name} }}}}")
}

/// `uses:` of a pinned action with its tag as the comment.
pub fn uses(map: Map, action: &str) -> Map {
    let p = pin(action);
    map.with_comment("uses", p.uses(), p.tag)
}

pub fn checkout() -> Yaml {
    checkout_with(Map::new())
}

/// The checkout of commit `sha` (an expression), e.g. the one chosen for a promotion.
pub fn checkout_at(sha: &str) -> Yaml {
    checkout_with(Map::new().with("ref", sha))
}

fn checkout_with(with: Map) -> Yaml {
    uses(
        Map::new().with("name", "Check out the repository"),
        "actions/checkout",
    )
    .with("with", with.with("persist-credentials", false))
    .into()
}

/// Ruby from the project's version file (or a fixed version); with `cache`, setup-ruby also
/// installs the bundle and caches it. `cache` only where the job holds no deploy credentials:
/// a poisoned gem cache would run in a job that can reach the servers (pre-build installs the
/// gems itself instead).
pub fn setup_ruby(ctx: &Context, cache: bool) -> Yaml {
    uses(
        Map::new().with("name", "Set up Ruby and the bundle"),
        "ruby/setup-ruby",
    )
    .with(
        "with",
        Map::new()
            .with("ruby-version", ctx.config.project.ruby_version.as_str())
            .with("bundler-cache", cache),
    )
    .into()
}

/// The step that runs the pre-build composite action for `env`.
pub fn pre_build(ctx: &Context, env: &Environment) -> Yaml {
    let secrets = &ctx.config.secrets;
    let mut with = Map::new().with(pre::SSH_PRIVATE_KEY.name, secret(&secrets.ssh_private_key));
    match &secrets.known_hosts {
        Some(KnownHosts::Secret(name)) => with.insert(pre::KNOWN_HOSTS.name, secret(name)),
        Some(KnownHosts::Variable(name)) => with.insert(pre::KNOWN_HOSTS.name, variable(name)),
        None => {}
    }
    if let Some(role) = env.aws_role(&ctx.config.registry) {
        with.insert(pre::AWS_ROLE_ARN.name, role);
    }
    if let Some(account) = env.gcp_service_account(&ctx.config.registry) {
        with.insert(pre::GCP_SERVICE_ACCOUNT.name, account);
    }
    let mut step = Map::new()
        .with("name", "Prepare Ruby, SSH and registry credentials")
        .with("id", PRE_BUILD_ID)
        .with("uses", format!("./{}", ctx.layout.action_dir("pre-build")));
    if ctx.config.project.kamal_version == KamalVersion::V1 {
        // Kamal 1 writes the secrets into .env during pre-build (`kamal envify`).
        with.insert(pre::DESTINATION.name, env.destination.as_str());
        step = step.with("with", with).with("env", kamal_env(ctx, env));
    } else {
        step = step.with("with", with);
    }
    step.into()
}

/// The step that runs the build-deploy composite action for `env`; with `promote` (an
/// expression naming a commit), it deploys that commit's image instead of building.
pub fn build_deploy(ctx: &Context, env: &Environment, promote: Option<&str>) -> Yaml {
    let release = env.concurrency == ConcurrencyPolicy::CancelAndReleaseLock;
    let mut with = Map::new()
        .with(deploy::DESTINATION.name, env.destination.as_str())
        .with(
            deploy::RELEASE_LOCK_ON_CANCEL.name,
            if release { "true" } else { "false" },
        );
    if let Some(version) = promote {
        with.insert(deploy::PROMOTE_VERSION.name, version);
        let from = env
            .trigger
            .promoted_from()
            .and_then(|f| ctx.config.environment(f));
        with.insert(
            deploy::PROMOTE_FROM.name,
            from.map_or("", |f| f.destination.as_str()),
        );
    }
    let name = match promote {
        Some(_) => "Deploy the image, without building",
        None => "Build and deploy",
    };
    kamal_action_step(ctx, env, name, "build-deploy", with).into()
}

/// A step running one of the generated actions that call Kamal, `action`, with its inputs
/// `with`. Kamal 2 reads `.kamal/secrets*`, so the step gets [`kamal_env`]; Kamal 1 read the
/// `.env` pre-build's envify wrote.
pub fn kamal_action_step(
    ctx: &Context,
    env: &Environment,
    name: &str,
    action: &str,
    with: Map,
) -> Map {
    let step = Map::new()
        .with("name", name)
        .with("uses", format!("./{}", ctx.layout.action_dir(action)))
        .with("with", with);
    match ctx.config.project.kamal_version {
        KamalVersion::V2 => step.with("env", kamal_env(ctx, env)),
        KamalVersion::V1 => step,
    }
}

/// The environment a Kamal process needs: the SSH agent, the registry password, and every
/// variable listed in `.kamal/secrets*`, each fed by its GitHub secret.
pub fn kamal_env(ctx: &Context, env: &Environment) -> Map {
    let mut map = Map::new();
    let password = match &ctx.config.registry {
        Registry::Ecr { .. } | Registry::Gar { .. } | Registry::Acr { .. } => {
            match ctx.config.project.kamal_version {
                // Kamal 1's envify step reads the ECR login output inside pre-build itself.
                KamalVersion::V1 => None,
                KamalVersion::V2 => Some(pre::REGISTRY_PASSWORD.read_from(PRE_BUILD_ID)),
            }
        }
        Registry::Ghcr => Some(secret(super::GITHUB_TOKEN)),
        Registry::DockerHub {
            password_secret, ..
        }
        | Registry::Other {
            password_secret, ..
        } => Some(secret(password_secret)),
    };
    if let Some(password) = password {
        map.insert("KAMAL_REGISTRY_PASSWORD", password);
    }
    for var in ctx.config.secrets.env.iter().filter(|v| v.vault.is_none()) {
        map.insert(var.name.clone(), secret(env.secret_for(var)));
    }
    for vault in ctx.config.vaults_used() {
        if let (Some(variable), Some(access)) = (
            vault.token_variable(),
            ctx.config.secrets.vaults.get(&vault),
        ) {
            map.insert(variable, secret(&access.token_secret));
        }
    }
    map
}

/// Job permissions: read the repository, plus what the registry needs, each with its reason.
pub fn kamal_permissions(ctx: &Context, kind: JobKind) -> Map {
    let map = Map::new().with("contents", "read");
    match ctx.config.registry {
        Registry::Ecr { .. } => {
            map.with_comment("id-token", "write", "assume the AWS role through OIDC")
        }
        // A promotion or a rollback pushes nothing: the servers pull with the job's token.
        Registry::Ghcr if kind == JobKind::DeployPushed => map.with_comment(
            "packages",
            "read",
            "the servers pull the image from ghcr.io with this job's token",
        ),
        Registry::Ghcr => map.with_comment("packages", "write", "push the image to ghcr.io"),
        Registry::Gar { .. } => map.with_comment(
            "id-token",
            "write",
            "log in to Google Artifact Registry through OIDC",
        ),
        Registry::Acr { .. } => {
            map.with_comment("id-token", "write", "log in to Azure through OIDC")
        }
        Registry::DockerHub { .. } | Registry::Other { .. } => map,
    }
}

/// What a job running Kamal does to its environment.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Deploys: GitHub records a deployment (with the environment's URL).
    Deploy,
    /// Deploys an image already in the registry (a promotion, a rollback): a deployment, and
    /// nothing is pushed.
    DeployPushed,
    /// Runs a command or a backup: the environment's secrets and protection rules, but no
    /// deployment record (`deployment: false`), so the environment's history shows deploys only.
    Operate,
}

/// The GitHub environment block of a job.
pub fn environment(env: &Environment, kind: JobKind) -> Map {
    let map = Map::new().with("name", env.github_environment.as_str());
    match kind {
        JobKind::Deploy | JobKind::DeployPushed if env.url.is_empty() => map,
        JobKind::Deploy | JobKind::DeployPushed => map.with("url", env.url.as_str()),
        JobKind::Operate => map.with("deployment", false),
    }
}

/// One concurrency group per environment shared by every job that runs Kamal against it, so
/// a command never races a deploy. It never cancels: a push must not cancel a running backup
/// or maintenance command, which have no lock release. A deploy that cancels an older deploy
/// does so through its workflow's own group, which only deploys of that workflow share.
pub fn kamal_concurrency(ctx: &Context, env: &Environment) -> Map {
    Map::new()
        .with(
            "group",
            format!("kamal-{}-{}", ctx.config.project.service, env.name),
        )
        .with("cancel-in-progress", false)
}

/// The common part of a job that runs Kamal against `env`; `head` (`needs:`, `if:`) follows
/// the name, where a reader looks for it.
pub fn kamal_job(ctx: &Context, name: String, head: Map, env: &Environment, kind: JobKind) -> Map {
    kamal_job_with(ctx, (name, head), env, kind, kamal_permissions(ctx, kind))
}

/// [`kamal_job`] with `permissions` of the caller's (the registry's and more).
pub fn kamal_job_with(
    ctx: &Context,
    (name, head): (String, Map),
    env: &Environment,
    kind: JobKind,
    permissions: Map,
) -> Map {
    Map::new()
        .with("name", name)
        .merge(head)
        .with("runs-on", ctx.config.project.runner.as_str())
        .with("timeout-minutes", ctx.config.project.timeout_minutes)
        .with("permissions", permissions)
        .with("environment", environment(env, kind))
        .with("concurrency", kamal_concurrency(ctx, env))
}

/// `kamal ARGS` (each quoted for the shell) with `tail`, shell text as it is (e.g.
/// `"$DUMP_COMMAND"`), after `args`, then the environment's destination flag.
pub fn kamal_line_then(ctx: &Context, args: &[String], tail: &str, env: &Environment) -> String {
    let mut line = ctx.config.kamal().to_string();
    for arg in args {
        line.push(' ');
        line.push_str(&crate::kamal::shell_quote(arg));
    }
    line.push_str(tail);
    line.push_str(&destination_flag(env));
    line
}

/// ` -d DEST`, or nothing for an environment without a destination.
pub fn destination_flag(env: &Environment) -> String {
    if env.destination.is_empty() {
        String::new()
    } else {
        format!(" -d {}", env.destination)
    }
}

/// A step's `run:` that runs `script` after [`tools_path`]: one plain line when the script is
/// one line and needs no PATH, a block otherwise.
pub fn kamal_run(ctx: &Context, script: &str) -> Yaml {
    let path = tools_path(ctx);
    if path.is_empty() && !script.contains('\n') {
        script.into()
    } else {
        Yaml::Block(format!("{path}{}\n", script.trim_end()))
    }
}
