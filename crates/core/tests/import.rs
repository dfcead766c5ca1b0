//! Importing realistic `config/deploy.yml` files (written for this suite under
//! `tests/fixtures/deploy/`): each yields the expected configuration (pinned in
//! `<case>.expected.json`, rewritten with `UPDATE_SNAPSHOTS=1` and reviewed by hand), the
//! report says what was read and what was not, and broken files change nothing.

use std::path::{Path, PathBuf};

use kamal_actions_core::config::diff::changes;
use kamal_actions_core::config::{KamalVersion, Registry, Trigger};
use kamal_actions_core::import::{
    import, import_with, plan, DeployFile, Imported, Mapping, MAX_FILE_BYTES,
};
use kamal_actions_core::{validate, Config};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/deploy")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn destination(case: &str, dest: &str) -> DeployFile {
    DeployFile {
        destination: dest.into(),
        text: read(&format!("{case}.{dest}.yml")),
    }
}

/// Imports `case.yml` (and its destination files) over the defaults and compares the result
/// with `case.expected.json`.
fn import_case(case: &str, destinations: &[&str]) -> Imported {
    let files: Vec<DeployFile> = destinations.iter().map(|d| destination(case, d)).collect();
    let imported = import(&Config::default(), &read(&format!("{case}.yml")), &files);
    let expected_path = dir().join(format!("{case}.expected.json"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&expected_path, imported.config.to_json()).unwrap();
    }
    let expected = Config::from_json(&std::fs::read_to_string(&expected_path).unwrap()).unwrap();
    assert_eq!(imported.config, expected, "{case}: {:#?}", imported.report);
    assert!(
        imported.report.errors.is_empty(),
        "{case}: {:?}",
        imported.report.errors
    );
    let mut texts = vec![read(&format!("{case}.yml"))];
    texts.extend(files.iter().map(|f| f.text.clone()));
    for text in texts {
        every_key_is_reported(case, &text, &imported);
    }
    imported
}

/// Nothing pasted is dropped silently: every top-level key, and every key of the sections
/// the workflows read from, appears in some line of the report.
fn every_key_is_reported(case: &str, text: &str, imported: &Imported) {
    let stripped: String = text
        .lines()
        .map(|l| if l.contains("<%") { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&stripped).unwrap_or_default();
    let r = &imported.report;
    let all: Vec<&String> = r
        .recognised
        .iter()
        .chain(&r.ignored)
        .chain(&r.errors)
        .chain(&r.refused)
        .collect();
    let said = |key: &str| {
        all.iter().any(|line| {
            line.split(|c: char| !(c.is_ascii_alphanumeric() || "._-".contains(c)))
                .any(|word| word == key || word.starts_with(&format!("{key}.")))
        })
    };
    let Some(map) = yaml.as_mapping() else { return };
    for (key, value) in map {
        let key = key.as_str().unwrap();
        assert!(said(key), "{case}: {key} is not in the report: {r:#?}");
        if ["registry", "builder", "proxy", "env", "ssh"].contains(&key) {
            for sub in value.as_mapping().into_iter().flat_map(|m| m.keys()) {
                let path = format!("{key}.{}", sub.as_str().unwrap());
                assert!(said(&path), "{case}: {path} is not in the report: {r:#?}");
            }
        }
    }
}

fn mentions(lines: &[String], needle: &str) -> bool {
    lines.iter().any(|l| l.contains(needle))
}

#[test]
fn the_rails_8_kamal_init_file() {
    let imported = import_case("rails8-kamal-init", &[]);
    let c = &imported.config;
    assert_eq!(c.project.service, "blog");
    assert_eq!(c.project.kamal_version, KamalVersion::V2);
    assert_eq!(
        c.registry,
        Registry::DockerHub {
            username: "jane".into(),
            password_secret: "KAMAL_REGISTRY_PASSWORD".into()
        }
    );
    let names: Vec<&str> = c.secrets.env.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["RAILS_MASTER_KEY"]);
    assert!(!c.build.gha_cache);
    let r = &imported.report;
    assert!(
        mentions(&r.ignored, "aliases, volumes, asset_path"),
        "{r:?}"
    );
    assert!(mentions(&r.ignored, "env.clear"));
    assert!(mentions(&r.ignored, "builder.arch"));
    // A lone config/deploy.yml deploys without a destination (kamal deploy, .kamal/secrets):
    // the environment keeps its servers and URL, and the one no file describes is removed.
    let names: Vec<&str> = c.environments.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["production"]);
    let production = &c.environments[0];
    assert_eq!(production.destination, "");
    assert_eq!(production.hosts, ["192.168.0.1"]);
    assert_eq!(production.url, "https://blog.example.com");
    assert!(mentions(&r.recognised, "environment staging removed"));
    assert_eq!(imported.undescribed, ["staging"]);
    assert!(mentions(
        &r.recognised,
        "registry Docker Hub (registry.server not set), user jane"
    ));
    assert!(mentions(&r.recognised, "image jane/blog"));
    assert!(validate(c).is_empty(), "{:?}", validate(c));
}

