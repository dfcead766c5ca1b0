//! The onboarding kit: what a user must create outside the repository before the workflows
//! run (GitHub environments, secrets and variables, the AWS OIDC role), written as
//! `KAMAL_ACTIONS_SETUP.md` with ready-to-run commands, IAM policy documents for ECR, and an
//! optional `.github/dependabot.yml`.
//!
//! Every name comes from [`crate::setup::requirements`] and the same renderers as the
//! workflows, so the kit cannot list a secret the files do not read, or miss one they do.

use std::collections::BTreeSet;
use std::fmt::Write;

use serde::Serialize;

use crate::config::{Environment, KnownHosts, Registry, Trigger};
use crate::github::{self, RefKind};
use crate::setup::{aws_roles, requirements, AwsRole, EnvironmentSetup};
use crate::yaml::{document, wrap, Map, Yaml};

use super::{Context, GeneratedFile};

/// The guide's path, at the repository root so it is seen.
pub const GUIDE_PATH: &str = "KAMAL_ACTIONS_SETUP.md";
/// Where the IAM policy documents go; the guide's `aws iam` commands read them from here.
pub const IAM_DIR: &str = "kamal-actions-setup/iam";
/// Stands in for `owner/repo` in trust policies until the configuration names the repository.
pub const REPOSITORY_PLACEHOLDER: &str = "OWNER/REPO";
/// The audience GitHub's OIDC token carries for AWS.
const OIDC_AUDIENCE: &str = "sts.amazonaws.com";
const OIDC_HOST: &str = "token.actions.githubusercontent.com";
/// Stands in for the servers of an environment whose hosts are not configured.
const HOST_PLACEHOLDERS: &str = "SERVER_1 SERVER_2";

/// Every file of the kit. `kamal_secrets` are the `.kamal/secrets*` files the guide quotes.
pub fn files(ctx: &Context, kamal_secrets: &[GeneratedFile]) -> Vec<GeneratedFile> {
    let mut files = vec![guide(ctx, kamal_secrets)];
    if let Some(ecr) = Ecr::of(ctx) {
        files.extend(ecr.roles.iter().map(|role| GeneratedFile {
            path: role.trust_policy_path(),
            contents: pretty(&ecr.trust_policy(role)),
        }));
        files.push(GeneratedFile {
            path: format!("{IAM_DIR}/ecr-push-policy.json"),
            contents: pretty(&ecr.push_policy()),
        });
    }
    if ctx.config.dependabot {
        files.push(dependabot(ctx));
    }
    files
}

/// An IAM policy document. Typed rather than a `json!` map so the keys come out in the order
/// AWS documents them (Version, then each statement's Sid, Effect, Principal, ...).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Policy {
    version: &'static str,
    statement: Vec<Statement>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Statement {
    sid: &'static str,
    effect: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    principal: Option<Principal>,
    action: Actions,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<Condition>,
}

#[derive(Serialize)]
struct Principal {
    #[serde(rename = "Federated")]
    federated: String,
}

/// One action is written as a string, several as a list.
#[derive(Serialize)]
#[serde(untagged)]
enum Actions {
    One(&'static str),
    Many(&'static [&'static str]),
}

#[derive(Serialize)]
struct Condition {
    #[serde(rename = "StringEquals")]
    string_equals: OidcClaims,
}

/// The claims of GitHub's OIDC token a trust policy pins.
#[derive(Serialize)]
struct OidcClaims {
    #[serde(rename = "token.actions.githubusercontent.com:aud")]
    audience: &'static str,
    #[serde(rename = "token.actions.githubusercontent.com:sub")]
    subjects: Vec<String>,
}

impl Policy {
    fn new(statement: Vec<Statement>) -> Self {
        Self {
            version: "2012-10-17",
            statement,
        }
    }
}

fn pretty(policy: &Policy) -> String {
    let mut text = serde_json::to_string_pretty(policy).expect("policies serialise");
    text.push('\n');
    text
}

