//! The page: the form on one side, the generated files on the other.

use leptos::prelude::*;

use super::form::Form;
use super::import_start::ImportSection;
use super::later_parts::Fetched;
use super::notice::NoticeBanner;
use super::opening::{self, Opened};
use super::preview::Preview;
use super::stages::{part, Later, LaterFetched, Stages};
use super::state::State;
use super::status::{DownloadButton, Status};
use super::transfer::{ExportButton, ResetButton, ShareButton};

/// The page below its header (the header and the phone's form/files switch are static HTML in
/// `index.html`, painted before the wasm arrives): shows what it `opened` with (see
/// [`opening::open_page`]) and autosaves every change, after the paint that shows it.
#[component]
pub fn App(opened: Opened) -> impl IntoView {
    let (config, notice) = opened;
    let state = State::new(config, notice);
    provide_context(state);
    state.keep_draft();
    // A link pasted into the address bar of an open page changes only the fragment: no reload.
    let _ = window_event_listener(leptos::ev::hashchange, move |_| {
        leptos::task::spawn_local(async move {
            let now = state.config.get_untracked();
            if let Some((config, notice)) = opening::open_pasted_link(&now).await {
                state.config.set(config);
                state.notice.set(notice);
            }
        });
    });
    let stages = Stages::start(state.kit);
    provide_context(stages);
    // The browser looks for the element an address names (`/#setup`) as the document loads,
    // before the page has drawn it: go there once every part is mounted. Once done, the effect
    // reads no signal, so it never runs again.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || !stages.settled() {
            return done == Some(true);
        }
        set_timeout(scroll_to_address_anchor, std::time::Duration::ZERO);
        true
    });
    view! {
        <main class="layout" aria-busy=move || (!stages.settled()).then_some("true")>
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
                    <LaterFetched part=Fetched::Setup />
                </section>
            </Later>
        </main>
    }
}

/// Scrolls to the element the address's fragment names, unless the user has scrolled since the
/// page opened. (A share link's fragment is gone by now, and names no element anyway.)
fn scroll_to_address_anchor() {
    let fragment = super::storage::fragment();
    let Some(id) = fragment.strip_prefix('#').filter(|id| !id.is_empty()) else {
        return;
    };
    if window().scroll_y().unwrap_or(0.0) > 0.0 {
        return;
    }
    if let Some(element) = document().get_element_by_id(id) {
        element.scroll_into_view();
    }
}
