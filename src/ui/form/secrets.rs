//! Secrets: the names of the GitHub secrets the workflows read. Never their values.

use kamal_actions_core::config::edit::known_hosts_kind;
use kamal_actions_core::config::{path, Config, KnownHosts, SecretVar, Vault, VaultItem};
use kamal_actions_core::path;
use leptos::prelude::*;

use super::Section;
use crate::field;
use crate::ui::control_flow::{Keyed, When};
use crate::ui::fields::focus_new_field;
use crate::ui::fields::{move_item, Binding, Choice, ItemButtons, SelectField, TextField};
use crate::ui::signals::{Derived, Distinct};
use crate::ui::state::use_state;

/// A field of variable `i`, read from the section's `State::part` of the variables, so
/// that typing elsewhere does not re-run every row.
fn var_field<T: Default + Send + Sync + 'static>(
    vars: Distinct<Vec<SecretVar>>,
    i: usize,
    field: &'static str,
    get: fn(&SecretVar) -> T,
    set: fn(&mut Config, usize, T),
) -> Binding<T> {
    let state = use_state();
    Binding::new(
        path::variable(i, field),
        Signal::derive(move || vars.with(|v| v.get(i).map(get).unwrap_or_default())),
        move |v| state.update(|c| set(c, i, v)),
    )
}

/// Where a variable's value can come from, as the source select offers it.
const SOURCES: &[(Option<Vault>, &str)] = &[
    (None, "a GitHub secret"),
    (Some(Vault::OnePassword), "1Password"),
    (Some(Vault::BitwardenSm), "Bitwarden Secrets Manager"),
    (Some(Vault::AwsSecretsManager), "AWS Secrets Manager"),
    (Some(Vault::GcpSecretManager), "Google Secret Manager"),
    (Some(Vault::Doppler), "Doppler"),
];

/// A field of variable `i`'s vault item (empty while it reads a GitHub secret).
fn item_field(
    vars: Distinct<Vec<SecretVar>>,
    i: usize,
    path: &'static str,
    get: fn(&VaultItem) -> String,
    set: fn(&mut VaultItem, String),
) -> Binding<String> {
    let state = use_state();
    Binding::new(
        path::variable(i, path),
        Signal::derive(move || {
            vars.with(|v| {
                v.get(i)
                    .and_then(|v| v.vault.as_ref())
                    .map(get)
                    .unwrap_or_default()
            })
        }),
        move |v| state.update(|c| c.edit_vault_item(i, |item| set(item, v))),
    )
}

/// One variable: its name, where its value comes from, and that source's fields.
#[component]
fn VariableRow(vars: Distinct<Vec<SecretVar>>, i: usize, len: Distinct<usize>) -> impl IntoView {
    let state = use_state();
    let source = var_field(
        vars,
        i,
        path!(SecretVar: vault),
        |v| v.vault.as_ref().map(|item| item.vault),
        Config::set_variable_source,
    );
    // A memo, so typing in the item does not rebuild the fields below: they change with the source only.
    let vault = Derived::new(move |_| source.value.get());
    view! {
        <div class="var-row">
            <TextField
                bind=var_field(vars, i, path!(SecretVar: name), |v| v.name.clone(), Config::rename_variable)
                label="Variable"
            />
            <SelectField choice=Choice::of(source, SOURCES) label="From" />
            <ItemButtons
                what=Signal::derive(move || format!("variable {}", vars.with(|v| v.get(i).map(|v| v.name.clone()).unwrap_or_default())))
                index=i
                len=len
                on_move=move |m| state.update(|c| move_item(&mut c.secrets.env, m))
                on_remove=move |i| state.update(|c| c.remove_variable(i))
            />
            <div class="var-source">
                {move || match vault.get() {
                    None => view! {
                        <TextField
                            bind=var_field(vars, i, path!(SecretVar: secret), |v| v.secret.clone(), |c, i, v| {
                                if let Some(var) = c.secrets.env.get_mut(i) {
                                    var.secret = v;
                                }
                            })
                            label="GitHub secret"
                        />
                    }
                    .into_any(),
                    Some(from) => view! {
                        <TextField
                            bind=item_field(vars, i, path!(SecretVar: vault => item in Some(VaultItem { item, .. })), |v| v.item.clone(), |v, s| v.item = s)
                            label="Item"
                            hint=format!("{}; {{environment}} stands for the environment's name.", capitalized(from.item_means()))
                        />
                        <TextField
                            bind=item_field(vars, i, path!(SecretVar: vault => field in Some(VaultItem { field, .. })), |v| v.field.clone(), |v, s| v.field = s)
                            label="Field"
                            hint=capitalized(from.field_means())
                        />
                    }
                    .into_any(),
                }}
            </div>
        </div>
    }
}

