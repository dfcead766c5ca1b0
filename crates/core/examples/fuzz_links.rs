//! Benchmark-style fuzzing of the share-link decoder and the configuration parser:
//! `cargo run --release -p kamal-actions-core --example fuzz_links [CASES]` (default 100,000).
//! Every input must come back as a configuration or an error value; a panic aborts the run.
//! Prints the outcome counts, the slowest input's time and the total.

use std::time::{Duration, Instant};

use kamal_actions_core::share::{decode, encode};
use kamal_actions_core::Config;

/// xorshift64*: deterministic, so a failing case can be replayed by its number.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, seeds: &[String], json: &[String]) -> String {
    let link = &seeds[rng.below(seeds.len())];
    match rng.below(8) {
        0 => link[..rng.below(link.len())].to_string(),
        1 => {
            let mut bytes = link.clone().into_bytes();
            for _ in 0..=rng.below(4) {
                let i = 3 + rng.below(bytes.len() - 3);
                bytes[i] = b"ABCXYZabcxyz0189-_+/=%#"[rng.below(23)];
            }
            String::from_utf8_lossy(&bytes).into_owned()
        }
        2 => (0..rng.below(300))
            .map(|_| char::from(32 + rng.below(95) as u8))
            .collect(),
        3 => format!("v{}.{}", rng.below(1000), &link[3..]),
        4 => link.repeat(1 + rng.below(30)),
        // Hostile JSON behind a valid encoding: the parser's turn.
        5 | 6 => {
            let mut text = json[rng.below(json.len())].clone().into_bytes();
            for _ in 0..=rng.below(6) {
                let i = rng.below(text.len());
                text[i] = b"{}[]:,01aZ \"\\"[rng.below(13)];
            }
            let mut config = Config::default();
            config.project.service = String::from_utf8_lossy(&text).into_owned();
            let encoded = encode(&config);
            // Re-encode the damaged JSON itself, bypassing the serializer.
            raw_link(&text).unwrap_or(encoded)
        }
        _ => {
            let mut config = Config::default();
            config.project.service = "x".repeat(rng.below(70_000));
            encode(&config)
        }
    }
}

fn raw_link(json: &[u8]) -> Option<String> {
    use base64::Engine;
    use std::io::Write;
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(json).ok()?;
    Some(format!(
        "v1.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(e.finish().ok()?)
    ))
}

fn main() {
    let cases: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let mut configs = vec![Config::default()];
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples")).unwrap()
    {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        configs.push(Config::from_json(&text).unwrap());
    }
    let seeds: Vec<String> = configs.iter().map(encode).collect();
    let json: Vec<String> = configs.iter().map(Config::to_json).collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut ok, mut rejected) = (0usize, std::collections::BTreeMap::<String, usize>::new());
    let mut slowest = Duration::ZERO;
    let started = Instant::now();
    for _ in 0..cases {
        let input = mutate(&mut rng, &seeds, &json);
        let t = Instant::now();
        let outcome = decode(&input);
        slowest = slowest.max(t.elapsed());
        match outcome {
            Ok(_) => ok += 1,
            Err(e) => {
                let kind = format!("{e:?}");
                *rejected
                    .entry(kind.split('(').next().unwrap().to_string())
                    .or_default() += 1;
            }
        }
    }
    let total = started.elapsed();
    println!(
        "fuzz_links: {cases} cases in {total:.2?} ({:.1} µs each), slowest {slowest:.2?}",
        total.as_micros() as f64 / cases as f64
    );
    println!("  decoded to a configuration: {ok}");
    for (kind, n) in rejected {
        println!("  rejected as {kind}: {n}");
    }
}
