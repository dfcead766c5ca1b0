//! The seed's worst bugs were references to names that did not exist: inputs declared as
//! `aws_role_access` but read as `inputs.aws-role-access`, a `uses:` of a folder that was not
//! there, a reusable workflow file with another name. These tests resolve every reference in
//! every generated file against what is actually declared.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use kamal_actions_core::aws::ecr_password_output;
use kamal_actions_core::config::{Config, Registry};
use serde_yaml::Value;

/// Contexts every job may read without declaring them.
const AMBIENT: &[&str] = &["runner.temp", "github.workflow", "github.ref", "github.sha"];

struct Repo {
    files: BTreeMap<String, String>,
}

impl Repo {
    /// The parsed composite action at `./dir`, or `None` when no such action was generated.
    fn action(&self, dir: &str) -> Option<Value> {
        ["action.yml", "action.yaml"]
            .iter()
            .find_map(|f| self.files.get(&format!("{dir}/{f}")))
            .map(|text| support::yaml(text))
    }
}

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_mapping()
        .map(|m| {
            m.keys()
                .filter_map(|k| k.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Where an expression is evaluated: the names it may refer to.
struct Scope {
    inputs: BTreeSet<String>,
    /// Step id -> the outputs it declares (`None`: an external action, outputs unknown).
    steps: BTreeMap<String, Option<BTreeSet<String>>>,
    needs: BTreeSet<String>,
    ecr_output: Option<String>,
    reusable: bool,
}

impl Scope {
    fn check(&self, expr: &str, file: &str) {
        // Split off `&&`, `||`, `==`, `!` and parentheses; check every dotted name.
        for word in expr.split(|c: char| c.is_whitespace() || "()!=&|,".contains(c)) {
            let word = word.trim();
            if word.is_empty()
                || word.starts_with('\'')
                || word.ends_with('\'')
                || !word.contains('.')
            {
                continue;
            }
            self.check_name(word, file);
        }
    }

    fn check_name(&self, name: &str, file: &str) {
        let parts: Vec<&str> = name.split('.').collect();
        let ok = match parts.as_slice() {
            ["inputs", input] => self.inputs.contains(*input),
            ["secrets", secret] => !self.reusable || *secret == "GITHUB_TOKEN",
            ["vars", _] => true,
            ["needs", job, ..] => self.needs.contains(*job),
            ["steps", id, "outputs", output] => match self.steps.get(*id) {
                Some(Some(outputs)) => outputs.contains(*output),
                Some(None) => self.ecr_output.as_deref() == Some(*output),
                None => false,
            },
            _ => AMBIENT.contains(&name),
        };
        assert!(ok, "{file}: `{name}` refers to nothing declared");
    }
}

/// The output the registry's external login action declares and the generated files read:
/// ECR's `docker_password_*` (computed as amazon-ecr-login v2.1.7 does), google-github-actions/
/// auth v3.0.0's `access_token`.
fn ecr_output(config: &Config) -> Option<String> {
    match &config.registry {
        Registry::Ecr {
            account_id, region, ..
        } => Some(ecr_password_output(account_id, region)),
        Registry::Gar { .. } => Some("access_token".into()),
        _ => None,
    }
}

/// Checks the steps of a job or composite action, in order: a step may only read outputs of
/// steps before it, and a local action must exist and receive only inputs it declares.
fn check_steps(repo: &Repo, steps: &Value, scope: &mut Scope, file: &str) {
    for step in steps.as_sequence().expect("steps is a sequence") {
        let mut texts = Vec::new();
        support::strings(step, "", &mut texts);
        for (key, text) in texts {
            for expr in support::expressions(text) {
                scope.check(&expr, file);
            }
            if key == "if" {
                scope.check(text, file);
            }
        }
        let uses = step.get("uses").and_then(Value::as_str).unwrap_or_default();
        let outputs = if let Some(script) = step.get("run").and_then(Value::as_str) {
            Some(written_outputs(script))
        } else if let Some(dir) = uses.strip_prefix("./") {
            let action = repo
                .action(dir)
                .unwrap_or_else(|| panic!("{file}: uses ./{dir}, which was not generated"));
            check_with(&action, step, file, dir);
            Some(keys(&action["outputs"]))
        } else {
            assert!(
                uses.is_empty() || uses.contains('@'),
                "{file}: {uses} is not pinned"
            );
            None
        };
        if let Some(id) = step.get("id").and_then(Value::as_str) {
            scope.steps.insert(id.to_string(), outputs);
        }
    }
}

/// The outputs a script writes: `echo "NAME=..." >> "$GITHUB_OUTPUT"` lines.
fn written_outputs(script: &str) -> std::collections::BTreeSet<String> {
    script
        .lines()
        .filter(|l| l.trim_end().ends_with(">> \"$GITHUB_OUTPUT\""))
        .filter_map(|l| {
            l.trim()
                .strip_prefix("echo \"")?
                .split_once('=')
                .map(|(k, _)| k.to_string())
        })
        .collect()
}

/// Every `with:` key is a declared input, and every required input is given.
fn check_with(action: &Value, step: &Value, file: &str, dir: &str) {
    let declared = keys(&action["inputs"]);
    let given = keys(&step["with"]);
    for key in &given {
        assert!(
            declared.contains(key),
            "{file}: ./{dir} has no input `{key}`"
        );
    }
    for (name, spec) in action["inputs"].as_mapping().into_iter().flatten() {
        let name = name.as_str().unwrap();
        let required = spec["required"].as_bool().unwrap_or(false) && spec.get("default").is_none();
        assert!(
            !required || given.contains(name),
            "{file}: ./{dir} needs input `{name}`"
        );
    }
}

fn check_workflow(repo: &Repo, config: &Config, path: &str, doc: &Value) {
    let on = &doc["on"];
    let mut inputs = keys(&on["workflow_dispatch"]["inputs"]);
    inputs.extend(keys(&on["workflow_call"]["inputs"]));
    let reusable = on.get("workflow_call").is_some();
    for (job_id, job) in doc["jobs"].as_mapping().expect("jobs") {
        let job_id = job_id.as_str().unwrap();
        let needs: BTreeSet<String> = match &job["needs"] {
            Value::Sequence(items) => items
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect(),
            Value::String(s) => [s.clone()].into(),
            _ => BTreeSet::new(),
        };
        let all_jobs = keys(&doc["jobs"]);
        for need in &needs {
            assert!(
                all_jobs.contains(need),
                "{path}: job {job_id} needs unknown job {need}"
            );
        }
        let mut scope = Scope {
            inputs: inputs.clone(),
            steps: BTreeMap::new(),
            needs,
            ecr_output: ecr_output(config),
            reusable,
        };
        if let Some(called) = job.get("uses").and_then(Value::as_str) {
            let target = called.strip_prefix("./").expect("local reusable workflow");
            assert!(
                repo.files.contains_key(target),
                "{path}: calls {target}, which was not generated"
            );
            continue;
        }
        let mut head = Vec::new();
        for key in ["if", "environment", "concurrency", "name"] {
            support::strings(&job[key], key, &mut head);
        }
        for (key, text) in head {
            for expr in support::expressions(text) {
                scope.check(&expr, path);
            }
            if key == "if" {
                scope.check(text, path);
            }
        }
        check_steps(repo, &job["steps"], &mut scope, path);
    }
}

fn check_action(repo: &Repo, config: &Config, path: &str, doc: &Value) {
    let mut scope = Scope {
        inputs: keys(&doc["inputs"]),
        steps: BTreeMap::new(),
        needs: BTreeSet::new(),
        ecr_output: ecr_output(config),
        reusable: false,
    };
    check_steps(repo, &doc["runs"]["steps"], &mut scope, path);
    for (_, output) in doc["outputs"].as_mapping().into_iter().flatten() {
        for expr in support::expressions(output["value"].as_str().unwrap()) {
            scope.check(&expr, path);
        }
    }
    let mut all = Vec::new();
    support::strings(doc, "", &mut all);
    for (_, text) in all {
        assert!(
            !text.contains("secrets."),
            "{path}: composite actions have no secrets context"
        );
    }
}

fn check_repo(config: &Config) {
    let repo = Repo {
        files: support::files(config),
    };
    for (path, text) in &repo.files {
        if support::is_workflow(path) {
            check_workflow(&repo, config, path, &support::yaml(text));
        } else if support::is_action(path) {
            check_action(&repo, config, path, &support::yaml(text));
        }
    }
}

#[test]
fn every_reference_in_every_example_resolves() {
    for (_, config) in support::examples() {
        check_repo(&config);
    }
}

#[test]
fn the_default_configuration_resolves() {
    check_repo(&Config::default());
}

/// Renders the default configuration, replaces `from` with `to` in the file at `path`, and
/// checks that file as the tests above check every file.
fn check_with_edit(path: &str, from: &str, to: &str) {
    let config = Config::default();
    let mut files = support::files(&config);
    let text = files[path].replace(from, to);
    assert_ne!(text, files[path], "the edit must change {path}");
    files.insert(path.into(), text);
    let repo = Repo { files };
    let doc = support::yaml(&repo.files[path]);
    if support::is_action(path) {
        check_action(&repo, &config, path, &doc);
    } else {
        check_workflow(&repo, &config, path, &doc);
    }
}

const PRODUCTION: &str = ".github/workflows/deploy-production.yml";

/// The seed's input-name mismatch: a caller passing `aws-role-access` to an action that
/// declares `aws-role-arn` must fail this check.
#[test]
#[should_panic(expected = "has no input `aws-role-access`")]
fn a_mismatched_input_name_is_caught() {
    check_with_edit(PRODUCTION, "aws-role-arn:", "aws-role-access:");
}

/// The seed's wrong folder name: `uses: ./.github/workflows/build-deploy` with the folder
/// called `build_deploy`.
#[test]
#[should_panic(expected = "which was not generated")]
fn a_missing_local_action_is_caught() {
    check_with_edit(
        PRODUCTION,
        "./.github/actions/build-deploy",
        "./.github/actions/build_deploy",
    );
}

/// The seed's `_lint.yaml` listed but `_lint_code.yaml` called.
#[test]
#[should_panic(expected = "calls .github/workflows/_lint_code.yml")]
fn a_missing_reusable_workflow_is_caught() {
    check_with_edit(PRODUCTION, "_lint.yml", "_lint_code.yml");
}

/// The seed's hard-coded `docker_password_AWS_ACCOUNT_ID_dkr_ecr_eu_west_2_amazonaws_com`.
#[test]
#[should_panic(expected = "refers to nothing declared")]
fn a_hard_coded_ecr_output_is_caught() {
    let derived = ecr_output(&Config::default()).unwrap();
    check_with_edit(
        ".github/actions/pre-build/action.yml",
        &derived,
        "docker_password_AWS_ACCOUNT_ID_dkr_ecr_eu_west_2_amazonaws_com",
    );
}
