//! End-to-end tests of the adapter sandbox: the real `clearway run` binary with test
//! adapters that loop, exhaust memory, panic, reject their input, misreport rows, return
//! huge batches, import the file system or a clock, or were built for another interface
//! version. The host must survive every one: stop the adapter, report it with the
//! adapter's name and the rows involved, and carry on with the next input where it can.
//!
//! The test adapters live in `tests/adapters/`; the first test to need them builds them
//! for `wasm32-wasip2`, once per test process.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tempfile::TempDir;

const WASM_TARGET: &str = "wasm32-wasip2";

/// The test adapter crates, each built to `<crate name with underscores>.wasm`.
const TEST_ADAPTERS: &[&str] = &[
    "misbehaving",
    "reads-files",
    "reads-clock",
    "future-version",
];

/// Kills a `clearway` run that takes longer than this; every run here should end in seconds.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// Lines of the faulting input; the misbehaving adapter faults in feed call 3 by default.
const FIRST_INPUT_LINES: u64 = 5;

/// Lines of the input given after the faulting one. It is shorter than the fault's feed
/// call, so the same adapter options read it to its end.
const SECOND_INPUT_LINES: u64 = 2;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the test adapters once and returns the folder of their `.wasm` files.
fn adapter_folder() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let target_dir = root().join("target").join("adapter-build");
        let cargo = std::env::var("CARGO")
            .unwrap_or_else(|_| option_env!("CARGO").unwrap_or("cargo").to_string());
        let mut command = StdCommand::new(cargo);
        command.current_dir(root()).arg("build");
        for package in TEST_ADAPTERS {
            command.args(["--package", package]);
        }
        command
            .args([
                "--target",
                WASM_TARGET,
                "--profile",
                "adapter",
                "--target-dir",
            ])
            .arg(&target_dir);
        // Settings of the outer build must not reach the guest build.
        for variable in [
            "CARGO_TARGET_DIR",
            "CARGO_BUILD_TARGET",
            "RUSTFLAGS",
            "CARGO_ENCODED_RUSTFLAGS",
            "CARGO_MAKEFLAGS",
            "MAKEFLAGS",
            "MFLAGS",
        ] {
            command.env_remove(variable);
        }
        let output = command
            .output()
            .expect("running cargo to build the test adapters");
        assert!(
            output.status.success(),
            "building the test adapters failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        target_dir.join(WASM_TARGET).join("adapter")
    })
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Formats one data line of the misbehaving adapter's format. Every line has the same
/// length, so a chunk size of one line hands the adapter exactly one line per feed call.
fn line(person: u64) -> String {
    format!("P{person:04},TEST COUNTY,HS 11357(a),M,CONVICTED,20150312\n")
}

fn line_length() -> usize {
    line(1).len()
}

/// A temporary folder with a county file that pins one test adapter, two inputs and a
/// cache folder of its own.
struct Setup {
    temp: TempDir,
    county: PathBuf,
    first_input: PathBuf,
    second_input: PathBuf,
}

impl Setup {
    /// Copies `adapter` (a crate in [`TEST_ADAPTERS`]) to `<adapter>.wasm` and writes a
    /// county file that pins it, with `extra` appended (options and limits tables).
    fn new(adapter: &str, extra: &str) -> Setup {
        let temp = TempDir::new().expect("creating a temporary folder");
        let built = adapter_folder().join(format!("{}.wasm", adapter.replace('-', "_")));
        let wasm =
            fs::read(&built).unwrap_or_else(|error| panic!("reading {}: {error}", built.display()));
        fs::write(temp.path().join(format!("{adapter}.wasm")), &wasm).expect("copying the adapter");
        let setup = Setup::with_pin(temp, adapter, &sha256_hex(&wasm), extra);

        let first: String = (1..=FIRST_INPUT_LINES).map(line).collect();
        fs::write(&setup.first_input, first).expect("writing the first input");
        let second: String = (101..101 + SECOND_INPUT_LINES).map(line).collect();
        fs::write(&setup.second_input, second).expect("writing the second input");
        setup
    }

