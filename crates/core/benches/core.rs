//! Native benchmarks of the work the page does on every keystroke and click:
//! `cargo bench -p kamal-actions-core`. Medians are reported in the README.

use kamal_actions_core::render::{self, render};
use kamal_actions_core::{bundle, changes, share, validate, Config};

fn main() {
    divan::main();
}

fn seed() -> Config {
    Config::from_json(include_str!("../../../examples/seed-kamal2.json")).unwrap()
}

/// 20 environments, 30 secrets, 20 commands.
fn large() -> Config {
    Config::from_json(include_str!("large.json")).unwrap()
}

#[divan::bench(args = ["seed", "large"])]
fn validate_and_render(bencher: divan::Bencher, name: &str) {
    let config = if name == "seed" { seed() } else { large() };
    bencher.bench(|| render(divan::black_box(&config)).unwrap().len());
}

/// What the page renders on a keystroke before it paints: the first environment's deploy
/// workflow alone (`render::repository_file`).
#[divan::bench(args = ["seed", "large"])]
fn validate_and_render_one_file(bencher: divan::Bencher, name: &str) {
    let config = if name == "seed" { seed() } else { large() };
    let path = format!(
        ".github/workflows/deploy-{}.yml",
        config.environments[0].name
    );
    let path = render::repository_files(&config)
        .unwrap()
        .into_iter()
        .map(|f| f.path)
        .find(|p| *p == path || p.contains("build_deploy_"))
        .expect("a deploy workflow");
    bencher.bench(|| {
        render::repository_file(divan::black_box(&config), &path).map(|f| f.contents.len())
    });
}

#[divan::bench(args = ["seed", "large"])]
fn validate_only(bencher: divan::Bencher, name: &str) {
    let config = if name == "seed" { seed() } else { large() };
    bencher.bench(|| validate(divan::black_box(&config)).len());
}

#[divan::bench(args = ["seed", "large"])]
fn share_encode(bencher: divan::Bencher, name: &str) {
    let config = if name == "seed" { seed() } else { large() };
    bencher.bench(|| share::encode(divan::black_box(&config)));
}

#[divan::bench(args = ["seed", "large"])]
fn share_decode(bencher: divan::Bencher, name: &str) {
    let link = share::encode(&if name == "seed" { seed() } else { large() });
    bencher.bench(|| share::decode(divan::black_box(&link)).unwrap());
}

#[divan::bench(args = ["seed", "large"])]
fn zip_bundle(bencher: divan::Bencher, name: &str) {
    let files = render(&if name == "seed" { seed() } else { large() }).unwrap();
    bencher.bench(|| bundle::zip(divan::black_box(&files)).len());
}

/// What the page diffs on a keystroke in the service field, which every file names: the files
/// before and after, line by line (`changes::between`, the marks of what an edit changed).
#[divan::bench(args = ["seed", "large"])]
fn changes_after_a_keystroke(bencher: divan::Bencher, name: &str) {
    let config = if name == "seed" { seed() } else { large() };
    let before = render(&config).unwrap();
    let mut typed = config.clone();
    typed.project.service.push('x');
    let after = render(&typed).unwrap();
    bencher.bench(|| changes::between(divan::black_box(&before), divan::black_box(&after)).len());
}
