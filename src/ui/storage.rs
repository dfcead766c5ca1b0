//! The draft in `localStorage`, and the share link in the URL. Failures (storage disabled,
//! quota) are swallowed: autosave is a convenience, never a reason for the page to break.

use leptos::prelude::window;
use wasm_bindgen::JsValue;

const DRAFT_KEY: &str = "kamal-actions.draft";
/// Whether the preview wraps long lines: "on" or "off".
pub const WRAP_PREF: &str = "kamal-actions.wrap";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

pub fn load_draft() -> Option<String> {
    load_pref(DRAFT_KEY)
}

pub fn save_draft(json: &str) {
    save_pref(DRAFT_KEY, json);
}

pub fn forget_draft() {
    if let Some(s) = storage() {
        let _ = s.remove_item(DRAFT_KEY);
    }
}

/// A value kept on this browser: the draft, or a preference of the page's (which a share
/// link does not carry).
pub fn load_pref(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn save_pref(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// The fragment after `#`, or empty.
pub fn fragment() -> String {
    window().location().hash().unwrap_or_default()
}

/// Drops the fragment from the address bar without reloading, so that a reload after editing
/// shows the (autosaved) edits rather than the link again.
pub fn clear_fragment() {
    let location = window().location();
    let url = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// The page's address with `fragment` as the share link.
pub fn link_to(fragment: &str) -> String {
    let location = window().location();
    format!(
        "{}{}{}#{fragment}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}
