//! Labelled form controls. Each takes the problem path of the configuration field it edits:
//! that path names the element (so the problem list can link to it) and selects the messages
//! shown under it.

use leptos::prelude::*;

use super::state::{field_id, use_state};

/// The messages under a field, announced to screen readers as they change.
#[component]
pub fn Messages(
    /// The problem path of the field.
    #[prop(into)]
    path: String,
) -> impl IntoView {
    let id = format!("{}-error", field_id(&path));
    let messages = use_state().messages_at(path);
    view! {
        <p class="error" id=id role="status">
            {move || messages.get().join("; ")}
        </p>
    }
}

/// What a control needs from its frame: its id, the ids describing it, and whether the
/// configuration has a problem here.
#[derive(Clone)]
struct Field {
    id: String,
    described_by: String,
    messages: Signal<Vec<String>>,
}

impl Field {
    fn new(path: &str, hint: &str) -> Self {
        let id = field_id(path);
        let described_by = if hint.is_empty() {
            format!("{id}-error")
        } else {
            format!("{id}-hint {id}-error")
        };
        Self {
            id,
            described_by,
            messages: use_state().messages_at(path),
        }
    }

    /// The value of `aria-invalid`.
    fn invalid(&self) -> impl Fn() -> &'static str + Copy + 'static {
        let messages = self.messages;
        move || {
            if messages.with(Vec::is_empty) {
                "false"
            } else {
                "true"
            }
        }
    }
}

/// The label above a control, its hint and its messages below.
#[component]
fn Frame(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    #[prop(into)] hint: String,
    field: Field,
    children: Children,
) -> impl IntoView {
    let messages = field.messages;
    let hint_view = (!hint.is_empty())
        .then(|| view! { <p class="hint" id=format!("{}-hint", field.id)>{hint}</p> });
    view! {
        <div class="field" class:invalid=move || !messages.with(Vec::is_empty)>
            <label for=field.id.clone()>{label}</label>
            {children()}
            {hint_view}
            <Messages path=path />
        </div>
    }
}

/// A text input.
#[component]
pub fn TextField(
    /// The problem path, e.g. `project.service`; also gives the element id.
    #[prop(into)]
    path: String,
    /// The visible label.
    #[prop(into)]
    label: String,
    /// One sentence under the label; optional.
    #[prop(optional, into)]
    hint: String,
    #[prop(optional, into)] placeholder: Signal<String>,
    /// The current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new text on every keystroke.
    #[prop(into)]
    on_input: Callback<String>,
    /// `text` (default) or `url`.
    #[prop(default = "text")]
    kind: &'static str,
) -> impl IntoView {
    let field = Field::new(&path, &hint);
    view! {
        <Frame path=path label=label hint=hint field=field.clone()>
            <input
                id=field.id.clone()
                type=kind
                spellcheck="false"
                autocomplete="off"
                placeholder=placeholder
                aria-describedby=field.described_by.clone()
                aria-invalid=field.invalid()
                value=value.get_untracked()
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
        </Frame>
    }
}

/// A whole-number input.
#[component]
pub fn NumberField(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: String,
    #[prop(into)] value: Signal<u32>,
    /// Called with the new number; text that is not a number is ignored (the field shows it
    /// as invalid until corrected).
    #[prop(into)]
    on_input: Callback<u32>,
    min: u32,
    max: u32,
) -> impl IntoView {
    let field = Field::new(&path, &hint);
    view! {
        <Frame path=path label=label hint=hint field=field.clone()>
            <input
                id=field.id.clone()
                type="number"
                min=min
                max=max
                inputmode="numeric"
                aria-describedby=field.described_by.clone()
                aria-invalid=field.invalid()
                prop:value=move || value.get().to_string()
                on:input=move |ev| {
                    if let Ok(n) = event_target_value(&ev).trim().parse::<u32>() {
                        on_input.run(n);
                    }
                }
            />
        </Frame>
    }
}

/// `(value, label)` pairs for a [`SelectField`] from string literals.
pub fn options(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect()
}

