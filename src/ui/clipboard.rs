//! Writing text to the clipboard with the asynchronous Clipboard API.

use wasm_bindgen_futures::JsFuture;

pub async fn write(text: &str) -> Result<(), String> {
    let clipboard = leptos::prelude::window().navigator().clipboard();
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(drop)
        .map_err(|e| format!("{e:?}"))
}
