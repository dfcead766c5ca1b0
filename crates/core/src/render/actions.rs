//! The composite actions: `pre-build` prepares the runner and `build-deploy` deploys (and, if
//! asked, releases the lock a cancelled deploy leaves) in every Kamal job; `run-command` and
//! `rollback` hold what the per-environment jobs of those workflows would otherwise repeat.

use crate::aws;
use crate::config::{Config, KamalInstall, KamalVersion, Registry, Vault};
use crate::yaml::{Map, Yaml};

use super::interface::{
    build_deploy as deploy, pre_build as pre, rollback as back, run_command as command, Input,
};
use super::steps::{self, uses, KAMAL_DIR, SSH_AUTH_SOCK, VAULT_CLI_DIR};
use super::{Context, GeneratedFile};

/// The vault CLI versions installed: pinned, so a new release cannot change a deploy.
const ONE_PASSWORD_CLI: &str = "2.35.0";
const BWS_CLI: &str = "2.1.0";
const DOPPLER_CLI: &str = "3.76.1";
/// The commit of Doppler's release tag 3.76.1, whose `keys/publickey.gpg` is the key that
/// signs its releases (read from a git snapshot of DopplerHQ/cli, 2026-12-02).
const DOPPLER_KEY_COMMIT: &str = "4f4dd1776ed5d256587d835558f4ff2397849697";
const DOPPLER_KEY_FINGERPRINT: &str = "B70BD7FCA460C4A3D0EEB965D3D593D50EE79DEC";

/// The ids of the login steps whose outputs are the registry password.
const ECR_STEP_ID: &str = "ecr";
const GCP_STEP_ID: &str = "gcp";
const ACR_STEP_ID: &str = "acr";

/// The `inputs:` of an action, one declaration each.
fn declare(inputs: &[&Input]) -> Map {
    let mut map = Map::spaced();
    for input in inputs {
        map.insert(input.name, input.declaration());
    }
    map
}

fn bash_step(name: &str, env: Map, script: String) -> Map {
    let step = Map::new().with("name", name).with("shell", "bash");
    let step = if env.is_empty() {
        step
    } else {
        step.with("env", env)
    };
    step.with("run", Yaml::Block(script))
}

/// A script that runs Kamal with fixed words, then the arguments `options` (bash lines) add,
/// plus `--destination "$DESTINATION"` when set.
fn kamal_script(ctx: &Context, words: &str, options: &str) -> String {
    format!(
        "{}args=({words})\n{options}\
         if [ -n \"$DESTINATION\" ]; then\n  args+=(--destination \"$DESTINATION\")\nfi\n\
         {} \"${{args[@]}}\"\n",
        steps::tools_path(ctx),
        ctx.config.kamal()
    )
}

