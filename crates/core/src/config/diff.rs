//! What differs between two configurations, field by field, in the page's terms: the import
//! shows it before Apply, and any later feature that changes many fields at once can too.

use std::collections::BTreeMap;

use super::Config;

/// One field that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The configuration path, e.g. `registry.region` or `environments[staging].url`.
    pub path: String,
    /// The value before and after, as shown to the user; empty when absent.
    pub before: String,
    pub after: String,
}

/// Every field that differs between `before` and `after`, sorted by path.
pub fn changes(before: &Config, after: &Config) -> Vec<Change> {
    let flat = |config: &Config| {
        let mut out = BTreeMap::new();
        let value = config.to_value();
        flatten(&value, String::new(), &mut out);
        out
    };
    let (a, b) = (flat(before), flat(after));
    crate::sorted::unique(a.keys().chain(b.keys()))
        .into_iter()
        .filter(|p| a.get(p) != b.get(p))
        .map(|p| Change {
            before: a.get(&p).cloned().unwrap_or_default(),
            after: b.get(&p).cloned().unwrap_or_default(),
            path: p,
        })
        .collect()
}

/// Leaf values by path. Items of a list of named objects (environments, secrets) are keyed by
/// their name, `environments[staging].url`, so removing one item does not show as every later
/// item changing; their `name` leaf is then left out, being in the path.
fn flatten(value: &serde_json::Value, path: String, out: &mut BTreeMap<String, String>) {
    use serde_json::Value as Json;
    match value {
        Json::Object(map) => {
            for (key, v) in map {
                let sub = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                flatten(v, sub, out);
            }
        }
        Json::Array(items) => {
            let name_of = |v: &Json| v.get("name").and_then(Json::as_str).map(String::from);
            let named: Option<Vec<String>> = items.iter().map(name_of).collect();
            let unique = named
                .as_ref()
                .is_some_and(|names| crate::sorted::unique(names).len() == names.len());
            for (i, v) in items.iter().enumerate() {
                match (&named, unique) {
                    (Some(names), true) => {
                        let mut item = v.clone();
                        if let Some(object) = item.as_object_mut() {
                            object.remove("name");
                        }
                        flatten(&item, format!("{path}[{}]", names[i]), out);
                    }
                    _ => flatten(v, format!("{path}[{i}]"), out),
                }
            }
        }
        Json::String(s) => {
            out.insert(path, s.clone());
        }
        Json::Null => {}
        other => {
            out.insert(path, other.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_name_each_field() {
        let before = Config::default();
        let mut after = before.clone();
        after.project.service = "shop".into();
        after.environments[1].url = "https://staging.shop.example".into();
        let found = changes(&before, &after);
        assert_eq!(
            found,
            [
                Change {
                    path: "environments[staging].url".into(),
                    before: String::new(),
                    after: "https://staging.shop.example".into(),
                },
                Change {
                    path: "project.service".into(),
                    before: "myapp".into(),
                    after: "shop".into(),
                },
            ]
        );
        assert!(changes(&before, &before).is_empty());
    }

    #[test]
    fn removing_a_named_item_shows_only_that_item() {
        let before = Config::default();
        let mut after = before.clone();
        after.secrets.env.remove(1);
        let found = changes(&before, &after);
        assert_eq!(
            found,
            [Change {
                path: "secrets.env[DATABASE_URL].secret".into(),
                before: "DATABASE_URL".into(),
                after: String::new(),
            }]
        );
    }
}
