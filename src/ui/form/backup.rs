//! Backup: an optional scheduled dump of one environment's database, encrypted to the user's
//! public key and kept as an artifact or in S3.

use kamal_actions_core::config::edit::Kind;
use kamal_actions_core::config::path;
use kamal_actions_core::config::{Backup, BackupStore, Dump, Encryption};
use kamal_actions_core::github;
use kamal_actions_core::path;
use leptos::prelude::*;

use super::Section;
use crate::ui::control_flow::When;
use crate::ui::fields::{Binding, Checkbox, Choice, NumberField, SelectField, TextField};
use crate::ui::signals::Derived;
use crate::ui::state::use_state;

const DUMP: &str = path!(Config: backup => dump in Some(Backup { dump, .. }));
const ENCRYPTION: &str = path!(Config: backup => encryption in Some(Backup { encryption, .. }));
const STORE: &str = path!(Config: backup => store in Some(Backup { store, .. }));

/// A field of the backup, while there is one (the section shows its fields only then).
fn backup_field<T>(
    path: impl Into<String>,
    get: fn(&Backup) -> T,
    set: fn(&mut Backup, T),
) -> Binding<T>
where
    T: Clone + Default + PartialEq + Send + Sync + 'static,
{
    let state = use_state();
    Binding::new(
        path,
        state.part(move |c| c.backup.as_ref().map(get).unwrap_or_default()),
        move |v| {
            state.update(|c| {
                if let Some(b) = c.backup.as_mut() {
                    set(b, v);
                }
            })
        },
    )
}

/// Which kind the backup's dump, encryption or store is, as its select names it.
fn kind_of(
    path: &'static str,
    get: fn(&Backup) -> &'static str,
    set: fn(&mut kamal_actions_core::Config, &str),
) -> Binding<String> {
    let state = use_state();
    Binding::new(
        path,
        state.part(move |c| c.backup.as_ref().map(get).unwrap_or_default().to_string()),
        move |kind: String| state.update(|c| set(c, &kind)),
    )
}

fn options(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect()
}

#[component]
pub fn BackupSection() -> impl IntoView {
    let state = use_state();
    let enabled = state.part(move |c| c.backup.is_some());
    let kind = |f: fn(&Backup) -> &'static str| {
        Derived::new(move |_| {
            state
                .config
                .with(|c| c.backup.as_ref().map(f).unwrap_or_default())
        })
    };
    let dump = kind(|b| b.dump.name());
    let encryption = kind(|b| b.encryption.name());
    let store = kind(|b| b.store.name());
    // A part, so that a keystroke in another field does not build the select again.
    let environments = state.part(move |c| {
        c.environments
            .iter()
            .map(|e| (e.name.clone(), e.name.clone()))
            .collect::<Vec<_>>()
    });
    view! {
        <Section
            id="backup"
            title="Database backup"
            about="An optional workflow that dumps one environment's database on a schedule (and by hand), encrypts it on the runner to your public key, and keeps the file as an artifact or in S3. The dump never reaches the job log."
        >
            <Checkbox
                bind=Binding::new("backup.enabled", enabled, move |on| state.update(|c| c.set_backup(on)))
                label="Add a scheduled backup workflow"
            />
            <When when=move || enabled.get()>
                <div class="row">
                    {move || view! {
                        <SelectField
                            choice=Choice::new(
                                backup_field(
                                    path!(Config: backup => environment in Some(Backup { environment, .. })),
                                    |b| b.environment.clone(),
                                    |b, v| b.environment = v,
                                ),
                                environments.get(),
                            )
                            label="Environment"
                        />
                    }}
                    <TextField
                        bind=backup_field(
                            path!(Config: backup => cron in Some(Backup { cron, .. })),
                            |b| b.cron.clone(),
                            |b, v| b.cron = v,
                        )
                        label="Schedule (cron, UTC)"
                        hint="minute hour day month weekday, e.g. 0 3 * * *"
                    />
                </div>
                <p class="hint reads-back" id="backup-cron-words" aria-live="polite">
                    {move || state.config.with(|c| {
                        c.backup.as_ref().and_then(|b| github::describe_cron(&b.cron))
                    })}
                </p>
                <div class="row">
                    <SelectField
                        choice=Choice::new(
                            kind_of(DUMP, |b| b.dump.name(), |c, k| c.set_dump_kind(k)),
                            options(&[
                                ("postgres", "PostgreSQL accessory (pg_dumpall)"),
                                ("mysql", "MySQL accessory (mysqldump)"),
                                ("sqlite", "SQLite file in the app container"),
                                ("command", "A Kamal command of mine"),
                            ]),
                        )
                        label="Dump"
                        hint="Runs in the running container with Kamal 2.12's exec --reuse --raw."
                    />
                    <DumpField kind=dump />
                </div>
                <div class="row">
                    <SelectField
                        choice=Choice::new(
                            kind_of(ENCRYPTION, |b| b.encryption.name(), |c, k| c.set_encryption_kind(k)),
                            options(&[("age", "age"), ("gpg", "gpg (OpenPGP)")]),
                        )
                        label="Encrypt to"
                    />
                    <When
                        when=move || encryption.get() == "age"
                        fallback=|| view! {
                            <TextField
                                bind=backup_field(
                                    path::variant(ENCRYPTION, "gpg", "public_key_variable"),
                                    |b| match &b.encryption { Encryption::Gpg { public_key_variable } => public_key_variable.clone(), _ => String::new() },
                                    |b, v| if let Encryption::Gpg { public_key_variable } = &mut b.encryption { *public_key_variable = v },
                                )
                                label="Variable holding the public key"
                                hint="A GitHub configuration variable with your ASCII-armored public key (the setup guide shows the command)."
                            />
                        }
                    >
                        <TextField
                            bind=backup_field(
                                path::variant(ENCRYPTION, "age", "recipient"),
                                |b| match &b.encryption { Encryption::Age { recipient } => recipient.clone(), _ => String::new() },
                                |b, v: String| if let Encryption::Age { recipient } = &mut b.encryption { *recipient = v.trim().to_string() },
                            )
                            label="age public key"
                            hint="From age-keygen -o backup-key.txt. Keep the private key off GitHub."
                            placeholder="age1..."
                        />
                    </When>
                </div>
                <SelectField
                    choice=Choice::new(
                        kind_of(STORE, |b| b.store.name(), |c, k| c.set_store_kind(k)),
                        options(&[("artifact", "a workflow artifact"), ("s3", "my S3 bucket (OIDC role)")]),
                    )
                    label="Keep the encrypted file in"
                />
                <StoreFields kind=store />
            </When>
        </Section>
    }
}

