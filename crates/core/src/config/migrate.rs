//! Opening documents of older format versions. Every loader (share links, saved drafts,
//! imported JSON, the CLI's `--config`) parses through [`super::Config::from_json`], which
//! migrates here first, so a format bump is one new step in [`MIGRATIONS`].

use serde_json::Value;

use super::FORMAT_VERSION;

/// One step from a configuration format version to the next.
pub type Migration = fn(Value) -> Result<Value, String>;

/// `MIGRATIONS[n]` turns a version `n + 1` document into version `n + 2`. A change to the
/// fields adds its step here and bumps [`FORMAT_VERSION`], and the pinned link fixtures keep
/// older links opening.
const MIGRATIONS: &[Migration] = &[to_version_2];

/// Version 2 installs Kamal alone by default and backs up for real; see the two steps.
fn to_version_2(value: Value) -> Result<Value, String> {
    let mut value = install_kamal_as_before(value)?;
    value["version"] = Value::from(2);
    back_up_the_same_command(&mut value);
    Ok(value)
}

/// Version 1's backup was one Kamal command whose output went to the job log. It becomes a
/// dump by that command, encrypted to an age key still to be entered: the page shows what to
/// fix next to each field (the key; `--raw` and `--reuse` if the command lacks them), and no
/// file is generated that would print a dump.
fn back_up_the_same_command(value: &mut Value) {
    let Some(backup) = value.get_mut("backup").and_then(Value::as_object_mut) else {
        return;
    };
    let command = backup.remove("command").unwrap_or_else(|| Value::from(""));
    backup.insert(
        "dump".into(),
        serde_json::json!({ "command": { "command": command } }),
    );
    backup.insert(
        "encryption".into(),
        serde_json::json!({ "age": { "recipient": "" } }),
    );
}

/// Version 2 installs Kamal alone by default (`kamal_install`); version 1 always installed the
/// bundle and named only the command (`kamal_invocation`, default `bin/kamal`). A version 1
/// document keeps installing the bundle, so the files a repository holds stay what they were.
fn install_kamal_as_before(mut value: Value) -> Result<Value, String> {
    let project = value
        .get_mut("project")
        .and_then(Value::as_object_mut)
        .ok_or("it has no project")?;
    let invocation = project
        .remove("kamal_invocation")
        .unwrap_or_else(|| Value::from("bin/kamal"));
    project.insert("kamal_install".into(), invocation);
    Ok(value)
}

/// A format: the version this build writes and the steps that lead to it.
#[derive(Clone, Copy)]
pub struct Format {
    pub version: u32,
    pub steps: &'static [Migration],
}

/// The format this build reads and writes.
pub const CURRENT: Format = Format {
    version: FORMAT_VERSION,
    steps: MIGRATIONS,
};

impl Format {
    /// Brings a stored document up to this format's version.
    pub fn migrate(&self, mut value: Value) -> Result<Value, String> {
        let version = value
            .get("version")
            .and_then(Value::as_u64)
            .ok_or("it has no format version")?;
        if version == 0 || version > u64::from(self.version) {
            return Err(format!(
                "format version {version} is not supported (this page reads up to {})",
                self.version
            ));
        }
        for step in &self.steps[(version as usize - 1)..] {
            value = step(value)?;
        }
        Ok(value)
    }
}

/// Brings a stored configuration up to [`FORMAT_VERSION`].
pub fn migrate(value: Value) -> Result<Value, String> {
    CURRENT.migrate(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn future_and_unversioned_documents_are_refused() {
        let err = migrate(serde_json::json!({"version": FORMAT_VERSION + 1})).unwrap_err();
        assert!(err.contains("not supported"), "{err}");
        assert!(migrate(serde_json::json!({"project": {}})).is_err());
    }

    #[test]
    fn version_1_documents_keep_installing_the_bundle() {
        let v1 = serde_json::json!({"version": 1, "project": {"service": "a"}});
        assert_eq!(
            migrate(v1).unwrap()["project"]["kamal_install"],
            "bin/kamal"
        );
        let v1 =
            serde_json::json!({"version": 1, "project": {"kamal_invocation": "bundle exec kamal"}});
        let v2 = migrate(v1).unwrap();
        assert_eq!(v2["project"]["kamal_install"], "bundle exec kamal");
        assert!(v2["project"].get("kamal_invocation").is_none());
    }

    #[test]
    fn a_version_1_backup_keeps_its_command_and_waits_for_a_key() {
        let v1 = serde_json::json!({"version": 1, "project": {}, "backup": {
            "environment": "production", "cron": "0 3 * * *", "command": "accessory exec db 'pg_dump'"
        }});
        let v2 = migrate(v1).unwrap();
        assert_eq!(
            v2["backup"]["dump"]["command"]["command"],
            "accessory exec db 'pg_dump'"
        );
        assert_eq!(v2["backup"]["encryption"]["age"]["recipient"], "");
        assert!(v2["backup"].get("command").is_none());
    }
}
