//! Commands: the Kamal commands teammates may run from the Actions tab.

use kamal_actions_core::config::path;
use kamal_actions_core::kamal::presets;
use kamal_actions_core::path;
use leptos::prelude::*;

use super::Section;
use crate::ui::control_flow::Keyed;
use crate::ui::fields::focus_new_field;
use crate::ui::fields::{move_item, Binding, ItemButtons, TextField};
use crate::ui::signals::Derived;
use crate::ui::state::use_state;

#[component]
pub fn CommandsSection() -> impl IntoView {
    let state = use_state();
    let commands = Derived::new(move |_| state.config.with(|c| c.commands.clone()));
    let len = Signal::derive(move || commands.with(Vec::len));
    // Presets already in the list are not offered again.
    let offered = Derived::new(move |_| {
        state.config.with(|c| {
            presets(c.project.kamal_version)
                .iter()
                .copied()
                .filter(|p| !c.commands.iter().any(|command| command == p))
                .collect::<Vec<_>>()
        })
    });
    let add = move |text: String| {
        let at = commands.with_untracked(Vec::len);
        state.update(|c| c.commands.push(text));
        focus_new_field(path::item(path!(Config: commands), at));
    };
    view! {
        <Section
            id="commands"
            title="Commands"
            about="Kamal commands teammates may run on an environment from the Actions tab; nothing else can run."
        >
            <Keyed each=move || 0..len.get() key=|i| *i let:i>
                <div class="command-row">
                    <TextField
                        bind=Binding::new(
                            path::item(path!(Config: commands), i),
                            Signal::derive(move || commands.with(|c| c.get(i).cloned().unwrap_or_default())),
                            move |v| state.update(|c| {
                                if let Some(slot) = c.commands.get_mut(i) {
                                    *slot = v;
                                }
                            }),
                        )
                        label=format!("Command {}", i + 1)
                    />
                    <ItemButtons
                        what=Signal::derive(move || format!("command {}", i + 1))
                        index=i
                        len=len
                        on_move=move |m| state.update(|c| move_item(&mut c.commands, m))
                        on_remove=move |i| state.update(|c| {
                            if i < c.commands.len() {
                                c.commands.remove(i);
                            }
                        })
                    />
                </div>
            </Keyed>
            <div class="presets" role="group" aria-label="Add a command">
                <button type="button" class="add" id="add-command" on:click=move |_| add(String::new())>
                    "+ Add command"
                </button>
                {move || {
                    offered
                        .get()
                        .iter()
                        .map(|preset| {
                            let text = preset.to_string();
                            view! {
                                <button
                                    type="button"
                                    class="chip"
                                    aria-label=format!("Add {preset}")
                                    on:click=move |_| add(text.clone())
                                >
                                    {*preset}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <p class="hint">
                "Write what follows kamal, e.g. accessory reboot db. Replace NAME in presets with your accessory. Commands that ask for confirmation get -y."
            </p>
        </Section>
    }
}
