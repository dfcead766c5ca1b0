//! Every loader migrates: with a simulated format 2 (one step that marks what it touched), a
//! version-1 document opens through each way a configuration is loaded: JSON (the page's
//! import and the CLI's `--config` both call `Config::from_json`), a share link, and a saved
//! draft with or without a link.

use kamal_actions_core::config::migrate::{Format, Migration};
use kamal_actions_core::{session, share, Config};
use serde_json::Value;

/// Format 2, as a later build might define it: the step bumps the version and rewrites a field
/// so the result shows it ran.
fn to_version_2(mut value: Value) -> Result<Value, String> {
    value["version"] = Value::from(2);
    let service = value["project"]["service"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    value["project"]["service"] = Value::from(format!("{service}-v2"));
    Ok(value)
}

const STEPS: &[Migration] = &[to_version_2];
const VERSION_2: Format = Format {
    version: 2,
    steps: STEPS,
};

fn assert_migrated(config: &Config, via: &str) {
    assert_eq!(config.version, 2, "{via}");
    assert_eq!(config.project.service, "myapp-v2", "{via}");
}

#[test]
fn a_version_1_document_opens_through_every_loader_after_a_bump() {
    let v1 = Config::default();
    let json = v1.to_json();
    let link = share::encode(&v1);

    assert_migrated(&Config::from_json_in(&json, &VERSION_2).unwrap(), "JSON");
    assert_migrated(&share::decode_in(&link, &VERSION_2).unwrap(), "share link");
    let (draft, notice) = session::open_in(Some(&json), "", &VERSION_2);
    assert_migrated(&draft, "saved draft");
    assert!(notice.is_none());
    let (linked, _) = session::open_in(None, &format!("#{link}"), &VERSION_2);
    assert_migrated(&linked, "link opened by the page");

    // A document from the future is refused by each, with the same message.
    let mut future: Value = serde_json::from_str(&json).unwrap();
    future["version"] = Value::from(3);
    let err = Config::from_json_in(&future.to_string(), &VERSION_2).unwrap_err();
    assert!(err.contains("format version 3 is not supported"), "{err}");
}
