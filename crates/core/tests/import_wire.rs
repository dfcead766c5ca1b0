//! The import's worker messages: what the page sends, the worker answers and the page reads
//! back is exactly what importing in place gives, and anything else is refused with a
//! message that says what to do.

use std::path::Path;

use kamal_actions_core::import::wire::{self, Reply, PROTOCOL};
use kamal_actions_core::import::{import_chosen, Choices, DeployFile};
use kamal_actions_core::Config;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/deploy")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// Sends a request through the worker's answer and reads the reply as the page does.
fn through_worker(
    id: u32,
    base: &Config,
    main: &str,
    files: &[DeployFile],
    choices: &Choices,
) -> (u32, Result<kamal_actions_core::import::Imported, String>) {
    let reply = wire::reply(&wire::answer(&wire::request(
        id, base, main, files, choices,
    )))
    .expect("a reply");
    reply.into_imported().expect("an import result")
}

#[test]
fn the_worker_answers_what_importing_in_place_gives() {
    let base = Config::default();
    let main = fixture("ecr.yml");
    let files = vec![
        DeployFile {
            destination: "staging".into(),
            text: fixture("ecr.staging.yml"),
        },
        DeployFile {
            destination: "production".into(),
            text: fixture("ecr.production.yml"),
        },
    ];
    let mut choices = Choices::default();
    choices.keep.insert("production".into(), true);
    choices.destinations.insert("staging".into(), "qa".into());
    let (id, imported) = through_worker(7, &base, &main, &files, &choices);
    assert_eq!(id, 7);
    let expected = import_chosen(&base, &main, &files, &choices);
    assert_eq!(imported.unwrap(), expected);
    assert!(
        expected
            .mapping
            .destinations
            .iter()
            .any(|(d, e)| d == "staging" && e == "qa"),
        "the choice was applied"
    );
}

#[test]
fn an_unreadable_file_comes_back_as_the_import_reports_it() {
    let base = Config::default();
    let (_, imported) = through_worker(
        1,
        &base,
        &fixture("broken-indentation.yml"),
        &[],
        &Choices::default(),
    );
    let imported = imported.unwrap();
    assert!(!imported.report.errors.is_empty());
    assert_eq!(
        imported.config, base,
        "an unreadable deploy.yml changes nothing"
    );
}

#[test]
fn the_worker_greets_with_its_message_format() {
    assert_eq!(
        wire::reply(&wire::ready()),
        Some(Reply::Ready { protocol: PROTOCOL })
    );
    assert_eq!(Reply::Ready { protocol: PROTOCOL }.into_imported(), None);
}

#[test]
fn a_request_from_another_version_is_refused_with_a_fix() {
    let request = wire::request(
        3,
        &Config::default(),
        "service: shop\n",
        &[],
        &Choices::default(),
    )
    .replace(&format!("\"protocol\":{PROTOCOL}"), "\"protocol\":999");
    let (id, result) = wire::reply(&wire::answer(&request))
        .unwrap()
        .into_imported()
        .unwrap();
    assert_eq!(id, 3);
    let message = result.unwrap_err();
    assert!(
        message.starts_with("The import's worker is from another version"),
        "{message}"
    );
    assert!(message.ends_with("reload the page."), "{message}");
}

#[test]
fn garbage_is_refused_not_a_panic() {
    for text in ["", "{", "null", "{\"protocol\":1}", &"x".repeat(10_000)] {
        let (_, result) = wire::reply(&wire::answer(text))
            .unwrap()
            .into_imported()
            .unwrap();
        assert!(
            result.unwrap_err().contains("reload the page"),
            "{text:.20}"
        );
    }
    assert_eq!(wire::reply("not json"), None);
}

#[test]
fn the_loaders_failure_message_is_a_reply() {
    // The exact text scripts/post_build.py's loader posts when the worker's wasm fails.
    let posted =
        r#"{"Failed":{"message":"CompileError: WebAssembly.instantiate(): expected magic word"}}"#;
    let reply = wire::reply(posted).unwrap();
    assert_eq!(
        reply,
        Reply::Failed {
            message: "CompileError: WebAssembly.instantiate(): expected magic word".into()
        }
    );
    assert!(reply.into_imported().unwrap().1.is_err());
}

/// The worker reads the form's configuration with plain serde_json (it is always the page's
/// own current JSON); one it cannot read is refused, never imported over the defaults.
#[test]
fn a_base_the_worker_cannot_read_is_refused() {
    let mut request: serde_json::Value = serde_json::from_str(&wire::request(
        3,
        &Config::default(),
        "service: app\n",
        &[],
        &Choices::default(),
    ))
    .unwrap();
    request["base"] = serde_json::json!(r#"{"version":1,"colour":"red"}"#);
    match wire::reply(&wire::answer(&request.to_string())) {
        Some(Reply::Refused { id: 3, message }) => {
            assert!(
                message.contains("could not be read by the import"),
                "{message}"
            );
            assert!(message.contains("reload the page"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}
