//! The CLI as scripts use it: exit codes, messages, and files on disk.

use std::path::Path;
use std::process::Command;

fn cli() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kamal-actions"))
}

fn example(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

/// Runs `check` on `example` with each `(from, to)` replacement applied; returns the exit
/// code and stderr.
fn check_edited(example_name: &str, edits: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(example_name);
    let mut text = std::fs::read_to_string(example(example_name)).unwrap();
    for (from, to) in edits {
        text = text.replace(from, to);
    }
    std::fs::write(&path, text).unwrap();
    let output = cli()
        .args(["check", "--config"])
        .arg(&path)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn generate_writes_every_file_at_its_path() {
    let out = tempfile::tempdir().unwrap();
    let status = cli()
        .args(["generate", "--config"])
        .arg(example("seed-kamal2.json"))
        .arg("--out")
        .arg(out.path())
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(example("seed-kamal2.json")).unwrap();
    let config = kamal_actions_core::Config::from_json(&text).unwrap();
    for file in kamal_actions_core::render(&config).unwrap() {
        let written = std::fs::read_to_string(out.path().join(&file.path)).unwrap();
        assert_eq!(written, file.contents, "{}", file.path);
    }
}

#[test]
fn check_prints_every_problem_and_exits_1() {
    let (code, stderr) = check_edited(
        "seed-kamal2.json",
        &[
            ("us-east-1", "es-east-1"),
            ("proxy reboot --rolling", "traefik reboot --rolling"),
        ],
    );
    assert_eq!(code, Some(1));
    // The region is the registry's and the backup bucket's.
    assert!(stderr.contains("3 problem(s)"), "{stderr}");
    assert!(
        stderr.contains("backup.store.s3.region: \"es-east-1\" is not an AWS region"),
        "{stderr}"
    );
    assert!(
        stderr.contains("registry.region: \"es-east-1\" is not an AWS region"),
        "{stderr}"
    );
    assert!(
        stderr.contains("commands[0]: `traefik reboot` does not exist in Kamal 2"),
        "{stderr}"
    );
}

#[test]
fn check_accepts_every_example() {
    for entry in std::fs::read_dir(example("")).unwrap() {
        let path = entry.unwrap().path();
        let output = cli()
            .args(["check", "--config"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn unknown_fields_are_named_with_their_path() {
    let (code, stderr) = check_edited("minimal.json", &[("\"service\"", "\"servce\"")]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("project: unknown field `servce`, expected one of `service`,"),
        "{stderr}"
    );
}

#[test]
fn schema_describes_the_format_and_init_is_valid() {
    let schema = cli().arg("schema").output().unwrap();
    let value: serde_json::Value = serde_json::from_slice(&schema.stdout).unwrap();
    assert_eq!(value["title"], "Config");
    for field in ["version", "project", "environments", "secrets", "registry"] {
        assert!(
            value["required"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f == field),
            "{field}"
        );
    }
    let init = cli().arg("init").output().unwrap();
    let config =
        kamal_actions_core::Config::from_json(std::str::from_utf8(&init.stdout).unwrap()).unwrap();
    assert!(kamal_actions_core::validate(&config).is_empty());
}

fn deploy_fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures/deploy")
        .join(name)
}

#[test]
fn import_prints_the_configuration_and_reports_on_stderr() {
    let mut production = std::ffi::OsString::from("production=");
    production.push(deploy_fixture("ecr.production.yml"));
    let mut staging = std::ffi::OsString::from("staging=");
    staging.push(deploy_fixture("ecr.staging.yml"));
    let output = cli()
        .args(["import", "--deploy"])
        .arg(deploy_fixture("ecr.yml"))
        .arg("--destination")
        .arg(production)
        .arg("--destination")
        .arg(staging)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let expected = std::fs::read_to_string(deploy_fixture("ecr.expected.json")).unwrap();
    assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("recognised: config/deploy.yml: registry.server is Amazon ECR"),
        "{stderr}"
    );
    assert!(
        stderr.contains("ignored: config/deploy.yml: x-defaults"),
        "{stderr}"
    );
}

#[test]
fn import_takes_the_mapping_from_the_command_line() {
    let mut staging = std::ffi::OsString::from("staging=");
    staging.push(deploy_fixture("rails8-staging.staging.yml"));
    let output = cli()
        .args(["import", "--deploy"])
        .arg(deploy_fixture("rails8-staging.yml"))
        .arg("--destination")
        .arg(staging)
        .args(["--main-environment", "live", "--map", "staging=qa"])
        .args(["--keep", "production"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let config =
        kamal_actions_core::Config::from_json(std::str::from_utf8(&output.stdout).unwrap())
            .unwrap();
    let names: Vec<(&str, &str)> = config
        .environments
        .iter()
        .map(|e| (e.name.as_str(), e.destination.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("production", "production"),
            ("live", ""),
            ("qa", "staging")
        ],
        "staging is removed, production kept as it was"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("environment staging removed"), "{stderr}");
    assert!(kamal_actions_core::validate(&config).is_empty());
}

#[test]
fn import_of_an_unreadable_file_fails_and_prints_nothing() {
    let output = cli()
        .args(["import", "--deploy"])
        .arg(deploy_fixture("broken-indentation.yml"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("could not be read as YAML"), "{stderr}");
}

fn generate(config: &Path, out: &Path, check: bool) -> (Option<i32>, String, String) {
    let mut cmd = cli();
    cmd.args(["generate", "--config"])
        .arg(config)
        .arg("--out")
        .arg(out);
    if check {
        cmd.arg("--check");
    }
    let output = cmd.output().unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// `generate --check` as a repository's CI would run it: current files pass; an edited file
/// prints its diff, a missing one is named, and one the configuration no longer generates is
/// named for deletion; each exits 1 and writes nothing.
#[test]
fn generate_check_reports_what_differs_and_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let config = example("ecr-per-environment-roles.json");
    assert_eq!(generate(&config, out.path(), false).0, Some(0));
    assert!(
        out.path().join(".github/kamal-actions.json").exists(),
        "the configuration is in the repository"
    );
    let (code, stdout, _) = generate(&config, out.path(), true);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("are current"), "{stdout}");

    let workflow = out.path().join(".github/workflows/deploy-production.yml");
    let edited = std::fs::read_to_string(&workflow)
        .unwrap()
        .replace("timeout-minutes: 30", "timeout-minutes: 5");
    std::fs::write(&workflow, &edited).unwrap();
    std::fs::remove_file(out.path().join(".kamal/secrets.staging")).unwrap();
    let (code, stdout, stderr) = generate(&config, out.path(), true);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("--- a/.github/workflows/deploy-production.yml"),
        "{stdout}"
    );
    assert!(stdout.contains("-    timeout-minutes: 5"), "{stdout}");
    assert!(stdout.contains("+    timeout-minutes: 30"), "{stdout}");
    assert!(
        stdout.contains("(.kamal/secrets.staging is missing)"),
        "{stdout}"
    );
    assert!(stderr.contains("2 file(s)"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&workflow).unwrap(),
        edited,
        "nothing written"
    );

    // The repository's configuration had a staging environment; this one does not.
    assert_eq!(generate(&config, out.path(), false).0, Some(0));
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(&config).unwrap();
    let mut one: serde_json::Value = serde_json::from_str(&text).unwrap();
    one["environments"].as_array_mut().unwrap().truncate(1);
    let smaller = dir.path().join("production-only.json");
    std::fs::write(&smaller, one.to_string()).unwrap();
    let (code, stdout, _) = generate(&smaller, out.path(), true);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains(".github/workflows/deploy-staging.yml is no longer generated: delete it"),
        "{stdout}"
    );
}

/// The measurement the README reports, on the real Rails 8 lock: the counts were also made by
/// hand from the file (165 spec lines, 130 distinct gems; kamal 2.10.1's ten dependencies and
/// theirs, 24 gems with Kamal).
#[test]
fn gems_counts_the_bundle_and_kamal_alone_in_a_rails_8_lock() {
    let lock =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/fixtures/rails8/Gemfile.lock");
    let output = cli().args(["gems", "--lock"]).arg(&lock).output().unwrap();
    assert!(output.status.success());
    let out = String::from_utf8(output.stdout).unwrap();
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("the bundle: 130 gems (165 platform variants in the lock)")
    );
    let kamal = lines.next().unwrap();
    assert!(
        kamal.starts_with("Kamal 2.10.1 alone: 24 gems: "),
        "{kamal}"
    );
    for gem in [
        "sshkit 1.25.0",
        "net-ssh 7.3.0",
        "activesupport 8.1.2",
        "thor 1.5.0",
    ] {
        assert!(kamal.contains(gem), "{gem}: {kamal}");
    }
    for gem in ["rails ", "nokogiri", "puma", "railties"] {
        assert!(!kamal.contains(gem), "{gem}: {kamal}");
    }

    let no_kamal = tempfile::tempdir().unwrap();
    let path = no_kamal.path().join("Gemfile.lock");
    std::fs::write(&path, "GEM\n  specs:\n    rails (8.1.2)\n").unwrap();
    let output = cli().args(["gems", "--lock"]).arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Kamal is not in the lock"));
}