#[test]
fn ecr_with_destinations_erb_and_anchors() {
    let imported = import_case("ecr", &["production", "staging"]);
    let c = &imported.config;
    assert_eq!(c.project.service, "onetribe");
    match &c.registry {
        Registry::Ecr {
            account_id,
            region,
            role_arn,
            repository,
        } => {
            assert_eq!(account_id, "210987654321");
            assert_eq!(region, "eu-central-1");
            assert_eq!(
                role_arn,
                "arn:aws:iam::210987654321:role/github-actions-deploy"
            );
            assert_eq!(repository, "onetribe");
        }
        other => panic!("{other:?}"),
    }
    let production = c.environment("production").unwrap();
    assert_eq!(production.url, "https://onetribe.team");
    let staging = c.environment("staging").unwrap();
    assert_eq!(staging.url, "http://staging.onetribe.team");
    // Kamal deep-merges servers: web from the destination file, job from deploy.yml.
    assert_eq!(production.hosts, ["10.0.1.10", "10.0.0.11"]);
    assert_eq!(staging.hosts, ["10.0.2.10", "10.0.0.11"]);
    let names: Vec<&str> = c.secrets.env.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["RAILS_MASTER_KEY", "DATABASE_URL", "SENTRY_DSN"]);
    let r = &imported.report;
    assert!(mentions(&r.recognised, "runs the AWS CLI"), "{r:?}");
    assert!(mentions(
        &r.recognised,
        "suggested arn:aws:iam::210987654321"
    ));
    assert!(mentions(&r.recognised, "builder.cache type registry"));
    // Both environments have their destination file: deploy.yml is never deployed alone.
    assert_eq!(production.destination, "production");
    assert_eq!(staging.destination, "staging");
    assert!(mentions(
        &r.recognised,
        "config/deploy.yml: not deployed on its own"
    ));
    assert!(mentions(&r.recognised, "Kamal 2 (proxy: is Kamal 2)"));
    assert!(validate(c).is_empty(), "{:?}", validate(c));
}

#[test]
fn accessories_builder_cache_ghcr_and_secret_aliases() {
    let imported = import_case("accessories-ghcr", &[]);
    let c = &imported.config;
    assert_eq!(c.registry, Registry::Ghcr);
    assert!(c.build.gha_cache);
    for accessory in ["db", "replica", "redis"] {
        let command = format!("accessory reboot {accessory}");
        assert!(c.commands.contains(&command), "{command}");
    }
    let names: Vec<&str> = c.secrets.env.iter().map(|v| v.name.as_str()).collect();
    // DB_PASSWORD:POSTGRES_PASSWORD reads POSTGRES_PASSWORD, already listed.
    assert_eq!(
        names,
        ["RAILS_MASTER_KEY", "POSTGRES_PASSWORD", "REDIS_URL"]
    );
    assert_eq!(c.environments.len(), 1);
    assert_eq!(c.environments[0].url, "https://shop.example.com");
    assert!(mentions(
        &imported.report.recognised,
        "image acme/shop is pushed as ghcr.io/acme/shop"
    ));
    assert!(validate(c).is_empty(), "{:?}", validate(c));
}

#[test]
fn a_kamal_1_file_switches_to_kamal_1() {
    let imported = import_case("kamal1-traefik", &[]);
    let c = &imported.config;
    assert_eq!(c.project.kamal_version, KamalVersion::V1);
    assert_eq!(
        c.registry,
        Registry::Other {
            server: "registry.example.org".into(),
            username: "deploy".into(),
            password_secret: "REGISTRY_TOKEN".into()
        }
    );
    assert!(mentions(
        &imported.report.recognised,
        "Kamal 1 (traefik, healthcheck exist only in Kamal 1)"
    ));
    assert!(c.commands.contains(&"traefik reboot --rolling".to_string()));
    assert!(mentions(
        &imported.report.recognised,
        "the command proxy reboot --rolling is traefik reboot --rolling in Kamal 1"
    ));
    assert!(validate(c).is_empty(), "{:?}", validate(c));
}

