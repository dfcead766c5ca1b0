//! Snapshot tests: every example's generated files are pinned under `tests/snapshots/<example>/`
//! so every change to generated YAML shows up in review. `UPDATE_SNAPSHOTS=1 cargo test`
//! rewrites them.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

fn read_tree(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    out
}

#[test]
fn generated_files_match_the_snapshots() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut mismatches = Vec::new();
    for (name, config) in support::examples() {
        let dir = root.join(&name);
        let files = support::files(&config);
        if update {
            let _ = std::fs::remove_dir_all(&dir);
            for (path, contents) in &files {
                let target = dir.join(path);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::write(target, contents).unwrap();
            }
            continue;
        }
        let pinned = read_tree(&dir);
        for path in files.keys().chain(pinned.keys()) {
            if files.get(path) != pinned.get(path) {
                mismatches.push(format!("{name}/{path}"));
            }
        }
    }
    mismatches.dedup();
    assert!(
        mismatches.is_empty(),
        "generated files differ from tests/snapshots (review, then UPDATE_SNAPSHOTS=1): {mismatches:#?}"
    );
}

/// The page renders the file it shows alone before the rest (`render::repository_file`): for
/// every example, every file of the repository rendered alone is that file as rendered with
/// the others.
#[test]
fn each_file_rendered_alone_is_the_file_rendered_with_the_rest() {
    use kamal_actions_core::render::{repository_file, repository_files};
    let large =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/large.json"))
            .unwrap();
    let large = kamal_actions_core::Config::from_json(&large).unwrap();
    for (name, config) in support::examples()
        .into_iter()
        .chain([("large".into(), large)])
    {
        let files = repository_files(&config).unwrap();
        for file in &files {
            let alone = repository_file(&config, &file.path);
            assert_eq!(alone.as_ref(), Some(file), "{name}: {}", file.path);
        }
    }
}