pub fn pre_build(ctx: &Context, path: String) -> GeneratedFile {
    let config = ctx.config;
    let v1 = config.project.kamal_version == KamalVersion::V1;
    let mut declared = vec![&pre::SSH_PRIVATE_KEY];
    if config.secrets.known_hosts.is_some() {
        declared.push(&pre::KNOWN_HOSTS);
    }
    if matches!(config.registry, Registry::Ecr { .. }) {
        declared.push(&pre::AWS_ROLE_ARN);
    }
    if matches!(config.registry, Registry::Gar { .. }) {
        declared.push(&pre::GCP_SERVICE_ACCOUNT);
    }
    if v1 {
        declared.push(&pre::DESTINATION);
    }
    let inputs = declare(&declared);

    let mut steps_list = vec![
        steps::setup_ruby(ctx, false),
        install_kamal(ctx),
        start_ssh_agent(),
    ];
    if config.secrets.known_hosts.is_some() {
        steps_list.push(pin_host_keys());
    }
    if config.build.setup_buildx {
        steps_list.push(
            uses(
                Map::new().with("name", "Set up Docker Buildx"),
                "docker/setup-buildx-action",
            )
            .into(),
        );
    }
    if config.build.gha_cache {
        steps_list.push(
            uses(
                Map::new().with("name", "Expose the Actions cache to Kamal's builder"),
                "crazy-max/ghaction-github-runtime",
            )
            .into(),
        );
    }
    if let Registry::Ecr { region, .. } = &config.registry {
        steps_list.push(
            uses(
                Map::new().with("name", "Configure AWS credentials"),
                "aws-actions/configure-aws-credentials",
            )
            .with(
                "with",
                Map::new()
                    .with("role-to-assume", pre::AWS_ROLE_ARN.read())
                    .with("aws-region", region.as_str()),
            )
            .into(),
        );
        steps_list.push(
            uses(
                Map::new()
                    .with("name", "Log in to Amazon ECR")
                    .with("id", ECR_STEP_ID),
                "aws-actions/amazon-ecr-login",
            )
            .into(),
        );
    }
    steps_list.extend(cloud_login(config));
    steps_list.extend(
        config
            .vaults_used()
            .into_iter()
            .filter_map(install_vault_cli),
    );
    if v1 {
        steps_list.push(envify(ctx).into());
    }

    let mut body = Map::spaced()
        .with("name", "Pre-build")
        .with(
            "description",
            "Set up Ruby, the SSH agent and registry credentials for Kamal.",
        )
        .with("inputs", inputs);
    if let (Some(password), false) = (login_password(&config.registry), v1) {
        body.insert(
            "outputs",
            Map::new().with(
                pre::REGISTRY_PASSWORD.name,
                Map::new()
                    .with("description", pre::REGISTRY_PASSWORD.description)
                    .with("value", password),
            ),
        );
    }
    body.insert(
        "runs",
        Map::new()
            .with("using", "composite")
            .with("steps", Yaml::SpacedSeq(steps_list)),
    );
    let kamal = match config.project.kamal_install {
        KamalInstall::GemfileLock => {
            "Kamal alone at the version Gemfile.lock pins (not the \
                                      app's bundle: Kamal hooks that need the app's gems need \
                                      the bundle install)"
        }
        KamalInstall::Version => "Kamal alone",
        KamalInstall::BundleBinstub | KamalInstall::BundleExec => "the bundle",
    };
    let summary = vec![format!(
        "Prepares a job to run Kamal: Ruby and {kamal}, an SSH agent holding the deploy key, \
         the servers' host keys, Docker Buildx and registry credentials."
    )];
    ctx.yaml_file(path, &summary, &body)
}

/// Without `bundler-cache`, setup-ruby installs no gems. The bundle modes install the app's
/// bundle, frozen: a deploy installs exactly what Gemfile.lock says. The others install Kamal
/// alone ([`kamal_alone`]).
fn install_kamal(ctx: &Context) -> Yaml {
    let install = ctx.config.project.kamal_install;
    if !install.alone() {
        return bash_step(
            "Install the gems",
            Map::new().with("BUNDLE_FROZEN", "true"),
            "bundle install --jobs 4 --retry 3\n".into(),
        )
        .into();
    }
    let (name, find_version) = match install {
        KamalInstall::Version => (
            "Install Kamal",
            format!(
                "version={}\nremote=https://rubygems.org/\n",
                ctx.config.project.kamal_gem_version
            ),
        ),
        _ => (
            "Install Kamal at the version Gemfile.lock pins",
            lock_version(ctx),
        ),
    };
    bash_step(
        name,
        Map::new(),
        format!("{find_version}{}", kamal_alone(install)),
    )
    .into()
}