#[test]
fn the_rails_8_layout_with_a_staging_destination() {
    let imported = import_case("rails8-staging", &["staging"]);
    let c = &imported.config;
    let production = c.environment("production").unwrap();
    assert_eq!(production.destination, "", "kamal deploy, no -d");
    assert_eq!(production.hosts, ["192.168.0.1", "192.168.0.2"]);
    assert_eq!(production.url, "https://blog.example.com");
    let staging = c.environment("staging").unwrap();
    assert_eq!(staging.destination, "staging");
    assert_eq!(staging.hosts, ["192.168.1.1", "192.168.1.2"]);
    assert_eq!(staging.url, "https://staging.blog.example.com");
    assert_eq!(
        imported.mapping,
        Mapping {
            main: Some("production".into()),
            destinations: vec![("staging".into(), "staging".into())],
            keep: vec![],
        }
    );
    let files = support_files(c);
    assert!(files.iter().any(|p| p == ".kamal/secrets"));
    assert!(files.iter().any(|p| p == ".kamal/secrets.staging"));
    assert!(!files.iter().any(|p| p == ".kamal/secrets.production"));
    assert!(validate(c).is_empty(), "{:?}", validate(c));
}

fn support_files(config: &Config) -> Vec<String> {
    kamal_actions_core::render(config)
        .unwrap()
        .into_iter()
        .map(|f| f.path)
        .collect()
}

/// Every variable Kamal may need reaches every Kamal command: accessories' and roles'
/// env.secret, builder.secrets; the remote builder's host key is pinned by the guide.
#[test]
fn accessory_role_and_build_secrets_reach_kamal() {
    let imported = import_case("accessories-secrets", &[]);
    let c = &imported.config;
    let names: Vec<&str> = c.secrets.env.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "RAILS_MASTER_KEY",
            "POSTGRES_PASSWORD",
            "OPENSEARCH_INITIAL_ADMIN_PASSWORD",
            "GITHUB_PACKAGES_TOKEN",
            "SIDEKIQ_LICENSE"
        ]
    );
    assert_eq!(
        c.build.remote_builder,
        "ssh://docker@builder.example.com:2222"
    );
    let rendered: std::collections::BTreeMap<String, String> = kamal_actions_core::render(c)
        .unwrap()
        .into_iter()
        .map(|f| (f.path, f.contents))
        .collect();
    let secrets_file = &rendered[".kamal/secrets"];
    let run_command = &rendered[".github/workflows/kamal-run-command.yml"];
    for name in names {
        assert!(
            secrets_file.contains(&format!("\n{name}=${name}\n")),
            "{name} in .kamal/secrets"
        );
        let secret = kamal_actions_core::import::github_secret_for(name);
        assert!(
            run_command.contains(&format!("{name}: ${{{{ secrets.{secret} }}}}")),
            "{name} reaches accessory reboot"
        );
    }
    let guide = &rendered[kamal_actions_core::render::GUIDE_PATH];
    assert!(
        guide.contains("ssh-keyscan -p 2222 -t ed25519,ecdsa,rsa builder.example.com >> known_hosts.production"),
        "{guide}"
    );
    assert!(c.commands.contains(&"accessory reboot search".to_string()));
    assert!(validate(c).is_empty(), "{:?}", validate(c));
}

#[test]
fn an_image_in_an_organisations_namespace() {
    let imported = import_case("dockerhub-namespace", &[]);
    let c = &imported.config;
    assert_eq!(
        c.registry,
        Registry::DockerHub {
            username: "jane".into(),
            password_secret: "DOCKER_HUB_TOKEN".into()
        }
    );
    assert!(mentions(
        &imported.report.recognised,
        "image acme-corp/api (Kamal pushes docker.io/acme-corp/api)"
    ));
    assert!(validate(c).is_empty(), "{:?}", validate(c));
}

