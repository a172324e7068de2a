//! One line of the export: one case, read into a subject fragment of its party.

use clearway_sdk::{
    Charge, Diagnostic, Disposition, FieldText, Level, PartialDate, SentenceKind, SentencePart,
    Severity, StepKind, Subject, TimeUnit, UnmappedCode,
};
use clearway_sdk::codes::{CodeTable, Lookup};
use clearway_sdk::years::parse_mm_dd_yyyy;
use serde_json::{Map, Value};

use crate::codes;
use crate::json::{self, RowError, child, element};
use crate::options::{LevelMeaning, Options};

/// The date form of the export, for diagnostics.
const DATE_FORM: &str = "MM/DD/YYYY";

/// The event types the adapter reads; events of other types are ignored.
const DISPOSITION_EVENT: &str = "CriminalDispositionEvent";
const SENTENCE_EVENT: &str = "SentenceEvent";

/// The `step_raw` of a charge that no disposition event names.
const PENDING_STEP: &str = "no disposition event";

/// The result of one accepted line: the party's subject fragment with the case's charges,
/// the warnings on the line, and the codes missing from the county's tables.
pub struct Case {
    pub subject: Subject,
    pub warnings: Vec<Diagnostic>,
    pub unmapped: Vec<UnmappedCode>,
}

/// Reads one line. An error rejects the whole line; nothing of it is used.
pub fn read(line: u64, bytes: &[u8], options: &Options) -> Result<Case, RowError> {
    let text = std::str::from_utf8(bytes).map_err(|error| RowError {
        code: codes::INVALID_UTF8,
        field: None,
        message: format!(
            "the line is not valid UTF-8 at byte {}",
            error.valid_up_to() + 1
        ),
    })?;
    let value: Value = serde_json::from_str(text).map_err(|error| invalid_json(&error))?;
    let root = json::as_object(&value, "$")?;
    let mut reader = CaseReader { line, options, warnings: Vec::new(), unmapped: Vec::new() };
    let subject = reader.case(root)?;
    Ok(Case { subject, warnings: reader.warnings, unmapped: reader.unmapped })
}

/// Builds the error for a line that does not parse. serde_json's message names the kind of
/// syntax error and its position but never the text around it.
fn invalid_json(error: &serde_json::Error) -> RowError {
    let text = error.to_string();
    let reason = text.split(" at line ").next().unwrap_or(&text);
    RowError {
        code: codes::INVALID_JSON,
        field: None,
        message: format!("the line is not valid JSON: {reason} at column {}", error.column()),
    }
}

struct CaseReader<'o> {
    line: u64,
    options: &'o Options,
    warnings: Vec<Diagnostic>,
    unmapped: Vec<UnmappedCode>,
}

/// One charge of the case while its events are applied.
struct OpenCharge {
    /// `ChargeNumber` without leading zeros, so that `"01"` and `"1"` join.
    join_key: String,
    charge: Charge,
    description: Option<FieldText>,
    /// A degree word missing from the county's table, with its description.
    unmapped_degree: Option<String>,
    /// The level that the charge's disposition reduced it to, with the disposition word's
    /// path, when the disposition code's meaning is a reduced conviction.
    reduced_level: Option<(Level, String)>,
    /// Every disposition that named the charge, in event order.
    history: Vec<String>,
    /// The index in `Events` of the event whose sentence the charge carries.
    sentence_event: Option<usize>,
}

/// A date's year, month and day as a sort key; `None`, a missing date, sorts first.
type DateKey = Option<(u16, Option<u8>, Option<u8>)>;

/// A non-deleted disposition or sentence event, with its sort key.
struct Event<'v> {
    index: usize,
    object: &'v Map<String, Value>,
    is_disposition: bool,
    date: Option<PartialDate>,
    sequence: i64,
    amended: bool,
}

