//! Environments: where the app deploys, what starts a deploy, and per-environment secrets.

use kamal_actions_core::config::edit::Kind;
use kamal_actions_core::config::{path, ConcurrencyPolicy, Config, Environment, Registry, Trigger};
use kamal_actions_core::path;
use leptos::prelude::*;

use super::Section;
use crate::ui::control_flow::{Keyed, When};
use crate::ui::fields::focus_new_field;
use crate::ui::fields::{
    move_item, Binding, Checkbox, Choice, ItemButtons, ListField, SelectField, TextField,
};
use crate::ui::signals::{Derived, Distinct};
use crate::ui::state::use_state;

#[component]
pub fn EnvironmentsSection() -> impl IntoView {
    let state = use_state();
    let len = state.part(move |c| c.environments.len());
    view! {
        <Section
            id="environments"
            title="Environments"
            about="Each environment gets its own deploy workflow, GitHub environment and Kamal destination."
        >
            <crate::ui::fields::Messages path=path!(Config: environments) />
            <Keyed each=move || 0..len.get() key=|i| *i let:i>
                <EnvironmentCard index=i len=len />
            </Keyed>
            <button
                type="button"
                class="add"
                id="add-environment"
                on:click=move |_| {
                    let at = len.get_untracked();
                    state.update(Config::add_environment);
                    focus_new_field(path::environment(at, path!(Environment: name)));
                }
            >
                "+ Add environment"
            </button>
        </Section>
    }
}

/// A field of environment `i`, read from the card's environment (a `State::part`), not the
/// whole configuration: typing elsewhere re-runs one comparison per card and touches none of
/// its fields. Reads the default while the row is being removed.
fn env_field<T>(
    env: Distinct<Option<Environment>>,
    i: usize,
    field: &'static str,
    get: fn(&Environment) -> T,
    set: fn(&mut Config, usize, T),
) -> Binding<T>
where
    T: Clone + Default + Send + Sync + 'static,
{
    let state = use_state();
    Binding::new(
        path::environment(i, field),
        Signal::derive(move || env.with(|e| e.as_ref().map(get).unwrap_or_default())),
        move |v| state.update(|c| set(c, i, v)),
    )
}

/// [`env_field`] for a field written as it is typed: `env_field!(env, i, url)`.
macro_rules! env_field {
    ($env:expr, $i:expr, $field:ident) => {
        env_field(
            $env,
            $i,
            path!(Environment: $field),
            |e| e.$field.clone(),
            |c, i, v| edit(c, i, |e| e.$field = v),
        )
    };
}

/// Changes environment `i`, if it is still there.
fn edit(c: &mut Config, i: usize, f: impl FnOnce(&mut Environment)) {
    if let Some(env) = c.environments.get_mut(i) {
        f(env);
    }
}

/// The secret name environment `i` reads variable `name` from; emptying it removes the
/// override.
fn override_field(env: Distinct<Option<Environment>>, i: usize, name: String) -> Binding<String> {
    let state = use_state();
    let path = path::entry(
        &path::environment(i, path!(Environment: secret_overrides)),
        &name,
    );
    let key = name.clone();
    let value = Signal::derive(move || {
        env.with(|e| {
            e.as_ref()
                .and_then(|e| e.secret_overrides.get(&key).cloned())
        })
        .unwrap_or_default()
    });
    Binding::new(path, value, move |v: String| {
        state.update(|c| {
            edit(c, i, |e| {
                if v.is_empty() {
                    e.secret_overrides.remove(&name);
                } else {
                    e.secret_overrides.insert(name.clone(), v);
                }
            })
        })
    })
}

/// The environment whose image a promoted environment deploys: a choice among the others,
/// rebuilt when their names change.
#[component]
fn PromotedFrom(env: Distinct<Option<Environment>>, i: usize) -> impl IntoView {
    let state = use_state();
    let field = |e: &Environment| match &e.trigger {
        Trigger::After { .. } => {
            path!(Environment: trigger => from in Trigger::After { from })
        }
        _ => path!(Environment: trigger => from in Trigger::Promote { from }),
    };
    // A part, so that a keystroke in another field does not build the select again.
    let others = state.part(move |c| {
        let options: Vec<(String, String)> = c
            .environments
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, e)| (e.name.clone(), e.name.clone()))
            .collect();
        (options, c.environments.get(i).map_or("", field))
    });
    move || {
        let (mut options, path) = others.get();
        let current = env.with(|e| {
            e.as_ref()
                .and_then(|e| e.trigger.promoted_from())
                .unwrap_or_default()
                .to_string()
        });
        if !options.iter().any(|(v, _)| *v == current) {
            options.insert(0, (current, "(choose an environment)".into()));
        }
        let bind = env_field(
            env,
            i,
            path,
            |e| e.trigger.promoted_from().unwrap_or_default().to_string(),
            Config::set_promoted_from,
        );
        view! {
            <SelectField
                choice=Choice::new(bind, options)
                label="Deploy the image built for"
                hint="Its image at the same commit is deployed without building (kamal deploy --skip-push --version). Give this environment required reviewers in GitHub to approve each promotion."
            />
        }
    }
}

