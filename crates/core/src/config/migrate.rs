//! Opening documents of older format versions. Every loader (share links, saved drafts,
//! imported JSON, the CLI's `--config`) parses through [`super::Config::from_json`], which
//! migrates here first, so a format bump is one new step in [`MIGRATIONS`].

use serde_json::Value;

use super::FORMAT_VERSION;

/// One step from a configuration format version to the next.
pub type Migration = fn(Value) -> Result<Value, String>;

/// `MIGRATIONS[n]` turns a version `n + 1` document into version `n + 2`. Empty while the
/// format is at version 1; a change to the fields adds its step here and bumps
/// [`FORMAT_VERSION`], and the pinned link fixtures keep today's links opening.
const MIGRATIONS: &[Migration] = &[];

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
        let err = migrate(serde_json::json!({"version": 2})).unwrap_err();
        assert!(err.contains("not supported"), "{err}");
        assert!(migrate(serde_json::json!({"project": {}})).is_err());
    }
}
