//! Labelled form controls. Each is bound to one value through a [`Binding`]: the problem path
//! of the field it edits (the element's id, and where its messages come from), the value shown
//! and what a change does. The [`field!`] macro builds the binding of a configuration field from
//! the field alone, so its path, reader and writer cannot disagree.

use kamal_actions_core::config::edit::Kind;
use kamal_actions_core::Config;
use leptos::prelude::*;

use super::control_flow::When;
use super::signals::Var;
use super::state::{field_id, use_state};

/// A control's hold on one value.
#[derive(Clone)]
pub struct Binding<T: Send + Sync + 'static> {
    /// The problem path of the field, e.g. `project.service`; also gives the element id.
    pub path: String,
    pub value: Signal<T>,
    pub set: Callback<T>,
}

impl<T: Send + Sync + 'static> Binding<T> {
    pub fn new(
        path: impl Into<String>,
        value: impl Into<Signal<T>>,
        set: impl Fn(T) + Send + Sync + 'static,
    ) -> Self {
        Self {
            path: path.into(),
            value: value.into(),
            set: Callback::new(set),
        }
    }

    /// A field of the page's configuration, read with `get` and written with `set`. Function
    /// pointers, not closures: one copy of this code per value type, not one per field. The
    /// value is a [`State::part`](super::state::State::part): a keystroke elsewhere re-reads
    /// it but touches none of the field's DOM (every control setting its `value` again on
    /// every keystroke was a sixth of the keystroke's time with the seed configuration).
    pub fn config(path: impl Into<String>, get: fn(&Config) -> T, set: fn(&mut Config, T)) -> Self
    where
        T: Clone + PartialEq,
    {
        let state = use_state();
        Self::new(path, state.part(get), move |v| state.update(|c| set(c, v)))
    }
}

/// The [`Binding`] of a configuration field: `field!(project.service)` reads and assigns
/// `config.project.service` and reports problems at `project.service`. A field whose change
/// carries more along names its edit: `field!(project.owner_id, |c, v| ...)`.
#[macro_export]
macro_rules! field {
    ($first:ident $(. $rest:ident)*) => {
        $crate::field!($first $(. $rest)*, |c, v| c.$first $(.$rest)* = v)
    };
    ($first:ident $(. $rest:ident)*, $set:expr) => {
        $crate::ui::fields::Binding::config(
            kamal_actions_core::path!(Config: $first $(. $rest)*),
            |c| c.$first $(.$rest)*.clone(),
            $set,
        )
    };
}

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
    bind: Binding<String>,
    /// The visible label.
    #[prop(into)]
    label: String,
    /// One sentence under the label; optional.
    #[prop(optional, into)]
    hint: String,
    #[prop(optional, into)] placeholder: Signal<String>,
    /// `text` (default) or `url`.
    #[prop(default = "text")]
    kind: &'static str,
) -> impl IntoView {
    let Binding { path, value, set } = bind;
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
                on:input=move |ev| set.run(event_target_value(&ev))
            />
        </Frame>
    }
}

/// A whole-number input. Text that is not a number is not passed on (the browser shows the
/// field as invalid until corrected).
#[component]
pub fn NumberField(
    bind: Binding<u32>,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: String,
    min: u32,
    max: u32,
) -> impl IntoView {
    let Binding { path, value, set } = bind;
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
                        set.run(n);
                    }
                }
            />
        </Frame>
    }
}

/// What a select offers: its binding and its options, `(value, label)`.
pub struct Choice {
    pub bind: Binding<String>,
    pub options: Vec<(String, String)>,
}

impl Choice {
    pub fn new(bind: Binding<String>, options: Vec<(String, String)>) -> Self {
        Self { bind, options }
    }

    /// A choice among the values of a [`Kind`], each option's value the kind's name: the one
    /// way an enum meets a select, so no select keeps a map of its own.
    pub fn of<T>(bind: Binding<T>, options: &'static [(T, &'static str)]) -> Self
    where
        T: Kind + Copy + Send + Sync + 'static,
    {
        let Binding { path, value, set } = bind;
        let named = Binding::new(
            path,
            Signal::derive(move || value.get().name().to_string()),
            move |name: String| {
                if let Some((v, _)) = options.iter().find(|(v, _)| v.name() == name) {
                    set.run(*v);
                }
            },
        );
        let options = options
            .iter()
            .map(|(v, l)| (v.name().to_string(), l.to_string()))
            .collect();
        Self::new(named, options)
    }
}

/// A select.
#[component]
pub fn SelectField(
    choice: Choice,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: String,
) -> impl IntoView {
    let Choice { bind, options } = choice;
    let Binding { path, value, set } = bind;
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
                on:change=move |ev| set.run(event_target_value(&ev))
            >
                {options}
            </select>
        </Frame>
    }
}

/// A checkbox with its label to the right.
#[component]
pub fn Checkbox(
    bind: Binding<bool>,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: String,
) -> impl IntoView {
    let Binding { path, value, set } = bind;
    let id = field_id(&path);
    let has_hint = !hint.is_empty();
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field checkbox">
            <input
                id=id.clone()
                type="checkbox"
                aria-describedby=if has_hint { Some(hint_id.clone()) } else { None }
                prop:checked=value
                on:change=move |ev| set.run(event_target_checked(&ev))
            />
            <label for=id>{label}</label>
            <When when=move || has_hint>
                <p class="hint" id=hint_id.clone()>{hint.clone()}</p>
            </When>
        </div>
    }
}

/// A comma-separated list (branches, tag patterns). The text keeps exactly what the user
/// typed, spaces and a trailing comma included, and only follows the configuration when it
/// changes from elsewhere (an import, a reset).
#[component]
pub fn ListField(
    bind: Binding<Vec<String>>,
    #[prop(into)] label: String,
    #[prop(optional, into)] hint: String,
) -> impl IntoView {
    let Binding { path, value, set } = bind;
    let text = Var::new(value.get_untracked().join(", "));
    Effect::new(move |_| {
        let items = value.get();
        if split(&text.get_untracked()) != items {
            text.set(items.join(", "));
        }
    });
    let typed = Binding::new(path, text, move |v: String| {
        text.set(v.clone());
        set.run(split(&v));
    });
    view! { <TextField bind=typed label=label hint=hint /> }
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

/// Focuses the control of the field at `path` once it is on the page (after the edit that
/// adds it renders): "+ Add" leaves the user in the new field.
pub fn focus_new_field(path: String) {
    leptos::prelude::set_timeout(
        move || {
            let id = super::state::field_id(&path);
            if let Some(element) = leptos::prelude::document().get_element_by_id(&id) {
                if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element)
                {
                    let _ = element.focus();
                }
            }
        },
        std::time::Duration::ZERO,
    );
}
