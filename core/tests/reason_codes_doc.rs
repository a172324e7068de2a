//! `docs/reason-codes.md` lists exactly the reason codes and flags the code has.

use clearway_core::decision::{Flag, ReasonCode};

/// The ids in the first column of the document's tables.
fn documented_ids() -> Vec<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/reason-codes.md")).expect("docs/reason-codes.md");
    text.lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(id, _)| id.to_string())
        .collect()
}

#[test]
fn doc_lists_every_code_and_flag() {
    let documented = documented_ids();
    for code in ReasonCode::ALL {
        assert!(documented.iter().any(|id| id == code.as_str()), "{} missing from the document", code.as_str());
    }
    for flag in Flag::ALL {
        assert!(documented.iter().any(|id| id == flag.as_str()), "{} missing from the document", flag.as_str());
    }
}

#[test]
fn doc_lists_nothing_else() {
    let known: Vec<&str> = ReasonCode::ALL.iter().map(|c| c.as_str()).chain(Flag::ALL.iter().map(|f| f.as_str())).collect();
    for id in documented_ids() {
        assert!(known.contains(&id.as_str()), "{id} is documented but not in the code");
    }
}
