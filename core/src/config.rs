//! County configuration files.
//!
//! A county's TOML file is read in two stages. Serde first reads it into raw structs that
//! reject unknown keys and out-of-range values. The raw values are then resolved into a
//! [`CountyConfig`] with cross-checks, such as a section in both lists or an adapter that
//! does not exist. Every error names the file, the line and the column, and says what is allowed.
//! `docs/county-config.md` documents every key.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Deserialize;
use toml::Spanned;

use crate::policy::{AdditionalRelief, Policy, Prop64Section};

/// A county's validated configuration.
#[derive(Clone, Debug)]
pub struct CountyConfig {
    /// The file it was read from.
    pub path: PathBuf,
    /// The SHA-256 of the file's bytes, in lowercase hex, for the run's provenance.
    pub sha256: String,
    /// The county as the records spell it, such as `SACRAMENTO`.
    pub name: String,
    pub adapter: AdapterSource,
    /// The `[adapter.options]` table as JSON text, handed to the adapter when it starts.
    pub adapter_options: String,
    /// The date the rules are applied as of; the command line may override it.
    pub as_of: Option<Date>,
    pub policy: Policy,
    pub limits: Limits,
}

/// The source of the county's adapter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdapterSource {
    /// An adapter built into the program, by name.
    Builtin(String),
    /// A `.wasm` component file, pinned by its SHA-256. A relative path is resolved
    /// against the folder of the county file.
    File { path: PathBuf, sha256: String },
}

/// Resource limits for the county's adapter and the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Limits {
    /// Maximum memory of one adapter instance, in MiB (16 to 4096; default 256).
    pub adapter_memory_mib: u32,
    /// Maximum wall time of one call into the adapter, in seconds (1 to 600; default 5).
    pub adapter_call_seconds: u32,
    /// Rows with a code missing from the county's code tables that a run tolerates before
    /// it fails (0 to 1,000,000,000); `None` tolerates any number.
    pub max_unmapped_codes: Option<u64>,
    /// Entries held in memory at most, for formats that spread a person's rows through the
    /// file and so must be read to the end before anyone is classified (1,000 to
    /// 1,000,000,000; default 4,000,000, about 4 GiB).
    pub max_held_entries: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { adapter_memory_mib: 256, adapter_call_seconds: 5, max_unmapped_codes: None, max_held_entries: 4_000_000 }
    }
}

/// An error in a county file, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line and column, when the error has a position.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCounty {
    name: Spanned<String>,
    adapter: Spanned<RawAdapter>,
    as_of: Option<Spanned<String>>,
    #[serde(default)]
    policy: RawPolicy,
    #[serde(default)]
    limits: RawLimits,
}

/// The `adapter` key: a built-in adapter's name, or a table. A hand-written visitor in
/// place of `#[serde(untagged)]` keeps the table's own errors, such as an unknown key with
/// its position, instead of one generic message.
enum RawAdapter {
    Name(String),
    Table(RawAdapterTable),
}

impl<'de> Deserialize<'de> for RawAdapter {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AdapterVisitor;

        impl<'de> serde::de::Visitor<'de> for AdapterVisitor {
            type Value = RawAdapter;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an adapter name such as \"ca-doj-research\", or a table with `builtin`, or `path` and `sha256`")
            }

            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<RawAdapter, E> {
                Ok(RawAdapter::Name(name.to_string()))
            }

            fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<RawAdapter, M::Error> {
                let table = RawAdapterTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RawAdapter::Table(table))
            }
        }

        deserializer.deserialize_any(AdapterVisitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAdapterTable {
    builtin: Option<String>,
    path: Option<String>,
    sha256: Option<String>,
    #[serde(default)]
    options: toml::Table,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    dismiss: Option<Spanned<Vec<SectionName>>>,
    reduce: Option<Spanned<Vec<SectionName>>>,
    #[serde(default)]
    dismiss_all_misdemeanors: bool,
    #[serde(default)]
    include_post_act: bool,
    #[serde(default)]
    attempts_as_target: bool,
    #[serde(default)]
    accept_code_corrections: bool,
    #[serde(default)]
    related_charges: Vec<RelatedSection>,
    age_margin_years: Option<Ranged<0, 10>>,
    #[serde(default)]
    additional_relief: RawAdditionalRelief,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAdditionalRelief {
    #[serde(default)]
    under_21_at_conviction: bool,
    age_at_least: Option<Ranged<40, 65>>,
    years_since_conviction: Option<Ranged<1, 15>>,
    years_crime_free: Option<Ranged<1, 15>>,
    #[serde(default)]
    only_prop64_convictions: bool,
    #[serde(default)]
    deceased: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    adapter_memory_mib: Option<Ranged<16, 4096>>,
    adapter_call_seconds: Option<Ranged<1, 600>>,
    max_unmapped_codes: Option<Ranged<0, 1_000_000_000>>,
    max_held_entries: Option<Ranged<1_000, 1_000_000_000>>,
}

/// An integer that must lie in `MIN..=MAX`; serde reports a value outside with its position.
#[derive(Clone, Copy, Debug)]
struct Ranged<const MIN: i64, const MAX: i64>(i64);

impl<'de, const MIN: i64, const MAX: i64> Deserialize<'de> for Ranged<MIN, MAX> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = i64::deserialize(deserializer)?;
        if (MIN..=MAX).contains(&value) {
            Ok(Ranged(value))
        } else {
            Err(serde::de::Error::custom(format!("{value} is out of range; allowed: {MIN} to {MAX}")))
        }
    }
}

