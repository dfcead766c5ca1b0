//! The workflows: one deploy per environment, manual deploy, pull-request validation with its
//! reusable specs and lint workflows, run-a-command, and the scheduled backup.

use crate::config::{ConcurrencyPolicy, Environment, Trigger};
use crate::github::describe_filters;
use crate::kamal::shell_quote;
use crate::yaml::{Map, Yaml};

use super::interface::run_command as command;
use super::paths::Shared;
use super::steps::{self, JobKind};
use super::{Context, GeneratedFile};

/// The two reusable check workflows.
#[derive(Clone, Copy)]
pub enum CheckKind {
    Specs,
    Lint,
}

impl CheckKind {
    pub(super) fn slug(self) -> &'static str {
        match self {
            Self::Specs => "specs",
            Self::Lint => "lint",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::Specs => "Specs",
            Self::Lint => "Lint",
        }
    }
}

/// `permissions: {}` at the top: every job states what it needs.
fn workflow(name: String, on: Map, concurrency: Map, jobs: Map) -> Map {
    Map::spaced()
        .with("name", name)
        .with("on", on)
        .with("permissions", Map::new())
        .with("concurrency", concurrency)
        .with("jobs", jobs)
}

/// Workflows started by hand for a chosen environment: one run per environment at a time.
fn per_chosen_environment() -> Map {
    concurrency(
        "${{ github.workflow }}-${{ inputs.environment }}".into(),
        false,
    )
}

fn concurrency(group: String, cancel: bool) -> Map {
    Map::new()
        .with("group", group)
        .with("cancel-in-progress", cancel)
}

fn read_only() -> Map {
    Map::new().with("contents", "read")
}

fn seq(items: &[String]) -> Yaml {
    Yaml::Seq(items.iter().map(|s| Yaml::from(s.as_str())).collect())
}

/// Jobs that call the reusable specs and lint workflows.
fn check_jobs(ctx: &Context, jobs: &mut Map) {
    for kind in [CheckKind::Specs, CheckKind::Lint] {
        jobs.insert(
            kind.slug(),
            Map::new()
                .with("name", kind.title())
                .with("permissions", read_only())
                .with("uses", format!("./{}", ctx.layout.check_path(kind.slug()))),
        );
    }
}

fn describe_trigger(trigger: &Trigger) -> String {
    match trigger {
        Trigger::Release => "when a GitHub release is published".into(),
        Trigger::Branches { branches } => {
            format!("on every push to {}", describe_filters(branches, ""))
        }
        Trigger::Tags { tags } => format!(
            "on every push of a tag matching {}",
            describe_filters(tags, "")
        ),
        Trigger::Manual => "only from the manual deploy workflow".into(),
        Trigger::After { from } => format!("right after {from} deploys"),
        Trigger::Promote { from } => format!("when promoted by hand from {from}"),
    }
}

fn on_trigger(trigger: &Trigger) -> Map {
    match trigger {
        Trigger::Release => Map::new().with(
            "release",
            Map::new().with("types", seq(&["published".into()])),
        ),
        Trigger::Branches { branches } => {
            Map::new().with("push", Map::new().with("branches", seq(branches)))
        }
        Trigger::Tags { tags } => Map::new().with("push", Map::new().with("tags", seq(tags))),
        Trigger::Manual | Trigger::After { .. } | Trigger::Promote { .. } => {
            unreachable!("only environments started by GitHub events have a deploy workflow")
        }
    }
}

/// The steps that deploy `env`: check out, pre-build, build and deploy.
fn deploy_steps(ctx: &Context, env: &Environment) -> Yaml {
    Yaml::SpacedSeq(vec![
        steps::checkout(),
        steps::pre_build(ctx, env),
        steps::build_deploy(ctx, env, None),
    ])
}

fn deploy_job(ctx: &Context, env: &Environment, head: Map) -> Map {
    steps::kamal_job(
        ctx,
        format!("Deploy to {}", env.name),
        head,
        env,
        JobKind::Deploy,
    )
    .with("steps", deploy_steps(ctx, env))
}

