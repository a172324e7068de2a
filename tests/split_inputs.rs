//! Inputs that break the DOJ file's promise that each person's rows are together: a person
//! split across two files or across one file, the same file under two names, an empty file,
//! and an input inside the output folder.

mod common;

use std::path::{Path, PathBuf};

use common::{clearway, fixture};
use tempfile::TempDir;

/// A county whose only relief beyond the statute is "only Proposition 64 convictions", so a
/// person's other convictions, wherever they are in the input, change the outcome.
const ONLY_PROP64_COUNTY: &str = "name = \"SACRAMENTO\"\nadapter = \"ca-doj-research\"\nas_of = \"2019-11-11\"\n\
[policy]\nreduce = [\"11359\"]\n[policy.additional_relief]\nonly_prop64_convictions = true\n";

const PERSON: &str = "43322421";

struct Files {
    temp: TempDir,
    header: String,
    person_rows: Vec<String>,
    /// A VC 503 felony conviction of the same person, made from another person's row.
    other_conviction: String,
    someone_else: Vec<String>,
}

impl Files {
    fn new() -> Files {
        let text = std::fs::read_to_string(fixture("gogen/configurable_flow.input.csv")).unwrap();
        let mut lines = text.lines();
        let header = lines.next().unwrap().to_string();
        let rows: Vec<&str> = lines.collect();
        let id = |line: &str| line.split(',').nth(2).unwrap().to_string();
        let person_rows = rows.iter().filter(|line| id(line) == PERSON).map(|line| line.to_string()).collect();
        // Line 3 is subject 18675309's VC 503 conviction.
        let other_conviction = rows[1].replacen("18675309", PERSON, 1);
        let someone_else = rows.iter().filter(|line| id(line) == "95875321").map(|line| line.to_string()).collect();
        let files = Files { temp: TempDir::new().unwrap(), header, person_rows, other_conviction, someone_else };
        std::fs::write(files.path("county.toml"), ONLY_PROP64_COUNTY).unwrap();
        files
    }

    fn path(&self, name: &str) -> PathBuf {
        self.temp.path().join(name)
    }

    fn write(&self, name: &str, rows: &[&String]) -> PathBuf {
        let mut text = self.header.clone() + "\n";
        for row in rows {
            text.push_str(row);
            text.push('\n');
        }
        std::fs::write(self.path(name), text).unwrap();
        self.path(name)
    }

    fn run(&self, inputs: &[&Path], out: &str) -> (i32, String, PathBuf) {
        let out = self.path(out);
        let mut command = clearway();
        command.args(["run", "--quiet", "--county"]).arg(self.path("county.toml")).arg("--out").arg(&out).arg("--input");
        command.args(inputs);
        let output = command.output().unwrap();
        (output.status.code().unwrap(), String::from_utf8_lossy(&output.stderr).into_owned(), out)
    }
}

/// Returns (policy outcome, policy reason code) of every results row, in order.
fn outcomes(out: &Path) -> Vec<(String, String)> {
    let mut reader = csv::Reader::from_path(out.join("results.csv")).unwrap();
    reader
        .deserialize::<std::collections::HashMap<String, String>>()
        .map(|row| {
            let row = row.unwrap();
            (row["policy_outcome"].clone(), row["policy_reason_code"].clone())
        })
        .collect()
}

fn people(out: &Path) -> u64 {
    let summary: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    summary["people"]["subjects"].as_u64().unwrap()
}

#[test]
fn person_split_across_files_is_judged_whole() {
    let files = Files::new();
    let mut together: Vec<&String> = vec![&files.other_conviction];
    together.extend(files.person_rows.iter());
    let combined = files.write("combined.csv", &together);
    let first = files.write("first.csv", &[&files.other_conviction]);
    let rest: Vec<&String> = files.person_rows.iter().collect();
    let second = files.write("second.csv", &rest);

    let (code, stderr, whole) = files.run(&[&combined], "whole");
    assert_eq!(code, 0, "{stderr}");
    let (code, stderr, split) = files.run(&[&first, &second], "split");
    assert_eq!(code, 0, "{stderr}");

    let expected = vec![("reduce".to_string(), "POSSESSION_FOR_SALE_FELONY_REDUCED".to_string())];
    assert_eq!(outcomes(&whole), expected, "the VC 503 conviction rules out only-Proposition-64 relief");
    assert_eq!(outcomes(&split), expected, "the same person split across two files");
    assert_eq!(people(&split), 1, "the person is counted once");
}

#[test]
fn person_split_within_file_is_judged_whole() {
    let files = Files::new();
    let mut rows: Vec<&String> = vec![&files.other_conviction];
    rows.extend(files.someone_else.iter());
    rows.extend(files.person_rows.iter());
    let input = files.write("interleaved.csv", &rows);

    let (code, stderr, out) = files.run(&[&input], "out");
    assert_eq!(code, 0, "{stderr}");
    let person: Vec<(String, String)> = outcomes(&out).into_iter().filter(|(_, code)| code.contains("POSSESSION_FOR_SALE")).collect();
    assert_eq!(person, vec![("reduce".to_string(), "POSSESSION_FOR_SALE_FELONY_REDUCED".to_string())]);
    assert_eq!(people(&out), 2);
}

#[test]
fn same_content_under_two_names_is_rejected() {
    let files = Files::new();
    let rows: Vec<&String> = files.person_rows.iter().collect();
    let first = files.write("a.csv", &rows);
    let copy = files.write("b.csv", &rows);
    let (code, stderr, out) = files.run(&[&first, &copy], "out");
    assert_eq!(code, 1);
    assert!(stderr.contains("has the same content as"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn empty_input_is_incomplete() {
    let files = Files::new();
    std::fs::write(files.path("empty.csv"), b"").unwrap();
    let (code, stderr, out) = files.run(&[&files.path("empty.csv")], "out");
    assert_eq!(code, 4, "{stderr}");
    let summary: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["complete"], false);
    assert!(summary["files"][0]["error"].as_str().unwrap().contains("no data rows"));
}

#[test]
fn input_inside_output_folder_is_protected() {
    let files = Files::new();
    std::fs::create_dir(files.path("io")).unwrap();
    let rows: Vec<&String> = files.person_rows.iter().collect();
    let input = files.write("io/results.csv", &rows);
    let before = std::fs::read(&input).unwrap();
    let (code, stderr, _) = files.run(&[&input], "io");
    assert_eq!(code, 1);
    assert!(stderr.contains("would be overwritten"), "{stderr}");
    assert_eq!(std::fs::read(&input).unwrap(), before, "the input is untouched");
}
