//! Backups: the Kamal command each kind of dump runs, what the file is called, the checks on
//! the fields, and how the dump is read back. The workflow around them is in
//! `render/backup.rs`.
//!
//! Every dump runs in a running container (`accessory exec --reuse`, `app exec --reuse`), so it
//! reads the live database instead of starting a new container, and with `--raw` (Kamal 2.12,
//! `lib/kamal/cli/accessory.rb`), which writes the command's output to stdout untouched and
//! silences Kamal's own logging, so the dump can be piped.

use crate::config::{BackupStore, Config, Dump, Encryption};
use crate::kamal::{self, KamalVersion};

/// The first Kamal release with `exec --raw`.
pub const RAW_SINCE: &str = "2.12.0";

/// What a kind of dump is called in the page and the files.
pub fn describe(dump: &Dump) -> String {
    match dump {
        Dump::Postgres { accessory } => format!("PostgreSQL in the accessory {accessory}"),
        Dump::Mysql { accessory } => format!("MySQL in the accessory {accessory}"),
        Dump::Sqlite { path } => format!("SQLite's {path} in the web container"),
        Dump::Command { command } => format!("as `kamal {command}` prints it"),
    }
}

/// What prints the dump: the arguments after `kamal` (before the destination flag), and for the
/// presets, the command the container runs, which is Kamal's last argument. The files pass that
/// one through the step's environment, so it is written as it is, without shell quoting.
pub struct DumpCommand {
    pub kamal: Vec<String>,
    pub in_container: Option<String>,
}

impl DumpCommand {
    /// Every argument Kamal receives.
    pub fn args(&self) -> Vec<String> {
        self.kamal
            .iter()
            .cloned()
            .chain(self.in_container.clone())
            .collect()
    }
}

pub fn dump_command(dump: &Dump, version: KamalVersion) -> DumpCommand {
    let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect();
    let preset = |kamal: Vec<String>, script: String| DumpCommand {
        kamal,
        in_container: Some(script),
    };
    match dump {
        // Every database and role, as the MySQL preset does: the app's databases are the ones
        // Rails created (Rails 8 adds _cache, _queue and _cable), not the image's POSTGRES_DB,
        // which may be an empty one. As the official image's superuser, with its default; local
        // connections need no password.
        Dump::Postgres { accessory } => preset(
            words(&["accessory", "exec", accessory, "--reuse", "--raw"]),
            "sh -c 'exec pg_dumpall --username=\"${POSTGRES_USER:-postgres}\"'".into(),
        ),
        // MYSQL_PWD keeps the password off mysqldump's command line.
        Dump::Mysql { accessory } => preset(
            words(&["accessory", "exec", accessory, "--reuse", "--raw"]),
            "sh -c 'MYSQL_PWD=\"$MYSQL_ROOT_PASSWORD\" exec mysqldump --user=root \
             --single-transaction --routines --events --all-databases'"
                .into(),
        ),
        // One container: every host's app containers hold their own copy of the volume, and
        // `app exec --reuse` runs in each role's container on a host (a job role beside web
        // would print a second dump into the same stream). The web role (Kamal's default
        // primary role) on its primary host; Kamal stops with "No --roles match" without one.
        Dump::Sqlite { path } => preset(
            words(&[
                "app",
                "exec",
                "--reuse",
                "--raw",
                "--roles=web",
                "--primary",
            ]),
            format!("sqlite3 -readonly {path} .dump"),
        ),
        Dump::Command { command } => DumpCommand {
            kamal: kamal::parse(command, version)
                .map(|c| c.args)
                .unwrap_or_default(),
            in_container: None,
        },
    }
}

/// The dump's own file extension, before `.gz` and the encryption's.
pub fn extension(dump: &Dump) -> &'static str {
    match dump {
        Dump::Postgres { .. } | Dump::Mysql { .. } | Dump::Sqlite { .. } => "sql",
        Dump::Command { .. } => "out",
    }
}

