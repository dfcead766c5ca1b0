//! Mounts the page; everything else lives in the library so tests can mount it too.

fn main() {
    // index.html paints a "Loading" line while the wasm downloads; the page replaces it.
    if let Some(loading) = leptos::prelude::document().get_element_by_id("loading") {
        loading.remove();
    }
    leptos::mount::mount_to_body(kamal_actions_web::App);
}
