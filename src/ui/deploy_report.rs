//! The deploy.yml import's report: what was recognised, ignored and refused, which
//! environment each file deploys, and the fields Apply would change. Like the import itself
//! it is code of the import's chunk (`super::importer` hands it back with each result), so
//! the page's first load carries none of it.

use kamal_actions_core::config::diff::Change;
use kamal_actions_core::config::{labels, Config};
use kamal_actions_core::import::{Choices, Imported};
use leptos::prelude::*;

use super::fields::{Binding, Checkbox, Choice, SelectField};
use super::signals::Var;
use super::state::use_state;

/// What the report shows and the panel's controls it drives.
pub struct Report {
    pub imported: Imported,
    /// The fields the import changes, against the form as it is now.
    pub found: Vec<Change>,
    pub choices: Var<Choices>,
    /// Whether a newer result is on its way (Apply waits for it).
    pub pending: Signal<bool>,
    pub apply: Callback<()>,
    pub cancel: Callback<()>,
}

/// Builds the report (a plain function: it crosses the chunk's boundary).
pub type ReportView = fn(Report) -> AnyView;

/// The report, with Apply and Cancel.
pub fn view(report: Report) -> AnyView {
    let Report {
        imported,
        found,
        choices,
        pending,
        apply,
        cancel,
    } = report;
    let existing = use_state()
        .config
        .with_untracked(|c| c.environments.iter().map(|e| e.name.clone()).collect());
    let mapping = mapping_view(&imported, existing, choices);
    let lines = imported.report;
    let nothing = found.is_empty();
    view! {
        <div class="deploy-report" id="deploy-report" role="region" aria-label="Import preview">
            {report_list("Could not be read", "error", lines.errors)}
            {report_list("Kamal would refuse these files", "error", lines.refused)}
            {mapping}
            {report_list("Recognised", "recognised", lines.recognised)}
            {report_list("Ignored", "ignored", lines.ignored)}
            <h3>"Changes to the form"</h3>
            {changes_table(&imported.config, found)}
            <div class="toolbar">
                <button type="button" id="deploy-apply" disabled=move || nothing || pending.get() on:click=move |_| apply.run(())>
                    "Apply these changes"
                </button>
                <button type="button" class="quiet" id="deploy-cancel" on:click=move |_| cancel.run(())>
                    "Cancel"
                </button>
            </div>
        </div>
    }
    .into_any()
}

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
    choices: Var<Choices>,
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
