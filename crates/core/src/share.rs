//! Share links: the whole configuration in the URL fragment (after `#`, so it never reaches a
//! server), as `v1.` followed by the compact JSON, deflated and base64url-encoded.
//!
//! Decoding treats the fragment as hostile: its length, the inflated size and the work are
//! bounded before anything is parsed, and every rejection is an error value with a message a
//! user can act on.
//!
//! The codec is three steps around deflate: [`link_json`] then deflate then [`fragment_of`];
//! [`payload`] then inflate (at most [`MAX_DECODED_BYTES`]) then [`config_of`]. With the
//! `deflate` feature, [`encode`] and [`decode`] do the deflating with flate2; the page does it
//! with the browser's `CompressionStream`, which is asynchronous, so it calls the steps itself.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::config::{migrate, Config};

/// The link format this build writes. Bump it only when the encoding changes; the
/// configuration's own `version` covers changes to its fields.
pub const LINK_VERSION: u32 = 1;

/// The largest configuration a link may inflate to. Real ones are a few kilobytes.
pub const MAX_DECODED_BYTES: usize = 64 * 1024;

/// The longest fragment decoded at all: more than any deflated 64 KB document needs.
pub const MAX_FRAGMENT_CHARS: usize = 96 * 1024;

/// Why a link could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment is not a kamal-actions link at all.
    NotALink,
    /// Made by a newer kamal-actions (or an unknown link format).
    UnsupportedVersion(String),
    TooLong(usize),
    /// Not base64url: the link was mangled, e.g. by an email client.
    Corrupted,
    /// The compressed data ends early: the link was cut off when copied.
    Truncated,
    /// Inflates to more than [`MAX_DECODED_BYTES`].
    TooLarge,
    /// The data inflates, but is not a configuration this build reads.
    InvalidConfig(String),
    /// The browser has no way to inflate (no `DecompressionStream`): the page says so.
    NoInflate,
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotALink => write!(f, "this link does not hold a kamal-actions configuration"),
            Self::UnsupportedVersion(v) => write!(
                f,
                "this link was made by a newer kamal-actions (link format {v}); this page reads format {LINK_VERSION}"
            ),
            Self::TooLong(n) => write!(f, "this link is {n} characters long, more than any configuration needs"),
            Self::Corrupted => write!(f, "this link is damaged: it contains characters a share link never has"),
            Self::Truncated => write!(f, "this link is incomplete: it was probably cut off when it was copied"),
            Self::TooLarge => write!(
                f,
                "this link unpacks to more than {} KB, more than any configuration needs",
                MAX_DECODED_BYTES / 1024
            ),
            Self::InvalidConfig(why) => write!(f, "this link's configuration cannot be read: {why}"),
            Self::NoInflate => write!(
                f,
                "this browser cannot unpack share links (it has no DecompressionStream); open the link in a current Chrome, Edge, Firefox or Safari"
            ),
        }
    }
}

/// The fragment for `config`, without the `#`.
#[cfg(feature = "deflate")]
pub fn encode(config: &Config) -> String {
    fragment_of(&deflate::deflate(&link_json(config)))
}

/// The compact JSON a link carries, before it is deflated: the defaults are left out.
pub fn link_json(config: &Config) -> Vec<u8> {
    let mut value = config.to_value();
    leave_out_defaults(&mut value);
    serde_json::to_vec(&value).expect("config serialises")
}

/// The fragment carrying deflated link JSON, without the `#`.
pub fn fragment_of(deflated: &[u8]) -> String {
    format!("v{LINK_VERSION}.{}", URL_SAFE_NO_PAD.encode(deflated))
}

/// Removes the fields a reader fills in with the same value when they are absent (serde
/// defaults), so links stay short. `decode` needs no counterpart: deserialising restores them.
fn leave_out_defaults(value: &mut serde_json::Value) {
    let defaults = Config::default().to_value();
    let prune = |object: Option<&mut serde_json::Map<String, serde_json::Value>>,
                 defaults: &serde_json::Value,
                 keys: &[&str]| {
        if let Some(object) = object {
            for key in keys {
                if object.get(*key) == defaults.get(*key) {
                    object.remove(*key);
                }
            }
        }
    };
    let project_keys = [
        "kamal_version",
        "kamal_install",
        "ruby_version",
        "runner",
        "timeout_minutes",
        "layout",
        "numbered_workflows",
    ];
    prune(
        value["project"].as_object_mut(),
        &defaults["project"],
        &project_keys,
    );
    let env_defaults = serde_json::json!({"checks_first": true, "concurrency": "queue"});
    for env in value["environments"].as_array_mut().into_iter().flatten() {
        prune(
            env.as_object_mut(),
            &env_defaults,
            &["checks_first", "concurrency"],
        );
    }
    let top_defaults = serde_json::json!({
        "build": defaults["build"],
        "checks": defaults["checks"],
        "commands": [],
    });
    prune(
        value.as_object_mut(),
        &top_defaults,
        &["build", "checks", "commands"],
    );
}

/// The configuration in a fragment (with or without the leading `#`).
#[cfg(feature = "deflate")]
pub fn decode(fragment: &str) -> Result<Config, ShareError> {
    decode_in(fragment, &migrate::CURRENT)
}