/// What Kamal would refuse on load is reported, naming Kamal's own message.
#[test]
fn what_kamal_would_refuse_is_reported() {
    let main = "service: shop\nimage: shop\nregistry:\n  username: u\n  password: [P]\n\
                servers:\n  web:\n    - 10.0.0.1\n    - 10.0.0.2\nproxy:\n  ssl: true\n  host: shop.example.com\n";
    let r = import(&Config::default(), main, &[]).report;
    assert!(
        mentions(&r.refused, "SSL is only supported on a single server"),
        "{r:?}"
    );
    let main = "service: shop\nimage: shop\nrequire_destination: true\nregistry: {username: u}\nservers: [10.0.0.1]\n";
    let mapping = Mapping {
        main: Some("production".into()),
        destinations: vec![],
        keep: vec![],
    };
    let r = import_with(&Config::default(), main, &[], &mapping).report;
    assert!(
        mentions(&r.refused, "You must specify a destination"),
        "{r:?}"
    );
    assert!(plan(&Config::default(), main, &[]).main.is_none());
    let r = import(&Config::default(), "service: shop\n", &[]).report;
    assert!(
        mentions(&r.refused, "Missing required configuration for image"),
        "{r:?}"
    );
    assert!(mentions(
        &r.refused,
        "Missing required configuration for registry"
    ));
}

/// The user may send a file to another environment, keep one no file describes, and is
/// stopped when two files would deploy the same environment.
#[test]
fn the_mapping_can_be_changed_before_apply() {
    let base = Config::default();
    let main = read("rails8-staging.yml");
    let files = [destination("rails8-staging", "staging")];
    let mapping = Mapping {
        main: Some("live".into()),
        destinations: vec![("staging".into(), "production".into())],
        keep: vec![],
    };
    let imported = import_with(&base, &main, &files, &mapping);
    let c = &imported.config;
    let names: Vec<&str> = c.environments.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["production", "live"]);
    assert_eq!(c.environment("production").unwrap().destination, "staging");
    assert_eq!(c.environment("live").unwrap().destination, "");
    assert_eq!(c.environment("live").unwrap().trigger, Trigger::Manual);
    assert!(validate(c).is_empty(), "{:?}", validate(c));

    let clash = Mapping {
        main: Some("staging".into()),
        destinations: vec![("staging".into(), "staging".into())],
        keep: vec![],
    };
    let imported = import_with(&base, &main, &files, &clash);
    assert_eq!(imported.config, base);
    assert!(mentions(
        &imported.report.errors,
        "two files deploy the environment staging"
    ));
}

/// A deploy.yml that deploys nothing on its own, pasted without destination files, leaves
/// every environment in place (Kamal would refuse it; the report says so).
#[test]
fn files_that_deploy_nothing_remove_no_environment() {
    let base = Config::default();
    let main = "service: blog\nimage: jane/blog\nregistry:\n  username: jane\n";
    let imported = import(&base, main, &[]);
    assert_eq!(imported.config.environments.len(), 2);
    assert_eq!(imported.mapping.keep, ["production", "staging"]);
    assert!(mentions(
        &imported.report.refused,
        "No servers or accessories"
    ));
    assert!(mentions(
        &imported.report.recognised,
        "not deployed on its own"
    ));
}

#[test]
fn a_new_destination_becomes_a_manual_environment() {
    let main = read("ecr.yml");
    let files = [DeployFile {
        destination: "qa".into(),
        text: "proxy:\n  host: qa.onetribe.team\n".into(),
    }];
    let imported = import(&Config::default(), &main, &files);
    let qa = imported.config.environment("qa").unwrap();
    assert_eq!(qa.trigger, Trigger::Manual);
    assert_eq!(qa.destination, "qa");
    assert_eq!(qa.url, "https://qa.onetribe.team", "ssl from deploy.yml");
    assert_eq!(
        qa.hosts,
        ["10.0.0.11"],
        "deploy.yml's plain hosts; its web host is ERB"
    );
    assert!(mentions(&imported.report.recognised, "new environment qa"));
}

