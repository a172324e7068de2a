//! Loads Clearway county adapters and runs them in a sandbox.
//!
//! An adapter is a WebAssembly component built for the `clearway:adapter` interface (the
//! WIT files in `plugins/wit/`). The host compiles it once per process, or loads the
//! compiled artifact from its own cache, and checks at load that it imports nothing that
//! reaches the outside world. Each input file gets a fresh instance with its own memory
//! limit, and every call into the adapter runs under a wall-time deadline:
//!
//! ```no_run
//! use clearway_host::{AdapterHost, HostConfig};
//! # fn main() -> anyhow::Result<()> {
//! let host = AdapterHost::new(HostConfig::default())?;
//! let bytes = std::fs::read("adapter.wasm")?;
//! let adapter = host.load("my-county", &bytes)?;
//! let mut parser = adapter.open("input.csv".into(), "{}", jiff::civil::date(2019, 11, 11))?;
//! let batch = parser.feed(b"RECORD_ID,...\n")?;
//! let rest = parser.finish()?;
//! # let _ = (batch, rest);
//! # Ok(())
//! # }
//! ```
//!
//! The host converts what the adapter returns into [`clearway_core::schema`] values. It
//! reads no record format and applies no law. A trap, a limit hit or a panic inside an adapter
//! becomes an [`AdapterError`] that names the adapter and the rows involved, and the
//! instance that failed is never called again.

mod cache;
mod convert;
mod error;
mod sandbox;
mod stderr;

pub use convert::{HostBatch, RowDiagnostic, Severity, UnmappedCode};
pub use error::{AdapterError, FaultKind, LoadError};
pub use sandbox::{AdapterHost, AdapterInfo, FileParser, HostConfig, LoadedAdapter, INTERFACE_VERSION};
