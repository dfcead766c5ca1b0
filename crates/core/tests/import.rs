//! Importing realistic `config/deploy.yml` files (written for this suite under
//! `tests/fixtures/deploy/`): each yields the expected configuration (pinned in
//! `<case>.expected.json`, rewritten with `UPDATE_SNAPSHOTS=1` and reviewed by hand), the
//! report says what was read and what was not, and broken files change nothing.

use std::path::{Path, PathBuf};

use kamal_actions_core::config::{KamalVersion, Registry, Trigger};
use kamal_actions_core::import::{changes, import, DeployFile, Imported, MAX_FILE_BYTES};
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
    imported
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
    assert!(mentions(
        &r.ignored,
        "servers 192.168.0.1 not assigned: every environment has a destination"
    ));
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
    assert!(mentions(&r.recognised, "builder cache type registry"));
    assert!(mentions(&r.ignored, "servers <%= ENV.fetch(\"WEB_HOST\""));
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
    assert!(c.environments.iter().all(|e| e.url.is_empty()));
    assert!(mentions(
        &imported.report.ignored,
        "URL https://shop.example.com not set: every environment has a destination"
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
    assert!(mentions(&imported.report.recognised, "traefik: is Kamal 1"));
    assert!(c.commands.contains(&"traefik reboot --rolling".to_string()));
    assert!(mentions(
        &imported.report.recognised,
        "the command proxy reboot --rolling is traefik reboot --rolling in Kamal 1"
    ));
    assert!(validate(c).is_empty(), "{:?}", validate(c));
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
            "config/deploy.prod uction.yml: name the destination"
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
    let imported = import(&base, &read("ecr.yml"), &[]);
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
