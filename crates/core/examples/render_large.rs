//! Renders the 20-environment benchmark configuration many times: a target for profilers
//! (`valgrind --tool=callgrind`, `perf record`).
fn main() {
    let config =
        kamal_actions_core::Config::from_json(include_str!("../benches/large.json")).unwrap();
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let mut bytes = 0;
    for _ in 0..n {
        bytes += kamal_actions_core::render(&config)
            .unwrap()
            .iter()
            .map(|f| f.contents.len())
            .sum::<usize>();
    }
    println!("{bytes} bytes rendered");
}
