//! The page: the form on one side, the generated files on the other.

use kamal_actions_core::session::{self, Notice};
use leptos::prelude::*;

use super::form::Form;
use super::notice::NoticeBanner;
use super::preview::Preview;
use super::setup_panel::SetupPanel;
use super::state::State;
use super::status::{DownloadButton, Status};
use super::storage;
use super::transfer::{ExportButton, ImportPanel, ResetButton, ShareButton};

/// The whole page: opens the share link in the address, or the saved draft, or the defaults,
/// and autosaves every change.
#[component]
pub fn App() -> impl IntoView {
    let (config, notice) = session::open(storage::load_draft().as_deref(), &storage::fragment());
    if let Some(Notice::OpenedLink { previous_draft }) = &notice {
        storage::keep_previous_draft(&previous_draft.to_json());
    }
    if session::is_share_fragment(&storage::fragment()) {
        storage::clear_fragment();
    }
    let state = State::new(config, notice);
    provide_context(state);
    Effect::new(move |_| state.config.with(|c| storage::save_draft(&c.to_json())));
    // A link pasted into the address bar of an open page changes only the fragment: no reload.
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        let fragment = storage::fragment();
        if !session::is_share_fragment(&fragment) {
            return;
        }
        let draft = state.config.with_untracked(|c| c.to_json());
        let (config, notice) = session::open(Some(&draft), &fragment);
        if let Some(Notice::OpenedLink { previous_draft }) = &notice {
            storage::keep_previous_draft(&previous_draft.to_json());
        }
        state.config.set(config);
        state.notice.set(notice);
        storage::clear_fragment();
    });
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
                <NoticeBanner />
                <div class="toolbar">
                    <DownloadButton />
                    <ShareButton />
                    <ExportButton />
                    <ResetButton />
                </div>
                <Status />
                <Preview />
                <ImportPanel />
                <SetupPanel />
            </section>
        </main>
    }
}
