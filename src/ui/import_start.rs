//! The way in for a user who already has a Kamal setup: at the top of the form, with a link in
//! the header, an invitation on an untouched draft ("Start from your config/deploy.yml"), a
//! file picker, and files dropped anywhere on the page. Each file goes where its name says
//! (`import::file_role`): Kamal's files to the deploy.yml review, a `.json` to the
//! configuration import. Nothing changes before the user confirms (deploy.yml) or without an
//! undo (JSON).

use kamal_actions_core::import::{file_role, FileRole};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, FileList, HtmlInputElement};

use super::deploy_import::{DeployDraft, DeployImportPanel};
use super::signals::Var;
use super::split::{split_point, NotLoaded};
use super::state::use_state;
use super::transfer::{ImportPanel, JsonDraft};

/// Larger files are refused before they are read (a deploy.yml is a few KB, a configuration
/// tens): reading a stray video into the page would hang it.
const MAX_DROPPED_BYTES: f64 = 1024.0 * 1024.0;

/// The files of a picker or a drop, in order.
fn files_of(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Why a set of files cannot be imported together, if it cannot.
fn refusal(files: &[(String, FileRole, f64)]) -> Option<String> {
    let unknown: Vec<&str> = files
        .iter()
        .filter(|(_, role, _)| *role == FileRole::Unknown)
        .map(|(name, _, _)| name.as_str())
        .collect();
    if !unknown.is_empty() {
        return Some(format!(
            "Not imported: {}. Choose config/deploy.yml, config/deploy.DESTINATION.yml files or a kamal-actions .json file.",
            unknown.join(", ")
        ));
    }
    if let Some((name, _, _)) = files.iter().find(|(_, _, size)| *size > MAX_DROPPED_BYTES) {
        return Some(format!(
            "Not imported: {name} is larger than 1 MB. Choose your config/deploy.yml."
        ));
    }
    let configurations = files
        .iter()
        .filter(|(_, role, _)| *role == FileRole::Configuration)
        .count();
    if configurations > 0 && files.len() > 1 {
        return Some(
            "Not imported: a configuration (.json) replaces the whole form. Import it on its own."
                .into(),
        );
    }
    None
}

split_point! { later:
    /// Reads `files` and hands each to its import; `problem` gets what went wrong instead.
    /// Needed only once files are picked or dropped.
    fn read_files(files: Vec<File>, deploy: DeployDraft, json: JsonDraft, problem: Var<String>) -> () {
        import_files(files, deploy, json, problem)
    }
}

/// [`read_files`], saying so in `problem` if its code cannot be fetched.
fn read(files: Vec<File>, deploy: DeployDraft, json: JsonDraft, problem: Var<String>) {
    leptos::task::spawn_local(async move {
        if read_files(files, deploy, json, problem).await.is_err() {
            problem.set(NotLoaded::message("read the files"));
        }
    });
}

/// The work of [`read_files`]: refuses a set of files it cannot import, else reads each.
fn import_files(files: Vec<File>, deploy: DeployDraft, json: JsonDraft, problem: Var<String>) {
    let sorted: Vec<(String, FileRole, f64)> = files
        .iter()
        .map(|f| (f.name(), file_role(&f.name()), f.size()))
        .collect();
    if sorted.is_empty() {
        return;
    }
    if let Some(why) = refusal(&sorted) {
        problem.set(why);
        return;
    }
    problem.set(String::new());
    leptos::task::spawn_local(async move {
        let mut read = Vec::new();
        for (file, (name, role, _)) in files.iter().zip(sorted) {
            match JsFuture::from(file.text()).await {
                Ok(text) => read.push((name, role, text.as_string().unwrap_or_default())),
                Err(_) => {
                    problem.set(format!("{name} could not be read. Choose it again."));
                    return;
                }
            }
        }
        let mut reviewed = false;
        for (name, role, text) in read {
            match role {
                FileRole::Configuration => json.apply(text, name),
                FileRole::Deploy => {
                    deploy.put("", text);
                    reviewed = true;
                }
                FileRole::Destination(dest) => {
                    deploy.put(&dest, text);
                    reviewed = true;
                }
                FileRole::Unknown => {}
            }
        }
        if reviewed {
            deploy.review();
            scroll_into_view("import-deploy");
        }
    });
}

/// Whether a drag holds files (not text dragged from a field).
fn carries_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|d| {
        d.types()
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}

/// Brings the element with `id` into view once the change that shows it has rendered.
fn scroll_into_view(id: &'static str) {
    set_timeout(
        move || {
            if let Some(element) = document().get_element_by_id(id) {
                element.scroll_into_view();
            }
        },
        std::time::Duration::ZERO,
    );
}

#[component]
pub fn ImportSection() -> impl IntoView {
    let state = use_state();
    let deploy = DeployDraft::new();
    let json = JsonDraft::new();
    let problem = Var::new(String::new());
    let dragging = Var::new(false);
    let untouched = state.untouched;
    let picked = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = ev.target().expect("input").unchecked_into();
        let files = files_of(input.files());
        input.set_value("");
        read(files, deploy, json, problem);
    };
    // Files dropped anywhere on the page land here (a browser would otherwise open them in
    // place of the page); dragged text still drops into the text fields.
    let _ = window_event_listener(leptos::ev::dragover, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            dragging.set(true);
        }
    });
    let _ = window_event_listener(leptos::ev::dragleave, move |ev| {
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    let _ = window_event_listener(leptos::ev::drop, move |ev| {
        if !carries_files(&ev) {
            return;
        }
        ev.prevent_default();
        dragging.set(false);
        let files = files_of(ev.data_transfer().and_then(|d| d.files()));
        read(files, deploy, json, problem);
        scroll_into_view("import-start");
    });
    view! {
        <section
            class="import-start"
            class:invite=move || untouched.get()
            class:dragging=move || dragging.get()
            id="import-start"
            aria-labelledby="import-title"
        >
            <h2 id="import-title">
                {move || if untouched.get() { "Start from your config/deploy.yml" } else { "Import" }}
            </h2>
            <p class="about">
                "Drop config/deploy.yml and any config/deploy.DESTINATION.yml files anywhere on this page, or a kamal-actions .json export. You see what would change before anything does."
            </p>
            <div class="field">
                <label for="import-files">"Choose files"</label>
                <input
                    id="import-files"
                    type="file"
                    multiple
                    accept=".yml,.yaml,.json,application/json"
                    aria-describedby="import-files-error"
                    on:change=picked
                />
                <p class="error" id="import-files-error" role="alert">{move || problem.get()}</p>
            </div>
            <DeployImportPanel draft=deploy />
            <ImportPanel draft=json />
        </section>
    }
}
