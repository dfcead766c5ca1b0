//! The generated files: a tree as they will land in the repository, the selected file with
//! highlighting and line numbers, and a copy button.

use kamal_actions_core::changes::{FileChange, Lines};
use kamal_actions_core::highlight;
use kamal_actions_core::tree::{self, tree_rows};
use kamal_actions_core::GeneratedFile;
use leptos::prelude::*;

use super::clipboard;
use super::control_flow::{Keyed, When};
use super::signals::{Derived, Var};
use super::split::NotLoaded;
use super::state::{field_id, use_state};
use super::storage;

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

/// What the last edit changed, in a sentence; `None` when it changed no file.
fn edit_summary(changes: &std::collections::BTreeMap<String, FileChange>) -> Option<String> {
    if changes.is_empty() {
        return None;
    }
    let count = |f: fn(&FileChange) -> bool| changes.values().filter(|c| f(c)).count();
    let changed = count(|c| matches!(c, FileChange::Changed { .. }));
    let added = count(|c| matches!(c, FileChange::Added));
    let removed: Vec<&str> = changes
        .iter()
        .filter(|(_, c)| matches!(c, FileChange::Removed))
        .map(|(p, _)| p.as_str())
        .collect();
    let mut parts = Vec::new();
    if changed > 0 {
        parts.push(format!(
            "changed {changed} file{}",
            if changed == 1 { "" } else { "s" }
        ));
    }
    if added > 0 {
        parts.push(format!("added {added}"));
    }
    if !removed.is_empty() {
        parts.push(format!("removed {}", removed.join(", ")));
    }
    Some(format!(
        "Your last edit {} (marked in the tree).",
        parts.join(", ")
    ))
}

/// The tree's badge of a changed file: what it shows, and what it says in words.
fn change_badge(change: &FileChange) -> (String, String) {
    match change {
        FileChange::Added => ("new".into(), "new with your last edit".into()),
        FileChange::Changed(lines) => {
            let (written, removed) = (lines.written.len(), lines.removed);
            let short = match (written, removed) {
                (w, 0) => format!("+{w}"),
                (0, r) => format!("−{r}"),
                (w, r) => format!("+{w} −{r}"),
            };
            (
                short,
                format!("{written} line(s) written and {removed} removed by your last edit"),
            )
        }
        FileChange::Removed => (String::new(), String::new()),
    }
}

