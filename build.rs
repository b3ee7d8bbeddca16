//! The split build (scripts/split-build.sh) cuts the linked wasm into chunks, which needs the
//! linker's relocations: `--emit-relocs` for this crate's binary only, and only for wasm32.
//! (In RUSTFLAGS it would rebuild every dependency; here it relinks the app alone.)
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