/// A job deploying the image already pushed for commit `version` (an expression) to `env`,
/// checked out at `checkout` (the run's own commit when `None`).
fn promote_job(
    ctx: &Context,
    env: &Environment,
    head: Map,
    version: &str,
    checkout: Option<&str>,
) -> Map {
    let from = env.trigger.promoted_from().unwrap_or_default();
    let checkout = checkout.map_or_else(steps::checkout, steps::checkout_at);
    steps::kamal_job(
        ctx,
        format!("Promote {from}'s image to {}", env.name),
        head,
        env,
        JobKind::DeployPushed,
    )
    .with(
        "steps",
        Yaml::SpacedSeq(vec![
            checkout,
            steps::pre_build(ctx, env),
            steps::build_deploy(ctx, env, Some(version)),
        ]),
    )
}

/// The id of the job deploying `env` after the environment it is promoted from.
fn follower_job_id(env: &Environment) -> String {
    format!("promote-{}", env.name)
}

/// The commit a run deploys: the one it runs on, or the one chosen for a promotion by hand.
#[derive(Clone, Copy)]
enum Commit {
    OfTheRun,
    Chosen,
}

impl Commit {
    /// The version Kamal deploys: a commit SHA, as Kamal tags images by default.
    fn version(self) -> &'static str {
        match self {
            Self::OfTheRun => "${{ github.sha }}",
            Self::Chosen => "${{ inputs.version }}",
        }
    }

    /// What the jobs check out: the run's commit is the default.
    fn checkout(self) -> Option<&'static str> {
        match self {
            Self::OfTheRun => None,
            Self::Chosen => Some("${{ inputs.version }}"),
        }
    }
}

/// Adds, after the job `job` deploying `env` at `commit`, a job for each environment deployed
/// right after it (`Trigger::After`), and theirs after those: that commit's image, without
/// building.
fn add_followers(ctx: &Context, jobs: &mut Map, env: &Environment, job: &str, commit: Commit) {
    for next in ctx.config.followers(&env.name) {
        let id = follower_job_id(next);
        let head = Map::new().with("needs", job);
        jobs.insert(
            id.clone(),
            promote_job(ctx, next, head, commit.version(), commit.checkout()),
        );
        add_followers(ctx, jobs, next, &id, commit);
    }
}

/// The header lines saying which environments a run that deploys `env` promotes to after it.
fn followers_note(ctx: &Context, env: &Environment) -> Vec<String> {
    let mut notes = Vec::new();
    for next in ctx.config.followers(&env.name) {
        notes.push(format!(
            "When {} succeeds, the same commit's image is deployed to {} without building \
             (`kamal deploy --skip-push --version`), once {}'s protection rules (required \
             reviewers) let its job start.",
            env.name, next.name, next.github_environment
        ));
        notes.extend(followers_note(ctx, next));
    }
    notes
}

/// What a run with promotions in it means for the runs after it: the workflow's concurrency
/// group holds one running and one pending run, and a job waiting for reviewers is running.
const WAITING_NOTE: &str = "The run stays in progress while a promotion waits for its \
     reviewers, so a newer run of this workflow waits behind it (replacing any run already \
     waiting): approve or reject the promotion to let the next one start.";

/// What a promotion needs to be true of the two destinations' deploy files, which only Kamal
/// reads: build-deploy checks it with `kamal config` before deploying.
fn promotion_caveat() -> String {
    "A promoted image is the one the first environment built: both destinations must resolve \
     to the same image, registry and service (the deploy step compares `kamal config` of both \
     and stops before deploying otherwise). If a destination file overrides builder.args or \
     builder.secrets, the promoted image is not what that environment would have built: the \
     step warns."
        .into()
}

