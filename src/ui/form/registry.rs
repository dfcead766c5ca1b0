//! Registry: where images go and how the workflows log in.

use kamal_actions_core::aws::REGIONS;
use kamal_actions_core::config::edit::Kind;
use kamal_actions_core::config::Registry;
use leptos::prelude::*;

use super::Section;
use crate::ui::fields::{SelectField, TextField};
use crate::ui::state::use_state;

#[component]
pub fn RegistrySection() -> impl IntoView {
    let state = use_state();
    let current = Signal::derive(move || state.config.with(|c| c.registry.name().to_string()));
    // One accessor per registry field; `None` when the registry has no such field.
    let field = move |pick: fn(&mut Registry) -> Option<&mut String>| {
        let value = Signal::derive(move || {
            state
                .config
                .with(|c| pick(&mut c.registry.clone()).cloned().unwrap_or_default())
        });
        let set = move |v: String| {
            state.update(|c| {
                if let Some(slot) = pick(&mut c.registry) {
                    *slot = v;
                }
            })
        };
        (value, set)
    };
    let (account, set_account) = field(|r| match r {
        Registry::Ecr { account_id, .. } => Some(account_id),
        _ => None,
    });
    let (region, set_region) = field(|r| match r {
        Registry::Ecr { region, .. } => Some(region),
        _ => None,
    });
    let (role, set_role) = field(|r| match r {
        Registry::Ecr { role_arn, .. } => Some(role_arn),
        _ => None,
    });
    let (repository, set_repository) = field(|r| match r {
        Registry::Ecr { repository, .. } => Some(repository),
        _ => None,
    });
    let service = Signal::derive(move || state.config.with(|c| c.project.service.clone()));
    let (server, set_server) = field(|r| match r {
        Registry::Other { server, .. } => Some(server),
        _ => None,
    });
    let (username, set_username) = field(|r| match r {
        Registry::DockerHub { username, .. } | Registry::Other { username, .. } => Some(username),
        _ => None,
    });
    let (password, set_password) = field(|r| match r {
        Registry::DockerHub {
            password_secret, ..
        }
        | Registry::Other {
            password_secret, ..
        } => Some(password_secret),
        _ => None,
    });
    let regions: Vec<(String, String)> = REGIONS
        .iter()
        .map(|(code, name)| (code.to_string(), format!("{code} — {name}")))
        .collect();
    view! {
        <Section
            id="registry"
            title="Registry and AWS"
            about="Where Kamal pushes images, and how the jobs log in without stored passwords where possible."
        >
            <SelectField
                path="registry"
                label="Registry"
                options=vec![
                    ("ecr".into(), "Amazon ECR (OIDC role, no stored keys)".into()),
                    ("ghcr".into(), "GitHub Container Registry (GITHUB_TOKEN)".into()),
                    ("docker_hub".into(), "Docker Hub".into()),
                    ("other".into(), "Another registry".into()),
                ]
                value=current
                on_change=move |v: String| state.update(|c| c.set_registry_kind(&v))
            />
            <Show when=move || current.get() == "ecr">
                <div class="row">
                    <TextField path="registry.account_id" label="AWS account id" placeholder="123456789012" value=account on_input=set_account />
                    <SelectField path="registry.region" label="AWS region" options=regions.clone() value=region on_change=set_region />
                </div>
                <TextField
                    path="registry.role_arn"
                    label="IAM role to assume (OIDC)"
                    placeholder="arn:aws:iam::123456789012:role/github-actions-deploy"
                    hint="Trusted for token.actions.githubusercontent.com; environments may override it."
                    value=role
                    on_input=set_role
                />
                <TextField
                    path="registry.repository"
                    label="ECR repository (optional)"
                    hint="image: in config/deploy.yml; empty means the service name. The setup kit's IAM policy allows pushing to this one repository."
                    placeholder=service
                    value=repository
                    on_input=set_repository
                />
            </Show>
            <Show when=move || current.get() == "ghcr">
                <p class="hint">"Jobs get packages: write and log in with the job's GITHUB_TOKEN: nothing to store."</p>
            </Show>
            <Show when=move || current.get() == "other">
                <TextField path="registry.server" label="Registry host" placeholder="registry.example.com" value=server on_input=set_server />
            </Show>
            <Show when=move || matches!(current.get().as_str(), "docker_hub" | "other")>
                <div class="row">
                    <TextField path="registry.username" label="Username" value=username on_input=set_username />
                    <TextField path="registry.password_secret" label="Password or token secret" value=password on_input=set_password />
                </div>
            </Show>
        </Section>
    }
}
