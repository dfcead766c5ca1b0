//! Build options and the checks that guard pull requests and deploys.

use leptos::prelude::*;

use super::Section;
use crate::ui::fields::{Checkbox, TextField};
use crate::ui::state::use_state;

#[component]
pub fn BuildSection() -> impl IntoView {
    let state = use_state();
    view! {
        <Section id="build" title="Build" about="How the runner builds the image before Kamal pushes it.">
            <Checkbox
                path="build.setup_buildx"
                label="Set up Docker Buildx first"
                checked=Signal::derive(move || state.config.with(|c| c.build.setup_buildx))
                on_change=move |b| state.update(|c| c.build.setup_buildx = b)
            />
            <Checkbox
                path="build.gha_cache"
                label="Let Kamal's builder use the GitHub Actions cache"
                hint="For builder cache type: gha in config/deploy.yml."
                checked=Signal::derive(move || state.config.with(|c| c.build.gha_cache))
                on_change=move |b| state.update(|c| c.build.gha_cache = b)
            />
            <TextField
                path="build.remote_builder"
                label="Remote builder (optional)"
                hint="builder.remote from config/deploy.yml when it is ssh://…: the setup guide pins its host key with the servers'."
                placeholder=Signal::derive(|| "ssh://docker@builder.example.com".to_string())
                value=Signal::derive(move || state.config.with(|c| c.build.remote_builder.clone()))
                on_input=move |v: String| state.update(|c| c.build.remote_builder = v.trim().to_string())
            />
        </Section>
    }
}

#[component]
pub fn ChecksSection() -> impl IntoView {
    let state = use_state();
    view! {
        <Section
            id="checks"
            title="Checks"
            about="The commands every pull request runs, and deploys run first when their environment asks for it."
        >
            <div class="row">
                <TextField
                    path="checks.specs"
                    label="Specs command"
                    value=Signal::derive(move || state.config.with(|c| c.checks.specs.clone()))
                    on_input=move |v| state.update(|c| c.checks.specs = v)
                />
                <TextField
                    path="checks.lint"
                    label="Lint command"
                    value=Signal::derive(move || state.config.with(|c| c.checks.lint.clone()))
                    on_input=move |v| state.update(|c| c.checks.lint = v)
                />
            </div>
        </Section>
    }
}
