//! Property tests: the emitter writes any tree so that serde_yaml reads back exactly that tree,
//! and any configuration, hostile strings included, either renders files that parse into the
//! intended structure or is rejected with problems, never a panic.

mod support;

use kamal_actions_core::config::{Config, KnownHosts, Registry, SecretVar, Trigger};
use kamal_actions_core::render::{repository_file, repository_files};
use kamal_actions_core::yaml::{document, Map, Yaml};
use kamal_actions_core::{render, validate};
use proptest::prelude::*;
use serde_yaml::Value;

/// Strings a YAML reader is most likely to misread, mixed with arbitrary text.
fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        prop::sample::select(vec![
            "on",
            "off",
            "yes",
            "No",
            "y",
            "N",
            "true",
            "False",
            "null",
            "~",
            "Null",
            "NULL",
            "0",
            "1.5",
            "-1",
            "0x1F",
            "0o17",
            "1e3",
            ".inf",
            "-.Inf",
            ".NaN",
            "12:30:00",
            "2026-11-26",
            "<<",
            "=",
            "*alias",
            "&anchor",
            "!tag",
            "%percent",
            "@at",
            "`tick",
            "|",
            ">",
            "- item",
            "? key",
            "a: b",
            "a #b",
            "#c",
            "'single'",
            "\"double\"",
            "${{ secrets.X }}",
            " leading",
            "trailing ",
            "tab\there",
            "line\nbreak",
            "crlf\r\n",
            "back\\slash",
            "{a: 1}",
            "[1, 2]",
            "é ünïcode ✓",
            "\u{85}nel",
            "\u{2028}ls",
            "\u{feff}bom",
            "\u{7f}del",
            "\u{1b}[31m",
            "key:",
            ":",
            "-",
            "a,b",
            "0.",
            ".5",
            "+1",
            "1_000",
            "0b101",
        ])
        .prop_map(String::from),
        any::<String>(),
        "[ -~]{0,24}",
    ]
}

/// A random tree of maps, sequences and scalars.
fn tree() -> impl Strategy<Value = Yaml> {
    let leaf = prop_oneof![
        hostile_string().prop_map(Yaml::Str),
        any::<bool>().prop_map(Yaml::Bool),
        any::<u32>().prop_map(Yaml::Int),
        "[ -~]{1,20}(\n[ -~]{0,20}){0,3}\n?".prop_map(|s| Yaml::Block(s.trim_start().to_string())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Yaml::Seq),
            prop::collection::vec(inner.clone(), 0..5).prop_map(Yaml::SpacedSeq),
            (
                prop::collection::vec((hostile_string(), inner), 0..5),
                any::<bool>()
            )
                .prop_map(|(entries, spaced)| {
                    let mut seen = std::collections::BTreeSet::new();
                    let mut map = if spaced { Map::spaced() } else { Map::new() };
                    for (k, v) in entries {
                        if seen.insert(k.clone()) {
                            map.insert(k, v);
                        }
                    }
                    Yaml::Map(map)
                }),
        ]
    })
}

/// What serde_yaml should read for `node`.
fn expected(node: &Yaml) -> Value {
    match node {
        Yaml::Str(s) => Value::String(s.clone()),
        Yaml::Block(s) => Value::String(s.clone()),
        Yaml::Bool(b) => Value::Bool(*b),
        Yaml::Int(n) => Value::Number((*n).into()),
        Yaml::Null => Value::Null,
        Yaml::Seq(items) | Yaml::SpacedSeq(items) => {
            Value::Sequence(items.iter().map(expected).collect())
        }
        Yaml::Map(map) => Value::Mapping(
            map.entries()
                .map(|(k, v)| (Value::String(k.to_string()), expected(v)))
                .collect(),
        ),
    }
}

