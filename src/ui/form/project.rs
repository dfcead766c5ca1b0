//! Project: the service, how Kamal runs, and the repository layout.

use kamal_actions_core::config::{KamalInstall, KamalVersion, Layout, Registry};
use leptos::prelude::*;

use super::Section;
use crate::field;
use crate::ui::control_flow::When;
use crate::ui::fields::{Checkbox, Choice, NumberField, SelectField, TextField};
use crate::ui::state::use_state;

#[component]
pub fn ProjectSection() -> impl IntoView {
    let state = use_state();
    view! {
        <Section id="project" title="Project" about="Your app and how the workflows run Kamal.">
            <TextField
                bind=field!(project.service)
                label="Service name"
                hint="The service: from config/deploy.yml."
            />
            <TextField
                bind=field!(project.repository)
                label="GitHub repository (optional)"
                hint="Names the repository in the setup kit's cloud trust rules (AWS, Google, Azure)."
                placeholder="owner/repo"
            />
            <When when=move || state.config.with(|c| matches!(c.registry, Registry::Ecr { .. } | Registry::Gar { .. } | Registry::Acr { .. }))>
                <div class="row">
                    <TextField
                        bind=field!(project.owner_id, |c, v: String| c.project.owner_id = v.trim().to_string())
                        label="Owner id (optional)"
                        hint="With the repository id, for repositories created after July 2026: gh api repos/OWNER/REPO --jq '.owner.id, .id'."
                    />
                    <TextField
                        bind=field!(project.repository_id, |c, v: String| c.project.repository_id = v.trim().to_string())
                        label="Repository id (optional)"
                    />
                </div>
            </When>
            <div class="row">
                <SelectField
                    choice=Choice::of(
                        field!(project.kamal_version, |c, v| {
                        c.set_kamal_version(v);
                    }),
                        &[(KamalVersion::V2, "Kamal 2"), (KamalVersion::V1, "Kamal 1")],
                    )
                    label="Kamal version"
                    hint="Kamal 1 reproduces the seed's envify and traefik commands."
                />
                <SelectField
                    choice=Choice::of(
                        field!(project.kamal_install, |c, v| c.set_kamal_install(v)),
                        &[
                        (KamalInstall::GemfileLock, "Kamal alone, at the version Gemfile.lock pins"),
                        (KamalInstall::BundleBinstub, "The whole bundle, then bin/kamal"),
                        (KamalInstall::BundleExec, "The whole bundle, then bundle exec kamal"),
                        (KamalInstall::Version, "Kamal alone, at a version I name (no Gemfile)"),
                    ],
                    )
                    label="Install and run Kamal"
                    hint="Kamal alone takes seconds where a Rails bundle with native gems takes minutes. Install the whole bundle if your Kamal hooks run the app's gems (bin/rails, bundle exec ...)."
                />
            </div>
            <When when=move || state.config.with(|c| c.project.kamal_install == KamalInstall::Version)>
                <TextField
                    bind=field!(project.kamal_gem_version, |c, v: String| c.project.kamal_gem_version = v.trim().to_string())
                    label="Kamal version to install"
                    hint="A released version, e.g. 2.12.0. Set Ruby to a version too (3.4), and turn off the checks if there is no Gemfile to run them with."
                    placeholder="2.12.0"
                />
            </When>
            <div class="row">
                <TextField
                    bind=field!(project.ruby_version)
                    label="Ruby version"
                    hint=".ruby-version, .tool-versions or e.g. 3.3.6"
                />
                <TextField
                    bind=field!(project.runner)
                    label="Runner"
                    hint="ubuntu-latest (GitHub-hosted) is safest. A self-hosted runner holds the deploy key and registry login between jobs: use ephemeral runners, and never one for a public repository, where anyone's pull request could run on it."
                />
                <NumberField
                    bind=field!(project.timeout_minutes)
                    label="Job timeout (minutes)"
                    min=1
                    max=360
                />
            </div>
            <SelectField
                choice=Choice::of(
                    field!(project.layout),
                    &[
                    (Layout::Actions, ".github/actions/<name>/action.yml (recommended)"),
                    (Layout::Seed, ".github/workflows/<name>/action.yaml (as in the seed post)"),
                ],
                )
                label="Where composite actions live"
            />
            <Checkbox
                bind=field!(project.numbered_workflows)
                label="Number the workflows like the seed (01.build_deploy_production.yml, …)"
            />
            <Checkbox
                bind=field!(dependabot)
                label="Add .github/dependabot.yml to keep the pinned actions current"
            />
        </Section>
    }
}
