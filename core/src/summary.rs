//! The counts a district attorney's office reports, and the run's provenance.
//!
//! Every map is a `BTreeMap`, so the same run writes the same bytes every time.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::classify::SubjectOutcome;
use crate::decision::Outcome;
use crate::diagnostic::{RowDiagnostic, Severity};

/// Counts of convictions per outcome, with every outcome present.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OutcomeCounts(BTreeMap<&'static str, u64>);

impl Default for OutcomeCounts {
    fn default() -> OutcomeCounts {
        OutcomeCounts(Outcome::ALL.iter().map(|outcome| (outcome.as_str(), 0)).collect())
    }
}

impl OutcomeCounts {
    fn add(&mut self, outcome: Outcome) {
        *self.0.entry(outcome.as_str()).or_default() += 1;
    }

    pub fn get(&self, outcome: Outcome) -> u64 {
        self.0.get(outcome.as_str()).copied().unwrap_or(0)
    }
}

/// Row accounting: `read == used + rejected`, always, for a complete run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RowCounts {
    pub read: u64,
    pub used: u64,
    pub rejected: u64,
    /// Rows used with at least one unusable field (counted once per diagnostic).
    pub warnings: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct OutcomePair {
    pub law: OutcomeCounts,
    pub policy: OutcomeCounts,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SectionCounts {
    pub convictions: u64,
    pub law: OutcomeCounts,
    pub policy: OutcomeCounts,
}

/// People counts; each person is counted once per line.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PeopleCounts {
    /// People in the input.
    pub subjects: u64,
    /// People with at least one in-scope conviction in the county.
    pub with_in_scope_convictions: u64,
    /// People with at least one conviction whose policy outcome is dismiss or reduce.
    pub with_relief: u64,
    /// People who had a felony conviction and, after relief, have none.
    pub no_felony_after: u64,
    /// People who had a conviction and, after relief, have none.
    pub no_conviction_after: u64,
    /// People who had a conviction in the 7 years before the as-of date and, after
    /// relief, have none in that window.
    pub no_conviction_last_7_years_after: u64,
}

/// One diagnostic code's count, with the first row it was seen on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DiagnosticCount {
    pub severity: Severity,
    pub count: u64,
    pub example_file: String,
    pub example_row: u64,
}

/// One code missing from a county code table: how often it was seen, and where first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UnmappedCount {
    pub count: u64,
    /// The source's own text for the code, as first seen.
    pub description: Option<String>,
    pub example_file: String,
    pub example_row: u64,
}

/// The run's figures, accumulated person by person.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub rows: RowCounts,
    pub outcomes: OutcomePair,
    pub by_section: BTreeMap<&'static str, SectionCounts>,
    pub people: PeopleCounts,
    pub diagnostics: BTreeMap<String, DiagnosticCount>,
    /// Codes the county's code tables lack, by table and then by code.
    pub unmapped_codes: BTreeMap<String, BTreeMap<String, UnmappedCount>>,
}

impl Figures {
    /// Adds one classified person.
    pub fn add_subject(&mut self, outcome: &SubjectOutcome) {
        self.people.subjects += 1;
        if !outcome.decisions.is_empty() {
            self.people.with_in_scope_convictions += 1;
        }
        for decision in &outcome.decisions {
            self.outcomes.law.add(decision.law.outcome);
            self.outcomes.policy.add(decision.policy.outcome);
            let section = decision.section.map_or("unparsed", |section| section.number());
            let counts = self.by_section.entry(section).or_default();
            counts.convictions += 1;
            counts.law.add(decision.law.outcome);
            counts.policy.add(decision.policy.outcome);
        }
        let figures = &outcome.figures;
        self.people.with_relief += u64::from(figures.with_relief);
        self.people.no_felony_after += u64::from(figures.no_felony_after);
        self.people.no_conviction_after += u64::from(figures.no_conviction_after);
        self.people.no_conviction_last_7_years_after += u64::from(figures.no_conviction_last_7_years_after);
    }

    /// Counts a code that a county code table lacks, keeping the first row as an example.
    pub fn add_unmapped(&mut self, table: &str, code: &str, description: Option<&str>, file: &str, row: u64) {
        let codes = self.unmapped_codes.entry(table.to_string()).or_default();
        let entry = codes.entry(code.to_string()).or_insert_with(|| UnmappedCount {
            count: 0,
            description: description.map(str::to_string),
            example_file: file.to_string(),
            example_row: row,
        });
        entry.count += 1;
    }

    /// Returns how many rows carried a code that a county code table lacks.
    pub fn unmapped_total(&self) -> u64 {
        self.unmapped_codes.values().flat_map(|codes| codes.values()).map(|entry| entry.count).sum()
    }

    /// Counts a diagnostic by code, keeping the first row it was seen on as an example.
    pub fn add_diagnostic(&mut self, diagnostic: &RowDiagnostic) {
        let entry = self.diagnostics.entry(diagnostic.code.clone()).or_insert_with(|| DiagnosticCount {
            severity: diagnostic.severity,
            count: 0,
            example_file: diagnostic.file.to_string(),
            example_row: diagnostic.row,
        });
        entry.count += 1;
        if diagnostic.severity == Severity::Warning {
            self.rows.warnings += 1;
        }
    }
}
