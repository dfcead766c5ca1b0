//! The import's Web Worker: answers the page's import requests (`import::wire`), so that
//! serde_yaml and the import are fetched only when someone opens the import. Built by Trunk
//! as a second rust asset (`data-type="worker"` in index.html).

use kamal_actions_core::import::wire;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let reply = wire::answer(&event.data().as_string().unwrap_or_default());
        // Posting a string to the page that started us cannot fail.
        let _ = replies.post_message(&JsValue::from_str(&reply));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(&wire::ready()));
}