/// Block scalars cannot hold every string (leading spaces on the first line, trailing blank
/// lines, control characters); the renderer only writes scripts it builds itself.
fn block_is_representable(node: &Yaml) -> bool {
    match node {
        Yaml::Block(s) => {
            !s.starts_with([' ', '\n'])
                && !s.ends_with("\n\n")
                && s.chars().all(|c| c == '\n' || !c.is_control())
                && s.lines().all(|l| !l.ends_with(' '))
        }
        Yaml::Seq(items) | Yaml::SpacedSeq(items) => items.iter().all(block_is_representable),
        Yaml::Map(map) => map.entries().all(|(_, v)| block_is_representable(v)),
        _ => true,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn emitted_yaml_reads_back_as_the_same_tree(
        entries in prop::collection::vec((hostile_string(), tree()), 1..6),
        header in prop::collection::vec("[ -~]{0,100}", 0..3),
    ) {
        let mut body = Map::spaced();
        let mut seen = std::collections::BTreeSet::new();
        for (k, v) in entries {
            if seen.insert(k.clone()) {
                body.insert(k, v);
            }
        }
        let node = Yaml::Map(body.clone());
        prop_assume!(block_is_representable(&node));
        let text = document(&header, &body);
        let parsed: Value = serde_yaml::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(parsed, expected(&node), "{}", text);
    }

    #[test]
    fn scalars_that_look_like_other_types_are_quoted(s in hostile_string()) {
        let text = document(&[], &Map::new().with("k", s.clone()));
        let parsed: Value = serde_yaml::from_str(&text).unwrap();
        prop_assert_eq!(&parsed["k"], &Value::String(s));
    }
}

/// Valid building blocks with hostile free text where the format allows free text.
fn config() -> impl Strategy<Value = Config> {
    let name = "[a-z][a-z0-9_-]{0,12}";
    let secret = "[A-Z][A-Z0-9_]{0,15}";
    let env = (
        name,
        prop::option::of("[a-z][a-z0-9-]{0,8}"),
        0..4usize,
        any::<bool>(),
        "(https://[a-z]{1,10}\\.example\\.com(/[a-z0-9?=&%#._~-]{0,20})?)?",
    );
    (
        "[a-z0-9_-]{1,20}",
        prop::collection::vec(env, 1..5),
        prop::collection::vec((secret, secret), 0..6),
        0..4usize,
        prop::collection::vec(
            prop::sample::select(vec![
                "proxy reboot --rolling",
                "lock release",
                "app details",
                "accessory reboot db",
                "app exec 'echo hi: #x'",
                "remove",
            ]),
            0..4,
        ),
        ("[ -~]{1,60}", "[ -~]{1,60}"),
        any::<bool>(),
    )
        .prop_map(
            |(service, envs, vars, registry, commands, checks, numbered)| {
                let mut config = Config::default();
                config.project.service = service;
                config.project.numbered_workflows = numbered;
                config.environments = envs
                    .into_iter()
                    .map(|(name, branch, trigger, checks_first, url)| {
                        let trigger = match trigger {
                            0 => Trigger::Release,
                            1 => Trigger::Branches {
                                branches: vec![branch.unwrap_or_else(|| "main".into())],
                            },
                            2 => Trigger::Tags {
                                tags: vec!["v*".into()],
                            },
                            _ => Trigger::Manual,
                        };
                        let mut env = kamal_actions_core::config::Environment::new(&name, trigger);
                        env.checks_first = checks_first;
                        env.url = url;
                        env
                    })
                    .collect();
                config.secrets.env = vars
                    .into_iter()
                    .map(|(name, secret)| SecretVar::github(name, secret))
                    .collect();
                config.secrets.known_hosts = if numbered {
                    None
                } else {
                    Some(KnownHosts::Secret("KNOWN".into()))
                };
                config.registry = match registry {
                    0 => config.registry.clone(),
                    1 => Registry::Ghcr,
                    2 => Registry::DockerHub {
                        username: "acme".into(),
                        password_secret: "HUB".into(),
                    },
                    _ => Registry::Other {
                        server: "r.example.com:5000".into(),
                        username: "u".into(),
                        password_secret: "P".into(),
                    },
                };
                config.commands = commands.into_iter().map(String::from).collect();
                config.checks.specs = checks.0;
                config.checks.lint = checks.1;
                config
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_config_renders_parseable_files_or_problems(config in config()) {
        match render(&config) {
            Err(problems) => prop_assert!(!problems.is_empty()),
            Ok(files) => {
                for file in &files {
                    if file.path.ends_with(".yml") || file.path.ends_with(".yaml") {
                        let doc: Value = serde_yaml::from_str(&file.contents)
                            .map_err(|e| TestCaseError::fail(format!("{}: {e}\n{}", file.path, file.contents)))?;
                        prop_assert!(doc.is_mapping(), "{}", file.path);
                    }
                }
                // Free text lands exactly where it was meant to.
                let specs = files.iter().find(|f| f.path.ends_with("/_specs.yml")).unwrap();
                let doc: Value = serde_yaml::from_str(&specs.contents).unwrap();
                prop_assert_eq!(doc["jobs"]["specs"]["steps"][2]["run"].as_str(), Some(config.checks.specs.as_str()));
                for env in &config.environments {
                    let manual = files.iter().find(|f| f.path.contains("deploy_manually") || f.path.ends_with("deploy-manually.yml")).unwrap();
                    let doc: Value = serde_yaml::from_str(&manual.contents).unwrap();
                    let job = &doc["jobs"][env.name.as_str()];
                    prop_assert_eq!(job["environment"]["url"].as_str().unwrap_or(""), env.url.as_str());
                    let condition = format!("inputs.environment == '{}'", env.name);
                    prop_assert_eq!(job["if"].as_str(), Some(condition.as_str()));
                }
            }
        }
    }

    /// What the page shows on a keystroke (one file rendered alone) is what it shows a paint
    /// later, when every file has rendered.
    #[test]
    fn a_file_rendered_alone_is_the_same_file(config in config()) {
        match repository_files(&config) {
            Err(_) => prop_assert_eq!(repository_file(&config, ".github/kamal-actions.json"), None),
            Ok(files) => {
                for file in &files {
                    let alone = repository_file(&config, &file.path);
                    prop_assert_eq!(alone.as_ref(), Some(file));
                }
                prop_assert_eq!(repository_file(&config, ".github/workflows/nothing.yml"), None);
                prop_assert_eq!(repository_file(&config, render::GUIDE_PATH), None);
            }
        }
    }

    #[test]
    fn validation_never_panics_on_arbitrary_strings(
        service in any::<String>(), name in any::<String>(), branch in any::<String>(),
        secret in any::<String>(), command in any::<String>(), cron in any::<String>(), url in any::<String>(),
    ) {
        let mut config = Config::default();
        config.project.service = service;
        config.environments[0].name = name;
        config.environments[0].url = url;
        config.environments[1].trigger = Trigger::Branches { branches: vec![branch] };
        config.secrets.ssh_private_key = secret;
        config.commands.push(command.clone());
        use kamal_actions_core::config::{Backup, BackupStore, Dump, Encryption};
        config.backup = Some(Backup {
            environment: "staging".into(),
            cron,
            dump: Dump::Command { command: command.clone() },
            encryption: Encryption::Age { recipient: command.clone() },
            store: BackupStore::S3 { bucket: command.clone(), prefix: command, region: "eu-west-1".into(), role_arn: String::new() },
        });
        let problems = validate(&config);
        for p in &problems {
            prop_assert!(!p.message.is_empty() && !p.path.is_empty());
        }
        prop_assert_eq!(render(&config).is_ok(), problems.is_empty());
    }
}
