//! A Markdown file (the setup guide) shown formatted: headings, lists, notes, and each code
//! block with its own copy button, so a command is copied without selecting it by hand.
//!
//! The core writes the HTML (escaped, `markdown::html`); this sets it and answers the copy
//! buttons through one click handler on the container.

use kamal_actions_core::changes::Lines;
use kamal_actions_core::markdown;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::clipboard;
use super::signals::Derived;

/// `text` as formatted blocks; the blocks the last edit changed (`changed`) are marked.
#[component]
pub fn MarkdownView(#[prop(into)] text: Signal<String>, changed: Derived<Lines>) -> impl IntoView {
    let html = Derived::new(move |_| text.with(|t| changed.with(|c| markdown::html(t, c))));
    let copy = move |ev: leptos::ev::MouseEvent| {
        let Some(button) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("button[data-copy]").ok().flatten())
        else {
            return;
        };
        let index = button
            .get_attribute("data-copy")
            .and_then(|n| n.parse::<usize>().ok());
        let Some(block) = index
            .and_then(|n| text.with_untracked(|t| markdown::code_blocks(t).into_iter().nth(n)))
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            let said = match clipboard::write(&block).await {
                Ok(()) => "Copied",
                Err(_) => "Copy failed",
            };
            button.set_text_content(Some(said));
            set_timeout(
                move || button.set_text_content(Some("Copy")),
                std::time::Duration::from_secs(2),
            );
        });
    };
    view! { <div class="markdown" on:click=copy inner_html=move || html.get()></div> }
}