/// Reads Kamal's version (and the gem server) from the app's Gemfile.lock, failing with a
/// message on the file when there is none, when Kamal is not in it or is not the major version
/// the files are for. Line ends are read as Unix ones (a lock checked out with CRLF).
fn lock_version(ctx: &Context) -> String {
    let major = ctx.config.project.kamal_version.major();
    format!(
        "if [ ! -f Gemfile.lock ]; then\n  \
         echo \"::error::No Gemfile.lock at the repository's root: commit it, or install Kamal \
         at a version you name\"\n  \
         exit 1\n\
         fi\n\
         lock=$(tr -d '\\r' < Gemfile.lock)\n\
         version=$(sed -n 's/^    kamal (\\([^)]*\\))$/\\1/p' <<< \"$lock\" | head -n 1)\n\
         if [ -z \"$version\" ]; then\n  \
         echo \"::error file=Gemfile.lock::Kamal is not in Gemfile.lock: add it (bundle add kamal)\"\n  \
         exit 1\n\
         fi\n\
         case \"$version\" in\n  \
         {major}.*) ;;\n  \
         *)\n    \
         echo \"::error file=Gemfile.lock::Gemfile.lock pins Kamal $version; these workflows are for Kamal {major}.\"\n    \
         exit 1\n    \
         ;;\n\
         esac\n\
         remote=$(sed -n '/^GEM$/,/^$/s/^  remote: //p' <<< \"$lock\" | head -n 1)\n\
         remote=${{remote:-https://rubygems.org/}}\n"
    )
}

/// Installs Kamal at `$version` from `$remote` into [`KAMAL_DIR`] through a Gemfile of its
/// own, so only Kamal and its dependencies are installed; from Gemfile.lock, a copy of the lock
/// keeps the app's versions of those dependencies. The binstub runs Kamal with that Gemfile
/// wherever it is called from: scripts find it on the PATH [`steps::tools_path`] sets. Its
/// directory comes from `BUNDLE_BIN`: Bundler 4 removed `bundle binstubs --path`.
fn kamal_alone(install: KamalInstall) -> String {
    let lock = if install == KamalInstall::GemfileLock {
        format!("cp Gemfile.lock \"{KAMAL_DIR}/Gemfile.lock\"\n")
    } else {
        String::new()
    };
    format!(
        "mkdir -p \"{KAMAL_DIR}\"\n\
         {lock}\
         printf 'source \"%s\"\\ngem \"kamal\", \"%s\"\\n' \"$remote\" \"$version\" > \"{KAMAL_DIR}/Gemfile\"\n\
         export BUNDLE_GEMFILE=\"{KAMAL_DIR}/Gemfile\"\n\
         bundle install --jobs 4 --retry 3\n\
         BUNDLE_BIN=\"{KAMAL_DIR}/bin\" bundle binstubs kamal\n"
    )
}

fn start_ssh_agent() -> Yaml {
    bash_step(
        "Start the SSH agent with the deploy key",
        Map::new()
            .with("SSH_AUTH_SOCK", SSH_AUTH_SOCK)
            .with("SSH_PRIVATE_KEY", pre::SSH_PRIVATE_KEY.read()),
        "ssh-agent -a \"$SSH_AUTH_SOCK\" > /dev/null\nprintf '%s\\n' \"$SSH_PRIVATE_KEY\" | ssh-add -\n".into(),
    )
    .into()
}

fn pin_host_keys() -> Yaml {
    bash_step(
        "Pin the servers' host keys",
        Map::new().with("KNOWN_HOSTS", pre::KNOWN_HOSTS.read()),
        "mkdir -p ~/.ssh\nchmod 700 ~/.ssh\nprintf '%s\\n' \"$KNOWN_HOSTS\" >> ~/.ssh/known_hosts\n\
         chmod 600 ~/.ssh/known_hosts\n"
            .into(),
    )
    .into()
}

/// The expression, inside pre-build, of the registry password its login step gives: ECR's
/// `docker_password_*` output, Google's access token, Azure's registry token. `None` where the
/// workflows pass a secret (GHCR, Docker Hub, another registry).
fn login_password(registry: &Registry) -> Option<String> {
    let (step, output) = match registry {
        Registry::Ecr {
            account_id, region, ..
        } => (ECR_STEP_ID, aws::ecr_password_output(account_id, region)),
        Registry::Gar { .. } => (GCP_STEP_ID, "access_token".to_string()),
        Registry::Acr { .. } => (ACR_STEP_ID, "password".to_string()),
        Registry::Ghcr | Registry::DockerHub { .. } | Registry::Other { .. } => return None,
    };
    Some(format!("${{{{ steps.{step}.outputs.{output} }}}}"))
}

