//! Runs every generated `run:` script with bash, as GitHub would, in a sandbox with stub
//! `bin/kamal`, `bundle`, `ssh-agent` and `ssh-add` that record what they were given. Each job
//! is walked step by step: expressions are resolved the way the runner resolves them (secrets,
//! variables, inputs, step outputs), composite actions are entered with their inputs and the
//! calling step's env, and `if:` conditions are evaluated. The tests then assert the exact Kamal
//! command lines and the variables Kamal saw.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use kamal_actions_core::aws::ecr_password_output;
use kamal_actions_core::config::{
    ConcurrencyPolicy, Config, Environment, KamalInstall, KamalVersion, KnownHosts, Registry,
    Trigger,
};
use kamal_actions_core::kamal;
use serde_yaml::Value;

/// One run of the Kamal stub.
#[derive(Debug, Clone, PartialEq)]
struct Invocation {
    args: Vec<String>,
    env: BTreeMap<String, String>,
}

/// A fresh repository checkout with the stubs, per job run.
struct Sandbox {
    _dir: tempfile::TempDir,
    repo: PathBuf,
    stubs: PathBuf,
    home: PathBuf,
    temp: PathBuf,
    log: PathBuf,
    /// Variables the Kamal stub records.
    recorded: Vec<String>,
    /// The servers the recorder models (`support/kamal-servers.sh`).
    state: PathBuf,
}

/// Records the call, after what real Kamal checks first (`support/kamal-preconditions.sh`, the
/// same checks as the act layer's recorder), and what Kamal 2 reads from the destination's
/// `.kamal/secrets*` file (`support/vaults/kamal-secrets.py`, as the act layer reads it).
const RECORDER: &str = concat!(
    "#!/bin/bash\n",
    include_str!("support/kamal-preconditions.sh"),
    include_str!("support/kamal-secrets-file.sh"),
    include_str!("support/kamal-servers.sh"),
    r#"if [ -f "$secrets_file" ]; then
  read_secrets=$(python3 "$KAMAL_SECRETS" "$secrets_file") \
    || { printf '%s\n' "$read_secrets" >&2; exit 7; }
fi
{
  echo "kamal"
  for a in "$@"; do printf 'arg:%s\n' "$a"; done
  for v in $RECORD_ENV; do printf 'env:%s=%s\n' "$v" "${!v-<unset>}"; done
  if [ -n "${read_secrets-}" ]; then
    while IFS= read -r line; do printf 'secret:%s\n' "$line"; done <<< "$read_secrets"
  fi
  echo "end"
} >> "$KAMAL_LOG"
"#
);

/// Bundler as both harnesses model it (see its header).
const BUNDLE: &str = include_str!("support/bundle");

/// A real Rails 8 app's lock (`fixtures/rails8/README.md`): Kamal 2.10.1 among 165 specs.
const RAILS8_LOCK: &str = include_str!("fixtures/rails8/Gemfile.lock");

const SSH_AGENT: &str = r#"#!/bin/bash
[ "$1" = -a ] || { echo "ssh-agent without -a" >&2; exit 1; }
: > "$2"
echo "ssh-agent $2" >> "$SSH_LOG"
"#;

const SSH_ADD: &str = r#"#!/bin/bash
[ "$1" = - ] || { echo "ssh-add without -" >&2; exit 1; }
[ -e "$SSH_AUTH_SOCK" ] || { echo "no agent at $SSH_AUTH_SOCK" >&2; exit 2; }
printf 'ssh-add key=%s\n' "$(cat)" >> "$SSH_LOG"
"#;

fn vaults_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/vaults")
}

fn write_exec(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

impl Sandbox {
    fn new(config: &Config) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let (repo, stubs, home, temp) = (
            root.join("repo"),
            root.join("stubs"),
            root.join("home"),
            root.join("tmp"),
        );
        for d in [&repo, &stubs, &home, &temp] {
            std::fs::create_dir_all(d).unwrap();
        }
        write_exec(&stubs.join("record-kamal"), RECORDER);
        // The app as the install mode expects it: a Rails app has its Gemfile, lock and
        // binstub; one installing Kamal at a named version has none of them, so a file that
        // still called bin/kamal, or read Gemfile.lock, would fail here.
        if config.project.kamal_install != KamalInstall::Version {
            std::fs::write(
                repo.join("Gemfile"),
                "source \"https://rubygems.org\"\ngem \"rails\"\ngem \"kamal\"\n",
            )
            .unwrap();
            std::fs::write(repo.join("Gemfile.lock"), RAILS8_LOCK).unwrap();
        }
        if !config.project.kamal_install.alone() {
            write_exec(
                &repo.join("bin/kamal"),
                &format!(
                    "#!/bin/bash\nexec {} \"$@\"\n",
                    stubs.join("record-kamal").display()
                ),
            );
        }
        write_exec(&stubs.join("bundle"), BUNDLE);
        write_exec(&stubs.join("ssh-agent"), SSH_AGENT);
        write_exec(&stubs.join("ssh-add"), SSH_ADD);
        // op as its install action leaves it, aws as GitHub's runners have it.
        for cli in ["op", "aws", "gcloud"] {
            std::os::unix::fs::symlink(vaults_dir().join("fake-vault.py"), stubs.join(cli))
                .unwrap();
        }
        // sudo and apt-get as on GitHub's Ubuntu runner, and age missing until installed.
        for tool in ["sudo", "apt-get", "age"] {
            std::os::unix::fs::symlink(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/support")
                    .join(tool),
                stubs.join(tool),
            )
            .unwrap();
        }
        // The Azure CLI as GitHub's runners have it (support/az).
        std::os::unix::fs::symlink(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/az"),
            stubs.join("az"),
        )
        .unwrap();
        // curl, gpg and cargo as the vault CLI installs use them: only the pinned downloads.
        for tool in ["curl", "gpg", "cargo"] {
            std::os::unix::fs::symlink(vaults_dir().join("fake-installs.py"), stubs.join(tool))
                .unwrap();
        }
        let mut recorded = vec![
            "KAMAL_REGISTRY_PASSWORD".to_string(),
            "SSH_AUTH_SOCK".to_string(),
        ];
        recorded.extend(config.secrets.env.iter().map(|v| v.name.clone()));
        recorded.extend(
            config
                .vaults_used()
                .into_iter()
                .filter_map(|v| v.token_variable().map(String::from)),
        );
        // Two versions' containers on the servers, the newer running; the registry also
        // holds a third image whose container was pruned.
        let state = root.join("servers");
        std::fs::create_dir_all(&state).unwrap();
        std::fs::write(
            state.join("containers"),
            "1111111111111111111111111111111111111111\n2222222222222222222222222222222222222222\n",
        )
        .unwrap();
        std::fs::write(state.join("images"), "1111111111111111111111111111111111111111\n2222222222222222222222222222222222222222\n3333333333333333333333333333333333333333\n").unwrap();
        std::fs::write(
            state.join("current"),
            "2222222222222222222222222222222222222222\n",
        )
        .unwrap();
        Self {
            log: root.join("kamal.log"),
            _dir: dir,
            repo,
            stubs,
            home,
            temp,
            recorded,
            state,
        }
    }

    fn invocations(&self) -> Vec<Invocation> {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let mut out = Vec::new();
        let mut current: Option<Invocation> = None;
        for line in text.lines() {
            match line {
                "kamal" => {
                    current = Some(Invocation {
                        args: vec![],
                        env: BTreeMap::new(),
                    })
                }
                "end" => out.push(current.take().unwrap()),
                _ => {
                    let inv = current.as_mut().unwrap();
                    if let Some(arg) = line.strip_prefix("arg:") {
                        inv.args.push(arg.into());
                    } else if let Some((k, v)) =
                        line.strip_prefix("env:").and_then(|l| l.split_once('='))
                    {
                        inv.env.insert(k.into(), v.into());
                    }
                }
            }
        }
        out
    }

    /// What each Kamal run read from its secrets file (Kamal 2), in order.
    fn secrets_read(&self) -> Vec<BTreeMap<String, String>> {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let mut out = Vec::new();
        for line in text.lines() {
            if line == "kamal" {
                out.push(BTreeMap::new());
            } else if let Some((k, v)) =
                line.strip_prefix("secret:").and_then(|l| l.split_once('='))
            {
                out.last_mut().unwrap().insert(k.to_string(), v.to_string());
            }
        }
        out
    }

    /// The `bundle install` runs, in order.
    fn bundle_log(&self) -> String {
        std::fs::read_to_string(self.log.with_extension("log.bundle")).unwrap_or_default()
    }

    fn ssh_log(&self) -> String {
        std::fs::read_to_string(self.home.join("ssh.log")).unwrap_or_default()
    }
}