/// The repository the trust policies name, or the placeholder.
fn github_repository<'a>(ctx: &Context<'a>) -> &'a str {
    match ctx.config.project.repository.as_str() {
        "" => REPOSITORY_PLACEHOLDER,
        repo => repo,
    }
}

/// `OWNER/REPO`, then `OWNER@OWNER_ID/REPO@REPO_ID` when both ids are configured.
fn subject_repositories(ctx: &Context) -> Vec<String> {
    let project = &ctx.config.project;
    let mut forms = vec![github_repository(ctx).to_string()];
    if let (Some((owner, repo)), false, false) = (
        project.repository.split_once('/'),
        project.owner_id.is_empty(),
        project.repository_id.is_empty(),
    ) {
        forms.push(format!(
            "{owner}@{}/{repo}@{}",
            project.owner_id, project.repository_id
        ));
    }
    forms
}

/// What the ECR part of the kit is built from.
struct Ecr<'a> {
    account_id: &'a str,
    region: &'a str,
    repository: &'a str,
    roles: Vec<AwsRole>,
    github_repository: &'a str,
    /// The repository as OIDC subjects name it: `OWNER/REPO`, and `OWNER@ID/REPO@ID` when the
    /// ids are known. Both exactly, so no other repository that reuses the name is admitted.
    subject_repositories: Vec<String>,
}

/// Names read off a role's ARN.
impl AwsRole {
    /// `arn:aws:iam::ACCOUNT:role/path/name` -> (`ACCOUNT`, `/path/`, `name`).
    fn parts(&self) -> (&str, String, &str) {
        let rest = self.arn.trim_start_matches("arn:aws:iam::");
        let (account, role) = rest.split_once(":role/").unwrap_or((rest, ""));
        match role.rsplit_once('/') {
            Some((path, name)) => (account, format!("/{path}/"), name),
            None => (account, "/".into(), role),
        }
    }

    fn name(&self) -> &str {
        self.parts().2
    }

    fn trust_policy_path(&self) -> String {
        format!("{IAM_DIR}/{}-trust-policy.json", self.name())
    }
}

impl<'a> Ecr<'a> {
    fn of(ctx: &Context<'a>) -> Option<Self> {
        let Registry::Ecr {
            account_id,
            region,
            repository,
            ..
        } = &ctx.config.registry
        else {
            return None;
        };
        Some(Self {
            account_id,
            region,
            repository: if repository.is_empty() {
                &ctx.config.project.service
            } else {
                repository
            },
            roles: aws_roles(ctx.config),
            github_repository: github_repository(ctx),
            subject_repositories: subject_repositories(ctx),
        })
    }

    /// Lets GitHub's OIDC token for exactly these environments of this repository assume the
    /// role, and nothing else (no branch, pull request or other repository).
    fn trust_policy(&self, role: &AwsRole) -> Policy {
        let (account, _, _) = role.parts();
        let subjects: Vec<String> = role
            .github_environments
            .iter()
            .flat_map(|env| {
                self.subject_repositories
                    .iter()
                    .map(move |repo| format!("repo:{repo}:environment:{env}"))
            })
            .collect();
        Policy::new(vec![Statement {
            sid: "GitHubActionsDeployEnvironments",
            effect: "Allow",
            principal: Some(Principal {
                federated: format!("arn:aws:iam::{account}:oidc-provider/{OIDC_HOST}"),
            }),
            action: Actions::One("sts:AssumeRoleWithWebIdentity"),
            resource: None,
            condition: Some(Condition {
                string_equals: OidcClaims {
                    audience: OIDC_AUDIENCE,
                    subjects,
                },
            }),
        }])
    }

