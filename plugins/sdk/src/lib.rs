//! The crate a Clearway county adapter depends on.
//!
//! An adapter is plain Rust: a type that implements [`Adapter`] for its format and a parser
//! type that implements [`Parser`]. One line exports it as a WebAssembly component:
//!
//! ```ignore
//! use clearway_sdk::{Adapter, AdapterInfo, Batch, OpenSettings, Parser};
//!
//! struct MyCounty;
//! struct MyParser { /* format state */ }
//!
//! impl Adapter for MyCounty {
//!     type Parser = MyParser;
//!     fn info() -> AdapterInfo { /* name, version, formats */ }
//!     fn open(settings: &OpenSettings) -> Result<MyParser, String> { Ok(MyParser { }) }
//! }
//!
//! impl Parser for MyParser {
//!     fn feed(&mut self, chunk: &[u8]) -> Result<Batch, String> { /* ... */ }
//!     fn finish(&mut self) -> Result<Batch, String> { /* ... */ }
//! }
//!
//! clearway_sdk::export_adapter!(MyCounty);
//! ```
//!
//! The record types ([`Subject`], [`Charge`], [`Diagnostic`] and the rest) are the ones the
//! adapter interface defines, so an adapter's own `cargo test` runs it natively with no
//! WebAssembly involved. The adapter never decides what a record means in law: it hands
//! statute text, levels and dispositions over as the record has them, with their field.

pub mod codes;
pub mod csv_records;
pub mod dates;
pub mod fields;
pub mod fixed;
pub mod names;
pub mod text;
pub mod years;

#[doc(hidden)]
pub mod bindings {
    wit_bindgen::generate!({
        path: "../wit/v0.1.0",
        world: "adapter",
        pub_export_macro: true,
        export_macro_name: "export_bindings",
        default_bindings_module: "clearway_sdk::bindings",
        generate_all,
    });
}

use bindings::exports::clearway::adapter::parser as exported;

pub use bindings::clearway::adapter::host::LogLevel;
pub use bindings::clearway::adapter::types::{
    AdapterInfo, Batch, Charge, Diagnostic, Disposition, FieldText, Level, OpenSettings, PartialDate,
    SentenceKind, SentencePart, Severity, StepKind, Subject, TimeUnit, UnmappedCode,
};

/// The version of the adapter interface this SDK builds against.
pub const INTERFACE_VERSION: &str = "0.1.0";

impl AdapterInfo {
    /// Builds the identity of an adapter that reads one format of its own name, built for
    /// this SDK's [`INTERFACE_VERSION`]. Pass `env!("CARGO_PKG_VERSION")` as the version.
    pub fn single_format(name: &str, version: &str, subjects_contiguous: bool) -> AdapterInfo {
        AdapterInfo {
            name: name.to_string(),
            version: version.to_string(),
            formats: vec![name.to_string()],
            interface_version: INTERFACE_VERSION.to_string(),
            subjects_contiguous,
        }
    }
}

impl Batch {
    /// A batch with nothing in it.
    pub fn empty() -> Batch {
        Batch { subjects: Vec::new(), diagnostics: Vec::new(), rows_read: 0, rows_used: 0, unmapped: Vec::new() }
    }
}

impl OpenSettings {
    /// Builds settings from options JSON text and an as-of date given as year, month, day.
    pub fn new(options: &str, as_of: (u16, u8, u8)) -> OpenSettings {
        let (year, month, day) = as_of;
        OpenSettings { options: options.to_string(), as_of: PartialDate { year, month: Some(month), day: Some(day) } }
    }
}

/// One county format: its identity and how to open a parser for one input file.
pub trait Adapter: 'static {
    type Parser: Parser + 'static;

    /// Returns the adapter's identity. Set `interface_version` to [`INTERFACE_VERSION`].
    fn info() -> AdapterInfo;

    /// Opens a parser for one input file. `settings.options` is the county's
    /// `[adapter.options]` table as JSON text (`{}` when the county sets none).
    fn open(settings: &OpenSettings) -> Result<Self::Parser, String>;
}

/// The parser of one input file, fed its bytes in order.
pub trait Parser {
    /// Parses the next chunk, which may end anywhere, even inside a row or a character.
    fn feed(&mut self, chunk: &[u8]) -> Result<Batch, String>;

    /// Parses what is left at the end of the input and returns every subject still held.
    fn finish(&mut self) -> Result<Batch, String>;
}

/// Sends a message to the host's log. Natively (in an adapter's own tests) it does nothing.
///
/// Never log personal data: names, dates of birth and ids stay out of every log line.
pub fn log(level: LogLevel, message: &str) {
    #[cfg(target_family = "wasm")]
    bindings::clearway::adapter::host::log(level, message);
    #[cfg(not(target_family = "wasm"))]
    let _ = (level, message);
}

/// The component glue for an [`Adapter`]; [`export_adapter!`] names it.
#[doc(hidden)]
pub struct Exported<A: Adapter>(std::cell::RefCell<A::Parser>);

impl<A: Adapter> exported::GuestParser for Exported<A> {
    fn open(settings: OpenSettings) -> Result<exported::Parser, String> {
        let parser = A::open(&settings)?;
        Ok(exported::Parser::new(Exported::<A>(std::cell::RefCell::new(parser))))
    }

    fn feed(&self, chunk: Vec<u8>) -> Result<Batch, String> {
        self.0.borrow_mut().feed(&chunk)
    }

    fn finish(&self) -> Result<Batch, String> {
        self.0.borrow_mut().finish()
    }
}

/// Exports an [`Adapter`] implementation as the component's `parser` interface.
///
/// The export symbols have names that only a WebAssembly linker accepts, so the macro
/// expands to nothing in a native build, such as the adapter's own `cargo test`.
#[macro_export]
macro_rules! export_adapter {
    ($adapter:ty) => {
        #[cfg(target_family = "wasm")]
        const _: () = {
            struct ClearwayExportedAdapter;

            impl $crate::bindings::exports::clearway::adapter::parser::Guest for ClearwayExportedAdapter {
                type Parser = $crate::Exported<$adapter>;

                fn info() -> $crate::AdapterInfo {
                    <$adapter as $crate::Adapter>::info()
                }
            }

            $crate::bindings::export_bindings!(ClearwayExportedAdapter with_types_in $crate::bindings);
        };
    };
}
