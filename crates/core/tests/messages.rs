//! Every message validation gives reads as a sentence with one fix: it starts so that the page
//! can capitalise it, and it says what to do (an imperative, or an example to follow), not only
//! what is wrong. The corpus: every string in every example replaced by values users get wrong.

mod support;

use std::collections::BTreeSet;

use kamal_actions_core::config::labels;
use kamal_actions_core::{validate, Config};
use serde_json::Value;
use support::examples;

/// Values that break fields in the ways users do.
const BAD: &[&str] = &[
    "",
    "bad value!",
    "${{ github.token }}",
    "GITHUB_TOKEN",
    "9lives",
    "a\\b",
    "'open",
    "main[",
    "[]",
    "x]",
    "healthcheck",
    "traefik reboot",
    "app logs --follow",
    "app exec -i bash",
    "PATH",
    "arn:aws:iam::12:role/x",
    "us-east-x",
];

fn mutate(value: &Value, at: &mut Vec<Value>, root: &Value, path: &mut Vec<String>) {
    match value {
        Value::String(_) => {
            for bad in BAD {
                let mut copy = root.clone();
                *copy.pointer_mut(&path.join("/")).unwrap() = Value::String((*bad).into());
                at.push(copy);
            }
            let mut long = root.clone();
            *long.pointer_mut(&path.join("/")).unwrap() = Value::String("x".repeat(600));
            at.push(long);
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                mutate(item, at, root, path);
                path.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                path.push(key.replace('~', "~0").replace('/', "~1"));
                mutate(item, at, root, path);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Words that start a fix.
const FIXES: &[&str] = &[
    "enter", "use", "choose", "add", "write", "leave", "fill", "clear", "remove", "check", "start",
    "put", "quote", "close", "paste", "e.g.", "such as",
];

fn gives_a_fix(message: &str) -> bool {
    let lower = message.to_lowercase();
    let starts = |s: &str| FIXES.iter().any(|f| s.trim_start().starts_with(f));
    starts(&lower)
        || lower.split([':', ';', '(']).skip(1).any(starts)
        || lower.contains("e.g.")
        || lower.contains(" such as ")
}

#[test]
fn every_message_starts_a_sentence_and_gives_a_fix() {
    let mut seen = BTreeSet::new();
    for (_, config) in examples() {
        let root: Value = serde_json::from_str(&config.to_json()).unwrap();
        let mut variants = Vec::new();
        mutate(&root, &mut variants, &root, &mut vec![String::new()]);
        for variant in variants {
            let Ok(config) = Config::from_json(&variant.to_string()) else {
                continue;
            };
            for problem in validate(&config) {
                seen.insert(problem.message);
            }
        }
    }
    assert!(
        seen.len() >= 40,
        "the corpus reaches {} messages",
        seen.len()
    );
    let mut without = Vec::new();
    for message in &seen {
        let shown = labels::sentence(message);
        let starts =
            shown.starts_with(|c: char| c.is_uppercase() || c == '`' || c == '"' || c == '\'');
        if !starts || !gives_a_fix(message) {
            without.push(message.as_str());
        }
    }
    assert!(
        without.is_empty(),
        "messages that do not start a sentence or give no fix:\n{}",
        without.join("\n")
    );
}
