//! The kamal-actions page: a thin Leptos layer over `kamal-actions-core`.
//!
//! The page keeps one `RwSignal<Config>`; validation, generated files and the zip are derived
//! from it, so every view shows the same state.

pub mod ui;

pub use ui::app::App;