pub fn deploy(ctx: &Context, env: &Environment, path: String) -> GeneratedFile {
    let cancel = env.concurrency == ConcurrencyPolicy::CancelAndReleaseLock;
    let mut jobs = Map::spaced();
    let mut head = Map::new();
    if env.checks_first {
        check_jobs(ctx, &mut jobs);
        head.insert("needs", seq(&["specs".into(), "lint".into()]));
    }
    jobs.insert("deploy", deploy_job(ctx, env, head));
    add_followers(ctx, &mut jobs, env, "deploy", Commit::OfTheRun);
    let body = workflow(
        ctx.layout.deploy_name(env),
        on_trigger(&env.trigger),
        concurrency(format!("deploy-{}", env.name), cancel),
        jobs,
    );
    let checks = if env.checks_first {
        " after the specs and lint pass"
    } else {
        ""
    };
    let mut summary = vec![format!(
        "Deploys {} to {} {}{checks}.",
        ctx.config.project.service,
        env.name,
        describe_trigger(&env.trigger)
    )];
    summary.push(concurrency_note(env));
    let promotions = followers_note(ctx, env);
    if !promotions.is_empty() {
        summary.extend(promotions);
        summary.push(WAITING_NOTE.into());
        summary.push(promotion_caveat());
    }
    ctx.yaml_file(path, &summary, &body)
}

/// The check a chosen version passes before any job with secrets starts. Kamal tags images and
/// names containers by the full SHA (`git rev-parse HEAD`), so a short one could never match.
const FULL_SHA_CHECK: &str = "if ! [[ \"$VERSION\" =~ ^[0-9a-f]{40}$ ]]; then\n  \
     echo \"Not a full commit SHA (40 lowercase hex digits, git rev-parse COMMIT): $VERSION\" \
     >&2\n  \
     exit 1\n\
     fi\n";

/// The id of the promote workflow's job that checks the commit first.
const COMMIT_JOB: &str = "commit";

/// Promotes by hand: deploys to `env` the image its source environment built at the commit
/// chosen when the workflow is started, checked out at that commit so Kamal reads the
/// configuration the image was built with.
pub fn promote(ctx: &Context, env: &Environment, path: String) -> GeneratedFile {
    let from = env.trigger.promoted_from().unwrap_or_default();
    let on = Map::new().with(
        "workflow_dispatch",
        Map::new().with(
            "inputs",
            Map::new().with(
                "version",
                Map::new()
                    .with(
                        "description",
                        format!("The commit whose image {from} deployed (its full SHA)"),
                    )
                    .with("required", true)
                    .with("type", "string"),
            ),
        ),
    );
    let check = gate_job(
        ctx,
        (
            "Check the commit",
            "Check that the version is a full commit SHA",
        ),
        ("VERSION", "${{ inputs.version }}"),
        FULL_SHA_CHECK.into(),
    );
    let mut jobs = Map::spaced().with(COMMIT_JOB, check);
    let head = Map::new().with("needs", COMMIT_JOB);
    let commit = Commit::Chosen;
    jobs.insert(
        "promote",
        promote_job(ctx, env, head, commit.version(), commit.checkout()),
    );
    add_followers(ctx, &mut jobs, env, "promote", commit);
    let body = workflow(
        ctx.layout.promote_name(env),
        on,
        concurrency(format!("deploy-{}", env.name), false),
        jobs,
    );
    let mut summary = vec![format!(
        "Promotes {from}'s image of a chosen commit to {}, started by hand (Actions tab, Run \
         workflow): `kamal deploy --skip-push --version=SHA`, nothing is built. The commit is \
         checked before anything runs; the job then waits for {}'s protection rules (required \
         reviewers). Kamal fails if the registry no longer holds that image.",
        env.name, env.github_environment
    )];
    let promotions = followers_note(ctx, env);
    if !promotions.is_empty() {
        summary.extend(promotions);
        summary.push(WAITING_NOTE.into());
    }
    summary.push(promotion_caveat());
    ctx.yaml_file(path, &summary, &body)
}

fn concurrency_note(env: &Environment) -> String {
    match env.concurrency {
        ConcurrencyPolicy::Queue => "A newer deploy waits for a running one to finish, and \
                                     for any Kamal command or backup running on the environment."
            .into(),
        ConcurrencyPolicy::CancelAndReleaseLock => "A newer run of this workflow cancels a \
                                                    running deploy, which then releases the \
                                                    Kamal deploy lock. Kamal commands and \
                                                    backups are never cancelled: the deploy \
                                                    waits for them."
            .into(),
    }
}

