//! The page below its first screen: the form after the project section, the setup panel and
//! the setup kit's files (the guide and the IAM policies, which the panel explains). Their code
//! is a chunk of the split wasm (`rest`), which the page starts fetching as it mounts the first
//! screen and mounts part by part once it has arrived (`super::stages`); the preview lists the
//! kit's files from then on.
//!
//! A phone's first screen is the import and the project section, a wide one adds the files;
//! the sections below are a scroll away. Their components, with the reactive code Leptos
//! builds for each control, are a sixth of the wasm: fetched while the first screen mounts,
//! they no longer hold it back.

use kamal_actions_core::changes::Lines;
use kamal_actions_core::render::setup_kit;
use leptos::prelude::*;

use super::form::{
    BackupSection, BuildSection, ChecksSection, CommandsSection, EnvironmentsSection,
    RegistrySection, SecretsSection,
};
use super::markdown_view::MarkdownView;
use super::setup_panel::SetupPanel;
use super::signals::Derived;
use super::split::split_point;
use super::stages::part;
use super::state::Kit;

/// A part of the page whose code is in the chunk; its value is its place in the page's mount.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Fetched {
    Environments = part::ENVIRONMENTS,
    Secrets = part::SECRETS,
    Registry = part::REGISTRY,
    BuildCommands = part::BUILD_COMMANDS,
    ChecksBackup = part::CHECKS_BACKUP,
    Setup = part::SETUP,
}

impl Fetched {
    /// Its place in the page's mount.
    pub fn stage(self) -> u8 {
        self as u8
    }
}

/// Builds a part from the chunk (a plain function: it crosses the chunk's boundary).
pub type Mount = fn(Fetched) -> AnyView;

/// The chunk's entry points.
#[derive(Clone, Copy)]
pub struct LaterCode {
    pub mount: Mount,
    pub kit: Kit,
}

split_point! { rest:
    /// What mounts the parts after the first screen, and the setup kit's code.
    pub fn later_parts() -> LaterCode {
        LaterCode {
            mount,
            kit: Kit { render: setup_kit, markdown },
        }
    }
}

fn markdown(text: Signal<String>, changed: Derived<Lines>) -> AnyView {
    view! { <MarkdownView text changed /> }.into_any()
}

fn mount(part: Fetched) -> AnyView {
    match part {
        Fetched::Environments => view! { <EnvironmentsSection /> }.into_any(),
        Fetched::Secrets => view! { <SecretsSection /> }.into_any(),
        Fetched::Registry => view! { <RegistrySection /> }.into_any(),
        Fetched::BuildCommands => view! { <BuildSection /> <CommandsSection /> }.into_any(),
        Fetched::ChecksBackup => view! { <ChecksSection /> <BackupSection /> }.into_any(),
        Fetched::Setup => view! { <SetupPanel /> }.into_any(),
    }
}
