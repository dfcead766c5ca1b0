//! Azure's names, as Container Registry and Entra ID accept them.

/// The login server of a registry: `acme.azurecr.io`.
pub fn login_server(name: &str) -> String {
    format!("{name}.azurecr.io")
}

/// The registry name of an `*.azurecr.io` login server, if `host` is one.
pub fn registry_of_host(host: &str) -> Option<&str> {
    host.strip_suffix(".azurecr.io")
        .filter(|n| check_registry_name(n).is_ok())
}

/// Where a token login sends Docker: ACR's documented user for `az acr login --expose-token`.
pub const TOKEN_USERNAME: &str = "00000000-0000-0000-0000-000000000000";

/// A registry name: 5 to 50 lowercase letters and digits (the login server is lowercase).
pub fn check_registry_name(name: &str) -> Result<(), String> {
    let ok = (5..=50).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(
            "enter a registry name of 5 to 50 lowercase letters and digits (NAME.azurecr.io)"
                .into(),
        )
    }
}

/// A GUID, as Entra ID writes client, tenant and subscription ids.
pub fn check_guid(id: &str, what: &str) -> Result<(), String> {
    let groups: Vec<&str> = id.split('-').collect();
    let ok = groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "enter the {what}, a GUID such as 11111111-2222-3333-4444-555555555555"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_azures_rules() {
        assert!(check_registry_name("acmeprod").is_ok());
        assert!(check_registry_name("acme-prod").is_err());
        assert!(check_registry_name("Acme1").is_err());
        assert_eq!(registry_of_host("acmeprod.azurecr.io"), Some("acmeprod"));
        assert!(check_guid("11111111-2222-3333-4444-555555555555", "x").is_ok());
        assert!(check_guid("11111111-2222-3333-4444-55555555555", "x").is_err());
        assert!(check_guid("1111111g-2222-3333-4444-555555555555", "x").is_err());
    }
}