pub fn encryption_extension(encryption: &Encryption) -> &'static str {
    match encryption {
        Encryption::Age { .. } => "age",
        Encryption::Gpg { .. } => "gpg",
    }
}

/// The artifact's name for a backup of `environment`.
pub fn artifact_name(environment: &str) -> String {
    format!("backup-{environment}")
}

/// An accessory's name as deploy.yml's `accessories:` keys it.
pub fn check_accessory(name: &str) -> Result<(), String> {
    kamal::check_identifier(name, "an accessory name from deploy.yml, e.g. db")
}

/// An absolute path inside the container, of characters that need no quoting.
pub fn check_sqlite_path(path: &str) -> Result<(), String> {
    let plain = path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b));
    if path.starts_with('/') && path.len() <= 200 && plain && !path.contains("..") {
        Ok(())
    } else {
        Err(
            "enter the database file's absolute path in the app container, e.g. \
             /rails/storage/production.sqlite3"
                .into(),
        )
    }
}

/// A custom dump: a command Kamal knows that prints the dump and only the dump.
pub fn check_command(command: &str, version: KamalVersion) -> Result<(), String> {
    let parsed = kamal::parse(command, version)?;
    let args = &parsed.args;
    let has = |flag: &str| args.iter().any(|a| a == flag);
    let accessory = args.starts_with(&["accessory".into(), "exec".into()]);
    if !accessory && !args.starts_with(&["app".into(), "exec".into()]) {
        return Err("a dump is printed by accessory exec or app exec".into());
    }
    if !has("--raw") {
        return Err("add --raw: without it Kamal prefixes the output with the host name".into());
    }
    if accessory && !has("--reuse") {
        return Err("add --reuse: without it Kamal starts a new container".into());
    }
    if has("-i") || has("--interactive") || has("--detach") {
        return Err("a dump cannot run interactively or detached".into());
    }
    Ok(())
}

/// An age X25519 recipient: `age1` and 58 bech32 characters.
pub fn check_age_recipient(recipient: &str) -> Result<(), String> {
    const BECH32: &[u8] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    let ok = recipient.len() == 62
        && recipient
            .strip_prefix("age1")
            .is_some_and(|rest| rest.bytes().all(|b| BECH32.contains(&b)));
    if ok {
        Ok(())
    } else {
        Err("paste the public key age-keygen prints (age1 and 58 letters and digits)".into())
    }
}

/// Checks that the Kamal the files run can print raw output.
pub fn check_kamal(config: &Config) -> Result<(), String> {
    if config.project.kamal_version == KamalVersion::V1 {
        return Err(format!(
            "a backup needs Kamal {RAW_SINCE} or later (exec --raw keeps the dump out of the log)"
        ));
    }
    Ok(())
}

/// The bucket name rules of S3 (general purpose buckets), roughly: 3 to 63 lowercase letters,
/// digits, dots and hyphens.
pub fn check_bucket(bucket: &str) -> Result<(), String> {
    let ok = (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && bucket.as_bytes()[0].is_ascii_alphanumeric()
        && bucket.as_bytes()[bucket.len() - 1].is_ascii_alphanumeric();
    if ok {
        Ok(())
    } else {
        Err("enter an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens".into())
    }
}

/// A key prefix: plain characters, ending in `/` when it is a folder.
pub fn check_prefix(prefix: &str) -> Result<(), String> {
    let ok = prefix.len() <= 200
        && prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b))
        && !prefix.starts_with('/');
    if ok {
        Ok(())
    } else {
        Err("letters, digits and / . _ - only, not starting with /, e.g. backups/".into())
    }
}

/// GitHub keeps artifacts 1 to 90 days unless an organisation allows up to 400.
pub fn check_retention(days: u32) -> Result<(), String> {
    if (1..=400).contains(&days) {
        Ok(())
    } else {
        Err("1 to 90 days (up to 400 where the organisation allows it)".into())
    }
}

