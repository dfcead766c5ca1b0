//! Import an existing Kamal `config/deploy.yml` (and destination files): the page shows what
//! was recognised, what was ignored, what could not be read and every field the import would
//! change, against the form as it is now, and applies it only on confirmation (with undo).
//! The import's code is a chunk fetched when the import is first opened (`importer`), so its
//! result arrives a moment after each edit; Apply waits for the result of the newest one.

use kamal_actions_core::config::diff::{changes, Change};
use kamal_actions_core::config::{labels, Config};
use kamal_actions_core::import::{Choices, DeployFile, Imported};
use kamal_actions_core::session::Notice;
use leptos::prelude::*;

use super::fields::{Binding, Checkbox, Choice, SelectField};
use super::importer;
use super::state::use_state;

/// Select options for the environment a file deploys: the form's environments, and the
/// mapped name when it is a new one.
fn environment_options(existing: &[String], chosen: Option<&str>) -> Vec<(String, String)> {
    let mut options: Vec<(String, String)> = existing
        .iter()
        .map(|name| (name.clone(), format!("environment {name}")))
        .collect();
    if let Some(new) = chosen.filter(|c| !existing.iter().any(|e| e == c)) {
        options.push((new.to_string(), format!("a new environment {new}")));
    }
    options
}

/// Which environment each pasted file deploys, and the environments no file describes, each
/// changeable before Apply.
fn mapping_view(
    imported: &Imported,
    existing: Vec<String>,
    choices: RwSignal<Choices>,
) -> impl IntoView {
    const ALONE_NOT: &str = "";
    let mapping = &imported.mapping;
    let mut main_options = vec![(
        ALONE_NOT.to_string(),
        "is not deployed on its own".to_string(),
    )];
    main_options.extend(environment_options(&existing, mapping.main.as_deref()));
    let main_value = mapping.main.clone().unwrap_or_default();
    let destinations = mapping
        .destinations
        .iter()
        .map(|(dest, env)| {
            let dest = dest.clone();
            let value = env.clone();
            let mut options = environment_options(&existing, Some(env));
            if !options.iter().any(|(v, _)| *v == dest) {
                options.push((dest.clone(), format!("a new environment {dest}")));
            }
            let label = format!("config/deploy.{dest}.yml (kamal deploy -d {dest}) deploys");
            view! {
                <SelectField
                    choice=Choice::new(
                        Binding::new(
                            format!("import.destination.{dest}"),
                            Signal::derive(move || value.clone()),
                            move |v: String| choices.update(|c| { c.destinations.insert(dest.clone(), v); }),
                        ),
                        options,
                    )
                    label=label
                />
            }
        })
        .collect_view();
    let undescribed = imported
        .undescribed
        .iter()
        .map(|name| {
            let name = name.clone();
            let kept = mapping.keep.contains(&name);
            let label = format!("Keep environment {name}: no pasted file describes it");
            view! {
                <Checkbox
                    bind=Binding::new(
                        format!("import.keep.{name}"),
                        Signal::derive(move || kept),
                        move |keep: bool| choices.update(|c| {
                            c.keep.insert(name.clone(), keep);
                        }),
                    )
                    label=label
                />
            }
        })
        .collect_view();
    view! {
        <h3>"Which environment each file deploys"</h3>
        <div class="mapping" id="deploy-mapping">
            <SelectField
                choice=Choice::new(
                    Binding::new(
                        "import.main",
                        Signal::derive(move || main_value.clone()),
                        move |v: String| choices.update(|c| c.main = Some((!v.is_empty()).then_some(v))),
                    ),
                    main_options,
                )
                label="config/deploy.yml alone (kamal deploy without -d) deploys"
            />
            {destinations}
            {undescribed}
        </div>
    }
}

/// A list of report lines under a heading, or nothing when empty.
fn report_list(title: &'static str, class: &'static str, lines: Vec<String>) -> impl IntoView {
    (!lines.is_empty()).then(|| {
        view! {
            <h3 class=class>{title}</h3>
            <ul class=class>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
        }
    })
}

