//! Errors from loading and running adapters.
//!
//! Messages name the adapter and, for faults while parsing, the file, the last row the
//! adapter finished and the byte range it was handed. They never repeat guest output or
//! record content.

use thiserror::Error;

/// An error that stops an adapter from loading.
#[derive(Debug, Error)]
pub enum LoadError {
    #[error("adapter `{adapter}` is not a valid WebAssembly component: {detail}")]
    Compile { adapter: String, detail: String },

    #[error(
        "adapter `{adapter}` imports {imports}, which reach outside the sandbox; adapters may import \
         only the clearway:adapter host interface and the wasi:cli and wasi:io interfaces of a std guest"
    )]
    ForbiddenImport {
        adapter: String,
        /// Every import outside the allowlist, each in backquotes, separated by commas.
        imports: String,
    },

    #[error("adapter `{adapter}` does not export the clearway:adapter/parser interface")]
    NotAnAdapter { adapter: String },

    #[error(
        "adapter `{adapter}` was built for adapter interface {adapter_version}, but this host implements \
         {host_version}; rebuild the adapter against clearway-sdk for {host_version}"
    )]
    InterfaceVersion { adapter: String, adapter_version: String, host_version: String },

    #[error("adapter `{adapter}` could not be linked: {detail}")]
    Link { adapter: String, detail: String },

    #[error("adapter `{adapter}` failed while reporting its identity: {detail}")]
    Fault { adapter: String, detail: String },
}

/// The kind of fault inside an adapter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FaultKind {
    /// A call ran past its wall-time limit.
    Timeout,
    /// The instance tried to grow its memory past the limit.
    MemoryLimit,
    /// The guest panicked or aborted.
    Panic,
    /// Any other trap.
    Trap,
}

impl FaultKind {
    pub fn code(self) -> &'static str {
        match self {
            FaultKind::Timeout => "adapter-timeout",
            FaultKind::MemoryLimit => "adapter-memory-limit",
            FaultKind::Panic => "adapter-panic",
            FaultKind::Trap => "adapter-trap",
        }
    }
}

/// An error that stopped parsing a file through an adapter.
#[derive(Debug, Error)]
pub enum AdapterError {
    #[error(
        "adapter `{adapter}` failed on {file}: {detail}; rows after row {after_row} were not processed{}",
        bytes_note(*bytes)
    )]
    Fault {
        adapter: String,
        file: String,
        kind: FaultKind,
        /// Data rows the adapter had finished before the failing call.
        after_row: u64,
        /// The byte range of the file handed to the failing call.
        bytes: Option<(u64, u64)>,
        detail: String,
    },

    #[error("adapter `{adapter}` cannot read {file}: {message}")]
    Rejected { adapter: String, file: String, message: String },

    #[error("adapter `{adapter}` already failed on {file} and was not called again")]
    Poisoned { adapter: String, file: String },
}

fn bytes_note(bytes: Option<(u64, u64)>) -> String {
    match bytes {
        Some((start, end)) if end > start => format!(" (the failing call was handed bytes {start} to {end})"),
        Some((end, _)) => format!(" (the failure came at the end of the input, byte {end})"),
        None => String::new(),
    }
}
