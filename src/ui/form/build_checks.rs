//! Build options and the checks that guard pull requests and deploys.

use leptos::prelude::*;

use super::Section;
use crate::field;
use crate::ui::fields::{Checkbox, TextField};

#[component]
pub fn BuildSection() -> impl IntoView {
    view! {
        <Section id="build" title="Build" about="How the runner builds the image before Kamal pushes it.">
            <Checkbox bind=field!(build.setup_buildx) label="Set up Docker Buildx first" />
            <Checkbox
                bind=field!(build.gha_cache)
                label="Let Kamal's builder use the GitHub Actions cache"
                hint="For builder cache type: gha in config/deploy.yml."
            />
            <TextField
                bind=field!(build.remote_builder, |c, v: String| c.build.remote_builder = v.trim().to_string())
                label="Remote builder (optional)"
                hint="builder.remote from config/deploy.yml when it is ssh://…: the setup guide pins its host key with the servers'."
                placeholder=Signal::derive(|| "ssh://docker@builder.example.com".to_string())
            />
        </Section>
    }
}

#[component]
pub fn ChecksSection() -> impl IntoView {
    view! {
        <Section
            id="checks"
            title="Checks"
            about="The commands every pull request runs, and deploys run first when their environment asks for it."
        >
            <div class="row">
                <TextField bind=field!(checks.specs) label="Specs command" />
                <TextField bind=field!(checks.lint) label="Lint command" />
            </div>
        </Section>
    }
}