/// How the job is being run.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Normal,
    /// The job is cancelled while the build-deploy action deploys: the steps before it ran,
    /// and from then on only steps whose `if:` asks for `cancelled()` run.
    Cancelled,
}

/// The values expressions resolve to in one scope (a job, or a composite action inside it).
#[derive(Clone)]
struct Scope {
    inputs: BTreeMap<String, String>,
    outputs: BTreeMap<String, BTreeMap<String, String>>,
    env: BTreeMap<String, String>,
}

struct Runner<'a> {
    config: &'a Config,
    files: BTreeMap<String, String>,
    sandbox: Sandbox,
    mode: Mode,
    /// Set once the cancellation has arrived (in `Mode::Cancelled`).
    cancelled: std::cell::Cell<bool>,
    /// What steps of the running job exported for the later ones (`$GITHUB_ENV`, and the
    /// configure-aws-credentials stand-in's credentials), as the runner carries it.
    job_env: std::cell::RefCell<BTreeMap<String, String>>,
    /// What the vaults hold (`support::vault_world`).
    vault_world: (String, String),
    /// What the step that failed printed (stdout, then stderr).
    failure: std::cell::RefCell<String>,
    /// Everything the steps printed: the job log.
    transcript: std::cell::RefCell<String>,
    /// What a dump command prints on the servers (`support/kamal-servers.sh`).
    dump: String,
    /// Configuration variables with real values (the backup's OpenPGP public key); the others
    /// read as `var:NAME`.
    variables: BTreeMap<String, String>,
    /// More environment for every step (e.g. the Kamal version the stand-in reports).
    extra_env: BTreeMap<String, String>,
}

impl<'a> Runner<'a> {
    fn new(config: &'a Config, mode: Mode) -> Self {
        let files = support::files(config);
        let sandbox = Sandbox::new(config);
        // Kamal's secrets files, committed in the repository the jobs check out.
        for (path, contents) in files.iter().filter(|(p, _)| p.starts_with(".kamal/")) {
            let at = sandbox.repo.join(path);
            std::fs::create_dir_all(at.parent().unwrap()).unwrap();
            std::fs::write(at, contents).unwrap();
        }
        Self {
            config,
            files,
            sandbox,
            mode,
            cancelled: std::cell::Cell::new(false),
            job_env: Default::default(),
            vault_world: support::vault_world(config),
            failure: Default::default(),
            transcript: Default::default(),
            dump: format!("PGDMP stand-in dump {}", rand_suffix()),
            variables: support::backup_gpg_key(config)
                .map(|(name, key)| (name.to_string(), key.to_string()))
                .into_iter()
                .collect(),
            extra_env: BTreeMap::new(),
        }
    }

    fn with_env(mut self, name: &str, value: &str) -> Self {
        self.extra_env.insert(name.into(), value.into());
        self
    }

    fn with_dump(mut self, dump: &str) -> Self {
        self.dump = dump.into();
        self
    }

    fn eval(&self, expr: &str, scope: &Scope) -> String {
        let expr = expr.trim();
        if let Some(name) = expr.strip_prefix("secrets.") {
            return format!("secret:{name}");
        }
        if let Some(name) = expr.strip_prefix("vars.") {
            return self
                .variables
                .get(name)
                .cloned()
                .unwrap_or_else(|| format!("var:{name}"));
        }
        if let Some(name) = expr.strip_prefix("inputs.") {
            return scope
                .inputs
                .get(name)
                .cloned()
                .unwrap_or_else(|| panic!("unset input {name}"));
        }
        if expr == "github.sha" {
            return RUN_SHA.into();
        }
        if expr == "runner.temp" {
            return self.sandbox.temp.display().to_string();
        }
        if let Some(rest) = expr.strip_prefix("steps.") {
            let (id, output) = rest
                .split_once(".outputs.")
                .unwrap_or_else(|| panic!("bad {expr}"));
            return scope
                .outputs
                .get(id)
                .and_then(|o| o.get(output))
                .cloned()
                .unwrap_or_else(|| panic!("no output {output} on step {id}"));
        }
        panic!("unresolvable expression {expr}")
    }

