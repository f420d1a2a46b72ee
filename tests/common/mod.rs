//! Helpers shared by the integration tests: the real `khabar` binary, run on a temporary store.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// The project root (where `seeds/` lives).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn seeds() -> PathBuf {
    root().join("seeds")
}

/// `khabar --store STORE …` ready to run, from the project root.
pub fn khabar(store: &Path) -> Command {
    let mut c = Command::cargo_bin("khabar").expect("binary built");
    c.current_dir(root())
        .env_remove("KHABAR_STORE")
        .arg("--store")
        .arg(store);
    c
}

/// Runs a command and returns its standard output as text, asserting success.
pub fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "command failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Ingests the seeds into a fresh temporary store and returns it.
pub fn seeded_store() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    khabar(&store).arg("ingest").arg(seeds()).assert().success();
    dir
}