    fn with_pin(temp: TempDir, adapter: &str, sha256: &str, extra: &str) -> Setup {
        let county = temp.path().join("county.toml");
        let text = format!(
            "name = \"TEST COUNTY\"\nas_of = \"2024-01-01\"\n\n[adapter]\npath = \"{adapter}.wasm\"\nsha256 = \"{sha256}\"\n\n{extra}"
        );
        fs::write(&county, text).expect("writing the county file");
        Setup {
            first_input: temp.path().join("first.txt"),
            second_input: temp.path().join("second.txt"),
            county,
            temp,
        }
    }

    fn out(&self) -> PathBuf {
        self.temp.path().join("out")
    }

    fn cache(&self) -> PathBuf {
        self.temp.path().join("cache")
    }

    /// Runs `clearway run` on both inputs, one line per feed call, with the compiled
    /// adapter cache inside the temporary folder.
    fn run(&self) -> Finished {
        self.run_with(
            &[&self.first_input, &self.second_input],
            Some(&self.cache()),
            &self.out(),
        )
    }

    fn run_with(&self, inputs: &[&Path], cache: Option<&Path>, out: &Path) -> Finished {
        let mut command = Command::cargo_bin("clearway").expect("the clearway binary is built");
        command
            .current_dir(self.temp.path())
            .env(
                "CLEARWAY_CACHE_DIR",
                cache.map_or(PathBuf::new(), Path::to_path_buf),
            )
            .env_remove("RUST_LOG")
            .timeout(RUN_TIMEOUT)
            .arg("run")
            .arg("--county")
            .arg(&self.county)
            .arg("--quiet")
            .arg("--chunk-size")
            .arg(line_length().to_string())
            .arg("--out")
            .arg(out)
            .arg("--input")
            .args(inputs);
        let started = Instant::now();
        let output = command.output().expect("running clearway");
        Finished {
            output,
            elapsed: started.elapsed(),
        }
    }

    fn first_label(&self) -> String {
        self.first_input.display().to_string()
    }

    fn second_label(&self) -> String {
        self.second_input.display().to_string()
    }
}

/// A finished run of `clearway`.
struct Finished {
    output: Output,
    elapsed: Duration,
}

impl Finished {
    /// Returns the exit code, and fails the test if [`RUN_TIMEOUT`] or a signal killed the run.
    fn code(&self) -> i32 {
        self.output.status.code().unwrap_or_else(|| {
            panic!(
                "clearway was killed after {:?}; stderr:\n{}",
                self.elapsed,
                self.stderr()
            )
        })
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
}

fn summary(out: &Path) -> Value {
    let text = fs::read_to_string(out.join("summary.json")).expect("summary.json is written");
    serde_json::from_str(&text).expect("summary.json is JSON")
}

/// Finds the report of one input in `summary.json` by its path.
fn file_report<'a>(summary: &'a Value, path: &str) -> &'a Value {
    summary["files"]
        .as_array()
        .expect("summary.json lists files")
        .iter()
        .find(|file| file["path"] == path)
        .unwrap_or_else(|| panic!("summary.json has no report for {path}: {summary:#}"))
}

/// Reads the rows of `rejects.csv` as source file, source row, code and message.
fn rejects(out: &Path) -> Vec<(String, u64, String, String)> {
    let mut reader =
        csv::Reader::from_path(out.join("rejects.csv")).expect("rejects.csv is written");
    reader
        .records()
        .map(|record| {
            let record = record.expect("rejects.csv is valid CSV");
            (
                record[0].to_string(),
                record[1].parse().expect("source_row is a number"),
                record[2].to_string(),
                record[4].to_string(),
            )
        })
        .collect()
}