/// One of the four Proposition 64 base sections, written as a string.
#[derive(Clone, Copy, Debug)]
struct SectionName(Prop64Section);

impl<'de> Deserialize<'de> for SectionName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Prop64Section::from_number(text.trim()).map(SectionName).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "\"{text}\" is not a Proposition 64 section; allowed: \"11357\", \"11358\", \"11359\", \"11360\""
            ))
        })
    }
}

/// A related-charge section such as `"PC 148"` or `"HS 11364"`: a code and a section number.
#[derive(Clone, Debug)]
struct RelatedSection(String);

impl<'de> Deserialize<'de> for RelatedSection {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let normalized = text.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase();
        let valid = match normalized.split_once(' ') {
            Some((code, section)) => {
                code.chars().all(|c| c.is_ascii_alphabetic() || c == '&')
                    && section.chars().next().is_some_and(|c| c.is_ascii_digit())
                    && section.chars().all(|c| c.is_ascii_alphanumeric() || "().".contains(c))
            }
            None => false,
        };
        if valid {
            Ok(RelatedSection(normalized))
        } else {
            Err(serde::de::Error::custom(format!(
                "\"{text}\" is not a code and section; write it like \"PC 148\" or \"HS 11364\""
            )))
        }
    }
}

impl CountyConfig {
    /// Reads and validates a county file. `builtin_adapters` lists the adapter names the
    /// program has built in.
    pub fn load(path: &Path, builtin_adapters: &[&str]) -> Result<CountyConfig, ConfigError> {
        let bytes = std::fs::read(path).map_err(|error| ConfigError {
            path: path.to_path_buf(),
            position: None,
            message: format!("cannot read the county file: {error}"),
        })?;
        let text = String::from_utf8(bytes.clone()).map_err(|_| ConfigError {
            path: path.to_path_buf(),
            position: None,
            message: "the county file is not valid UTF-8".to_string(),
        })?;
        let mut config = CountyConfig::parse(path, &text, builtin_adapters)?;
        config.sha256 = sha256_hex(&bytes);
        Ok(config)
    }

    /// Parses county TOML text; `path` is used for error messages and relative paths.
    pub fn parse(path: &Path, text: &str, builtin_adapters: &[&str]) -> Result<CountyConfig, ConfigError> {
        let error_at = |span: Option<Range<usize>>, message: String| ConfigError {
            path: path.to_path_buf(),
            position: span.map(|span| line_column(text, span.start)),
            message,
        };
        let raw: RawCounty = toml::from_str(text).map_err(|error| error_at(error.span(), error.message().to_string()))?;

        let name = raw.name.get_ref().trim().to_string();
        if name.is_empty() {
            return Err(error_at(Some(raw.name.span()), "`name` is empty; write the county as the records spell it".into()));
        }

        let adapter_span = raw.adapter.span();
        let (adapter, options) =
            resolve_adapter(path, raw.adapter.into_inner(), builtin_adapters).map_err(|message| error_at(Some(adapter_span.clone()), message))?;
        let adapter_options = serde_json::to_string(&options).map_err(|error| error_at(Some(adapter_span), format!("adapter options cannot be passed on: {error}")))?;

        let as_of = match &raw.as_of {
            Some(value) => Some(value.get_ref().trim().parse::<Date>().map_err(|_| {
                error_at(Some(value.span()), format!("`as_of` \"{}\" is not a date; write it as YYYY-MM-DD", value.get_ref()))
            })?),
            None => None,
        };

        let policy = resolve_policy(raw.policy).map_err(|(span, message)| error_at(Some(span), message))?;
        let limits = Limits {
            adapter_memory_mib: raw.limits.adapter_memory_mib.map_or(Limits::default().adapter_memory_mib, |v| v.0 as u32),
            adapter_call_seconds: raw.limits.adapter_call_seconds.map_or(Limits::default().adapter_call_seconds, |v| v.0 as u32),
            max_unmapped_codes: raw.limits.max_unmapped_codes.map(|v| v.0 as u64),
            max_held_entries: raw.limits.max_held_entries.map_or(Limits::default().max_held_entries, |v| v.0 as u64),
        };

        Ok(CountyConfig {
            path: path.to_path_buf(),
            sha256: sha256_hex(text.as_bytes()),
            name,
            adapter,
            adapter_options,
            as_of,
            policy,
            limits,
        })
    }
}