/// Broken files: each error names the file and the problem, and the configuration is the one
/// the import started from.
#[test]
fn broken_files_change_nothing_and_say_why() {
    let base = Config::default();
    for (case, needle) in [
        ("broken-indentation", "could not be read as YAML"),
        ("broken-list", "expected keys such as service"),
        ("broken-erb-loop", "duplicate entry"),
    ] {
        let imported = import(&base, &read(&format!("{case}.yml")), &[]);
        assert_eq!(imported.config, base, "{case}");
        assert!(
            mentions(&imported.report.errors, needle),
            "{case}: {:?}",
            imported.report.errors
        );
        assert!(
            mentions(&imported.report.errors, "config/deploy.yml"),
            "{case}"
        );
    }
    let loop_report = import(&base, &read("broken-erb-loop.yml"), &[]).report;
    assert!(mentions(
        &loop_report.ignored,
        "line 4: ERB code <% %w[A B].each"
    ));

    let huge = "a: b\n".repeat(MAX_FILE_BYTES / 5 + 1);
    let imported = import(&base, &huge, &[]);
    assert_eq!(imported.config, base);
    assert!(mentions(&imported.report.errors, "at most"));
}

#[test]
fn a_broken_destination_file_is_reported_and_the_rest_applies() {
    let files = [
        DeployFile {
            destination: "prod uction".into(),
            text: "proxy: {}\n".into(),
        },
        DeployFile {
            destination: "staging".into(),
            text: "proxy: [unclosed\n".into(),
        },
    ];
    let imported = import(&Config::default(), &read("ecr.yml"), &files);
    assert_eq!(imported.config.project.service, "onetribe");
    let errors = &imported.report.errors;
    assert!(
        mentions(
            errors,
            "config/deploy.prod uction.yml: use up to 40 lowercase"
        ),
        "{errors:?}"
    );
    assert!(
        mentions(errors, "config/deploy.staging.yml could not be read"),
        "{errors:?}"
    );
}

#[test]
fn per_environment_overrides_survive_when_the_variable_is_still_listed() {
    let mut base = Config::default();
    base.environments[0].secret_overrides.insert(
        "DATABASE_URL".into(),
        "DATABASE_URL_PRODUCTION_ADMIN".into(),
    );
    base.environments[1]
        .secret_overrides
        .insert("REDIS_URL".into(), "REDIS_URL_STAGING".into());
    let mut mapping = plan(&base, &read("ecr.yml"), &[]);
    assert_eq!(mapping.main.as_deref(), Some("production"));
    mapping.keep.push("staging".into());
    let imported = import_with(&base, &read("ecr.yml"), &[], &mapping);
    let overrides = |i: usize| imported.config.environments[i].secret_overrides.clone();
    assert_eq!(overrides(0).len(), 1, "DATABASE_URL is in env.secret");
    assert!(overrides(1).is_empty(), "REDIS_URL is not");
    let found = changes(&base, &imported.config);
    assert!(found.iter().any(
        |c| c.path == "environments[staging].secret_overrides.REDIS_URL" && c.after.is_empty()
    ));
}

#[test]
fn the_changes_list_what_the_import_would_do() {
    let base = Config::default();
    let imported = import(&base, &read("rails8-kamal-init.yml"), &[]);
    let found = changes(&base, &imported.config);
    let paths: Vec<&str> = found.iter().map(|c| c.path.as_str()).collect();
    assert!(paths.contains(&"project.service"), "{paths:?}");
    assert!(paths.contains(&"registry.type"), "{paths:?}");
    let service = found.iter().find(|c| c.path == "project.service").unwrap();
    assert_eq!(
        (service.before.as_str(), service.after.as_str()),
        ("myapp", "blog")
    );
}

mod hostile {
    use super::*;
    use proptest::prelude::*;

    /// Pieces real files are made of, so random files get past the YAML parser often.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("service: x\n".to_string()),
            Just("registry:\n  server: ".to_string()),
            Just("<%= ENV['X'] %>".to_string()),
            Just("<% if a %>\n".to_string()),
            Just("<%".to_string()),
            Just("%>".to_string()),
            Just("env:\n  secret:\n    - ".to_string()),
            Just("&a ".to_string()),
            Just("*a\n".to_string()),
            Just("<<: *a\n".to_string()),
            Just("proxy:\n  host: ".to_string()),
            Just("accessories:\n  ".to_string()),
            Just("- ".to_string()),
            Just("  ".to_string()),
            Just("\n".to_string()),
            "[a-zA-Z0-9_:.\\-{}\\[\\]\"' ]{0,12}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Any text imports without panicking; when config/deploy.yml cannot be read the
        /// configuration is unchanged, and otherwise every change is listed.
        #[test]
        fn any_text_imports_without_panic(pieces in proptest::collection::vec(piece(), 0..40),
                                          dest in proptest::collection::vec(piece(), 0..10)) {
            let base = Config::default();
            let text: String = pieces.concat();
            let files = [DeployFile { destination: "staging".into(), text: dest.concat() }];
            let imported = import(&base, &text, &files);
            let main_failed = imported.report.errors.iter().any(|e| e.starts_with("config/deploy.yml could not")
                || e.starts_with("config/deploy.yml: expected"));
            if main_failed {
                prop_assert_eq!(&imported.config, &base);
            }
            let listed = changes(&base, &imported.config);
            prop_assert_eq!(listed.is_empty(), imported.config == base);
        }
    }
}

