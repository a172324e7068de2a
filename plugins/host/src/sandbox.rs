//! The wasmtime engine, the sandbox each adapter instance runs in, and calls into it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use sha2::{Digest, Sha256};
use wasmtime::component::{Component, HasSelf, Linker, ResourceAny, ResourceTable};
use wasmtime::{Config, Engine, Store, StoreLimits, StoreLimitsBuilder};
use wasmtime_wasi::p2::pipe::ClosedInputStream;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::cache::ArtifactCache;
use crate::convert::{self, HostBatch};
use crate::error::{AdapterError, FaultKind, LoadError};
use crate::stderr::CapturedStderr;

mod bindings {
    wasmtime::component::bindgen!({
        path: "../wit/v0.1.0",
        world: "adapter",
    });
}

use bindings::clearway::adapter::host::LogLevel;
use bindings::clearway::adapter::types as wit;
pub(crate) use bindings::clearway::adapter::types as bindings_types;

/// The version of the adapter interface this host implements.
pub const INTERFACE_VERSION: &str = "0.1.0";

/// The interval at which the epoch advances; call deadlines are counted in these ticks.
const EPOCH_TICK: Duration = Duration::from_millis(10);

/// Imports an adapter may have. A Rust guest built with `std` for `wasm32-wasip2` imports
/// these `wasi:cli` and `wasi:io` interfaces even if it never prints. The host satisfies
/// them with an empty environment, a closed stdin and a captured stderr. Any other import,
/// such as `wasi:filesystem`, `wasi:clocks`, `wasi:random` or `wasi:sockets`, is rejected.
const ALLOWED_IMPORTS: &[&str] = &[
    "clearway:adapter/types",
    "clearway:adapter/host",
    "wasi:cli/environment",
    "wasi:cli/exit",
    "wasi:cli/stdin",
    "wasi:cli/stdout",
    "wasi:cli/stderr",
    "wasi:cli/terminal-input",
    "wasi:cli/terminal-output",
    "wasi:cli/terminal-stdin",
    "wasi:cli/terminal-stdout",
    "wasi:cli/terminal-stderr",
    "wasi:io/error",
    "wasi:io/poll",
    "wasi:io/streams",
];

/// Resource limits and the compiled-artifact cache location.
#[derive(Clone, Debug)]
pub struct HostConfig {
    /// Maximum linear memory of one adapter instance, in bytes. Default 256 MiB.
    pub memory_limit: usize,
    /// Maximum wall time of one call into an adapter. Default 5 seconds.
    pub call_timeout: Duration,
    /// Folder for compiled adapters; `None` compiles every adapter at every start.
    pub cache_dir: Option<std::path::PathBuf>,
}

impl Default for HostConfig {
    fn default() -> HostConfig {
        HostConfig { memory_limit: 256 << 20, call_timeout: Duration::from_secs(5), cache_dir: None }
    }
}

/// The process-wide engine and linker, shared by every adapter loaded through it.
pub struct AdapterHost {
    engine: Engine,
    linker: Arc<Linker<SandboxState>>,
    config: HostConfig,
    cache: Option<ArtifactCache>,
    ticker_stop: Arc<AtomicBool>,
}

impl AdapterHost {
    /// Creates the engine and starts the thread that advances its epoch.
    pub fn new(config: HostConfig) -> anyhow::Result<AdapterHost> {
        let mut engine_config = Config::new();
        engine_config.wasm_component_model(true);
        engine_config.epoch_interruption(true);
        let engine = Engine::new(&engine_config)?;

        let mut linker = Linker::<SandboxState>::new(&engine);
        wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
        bindings::Adapter::add_to_linker::<SandboxState, HasSelf<SandboxState>>(&mut linker, |state| state)?;

        let cache = match &config.cache_dir {
            Some(dir) => match ArtifactCache::open(dir) {
                Ok(cache) => Some(cache),
                Err(error) => {
                    tracing::warn!(folder = %dir.display(), %error, "adapter cache unusable; compiling without it");
                    None
                }
            },
            None => None,
        };

        let ticker_stop = Arc::new(AtomicBool::new(false));
        spawn_epoch_ticker(engine.weak(), Arc::clone(&ticker_stop));

        Ok(AdapterHost { engine, linker: Arc::new(linker), config, cache, ticker_stop })
    }

