//! The page: the form on one side, the generated files on the other.

use kamal_actions_core::config::migrate;
use kamal_actions_core::session;
use kamal_actions_core::share::ShareError;
use kamal_actions_core::Config;
use leptos::prelude::*;

use super::form::Form;
use super::import_start::ImportSection;
use super::notice::NoticeBanner;
use super::preview::Preview;
use super::setup_panel::SetupPanel;
use super::share_link;
use super::stages::{part, Later, Stages};
use super::state::State;
use super::status::{DownloadButton, Status};
use super::storage;
use super::transfer::{ExportButton, ResetButton, ShareButton};

/// The page below its header (the header and the phone's form/files switch are static HTML in
/// `index.html`, painted before the wasm arrives): opens `link` (the share link that was in
/// the address, decoded by [`share_link::take_from_address`]), or the saved draft, or the
/// defaults, and autosaves every change.
#[component]
pub fn App(link: Option<Result<Config, ShareError>>) -> impl IntoView {
    let (config, notice) =
        session::open_linked(storage::load_draft().as_deref(), link, &migrate::CURRENT);
    let state = State::new(config, notice);
    provide_context(state);
    Effect::new(move |_| state.config.with(|c| storage::save_draft(&c.to_json())));
    // A link pasted into the address bar of an open page changes only the fragment: no reload.
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        leptos::task::spawn_local(async move {
            if let Some(link) = share_link::take_from_address().await {
                let draft = state.config.with_untracked(|c| c.to_json());
                let (config, notice) =
                    session::open_linked(Some(&draft), Some(link), &migrate::CURRENT);
                state.config.set(config);
                state.notice.set(notice);
            }
        });
    });
    let stages = Stages::start();
    provide_context(stages);
    view! {
        <main class="layout" aria-busy=move || (!stages.done()).then_some("true")>
            <div class="form-column">
                <ImportSection />
                <Form />
            </div>
            // Not there before its part: an empty box would sit below the import on a phone
            // and move down as each section mounts (a layout shift).
            <Later stage=part::FILES>
                <section class="preview" id="files" aria-label="Generated files">
                    <NoticeBanner />
                    <div class="toolbar">
                        <DownloadButton />
                        <ShareButton />
                        <ExportButton />
                        <ResetButton />
                    </div>
                    <Status />
                    <Later stage=part::PREVIEW>
                        <Preview />
                    </Later>
                    <Later stage=part::SETUP>
                        <SetupPanel />
                    </Later>
                </section>
            </Later>
        </main>
    }
}
