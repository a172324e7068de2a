//! `clearway records` writes the adapter's normalized records, one person per line.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::{clearway, fixture};

#[test]
fn records_lists_every_person_and_row() {
    let temp = tempfile::TempDir::new().unwrap();
    let out = temp.path().join("records.jsonl");
    let input = fixture("gogen/configurable_flow.input.csv");
    let output = clearway()
        .args(["records", "--county", "sacramento", "--input", input.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));

    let text = std::fs::read_to_string(&out).unwrap();
    let people: Vec<serde_json::Value> = text.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(people.len(), 13);

    let mut rows: Vec<u64> = people
        .iter()
        .flat_map(|person| person["charges"].as_array().unwrap())
        .flat_map(|charge| charge["source"]["rows"].as_array().unwrap())
        .map(|row| row.as_u64().unwrap())
        .collect();
    rows.sort();
    assert_eq!(rows, (2..=39).collect::<Vec<u64>>(), "every data line appears once");

    let first = &people[0];
    assert_eq!(first["id"], "18675309");
    assert_eq!(first["date_of_birth"]["year"], 1960);
    assert_eq!(first["charges"][0]["step"], "arrest");

    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}