    /// Compiles (or loads from the cache) an adapter, checks its imports and interface
    /// version, and reads its identity.
    pub fn load(&self, name: &str, wasm: &[u8]) -> Result<LoadedAdapter, LoadError> {
        let sha256 = hex(&Sha256::digest(wasm));
        let component = self.compile(name, wasm, &sha256)?;

        check_imports(name, &component, &self.engine)?;
        check_interface_version(name, &component, &self.engine)?;

        let pre = self
            .linker
            .instantiate_pre(&component)
            .map_err(|error| LoadError::Link { adapter: name.to_string(), detail: format!("{error:#}") })?;
        let pre = bindings::AdapterPre::new(pre)
            .map_err(|error| LoadError::Link { adapter: name.to_string(), detail: format!("{error:#}") })?;

        let mut adapter = LoadedAdapter {
            name: name.to_string(),
            sha256,
            pre,
            engine: self.engine.clone(),
            config: self.config.clone(),
            info: AdapterInfo::default(),
        };
        adapter.info = adapter.read_info()?;
        if adapter.info.interface_version != INTERFACE_VERSION {
            return Err(LoadError::InterfaceVersion {
                adapter: name.to_string(),
                adapter_version: adapter.info.interface_version.clone(),
                host_version: INTERFACE_VERSION.to_string(),
            });
        }
        Ok(adapter)
    }

    fn compile(&self, name: &str, wasm: &[u8], sha256: &str) -> Result<Component, LoadError> {
        let compile_error =
            |error: wasmtime::Error| LoadError::Compile { adapter: name.to_string(), detail: format!("{error:#}") };

        let Some(cache) = &self.cache else {
            return Component::new(&self.engine, wasm).map_err(compile_error);
        };
        if let Some(component) = cache.load(&self.engine, sha256) {
            tracing::debug!(adapter = name, "loaded compiled adapter from cache");
            return Ok(component);
        }
        let component = Component::new(&self.engine, wasm).map_err(compile_error)?;
        if let Err(error) = cache.store(&self.engine, sha256, &component) {
            tracing::warn!(adapter = name, %error, "could not cache compiled adapter");
        }
        Ok(component)
    }
}

impl Drop for AdapterHost {
    fn drop(&mut self) {
        self.ticker_stop.store(true, Ordering::Relaxed);
    }
}

/// Advances the engine's epoch every tick until the host is dropped. It holds only a weak
/// reference, so it never keeps the engine alive.
fn spawn_epoch_ticker(engine: wasmtime::EngineWeak, stop: Arc<AtomicBool>) {
    thread::Builder::new()
        .name("clearway-epoch".into())
        .spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                thread::sleep(EPOCH_TICK);
                match engine.upgrade() {
                    Some(engine) => engine.increment_epoch(),
                    None => break,
                }
            }
        })
        .expect("spawning the epoch thread failed");
}

/// Rejects a component with any import outside [`ALLOWED_IMPORTS`] and names every such
/// import, because the first alone can mislead. A guest that reads files lists
/// `wasi:clocks/wall-clock` before `wasi:filesystem/types`, since file times use its types.
fn check_imports(name: &str, component: &Component, engine: &Engine) -> Result<(), LoadError> {
    let forbidden: Vec<String> = component
        .component_type()
        .imports(engine)
        .map(|(import, _)| import)
        .filter(|import| !ALLOWED_IMPORTS.contains(&import.split('@').next().unwrap_or(import)))
        .map(|import| format!("`{import}`"))
        .collect();
    if !forbidden.is_empty() {
        return Err(LoadError::ForbiddenImport { adapter: name.to_string(), imports: forbidden.join(", ") });
    }
    Ok(())
}

