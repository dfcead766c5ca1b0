//! The page: the form on one side, the generated files on the other.

use kamal_actions_core::session::{self, Notice};
use leptos::prelude::*;

use super::form::Form;
use super::import_start::ImportSection;
use super::import_worker::use_importer;
use super::notice::NoticeBanner;
use super::preview::Preview;
use super::setup_panel::SetupPanel;
use super::state::State;
use super::status::{DownloadButton, Status};
use super::storage;
use super::transfer::{ExportButton, ResetButton, ShareButton};

/// What to show given `draft` and the share link in the address, if any; the link is then
/// removed from the address bar so a reload shows the (autosaved) later edits.
fn open_from_address(draft: Option<String>) -> (kamal_actions_core::Config, Option<Notice>) {
    let fragment = storage::fragment();
    let opened = session::open(draft.as_deref(), &fragment);
    if session::is_share_fragment(&fragment) {
        storage::clear_fragment();
    }
    opened
}

/// The page below its header (the header and the phone's form/files switch are static HTML in
/// `index.html`, painted before the wasm arrives): opens the share link in the address, or the
/// saved draft, or the defaults, and autosaves every change.
#[component]
pub fn App() -> impl IntoView {
    let (config, notice) = open_from_address(storage::load_draft());
    let state = State::new(config, notice);
    provide_context(state);
    // One import worker for the page (started when the import is first opened).
    let _ = use_importer();
    Effect::new(move |_| state.config.with(|c| storage::save_draft(&c.to_json())));
    // A link pasted into the address bar of an open page changes only the fragment: no reload.
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        if session::is_share_fragment(&storage::fragment()) {
            let draft = state.config.with_untracked(|c| c.to_json());
            let (config, notice) = open_from_address(Some(draft));
            state.config.set(config);
            state.notice.set(notice);
        }
    });
    view! {
        <main class="layout">
            <div class="form-column">
                <ImportSection />
                <Form />
            </div>
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
                <SetupPanel />
            </section>
        </main>
    }
}