/// A select of fixed options, `(value, label)`.
#[component]
pub fn SelectField(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: String,
    options: Vec<(String, String)>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
) -> impl IntoView {
    let field = Field::new(&path, &hint);
    let options = options
        .into_iter()
        .map(|(v, l)| {
            let selected_value = v.clone();
            view! {
                <option value=v selected=move || value.get() == selected_value>
                    {l}
                </option>
            }
        })
        .collect_view();
    view! {
        <Frame path=path label=label hint=hint field=field.clone()>
            <select
                id=field.id.clone()
                aria-describedby=field.described_by.clone()
                aria-invalid=field.invalid()
                prop:value=value
                on:change=move |ev| on_change.run(event_target_value(&ev))
            >
                {options}
            </select>
        </Frame>
    }
}

/// A checkbox with its label to the right.
#[component]
pub fn Checkbox(
    /// Gives the element id.
    #[prop(into)]
    path: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: String,
    #[prop(into)] checked: Signal<bool>,
    #[prop(into)] on_change: Callback<bool>,
) -> impl IntoView {
    let id = field_id(&path);
    let has_hint = !hint.is_empty();
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field checkbox">
            <input
                id=id.clone()
                type="checkbox"
                aria-describedby=if has_hint { Some(hint_id.clone()) } else { None }
                prop:checked=checked
                on:change=move |ev| on_change.run(event_target_checked(&ev))
            />
            <label for=id>{label}</label>
            <Show when=move || has_hint>
                <p class="hint" id=hint_id.clone()>{hint.clone()}</p>
            </Show>
        </div>
    }
}

/// A comma-separated list (branches, tag patterns). The text keeps exactly what the user
/// typed, spaces and a trailing comma included, and only follows the configuration when it
/// changes from elsewhere (an import, a reset).
#[component]
pub fn ListField(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: String,
    #[prop(into)] value: Signal<Vec<String>>,
    #[prop(into)] on_input: Callback<Vec<String>>,
) -> impl IntoView {
    let text = RwSignal::new(value.get_untracked().join(", "));
    Effect::new(move |_| {
        let items = value.get();
        if split(&text.get_untracked()) != items {
            text.set(items.join(", "));
        }
    });
    view! {
        <TextField
            path=path
            label=label
            hint=hint
            value=text
            on_input=move |v: String| {
                text.set(v.clone());
                on_input.run(split(&v));
            }
        />
    }
}

/// `"main, release/*"` -> `["main", "release/*"]`; a trailing comma adds nothing yet.
pub fn split(text: &str) -> Vec<String> {
    let mut items: Vec<String> = text.split(',').map(|s| s.trim().to_string()).collect();
    if items.last().is_some_and(String::is_empty) && items.len() > 1 {
        items.pop();
    }
    if items.len() == 1 && items[0].is_empty() {
        items.clear();
    }
    items
}

/// Up, down and remove buttons for item `index` of a list of `len` items.
#[component]
pub fn ItemButtons(
    /// What the item is, for the buttons' accessible names ("environment production").
    #[prop(into)]
    what: Signal<String>,
    index: usize,
    #[prop(into)] len: Signal<usize>,
    /// Called with (from, to) to move the item.
    #[prop(into)]
    on_move: Callback<(usize, usize)>,
    #[prop(into)] on_remove: Callback<usize>,
) -> impl IntoView {
    view! {
        <div class="item-buttons">
            <button
                type="button"
                class="icon"
                title="Move up"
                aria-label=move || format!("Move {} up", what.get())
                disabled=move || index == 0
                on:click=move |_| on_move.run((index, index - 1))
            >
                "↑"
            </button>
            <button
                type="button"
                class="icon"
                title="Move down"
                aria-label=move || format!("Move {} down", what.get())
                disabled=move || { index + 1 >= len.get() }
                on:click=move |_| on_move.run((index, index + 1))
            >
                "↓"
            </button>
            <button
                type="button"
                class="icon danger"
                title="Remove"
                aria-label=move || format!("Remove {}", what.get())
                on:click=move |_| on_remove.run(index)
            >
                "✕"
            </button>
        </div>
    }
}

/// Moves item `from` to `to` in place.
pub fn move_item<T>(items: &mut [T], (from, to): (usize, usize)) {
    if from < items.len() && to < items.len() {
        items.swap(from, to);
    }
}