    fn substitute(&self, text: &str, scope: &Scope) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("${{") {
            out.push_str(&rest[..start]);
            let end = rest[start..].find("}}").unwrap() + start;
            out.push_str(&self.eval(&rest[start + 3..end], scope));
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// The `if:` forms the generator writes: clauses joined by `&&`, each `cancelled()` or
    /// `NAME == 'value'`.
    fn condition(&self, step: &Value, scope: &Scope) -> bool {
        let cancelled = self.cancelled.get();
        let Some(cond) = step.get("if").and_then(Value::as_str) else {
            return !cancelled;
        };
        let mut asks_cancelled = false;
        let holds = cond.split("&&").all(|clause| {
            let clause = clause.trim();
            if clause == "cancelled()" {
                asks_cancelled = true;
                return cancelled;
            }
            let (lhs, rhs) = clause
                .split_once("==")
                .unwrap_or_else(|| panic!("unknown condition {clause}"));
            self.eval(lhs, scope) == rhs.trim().trim_matches('\'')
        });
        holds && (asks_cancelled || !cancelled)
    }

    fn env_of(&self, step: &Value, scope: &Scope) -> BTreeMap<String, String> {
        let mut env = self.job_env.borrow().clone();
        env.extend(scope.env.clone());
        for (k, v) in step["env"].as_mapping().into_iter().flatten() {
            let value = match v {
                Value::String(s) => self.substitute(s, scope),
                other => serde_yaml::to_string(other).unwrap().trim().to_string(),
            };
            env.insert(k.as_str().unwrap().into(), value);
        }
        env
    }

    /// Runs a job's steps; returns whether every script succeeded.
    fn run_steps(&self, steps: &Value, scope: &mut Scope, composite: bool) -> bool {
        for (i, step) in steps.as_sequence().unwrap().iter().enumerate() {
            if !self.condition(step, scope) {
                continue;
            }
            let id = step.get("id").and_then(Value::as_str).map(String::from);
            if let Some(script) = step.get("run").and_then(Value::as_str) {
                let env = self.env_of(step, scope);
                let Some(outputs) = self.bash(script, &env, composite, i) else {
                    return false;
                };
                if let Some(id) = id {
                    scope.outputs.insert(id, outputs);
                }
            } else if let Some(uses) = step.get("uses").and_then(Value::as_str) {
                let outputs = if let Some(dir) = uses.strip_prefix("./") {
                    if self.mode == Mode::Cancelled && dir.ends_with("/build-deploy") {
                        self.cancelled.set(true);
                    }
                    match self.run_composite(dir, step, scope) {
                        Some(outputs) => outputs,
                        None => return false,
                    }
                } else {
                    self.external_effects(uses, step, scope);
                    self.external_outputs(uses, step, scope)
                };
                if let Some(id) = id {
                    scope.outputs.insert(id, outputs);
                }
            }
        }
        true
    }

    /// What third-party actions leave for the job's later steps: configure-aws-credentials
    /// exports the assumed role's credentials (as its act stand-in does, naming the account);
    /// auth with a credentials file and setup-gcloud log the runner's gcloud in.
    fn external_effects(&self, uses: &str, step: &Value, scope: &Scope) {
        if uses.starts_with("actions/upload-artifact@") {
            // Kept where the test reads it back: artifacts/NAME/FILE.
            let with = &step["with"];
            let name = with["name"].as_str().unwrap();
            let path = PathBuf::from(self.substitute(with["path"].as_str().unwrap(), scope));
            let dir = self.sandbox.state.join("artifacts").join(name);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::copy(&path, dir.join(path.file_name().unwrap()))
                .unwrap_or_else(|e| panic!("upload-artifact: {}: {e}", path.display()));
        }
        if uses.starts_with("google-github-actions/setup-gcloud@") {
            // Logged in as the account auth's credentials file names (the stand-in's format).
            let creds = self.job_env.borrow().get("GOOGLE_GHA_CREDS_PATH").cloned();
            if let Some(account) = creds
                .as_deref()
                .and_then(|c| c.strip_prefix("service_account="))
            {
                let dir = self.sandbox.home.join(".config/gcloud");
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(dir.join("stand-in-login"), account).unwrap();
            }
        }
        if uses.starts_with("google-github-actions/auth@")
            && step["with"]["create_credentials_file"].as_bool() == Some(true)
            && step["with"]["export_environment_variables"].as_bool() == Some(true)
        {
            let account = self.substitute(step["with"]["service_account"].as_str().unwrap(), scope);
            self.job_env.borrow_mut().insert(
                "GOOGLE_GHA_CREDS_PATH".into(),
                format!("service_account={account}"),
            );
        }
        if uses.starts_with("aws-actions/configure-aws-credentials@") {
            let role = self.substitute(step["with"]["role-to-assume"].as_str().unwrap(), scope);
            let account = role.split(':').nth(4).unwrap_or_default().to_string();
            let region = self.substitute(step["with"]["aws-region"].as_str().unwrap(), scope);
            let mut env = self.job_env.borrow_mut();
            env.insert(
                "AWS_ACCESS_KEY_ID".into(),
                format!("standin-key-for-{account}"),
            );
            env.insert("AWS_REGION".into(), region);
        }
    }

    /// Third-party actions do not run here; the logins' password outputs are the ones whose
    /// names matter, so they are the ones the stub provides (ECR's `docker_password_*`,
    /// Google's `access_token`), and azure/login's effect is the az stand-in's login.
    fn external_outputs(
        &self,
        uses: &str,
        step: &Value,
        scope: &Scope,
    ) -> BTreeMap<String, String> {
        let mut outputs = BTreeMap::new();
        match &self.config.registry {
            Registry::Gar { .. } if uses.starts_with("google-github-actions/auth@") => {
                let account =
                    self.substitute(step["with"]["service_account"].as_str().unwrap(), scope);
                outputs.insert("access_token".into(), format!("gcp-token-for-{account}"));
            }
            Registry::Acr { client_id, .. } if uses.starts_with("azure/login@") => {
                let azure = self.sandbox.home.join(".azure");
                std::fs::create_dir_all(&azure).unwrap();
                std::fs::write(azure.join("stand-in-login"), format!("{client_id}\n")).unwrap();
            }
            _ => {}
        }
        if let (
            true,
            Registry::Ecr {
                account_id, region, ..
            },
        ) = (
            uses.starts_with("aws-actions/amazon-ecr-login@"),
            &self.config.registry,
        ) {
            outputs.insert(
                ecr_password_output(account_id, region),
                "ecr-password".into(),
            );
        }
        outputs
    }

    fn run_composite(
        &self,
        dir: &str,
        step: &Value,
        caller: &Scope,
    ) -> Option<BTreeMap<String, String>> {
        let text = ["action.yml", "action.yaml"]
            .iter()
            .find_map(|f| self.files.get(&format!("{dir}/{f}")))
            .unwrap_or_else(|| panic!("no action at {dir}"));
        let action = support::yaml(text);
        let mut inputs = BTreeMap::new();
        for (name, spec) in action["inputs"].as_mapping().into_iter().flatten() {
            if let Some(default) = spec.get("default").and_then(Value::as_str) {
                inputs.insert(name.as_str().unwrap().to_string(), default.to_string());
            }
        }
        for (name, value) in step["with"].as_mapping().into_iter().flatten() {
            inputs.insert(
                name.as_str().unwrap().into(),
                self.substitute(value.as_str().unwrap(), caller),
            );
        }
        let mut scope = Scope {
            inputs,
            outputs: BTreeMap::new(),
            env: self.env_of(step, caller),
        };
        if !self.run_steps(&action["runs"]["steps"], &mut scope, true) {
            return None;
        }
        let mut outputs = BTreeMap::new();
        for (name, output) in action["outputs"].as_mapping().into_iter().flatten() {
            let value = self.substitute(output["value"].as_str().unwrap(), &scope);
            outputs.insert(name.as_str().unwrap().to_string(), value);
        }
        Some(outputs)
    }

    /// Runs one script as GitHub does: composite steps with `shell: bash` get
    /// `bash --noprofile --norc -eo pipefail {0}`, workflow steps the default `bash -e {0}`.
    /// Returns the outputs it wrote to `$GITHUB_OUTPUT` (`NAME=value` lines), `None` if it
    /// failed.
    fn bash(
        &self,
        script: &str,
        env: &BTreeMap<String, String>,
        composite: bool,
        index: usize,
    ) -> Option<BTreeMap<String, String>> {
        let path = self
            .sandbox
            .temp
            .join(format!("step-{index}-{}.sh", rand_suffix()));
        std::fs::write(&path, script).unwrap();
        let output_file = path.with_extension("output");
        let env_file = path.with_extension("env");
        let mut cmd = Command::new("bash");
        if composite {
            cmd.args(["--noprofile", "--norc", "-eo", "pipefail"]);
        } else {
            cmd.arg("-e");
        }
        let s = &self.sandbox;
        let output = cmd
            .arg(&path)
            .current_dir(&s.repo)
            .env_clear()
            .env("PATH", format!("{}:/usr/bin:/bin", s.stubs.display()))
            .env("HOME", &s.home)
            .env("KAMAL_LOG", &s.log)
            .env("SSH_LOG", s.home.join("ssh.log"))
            .env("RECORD_ENV", s.recorded.join(" "))
            // What the runner sets for every step.
            .env("RUNNER_TEMP", &s.temp)
            .env("GITHUB_PATH", s.temp.join("github_path"))
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_ENV", &env_file)
            .env("FAKE_VAULT", vaults_dir().join("fake-vault.py"))
            .env("KAMAL_SECRETS", vaults_dir().join("kamal-secrets.py"))
            .env("KAMAL_RECORDER", s.stubs.join("record-kamal"))
            .env("KAMAL_STANDIN_HEAD", RUN_SHA)
            .env(
                "KAMAL_MAJOR",
                match self.config.project.kamal_version {
                    KamalVersion::V1 => "1",
                    KamalVersion::V2 => "2",
                },
            )
            .env("KAMAL_STANDIN_DUMP", &self.dump)
            .env("FAKE_S3", s.state.join("s3"))
            .envs(&self.extra_env)
            .env("KAMAL_STATE", &s.state)
            .env("FAKE_BWS_KEYS", &self.vault_world.0)
            .env("FAKE_AWS_FIELDS", &self.vault_world.1)
            .envs(env)
            .output()
            .unwrap();
        if !output.status.success() {
            let said = String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr);
            eprintln!("step {index} failed: {said}");
            self.transcript.borrow_mut().push_str(&said);
            *self.failure.borrow_mut() = said;
            return None;
        }
        // What the job log shows: everything the step printed.
        self.transcript
            .borrow_mut()
            .push_str(&String::from_utf8_lossy(&output.stdout));
        self.transcript
            .borrow_mut()
            .push_str(&String::from_utf8_lossy(&output.stderr));
        let exported = std::fs::read_to_string(&env_file).unwrap_or_default();
        self.job_env.borrow_mut().extend(
            exported
                .lines()
                .filter_map(|l| l.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        let written = std::fs::read_to_string(&output_file).unwrap_or_default();
        Some(
            written
                .lines()
                .filter_map(|l| l.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    /// Runs the jobs of the workflow at `path` whose `if:` holds for `inputs`; returns whether
    /// all of them succeeded.
    fn run_workflow(&self, path: &str, inputs: &[(&str, &str)]) -> bool {
        let doc = support::yaml(&self.files[path]);
        let inputs: BTreeMap<String, String> = inputs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut ok = true;
        // Each job's result (true: succeeded); a job runs only when every job it `needs`
        // succeeded, as GitHub skips it otherwise. Jobs are written in dependency order.
        let mut succeeded: BTreeMap<String, bool> = BTreeMap::new();
        for (id, job) in doc["jobs"].as_mapping().unwrap() {
            let id = id.as_str().unwrap().to_string();
            if job.get("uses").is_some() {
                // Reusable check workflows: their scripts are the user's own commands.
                succeeded.insert(id, true);
                continue;
            }
            let needs: Vec<String> = match &job["needs"] {
                Value::String(one) => vec![one.clone()],
                Value::Sequence(many) => many
                    .iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect(),
                _ => Vec::new(),
            };
            let needs_met = needs.iter().all(|n| succeeded.get(n) == Some(&true));
            self.job_env.borrow_mut().clear();
            let mut scope = Scope {
                inputs: inputs.clone(),
                outputs: BTreeMap::new(),
                env: BTreeMap::new(),
            };
            // Once the run is cancelled, GitHub starts no more of its jobs.
            let runs = needs_met
                && !self.cancelled.get()
                && job.get("if").and_then(Value::as_str).is_none_or(|cond| {
                    let (lhs, rhs) = cond.split_once("==").unwrap();
                    self.eval(lhs, &scope) == rhs.trim().trim_matches('\'')
                });
            let result = runs && self.run_steps(&job["steps"], &mut scope, false);
            if runs {
                ok &= result;
            } else if !needs_met {
                ok = false;
            }
            succeeded.insert(id, result);
        }
        ok
    }
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// What Kamal should see in `env`: the registry password and each secret by its GitHub name.
fn expected_env(config: &Config, env: &Environment, sandbox: &Sandbox) -> BTreeMap<String, String> {
    let mut expected = BTreeMap::new();
    let password = match &config.registry {
        Registry::Ecr { .. } => "ecr-password".to_string(),
        Registry::Ghcr => "secret:GITHUB_TOKEN".to_string(),
        Registry::Gar { .. } | Registry::Acr { .. } => {
            support::cloud_login_password(config, env).unwrap()
        }
        Registry::DockerHub {
            password_secret, ..
        }
        | Registry::Other {
            password_secret, ..
        } => {
            format!("secret:{password_secret}")
        }
    };
    expected.insert("KAMAL_REGISTRY_PASSWORD".to_string(), password);
    expected.insert(
        "SSH_AUTH_SOCK".to_string(),
        sandbox
            .temp
            .join("kamal-ssh-agent.sock")
            .display()
            .to_string(),
    );
    for var in &config.secrets.env {
        // A variable from a vault is fetched by Kamal itself: it must not be in the step's env.
        let value = match var.vault {
            None => format!("secret:{}", env.secret_for(var)),
            Some(_) => "<unset>".to_string(),
        };
        expected.insert(var.name.clone(), value);
    }
    for vault in config.vaults_used() {
        if let Some(variable) = vault.token_variable() {
            let access = &config.secrets.vaults[&vault];
            expected.insert(variable.into(), format!("secret:{}", access.token_secret));
        }
    }
    expected
}

fn with_destination(mut args: Vec<String>, flag: &str, env: &Environment) -> Vec<String> {
    if !env.destination.is_empty() {
        args.extend([flag.to_string(), env.destination.clone()]);
    }
    args
}

fn words(text: &str) -> Vec<String> {
    text.split(' ').map(String::from).collect()
}

/// The commit a workflow run is on (`github.sha`).
const RUN_SHA: &str = "0123456789abcdef0123456789abcdef01234567";

/// The Kamal runs a deploy job makes, and then the jobs deploying the environments promoted
/// right after it, in the same run, at the same commit: Kamal 1 envifies first.
fn expected_deploy(config: &Config, env: &Environment, sandbox: &Sandbox) -> Vec<Invocation> {
    let mut runs = expected_deploy_of(config, env, sandbox, None);
    runs.extend(expected_followers(config, env, sandbox, RUN_SHA));
    runs
}

/// The promotions after `env`, at `version`, depth first as the jobs are written.
fn expected_followers(
    config: &Config,
    env: &Environment,
    sandbox: &Sandbox,
    version: &str,
) -> Vec<Invocation> {
    let mut runs = Vec::new();
    for next in config.followers(&env.name) {
        runs.extend(expected_deploy_of(config, next, sandbox, Some(version)));
        runs.extend(expected_followers(config, next, sandbox, version));
    }
    runs
}

/// The Kamal runs of one job deploying `env`: building, or the image of `promote` (a commit).
fn expected_deploy_of(
    config: &Config,
    env: &Environment,
    sandbox: &Sandbox,
    promote: Option<&str>,
) -> Vec<Invocation> {
    let secrets_env = expected_env(config, env, sandbox);
    let mut deploy = words("deploy");
    if let Some(version) = promote {
        deploy.extend(["--skip-push".into(), "--version".into(), version.into()]);
    }
    let deploy = with_destination(deploy, "--destination", env);
    match config.project.kamal_version {
        KamalVersion::V2 => vec![Invocation {
            args: deploy,
            env: secrets_env,
        }],
        KamalVersion::V1 => {
            // Kamal 1 reads the secrets once, in envify; deploy reads the .env file.
            let mut deploy_env: BTreeMap<String, String> = secrets_env
                .keys()
                .map(|k| (k.clone(), "<unset>".to_string()))
                .collect();
            deploy_env.insert("SSH_AUTH_SOCK".into(), secrets_env["SSH_AUTH_SOCK"].clone());
            vec![
                Invocation {
                    args: with_destination(words("envify"), "--destination", env),
                    env: secrets_env,
                },
                Invocation {
                    args: deploy,
                    env: deploy_env,
                },
            ]
        }
    }
}

fn assert_ssh_prepared(config: &Config, sandbox: &Sandbox) {
    let log = sandbox.ssh_log();
    let key = format!("ssh-add key=secret:{}", config.secrets.ssh_private_key);
    assert!(log.contains(&key), "the deploy key reaches ssh-add: {log}");
    let known_hosts =
        std::fs::read_to_string(sandbox.home.join(".ssh/known_hosts")).unwrap_or_default();
    // The jobs of one run share this sandbox's home (each pins the keys once); GitHub gives
    // each job a fresh runner.
    let lines: Vec<&str> = known_hosts.lines().collect();
    let expected = match &config.secrets.known_hosts {
        Some(KnownHosts::Secret(name)) => format!("secret:{name}"),
        Some(KnownHosts::Variable(name)) => format!("var:{name}"),
        None => return assert_eq!(known_hosts, ""),
    };
    assert!(!lines.is_empty(), "no host keys pinned");
    assert!(lines.iter().all(|l| *l == expected), "{known_hosts}");
}

fn deploy_workflow_path(files: &BTreeMap<String, String>, env: &Environment) -> String {
    files
        .keys()
        .find(|p| {
            support::is_workflow(p)
                && (p.ends_with(&format!("deploy-{}.yml", env.name))
                    || p.ends_with(&format!("build_deploy_{}.yml", env.name.replace('-', "_"))))
        })
        .cloned()
        .unwrap_or_else(|| panic!("no deploy workflow for {}", env.name))
}

fn shared_workflow(
    files: &BTreeMap<String, String>,
    plain: &str,
    numbered: &str,
) -> Option<String> {
    files
        .keys()
        .find(|p| {
            support::is_workflow(p)
                && (p.ends_with(&format!("/{plain}.yml"))
                    || p.ends_with(&format!(".{numbered}.yml")))
        })
        .cloned()
}

#[test]
fn deploy_workflows_run_kamal_deploy_with_every_secret() {
    for (name, config) in support::examples() {
        for env in config
            .environments
            .iter()
            .filter(|e| e.trigger.has_deploy_workflow())
        {
            let runner = Runner::new(&config, Mode::Normal);
            let path = deploy_workflow_path(&runner.files, env);
            assert!(runner.run_workflow(&path, &[]), "{name}: {path} failed");
            assert_eq!(
                runner.sandbox.invocations(),
                expected_deploy(&config, env, &runner.sandbox),
                "{name}: {path}"
            );
            assert_ssh_prepared(&config, &runner.sandbox);
            assert_vault_values(&config, env, &runner.sandbox, &format!("{name}: {path}"));
            // setup-ruby installs nothing without its cache: pre-build must install Kamal.
            // Once per job: the deploy, and each promotion after it.
            let jobs = 1 + promoted_after(&config, env);
            assert_eq!(
                runner.sandbox.bundle_log(),
                expected_install(&config).repeat(jobs),
                "{name}: {path}"
            );
        }
    }
}

/// Kamal alone needs Kamal in Gemfile.lock, at the major version the files are for: anything
/// else fails in pre-build with an annotation on the lock, before any SSH key is loaded.
#[test]
fn kamal_from_the_lock_fails_clearly_without_kamal_in_it() {
    let config: Config = support::examples()
        .into_iter()
        .find(|(_, c)| c.project.kamal_install == KamalInstall::GemfileLock)
        .expect("an example installs Kamal from the lock")
        .1;
    let env = &config.environments[0];
    let cases = [
        (
            RAILS8_LOCK.replace("    kamal (2.10.1)\n", ""),
            "::error file=Gemfile.lock::Kamal is not in Gemfile.lock: add it",
        ),
        (
            RAILS8_LOCK.replace("    kamal (2.10.1)\n", "    kamal (1.9.3)\n"),
            "::error file=Gemfile.lock::Gemfile.lock pins Kamal 1.9.3; these workflows are for Kamal 2.",
        ),
    ];
    let missing = (None, "::error::No Gemfile.lock at the repository's root");
    let cases = cases.map(|(lock, message)| (Some(lock), message));
    for (lock, message) in cases.into_iter().chain([missing]) {
        let runner = Runner::new(&config, Mode::Normal);
        let at = runner.sandbox.repo.join("Gemfile.lock");
        match lock {
            Some(lock) => std::fs::write(at, lock).unwrap(),
            None => std::fs::remove_file(at).unwrap(),
        }
        let path = deploy_workflow_path(&runner.files, env);
        assert!(!runner.run_workflow(&path, &[]), "{path} ran without Kamal");
        assert!(
            runner.failure.borrow().contains(message),
            "{}",
            runner.failure.borrow()
        );
        assert!(runner.sandbox.invocations().is_empty());
        assert_eq!(runner.sandbox.bundle_log(), "");
        assert_eq!(runner.sandbox.ssh_log(), "", "the key was loaded first");
    }
}

/// A lock checked out with Windows line ends reads the same.
#[test]
fn kamal_from_a_lock_with_crlf_line_ends_installs_the_same() {
    let (name, config) = support::examples()
        .into_iter()
        .find(|(_, c)| c.project.kamal_install == KamalInstall::GemfileLock)
        .expect("an example installs Kamal from the lock");
    let env = &config.environments[0];
    let runner = Runner::new(&config, Mode::Normal);
    let lock = RAILS8_LOCK.replace('\n', "\r\n");
    std::fs::write(runner.sandbox.repo.join("Gemfile.lock"), lock).unwrap();
    let path = deploy_workflow_path(&runner.files, env);
    assert!(runner.run_workflow(&path, &[]), "{name}: {path}");
    assert!(
        runner.sandbox.bundle_log().contains("2.10.1"),
        "{}",
        runner.sandbox.bundle_log()
    );
}

/// How many environments are deployed after `env` in its run, directly or not.
fn promoted_after(config: &Config, env: &Environment) -> usize {
    config
        .followers(&env.name)
        .map(|next| 1 + promoted_after(config, next))
        .sum()
}

/// What pre-build installs, as the bundle stand-in logs it: the frozen bundle, or Kamal alone at
/// the lock's version (with the lock copied beside its Gemfile) or at the named one.
fn expected_install(config: &Config) -> String {
    let project = &config.project;
    match project.kamal_install {
        KamalInstall::BundleBinstub | KamalInstall::BundleExec => {
            "install bundle frozen=true\n".into()
        }
        KamalInstall::GemfileLock => {
            "install kamal=2.10.1 lock=2.10.1 frozen=\nbinstubs kamal\n".into()
        }
        KamalInstall::Version => format!(
            "install kamal={} lock= frozen=\nbinstubs kamal\n",
            project.kamal_gem_version
        ),
    }
}

/// Each variable from a vault reaches the deploy with the value its item and field hold in that
/// environment's vault, read with that environment's token (the stand-ins name both).
fn assert_vault_values(config: &Config, env: &Environment, sandbox: &Sandbox, what: &str) {
    let read = sandbox.secrets_read();
    let Some(deploy) = read.last() else { return };
    for var in &config.secrets.env {
        if let Some(item) = &var.vault {
            let expected = support::vault_value(config, env, item, |name| format!("secret:{name}"));
            assert_eq!(
                deploy.get(&var.name),
                Some(&expected),
                "{what}: {}",
                var.name
            );
        }
    }
}

#[test]
fn a_cancelled_deploy_releases_the_lock_only_when_configured() {
    for (name, config) in support::examples() {
        for env in config
            .environments
            .iter()
            .filter(|e| e.trigger.has_deploy_workflow())
        {
            let runner = Runner::new(&config, Mode::Cancelled);
            let path = deploy_workflow_path(&runner.files, env);
            assert!(runner.run_workflow(&path, &[]), "{name}: {path} failed");
            let args: Vec<Vec<String>> = runner
                .sandbox
                .invocations()
                .into_iter()
                .map(|i| i.args)
                .filter(|args| args[0] != "envify")
                .collect();
            let expected = match env.concurrency {
                ConcurrencyPolicy::CancelAndReleaseLock => vec![with_destination(
                    words("lock release"),
                    "--destination",
                    env,
                )],
                ConcurrencyPolicy::Queue => vec![],
            };
            assert_eq!(args, expected, "{name}: {path}");
        }
    }
}

#[test]
fn manual_deploy_runs_only_the_chosen_environment() {
    for (name, config) in support::examples() {
        for env in &config.environments {
            let runner = Runner::new(&config, Mode::Normal);
            let path =
                shared_workflow(&runner.files, "deploy-manually", "build_deploy_manually").unwrap();
            let options = support::yaml(&runner.files[&path])["on"]["workflow_dispatch"]["inputs"]
                ["environment"]["options"]
                .clone();
            let offered = options
                .as_sequence()
                .unwrap()
                .iter()
                .any(|o| o.as_str() == Some(env.name.as_str()));
            // An environment that deploys another's image is never built by hand.
            assert_eq!(
                offered,
                env.trigger.promoted_from().is_none(),
                "{name}: {}",
                env.name
            );
            if !offered {
                continue;
            }
            assert!(
                runner.run_workflow(&path, &[("environment", &env.name)]),
                "{name}: {path}"
            );
            assert_eq!(
                runner.sandbox.invocations(),
                expected_deploy(&config, env, &runner.sandbox),
                "{name}: {}",
                env.name
            );
        }
    }
}

#[test]
fn run_command_runs_exactly_the_allowed_command() {
    for (name, config) in support::examples() {
        let Some(path) = shared_workflow(
            &support::files(&config),
            "kamal-run-command",
            "kamal_run_command",
        ) else {
            assert!(
                config.commands.is_empty(),
                "{name}: commands but no run-command workflow"
            );
            continue;
        };
        for env in &config.environments {
            for text in &config.commands {
                let command = kamal::parse(text, config.project.kamal_version).unwrap();
                let runner = Runner::new(&config, Mode::Normal);
                let ok = runner.run_workflow(
                    &path,
                    &[("environment", &env.name), ("command", &command.label)],
                );
                assert!(ok, "{name}: {} on {}", command.label, env.name);
                let runs = runner.sandbox.invocations();
                let last = runs.last().expect("kamal ran");
                assert_eq!(
                    last.args,
                    with_destination(command.args.clone(), "--destination", env),
                    "{name}: {text}"
                );
                if config.project.kamal_version == KamalVersion::V2 {
                    assert_eq!(
                        last.env,
                        expected_env(&config, env, &runner.sandbox),
                        "{name}: {text}"
                    );
                }
            }
        }
    }
}

#[test]
fn run_command_refuses_anything_not_listed() {
    let kamal_1 = support::examples()
        .into_iter()
        .find(|(n, _)| n == "seed-kamal1")
        .unwrap()
        .1;
    // Kamal 1's pre-build runs envify, which pushes env files to the servers: a command that
    // is not listed must stop before it (found by the act layer).
    let runner = Runner::new(&kamal_1, Mode::Normal);
    let path = shared_workflow(&runner.files, "kamal-run-command", "kamal_run_command").unwrap();
    assert!(!runner.run_workflow(
        &path,
        &[("environment", "production"), ("command", "deploy")]
    ));
    assert_eq!(runner.sandbox.invocations(), vec![]);

    let config = Config::default();
    let path = ".github/workflows/kamal-run-command.yml";
    for bogus in [
        "deploy",
        "lock release; rm -rf /",
        "$(id)",
        // What the user typed is not the label: the label is the command that runs.
        "proxy reboot --rolling",
        "",
    ] {
        let runner = Runner::new(&config, Mode::Normal);
        assert!(
            !runner.run_workflow(path, &[("environment", "production"), ("command", bogus)]),
            "{bogus:?} ran"
        );
        assert_eq!(
            runner.sandbox.invocations(),
            vec![],
            "{bogus:?} reached kamal"
        );
    }
}

#[test]
fn the_seed_commands_run_as_kamal_2_expects() {
    let config = support::examples()
        .into_iter()
        .find(|(n, _)| n == "seed-kamal2")
        .unwrap()
        .1;
    let path = ".github/workflows/06.kamal_run_command.yml";
    let cases = [
        (
            "proxy reboot --rolling -y",
            "production",
            "proxy reboot --rolling -y --destination production",
        ),
        (
            "accessory reboot pg_hero",
            "staging",
            "accessory reboot pg_hero --destination staging",
        ),
        (
            "lock release",
            "production",
            "lock release --destination production",
        ),
    ];
    for (label, env, expected) in cases {
        let runner = Runner::new(&config, Mode::Normal);
        assert!(runner.run_workflow(path, &[("environment", env), ("command", label)]));
        assert_eq!(
            runner.sandbox.invocations().last().unwrap().args,
            words(expected)
        );
    }
    let runner = Runner::new(&config, Mode::Normal);
    assert!(runner.run_workflow(".github/workflows/03.database_backup.yml", &[]));
    let backup = runner.sandbox.invocations().pop().unwrap();
    assert_eq!(
        backup.args,
        [
            "accessory",
            "exec",
            "pg_hero",
            "--reuse",
            "--raw",
            "pg_dumpall --clean",
            "-d",
            "production"
        ]
    );
    assert_eq!(
        backup.env["DATABASE_URL"],
        "secret:DATABASE_URL_PRODUCTION_ADMIN"
    );
    assert_eq!(backup.env["KAMAL_REGISTRY_PASSWORD"], "ecr-password");
}

/// A backup runs its dump in the running container with raw output, and keeps only the
/// encrypted file: read back with the private key it is the dump, and the job log holds none
/// of it. A Kamal without `--raw` and an empty dump fail the run, and store nothing.
#[test]
fn backups_store_the_encrypted_dump_and_never_print_it() {
    let mut seen = 0;
    for (name, config) in support::examples() {
        let Some(backup) = &config.backup else {
            continue;
        };
        seen += 1;
        let env = config.environment(&backup.environment).unwrap();
        let runner = Runner::new(&config, Mode::Normal);
        let path = shared_workflow(&runner.files, "database-backup", "database_backup").unwrap();
        assert!(runner.run_workflow(&path, &[]), "{name}");
        let last = runner.sandbox.invocations().pop().unwrap();
        let args =
            kamal_actions_core::backup::dump_command(&backup.dump, config.project.kamal_version)
                .args();
        assert_eq!(last.args, with_destination(args, "-d", env), "{name}");
        let stored = support::stored_backups(&runner.sandbox.state);
        let names: Vec<&String> = stored.iter().map(|s| &s.0).collect();
        assert_eq!(stored.len(), 1, "{name}: {names:?}");
        assert_eq!(
            support::restore_backup(&backup.encryption, &stored[0].1),
            format!("{}\n", runner.dump),
            "{name}"
        );
        let log = runner.transcript.borrow();
        assert!(
            !log.contains("stand-in dump"),
            "{name}: the log shows the dump:\n{log}"
        );

        let old = Runner::new(&config, Mode::Normal);
        let old_kamal = old.with_env("KAMAL_STANDIN_VERSION", "2.11.1");
        assert!(
            !old_kamal.run_workflow(&path, &[]),
            "{name}: Kamal 2.11 ran a backup"
        );
        assert!(old_kamal
            .failure
            .borrow()
            .contains("needs Kamal 2.12.0 or later"));
        assert!(support::stored_backups(&old_kamal.sandbox.state).is_empty());

        let empty = Runner::new(&config, Mode::Normal).with_dump("");
        assert!(
            !empty.run_workflow(&path, &[]),
            "{name}: an empty dump passed"
        );
        assert!(empty.failure.borrow().contains("The dump is empty"));
        assert!(support::stored_backups(&empty.sandbox.state).is_empty());
    }
    assert!(seen >= 3, "{seen} backups");
}

/// Promoting by hand deploys the chosen commit's image (from the registry, never built) to the
/// environment and to those deployed after it; a commit whose image the registry does not hold
/// fails in Kamal, and anything but a full SHA stops before Kamal runs.
#[test]
fn promotion_by_hand_deploys_the_chosen_commits_image() {
    let chosen = "89abcdef0123456789abcdef0123456789abcdef";
    let mut seen = 0;
    for (name, config) in support::examples() {
        for env in config
            .environments
            .iter()
            .filter(|e| matches!(e.trigger, Trigger::Promote { .. }))
        {
            seen += 1;
            let runner = Runner::new(&config, Mode::Normal);
            let path = runner
                .files
                .keys()
                .find(|p| p.ends_with(&format!("promote-{}.yml", env.name)))
                .unwrap()
                .clone();
            let images = runner.sandbox.state.join("images");
            let mut held = std::fs::read_to_string(&images).unwrap();
            held.push_str(&format!("{chosen}\n"));
            std::fs::write(&images, held).unwrap();
            assert!(
                runner.run_workflow(&path, &[("version", chosen)]),
                "{name}: {path}"
            );
            let mut expected = expected_deploy_of(&config, env, &runner.sandbox, Some(chosen));
            expected.extend(expected_followers(&config, env, &runner.sandbox, chosen));
            assert_eq!(runner.sandbox.invocations(), expected, "{name}: {path}");

            // The registry no longer has it: Kamal's pull fails, and so does the run.
            let runner = Runner::new(&config, Mode::Normal);
            let gone = "fedcba9876543210fedcba9876543210fedcba98";
            assert!(!runner.run_workflow(&path, &[("version", gone)]), "{name}");
            assert!(
                runner.failure.borrow().contains("manifest unknown"),
                "{name}"
            );

            for bad in ["1234567", "main", "$(id)", &chosen.to_uppercase()] {
                let runner = Runner::new(&config, Mode::Normal);
                assert!(!runner.run_workflow(&path, &[("version", bad)]), "{bad}");
                assert!(runner.sandbox.invocations().is_empty(), "{bad}");
            }
        }
    }
    assert!(seen > 0, "an example promotes by hand");
}

/// A push deploys the environment that builds, then each environment promoted after it with
/// the image that run pushed, and nothing builds twice.
#[test]
fn promotion_after_a_deploy_uses_the_image_that_run_pushed() {
    let mut seen = 0;
    for (name, config) in support::examples() {
        for env in config
            .environments
            .iter()
            .filter(|e| e.trigger.has_deploy_workflow() && config.followers(&e.name).count() > 0)
        {
            seen += 1;
            let runner = Runner::new(&config, Mode::Normal);
            let path = deploy_workflow_path(&runner.files, env);
            assert!(runner.run_workflow(&path, &[]), "{name}: {path}");
            let runs = runner.sandbox.invocations();
            let builds = runs
                .iter()
                .filter(|i| i.args[0] == "deploy" && !i.args.contains(&"--skip-push".into()))
                .count();
            assert_eq!(builds, 1, "{name}: one build per run");
            assert!(runs.len() > 1, "{name}: the promotion ran");
            // What the servers run at the end is the image the run built.
            let current = std::fs::read_to_string(runner.sandbox.state.join("current")).unwrap();
            assert_eq!(current.trim(), RUN_SHA, "{name}");
        }
    }
    assert!(seen > 0, "an example promotes after a deploy");
}

/// A promotion deploys what the first destination pushed, so it stops before deploying when
/// Kamal resolves the two destinations' deploy files to another repository or service (the
/// configuration cannot see those files; `kamal config` can), and only warns when their
/// builders differ. The deploy files are modelled by the stand-in's `deploy.DEST` files.
#[test]
fn a_promotion_checks_both_destinations_resolve_to_the_same_image() {
    let mut seen = 0;
    for (name, config) in support::examples() {
        for env in config
            .environments
            .iter()
            .filter(|e| e.trigger.has_deploy_workflow())
        {
            let Some(next) = config.followers(&env.name).next() else {
                continue;
            };
            let destination = [&next.destination, &env.destination]
                .into_iter()
                .find(|d| !d.is_empty())
                .expect("two environments of one destination cannot promote");
            seen += 1;
            let run = |deploy_file: &str| {
                let runner = Runner::new(&config, Mode::Normal);
                std::fs::write(
                    runner.sandbox.state.join(format!("deploy.{destination}")),
                    deploy_file,
                )
                .unwrap();
                let path = deploy_workflow_path(&runner.files, env);
                let ok = runner.run_workflow(&path, &[]);
                let promoted = runner
                    .sandbox
                    .invocations()
                    .iter()
                    .any(|i| i.args.contains(&"--skip-push".into()));
                let log = runner.transcript.borrow().clone();
                (ok, promoted, log)
            };
            for (key, file) in [
                ("repository", "repository=registry.example.com/acme/other\n"),
                ("service_with_version", "service=other\n"),
            ] {
                let (ok, promoted, log) = run(file);
                assert!(!ok && !promoted, "{name}: {key} differs, still promoted");
                assert!(
                    log.contains(&format!("::error::Kamal resolves {key} to ")),
                    "{name}: {log}"
                );
            }
            let (ok, promoted, log) = run("builder_args=RAILS_ENV=production\n");
            assert!(ok && promoted, "{name}: a different builder only warns");
            assert!(
                log.contains("::warning::The builder settings of destination "),
                "{name}: {log}"
            );
            let (ok, _, log) = run("builder_arch=amd64\n");
            assert!(ok && !log.contains("::warning::"), "{name}: {log}");
        }
    }
    assert!(seen > 0, "an example promotes after a deploy");
}

fn rollback_path(files: &BTreeMap<String, String>) -> String {
    files
        .keys()
        .find(|p| p.ends_with("kamal-rollback.yml") || p.ends_with("kamal_rollback.yml"))
        .unwrap()
        .clone()
}

/// Rolling back runs what was asked and then checks what the servers run: a version whose
/// container was pruned fails the job (Kamal itself exits 0), the image path pulls an old image
/// again, and a version that is not a commit SHA stops before anything reaches Kamal.
#[test]
fn rollback_fails_unless_the_servers_run_the_version_asked_for() {
    for (name, config) in support::examples() {
        let env = &config.environments[0];
        let run_on = |kamal: Option<&str>, version: &str, from: &str, list: &str| {
            let mut runner = Runner::new(&config, Mode::Normal);
            if let Some(kamal) = kamal {
                runner = runner.with_env("KAMAL_STANDIN_VERSION", kamal);
            }
            let path = rollback_path(&runner.files);
            let inputs = [
                ("environment", env.name.as_str()),
                ("version", version),
                ("from", from),
                ("list", list),
            ];
            let ok = runner.run_workflow(&path, &inputs);
            let calls: Vec<Vec<String>> = runner
                .sandbox
                .invocations()
                .into_iter()
                .map(|i| i.args)
                .filter(|a| a.first().is_some_and(|w| w != "envify"))
                .collect();
            (ok, calls)
        };
        let run = |version: &str, from: &str, list: &str| run_on(None, version, from, list);
        let d = |words: &str| {
            with_destination(
                words.split(' ').map(String::from).collect(),
                "--destination",
                env,
            )
        };
        let version_check = d("app version -q");

        let (ok, calls) = run(
            "1111111111111111111111111111111111111111",
            "container",
            "true",
        );
        assert!(ok, "{name}: rollback to a container on the servers");
        assert_eq!(
            calls,
            [
                d("app containers"),
                d("rollback 1111111111111111111111111111111111111111"),
                version_check.clone()
            ],
            "{name}"
        );

        let (ok, calls) = run(
            "3333333333333333333333333333333333333333",
            "container",
            "false",
        );
        assert!(
            !ok,
            "{name}: the container is gone, so the servers still run 2222222222222222222222222222222222222222"
        );
        assert_eq!(
            calls,
            [
                d("rollback 3333333333333333333333333333333333333333"),
                version_check.clone()
            ],
            "{name}"
        );

        let (ok, calls) = run("3333333333333333333333333333333333333333", "image", "false");
        assert!(ok, "{name}: the image is in the registry");
        assert_eq!(
            calls,
            [
                d("deploy --skip-push --version=3333333333333333333333333333333333333333"),
                version_check
            ],
            "{name}"
        );

        let (ok, _) = run("4444444444444444444444444444444444444444", "image", "false");
        assert!(!ok, "{name}: an image the registry does not hold fails");

        // Before 2.9, `app version -q` still names each host above its version (Kamal 1
        // examples print it on every run above).
        if config.project.kamal_version == KamalVersion::V2 {
            let (ok, _) = run_on(
                Some("2.8.2"),
                "1111111111111111111111111111111111111111",
                "container",
                "false",
            );
            assert!(ok, "{name}: Kamal 2.8.2 rolled back");
            let (ok, _) = run_on(
                Some("2.8.2"),
                "3333333333333333333333333333333333333333",
                "container",
                "false",
            );
            assert!(!ok, "{name}: Kamal 2.8.2, the container is gone");
        }

        for bad in [
            "main",
            "1111111111111111111111111111111111111111; rm -rf /",
            "$(id)",
            "ABCDEF1",
            "1111111",
        ] {
            let (ok, calls) = run(bad, "container", "true");
            assert!(
                !ok && calls.is_empty(),
                "{name}: {bad:?} reached Kamal: {calls:?}"
            );
        }
    }
}
