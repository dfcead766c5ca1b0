//! What the page opens with: the saved draft, a share link, or the defaults, and what to tell
//! the user about it. Pure, so every combination is tested natively; the page only reads
//! `localStorage` and `location.hash` and acts on the result.

use serde_json::Value;

use crate::config::{labels, migrate, Config};
#[cfg(feature = "deflate")]
use crate::share;
use crate::share::ShareError;

/// Something the user should know about how the page started (or was reset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A share link was opened over a different draft, which can be brought back.
    OpenedLink { previous_draft: Box<Config> },
    /// The link could not be opened; the draft (or the defaults) is shown instead.
    BrokenLink { reason: String },
    /// The saved draft could not be read; the defaults are shown.
    UnreadableDraft { reason: String },
    /// The form was reset; the previous configuration can be brought back.
    Reset { previous: Box<Config> },
    /// An import (of `config/deploy.yml`, or of a configuration file) was applied; what it
    /// changed can be taken back.
    Imported {
        /// What was imported, as the notice names it: `config/deploy.yml`, or a file's name.
        from: String,
        previous: Box<Config>,
        /// The configuration the import made, to tell its changes from later edits.
        applied: Box<Config>,
        changes: usize,
    },
    /// A reset or an import was taken back; the edits made after it were kept.
    TakenBack {
        what: &'static str,
        kept: Vec<String>,
    },
    /// Taking back a reset or an import would discard later edits (they cannot be separated
    /// from it): the user is asked first.
    WouldDiscard {
        what: &'static str,
        previous: Box<Config>,
        discarded: Vec<String>,
    },
}

impl Notice {
    /// The sentence shown to the user.
    pub fn message(&self) -> String {
        match self {
            Notice::OpenedLink { .. } => {
                "Opened the shared configuration. Your previous draft is kept until you leave this page.".into()
            }
            Notice::BrokenLink { reason } => {
                format!("The share link could not be opened: {reason}. Your draft is unchanged.")
            }
            Notice::UnreadableDraft { reason } => {
                format!("Your saved draft could not be read ({reason}); starting from the defaults.")
            }
            Notice::Reset { .. } => "Reset to the defaults.".into(),
            Notice::Imported { from, changes, .. } => {
                format!("Imported {from}: {changes} field(s) changed.")
            }
            Notice::TakenBack { what, kept } if kept.is_empty() => format!("{what} undone."),
            Notice::TakenBack { what, kept } => format!(
                "{what} undone. Kept what you changed since in: {}.",
                kept.join("; ")
            ),
            Notice::WouldDiscard { what, discarded, .. } => format!(
                "Undoing the {} would also discard what you changed since in: {}.",
                what.to_lowercase(),
                discarded.join("; ")
            ),
        }
    }

    /// What the notice's button does, if it has one.
    pub fn action(&self) -> Option<Action<'_>> {
        match self {
            Notice::OpenedLink { previous_draft } => Some(Action::Restore(previous_draft)),
            Notice::Reset { previous } => Some(Action::TakeBack {
                what: "Reset",
                before: previous,
                after: None,
            }),
            Notice::Imported {
                previous, applied, ..
            } => Some(Action::TakeBack {
                what: "Import",
                before: previous,
                after: Some(applied),
            }),
            Notice::WouldDiscard { previous, .. } => Some(Action::Discard(previous)),
            _ => None,
        }
    }
}

