//! Builds the project's own adapters to WebAssembly components and embeds them.
//!
//! Every folder `adapters/<name>/` with a `Cargo.toml` is a built-in adapter called
//! `<name>`, whose package must be named `clearway-adapter-<name>`. Each is compiled by a
//! nested `cargo build` for the
//! `wasm32-wasip2` target into `target/adapter-build/` (a target folder of its own, so the
//! nested build never waits on the outer one's lock), then included in the `clearway`
//! binary with `include_bytes!`. `rust-toolchain.toml` lists the target, so rustup
//! installs it on a fresh machine.

use std::env;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;


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
    for name in adapter_names(&root) {
        let package = format!("clearway-adapter-{name}");
        let wasm = build_adapter(&root, &target_dir, &package);
        let embedded = out_dir.join(format!("{name}.wasm"));
        std::fs::copy(&wasm, &embedded).unwrap_or_else(|error| panic!("copying {}: {error}", wasm.display()));
        writeln!(table, "    ({name:?}, include_bytes!({:?})),", embedded.display().to_string()).unwrap();
    }
    table.push_str("];\n");

    table.push_str("/// County files built into this program: name and TOML text.\n");
    table.push_str("pub const BUILTIN_COUNTIES: &[(&str, &str)] = &[\n");
    for (name, path) in county_files(&root) {
        writeln!(table, "    ({name:?}, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    table.push_str("];\n");
    std::fs::write(out_dir.join("builtin_adapters.rs"), table).expect("writing builtin_adapters.rs");
}

/// Returns each `config/counties/<name>.toml` as its name and path, sorted by name.
fn county_files(root: &Path) -> Vec<(String, PathBuf)> {
    let folder = root.join("config").join("counties");
    println!("cargo::rerun-if-changed={}", folder.display());
    let entries = std::fs::read_dir(&folder).unwrap_or_else(|error| panic!("reading {}: {error}", folder.display()));
    let mut files: Vec<(String, PathBuf)> = entries
        .map(|entry| entry.expect("reading config/counties/").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "toml"))
        .map(|path| (path.file_stem().expect("a file name").to_string_lossy().into_owned(), path))
        .collect();
    files.sort();
    files
}

/// Returns the names of the folders under `adapters/` that hold a crate, sorted.
fn adapter_names(root: &Path) -> Vec<String> {
    let folder = root.join("adapters");
    let entries = std::fs::read_dir(&folder).unwrap_or_else(|error| panic!("reading {}: {error}", folder.display()));
    let mut names: Vec<String> = entries
        .map(|entry| entry.expect("reading adapters/").path())
        .filter(|path| path.join("Cargo.toml").is_file())
        .map(|path| path.file_name().expect("a folder name").to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
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
