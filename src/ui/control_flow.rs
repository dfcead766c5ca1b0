//! The page's control-flow components: [`Keyed`] for every keyed list (environments,
//! variables, commands, the file tree, the open file's lines...) and [`When`] for every part
//! shown on a condition. Each is one instance of Leptos' `<For>` or `<Show>`.
//!
//! Leptos' own are generic over their closures and views, so each use compiled its own copy of
//! the machinery: about 7 KB of wasm per `<For>` (the keyed diff, building and updating its
//! rows), eight times over, and about 0.6 KB per `<Show>`, thirty-odd times. These take the
//! same arguments (so `let:` and `fallback` work the same) and hand them on type-erased, so
//! that machinery is compiled once; what stays per use is boxing its closures.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use leptos::children::ViewFn;
use leptos::prelude::*;

use super::erased::Value;

/// A list's key with its type erased: equal only to a key of the same type and value.
#[derive(Clone)]
pub struct Key(Arc<dyn ErasedKey>);

/// A [`Value`] that can also be hashed, as `<For>`'s keys must be.
trait ErasedKey: Value {
    fn hash_into(&self, state: &mut dyn Hasher);
}

impl<K: Eq + Hash + Send + Sync + 'static> ErasedKey for K {
    fn hash_into(&self, mut state: &mut dyn Hasher) {
        self.hash(&mut state);
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        let other: &dyn Value = &*other.0;
        self.0.same(other)
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash_into(state);
    }
}

/// An item of a list: its key, and how to build its row from it.
struct Entry {
    key: Key,
    row: Box<dyn FnOnce() -> AnyView + Send>,
}

/// Leptos' `<For>`, taking the same arguments: `each` gives the items, `key` names each one
/// (a row whose key stays is kept, not rebuilt), `children` builds a row.
#[component]
pub fn Keyed<IF, I, T, KF, K, EF, N>(each: IF, key: KF, children: EF) -> impl IntoView
where
    IF: Fn() -> I + Send + 'static,
    I: IntoIterator<Item = T>,
    KF: Fn(&T) -> K + Send + 'static,
    K: Eq + Hash + Send + Sync + 'static,
    EF: Fn(T) -> N + Send + Sync + 'static,
    N: IntoView + 'static,
    T: Send + 'static,
{
    let children = Arc::new(children);
    let entries = move || {
        each()
            .into_iter()
            .map(|item| {
                let children = children.clone();
                let key = Key(Arc::new(key(&item)));
                Entry {
                    key,
                    row: Box::new(move || children(item).into_any()),
                }
            })
            .collect()
    };
    erased_list(Box::new(entries))
}

/// The one `<For>` the page compiles.
fn erased_list(entries: Box<dyn Fn() -> Vec<Entry> + Send>) -> AnyView {
    view! {
        <For each=move || entries() key=|entry: &Entry| entry.key.clone() children=|entry: Entry| (entry.row)() />
    }
    .into_any()
}

/// Leptos' `<Show>`, taking the same arguments: `children` while `when` holds, else
/// `fallback`. Like `<Show>`, it rebuilds the children only when `when` changes.
#[component]
pub fn When<W>(
    when: W,
    children: ChildrenFn,
    #[prop(optional, into)] fallback: ViewFn,
) -> impl IntoView
where
    W: Fn() -> bool + Send + Sync + 'static,
{
    erased_show(Box::new(when), children, fallback)
}

/// The one `<Show>` the page compiles.
fn erased_show(
    when: Box<dyn Fn() -> bool + Send + Sync>,
    children: ChildrenFn,
    fallback: ViewFn,
) -> AnyView {
    view! {
        <Show when=move || when() fallback=fallback>
            {children()}
        </Show>
    }
    .into_any()
}