    /// Pushing (and the servers' pulls with the same login) to the one repository. ECR's login
    /// token cannot be scoped to a repository, so that one action is on `*`.
    fn push_policy(&self) -> Policy {
        Policy::new(vec![
            Statement {
                sid: "LogInToEcr",
                effect: "Allow",
                principal: None,
                action: Actions::One("ecr:GetAuthorizationToken"),
                resource: Some("*".into()),
                condition: None,
            },
            Statement {
                sid: "PushAndPullTheAppImage",
                effect: "Allow",
                principal: None,
                action: Actions::Many(&[
                    "ecr:BatchCheckLayerAvailability",
                    "ecr:BatchGetImage",
                    "ecr:CompleteLayerUpload",
                    "ecr:GetDownloadUrlForLayer",
                    "ecr:InitiateLayerUpload",
                    "ecr:PutImage",
                    "ecr:UploadLayerPart",
                ]),
                resource: Some(self.repository_arn()),
                condition: None,
            },
        ])
    }

    fn repository_arn(&self) -> String {
        format!(
            "arn:aws:ecr:{}:{}:repository/{}",
            self.region, self.account_id, self.repository
        )
    }
}

/// `.github/dependabot.yml`: weekly pull requests that move the pinned SHAs (and their
/// version comments) forward, after a week's cooldown so a compromised release has time to be
/// noticed before it is proposed.
fn dependabot(ctx: &Context) -> GeneratedFile {
    let mut directories = vec![Yaml::from("/")];
    directories.push(Yaml::from(match ctx.config.project.layout {
        crate::config::Layout::Actions => "/.github/actions/*",
        crate::config::Layout::Seed => "/.github/workflows/*",
    }));
    let update = Map::new()
        .with("package-ecosystem", "github-actions")
        .with("directories", directories)
        .with("schedule", Map::new().with("interval", "weekly"))
        .with("cooldown", Map::new().with("default-days", 7))
        .with(
            "groups",
            Map::new().with(
                "github-actions",
                Map::new().with("patterns", vec![Yaml::from("*")]),
            ),
        );
    let body = Map::new()
        .with("version", 2)
        .with("updates", vec![Yaml::from(update)]);
    let header = vec![
        "Dependabot keeps the actions pinned by commit SHA in the workflows and composite \
         actions current: one grouped pull request a week, for releases at least 7 days old. \
         Generated by kamal-actions."
            .into(),
    ];
    GeneratedFile {
        path: ".github/dependabot.yml".into(),
        contents: document(&header, &body),
    }
}

/// `KAMAL_ACTIONS_SETUP.md`.
fn guide(ctx: &Context, kamal_secrets: &[GeneratedFile]) -> GeneratedFile {
    let mut md = Guide::new(ctx);
    md.intro();
    let setups = requirements(ctx.config);
    for (n, setup) in setups.iter().enumerate() {
        md.environment(n + 1, setup);
    }
    md.known_hosts(&setups);
    md.kamal_secrets(kamal_secrets);
    if let Some(ecr) = Ecr::of(ctx) {
        md.aws(&ecr);
    }
    if ctx.config.dependabot {
        md.dependabot();
    }
    GeneratedFile {
        path: GUIDE_PATH.into(),
        contents: wrap_prose(&md.text, 100),
    }
}

/// Wraps paragraphs and list items at `width` columns, leaving headings and code blocks as
/// they are (commands must stay on one line to be copied).
fn wrap_prose(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 50);
    let mut in_code = false;
    for line in text.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if in_code || line.starts_with('#') || line.chars().count() <= width {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let (first, rest, body) = match line.strip_prefix("- ") {
            Some(item) => ("- ", "  ", item),
            None => match line.strip_prefix("> ") {
                Some(quote) => ("> ", "> ", quote),
                None => ("", "", line),
            },
        };
        for (i, piece) in wrap(body, width - first.len()).iter().enumerate() {
            out.push_str(if i == 0 { first } else { rest });
            out.push_str(piece);
            out.push('\n');
        }
    }
    out
}

/// Builds the guide's text section by section.
struct Guide<'c, 'a> {
    ctx: &'c Context<'a>,
    text: String,
    /// ` --repo owner/name` when the repository is known, so commands work from anywhere.
    repo_flag: String,
    /// The `gh api` path prefix: the repository, or gh's `{owner}/{repo}` (the current clone).
    api_repo: String,
}

