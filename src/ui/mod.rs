//! Components of the page.

pub mod app;
pub mod download;
