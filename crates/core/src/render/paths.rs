//! Where each generated file goes, and the names that follow from it.

use crate::config::{self, Config, Environment, Trigger};

/// File paths and workflow names for one configuration.
pub struct Layout<'a> {
    config: &'a Config,
}

/// The workflows that are not per environment.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Shared {
    Backup,
    DeployManually,
    ValidatePullRequest,
    RunCommand,
    Rollback,
}

impl<'a> Layout<'a> {
    pub fn new(config: &'a Config) -> Self {
        Self { config }
    }

    /// The directory of a composite action, as `uses:` names it (without `./`).
    pub fn action_dir(&self, name: &str) -> String {
        match self.config.project.layout {
            config::Layout::Actions => format!(".github/actions/{name}"),
            config::Layout::Seed => format!(".github/workflows/{name}"),
        }
    }

    pub fn action_path(&self, name: &str) -> String {
        let file = match self.config.project.layout {
            config::Layout::Actions => "action.yml",
            config::Layout::Seed => "action.yaml",
        };
        format!("{}/{file}", self.action_dir(name))
    }

    /// The number of a workflow in the seed's scheme: deploy workflows first, in environment
    /// order, then the promote workflows, then backup, manual deploy, pull-request validation, run-command and roll back.
    fn number(&self, slot: Slot) -> usize {
        let envs = &self.config.environments;
        let deploys = envs.iter().filter(|e| e.trigger.has_deploy_workflow());
        let promotes = envs
            .iter()
            .filter(|e| matches!(e.trigger, Trigger::Promote { .. }));
        let slots = deploys
            .map(|e| Slot::Deploy(&e.name))
            .chain(promotes.map(|e| Slot::Promote(&e.name)));
        let mut n = 0;
        for each in slots {
            n += 1;
            if slot == each {
                return n;
            }
        }
        for (shared, present) in [
            (Shared::Backup, self.config.backup.is_some()),
            (Shared::DeployManually, true),
            (Shared::ValidatePullRequest, true),
            (Shared::RunCommand, !self.config.commands.is_empty()),
            (Shared::Rollback, true),
        ] {
            n += usize::from(present);
            if slot == Slot::Shared(shared) {
                return n;
            }
        }
        unreachable!("every slot has a number")
    }

    fn numbered(&self) -> bool {
        self.config.project.numbered_workflows
    }

    pub fn deploy_path(&self, env: &Environment) -> String {
        if self.numbered() {
            let n = self.number(Slot::Deploy(&env.name));
            format!(
                ".github/workflows/{n:02}.build_deploy_{}.yml",
                env.name.replace('-', "_")
            )
        } else {
            format!(".github/workflows/deploy-{}.yml", env.name)
        }
    }

    pub fn deploy_name(&self, env: &Environment) -> String {
        self.title(Slot::Deploy(&env.name), format!("Deploy {}", env.name))
    }

    /// The workflow that promotes `env` by hand (`Trigger::Promote`).
    pub fn promote_path(&self, env: &Environment) -> String {
        if self.numbered() {
            let n = self.number(Slot::Promote(&env.name));
            format!(
                ".github/workflows/{n:02}.promote_{}.yml",
                env.name.replace('-', "_")
            )
        } else {
            format!(".github/workflows/promote-{}.yml", env.name)
        }
    }

    pub fn promote_name(&self, env: &Environment) -> String {
        let from = env.trigger.promoted_from().unwrap_or_default();
        self.title(
            Slot::Promote(&env.name),
            format!("Promote {from} to {}", env.name),
        )
    }

    pub fn shared_path(&self, which: Shared) -> String {
        let (numbered, plain) = match which {
            Shared::Backup => ("database_backup", "database-backup"),
            Shared::DeployManually => ("build_deploy_manually", "deploy-manually"),
            Shared::ValidatePullRequest => ("validate_pull_request", "validate-pull-request"),
            Shared::RunCommand => ("kamal_run_command", "kamal-run-command"),
            Shared::Rollback => ("kamal_rollback", "kamal-rollback"),
        };
        if self.numbered() {
            let n = self.number(Slot::Shared(which));
            format!(".github/workflows/{n:02}.{numbered}.yml")
        } else {
            format!(".github/workflows/{plain}.yml")
        }
    }

    pub fn shared_name(&self, which: Shared) -> String {
        let name = match which {
            Shared::Backup => "Database backup",
            Shared::DeployManually => "Deploy manually",
            Shared::ValidatePullRequest => "Validate pull request",
            Shared::RunCommand => "Run a Kamal command",
            Shared::Rollback => "Roll back",
        };
        self.title(Slot::Shared(which), name.into())
    }

    /// Reusable workflows keep the seed's underscore names in both schemes.
    pub fn check_path(&self, slug: &str) -> String {
        format!(".github/workflows/_{slug}.yml")
    }

    fn title(&self, slot: Slot, name: String) -> String {
        if self.numbered() {
            format!("{:02}. {name}", self.number(slot))
        } else {
            name
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot<'e> {
    Deploy(&'e str),
    Promote(&'e str),
    Shared(Shared),
}
