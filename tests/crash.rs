//! Crash safety: `khabar ingest` killed with SIGKILL at many points leaves a store that opens,
//! and the next plain `khabar ingest` brings it to exactly the state of a clean run.

mod common;

use common::{khabar, root, seeds, stdout};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A small deterministic generator (xorshift64*), so a failing kill point can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn export(store: &std::path::Path) -> String {
    stdout(khabar(store).args(["export", "--format", "nquads"]))
}

#[test]
fn ingest_killed_at_random_points_recovers_to_a_clean_run() {
    let inputs = [seeds(), root().join("tests/corpus/dev")];
    let clean_dir = tempfile::tempdir().unwrap();
    let clean = clean_dir.path().join("store");
    let started = Instant::now();
    stdout(khabar(&clean).arg("ingest").args(&inputs));
    // How long a whole ingest takes here: kill points are spread over it (and a little past).
    let span = started.elapsed().as_micros().max(1) as u64;
    let expected = export(&clean);

    let bin = assert_cmd::cargo::cargo_bin("khabar");
    let mut rng = Rng(0x4b48_4142_4152);
    let mut killed_mid_run = 0;
    let mut round = 0;
    // Rounds continue until 20 kills have landed while ingest was still running.
    while killed_mid_run < 20 && round < 80 {
        round += 1;
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("store");
        // Odd rounds kill a forced re-ingest over a complete store (documents being replaced);
        // even rounds kill a first ingest into an empty store.
        let forced = round % 2 == 1;
        if forced {
            stdout(khabar(&store).arg("ingest").args(&inputs));
        }
        let delay = Duration::from_micros(rng.next() % span);
        let mut child = Command::new(&bin)
            .current_dir(root())
            .env_remove("KHABAR_STORE")
            .arg("--store")
            .arg(&store)
            .arg("ingest")
            .args(forced.then_some("--force"))
            .args(&inputs)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("khabar starts");
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            killed_mid_run += 1;
        }
        child.kill().ok(); // SIGKILL; an error only means it had already exited
        child.wait().unwrap();

        // The store opens (or, killed before it was created, does not exist yet) …
        if store.join("CURRENT").exists() {
            stdout(khabar(&store).arg("stats"));
        }
        // … and a plain ingest (no --force) reaches exactly the clean state.
        stdout(khabar(&store).arg("ingest").args(&inputs));
        let got = export(&store);
        assert!(
            got == expected,
            "round {round} (killed after {delay:?}, forced: {forced}): export differs from a clean run"
        );
    }
    assert!(
        killed_mid_run >= 20,
        "only {killed_mid_run} of {round} kills landed while ingest was running"
    );
}