/// What a notice's button does.
pub enum Action<'a> {
    /// Brings back the draft a link replaced.
    Restore(&'a Config),
    /// Brings this configuration back although later edits are lost (the user was told).
    Discard(&'a Config),
    /// Takes back a change from `before` to `after` (the defaults when `None`), keeping what
    /// was edited since.
    TakeBack {
        what: &'static str,
        before: &'a Config,
        after: Option<&'a Config>,
    },
}

impl Action<'_> {
    /// The button's words.
    pub fn label(&self) -> &'static str {
        match self {
            Action::Restore(_) => "Restore your previous draft",
            Action::Discard(_) => "Undo anyway",
            Action::TakeBack { .. } => "Undo",
        }
    }

    /// The configuration this action brings back as it was, when it needs no merge (the page
    /// answers those at once; only a take-back needs the merge's code).
    pub fn brings_back(&self) -> Option<&Config> {
        match self {
            Action::Restore(previous) | Action::Discard(previous) => Some(previous),
            Action::TakeBack { .. } => None,
        }
    }

    /// The configuration to show and the notice to show with it, given the configuration now.
    pub fn run(&self, now: &Config) -> (Config, Option<Notice>) {
        match self {
            Action::Restore(previous) | Action::Discard(previous) => ((*previous).clone(), None),
            Action::TakeBack {
                what,
                before,
                after,
            } => {
                let defaults = Config::default();
                let after = after.unwrap_or(&defaults);
                // The fields named in the form's words.
                let words = |paths: Vec<String>| -> Vec<String> {
                    paths.iter().map(|p| labels::describe(now, p)).collect()
                };
                match take_back(before, after, now) {
                    Ok((config, kept)) => (
                        config,
                        Some(Notice::TakenBack {
                            what,
                            kept: words(kept),
                        }),
                    ),
                    Err(discarded) => (
                        now.clone(),
                        Some(Notice::WouldDiscard {
                            what,
                            previous: Box::new((*before).clone()),
                            discarded: words(discarded),
                        }),
                    ),
                }
            }
        }
    }
}

