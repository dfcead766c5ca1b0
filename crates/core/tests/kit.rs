//! The onboarding kit against the workflows it accompanies, for every example: the secrets and
//! variables it tells the user to create are exactly the ones the jobs of each GitHub
//! environment read, the IAM documents parse and trust exactly the environments whose jobs
//! assume each role, and every file the guide points at is in the download.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use kamal_actions_core::config::{BackupStore, Registry};
use kamal_actions_core::render::{referenced, GUIDE_PATH, IAM_DIR, REPOSITORY_PLACEHOLDER};
use kamal_actions_core::Config;
use serde_json::Value;
use support::{examples, files, is_action, is_workflow, yaml};

type ByEnvironment = BTreeMap<String, BTreeSet<String>>;

/// `gh secret set NAME --env ENV` (or `gh variable set`) lines of the guide, by environment.
fn kit_commands(guide: &str, what: &str) -> ByEnvironment {
    let prefix = format!("gh {what} set ");
    let mut out = ByEnvironment::new();
    for line in guide.lines().filter(|l| l.starts_with(&prefix)) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let env_at = words.iter().position(|w| *w == "--env").expect("--env") + 1;
        out.entry(words[env_at].to_string())
            .or_default()
            .insert(words[3].to_string());
    }
    out
}

/// The GitHub environment a job runs in, when it names one literally.
fn job_environment(job: &serde_yaml::Value) -> Option<String> {
    match job.get("environment")? {
        serde_yaml::Value::String(name) => Some(name.clone()),
        other => other.get("name")?.as_str().map(String::from),
    }
}

/// What the workflows' jobs read, by the GitHub environment they run in. A job without an
/// environment must read no secret but GITHUB_TOKEN (nothing in the kit could cover it).
fn workflow_references(files: &BTreeMap<String, String>, context: &str) -> ByEnvironment {
    let mut out = ByEnvironment::new();
    for (path, text) in files.iter().filter(|(p, _)| is_workflow(p)) {
        let doc = yaml(text);
        for (name, job) in doc["jobs"].as_mapping().unwrap() {
            let job_text = serde_yaml::to_string(job).unwrap();
            let mut names = referenced(&job_text, context);
            names.remove("GITHUB_TOKEN");
            match job_environment(job) {
                Some(env) => out.entry(env).or_default().extend(names),
                None => assert!(
                    names.is_empty(),
                    "{path} job {name:?} reads {names:?} outside any environment"
                ),
            }
        }
    }
    out.retain(|_, names| !names.is_empty());
    out
}

#[test]
fn the_kit_names_exactly_the_secrets_and_variables_each_environment_reads() {
    for (name, config) in examples() {
        let files = files(&config);
        let guide = &files[GUIDE_PATH];
        for (what, context) in [("secret", "secrets."), ("variable", "vars.")] {
            assert_eq!(
                kit_commands(guide, what),
                workflow_references(&files, context),
                "{name}: gh {what} set lines"
            );
        }
    }
}

