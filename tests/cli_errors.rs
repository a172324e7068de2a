//! `clearway` on bad command lines, bad county files and unusable paths: a clear error
//! and exit code 1, and no output files.

mod common;

use common::{clearway, fixture};
use tempfile::TempDir;

fn sample() -> String {
    fixture("gogen/configurable_flow.input.csv").to_str().unwrap().to_string()
}

/// Runs `clearway run` with `args` and returns its exit code and stderr.
fn fail(args: &[&str]) -> (i32, String) {
    let output = clearway().arg("run").args(args).output().expect("running clearway");
    (output.status.code().unwrap(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn missing_input_is_named() {
    let temp = TempDir::new().unwrap();
    let out = temp.path().join("out");
    let (code, stderr) = fail(&["--county", "sacramento", "--input", "no/such/file.csv", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no/such/file.csv"), "{stderr}");
    assert!(!out.exists(), "no output folder for a run that could not start");
}

#[test]
fn unknown_county_lists_builtin_ones() {
    let temp = TempDir::new().unwrap();
    let out = temp.path().join("out");
    let (code, stderr) = fail(&["--county", "atlantis", "--input", &sample(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("unknown county `atlantis`"), "{stderr}");
    assert!(stderr.contains("sacramento"), "{stderr}");
}

#[test]
fn output_under_a_file_is_unwritable() {
    let temp = TempDir::new().unwrap();
    let blocker = temp.path().join("file");
    std::fs::write(&blocker, b"not a folder").unwrap();
    let out = blocker.join("out");
    let (code, stderr) = fail(&["--county", "sacramento", "--input", &sample(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("cannot write to the output folder"), "{stderr}");
}

#[test]
fn output_that_is_a_file_is_rejected() {
    let temp = TempDir::new().unwrap();
    let out = temp.path().join("file");
    std::fs::write(&out, b"not a folder").unwrap();
    let (code, stderr) = fail(&["--county", "sacramento", "--input", &sample(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("is not a folder"), "{stderr}");
}

#[test]
fn county_file_error_gives_line_and_column() {
    let temp = TempDir::new().unwrap();
    let county = temp.path().join("county.toml");
    std::fs::write(&county, "name = \"X\"\nadapter = \"ca-doj-research\"\n\n[policy.additional_relief]\nage_at_least = 99\n").unwrap();
    let out = temp.path().join("out");
    let (code, stderr) = fail(&["--county", county.to_str().unwrap(), "--input", &sample(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("county.toml:5:"), "{stderr}");
    assert!(stderr.contains("40 to 65"), "{stderr}");
}

#[test]
fn missing_as_of_is_an_error() {
    let temp = TempDir::new().unwrap();
    let county = temp.path().join("county.toml");
    std::fs::write(&county, "name = \"SACRAMENTO\"\nadapter = \"ca-doj-research\"\n").unwrap();
    let out = temp.path().join("out");
    let (code, stderr) = fail(&["--county", county.to_str().unwrap(), "--input", &sample(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no as-of date"), "{stderr}");
}

#[test]
fn same_file_twice_is_rejected() {
    let temp = TempDir::new().unwrap();
    let out = temp.path().join("out");
    let input = sample();
    let (code, stderr) = fail(&["--county", "sacramento", "--input", &input, &input, "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("given twice"), "{stderr}");
}

#[test]
fn bad_as_of_argument_is_a_usage_error() {
    let temp = TempDir::new().unwrap();
    let out = temp.path().join("out");
    let (code, stderr) = fail(&["--county", "sacramento", "--input", &sample(), "--as-of", "11/11/2019", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--as-of"), "{stderr}");
}

#[test]
fn check_prints_resolved_policy() {
    let output = clearway().args(["check", "--county", "sacramento"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let resolved: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(resolved["name"], "SACRAMENTO");
    assert_eq!(resolved["adapter"]["name"], "ca-doj-research");
    assert_eq!(resolved["policy"]["additional_relief"]["age_at_least"], 57);
    assert_eq!(resolved["policy"]["dismiss"], serde_json::json!(["11357", "11358"]));
}

#[test]
fn rejected_adapter_options_name_the_county_file() {
    let temp = TempDir::new().unwrap();
    let county = temp.path().join("county.toml");
    std::fs::write(
        &county,
        "name = \"SACRAMENTO\"\nas_of = \"2019-11-11\"\n[adapter]\nbuiltin = \"ca-doj-research\"\n[adapter.options]\ncounty_code = \"34\"\n",
    )
    .unwrap();
    let out = temp.path().join("out");
    let (code, stderr) = fail(&["--county", county.to_str().unwrap(), "--input", &sample(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("county.toml: [adapter.options] rejected"), "{stderr}");
    assert!(stderr.contains("county_code"), "the adapter names the key: {stderr}");
    assert!(!out.exists(), "nothing is written when the options are rejected");
}
