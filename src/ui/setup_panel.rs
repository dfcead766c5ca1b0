//! "What to set up in GitHub": the environments, secrets and variables the files read.

use kamal_actions_core::setup::requirements;
use leptos::prelude::*;

use super::state::use_state;

#[component]
pub fn SetupPanel() -> impl IntoView {
    let state = use_state();
    let setup = Memo::new(move |_| state.valid_config.with(requirements));
    view! {
        <section class="setup" aria-labelledby="setup-title" id="setup">
            <h2 id="setup-title">"What to set up in GitHub"</h2>
            <p class="about">
                "Settings → Environments: create each environment and add these. Secrets may also live at repository level."
            </p>
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
        </section>
    }
}