/// Checks what every run with a fault in feed call 3 of the first input must show. The
/// exit code is 4 and stderr names the adapter and the rows. Every output is written,
/// `summary.json` and `rejects.csv` record the fault, and the second input is read to its end.
fn assert_feed_fault(setup: &Setup, run: &Finished, code: &str, detail: &str) {
    let stderr = run.stderr();
    assert_eq!(run.code(), 4, "stderr:\n{stderr}");
    assert!(
        stderr.contains("adapter `misbehaving`"),
        "stderr names the adapter:\n{stderr}"
    );
    assert!(stderr.contains(detail), "stderr has `{detail}`:\n{stderr}");
    assert!(
        stderr.contains("rows after row 2 were not processed"),
        "stderr names the last row:\n{stderr}"
    );
    let bytes = format!("bytes {} to {}", 2 * line_length(), 3 * line_length());
    assert!(
        stderr.contains(&bytes),
        "stderr has the failing call's {bytes}:\n{stderr}"
    );

    let out = setup.out();
    for name in ["results.csv", "rejects.csv", "warnings.csv", "summary.json"] {
        assert!(out.join(name).is_file(), "{name} is written");
    }

    let summary = summary(&out);
    assert_eq!(summary["complete"], false);
    let first = file_report(&summary, &setup.first_label());
    assert_eq!(first["complete"], false);
    assert_eq!(
        first["rows_read"], 2,
        "the two rows before the fault are kept: {first:#}"
    );
    let error = first["error"]
        .as_str()
        .expect("the first input's report has an error");
    assert!(error.contains(detail), "{error}");

    let second = file_report(&summary, &setup.second_label());
    assert_eq!(
        second["complete"], true,
        "the second input gets a fresh instance: {second:#}"
    );
    assert_eq!(second["rows_read"], SECOND_INPUT_LINES);
    assert_eq!(second["rows_used"], SECOND_INPUT_LINES);

    let rejects = rejects(&out);
    let fault = rejects
        .iter()
        .find(|reject| reject.2 == code)
        .unwrap_or_else(|| panic!("no {code} row: {rejects:?}"));
    assert_eq!(fault.0, setup.first_label());
    assert_eq!(fault.1, 3, "the fault row is the first row not processed");
    assert!(fault.3.contains(detail), "{}", fault.3);
    assert_eq!(rejects.len(), 1, "only the fault is rejected: {rejects:?}");
}

#[test]
fn endless_loop_ends_at_call_deadline() {
    let setup = Setup::new(
        "misbehaving",
        "[adapter.options]\nmode = \"loop\"\n\n[limits]\nadapter_call_seconds = 1\n",
    );
    let run = setup.run();

    assert_feed_fault(
        &setup,
        &run,
        "adapter-timeout",
        "a call took longer than the limit of 1000 ms",
    );
    assert!(
        run.elapsed >= Duration::from_secs(1),
        "the run ended before the deadline: {:?}",
        run.elapsed
    );
    assert!(
        run.elapsed < Duration::from_secs(30),
        "the run took {:?}",
        run.elapsed
    );
}

#[test]
fn unbounded_allocation_hits_memory_limit() {
    let setup = Setup::new(
        "misbehaving",
        "[adapter.options]\nmode = \"memory\"\n\n[limits]\nadapter_memory_mib = 16\n",
    );
    let run = setup.run();

    assert_feed_fault(
        &setup,
        &run,
        "adapter-memory-limit",
        "the adapter exceeded its memory limit of 16 MiB",
    );
    assert!(
        run.elapsed < Duration::from_secs(30),
        "the run took {:?}",
        run.elapsed
    );
}

#[test]
fn panic_in_feed_is_contained() {
    let setup = Setup::new("misbehaving", "[adapter.options]\nmode = \"panic\"\n");
    let run = setup.run();

    assert_feed_fault(
        &setup,
        &run,
        "adapter-panic",
        "the adapter panicked or aborted",
    );
    assert!(
        run.elapsed < Duration::from_secs(30),
        "the run took {:?}",
        run.elapsed
    );
}

#[test]
fn exit_call_is_a_fault() {
    let setup = Setup::new("misbehaving", "[adapter.options]\nmode = \"exit\"\n");
    let run = setup.run();

    // WASI 0.2 passes on only success or failure, so the guest's status 3 arrives as 1.
    assert_feed_fault(
        &setup,
        &run,
        "adapter-trap",
        "the adapter called exit with status 1",
    );
    assert!(
        !run.stderr().contains("backtrace"),
        "no wasm backtrace:\n{}",
        run.stderr()
    );
}

