//! `clearway explain` on the sample file: one person, with facts and rules, and no one else.

mod common;

use common::{clearway, fixture};

fn explain(subject: &str) -> (i32, String, String) {
    let input = fixture("gogen/configurable_flow.input.csv");
    let output = clearway()
        .args(["explain", "--county", "sacramento", "--input", input.to_str().unwrap(), "--subject", subject])
        .output()
        .expect("running clearway explain");
    (
        output.status.code().unwrap(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn explain_shows_facts_and_rules() {
    let (code, stdout, stderr) = explain("95875321");
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Subject 95875321: 1 in-scope conviction"), "{stdout}");
    assert!(stdout.contains("statute: reduce (CULTIVATION_FELONY_REDUCED)"), "{stdout}");
    assert!(stdout.contains("policy:  dismiss"), "{stdout}");
    assert!(stdout.contains("row 30, OFFENSE_DESCR"), "each fact names its row and field: {stdout}");
    assert!(stdout.contains("PC 187"), "the same-case homicide is named as a fact: {stdout}");
    assert!(stdout.contains("- law:"), "rules for the statute: {stdout}");
    assert!(stdout.contains("- policy:"), "rules for the policy: {stdout}");
}

#[test]
fn explain_prints_no_other_person() {
    let (_, stdout, _) = explain("95875321");
    let input = std::fs::read_to_string(fixture("gogen/configurable_flow.input.csv")).unwrap();
    let others: Vec<&str> = input
        .lines()
        .skip(1)
        .map(|line| line.split(',').nth(2).unwrap())
        .filter(|id| *id != "95875321")
        .collect();
    for other in others {
        assert!(!stdout.contains(other), "output mentions subject {other}: {stdout}");
    }
}

#[test]
fn explain_unknown_subject_fails() {
    let (code, _, stderr) = explain("00000000");
    assert_eq!(code, 1);
    assert!(stderr.contains("no subject with id `00000000`"), "{stderr}");
}