/// `text` with its first letter in capitals (ASCII only: Unicode's case tables would cost
/// kilobytes of wasm for words the core writes).
fn capitalized(text: &str) -> String {
    let mut out = text.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// How the jobs open each vault the variables use: its token's GitHub secret, and 1Password's
/// account.
#[component]
fn VaultAccessFields() -> impl IntoView {
    let state = use_state();
    let used = Derived::new(move |_| state.config.with(Config::vaults_used));
    view! {
        <Keyed each=move || used.get() key=|v| *v let:vault>
            <div class="row vault-access">
                {vault.token_variable().map(|variable| {
                    let bind = Binding::new(
                        path::vault_access(vault, path!(VaultAccess: token_secret)),
                        state.part(move |c| c.secrets.vaults.get(&vault).map(|a| a.token_secret.clone()).unwrap_or_default()),
                        move |v| state.update(|c| c.secrets.vaults.entry(vault).or_default().token_secret = v),
                    );
                    view! {
                        <TextField
                            bind=bind
                            label=format!("{} token secret", vault.title())
                            hint=format!("The GitHub secret holding it, one per environment; the jobs pass it as {variable}.")
                        />
                    }
                })}
                {(vault == Vault::OnePassword).then(|| {
                    let bind = Binding::new(
                        path::vault_access(vault, path!(VaultAccess: account)),
                        state.part(move |c| c.secrets.vaults.get(&vault).map(|a| a.account.clone()).unwrap_or_default()),
                        move |v| state.update(|c| c.secrets.vaults.entry(vault).or_default().account = v),
                    );
                    view! {
                        <TextField
                            bind=bind
                            label="1Password account"
                            hint="Its sign-in address, e.g. example.1password.com (Kamal passes it as --account)."
                        />
                    }
                })}
                {(vault == Vault::AwsSecretsManager).then(|| view! {
                    <p class="hint">"AWS Secrets Manager is read with the ECR role the jobs already assume: no token. The setup guide adds a policy reading exactly these secrets."</p>
                })}
                {(vault == Vault::GcpSecretManager).then(|| view! {
                    <p class="hint">"Google Secret Manager is read as the Artifact Registry's service account, through the same Workload Identity Federation login: no token."</p>
                })}
            </div>
        </Keyed>
    }
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
    let vars = state.part(move |c| c.secrets.env.clone());
    // Follows `vars`, not the whole configuration: it runs again only when the list does.
    let len = Distinct::new(move || vars.with(Vec::len));
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
                <When when=move || pinned.get() != "none">
                    <TextField bind=known_name() label="Its name" />
                </When>
            </div>
            <h3>"Variables Kamal reads"</h3>
            <p class="hint" id="secrets-model">
                "Each goes into .kamal/secrets (Kamal 2) with its value taken from the GitHub secret named next to it. "
                "Create each secret in every GitHub environment (Settings → Environments), not at the repository level: "
                "the same name then holds production's value in production and staging's in staging, and the setup guide sets it that way. "
                "You need a different name only for a repository that keeps secrets at the repository level (override it per environment)."
            </p>
            <div class="var-list">
                <Keyed each=move || 0..len.get() key=|i| *i let:i>
                    <VariableRow vars=vars i=i len=len />
                </Keyed>
            </div>
            <VaultAccessFields />
            <p class="hint" id="vaults-interactive">
                "Kamal's adapters for "
                {kamal_actions_core::vault::INTERACTIVE.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ")}
                " need a person at the keyboard, so they are not offered: "
                {kamal_actions_core::vault::INTERACTIVE.iter().map(|(name, why)| format!("{name}: {why}")).collect::<Vec<_>>().join("; ")}
                "."
            </p>
            <button
                type="button"
                class="add"
                id="add-variable"
                on:click=move |_| {
                    let at = state.config.with_untracked(|c| c.secrets.env.len());
                    state.update(Config::add_variable);
                    focus_new_field(path::variable(at, path!(SecretVar: name)));
                }
            >
                "+ Add variable"
            </button>
        </Section>
    }
}
