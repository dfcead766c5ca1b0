//! Registry: where images go and how the workflows log in.

use kamal_actions_core::aws::REGIONS;
use kamal_actions_core::config::edit::Kind;
use kamal_actions_core::config::Registry;
use kamal_actions_core::path;
use leptos::prelude::*;

use super::Section;
use crate::ui::control_flow::When;
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
            state.part(move |c| pick(&mut c.registry.clone()).cloned().unwrap_or_default()),
            move |v| {
                state.update(|c| {
                    if let Some(slot) = pick(&mut c.registry) {
                        *slot = v;
                    }
                })
            },
        )
    };
    // A field of the registry kinds that have it, named once: its path, reader and writer.
    macro_rules! variant_field {
        ($field:ident in $($variant:ident)|+) => {
            move || {
                field(
                    path!(Config: registry => $field in $(Registry::$variant { $field, .. })|+),
                    |r| match r {
                        $(Registry::$variant { $field, .. })|+ => Some($field),
                        _ => None,
                    },
                )
            }
        };
    }
    let account = variant_field!(account_id in Ecr);
    let region = variant_field!(region in Ecr);
    let role = variant_field!(role_arn in Ecr);
    let repository = variant_field!(repository in Ecr);
    let service = state.part(move |c| c.project.service.clone());
    let server = variant_field!(server in Other);
    let username = variant_field!(username in DockerHub | Other);
    let password = variant_field!(password_secret in DockerHub | Other);
    let gar_location = variant_field!(location in Gar);
    let gar_project = variant_field!(project in Gar);
    let gar_repository = variant_field!(repository in Gar);
    let gar_provider = variant_field!(workload_identity_provider in Gar);
    let gar_account = variant_field!(service_account in Gar);
    let acr_name = variant_field!(name in Acr);
    let acr_client = variant_field!(client_id in Acr);
    let acr_tenant = variant_field!(tenant_id in Acr);
    let acr_subscription = variant_field!(subscription_id in Acr);
    let regions: Vec<(String, String)> = REGIONS
        .iter()
        .map(|(code, name)| (code.to_string(), format!("{code} — {name}")))
        .collect();
    view! {
        <Section
            id="registry"
            title="Registry"
            about="Where Kamal pushes images, and how the jobs log in without stored passwords where possible."
        >
            <SelectField
                choice=Choice::of(
                    kind,
                    &[
                    ("ecr", "Amazon ECR (OIDC role, no stored keys)"),
                    ("gar", "Google Artifact Registry (Workload Identity Federation)"),
                    ("acr", "Azure Container Registry (OIDC)"),
                    ("ghcr", "GitHub Container Registry (GITHUB_TOKEN)"),
                    ("docker_hub", "Docker Hub"),
                    ("digitalocean", "DigitalOcean Container Registry (API token)"),
                    ("other", "Another registry"),
                ],
                )
                label="Registry"
            />
            <When when=move || current.get() == "ecr">
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
            </When>
            <When when=move || current.get() == "gar">
                <div class="row">
                    <TextField bind=gar_location() label="Location" placeholder="europe-west1" hint="The host is LOCATION-docker.pkg.dev." />
                    <TextField bind=gar_project() label="Project id" placeholder="acme-prod" />
                    <TextField bind=gar_repository() label="Repository" placeholder="apps" hint="image: PROJECT/REPOSITORY/SERVICE in config/deploy.yml." />
                </div>
                <TextField
                    bind=gar_provider()
                    label="Workload identity provider"
                    placeholder="projects/123456789012/locations/global/workloadIdentityPools/github/providers/github"
                    hint="The setup guide's gcloud commands create it, admitting only this repository."
                />
                <TextField
                    bind=gar_account()
                    label="Service account"
                    placeholder="deployer@acme-prod.iam.gserviceaccount.com"
                    hint="Allowed to push to the repository; the guide lets only the deploying environments act as it. No JSON key."
                />
            </When>
            <When when=move || current.get() == "acr">
                <TextField bind=acr_name() label="Registry name" placeholder="acme" hint="NAME.azurecr.io" />
                <div class="row">
                    <TextField bind=acr_client() label="Application (client) id" />
                    <TextField bind=acr_tenant() label="Directory (tenant) id" />
                    <TextField bind=acr_subscription() label="Subscription id" />
                </div>
                <p class="hint">"The jobs log in with GitHub's OIDC token through federated credentials on the application (the setup guide's az commands), then get a registry token: no client secret."</p>
            </When>
            <When when=move || current.get() == "ghcr">
                <p class="hint">"Jobs get packages: write and log in with the job's GITHUB_TOKEN: nothing to store."</p>
            </When>
            <When when=move || current.get() == "other">
                <TextField bind=server() label="Registry host" placeholder="registry.example.com" />
            </When>
            <When when=move || current.get() == "digitalocean">
                <TextField bind=password() label="API token secret" hint="DigitalOcean takes the token as both username and password: deploy.yml names KAMAL_REGISTRY_PASSWORD for both." />
            </When>
            <When when=move || matches!(current.get(), "docker_hub" | "other")>
                <div class="row">
                    <TextField bind=username() label="Username" />
                    <TextField bind=password() label="Password or token secret" />
                </div>
            </When>
        </Section>
    }
}
