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

use crate::config::{Config, Environment, Trigger};
use crate::kamal::{self, KamalCommand};
use crate::validate::{validate, Problem};
use crate::yaml::{body_text, with_header, Map};

/// The secret GitHub gives every job; nobody creates it.
pub const GITHUB_TOKEN: &str = "GITHUB_TOKEN";

pub use guide::GUIDE_PATH;
pub use iam::{IAM_DIR, REPOSITORY_PLACEHOLDER};
pub(crate) use paths::Layout;
use paths::Shared;
pub use references::{environment_references, referenced, References};
use workflows::CheckKind;

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
    let mut files: Vec<GeneratedFile> = plan(&ctx)
        .into_iter()
        .flat_map(|part| part.render(&ctx))
        .collect();
    sort(&mut files);
    Ok(files)
}

/// The one file of [`repository_files`] at `path`, rendered alone: `None` if `config` has
/// problems or writes no such file. The page shows the file the user looks at this way on
/// each keystroke, a paint before it renders the rest (a twentieth of the work with twenty
/// environments).
pub fn repository_file(config: &Config, path: &str) -> Option<GeneratedFile> {
    if !validate(config).is_empty() {
        return None;
    }
    let ctx = Context::new(config);
    let part = plan(&ctx).into_iter().find(|p| p.writes(&ctx, path))?;
    part.render(&ctx).into_iter().find(|f| f.path == path)
}

/// What [`repository_files`] writes for a configuration, one renderer each.
fn plan<'a>(ctx: &Context<'a>) -> Vec<Part<'a>> {
    let config = ctx.config;
    let mut files = vec![File::PreBuild, File::BuildDeploy];
    for env in &config.environments {
        if env.trigger.has_deploy_workflow() {
            files.push(File::Deploy(env));
        }
        if matches!(env.trigger, Trigger::Promote { .. }) {
            files.push(File::Promote(env));
        }
    }
    files.extend([
        File::DeployManually,
        File::ValidatePullRequest,
        File::Check(CheckKind::Specs),
        File::Check(CheckKind::Lint),
    ]);
    if !ctx.commands.is_empty() {
        files.extend([File::RunCommand, File::RunCommandAction]);
    }
    if config.backup.is_some() {
        files.push(File::Backup);
    }
    files.extend([File::Rollback, File::RollbackAction]);
    if config.dependabot {
        files.push(File::Dependabot);
    }
    files.extend([File::Document, File::Yamllint, File::Zizmor]);
    if config.project.layout == crate::config::Layout::Seed {
        files.push(File::Actionlint);
    }
    let mut parts: Vec<Part> = files.into_iter().map(Part::File).collect();
    parts.push(Part::Secrets);
    parts
}

/// A renderer's share of [`repository_files`], known with where it writes before anything is
/// rendered.
#[derive(Clone, Copy)]
enum Part<'a> {
    File(File<'a>),
    /// `.kamal/secrets*` (Kamal 1: `.env*.erb`), one file per destination.
    Secrets,
}

impl Part<'_> {
    fn render(self, ctx: &Context) -> Vec<GeneratedFile> {
        match self {
            Self::File(file) => vec![file.render(ctx)],
            Self::Secrets => kamal_files::secrets(ctx),
        }
    }

    fn writes(self, ctx: &Context, path: &str) -> bool {
        match self {
            Self::File(file) => file.path(ctx) == path,
            Self::Secrets => kamal_files::writes(ctx, path),
        }
    }
}

/// A part that writes one file. Its path is decided here, not by its renderer, so that
/// [`repository_file`] finds the renderer of a path without rendering.
#[derive(Clone, Copy)]
enum File<'a> {
    PreBuild,
    BuildDeploy,
    Deploy(&'a Environment),
    Promote(&'a Environment),
    DeployManually,
    ValidatePullRequest,
    Check(CheckKind),
    RunCommand,
    RunCommandAction,
    Backup,
    Rollback,
    RollbackAction,
    Dependabot,
    /// The configuration itself ([`CONFIG_PATH`]).
    Document,
    Yamllint,
    Zizmor,
    Actionlint,
}

impl File<'_> {
    fn path(self, ctx: &Context) -> String {
        let layout = &ctx.layout;
        match self {
            Self::PreBuild => layout.action_path("pre-build"),
            Self::BuildDeploy => layout.action_path("build-deploy"),
            Self::RunCommandAction => layout.action_path("run-command"),
            Self::RollbackAction => layout.action_path("rollback"),
            Self::Deploy(env) => layout.deploy_path(env),
            Self::Promote(env) => layout.promote_path(env),
            Self::DeployManually => layout.shared_path(Shared::DeployManually),
            Self::ValidatePullRequest => layout.shared_path(Shared::ValidatePullRequest),
            Self::RunCommand => layout.shared_path(Shared::RunCommand),
            Self::Rollback => layout.shared_path(Shared::Rollback),
            Self::Backup => layout.shared_path(Shared::Backup),
            Self::Check(kind) => layout.check_path(kind.slug()),
            Self::Dependabot => ".github/dependabot.yml".into(),
            Self::Document => CONFIG_PATH.into(),
            Self::Yamllint => ".yamllint.yml".into(),
            Self::Zizmor => ".github/zizmor.yml".into(),
            Self::Actionlint => ".github/actionlint.yaml".into(),
        }
    }

    fn render(self, ctx: &Context) -> GeneratedFile {
        let path = self.path(ctx);
        match self {
            Self::PreBuild => actions::pre_build(ctx, path),
            Self::BuildDeploy => actions::build_deploy(ctx, path),
            Self::RunCommandAction => actions::run_command(ctx, path),
            Self::RollbackAction => actions::rollback(ctx, path),
            Self::Deploy(env) => workflows::deploy(ctx, env, path),
            Self::Promote(env) => workflows::promote(ctx, env, path),
            Self::DeployManually => workflows::deploy_manually(ctx, path),
            Self::ValidatePullRequest => workflows::validate_pull_request(ctx, path),
            Self::RunCommand => workflows::run_command(ctx, path),
            Self::Rollback => workflows::rollback(ctx, path),
            Self::Backup => backup::workflow(ctx, path),
            Self::Check(kind) => workflows::check(ctx, kind, path),
            Self::Dependabot => tooling::dependabot(ctx, path),
            Self::Document => GeneratedFile {
                path,
                contents: ctx.config.to_json(),
            },
            Self::Yamllint => tooling::yamllint_config(path),
            Self::Zizmor => tooling::zizmor_config(path),
            Self::Actionlint => tooling::actionlint_config(ctx, path),
        }
    }
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
    crate::sorted::by_path(files);
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
