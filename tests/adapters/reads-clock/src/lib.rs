//! A test adapter that reads the wall clock when it opens, so its component imports
//! `wasi:clocks`. The host must reject it at load and name that import, because an
//! adapter whose output depends on the clock would not give the same result every time.

use std::time::{SystemTime, UNIX_EPOCH};

use clearway_sdk::{Adapter, AdapterInfo, Batch, INTERFACE_VERSION, OpenSettings, Parser};

pub struct ReadsClock;

/// A parser that returns nothing; the adapter exists only for its imports.
pub struct Empty;

impl Adapter for ReadsClock {
    type Parser = Empty;

    fn info() -> AdapterInfo {
        AdapterInfo {
            name: "reads-clock".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            formats: vec!["none".into()],
            interface_version: INTERFACE_VERSION.into(),
            subjects_contiguous: true,
        }
    }

    fn open(_settings: &OpenSettings) -> Result<Empty, String> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|error| error.to_string())?;
        std::hint::black_box(now);
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

clearway_sdk::export_adapter!(ReadsClock);
