//! The browser's deflate (`CompressionStream`, which the page uses) against flate2's (which the
//! CLI uses), in headless Chromium: a link or zip member made by either opens with the other,
//! and a hostile link fails the same way with both.

use kamal_actions_core::config::Environment;
use kamal_actions_core::share::{self, ShareError};
use kamal_actions_core::Config;
use kamal_actions_web::ui::compression::{self, Failure};
use kamal_actions_web::ui::share_link;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Not the defaults: a link of the defaults carries almost nothing.
fn sample() -> Config {
    let mut config = Config::default();
    config.project.service = "shared-app".into();
    let mut extra: Environment = config.environments[0].clone();
    extra.name = "qa".into();
    extra.github_environment = "qa".into();
    config.environments.push(extra);
    config
}

#[wasm_bindgen_test]
async fn a_link_the_page_makes_opens_in_the_cli() {
    let config = sample();
    let deflated = compression::deflate(&share::link_json(&config))
        .await
        .unwrap();
    let fragment = share::fragment_of(&deflated);
    assert_eq!(share::decode(&fragment), Ok(config));
}

#[wasm_bindgen_test]
async fn a_link_the_cli_makes_opens_in_the_page() {
    let config = sample();
    let fragment = share::encode(&config);
    assert_eq!(share_link::decode(&fragment).await, Ok(config.clone()));
    assert_eq!(
        share_link::decode(&format!("#{fragment}")).await,
        Ok(config)
    );
}

#[wasm_bindgen_test]
async fn broken_links_fail_as_they_do_in_the_cli() {
    let link = share::encode(&sample());
    let cut = &link[..link.len() / 2];
    assert_eq!(share_link::decode(cut).await, Err(ShareError::Truncated));
    assert_eq!(share_link::decode(cut).await, share::decode(cut));
    let not_deflate = share::fragment_of(b"plain text, never deflated");
    assert_eq!(
        share_link::decode(&not_deflate).await,
        Err(ShareError::Truncated)
    );
    let spaces = vec![b' '; 8 * 1024 * 1024];
    let bomb = share::fragment_of(&compression::deflate(&spaces).await.unwrap());
    assert!(bomb.len() < share::MAX_FRAGMENT_CHARS, "{}", bomb.len());
    assert_eq!(share_link::decode(&bomb).await, Err(ShareError::TooLarge));
    assert_eq!(share::decode(&bomb), Err(ShareError::TooLarge));
}

#[wasm_bindgen_test]
async fn inflating_stops_at_the_limit() {
    let data = vec![b'x'; 10_000];
    let deflated = compression::deflate(&data).await.unwrap();
    assert!(deflated.len() < 200, "{} bytes", deflated.len());
    assert_eq!(compression::inflate(&deflated, 10_000).await, Ok(data));
    assert_eq!(
        compression::inflate(&deflated, 9_999).await,
        Err(Failure::TooLarge)
    );
}