/// The logins of the registries that exchange GitHub's OIDC token for a short-lived password
/// (Google, Azure); ECR's is above, with its role input.
fn cloud_login(config: &Config) -> Vec<Yaml> {
    match &config.registry {
        Registry::Gar {
            workload_identity_provider,
            ..
        } => {
            // Google Secret Manager reads through gcloud, which needs the credentials file and
            // setup-gcloud's login; the registry alone needs only the token.
            let gcloud = config.vaults_used().contains(&Vault::GcpSecretManager);
            let auth = uses(
                Map::new()
                    .with("name", "Authenticate to Google Cloud (Workload Identity Federation)")
                    .with("id", GCP_STEP_ID),
                "google-github-actions/auth",
            )
            .with(
                "with",
                Map::new()
                    .with("workload_identity_provider", workload_identity_provider.as_str())
                    .with("service_account", pre::GCP_SERVICE_ACCOUNT.read())
                    .with("token_format", "access_token")
                    // Without Secret Manager only the token is needed: no credentials file in
                    // the workspace (which a `builder.context: .` build would send to Docker),
                    // no exported variables.
                    .with("create_credentials_file", gcloud)
                    .with("export_environment_variables", gcloud),
            );
            let mut steps = vec![auth.into()];
            if gcloud {
                steps.push(
                    uses(
                        Map::new().with("name", "Log the runner's gcloud in (for Secret Manager)"),
                        "google-github-actions/setup-gcloud",
                    )
                    .with("with", Map::new().with("skip_install", true))
                    .into(),
                );
            }
            steps
        }
        Registry::Acr {
            name,
            client_id,
            tenant_id,
            subscription_id,
        } => vec![
            uses(
                Map::new().with("name", "Log in to Azure (OIDC)"),
                "azure/login",
            )
            .with(
                "with",
                Map::new()
                    .with("client-id", client_id.as_str())
                    .with("tenant-id", tenant_id.as_str())
                    .with("subscription-id", subscription_id.as_str()),
            )
            .into(),
            Map::new()
                .with("name", "Get a token for Azure Container Registry")
                .with("id", ACR_STEP_ID)
                .with("shell", "bash")
                .with("env", Map::new().with("REGISTRY", name.as_str()))
                .with(
                    "run",
                    Yaml::Block(
                        "token=$(az acr login --name \"$REGISTRY\" --expose-token --output tsv --query accessToken)\n\
                         echo \"::add-mask::$token\"\n\
                         echo \"password=$token\" >> \"$GITHUB_OUTPUT\"\n"
                            .into(),
                    ),
                )
                .into(),
        ],
        _ => Vec::new(),
    }
}

/// The step that installs the CLI Kamal's adapter for `vault` runs, pinned and verified;
/// `None` where GitHub's runners already have it (the AWS CLI).
fn install_vault_cli(vault: Vault) -> Option<Yaml> {
    match vault {
        Vault::OnePassword => Some(
            uses(
                Map::new().with("name", "Install the 1Password CLI (signature-checked)"),
                "1password/install-cli-action",
            )
            .with("with", Map::new().with("version", ONE_PASSWORD_CLI))
            .into(),
        ),
        Vault::BitwardenSm => Some(
            bash_step(
                "Install the Bitwarden Secrets Manager CLI (from crates.io, checksum-verified)",
                Map::new(),
                format!(
                    "# Built from crates.io, whose index pins each crate's checksum (--locked: the\n\
                     # release's own Cargo.lock). Takes a few minutes on a hosted runner.\n\
                     cargo install bws --locked --version {BWS_CLI} --root \"{VAULT_CLI_DIR}\"\n"
                ),
            )
            .into(),
        ),
        Vault::Doppler => Some(
            bash_step(
                "Install the Doppler CLI (signature-checked)",
                Map::new(),
                doppler_install_script(),
            )
            .into(),
        ),
        // The runner's gcloud, logged in by setup-gcloud after cloud_login (see there).
        Vault::AwsSecretsManager | Vault::GcpSecretManager => None,
    }
}

