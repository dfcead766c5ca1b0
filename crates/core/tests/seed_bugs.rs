//! One test per construct of the seed post that breaks on GitHub or with Kamal 2 (the list in
//! the shared reference, section 6), checked over every example and the default
//! configuration. Name mismatches, missing folders and workflow files, and hard-coded ECR output
//! names are covered by `references.rs`; the command allow-list by `scripts.rs`.

mod support;

use std::collections::BTreeMap;

use kamal_actions_core::config::{Config, KamalVersion};
use serde_yaml::Value;

/// Every example plus the default configuration, with their rendered files.
fn all() -> Vec<(String, Config, BTreeMap<String, String>)> {
    let mut out: Vec<_> = support::examples()
        .into_iter()
        .map(|(name, config)| {
            let files = support::files(&config);
            (name, config, files)
        })
        .collect();
    let default = Config::default();
    out.push(("default".into(), default.clone(), support::files(&default)));
    out
}

fn steps_of(doc: &Value) -> Vec<&Value> {
    let mut steps = Vec::new();
    for (_, job) in doc["jobs"].as_mapping().into_iter().flatten() {
        steps.extend(job["steps"].as_sequence().into_iter().flatten());
    }
    steps.extend(doc["runs"]["steps"].as_sequence().into_iter().flatten());
    steps
}

fn yaml_files(files: &BTreeMap<String, String>) -> impl Iterator<Item = (&String, Value)> {
    files
        .iter()
        .filter(|(p, _)| support::is_workflow(p) || support::is_action(p))
        .map(|(p, t)| (p, support::yaml(t)))
}

/// Seed: `run: ./bin/kamal ${{ github.event.inputs.command }} ...` (template injection).
#[test]
fn no_expression_inside_any_run_script() {
    for (name, _, files) in all() {
        for (path, doc) in yaml_files(&files) {
            for step in steps_of(&doc) {
                if let Some(run) = step.get("run").and_then(Value::as_str) {
                    assert!(!run.contains("${{"), "{name}: {path}: {run}");
                }
            }
        }
    }
}

/// Seed: `ref: ${{ github.event.workflow_run.head_branch }}` on release, push and dispatch.
/// A checkout takes the run's own commit, or a promotion's chosen commit once it is checked.
#[test]
fn checkout_never_reads_workflow_run_and_never_keeps_credentials() {
    for (name, _, files) in all() {
        for (path, text) in &files {
            assert!(!text.contains("workflow_run"), "{name}: {path}");
            assert!(!text.contains("pull_request_target"), "{name}: {path}");
        }
        for (path, doc) in yaml_files(&files) {
            for step in steps_of(&doc) {
                let uses = step.get("uses").and_then(Value::as_str).unwrap_or_default();
                if uses.starts_with("actions/checkout@") {
                    assert_eq!(
                        step["with"]["persist-credentials"],
                        Value::Bool(false),
                        "{name}: {path}"
                    );
                    // The one ref checked out is a promotion's chosen commit, after the job
                    // that refuses anything but a full SHA.
                    if let Some(r) = step["with"].get("ref") {
                        assert_eq!(r.as_str(), Some("${{ inputs.version }}"), "{name}: {path}");
                        let gate = doc["jobs"]["commit"]["steps"][0]["run"].as_str();
                        assert!(
                            gate.is_some_and(|g| g.contains("=~ ^[0-9a-f]{40}$")),
                            "{name}: {path}: the version is not checked first"
                        );
                    }
                }
            }
        }
    }
}

/// Seed: `kamal envify` and `traefik reboot`, removed in Kamal 2.
#[test]
fn kamal_2_output_has_no_kamal_1_commands() {
    for (name, config, files) in all() {
        let v2 = config.project.kamal_version == KamalVersion::V2;
        for (path, text) in &files {
            if v2 {
                assert!(
                    !text.contains("envify") && !text.contains("traefik"),
                    "{name}: {path}"
                );
            }
        }
        if v2 {
            assert!(
                files.keys().any(|p| p.starts_with(".kamal/secrets")),
                "{name}: .kamal/secrets*"
            );
        } else {
            assert!(
                files
                    .keys()
                    .any(|p| p.starts_with(".env") && p.ends_with(".erb")),
                "{name}: .env*.erb"
            );
        }
    }
}

