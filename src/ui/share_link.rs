//! Share links on the page: the core's link codec ([`share`]) around the browser's deflate
//! ([`compression`]), which is asynchronous.

use kamal_actions_core::config::migrate;
use kamal_actions_core::share::{self, ShareError, MAX_DECODED_BYTES};
use kamal_actions_core::{session, Config};

use super::compression::{self, Failure};
use super::split::{split_point, NotLoaded, Work};
use super::storage;

/// The address of a page that opens `config`, or why there is none.
pub async fn link_to(config: Config) -> Result<String, String> {
    match make_link(config).await {
        Ok(work) => work.await,
        Err(NotLoaded) => Err(NotLoaded::message("make the link")),
    }
}

split_point! { later:
    /// The link's making, needed only on a click.
    fn make_link(config: Config) -> Work<Result<String, String>> {
        Box::pin(async move {
            match compression::deflate(&share::link_json(&config)).await {
                Ok(deflated) => Ok(storage::link_to(&share::fragment_of(&deflated))),
                Err(_) => Err(
                    "This browser cannot make share links (it has no CompressionStream): \
                     use a current Chrome, Edge, Firefox or Safari, or Export JSON"
                        .into(),
                ),
            }
        })
    }
}

/// The JSON of the share link in the address, inflated but not yet read (reading is in the
/// `open` chunk, see [`super::opening`]), if the address holds one (`None` for no fragment or
/// an in-page anchor). The caller takes the link out of the address bar once it is read, so
/// that a reload shows the (autosaved) later edits rather than the link again.
pub async fn inflate_from_address() -> Option<Result<Vec<u8>, ShareError>> {
    let fragment = storage::fragment();
    if !session::is_share_fragment(&fragment) {
        return None;
    }
    Some(inflate(&fragment).await)
}

/// The configuration in `fragment` (with or without the leading `#`).
pub async fn decode(fragment: &str) -> Result<Config, ShareError> {
    share::config_of(&inflate(fragment).await?, &migrate::CURRENT)
}

/// The JSON in `fragment`, inflated with the browser's deflate.
async fn inflate(fragment: &str) -> Result<Vec<u8>, ShareError> {
    let deflated = share::payload(fragment)?;
    compression::inflate(&deflated, MAX_DECODED_BYTES)
        .await
        .map_err(|failure| match failure {
            Failure::Unsupported => ShareError::NoInflate,
            // flate2 says no more than this either: deflate that ends early or is not deflate
            // is, in a link, one cut off when it was copied.
            Failure::Corrupt => ShareError::Truncated,
            Failure::TooLarge => ShareError::TooLarge,
        })
}