/// Doppler's release tarball, verified with the release-signing key read from Doppler's
/// repository at the release's commit and checked against its pinned fingerprint. (Doppler's
/// own action runs on node20, and its install script cannot pin a version.)
fn doppler_install_script() -> String {
    format!(
        "version={DOPPLER_CLI}\n\
         key_commit={DOPPLER_KEY_COMMIT}\n\
         fingerprint={DOPPLER_KEY_FINGERPRINT}\n\
         tarball=\"doppler_${{version}}_linux_amd64.tar.gz\"\n\
         work=\"$RUNNER_TEMP/doppler-install\"\n\
         mkdir -p \"$work/gnupg\" \"{VAULT_CLI_DIR}/bin\"\n\
         chmod 700 \"$work/gnupg\"\n\
         cd \"$work\"\n\
         base=\"https://github.com/DopplerHQ/cli/releases/download/$version\"\n\
         curl -fsSL --retry 3 -o \"$tarball\" \"$base/$tarball\"\n\
         curl -fsSL --retry 3 -o \"$tarball.sig\" \"$base/$tarball.sig\"\n\
         key=\"https://raw.githubusercontent.com/DopplerHQ/cli/$key_commit/keys/publickey.gpg\"\n\
         curl -fsSL --retry 3 -o doppler.gpg \"$key\"\n\
         export GNUPGHOME=\"$work/gnupg\"\n\
         gpg --batch --quiet --import doppler.gpg\n\
         if ! gpg --batch --with-colons --list-keys | grep -q \"^fpr:::::::::$fingerprint:\"; then\n  \
         echo \"Doppler's signing key is not $fingerprint\" >&2\n  \
         exit 1\n\
         fi\n\
         gpg --batch --verify \"$tarball.sig\" \"$tarball\"\n\
         tar -xzf \"$tarball\" doppler\n\
         install -m 755 doppler \"{VAULT_CLI_DIR}/bin/doppler\"\n"
    )
}

/// Kamal 1 only: write `.env[.DEST]` from the ERB template with the secrets in the step's env.
/// envify also pushes the file to every server over SSH, so it needs the agent.
fn envify(ctx: &Context) -> Map {
    let mut env = Map::new()
        .with("SSH_AUTH_SOCK", SSH_AUTH_SOCK)
        .with("DESTINATION", pre::DESTINATION.read());
    if let Some(password) = login_password(&ctx.config.registry) {
        env.insert("KAMAL_REGISTRY_PASSWORD", password);
    }
    bash_step(
        "Write the .env file with kamal envify",
        env,
        kamal_script(ctx, "envify", ""),
    )
}

/// Runs one of the allowed commands: the map from each choice to its argument vector, written
/// once for every environment's job (which passes its destination and its secrets in `env:`).
pub fn run_command(ctx: &Context, path: String) -> GeneratedFile {
    let inputs = declare(&[&command::COMMAND, &command::DESTINATION]);
    let env = Map::new()
        .with("SSH_AUTH_SOCK", SSH_AUTH_SOCK)
        .with("COMMAND", command::COMMAND.read())
        .with("DESTINATION", command::DESTINATION.read());
    let script = format!(
        "{}{}if [ -n \"$DESTINATION\" ]; then\n  args+=(--destination \"$DESTINATION\")\nfi\n{} \"${{args[@]}}\"\n",
        super::workflows::command_case(ctx),
        steps::tools_path(ctx),
        ctx.config.kamal()
    );
    let run = bash_step("Run the chosen Kamal command", env, script);
    let body = Map::spaced()
        .with("name", "Run a Kamal command")
        .with(
            "description",
            "Run one of the allowed Kamal commands, chosen by its label.",
        )
        .with("inputs", inputs)
        .with(
            "runs",
            Map::new()
                .with("using", "composite")
                .with("steps", Yaml::SpacedSeq(vec![run.into()])),
        );
    let summary = vec![format!(
        "Runs one of {} allowed Kamal commands, chosen by its label: anything else exits 1. \
         Run it after pre-build, with the variables Kamal needs in the step's env.",
        ctx.commands.len()
    )];
    ctx.yaml_file(path, &summary, &body)
}

