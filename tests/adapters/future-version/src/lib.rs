//! A test adapter built against its own WIT, `clearway:adapter@0.2.0`, which no host
//! implements yet. The 0.1.0 host must reject it at load, naming 0.2.0 and 0.1.0.

mod bindings {
    wit_bindgen::generate!({
        path: "wit",
        world: "adapter",
    });
}

use std::cell::Cell;

use bindings::exports::clearway::adapter::parser::{AdapterInfo, Guest, GuestParser, Parser};

struct FutureVersion;

/// Counts newline-terminated rows.
struct LineCounter {
    rows: Cell<u64>,
}

impl Guest for FutureVersion {
    type Parser = LineCounter;

    fn info() -> AdapterInfo {
        AdapterInfo {
            name: "future-version".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            interface_version: "0.2.0".into(),
        }
    }
}

impl GuestParser for LineCounter {
    fn open(_options: String) -> Result<Parser, String> {
        Ok(Parser::new(LineCounter { rows: Cell::new(0) }))
    }

    fn feed(&self, chunk: Vec<u8>) -> Result<u64, String> {
        let rows = chunk.iter().filter(|byte| **byte == b'\n').count() as u64;
        self.rows.set(self.rows.get() + rows);
        Ok(rows)
    }
}

// The export symbols are names only a WebAssembly linker accepts, so a native build
// such as `cargo test` leaves them out.
#[cfg(target_family = "wasm")]
bindings::export!(FutureVersion with_types_in bindings);
