//! Export the configuration as JSON and import one back: the same format as the CLI's
//! `--config`. An import with errors shows them and changes nothing.

use kamal_actions_core::config::labels;
use kamal_actions_core::{validate, Config};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use kamal_actions_core::session::Notice;

use super::download;
use super::state::use_state;
use super::storage;

/// Checks an import: the JSON must parse and the configuration must be valid.
fn check_import(text: &str) -> Result<Config, Vec<String>> {
    let config = Config::from_json(text).map_err(|e| vec![e])?;
    let problems = validate(&config);
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems
            .iter()
            .map(|p| {
                format!(
                    "{}: {}",
                    labels::describe(&config, &p.path),
                    labels::sentence(&p.message)
                )
            })
            .collect())
    }
}

#[component]
pub fn ExportButton() -> impl IntoView {
    let state = use_state();
    let export = move |_| {
        let (name, json) = state.config.with(|c| {
            (
                format!("{}-kamal-actions.json", c.project.service),
                c.to_json(),
            )
        });
        let _ = download::save(&name, "application/json", json.as_bytes());
    };
    view! {
        <button type="button" id="export-json" on:click=export>
            "Export JSON"
        </button>
    }
}

/// Copies a link that opens this configuration, and says how long it is.
#[component]
pub fn ShareButton() -> impl IntoView {
    let state = use_state();
    // The link and what became of copying it, shown over the page (not in the toolbar's flow,
    // which would move the tree and preview), with the link in a field to select by hand.
    let shared = RwSignal::new(None::<(String, String)>);
    let share = move |_| {
        let link = storage::link_to(&state.config.with(kamal_actions_core::share::encode));
        leptos::task::spawn_local(async move {
            let said = match super::clipboard::write(&link).await {
                Ok(()) => format!("Link copied ({} characters)", link.len()),
                Err(_) => "Your browser blocked the clipboard: copy the link from the field".into(),
            };
            shared.set(Some((link, said)));
        });
    };
    let select_all = |ev: leptos::ev::FocusEvent| {
        let input: HtmlInputElement = ev.target().expect("input").unchecked_into();
        input.select();
    };
    view! {
        <span class="share">
            <button type="button" id="share-link" on:click=share aria-expanded=move || shared.with(Option::is_some).to_string()>
                "Copy share link"
            </button>
            <Show when=move || shared.with(Option::is_some)>
                <div class="share-popover" id="share-popover">
                    <p id="share-status" role="status">
                        {move || shared.with(|s| s.as_ref().map(|(_, said)| said.clone()))}
                    </p>
                    <label for="share-url" class="visually-hidden">"Share link"</label>
                    <input
                        id="share-url"
                        readonly
                        prop:value=move || shared.with(|s| s.as_ref().map(|(link, _)| link.clone()).unwrap_or_default())
                        on:focus=select_all
                    />
                    <button type="button" id="share-close" class="icon" aria-label="Close" on:click=move |_| shared.set(None)>
                        "✕"
                    </button>
                </div>
            </Show>
        </span>
    }
}

/// Resets the form to the defaults; the banner offers to undo it.
#[component]
pub fn ResetButton() -> impl IntoView {
    let state = use_state();
    let reset = move |_| {
        let previous = state.config.get_untracked();
        if previous != Config::default() {
            state.config.set(Config::default());
            state.notice.set(Some(Notice::Reset {
                previous: Box::new(previous),
            }));
            super::notice::focus_notice();
        }
    };
    view! {
        <button type="button" id="reset" class="quiet" on:click=reset>
            "Reset to defaults"
        </button>
    }
}

#[component]
pub fn ImportPanel() -> impl IntoView {
    let state = use_state();
    let pasted = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<String>::new());
    let done = RwSignal::new(false);
    let apply = move |text: String| match check_import(&text) {
        Ok(config) => {
            state.config.set(config);
            errors.set(Vec::new());
            pasted.set(String::new());
            done.set(true);
        }
        Err(found) => {
            errors.set(found);
            done.set(false);
        }
    };
    let from_file = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = ev.target().expect("input").unchecked_into();
        let Some(file) = input.files().and_then(|list| list.get(0)) else {
            return;
        };
        input.set_value("");
        leptos::task::spawn_local(async move {
            match JsFuture::from(file.text()).await {
                Ok(text) => apply(text.as_string().unwrap_or_default()),
                Err(_) => errors.set(vec!["the file could not be read".into()]),
            }
        });
    };
    view! {
        <details class="import" id="import">
            <summary>"Import a configuration"</summary>
            <p class="hint">"A JSON file exported from this page or used with the CLI. Nothing changes unless it is valid."</p>
            <div class="field">
                <label for="import-file">"From a file"</label>
                <input id="import-file" type="file" accept=".json,application/json" on:change=from_file />
            </div>
            <div class="field">
                <label for="import-text">"Or paste it"</label>
                <textarea
                    id="import-text"
                    rows="5"
                    spellcheck="false"
                    prop:value=pasted
                    on:input=move |ev| pasted.set(event_target_value(&ev))
                ></textarea>
            </div>
            <button type="button" id="import-apply" on:click=move |_| apply(pasted.get_untracked())>
                "Import"
            </button>
            <Show when=move || done.get()>
                <p class="ok" role="status">"Imported."</p>
            </Show>
            <Show when=move || !errors.with(Vec::is_empty)>
                <div class="error" role="alert" id="import-errors">
                    <p>"Not imported; your configuration is unchanged:"</p>
                    <ul>{move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                </div>
            </Show>
        </details>
    }
}