fn environment_choice(ctx: &Context) -> Map {
    choice_of(ctx.config.environments.iter())
}

fn choice_of<'a>(envs: impl Iterator<Item = &'a Environment>) -> Map {
    let names: Vec<String> = envs.map(|e| e.name.clone()).collect();
    Map::new()
        .with("description", "Environment")
        .with("required", true)
        .with("type", "choice")
        .with("options", seq(&names))
}

fn chosen(env: &Environment) -> String {
    format!("inputs.environment == '{}'", env.name)
}

/// The environments the manual deploy builds for: not those that only deploy another's image.
fn built_here<'a>(ctx: &'a Context) -> impl Iterator<Item = &'a Environment> {
    ctx.config
        .environments
        .iter()
        .filter(|e| e.trigger.promoted_from().is_none())
}

pub fn deploy_manually(ctx: &Context, path: String) -> GeneratedFile {
    let on = Map::new().with(
        "workflow_dispatch",
        Map::new().with(
            "inputs",
            Map::new().with("environment", choice_of(built_here(ctx))),
        ),
    );
    let mut jobs = Map::spaced();
    for env in built_here(ctx) {
        jobs.insert(
            env.name.clone(),
            deploy_job(ctx, env, Map::new().with("if", chosen(env))),
        );
        add_followers(ctx, &mut jobs, env, &env.name, Commit::OfTheRun);
    }
    let body = workflow(
        ctx.layout.shared_name(Shared::DeployManually),
        on,
        per_chosen_environment(),
        jobs,
    );
    let mut summary = vec![format!(
        "Deploys {} to the environment chosen when the workflow is started by hand (Actions tab, \
         Run workflow), without running the checks first.",
        ctx.config.project.service
    )];
    let promoted: Vec<&str> = ctx
        .config
        .environments
        .iter()
        .filter(|e| e.trigger.promoted_from().is_some())
        .map(|e| e.name.as_str())
        .collect();
    if !promoted.is_empty() {
        let verb = if promoted.len() == 1 {
            "deploys"
        } else {
            "deploy"
        };
        summary.push(format!(
            "Not offered: {}, which only {verb} the image another environment built.",
            promoted.join(", ")
        ));
        for env in built_here(ctx) {
            summary.extend(followers_note(ctx, env));
        }
    }
    ctx.yaml_file(path, &summary, &body)
}

pub fn validate_pull_request(ctx: &Context, path: String) -> GeneratedFile {
    let on = Map::new()
        .with("pull_request", Yaml::Null)
        .with("workflow_dispatch", Yaml::Null);
    let mut jobs = Map::spaced();
    check_jobs(ctx, &mut jobs);
    let body = workflow(
        ctx.layout.shared_name(Shared::ValidatePullRequest),
        on,
        concurrency("${{ github.workflow }}-${{ github.ref }}".into(), true),
        jobs,
    );
    let summary = vec![
        "Runs the specs and lint on every pull request; a newer push cancels the older run."
            .to_string(),
    ];
    ctx.yaml_file(path, &summary, &body)
}

/// The reusable specs or lint workflow.
pub fn check(ctx: &Context, kind: CheckKind, path: String) -> GeneratedFile {
    let command = match kind {
        CheckKind::Specs => &ctx.config.checks.specs,
        CheckKind::Lint => &ctx.config.checks.lint,
    };
    let job = Map::new()
        .with("name", kind.title())
        .with("runs-on", ctx.config.project.runner.as_str())
        .with("timeout-minutes", ctx.config.project.timeout_minutes)
        .with("permissions", read_only())
        .with(
            "steps",
            Yaml::SpacedSeq(vec![
                steps::checkout(),
                // Without a Gemfile (Kamal at a named version) there is no bundle to cache.
                steps::setup_ruby(
                    ctx,
                    ctx.config.project.kamal_install != crate::config::KamalInstall::Version,
                ),
                Map::new()
                    .with("name", format!("Run the {}", kind.slug()))
                    .with("run", command.as_str())
                    .into(),
            ]),
        );
    let body = Map::spaced()
        .with("name", kind.title())
        .with("on", Map::new().with("workflow_call", Yaml::Null))
        .with("permissions", Map::new())
        .with("jobs", Map::spaced().with(kind.slug(), job));
    let summary = vec![format!(
        "Reusable workflow: runs `{command}`. Called by pull-request validation and before deploys."
    )];
    ctx.yaml_file(path, &summary, &body)
}

