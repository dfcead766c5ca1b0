//! Import an existing Kamal `config/deploy.yml` (and destination files): the page shows what
//! was recognised, what was ignored, what could not be read and every field the import would
//! change, against the form as it is now, and applies it only on confirmation (with undo).
//! The import's code is a chunk fetched when the import is first opened (`importer`), so its
//! result arrives a moment after each edit (an edit of the form, after the paint that shows
//! it); Apply waits for the result of the newest one, and imports again over the form as it is
//! at the click. The report's view comes with each result from that chunk
//! (`super::deploy_report`).

use kamal_actions_core::config::diff::Change;
use kamal_actions_core::import::{Choices, DeployFile, Imported};
use kamal_actions_core::session::Notice;
use leptos::prelude::*;

use super::control_flow::Keyed;
use super::deploy_report::{Report, ReportView};
use super::importer;
use super::signals::Var;
use super::state::use_state;

/// The import's result for the newest request, with the fields it changes and what shows
/// them; or why there is none.
type Outcome = Result<(Imported, Vec<Change>, ReportView), String>;

/// The files being imported and whether their effect is shown: shared with the import
/// section, which fills them from dropped or picked files.
#[derive(Clone, Copy)]
pub struct DeployDraft {
    pub main: Var<String>,
    pub destinations: Var<Vec<DeployFile>>,
    /// Off until the user asks (or drops files): then the result follows the form and the
    /// files live, so what is shown is always what Apply would do.
    pub previewing: Var<bool>,
    /// Whether the panel is open.
    pub open: Var<bool>,
}

impl DeployDraft {
    pub fn new() -> Self {
        Self {
            main: Var::new(String::new()),
            destinations: Var::new(Vec::new()),
            previewing: Var::new(false),
            open: Var::new(false),
        }
    }

    /// Puts a file's text in its place: `config/deploy.yml` when `destination` is empty, else
    /// that destination's file (replacing one of the same name).
    pub fn put(&self, destination: &str, text: String) {
        if destination.is_empty() {
            self.main.set(text);
            return;
        }
        self.destinations.update(|files| {
            match files.iter_mut().find(|f| f.destination == destination) {
                Some(file) => file.text = text,
                None => files.push(DeployFile {
                    destination: destination.to_string(),
                    text,
                }),
            }
        });
    }

    /// Opens the panel on what the files would change.
    pub fn review(&self) {
        self.open.set(true);
        self.previewing.set(true);
    }
}

