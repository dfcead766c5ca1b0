//! The generated files: a tree as they will land in the repository, the selected file with
//! highlighting and line numbers, and a copy button.

use kamal_actions_core::highlight;
use kamal_actions_core::tree::tree_rows;
use kamal_actions_core::GeneratedFile;
use leptos::prelude::*;

use super::clipboard;
use super::state::use_state;

/// The file a user most likely wants first: the deploy workflow of the first environment.
fn default_selection(files: &[GeneratedFile], first_env: &str) -> String {
    let is_deploy = |f: &&GeneratedFile| {
        let name = f.path.rsplit('/').next().unwrap_or_default();
        f.path.starts_with(".github/workflows/")
            && (name == format!("deploy-{first_env}.yml")
                || name.ends_with(&format!("build_deploy_{}.yml", first_env.replace('-', "_"))))
    };
    files
        .iter()
        .find(is_deploy)
        .or_else(|| {
            files
                .iter()
                .find(|f| f.path.starts_with(".github/workflows/"))
        })
        .or_else(|| files.first())
        .map(|f| f.path.clone())
        .unwrap_or_default()
}

/// The tree and the selected file.
#[component]
pub fn Preview() -> impl IntoView {
    let state = use_state();
    let files = state.files;
    let chosen = state.chosen_file;
    // The chosen file while it exists (a rename can remove it), else the default.
    let first_env = Memo::new(move |_| {
        state.valid_config.with(|c| {
            c.environments
                .first()
                .map(|e| e.name.clone())
                .unwrap_or_default()
        })
    });
    let selected = Memo::new(move |_| {
        files.with(|fs| match chosen.get() {
            Some(path) if fs.iter().any(|f| f.path == path) => path,
            _ => first_env.with(|env| default_selection(fs, env)),
        })
    });
    let contents = Memo::new(move |_| {
        let path = selected.get();
        files.with(|fs| {
            fs.iter()
                .find(|f| f.path == path)
                .map(|f| f.contents.clone())
                .unwrap_or_default()
        })
    });
    let lines = Memo::new(move |_| {
        let yaml = highlight::is_yaml(&selected.get());
        contents.with(|text| {
            text.lines()
                .enumerate()
                .map(|(i, line)| (i, line.to_string(), yaml))
                .collect::<Vec<_>>()
        })
    });
    let rows = Memo::new(move |_| {
        files.with(|fs| tree_rows(&fs.iter().map(|f| f.path.clone()).collect::<Vec<_>>()))
    });
    view! {
        <div class="preview-body">
            <nav class="file-tree" aria-label="Generated files">
                <ul>
                    <For each=move || rows.get() key=|row| (row.label.clone(), row.path.clone(), row.depth) let:row>
                        <li class=format!("depth-{}", row.depth.min(6))>
                            {match row.path.clone() {
                                None => view! { <span class="folder">{row.label.clone()}</span> }.into_any(),
                                Some(path) => {
                                    let target = path.clone();
                                    let current = path.clone();
                                    view! {
                                        <button
                                            type="button"
                                            class="file-button"
                                            data-path=path.clone()
                                            aria-current=move || (selected.get() == current).then_some("true")
                                            on:click=move |_| chosen.set(Some(target.clone()))
                                        >
                                            {row.label.clone()}
                                        </button>
                                    }
                                    .into_any()
                                }
                            }}
                        </li>
                    </For>
                </ul>
            </nav>
            <article class="file" data-path=move || selected.get() aria-label=move || format!("Preview of {}", selected.get())>
                <header class="file-header">
                    <h3 class="file-path">{move || selected.get()}</h3>
                    <CopyButton text=contents />
                </header>
                <pre class="file-contents" tabindex="0">
                    <code>
                        // Keyed by position and text: a keystroke re-renders only the lines it
                        // changed, not the whole file.
                        <For each=move || lines.get() key=|line| line.clone() let:line>
                            {highlighted_line(&line.1, line.2)}
                        </For>
                    </code>
                </pre>
            </article>
        </div>
    }
}

/// One line as highlighted spans (YAML files only); line numbers come from CSS counters so
/// that selecting the text copies the file alone.
fn highlighted_line(line: &str, yaml: bool) -> AnyView {
    if !yaml {
        return view! { <span class="line">{line.to_string()}"\n"</span> }.into_any();
    }
    let spans = highlight::line(line)
        .into_iter()
        .map(|(token, piece)| {
            let piece = piece.to_string();
            match token.class() {
                "" => piece.into_any(),
                class => view! { <span class=class>{piece}</span> }.into_any(),
            }
        })
        .collect_view();
    view! { <span class="line">{spans}"\n"</span> }.into_any()
}

/// Copies `text` and says so for two seconds.
#[component]
pub fn CopyButton(#[prop(into)] text: Signal<String>) -> impl IntoView {
    let status = RwSignal::new("Copy");
    let copy = move |_| {
        let value = text.get_untracked();
        leptos::task::spawn_local(async move {
            status.set(match clipboard::write(&value).await {
                Ok(()) => "Copied",
                Err(_) => "Copy failed",
            });
            leptos::prelude::set_timeout(
                move || status.set("Copy"),
                std::time::Duration::from_secs(2),
            );
        });
    };
    view! {
        <button type="button" class="copy" id="copy-file" on:click=copy aria-live="polite">
            {move || status.get()}
        </button>
    }
}