/// A `case` that maps each allowed label to its argument vector and refuses anything else, so
/// the chosen input never becomes shell text.
pub(super) fn command_case(ctx: &Context) -> String {
    let mut script = String::from("case \"$COMMAND\" in\n");
    for command in &ctx.commands {
        let args: Vec<String> = command.args.iter().map(|a| shell_quote(a)).collect();
        script.push_str(&format!(
            "  {})\n    args=({})\n    ;;\n",
            shell_quote(&command.label),
            args.join(" ")
        ));
    }
    script.push_str(
        "  *)\n    echo \"Not an allowed command: $COMMAND\" >&2\n    exit 1\n    ;;\nesac\n",
    );
    script
}

/// Refuses a command that is not listed before anything else runs: one job, with no secrets
/// and no permissions, that every environment's job needs; so no checkout, no SSH agent, no
/// registry login and (Kamal 1) no `kamal envify` pushing env files to the servers.
fn check_allowed(ctx: &Context) -> Map {
    // One label a line, so the list stays readable (and within 120 columns) however long.
    let mut script = String::from("case \"$COMMAND\" in\n");
    for command in &ctx.commands {
        script.push_str(&format!("  {}) ;;\n", shell_quote(&command.label)));
    }
    script.push_str(
        "  *)\n    echo \"Not an allowed command: $COMMAND\" >&2\n    exit 1\n    ;;\nesac\n",
    );
    gate_job(
        ctx,
        (
            "Check that the command is allowed",
            "Check that the command is allowed",
        ),
        ("COMMAND", "${{ inputs.command }}"),
        script,
    )
}

/// A job that checks one input of a hand-started workflow before the jobs that need it run:
/// no secrets, no permissions, one step reading the input through `env:`.
fn gate_job(
    ctx: &Context,
    (name, step): (&str, &str),
    (variable, input): (&str, &str),
    script: String,
) -> Map {
    Map::new()
        .with("name", name)
        .with("runs-on", ctx.config.project.runner.as_str())
        .with("timeout-minutes", 5u32)
        .with("permissions", Map::new())
        .with(
            "steps",
            Yaml::Seq(vec![Map::new()
                .with("name", step)
                .with("env", Map::new().with(variable.to_owned(), input))
                .with("run", Yaml::Block(script))
                .into()]),
        )
}

/// The id of the allow-list job.
const ALLOWED_JOB: &str = "allowed";

pub fn run_command(ctx: &Context, path: String) -> GeneratedFile {
    let labels: Vec<String> = ctx.commands.iter().map(|c| c.label.clone()).collect();
    let on = Map::new().with(
        "workflow_dispatch",
        Map::new().with(
            "inputs",
            Map::new()
                .with(
                    "command",
                    Map::new()
                        .with("description", "Kamal command")
                        .with("required", true)
                        .with("type", "choice")
                        .with("options", seq(&labels)),
                )
                .with("environment", environment_choice(ctx)),
        ),
    );
    let mut jobs = Map::spaced().with(ALLOWED_JOB, check_allowed(ctx));
    for env in &ctx.config.environments {
        let mut with = Map::new().with(command::COMMAND.name, "${{ inputs.command }}");
        if !env.destination.is_empty() {
            with.insert(command::DESTINATION.name, env.destination.as_str());
        }
        let run = steps::kamal_action_step(
            ctx,
            env,
            "Run the chosen Kamal command",
            "run-command",
            with,
        );
        let job = chosen_job(
            ctx,
            env,
            (format!("Run on {}", env.name), JobKind::Operate),
            ALLOWED_JOB,
            vec![run.into()],
        );
        jobs.insert(env.name.clone(), job);
    }
    let body = workflow(
        ctx.layout.shared_name(Shared::RunCommand),
        on,
        per_chosen_environment(),
        jobs,
    );
    let summary = vec![format!(
        "Runs one of {} allowed Kamal commands against the chosen environment, started by hand. \
         Only the listed commands can run: the choice is matched in a case statement.",
        ctx.commands.len()
    )];
    ctx.yaml_file(path, &summary, &body)
}

