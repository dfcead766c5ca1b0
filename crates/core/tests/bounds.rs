//! Every free-text field is bounded: a 100,000-character value in any string of any example
//! configuration is refused with a problem at that field (or its parent, for fields whose
//! problem names the whole value), never written into the files.

mod support;

use kamal_actions_core::{validate, Config};
use serde_json::Value;

/// Every string leaf of `value` with its path in the validator's notation
/// (`environments[0].trigger.branches[1]`, `secrets.env[2].secret`).
fn string_paths(value: &Value, path: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                let sub = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                string_paths(v, sub, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                string_paths(v, format!("{path}[{i}]"), out);
            }
        }
        Value::String(_) => out.push(path),
        _ => {}
    }
}

/// Sets the string at `path` (as produced by `string_paths`).
fn set(value: &mut Value, path: &str, to: &str) {
    let mut at = value;
    for part in path.split('.') {
        let (key, indices) = match part.split_once('[') {
            Some((key, rest)) => (key, format!("[{rest}")),
            None => (part, String::new()),
        };
        at = &mut at[key];
        for index in indices.split(['[', ']']).filter(|s| !s.is_empty()) {
            at = &mut at[index.parse::<usize>().unwrap()];
        }
    }
    *at = Value::String(to.into());
}

#[test]
fn every_string_field_refuses_a_huge_value_at_that_field() {
    // Lowercase and uppercase: each passes the character rules of some fields.
    let huge = ["a".repeat(100_000), "A".repeat(100_000)];
    let mut checked = 0;
    let mut accepted = Vec::new();
    for (name, config) in support::examples() {
        let json: Value = serde_json::from_str(&config.to_json()).unwrap();
        let mut paths = Vec::new();
        string_paths(&json, String::new(), &mut paths);
        for (path, huge) in paths.iter().flat_map(|p| huge.iter().map(move |h| (p, h))) {
            let path = path.clone();
            let mut changed = json.clone();
            set(&mut changed, &path, huge);
            // Enum tags and fixed choices are not free text: they do not parse at all.
            let Ok(config) = Config::from_json(&changed.to_string()) else {
                continue;
            };
            checked += 1;
            let problems = validate(&config);
            let parent = path.rsplit_once('.').map_or("", |(p, _)| p);
            let refused = problems
                .iter()
                .any(|p| p.path == path || (!parent.is_empty() && p.path.starts_with(parent)));
            if !refused {
                accepted.push(format!("{name}: {path}"));
            }
            assert!(
                problems.iter().all(|p| p.message.len() < 300),
                "{name}: {path}: messages do not echo the value"
            );
        }
    }
    assert!(
        accepted.is_empty(),
        "accepted a 100,000-character value: {accepted:#?}"
    );
    assert!(checked > 100, "checked {checked} fields");
}
