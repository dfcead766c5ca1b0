//! Every loader migrates: with a simulated next format (one step that marks what it touched),
//! a document of today's format opens through each way a configuration is loaded: JSON (the page's
//! import and the CLI's `--config` both call `Config::from_json`), a share link, and a saved
//! draft with or without a link.

use kamal_actions_core::config::migrate::{Format, Migration};
use kamal_actions_core::config::FORMAT_VERSION;
use kamal_actions_core::{session, share, Config};
use serde_json::Value;

/// The format after today's, as a later build might define it: the step bumps the version and
/// rewrites a field so the result shows it ran.
fn to_next(mut value: Value) -> Result<Value, String> {
    value["version"] = Value::from(NEXT.version);
    let service = value["project"]["service"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    value["project"]["service"] = Value::from(format!("{service}-v2"));
    Ok(value)
}

/// Today's steps are not run on a document of today's format; only the last one is.
fn earlier(_: Value) -> Result<Value, String> {
    unreachable!("a document of today's format starts after the earlier steps")
}

const STEPS: &[Migration] = &[earlier, to_next];
const NEXT: Format = Format {
    version: FORMAT_VERSION + 1,
    steps: STEPS,
};
const _: () = assert!(
    STEPS.len() == FORMAT_VERSION as usize,
    "one step per version"
);

fn assert_migrated(config: &Config, via: &str) {
    assert_eq!(config.version, NEXT.version, "{via}");
    assert_eq!(config.project.service, "myapp-v2", "{via}");
}

#[test]
fn a_document_opens_through_every_loader_after_a_bump() {
    let v1 = Config::default();
    let json = v1.to_json();
    let link = share::encode(&v1);

    assert_migrated(&Config::from_json_in(&json, &NEXT).unwrap(), "JSON");
    assert_migrated(&share::decode_in(&link, &NEXT).unwrap(), "share link");
    let (draft, notice) = session::open_in(Some(&json), "", &NEXT);
    assert_migrated(&draft, "saved draft");
    assert!(notice.is_none());
    let (linked, _) = session::open_in(None, &format!("#{link}"), &NEXT);
    assert_migrated(&linked, "link opened by the page");

    // A document from the future is refused by each, with the same message.
    let mut future: Value = serde_json::from_str(&json).unwrap();
    future["version"] = Value::from(NEXT.version + 1);
    let err = Config::from_json_in(&future.to_string(), &NEXT).unwrap_err();
    let expected = format!("format version {} is not supported", NEXT.version + 1);
    assert!(err.contains(&expected), "{err}");
}
