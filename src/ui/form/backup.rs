//! Backup: an optional scheduled Kamal command against one environment.

use kamal_actions_core::config::Backup;
use leptos::prelude::*;

use super::Section;
use crate::ui::fields::{Checkbox, SelectField, TextField};
use crate::ui::state::use_state;

#[component]
pub fn BackupSection() -> impl IntoView {
    let state = use_state();
    let enabled = Signal::derive(move || state.config.with(|c| c.backup.is_some()));
    let value = move |f: fn(&Backup) -> String| {
        Signal::derive(move || {
            state
                .config
                .with(|c| c.backup.as_ref().map(f).unwrap_or_default())
        })
    };
    let set = move |f: fn(&mut Backup, String)| {
        move |v: String| {
            state.update(|c| {
                if let Some(b) = c.backup.as_mut() {
                    f(b, v);
                }
            })
        }
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
                path="backup.enabled"
                label="Add a scheduled backup workflow"
                checked=enabled
                on_change=move |on: bool| state.update(|c| c.set_backup(on))
            />
            <Show when=move || enabled.get()>
                <div class="row">
                    {move || view! {
                        <SelectField
                            path="backup.environment"
                            label="Environment"
                            options=environments.get()
                            value=value(|b| b.environment.clone())
                            on_change=set(|b, v| b.environment = v)
                        />
                    }}
                    <TextField
                        path="backup.cron"
                        label="Schedule (cron, UTC)"
                        hint="minute hour day month weekday, e.g. 0 3 * * *"
                        value=value(|b| b.cron.clone())
                        on_input=set(|b, v| b.cron = v)
                    />
                </div>
                <TextField
                    path="backup.command"
                    label="Kamal command"
                    value=value(|b| b.command.clone())
                    on_input=set(|b, v| b.command = v)
                />
            </Show>
        </Section>
    }
}
