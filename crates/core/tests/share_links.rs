//! Share links: today's links keep opening, every configuration round-trips, and hostile
//! fragments are rejected with an error value, never a panic or a hang.

mod support;

use kamal_actions_core::share::{decode, encode, ShareError, MAX_FRAGMENT_CHARS};
use kamal_actions_core::Config;
use proptest::prelude::*;

/// Pinned links (`fixtures/links-vN.tsv`) must keep opening, through the migrations, as the
/// configuration their example was when they were made (`fixtures/links-vN/NAME.json`).
fn pinned_links_open(table: &str, dir: &str, format: u32) -> usize {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut seen = 0;
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let (name, link) = line.split_once('\t').unwrap();
        let config = decode(link).unwrap_or_else(|e| panic!("{name}: {e}"));
        let then = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
        let version = format!("\"version\": {format},");
        assert!(
            then.contains(&version),
            "{name}: a format {format} document"
        );
        assert_eq!(Ok(&config), Config::from_json(&then).as_ref(), "{name}");
        seen += 1;
    }
    seen
}

/// Format 1 links also keep installing the bundle as format 1 always did, so the files they
/// make stay the same.
#[test]
fn links_made_with_format_1_still_open() {
    let table = include_str!("fixtures/links-v1.tsv");
    assert!(pinned_links_open(table, "links-v1", 1) >= 6);
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let (name, link) = line.split_once('\t').unwrap();
        assert!(
            !decode(link).unwrap().project.kamal_install.alone(),
            "{name}"
        );
    }
}

#[test]
fn links_made_with_format_2_still_open() {
    let table = include_str!("fixtures/links-v2.tsv");
    assert!(pinned_links_open(table, "links-v2", 2) >= 6);
}

#[test]
fn every_example_round_trips_and_the_seed_link_is_short() {
    for (name, config) in support::examples() {
        let link = encode(&config);
        assert_eq!(decode(&link).as_ref(), Ok(&config), "{name}");
        println!("{name}: {} characters", link.len() + 1);
        if name.starts_with("seed-") {
            // The seed with its encrypted S3 backup: an age key is 62 characters that do not
            // compress.
            assert!(link.len() < 1000, "{name}: {} characters", link.len());
        }
    }
}

/// Ways a link gets damaged on its way to a teammate.
fn damaged(link: String) -> impl Strategy<Value = String> {
    let len = link.len();
    let l1 = link.clone();
    let l2 = link.clone();
    let l3 = link.clone();
    let l4 = link;
    prop_oneof![
        (0..len).prop_map(move |n| l1[..n].to_string()),
        (3..len, any::<u8>()).prop_map(move |(i, b)| {
            let mut bytes = l2.clone().into_bytes();
            bytes[i] = b'A' + b % 58;
            String::from_utf8_lossy(&bytes).into_owned()
        }),
        (3..len, "[ %#?&=<>\"'\\\\\u{0}-\u{7f}é✓]{1,4}").prop_map(move |(i, junk)| {
            let mut s = l3.clone();
            s.insert_str(i, &junk);
            s
        }),
        "v[0-9]{1,3}\\.[A-Za-z0-9_-]{0,200}".prop_map(String::from),
        any::<String>(),
        Just(format!("{l4}{l4}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The regular test run; `cargo run --release -p kamal-actions-core --example fuzz_links`
    /// runs 100,000 and more.
    #[test]
    fn a_damaged_link_is_an_error_or_a_valid_configuration(
        input in damaged(encode(&kamal_actions_core::Config::default()))
    ) {
        match decode(&input) {
            Ok(config) => prop_assert_eq!(config.version, kamal_actions_core::config::FORMAT_VERSION),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}

#[test]
fn oversized_input_is_refused_before_any_work() {
    let long = format!("v1.{}", "A".repeat(MAX_FRAGMENT_CHARS));
    assert!(matches!(decode(&long), Err(ShareError::TooLong(_))));
}
