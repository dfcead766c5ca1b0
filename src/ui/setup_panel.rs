//! "What to set up in GitHub": the environments, secrets and variables the files read, the AWS
//! roles and whom they trust, and the way to the full guide (`KAMAL_ACTIONS_SETUP.md`).

use kamal_actions_core::config::Registry;
use kamal_actions_core::render::setup::aws_roles;
use kamal_actions_core::render::GUIDE_PATH;
use leptos::prelude::*;

use super::signals::Derived;
use super::state::use_state;

#[component]
pub fn SetupPanel() -> impl IntoView {
    let state = use_state();
    let setup = state.setup;
    let aws = Derived::new(move |_| {
        state.valid_config.with(|c| match c.registry {
            Registry::Ecr { .. } => Some((aws_roles(c), c.project.repository.clone())),
            _ => None,
        })
    });
    let open_guide = move |_| {
        state.chosen_file.set(Some(GUIDE_PATH.to_string()));
        // The file's own header, not the preview section: on wide screens the preview scrolls
        // inside itself, and the guide must show from its first line.
        if let Ok(Some(file)) = document().query_selector("article.file") {
            file.scroll_into_view();
        }
    };
    view! {
        <section class="setup" aria-labelledby="setup-title" id="setup">
            <h2 id="setup-title">"What to set up in GitHub"</h2>
            <p class="about">
                "Create each GitHub environment and add these names. The download's "
                <code>{GUIDE_PATH}</code>
                " has the ready gh and aws commands, protection rules and IAM policies."
            </p>
            <button type="button" id="open-guide" on:click=open_guide>"Open the setup guide"</button>
            // Re-rendered whole on change: a handful of rows, and each row's content changes.
            {move || setup.get().into_iter().map(|env| view! {
                <div class="setup-env">
                    <h3>
                        "Environment "<code>{env.github_environment.clone()}</code>
                        {(!env.url.is_empty()).then(|| view! { <span class="muted">" · "{env.url.clone()}</span> })}
                    </h3>
                    <dl>
                        <dt>"Secrets"</dt>
                        <dd>
                            {env.secrets.iter().map(|s| view! { <code class="name">{s.clone()}</code>" " }).collect_view()}
                        </dd>
                        {(!env.variables.is_empty()).then(|| view! {
                            <dt>"Variables"</dt>
                            <dd>{env.variables.iter().map(|v| view! { <code class="name">{v.clone()}</code>" " }).collect_view()}</dd>
                        })}
                    </dl>
                </div>
            }).collect_view()}
            {move || aws.get().map(|(roles, repository)| view! {
                <div class="setup-env" id="setup-aws">
                    <h3>"AWS roles (OIDC)"</h3>
                    {repository.is_empty().then(|| view! {
                        <p class="error">"Fill in the GitHub repository (Project) so the trust policies name it; until then they say OWNER/REPO."</p>
                    })}
                    <ul>
                        {roles.into_iter().map(|role| view! {
                            <li>
                                <code class="name">{role.arn}</code>
                                " trusts the environments "{role.github_environments.join(", ")}
                            </li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
        </section>
    }
}
