//! Reading a configuration the user brings: the saved draft, a share link, an imported JSON
//! file. A first visit has nothing to read, and the reading (serde_json's parser, the format
//! migrations, `config::read` with its messages, the notices) is about 50 KB of gzipped wasm:
//! so it is a chunk of its own (`open`), fetched when there is something to read.
//! A returning visitor's page fetches it while the main wasm downloads (index.html preloads it
//! when there is a draft or a link), so the wait is not longer than when it was in the main wasm.

use kamal_actions_core::config::diff::changes;
use kamal_actions_core::config::{labels, migrate};
use kamal_actions_core::session::{self, Notice};
use kamal_actions_core::share::{self, ShareError};
use kamal_actions_core::{validate, Config};

use super::share_link;
use super::split::{split_point, NotLoaded};
use super::storage;

/// What the page opens with: the configuration and the notice that says where it came from.
pub type Opened = (Config, Option<Notice>);

split_point! { open:
    /// The configuration to open with, from the saved draft's text and a share link's JSON
    /// (inflated, not yet read), as [`session::open_linked`] decides.
    fn open_session(draft: Option<String>, link: Option<Result<Vec<u8>, ShareError>>) -> Opened {
        let link = link.map(|json| json.and_then(|json| share::config_of(&json, &migrate::CURRENT)));
        session::open_linked(draft.as_deref(), link, &migrate::CURRENT)
    }
}

split_point! { open:
    /// Checks an imported JSON configuration: it must parse and be valid (each problem named
    /// by its field's label); with how many fields it changes from `now`.
    fn read_import(text: String, now: Config) -> Result<(Config, usize), Vec<String>> {
        check_import(&text).map(|config| {
            let found = changes(&now, &config).len();
            (config, found)
        })
    }
}

/// The page as it opens: the share link in the address, else the saved draft, else the
/// defaults (which need no reading, so a first visit never fetches the chunk). The link is
/// taken out of the address bar only once it is read, so that if the chunk cannot be fetched
/// a reload still has it.
pub async fn open_page() -> Result<Opened, NotLoaded> {
    let link = share_link::inflate_from_address().await;
    let draft = storage::load_draft();
    if link.is_none() && draft.is_none() {
        return Ok((Config::default(), None));
    }
    let had_link = link.is_some();
    let opened = open_session(draft, link).await?;
    if had_link {
        storage::clear_fragment();
    }
    Ok(opened)
}

/// A share link pasted into the address bar of the open page (`now` is what it shows), or
/// `None` when the new fragment is not a link.
pub async fn open_pasted_link(now: &Config) -> Option<Opened> {
    let link = share_link::inflate_from_address().await?;
    Some(match open_session(Some(now.to_json()), Some(link)).await {
        Ok(opened) => {
            storage::clear_fragment();
            opened
        }
        Err(NotLoaded) => (
            now.clone(),
            Some(Notice::BrokenLink {
                reason: "this page could not fetch the part of it that reads links (check the \
                         connection and reload: the link stays in the address bar)"
                    .into(),
            }),
        ),
    })
}

/// An imported JSON configuration and how many fields it changes from `now` (the form when
/// the import started), or what is wrong with it.
pub async fn import(text: String, now: Config) -> Result<(Config, usize), Vec<String>> {
    read_import(text, now)
        .await
        .unwrap_or_else(|NotLoaded| Err(vec![NotLoaded::message("read the file")]))
}

/// Checks an import: the JSON must parse and the configuration must be valid.
fn check_import(text: &str) -> Result<Config, Vec<String>> {
    let config = Config::from_json(text).map_err(|e| vec![e])?;
    let problems = validate(&config);
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems
            .iter()
            .map(|p| {
                format!(
                    "{}: {}",
                    labels::describe(&config, &p.path),
                    labels::sentence(&p.message)
                )
            })
            .collect())
    }
}
