//! The subject whose rows are being read: its identity and its charge entries so far.

use std::collections::BTreeMap;

use clearway_sdk::{Charge, Diagnostic, PartialDate, Severity, Subject};

use crate::codes;
use crate::row::Row;

/// One person's entries, held until a row of another person or the end of the input.
pub struct OpenSubject {
    id: String,
    name: Option<String>,
    date_of_birth: Option<PartialDate>,
    charges: Vec<Charge>,
    /// The position in `charges` of each count, by `CNT_ORDER`. A `BTreeMap`, because the
    /// standard `HashMap` seeds itself through a `wasi:random` import that the host does not
    /// grant an adapter.
    count_positions: BTreeMap<String, usize>,
    /// The number of data rows merged into `charges`.
    rows: u64,
}

impl OpenSubject {
    pub fn new(row: &Row) -> OpenSubject {
        OpenSubject {
            id: row.subject_id.clone(),
            name: row.name.clone(),
            date_of_birth: row.date_of_birth,
            charges: Vec::new(),
            count_positions: BTreeMap::new(),
            rows: 0,
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Adds a row of this subject. A row whose count was seen before is another part of a
    /// multi-part sentence: its line and sentence part join the earlier entry. Returns a
    /// warning when such a row disagrees with the earlier one on what the count was.
    pub fn add(&mut self, row: Row) -> Option<Diagnostic> {
        self.rows += 1;
        if self.name.is_none() {
            self.name = row.name;
        }
        if self.date_of_birth.is_none() {
            self.date_of_birth = row.date_of_birth;
        }

        let Some(&position) = self.count_positions.get(&row.count_id) else {
            self.count_positions
                .insert(row.count_id, self.charges.len());
            self.charges.push(row.charge);
            return None;
        };
        let earlier = &mut self.charges[position];
        let line = row.charge.rows[0];
        let conflict = first_difference(earlier, &row.charge);
        earlier.rows.push(line);
        earlier.sentence.extend(row.charge.sentence);
        conflict.map(|field| Diagnostic {
            code: codes::COUNT_CONFLICT.into(),
            severity: Severity::Warning,
            row: line,
            message: format!(
                "the row repeats the CNT_ORDER of an earlier row of the same subject but its {field} differs; \
                 the earlier row's value is kept"
            ),
            field: Some(field),
        })
    }

    /// Returns the finished subject and the number of data rows it uses.
    pub fn close(self) -> (Subject, u64) {
        let subject = Subject {
            id: self.id,
            name: self.name,
            date_of_birth: self.date_of_birth,
            charges: self.charges,
        };
        (subject, self.rows)
    }
}

/// Returns the name of the first field on which two rows of one count disagree about the
/// count itself. Sentence fields may differ, because each row is one part of the sentence.
fn first_difference(earlier: &Charge, later: &Charge) -> Option<String> {
    let text =
        |field: &Option<clearway_sdk::FieldText>| field.as_ref().map(|field| field.text.clone());
    let field = if earlier.step_raw != later.step_raw {
        "STP_TYPE_DESCR"
    } else if text(&earlier.charged) != text(&later.charged) {
        "OFFENSE_DESCR"
    } else if text(&earlier.convicted) != text(&later.convicted) {
        "CONV_OFFENSE_DESCR"
    } else if text(&earlier.disposition_raw) != text(&later.disposition_raw) {
        "DISP_DESCR"
    } else if earlier.level_field != later.level_field || earlier.level != later.level {
        // Name the field the later row took its level from, or the earlier row's.
        return later
            .level_field
            .clone()
            .or_else(|| earlier.level_field.clone());
    } else {
        return None;
    };
    Some(field.to_string())
}
