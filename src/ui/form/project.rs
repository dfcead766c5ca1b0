//! Project: the service, how Kamal runs, and the repository layout.

use kamal_actions_core::config::{KamalInvocation, KamalVersion, Layout, Registry};
use leptos::prelude::*;

use super::Section;
use crate::ui::fields::{options, Checkbox, NumberField, SelectField, TextField};
use crate::ui::state::use_state;

#[component]
pub fn ProjectSection() -> impl IntoView {
    let state = use_state();
    let project = move |f: fn(&kamal_actions_core::config::Project) -> String| {
        Signal::derive(move || state.config.with(|c| f(&c.project)))
    };
    view! {
        <Section id="project" title="Project" about="Your app and how the workflows run Kamal.">
            <TextField
                path="project.service"
                label="Service name"
                hint="The service: from config/deploy.yml."
                value=project(|p| p.service.clone())
                on_input=move |v| state.update(|c| c.project.service = v)
            />
            <TextField
                path="project.repository"
                label="GitHub repository (optional)"
                hint="Names the repository in the AWS trust policy of the setup kit."
                placeholder="owner/repo"
                value=project(|p| p.repository.clone())
                on_input=move |v| state.update(|c| c.project.repository = v)
            />
            <Show when=move || state.config.with(|c| matches!(c.registry, Registry::Ecr { .. }))>
                <div class="row">
                    <TextField
                        path="project.owner_id"
                        label="Owner id (optional)"
                        hint="With the repository id, for repositories created after July 2026: gh api repos/OWNER/REPO --jq '.owner.id, .id'."
                        value=project(|p| p.owner_id.clone())
                        on_input=move |v: String| state.update(|c| c.project.owner_id = v.trim().to_string())
                    />
                    <TextField
                        path="project.repository_id"
                        label="Repository id (optional)"
                        value=project(|p| p.repository_id.clone())
                        on_input=move |v: String| state.update(|c| c.project.repository_id = v.trim().to_string())
                    />
                </div>
            </Show>
            <div class="row">
                <SelectField
                    path="project.kamal_version"
                    label="Kamal version"
                    hint="Kamal 1 reproduces the seed's envify and traefik commands."
                    options=options(&[("2", "Kamal 2"), ("1", "Kamal 1")])
                    value=project(|p| match p.kamal_version { KamalVersion::V2 => "2".into(), KamalVersion::V1 => "1".into() })
                    on_change=move |v: String| state.update(|c| {
                        c.set_kamal_version(if v == "1" { KamalVersion::V1 } else { KamalVersion::V2 });
                    })
                />
                <SelectField
                    path="project.kamal_invocation"
                    label="Run Kamal with"
                    options=options(&[("bin/kamal", "bin/kamal"), ("bundle exec kamal", "bundle exec kamal")])
                    value=project(|p| p.kamal_invocation.command().into())
                    on_change=move |v: String| state.update(|c| {
                        c.project.kamal_invocation = if v == "bin/kamal" { KamalInvocation::Binstub } else { KamalInvocation::BundleExec }
                    })
                />
            </div>
            <div class="row">
                <TextField
                    path="project.ruby_version"
                    label="Ruby version"
                    hint=".ruby-version, .tool-versions or e.g. 3.3.6"
                    value=project(|p| p.ruby_version.clone())
                    on_input=move |v| state.update(|c| c.project.ruby_version = v)
                />
                <TextField
                    path="project.runner"
                    label="Runner"
                    hint="ubuntu-latest (GitHub-hosted) is safest. A self-hosted runner holds the deploy key and registry login between jobs: use ephemeral runners, and never one for a public repository, where anyone's pull request could run on it."
                    value=project(|p| p.runner.clone())
                    on_input=move |v| state.update(|c| c.project.runner = v)
                />
                <NumberField
                    path="project.timeout_minutes"
                    label="Job timeout (minutes)"
                    min=1
                    max=360
                    value=Signal::derive(move || state.config.with(|c| c.project.timeout_minutes))
                    on_input=move |n| state.update(|c| c.project.timeout_minutes = n)
                />
            </div>
            <SelectField
                path="project.layout"
                label="Where composite actions live"
                options=options(&[
                    ("actions", ".github/actions/<name>/action.yml (recommended)"),
                    ("seed", ".github/workflows/<name>/action.yaml (as in the seed post)"),
                ])
                value=project(|p| match p.layout { Layout::Actions => "actions".into(), Layout::Seed => "seed".into() })
                on_change=move |v: String| state.update(|c| c.project.layout = if v == "seed" { Layout::Seed } else { Layout::Actions })
            />
            <Checkbox
                path="project.numbered_workflows"
                label="Number the workflows like the seed (01.build_deploy_production.yml, …)"
                checked=Signal::derive(move || state.config.with(|c| c.project.numbered_workflows))
                on_change=move |b| state.update(|c| c.project.numbered_workflows = b)
            />
            <Checkbox
                path="dependabot"
                label="Add .github/dependabot.yml to keep the pinned actions current"
                checked=Signal::derive(move || state.config.with(|c| c.dependabot))
                on_change=move |b| state.update(|c| c.dependabot = b)
            />
        </Section>
    }
}
