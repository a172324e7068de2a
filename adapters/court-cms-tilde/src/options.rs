//! The adapter's options: the county's `[adapter.options]` table.

use clearway_sdk::codes::{AdapterOptions, CodeTable, DispositionMeaning};

use crate::NAME;

/// The options key of the county name given to every charge.
pub const COUNTY_KEY: &str = "county";
/// The options key of the `Chg Disp` code table.
pub const DISPOSITIONS_KEY: &str = "dispositions";

/// The validated options.
#[derive(Debug, Clone)]
pub struct Options {
    /// The county of every charge, because the export has no county column.
    pub county: String,
    pub dispositions: CodeTable<DispositionMeaning>,
}

impl Options {
    /// Parses and checks the options JSON text. Errors name the key and what is allowed.
    pub fn parse(json: &str) -> Result<Options, String> {
        let options = AdapterOptions::parse(json)?;
        options.reject_unknown_keys(NAME, &[COUNTY_KEY, DISPOSITIONS_KEY])?;

        let county = match options.string(COUNTY_KEY)? {
            Some(county) if !county.is_empty() => county.to_string(),
            Some(_) => {
                return Err(format!(
                    "invalid value for {COUNTY_KEY} in [adapter.options]: the county's name is empty; set it, \
                     such as county = \"SAN FRANCISCO\""
                ));
            }
            None => {
                return Err(format!(
                    "missing key {COUNTY_KEY} in [adapter.options]: the {NAME} format has no county column, \
                     so set the county's name, such as county = \"SAN FRANCISCO\""
                ));
            }
        };
        let dispositions = options.code_table::<DispositionMeaning>(DISPOSITIONS_KEY)?.ok_or_else(|| {
            format!(
                "missing key {DISPOSITIONS_KEY} in [adapter.options]: the {NAME} format's charge disposition \
                 codes are set per court, so map each code, such as \
                 {DISPOSITIONS_KEY} = {{ \"110\" = \"convicted\", \"210\" = \"dismissed\" }}"
            )
        })?;
        Ok(Options { county, dispositions })
    }
}