impl Event<'_> {
    /// Orders events by date, then sequence, then amended after not amended, then file
    /// order. An event without a usable date sorts before every dated one.
    fn sort_key(&self) -> (DateKey, i64, bool, usize) {
        let date = self.date.as_ref().map(|date| (date.year, date.month, date.day));
        (date, self.sequence, self.amended, self.index)
    }

    fn path(&self) -> String {
        element("Events", self.index)
    }
}

impl CaseReader<'_> {
    fn case(&mut self, root: &Map<String, Value>) -> Result<Subject, RowError> {
        let case_number = json::required_text(root, "", "CaseNumber")?;
        let county = json::optional_text(root, "", "County")?;
        let party = json::required_object(root, "", "Party")?;
        let party_id = json::required_text(party, "Party", "PartyId")?;
        let name = match json::optional_object(party, "Party", "Name")? {
            Some(name) => full_name(name)?,
            None => None,
        };
        let date_of_birth = self.date(party, "Party", "DateOfBirth")?;

        let mut charges = self.charges(root, case_number, county)?;
        let events = self.events(root)?;
        for event in &events {
            if event.is_disposition {
                self.apply_dispositions(event, &mut charges)?;
            } else {
                self.apply_sentences(event, &mut charges)?;
            }
        }

        Ok(Subject {
            id: party_id.to_string(),
            name,
            date_of_birth,
            charges: charges.into_iter().map(close_charge).collect(),
        })
    }

    fn charges(
        &mut self,
        root: &Map<String, Value>,
        case_number: &str,
        county: Option<&str>,
    ) -> Result<Vec<OpenCharge>, RowError> {
        let items = json::required_array(root, "", "Charges")?;
        if items.is_empty() {
            self.warn(
                codes::NO_CHARGES,
                "Charges",
                "the case has no charges, so it adds nothing to its party's record".into(),
            );
        }
        let mut charges: Vec<OpenCharge> = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let path = element("Charges", index);
            let object = json::as_object(item, &path)?;
            let number = json::required_text(object, &path, "ChargeNumber")?;
            let join_key = join_key(number);
            if charges.iter().any(|open| open.join_key == join_key) {
                self.warn(
                    codes::DUPLICATE_CHARGE,
                    &child(&path, "ChargeNumber"),
                    "the charge number repeats an earlier charge of the case; the earlier charge \
                     is kept and this one is ignored"
                        .into(),
                );
                continue;
            }
            charges.push(self.charge(object, &path, number, join_key, case_number, county)?);
        }
        Ok(charges)
    }

    fn charge(
        &mut self,
        object: &Map<String, Value>,
        path: &str,
        number: &str,
        join_key: String,
        case_number: &str,
        county: Option<&str>,
    ) -> Result<OpenCharge, RowError> {
        let statute = json::optional_text(object, path, "Statute")?;
        let description = json::optional_text(object, path, "Description")?;
        let cycle_date = self.date(object, path, "OffenseDate")?;

        let mut level = Level::Unknown;
        let mut level_field = None;
        let mut unmapped_degree = None;
        if let Some(degree) = json::optional_object(object, path, "Degree")? {
            let degree_path = child(path, "Degree");
            let word = json::optional_text(degree, &degree_path, "Word")?;
            let word_description = json::optional_text(degree, &degree_path, "Description")?;
            if let Some(word) = word {
                match self.options.degrees.lookup(word) {
                    Lookup::Known(LevelMeaning(mapped)) => {
                        level = mapped;
                        level_field = Some(child(&degree_path, "Word"));
                    }
                    Lookup::Unrecognized(code) => {
                        let table = &self.options.degrees;
                        self.unmapped(table, code, word_description);
                        unmapped_degree = Some(with_description(code, word_description));
                    }
                }
            }
        }

        let charge = Charge {
            rows: vec![self.line],
            cycle_id: case_number.to_string(),
            cycle_date,
            cycle_age: None,
            step: StepKind::Court,
            step_raw: PENDING_STEP.to_string(),
            step_date: None,
            count_id: number.to_string(),
            case_number: Some(case_number.to_string()),
            county: county.map(str::to_string),
            charged: statute.map(|text| field_text(&child(path, "Statute"), text)),
            convicted: None,
            comment: None,
            level,
            level_field,
            disposition: Disposition::Pending,
            disposition_raw: None,
            disposition_date: None,
            disposition_date_field: None,
            sentence: Vec::new(),
        };
        Ok(OpenCharge {
            join_key,
            charge,
            description: description.map(|text| field_text(&child(path, "Description"), text)),
            unmapped_degree,
            reduced_level: None,
            history: Vec::new(),
            sentence_event: None,
        })
    }

    /// Returns the case's non-deleted disposition and sentence events in the order they
    /// apply. Events of other types, and deleted events, are not read further.
    fn events<'v>(&mut self, root: &'v Map<String, Value>) -> Result<Vec<Event<'v>>, RowError> {
        let mut events = Vec::new();
        for (index, item) in json::optional_array(root, "", "Events")?.iter().enumerate() {
            let path = element("Events", index);
            let object = json::as_object(item, &path)?;
            if json::optional_flag(object, &path, "IsDeleted")? {
                continue;
            }
            let kind = json::required_text(object, &path, "Type")?;
            let is_disposition = match kind {
                DISPOSITION_EVENT => true,
                SENTENCE_EVENT => false,
                _ => continue,
            };
            let date = self.date(object, &path, "Date")?;
            if json::optional_text(object, &path, "Date")?.is_none() {
                self.warn(
                    codes::MISSING_VALUE,
                    &child(&path, "Date"),
                    format!("the event has no date, so it is ordered before every dated event; expected {DATE_FORM}"),
                );
            }
            events.push(Event {
                index,
                object,
                is_disposition,
                date,
                sequence: json::optional_integer(object, &path, "Sequence")?.unwrap_or(0),
                amended: json::optional_flag(object, &path, "Amended")?,
            });
        }
        events.sort_by_key(Event::sort_key);
        Ok(events)
    }

    fn apply_dispositions(&mut self, event: &Event<'_>, charges: &mut [OpenCharge]) -> Result<(), RowError> {
        let event_path = event.path();
        let entries_path = child(&event_path, "Dispositions");
        let entries = json::required_array(event.object, &event_path, "Dispositions")?;
        for (index, item) in entries.iter().enumerate() {
            let path = element(&entries_path, index);
            let object = json::as_object(item, &path)?;
            let number = json::required_text(object, &path, "ChargeNumber")?;
            let word = json::optional_text(object, &path, "Word")?;
            let description = json::optional_text(object, &path, "Description")?;
            let Some(open) = self.find_charge(charges, number, &path) else { continue };

            let word_path = child(&path, "Word");
            let mut reduced_level = None;
            let disposition = match word {
                None => {
                    self.warn(
                        codes::MISSING_VALUE,
                        &word_path,
                        "the disposition has no word, so the charge's ruling is unknown".into(),
                    );
                    Disposition::Unknown
                }
                Some(word) => match self.options.dispositions.lookup(word) {
                    Lookup::Known(meaning) => {
                        reduced_level = meaning.reduced_level().map(|level| (level, word_path.clone()));
                        meaning.disposition()
                    }
                    Lookup::Unrecognized(code) => {
                        let table = &self.options.dispositions;
                        self.unmapped(table, code, description);
                        Disposition::Unrecognized
                    }
                },
            };
            open.reduced_level = reduced_level;

            let charge = &mut open.charge;
            charge.disposition = disposition;
            charge.disposition_raw = word.map(|word| field_text(&word_path, &with_description(word, description)));
            charge.disposition_date = event.date;
            charge.disposition_date_field = event.date.map(|_| child(&event_path, "Date"));
            charge.step_raw = DISPOSITION_EVENT.to_string();
            charge.step_date = event.date;
            open.history.push(history_entry(event, word.unwrap_or("(no word)")));
        }
        Ok(())
    }

    /// Gives each charge that the event names the event's sentence parts, replacing the
    /// parts of an earlier sentence event.
    fn apply_sentences(&mut self, event: &Event<'_>, charges: &mut [OpenCharge]) -> Result<(), RowError> {
        let event_path = event.path();
        let entries_path = child(&event_path, "Sentences");
        let entries = json::required_array(event.object, &event_path, "Sentences")?;
        for (index, item) in entries.iter().enumerate() {
            let path = element(&entries_path, index);
            let object = json::as_object(item, &path)?;
            let number = json::required_text(object, &path, "ChargeNumber")?;
            let mut parts = Vec::new();
            let components_path = child(&path, "Components");
            for (part_index, part) in json::optional_array(object, &path, "Components")?.iter().enumerate() {
                let part_path = element(&components_path, part_index);
                parts.push(self.sentence_part(json::as_object(part, &part_path)?, &part_path)?);
            }
            let Some(open) = self.find_charge(charges, number, &path) else { continue };
            if open.sentence_event != Some(event.index) {
                open.sentence_event = Some(event.index);
                open.charge.sentence.clear();
            }
            open.charge.sentence.extend(parts);
        }
        Ok(())
    }

    fn sentence_part(&mut self, object: &Map<String, Value>, path: &str) -> Result<SentencePart, RowError> {
        let kind_text = json::optional_text(object, path, "Type")?.unwrap_or("");
        let kind = match kind_text.to_ascii_uppercase().as_str() {
            "JAIL" => SentenceKind::Jail,
            "PRISON" => SentenceKind::Prison,
            "PROBATION" => SentenceKind::Probation,
            "FINE" => SentenceKind::Fine,
            _ => SentenceKind::Other,
        };
        let mut raw = vec![kind_text.to_string()];
        let mut length = None;
        let mut unit = TimeUnit::Unknown;

        if let Some(duration) = json::optional_object(object, path, "Duration")? {
            let duration_path = child(path, "Duration");
            match duration.get("Value").filter(|value| !value.is_null()) {
                None => {}
                Some(value) => {
                    raw.push(value.to_string());
                    length = value.as_u64().and_then(|number| u32::try_from(number).ok());
                    if length.is_none() {
                        self.warn(
                            codes::INVALID_VALUE,
                            &child(&duration_path, "Value"),
                            format!("the duration is not a whole number from 0 to {}; its length is unknown", u32::MAX),
                        );
                    }
                }
            }
            if let Some(unit_text) = json::optional_text(duration, &duration_path, "Unit")? {
                raw.push(unit_text.to_string());
                unit = match unit_text.to_ascii_lowercase().as_str() {
                    "day" | "days" => TimeUnit::Days,
                    "month" | "months" => TimeUnit::Months,
                    "year" | "years" => TimeUnit::Years,
                    _ => {
                        self.warn(
                            codes::INVALID_VALUE,
                            &child(&duration_path, "Unit"),
                            "the unit is not Days, Months or Years; it is unknown".into(),
                        );
                        TimeUnit::Unknown
                    }
                };
            }
        }
        if let Some(amount) = object.get("Amount").filter(|value| !value.is_null()) {
            raw.push(format!("Amount {amount}"));
        }

        raw.retain(|part| !part.is_empty());
        Ok(SentencePart { kind, length, unit, raw: raw.join(" ") })
    }

    /// Returns the charge with the same charge number, or warns that the case has none.
    fn find_charge<'c>(&mut self, charges: &'c mut [OpenCharge], number: &str, path: &str) -> Option<&'c mut OpenCharge> {
        let key = join_key(number);
        let found = charges.iter_mut().find(|open| open.join_key == key);
        if found.is_none() {
            self.warn(
                codes::UNKNOWN_CHARGE,
                &child(path, "ChargeNumber"),
                "no charge of the case has this charge number; the entry is ignored".into(),
            );
        }
        found
    }

    /// Reads an optional `MM/DD/YYYY` date, whose month and day may have one digit.
    /// `00/00/0000` is missing. Another form is a warning and a missing value.
    fn date(&mut self, object: &Map<String, Value>, path: &str, key: &str) -> Result<Option<PartialDate>, RowError> {
        let Some(text) = json::optional_text(object, path, key)? else { return Ok(None) };
        match parse_mm_dd_yyyy(text) {
            Ok(parsed) => Ok(parsed),
            Err(reason) => {
                self.warn(
                    codes::INVALID_DATE,
                    &child(path, key),
                    format!("the date is not in the form {DATE_FORM} because {reason}; it is treated as missing"),
                );
                Ok(None)
            }
        }
    }

    /// Records a code missing from a county table, once per line for each table and code.
    fn unmapped<M>(&mut self, table: &CodeTable<M>, code: &str, description: Option<&str>) {
        let seen = self.unmapped.iter().any(|entry| entry.table == table.name() && entry.code == code);
        if !seen {
            self.unmapped.push(table.unmapped(code, description, self.line));
        }
    }

    fn warn(&mut self, code: &str, field: &str, message: String) {
        self.warnings.push(Diagnostic {
            code: code.to_string(),
            severity: Severity::Warning,
            row: self.line,
            field: Some(field.to_string()),
            message,
        });
    }
}

