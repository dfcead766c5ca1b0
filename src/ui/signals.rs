//! The page's signals: [`Var`] in place of Leptos' `RwSignal`, [`Derived`] in place of its
//! `Memo`, and [`Distinct`], set by an effect only when its value changes. Leptos compiles a
//! signal's machinery (keeping its value, tracking its readers, notifying them; for a memo,
//! checking whether its sources changed) once per value type, about 1 KB of wasm each, and the
//! page's signals held some forty types. These store every value type-erased, so that
//! machinery is compiled once per kind of signal, and what stays per type is the downcast that
//! reads it.

use std::any::Any;
use std::marker::PhantomData;

use leptos::prelude::*;

use super::erased::Value;

/// What a [`Derived`]'s memo and a [`Distinct`]'s [`Var`] hold: a value that can be compared.
type Stored = Box<dyn Value>;

/// What the one read-write signal type holds.
type Held = Box<dyn Any + Send + Sync>;

/// A value the page keeps and changes; what reads it runs again when it is set or updated.
/// Used like Leptos' `RwSignal`.
pub struct Var<T> {
    signal: RwSignal<Held>,
    value: PhantomData<fn() -> T>,
}

impl<T> Clone for Var<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Var<T> {}

impl<T: Send + Sync + 'static> Var<T> {
    pub fn new(value: T) -> Self {
        Self {
            signal: RwSignal::new(Box::new(value)),
            value: PhantomData,
        }
    }

    /// Reads the value, tracked.
    pub fn with<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.signal.with(|value| read(held(value)))
    }

    pub fn with_untracked<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.signal.with_untracked(|value| read(held(value)))
    }

    /// `None` once the signal is gone (its owner was disposed).
    pub fn try_with_untracked<R>(&self, read: impl FnOnce(&T) -> R) -> Option<R> {
        self.signal.try_with_untracked(|value| read(held(value)))
    }

    pub fn set(&self, value: T) {
        self.signal.set(Box::new(value));
    }

    /// Sets the value, or does nothing once the signal is gone.
    pub fn try_set(&self, value: T) {
        let _ = self.signal.try_set(Box::new(value));
    }

    /// Makes the running effect or memo read the value: it runs again when the value changes.
    pub fn track(&self) {
        self.signal.track();
    }

    /// Changes the value in place and wakes its readers.
    pub fn update(&self, change: impl FnOnce(&mut T)) {
        self.signal.update(|value| change(held_mut(value)));
    }

    /// Changes the value in place without waking its readers.
    pub fn update_untracked(&self, change: impl FnOnce(&mut T)) {
        self.signal
            .update_untracked(|value| change(held_mut(value)));
    }
}

impl<T: Clone + Send + Sync + 'static> Var<T> {
    /// A copy of the value, tracked.
    pub fn get(&self) -> T {
        self.with(T::clone)
    }

    pub fn get_untracked(&self) -> T {
        self.with_untracked(T::clone)
    }
}

impl<T: Clone + Send + Sync + 'static> From<Var<T>> for Signal<T> {
    fn from(var: Var<T>) -> Self {
        Signal::derive(move || var.get())
    }
}

/// The value a [`Var`] holds: always its own `T`.
fn held<T: 'static>(value: &Held) -> &T {
    value
        .downcast_ref()
        .expect("a Var holds values of its own type")
}

fn held_mut<T: 'static>(value: &mut Held) -> &mut T {
    value
        .downcast_mut()
        .expect("a Var holds values of its own type")
}

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

/// The value a [`Derived`] or a [`Distinct`] stores: always its own `T`.
fn of<T: 'static>(value: &dyn Value) -> &T {
    value
        .as_any()
        .downcast_ref()
        .expect("a signal holds values of its own type")
}

/// Whether readers run again: the one comparison every [`Derived`] shares.
fn changed(last: Option<&Stored>, new: Option<&Stored>) -> bool {
    match (last, new) {
        (Some(last), Some(new)) => !(**last).same(&**new),
        _ => true,
    }
}

/// The part of the page's state that `read` picks out, as a signal that changes only when that
/// part does. A memo gives the same values, but Leptos marks everything that depends on a memo
/// for checking whenever the memo's sources change: with twenty environments, every keystroke
/// would walk the thousands of reactive nodes of every field on the page (measured: a quarter
/// of a keystroke's time). This signal is set by an effect, and only when the value differs,
/// so what reads it is not touched otherwise. It follows its source after a microtask.
///
/// The effect and the signal hold the value type-erased ([`Value`]), so their code is compiled
/// once, not once per value type: every form field has one of these, over a dozen types.
pub struct Distinct<T> {
    held: Var<Stored>,
    value: PhantomData<fn() -> T>,
}

impl<T> Clone for Distinct<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Distinct<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> Distinct<T> {
    pub fn new(read: impl Fn() -> T + Send + Sync + 'static) -> Self {
        Self {
            held: follow(Box::new(move || Box::new(read()))),
            value: PhantomData,
        }
    }

    /// Reads the value, tracked.
    pub fn with<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.held.with(|value| read(of(&**value)))
    }

    pub fn with_untracked<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.held.with_untracked(|value| read(of(&**value)))
    }

    /// A copy of the value, tracked.
    pub fn get(&self) -> T {
        self.with(T::clone)
    }

    pub fn get_untracked(&self) -> T {
        self.with_untracked(T::clone)
    }
}

impl<T: Clone + PartialEq + Send + Sync + 'static> From<Distinct<T>> for Signal<T> {
    fn from(distinct: Distinct<T>) -> Self {
        Signal::derive(move || distinct.get())
    }
}

/// [`Distinct`]'s work, compiled once.
fn follow(read: Box<dyn Fn() -> Stored + Send + Sync>) -> Var<Stored> {
    let held = Var::new(untrack(&read));
    Effect::new(move |_| {
        let value = read();
        if held.with_untracked(|old| !old.same(value.as_ref())) {
            held.set(value);
        }
    });
    held
}