/// Google's and Azure's hosts choose their registries; what deploy.yml cannot say (the
/// identity) is kept from the form when it already was that registry, and asked for otherwise.
#[test]
fn artifact_registry_and_azure_hosts_are_recognised() {
    let gar = "service: atlas\nimage: acme-atlas/apps/atlas\nservers: [10.0.0.1]\nregistry:\n  server: europe-west1-docker.pkg.dev\n  username: oauth2accesstoken\n  password: [KAMAL_REGISTRY_PASSWORD]\n";
    let imported = import(&Config::default(), gar, &[]);
    match &imported.config.registry {
        Registry::Gar {
            location,
            project,
            repository,
            service_account,
            ..
        } => {
            assert_eq!(
                (location.as_str(), project.as_str(), repository.as_str()),
                ("europe-west1", "acme-atlas", "apps")
            );
            assert_eq!(service_account, "", "not in deploy.yml: asked for");
        }
        other => panic!("{other:?}"),
    }
    assert!(mentions(
        &imported.report.recognised,
        "Google Artifact Registry in europe-west1"
    ));
    assert!(mentions(
        &imported.report.recognised,
        "enter them under Registry"
    ));
    let mut base = Config::default();
    base.set_registry_kind("acr");
    if let Registry::Acr { client_id, .. } = &mut base.registry {
        *client_id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d".into();
    }
    let acr = "service: orders\nimage: orders\nservers: [10.0.0.1]\nregistry:\n  server: contosoorders.azurecr.io\n  username: deployer\n  password: [KAMAL_REGISTRY_PASSWORD]\n";
    let imported = import(&base, acr, &[]);
    match &imported.config.registry {
        Registry::Acr {
            name, client_id, ..
        } => {
            assert_eq!(name, "contosoorders");
            assert_eq!(
                client_id, "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                "kept from the form"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(mentions(
        &imported.report.recognised,
        "expects 00000000-0000-0000-0000-000000000000"
    ));
}

/// DigitalOcean's host picks its preset: the token is the username and the password.
#[test]
fn a_digitalocean_registry_is_the_preset() {
    let main = "service: forum\nimage: acme/forum\nservers: [10.0.0.1]\nregistry:\n  server: registry.digitalocean.com\n  username: [KAMAL_REGISTRY_PASSWORD]\n  password: [KAMAL_REGISTRY_PASSWORD]\n";
    let imported = import(&Config::default(), main, &[]);
    assert_eq!(
        kamal_actions_core::config::edit::Kind::name(&imported.config.registry),
        "digitalocean"
    );
    assert!(mentions(
        &imported.report.recognised,
        "is the username and the password"
    ));
}

/// Dropped or picked files are sorted by name, as Kamal names them.
#[test]
fn each_file_is_told_by_its_name() {
    use kamal_actions_core::import::{file_role, FileRole};
    assert_eq!(file_role("deploy.yml"), FileRole::Deploy);
    assert_eq!(file_role("deploy.yaml"), FileRole::Deploy);
    assert_eq!(file_role("Deploy.YML"), FileRole::Deploy);
    assert_eq!(
        file_role("deploy.staging.yml"),
        FileRole::Destination("staging".into())
    );
    assert_eq!(
        file_role("deploy.EU-west_2.yaml"),
        FileRole::Destination("EU-west_2".into())
    );
    assert_eq!(
        file_role("shop-kamal-actions.json"),
        FileRole::Configuration
    );
    for other in [
        "deploy.yml.bak",
        "deploy..yml",
        "deploy.a.b.yml",
        "deployer.yml",
        "notes.txt",
        "secrets",
    ] {
        assert_eq!(file_role(other), FileRole::Unknown, "{other}");
    }
}
