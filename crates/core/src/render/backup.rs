//! The backup workflow: dump, compress and encrypt in one pipe on the runner, then keep the
//! encrypted file as an artifact or in S3. What each dump runs is in [`crate::backup`].

use crate::backup::{self, RAW_SINCE};
use crate::config::{Backup, BackupStore, Dump, Encryption, Environment, Registry};
use crate::yaml::{Map, Yaml};

use super::iam::{BackupBucket, BACKUP_POLICY};
use super::paths::Shared;
use super::steps::{self, uses, JobKind};
use super::{Context, GeneratedFile};

/// The id of the dump step, whose `file` output is the encrypted file.
const DUMP_ID: &str = "dump";

/// Where the dump step writes (the runner's temporary directory, emptied after the job).
const BACKUP_DIR: &str = "$RUNNER_TEMP/backup";

pub fn workflow(ctx: &Context, path: String) -> GeneratedFile {
    let b = ctx
        .config
        .backup
        .as_ref()
        .expect("rendered only with a backup");
    let env = ctx.config.environment(&b.environment).expect("validated");
    let on = Map::new()
        .with(
            "schedule",
            Yaml::Seq(vec![Map::new().with("cron", b.cron.as_str()).into()]),
        )
        .with("workflow_dispatch", Yaml::Null);
    let mut job_steps = vec![steps::checkout(), steps::pre_build(ctx, env)];
    if matches!(b.encryption, Encryption::Age { .. }) {
        job_steps.push(install_age());
    }
    job_steps.push(dump_step(ctx, b, env));
    job_steps.extend(store_steps(b));
    let mut permissions = steps::kamal_permissions(ctx, JobKind::Operate);
    // The bucket's role is assumed through OIDC, whatever the registry logs in with.
    let s3 = matches!(b.store, BackupStore::S3 { .. });
    if s3 && !matches!(ctx.config.registry, Registry::Ecr { .. }) {
        permissions = permissions.with_comment(
            "id-token",
            "write",
            "assume the backup bucket's role through OIDC",
        );
    }
    let job = steps::kamal_job_with(
        ctx,
        (format!("Back up {}", env.name), Map::new()),
        env,
        JobKind::Operate,
        permissions,
    );
    let body = Map::spaced()
        .with("name", ctx.layout.shared_name(Shared::Backup))
        .with("on", on)
        .with("permissions", Map::new())
        .with(
            "concurrency",
            Map::new()
                .with("group", "${{ github.workflow }}")
                .with("cancel-in-progress", false),
        )
        .with(
            "jobs",
            Map::spaced().with("backup", job.with("steps", Yaml::SpacedSeq(job_steps))),
        );
    let summary = vec![
        format!(
            "Backs up the {} database, {}, on the schedule `{}` (UTC) and when started by \
             hand.",
            env.name,
            backup::describe(&b.dump),
            b.cron
        ),
        format!(
            "The dump runs in the running container and Kamal passes its output through untouched \
             (`--reuse --raw`, Kamal {RAW_SINCE} or later). It goes through gzip and {} into a \
             file, never to the job log; the file is {}. Only the private key's holder can read \
             it: it is never given to GitHub. {} says how to restore. Kamal holds the whole dump \
             in the runner's memory before writing it out, so this suits databases of up to a \
             few gigabytes.",
            match b.encryption {
                Encryption::Age { .. } => "age (to the public key in this file)",
                Encryption::Gpg { .. } => "gpg (to the public key in a configuration variable)",
            },
            backup::describe_store(&b.store, &env.name),
            super::GUIDE_PATH,
        ),
    ];
    ctx.yaml_file(path, &summary, &body)
}

/// age is not on GitHub's runner images; Ubuntu's archive has it.
fn install_age() -> Yaml {
    Map::new()
        .with("name", "Install age")
        .with(
            "run",
            "sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends age",
        )
        .into()
}

