//! Problem paths: the one spelling of each field's address, shared by the validator (which
//! reports problems at it) and the page (which names the field's element after it).
//!
//! Fixed paths are written with [`path!`](crate::path), which the compiler checks against the
//! configuration's types, so a renamed field breaks the build instead of silently orphaning
//! its messages. Paths into lists and maps are built by the functions here from those fixed
//! parts.

/// The problem path of a field, as a `&'static str` checked against the configuration types.
///
/// - `path!(Config: project.service)` is `"project.service"`, and does not compile unless
///   `Config` has a field `project` with a field `service`.
/// - `path!(Environment: trigger => branches in Trigger::Branches { branches })` is
///   `"trigger.branches"`: a field of one enum variant, checked by the pattern, which must
///   bind the name after `=>`.
///
/// The type is one of the [`config`](crate::config) module's types.
#[macro_export]
macro_rules! path {
    ($ty:ident : $first:ident $(. $rest:ident)*) => {{
        let _ = |x: &$crate::config::$ty| {
            let _ = &x.$first $(.$rest)*;
        };
        concat!(stringify!($first) $(, ".", stringify!($rest))*)
    }};
    ($ty:ident : $first:ident $(. $rest:ident)* => $field:ident in $pattern:pat) => {{
        let _ = |x: &$crate::config::$ty| {
            #[allow(unused_imports)]
            use $crate::config::*;
            if let $pattern = &x.$first $(.$rest)* {
                let _ = $field;
            }
        };
        concat!(stringify!($first) $(, ".", stringify!($rest))*, ".", stringify!($field))
    }};
}

/// A field of the externally tagged enum at `base` while it is the variant `kind`:
/// `variant("backup.dump", "postgres", "accessory")` is `backup.dump.postgres.accessory`, as
/// the JSON spells it. `kind` is the variant's [`Kind`](crate::config::edit::Kind) name, the
/// same as its serde name; the bounds test checks every such path against the JSON.
pub fn variant(base: &str, kind: &str, field: &str) -> String {
    format!("{base}.{kind}.{field}")
}

/// Item `index` of the list at `list`: `environments[2]`.
pub fn item(list: &str, index: usize) -> String {
    format!("{list}[{index}]")
}

/// The entry `key` of the map at `map`: `environments[0].secret_overrides.DATABASE_URL`.
pub fn entry(map: &str, key: &str) -> String {
    format!("{map}.{key}")
}

/// A field of environment `index`, from its path within an environment:
/// `environment(0, path!(Environment: name))` is `environments[0].name`.
pub fn environment(index: usize, field: &str) -> String {
    format!(
        "{}.{field}",
        item(crate::path!(Config: environments), index)
    )
}

/// A field of Kamal variable `index` under Secrets: `secrets.env[1].secret`.
pub fn variable(index: usize, field: &str) -> String {
    format!("{}.{field}", item(crate::path!(Config: secrets.env), index))
}

/// A field of the access to `vault`: `secrets.vaults.one_password.token_secret`.
pub fn vault_access(vault: crate::vault::Vault, field: &str) -> String {
    format!(
        "{}.{field}",
        entry(crate::path!(Config: secrets.vaults), vault.key())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_paths_spell_the_fields() {
        assert_eq!(path!(Config: project.service), "project.service");
        assert_eq!(path!(Config: dependabot), "dependabot");
        assert_eq!(
            path!(Config: registry => account_id in Registry::Ecr { account_id, .. }),
            "registry.account_id"
        );
        assert_eq!(
            path!(Environment: trigger => tags in Trigger::Tags { tags }),
            "trigger.tags"
        );
    }

    #[test]
    fn built_paths_join_their_parts() {
        assert_eq!(
            environment(2, path!(Environment: aws_role_arn)),
            "environments[2].aws_role_arn"
        );
        assert_eq!(
            item(&environment(0, path!(Environment: hosts)), 3),
            "environments[0].hosts[3]"
        );
        assert_eq!(
            entry(
                &environment(1, path!(Environment: secret_overrides)),
                "API_KEY"
            ),
            "environments[1].secret_overrides.API_KEY"
        );
        assert_eq!(
            variable(1, path!(SecretVar: secret)),
            "secrets.env[1].secret"
        );
    }
}
