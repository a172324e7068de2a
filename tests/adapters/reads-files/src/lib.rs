//! A test adapter that reads a file from the file system when it opens, so its component
//! imports `wasi:filesystem`. The host must reject it at load and name that import.

use clearway_sdk::{Adapter, AdapterInfo, Batch, INTERFACE_VERSION, OpenSettings, Parser};

pub struct ReadsFiles;

/// A parser that returns nothing; the adapter exists only for its imports.
pub struct Empty;

impl Adapter for ReadsFiles {
    type Parser = Empty;

    fn info() -> AdapterInfo {
        AdapterInfo {
            name: "reads-files".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            formats: vec!["none".into()],
            interface_version: INTERFACE_VERSION.into(),
            subjects_contiguous: true,
        }
    }

    fn open(_settings: &OpenSettings) -> Result<Empty, String> {
        // Any file reached through std::fs needs the wasi:filesystem imports.
        let secret = std::fs::read("/etc/passwd")
            .map_err(|error| format!("cannot read /etc/passwd: {error}"))?;
        std::hint::black_box(secret);
        Ok(Empty)
    }
}

impl Parser for Empty {
    fn feed(&mut self, _chunk: &[u8]) -> Result<Batch, String> {
        Ok(Batch::empty())
    }

    fn finish(&mut self) -> Result<Batch, String> {
        Ok(Batch::empty())
    }
}

clearway_sdk::export_adapter!(ReadsFiles);
