//! The county file reference in `docs/county-config.md` lists exactly the keys the
//! configuration reader accepts, table by table.

use std::collections::BTreeSet;
use std::path::Path;

use clearway_core::config::CountyConfig;

/// Keys the reader accepts in one table, taken from its unknown-key error message.
fn accepted_keys(toml_with_unknown_key: &str) -> BTreeSet<String> {
    let error = CountyConfig::parse(Path::new("probe.toml"), toml_with_unknown_key, &["ca-doj-research"])
        .expect_err("an unknown key is an error");
    let message = error.message;
    // serde writes "expected `a`", "expected `a` or `b`" or "expected one of `a`, `b`, `c`".
    let (_, list) = message.split_once("expected").unwrap_or_else(|| panic!("no key list in: {message}"));
    let list = list.trim_start().trim_start_matches("one of");
    list.split([',', ' '])
        .map(|key| key.trim().trim_matches('`'))
        .filter(|key| !key.is_empty() && *key != "or")
        .map(str::to_string)
        .collect()
}

/// Keys in the first column of the tables under the heading that starts with `heading`.
fn documented_keys(heading: &str) -> BTreeSet<String> {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/county-config.md"))
        .expect("reading docs/county-config.md");
    let section = doc
        .split("\n## ")
        .find(|section| section.starts_with(heading))
        .unwrap_or_else(|| panic!("no section {heading:?}"));
    section
        .lines()
        .filter(|line| line.starts_with("| `"))
        .map(|line| line.split('`').nth(1).unwrap().to_string())
        .collect()
}

fn set(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|key| key.to_string()).collect()
}

#[test]
fn top_level_keys_match() {
    let accepted = accepted_keys("zzz = 1\n");
    assert_eq!(documented_keys("Top level"), accepted.iter().filter(|k| !["policy", "limits"].contains(&k.as_str())).cloned().collect());
    assert_eq!(accepted, set(&["name", "adapter", "as_of", "policy", "limits"]));
}

#[test]
fn adapter_table_keys_match() {
    let accepted = accepted_keys("name = \"X\"\n[adapter]\nzzz = 1\n");
    assert_eq!(documented_keys("`adapter` as a table"), accepted);
}

#[test]
fn policy_keys_match() {
    let accepted = accepted_keys("name = \"X\"\nadapter = \"ca-doj-research\"\n[policy]\nzzz = 1\n");
    let documented = documented_keys("`[policy]`");
    let without_subtable: BTreeSet<String> = accepted.iter().filter(|k| *k != "additional_relief").cloned().collect();
    assert_eq!(documented, without_subtable);
}

#[test]
fn additional_relief_keys_match() {
    let accepted = accepted_keys("name = \"X\"\nadapter = \"ca-doj-research\"\n[policy.additional_relief]\nzzz = 1\n");
    assert_eq!(documented_keys("`[policy.additional_relief]`"), accepted);
}

#[test]
fn limits_keys_match() {
    let accepted = accepted_keys("name = \"X\"\nadapter = \"ca-doj-research\"\n[limits]\nzzz = 1\n");
    assert_eq!(documented_keys("`[limits]`"), accepted);
}
