//! Google Cloud's names, as Artifact Registry and Workload Identity Federation accept them.

/// The Docker host of an Artifact Registry location: `europe-west1-docker.pkg.dev`.
pub fn artifact_registry_host(location: &str) -> String {
    format!("{location}-docker.pkg.dev")
}

/// The location of an Artifact Registry Docker host, if `host` is one.
pub fn location_of_host(host: &str) -> Option<&str> {
    host.strip_suffix("-docker.pkg.dev")
        .filter(|l| check_location(l).is_ok())
}

/// A region (`europe-west1`) or a multi-region (`us`, `europe`, `asia`).
pub fn check_location(location: &str) -> Result<(), String> {
    let mut parts = location.split('-');
    let ok = match (parts.next(), parts.next(), parts.next()) {
        (Some(m), None, None) => matches!(m, "us" | "europe" | "asia"),
        (Some(area), Some(zone), None) => {
            !area.is_empty()
                && area.bytes().all(|b| b.is_ascii_lowercase())
                && zone.len() >= 2
                && zone
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                && zone.bytes().last().is_some_and(|b| b.is_ascii_digit())
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err("enter a location such as europe-west1, us-central1 or us".into())
    }
}

/// A project id: 6 to 30 lowercase letters, digits and hyphens, starting with a letter and
/// not ending with a hyphen.
pub fn check_project(project: &str) -> Result<(), String> {
    let ok = (6..=30).contains(&project.len())
        && project.starts_with(|c: char| c.is_ascii_lowercase())
        && !project.ends_with('-')
        && project
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err("a project id has 6 to 30 lowercase letters, digits and hyphens, e.g. acme-prod".into())
    }
}

/// An Artifact Registry repository: lowercase letters, digits and hyphens, starting with a
/// letter, at most 63.
pub fn check_repository(repository: &str) -> Result<(), String> {
    let ok = (1..=63).contains(&repository.len())
        && repository.starts_with(|c: char| c.is_ascii_lowercase())
        && repository
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err("use lowercase letters, digits and hyphens, starting with a letter".into())
    }
}

/// A Workload Identity Federation provider, as `google-github-actions/auth` takes it:
/// `projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER`.
pub struct Provider<'a> {
    pub project_number: &'a str,
    pub pool: &'a str,
    pub provider: &'a str,
}

impl<'a> Provider<'a> {
    pub fn parse(text: &'a str) -> Result<Self, String> {
        let parts: Vec<&str> = text.split('/').collect();
        let id_ok = |id: &str| {
            (4..=32).contains(&id.len())
                && id.starts_with(|c: char| c.is_ascii_lowercase())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        match parts.as_slice() {
            ["projects", number, "locations", "global", "workloadIdentityPools", pool, "providers", provider]
                if !number.is_empty()
                    && number.bytes().all(|b| b.is_ascii_digit())
                    && id_ok(pool)
                    && id_ok(provider) =>
            {
                Ok(Self {
                    project_number: number,
                    pool,
                    provider,
                })
            }
            _ => Err(
                "enter projects/PROJECT_NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER"
                    .into(),
            ),
        }
    }

    /// The pool's resource name, which IAM principals start with.
    pub fn pool_name(&self) -> String {
        format!(
            "projects/{}/locations/global/workloadIdentityPools/{}",
            self.project_number, self.pool
        )
    }
}

/// A service account's email: `NAME@PROJECT.iam.gserviceaccount.com`.
pub fn check_service_account(email: &str) -> Result<(), String> {
    let ok = email
        .split_once('@')
        .and_then(|(name, domain)| {
            let project = domain.strip_suffix(".iam.gserviceaccount.com")?;
            Some(
                (6..=30).contains(&name.len())
                    && name.starts_with(|c: char| c.is_ascii_lowercase())
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && check_project(project).is_ok(),
            )
        })
        .unwrap_or(false);
    if ok {
        Ok(())
    } else {
        Err(
            "enter the service account's email, e.g. deployer@acme-prod.iam.gserviceaccount.com"
                .into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_google_clouds_rules() {
        assert!(check_location("europe-west1").is_ok());
        assert!(check_location("us").is_ok());
        assert!(check_location("Europe-west1").is_err());
        assert!(check_location("europe-west").is_err());
        assert_eq!(
            location_of_host("us-central1-docker.pkg.dev"),
            Some("us-central1")
        );
        assert_eq!(location_of_host("gcr.io"), None);
        assert!(check_project("acme-prod").is_ok());
        assert!(check_project("acme").is_err());
        assert!(check_project("1acme-prod").is_err());
        let p = Provider::parse(
            "projects/123456789/locations/global/workloadIdentityPools/github/providers/github-oidc",
        )
        .unwrap();
        assert_eq!(
            p.pool_name(),
            "projects/123456789/locations/global/workloadIdentityPools/github"
        );
        assert!(Provider::parse(
            "projects/abc/locations/global/workloadIdentityPools/github/providers/x"
        )
        .is_err());
        assert!(check_service_account("deployer@acme-prod.iam.gserviceaccount.com").is_ok());
        assert!(check_service_account("deployer@acme-prod.example.com").is_err());
    }
}
