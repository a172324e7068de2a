//! Code tables from the county's adapter options, and the options object itself.
//!
//! A county's TOML maps its court's codes to meanings in `[adapter.options]`, which reaches
//! the adapter as JSON text in [`OpenSettings::options`](crate::OpenSettings):
//!
//! ```toml
//! [adapter.options]
//! dispositions = { "110" = "convicted", "150" = "convicted-misdemeanor", "210" = "dismissed" }
//! ```
//!
//! [`AdapterOptions::parse`] reads that text, [`AdapterOptions::reject_unknown_keys`] names a
//! misspelled key, and [`AdapterOptions::code_table`] builds a [`CodeTable`] whose values are
//! the adapter's own meaning type. Each meaning type lists its allowed spellings once, through
//! [`Meaning`]. Errors name the key as `table."code"` and list the allowed values, so a county
//! maintainer can fix the file from the message alone.
//!
//! Codes are matched exactly, after trimming padding from both the table's keys and the
//! record's value. A code the table lacks is [`Lookup::Unrecognized`]: an adapter never
//! guesses its meaning, and reports it in the batch's `unmapped` list.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::fields::trim;
use crate::{Disposition, Level, UnmappedCode};

/// A closed set of meanings that a code table maps codes to.
pub trait Meaning: Copy + 'static {
    /// Every meaning with its spelling in the options, in the order error messages list them.
    const NAMES: &'static [(&'static str, Self)];
}

/// The meaning of a disposition code: the ruling, and for a conviction that a court reduced,
/// the level it was reduced to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DispositionMeaning {
    Convicted,
    /// Convicted, with the offense reduced to a misdemeanor (PC 17(b)).
    ConvictedMisdemeanor,
    /// Convicted, with the offense reduced to an infraction (PC 17(d)).
    ConvictedInfraction,
    Dismissed,
    Acquitted,
    /// Diversion or deferred entry of judgment; not a conviction.
    Diverted,
    Pending,
    Other,
}

impl Meaning for DispositionMeaning {
    const NAMES: &'static [(&'static str, DispositionMeaning)] = &[
        ("convicted", DispositionMeaning::Convicted),
        ("convicted-misdemeanor", DispositionMeaning::ConvictedMisdemeanor),
        ("convicted-infraction", DispositionMeaning::ConvictedInfraction),
        ("dismissed", DispositionMeaning::Dismissed),
        ("acquitted", DispositionMeaning::Acquitted),
        ("diverted", DispositionMeaning::Diverted),
        ("pending", DispositionMeaning::Pending),
        ("other", DispositionMeaning::Other),
    ];
}

impl DispositionMeaning {
    /// Returns the interface's disposition for this meaning.
    pub fn disposition(self) -> Disposition {
        match self {
            DispositionMeaning::Convicted
            | DispositionMeaning::ConvictedMisdemeanor
            | DispositionMeaning::ConvictedInfraction => Disposition::Convicted,
            DispositionMeaning::Dismissed => Disposition::Dismissed,
            DispositionMeaning::Acquitted => Disposition::Acquitted,
            DispositionMeaning::Diverted => Disposition::Diverted,
            DispositionMeaning::Pending => Disposition::Pending,
            DispositionMeaning::Other => Disposition::Other,
        }
    }

    /// Returns the level a reduced conviction ends at, or `None` when the code says nothing
    /// about the level.
    pub fn reduced_level(self) -> Option<Level> {
        match self {
            DispositionMeaning::ConvictedMisdemeanor => Some(Level::Misdemeanor),
            DispositionMeaning::ConvictedInfraction => Some(Level::Infraction),
            _ => None,
        }
    }
}

/// The result of looking up a record's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'a, M> {
    Known(M),
    /// The table has no entry for the code, given here trimmed.
    Unrecognized(&'a str),
}

/// A map from a court's codes to meanings, read from one key of the adapter options.
#[derive(Debug, Clone)]
pub struct CodeTable<M> {
    name: String,
    entries: BTreeMap<String, M>,
}

