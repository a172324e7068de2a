//! End-to-end runs of `clearway run` on DOJ research files.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::{fixture, number, run};

const OUTPUT_FILES: [&str; 4] = ["results.csv", "rejects.csv", "warnings.csv", "summary.json"];

/// Line numbers of the 18 Proposition 64 convictions in Sacramento in the sample file.
const SACRAMENTO_CONVICTION_ROWS: [u64; 18] = [7, 9, 11, 13, 16, 19, 21, 22, 25, 26, 27, 29, 30, 32, 33, 36, 37, 39];

#[test]
fn sacramento_sample_lists_all_convictions() {
    let input = fixture("gogen/configurable_flow.input.csv");
    let run = run(&["--county", "sacramento", "--as-of", "2019-11-11", "--input", input.to_str().unwrap()]);
    assert_eq!(run.code(), 0, "stderr: {}", run.stderr());

    let results = run.csv("results.csv");
    let mut rows: Vec<u64> = results.iter().map(|row| row["source_rows"].parse().expect("one row per count")).collect();
    rows.sort();
    assert_eq!(rows, SACRAMENTO_CONVICTION_ROWS);
    assert!(results.iter().all(|row| row["county"] == "SACRAMENTO"), "only Sacramento convictions are listed");
    for row in &results {
        for outcome in ["law_outcome", "policy_outcome"] {
            assert!(
                ["dismiss", "reduce", "not_eligible", "hand_review"].contains(&row[outcome].as_str()),
                "{outcome} is {:?}",
                row[outcome]
            );
        }
        assert!(!row["law_reason_code"].is_empty());
        assert!(!row["policy_reason_code"].is_empty());
        assert!(!row["citation"].is_empty());
    }

    let summary = run.summary();
    assert_eq!(number(&summary, &["rows", "read"]), 38);
    assert_eq!(number(&summary, &["rows", "used"]), 38);
    assert_eq!(number(&summary, &["rows", "rejected"]), 0);
    assert_eq!(summary["complete"], true);
    assert_eq!(summary["as_of"], "2019-11-11");
    let law_total: u64 = ["dismiss", "reduce", "not_eligible", "hand_review"]
        .iter()
        .map(|outcome| number(&summary, &["outcomes", "law", outcome]))
        .sum();
    assert_eq!(law_total, 18);
}

#[test]
fn results_header_has_the_documented_columns() {
    let input = fixture("gogen/configurable_flow.input.csv");
    let run = run(&["--county", "sacramento", "--input", input.to_str().unwrap()]);
    let text = String::from_utf8(run.bytes("results.csv")).unwrap();
    assert_eq!(
        text.lines().next().unwrap(),
        "subject_id,county,case_number,count_id,source_file,source_rows,statute_raw,statute,level,disposition,\
         disposition_date,law_outcome,law_reason_code,policy_outcome,policy_reason_code,reason,citation,flags"
    );
    let rejects = String::from_utf8(run.bytes("rejects.csv")).unwrap();
    assert_eq!(rejects.lines().next().unwrap(), "source_file,source_row,code,field,message");
}

