//! The pure core of kamal-actions: configuration, validation, rendering and bundling, with no
//! browser dependency, so it is tested natively and shared by the page and the CLI.

pub mod aws;
pub mod azure;
pub mod backup;
pub mod bundle;
pub mod changes;
pub mod config;
pub mod digitalocean;
pub mod gcp;
pub mod gemfile_lock;
pub mod github;
pub mod highlight;
pub mod import;
pub mod kamal;
pub mod markdown;
pub mod pins;
pub mod render;
pub mod session;
pub mod share;
pub mod sorted;
pub mod tree;
pub mod validate;
pub mod vault;
pub mod yaml;

pub use config::Config;
pub use render::{render, GeneratedFile};
pub use validate::{validate, Problem};
