//! Components of the page. `state` holds the one configuration signal and what derives from
//! it; everything else renders or edits it.

pub mod app;
mod clipboard;
pub mod compression;
pub mod control_flow;
mod deploy_import;
mod deploy_report;
pub mod download;
mod erased;
mod fields;
mod form;
mod import_start;
pub mod importer;
mod later_parts;
mod markdown_view;
mod notice;
pub mod opening;
mod preview;
mod setup_panel;
pub mod share_link;
pub mod signals;
pub mod split;
mod stages;
pub mod state;
mod status;
mod storage;
mod transfer;
