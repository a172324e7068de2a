//! An adapter's standard error, captured for the host's trace log.
//!
//! A guest's writes to stderr always succeed, because Rust's `eprintln!` panics when a
//! write fails, and an adapter must not die for printing. The host keeps at most
//! [`CapturedStderr::CAPACITY`] bytes between two drains and counts the rest as dropped,
//! so a guest that prints without end cannot grow the host's memory.

use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use wasmtime_wasi::async_trait;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamResult};

/// The shared buffer behind every stderr stream of one instance.
#[derive(Clone, Default)]
pub(crate) struct CapturedStderr(Arc<Mutex<Captured>>);

#[derive(Default)]
struct Captured {
    bytes: Vec<u8>,
    dropped: usize,
}

impl CapturedStderr {
    /// Bytes kept between two calls to [`CapturedStderr::take`].
    pub(crate) const CAPACITY: usize = 64 * 1024;

    /// Bytes the guest may write in one `write` call.
    const WRITE_PERMIT: usize = 4096;

    /// Removes and returns the bytes kept since the last call, with the count of bytes dropped.
    pub(crate) fn take(&self) -> (Vec<u8>, usize) {
        let mut captured = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let dropped = std::mem::take(&mut captured.dropped);
        (std::mem::take(&mut captured.bytes), dropped)
    }
}

impl IsTerminal for CapturedStderr {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for CapturedStderr {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }

    /// Returns a stream that discards everything. Wasmtime 48 asks for it only for WASIp3
    /// guests, and the host links only the WASIp2 interfaces, which use `p2_stream`.
    fn async_stream(&self) -> Box<dyn tokio::io::AsyncWrite + Send + Sync> {
        Box::new(tokio::io::sink())
    }
}

#[async_trait]
impl Pollable for CapturedStderr {
    async fn ready(&mut self) {}
}

impl OutputStream for CapturedStderr {
    fn write(&mut self, bytes: Bytes) -> StreamResult<()> {
        let mut captured = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let room = Self::CAPACITY.saturating_sub(captured.bytes.len());
        let kept = bytes.len().min(room);
        captured.bytes.extend_from_slice(&bytes[..kept]);
        captured.dropped += bytes.len() - kept;
        Ok(())
    }

    fn flush(&mut self) -> StreamResult<()> {
        Ok(())
    }

    fn check_write(&mut self) -> StreamResult<usize> {
        Ok(Self::WRITE_PERMIT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflow_is_dropped_not_failed() {
        let stderr = CapturedStderr::default();
        let mut stream = stderr.p2_stream();
        let total = CapturedStderr::CAPACITY + 6000;
        for _ in 0..total / 1000 {
            assert!(stream.write(Bytes::from(vec![b'x'; 1000])).is_ok());
        }

        let (kept, dropped) = stderr.take();
        assert_eq!(kept.len(), CapturedStderr::CAPACITY);
        assert_eq!(dropped, total / 1000 * 1000 - CapturedStderr::CAPACITY);
        assert_eq!(stderr.take(), (Vec::new(), 0), "take empties the buffer");

        assert!(stream.write(Bytes::from_static(b"next call")).is_ok());
        assert_eq!(stderr.take().0, b"next call");
    }
}