fn resolve_adapter(
    config_path: &Path,
    raw: RawAdapter,
    builtin_adapters: &[&str],
) -> Result<(AdapterSource, toml::Table), String> {
    let known = || builtin_adapters.join(", ");
    let builtin = |name: String| {
        if builtin_adapters.contains(&name.as_str()) {
            Ok(AdapterSource::Builtin(name))
        } else {
            Err(format!("unknown built-in adapter `{name}`; built-in adapters: {}", known()))
        }
    };
    match raw {
        RawAdapter::Name(name) => Ok((builtin(name)?, toml::Table::new())),
        RawAdapter::Table(table) => {
            let source = match (table.builtin, table.path, table.sha256) {
                (Some(name), None, None) => builtin(name)?,
                (None, Some(path), Some(sha256)) => {
                    let sha256 = sha256.trim().to_ascii_lowercase();
                    if sha256.len() != 64 || !sha256.chars().all(|c| c.is_ascii_hexdigit()) {
                        return Err("`sha256` must be 64 hexadecimal digits, the SHA-256 of the .wasm file".into());
                    }
                    let base = config_path.parent().unwrap_or(Path::new("."));
                    AdapterSource::File { path: base.join(path), sha256 }
                }
                (None, Some(_), None) => {
                    return Err("an adapter given by `path` must be pinned with `sha256`, the SHA-256 of the .wasm file".into());
                }
                _ => return Err("give the adapter either as `builtin = \"name\"` or as `path` and `sha256`".into()),
            };
            Ok((source, table.options))
        }
    }
}

fn resolve_policy(raw: RawPolicy) -> Result<Policy, (Range<usize>, String)> {
    let sections = |list: &Option<Spanned<Vec<SectionName>>>| -> Vec<Prop64Section> {
        list.as_ref().map(|list| list.get_ref().iter().map(|s| s.0).collect()).unwrap_or_default()
    };
    let dismiss = sections(&raw.dismiss);
    let reduce = sections(&raw.reduce);
    if let Some(both) = dismiss.iter().find(|section| reduce.contains(section)) {
        return Err((
            raw.reduce.as_ref().map_or(0..0, |list| list.span()),
            format!("section {} is in both `dismiss` and `reduce`; put it in one list", both.number()),
        ));
    }

    let relief = raw.additional_relief;
    Ok(Policy {
        dismiss: dedup_sorted(dismiss),
        reduce: dedup_sorted(reduce),
        dismiss_all_misdemeanors: raw.dismiss_all_misdemeanors,
        include_post_act: raw.include_post_act,
        attempts_as_target: raw.attempts_as_target,
        accept_code_corrections: raw.accept_code_corrections,
        related_charges: raw.related_charges.into_iter().map(|s| s.0).collect(),
        age_margin_years: raw.age_margin_years.map_or(Policy::default().age_margin_years, |v| v.0 as u8),
        additional_relief: AdditionalRelief {
            under_21_at_conviction: relief.under_21_at_conviction,
            age_at_least: relief.age_at_least.map(|v| v.0 as u8),
            years_since_conviction: relief.years_since_conviction.map(|v| v.0 as u8),
            years_crime_free: relief.years_crime_free.map(|v| v.0 as u8),
            only_prop64_convictions: relief.only_prop64_convictions,
            deceased: relief.deceased,
        },
    })
}

fn dedup_sorted(mut sections: Vec<Prop64Section>) -> Vec<Prop64Section> {
    sections.sort();
    sections.dedup();
    sections
}

