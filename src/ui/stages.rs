//! The page mounts in parts, one browser task each, instead of all at once.
//!
//! Mounting every section, the preview and the setup panel in one go was one task of ~0.7 s
//! on a phone's CPU (Lighthouse's 4x slowdown) right after the wasm arrived: nothing could be
//! tapped or painted until it ended, and Lighthouse counts all of it as blocking time. Each
//! [`Later`] part mounts in its own task once the parts before it have, so the browser paints
//! and answers input in between. The import box comes in the first task and the project
//! section in the next; everything reads the same state, so a part mounted later shows the
//! configuration as it is then.
//!
//! The parts after the first screen are a chunk of the split wasm (`super::later_parts`): the
//! count starts fetching it at once and waits for it before the first of those parts.

use std::time::Duration;

use leptos::prelude::*;

use super::control_flow::When;
use super::later_parts::{later_parts, Fetched, Mount};
use super::signals::Var;
use super::split::NotLoaded;
use super::state::Kit;

/// The page's parts in the order they mount, one task each. The import box comes with the
/// wasm (part 0); the project section completes a phone's first screen; the files come next
/// because a wide screen shows them beside the form; the setup panel, below the files, last.
pub mod part {
    pub const PROJECT: u8 = 1;
    pub const FILES: u8 = 2;
    pub const PREVIEW: u8 = 3;
    /// The first part whose code is fetched (`super::super::later_parts`).
    pub const ENVIRONMENTS: u8 = 4;
    pub const SECRETS: u8 = 5;
    pub const REGISTRY: u8 = 6;
    pub const BUILD_COMMANDS: u8 = 7;
    pub const CHECKS_BACKUP: u8 = 8;
    pub const SETUP: u8 = 9;
    pub const LAST: u8 = SETUP;
}

/// How far the page's mount has got: part `n` is mounted once `reached >= n`.
#[derive(Clone, Copy)]
pub struct Stages {
    reached: Var<u8>,
    code: Var<Code>,
    /// Where the setup kit's renderer goes when the code arrives (the page's state).
    kit: Var<Option<Kit>>,
}

/// Where the code of the parts after the first screen is.
#[derive(Clone, Copy)]
enum Code {
    Fetching,
    Arrived(Mount),
    Lost,
}

impl Stages {
    /// Starts the count at the first part; the rest follow one task apart up to [`part::LAST`],
    /// those from [`part::ENVIRONMENTS`] on once their code has arrived, which also sets `kit`.
    pub fn start(kit: Var<Option<Kit>>) -> Self {
        let stages = Self {
            reached: Var::new(0),
            code: Var::new(Code::Fetching),
            kit,
        };
        stages.fetch();
        let Self { reached, code, .. } = stages;
        // Runs after the parts of a stage have been built, and yields to the browser (a
        // timeout is a new task) before the next; reruns when the code arrives.
        Effect::new(move |_| {
            let now = reached.get();
            let waiting =
                now + 1 >= part::ENVIRONMENTS && !code.with(|c| matches!(c, Code::Arrived(_)));
            if now < part::LAST && !waiting {
                set_timeout(move || reached.set(now + 1), Duration::ZERO);
            }
        });
        stages
    }

    /// Fetches the later parts' code (again, after it was lost).
    fn fetch(self) {
        let Self { code, kit, .. } = self;
        code.set(Code::Fetching);
        leptos::task::spawn_local(async move {
            code.set(match later_parts().await {
                Ok(later) => {
                    kit.set(Some(later.kit));
                    Code::Arrived(later.mount)
                }
                Err(NotLoaded) => Code::Lost,
            });
        });
    }

    /// Whether part `stage` is mounted.
    pub fn reached(self, stage: u8) -> bool {
        self.reached.get() >= stage
    }

    /// Whether the mount has stopped: every part is mounted, or the later parts' code is lost.
    pub fn settled(self) -> bool {
        self.reached(part::LAST) || self.lost()
    }

    fn lost(self) -> bool {
        self.code.with(|c| matches!(c, Code::Lost))
    }
}

/// `children`, mounted once the page's mount reaches `stage` (the [`Stages`] in context).
#[component]
pub fn Later(stage: u8, children: ChildrenFn) -> impl IntoView {
    let stages = expect_context::<Stages>();
    view! { <When when=move || stages.reached(stage)>{children()}</When> }
}

/// Part `part` of the page, from the fetched code, once the mount reaches it.
#[component]
pub fn LaterFetched(part: Fetched) -> impl IntoView {
    let stages = expect_context::<Stages>();
    let mount = move || match stages.code.get_untracked() {
        Code::Arrived(mount) => Some(mount(part)),
        Code::Fetching | Code::Lost => None,
    };
    // The count reaches a fetched part only once its code has arrived.
    view! { <When when=move || stages.reached(part.stage())>{mount}</When> }
}

/// Where the parts after the first screen will be: a line saying they are on their way once
/// the first screen is up (on a slow phone a user can scroll to the form's end before they
/// arrive), or, when their code could not be fetched, the reason and a button to try again.
/// The first screen keeps working either way and the settings are kept.
#[component]
pub fn LaterStatus() -> impl IntoView {
    let stages = expect_context::<Stages>();
    let waiting =
        move || stages.reached(part::PREVIEW) && stages.code.with(|c| matches!(c, Code::Fetching));
    view! {
        <When when=waiting>
            <p class="hint later-pending" role="status" id="later-parts-pending">
                "The rest of the form is on its way…"
            </p>
        </When>
        <When when=move || stages.lost()>
            <div class="later-lost" role="alert" id="later-parts-failed">
                <p class="error">{NotLoaded::message("show the rest of the form, the GitHub setup and its files")}</p>
                <button type="button" on:click=move |_| stages.fetch()>"Try again"</button>
            </div>
        </When>
    }
}
