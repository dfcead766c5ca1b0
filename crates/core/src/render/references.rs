//! The secrets and variables a rendered text reads: every `secrets.NAME` and `vars.NAME`
//! inside `${{ }}`, scanned once. File headers and the setup requirements are read off the
//! rendered steps this way, so they cannot drift from what the files do.

use std::collections::BTreeSet;

use crate::config::Config;
use crate::yaml::{body_text, Map};

use super::{steps, Context};

/// Names following `prefix` inside `${{ }}` expressions, e.g. every `secrets.NAME`.
pub fn referenced(text: &str, prefix: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for_each_reference(text, |context, name| {
        if context == prefix.trim_end_matches('.') {
            names.insert(name.to_string());
        }
    });
    names
}

/// Calls `found(context, name)` for every `context.name` inside a `${{ }}` expression whose
/// context is `secrets` or `vars`: one scan of the text for both.
pub(super) fn for_each_reference(text: &str, mut found: impl FnMut(&str, &str)) {
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        rest = &rest[dollar + 1..];
        let Some(after) = rest.strip_prefix("{{") else {
            continue;
        };
        let end = after.find('}').unwrap_or(after.len());
        let expr = &after[..end];
        let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.';
        for token in expr.split(|c: char| !is_word(c)) {
            if let Some((context @ ("secrets" | "vars"), name)) = token.split_once('.') {
                let name = name.split('.').next().unwrap_or_default();
                if !name.is_empty() {
                    found(context, name);
                }
            }
        }
        rest = &after[end..];
    }
}

/// The secrets and variables a set of rendered steps reads.
pub struct References {
    pub secrets: BTreeSet<String>,
    pub variables: BTreeSet<String>,
}

/// What every job running Kamal against each environment reads, in environment order: the
/// same pre-build step and Kamal environment the workflows are built from.
pub fn environment_references(config: &Config) -> Vec<References> {
    references_in(&Context::new(config))
}

/// [`environment_references`] within a render, with its context.
pub(super) fn references_in(ctx: &Context) -> Vec<References> {
    ctx.config
        .environments
        .iter()
        .map(|env| {
            let steps = Map::new()
                .with("pre-build", steps::pre_build(ctx, env))
                .with("kamal", steps::kamal_env(ctx, env));
            let mut refs = References {
                secrets: BTreeSet::new(),
                variables: BTreeSet::new(),
            };
            for_each_reference(&body_text(&steps), |context, name| {
                let set = if context == "secrets" {
                    &mut refs.secrets
                } else {
                    &mut refs.variables
                };
                set.insert(name.to_string());
            });
            refs
        })
        .collect()
}
