//! The county's `[adapter.options]` table: the court's code tables and the line-length limit.

use std::collections::BTreeMap;

use clearway_sdk::{Disposition, Level};
use serde_json::{Map, Value};

/// The table name of degree words, as the options and the run summary call it.
pub const DEGREES: &str = "degrees";
/// The table name of disposition words, as the options and the run summary call it.
pub const DISPOSITIONS: &str = "dispositions";
/// The option key that sets the longest line read, in bytes.
pub const MAX_LINE_BYTES: &str = "max_line_bytes";

/// The longest line read when the options do not set one: 1 MiB, far above a case with
/// hundreds of charges and events.
pub const DEFAULT_MAX_LINE_BYTES: usize = 1 << 20;
const LINE_BYTES_RANGE: std::ops::RangeInclusive<u64> = 1024..=(64 << 20);

const LEVEL_MEANINGS: &[(&str, Level)] = &[
    ("felony", Level::Felony),
    ("misdemeanor", Level::Misdemeanor),
    ("infraction", Level::Infraction),
];

const DISPOSITION_MEANINGS: &[(&str, Disposition)] = &[
    ("convicted", Disposition::Convicted),
    ("dismissed", Disposition::Dismissed),
    ("acquitted", Disposition::Acquitted),
    ("diverted", Disposition::Diverted),
    ("other", Disposition::Other),
];

/// The validated options of one county.
#[derive(Clone, Debug)]
pub struct Options {
    pub degrees: CodeTable<Level>,
    pub dispositions: CodeTable<Disposition>,
    pub max_line_bytes: usize,
}

/// A court's codes and their meanings. Codes match exactly after trimming spaces.
// TODO: replace with the SDK's code table once `clearway_sdk::codes` has one.
#[derive(Clone, Debug)]
pub struct CodeTable<T> {
    entries: BTreeMap<String, T>,
}

impl<T: Copy> CodeTable<T> {
    /// Returns the meaning of `code`, or `None` when the table lacks it.
    pub fn get(&self, code: &str) -> Option<T> {
        self.entries.get(code.trim()).copied()
    }
}

impl Options {
    /// Parses and checks the options JSON text. An error names the offending key and what
    /// is allowed there.
    pub fn parse(text: &str) -> Result<Options, String> {
        let text = if text.trim().is_empty() { "{}" } else { text };
        let value: Value = serde_json::from_str(text)
            .map_err(|error| format!("invalid [adapter.options]: not a JSON object ({error})"))?;
        let Value::Object(object) = value else {
            return Err("invalid [adapter.options]: expected a table".into());
        };

        if let Some(key) = object
            .keys()
            .find(|key| ![DEGREES, DISPOSITIONS, MAX_LINE_BYTES].contains(&key.as_str()))
        {
            return Err(format!(
                "unknown key `{key}` in [adapter.options]: the odyssey-json adapter takes \
                 `{DEGREES}`, `{DISPOSITIONS}` and `{MAX_LINE_BYTES}`"
            ));
        }

        Ok(Options {
            degrees: code_table(&object, DEGREES, LEVEL_MEANINGS)?,
            dispositions: code_table(&object, DISPOSITIONS, DISPOSITION_MEANINGS)?,
            max_line_bytes: max_line_bytes(&object)?,
        })
    }
}

fn code_table<T: Copy>(
    object: &Map<String, Value>,
    key: &str,
    meanings: &[(&str, T)],
) -> Result<CodeTable<T>, String> {
    let allowed = meanings
        .iter()
        .map(|(name, _)| format!("\"{name}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let Some(value) = object.get(key) else {
        return Err(format!(
            "missing key `{key}` in [adapter.options]: give a table of court codes, such as \
             {key} = {{ CODE = {} }}, with meanings {allowed}",
            allowed.split(", ").next().unwrap_or_default()
        ));
    };
    let Value::Object(table) = value else {
        return Err(format!(
            "invalid `{key}` in [adapter.options]: expected a table of court codes to {allowed}"
        ));
    };

    let mut entries = BTreeMap::new();
    for (code, meaning) in table {
        let found = meaning
            .as_str()
            .and_then(|meaning| meanings.iter().find(|(name, _)| *name == meaning));
        let Some((_, meaning)) = found else {
            return Err(format!(
                "invalid meaning of `{key}.{code}` in [adapter.options]: expected one of {allowed}"
            ));
        };
        let trimmed = code.trim();
        if trimmed.is_empty() {
            return Err(format!(
                "invalid code in `{key}` of [adapter.options]: a code must not be empty"
            ));
        }
        if entries.insert(trimmed.to_string(), *meaning).is_some() {
            return Err(format!(
                "duplicate code `{trimmed}` in `{key}` of [adapter.options]: codes are compared \
                 after trimming spaces, so give each once"
            ));
        }
    }
    Ok(CodeTable { entries })
}

fn max_line_bytes(object: &Map<String, Value>) -> Result<usize, String> {
    let Some(value) = object.get(MAX_LINE_BYTES) else {
        return Ok(DEFAULT_MAX_LINE_BYTES);
    };
    match value.as_u64() {
        Some(bytes) if LINE_BYTES_RANGE.contains(&bytes) => Ok(bytes as usize),
        _ => Err(format!(
            "invalid `{MAX_LINE_BYTES}` in [adapter.options]: expected a whole number of bytes \
             from {} to {}",
            LINE_BYTES_RANGE.start(),
            LINE_BYTES_RANGE.end()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLES: &str = r#""degrees":{"F":"felony"},"dispositions":{"CONV":"convicted"}"#;

    fn error(text: &str) -> String {
        Options::parse(text).expect_err("options are rejected")
    }

    #[test]
    fn tables_map_codes() {
        let options = Options::parse(&format!("{{{TABLES}}}")).unwrap();
        assert_eq!(options.degrees.get("F"), Some(Level::Felony));
        assert_eq!(options.degrees.get(" F "), Some(Level::Felony));
        assert_eq!(options.degrees.get("f"), None);
        assert_eq!(options.dispositions.get("CONV"), Some(Disposition::Convicted));
        assert_eq!(options.max_line_bytes, DEFAULT_MAX_LINE_BYTES);
    }

    #[test]
    fn unknown_key_is_named() {
        let message = error(&format!("{{{TABLES},\"degree\":{{}}}}"));
        assert!(message.contains("unknown key `degree`"), "{message}");
    }

    #[test]
    fn missing_table_is_named() {
        let message = error(r#"{"degrees":{}}"#);
        assert!(message.contains("missing key `dispositions`"), "{message}");
    }

    #[test]
    fn invalid_meaning_is_named() {
        let message = error(r#"{"degrees":{"F":"felon"},"dispositions":{}}"#);
        assert!(message.contains("`degrees.F`"), "{message}");
        assert!(message.contains("\"misdemeanor\""), "{message}");
        let message = error(r#"{"degrees":{},"dispositions":{"CONV":"pending"}}"#);
        assert!(message.contains("`dispositions.CONV`"), "{message}");
    }

    #[test]
    fn duplicate_code_after_trim() {
        let message = error(r#"{"degrees":{"F":"felony"," F":"misdemeanor"},"dispositions":{}}"#);
        assert!(message.contains("duplicate code `F`"), "{message}");
    }

    #[test]
    fn line_limit_range() {
        let options =
            Options::parse(&format!("{{{TABLES},\"max_line_bytes\":4096}}")).unwrap();
        assert_eq!(options.max_line_bytes, 4096);
        let message = error(&format!("{{{TABLES},\"max_line_bytes\":10}}"));
        assert!(message.contains("`max_line_bytes`"), "{message}");
    }
}
