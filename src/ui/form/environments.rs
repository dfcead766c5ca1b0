//! Environments: where the app deploys, what starts a deploy, and per-environment secrets.

use kamal_actions_core::config::edit::Kind;
use kamal_actions_core::config::{ConcurrencyPolicy, Config, Environment, Registry, Trigger};
use leptos::prelude::*;

use super::Section;
use crate::ui::fields::{
    move_item, options, Checkbox, ItemButtons, ListField, SelectField, TextField,
};
use crate::ui::state::{use_state, State};

#[component]
pub fn EnvironmentsSection() -> impl IntoView {
    let state = use_state();
    let len = Signal::derive(move || state.config.with(|c| c.environments.len()));
    view! {
        <Section
            id="environments"
            title="Environments"
            about="Each environment gets its own deploy workflow, GitHub environment and Kamal destination."
        >
            <crate::ui::fields::Messages path="environments" />
            <For each=move || 0..len.get() key=|i| *i let:i>
                <EnvironmentCard index=i len=len />
            </For>
            <button
                type="button"
                class="add"
                id="add-environment"
                on:click=move |_| state.update(Config::add_environment)
            >
                "+ Add environment"
            </button>
        </Section>
    }
}

/// A field of the card's environment, or the default while the row is being removed.
/// Fields read the card's memo, not the whole configuration: typing elsewhere re-runs one
/// comparison per card instead of every field of every card.
fn env_value<T>(env: Memo<Option<Environment>>, f: fn(&Environment) -> T) -> Signal<T>
where
    T: Clone + Default + Send + Sync + 'static,
{
    Signal::derive(move || env.with(|e| e.as_ref().map(f).unwrap_or_default()))
}

fn edit(state: State, i: usize, f: impl FnOnce(&mut Environment)) {
    state.update(|c| {
        if let Some(env) = c.environments.get_mut(i) {
            f(env);
        }
    });
}

