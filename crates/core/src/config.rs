//! The configuration: one versioned JSON document that the page edits, the share link carries
//! and the CLI reads. Plain data, no signals: the UI keeps one `Config` and derives the rest.

use serde::{Deserialize, Serialize};

/// The format version this build writes. Older versions are migrated on load.
pub const FORMAT_VERSION: u32 = 1;

/// Everything the generated files depend on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The format version, so that links and exported files keep opening as the format grows.
    pub version: u32,
    /// The Kamal service name (`service:` in `config/deploy.yml`).
    pub service: String,
    /// Deploy targets, in the order they appear in the page and the manual-deploy choice.
    pub environments: Vec<Environment>,
}

/// One deploy target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Environment {
    /// Also the Kamal destination (`-d NAME`) and the GitHub environment.
    pub name: String,
    /// Pushes to this branch deploy the environment.
    pub branch: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            version: FORMAT_VERSION,
            service: "myapp".into(),
            environments: vec![Environment {
                name: "production".into(),
                branch: "main".into(),
            }],
        }
    }
}

impl Config {
    /// Parses a JSON document, naming the path of the first field serde rejects.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            if path == "." {
                e.inner().to_string()
            } else {
                format!("{path}: {}", e.inner())
            }
        })
    }

    /// Pretty JSON with a trailing newline, the format of exported files and `examples/`.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("config serialises");
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json() {
        let config = Config::default();
        assert_eq!(Config::from_json(&config.to_json()).unwrap(), config);
    }

    #[test]
    fn unknown_fields_are_rejected_with_their_path() {
        let text =
            r#"{"version":1,"service":"a","environments":[{"name":"p","branch":"m","brnch":"x"}]}"#;
        let err = Config::from_json(text).unwrap_err();
        assert!(err.starts_with("environments[0]"), "{err}");
        assert!(err.contains("brnch"), "{err}");
    }
}