/// The step that dumps, compresses and encrypts in one pipe: the dump exists in the clear
/// only inside the pipe. Kamal's version is checked first (older ones have no `--raw` and
/// would print host prefixes into the dump), and an empty dump fails the job.
fn dump_step(ctx: &Context, b: &Backup, env: &Environment) -> Yaml {
    let config = ctx.config;
    let command = backup::dump_command(&b.dump, config.project.kamal_version);
    let tail = match command.in_container {
        Some(_) => " \"$DUMP_COMMAND\"",
        None => "",
    };
    let dump = steps::kamal_line_then(ctx, &command.kamal, tail, env);
    let (encrypt, key_env) = match &b.encryption {
        Encryption::Age { recipient } => (
            "age --encrypt --recipient \"$AGE_RECIPIENT\" --output \"$file\"".to_string(),
            ("AGE_RECIPIENT", recipient.clone()),
        ),
        Encryption::Gpg {
            public_key_variable,
        } => (
            "gpg --homedir \"$gnupg\" --batch --no-tty --trust-model always \\\n      \
             --recipient-file \"$dir/recipient.asc\" --encrypt --output \"$file\""
                .to_string(),
            (
                "BACKUP_PUBLIC_KEY",
                format!("${{{{ vars.{public_key_variable} }}}}"),
            ),
        ),
    };
    let gpg_setup = match b.encryption {
        Encryption::Gpg { .. } => {
            "gnupg=$(mktemp -d)\nprintf '%s\\n' \"$BACKUP_PUBLIC_KEY\" > \"$dir/recipient.asc\"\n"
        }
        Encryption::Age { .. } => "",
    };
    let name = format!(
        "{}-{}-$(date -u +%Y%m%dT%H%M%SZ).{}.gz.{}",
        config.project.service,
        env.name,
        backup::extension(&b.dump),
        backup::encryption_extension(&b.encryption)
    );
    let script = format!(
        "set -o pipefail\n\
         dir=\"{BACKUP_DIR}\"\n\
         mkdir -p \"$dir\"\n\
         version=$({kamal} version)\n\
         if ! printf '%s\\n' {RAW_SINCE} \"$version\" | sort -V -C; then\n  \
         echo \"::error::A backup needs Kamal {RAW_SINCE} or later (exec --raw); this is Kamal $version\" >&2\n  \
         exit 1\n\
         fi\n\
         {gpg_setup}\
         file=\"$dir/{name}\"\n\
         # Counts what the dump printed, without keeping it: fd 3 feeds wc, waited for below.\n\
         exec 3> >(wc -c > \"$dir/bytes\")\n\
         counted=$!\n\
         {dump} \\\n  \
         | tee /dev/fd/3 \\\n  \
         | gzip -9 \\\n  \
         | {encrypt}\n\
         exec 3>&-\n\
         wait \"$counted\"\n\
         bytes=$(cat \"$dir/bytes\")\n\
         if [ \"${{bytes:-0}}\" -eq 0 ]; then\n  \
         echo \"::error::The dump is empty: nothing was stored\" >&2\n  \
         exit 1\n\
         fi\n\
         echo \"file=$file\" >> \"$GITHUB_OUTPUT\"\n",
        kamal = config.kamal(),
    );
    let mut env_map = Map::new()
        .with("SSH_AUTH_SOCK", steps::SSH_AUTH_SOCK)
        .merge(steps::kamal_env(ctx, env))
        .with(key_env.0, key_env.1);
    if let Some(in_container) = &command.in_container {
        env_map.insert("DUMP_COMMAND", in_container.as_str());
    }
    Map::new()
        .with("name", "Dump, compress and encrypt")
        .with("id", DUMP_ID)
        .with("env", env_map)
        .with("run", steps::kamal_run(ctx, &script))
        .into()
}

fn dumped_file() -> String {
    format!("${{{{ steps.{DUMP_ID}.outputs.file }}}}")
}

/// Keeps the encrypted file: an artifact (already compressed and encrypted, so stored as it is),
/// or an object in the user's bucket.
fn store_steps(b: &Backup) -> Vec<Yaml> {
    match &b.store {
        BackupStore::Artifact { retention_days } => vec![uses(
            Map::new().with("name", "Keep the encrypted backup as an artifact"),
            "actions/upload-artifact",
        )
        .with(
            "with",
            Map::new()
                .with("name", backup::artifact_name(&b.environment))
                .with("path", dumped_file())
                .with("retention-days", *retention_days)
                .with("compression-level", 0u32)
                .with("if-no-files-found", "error"),
        )
        .into()],
        BackupStore::S3 {
            bucket,
            prefix,
            region,
            role_arn,
        } => vec![
            uses(
                Map::new().with("name", "Assume the backup bucket's role"),
                "aws-actions/configure-aws-credentials",
            )
            .with(
                "with",
                Map::new()
                    .with("role-to-assume", role_arn.as_str())
                    .with("aws-region", region.as_str()),
            )
            .into(),
            Map::new()
                .with("name", "Store the encrypted backup in S3")
                .with(
                    "env",
                    Map::new()
                        .with("FILE", dumped_file())
                        .with("DESTINATION", format!("s3://{bucket}/{prefix}")),
                )
                .with(
                    "run",
                    "aws s3 cp \"$FILE\" \"$DESTINATION$(basename \"$FILE\")\" --only-show-errors",
                )
                .into(),
        ],
    }
}

