//! The state of the configuration at a glance, with every problem linked to its field, and
//! the zip download (disabled with its reason while there are problems).

use std::sync::Arc;

use kamal_actions_core::bundle::{self, zip_name, Member};
use kamal_actions_core::config::labels;
use kamal_actions_core::Config;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::control_flow::When;
use super::later_parts::later_parts;
use super::signals::{Derived, Var};
use super::split::{split_point, NotLoaded, Work};
use super::state::{field_id, use_state, with_kit, Files, Kit};
use super::{compression, download};

#[component]
pub fn Status() -> impl IntoView {
    let state = use_state();
    let problems = state.problems;
    let count = Derived::new(move |_| problems.with(Vec::len));
    view! {
        <div class="status-box" class:has-problems=move || { count.get() > 0 }>
            <p class="status" id="status" aria-live="polite">
                {move || match count.get() {
                    0 => "Ready: every file below is valid.".to_string(),
                    1 => "1 problem to fix. The preview shows the last valid files.".to_string(),
                    n => format!("{n} problems to fix. The preview shows the last valid files."),
                }}
            </p>
            <When when=move || { count.get() > 0 }>
                <ul class="problem-list">
                    {move || problems.get().into_iter().map(|p| {
                        let href = format!("#{}", field_id(&p.path));
                        let words = state.config.with_untracked(|c| labels::describe(c, &p.path));
                        let path = p.path.clone();
                        view! {
                            <li>
                                <a href=href on:click=move |ev| {
                                    ev.prevent_default();
                                    focus_field(&path);
                                }>{words}</a>
                                ": "
                                {labels::sentence(&p.message)}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </When>
        </div>
    }
}

/// Focuses the field of a problem path, or the nearest enclosing one that has an element
/// (`environments[1].trigger.branches[0]` -> the branches field).
fn focus_field(path: &str) {
    let document = leptos::prelude::document();
    let mut prefix = path;
    loop {
        if let Some(element) = document.get_element_by_id(&field_id(prefix)) {
            element.scroll_into_view();
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
            return;
        }
        match prefix.rfind(['.', '[']) {
            Some(cut) => prefix = &prefix[..cut],
            None => return,
        }
    }
}

split_point! { later:
    /// The zip of `files`, each deflated by the browser; stored as it is where the browser
    /// cannot deflate (the archive is then larger, never missing a file).
    fn zip(files: Files) -> Work<Vec<u8>> {
        Box::pin(async move {
            let mut members = Vec::with_capacity(files.len());
            for file in files.iter() {
                let deflated = compression::deflate(file.contents.as_bytes()).await.ok();
                members.push(Member { file, deflated });
            }
            bundle::archive(&members)
        })
    }
}

/// `files` of the valid `config` with the setup kit: a click before the kit's code arrived
/// (`super::later_parts`) waits for it rather than leave the kit out of the zip.
async fn complete(files: Files, config: &Config, kit: Option<Kit>) -> Result<Files, NotLoaded> {
    if kit.is_some() {
        return Ok(files);
    }
    let later = later_parts().await?;
    Ok(Arc::new(with_kit(files.to_vec(), config, later.kit).0))
}

#[component]
pub fn DownloadButton() -> impl IntoView {
    let state = use_state();
    let blocked = Derived::new(move |_| state.problems.with(|p| !p.is_empty()));
    let error = Var::new(None::<String>);
    let on_download = move |_| {
        state.settle();
        let files = state.files.get_untracked();
        let config = state.valid_config.get_untracked();
        let kit = state.kit.get_untracked();
        leptos::task::spawn_local(async move {
            let saved = match complete(files, &config, kit).await {
                Ok(files) => match zip(files).await {
                    Ok(work) => download::save(
                        &zip_name(&config.project.service),
                        "application/zip",
                        &work.await,
                    )
                    .err(),
                    Err(NotLoaded) => Some(NotLoaded::message("make the zip")),
                },
                Err(NotLoaded) => Some(NotLoaded::message("add the setup kit to the zip")),
            };
            error.set(saved);
        });
    };
    view! {
        <button
            type="button"
            id="download-zip"
            class="primary"
            disabled=move || blocked.get()
            aria-describedby="download-reason"
            on:click=on_download
        >
            "Download .zip"
        </button>
        <span class="hint" id="download-reason">
            {move || if blocked.get() { "Fix the problems to download." } else { "" }}
        </span>
        <When when=move || error.with(Option::is_some)>
            <p class="error" role="alert">{move || error.get()}</p>
        </When>
    }
}