/// Finishes a charge: its comment contains the charge's description, a degree word missing
/// from the county's table, and the disposition history when more than one disposition
/// named the charge.
fn close_charge(open: OpenCharge) -> Charge {
    let mut charge = open.charge;
    if let Some((level, field)) = open.reduced_level {
        charge.level = level;
        charge.level_field = Some(field);
    }

    let mut parts = Vec::new();
    let mut field = String::new();
    if let Some(description) = open.description {
        parts.push(description.text);
        field = description.field;
    }
    if let Some(degree) = open.unmapped_degree {
        parts.push(format!("degree not in the county's table: {degree}"));
    }
    if open.history.len() > 1 {
        parts.push(format!("disposition history: {}", open.history.join(", ")));
    }
    if !parts.is_empty() {
        if parts.len() > 1 || field.is_empty() {
            field = if field.is_empty() { "notes".into() } else { format!("{field} and notes") };
        }
        charge.comment = Some(FieldText { field, text: parts.join("; ") });
    }
    charge
}

/// Describes one disposition for the history: its event's date in ISO form, sequence,
/// amended flag and word. ISO dates keep slashes, which the statute parser reads as section
/// separators, out of the comment.
fn history_entry(event: &Event<'_>, word: &str) -> String {
    let date = match event.date {
        Some(PartialDate { year, month: Some(month), day: Some(day) }) => format!("{year:04}-{month:02}-{day:02}"),
        _ => "undated".to_string(),
    };
    let amended = if event.amended { " amended" } else { "" };
    format!("{date} sequence {}{amended} {word}", event.sequence)
}

