//! The composite actions' inputs and outputs, declared once: the action's `inputs:` and
//! `outputs:`, its steps' `${{ inputs.NAME }}`, and the callers' `with:` keys and
//! `${{ steps.ID.outputs.NAME }}` all come from these, so a name declared one way and read
//! another (the seed's `aws_role_access` vs `inputs.aws-role-access`) cannot be written.

use crate::yaml::Map;

/// An input of a composite action.
pub struct Input {
    pub name: &'static str,
    pub description: &'static str,
    /// `None`: required; `Some(default)`: optional with that default.
    pub default: Option<&'static str>,
}

impl Input {
    /// Its declaration under the action's `inputs:`.
    pub fn declaration(&self) -> Map {
        let map = Map::new()
            .with("description", self.description)
            .with("required", self.default.is_none());
        match self.default {
            Some(default) => map.with("default", default),
            None => map,
        }
    }

    /// `${{ inputs.NAME }}`, as the action's steps read it.
    pub fn read(&self) -> String {
        format!("${{{{ inputs.{} }}}}", self.name)
    }

    /// `inputs.NAME`, inside a larger expression (an `if:`).
    pub fn in_expression(&self) -> String {
        format!("inputs.{}", self.name)
    }
}

/// An output of a composite action.
pub struct Output {
    pub name: &'static str,
    pub description: &'static str,
}

impl Output {
    /// `${{ steps.STEP.outputs.NAME }}`, as the caller reads it.
    pub fn read_from(&self, step_id: &str) -> String {
        format!("${{{{ steps.{step_id}.outputs.{} }}}}", self.name)
    }
}

/// The pre-build action's interface.
pub mod pre_build {
    use super::{Input, Output};

    pub const SSH_PRIVATE_KEY: Input = Input {
        name: "ssh-private-key",
        description: "The private key Kamal uses to reach the servers.",
        default: None,
    };
    pub const KNOWN_HOSTS: Input = Input {
        name: "known-hosts",
        description: "known_hosts lines pinning the servers' host keys.",
        default: None,
    };
    pub const AWS_ROLE_ARN: Input = Input {
        name: "aws-role-arn",
        description: "The IAM role to assume through GitHub's OIDC token.",
        default: None,
    };
    pub const GCP_SERVICE_ACCOUNT: Input = Input {
        name: "gcp-service-account",
        description: "The Google service account to act as through GitHub's OIDC token.",
        default: None,
    };
    /// Kamal 1 only: envify runs in pre-build.
    pub const DESTINATION: Input = Input {
        name: "destination",
        description: "The Kamal destination for envify; empty for none.",
        default: Some(""),
    };
    pub const REGISTRY_PASSWORD: Output = Output {
        name: "registry-password",
        description: "The ECR password Kamal logs in with (KAMAL_REGISTRY_PASSWORD).",
    };
}

/// The build-deploy action's interface.
pub mod build_deploy {
    use super::Input;

    pub const DESTINATION: Input = Input {
        name: "destination",
        description: "The Kamal destination (-d); empty for none.",
        default: Some(""),
    };
    pub const RELEASE_LOCK_ON_CANCEL: Input = Input {
        name: "release-lock-on-cancel",
        description: "Release the deploy lock when the job is cancelled mid-deploy.",
        default: Some("false"),
    };
    /// Declared only when an environment is promoted.
    pub const PROMOTE_VERSION: Input = Input {
        name: "promote-version",
        description: "A commit whose image is pushed: deploy it without building (--skip-push).",
        default: Some(""),
    };
    /// Declared only when an environment is promoted.
    pub const PROMOTE_FROM: Input = Input {
        name: "promote-from",
        description: "The destination that pushed the promoted image (-d); empty for none.",
        default: Some(""),
    };
}

/// The run-command action's interface.
pub mod run_command {
    use super::Input;

    pub const COMMAND: Input = Input {
        name: "command",
        description: "One of the allowed commands, as the workflow's choice lists it.",
        default: None,
    };
    pub const DESTINATION: Input = Input {
        name: "destination",
        description: "The Kamal destination (-d); empty for none.",
        default: Some(""),
    };
}

/// The rollback action's interface.
pub mod rollback {
    use super::Input;

    pub const DESTINATION: Input = Input {
        name: "destination",
        description: "The Kamal destination (-d); empty for none.",
        default: Some(""),
    };
    pub const VERSION: Input = Input {
        name: "version",
        description: "The version to run: a full commit SHA, checked before this action runs.",
        default: None,
    };
    pub const FROM: Input = Input {
        name: "from",
        description: "container (kamal rollback) or image (kamal deploy --skip-push --version).",
        default: None,
    };
    pub const LIST: Input = Input {
        name: "list",
        description: "true to list the versions still on the servers first.",
        default: Some("false"),
    };
}