impl<M: Meaning> CodeTable<M> {
    /// Builds a table named `name` from `(code, meaning)` pairs, as a test or a built-in
    /// default would. Codes are trimmed.
    pub fn from_pairs<'a>(name: &str, pairs: impl IntoIterator<Item = (&'a str, M)>) -> CodeTable<M> {
        let entries = pairs.into_iter().map(|(code, meaning)| (trim(code).to_string(), meaning)).collect();
        CodeTable { name: name.to_string(), entries }
    }

    /// Builds a table from a JSON object of code to meaning name; `name` is the options key,
    /// used in errors and in [`CodeTable::unmapped`].
    pub fn from_json(name: &str, value: &Value) -> Result<CodeTable<M>, String> {
        let Value::Object(object) = value else {
            return Err(format!(
                "invalid value for {name} in [adapter.options]: expected a table of codes such as \
                 {name} = {{ \"110\" = \"{}\" }}, found {}",
                M::NAMES[0].0,
                json_kind(value)
            ));
        };
        let mut entries = BTreeMap::new();
        for (code, meaning) in object {
            let key = format!("{name}.{code:?}");
            let trimmed = trim(code);
            if trimmed.is_empty() {
                return Err(format!("invalid key {key} in [adapter.options]: a code must not be empty"));
            }
            let meaning = parse_meaning::<M>(&key, meaning)?;
            if entries.insert(trimmed.to_string(), meaning).is_some() {
                return Err(format!(
                    "duplicate code {key} in [adapter.options]: another key is the same code once padding is \
                     trimmed; keep one"
                ));
            }
        }
        Ok(CodeTable { name: name.to_string(), entries })
    }

    /// Looks up a record's code, which is trimmed first.
    pub fn lookup<'a>(&self, raw: &'a str) -> Lookup<'a, M> {
        let code = trim(raw);
        match self.entries.get(code) {
            Some(&meaning) => Lookup::Known(meaning),
            None => Lookup::Unrecognized(code),
        }
    }
}

impl<M> CodeTable<M> {
    /// Returns the table's name: the options key it came from.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Returns the number of codes in the table.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the table has no codes.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Builds the batch entry that reports `code` as missing from this table on `row`.
    pub fn unmapped(&self, code: &str, description: Option<&str>, row: u64) -> UnmappedCode {
        UnmappedCode {
            table: self.name.clone(),
            code: trim(code).to_string(),
            description: description.map(trim).filter(|text| !text.is_empty()).map(str::to_string),
            row,
        }
    }
}

fn parse_meaning<M: Meaning>(key: &str, value: &Value) -> Result<M, String> {
    let allowed = || M::NAMES.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ");
    let Value::String(text) = value else {
        return Err(format!(
            "invalid value for {key} in [adapter.options]: expected a string, found {}; allowed values: {}",
            json_kind(value),
            allowed()
        ));
    };
    M::NAMES
        .iter()
        .find(|(name, _)| name == text)
        .map(|&(_, meaning)| meaning)
        .ok_or_else(|| {
            format!(
                "invalid value for {key} in [adapter.options]: {text:?} is not allowed; allowed values: {}",
                allowed()
            )
        })
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "a table",
    }
}

/// The county's `[adapter.options]` table, parsed from its JSON text.
#[derive(Debug, Clone, Default)]
pub struct AdapterOptions {
    values: BTreeMap<String, Value>,
}

impl AdapterOptions {
    /// Parses options JSON text. Empty text counts as `{}`.
    pub fn parse(json: &str) -> Result<AdapterOptions, String> {
        if trim(json).is_empty() {
            return Ok(AdapterOptions::default());
        }
        let values: BTreeMap<String, Value> = serde_json::from_str(json).map_err(|error| {
            format!("invalid [adapter.options]: expected a table (a JSON object from the host), but {error}")
        })?;
        Ok(AdapterOptions { values })
    }

    /// Returns an error naming the first key that is not in `known`, with the keys allowed.
    pub fn reject_unknown_keys(&self, adapter: &str, known: &[&str]) -> Result<(), String> {
        match self.values.keys().find(|key| !known.contains(&key.as_str())) {
            None => Ok(()),
            Some(key) if known.is_empty() => Err(format!(
                "unknown key {key:?} in [adapter.options]: the {adapter} adapter takes no options, so remove it"
            )),
            Some(key) => Err(format!(
                "unknown key {key:?} in [adapter.options] for the {adapter} adapter; allowed keys: {}",
                known.join(", ")
            )),
        }
    }

