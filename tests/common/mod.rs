//! Helpers shared by the end-to-end tests: running the real `clearway` binary in a
//! temporary folder and reading what it wrote.

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// Returns the repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A checked-in fixture under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    root().join("tests").join("fixtures").join(relative)
}

/// One run of `clearway` with its output folder.
pub struct Run {
    pub output: Output,
    pub out: PathBuf,
    _temp: TempDir,
}

/// Runs `clearway run` with the given arguments plus `--out <temp>/out`, from the
/// repository root so that county names resolve to `config/counties/`.
pub fn run(args: &[&str]) -> Run {
    let temp = TempDir::new().expect("creating a temporary folder");
    let out = temp.path().join("out");
    let output = clearway()
        .arg("run")
        .args(args)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("running clearway");
    Run { output, out, _temp: temp }
}

/// Returns the compiled-adapter cache the tests share, under Cargo's scratch folder for tests, so
/// that tests never touch the user's own cache and compile each adapter once.
pub fn shared_cache() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("adapter-cache")
}

/// Returns a `clearway` command that runs from the repository root with [`shared_cache`].
pub fn clearway() -> Command {
    let mut command = Command::cargo_bin("clearway").expect("the clearway binary is built");
    command.current_dir(root()).env("CLEARWAY_CACHE_DIR", shared_cache()).env_remove("RUST_LOG");
    command
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().expect("clearway exited normally")
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.out.join(name)
    }

    pub fn bytes(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.file(name)).unwrap_or_else(|error| panic!("reading {name}: {error}\nstderr: {}", self.stderr()))
    }

    pub fn summary(&self) -> serde_json::Value {
        serde_json::from_slice(&self.bytes("summary.json")).expect("summary.json is JSON")
    }

    /// Reads the rows of a CSV output as maps from column name to value.
    pub fn csv(&self, name: &str) -> Vec<HashMap<String, String>> {
        let mut reader = csv::Reader::from_path(self.file(name)).expect("opening CSV output");
        let headers = reader.headers().expect("CSV header").clone();
        reader
            .records()
            .map(|record| {
                let record = record.expect("CSV row");
                headers.iter().zip(record.iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect()
            })
            .collect()
    }
}

/// Reads a number from summary.json by a path of keys.
pub fn number(summary: &serde_json::Value, path: &[&str]) -> u64 {
    let mut value = summary;
    for key in path {
        value = &value[*key];
    }
    value.as_u64().unwrap_or_else(|| panic!("summary.json has no number at {path:?}: {summary:#}"))
}