impl<'c, 'a> Guide<'c, 'a> {
    fn new(ctx: &'c Context<'a>) -> Self {
        let repo = &ctx.config.project.repository;
        let (repo_flag, api_repo) = if repo.is_empty() {
            (String::new(), "{owner}/{repo}".to_string())
        } else {
            (format!(" --repo {repo}"), repo.clone())
        };
        Self {
            ctx,
            text: String::new(),
            repo_flag,
            api_repo,
        }
    }

    fn line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }

    fn code(&mut self, lang: &str, lines: &[String]) {
        let _ = writeln!(self.text, "```{lang}");
        for line in lines {
            self.line(line);
        }
        self.line("```");
        self.line("");
    }

    fn intro(&mut self) {
        let service = &self.ctx.config.project.service;
        let _ = writeln!(
            self.text,
            "# Setting up GitHub for {service}'s Kamal workflows\n"
        );
        self.line(
            "Generated by kamal-actions from your configuration. It names secrets, never their \
             values: each `gh secret set` below asks for the value when you run it, so it stays \
             out of your shell history.",
        );
        self.line("");
        self.line(
            "Run the commands from a clone of the repository with the GitHub CLI (`gh auth \
             login` first). Environments, secrets and variables need admin access to the \
             repository.",
        );
        self.line("");
        let is_ecr = matches!(self.ctx.config.registry, Registry::Ecr { .. });
        if is_ecr && self.ctx.config.project.repository.is_empty() {
            self.line(&format!(
                "> **The repository is not set in kamal-actions.** The `gh` commands use the \
                 clone you run them in; the AWS trust policies say `{REPOSITORY_PLACEHOLDER}` \
                 until you fill in the repository (owner/name) and download again."
            ));
            self.line("");
        }
    }

    fn environment(&mut self, n: usize, setup: &EnvironmentSetup) {
        let config = self.ctx.config;
        let env_name = &setup.github_environment;
        let _ = writeln!(self.text, "## {n}. GitHub environment `{env_name}`\n");
        let deploys: Vec<&Environment> = setup
            .environments
            .iter()
            .filter_map(|name| config.environment(name))
            .collect();
        for env in &deploys {
            let _ = writeln!(
                self.text,
                "- The kamal-actions environment `{}` {}{}.",
                env.name,
                trigger_text(&env.trigger),
                match env.destination.as_str() {
                    "" => String::new(),
                    dest => format!(", Kamal destination `{dest}`"),
                }
            );
        }
        if !setup.url.is_empty() {
            let _ = writeln!(self.text, "- Deployment URL: {}", setup.url);
        }
        self.line("");
        self.line("Create it (Settings → Environments → New environment), or:");
        let (refs, notes) = deployment_refs(&deploys);
        let mut create = vec![format!(
            "gh api --method PUT \"repos/{}/environments/{env_name}\" \\",
            self.api_repo
        )];
        create.push(
            "  -F \"deployment_branch_policy[protected_branches]=false\" \
             -F \"deployment_branch_policy[custom_branch_policies]=true\""
                .into(),
        );
        for (pattern, kind) in &refs {
            create.push(format!(
                "gh api --method POST \"repos/{}/environments/{env_name}/deployment-branch-policies\" \
                 -f name='{pattern}' -f type={kind}",
                self.api_repo
            ));
        }
        self.code("sh", &create);
        self.line("Suggested protection rules:");
        let allowed: Vec<String> = refs
            .iter()
            .map(|(pattern, kind)| format!("{kind} `{pattern}`"))
            .collect();
        let _ = writeln!(
            self.text,
            "- Deployment branches and tags: only {} (the commands above set this). `main` stands \
             for your default branch, where scheduled backups run and manual runs (deploy by \
             hand, Kamal commands) usually start; change it if yours is named differently.",
            allowed.join(", ")
        );
        for note in &notes {
            let _ = writeln!(self.text, "- {note}.");
        }
        self.line(
            "- Required reviewers: one or two people who approve each deploy, with \"Prevent \
             self-review\"; recommended for production.",
        );
        self.line("");
        self.line("Secrets (a command without `< file` asks for the value):");
        let secrets = self.set_commands("secret", &setup.secrets, env_name);
        self.code("sh", &secrets);
        if !setup.variables.is_empty() {
            self.line("Variables:");
            let variables = self.set_commands("variable", &setup.variables, env_name);
            self.code("sh", &variables);
        }
    }

    /// `gh secret set NAME --env ENV` (or `gh variable set`) for each name; values a file
    /// holds (the deploy key, known_hosts) are read from it.
    fn set_commands(&self, kind: &str, names: &BTreeSet<String>, env_name: &str) -> Vec<String> {
        let secrets = &self.ctx.config.secrets;
        let known_hosts = match &secrets.known_hosts {
            Some(KnownHosts::Secret(name)) if kind == "secret" => Some(name),
            Some(KnownHosts::Variable(name)) if kind == "variable" => Some(name),
            _ => None,
        };
        names
            .iter()
            .map(|name| {
                let from = if Some(name) == known_hosts {
                    format!(" < {}", known_hosts_file(env_name))
                } else if kind == "secret" && *name == secrets.ssh_private_key {
                    " < deploy_key".to_string()
                } else {
                    String::new()
                };
                format!(
                    "gh {kind} set {name} --env {env_name}{}{from}",
                    self.repo_flag
                )
            })
            .collect()
    }

    fn known_hosts(&mut self, setups: &[EnvironmentSetup]) {
        let config = self.ctx.config;
        self.line("## SSH: the deploy key and the servers' host keys\n");
        let _ = writeln!(
            self.text,
            "`{}` holds the private half of a key whose public half is in the deploy user's \
             `~/.ssh/authorized_keys` on every server (a key made for CI, e.g. `ssh-keygen -t \
             ed25519 -N '' -f deploy_key`).\n",
            config.secrets.ssh_private_key
        );
        match &config.secrets.known_hosts {
            Some(source) => {
                let (kind, name) = match source {
                    KnownHosts::Secret(name) => ("secret", name),
                    KnownHosts::Variable(name) => ("variable", name),
                };
                let _ = writeln!(
                    self.text,
                    "The workflows trust only the host keys in the {kind} `{name}`. Each GitHub \
                     environment gets the keys of its own servers (the hosts under `servers:` in \
                     `config/deploy.yml` or its `config/deploy.DESTINATION.yml`); check the \
                     fingerprints `ssh-keygen -lf` prints against the ones your provider shows \
                     before storing them:\n"
                );
                let builder = self.remote_builder();
                let mut lines = Vec::new();
                let mut unknown: Vec<&str> = Vec::new();
                for setup in setups {
                    let file = known_hosts_file(&setup.github_environment);
                    let known = self.hosts_of(setup);
                    if known.is_empty() {
                        unknown.push(&setup.github_environment);
                    }
                    let hosts = if known.is_empty() {
                        HOST_PLACEHOLDERS.to_string()
                    } else {
                        known.join(" ")
                    };
                    lines.push(format!("ssh-keyscan -t ed25519,ecdsa,rsa {hosts} > {file}"));
                    if let Some((host, port)) = builder {
                        let port = port.map(|p| format!(" -p {p}")).unwrap_or_default();
                        lines.push(format!(
                            "ssh-keyscan{port} -t ed25519,ecdsa,rsa {host} >> {file}"
                        ));
                    }
                    lines.push(format!("ssh-keygen -lf {file}"));
                    lines.push(format!(
                        "gh {kind} set {name} --env {}{} < {file}",
                        setup.github_environment, self.repo_flag
                    ));
                }
                self.code("sh", &lines);
                if let Some((host, _)) = builder {
                    let _ = writeln!(
                        self.text,
                        "`{host}` is the remote builder (`builder.remote`): every deploy reaches                          it over SSH with the same deploy key, so its key is pinned too.\n"
                    );
                }
                if !unknown.is_empty() {
                    self.line(&format!(
                        "Replace {HOST_PLACEHOLDERS} with the servers of {} (kamal-actions does \
                         not know them: fill in Servers in the page).\n",
                        unknown
                            .iter()
                            .map(|e| format!("`{e}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
            None => self.line(
                "No known_hosts source is configured: the first connection trusts whatever host \
                 key the server presents. Configure one in kamal-actions to pin them.\n",
            ),
        }
    }

    /// The remote builder's host and port, when the build runs on one over SSH.
    fn remote_builder(&self) -> Option<(&'a str, Option<u16>)> {
        let uri = self.ctx.config.build.remote_builder.as_str();
        crate::validate::remote_builder_host(uri).ok()
    }

    /// The known hosts of the environments deploying through `setup`, without repeats.
    fn hosts_of(&self, setup: &EnvironmentSetup) -> Vec<&'a str> {
        let mut hosts: Vec<&str> = Vec::new();
        for env in setup
            .environments
            .iter()
            .filter_map(|name| self.ctx.config.environment(name))
        {
            for host in &env.hosts {
                if !hosts.contains(&host.as_str()) {
                    hosts.push(host);
                }
            }
        }
        hosts
    }

    fn kamal_secrets(&mut self, files: &[GeneratedFile]) {
        self.line("## Kamal's secrets files (commit them)\n");
        self.line(
            "These files are in this download. They hold references, which the workflows fill \
             from the secrets above; commit them as they are:\n",
        );
        for file in files {
            let _ = writeln!(self.text, "`{}`:", file.path);
            let lines: Vec<String> = file
                .contents
                .lines()
                .filter(|l| !l.starts_with('#'))
                .map(String::from)
                .collect();
            self.code("sh", &lines);
        }
    }

    fn aws(&mut self, ecr: &Ecr) {
        self.line("## AWS: let the workflows push to ECR without stored keys\n");
        self.line(
            "The jobs get short-lived credentials from GitHub's OIDC token. Once per AWS \
             account, register GitHub as an identity provider:\n",
        );
        self.oidc_subjects(ecr);
        let mut accounts: Vec<&str> = ecr.roles.iter().map(|r| r.parts().0).collect();
        accounts.sort_unstable();
        accounts.dedup();
        let provider = vec![format!(
            "aws iam create-open-id-connect-provider --url https://{OIDC_HOST} --client-id-list {OIDC_AUDIENCE}"
        )];
        self.code("sh", &provider);
        let _ = writeln!(
            self.text,
            "(AWS account{} {}.)\n",
            if accounts.len() == 1 { "" } else { "s" },
            accounts.join(", ")
        );
        let _ = writeln!(
            self.text,
            "The repository the images go to (skip if it exists):\n"
        );
        self.code(
            "sh",
            &[format!(
                "aws ecr create-repository --repository-name {} --region {}",
                ecr.repository, ecr.region
            )],
        );
        for role in &ecr.roles {
            let (account, path, name) = role.parts();
            let _ =
                writeln!(
                self.text,
                "Role `{name}`, assumed by jobs in the GitHub environment{} {} of `{}` only. Its \
                 trust policy is `{}`; its permissions, `{IAM_DIR}/ecr-push-policy.json`, allow \
                 pushing and pulling `{}` and nothing else:\n",
                if role.github_environments.len() == 1 { "" } else { "s" },
                role.github_environments
                    .iter()
                    .map(|e| format!("`{e}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                ecr.github_repository,
                role.trust_policy_path(),
                ecr.repository
            );
            let mut lines = vec![format!(
                "aws iam create-role --role-name {name} --path {path} --assume-role-policy-document file://{}",
                role.trust_policy_path()
            )];
            lines.push(format!(
                "aws iam put-role-policy --role-name {name} --policy-name kamal-ecr-push --policy-document file://{IAM_DIR}/ecr-push-policy.json"
            ));
            self.code("sh", &lines);
            if account != ecr.account_id {
                let _ = writeln!(
                    self.text,
                    "This role is in account {account} and the registry in {}: the repository \
                     also needs a repository policy that allows this role.\n",
                    ecr.account_id
                );
            }
        }
    }

    /// Which subject GitHub's token carries: the name form, or (repositories created, renamed
    /// or transferred after July 2026, and those that opted in) the immutable-id form.
    fn oidc_subjects(&mut self, ecr: &Ecr) {
        let repo = ecr.github_repository;
        let api = if repo == REPOSITORY_PLACEHOLDER {
            "repos/{owner}/{repo}".to_string()
        } else {
            format!("repos/{repo}")
        };
        let commands = vec![
            format!("gh api {api}/actions/oidc/customization/sub"),
            format!("gh api {api} --jq '.owner.id, .id'"),
        ];
        if let Some(with_ids) = ecr.subject_repositories.get(1) {
            let _ = writeln!(
                self.text,
                "The trust policies admit both subjects GitHub issues for this repository: \
                 `repo:{repo}:…` and, with its immutable ids, `repo:{with_ids}:…` (repositories \
                 created, renamed or transferred after July 2026 get that form). Both name \
                 exactly this repository, so another one that reuses the name is refused. To \
                 check the ids and the form your tokens use:\n"
            );
        } else {
            let _ = writeln!(
                self.text,
                "> **Repositories created, renamed or transferred after July 2026** (and those \
                 that opted in) get OIDC tokens whose subject carries the owner's and the \
                 repository's immutable ids (`repo:OWNER@OWNER_ID/REPO@REPO_ID:…`). The trust \
                 policies below admit only `repo:{repo}:…` until you fill in Owner id and \
                 Repository id in kamal-actions; STS refuses the other form (\"Not authorized to \
                 perform sts:AssumeRoleWithWebIdentity\"). The first command shows which form the \
                 repository uses, the second prints the two ids:\n"
            );
        }
        self.code("sh", &commands);
    }

    fn dependabot(&mut self) {
        self.line("## Keeping the pinned actions current\n");
        self.line(
            "`.github/dependabot.yml` (in this download) makes Dependabot open one pull request \
             a week that moves the pinned commit SHAs forward. Enable \"Dependabot version \
             updates\" under Settings → Code security if it is off.",
        );
    }
}

/// Where the guide collects one GitHub environment's host keys.
fn known_hosts_file(github_environment: &str) -> String {
    format!("known_hosts.{github_environment}")
}

fn trigger_text(trigger: &Trigger) -> String {
    match trigger {
        Trigger::Release => "deploys when a release is published".into(),
        Trigger::Branches { branches } => format!(
            "deploys on pushes to {}",
            github::describe_filters(branches, "`")
        ),
        Trigger::Tags { tags } => format!(
            "deploys on pushes of tags {}",
            github::describe_filters(tags, "`")
        ),
        Trigger::Manual => "deployed by hand only".into(),
    }
}

/// The refs an environment's jobs run from, as deployment branch policies
/// `(pattern, "branch" | "tag")`: what its trigger pushes (a release deploys from its tag), and
/// the default branch (assumed `main`), where scheduled backups run and manual runs start.
/// Workflow filters are translated into `File.fnmatch` patterns ([`github::policy_for`]);
/// the notes say where a policy admits more than the filter.
fn deployment_refs(deploys: &[&Environment]) -> (Vec<(String, &'static str)>, Vec<String>) {
    let mut refs: Vec<(String, &'static str)> = vec![("main".into(), "branch")];
    let mut notes: Vec<String> = Vec::new();
    let mut add = |pattern: &str, kind: &'static str| {
        if !refs.iter().any(|(p, k)| p == pattern && *k == kind) {
            refs.push((pattern.to_string(), kind));
        }
    };
    for env in deploys {
        let (filters, kind) = match &env.trigger {
            Trigger::Release => {
                add("*", "tag");
                continue;
            }
            Trigger::Branches { branches } => (branches, RefKind::Branch),
            Trigger::Tags { tags } => (tags, RefKind::Tag),
            Trigger::Manual => continue,
        };
        for filter in filters {
            let policy = github::policy_for(filter, kind);
            for pattern in &policy.patterns {
                add(pattern, kind.policy_type());
            }
            if let Some(note) = policy.note {
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
        }
    }
    (refs, notes)
}
