//! AWS facts the ECR registry option depends on.

/// Commercial AWS regions where ECR runs (2026). GovCloud and China use other ARN partitions and
/// registry domains, so they are not offered.
pub const REGIONS: &[(&str, &str)] = &[
    ("us-east-1", "US East (N. Virginia)"),
    ("us-east-2", "US East (Ohio)"),
    ("us-west-1", "US West (N. California)"),
    ("us-west-2", "US West (Oregon)"),
    ("af-south-1", "Africa (Cape Town)"),
    ("ap-east-1", "Asia Pacific (Hong Kong)"),
    ("ap-east-2", "Asia Pacific (Taipei)"),
    ("ap-south-1", "Asia Pacific (Mumbai)"),
    ("ap-south-2", "Asia Pacific (Hyderabad)"),
    ("ap-southeast-1", "Asia Pacific (Singapore)"),
    ("ap-southeast-2", "Asia Pacific (Sydney)"),
    ("ap-southeast-3", "Asia Pacific (Jakarta)"),
    ("ap-southeast-4", "Asia Pacific (Melbourne)"),
    ("ap-southeast-5", "Asia Pacific (Malaysia)"),
    ("ap-southeast-6", "Asia Pacific (New Zealand)"),
    ("ap-southeast-7", "Asia Pacific (Thailand)"),
    ("ap-northeast-1", "Asia Pacific (Tokyo)"),
    ("ap-northeast-2", "Asia Pacific (Seoul)"),
    ("ap-northeast-3", "Asia Pacific (Osaka)"),
    ("ca-central-1", "Canada (Central)"),
    ("ca-west-1", "Canada West (Calgary)"),
    ("eu-central-1", "Europe (Frankfurt)"),
    ("eu-central-2", "Europe (Zurich)"),
    ("eu-west-1", "Europe (Ireland)"),
    ("eu-west-2", "Europe (London)"),
    ("eu-west-3", "Europe (Paris)"),
    ("eu-south-1", "Europe (Milan)"),
    ("eu-south-2", "Europe (Spain)"),
    ("eu-north-1", "Europe (Stockholm)"),
    ("il-central-1", "Israel (Tel Aviv)"),
    ("me-south-1", "Middle East (Bahrain)"),
    ("me-central-1", "Middle East (UAE)"),
    ("mx-central-1", "Mexico (Central)"),
    ("sa-east-1", "South America (São Paulo)"),
];

pub fn is_region(name: &str) -> bool {
    REGIONS.iter().any(|(code, _)| *code == name)
}

/// `123456789012.dkr.ecr.us-east-1.amazonaws.com`
pub fn ecr_registry(account_id: &str, region: &str) -> String {
    format!("{account_id}.dkr.ecr.{region}.amazonaws.com")
}

/// The output of `aws-actions/amazon-ecr-login` holding the registry's password:
/// `docker_password_` plus the registry with every character outside `[A-Za-z0-9_]` replaced
/// by `_`. The seed hard-coded this name and got it wrong; here it is always derived.
pub fn ecr_password_output(account_id: &str, region: &str) -> String {
    let registry: String = ecr_registry(account_id, region)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("docker_password_{registry}")
}

// AWS's naming rules, used by validation and the import alike.

pub(crate) fn check_account_id(id: &str) -> Result<(), String> {
    if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err("enter the AWS account id: exactly 12 digits".into())
    }
}

/// ECR's rule for repository names: lowercase parts separated by `.`, `_`, `-` or `/`.
pub(crate) fn check_ecr_repository(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Ok(());
    }
    let part_ok = |part: &str| {
        !part.is_empty()
            && part.split(['.', '_', '-']).all(|w| {
                !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
    };
    if (2..=256).contains(&name.len()) && name.split('/').all(part_ok) {
        Ok(())
    } else {
        Err("an ECR repository name: lowercase letters, digits, and . _ - / between them, e.g. myapp".into())
    }
}

/// `arn:aws:iam::123456789012:role/path/name`
pub(crate) fn check_role_arn(arn: &str) -> Result<(), String> {
    RoleArn::parse(arn).map(drop)
}

/// An IAM role's ARN, `arn:aws:iam::ACCOUNT:role/PATH/NAME`, read once for validation, the
/// trust policies and the guide's `aws iam create-role --path`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleArn<'a> {
    pub account: &'a str,
    /// `/` or `/path/`, as `aws iam create-role --path` takes it.
    path: &'a str,
    pub name: &'a str,
}

impl<'a> RoleArn<'a> {
    pub fn parse(arn: &'a str) -> Result<Self, String> {
        let hint = "use arn:aws:iam::ACCOUNT_ID:role/ROLE_NAME";
        let rest = arn.strip_prefix("arn:aws:iam::").ok_or(hint)?;
        let (account, role) = rest.split_once(":role/").ok_or(hint)?;
        check_account_id(account).map_err(|_| format!("{hint} (the account id has 12 digits)"))?;
        let ok = !role.is_empty()
            && !role.ends_with('/')
            && role.len() <= 512
            && role
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-/".contains(&b));
        if !ok {
            return Err(format!(
                "{hint}; role names use letters, digits and +=,.@_-"
            ));
        }
        // `arn:...:role/deploy/github` -> path `/deploy/` (from the `/` after `role` to the
        // one before the name), name `github`.
        let name = role.rsplit('/').next().unwrap_or(role);
        let path = if name.len() == role.len() {
            "/"
        } else {
            &arn[arn.len() - role.len() - 1..arn.len() - name.len()]
        };
        Ok(Self {
            account,
            path,
            name,
        })
    }

    /// `/` or `/path/`.
    pub fn path(&self) -> &'a str {
        self.path
    }
}

/// `123456789012.dkr.ecr.eu-west-1.amazonaws.com` -> (account, region).
pub fn ecr_host(server: &str) -> Option<(String, String)> {
    let rest = server.strip_suffix(".amazonaws.com")?;
    let (account, region) = rest.split_once(".dkr.ecr.")?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()) && !region.is_empty())
        .then(|| (account.to_string(), region.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecr_hosts_give_account_and_region() {
        assert_eq!(
            ecr_host("123456789012.dkr.ecr.eu-west-1.amazonaws.com"),
            Some(("123456789012".into(), "eu-west-1".into()))
        );
        assert_eq!(ecr_host("ghcr.io"), None);
        assert_eq!(ecr_host("12345.dkr.ecr.eu-west-1.amazonaws.com"), None);
    }

    #[test]
    fn role_arns_give_account_path_and_name() {
        let arn = RoleArn::parse("arn:aws:iam::123456789012:role/deploy/ci/github").unwrap();
        assert_eq!(
            (arn.account, arn.path(), arn.name),
            ("123456789012", "/deploy/ci/", "github")
        );
        let arn = RoleArn::parse("arn:aws:iam::123456789012:role/github").unwrap();
        assert_eq!((arn.path(), arn.name), ("/", "github"));
        assert!(RoleArn::parse("arn:aws:iam::123456789012:user/x").is_err());
    }

    #[test]
    fn password_output_is_derived_from_account_and_region() {
        assert_eq!(
            ecr_password_output("123456789012", "us-east-1"),
            "docker_password_123456789012_dkr_ecr_us_east_1_amazonaws_com"
        );
        assert_eq!(
            ecr_password_output("000011112222", "eu-west-2"),
            "docker_password_000011112222_dkr_ecr_eu_west_2_amazonaws_com"
        );
    }

    #[test]
    fn the_seed_region_typo_is_not_a_region() {
        assert!(is_region("us-east-1"));
        assert!(!is_region("es-east-1"));
    }
}
