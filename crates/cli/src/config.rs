//! Configuration in layers: built-in defaults, then a config file (TOML,
//! `--config` or `KEIKAKU_CONFIG`), then environment variables (`KEIKAKU_*`),
//! then command-line flags. See docs/operations.md.

use anyhow::{Context, Result};
use serde::Deserialize;
use std::path::Path;

/// Settings a config file may hold; every field optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Database URL.
    pub database_url: Option<String>,
    /// Municipality code.
    pub municipality: Option<String>,
    /// Address `keikaku serve` listens on.
    pub addr: Option<String>,
    /// Log filter, e.g. `info` or `keikaku_web=debug`.
    pub log: Option<String>,
    /// Always mark session cookies `Secure` (set when served over HTTPS;
    /// a proxy's `X-Forwarded-Proto: https` also does it per request).
    pub secure_cookies: Option<bool>,
    /// Minutes a staff session may sit idle (default 30).
    pub session_idle_minutes: Option<u32>,
    /// Hours a staff session lasts at most (default 12).
    pub session_max_hours: Option<u32>,
}

impl FileConfig {
    /// Reads a config file; unknown keys are errors (catches typos).
    pub fn read(path: &Path) -> Result<FileConfig> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the config file {}", path.display()))?;
        toml::from_str(&text)
            .with_context(|| format!("{} is not a valid keikaku config file", path.display()))
    }

    /// The file named by `--config` / `KEIKAKU_CONFIG`, or empty settings.
    pub fn load(path: Option<&Path>) -> Result<FileConfig> {
        path.map_or_else(|| Ok(FileConfig::default()), FileConfig::read)
    }
}