/// Seed: composite actions without `description`, with `type: string` under inputs.
#[test]
fn composite_actions_follow_the_metadata_syntax() {
    const INPUT_KEYS: &[&str] = &["description", "required", "default", "deprecationMessage"];
    for (name, _, files) in all() {
        for (path, doc) in yaml_files(&files).filter(|(p, _)| support::is_action(p)) {
            assert!(
                doc["name"].is_string() && doc["description"].is_string(),
                "{name}: {path}"
            );
            assert_eq!(
                doc["runs"]["using"].as_str(),
                Some("composite"),
                "{name}: {path}"
            );
            for (input, spec) in doc["inputs"].as_mapping().into_iter().flatten() {
                for key in spec.as_mapping().unwrap().keys() {
                    let key = key.as_str().unwrap();
                    assert!(
                        INPUT_KEYS.contains(&key),
                        "{name}: {path}: input {input:?} has `{key}`"
                    );
                }
            }
            for step in steps_of(&doc) {
                if step.get("run").is_some() {
                    assert_eq!(
                        step["shell"].as_str(),
                        Some("bash"),
                        "{name}: {path}: run needs shell"
                    );
                }
            }
            let text = &files[path];
            assert!(
                !text.contains("GITHUB_ENV") && !text.contains("GITHUB_PATH"),
                "{name}: {path}"
            );
        }
    }
}

/// Seed: jobs without `timeout-minutes` or `permissions`, `secrets: inherit`.
#[test]
fn every_job_has_a_name_permissions_and_a_timeout() {
    for (name, _, files) in all() {
        for (path, doc) in yaml_files(&files).filter(|(p, _)| support::is_workflow(p)) {
            assert!(doc["name"].is_string(), "{name}: {path}");
            assert_eq!(
                doc["permissions"],
                Value::Mapping(Default::default()),
                "{name}: {path}"
            );
            for (id, job) in doc["jobs"].as_mapping().unwrap() {
                assert!(job["name"].is_string(), "{name}: {path}: {id:?}");
                assert!(job["permissions"].is_mapping(), "{name}: {path}: {id:?}");
                if job.get("runs-on").is_some() {
                    assert!(job["timeout-minutes"].is_u64(), "{name}: {path}: {id:?}");
                }
                assert!(
                    job.get("secrets").is_none(),
                    "{name}: {path}: {id:?} passes secrets"
                );
            }
        }
    }
}

/// Seed: `bundler-cache: true` in the jobs that hold deploy credentials.
#[test]
fn jobs_with_deploy_credentials_restore_no_cache() {
    for (name, _, files) in all() {
        for (path, doc) in yaml_files(&files) {
            let deploys = steps_of(&doc).iter().any(|s| {
                s.get("uses")
                    .and_then(Value::as_str)
                    .is_some_and(|u| u.ends_with("/pre-build"))
            }) || path.contains("pre-build");
            if deploys {
                for step in steps_of(&doc) {
                    assert_ne!(
                        step["with"]["bundler-cache"],
                        Value::Bool(true),
                        "{name}: {path}"
                    );
                }
            }
        }
    }
}

/// Kamal prompts on `proxy reboot`, `remove`, `accessory remove` and `upgrade`; a runner has no
/// stdin, so every such command carries `-y`.
#[test]
fn prompting_commands_always_carry_yes() {
    for (name, config, files) in all() {
        for text in &config.commands {
            let command =
                kamal_actions_core::kamal::parse(text, config.project.kamal_version).unwrap();
            let prompts = ["proxy reboot", "remove", "accessory remove", "upgrade"]
                .iter()
                .any(|p| command.label.starts_with(p));
            if prompts {
                assert!(command.args.iter().any(|a| a == "-y"), "{name}: {text}");
                // The map from each choice to its arguments lives in the run-command action.
                let run = files
                    .iter()
                    .find(|(p, text)| {
                        (p.contains("run_command") || p.contains("run-command"))
                            && text.contains("args=(")
                    })
                    .unwrap()
                    .1;
                assert!(run.contains(" -y)"), "{name}: {text}");
            }
        }
    }
}
