//! The messages between the page and the import's Web Worker, as JSON strings.
//!
//! The deploy.yml import (serde_yaml and its libyaml port, this module's parent) is the
//! largest part of the page no one needs before they open the import, so the page runs it in a
//! worker fetched on first use. The page never calls [`answer`]; the worker never decodes a
//! [`Reply`]. The configurations travel as the page's own JSON ([`Config::to_json`]): the page
//! reads the worker's with [`Config::from_json`], which it has anyway; the worker reads the
//! page's with plain serde_json, since it is always the current format and never a user's.

use serde::{Deserialize, Serialize};

use super::{import_chosen, Choices, DeployFile, Imported, Mapping, Report};
use crate::config::Config;

/// Bumped whenever a message changes shape: a worker cached from an older build says so
/// instead of being misread.
pub const PROTOCOL: u32 = 1;

/// What the page asks: import `main` and `destinations` over `base` with the user's
/// `choices`. `id` pairs the reply with the request (only the newest one is shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub protocol: u32,
    pub id: u32,
    /// The form's configuration, as [`Config::to_json`] writes it.
    pub base: String,
    pub main: String,
    pub destinations: Vec<DeployFile>,
    pub choices: Choices,
}

/// What the worker says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reply {
    /// Sent once its wasm has started: messages posted before then would be lost, so the page
    /// waits for this before posting.
    Ready { protocol: u32 },
    /// The import's result for request `id`; `config` as [`Config::to_json`] writes it.
    Imported {
        id: u32,
        config: String,
        report: Report,
        mapping: Mapping,
        undescribed: Vec<String>,
    },
    /// Request `id` could not be answered; `message` says why in a sentence with its fix.
    Refused { id: u32, message: String },
    /// The worker's wasm did not start (sent by its loader, `scripts/post_build.py`):
    /// `message` is the browser's reason.
    Failed { message: String },
}

impl Reply {
    /// The [`Imported`] this reply carries, when it is one; `Err` says what went wrong.
    pub fn into_imported(self) -> Option<(u32, Result<Imported, String>)> {
        match self {
            Reply::Ready { .. } => None,
            Reply::Failed { message } => Some((0, Err(message))),
            Reply::Refused { id, message } => Some((id, Err(message))),
            Reply::Imported {
                id,
                config,
                report,
                mapping,
                undescribed,
            } => Some((
                id,
                Config::from_json(&config)
                    .map(|config| Imported {
                        config,
                        report,
                        mapping,
                        undescribed,
                    })
                    .map_err(|e| {
                        format!("The import's result could not be read ({e}): reload the page.")
                    }),
            )),
        }
    }
}

/// The worker's greeting.
pub fn ready() -> String {
    encode(&Reply::Ready { protocol: PROTOCOL })
}

/// The worker's whole job: the reply to one request, as JSON.
pub fn answer(request: &str) -> String {
    let request: Request = match serde_json::from_str(request) {
        Ok(request) => request,
        Err(e) => {
            return encode(&Reply::Refused {
                id: 0,
                message: format!(
                    "The import received a message it cannot read ({e}): reload the page."
                ),
            })
        }
    };
    encode(&reply_to(request))
}

fn reply_to(request: Request) -> Reply {
    let id = request.id;
    if request.protocol != PROTOCOL {
        return Reply::Refused {
            id,
            message: format!(
                "The import's worker is from another version of this page (message format {PROTOCOL}, the page sent {}): reload the page.",
                request.protocol
            ),
        };
    }
    // The page's own `to_json` of a current configuration: plain serde_json reads it. Field paths
    // and migrations (`Config::from_json`) are for what users bring, and cost the worker the
    // serde_path_to_error instances of every configuration type.
    let base = match serde_json::from_str::<Config>(&request.base) {
        Ok(base) => base,
        Err(e) => {
            return Reply::Refused {
                id,
                message: format!(
                "The form's configuration could not be read by the import ({e}): reload the page."
            ),
            }
        }
    };
    let imported = import_chosen(
        &base,
        &request.main,
        &request.destinations,
        &request.choices,
    );
    Reply::Imported {
        id,
        config: imported.config.to_json(),
        report: imported.report,
        mapping: imported.mapping,
        undescribed: imported.undescribed,
    }
}

/// Every message is plain data with string keys: serialising it cannot fail.
fn encode(reply: &Reply) -> String {
    serde_json::to_string(reply).unwrap_or_default()
}

/// The page's side: a request as JSON.
pub fn request(
    id: u32,
    base: &Config,
    main: &str,
    destinations: &[DeployFile],
    choices: &Choices,
) -> String {
    serde_json::to_string(&Request {
        protocol: PROTOCOL,
        id,
        base: base.to_json(),
        main: main.to_string(),
        destinations: destinations.to_vec(),
        choices: choices.clone(),
    })
    .unwrap_or_default()
}

/// The page's side: a reply from JSON; `None` for anything that is not one.
pub fn reply(text: &str) -> Option<Reply> {
    serde_json::from_str(text).ok()
}
