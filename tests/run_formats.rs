//! End-to-end runs of `clearway run` on the hand-written fixtures of every county format
//! other than the DOJ file, through each format's built-in county file.

mod common;

use common::{number, root, run};

/// (county, fixture under adapters/, expected exit code, rows read, rows rejected, complete)
const CASES: &[(&str, &str, i32, u64, u64, bool)] = &[
    ("san-francisco", "court-cms-tilde/tests/fixtures/sample.txt", 0, 9, 0, true),
    ("san-francisco", "court-cms-tilde/tests/fixtures/faults.txt", 3, 8, 5, true),
    ("alameda", "odyssey-json/tests/fixtures/cases.jsonl", 0, 5, 0, true),
    // The last line has no line end and is rejected, which is how a file cut off in
    // transfer looks, so the input is not complete.
    ("alameda", "odyssey-json/tests/fixtures/faults.jsonl", 4, 9, 5, false),
    ("fresno", "legacy-fixed-width/tests/fixtures/valid.txt", 0, 17, 0, true),
    ("fresno", "legacy-fixed-width/tests/fixtures/faults.txt", 3, 27, 21, true),
    ("fresno", "legacy-fixed-width/tests/fixtures/truncated.txt", 4, 4, 0, false),
];

#[test]
fn every_format_runs_and_accounts_for_rows() {
    for (county, fixture, code, read, rejected, complete) in CASES {
        let input = root().join("adapters").join(fixture);
        let run = run(&["--county", county, "--input", input.to_str().unwrap()]);
        assert_eq!(run.code(), *code, "{fixture}: stderr: {}", run.stderr());

        let summary = run.summary();
        assert_eq!(number(&summary, &["rows", "read"]), *read, "{fixture}: rows read");
        assert_eq!(number(&summary, &["rows", "rejected"]), *rejected, "{fixture}: rows rejected");
        assert_eq!(
            number(&summary, &["rows", "used"]) + rejected,
            *read,
            "{fixture}: read = used + rejected"
        );
        assert_eq!(summary["complete"], *complete, "{fixture}: complete");
        assert!(run.csv("rejects.csv").len() as u64 >= *rejected, "{fixture}: every rejected row is listed");
        assert!(!run.csv("results.csv").is_empty(), "{fixture}: some conviction is in scope");
    }
}

#[test]
fn unmapped_codes_are_counted_with_an_example() {
    let input = root().join("adapters/court-cms-tilde/tests/fixtures/sample.txt");
    let court = run(&["--county", "san-francisco", "--input", input.to_str().unwrap()]);
    let summary = court.summary();
    let code = &summary["unmapped_codes"]["dispositions"]["999"];
    assert_eq!(code["count"], 1, "{summary:#}");
    assert_eq!(code["example_row"], 7);

    let input = root().join("adapters/odyssey-json/tests/fixtures/cases.jsonl");
    let register = run(&["--county", "alameda", "--input", input.to_str().unwrap()]);
    let summary = register.summary();
    assert_eq!(summary["unmapped_codes"]["degrees"]["FX"]["count"], 1, "{summary:#}");
    assert_eq!(summary["unmapped_codes"]["dispositions"]["XFER"]["count"], 1, "{summary:#}");
}

#[test]
fn too_many_unmapped_codes_fail_the_run() {
    let temp = tempfile::TempDir::new().unwrap();
    let county = temp.path().join("strict.toml");
    let mut text = std::fs::read_to_string(root().join("config/counties/san-francisco.toml")).unwrap();
    text.push_str("\n[limits]\nmax_unmapped_codes = 0\n");
    std::fs::write(&county, text).unwrap();

    let input = root().join("adapters/court-cms-tilde/tests/fixtures/sample.txt");
    let run = run(&["--county", county.to_str().unwrap(), "--input", input.to_str().unwrap()]);
    assert_eq!(run.code(), 5, "stderr: {}", run.stderr());
    assert!(run.stderr().contains("limits.max_unmapped_codes"), "{}", run.stderr());
    assert!(run.file("summary.json").exists(), "the outputs are still written");
}

#[test]
fn truncated_fixed_width_file_is_not_complete() {
    let input = root().join("adapters/legacy-fixed-width/tests/fixtures/truncated.txt");
    let run = run(&["--county", "fresno", "--input", input.to_str().unwrap()]);
    assert_eq!(run.code(), 4);
    let summary = run.summary();
    let error = summary["files"][0]["error"].as_str().unwrap();
    assert!(error.contains("trailer") || error.contains("truncated"), "{error}");
    assert!(run.stdout().is_empty() || run.stdout().contains("incomplete"), "{}", run.stdout());
}

#[test]
fn cut_off_file_is_not_complete() {
    let temp = tempfile::TempDir::new().unwrap();
    let sample = std::fs::read(root().join("adapters/court-cms-tilde/tests/fixtures/sample.txt")).unwrap();
    // Cut the file in the middle of its last row, as an interrupted transfer would.
    let cut = &sample[..sample.len() - 20];
    let input = temp.path().join("cut.txt");
    std::fs::write(&input, cut).unwrap();

    let run = run(&["--county", "san-francisco", "--input", input.to_str().unwrap()]);
    assert_eq!(run.code(), 4, "stderr: {}", run.stderr());
    let summary = run.summary();
    assert_eq!(summary["complete"], false);
    let error = summary["files"][0]["error"].as_str().unwrap();
    assert!(error.contains("probably cut off"), "{error}");
    assert_eq!(
        number(&summary, &["rows", "read"]),
        number(&summary, &["rows", "used"]) + number(&summary, &["rows", "rejected"]),
        "every row is still accounted for"
    );
}