/// Rejects an adapter whose exported `parser` interface is of an incompatible version.
///
/// Versions before 1.0 are compatible only within the same minor version, as in Cargo.
fn check_interface_version(name: &str, component: &Component, engine: &Engine) -> Result<(), LoadError> {
    let exported = component
        .component_type()
        .exports(engine)
        .map(|(export, _)| export.to_string())
        .find(|export| export.starts_with("clearway:adapter/parser"));
    let Some(export) = exported else {
        return Err(LoadError::NotAnAdapter { adapter: name.to_string() });
    };
    let version = export.split_once('@').map(|(_, version)| version).unwrap_or("unversioned");
    if !compatible(version, INTERFACE_VERSION) {
        return Err(LoadError::InterfaceVersion {
            adapter: name.to_string(),
            adapter_version: version.to_string(),
            host_version: INTERFACE_VERSION.to_string(),
        });
    }
    Ok(())
}

fn compatible(adapter: &str, host: &str) -> bool {
    let parts = |version: &str| -> Option<(u64, u64)> {
        let mut numbers = version.split('.').map(str::parse::<u64>);
        Some((numbers.next()?.ok()?, numbers.next()?.ok()?))
    };
    match (parts(adapter), parts(host)) {
        (Some((0, adapter_minor)), Some((0, host_minor))) => adapter_minor == host_minor,
        (Some((adapter_major, _)), Some((host_major, _))) => adapter_major == host_major,
        _ => false,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The adapter's identity as it reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct AdapterInfo {
    pub name: String,
    pub version: String,
    pub formats: Vec<String>,
    pub interface_version: String,
    pub subjects_contiguous: bool,
}

/// A compiled, checked adapter, ready to open a parser per input file.
pub struct LoadedAdapter {
    name: String,
    sha256: String,
    pre: bindings::AdapterPre<SandboxState>,
    engine: Engine,
    config: HostConfig,
    info: AdapterInfo,
}

impl LoadedAdapter {
    /// Returns the name the county configuration gave the adapter.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Returns the SHA-256 of the adapter's `.wasm` bytes, in lowercase hex.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    pub fn info(&self) -> &AdapterInfo {
        &self.info
    }

    /// Opens a parser for one input file in a fresh instance. `file` labels the file in
    /// the records and errors; `options` is the county's adapter options as JSON text, and
    /// `as_of` the run's as-of date, which adapters use to resolve two-digit years.
    pub fn open(&self, file: Arc<str>, options: &str, as_of: jiff::civil::Date) -> Result<FileParser<'_>, AdapterError> {
        let settings = wit::OpenSettings {
            options: options.to_string(),
            as_of: wit::PartialDate {
                year: as_of.year() as u16,
                month: Some(as_of.month() as u8),
                day: Some(as_of.day() as u8),
            },
        };
        let mut sandbox = self.instantiate().map_err(|error| self.fault(&file, 0, None, error))?;
        let opened = sandbox.call(self.config.call_timeout, |store, adapter| {
            adapter.clearway_adapter_parser().parser().call_open(store, &settings)
        });
        let resource = match opened {
            Ok(Ok(resource)) => resource,
            Ok(Err(message)) => {
                return Err(AdapterError::Rejected { adapter: self.name.clone(), file: file.to_string(), message });
            }
            Err(error) => return Err(self.fault(&file, 0, None, error)),
        };
        Ok(FileParser { adapter: self, file, sandbox: Some(sandbox), resource, rows_done: 0, bytes_done: 0 })
    }

    fn read_info(&self) -> Result<AdapterInfo, LoadError> {
        let load_error = |error: wasmtime::Error| LoadError::Fault {
            adapter: self.name.clone(),
            detail: format!("{:#}", describe_fault(&error, &self.config).1),
        };
        let mut sandbox = self.instantiate().map_err(load_error)?;
        let info = sandbox
            .call(self.config.call_timeout, |store, adapter| adapter.clearway_adapter_parser().call_info(store))
            .map_err(load_error)?;
        Ok(AdapterInfo {
            name: info.name,
            version: info.version,
            formats: info.formats,
            interface_version: info.interface_version,
            subjects_contiguous: info.subjects_contiguous,
        })
    }

    fn instantiate(&self) -> wasmtime::Result<Sandbox> {
        let stderr = CapturedStderr::default();
        let wasi = WasiCtx::builder().stdin(ClosedInputStream).stderr(stderr.clone()).build();
        let limits = StoreLimitsBuilder::new()
            .memory_size(self.config.memory_limit)
            .instances(4)
            .tables(16)
            .memories(4)
            .trap_on_grow_failure(true)
            .build();
        let state = SandboxState { wasi, table: ResourceTable::new(), limits, adapter: self.name.clone(), stderr };
        let mut store = Store::new(&self.engine, state);
        store.limiter(|state| &mut state.limits);
        store.set_epoch_deadline(deadline_ticks(self.config.call_timeout));
        store.epoch_deadline_trap();
        let adapter = self.pre.instantiate(&mut store)?;
        Ok(Sandbox { store, adapter })
    }

    fn fault(&self, file: &str, rows_done: u64, bytes: Option<(u64, u64)>, error: wasmtime::Error) -> AdapterError {
        let (kind, detail) = describe_fault(&error, &self.config);
        AdapterError::Fault {
            adapter: self.name.clone(),
            file: file.to_string(),
            kind,
            after_row: rows_done,
            bytes,
            detail,
        }
    }
}

