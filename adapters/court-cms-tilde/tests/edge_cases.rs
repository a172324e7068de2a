//! The adapter on small inputs built in the test: the header, the options, and line limits.

mod common;

use clearway_adapter_court_cms_tilde::columns::{FIELD_COUNT, NAMES};
use clearway_sdk::Parser;
use common::*;

fn header() -> String {
    NAMES.join("~")
}

/// Builds one data row of an invented person with every field set to an ordinary value.
fn data_row() -> String {
    let mut fields = vec![""; FIELD_COUNT];
    let values = [
        (0, "00030001"),
        (1, "01"),
        (3, "VANTREE/ILSA"),
        (10, "M"),
        (11, "010218"),
        (12, "11357(C)HS"),
        (15, "110"),
        (17, "030518"),
        (23, "061090"),
        (24, "600001"),
        (29, "EOR"),
    ];
    for (column, value) in values {
        fields[column] = value;
    }
    fields.join("~")
}

fn input(lines: &[String]) -> Vec<u8> {
    let mut text = lines.join("\r\n");
    text.push_str("\r\n");
    text.into_bytes()
}

#[test]
fn header_case_and_padding_ignored() {
    let padded: Vec<String> = NAMES.iter().map(|name| format!("{:<20}", name.to_uppercase())).collect();
    let output = parse(&input(&[padded.join("~"), data_row()]));
    assert_rows_accounted(&output, 1);
}

#[test]
fn missing_header_makes_input_unusable() {
    let error = try_parse_in_chunks(&input(&[data_row(), data_row()]), MIB).unwrap_err();
    assert!(error.contains("column 1 is not `Court Number`"), "{error}");
    assert!(!error.contains("VANTREE"), "the error repeats the line: {error}");
}

#[test]
fn wrong_header_column_named() {
    let swapped = header().replace("SSN~DL Number", "DL Number~SSN");
    let error = try_parse_in_chunks(&input(&[swapped, data_row()]), 7).unwrap_err();
    assert!(error.contains("column 28 is not `SSN`"), "{error}");
}

#[test]
fn short_header_rejected() {
    let error = try_parse_in_chunks(&input(&["Court Number~Ind~EOR".to_string()]), MIB).unwrap_err();
    assert!(error.contains("it has 3"), "{error}");
}

#[test]
fn blank_lines_before_header_skipped() {
    let output = parse(&input(&[String::new(), "   ".into(), header(), data_row()]));
    assert_rows_accounted(&output, 1);
    assert_eq!(output.court_at(4).count_id, "00030001-01-1");
}

#[test]
fn empty_input_has_no_rows() {
    let output = parse(b"");
    assert_rows_accounted(&output, 0);
    let output = parse(&input(&[header()]));
    assert_rows_accounted(&output, 0);
}

#[test]
fn line_over_limit_rejected() {
    let long = format!("{}~EOR", "X".repeat(MIB + 10));
    let bytes = input(&[header(), data_row(), long, data_row()]);
    let output = parse_in_chunks(&bytes, 64 * 1024);
    assert_rows_accounted(&output, 3);
    assert_eq!(output.codes_at(3), ["row-too-long"]);
    assert_eq!(output.court_at(4).count_id, "00030001-01-2");
}

#[test]
fn windows_1252_letters_decoded() {
    let row = data_row().replace("VANTREE/ILSA", "NU\u{D1}EZ/JOS\u{C9}");
    let mut bytes = input(&[header()]);
    bytes.extend(row.replace('\u{D1}', "\u{1}").replace('\u{C9}', "\u{2}").bytes().map(|byte| match byte {
        1 => 0xD1,
        2 => 0xC9,
        other => other,
    }));
    let output = parse(&bytes);
    assert_eq!(output.subjects[0].name.as_deref(), Some("NU\u{D1}EZ, JOS\u{C9}"));
    assert!(output.diagnostics.is_empty(), "{:?}", output.diagnostics);
}

#[test]
fn feed_after_finish_fails() {
    let mut parser = open(OPTIONS).unwrap();
    parser.finish().unwrap();
    assert!(parser.feed(b"x").is_err());
}

#[test]
fn options_need_county() {
    let error = open(r#"{"dispositions": {"110": "convicted"}}"#).err().unwrap();
    assert!(error.contains("missing key county"), "{error}");
    let error = open(r#"{"county": "  ", "dispositions": {}}"#).err().unwrap();
    assert!(error.contains("invalid value for county"), "{error}");
    let error = open(r#"{"county": 5, "dispositions": {}}"#).err().unwrap();
    assert!(error.contains("expected a string"), "{error}");
}

#[test]
fn options_need_dispositions() {
    let error = open(r#"{"county": "SAN FRANCISCO"}"#).err().unwrap();
    assert!(error.contains("missing key dispositions"), "{error}");
}

#[test]
fn options_reject_bad_meaning() {
    let error = open(r#"{"county": "X", "dispositions": {"999": "guilty"}}"#).err().unwrap();
    assert!(error.contains(r#"dispositions."999""#), "{error}");
    assert!(error.contains("allowed values: convicted"), "{error}");
}

#[test]
fn options_reject_unknown_key() {
    let error = open(r#"{"county": "X", "dispositions": {}, "encoding": "latin1"}"#).err().unwrap();
    assert!(error.contains("unknown key \"encoding\""), "{error}");
    assert!(error.contains("allowed keys: county, dispositions"), "{error}");
}

#[test]
fn birth_uses_row_events() {
    // Born in 15, with the earliest event of the row in 2018: 2015 is less than 10 years
    // before it, so the birth is 1915.
    let row = data_row().replace("061090", "061015");
    let output = parse(&input(&[header(), row]));
    let birth = output.subjects[0].date_of_birth.expect("date of birth");
    assert_eq!((birth.year, birth.month, birth.day), (1915, Some(6), Some(10)));
}

#[test]
fn event_after_as_of_goes_back_a_century() {
    // As of 2024-07-01, a 1 August 24 charge date is 1924.
    let row = data_row().replace("010218", "080124");
    let output = parse(&input(&[header(), row]));
    let date = output.subjects[0].charges[0].cycle_date.expect("cycle date");
    assert_eq!(date.year, 1924);
}
