//! The cache of compiled adapters.
//!
//! Compiling an adapter takes far longer than loading its compiled artifact, so the host
//! keeps artifacts in a folder of its own, keyed by the adapter's SHA-256 and the engine's
//! compatibility hash. Loading an artifact runs native code that wasmtime trusts to be its
//! own output, so the host loads only files it wrote itself: the folder must belong to the
//! current user and be closed to everyone else (mode 0700), and files are written under a
//! temporary name and renamed into place.

use std::fs;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use wasmtime::Engine;
use wasmtime::component::Component;

pub(crate) struct ArtifactCache {
    dir: PathBuf,
}

impl ArtifactCache {
    /// Opens the cache folder, creating it with mode 0700, and checks its owner and mode.
    pub(crate) fn open(dir: &Path) -> anyhow::Result<ArtifactCache> {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("creating {}", dir.display()))?;
        let metadata = fs::metadata(dir).with_context(|| format!("reading {}", dir.display()))?;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let uid = unsafe { libc::geteuid() };
        if metadata.uid() != uid {
            bail!("{} belongs to another user", dir.display());
        }
        if metadata.permissions().mode() & 0o077 != 0 {
            bail!("{} is open to other users; it must have mode 0700", dir.display());
        }
        Ok(ArtifactCache { dir: dir.to_path_buf() })
    }

    fn path(&self, engine: &Engine, sha256: &str) -> PathBuf {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        self.dir.join(format!("{sha256}-{:016x}.cwasm", hasher.finish()))
    }

    /// Returns the cached artifact, or `None` when there is none or it cannot be used.
    pub(crate) fn load(&self, engine: &Engine, sha256: &str) -> Option<Component> {
        let path = self.path(engine, sha256);
        if !path.exists() {
            return None;
        }
        // SAFETY: the file was written by `store` below into a folder that only this user
        // can write, which `open` checked; wasmtime also checks that the artifact was
        // compiled by a compatible engine and rejects it otherwise.
        match unsafe { Component::deserialize_file(engine, &path) } {
            Ok(component) => Some(component),
            Err(error) => {
                tracing::debug!(file = %path.display(), %error, "ignoring unusable cached adapter");
                None
            }
        }
    }

    /// Writes the compiled artifact under a temporary name, then renames it into place.
    pub(crate) fn store(&self, engine: &Engine, sha256: &str, component: &Component) -> anyhow::Result<()> {
        let path = self.path(engine, sha256);
        let temporary = path.with_extension(format!("tmp{}", std::process::id()));
        let bytes = component.serialize().map_err(|error| anyhow::anyhow!("{error:#}"))?;
        let mut file = fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&temporary)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, &path)?;
        Ok(())
    }
}