#[test]
fn rejected_input_stops_only_that_file() {
    let setup = Setup::new("misbehaving", "[adapter.options]\nmode = \"reject\"\n");
    let run = setup.run();
    let stderr = run.stderr();

    assert_eq!(run.code(), 4, "stderr:\n{stderr}");
    let message = format!(
        "adapter `misbehaving` cannot read {}: feed call 3 found the input unusable",
        setup.first_label()
    );
    assert!(
        stderr.contains(&message),
        "stderr has `{message}`:\n{stderr}"
    );

    let summary = summary(&setup.out());
    assert_eq!(summary["complete"], false);
    let first = file_report(&summary, &setup.first_label());
    assert_eq!(first["complete"], false);
    assert_eq!(first["rows_read"], 2);
    let second = file_report(&summary, &setup.second_label());
    assert_eq!(second["complete"], true, "{second:#}");
    assert_eq!(second["rows_read"], SECOND_INPUT_LINES);

    let rejects = rejects(&setup.out());
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    assert_eq!(rejects[0].0, setup.first_label());
    assert_eq!(rejects[0].2, "input-unusable");
    assert!(
        rejects[0].3.contains("found the input unusable"),
        "{}",
        rejects[0].3
    );
}

#[test]
fn panic_in_open_stops_run_at_start() {
    let setup = Setup::new("misbehaving", "[adapter.options]\nmode = \"panic-open\"\n");
    let run = setup.run();
    let stderr = run.stderr();

    // The county's options are checked by opening a parser before any input is read, so an
    // adapter that cannot open one stops the run there.
    assert_eq!(run.code(), 1, "stderr:\n{stderr}");
    assert!(
        stderr.contains("adapter `misbehaving` failed while opening a parser with the county's options"),
        "{stderr}"
    );
    assert!(stderr.contains("panicked"), "{stderr}");
    assert!(!setup.out().exists(), "nothing is written");
}

#[test]
fn overstated_row_count_marks_input_incomplete() {
    let setup = Setup::new(
        "misbehaving",
        "[adapter.options]\nmode = \"bad-accounting\"\nextra_rows = 4\n",
    );
    let run = setup.run_with(&[&setup.first_input], Some(&setup.cache()), &setup.out());
    let stderr = run.stderr();

    // Each of the five feed calls completes one line and reports 1 + 4 rows.
    let reported = FIRST_INPUT_LINES * 5;
    let message = format!(
        "adapter `misbehaving` accounted for {FIRST_INPUT_LINES} rows used and 0 rejected, but reported {reported} rows read"
    );
    assert_eq!(run.code(), 4, "stderr:\n{stderr}");
    assert!(
        stderr.contains(&message),
        "stderr has `{message}`:\n{stderr}"
    );

    let summary = summary(&setup.out());
    assert_eq!(summary["complete"], false);
    let first = file_report(&summary, &setup.first_label());
    assert_eq!(first["complete"], false);
    assert_eq!(first["rows_read"], reported);
    assert_eq!(first["rows_used"], FIRST_INPUT_LINES);
    assert_eq!(first["error"], message.as_str());
}

#[test]
fn huge_batch_within_limits_completes() {
    let subjects = 200_000;
    let setup = Setup::new(
        "misbehaving",
        &format!("[adapter.options]\nmode = \"huge-batch\"\nsubjects = {subjects}\n"),
    );
    let run = setup.run_with(&[&setup.first_input], Some(&setup.cache()), &setup.out());
    let stderr = run.stderr();

    assert_eq!(run.code(), 0, "stderr:\n{stderr}");
    assert!(
        run.elapsed < Duration::from_secs(60),
        "the run took {:?}",
        run.elapsed
    );
    let summary = summary(&setup.out());
    assert_eq!(summary["complete"], true);
    assert_eq!(summary["rows"]["read"], FIRST_INPUT_LINES);
    assert_eq!(summary["people"]["subjects"], FIRST_INPUT_LINES + subjects);
}