/// The lines that turn a deploy into a promotion when `PROMOTE_VERSION` is set. The hosts
/// will pull what `PROMOTE_FROM`'s destination pushed, which is only right when Kamal resolves
/// both destinations to the same repository and service: the configuration cannot know what
/// the destination files say, so `kamal config` is asked for both first (its output, which
/// holds redacted settings, is compared and never printed). A different builder only warns:
/// the image then is not what this destination would have built. Never `--version` alone:
/// Kamal would build the checkout and push it under that tag.
fn promotion_script(kamal: &str) -> String {
    format!(
        r#"if [ -n "$PROMOTE_VERSION" ]; then
  config_of() {{
    local config_args=(config --version "$PROMOTE_VERSION")
    if [ -n "$1" ]; then
      config_args+=(--destination "$1")
    fi
    {kamal} "${{config_args[@]}}"
  }}
  key_of() {{
    printf '%s\n' "$1" | awk -v key=":$2:" '$1 == key {{ sub(/^[^ ]+ /, ""); print }}'
  }}
  builder_of() {{
    printf '%s\n' "$1" | awk '/^:/ {{ on = ($1 == ":builder:") }} on'
  }}
  from_name="destination ${{PROMOTE_FROM:-(none)}}"
  to_name="destination ${{DESTINATION:-(none)}}"
  from_config=$(config_of "$PROMOTE_FROM")
  to_config=$(config_of "$DESTINATION")
  for key in repository service_with_version; do
    from_value=$(key_of "$from_config" "$key")
    to_value=$(key_of "$to_config" "$key")
    if [ "$from_value" != "$to_value" ]; then
      echo "::error::Kamal resolves $key to $from_value for $from_name" \
        "but to $to_value for $to_name: the image $from_name pushed is not the one" \
        "to deploy here. Promote only between destinations with the same image," \
        "registry and service."
      exit 1
    fi
  done
  if [ "$(builder_of "$from_config")" != "$(builder_of "$to_config")" ]; then
    echo "::warning::The builder settings of $from_name and $to_name differ" \
      "(kamal config shows them): the promoted image is the one $from_name built," \
      "not what $to_name would have built."
  fi
  args+=(--skip-push --version "$PROMOTE_VERSION")
fi
"#
    )
}

pub fn build_deploy(ctx: &Context, path: String) -> GeneratedFile {
    let promotes = ctx.config.promotes();
    let mut declared = vec![&deploy::DESTINATION, &deploy::RELEASE_LOCK_ON_CANCEL];
    if promotes {
        declared.extend([&deploy::PROMOTE_VERSION, &deploy::PROMOTE_FROM]);
    }
    let inputs = declare(&declared);
    let env = || {
        Map::new()
            .with("SSH_AUTH_SOCK", SSH_AUTH_SOCK)
            .with("DESTINATION", deploy::DESTINATION.read())
    };
    let (env_map, promote) = if promotes {
        (
            env()
                .with("PROMOTE_VERSION", deploy::PROMOTE_VERSION.read())
                .with("PROMOTE_FROM", deploy::PROMOTE_FROM.read()),
            promotion_script(ctx.config.kamal()),
        )
    } else {
        (env(), String::new())
    };
    let deploy = bash_step(
        "Deploy with Kamal",
        env_map,
        kamal_script(ctx, "deploy", &promote),
    );
    let release = Map::new()
        .with("name", "Release the deploy lock left by a cancelled deploy")
        .with(
            "if",
            format!(
                "cancelled() && {} == 'true'",
                deploy::RELEASE_LOCK_ON_CANCEL.in_expression()
            ),
        )
        .with("shell", "bash")
        .with("env", env())
        .with("run", Yaml::Block(kamal_script(ctx, "lock release", "")));
    let body = Map::spaced()
        .with("name", "Build and deploy")
        .with(
            "description",
            "Build the image, push it and deploy it with Kamal.",
        )
        .with("inputs", inputs)
        .with(
            "runs",
            Map::new().with("using", "composite").with(
                "steps",
                Yaml::SpacedSeq(vec![deploy.into(), release.into()]),
            ),
        );
    let mut summary = vec![
        "Builds, pushes and deploys the app with `kamal deploy`. Run it after pre-build, with the \
         variables Kamal needs in the step's env."
            .to_string(),
    ];
    if promotes {
        summary.push(
            "With promote-version it deploys the image already pushed for that version instead \
             (`kamal deploy --skip-push --version`): the hosts pull it, and Kamal checks its \
             service label. It first asks `kamal config` for both destinations and fails when \
             they resolve to a different repository or service."
                .into(),
        );
    }
    ctx.yaml_file(path, &summary, &body)
}

