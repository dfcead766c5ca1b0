//! The AWS side of the setup kit (ECR only): a trust policy per IAM role the jobs assume,
//! admitting GitHub's OIDC token for exactly the environments whose jobs pass that role, and
//! a push/pull policy for the one ECR repository.

use serde::Serialize;

use super::setup::{aws_roles, AwsRole};
use super::vaults::reads;
use crate::aws::RoleArn;
use crate::config::{BackupStore, Registry, Vault};

use super::{Context, GeneratedFile};

/// Where the IAM policy documents go; the guide's `aws iam` commands read them from here.
pub const IAM_DIR: &str = "kamal-actions-setup/iam";
/// Stands in for `owner/repo` in trust policies until the configuration names the repository.
pub const REPOSITORY_PLACEHOLDER: &str = "OWNER/REPO";
/// The audience GitHub's OIDC token carries for AWS.
pub(super) const OIDC_AUDIENCE: &str = "sts.amazonaws.com";
pub(super) const OIDC_HOST: &str = "token.actions.githubusercontent.com";

/// The policy documents: the registry's when it is ECR, and the backup bucket's.
pub(super) fn files(ctx: &Context) -> Vec<GeneratedFile> {
    let mut files = registry_files(ctx);
    if let Some(bucket) = BackupBucket::of(ctx) {
        files.push(GeneratedFile {
            path: format!("{IAM_DIR}/{BACKUP_POLICY}"),
            contents: pretty(&bucket.policy()),
        });
        if let Some(role) = bucket.own_role() {
            files.push(GeneratedFile {
                path: role.trust_policy_path(),
                contents: pretty(&trust_policy(&subject_repositories(ctx), &role)),
            });
        }
    }
    files
}

/// The file of the backup bucket's policy.
pub(super) const BACKUP_POLICY: &str = "backup-s3-policy.json";

/// The S3 bucket backups are put in, and the role that puts them.
pub(super) struct BackupBucket<'a> {
    pub(super) bucket: &'a str,
    pub(super) prefix: &'a str,
    pub(super) role: AwsRole,
    /// Whether the registry's login already assumes this role in the backup's environment (so
    /// it has a trust policy; it only needs the bucket's policy).
    pub(super) shared: bool,
}

impl<'a> BackupBucket<'a> {
    pub(super) fn of(ctx: &Context<'a>) -> Option<Self> {
        let backup = ctx.config.backup.as_ref()?;
        let BackupStore::S3 {
            bucket,
            prefix,
            role_arn,
            ..
        } = &backup.store
        else {
            return None;
        };
        let env = ctx.config.environment(&backup.environment)?;
        let shared = env.aws_role(&ctx.config.registry) == Some(role_arn.as_str());
        Some(Self {
            bucket,
            prefix,
            role: AwsRole {
                arn: role_arn.clone(),
                github_environments: vec![env.github_environment.clone()],
            },
            shared,
        })
    }

    /// The role when the backup assumes one of its own, which then needs a trust policy.
    pub(super) fn own_role(&self) -> Option<AwsRole> {
        (!self.shared).then(|| self.role.clone())
    }

    /// Putting objects under the prefix, and nothing else: no reading, listing or deleting
    /// backups from the workflow.
    fn policy(&self) -> Policy {
        Policy::new(vec![Statement {
            sid: "PutBackups",
            effect: "Allow",
            principal: None,
            action: Actions::One("s3:PutObject"),
            resource: Some(Resources::One(format!(
                "arn:aws:s3:::{}/{}*",
                self.bucket, self.prefix
            ))),
            condition: None,
        }])
    }
}

/// The registry's policy documents, when it is ECR.
fn registry_files(ctx: &Context) -> Vec<GeneratedFile> {
    let Some(ecr) = Ecr::of(ctx) else {
        return Vec::new();
    };
    let mut files: Vec<GeneratedFile> = ecr
        .roles
        .iter()
        .map(|role| GeneratedFile {
            path: role.trust_policy_path(),
            contents: pretty(&trust_policy(&ecr.subject_repositories, role)),
        })
        .collect();
    files.push(GeneratedFile {
        path: format!("{IAM_DIR}/ecr-push-policy.json"),
        contents: pretty(&ecr.push_policy()),
    });
    for role in &ecr.roles {
        if let Some(policy) = ecr.secrets_policy(ctx, role) {
            files.push(GeneratedFile {
                path: role.secrets_policy_path(),
                contents: pretty(&policy),
            });
        }
    }
    files
}

