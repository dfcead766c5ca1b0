//! The banner that says how the page started (a shared link, a broken link, an unreadable
//! draft) or that it was reset, with the button that brings the previous state back.

use kamal_actions_core::session::Notice;
use leptos::prelude::*;

use super::state::use_state;

#[component]
pub fn NoticeBanner() -> impl IntoView {
    let state = use_state();
    let notice = state.notice;
    let restore_label = move || match notice.get() {
        Some(Notice::OpenedLink { .. }) => "Restore your previous draft",
        _ => "Undo",
    };
    view! {
        <Show when=move || notice.with(Option::is_some)>
            <div
                class="notice"
                class:warning=move || notice.with(|n| matches!(n, Some(Notice::BrokenLink { .. } | Notice::UnreadableDraft { .. })))
                role="status"
                id="notice"
            >
                <p>{move || notice.with(|n| n.as_ref().map(Notice::message).unwrap_or_default())}</p>
                <Show when=move || notice.with(|n| n.as_ref().and_then(Notice::restorable).is_some())>
                    <button
                        type="button"
                        id="notice-restore"
                        on:click=move |_| {
                            if let Some(previous) = notice.with_untracked(|n| n.as_ref().and_then(Notice::restorable).cloned()) {
                                state.config.set(previous);
                            }
                            notice.set(None);
                        }
                    >
                        {restore_label}
                    </button>
                </Show>
                <button type="button" class="icon" id="notice-dismiss" aria-label="Dismiss" on:click=move |_| notice.set(None)>
                    "✕"
                </button>
            </div>
        </Show>
    }
}
