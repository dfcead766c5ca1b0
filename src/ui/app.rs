//! The page: the form on one side, the generated files on the other.

use kamal_actions_core::Config;
use leptos::prelude::*;

use super::form::Form;
use super::preview::Preview;
use super::setup_panel::SetupPanel;
use super::state::State;
use super::status::{DownloadButton, Status};
use super::transfer::{ExportButton, ImportPanel};

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    provide_context(State::new(Config::default()));
    view! {
        <header class="topbar">
            <h1>"kamal-actions"</h1>
            <p class="tagline">"GitHub Actions for deploying with Kamal, generated in your browser. Nothing leaves this page."</p>
            <nav class="jump" aria-label="Jump to">
                <a href="#section-project">"Settings"</a>
                <a href="#files">"Files"</a>
                <a href="#setup">"GitHub setup"</a>
            </nav>
        </header>
        <main class="layout">
            <Form />
            <section class="preview" id="files" aria-label="Generated files">
                <div class="toolbar">
                    <DownloadButton />
                    <ExportButton />
                </div>
                <Status />
                <Preview />
                <ImportPanel />
                <SetupPanel />
            </section>
        </main>
    }
}
