//! External checkers the tests run: the Python `frictionless` command and a
//! Python with `openpyxl`, installed by `.ci/run` into a virtualenv and
//! named by `KEIKAKU_FRICTIONLESS` and `KEIKAKU_PYTHON`. Without them a
//! local run skips those checks with a note; under `CI=true` a missing tool
//! is a failure.

#![allow(dead_code)]

use std::path::PathBuf;

/// The tool named by the environment variable `var`, or `None` (after
/// printing why) when it is absent outside CI. Panics under CI.
pub fn tool(var: &str) -> Option<PathBuf> {
    let found = std::env::var_os(var)
        .map(PathBuf::from)
        .filter(|p| p.exists());
    if found.is_none() {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(
            !ci,
            "{var} is not set to an existing program: .ci/run installs it (python3 -m venv target/ci-venv)"
        );
        eprintln!(
            "note: {var} is not set; skipping the check that needs it (run .ci/run to install it)"
        );
    }
    found
}

/// A fresh temporary directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("keikaku-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}
