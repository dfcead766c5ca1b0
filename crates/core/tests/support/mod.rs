//! Shared helpers of the integration tests: the example configurations and their files.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kamal_actions_core::{render, Config, GeneratedFile};

pub fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Every `examples/*.json`, by file stem, parsed.
pub fn examples() -> Vec<(String, Config)> {
    let mut out: Vec<(String, Config)> = std::fs::read_dir(examples_dir())
        .expect("examples/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let config =
                Config::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                config,
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 6, "at least six examples");
    out
}

/// The rendered files by path.
pub fn files(config: &Config) -> BTreeMap<String, String> {
    render(config)
        .unwrap_or_else(|p| panic!("{p:?}"))
        .into_iter()
        .map(|GeneratedFile { path, contents }| (path, contents))
        .collect()
}

pub fn is_workflow(path: &str) -> bool {
    path.starts_with(".github/workflows/")
        && path.matches('/').count() == 2
        && path.ends_with(".yml")
}

pub fn is_action(path: &str) -> bool {
    path.ends_with("/action.yml") || path.ends_with("/action.yaml")
}

pub fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Every `${{ ... }}` expression inside `text`, trimmed.
pub fn expressions(text: &str) -> Vec<String> {
    text.split("${{")
        .skip(1)
        .map(|rest| rest.split("}}").next().unwrap().trim().to_string())
        .collect()
}

/// Every string scalar in a YAML tree, with the mapping key it sits under.
pub fn strings<'a>(value: &'a serde_yaml::Value, key: &'a str, out: &mut Vec<(&'a str, &'a str)>) {
    match value {
        serde_yaml::Value::String(s) => out.push((key, s)),
        serde_yaml::Value::Sequence(items) => items.iter().for_each(|v| strings(v, key, out)),
        serde_yaml::Value::Mapping(map) => {
            for (k, v) in map {
                strings(v, k.as_str().unwrap_or(""), out);
            }
        }
        _ => {}
    }
}
