//! Secrets: the names of the GitHub secrets the workflows read. Never their values.

use kamal_actions_core::config::edit::known_hosts_kind;
use kamal_actions_core::config::{path, Config, KnownHosts, SecretVar};
use kamal_actions_core::path;
use leptos::prelude::*;

use super::Section;
use crate::field;
use crate::ui::fields::{move_item, Binding, Choice, ItemButtons, SelectField, TextField};
use crate::ui::state::use_state;

/// A field of variable `i`, read from the section's memo of the variables so that typing
/// elsewhere does not re-run every row.
fn var_field(
    vars: Memo<Vec<SecretVar>>,
    i: usize,
    field: &'static str,
    get: fn(&SecretVar) -> String,
    set: fn(&mut Config, usize, String),
) -> Binding<String> {
    let state = use_state();
    Binding::new(
        path::variable(i, field),
        Signal::derive(move || vars.with(|v| v.get(i).map(get).unwrap_or_default())),
        move |v| state.update(|c| set(c, i, v)),
    )
}

#[component]
pub fn SecretsSection() -> impl IntoView {
    let state = use_state();
    let known_kind = Binding::config(
        path!(Config: secrets.known_hosts),
        |c| known_hosts_kind(c.secrets.known_hosts.as_ref()),
        |c, kind| c.set_known_hosts_kind(kind),
    );
    let pinned = known_kind.value;
    let known_name = move || {
        Binding::config(
            path!(Config: secrets.known_hosts => name in Some(KnownHosts::Secret(name) | KnownHosts::Variable(name))),
            |c| match &c.secrets.known_hosts {
                Some(KnownHosts::Secret(n) | KnownHosts::Variable(n)) => n.clone(),
                None => String::new(),
            },
            Config::rename_known_hosts,
        )
    };
    let vars = Memo::new(move |_| state.config.with(|c| c.secrets.env.clone()));
    let len = Signal::derive(move || vars.with(Vec::len));
    view! {
        <Section
            id="secrets"
            title="Secrets"
            about="The names of the GitHub secrets the workflows read: this page never asks for their values."
        >
            <TextField
                bind=field!(secrets.ssh_private_key)
                label="SSH private key secret"
                hint="The key Kamal uses to reach your servers."
            />
            <div class="row">
                <SelectField
                    choice=Choice::of(
                        known_kind,
                        &[("variable", "from a variable"), ("secret", "from a secret"), ("none", "not pinned")],
                    )
                    label="Servers' host keys (known_hosts)"
                    hint="Pinning host keys stops a man in the middle; without them SSH trusts any host."
                />
                <Show when=move || pinned.get() != "none">
                    <TextField bind=known_name() label="Its name" />
                </Show>
            </div>
            <h3>"Variables Kamal reads"</h3>
            <p class="hint" id="secrets-model">
                "Each goes into .kamal/secrets (Kamal 2) with its value taken from the GitHub secret named next to it. "
                "Create each secret in every GitHub environment (Settings → Environments), not at the repository level: "
                "the same name then holds production's value in production and staging's in staging, and the setup guide sets it that way. "
                "You need a different name only for a repository that keeps secrets at the repository level (override it per environment)."
            </p>
            <div class="var-list">
                <For each=move || 0..len.get() key=|i| *i let:i>
                    <div class="var-row">
                        <TextField
                            bind=var_field(vars, i, path!(SecretVar: name), |v| v.name.clone(), Config::rename_variable)
                            label="Variable"
                        />
                        <TextField
                            bind=var_field(vars, i, path!(SecretVar: secret), |v| v.secret.clone(), |c, i, v| {
                                if let Some(var) = c.secrets.env.get_mut(i) {
                                    var.secret = v;
                                }
                            })
                            label="GitHub secret"
                        />
                        <ItemButtons
                            what=Signal::derive(move || format!("variable {}", vars.with(|v| v.get(i).map(|v| v.name.clone()).unwrap_or_default())))
                            index=i
                            len=len
                            on_move=move |m| state.update(|c| move_item(&mut c.secrets.env, m))
                            on_remove=move |i| state.update(|c| c.remove_variable(i))
                        />
                    </div>
                </For>
            </div>
            <button
                type="button"
                class="add"
                id="add-variable"
                on:click=move |_| state.update(Config::add_variable)
            >
                "+ Add variable"
            </button>
        </Section>
    }
}