/// The names a file's header lists after `Secrets:` (the header may wrap over lines).
fn header_secrets(contents: &str) -> BTreeSet<String> {
    let header: String = contents
        .lines()
        .take_while(|l| l.starts_with('#') || *l == "---")
        .map(|l| l.trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join(" ");
    let Some((_, rest)) = header.split_once("Secrets: ") else {
        return BTreeSet::new();
    };
    let list = rest.split_once('.').map_or(rest, |(list, _)| list);
    list.split(", ").map(|s| s.trim().to_string()).collect()
}

/// Headers list exactly what the user must create: what the file reads, less GITHUB_TOKEN,
/// and every name is one the guide (the same list as the setup panel) tells them to create.
#[test]
fn file_headers_list_exactly_the_secrets_to_create() {
    let mut ghcr_seen = false;
    for (name, config) in examples() {
        let files = files(&config);
        let to_create: BTreeSet<String> = kit_commands(&files[GUIDE_PATH], "secret")
            .into_values()
            .flatten()
            .collect();
        for (path, contents) in files.iter().filter(|(p, _)| is_workflow(p) || is_action(p)) {
            let body: String = contents
                .lines()
                .skip_while(|l| l.starts_with('#') || *l == "---")
                .collect::<Vec<_>>()
                .join("\n");
            let mut read = referenced(&body, "secrets.");
            ghcr_seen |= read.remove("GITHUB_TOKEN");
            let listed = header_secrets(contents);
            assert!(!listed.contains("GITHUB_TOKEN"), "{name}: {path}");
            assert_eq!(listed, read, "{name}: {path}");
            assert!(listed.is_subset(&to_create), "{name}: {path}");
        }
    }
    assert!(ghcr_seen, "an example reads GITHUB_TOKEN");
}

/// The known_hosts lines store into the same secret or variable the environment lists.
#[test]
fn known_hosts_are_stored_where_the_workflows_read_them() {
    for (name, config) in examples() {
        let files = files(&config);
        let guide = &files[GUIDE_PATH];
        let Some(source) = &config.secrets.known_hosts else {
            assert!(guide.contains("No known_hosts source"), "{name}");
            continue;
        };
        let stored: Vec<&str> = guide
            .lines()
            .filter(|l| l.starts_with("gh ") && l.contains("< known_hosts."))
            .collect();
        assert!(!stored.is_empty(), "{name}");
        let source_name = match source {
            kamal_actions_core::config::KnownHosts::Secret(n)
            | kamal_actions_core::config::KnownHosts::Variable(n) => n,
        };
        for line in &stored {
            assert!(line.contains(&format!(" {source_name} ")), "{name}: {line}");
            // Each environment stores the file made for it.
            let env = line
                .split("--env ")
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap();
            assert!(
                line.ends_with(&format!("< known_hosts.{env}")),
                "{name}: {line}"
            );
            assert!(
                guide.contains(&format!("> known_hosts.{env}\n")),
                "{name}: no ssh-keyscan for {env}"
            );
        }
        assert!(guide.contains("ssh-keyscan"), "{name}");
    }
}

#[test]
fn known_servers_replace_the_placeholders() {
    let mut config = Config::default();
    config.environments[0].hosts = vec!["203.0.113.10".into(), "web2.example.com".into()];
    let guide = &files(&config)[GUIDE_PATH];
    assert!(guide.contains(
        "ssh-keyscan -t ed25519,ecdsa,rsa 203.0.113.10 web2.example.com > known_hosts.production\n"
    ));
    assert!(guide.contains("SERVER_1 SERVER_2 > known_hosts.staging"));
    assert!(guide.contains("Replace SERVER_1 SERVER_2"));
    config.environments[1].hosts = vec!["203.0.113.20".into()];
    assert!(!files(&config)[GUIDE_PATH].contains("SERVER_1"));
}

#[test]
fn every_file_the_guide_points_at_is_in_the_download() {
    for (name, config) in examples() {
        let files = files(&config);
        let guide = &files[GUIDE_PATH];
        for reference in guide.split("file://").skip(1) {
            let path = reference.split_whitespace().next().unwrap();
            assert!(files.contains_key(path), "{name}: {path}");
        }
        for path in files.keys().filter(|p| p.starts_with(".kamal/")) {
            assert!(guide.contains(&format!("`{path}`")), "{name}: {path}");
        }
    }
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// For each role ARN the workflows pass to the pre-build action, the GitHub environments of
/// the jobs that pass it.
fn roles_in_workflows(files: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in files.iter().filter(|(p, _)| is_workflow(p)) {
        let doc = yaml(text);
        for (name, job) in doc["jobs"].as_mapping().unwrap() {
            let Some(steps) = job.get("steps").and_then(|s| s.as_sequence()) else {
                continue;
            };
            for step in steps {
                if let Some(role) = step.get("with").and_then(|w| w.get("aws-role-arn")) {
                    let env = job_environment(job).unwrap_or_else(|| {
                        panic!("{path} job {name:?} assumes a role outside an environment")
                    });
                    out.entry(role.as_str().unwrap().to_string())
                        .or_default()
                        .insert(env);
                }
            }
        }
    }
    out
}

#[test]
fn each_trust_policy_admits_exactly_the_environments_whose_jobs_assume_the_role() {
    let mut ecr_examples = 0;
    for (name, config) in examples() {
        let Registry::Ecr {
            account_id, region, ..
        } = &config.registry
        else {
            // Without ECR, only a backup bucket's role needs AWS: its trust and bucket policies.
            let iam: Vec<String> = files(&config)
                .into_keys()
                .filter(|p| p.starts_with(IAM_DIR))
                .collect();
            let expected: Vec<String> = match config.backup.as_ref().map(|b| &b.store) {
                Some(BackupStore::S3 { role_arn, .. }) => {
                    let role = role_arn.rsplit('/').next().unwrap();
                    vec![
                        format!("{IAM_DIR}/{role}-trust-policy.json"),
                        format!("{IAM_DIR}/backup-s3-policy.json"),
                    ]
                }
                _ => vec![],
            };
            let mut sorted = expected.clone();
            sorted.sort();
            assert_eq!(iam, sorted, "{name}: IAM files without ECR");
            continue;
        };
        ecr_examples += 1;
        let files = files(&config);
        let repo = match config.project.repository.as_str() {
            "" => REPOSITORY_PLACEHOLDER,
            repo => repo,
        };
        let roles = roles_in_workflows(&files);
        assert!(!roles.is_empty(), "{name}");
        for (arn, environments) in &roles {
            let role_name = arn.rsplit('/').next().unwrap();
            let path = format!("{IAM_DIR}/{role_name}-trust-policy.json");
            let policy = json(files.get(&path).unwrap_or_else(|| panic!("{name}: {path}")));
            assert_eq!(policy["Version"], "2012-10-17");
            let statements = policy["Statement"].as_array().unwrap();
            assert_eq!(statements.len(), 1, "{name}");
            let statement = &statements[0];
            assert_eq!(statement["Action"], "sts:AssumeRoleWithWebIdentity");
            let account = arn.split(':').nth(4).unwrap();
            assert_eq!(
                statement["Principal"]["Federated"],
                format!("arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com")
            );
            let equals = &statement["Condition"]["StringEquals"];
            assert_eq!(
                equals["token.actions.githubusercontent.com:aud"],
                "sts.amazonaws.com"
            );
            let subjects: BTreeSet<String> = equals["token.actions.githubusercontent.com:sub"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect();
            let expected: BTreeSet<String> = environments
                .iter()
                .flat_map(|env| subject_forms(&config, repo, env))
                .collect();
            assert_eq!(subjects, expected, "{name}: {arn}");
            assert!(
                statement["Condition"].as_object().unwrap().len() == 1,
                "{name}: only StringEquals, no wildcard matching"
            );
        }
        let trust_files = files
            .keys()
            .filter(|p| p.ends_with("-trust-policy.json"))
            .count();
        assert_eq!(
            trust_files,
            roles.len(),
            "{name}: one trust policy per role"
        );

        let push = json(&files[&format!("{IAM_DIR}/ecr-push-policy.json")]);
        let statements = push["Statement"].as_array().unwrap();
        let repository = match &config.registry {
            Registry::Ecr { repository, .. } if !repository.is_empty() => repository.clone(),
            _ => config.project.service.clone(),
        };
        let arn = format!("arn:aws:ecr:{region}:{account_id}:repository/{repository}");
        for statement in statements {
            assert_eq!(statement["Effect"], "Allow");
            let resource = statement["Resource"].as_str().unwrap();
            if resource == "*" {
                assert_eq!(statement["Action"], "ecr:GetAuthorizationToken", "{name}");
            } else {
                assert_eq!(resource, arn, "{name}");
                let actions = statement["Action"].as_array().unwrap();
                assert!(
                    actions
                        .iter()
                        .all(|a| a.as_str().unwrap().starts_with("ecr:")),
                    "{name}: ECR actions only"
                );
                assert!(actions.contains(&Value::from("ecr:PutImage")), "{name}");
            }
        }
        let guide = &files[GUIDE_PATH];
        assert!(
            guide.contains("aws iam create-open-id-connect-provider"),
            "{name}"
        );
        assert!(
            guide.contains(&format!("--repository-name {repository} --region {region}")),
            "{name}"
        );
    }
    assert!(ecr_examples >= 2, "the examples cover ECR");
}

/// The subjects GitHub's OIDC token may carry for `env` of the configured repository: the
/// name form, and the immutable-id form when the ids are configured.
fn subject_forms(config: &Config, repo: &str, env: &str) -> Vec<String> {
    let mut forms = vec![format!("repo:{repo}:environment:{env}")];
    let p = &config.project;
    if let (Some((owner, name)), false) = (repo.split_once('/'), p.owner_id.is_empty()) {
        forms.push(format!(
            "repo:{owner}@{}/{name}@{}:environment:{env}",
            p.owner_id, p.repository_id
        ));
    }
    forms
}

/// Repositories created after GitHub's 2026 cutover get `repo:OWNER@ID/REPO@ID:...`: the
/// trust policy admits that form for exactly this repository (no wildcard), and a repository
/// that reuses the name under another id is refused.
#[test]
fn trust_policies_admit_the_immutable_id_subjects_of_exactly_this_repository() {
    let mut config = Config::default();
    config.project.repository = "jetrockets/onetribe".into();
    config.project.owner_id = "9919".into();
    config.project.repository_id = "862345123".into();
    assert!(kamal_actions_core::validate(&config).is_empty());
    let rendered = files(&config);
    let policy = json(&rendered[&format!("{IAM_DIR}/github-actions-deploy-trust-policy.json")]);
    let subjects: BTreeSet<&str> = policy["Statement"][0]["Condition"]["StringEquals"]
        ["token.actions.githubusercontent.com:sub"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        BTreeSet::from([
            "repo:jetrockets/onetribe:environment:production",
            "repo:jetrockets/onetribe:environment:staging",
            "repo:jetrockets@9919/onetribe@862345123:environment:production",
            "repo:jetrockets@9919/onetribe@862345123:environment:staging",
        ])
    );
    assert!(subjects
        .iter()
        .all(|s| !s.contains('*') && !s.contains('?')));
    assert!(!subjects.contains("repo:jetrockets@9919/onetribe@1:environment:production"));
    let guide = &rendered[GUIDE_PATH];
    assert!(
        guide.contains("gh api repos/jetrockets/onetribe --jq"),
        "{guide}"
    );

    // Without the ids the guide says how to get them, and the policy has the name form only.
    config.project.owner_id.clear();
    config.project.repository_id.clear();
    let rendered = files(&config);
    assert!(rendered[GUIDE_PATH].contains("immutable ids"));
    assert!(!rendered[&format!("{IAM_DIR}/github-actions-deploy-trust-policy.json")].contains('@'));
}

#[test]
fn without_a_repository_the_placeholder_is_explained() {
    let mut config = Config::default();
    config.project.repository.clear();
    let files = files(&config);
    assert!(files[GUIDE_PATH].contains("The repository is not set"));
    let trust = files
        .iter()
        .find(|(p, _)| p.ends_with("-trust-policy.json"))
        .unwrap()
        .1;
    assert!(trust.contains("repo:OWNER/REPO:environment:production"));

    let ghcr = Config {
        registry: Registry::Ghcr,
        ..config.clone()
    };
    let guide = &support::files(&ghcr)[GUIDE_PATH];
    assert!(
        !guide.contains("AWS") && !guide.contains("not set"),
        "{guide}"
    );

    config.project.repository = "acme/shop".into();
    let files = support::files(&config);
    assert!(!files[GUIDE_PATH].contains("The repository is not set"));
    assert!(!files
        .values()
        .any(|text| text.contains(REPOSITORY_PLACEHOLDER)));
    assert!(files[GUIDE_PATH]
        .contains("gh secret set RAILS_MASTER_KEY --env production --repo acme/shop"));
}

#[test]
fn dependabot_watches_the_workflows_and_the_composite_actions() {
    for (name, config) in examples() {
        let files = files(&config);
        let Some(text) = files.get(".github/dependabot.yml") else {
            assert!(!config.dependabot, "{name}");
            continue;
        };
        let doc = yaml(text);
        let update = &doc["updates"][0];
        assert_eq!(update["package-ecosystem"], "github-actions");
        let directories: Vec<&str> = update["directories"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap())
            .collect();
        assert!(directories.contains(&"/"), "{name}");
        for action in files.keys().filter(|p| is_action(p)) {
            let dir = format!("/{}", action.rsplit_once('/').unwrap().0);
            let parent = dir.rsplit_once('/').unwrap().0;
            assert!(
                directories.contains(&format!("{parent}/*").as_str()),
                "{name}: {dir} not watched"
            );
        }
    }
    let config = Config {
        dependabot: false,
        ..Config::default()
    };
    assert!(!files(&config).contains_key(".github/dependabot.yml"));
    assert!(!files(&config)[GUIDE_PATH].contains("dependabot"));
}

/// Google's and Azure's identity bindings admit exactly the GitHub environments whose jobs log
/// in, each by its full OIDC subject of this repository (as the AWS trust policies do).
#[test]
fn cloud_identity_bindings_admit_exactly_the_deploying_environments() {
    let mut checked = 0;
    for (name, config) in examples() {
        let marker = match config.registry {
            Registry::Gar { .. } => "/subject/repo:",
            Registry::Acr { .. } => "\"subject\":\"repo:",
            _ => continue,
        };
        let files = files(&config);
        let guide = &files[GUIDE_PATH];
        let bound: BTreeSet<String> = guide
            .lines()
            .filter_map(|l| l.split_once(marker).map(|(_, rest)| rest))
            .map(|rest| {
                let subject = rest.split(['"', '\'']).next().unwrap();
                let (repo, env) = subject.split_once(":environment:").unwrap();
                assert_eq!(repo, config.project.repository, "{name}: {subject}");
                env.to_string()
            })
            .collect();
        let deploying: BTreeSet<String> = config
            .environments
            .iter()
            .map(|e| e.github_environment.clone())
            .collect();
        assert_eq!(bound, deploying, "{name}");
        checked += 1;
    }
    assert!(checked >= 2, "{checked} examples with Google or Azure");
}

/// Every file of every example says in one line what it is for (the tree shows it).
#[test]
fn every_generated_file_has_a_one_line_summary() {
    for (name, config) in examples() {
        for (path, contents) in files(&config) {
            let summary = kamal_actions_core::tree::summary(&path, &contents);
            assert!(
                summary.len() >= 20 && !summary.contains('#') && !summary.contains('\n'),
                "{name}: {path}: {summary:?}"
            );
        }
    }
}

/// The page shows the guide formatted (`markdown::blocks`): for every example, every line is in
/// a block, no mark is left in the text, and each code block is the source between its fences.
#[test]
fn every_guide_reads_as_formatted_blocks_with_nothing_left_over() {
    use kamal_actions_core::markdown::{blocks, Inline, Kind};
    for (name, config) in examples() {
        let guide = files(&config).remove(GUIDE_PATH).expect("guide");
        let lines: Vec<&str> = guide.lines().collect();
        let found = blocks(&guide);
        let mut covered = vec![false; lines.len()];
        for block in &found {
            covered[block.lines.clone()]
                .iter_mut()
                .for_each(|c| *c = true);
            let spans: Vec<&Vec<Inline>> = match &block.kind {
                Kind::Heading { text, .. } | Kind::Paragraph(text) | Kind::Note(text) => {
                    vec![text]
                }
                Kind::List(items) => items.iter().collect(),
                Kind::Code { text, .. } => {
                    let inside = &lines[block.lines.start + 1..block.lines.end - 1];
                    assert_eq!(
                        *text,
                        inside.join("\n"),
                        "{name}: code at {:?}",
                        block.lines
                    );
                    assert!(
                        lines[block.lines.end - 1].starts_with("```"),
                        "{name}: fence"
                    );
                    vec![]
                }
            };
            for inline in spans.into_iter().flatten() {
                let Inline::Text(text) = inline else { continue };
                assert!(
                    !text.contains('`') && !text.contains("**") && !text.contains("```"),
                    "{name}: markup left in {text:?}"
                );
            }
            if let Kind::Paragraph(text) = &block.kind {
                let Some(Inline::Text(first)) = text.first() else {
                    continue;
                };
                assert!(
                    !first.starts_with('#') && !first.starts_with("- ") && !first.starts_with('>'),
                    "{name}: a block read as a paragraph: {first:?}"
                );
            }
        }
        for (n, line) in lines.iter().enumerate() {
            assert!(
                covered[n] || line.trim().is_empty(),
                "{name}: line {n} {line:?} is in no block"
            );
        }
        assert!(
            found
                .iter()
                .filter(|b| matches!(b.kind, Kind::Code { .. }))
                .count()
                >= 3,
            "{name}: the guide's commands are code blocks"
        );
    }
}