/// [`decode`] against `format`: tests simulate a format bump with it.
#[cfg(feature = "deflate")]
pub fn decode_in(fragment: &str, format: &migrate::Format) -> Result<Config, ShareError> {
    config_of(&deflate::inflate(&payload(fragment)?)?, format)
}

/// The deflated bytes in a fragment (with or without the leading `#`), once the fragment has
/// been checked to be a link of this format, of a sane length, and intact base64url.
pub fn payload(fragment: &str) -> Result<Vec<u8>, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.len() > MAX_FRAGMENT_CHARS {
        return Err(ShareError::TooLong(fragment.len()));
    }
    let (version, payload) = fragment.split_once('.').ok_or(ShareError::NotALink)?;
    let version = version.strip_prefix('v').ok_or(ShareError::NotALink)?;
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ShareError::NotALink);
    }
    if version != LINK_VERSION.to_string() {
        return Err(ShareError::UnsupportedVersion(
            version.chars().take(12).collect(),
        ));
    }
    let payload = payload.trim_end_matches('=');
    let in_alphabet = payload
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !in_alphabet {
        return Err(ShareError::Corrupted);
    }
    // Only the length can be wrong now: a link cut off mid-character.
    URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| ShareError::Truncated)
}

/// The configuration in a link's inflated JSON. Each inflater (flate2's here, the browser's on
/// the page) stops with [`ShareError::TooLarge`] past [`MAX_DECODED_BYTES`] itself.
pub fn config_of(json: &[u8], format: &migrate::Format) -> Result<Config, ShareError> {
    let text = std::str::from_utf8(json).map_err(|e| ShareError::InvalidConfig(e.to_string()))?;
    Config::from_json_in(text, format).map_err(ShareError::InvalidConfig)
}

/// flate2's deflate, for the CLI and the tests (the page has the browser's).
#[cfg(feature = "deflate")]
mod deflate {
    use std::io::{Read, Write};

    use flate2::read::DeflateDecoder;
    use flate2::write::DeflateEncoder;
    use flate2::Compression;

    use super::{ShareError, MAX_DECODED_BYTES};

    pub fn deflate(data: &[u8]) -> Vec<u8> {
        let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
        encoder
            .write_all(data)
            .expect("writing to memory cannot fail");
        encoder.finish().expect("writing to memory cannot fail")
    }

    /// Inflates at most [`MAX_DECODED_BYTES`] plus one byte (to notice more): a decompression
    /// bomb costs no more than that.
    pub fn inflate(compressed: &[u8]) -> Result<Vec<u8>, ShareError> {
        let mut out = Vec::new();
        DeflateDecoder::new(compressed)
            .take(MAX_DECODED_BYTES as u64 + 1)
            .read_to_end(&mut out)
            .map_err(|_| ShareError::Truncated)?;
        if out.len() > MAX_DECODED_BYTES {
            return Err(ShareError::TooLarge);
        }
        Ok(out)
    }
}

#[cfg(all(test, feature = "deflate"))]
mod tests {
    use super::deflate::deflate;
    use super::*;

    #[test]
    fn round_trips_the_default_configuration() {
        let config = Config::default();
        let link = encode(&config);
        assert!(link.starts_with("v1."));
        assert!(link.len() < 1000, "{} characters", link.len());
        assert_eq!(decode(&link), Ok(config.clone()));
        assert_eq!(decode(&format!("#{link}")), Ok(config));
    }

    #[test]
    fn every_kind_of_broken_link_has_its_own_error() {
        let link = encode(&Config::default());
        assert_eq!(decode(""), Err(ShareError::NotALink));
        assert_eq!(decode("#section-project"), Err(ShareError::NotALink));
        assert_eq!(
            decode("v9.abc"),
            Err(ShareError::UnsupportedVersion("9".into()))
        );
        assert_eq!(decode(&link[..link.len() / 2]), Err(ShareError::Truncated));
        assert_eq!(decode(&format!("{}%%", &link)), Err(ShareError::Corrupted));
        assert_eq!(
            decode(&"v1.".repeat(40_000)),
            Err(ShareError::TooLong(120_000))
        );
        let not_config = fragment_of(&deflate(br#"{"version":1,"surprise":true}"#));
        assert!(matches!(
            decode(&not_config),
            Err(ShareError::InvalidConfig(_))
        ));
    }

    #[test]
    fn a_decompression_bomb_stops_at_the_limit() {
        let bomb = fragment_of(&deflate(&vec![b' '; 8 * 1024 * 1024]));
        assert!(bomb.len() < MAX_FRAGMENT_CHARS, "{}", bomb.len());
        assert_eq!(decode(&bomb), Err(ShareError::TooLarge));
    }

    #[test]
    fn newer_configuration_formats_are_refused_with_a_message() {
        let mut value: serde_json::Value =
            serde_json::from_str(&Config::default().to_json()).unwrap();
        let next = crate::config::FORMAT_VERSION + 1;
        value["version"] = serde_json::json!(next);
        match decode(&fragment_of(&deflate(value.to_string().as_bytes()))) {
            Err(ShareError::InvalidConfig(e)) => {
                assert!(e.contains(&format!("format version {next}")), "{e}")
            }
            other => panic!("{other:?}"),
        }
    }
}
