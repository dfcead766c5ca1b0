//! Export the configuration as JSON and import one back: the same format as the CLI's
//! `--config`. An import with errors shows them and changes nothing.

use kamal_actions_core::Config;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

use kamal_actions_core::session::Notice;

use super::control_flow::When;
use super::download;
use super::share_link;
use super::signals::Var;
use super::state::use_state;

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
    let shared = Var::new(None::<(String, String)>);
    let share = move |_| {
        let config = state.config.get_untracked();
        leptos::task::spawn_local(async move {
            let link = match share_link::link_to(config).await {
                Ok(link) => link,
                Err(why) => return shared.set(Some((String::new(), why))),
            };
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
            <When when=move || shared.with(Option::is_some)>
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
            </When>
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

/// The configuration being imported from JSON and what became of it: shared with the import
/// section, which fills it from a dropped or picked file.
#[derive(Clone, Copy)]
pub struct JsonDraft {
    state: super::state::State,
    pub pasted: Var<String>,
    pub errors: Var<Vec<String>>,
    /// Whether the panel is open.
    pub open: Var<bool>,
}

impl JsonDraft {
    /// Called while the page is built (it keeps the page's state for imports that arrive
    /// later, from a file being read).
    pub fn new() -> Self {
        Self {
            state: use_state(),
            pasted: Var::new(String::new()),
            errors: Var::new(Vec::new()),
            open: Var::new(false),
        }
    }

    /// Replaces the form with the configuration in `text` (named `from` in the notice, which
    /// offers to undo it), or shows why not and changes nothing. Reading it may first fetch
    /// the `open` chunk (see [`super::opening`]).
    pub fn apply(self, text: String, from: String) {
        let now = self.state.config.get_untracked();
        leptos::task::spawn_local(async move {
            self.show(super::opening::import(text, now).await, &from)
        });
    }

    fn show(&self, read: Result<(Config, usize), Vec<String>>, from: &str) {
        let state = self.state;
        match read {
            Ok((config, found)) => {
                let previous = state.config.get_untracked();
                state.config.set(config.clone());
                state.notice.set(Some(Notice::Imported {
                    from: from.to_string(),
                    previous: Box::new(previous),
                    applied: Box::new(config),
                    changes: found,
                }));
                self.errors.set(Vec::new());
                self.pasted.set(String::new());
                super::notice::focus_notice();
            }
            Err(found) => {
                self.errors.set(found);
                self.open.set(true);
            }
        }
    }
}

#[component]
pub fn ImportPanel(draft: JsonDraft) -> impl IntoView {
    let JsonDraft {
        pasted,
        errors,
        open,
        ..
    } = draft;
    view! {
        <details
            class="import"
            id="import"
            prop:open=move || open.get()
            on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())
        >
            <summary>"Paste a kamal-actions configuration (JSON)"</summary>
            <p class="hint">"A JSON file exported from this page or used with the CLI. Nothing changes unless it is valid, and the import can be undone."</p>
            <div class="field">
                <label for="import-text">"The configuration"</label>
                <textarea
                    id="import-text"
                    rows="5"
                    spellcheck="false"
                    prop:value=move || pasted.get()
                    on:input=move |ev| pasted.set(event_target_value(&ev))
                ></textarea>
            </div>
            <button type="button" id="import-apply" on:click=move |_| draft.apply(pasted.get_untracked(), "the pasted configuration".into())>
                "Import"
            </button>
            <When when=move || !errors.with(Vec::is_empty)>
                <div class="error" role="alert" id="import-errors">
                    <p>"Not imported; your configuration is unchanged:"</p>
                    <ul>{move || errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                </div>
            </When>
        </details>
    }
}
