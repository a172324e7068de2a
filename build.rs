//! Builds the project's own adapters to WebAssembly components and embeds them.
//!
//! Each adapter under `adapters/` is compiled by a nested `cargo build` for the
//! `wasm32-wasip2` target into `target/adapter-build/` (a target folder of its own, so the
//! nested build never waits on the outer one's lock), then included in the `clearway`
//! binary with `include_bytes!`. `rust-toolchain.toml` lists the target, so rustup
//! installs it on a fresh machine.

use std::env;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Built-in adapters: the name counties use, and the crate that implements it.
const ADAPTERS: &[(&str, &str)] = &[("ca-doj-research", "clearway-adapter-ca-doj-research")];

const WASM_TARGET: &str = "wasm32-wasip2";

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    for watched in ["adapters", "plugins/sdk", "plugins/wit", "Cargo.lock"] {
        println!("cargo::rerun-if-changed={}", root.join(watched).display());
    }

    let target_dir = root.join("target").join("adapter-build");
    let mut table = String::from("/// Adapters built into this program: name and component bytes.\n");
    table.push_str("pub const BUILTIN_ADAPTERS: &[(&str, &[u8])] = &[\n");
    for (name, package) in ADAPTERS {
        let wasm = build_adapter(&root, &target_dir, package);
        let embedded = out_dir.join(format!("{name}.wasm"));
        std::fs::copy(&wasm, &embedded).unwrap_or_else(|error| panic!("copying {}: {error}", wasm.display()));
        writeln!(table, "    ({name:?}, include_bytes!({:?})),", embedded.display().to_string()).unwrap();
    }
    table.push_str("];\n");
    std::fs::write(out_dir.join("builtin_adapters.rs"), table).expect("writing builtin_adapters.rs");
}

fn build_adapter(root: &Path, target_dir: &Path, package: &str) -> PathBuf {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .args(["build", "--package", package, "--target", WASM_TARGET, "--profile", "adapter", "--target-dir"])
        .arg(target_dir);
    // Settings meant for the outer build (flags, the target folder, the jobserver) must
    // not leak into the guest build.
    for variable in [
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTFLAGS",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_MAKEFLAGS",
        "MAKEFLAGS",
        "MFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_PROFILE_RELEASE_DEBUG",
    ] {
        command.env_remove(variable);
    }

    let status = command.status().unwrap_or_else(|error| panic!("running cargo to build {package}: {error}"));
    if !status.success() {
        panic!(
            "building the adapter {package} for {WASM_TARGET} failed (see the output above). \
             If the target is missing, run `rustup target add {WASM_TARGET}`."
        );
    }

    let file = format!("{}.wasm", package.replace('-', "_"));
    target_dir.join(WASM_TARGET).join("adapter").join(file)
}