/// Rolls back to a version and checks the servers then run it. One action, so the rollback
/// workflow's job per environment (its secrets and protection rules) says only which
/// environment and with which variables. Kamal's rollback exits 0 when the old container is
/// gone, hence the check; the image path is `deploy --skip-push --version`, never
/// `deploy --version` alone, which would build the current checkout under the old tag.
pub fn rollback(ctx: &Context, path: String) -> GeneratedFile {
    let kamal = ctx.config.kamal();
    let inputs = declare(&[&back::DESTINATION, &back::VERSION, &back::FROM, &back::LIST]);
    let env = || {
        Map::new()
            .with("SSH_AUTH_SOCK", SSH_AUTH_SOCK)
            .with("DESTINATION", back::DESTINATION.read())
    };
    let script = |body: String| {
        format!(
            "{}dest=()\nif [ -n \"$DESTINATION\" ]; then\n  dest=(--destination \"$DESTINATION\")\nfi\n{body}",
            steps::tools_path(ctx)
        )
    };
    // A boolean input reaches the script as the text `true` or `false`, on GitHub and act alike.
    let list = bash_step(
        "List the versions still on the servers",
        env().with("LIST", back::LIST.read()),
        script(format!(
            "if [ \"$LIST\" = true ]; then\n  {kamal} app containers \"${{dest[@]}}\"\nfi\n"
        )),
    );
    let roll = bash_step(
        "Roll back",
        env()
            .with("VERSION", back::VERSION.read())
            .with("FROM", back::FROM.read()),
        script(format!(
            "case \"$FROM\" in\n  container)\n    {kamal} rollback \"$VERSION\" \"${{dest[@]}}\"\n    ;;\n  \
             image)\n    {kamal} deploy --skip-push --version=\"$VERSION\" \"${{dest[@]}}\"\n    ;;\n  \
             *)\n    echo \"Not a choice: $FROM\" >&2\n    exit 1\n    ;;\nesac\n"
        )),
    );
    // Before Kamal 2.9, -q still printed "App Host: HOST" above each host's version.
    let verify = bash_step(
        "Check that the servers run that version",
        env().with("VERSION", back::VERSION.read()),
        script(format!(
            "said=$({kamal} app version -q \"${{dest[@]}}\")\n\
             echo \"$said\"\n\
             running=$(grep -v '^App Host: ' <<< \"$said\" || true)\n\
             if [ -z \"$running\" ] || grep -qvxF -e \"$VERSION\" -e '' <<< \"$running\"; then\n  \
             echo \"The servers do not all run $VERSION (see kamal app containers)\" >&2\n  \
             exit 1\n\
             fi\n"
        )),
    );
    let body = Map::spaced()
        .with("name", "Roll back")
        .with(
            "description",
            "Run a version again and check that the servers run it.",
        )
        .with("inputs", inputs)
        .with(
            "runs",
            Map::new().with("using", "composite").with(
                "steps",
                Yaml::SpacedSeq(vec![list.into(), roll.into(), verify.into()]),
            ),
        );
    let summary = vec![
        "Rolls back to a version: the old container when it is still on the servers (`kamal \
         rollback`), or the old image pulled again (`kamal deploy --skip-push --version`). Then \
         fails unless every server runs that version: Kamal's rollback exits 0 when the \
         container is gone. Run it after pre-build, with the variables Kamal needs in the \
         step's env."
            .to_string(),
    ];
    ctx.yaml_file(path, &summary, &body)
}
