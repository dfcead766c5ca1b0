//! Mounts the page; everything else lives in the library so tests can mount it too.

use kamal_actions_web::ui::opening;
use kamal_actions_web::ui::split::NotLoaded;
use kamal_actions_web::App;
use leptos::prelude::*;

fn main() {
    // The page mounts once what it opens with is read (the browser inflates a share link
    // asynchronously, and a draft or link is read by code fetched for it): mounting the
    // defaults first would show them for a moment and mark the differences as changed lines.
    // (wasm-bindgen's executor: Leptos' starts with the mount.)
    wasm_bindgen_futures::spawn_local(async {
        let opened = opening::open_page().await;
        // index.html paints a "Loading" line while the wasm downloads; the page replaces it.
        if let Some(loading) = document().get_element_by_id("loading") {
            loading.remove();
        }
        match opened {
            Ok(opened) => leptos::mount::mount_to_body(move || view! { <App opened=opened /> }),
            Err(NotLoaded) => leptos::mount::mount_to_body(OpenFailed),
        }
    });
}

/// In place of the page when the code that reads the user's draft or link did not arrive: the
/// draft and the link are left as they are (mounting the defaults would autosave over the
/// draft), so a reload opens them.
#[component]
fn OpenFailed() -> impl IntoView {
    let reload = |_| {
        let _ = window().location().reload();
    };
    view! {
        <main class="layout">
            <p class="error" role="alert" id="open-failed">
                {NotLoaded::message("open your saved settings")} " "
                <button type="button" on:click=reload>"Reload"</button>
            </p>
        </main>
    }
}