/// The tree and the selected file.
#[component]
pub fn Preview() -> impl IntoView {
    let state = use_state();
    let files = state.files;
    let chosen = state.chosen_file;
    // The chosen file while it exists (a rename can remove it), else the default.
    let first_env = Derived::new(move |_| {
        state.valid_config.with(|c| {
            c.environments
                .first()
                .map(|e| e.name.clone())
                .unwrap_or_default()
        })
    });
    let selected = Derived::new(move |_| {
        files.with(|fs| match chosen.get() {
            Some(path) if fs.iter().any(|f| f.path == path) => path,
            _ => first_env.with(|env| default_selection(fs, env)),
        })
    });
    // Rendered alone on a keystroke, a paint before the other files (`State::file_now`).
    let contents = Derived::new(move |_| {
        let path = selected.get();
        state.file_now(&path).unwrap_or_else(|| {
            files.with(|fs| {
                fs.iter()
                    .find(|f| f.path == path)
                    .map(|f| f.contents.clone())
                    .unwrap_or_default()
            })
        })
    });
    state.follow_changes();
    let changes = state.changes;
    // The open file's lines the last edit wrote (all of them for a new file).
    let changed_here = Derived::new(move |_| {
        let path = selected.get();
        changes.with(|c| match c.get(&path) {
            Some(FileChange::Changed(lines)) => lines.clone(),
            Some(FileChange::Added) => Lines {
                written: contents.with(|t| (0..t.lines().count()).collect()),
                ..Lines::default()
            },
            _ => Lines::default(),
        })
    });
    let lines = Derived::new(move |_| {
        let yaml = highlight::is_yaml(&selected.get());
        changed_here.with(|changed| {
            contents.with(|text| {
                text.lines()
                    .enumerate()
                    .map(|(i, line)| {
                        let mark = Mark {
                            written: changed.written.binary_search(&i).is_ok(),
                            removed_above: changed.removed_before.binary_search(&i).is_ok(),
                        };
                        (i, line.to_string(), yaml, mark)
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    // Each file's one-line summary, read once per render rather than per row.
    let summaries = Derived::new(move |_| {
        // Inserted one by one: collecting would compile a sort of the pairs (1.0 KB of gzipped
        // wasm) for a list that comes sorted by path.
        files.with(|fs| {
            let mut by_path = std::collections::BTreeMap::new();
            for f in fs.iter() {
                by_path.insert(f.path.clone(), tree::summary(&f.path, &f.contents));
            }
            by_path
        })
    });
    let rows = Derived::new(move |_| {
        files.with(|fs| tree_rows(&fs.iter().map(|f| f.path.clone()).collect::<Vec<_>>()))
    });
    let summary = Derived::new(move |_| changes.with(edit_summary));
    // Markdown (the setup guide) is shown formatted unless the user asks for its source. The
    // guide is a file of the setup kit, whose code shows it (`super::state::Kit`).
    let formatted = Var::new(true);
    let is_markdown = Derived::new(move |_| selected.with(|p| p.ends_with(".md")));
    let kit = state.kit;
    let shown_formatted =
        Derived::new(move |_| is_markdown.get() && formatted.get() && kit.with(Option::is_some));
    // Long lines wrap unless the user turned it off (remembered on this browser).
    let wrap = Var::new(storage::load_pref(storage::WRAP_PREF).as_deref() != Some("off"));
    let jump = move |_| {
        let open = selected.get_untracked();
        let here = changed_here.with_untracked(|l| !l.written.is_empty() || l.removed > 0);
        if !here {
            let first = changes.with_untracked(|c| {
                c.iter()
                    .find(|(_, change)| !matches!(change, FileChange::Removed))
                    .map(|(path, _)| path.clone())
            });
            if let Some(path) = first.filter(|p| *p != open) {
                chosen.set(Some(path));
            }
        }
        // After the chosen file renders: its first changed line, in view.
        set_timeout(
            || {
                let document = document();
                if let Ok(Some(line)) = document.query_selector(".file-contents .line.changed") {
                    line.scroll_into_view();
                }
            },
            std::time::Duration::from_millis(0),
        );
    };
    view! {
        <p class="edit-summary" id="edit-summary" aria-live="polite">
            <When when=move || state.changes_lost.get()>
                <span class="error" id="edit-marks-failed">
                    {NotLoaded::message("mark what your last edit changed")}
                </span>
            </When>
            {move || summary.get().map(|text| view! {
                <span>{text}</span>
                " "
                <button type="button" class="link" id="jump-to-change" on:click=jump>
                    "Show the first change"
                </button>
            })}
        </p>
        <div class="preview-body">
            // A phone gets a compact selector instead of the tree (CSS shows one of the two).
            <div class="field file-select">
                <label for="file-select">"File"</label>
                <select
                    id="file-select"
                    prop:value=move || selected.get()
                    on:change=move |ev| chosen.set(Some(event_target_value(&ev)))
                >
                    {move || files.with(|fs| fs.iter().map(|f| {
                        let mark = changes.with(|c| c.get(&f.path).map(change_badge)).map(|(short, _)| format!(" ({short})")).unwrap_or_default();
                        let text = format!("{}{mark}", f.path);
                        view! { <option value=f.path.clone()>{text}</option> }
                    }).collect_view())}
                </select>
            </div>
            <nav class="file-tree" aria-label="Generated files">
                <ul>
                    <Keyed each=move || rows.get() key=|row| (row.label.clone(), row.path.clone(), row.depth) let:row>
                        <li class=format!("depth-{}", row.depth.min(6))>
                            {match row.path.clone() {
                                None => view! { <span class="folder">{row.label.clone()}</span> }.into_any(),
                                Some(path) => {
                                    let target = path.clone();
                                    let current = path.clone();
                                    let marked = path.clone();
                                    let change = Derived::new(move |_| changes.with(|c| c.get(&marked).map(change_badge)));
                                    let described = path.clone();
                                    let about = Derived::new(move |_| summaries.with(|s| s.get(&described).cloned().unwrap_or_default()));
                                    let about_id = format!("about-{}", field_id(&path));
                                    view! {
                                        <button
                                            type="button"
                                            class="file-button"
                                            class:changed=move || change.with(Option::is_some)
                                            data-path=path.clone()
                                            aria-current=move || (selected.get() == current).then_some("true")
                                            aria-describedby=about_id.clone()
                                            on:click=move |_| chosen.set(Some(target.clone()))
                                        >
                                            {row.label.clone()}
                                            {move || change.get().map(|(short, long)| view! {
                                                <span class="change-badge" title=long.clone()>
                                                    <span aria-hidden="true">{short}</span>
                                                    <span class="visually-hidden">{format!(" ({long})")}</span>
                                                </span>
                                            })}
                                        </button>
                                        <span class="file-summary" id=about_id>{move || about.get()}</span>
                                    }
                                    .into_any()
                                }
                            }}
                        </li>
                    </Keyed>
                </ul>
            </nav>
            <article class="file" data-path=move || selected.get() aria-label=move || format!("Preview of {}", selected.get())>
                <header class="file-header">
                    <h3 class="file-path">{move || selected.get()}</h3>
                    <div class="file-options">
                        // Hidden rather than unmounted: one view type fewer to compile in.
                        <button
                            type="button"
                            id="markdown-source"
                            hidden=move || !is_markdown.get()
                            aria-pressed=move || (!formatted.get()).to_string()
                            on:click=move |_| formatted.update(|f| *f = !*f)
                        >
                            "Markdown source"
                        </button>
                        <label class="wrap-toggle" hidden=move || shown_formatted.get()>
                            <input
                                type="checkbox"
                                id="wrap-lines"
                                prop:checked=move || wrap.get()
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    wrap.set(on);
                                    storage::save_pref(storage::WRAP_PREF, if on { "on" } else { "off" });
                                }
                            />
                            "Wrap long lines"
                        </label>
                        <CopyButton text=contents />
                    </div>
                </header>
                <When
                    when=move || shown_formatted.get()
                    fallback=move || view! {
                        <pre class="file-contents" class:wrap=move || wrap.get() tabindex="0">
                            <code>
                                // Keyed by position and text: a keystroke re-renders only the lines it
                                // changed, not the whole file.
                                <Keyed each=move || lines.get() key=|line| line.clone() let:line>
                                    {highlighted_line(&line.1, line.2, line.3)}
                                </Keyed>
                            </code>
                        </pre>
                    }
                >
                    {move || kit.get().map(|kit| (kit.markdown)(contents.into(), changed_here))}
                </When>
            </article>
        </div>
    }
}

/// One line as highlighted spans (YAML files only); line numbers come from CSS counters so
/// that selecting the text copies the file alone.
/// How the last edit touched one line: written by it, or lines removed just above it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Mark {
    written: bool,
    removed_above: bool,
}

/// The class that indents a wrapped line's continuation under its own text (two columns
/// further), by its leading spaces: classes, since the CSP allows no inline style.
fn line_class(line: &str) -> String {
    let indent = line.len() - line.trim_start_matches(' ').len();
    format!("line indent-{}", (indent / 2).min(MAX_INDENT_CLASS))
}

/// The deepest `indent-N` class `style/main.css` defines.
const MAX_INDENT_CLASS: usize = 12;

fn highlighted_line(line: &str, yaml: bool, mark: Mark) -> AnyView {
    let (changed, removed) = (mark.written, mark.removed_above);
    let class = line_class(line);
    if !yaml {
        return view! {
            <span class=class class:changed=changed class:removed-above=removed>{line.to_string()}"\n"</span>
        }
        .into_any();
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
    view! { <span class=class class:changed=changed class:removed-above=removed>{spans}"\n"</span> }
        .into_any()
}

/// Copies `text` and says so for two seconds.
#[component]
fn CopyButton(#[prop(into)] text: Signal<String>) -> impl IntoView {
    let status = Var::new("Copy");
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
