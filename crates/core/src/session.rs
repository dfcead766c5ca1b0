//! What the page opens with: the saved draft, a share link, or the defaults, and what to tell
//! the user about it. Pure, so every combination is tested natively; the page only reads
//! `localStorage` and `location.hash` and acts on the result.

use crate::config::{migrate, Config};
use crate::share::{self, ShareError};

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
    /// A `config/deploy.yml` import was applied; the configuration before it can come back.
    Imported {
        previous: Box<Config>,
        changes: usize,
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
            Notice::Imported { changes, .. } => {
                format!("Imported config/deploy.yml: {changes} field(s) changed.")
            }
        }
    }

    /// The configuration an undo or restore brings back, if any.
    pub fn restorable(&self) -> Option<&Config> {
        match self {
            Notice::OpenedLink { previous_draft } => Some(previous_draft),
            Notice::Reset { previous } | Notice::Imported { previous, .. } => Some(previous),
            _ => None,
        }
    }
}

/// Whether a URL fragment is meant as a share link (`#v1.…`), rather than an in-page anchor.
pub fn is_share_fragment(fragment: &str) -> bool {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let mut chars = fragment.chars();
    chars.next() == Some('v') && chars.next().is_some_and(|c| c.is_ascii_digit())
}

/// The configuration to open with, from the saved draft's text (if any) and the URL fragment.
pub fn open(draft: Option<&str>, fragment: &str) -> (Config, Option<Notice>) {
    open_in(draft, fragment, &migrate::CURRENT)
}

/// [`open`] against `format`: tests simulate a format bump with it.
pub fn open_in(
    draft: Option<&str>,
    fragment: &str,
    format: &migrate::Format,
) -> (Config, Option<Notice>) {
    let (draft, draft_notice) = match draft.map(|text| Config::from_json_in(text, format)) {
        None => (None, None),
        Some(Ok(config)) => (Some(config), None),
        Some(Err(reason)) => (None, Some(Notice::UnreadableDraft { reason })),
    };
    if !is_share_fragment(fragment) {
        return (draft.unwrap_or_default(), draft_notice);
    }
    match share::decode_in(fragment, format) {
        Ok(linked) => {
            let notice = draft
                .filter(|d| *d != linked && *d != Config::default())
                .map(|d| Notice::OpenedLink {
                    previous_draft: Box::new(d),
                });
            (linked, notice)
        }
        Err(e) => (draft.unwrap_or_default(), Some(broken(e))),
    }
}

fn broken(error: ShareError) -> Notice {
    Notice::BrokenLink {
        reason: error.to_string(),
    }
}

#[cfg(test)]
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
        assert_eq!(notice.unwrap().restorable(), Some(&other()));
        let (_, notice) = open(Some(&Config::default().to_json()), &link);
        assert_eq!(notice, None, "same draft: nothing to restore");
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
