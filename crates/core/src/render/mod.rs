//! Rendering: a valid [`Config`] becomes the files that land in the user's repository.
//!
//! Each file is built as a [`Yaml`](crate::yaml::Yaml) tree by the module named for what it
//! holds (`actions`, `workflows`, `kamal_files`), from the shared pieces in `steps`, and
//! written by the one emitter in `crate::yaml`. The header comment of every file lists the
//! secrets and variables it references, read off the rendered body so it cannot drift.

mod actions;
mod backup;
mod guide;
mod iam;
mod interface;
mod kamal_files;
mod paths;
mod references;
pub mod setup;
mod steps;
mod tooling;
mod vaults;
mod workflows;

use std::collections::BTreeSet;

use crate::config::{Config, Trigger};
use crate::kamal::{self, KamalCommand};
use crate::validate::{validate, Problem};
use crate::yaml::{body_text, with_header, Map};

/// The secret GitHub gives every job; nobody creates it.
pub const GITHUB_TOKEN: &str = "GITHUB_TOKEN";

pub use guide::GUIDE_PATH;
pub use iam::{IAM_DIR, REPOSITORY_PLACEHOLDER};
pub(crate) use paths::Layout;
pub use references::{environment_references, referenced, References};

/// One generated file at its path inside the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Relative to the repository root, with `/` separators: `.github/workflows/deploy.yml`.
    pub path: String,
    pub contents: String,
}

/// Validates `config` and renders every file, sorted by path, or returns every problem: the
/// repository's files ([`repository_files`]) and the setup kit ([`setup_kit`]).
pub fn render(config: &Config) -> Result<Vec<GeneratedFile>, Vec<Problem>> {
    let mut files = repository_files(config)?;
    files.extend(setup_kit(config).files);
    sort(&mut files);
    Ok(files)
}

/// Validates `config` and renders the files that go into the repository (the actions, the
/// workflows, `.kamal/secrets*`, the checkers' settings and the document itself), sorted by
/// path, or returns every problem.
///
/// Apart from [`setup_kit`] because the page shows these the moment it opens, while the kit's
/// code (most of it the guide's prose) arrives with the part of the page below the first
/// screen: a fifth less to fetch before the page can be used.
pub fn repository_files(config: &Config) -> Result<Vec<GeneratedFile>, Vec<Problem>> {
    let problems = validate(config);
    if !problems.is_empty() {
        return Err(problems);
    }
    let ctx = Context::new(config);
    let mut files = vec![actions::pre_build(&ctx), actions::build_deploy(&ctx)];
    for env in &config.environments {
        if env.trigger.has_deploy_workflow() {
            files.push(workflows::deploy(&ctx, env));
        }
        if matches!(env.trigger, Trigger::Promote { .. }) {
            files.push(workflows::promote(&ctx, env));
        }
    }
    files.push(workflows::deploy_manually(&ctx));
    files.push(workflows::validate_pull_request(&ctx));
    files.push(workflows::check(&ctx, workflows::CheckKind::Specs));
    files.push(workflows::check(&ctx, workflows::CheckKind::Lint));
    if !ctx.commands.is_empty() {
        files.push(workflows::run_command(&ctx));
        files.push(actions::run_command(&ctx));
    }
    if config.backup.is_some() {
        files.push(backup::workflow(&ctx));
    }
    files.push(workflows::rollback(&ctx));
    files.push(actions::rollback(&ctx));
    files.extend(kamal_files::secrets(&ctx));
    if config.dependabot {
        files.push(tooling::dependabot(&ctx));
    }
    files.push(GeneratedFile {
        path: CONFIG_PATH.into(),
        contents: config.to_json(),
    });
    files.push(tooling::yamllint_config());
    files.push(tooling::zizmor_config());
    if config.project.layout == crate::config::Layout::Seed {
        files.push(tooling::actionlint_config(&ctx));
    }
    sort(&mut files);
    Ok(files)
}

/// The setup kit of a configuration [`repository_files`] accepted. What it says of an invalid
/// configuration means nothing.
pub fn setup_kit(config: &Config) -> SetupKit {
    let ctx = Context::new(config);
    let requirements = setup::requirements_in(&ctx);
    let mut files = vec![guide::guide(
        &ctx,
        &requirements,
        &kamal_files::secrets(&ctx),
    )];
    files.extend(iam::files(&ctx));
    SetupKit {
        files,
        requirements,
    }
}

