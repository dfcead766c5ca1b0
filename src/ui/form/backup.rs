//! Backup: an optional scheduled Kamal command against one environment.

use kamal_actions_core::config::Backup;
use kamal_actions_core::path;
use leptos::prelude::*;

use super::Section;
use crate::ui::fields::{Binding, Checkbox, Choice, SelectField, TextField};
use crate::ui::state::use_state;

#[component]
pub fn BackupSection() -> impl IntoView {
    let state = use_state();
    let enabled = Signal::derive(move || state.config.with(|c| c.backup.is_some()));
    // A field of the backup, while there is one (the section shows them only then).
    let backup =
        move |path: &'static str, get: fn(&Backup) -> String, set: fn(&mut Backup, String)| {
            Binding::new(
                path,
                Signal::derive(move || {
                    state
                        .config
                        .with(|c| c.backup.as_ref().map(get).unwrap_or_default())
                }),
                move |v| {
                    state.update(|c| {
                        if let Some(b) = c.backup.as_mut() {
                            set(b, v);
                        }
                    })
                },
            )
        };
    let environments = Signal::derive(move || {
        state.config.with(|c| {
            c.environments
                .iter()
                .map(|e| (e.name.clone(), e.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Section
            id="backup"
            title="Database backup"
            about="An optional workflow that runs one Kamal command on a schedule (and by hand), e.g. a database dump."
        >
            <Checkbox
                bind=Binding::new("backup.enabled", enabled, move |on| state.update(|c| c.set_backup(on)))
                label="Add a scheduled backup workflow"
            />
            <Show when=move || enabled.get()>
                <div class="row">
                    {move || view! {
                        <SelectField
                            choice=Choice::new(
                                backup(
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
                        bind=backup(
                            path!(Config: backup => cron in Some(Backup { cron, .. })),
                            |b| b.cron.clone(),
                            |b, v| b.cron = v,
                        )
                        label="Schedule (cron, UTC)"
                        hint="minute hour day month weekday, e.g. 0 3 * * *"
                    />
                </div>
                <TextField
                    bind=backup(
                        path!(Config: backup => command in Some(Backup { command, .. })),
                        |b| b.command.clone(),
                        |b, v| b.command = v,
                    )
                    label="Kamal command"
                />
            </Show>
        </Section>
    }
}
