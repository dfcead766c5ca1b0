//! The page: the form on one side, the generated files on the other.

use kamal_actions_core::bundle::{zip, zip_name};
use kamal_actions_core::config::Trigger;
use kamal_actions_core::{render, Config, GeneratedFile, Problem};
use leptos::prelude::*;

use super::download;

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let config = RwSignal::new(Config::default());
    let result = Memo::new(move |_| config.with(render));
    let problems =
        Memo::new(move |_| result.with(|r| r.as_ref().err().cloned().unwrap_or_default()));
    // While the configuration has errors the preview keeps the last files that were valid.
    let files = Memo::new(
        move |previous: Option<&Vec<GeneratedFile>>| match result.get() {
            Ok(files) => files,
            Err(_) => previous.cloned().unwrap_or_default(),
        },
    );
    let download_error = RwSignal::new(None::<String>);
    let on_download = move |_| {
        let outcome = files.with(|f| zip(f));
        let name = config.with(|c| zip_name(&c.project.service));
        download_error.set(download::save(&name, "application/zip", &outcome).err());
    };

    view! {
        <header class="topbar">
            <h1>"kamal-actions"</h1>
            <p class="tagline">"GitHub Actions for deploying with Kamal, generated in your browser."</p>
        </header>
        <main class="layout">
            <section class="form" aria-label="Configuration">
                <h2>"Project"</h2>
                <TextField
                    id="service"
                    label="Application name"
                    hint="The service name from config/deploy.yml."
                    value=Signal::derive(move || config.with(|c| c.project.service.clone()))
                    on_input=move |v| config.update(|c| c.project.service = v)
                    problem=problem_at(problems, "project.service")
                />
                <h2>"Environment"</h2>
                <TextField
                    id="env-0-name"
                    label="Environment name"
                    hint="The Kamal destination and GitHub environment, e.g. production."
                    value=Signal::derive(move || config.with(|c| c.environments[0].name.clone()))
                    on_input=move |v| config.update(|c| {
                        c.environments[0].destination = v.clone();
                        c.environments[0].github_environment = v.clone();
                        c.environments[0].name = v;
                    })
                    problem=problem_at(problems, "environments[0].name")
                />
                <TextField
                    id="env-0-branch"
                    label="Deploy on pushes to branch"
                    hint="Every push to this branch deploys the environment."
                    value=Signal::derive(move || config.with(|c| first_branch(&c.environments[0].trigger)))
                    on_input=move |v| config.update(|c| c.environments[0].trigger = Trigger::Branches { branches: vec![v] })
                    problem=problem_at(problems, "environments[0].trigger.branches[0]")
                />
            </section>
            <section class="preview" aria-label="Generated files">
                <div class="preview-bar">
                    <Status problems=problems />
                    <button
                        id="download-zip"
                        class="primary"
                        disabled=move || problems.with(|p| !p.is_empty())
                        on:click=on_download
                    >
                        "Download .zip"
                    </button>
                </div>
                <Show when=move || download_error.with(Option::is_some)>
                    <p class="error" role="alert">{move || download_error.get()}</p>
                </Show>
                <For
                    each=move || files.get()
                    key=|file| file.path.clone()
                    children=move |file| {
                        let path = file.path.clone();
                        let contents = Signal::derive(move || {
                            files.with(|fs| {
                                fs.iter().find(|f| f.path == path).map(|f| f.contents.clone()).unwrap_or_default()
                            })
                        });
                        view! {
                            <article class="file" data-path=file.path.clone()>
                                <h3 class="file-path">{file.path.clone()}</h3>
                                <pre class="file-contents"><code>{contents}</code></pre>
                            </article>
                        }
                    }
                />
            </section>
        </main>
    }
}

fn first_branch(trigger: &Trigger) -> String {
    match trigger {
        Trigger::Branches { branches } => branches.first().cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

/// The message for the field at `path`, if validation reported one.
fn problem_at(problems: Memo<Vec<Problem>>, path: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        problems.with(|ps| {
            ps.iter()
                .find(|p| p.path == path)
                .map(|p| p.message.clone())
        })
    })
}

/// A labelled text input with its hint and, when invalid, the problem right under it.
#[component]
fn TextField(
    /// The input's id; also the prefix of its hint and error ids.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// One sentence under the label.
    hint: &'static str,
    /// The current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new value on every keystroke.
    on_input: impl Fn(String) + 'static,
    /// The validation message for this field.
    #[prop(into)]
    problem: Signal<Option<String>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = format!("{hint_id} {error_id}");
    view! {
        <div class="field" class:invalid=move || problem.with(Option::is_some)>
            <label for=id>{label}</label>
            <input
                id=id
                type="text"
                spellcheck="false"
                autocomplete="off"
                aria-describedby=described_by
                aria-invalid=move || if problem.with(Option::is_some) { "true" } else { "false" }
                prop:value=value
                on:input=move |ev| on_input(event_target_value(&ev))
            />
            <p class="hint" id=hint_id>{hint}</p>
            <p class="error" id=error_id role="status">{move || problem.get()}</p>
        </div>
    }
}

/// How many problems block the download, or that everything is ready.
#[component]
fn Status(problems: Memo<Vec<Problem>>) -> impl IntoView {
    view! {
        <p class="status" id="status" aria-live="polite">
            {move || match problems.with(Vec::len) {
                0 => "Ready: every file is valid.".to_string(),
                1 => "1 problem to fix; the preview shows the last valid files and downloads are off.".to_string(),
                n => format!("{n} problems to fix; the preview shows the last valid files and downloads are off."),
            }}
        </p>
    }
}
