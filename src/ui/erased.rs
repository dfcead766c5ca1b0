//! Values whose type is erased, still compared by value. The page's generic helpers hand their
//! values on as `dyn Value` so the code behind them (a memo, a signal's effect, Leptos'
//! `<For>`) is compiled once, not once per value type: see `signals` and `control_flow::Keyed`.

use std::any::Any;

/// A value of some type known to whoever made it, equal only to a value of the same type that
/// compares equal.
pub trait Value: Send + Sync {
    fn as_any(&self) -> &dyn Any;
    fn same(&self, other: &dyn Value) -> bool;
}

impl<T: PartialEq + Send + Sync + 'static> Value for T {
    fn as_any(&self) -> &dyn Any {
        self
    }

    fn same(&self, other: &dyn Value) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }
}