/// Returns the 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// SHA-256 in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUILTIN: &[&str] = &["ca-doj-research"];

    fn parse(text: &str) -> Result<CountyConfig, ConfigError> {
        CountyConfig::parse(Path::new("county.toml"), text, BUILTIN)
    }

    #[test]
    fn full_file_resolves() {
        let config = parse(
            r#"
name = "SACRAMENTO"
adapter = "ca-doj-research"
as_of = "2019-11-11"

[policy]
dismiss = ["11357", "11358"]
reduce = ["11359", "11360"]
dismiss_all_misdemeanors = true

[policy.additional_relief]
under_21_at_conviction = true
age_at_least = 57
years_since_conviction = 10
only_prop64_convictions = true
deceased = true
"#,
        )
        .unwrap();
        assert_eq!(config.name, "SACRAMENTO");
        assert_eq!(config.adapter, AdapterSource::Builtin("ca-doj-research".into()));
        assert_eq!(config.as_of, Some(jiff::civil::date(2019, 11, 11)));
        assert_eq!(config.policy.dismiss, vec![Prop64Section::S11357, Prop64Section::S11358]);
        assert_eq!(config.policy.additional_relief.age_at_least, Some(57));
        assert_eq!(config.policy.additional_relief.years_crime_free, None);
        assert!(config.policy.dismiss_all_misdemeanors);
        assert_eq!(config.limits, Limits::default());
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let error = parse("name = \"X\"\nadapter = \"ca-doj-research\"\n[policy]\ndismis = [\"11357\"]\n").unwrap_err();
        assert_eq!(error.position, Some((4, 1)));
        assert!(error.message.contains("dismis"), "{error}");
        assert!(error.message.contains("dismiss"), "message lists the allowed keys: {error}");
    }

    #[test]
    fn out_of_range_age_names_range() {
        let error = parse("name = \"X\"\nadapter = \"ca-doj-research\"\n[policy.additional_relief]\nage_at_least = 30\n").unwrap_err();
        assert_eq!(error.position.map(|p| p.0), Some(4));
        assert!(error.message.contains("40 to 65"), "{error}");
    }

    #[test]
    fn section_in_both_lists_is_rejected() {
        let error =
            parse("name = \"X\"\nadapter = \"ca-doj-research\"\n[policy]\ndismiss = [\"11357\"]\nreduce = [\"11357\"]\n").unwrap_err();
        assert_eq!(error.position.map(|p| p.0), Some(5));
        assert!(error.message.contains("both"), "{error}");
    }

    #[test]
    fn look_alike_section_is_rejected() {
        let error = parse("name = \"X\"\nadapter = \"ca-doj-research\"\n[policy]\ndismiss = [\"11357.5\"]\n").unwrap_err();
        assert!(error.message.contains("not a Proposition 64 section"), "{error}");
    }

    #[test]
    fn unknown_builtin_adapter_lists_known() {
        let error = parse("name = \"X\"\nadapter = \"nope\"\n").unwrap_err();
        assert_eq!(error.position, Some((2, 11)));
        assert!(error.message.contains("ca-doj-research"), "{error}");
    }

    #[test]
    fn file_adapter_needs_pin() {
        let error = parse("name = \"X\"\nadapter = { path = \"a.wasm\" }\n").unwrap_err();
        assert!(error.message.contains("sha256"), "{error}");
    }

    #[test]
    fn file_adapter_resolves_against_config_folder() {
        let sha = "a".repeat(64);
        let config = CountyConfig::parse(
            Path::new("/etc/clearway/x.toml"),
            &format!("name = \"X\"\nadapter = {{ path = \"a.wasm\", sha256 = \"{sha}\" }}\n"),
            BUILTIN,
        )
        .unwrap();
        assert_eq!(config.adapter, AdapterSource::File { path: PathBuf::from("/etc/clearway/a.wasm"), sha256: sha });
    }

    #[test]
    fn bad_as_of_is_rejected() {
        let error = parse("name = \"X\"\nadapter = \"ca-doj-research\"\nas_of = \"11/11/2019\"\n").unwrap_err();
        assert_eq!(error.position.map(|p| p.0), Some(3));
        assert!(error.message.contains("YYYY-MM-DD"), "{error}");
    }

    #[test]
    fn unknown_adapter_table_key_is_named() {
        let error = parse("name = \"X\"\n[adapter]\nbuiltn = \"ca-doj-research\"\n").unwrap_err();
        assert!(error.message.contains("builtn"), "{error}");
        assert!(error.message.contains("builtin"), "the message lists the allowed keys: {error}");
        assert!(error.position.is_some(), "{error}");
    }

    #[test]
    fn adapter_options_become_json() {
        let config = parse("name = \"X\"\n[adapter]\nbuiltin = \"ca-doj-research\"\n[adapter.options]\nencoding = \"latin1\"\n").unwrap();
        assert_eq!(config.adapter_options, r#"{"encoding":"latin1"}"#);
    }
}