#[component]
fn EnvironmentCard(index: usize, len: Distinct<usize>) -> impl IntoView {
    let state = use_state();
    let i = index;
    let env = state.part(move |c| c.environments.get(i).cloned());
    let name = env_field(
        env,
        i,
        path!(Environment: name),
        |e| e.name.clone(),
        Config::rename_environment,
    );
    let kind = env_field(
        env,
        i,
        path!(Environment: trigger),
        |e| e.trigger.name(),
        |c, i, k| c.set_trigger_kind(i, k),
    );
    let trigger = kind.value;
    let is_gar = Derived::new(move |_| {
        state
            .config
            .with(|c| matches!(c.registry, Registry::Gar { .. }))
    });
    let is_ecr = Derived::new(move |_| {
        state
            .config
            .with(|c| matches!(c.registry, Registry::Ecr { .. }))
    });
    let vars = state.part(move |c| c.secrets.env.clone());
    // One row per variable (its name, placeholder the shared secret), then one per override
    // of a variable no longer listed (from a link or an import), so its message has a field
    // where the user can empty it.
    let rows = Derived::new(move |_| {
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
            <legend>{move || format!("Environment: {}", name.value.get())}</legend>
            <ItemButtons
                what=Signal::derive(move || format!("environment {}", name.value.get()))
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
                <TextField bind=name label="Name" />
                <TextField
                    bind=env_field!(env, i, destination)
                    label="Kamal destination"
                    hint="-d NAME; empty for none"
                />
            </div>
            <div class="row">
                <TextField bind=env_field!(env, i, github_environment) label="GitHub environment" />
                <TextField
                    bind=env_field!(env, i, url)
                    label="URL (optional)"
                    kind="url"
                    placeholder="https://example.com"
                />
            </div>
            <SelectField
                choice=Choice::of(
                    kind,
                    &[
                    ("release", "a GitHub release is published"),
                    ("branches", "a branch is pushed"),
                    ("tags", "a tag is pushed"),
                    ("manual", "started by hand only"),
                    ("after", "another environment deployed (its image, same run)"),
                    ("promote", "promoted by hand from another environment"),
                ],
                )
                label="Deploy when"
            />
            <When when=move || matches!(trigger.get(), "after" | "promote")>
                {move || view! { <PromotedFrom env=env i=i /> }}
            </When>
            <When when=move || trigger.get() == "branches">
                <ListField
                    bind=env_field(
                        env,
                        i,
                        path!(Environment: trigger => branches in Trigger::Branches { branches }),
                        |e| match &e.trigger {
                            Trigger::Branches { branches } => branches.clone(),
                            _ => Vec::new(),
                        },
                        |c, i, branches| edit(c, i, |e| e.trigger = Trigger::Branches { branches }),
                    )
                    label="Branches"
                    hint="Comma-separated, e.g. main, staging"
                />
            </When>
            <When when=move || trigger.get() == "tags">
                <ListField
                    bind=env_field(
                        env,
                        i,
                        path!(Environment: trigger => tags in Trigger::Tags { tags }),
                        |e| match &e.trigger {
                            Trigger::Tags { tags } => tags.clone(),
                            _ => Vec::new(),
                        },
                        |c, i, tags| edit(c, i, |e| e.trigger = Trigger::Tags { tags }),
                    )
                    label="Tag patterns"
                    hint="Comma-separated, e.g. v*"
                />
            </When>
            <When when=move || matches!(trigger.get(), "release" | "branches" | "tags")>
                <Checkbox
                    bind=env_field!(env, i, checks_first)
                    label="Run the specs and lint first; deploy only if they pass"
                />
            </When>
            <ListField
                bind=env_field!(env, i, hosts)
                label="Servers (optional)"
                hint="Comma-separated hosts from servers: in deploy.yml; the setup guide scans their SSH host keys."
            />
            <SelectField
                choice=Choice::of(
                    env_field!(env, i, concurrency),
                    &[
                    (ConcurrencyPolicy::Queue, "wait for it (safe)"),
                    (ConcurrencyPolicy::CancelAndReleaseLock, "cancel it, release the lock (seed)"),
                ],
                )
                label="When a deploy is already running"
            />
            <When when=move || is_ecr.get()>
                <TextField
                    bind=env_field!(env, i, aws_role_arn)
                    label="IAM role for this environment (optional)"
                    hint="Leave empty to use the registry's role."
                />
            </When>
            <When when=move || is_gar.get()>
                <TextField
                    bind=env_field!(env, i, gcp_service_account)
                    label="Google service account for this environment (optional)"
                    hint="Leave empty to use the registry's. One per environment keeps each environment's Secret Manager secrets from the others."
                />
            </When>
            <When when=move || !rows.with(Vec::is_empty)>
                <details class="overrides">
                    <summary>"Secret names for this environment"</summary>
                    <p class="hint overrides-model">
                        "Usually leave these empty: the secret of the same name in this environment's GitHub environment already holds this environment's value. "
                        "Fill one in only if your repository keeps secrets at the repository level under different names (e.g. DATABASE_URL_PRODUCTION)."
                    </p>
                    <Keyed each=move || rows.get() key=|row| row.clone() let:row>
                        <TextField
                            bind=override_field(env, i, row.0.clone())
                            label=row.1.clone()
                            placeholder=row.2.clone()
                        />
                    </Keyed>
                </details>
            </When>
        </fieldset>
    }
}