#[component]
pub fn DeployImportPanel(draft: DeployDraft) -> impl IntoView {
    let state = use_state();
    let DeployDraft {
        main,
        destinations,
        previewing,
        open,
    } = draft;
    let choices = Var::new(Choices::default());
    // The import's code is fetched when the import is first opened, not with the page.
    Effect::new(move |_| {
        if open.get() {
            importer::start();
        }
    });
    // The newest request's id, and the outcome with the id it answers: waiting is when they
    // differ.
    let newest = Var::new(0_u32);
    let outcome: Var<Option<(u32, Outcome)>> = Var::new(None);
    let pending = move || {
        previewing.get() && outcome.with(|o| o.as_ref().map(|(id, _)| *id)) != Some(newest.get())
    };
    Effect::new(move |_| {
        if !previewing.get() {
            // A result still on its way (the import's code may be arriving) is for a preview
            // the user left: a newer id makes it stale.
            newest.update(|id| *id = id.wrapping_add(1));
            outcome.set(None);
            return;
        }
        let id = newest.get_untracked().wrapping_add(1);
        newest.set(id);
        // Read tracked, so the result follows the form and the files; the form as the files
        // follow it, after the paint that shows a keystroke (the import would otherwise run
        // again before every keystroke's paint).
        let (base, text, files, chosen) = (
            state.settled_config(),
            main.get(),
            destinations.get(),
            choices.get(),
        );
        leptos::task::spawn_local(async move {
            let result = importer::run(base, text, files, chosen).await;
            // Only the newest request's result is shown.
            if id != newest.get_untracked() {
                return;
            }
            // `base` is the form as it was after the last paint: an edit starts a newer request.
            outcome.set(Some((id, result)));
        });
    });
    let result = Signal::derive(move || outcome.get().and_then(|(_, result)| result.ok()));
    // Imports again over the form as it is at the click: the preview follows the form a paint
    // behind, and a click within that frame must not take back the last keystroke.
    let apply = Callback::new(move |()| {
        if untrack(pending) || result.with_untracked(Option::is_none) {
            return;
        }
        let previous = state.config.get_untracked();
        let (text, files, chosen) = (
            main.get_untracked(),
            destinations.get_untracked(),
            choices.get_untracked(),
        );
        leptos::task::spawn_local(async move {
            let (imported, found) = match importer::run(previous.clone(), text, files, chosen).await
            {
                Ok((imported, found, _)) => (imported, found),
                Err(message) => {
                    outcome.set(Some((newest.get_untracked(), Err(message))));
                    return;
                }
            };
            state.config.set(imported.config.clone());
            state.notice.set(Some(Notice::Imported {
                from: "config/deploy.yml".into(),
                previous: Box::new(previous),
                applied: Box::new(imported.config),
                changes: found.len(),
            }));
            choices.set(Choices::default());
            previewing.set(false);
            super::notice::focus_notice();
        });
    });
    let edit = move |i: usize, f: &dyn Fn(&mut DeployFile)| {
        destinations.update(|files| {
            if let Some(file) = files.get_mut(i) {
                f(file);
            }
        });
    };
    let count = Signal::derive(move || destinations.with(Vec::len));
    view! {
        <details
            class="import"
            id="import-deploy"
            prop:open=move || open.get()
            on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())
        >
            <summary>"Paste config/deploy.yml"</summary>
            <p class="hint">
                "Paste your Kamal configuration, and any config/deploy.DESTINATION.yml files. You see what would change before anything does."
            </p>
            <div class="field">
                <label for="deploy-main">"config/deploy.yml"</label>
                <textarea
                    id="deploy-main"
                    rows="8"
                    spellcheck="false"
                    prop:value=move || main.get()
                    on:input=move |ev| main.set(event_target_value(&ev))
                ></textarea>
            </div>
            <Keyed each=move || 0..count.get() key=|i| *i let:i>
                <fieldset class="card destination-file">
                    <legend>{move || destinations.with(|f| f.get(i).map(DeployFile::name).unwrap_or_default())}</legend>
                    <div class="field">
                        <label for=format!("deploy-dest-{i}-name")>"Destination"</label>
                        <input
                            id=format!("deploy-dest-{i}-name")
                            type="text"
                            spellcheck="false"
                            placeholder="staging"
                            prop:value=move || destinations.with(|f| f.get(i).map(|d| d.destination.clone()).unwrap_or_default())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                edit(i, &|d| d.destination = v.clone());
                            }
                        />
                    </div>
                    <div class="field">
                        <label for=format!("deploy-dest-{i}-text")>"Its contents"</label>
                        <textarea
                            id=format!("deploy-dest-{i}-text")
                            rows="5"
                            spellcheck="false"
                            prop:value=move || destinations.with(|f| f.get(i).map(|d| d.text.clone()).unwrap_or_default())
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                edit(i, &|d| d.text = v.clone());
                            }
                        ></textarea>
                    </div>
                    <button
                        type="button"
                        class="quiet"
                        aria-label=move || format!("Remove destination file {}", i + 1)
                        on:click=move |_| destinations.update(|f| { if i < f.len() { f.remove(i); } })
                    >
                        "Remove"
                    </button>
                </fieldset>
            </Keyed>
            <div class="toolbar">
                <button
                    type="button"
                    class="add"
                    id="deploy-add-destination"
                    on:click=move |_| destinations.update(|f| f.push(DeployFile { destination: String::new(), text: String::new() }))
                >
                    "+ Add a destination file"
                </button>
                <button type="button" id="deploy-preview" on:click=move |_| previewing.set(true)>
                    "Show what would change"
                </button>
            </div>
            // The first answer can wait for the import's code to download (a second or two on a slow
            // phone): say that something is happening.
            {move || (pending() && outcome.with(Option::is_none)).then(|| view! {
                <p class="hint" id="deploy-pending" role="status">"Reading the files…"</p>
            })}
            {move || outcome.with(|o| o.as_ref().and_then(|(_, result)| result.as_ref().err().cloned())).map(|message| view! {
                <p class="error" id="deploy-import-error" role="alert">{message}</p>
            })}
            {move || result.get().map(|(imported, found, view)| {
                view(Report {
                    imported,
                    found,
                    choices,
                    pending: Signal::derive(pending),
                    apply,
                    cancel: Callback::new(move |()| previewing.set(false)),
                })
            })}
        </details>
    }
}