/// The setup guide's section on the backup: the key to make, where the file is, how to read
/// it back.
pub fn guide_section(ctx: &Context) -> Option<String> {
    let b = ctx.config.backup.as_ref()?;
    let mut text = String::from("## Backups\n\n");
    match &b.encryption {
        Encryption::Age { recipient } => text.push_str(&format!(
            "Backups are encrypted to the age public key `{recipient}`. Its private key (from \
             `age-keygen -o backup-key.txt`) stays off GitHub: keep it in your password \
             manager, and check you can restore before you need to.\n\n"
        )),
        Encryption::Gpg {
            public_key_variable,
        } => text.push_str(&format!(
            "Backups are encrypted to the OpenPGP public key in the variable \
             `{public_key_variable}` of the GitHub environment `{}`:\n\n```sh\n\
             gpg --armor --export YOUR_KEY_ID > backup-public.asc\n\
             gh variable set {public_key_variable} --env {} < backup-public.asc\n```\n\n\
             The private key stays off GitHub.\n\n",
            github_environment(ctx, b),
            github_environment(ctx, b),
        )),
    }
    match &b.store {
        BackupStore::Artifact { retention_days } => text.push_str(&format!(
            "Each run keeps the encrypted file as the artifact `{}` for {retention_days} days. \
             Download it from the run's page, or:\n\n```sh\n\
             gh run list --workflow \"{}\" --limit 5\n\
             gh run download RUN_ID --name {}\n```\n\n",
            backup::artifact_name(&b.environment),
            ctx.layout.shared_name(Shared::Backup),
            backup::artifact_name(&b.environment),
        )),
        BackupStore::S3 { bucket, prefix, .. } => {
            text.push_str(&format!(
                "Each run stores the encrypted file in `s3://{bucket}/{prefix}`. The role the job \
                 assumes may only put objects there:\n\n```sh\n"
            ));
            if let Some(b) = BackupBucket::of(ctx) {
                let role = b.role.name();
                if !b.shared {
                    text.push_str(&format!(
                        "aws iam create-role --role-name {role} \\\n  \
                         --assume-role-policy-document file://{}\n",
                        b.role.trust_policy_path()
                    ));
                }
                text.push_str(&format!(
                    "aws iam put-role-policy --role-name {role} --policy-name kamal-actions-backup \\\n  \
                     --policy-document file://{}/{BACKUP_POLICY}\n",
                    super::IAM_DIR
                ));
            }
            text.push_str(&format!(
                "```\n\nTo fetch one:\n\n```sh\n\
                 aws s3 ls s3://{bucket}/{prefix}\n\
                 aws s3 cp s3://{bucket}/{prefix}FILE .\n```\n\n"
            ));
        }
    }
    text.push_str(
        "To restore it (`FILE` is the downloaded file, `HOST` the database's host):\n\n```sh\n",
    );
    for line in backup::restore_commands(ctx.config, &b.dump, &b.encryption) {
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str("```\n\n");
    if let Dump::Postgres { .. } = &b.dump {
        text.push_str(
            "The dump is `pg_dumpall`'s: every database and role, as SQL. Load it into an empty \
             accessory (a new volume): over existing databases its `CREATE` statements fail.\n\n",
        );
    }
    if let Dump::Sqlite { path } = &b.dump {
        text.push_str(&format!(
            "Then stop the app, copy `restored.sqlite3` over `{path}` in its volume, and start it \
             again.\n\n"
        ));
    }
    Some(text)
}

fn github_environment<'a>(ctx: &'a Context, b: &Backup) -> &'a str {
    ctx.config
        .environment(&b.environment)
        .map_or("", |e| e.github_environment.as_str())
}
