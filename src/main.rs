//! Mounts the page; everything else lives in the library so tests can mount it too.

use kamal_actions_web::ui::share_link;
use kamal_actions_web::App;
use leptos::prelude::*;

fn main() {
    // The browser inflates a share link asynchronously, so the page mounts once it is read:
    // mounting the draft first would show it for a moment and mark the link's differences
    // from it as changed lines. (wasm-bindgen's executor: Leptos' starts with the mount.)
    wasm_bindgen_futures::spawn_local(async {
        let link = share_link::take_from_address().await;
        // index.html paints a "Loading" line while the wasm downloads; the page replaces it.
        if let Some(loading) = document().get_element_by_id("loading") {
            loading.remove();
        }
        leptos::mount::mount_to_body(move || view! { <App link=link /> });
    });
}