/// The id of the job that checks the version before anything runs.
const VERSION_JOB: &str = "version";

/// Rolls an environment back to a version: the old container when it is still on the servers
/// (`kamal rollback`), or the old image from the registry (`deploy --skip-push --version`,
/// never `deploy --version` alone, which would build the current checkout under the old tag).
/// Kamal's rollback exits 0 when the container is gone, so the job then checks what the
/// servers run (`app version`) and fails unless it is the version asked for.
pub fn rollback(ctx: &Context, path: String) -> GeneratedFile {
    let on = Map::new().with(
        "workflow_dispatch",
        Map::new().with(
            "inputs",
            Map::new()
                .with("environment", environment_choice(ctx))
                .with(
                    "version",
                    Map::new()
                        .with("description", "The version to run: the full commit SHA it was built from")
                        .with("required", true)
                        .with("type", "string"),
                )
                .with(
                    "from",
                    Map::new()
                        .with(
                            "description",
                            "container (kamal rollback) or image (kamal deploy --skip-push --version)",
                        )
                        .with("required", true)
                        .with("type", "choice")
                        .with("options", seq(&["container".to_string(), "image".to_string()])),
                )
                .with(
                    "list",
                    Map::new()
                        .with("description", "List the versions still on the servers first")
                        .with("required", false)
                        .with("type", "boolean")
                        .with("default", true),
                ),
        ),
    );
    let check = gate_job(
        ctx,
        (
            "Check the version",
            "Check that the version is a full commit SHA",
        ),
        ("VERSION", "${{ inputs.version }}"),
        FULL_SHA_CHECK.into(),
    );
    let mut jobs = Map::spaced().with(VERSION_JOB, check);
    for env in &ctx.config.environments {
        jobs.insert(env.name.clone(), rollback_job(ctx, env));
    }
    let body = workflow(
        ctx.layout.shared_name(Shared::Rollback),
        on,
        per_chosen_environment(),
        jobs,
    );
    let summary = vec![
        "Rolls the chosen environment back to a version, started by hand: the old container \
         when it is still on the servers, or the old image pulled again. Fails unless the \
         servers then run that version (Kamal's rollback exits 0 when the container is gone)."
            .to_string(),
    ];
    ctx.yaml_file(path, &summary, &body)
}

fn rollback_job(ctx: &Context, env: &Environment) -> Map {
    use super::interface::rollback as back;
    let with = Map::new()
        .with(back::DESTINATION.name, env.destination.as_str())
        .with(back::VERSION.name, "${{ inputs.version }}")
        .with(back::FROM.name, "${{ inputs.from }}")
        .with(back::LIST.name, "${{ inputs.list }}");
    let step = steps::kamal_action_step(
        ctx,
        env,
        "Roll back and check the servers",
        "rollback",
        with,
    );
    chosen_job(
        ctx,
        env,
        (format!("Roll back {}", env.name), JobKind::DeployPushed),
        VERSION_JOB,
        vec![step.into()],
    )
}

/// The job of a workflow started by hand that runs Kamal on the chosen environment `env`: it
/// runs after the check job `needs` (which saw the input first), checks the repository out,
/// prepares the runner, then takes `steps`.
fn chosen_job(
    ctx: &Context,
    env: &Environment,
    (name, kind): (String, JobKind),
    needs: &str,
    steps: Vec<Yaml>,
) -> Map {
    let head = Map::new().with("needs", needs).with("if", chosen(env));
    let mut all = vec![steps::checkout(), steps::pre_build(ctx, env)];
    all.extend(steps);
    steps::kamal_job(ctx, name, head, env, kind).with("steps", Yaml::SpacedSeq(all))
}
