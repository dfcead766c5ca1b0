//! The banner that says how the page started (a shared link, a broken link, an unreadable
//! draft), or what a reset or an import did, with the button that takes it back. It stays in
//! view (fixed to the bottom of the window) and takes the focus after the user's action, so
//! the confirmation is where the user is.

use kamal_actions_core::session::{Action, Notice};
use kamal_actions_core::Config;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::control_flow::When;
use super::signals::Var;
use super::split::{split_point, NotLoaded};
use super::state::use_state;

split_point! { later:
    /// What the notice's button does to `now`: the configuration to show and the next notice,
    /// if the notice has a button. A take-back is a three-way merge, needed only on a click.
    fn run_action(notice: Notice, now: Config) -> Option<(Config, Option<Notice>)> {
        notice.action().map(|action| action.run(&now))
    }
}

/// Moves the focus to the notice once it is on the page (after the change that set it renders).
pub fn focus_notice() {
    set_timeout(
        || {
            if let Some(element) = document().get_element_by_id("notice") {
                if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                    let _ = element.focus();
                }
            }
        },
        std::time::Duration::ZERO,
    );
}

#[component]
pub fn NoticeBanner() -> impl IntoView {
    let state = use_state();
    let notice = state.notice;
    let label = move || notice.with(|n| n.as_ref().and_then(Notice::action).map(|a| a.label()));
    // The notice whose button's code could not be fetched (the message goes with that notice).
    let failed = Var::new(None::<Notice>);
    // A take-back under way (its code may be arriving): the button waits for it.
    let busy = Var::new(false);
    let show = move |config: Config, next: Option<Notice>| {
        state.config.set(config);
        let said = next.is_some();
        notice.set(next);
        if said {
            focus_notice();
        }
    };
    let run = move |_| {
        let Some(shown) = notice.get_untracked() else {
            return;
        };
        // Bringing a configuration back is a copy, at once; only a take-back needs the merge.
        if let Some(previous) = shown.action().as_ref().and_then(Action::brings_back) {
            show(previous.clone(), None);
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let now = state.config.get_untracked();
            let outcome = match run_action(shown.clone(), now.clone()).await {
                // Edited while the code arrived: take back from what is there now (the code is
                // in, so this second call answers at once).
                Ok(_) if state.config.with_untracked(|c| *c != now) => {
                    run_action(shown.clone(), state.config.get_untracked()).await
                }
                outcome => outcome,
            };
            busy.set(false);
            // Dismissed or replaced (another import) while the code arrived: that notice's
            // undo is no longer offered, so it is not done.
            if notice.with_untracked(|n| n.as_ref() != Some(&shown)) {
                return;
            }
            failed.set(outcome.is_err().then_some(shown));
            if let Ok(Some((config, next))) = outcome {
                show(config, next);
            }
        });
    };
    view! {
        <When when=move || notice.with(Option::is_some)>
            <div
                class="notice"
                class:warning=move || notice.with(|n| matches!(n, Some(Notice::BrokenLink { .. } | Notice::UnreadableDraft { .. } | Notice::WouldDiscard { .. })))
                role="status"
                id="notice"
                tabindex="-1"
            >
                <p>{move || notice.with(|n| n.as_ref().map(Notice::message).unwrap_or_default())}</p>
                <When when=move || label().is_some()>
                    <button type="button" id="notice-restore" on:click=run disabled=move || busy.get()>
                        {move || label().unwrap_or_default()}
                    </button>
                </When>
                <When when=move || failed.with(|f| f.is_some() && *f == notice.get())>
                    <p class="error" role="alert" id="notice-failed">{NotLoaded::message("undo")}</p>
                </When>
                <button type="button" class="icon" id="notice-dismiss" aria-label="Dismiss" on:click=move |_| notice.set(None)>
                    "✕"
                </button>
            </div>
        </When>
    }
}