/// Classifies a failed call and describes it without repeating guest output, which may
/// hold record content.
fn describe_fault(error: &wasmtime::Error, config: &HostConfig) -> (FaultKind, String) {
    if let Some(trap) = error.downcast_ref::<wasmtime::Trap>() {
        return match trap {
            wasmtime::Trap::Interrupt => (
                FaultKind::Timeout,
                format!("a call took longer than the limit of {} ms", config.call_timeout.as_millis()),
            ),
            wasmtime::Trap::UnreachableCodeReached => {
                (FaultKind::Panic, "the adapter panicked or aborted (unreachable instruction)".to_string())
            }
            other => (FaultKind::Trap, format!("the adapter trapped: {other}")),
        };
    }
    if let Some(exit) = error.downcast_ref::<wasmtime_wasi::I32Exit>() {
        let detail = format!(
            "the adapter called exit with status {}; an adapter must return an error from the call instead",
            exit.0
        );
        return (FaultKind::Trap, detail);
    }
    // The root cause leaves out the multi-line wasm backtrace that wasmtime adds as
    // context, whose function names the guest chooses.
    let cause = error.root_cause().to_string();
    if cause.contains("memory") && (cause.contains("limit") || cause.contains("grow")) {
        return (
            FaultKind::MemoryLimit,
            format!("the adapter exceeded its memory limit of {} MiB", config.memory_limit >> 20),
        );
    }
    (FaultKind::Trap, cause)
}

fn deadline_ticks(timeout: Duration) -> u64 {
    (timeout.as_millis() / EPOCH_TICK.as_millis()).max(1) as u64
}

/// The per-instance state a store carries.
pub(crate) struct SandboxState {
    wasi: WasiCtx,
    table: ResourceTable,
    limits: StoreLimits,
    adapter: String,
    stderr: CapturedStderr,
}

impl WasiView for SandboxState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

impl bindings::clearway::adapter::host::Host for SandboxState {
    /// Forwards an adapter's log line to `tracing`, under the adapter's name.
    fn log(&mut self, level: LogLevel, message: String) {
        let adapter = self.adapter.as_str();
        match level {
            LogLevel::Trace => tracing::trace!(target: "clearway::adapter", adapter, "{message}"),
            LogLevel::Debug => tracing::debug!(target: "clearway::adapter", adapter, "{message}"),
            LogLevel::Info => tracing::info!(target: "clearway::adapter", adapter, "{message}"),
            LogLevel::Warn => tracing::warn!(target: "clearway::adapter", adapter, "{message}"),
            LogLevel::Error => tracing::error!(target: "clearway::adapter", adapter, "{message}"),
        }
    }
}

