//! Finding a county's configuration and its adapter.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clearway_core::config::{AdapterSource, CountyConfig, sha256_hex};

// BUILTIN_ADAPTERS, the adapters under adapters/, and BUILTIN_COUNTIES, the files under
// config/counties/, both made by build.rs. A built-in county is used when no file of that
// name is found on disk.
include!(concat!(env!("OUT_DIR"), "/builtin_adapters.rs"));

pub fn builtin_adapter_names() -> Vec<&'static str> {
    BUILTIN_ADAPTERS.iter().map(|(name, _)| *name).collect()
}

/// Resolves `--county`: a path to a TOML file as is, or a name looked up in
/// `$CLEARWAY_CONFIG_DIR/counties/`, then `./config/counties/`, then the built-in counties.
pub fn load(county: &str) -> anyhow::Result<CountyConfig> {
    let adapters = builtin_adapter_names();
    if county.ends_with(".toml") || county.contains('/') {
        let path = Path::new(county);
        if !path.exists() {
            bail!("county file {} not found", path.display());
        }
        return Ok(CountyConfig::load(path, &adapters)?);
    }

    let file_name = format!("{county}.toml");
    let mut searched = Vec::new();
    if let Some(dir) = std::env::var_os("CLEARWAY_CONFIG_DIR") {
        searched.push(PathBuf::from(dir).join("counties").join(&file_name));
    }
    searched.push(PathBuf::from("config").join("counties").join(&file_name));
    for path in &searched {
        if path.is_file() {
            tracing::info!(file = %path.display(), "county configuration");
            return Ok(CountyConfig::load(path, &adapters)?);
        }
    }

    if let Some((name, text)) = BUILTIN_COUNTIES.iter().find(|(name, _)| *name == county) {
        let label = PathBuf::from(format!("(built-in) counties/{name}.toml"));
        let mut config = CountyConfig::parse(&label, text, &adapters)?;
        config.sha256 = sha256_hex(text.as_bytes());
        return Ok(config);
    }

    let searched: Vec<String> = searched.iter().map(|path| path.display().to_string()).collect();
    let builtin: Vec<&str> = BUILTIN_COUNTIES.iter().map(|(name, _)| *name).collect();
    bail!(
        "unknown county `{county}`: no file {} and no built-in county of that name (built-in: {}); \
         pass a path to a county TOML file to use another",
        searched.join(" or "),
        builtin.join(", ")
    )
}

/// Returns the date the rules are applied as of: `--as-of` when given, else the county
/// file's `as_of`. The system clock is never used.
pub fn as_of(given: Option<jiff::civil::Date>, county: &CountyConfig) -> anyhow::Result<jiff::civil::Date> {
    match given.or(county.as_of) {
        Some(date) => Ok(date),
        None => bail!(
            "no as-of date: set `as_of` in {} or pass --as-of YYYY-MM-DD (the rules are never applied as of the system clock)",
            county.path.display()
        ),
    }
}

/// Returns the adapter's label and `.wasm` bytes, checking a file adapter's SHA-256 pin.
pub fn adapter_bytes(source: &AdapterSource) -> anyhow::Result<(String, Vec<u8>)> {
    match source {
        AdapterSource::Builtin(name) => {
            let (_, bytes) = BUILTIN_ADAPTERS
                .iter()
                .find(|(builtin, _)| builtin == name)
                .with_context(|| format!("no built-in adapter `{name}`"))?;
            Ok((name.clone(), bytes.to_vec()))
        }
        AdapterSource::File { path, sha256 } => {
            let bytes = std::fs::read(path).with_context(|| format!("cannot read adapter {}", path.display()))?;
            let actual = sha256_hex(&bytes);
            if &actual != sha256 {
                bail!(
                    "adapter {} has SHA-256 {actual}, but the county file pins {sha256}; \
                     check that the file is the one the county approved, then update the pin",
                    path.display()
                );
            }
            let label = path.file_stem().map_or_else(|| path.display().to_string(), |stem| stem.to_string_lossy().into_owned());
            Ok((label, bytes))
        }
    }
}
