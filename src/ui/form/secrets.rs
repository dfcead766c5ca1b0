//! Secrets: the names of the GitHub secrets the workflows read. Never their values.

use kamal_actions_core::config::edit::known_hosts_kind;
use kamal_actions_core::config::{Config, KnownHosts, SecretVar};
use leptos::prelude::*;

use super::Section;
use crate::ui::fields::{move_item, ItemButtons, SelectField, TextField};
use crate::ui::state::use_state;

/// A field of variable `i`, read from the section's memo of the variables so that typing
/// elsewhere does not re-run every row.
fn var_value(vars: Memo<Vec<SecretVar>>, i: usize, f: fn(&SecretVar) -> String) -> Signal<String> {
    Signal::derive(move || vars.with(|v| v.get(i).map(f).unwrap_or_default()))
}

#[component]
pub fn SecretsSection() -> impl IntoView {
    let state = use_state();
    let known_kind = Signal::derive(move || {
        state
            .config
            .with(|c| known_hosts_kind(c.secrets.known_hosts.as_ref()).to_string())
    });
    let known_name = Signal::derive(move || {
        state.config.with(|c| match &c.secrets.known_hosts {
            Some(KnownHosts::Secret(n) | KnownHosts::Variable(n)) => n.clone(),
            None => String::new(),
        })
    });
    let vars = Memo::new(move |_| state.config.with(|c| c.secrets.env.clone()));
    let len = Signal::derive(move || vars.with(Vec::len));
    view! {
        <Section
            id="secrets"
            title="Secrets"
            about="The names of the GitHub secrets the workflows read: this page never asks for their values."
        >
            <TextField
                path="secrets.ssh_private_key"
                label="SSH private key secret"
                hint="The key Kamal uses to reach your servers."
                value=Signal::derive(move || state.config.with(|c| c.secrets.ssh_private_key.clone()))
                on_input=move |v| state.update(|c| c.secrets.ssh_private_key = v)
            />
            <div class="row">
                <SelectField
                    path="secrets.known_hosts"
                    label="Servers' host keys (known_hosts)"
                    hint="Pinning host keys stops a man in the middle; without them SSH trusts any host."
                    options=vec![
                        ("variable".into(), "from a variable".into()),
                        ("secret".into(), "from a secret".into()),
                        ("none".into(), "not pinned".into()),
                    ]
                    value=known_kind
                    on_change=move |v: String| state.update(|c| c.set_known_hosts_kind(&v))
                />
                <Show when=move || known_kind.get() != "none">
                    <TextField
                        path="secrets.known_hosts.name"
                        label="Its name"
                        value=known_name
                        on_input=move |v: String| state.update(|c| c.rename_known_hosts(v))
                    />
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
                            path=format!("secrets.env[{i}].name")
                            label="Variable"
                            value=var_value(vars, i, |v| v.name.clone())
                            on_input=move |v| state.update(|c| c.rename_variable(i, v))
                        />
                        <TextField
                            path=format!("secrets.env[{i}].secret")
                            label="GitHub secret"
                            value=var_value(vars, i, |v| v.secret.clone())
                            on_input=move |v| state.update(|c| {
                                if let Some(var) = c.secrets.env.get_mut(i) {
                                    var.secret = v;
                                }
                            })
                        />
                        <ItemButtons
                            what=Signal::derive(move || format!("variable {}", var_value(vars, i, |v| v.name.clone()).get()))
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