/// What a user sets up in GitHub and AWS before the files work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupKit {
    /// The guide ([`GUIDE_PATH`]) and the IAM policies ([`IAM_DIR`]), in no particular order.
    pub files: Vec<GeneratedFile>,
    /// What the guide lists per GitHub environment ([`setup::requirements`]), handed back so
    /// the page's setup panel need not derive it again (a tenth of a 20-environment render).
    pub requirements: Vec<setup::EnvironmentSetup>,
}

/// The order files are listed in everywhere: by path.
pub fn sort(files: &mut [GeneratedFile]) {
    files.sort_by(|a, b| a.path.cmp(&b.path));
}

/// Where the configuration itself goes, so the CLI (`generate --check`) and the page (import)
/// can regenerate the files later from what the repository holds.
pub const CONFIG_PATH: &str = ".github/kamal-actions.json";

/// What every renderer needs: the configuration, where files go, and the parsed commands.
pub(crate) struct Context<'a> {
    pub config: &'a Config,
    pub layout: Layout<'a>,
    pub commands: Vec<KamalCommand>,
}

impl<'a> Context<'a> {
    fn new(config: &'a Config) -> Self {
        let version = config.project.kamal_version;
        let commands = config
            .commands
            .iter()
            .filter_map(|c| kamal::parse(c, version).ok())
            .collect();
        Self {
            config,
            layout: Layout::new(config),
            commands,
        }
    }

    /// A YAML file whose header says what it does, then which secrets and variables it reads
    /// that the user must create: `GITHUB_TOKEN` is GitHub's own and is left out.
    pub fn yaml_file(&self, path: String, summary: &[String], body: &Map) -> GeneratedFile {
        let text = body_text(body);
        let mut header = summary.to_vec();
        let References {
            mut secrets,
            variables,
        } = References::in_text(&text);
        secrets.remove(GITHUB_TOKEN);
        match (secrets.is_empty(), variables.is_empty()) {
            (true, true) => {}
            (false, true) => header.push(format!("Secrets: {}.", join(&secrets))),
            (true, false) => header.push(format!("Variables: {}.", join(&variables))),
            (false, false) => header.push(format!(
                "Secrets: {}. Variables: {}.",
                join(&secrets),
                join(&variables)
            )),
        }
        header.push(match self.config.project.repository.as_str() {
            "" => "Generated by kamal-actions.".into(),
            repo => format!("Generated by kamal-actions for {repo}."),
        });
        GeneratedFile {
            path,
            contents: with_header(&header, &text),
        }
    }
}

fn join(names: &BTreeSet<String>) -> String {
    names
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_secret_and_variable_references() {
        let text = "a: ${{ secrets.A }}\nb: ${{ x && secrets.B_2 || vars.C }}\nc: secrets.NOT\n";
        assert_eq!(
            referenced(text, "secrets."),
            ["A", "B_2"].map(String::from).into()
        );
        assert_eq!(referenced(text, "vars."), ["C"].map(String::from).into());
    }

    #[test]
    fn invalid_config_renders_nothing() {
        let mut config = Config::default();
        config.project.service.clear();
        let problems = render(&config).unwrap_err();
        assert_eq!(problems[0].path, "project.service");
    }

    #[test]
    fn every_file_is_the_repository_files_and_the_setup_kit() {
        let config = Config::default();
        let mut parts = repository_files(&config).unwrap();
        let SetupKit {
            files: kit,
            requirements,
        } = setup_kit(&config);
        assert_eq!(requirements, setup::requirements(&config));
        assert!(kit.iter().any(|f| f.path == GUIDE_PATH));
        assert!(kit
            .iter()
            .all(|f| f.path == GUIDE_PATH || f.path.starts_with(IAM_DIR)));
        assert!(parts.iter().all(|f| kit.iter().all(|k| k.path != f.path)));
        parts.extend(kit);
        sort(&mut parts);
        assert_eq!(parts, render(&config).unwrap());
    }
}
