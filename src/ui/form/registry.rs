//! Registry: where images go and how the workflows log in.

use kamal_actions_core::aws::REGIONS;
use kamal_actions_core::config::edit::Kind;
use kamal_actions_core::config::Registry;
use kamal_actions_core::path;
use leptos::prelude::*;

use super::Section;
use crate::ui::fields::{Binding, Choice, SelectField, TextField};
use crate::ui::state::use_state;

#[component]
pub fn RegistrySection() -> impl IntoView {
    let state = use_state();
    let kind = Binding::config(
        path!(Config: registry),
        |c| c.registry.name(),
        |c, kind| c.set_registry_kind(kind),
    );
    let current = kind.value;
    // A field of the registry kinds that have it, empty for the others.
    let field = move |path: &'static str, pick: fn(&mut Registry) -> Option<&mut String>| {
        Binding::new(
            path,
            Signal::derive(move || {
                state
                    .config
                    .with(|c| pick(&mut c.registry.clone()).cloned().unwrap_or_default())
            }),
            move |v| {
                state.update(|c| {
                    if let Some(slot) = pick(&mut c.registry) {
                        *slot = v;
                    }
                })
            },
        )
    };
    let account = move || {
        field(
            path!(Config: registry => account_id in Registry::Ecr { account_id, .. }),
            |r| match r {
                Registry::Ecr { account_id, .. } => Some(account_id),
                _ => None,
            },
        )
    };
    let region = move || {
        field(
            path!(Config: registry => region in Registry::Ecr { region, .. }),
            |r| match r {
                Registry::Ecr { region, .. } => Some(region),
                _ => None,
            },
        )
    };
    let role = move || {
        field(
            path!(Config: registry => role_arn in Registry::Ecr { role_arn, .. }),
            |r| match r {
                Registry::Ecr { role_arn, .. } => Some(role_arn),
                _ => None,
            },
        )
    };
    let repository = move || {
        field(
            path!(Config: registry => repository in Registry::Ecr { repository, .. }),
            |r| match r {
                Registry::Ecr { repository, .. } => Some(repository),
                _ => None,
            },
        )
    };
    let service = Signal::derive(move || state.config.with(|c| c.project.service.clone()));
    let server = move || {
        field(
            path!(Config: registry => server in Registry::Other { server, .. }),
            |r| match r {
                Registry::Other { server, .. } => Some(server),
                _ => None,
            },
        )
    };
    let username = move || {
        field(
            path!(Config: registry => username in Registry::DockerHub { username, .. } | Registry::Other { username, .. }),
            |r| match r {
                Registry::DockerHub { username, .. } | Registry::Other { username, .. } => {
                    Some(username)
                }
                _ => None,
            },
        )
    };
    let password = move || {
        field(
            path!(Config: registry => password_secret in Registry::DockerHub { password_secret, .. } | Registry::Other { password_secret, .. }),
            |r| match r {
                Registry::DockerHub {
                    password_secret, ..
                }
                | Registry::Other {
                    password_secret, ..
                } => Some(password_secret),
                _ => None,
            },
        )
    };
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
                choice=Choice::of(
                    kind,
                    &[
                    ("ecr", "Amazon ECR (OIDC role, no stored keys)"),
                    ("ghcr", "GitHub Container Registry (GITHUB_TOKEN)"),
                    ("docker_hub", "Docker Hub"),
                    ("other", "Another registry"),
                ],
                )
                label="Registry"
            />
            <Show when=move || current.get() == "ecr">
                <div class="row">
                    <TextField bind=account() label="AWS account id" placeholder="123456789012" />
                    <SelectField choice=Choice::new(region(), regions.clone()) label="AWS region" />
                </div>
                <TextField
                    bind=role()
                    label="IAM role to assume (OIDC)"
                    placeholder="arn:aws:iam::123456789012:role/github-actions-deploy"
                    hint="Trusted for token.actions.githubusercontent.com; environments may override it."
                />
                <TextField
                    bind=repository()
                    label="ECR repository (optional)"
                    hint="image: in config/deploy.yml; empty means the service name. The setup kit's IAM policy allows pushing to this one repository."
                    placeholder=service
                />
            </Show>
            <Show when=move || current.get() == "ghcr">
                <p class="hint">"Jobs get packages: write and log in with the job's GITHUB_TOKEN: nothing to store."</p>
            </Show>
            <Show when=move || current.get() == "other">
                <TextField bind=server() label="Registry host" placeholder="registry.example.com" />
            </Show>
            <Show when=move || matches!(current.get(), "docker_hub" | "other")>
                <div class="row">
                    <TextField bind=username() label="Username" />
                    <TextField bind=password() label="Password or token secret" />
                </div>
            </Show>
        </Section>
    }
}
