//! The secrets and variables a rendered text reads: every `secrets.NAME` and `vars.NAME`
//! inside `${{ }}`, scanned once. File headers and the setup requirements are read off the
//! rendered steps this way, so they cannot drift from what the files do.

use std::collections::BTreeSet;

use crate::config::Config;
use crate::yaml::Map;

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
    // `$` first: a byte search (memchr) over the text, then the expression is read only where
    // one starts.
    while let Some(dollar) = rest.find('$') {
        rest = &rest[dollar + 1..];
        let Some(after) = rest.strip_prefix("{{") else {
            continue;
        };
        let end = after.find('}').unwrap_or(after.len());
        for token in words(&after[..end]) {
            let reference = ["secrets", "vars"].into_iter().find_map(|context| {
                let path = token.strip_prefix(context)?.strip_prefix('.')?;
                Some((context, path.split('.').next().unwrap_or_default()))
            });
            if let Some((context, name)) = reference.filter(|(_, name)| !name.is_empty()) {
                found(context, name);
            }
        }
        rest = &after[end..];
    }
}

/// The runs of an expression that can make up a property path (`secrets.NAME`, `env.X-Y`).
/// Every such character is ASCII, so the runs are found byte by byte and always start and end
/// on character boundaries.
fn words(expression: &str) -> impl Iterator<Item = &str> {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    let bytes = expression.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + bytes[at..].iter().position(|&b| is_word(b))?;
        let end = bytes[start..]
            .iter()
            .position(|&b| !is_word(b))
            .map_or(bytes.len(), |n| start + n);
        at = end;
        Some(&expression[start..end])
    })
}

/// The secrets and variables a file or a set of steps reads.
#[derive(Debug, Default)]
pub struct References {
    pub secrets: BTreeSet<String>,
    pub variables: BTreeSet<String>,
}

impl References {
    /// Every reference in the strings of a tree, read before it is written.
    pub(super) fn in_tree(body: &Map) -> Self {
        let mut refs = Self::default();
        body.for_each_text(&mut |text| {
            for_each_reference(text, |context, name| refs.add(context, name));
        });
        refs
    }

    /// Every reference in written text: a file's body, scanned in one pass.
    pub(super) fn in_text(text: &str) -> Self {
        let mut refs = Self::default();
        for_each_reference(text, |context, name| refs.add(context, name));
        refs
    }

    fn add(&mut self, context: &str, name: &str) {
        let set = if context == "secrets" {
            &mut self.secrets
        } else {
            &mut self.variables
        };
        // Most references repeat one already found: no allocation for those.
        if !set.contains(name) {
            set.insert(name.to_owned());
        }
    }
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
            References::in_tree(
                &Map::new()
                    .with("pre-build", steps::pre_build(ctx, env))
                    .with("kamal", steps::kamal_env(ctx, env)),
            )
        })
        .collect()
}
