//! DigitalOcean Container Registry, a preset of "another registry": its host, and its login
//! rule. DigitalOcean's CI/CD guide: "use a DigitalOcean API token as both the username and the
//! password" (docs.digitalocean.com/products/container-registry/how-to/set-up-ci-cd/); its own
//! credentials endpoint and `doctl registry login` send the token as both too.

/// The registry's host; images are `registry.digitalocean.com/REGISTRY/IMAGE`.
pub const HOST: &str = "registry.digitalocean.com";

/// The GitHub secret conventionally holding the API token.
pub const TOKEN_SECRET: &str = "DIGITALOCEAN_ACCESS_TOKEN";