/// A text field of one kind of dump: its path, reader and writer from the variant and field
/// names alone, so the three cannot disagree.
macro_rules! dump_field {
    ($kind:literal, $variant:ident, $field:ident, $label:expr, $hint:expr) => {
        view! {
            <TextField
                bind=backup_field(
                    path::variant(DUMP, $kind, stringify!($field)),
                    |b| match &b.dump {
                        Dump::$variant { $field } => $field.clone(),
                        _ => String::new(),
                    },
                    |b, v| {
                        if let Dump::$variant { $field } = &mut b.dump {
                            *$field = v;
                        }
                    },
                )
                label=$label
                hint=$hint
            />
        }
        .into_any()
    };
}

/// The field that says what to dump, for the kind of dump chosen.
#[component]
fn DumpField(kind: Derived<&'static str>) -> impl IntoView {
    move || match kind.get() {
        "sqlite" => dump_field!(
            "sqlite",
            Sqlite,
            path,
            "Database file in the container",
            "Dumped with sqlite3 .dump on the primary host."
        ),
        "command" => dump_field!(
            "command",
            Command,
            command,
            "Kamal command printing the dump",
            "accessory exec NAME --reuse --raw '...' or app exec --reuse --raw '...'"
        ),
        "mysql" => dump_field!(
            "mysql",
            Mysql,
            accessory,
            "Accessory",
            "Its name under accessories: in deploy.yml."
        ),
        _ => dump_field!(
            "postgres",
            Postgres,
            accessory,
            "Accessory",
            "Its name under accessories: in deploy.yml."
        ),
    }
}

/// A text field of the S3 store: its path, reader and writer from the field's name alone, so
/// the three cannot disagree (and a misspelt field does not compile).
macro_rules! s3_field {
    ($field:ident, $label:expr, $hint:expr) => {
        view! {
            <TextField
                bind=backup_field(
                    path::variant(STORE, "s3", stringify!($field)),
                    |b| match &b.store {
                        BackupStore::S3 { $field, .. } => $field.clone(),
                        BackupStore::Artifact { .. } => String::new(),
                    },
                    |b, v| {
                        if let BackupStore::S3 { $field, .. } = &mut b.store {
                            *$field = v;
                        }
                    },
                )
                label=$label
                hint=$hint
            />
        }
    };
}

/// Where the file is kept: the artifact's retention, or the bucket and the role that writes it.
#[component]
fn StoreFields(kind: Derived<&'static str>) -> impl IntoView {
    move || {
        match kind.get() {
        "s3" => view! {
            <div class="row">
                {s3_field!(bucket, "Bucket", "")}
                {s3_field!(prefix, "Key prefix", "e.g. backups/")}
            </div>
            <div class="row">
                {s3_field!(region, "Region", "")}
                {s3_field!(
                    role_arn,
                    "IAM role that may put objects there",
                    "Assumed through GitHub's OIDC token; the setup kit has its policy."
                )}
            </div>
        }
        .into_any(),
        _ => view! {
            <NumberField
                bind=backup_field(
                    path::variant(STORE, "artifact", "retention_days"),
                    |b| match b.store { BackupStore::Artifact { retention_days } => retention_days, _ => 0 },
                    |b, v| if let BackupStore::Artifact { retention_days } = &mut b.store { *retention_days = v },
                )
                label="Keep it for (days)"
                min=1
                max=400
            />
        }
        .into_any(),
    }
    }
}
