//! [`Derived`]: the page's memo. Leptos compiles a memo's machinery (keeping its value,
//! checking whether its sources changed, notifying its readers) once per value type, about
//! 1 KB of wasm each, and the page's memos hold some twenty types: this one stores every value
//! as a [`Value`], so that machinery is compiled once, and what stays per type is the
//! downcast that reads it.

use std::marker::PhantomData;

use leptos::prelude::*;

use super::erased::Value;

/// What the one memo type holds.
type Stored = Box<dyn Value>;

/// A value computed from signals, computed again when one of them changes; what reads it runs
/// again only when the new value differs from the last. Used like Leptos' `Memo`.
pub struct Derived<T> {
    memo: Memo<Stored>,
    value: PhantomData<fn() -> T>,
}

impl<T> Clone for Derived<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Derived<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> Derived<T> {
    /// `compute` is given the last value (`None` the first time).
    pub fn new(compute: impl Fn(Option<&T>) -> T + Send + Sync + 'static) -> Self {
        let memo = Memo::new_with_compare(
            move |last: Option<&Stored>| -> Stored {
                Box::new(compute(last.map(|last| of::<T>(&**last))))
            },
            changed,
        );
        Self {
            memo,
            value: PhantomData,
        }
    }

    /// Reads the value, tracked.
    pub fn with<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.memo.with(|value| read(of(&**value)))
    }

    pub fn with_untracked<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.memo.with_untracked(|value| read(of(&**value)))
    }

    /// A copy of the value, tracked.
    pub fn get(&self) -> T {
        self.with(T::clone)
    }

    pub fn get_untracked(&self) -> T {
        self.with_untracked(T::clone)
    }
}

impl<T: Clone + PartialEq + Send + Sync + 'static> From<Derived<T>> for Signal<T> {
    fn from(derived: Derived<T>) -> Self {
        Signal::derive(move || derived.get())
    }
}

/// The value a [`Derived`] stores: always its own `T`.
fn of<T: 'static>(value: &dyn Value) -> &T {
    value
        .as_any()
        .downcast_ref()
        .expect("a Derived holds values of its own type")
}

/// Whether readers run again: the one comparison every [`Derived`] shares.
fn changed(last: Option<&Stored>, new: Option<&Stored>) -> bool {
    match (last, new) {
        (Some(last), Some(new)) => !(**last).same(&**new),
        _ => true,
    }
}
