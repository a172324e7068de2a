//! The county's `[adapter.options]` table: the court's code tables and the line-length limit.

use clearway_sdk::Level;
use clearway_sdk::codes::{AdapterOptions, CodeTable, DispositionMeaning, Meaning};

/// The table name of degree words, as the options and the run summary call it.
pub const DEGREES: &str = "degrees";
/// The table name of disposition words, as the options and the run summary call it.
pub const DISPOSITIONS: &str = "dispositions";
/// The option key that sets the maximum line length, in bytes.
pub const MAX_LINE_BYTES: &str = "max_line_bytes";

/// The maximum line length when the options do not set one: 1 MiB. A case with hundreds of
/// charges and events is an estimated 100 to 200 KB.
pub const DEFAULT_MAX_LINE_BYTES: usize = 1 << 20;
const LINE_BYTES_RANGE: std::ops::RangeInclusive<u64> = 1024..=(64 << 20);

/// The offense level a degree word stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LevelMeaning(pub Level);

impl Meaning for LevelMeaning {
    const NAMES: &'static [(&'static str, LevelMeaning)] = &[
        ("felony", LevelMeaning(Level::Felony)),
        ("misdemeanor", LevelMeaning(Level::Misdemeanor)),
        ("infraction", LevelMeaning(Level::Infraction)),
    ];
}

/// The validated options of one county.
#[derive(Clone, Debug)]
pub struct Options {
    pub degrees: CodeTable<LevelMeaning>,
    pub dispositions: CodeTable<DispositionMeaning>,
    pub max_line_bytes: usize,
}

impl Options {
    /// Parses and checks the options JSON text. An error names the offending key and what
    /// is allowed there.
    pub fn parse(text: &str) -> Result<Options, String> {
        let options = AdapterOptions::parse(text)?;
        options.reject_unknown_keys(crate::NAME, &[DEGREES, DISPOSITIONS, MAX_LINE_BYTES])?;
        Ok(Options {
            degrees: required_table(&options, DEGREES)?,
            dispositions: required_table(&options, DISPOSITIONS)?,
            max_line_bytes: max_line_bytes(&options)?,
        })
    }
}

/// Builds the code table at `key`, which every county must give, because without it each
/// code of the field would be unrecognized.
fn required_table<M: Meaning>(options: &AdapterOptions, key: &str) -> Result<CodeTable<M>, String> {
    options.code_table(key)?.ok_or_else(|| {
        let allowed: Vec<&str> = M::NAMES.iter().map(|(name, _)| *name).collect();
        format!(
            "missing key {key} in [adapter.options] for the {} adapter: give a table of the court's \
             codes, such as {key} = {{ CODE = \"{}\" }}; allowed values: {}",
            crate::NAME,
            allowed[0],
            allowed.join(", ")
        )
    })
}

fn max_line_bytes(options: &AdapterOptions) -> Result<usize, String> {
    let Some(value) = options.get(MAX_LINE_BYTES) else {
        return Ok(DEFAULT_MAX_LINE_BYTES);
    };
    match value.as_u64() {
        Some(bytes) if LINE_BYTES_RANGE.contains(&bytes) => Ok(bytes as usize),
        _ => Err(format!(
            "invalid value for {MAX_LINE_BYTES} in [adapter.options]: expected a whole number of \
             bytes from {} to {}",
            LINE_BYTES_RANGE.start(),
            LINE_BYTES_RANGE.end()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clearway_sdk::codes::Lookup;

    const TABLES: &str = r#""degrees":{"F":"felony"},"dispositions":{"CONV":"convicted"}"#;

    fn error(text: &str) -> String {
        Options::parse(text).expect_err("options are rejected")
    }

    #[test]
    fn tables_map_codes() {
        let options = Options::parse(&format!("{{{TABLES}}}")).unwrap();
        assert_eq!(options.degrees.lookup("F"), Lookup::Known(LevelMeaning(Level::Felony)));
        assert_eq!(options.degrees.lookup(" F "), Lookup::Known(LevelMeaning(Level::Felony)));
        assert_eq!(options.degrees.lookup("f"), Lookup::Unrecognized("f"));
        assert_eq!(options.dispositions.lookup("CONV"), Lookup::Known(DispositionMeaning::Convicted));
        assert_eq!(options.max_line_bytes, DEFAULT_MAX_LINE_BYTES);
    }

    #[test]
    fn unknown_key_is_named() {
        let message = error(&format!("{{{TABLES},\"degree\":{{}}}}"));
        assert!(message.contains("unknown key \"degree\""), "{message}");
    }

    #[test]
    fn missing_table_is_named() {
        let message = error(r#"{"degrees":{}}"#);
        assert!(message.contains("missing key dispositions"), "{message}");
    }

    #[test]
    fn invalid_meaning_is_named() {
        let message = error(r#"{"degrees":{"F":"felon"},"dispositions":{}}"#);
        assert!(message.contains("degrees.\"F\""), "{message}");
        assert!(message.contains("felony, misdemeanor, infraction"), "{message}");
        let message = error(r#"{"degrees":{},"dispositions":{"CONV":"guilty"}}"#);
        assert!(message.contains("dispositions.\"CONV\""), "{message}");
    }

    #[test]
    fn duplicate_code_after_trim() {
        let message = error(r#"{"degrees":{"F":"felony"," F":"misdemeanor"},"dispositions":{}}"#);
        assert!(message.contains("duplicate code"), "{message}");
    }

    #[test]
    fn line_limit_range() {
        let options =
            Options::parse(&format!("{{{TABLES},\"max_line_bytes\":4096}}")).unwrap();
        assert_eq!(options.max_line_bytes, 4096);
        let message = error(&format!("{{{TABLES},\"max_line_bytes\":10}}"));
        assert!(message.contains("max_line_bytes"), "{message}");
    }
}
