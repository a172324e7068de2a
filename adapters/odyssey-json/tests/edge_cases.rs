//! The adapter on small generated inputs, one framing or option case each.

mod common;

use clearway_adapter_odyssey_json::OdysseyJson;
use clearway_sdk::{Adapter, OpenSettings};
use common::*;

/// Returns one valid case line of an invented person, without a line end.
fn case_line(case_number: &str) -> String {
    format!(
        r#"{{"CaseNumber":"{case_number}","County":"ALAMEDA","Party":{{"PartyId":"P92000001","DateOfBirth":"09/09/1989"}},"Charges":[{{"ChargeNumber":"01","Statute":"HS 11357"}}]}}"#
    )
}

fn options_with_limit(bytes: usize) -> String {
    let options = alameda_options();
    let inner = options.strip_suffix('}').unwrap();
    format!("{inner},\"max_line_bytes\":{bytes}}}")
}

#[test]
fn long_line_rejected_alone() {
    let long = format!(r#"{{"CaseNumber":"{}"}}"#, "9".repeat(3000));
    let input = format!("{}\n{long}\n{}\n", case_line("A1"), case_line("A3"));
    let options = options_with_limit(2048);
    let output = parse_with(&options, input.as_bytes(), MIB);
    assert_rows(&output, 3, 1);
    let error = &output.errors()[0];
    assert_eq!((error.row, error.code.as_str()), (2, "line-too-long"));
    assert!(error.message.contains("2048 bytes"), "{}", error.message);
    assert_eq!(output.charge("A3", "01").rows, vec![3]);
    assert_chunk_invariant(&options, input.as_bytes());
}

#[test]
fn long_last_line_without_end() {
    let input = format!("{}\n{}", case_line("B1"), "x".repeat(5000));
    let options = options_with_limit(2048);
    let output = parse_with(&options, input.as_bytes(), MIB);
    assert_rows(&output, 2, 1);
    assert_eq!(output.errors()[0].row, 2);
    assert_chunk_invariant(&options, input.as_bytes());
}

#[test]
fn line_at_limit_is_read() {
    let line = case_line("C1");
    let input = format!("{line}\n");
    let output = parse_with(&options_with_limit(line.len().max(1024)), input.as_bytes(), 1);
    assert_rows(&output, 1, 0);
}

#[test]
fn invalid_utf8_rejects_line() {
    let mut input = format!("{}\n", case_line("D1")).into_bytes();
    let mut bad = case_line("D2").into_bytes();
    bad[20] = 0xFF;
    input.extend_from_slice(&bad);
    input.push(b'\n');
    input.extend_from_slice(format!("{}\n", case_line("D3")).as_bytes());
    let output = parse(&input);
    assert_rows(&output, 3, 1);
    let error = &output.errors()[0];
    assert_eq!((error.row, error.code.as_str()), (2, "invalid-utf8"));
    assert_eq!(error.message, "the line is not valid UTF-8 at byte 21");
    assert_chunk_invariant(&alameda_options(), &input);
}

#[test]
fn bom_crlf_and_blank_lines() {
    let mut input = b"\xEF\xBB\xBF".to_vec();
    input.extend_from_slice(format!("{}\r\n\r\n  \t\n{}", case_line("E1"), case_line("E4")).as_bytes());
    let output = parse(&input);
    assert!(output.diagnostics.is_empty(), "{:?}", output.diagnostics);
    assert_rows(&output, 2, 0);
    assert_eq!(output.charge("E1", "01").rows, vec![1]);
    assert_eq!(output.charge("E4", "01").rows, vec![4]);
    assert_chunk_invariant(&alameda_options(), &input);
}

#[test]
fn empty_input_has_no_rows() {
    let output = parse(b"");
    assert_rows(&output, 0, 0);
    assert!(output.subjects.is_empty());
}

#[test]
fn case_without_charges_warns() {
    let input = r#"{"CaseNumber":"F1","Party":{"PartyId":"P92000002"},"Charges":[]}"#;
    let output = parse(input.as_bytes());
    assert_rows(&output, 1, 0);
    assert_eq!(output.warnings()[0].code, "no-charges");
    assert_eq!(output.subjects.len(), 1);
    assert!(output.subjects[0].charges.is_empty());
}

#[test]
fn deleted_event_contents_not_checked() {
    let input = r#"{"CaseNumber":"G1","Party":{"PartyId":"P92000003"},"Charges":[{"ChargeNumber":"01"}],"Events":[{"Type":"CriminalDispositionEvent","IsDeleted":true,"Dispositions":"garbled"},{"IsDeleted":true}]}"#;
    let output = parse(input.as_bytes());
    assert!(output.diagnostics.is_empty(), "{:?}", output.diagnostics);
    assert_eq!(output.charge("G1", "01").disposition, clearway_sdk::Disposition::Pending);
}

#[test]
fn wrong_types_reject_line() {
    let cases = [
        (r#"{"CaseNumber":"H1","Party":{"PartyId":"P1"},"Charges":{}}"#, "Charges"),
        (r#"{"CaseNumber":"H1","Party":"P1","Charges":[]}"#, "Party"),
        (r#"{"CaseNumber":"H1","Party":{"PartyId":"P1"},"Charges":[],"Events":[{"Type":"SentenceEvent","Sequence":"2","Date":"01/01/2001","Sentences":[]}]}"#, "Events[0].Sequence"),
        (r#"{"CaseNumber":"H1","Party":{"PartyId":"P1"},"Charges":[],"Events":[{"Type":"X","IsDeleted":"no"}]}"#, "Events[0].IsDeleted"),
        (r#"{"CaseNumber":"H1","Party":{"PartyId":"P1"},"Charges":["01"]}"#, "Charges[0]"),
        (r#"{"CaseNumber":"H1","Party":{"PartyId":"P1","DateOfBirth":19700101},"Charges":[]}"#, "Party.DateOfBirth"),
    ];
    for (line, field) in cases {
        let output = parse(line.as_bytes());
        assert_rows(&output, 1, 1);
        let error = &output.errors()[0];
        assert_eq!(error.code, "invalid-type", "{line}");
        assert_eq!(error.field.as_deref(), Some(field), "{line}");
    }
}

#[test]
fn missing_required_fields() {
    let cases = [
        (r#"{"Party":{"PartyId":"P1"},"Charges":[]}"#, "CaseNumber"),
        (r#"{"CaseNumber":"  ","Party":{"PartyId":"P1"},"Charges":[]}"#, "CaseNumber"),
        (r#"{"CaseNumber":"J1","Charges":[]}"#, "Party"),
        (r#"{"CaseNumber":"J1","Party":{"PartyId":null},"Charges":[]}"#, "Party.PartyId"),
        (r#"{"CaseNumber":"J1","Party":{"PartyId":"P1"}}"#, "Charges"),
        (r#"{"CaseNumber":"J1","Party":{"PartyId":"P1"},"Charges":[{"Statute":"HS 11357"}]}"#, "Charges[0].ChargeNumber"),
        (r#"{"CaseNumber":"J1","Party":{"PartyId":"P1"},"Charges":[],"Events":[{"Type":"CriminalDispositionEvent","Date":"01/01/2001"}]}"#, "Events[0].Dispositions"),
        (r#"{"CaseNumber":"J1","Party":{"PartyId":"P1"},"Charges":[],"Events":[{"Type":"SentenceEvent","Date":"01/01/2001","Sentences":[{"Components":[]}]}]}"#, "Events[0].Sentences[0].ChargeNumber"),
    ];
    for (line, field) in cases {
        let output = parse(line.as_bytes());
        assert_rows(&output, 1, 1);
        let error = &output.errors()[0];
        assert_eq!(error.code, "missing-field", "{line}");
        assert_eq!(error.field.as_deref(), Some(field), "{line}");
    }
}

#[test]
fn later_sentence_event_replaces_earlier() {
    let input = r#"{"CaseNumber":"K1","Party":{"PartyId":"P92000004"},"Charges":[{"ChargeNumber":"01"}],"Events":[{"Type":"SentenceEvent","Date":"02/02/2002","Sequence":2,"Sentences":[{"ChargeNumber":"01","Components":[{"Type":"JAIL","Duration":{"Value":30,"Unit":"Days"}}]}]},{"Type":"SentenceEvent","Date":"01/01/2002","Sequence":1,"Sentences":[{"ChargeNumber":"01","Components":[{"Type":"PROBATION","Duration":{"Value":3,"Unit":"Years"}}]}]}]}"#;
    let output = parse(input.as_bytes());
    let sentence = &output.charge("K1", "01").sentence;
    assert_eq!(sentence.len(), 1);
    assert_eq!(sentence[0].raw, "JAIL 30 Days");
}

#[test]
fn undated_disposition_applies_first() {
    let input = r#"{"CaseNumber":"L1","Party":{"PartyId":"P92000005"},"Charges":[{"ChargeNumber":"01"}],"Events":[{"Type":"CriminalDispositionEvent","Date":"03/03/2003","Sequence":1,"Dispositions":[{"ChargeNumber":"01","Word":"DISM"}]},{"Type":"CriminalDispositionEvent","Sequence":9,"Dispositions":[{"ChargeNumber":"01","Word":"CONV"}]}]}"#;
    let output = parse(input.as_bytes());
    let charge = output.charge("L1", "01");
    assert_eq!(charge.disposition, clearway_sdk::Disposition::Dismissed);
    assert_eq!(output.warnings()[0].code, "missing-value");
    assert_eq!(output.warnings()[0].field.as_deref(), Some("Events[1].Date"));
}

#[test]
fn options_errors_name_key() {
    let open = |options: &str| OdysseyJson::open(&OpenSettings::new(options, (2020, 7, 1))).err();
    let message = open("{}").expect("empty options are rejected");
    assert!(message.contains("missing key degrees"), "{message}");
    let message = open(r#"{"degrees":{},"dispositions":{},"encoding":"latin1"}"#).unwrap();
    assert!(message.contains("unknown key \"encoding\""), "{message}");
    let message = open("[]").unwrap();
    assert!(message.contains("expected a table"), "{message}");
    assert!(open(&alameda_options()).is_none());
}

#[test]
fn feed_after_finish_fails() {
    use clearway_sdk::Parser;
    let mut parser = OdysseyJson::open(&OpenSettings::new(&alameda_options(), (2020, 7, 1))).unwrap();
    parser.finish().unwrap();
    assert!(parser.feed(b"{}").is_err());
}

#[test]
fn reduced_conviction_sets_level() {
    let options = r#"{"degrees":{"F":"felony"},"dispositions":{"CONV":"convicted","CM":"convicted-misdemeanor"}}"#;
    let input = r#"{"CaseNumber":"M1","Party":{"PartyId":"P92000006"},"Charges":[{"ChargeNumber":"01","Degree":{"Word":"F"}},{"ChargeNumber":"02","Degree":{"Word":"F"}}],"Events":[{"Type":"CriminalDispositionEvent","Date":"01/01/2010","Dispositions":[{"ChargeNumber":"01","Word":"CM"},{"ChargeNumber":"02","Word":"CM"}]},{"Type":"CriminalDispositionEvent","Date":"02/01/2010","Amended":true,"Dispositions":[{"ChargeNumber":"02","Word":"CONV"}]}]}"#;
    let output = parse_with(options, input.as_bytes(), MIB);
    let reduced = output.charge("M1", "01");
    assert_eq!(reduced.disposition, clearway_sdk::Disposition::Convicted);
    assert_eq!(reduced.level, clearway_sdk::Level::Misdemeanor);
    assert_eq!(reduced.level_field.as_deref(), Some("Events[0].Dispositions[0].Word"));
    let amended = output.charge("M1", "02");
    assert_eq!(amended.level, clearway_sdk::Level::Felony, "the amended disposition does not reduce");
    assert_eq!(amended.level_field.as_deref(), Some("Charges[1].Degree.Word"));
}

#[test]
fn date_forms() {
    let line = |birth: &str| {
        format!(r#"{{"CaseNumber":"N1","Party":{{"PartyId":"P92000007","DateOfBirth":"{birth}"}},"Charges":[{{"ChargeNumber":"01"}}]}}"#)
    };
    let birth = |value: &str| {
        let output = parse(line(value).as_bytes());
        let date = output.subjects[0].date_of_birth.as_ref().map(|date| (date.year, date.month, date.day));
        (date, output.warnings().iter().map(|warning| warning.code.clone()).collect::<Vec<_>>())
    };
    assert_eq!(birth("01/31/1970"), (Some((1970, Some(1), Some(31))), vec![]));
    assert_eq!(birth("1/3/1970"), (Some((1970, Some(1), Some(3))), vec![]));
    assert_eq!(birth("00/00/0000"), (None, vec![]));
    for invalid in ["1970-01-31", "01/31/70", "02/30/1970", "13/01/1970", "O1/31/1970", "01/31/1970 12:00"] {
        assert_eq!(birth(invalid), (None, vec!["invalid-date".to_string()]), "{invalid}");
    }
}