/// The Secrets Manager secrets the jobs passing `role` read, by name.
pub(super) fn secrets_read_by(ctx: &Context, role: &AwsRole) -> Vec<String> {
    let names = reads(ctx.config)
        .into_iter()
        .filter(|r| r.vault == Vault::AwsSecretsManager)
        .filter(|r| role.github_environments.contains(&r.github_environment))
        .flat_map(|r| r.items.into_iter().map(|(item, _)| item));
    crate::sorted::unique(names).into_iter().collect()
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
    resource: Option<Resources>,
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

/// One resource is written as a string, several as a list.
#[derive(Serialize)]
#[serde(untagged)]
enum Resources {
    One(String),
    Many(Vec<String>),
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

/// Lets GitHub's OIDC token for exactly these environments of this repository assume the
/// role, and nothing else (no branch, pull request or other repository).
fn trust_policy(subject_repositories: &[String], role: &AwsRole) -> Policy {
    let account = role.parts().account;
    let subjects: Vec<String> = role
        .github_environments
        .iter()
        .flat_map(|env| {
            subject_repositories
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

fn pretty(policy: &Policy) -> String {
    let mut text = serde_json::to_string_pretty(policy).expect("policies serialise");
    text.push('\n');
    text
}

/// The repository the trust policies name, or the placeholder.
pub(super) fn github_repository<'a>(ctx: &Context<'a>) -> &'a str {
    match ctx.config.project.repository.as_str() {
        "" => REPOSITORY_PLACEHOLDER,
        repo => repo,
    }
}

/// `OWNER/REPO`, then `OWNER@OWNER_ID/REPO@REPO_ID` when both ids are configured.
pub(super) fn subject_repositories(ctx: &Context) -> Vec<String> {
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
pub(super) struct Ecr<'a> {
    pub(super) account_id: &'a str,
    pub(super) region: &'a str,
    pub(super) repository: &'a str,
    pub(super) roles: Vec<AwsRole>,
    pub(super) github_repository: &'a str,
    /// The repository as OIDC subjects name it: `OWNER/REPO`, and `OWNER@ID/REPO@ID` when the
    /// ids are known. Both exactly, so no other repository that reuses the name is admitted.
    pub(super) subject_repositories: Vec<String>,
}

/// Names read off a role's ARN.
impl AwsRole {
    /// The role's ARN read once ([`RoleArn::parse`]); it was validated before rendering.
    pub(super) fn parts(&self) -> RoleArn<'_> {
        RoleArn::parse(&self.arn).expect("validated before rendering")
    }

    pub(super) fn name(&self) -> &str {
        self.parts().name
    }

    pub(super) fn trust_policy_path(&self) -> String {
        format!("{IAM_DIR}/{}-trust-policy.json", self.name())
    }

    pub(super) fn secrets_policy_path(&self) -> String {
        format!("{IAM_DIR}/{}-secrets-policy.json", self.name())
    }
}

impl<'a> Ecr<'a> {
    pub(super) fn of(ctx: &Context<'a>) -> Option<Self> {
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

    /// Pushing (and the servers' pulls with the same login) to the one repository. ECR's login
    /// token cannot be scoped to a repository, so that one action is on `*`.
    fn push_policy(&self) -> Policy {
        Policy::new(vec![
            Statement {
                sid: "LogInToEcr",
                effect: "Allow",
                principal: None,
                action: Actions::One("ecr:GetAuthorizationToken"),
                resource: Some(Resources::One("*".into())),
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
                resource: Some(Resources::One(self.repository_arn())),
                condition: None,
            },
        ])
    }

    /// Reading exactly the Secrets Manager secrets of the role's environments, when any
    /// variable comes from there. A secret's ARN ends in `-` and six random characters, hence
    /// `-??????`. BatchGetSecretValue, which Kamal calls, only lists: it grants no value.
    fn secrets_policy(&self, ctx: &Context, role: &AwsRole) -> Option<Policy> {
        let names = secrets_read_by(ctx, role);
        if names.is_empty() {
            return None;
        }
        let account = role.parts().account;
        let arns: Vec<String> = names
            .iter()
            .map(|n| {
                format!(
                    "arn:aws:secretsmanager:{}:{account}:secret:{n}-??????",
                    self.region
                )
            })
            .collect();
        Some(Policy::new(vec![
            Statement {
                sid: "BatchReadSecrets",
                effect: "Allow",
                principal: None,
                action: Actions::One("secretsmanager:BatchGetSecretValue"),
                resource: Some(Resources::One("*".into())),
                condition: None,
            },
            Statement {
                sid: "ReadTheAppSecrets",
                effect: "Allow",
                principal: None,
                action: Actions::One("secretsmanager:GetSecretValue"),
                resource: Some(Resources::Many(arns)),
                condition: None,
            },
        ]))
    }

    fn repository_arn(&self) -> String {
        format!(
            "arn:aws:ecr:{}:{}:repository/{}",
            self.region, self.account_id, self.repository
        )
    }
}
