//! A parsed deploy file and the ways the import reads values off it.

use super::value::Value;

use super::erb::restore_erb;

/// A parsed file: its YAML and the ERB it held, by placeholder.
pub(super) struct Doc {
    pub(super) name: String,
    pub(super) yaml: Value,
    pub(super) erb: Vec<String>,
}

impl Doc {
    pub(super) fn get(&self, path: &[&str]) -> Option<&Value> {
        path.iter().try_fold(&self.yaml, |v, key| v.get(key))
    }

    /// A string value with its ERB placeholders put back, as the user wrote it.
    pub(super) fn text(&self, value: &Value) -> Option<String> {
        let s = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.clone(),
            Value::Bool(b) => b.to_string(),
            _ => return None,
        };
        Some(restore_erb(&s, &self.erb))
    }

    pub(super) fn string(&self, path: &[&str]) -> Option<String> {
        self.get(path).and_then(|v| self.text(v))
    }

    /// The value at `path` if it is plain text (no ERB): what the workflows can use.
    pub(super) fn plain(&self, path: &[&str]) -> Option<String> {
        self.get(path)
            .and_then(|v| self.text(v))
            .filter(|s| !s.contains("<%"))
    }

    /// The strings of a list (or a single string) at `path`.
    pub(super) fn list(&self, path: &[&str]) -> Vec<String> {
        match self.get(path) {
            Some(Value::Sequence(items)) => items.iter().filter_map(|v| self.text(v)).collect(),
            Some(v) => self.text(v).into_iter().collect(),
            None => Vec::new(),
        }
    }

    pub(super) fn keys(&self, path: &[&str]) -> Vec<String> {
        match self.get(path) {
            Some(map) => map.keys().filter_map(|k| self.text(k)).collect(),
            None => Vec::new(),
        }
    }
}