impl bindings::clearway::adapter::types::Host for SandboxState {}

/// One live instance: its store and its exports.
struct Sandbox {
    store: Store<SandboxState>,
    adapter: bindings::Adapter,
}

impl Sandbox {
    /// Calls into the instance with a fresh deadline of `timeout`.
    fn call<R>(
        &mut self,
        timeout: Duration,
        call: impl FnOnce(&mut Store<SandboxState>, &bindings::Adapter) -> wasmtime::Result<R>,
    ) -> wasmtime::Result<R> {
        self.store.set_epoch_deadline(deadline_ticks(timeout));
        call(&mut self.store, &self.adapter)
    }

    /// Logs what the adapter wrote to standard error since the last call, at trace level
    /// only, because a guest's output may repeat record content.
    fn drain_stderr(&self) {
        let (captured, dropped) = self.store.data().stderr.take();
        if !captured.is_empty() {
            tracing::trace!(
                target: "clearway::adapter",
                adapter = self.store.data().adapter.as_str(),
                dropped_bytes = dropped,
                "stderr: {}",
                String::from_utf8_lossy(&captured)
            );
        }
    }
}

/// The parser of one input file inside its own instance.
///
/// After a fault the instance is dropped and every later call returns an error: a trapped
/// instance is never called again.
pub struct FileParser<'a> {
    adapter: &'a LoadedAdapter,
    file: Arc<str>,
    sandbox: Option<Sandbox>,
    resource: ResourceAny,
    rows_done: u64,
    bytes_done: u64,
}

impl FileParser<'_> {
    /// Data rows the adapter has finished so far.
    pub fn rows_done(&self) -> u64 {
        self.rows_done
    }

    /// Feeds the next chunk of the file.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<HostBatch, AdapterError> {
        let start = self.bytes_done;
        self.bytes_done += chunk.len() as u64;
        let resource = self.resource;
        let range = Some((start, self.bytes_done));
        self.call(range, |store, adapter| {
            adapter.clearway_adapter_parser().parser().call_feed(store, resource, chunk)
        })
    }

    /// Finishes the file and returns what the adapter still held.
    pub fn finish(mut self) -> Result<HostBatch, AdapterError> {
        let resource = self.resource;
        let end = Some((self.bytes_done, self.bytes_done));
        let batch = self.call(end, |store, adapter| adapter.clearway_adapter_parser().parser().call_finish(store, resource));
        if let Some(mut sandbox) = self.sandbox.take() {
            let _ = resource.resource_drop(&mut sandbox.store);
        }
        batch
    }

    fn call(
        &mut self,
        bytes: Option<(u64, u64)>,
        call: impl FnOnce(&mut Store<SandboxState>, &bindings::Adapter) -> wasmtime::Result<Result<wit::Batch, String>>,
    ) -> Result<HostBatch, AdapterError> {
        let adapter = self.adapter;
        let Some(sandbox) = self.sandbox.as_mut() else {
            return Err(AdapterError::Poisoned { adapter: adapter.name.clone(), file: self.file.to_string() });
        };
        let result = sandbox.call(adapter.config.call_timeout, call);
        sandbox.drain_stderr();
        match result {
            Ok(Ok(batch)) => {
                self.rows_done += batch.rows_read;
                Ok(convert::batch(batch, &self.file))
            }
            Ok(Err(message)) => {
                self.sandbox = None;
                Err(AdapterError::Rejected { adapter: adapter.name.clone(), file: self.file.to_string(), message })
            }
            Err(error) => {
                self.sandbox = None;
                Err(adapter.fault(&self.file, self.rows_done, bytes, error))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::compatible;

    #[test]
    fn pre_release_versions_match_on_minor() {
        assert!(compatible("0.1.0", "0.1.0"));
        assert!(compatible("0.1.3", "0.1.0"));
        assert!(!compatible("0.2.0", "0.1.0"));
        assert!(!compatible("1.0.0", "0.1.0"));
        assert!(!compatible("garbage", "0.1.0"));
    }
}