/// Returns the charge number used to join charges to dispositions and sentences: trimmed,
/// and without leading zeros when it is all digits.
fn join_key(number: &str) -> String {
    let number = number.trim();
    if !number.is_empty() && number.bytes().all(|byte| byte.is_ascii_digit()) {
        let stripped = number.trim_start_matches('0');
        if stripped.is_empty() { "0".into() } else { stripped.into() }
    } else {
        number.into()
    }
}

fn with_description(word: &str, description: Option<&str>) -> String {
    match description {
        Some(description) => format!("{word} ({description})"),
        None => word.to_string(),
    }
}

fn field_text(field: &str, text: &str) -> FieldText {
    FieldText { field: field.to_string(), text: text.to_string() }
}

/// Joins `Last, First Middle Suffix`, leaving out the parts that are absent.
fn full_name(name: &Map<String, Value>) -> Result<Option<String>, RowError> {
    let part = |key| json::optional_text(name, "Party.Name", key);
    let last = part("Last")?;
    let given: Vec<&str> = [part("First")?, part("Middle")?, part("Suffix")?].into_iter().flatten().collect();
    let given = given.join(" ");
    Ok(match (last, given.is_empty()) {
        (None, true) => None,
        (None, false) => Some(given),
        (Some(last), true) => Some(last.to_string()),
        (Some(last), false) => Some(format!("{last}, {given}")),
    })
}
