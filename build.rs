//! With the `split` feature the page's wasm keeps its relocations, which the post-build split
//! (wasm-split-cli, scripts/post_build.py) needs to tell which code each split point reaches.
fn main() {
    println!("cargo:rerun-if-env-changed=CARGO_FEATURE_SPLIT");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bin=kamal-actions-web=--emit-relocs");
    }
}