/// The fields an import would change, in the form's words: a value it takes away reads
/// "removed", one it adds where there was none "(none)" before it.
fn changes_table(config: &Config, found: Vec<Change>) -> impl IntoView {
    if found.is_empty() {
        return view! { <p id="deploy-no-changes">"Nothing in the form would change."</p> }
            .into_any();
    }
    view! {
        <table class="changes" id="deploy-changes">
            <thead>
                <tr><th scope="col">"Field"</th><th scope="col">"Now"</th><th scope="col">"After import"</th></tr>
            </thead>
            <tbody>
                {found.into_iter().map(|c| {
                    let field = labels::describe(config, &c.path);
                    let shown = |v: String, absent: &'static str| if v.is_empty() { absent.to_string() } else { v };
                    view! {
                        <tr>
                            <td>{field}</td>
                            <td>{shown(c.before, "(none)")}</td>
                            <td>{shown(c.after, "removed")}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The import's result for the newest request, with the fields it changes; or why there is
/// none.
type Outcome = Result<(Imported, Vec<Change>), String>;

/// The files being imported and whether their effect is shown: shared with the import
/// section, which fills them from dropped or picked files.
#[derive(Clone, Copy)]
pub struct DeployDraft {
    pub main: RwSignal<String>,
    pub destinations: RwSignal<Vec<DeployFile>>,
    /// Off until the user asks (or drops files): then the result follows the form and the
    /// files live, so what is shown is always what Apply would do.
    pub previewing: RwSignal<bool>,
    /// Whether the panel is open.
    pub open: RwSignal<bool>,
}

impl DeployDraft {
    pub fn new() -> Self {
        Self {
            main: RwSignal::new(String::new()),
            destinations: RwSignal::new(Vec::new()),
            previewing: RwSignal::new(false),
            open: RwSignal::new(false),
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
    let choices = RwSignal::new(Choices::default());
    // The import's code is fetched when the import is first opened, not with the page.
    Effect::new(move |_| {
        if open.get() {
            importer::start();
        }
    });
    // The newest request's id, and the outcome with the id it answers: waiting is when they
    // differ.
    let newest = RwSignal::new(0_u32);
    let outcome: RwSignal<Option<(u32, Outcome)>> = RwSignal::new(None);
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
        // Read tracked, so the result follows the form and the files.
        let (base, text, files, chosen) = (
            state.config.get(),
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
            let result = result.map(|imported| {
                let found = state
                    .config
                    .with_untracked(|c| changes(c, &imported.config));
                (imported, found)
            });
            outcome.set(Some((id, result)));
        });
    });
    let result = Signal::derive(move || outcome.get().and_then(|(_, result)| result.ok()));
    let apply = move |_| {
        if untrack(pending) {
            return;
        }
        let Some((imported, found)) = result.get_untracked() else {
            return;
        };
        let previous = state.config.get_untracked();
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
    };
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
                    prop:value=main
                    on:input=move |ev| main.set(event_target_value(&ev))
                ></textarea>
            </div>
            <For each=move || 0..count.get() key=|i| *i let:i>
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
            </For>
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
            {move || result.get().map(|(imported, found)| {
                let existing: Vec<String> = state
                    .config
                    .with_untracked(|c| c.environments.iter().map(|e| e.name.clone()).collect());
                let mapping = mapping_view(&imported, existing, choices);
                let report = imported.report;
                let nothing = found.is_empty();
                view! {
                    <div class="deploy-report" id="deploy-report" role="region" aria-label="Import preview">
                        {report_list("Could not be read", "error", report.errors)}
                        {report_list("Kamal would refuse these files", "error", report.refused)}
                        {mapping}
                        {report_list("Recognised", "recognised", report.recognised)}
                        {report_list("Ignored", "ignored", report.ignored)}
                        <h3>"Changes to the form"</h3>
                        {changes_table(&imported.config, found)}
                        <div class="toolbar">
                            <button type="button" id="deploy-apply" disabled=move || nothing || pending() on:click=apply>
                                "Apply these changes"
                            </button>
                            <button type="button" class="quiet" id="deploy-cancel" on:click=move |_| previewing.set(false)>
                                "Cancel"
                            </button>
                        </div>
                    </div>
                }
            })}
        </details>
    }
}