#[test]
fn oversized_batch_is_a_fault() {
    // Wasmtime 48 lets the host allocate at most 128 MiB (its default hostcall fuel) for
    // the values lifted from one call, counted at the size of the host's own types. Two
    // million subjects of about 80 bytes each exceed it while fitting in 256 MiB of guest
    // memory.
    let setup = Setup::new(
        "misbehaving",
        "[adapter.options]\nmode = \"huge-batch\"\nsubjects = 2000000\n\n[limits]\nadapter_call_seconds = 60\n",
    );
    let run = setup.run_with(&[&setup.first_input], Some(&setup.cache()), &setup.out());
    let stderr = run.stderr();

    assert_eq!(run.code(), 4, "stderr:\n{stderr}");
    assert!(
        stderr.contains("adapter `misbehaving` failed on"),
        "{stderr}"
    );
    assert!(
        stderr.contains("too much data is being copied between the host and the guest"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "rows after row {FIRST_INPUT_LINES} were not processed"
        )),
        "{stderr}"
    );
    assert!(
        run.elapsed < Duration::from_secs(60),
        "the run took {:?}",
        run.elapsed
    );

    let summary = summary(&setup.out());
    assert_eq!(summary["complete"], false);
    let rejects = rejects(&setup.out());
    assert_eq!(rejects.len(), 1, "{rejects:?}");
    assert_eq!(rejects[0].1, FIRST_INPUT_LINES + 1);
    assert_eq!(rejects[0].2, "adapter-trap");
}

#[test]
fn stderr_output_never_fails_adapter() {
    // The adapter writes 100 KiB to stderr in each of its seven feed calls, more than the
    // host keeps per call and far more than it keeps in total.
    let setup = Setup::new("misbehaving", "[adapter.options]\nmode = \"chatty\"\n");
    let run = setup.run();
    let stderr = run.stderr();

    assert_eq!(run.code(), 0, "stderr:\n{stderr}");
    assert!(
        !stderr.contains("chatter"),
        "guest output stays out of the default log:\n{stderr}"
    );
    let summary = summary(&setup.out());
    assert_eq!(summary["complete"], true);
    assert_eq!(
        summary["rows"]["read"],
        FIRST_INPUT_LINES + SECOND_INPUT_LINES
    );
}

/// Checks that a run was stopped at load: exit code 1, `expected` on stderr, and no
/// output folder.
fn assert_rejected_at_load(setup: &Setup, run: &Finished, expected: &[&str]) {
    let stderr = run.stderr();
    assert_eq!(run.code(), 1, "stderr:\n{stderr}");
    for text in expected {
        assert!(stderr.contains(text), "stderr has `{text}`:\n{stderr}");
    }
    assert!(!setup.out().exists(), "no output folder is created");
    assert!(
        run.elapsed < Duration::from_secs(30),
        "the run took {:?}",
        run.elapsed
    );
}

#[test]
fn file_system_import_rejected_at_load() {
    let setup = Setup::new("reads-files", "");
    let run = setup.run();
    assert_rejected_at_load(
        &setup,
        &run,
        &[
            "adapter `reads-files` imports",
            "`wasi:filesystem/",
            "reach outside the sandbox",
        ],
    );
}

#[test]
fn clock_import_rejected_at_load() {
    let setup = Setup::new("reads-clock", "");
    let run = setup.run();
    assert_rejected_at_load(
        &setup,
        &run,
        &[
            "adapter `reads-clock` imports",
            "`wasi:clocks/",
            "reach outside the sandbox",
        ],
    );
}

#[test]
fn future_interface_version_rejected() {
    let setup = Setup::new("future-version", "");
    let run = setup.run();
    assert_rejected_at_load(
        &setup,
        &run,
        &[
            "adapter `future-version` was built for adapter interface 0.2.0",
            "this host implements 0.1.0",
        ],
    );
}