#[component]
fn EnvironmentCard(index: usize, len: Signal<usize>) -> impl IntoView {
    let state = use_state();
    let i = index;
    let at = move |field: &str| format!("environments[{i}].{field}");
    let env = Memo::new(move |_| state.config.with(|c| c.environments.get(i).cloned()));
    let name = env_value(env, |e| e.name.clone());
    let kind = env_value(env, |e| e.trigger.name().to_string());
    let is_ecr = Memo::new(move |_| {
        state
            .config
            .with(|c| matches!(c.registry, Registry::Ecr { .. }))
    });
    let vars = Memo::new(move |_| state.config.with(|c| c.secrets.env.clone()));
    // One row per variable (its name, placeholder the shared secret), then one per override
    // of a variable no longer listed (from a link or an import), so its message has a field
    // where the user can empty it.
    let rows = Memo::new(move |_| {
        env.with(|e| {
            vars.with(|vars| {
                let mut rows: Vec<(String, String, String)> = vars
                    .iter()
                    .map(|v| (v.name.clone(), v.name.clone(), v.secret.clone()))
                    .collect();
                for name in e.iter().flat_map(|e| e.secret_overrides.keys()) {
                    if !vars.iter().any(|v| &v.name == name) {
                        let label = format!("{name} (not under Secrets: empty it to remove)");
                        rows.push((name.clone(), label, String::new()));
                    }
                }
                rows
            })
        })
    });
    view! {
        <fieldset class="card">
            <legend>{move || format!("Environment: {}", name.get())}</legend>
            <ItemButtons
                what=Signal::derive(move || format!("environment {}", name.get()))
                index=i
                len=len
                on_move=move |m| state.update(|c| move_item(&mut c.environments, m))
                on_remove=move |i| state.update(|c| {
                    if i < c.environments.len() {
                        c.environments.remove(i);
                    }
                })
            />
            <div class="row">
                <TextField
                    path=at("name")
                    label="Name"
                    value=name
                    on_input=move |v| state.update(|c| c.rename_environment(i, v))
                />
                <TextField
                    path=at("destination")
                    label="Kamal destination"
                    hint="-d NAME; empty for none"
                    value=env_value(env, |e| e.destination.clone())
                    on_input=move |v| edit(state, i, |e| e.destination = v)
                />
            </div>
            <div class="row">
                <TextField
                    path=at("github_environment")
                    label="GitHub environment"
                    value=env_value(env, |e| e.github_environment.clone())
                    on_input=move |v| edit(state, i, |e| e.github_environment = v)
                />
                <TextField
                    path=at("url")
                    label="URL (optional)"
                    kind="url"
                    placeholder="https://example.com"
                    value=env_value(env, |e| e.url.clone())
                    on_input=move |v| edit(state, i, |e| e.url = v)
                />
            </div>
            <SelectField
                path=at("trigger")
                label="Deploy when"
                options=options(&[
                    ("release", "a GitHub release is published"),
                    ("branches", "a branch is pushed"),
                    ("tags", "a tag is pushed"),
                    ("manual", "started by hand only"),
                ])
                value=kind
                on_change=move |v: String| state.update(|c| c.set_trigger_kind(i, &v))
            />
            <Show when=move || kind.get() == "branches">
                <ListField
                    path=at("trigger.branches")
                    label="Branches"
                    hint="Comma-separated, e.g. main, staging"
                    value=env_value(env, |e| match &e.trigger {
                        Trigger::Branches { branches } => branches.clone(),
                        _ => Vec::new(),
                    })
                    on_input=move |v| edit(state, i, |e| e.trigger = Trigger::Branches { branches: v })
                />
            </Show>
            <Show when=move || kind.get() == "tags">
                <ListField
                    path=at("trigger.tags")
                    label="Tag patterns"
                    hint="Comma-separated, e.g. v*"
                    value=env_value(env, |e| match &e.trigger {
                        Trigger::Tags { tags } => tags.clone(),
                        _ => Vec::new(),
                    })
                    on_input=move |v| edit(state, i, |e| e.trigger = Trigger::Tags { tags: v })
                />
            </Show>
            <Show when=move || kind.get() != "manual">
                <Checkbox
                    path=at("checks_first")
                    label="Run the specs and lint first; deploy only if they pass"
                    checked=env_value(env, |e| e.checks_first)
                    on_change=move |b| edit(state, i, |e| e.checks_first = b)
                />
            </Show>
            <ListField
                path=at("hosts")
                label="Servers (optional)"
                hint="Comma-separated hosts from servers: in deploy.yml; the setup guide scans their SSH host keys."
                value=env_value(env, |e| e.hosts.clone())
                on_input=move |v| edit(state, i, |e| e.hosts = v)
            />
            <SelectField
                path=at("concurrency")
                label="When a deploy is already running"
                options=options(&[
                    ("queue", "wait for it (safe)"),
                    ("cancel_and_release_lock", "cancel it, release the lock (seed)"),
                ])
                value=env_value(env, |e| match e.concurrency {
                    ConcurrencyPolicy::Queue => "queue".to_string(),
                    ConcurrencyPolicy::CancelAndReleaseLock => "cancel_and_release_lock".to_string(),
                })
                on_change=move |v: String| edit(state, i, |e| {
                    e.concurrency = if v == "queue" { ConcurrencyPolicy::Queue } else { ConcurrencyPolicy::CancelAndReleaseLock };
                })
            />
            <Show when=move || is_ecr.get()>
                <TextField
                    path=at("aws_role_arn")
                    label="IAM role for this environment (optional)"
                    hint="Leave empty to use the registry's role."
                    value=env_value(env, |e| e.aws_role_arn.clone())
                    on_input=move |v| edit(state, i, |e| e.aws_role_arn = v)
                />
            </Show>
            <Show when=move || !rows.with(Vec::is_empty)>
                <details class="overrides">
                    <summary>"Secret names for this environment"</summary>
                    <p class="hint overrides-model">
                        "Usually leave these empty: the secret of the same name in this environment's GitHub environment already holds this environment's value. "
                        "Fill one in only if your repository keeps secrets at the repository level under different names (e.g. DATABASE_URL_PRODUCTION)."
                    </p>
                    <For each=move || rows.get() key=|row| row.clone() let:row>
                        <TextField
                            path=format!("environments[{i}].secret_overrides.{}", row.0)
                            label=row.1.clone()
                            placeholder=row.2.clone()
                            value={
                                let name = row.0.clone();
                                Signal::derive(move || env.with(|e| {
                                    e.as_ref().and_then(|e| e.secret_overrides.get(&name).cloned()).unwrap_or_default()
                                }))
                            }
                            on_input={
                                let name = row.0.clone();
                                move |v: String| edit(state, i, |e| {
                                    if v.is_empty() {
                                        e.secret_overrides.remove(&name);
                                    } else {
                                        e.secret_overrides.insert(name.clone(), v);
                                    }
                                })
                            }
                        />
                    </For>
                </details>
            </Show>
        </fieldset>
    }
}