    /// Returns the raw value of `key`, if set.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.values.get(key)
    }

    /// Returns the string at `key` trimmed, `None` when the key is not set, or an error naming
    /// the key when its value is not a string.
    pub fn string(&self, key: &str) -> Result<Option<&str>, String> {
        match self.values.get(key) {
            None => Ok(None),
            Some(Value::String(text)) => Ok(Some(trim(text))),
            Some(other) => Err(format!(
                "invalid value for {key} in [adapter.options]: expected a string, found {}",
                json_kind(other)
            )),
        }
    }

    /// Builds the code table at `key`, or returns `None` when the key is not set.
    pub fn code_table<M: Meaning>(&self, key: &str) -> Result<Option<CodeTable<M>>, String> {
        self.values.get(key).map(|value| CodeTable::from_json(key, value)).transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dispositions(json: &str) -> Result<Option<CodeTable<DispositionMeaning>>, String> {
        AdapterOptions::parse(json)?.code_table("dispositions")
    }

    #[test]
    fn table_maps_codes() {
        let table = dispositions(r#"{"dispositions": {"110": "convicted", "150": "convicted-misdemeanor"}}"#)
            .unwrap()
            .unwrap();
        assert_eq!(table.name(), "dispositions");
        assert_eq!(table.len(), 2);
        assert_eq!(table.lookup("110"), Lookup::Known(DispositionMeaning::Convicted));
        assert_eq!(table.lookup(" 150  "), Lookup::Known(DispositionMeaning::ConvictedMisdemeanor));
        assert_eq!(table.lookup("999 "), Lookup::Unrecognized("999"));
        assert_eq!(table.lookup(""), Lookup::Unrecognized(""));
    }

    #[test]
    fn missing_key_is_none() {
        assert!(dispositions("{}").unwrap().is_none());
        assert!(dispositions("").unwrap().is_none());
    }

    #[test]
    fn invalid_meaning_names_key_and_allowed_values() {
        let error = dispositions(r#"{"dispositions": {"999": "convictd"}}"#).unwrap_err();
        assert!(error.contains(r#"dispositions."999""#), "{error}");
        assert!(error.contains("\"convictd\""), "{error}");
        assert!(error.contains("convicted, convicted-misdemeanor"), "{error}");
    }

    #[test]
    fn non_string_meaning_rejected() {
        let error = dispositions(r#"{"dispositions": {"110": 1}}"#).unwrap_err();
        assert!(error.contains(r#"dispositions."110""#), "{error}");
        assert!(error.contains("expected a string, found a number"), "{error}");
    }

    #[test]
    fn non_table_value_rejected() {
        let error = dispositions(r#"{"dispositions": ["110"]}"#).unwrap_err();
        assert!(error.contains("invalid value for dispositions"), "{error}");
        assert!(error.contains("found an array"), "{error}");
    }

    #[test]
    fn padded_duplicate_code_rejected() {
        let error = dispositions(r#"{"dispositions": {"110": "convicted", "110 ": "dismissed"}}"#).unwrap_err();
        assert!(error.contains("duplicate code"), "{error}");
        let error = dispositions(r#"{"dispositions": {" ": "convicted"}}"#).unwrap_err();
        assert!(error.contains("must not be empty"), "{error}");
    }

    #[test]
    fn invalid_json_rejected() {
        let error = AdapterOptions::parse("[1]").unwrap_err();
        assert!(error.contains("[adapter.options]"), "{error}");
    }

    #[test]
    fn unknown_keys_named() {
        let options = AdapterOptions::parse(r#"{"dispositons": {}}"#).unwrap();
        let error = options.reject_unknown_keys("court-cms-tilde", &["dispositions"]).unwrap_err();
        assert!(error.contains("\"dispositons\""), "{error}");
        assert!(error.contains("allowed keys: dispositions"), "{error}");
        let error = options.reject_unknown_keys("ca-doj-research", &[]).unwrap_err();
        assert!(error.contains("takes no options"), "{error}");
        assert!(AdapterOptions::parse("{}").unwrap().reject_unknown_keys("x", &[]).is_ok());
    }

    #[test]
    fn string_values() {
        let options = AdapterOptions::parse(r#"{"county": " SAN FRANCISCO ", "limit": 3}"#).unwrap();
        assert_eq!(options.string("county"), Ok(Some("SAN FRANCISCO")));
        assert_eq!(options.string("absent"), Ok(None));
        let error = options.string("limit").unwrap_err();
        assert!(error.contains("invalid value for limit"), "{error}");
        assert!(error.contains("found a number"), "{error}");
    }

    #[test]
    fn meanings_map_to_disposition_and_level() {
        assert!(matches!(DispositionMeaning::ConvictedMisdemeanor.disposition(), Disposition::Convicted));
        assert!(matches!(DispositionMeaning::ConvictedMisdemeanor.reduced_level(), Some(Level::Misdemeanor)));
        assert!(matches!(DispositionMeaning::Diverted.disposition(), Disposition::Diverted));
        assert!(DispositionMeaning::Convicted.reduced_level().is_none());
    }

    #[test]
    fn unmapped_entry_trims() {
        let table = CodeTable::from_pairs("dispositions", [("110", DispositionMeaning::Convicted)]);
        let entry = table.unmapped(" 999 ", Some(" SOMETHING NEW "), 7);
        assert_eq!(entry.table, "dispositions");
        assert_eq!(entry.code, "999");
        assert_eq!(entry.description.as_deref(), Some("SOMETHING NEW"));
        assert_eq!(entry.row, 7);
        assert!(table.unmapped("999", Some("  "), 7).description.is_none());
    }
}
