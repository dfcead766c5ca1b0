//! The page's side of the import's Web Worker (`src/bin/import_worker.rs`): the worker is
//! started when the import is first opened, and every request waits for its "ready" message,
//! since messages posted before its wasm has started would be lost.
//!
//! The worker's file name carries a hash of its contents (written by `scripts/post_build.py`
//! into index.html's `kamal-actions-import-worker` meta tag), so a cached old worker never
//! meets a new page; the message format's version is checked as well.

use std::cell::RefCell;
use std::rc::Rc;

use kamal_actions_core::import::wire::{self, Reply, PROTOCOL};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{Event, MessageEvent, Worker};

/// Where the reply to the newest request goes: a reply, or why there will be none.
type Deliver = Rc<dyn Fn(Result<Reply, String>)>;

/// How import requests (`wire::request` JSON) are answered.
#[derive(Clone)]
pub enum Importer {
    /// The page's worker.
    Worker(Rc<WorkerLink>),
    /// Answered in place by a function of the request (the component tests pass
    /// `wire::answer`: their runner serves no worker).
    InPlace(Rc<dyn Fn(&str) -> String>),
}

impl Importer {
    /// An importer that answers in place with `answer`.
    pub fn in_place(answer: impl Fn(&str) -> String + 'static) -> Self {
        Importer::InPlace(Rc::new(answer))
    }

    /// Starts the worker if it has not started (nothing to do in place).
    pub fn start(&self) {
        if let Importer::Worker(link) = self {
            link.start();
        }
    }

    /// Sends `request`; `deliver` gets its reply (or the reason there is none). Replies to
    /// earlier requests still arrive: the caller tells them apart by id.
    pub fn send(&self, request: String, deliver: impl Fn(Result<Reply, String>) + 'static) {
        match self {
            Importer::InPlace(answer) => {
                deliver(wire::reply(&answer(&request)).ok_or_else(unreadable))
            }
            Importer::Worker(link) => link.send(request, Rc::new(deliver)),
        }
    }
}

/// The importer the page uses: the one a test provided, else the worker.
pub fn use_importer() -> StoredValue<Importer, LocalStorage> {
    use_context::<StoredValue<Importer, LocalStorage>>().unwrap_or_else(|| {
        let importer = StoredValue::new_local(Importer::Worker(Rc::new(WorkerLink::default())));
        provide_context(importer);
        importer
    })
}

fn unreadable() -> String {
    "The import's worker sent a message this page cannot read: reload the page.".into()
}

#[derive(Default)]
enum Stage {
    #[default]
    Idle,
    /// Started; `queued` is the newest request, posted once the worker says it is ready.
    Starting {
        worker: Worker,
        queued: Option<String>,
    },
    Ready(Worker),
    /// It cannot answer: the message says why and what to do.
    Broken(String),
}

/// The worker, its stage, and where its replies go.
#[derive(Default)]
pub struct WorkerLink {
    stage: RefCell<Stage>,
    deliver: RefCell<Option<Deliver>>,
}

impl WorkerLink {
    fn start(self: &Rc<Self>) {
        if !matches!(*self.stage.borrow(), Stage::Idle) {
            return;
        }
        let stage = match spawn(self) {
            Ok(worker) => Stage::Starting {
                worker,
                queued: None,
            },
            Err(message) => Stage::Broken(message),
        };
        *self.stage.borrow_mut() = stage;
    }

    fn send(self: &Rc<Self>, request: String, deliver: Deliver) {
        *self.deliver.borrow_mut() = Some(deliver);
        self.start();
        let failed = match &mut *self.stage.borrow_mut() {
            Stage::Starting { queued, .. } => {
                *queued = Some(request);
                None
            }
            Stage::Ready(worker) => worker
                .post_message(&JsValue::from_str(&request))
                .is_err()
                .then(|| broken("it refused a message")),
            Stage::Broken(message) => Some(message.clone()),
            Stage::Idle => None,
        };
        if let Some(message) = failed {
            self.break_with(message);
        }
    }

    fn on_reply(self: &Rc<Self>, text: Option<String>) {
        let Some(reply) = text.as_deref().and_then(wire::reply) else {
            return self.break_with(unreadable());
        };
        let protocol = match reply {
            Reply::Ready { protocol } => protocol,
            Reply::Failed { message } => return self.break_with(broken(&message)),
            reply => return self.deliver(Ok(reply)),
        };
        if protocol != PROTOCOL {
            return self.break_with(format!(
                "The import's worker is from another version of this page (message format {protocol}, this page needs {PROTOCOL}): reload the page."
            ));
        }
        let stage = std::mem::take(&mut *self.stage.borrow_mut());
        let Stage::Starting { worker, queued } = stage else {
            *self.stage.borrow_mut() = stage;
            return;
        };
        if let Some(request) = queued {
            let _ = worker.post_message(&JsValue::from_str(&request));
        }
        *self.stage.borrow_mut() = Stage::Ready(worker);
    }

    fn break_with(self: &Rc<Self>, message: String) {
        let old = std::mem::replace(
            &mut *self.stage.borrow_mut(),
            Stage::Broken(message.clone()),
        );
        if let Stage::Starting { worker, .. } | Stage::Ready(worker) = old {
            worker.terminate();
        }
        self.deliver(Err(message));
    }

    fn deliver(&self, reply: Result<Reply, String>) {
        let deliver = self.deliver.borrow().clone();
        if let Some(deliver) = deliver {
            deliver(reply);
        }
    }
}

fn broken(why: &str) -> String {
    format!("The deploy.yml import could not start ({why}): reload the page to try again.")
}

/// The worker's address, from the meta tag the build writes.
fn worker_url() -> Result<String, String> {
    document()
        .query_selector(r#"meta[name="kamal-actions-import-worker"]"#)
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .filter(|url| url.ends_with(".js"))
        .ok_or_else(|| broken("this page names no import worker"))
}

/// Starts the worker with its message and error handlers, which live as long as it does.
fn spawn(link: &Rc<WorkerLink>) -> Result<Worker, String> {
    let worker =
        Worker::new(&worker_url()?).map_err(|_| broken("the browser refused to start it"))?;
    let on_message = {
        let link = Rc::clone(link);
        Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            link.on_reply(event.data().as_string())
        })
    };
    let on_error = {
        let link = Rc::clone(link);
        // An error in the worker is an ErrorEvent with a message; a file that did not load is
        // a plain Event.
        Closure::<dyn Fn(Event)>::new(move |event: Event| {
            event.prevent_default();
            let why = js_sys::Reflect::get(&event, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "its file did not load".to_string());
            link.break_with(broken(&why));
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_message.forget();
    on_error.forget();
    Ok(worker)
}