#[test]
fn outputs_are_owner_only_and_complete() {
    let input = fixture("gogen/configurable_flow.input.csv");
    let run = run(&["--county", "sacramento", "--input", input.to_str().unwrap()]);
    for name in OUTPUT_FILES {
        let mode = std::fs::metadata(run.file(name)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{name} has mode {:o}", mode & 0o777);
    }
    let leftovers: Vec<_> = std::fs::read_dir(&run.out)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn same_input_gives_identical_outputs() {
    let input = fixture("gogen/configurable_flow.input.csv");
    let args = ["--county", "sacramento", "--input", input.to_str().unwrap()];
    let first = run(&args);
    let second = run(&args);
    for name in OUTPUT_FILES {
        assert_eq!(first.bytes(name), second.bytes(name), "{name} differs between two runs");
    }
}

#[test]
fn chunk_size_does_not_change_outputs() {
    let input = fixture("gogen/configurable_flow.input.csv");
    let whole = run(&["--county", "sacramento", "--input", input.to_str().unwrap()]);
    let small = run(&["--county", "sacramento", "--input", input.to_str().unwrap(), "--chunk-size", "7"]);
    for name in OUTPUT_FILES {
        assert_eq!(whole.bytes(name), small.bytes(name), "{name} differs with 7-byte chunks");
    }
}

#[test]
fn bad_file_rejects_every_data_line() {
    let input = fixture("gogen/bad.csv");
    let run = run(&["--county", "sacramento", "--input", input.to_str().unwrap()]);
    assert_eq!(run.code(), 3, "exit code 3 means rows were rejected; stderr: {}", run.stderr());

    let lines = std::fs::read_to_string(&input).unwrap().lines().count() as u64;
    let rejects = run.csv("rejects.csv");
    let mut rejected_rows: Vec<u64> = rejects.iter().map(|row| row["source_row"].parse().unwrap()).collect();
    rejected_rows.dedup();
    assert_eq!(rejected_rows, (2..=lines).collect::<Vec<_>>(), "every data line, by its own line number");
    assert!(rejects.iter().all(|row| !row["code"].is_empty() && !row["message"].is_empty()));

    let summary = run.summary();
    let read = number(&summary, &["rows", "read"]);
    assert_eq!(read, lines - 1);
    assert_eq!(number(&summary, &["rows", "rejected"]), read);
    assert_eq!(number(&summary, &["rows", "used"]), 0);
    assert!(run.csv("results.csv").is_empty());
    let warning = summary["files"][0]["warning"].as_str().expect("a file-level warning");
    assert!(warning.contains("none of the input's 37 rows could be used"), "{warning}");
}

#[test]
fn pilots_bad_file_loses_nothing() {
    let input = fixture("gogen_pilots/bad.csv");
    let run = run(&["--county", "sacramento", "--input", input.to_str().unwrap()]);
    assert_eq!(run.code(), 3, "stderr: {}", run.stderr());
    let summary = run.summary();
    let read = number(&summary, &["rows", "read"]);
    let used = number(&summary, &["rows", "used"]);
    let rejected = number(&summary, &["rows", "rejected"]);
    assert_eq!(read, used + rejected);
    let lines = std::fs::read_to_string(&input).unwrap().lines().count() as u64;
    assert_eq!(read, lines, "the header without RECORD_ID is a data line, and is rejected");
}

#[test]
fn every_peer_fixture_accounts_for_its_rows() {
    let cases = [
        ("gogen/no_headers.csv", "san-joaquin", 38),
        ("gogen_pilots/no_headers.csv", "san-joaquin", 38),
        ("gogen/extra_comma.csv", "san-joaquin", 38),
        ("gogen_pilots/extra_comma.csv", "san-joaquin", 38),
        ("gogen_pilots/los_angeles.input.csv", "los-angeles", 35),
        ("gogen/generated/san_joaquin_sample.csv", "san-joaquin", 1000),
        ("gogen/generated/los_angeles_sample.csv", "los-angeles", 1000),
    ];
    for (file, county, rows) in cases {
        let input = fixture(file);
        let run = run(&["--county", county, "--input", input.to_str().unwrap()]);
        assert!([0, 3].contains(&run.code()), "{file}: exit {}; stderr: {}", run.code(), run.stderr());
        let summary = run.summary();
        let read = number(&summary, &["rows", "read"]);
        assert_eq!(read, rows, "{file}: rows read");
        assert_eq!(
            read,
            number(&summary, &["rows", "used"]) + number(&summary, &["rows", "rejected"]),
            "{file}: read = used + rejected"
        );
        assert_eq!(summary["complete"], true, "{file}");
        assert_eq!(run.code() == 3, number(&summary, &["rows", "rejected"]) > 0, "{file}: exit code matches rejects");
    }
}

#[test]
fn los_angeles_lists_only_its_own_convictions() {
    let input = fixture("gogen_pilots/los_angeles.input.csv");
    let run = run(&["--county", "los-angeles", "--as-of", "2019-11-11", "--input", input.to_str().unwrap()]);
    assert_eq!(run.code(), 0, "stderr: {}", run.stderr());
    let results = run.csv("results.csv");
    assert!(results.iter().all(|row| row["county"] == "LOS ANGELES"));

    // 16 counts whose offense field contains a Proposition 64 section, plus line 31, whose
    // offense field says PC 466 while its comment says 11358: two fields disagree about a
    // marijuana section, which goes to hand review rather than being dropped.
    assert_eq!(results.len(), 17);
    let disagreement = results.iter().find(|row| row["source_rows"] == "31").expect("line 31 is listed");
    assert_eq!(disagreement["law_outcome"], "hand_review");
    assert_eq!(disagreement["law_reason_code"], "FIELDS_DISAGREE");
}

#[test]
fn provenance_names_adapter_inputs_and_config() {
    let input = fixture("gogen/configurable_flow.input.csv");
    let run = run(&["--county", "sacramento", "--input", input.to_str().unwrap()]);
    let summary = run.summary();
    let provenance = &summary["provenance"];
    assert_eq!(provenance["adapter"]["name"], "ca-doj-research");
    assert_eq!(provenance["adapter"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(provenance["config"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(provenance["inputs"][0]["path"], input.to_str().unwrap());
    let expected = {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(std::fs::read(&input).unwrap());
        digest.iter().map(|byte| format!("{byte:02x}")).collect::<String>()
    };
    assert_eq!(provenance["inputs"][0]["sha256"], expected.as_str());
    assert_eq!(provenance["as_of"], "2019-11-11");
    assert_eq!(provenance["program_version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn two_inputs_are_both_counted() {
    let first = fixture("gogen/configurable_flow.input.csv");
    let second = fixture("gogen/bad.csv");
    let run = run(&["--county", "sacramento", "--input", first.to_str().unwrap(), second.to_str().unwrap()]);
    assert_eq!(run.code(), 3);
    let summary = run.summary();
    assert_eq!(summary["files"].as_array().unwrap().len(), 2);
    assert_eq!(number(&summary, &["rows", "read"]), 38 + 37);
    assert_eq!(run.csv("results.csv").len(), 18);
}

/// gogen's own options on this file dismiss all 18 convictions but one (line 26, reduced).
/// Clearway departs from it on three lines, each for a rule gogen does not apply.
#[test]
fn sacramento_departures_from_gogen() {
    let input = fixture("gogen/configurable_flow.input.csv");
    let run = run(&["--county", "sacramento", "--as-of", "2019-11-11", "--input", input.to_str().unwrap()]);
    let results = run.csv("results.csv");
    let by_row = |row: &str| results.iter().find(|r| r["source_rows"] == row).unwrap_or_else(|| panic!("line {row}"));

    // (line, policy outcome, reason code, the rule, with its citation)
    let departures = [
        ("11", "hand_review", "REGISTRATION_WITHOUT_CONVICTION", "PC 290 registration with no registrable conviction: H&S 11359(c)(1)"),
        ("21", "hand_review", "OFFENSE_DATE_UNKNOWN", "disposition after 2016-11-09, offense date unknown: H&S 11361.8(a)"),
        ("39", "hand_review", "OFFENSE_DATE_UNKNOWN", "disposition after 2016-11-09, offense date unknown: H&S 11361.8(a)"),
    ];
    for (line, outcome, code, rule) in departures {
        let row = by_row(line);
        assert_eq!(row["policy_outcome"], outcome, "line {line}: {rule}");
        assert_eq!(row["policy_reason_code"], code, "line {line}: {rule}");
    }

    let agreeing: Vec<&str> = SACRAMENTO_CONVICTION_ROWS
        .iter()
        .map(|row| row.to_string())
        .filter(|row| !["11", "21", "39"].contains(&row.as_str()))
        .map(|row| by_row(&row)["policy_outcome"].as_str())
        .collect();
    assert_eq!(agreeing.iter().filter(|outcome| **outcome == "dismiss").count(), 14);
    assert_eq!(by_row("26")["policy_outcome"], "reduce", "line 26: 11359 in the reduce list, no relief option fires");
}

#[test]
fn cut_off_doj_file_is_not_complete() {
    let temp = tempfile::TempDir::new().unwrap();
    let sample = std::fs::read(fixture("gogen/configurable_flow.input.csv")).unwrap();
    let input = temp.path().join("cut.csv");
    std::fs::write(&input, &sample[..sample.len() - 100]).unwrap();

    let run = run(&["--county", "sacramento", "--input", input.to_str().unwrap()]);
    assert_eq!(run.code(), 4, "a cut file is reported as incomplete; stderr: {}", run.stderr());
    let summary = run.summary();
    assert_eq!(summary["complete"], false);
    assert!(summary["files"][0]["error"].as_str().unwrap().contains("row 39"), "{summary:#}");
    assert_eq!(number(&summary, &["rows", "read"]), 38);
    assert_eq!(number(&summary, &["rows", "rejected"]), 1);
}
