//! `clearway explain`: one person's in-scope convictions, the facts used and the rules
//! that fired, for the statute and for the county's policy.
//!
//! It reads the inputs like `clearway run` but keeps only the requested person, writes no
//! files, and prints nothing about anyone else.

use std::fmt::Write as _;

use anyhow::bail;
use clearway_core::classify::{RunContext, classify_subject};
use clearway_core::diagnostic::RowDiagnostic;
use clearway_core::schema::Subject;
use indicatif::ProgressBar;

use crate::cli::ExplainArgs;
use crate::county;
use crate::exit::Status;
use crate::pipeline::{Consumer, check_inputs, read_input};
use crate::run::load_adapter;

/// Keeps the entries of one person and drops everything else.
struct OnePerson {
    id: String,
    subject: Option<Subject>,
}

impl Consumer for OnePerson {
    fn subject(&mut self, subject: Subject, _complete: bool) -> anyhow::Result<()> {
        if subject.id != self.id {
            return Ok(());
        }
        match &mut self.subject {
            Some(existing) => existing.absorb(subject),
            None => self.subject = Some(subject),
        }
        Ok(())
    }

    fn diagnostic(&mut self, _diagnostic: &RowDiagnostic) -> anyhow::Result<()> {
        Ok(())
    }

    fn unmapped(&mut self, _code: &clearway_host::UnmappedCode) {}
}

pub fn explain(args: &ExplainArgs) -> anyhow::Result<Status> {
    let county = county::load(&args.county.county)?;
    let as_of = county::as_of(args.as_of, &county)?;
    check_inputs(&args.input)?;
    let (_host, adapter) = load_adapter(&county)?;

    let mut person = OnePerson { id: args.subject.trim().to_string(), subject: None };
    let mut incomplete = false;
    for input in &args.input {
        let report = read_input(input, &adapter, &county.adapter_options, as_of, 1 << 20, &mut person, &ProgressBar::hidden())?;
        incomplete |= !report.complete;
    }
    let Some(subject) = person.subject else {
        bail!("no subject with id `{}` in the input", person.id);
    };

    let context = RunContext { county: county.name.clone(), as_of };
    let outcome = classify_subject(&subject, &county.policy, &context);
    print!("{}", render(&subject, &outcome.decisions, &county.name, &as_of.to_string()));
    if incomplete {
        println!("\nWARNING: an input could not be read to its end, so this record may be incomplete.");
        return Ok(Status::InputIncomplete);
    }
    Ok(Status::Clean)
}

fn render(subject: &Subject, decisions: &[clearway_core::decision::Decision], county: &str, as_of: &str) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "Subject {}: {} in-scope conviction(s) in {county}, as of {as_of}",
        subject.id,
        decisions.len()
    );
    for (number, decision) in decisions.iter().enumerate() {
        let _ = writeln!(text);
        let _ = writeln!(
            text,
            "{}. {} ({}, {} {})",
            number + 1,
            decision.statute,
            decision.source.file,
            if decision.source.rows.len() == 1 { "row" } else { "rows" },
            decision.source.rows_joined()
        );
        let _ = writeln!(text, "   statute: {} ({})", decision.law.outcome.as_str(), decision.law.code.as_str());
        let _ = writeln!(text, "   policy:  {} ({})", decision.policy.outcome.as_str(), decision.policy.code.as_str());
        if !decision.overrides.is_empty() {
            let _ = writeln!(text, "   policy options that changed the outcome: {}", decision.overrides.join(", "));
        }
        let _ = writeln!(text, "   reason: {}", decision.reason);
        let _ = writeln!(text, "   citation: {}", decision.citation);
        if !decision.flags.is_empty() {
            let flags: Vec<&str> = decision.flags.iter().map(|flag| flag.as_str()).collect();
            let _ = writeln!(text, "   flags: {}", flags.join(", "));
        }
        let _ = writeln!(text, "   facts:");
        for fact in &decision.facts {
            match &fact.source {
                Some(source) => {
                    let _ = writeln!(
                        text,
                        "     {}: {}  [{} row {}, {}]",
                        fact.name, fact.value, source.file, source.row, source.field
                    );
                }
                None => {
                    let _ = writeln!(text, "     {}: {}", fact.name, fact.value);
                }
            }
        }
        let _ = writeln!(text, "   rules:");
        for step in &decision.trace {
            let _ = writeln!(text, "     - {step}");
        }
    }
    text
}