#[test]
fn wrong_pin_rejected_before_loading() {
    // The file is not WebAssembly at all: an error about its contents instead of its
    // pin would show that it was loaded before the pin was checked.
    let temp = TempDir::new().expect("creating a temporary folder");
    let bytes = b"not a component";
    fs::write(temp.path().join("tampered.wasm"), bytes).expect("writing the adapter");
    let pinned = sha256_hex(b"the approved component");
    let setup = Setup::with_pin(temp, "tampered", &pinned, "");
    fs::write(&setup.first_input, line(1)).expect("writing the input");

    let run = setup.run_with(&[&setup.first_input], Some(&setup.cache()), &setup.out());
    let stderr = run.stderr();
    assert_rejected_at_load(
        &setup,
        &run,
        &[
            &format!("has SHA-256 {}", sha256_hex(bytes)),
            &format!("pins {pinned}"),
        ],
    );
    assert!(
        !stderr.contains("WebAssembly"),
        "the adapter was never compiled:\n{stderr}"
    );
    let cached = fs::read_dir(setup.cache())
        .map(|entries| entries.count())
        .unwrap_or(0);
    assert_eq!(cached, 0, "nothing is compiled into the cache");
}

#[test]
fn cache_is_private_and_changes_no_output() {
    let setup = Setup::new(
        "misbehaving",
        "[adapter.options]\nmode = \"well-behaved\"\n",
    );
    // A rejected row and a row with an unreadable date, so every output has content.
    let mut text: String = (1..=3).map(line).collect();
    text.push_str("P0004,TEST COUNTY,HS 11359\n");
    text.push_str("P0005,TEST COUNTY,HS 11360,F,CONVICTED,2015\n");
    fs::write(&setup.first_input, text).expect("writing the input");
    let inputs: &[&Path] = &[&setup.first_input, &setup.second_input];
    let cache = setup.temp.path().join("cache-parent").join("adapters");

    let cold = setup.run_with(inputs, Some(&cache), &setup.temp.path().join("cold"));
    assert_eq!(
        cold.code(),
        3,
        "one row is rejected; stderr:\n{}",
        cold.stderr()
    );
    let mode = fs::metadata(&cache)
        .expect("the cache folder is created")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700, "cache folder mode {mode:o}");
    let artifacts: Vec<PathBuf> = fs::read_dir(&cache)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(artifacts.len(), 1, "one compiled adapter: {artifacts:?}");
    assert_eq!(
        artifacts[0].extension().and_then(|ext| ext.to_str()),
        Some("cwasm")
    );

    let warm = setup.run_with(inputs, Some(&cache), &setup.temp.path().join("warm"));
    assert_eq!(warm.code(), 3, "stderr:\n{}", warm.stderr());
    let uncached = setup.run_with(inputs, None, &setup.temp.path().join("uncached"));
    assert_eq!(uncached.code(), 3, "stderr:\n{}", uncached.stderr());

    let results: Vec<u8> = fs::read(setup.temp.path().join("cold").join("results.csv")).unwrap();
    let rows = csv::Reader::from_reader(results.as_slice())
        .records()
        .count();
    assert!(rows > 0, "results.csv lists convictions");
    for name in ["results.csv", "rejects.csv", "warnings.csv", "summary.json"] {
        let cold = fs::read(setup.temp.path().join("cold").join(name)).unwrap();
        let warm = fs::read(setup.temp.path().join("warm").join(name)).unwrap();
        let uncached = fs::read(setup.temp.path().join("uncached").join(name)).unwrap();
        assert!(
            cold == warm,
            "{name} differs between a compiling run and a cached run"
        );
        assert!(
            cold == uncached,
            "{name} differs between a cached run and a run without the cache"
        );
    }
}

#[test]
fn held_entries_beyond_limit_stop_the_run() {
    let setup = Setup::new(
        "misbehaving",
        "[adapter.options]\nmode = \"huge-batch\"\nsubjects = 5000\n\n[limits]\nmax_held_entries = 1000\n",
    );
    let run = setup.run_with(&[&setup.first_input], Some(&setup.cache()), &setup.out());
    let stderr = run.stderr();

    assert_eq!(run.code(), 1, "stderr:\n{stderr}");
    assert!(stderr.contains("more than 1000 entries are held in memory"), "stderr:\n{stderr}");
    assert!(stderr.contains("limits.max_held_entries"), "stderr names the setting:\n{stderr}");
    assert!(!setup.out().join("results.csv").exists(), "no partial results are left behind");
}
