//! How the generated jobs share GitHub's concurrency groups and environments, read off the
//! rendered workflows of every example. GitHub cancels every running or pending member of a
//! group when a new member arrives with `cancel-in-progress: true`, so a group that cancels
//! may hold only deploys; and every Kamal job for one environment must share one group that
//! never cancels, so no two Kamal processes reach the same servers at once.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use kamal_actions_core::config::ConcurrencyPolicy;
use serde_yaml::Value;

/// One job that runs Kamal, as the workflow file states it.
struct KamalJob {
    workflow: String,
    /// `Deploy to ENV`, `Run on ENV`, `Back up ENV`.
    name: String,
    environment: String,
    deploys: bool,
    group: String,
    cancels: bool,
    workflow_group: String,
    workflow_cancels: bool,
}

fn text(v: &Value) -> String {
    v.as_str().map(String::from).unwrap_or_default()
}

/// Every job with an `environment:` (the jobs that run Kamal), in every workflow.
fn kamal_jobs(files: &BTreeMap<String, String>) -> Vec<KamalJob> {
    let mut out = Vec::new();
    for (path, contents) in files.iter().filter(|(p, _)| support::is_workflow(p)) {
        let doc = support::yaml(contents);
        let workflow_group = text(&doc["concurrency"]["group"]);
        let workflow_cancels = doc["concurrency"]["cancel-in-progress"] == Value::Bool(true);
        for (_, job) in doc["jobs"].as_mapping().unwrap() {
            let Some(environment) = job.get("environment") else {
                continue;
            };
            out.push(KamalJob {
                workflow: path.clone(),
                name: text(&job["name"]),
                environment: text(&environment["name"]),
                deploys: environment.get("deployment") != Some(&Value::Bool(false)),
                group: text(&job["concurrency"]["group"]),
                cancels: job["concurrency"]["cancel-in-progress"] == Value::Bool(true),
                workflow_group: workflow_group.clone(),
                workflow_cancels,
            });
        }
    }
    out
}

#[test]
fn no_group_that_cancels_holds_anything_but_deploys() {
    for (name, config) in support::examples() {
        let jobs = kamal_jobs(&support::files(&config));
        assert!(!jobs.is_empty(), "{name}");
        for job in &jobs {
            assert!(
                !job.cancels,
                "{name}: {} cancels its environment's group",
                job.workflow
            );
            if job.workflow_cancels {
                let sharing: Vec<&KamalJob> = jobs
                    .iter()
                    .filter(|other| other.workflow_group == job.workflow_group)
                    .collect();
                assert!(
                    sharing.iter().all(|other| other.deploys),
                    "{name}: {} cancels a group that a non-deploy job shares",
                    job.workflow
                );
            }
        }
    }
}

#[test]
fn every_kamal_job_of_an_environment_shares_one_group() {
    for (name, config) in support::examples() {
        let jobs = kamal_jobs(&support::files(&config));
        for env in &config.environments {
            let groups: BTreeSet<&str> = jobs
                .iter()
                .filter(|j| j.name.ends_with(&format!(" {}", env.name)))
                .map(|j| j.group.as_str())
                .collect();
            assert!(jobs
                .iter()
                .filter(|j| j.name.ends_with(&format!(" {}", env.name)))
                .all(|j| j.environment == env.github_environment));
            assert_eq!(
                groups,
                BTreeSet::from([format!("kamal-{}-{}", config.project.service, env.name).as_str()]),
                "{name}: {}",
                env.name
            );
        }
        let per_group: BTreeSet<&str> = jobs.iter().map(|j| j.group.as_str()).collect();
        assert_eq!(
            per_group.len(),
            config.environments.len(),
            "{name}: one group per environment"
        );
    }
}

#[test]
fn cancel_and_release_cancels_only_older_deploys() {
    let mut seen = false;
    for (name, config) in support::examples() {
        let jobs = kamal_jobs(&support::files(&config));
        for env in &config.environments {
            let cancel = env.concurrency == ConcurrencyPolicy::CancelAndReleaseLock;
            for job in jobs.iter().filter(|j| {
                j.group == format!("kamal-{}-{}", config.project.service, env.name)
                    && j.workflow_group == format!("deploy-{}", env.name)
            }) {
                seen |= cancel;
                assert_eq!(job.workflow_cancels, cancel, "{name}: {}", job.workflow);
            }
        }
    }
    assert!(seen, "an example uses cancel-and-release");
}

/// Deploys, promotions and rollbacks change what runs, so the environment's history records them; commands
/// and backups do not.
#[test]
fn only_deploys_and_rollbacks_create_deployments() {
    for (name, config) in support::examples() {
        for job in kamal_jobs(&support::files(&config)) {
            let changes_what_runs = ["deploy", "rollback", "promote"]
                .iter()
                .any(|w| job.workflow.contains(w));
            assert_eq!(
                job.deploys, changes_what_runs,
                "{name}: {} (deployment: false belongs on commands and backups)",
                job.workflow
            );
        }
    }
}