/// Takes back a change from `before` to `after` in `now`, field by field: a field still as the
/// change left it gets its value from before; one edited since keeps the edit (its path is
/// returned). Lists are compared item by item while their lengths agree, otherwise as a whole.
/// `Err` with the paths of the later edits that cannot be kept apart from the change.
pub fn take_back(
    before: &Config,
    after: &Config,
    now: &Config,
) -> Result<(Config, Vec<String>), Vec<String>> {
    let value = Config::to_value;
    let (b, a, n) = (value(before), value(after), value(now));
    let mut kept = Vec::new();
    let merged = merge3(&b, &a, &n, String::new(), &mut kept);
    match Config::from_json(&merged.to_string()) {
        Ok(config) => Ok((config, kept)),
        Err(_) => {
            let mut changed = Vec::new();
            differences(&a, &n, String::new(), &mut changed);
            Err(changed)
        }
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// The three-way merge of [`take_back`]; `Null` stands for a field that is absent.
fn merge3(
    before: &Value,
    after: &Value,
    now: &Value,
    path: String,
    kept: &mut Vec<String>,
) -> Value {
    if now == after {
        return before.clone();
    }
    if before == after {
        return now.clone();
    }
    match (before, after, now) {
        (Value::Object(b), Value::Object(a), Value::Object(n)) => {
            let keys = crate::sorted::unique(b.keys().chain(a.keys()).chain(n.keys()));
            let mut out = serde_json::Map::new();
            for key in keys {
                let get = |m: &serde_json::Map<String, Value>| {
                    m.get(&key).cloned().unwrap_or(Value::Null)
                };
                let merged = merge3(&get(b), &get(a), &get(n), child(&path, &key), kept);
                if !merged.is_null() {
                    out.insert(key, merged);
                }
            }
            Value::Object(out)
        }
        (Value::Array(b), Value::Array(a), Value::Array(n))
            if b.len() == a.len() && a.len() == n.len() =>
        {
            Value::Array(
                b.iter()
                    .zip(a)
                    .zip(n)
                    .enumerate()
                    .map(|(i, ((b, a), n))| merge3(b, a, n, format!("{path}[{i}]"), kept))
                    .collect(),
            )
        }
        _ => {
            kept.push(path);
            now.clone()
        }
    }
}

/// The paths at which `a` and `b` differ, as deep as both are objects.
fn differences(a: &Value, b: &Value, path: String, out: &mut Vec<String>) {
    match (a, b) {
        _ if a == b => {}
        (Value::Object(x), Value::Object(y)) => {
            let keys = crate::sorted::unique(x.keys().chain(y.keys()));
            for key in keys {
                let get = |m: &serde_json::Map<String, Value>| {
                    m.get(&key).cloned().unwrap_or(Value::Null)
                };
                differences(&get(x), &get(y), child(&path, &key), out);
            }
        }
        _ => out.push(path),
    }
}

/// Whether a URL fragment is meant as a share link (`#v1.…`), rather than an in-page anchor.
pub fn is_share_fragment(fragment: &str) -> bool {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let mut chars = fragment.chars();
    chars.next() == Some('v') && chars.next().is_some_and(|c| c.is_ascii_digit())
}

/// The configuration to open with, from the saved draft's text (if any) and the URL fragment.
#[cfg(feature = "deflate")]
pub fn open(draft: Option<&str>, fragment: &str) -> (Config, Option<Notice>) {
    open_in(draft, fragment, &migrate::CURRENT)
}

/// [`open`] against `format`: tests simulate a format bump with it.
#[cfg(feature = "deflate")]
pub fn open_in(
    draft: Option<&str>,
    fragment: &str,
    format: &migrate::Format,
) -> (Config, Option<Notice>) {
    let link = is_share_fragment(fragment).then(|| share::decode_in(fragment, format));
    open_linked(draft, link, format)
}

/// The configuration to open with, from the saved draft's text (if any) and the share link in
/// the address, already decoded (`None` when the address holds none). The page decodes links
/// itself, with the browser's inflater.
pub fn open_linked(
    draft: Option<&str>,
    link: Option<Result<Config, ShareError>>,
    format: &migrate::Format,
) -> (Config, Option<Notice>) {
    let (draft, draft_notice) = match draft.map(|text| Config::from_json_in(text, format)) {
        None => (None, None),
        Some(Ok(config)) => (Some(config), None),
        Some(Err(reason)) => (None, Some(Notice::UnreadableDraft { reason })),
    };
    match link {
        None => (draft.unwrap_or_default(), draft_notice),
        Some(Ok(linked)) => {
            let notice = draft
                .filter(|d| *d != linked && *d != Config::default())
                .map(|d| Notice::OpenedLink {
                    previous_draft: Box::new(d),
                });
            (linked, notice)
        }
        Some(Err(e)) => (draft.unwrap_or_default(), Some(broken(e))),
    }
}

fn broken(error: ShareError) -> Notice {
    Notice::BrokenLink {
        reason: error.to_string(),
    }
}

#[cfg(all(test, feature = "deflate"))]
mod tests {
    use super::*;

    fn other() -> Config {
        let mut c = Config::default();
        c.project.service = "other".into();
        c
    }

    #[test]
    fn no_link_opens_the_draft_or_the_defaults() {
        assert_eq!(open(None, ""), (Config::default(), None));
        assert_eq!(open(Some(&other().to_json()), ""), (other(), None));
        assert_eq!(
            open(Some(&other().to_json()), "#section-project"),
            (other(), None)
        );
    }

    #[test]
    fn a_link_over_a_different_draft_keeps_the_draft_restorable() {
        let link = share::encode(&Config::default());
        let (config, notice) = open(Some(&other().to_json()), &format!("#{link}"));
        assert_eq!(config, Config::default());
        let notice = notice.unwrap();
        let action = notice.action().unwrap();
        // Brought back as it was, with no merge: what `run` gives.
        assert_eq!(action.brings_back(), Some(&other()));
        let (restored, next) = action.run(&config);
        assert_eq!((restored, next), (other(), None));
        let (_, notice) = open(Some(&Config::default().to_json()), &link);
        assert_eq!(notice, None, "same draft: nothing to restore");
    }

    /// An import changed the service and the registry; afterwards the user renamed an
    /// environment and changed the service again. Undo takes back the registry only.
    #[test]
    fn undoing_an_import_keeps_the_edits_made_since() {
        let before = Config::default();
        let mut applied = before.clone();
        applied.project.service = "imported".into();
        applied.registry = crate::config::Registry::Ghcr;
        let mut now = applied.clone();
        now.project.service = "mine".into();
        now.environments[1].url = "https://staging.example.com".into();
        let notice = Notice::Imported {
            from: "config/deploy.yml".into(),
            previous: Box::new(before.clone()),
            applied: Box::new(applied),
            changes: 2,
        };
        assert_eq!(
            notice.action().unwrap().brings_back(),
            None,
            "a take-back merges"
        );
        let (undone, next) = notice.action().unwrap().run(&now);
        assert_eq!(undone.registry, before.registry, "the import is taken back");
        assert_eq!(
            undone.project.service, "mine",
            "an edit of a field it set is kept"
        );
        assert_eq!(undone.environments[1].url, "https://staging.example.com");
        let next = next.unwrap();
        assert_eq!(
            next,
            Notice::TakenBack {
                what: "Import",
                kept: vec!["Project → Service name".into()]
            }
        );
        assert!(next
            .message()
            .contains("Kept what you changed since in: Project → Service name"));
    }

    #[test]
    fn undoing_a_reset_with_nothing_edited_since_brings_everything_back() {
        let notice = Notice::Reset {
            previous: Box::new(other()),
        };
        let (undone, next) = notice.action().unwrap().run(&Config::default());
        assert_eq!(undone, other());
        assert_eq!(next.unwrap().message(), "Reset undone.");
    }

    /// A list that changed length both ways is kept as the user left it, as a whole.
    #[test]
    fn a_list_edited_since_is_kept_whole() {
        let before = Config::default();
        let mut applied = before.clone();
        applied.environments.pop();
        applied.registry = crate::config::Registry::Ghcr;
        let mut now = applied.clone();
        now.environments.push(crate::config::Environment::new(
            "qa",
            crate::config::Trigger::Manual,
        ));
        now.environments.push(crate::config::Environment::new(
            "demo",
            crate::config::Trigger::Manual,
        ));
        let (result, next) = take_back_notice(&before, &applied, &now);
        assert_eq!(result.environments, now.environments);
        assert_eq!(result.registry, before.registry);
        assert_eq!(
            next,
            Some(Notice::TakenBack {
                what: "Import",
                kept: vec!["Environments".into()]
            })
        );
    }

    /// When the edits since cannot be kept apart from the change (here a registry of a third
    /// kind: the old one's fields do not fit it), nothing changes until the user, told which
    /// edits would go, confirms.
    #[test]
    fn an_undo_that_would_discard_edits_asks_first() {
        let before = Config::default();
        let mut applied = before.clone();
        applied.registry = crate::config::Registry::Ghcr;
        let mut now = applied.clone();
        now.set_registry_kind("other");
        let (result, ask) = take_back_notice(&before, &applied, &now);
        assert_eq!(result, now, "nothing changes before the user confirms");
        let Some(Notice::WouldDiscard { discarded, .. }) = &ask else {
            panic!("{ask:?}")
        };
        assert!(
            discarded.contains(&"Registry → Kind".to_string()),
            "{discarded:?}"
        );
        let ask = ask.unwrap();
        assert!(ask
            .message()
            .starts_with("Undoing the import would also discard"));
        assert_eq!(ask.action().unwrap().label(), "Undo anyway");
        let (confirmed, _) = ask.action().unwrap().run(&now);
        assert_eq!(confirmed, before);
    }

    fn take_back_notice(
        before: &Config,
        applied: &Config,
        now: &Config,
    ) -> (Config, Option<Notice>) {
        let notice = Notice::Imported {
            from: "config/deploy.yml".into(),
            previous: Box::new(before.clone()),
            applied: Box::new(applied.clone()),
            changes: 1,
        };
        notice.action().unwrap().run(now)
    }

    #[test]
    fn a_broken_link_keeps_the_draft_and_says_why() {
        let link = share::encode(&Config::default());
        let (config, notice) = open(Some(&other().to_json()), &link[..link.len() - 7]);
        assert_eq!(config, other());
        let message = notice.unwrap().message();
        assert!(
            message.contains("incomplete") && message.contains("draft is unchanged"),
            "{message}"
        );
    }

    #[test]
    fn an_unreadable_draft_is_reported() {
        let (config, notice) = open(Some("{not json"), "");
        assert_eq!(config, Config::default());
        assert!(matches!(notice, Some(Notice::UnreadableDraft { .. })));
    }
}