/// Where the encrypted file ends up, for the header and the restore steps.
pub fn describe_store(store: &BackupStore, environment: &str) -> String {
    match store {
        BackupStore::Artifact { retention_days } => format!(
            "kept as the run's artifact `{}` for {retention_days} days",
            artifact_name(environment)
        ),
        BackupStore::S3 { bucket, prefix, .. } => {
            format!("stored in s3://{bucket}/{prefix}")
        }
    }
}

/// The commands that read a backup back: decrypt, decompress, and load it (`FILE` is the
/// downloaded file), as the setup guide lists them.
pub fn restore_commands(config: &Config, dump: &Dump, encryption: &Encryption) -> Vec<String> {
    let decrypt = match encryption {
        Encryption::Age { .. } => "age --decrypt --identity backup-key.txt FILE",
        Encryption::Gpg { .. } => "gpg --decrypt FILE",
    };
    let service = &config.project.service;
    // The remote command in single quotes for the local shell; inside, double quotes for the
    // host's shell, with `\$` left for the container's.
    let load = match dump {
        Dump::Postgres { accessory } => format!(
            "ssh HOST 'docker exec -i {service}-{accessory} sh -c \"exec psql --quiet \
             --username=\\${{POSTGRES_USER:-postgres}} --dbname=postgres\"'"
        ),
        Dump::Mysql { accessory } => format!(
            "ssh HOST 'docker exec -i {service}-{accessory} sh -c \
             \"MYSQL_PWD=\\$MYSQL_ROOT_PASSWORD exec mysql --user=root\"'"
        ),
        Dump::Sqlite { .. } => "sqlite3 restored.sqlite3".to_string(),
        Dump::Command { .. } => "cat > restored.out".to_string(),
    };
    vec![format!("{decrypt} | gunzip | {load}")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_run_in_the_running_container_and_print_raw_output() {
        let v2 = KamalVersion::V2;
        for dump in [
            Dump::Postgres {
                accessory: "db".into(),
            },
            Dump::Mysql {
                accessory: "mysql".into(),
            },
            Dump::Sqlite {
                path: "/rails/storage/production.sqlite3".into(),
            },
        ] {
            let command = dump_command(&dump, v2);
            let args = command.args();
            assert!(args.contains(&"--reuse".to_string()), "{args:?}");
            assert!(args.contains(&"--raw".to_string()), "{args:?}");
            // Kamal's words are what a custom dump must be, with any command in the container.
            let typed = format!("{} 'true'", command.kamal.join(" "));
            assert_eq!(check_command(&typed, v2), Ok(()), "{typed}");
            assert_eq!(args.last(), command.in_container.as_ref());
        }
    }

    #[test]
    fn a_custom_dump_must_print_only_the_dump() {
        let v2 = KamalVersion::V2;
        assert!(check_command("accessory exec db --reuse --raw 'pg_dumpall'", v2).is_ok());
        assert!(check_command("app exec --reuse --raw 'cat db.sqlite3'", v2).is_ok());
        for (command, says) in [
            ("accessory exec db --reuse 'pg_dumpall'", "--raw"),
            ("accessory exec db --raw 'pg_dumpall'", "--reuse"),
            ("app exec --raw -i 'bash'", "interactive"),
            ("proxy reboot --rolling", "accessory exec or app exec"),
        ] {
            let err = check_command(command, v2).unwrap_err();
            assert!(err.contains(says), "{command}: {err}");
        }
    }

    #[test]
    fn age_recipients_are_bech32() {
        let good = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
        assert!(check_age_recipient(good).is_ok());
        assert!(check_age_recipient(&good.replace('q', "b")).is_err());
        assert!(check_age_recipient("AGE-SECRET-KEY-1...").is_err());
        assert!(check_age_recipient("").is_err());
    }
}
