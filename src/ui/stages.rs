//! The page mounts in parts, one browser task each, instead of all at once.
//!
//! Mounting every section, the preview and the setup panel in one go was one task of ~0.7 s
//! on a phone's CPU (Lighthouse's 4x slowdown) right after the wasm arrived: nothing could be
//! tapped or painted until it ended, and Lighthouse counts all of it as blocking time. Each
//! [`Later`] part mounts in its own task once the parts before it have, so the browser paints
//! and answers input in between. The import box comes in the first task and the project
//! section in the next; everything reads the same state, so a part mounted later shows the
//! configuration as it is then.

use std::time::Duration;

use leptos::prelude::*;

/// The page's parts in the order they mount, one task each. The import box comes with the
/// wasm (part 0); the project section completes a phone's first screen; the files come next
/// because a wide screen shows them beside the form; the setup panel, below the files, last.
pub mod part {
    pub const PROJECT: u8 = 1;
    pub const FILES: u8 = 2;
    pub const PREVIEW: u8 = 3;
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
    reached: RwSignal<u8>,
}

impl Stages {
    /// Starts the count at the first part; the rest follow one task apart up to [`part::LAST`].
    pub fn start() -> Self {
        let reached = RwSignal::new(0);
        // Runs after the parts of a stage have been built, and yields to the browser (a
        // timeout is a new task) before the next.
        Effect::new(move |_| {
            let now = reached.get();
            if now < part::LAST {
                set_timeout(move || reached.set(now + 1), Duration::ZERO);
            }
        });
        Self { reached }
    }

    /// Whether part `stage` is mounted.
    pub fn reached(self, stage: u8) -> bool {
        self.reached.get() >= stage
    }

    /// Whether every part is mounted.
    pub fn done(self) -> bool {
        self.reached(part::LAST)
    }
}

/// `children`, mounted once the page's mount reaches `stage` (the [`Stages`] in context).
#[component]
pub fn Later(stage: u8, children: ChildrenFn) -> impl IntoView {
    let stages = expect_context::<Stages>();
    view! { <Show when=move || stages.reached(stage)>{children()}</Show> }
}
