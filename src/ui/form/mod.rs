//! The configuration form, one module per section, in the order a user thinks about them.

mod backup;
mod build_checks;
mod commands;
mod environments;
mod project;
mod registry;
mod secrets;

use leptos::prelude::*;

use super::later_parts::Fetched;
use super::stages::{part, Later, LaterFetched, LaterStatus};

pub use backup::BackupSection;
pub use build_checks::{BuildSection, ChecksSection};
pub use commands::CommandsSection;
pub use environments::EnvironmentsSection;
pub use project::ProjectSection;
pub use registry::RegistrySection;
pub use secrets::SecretsSection;

/// A titled part of the form with one sentence saying what it controls.
#[component]
pub fn Section(
    /// Names the section; its element id is `section-<id>`.
    id: &'static str,
    title: &'static str,
    /// What the section controls, in one sentence.
    about: &'static str,
    children: Children,
) -> impl IntoView {
    // Prefixed so section ids never collide with field ids (the registry select is `registry`).
    let heading = format!("section-{id}-title");
    view! {
        <section class="form-section" id=format!("section-{id}") aria-labelledby=heading.clone()>
            <h2 id=heading.clone()>{title}</h2>
            <p class="about">{about}</p>
            {children()}
        </section>
    }
}

/// The whole form, a section or two per part of the page's mount (`super::stages::part`).
#[component]
pub fn Form() -> impl IntoView {
    view! {
        <form class="form" aria-label="Configuration" on:submit=|ev| ev.prevent_default()>
            <Later stage=part::PROJECT>
                <ProjectSection />
            </Later>
            <LaterStatus />
            <LaterFetched part=Fetched::Environments />
            <LaterFetched part=Fetched::Secrets />
            <LaterFetched part=Fetched::Registry />
            <LaterFetched part=Fetched::BuildCommands />
            <LaterFetched part=Fetched::ChecksBackup />
        </form>
    }
}
