//! Extraction quality as CI sees it: the real binary ingests the seed articles (and the
//! development articles), the saved query `event-roles` is scored against the gold
//! annotations with the team's scorer, and each figure must stay at or above its acceptance
//! threshold. A regression in any rule turns this red.

mod common;

use common::{khabar, root, seeds, stdout};
use std::collections::BTreeMap;
use std::process::Command;

/// Runs the scorer and parses its summary line (`recall=0.94 precision=1.00 …`).
fn score(csv: &std::path::Path, gold: &str) -> BTreeMap<String, f64> {
    let out = Command::new("python3")
        .arg(root().join("tests/eval/score.py"))
        .arg(csv)
        .arg(root().join("tests/gold").join(gold))
        .arg("--entities")
        .arg(root().join("tests/gold/entities.jsonl"))
        .output()
        .expect("python3 runs the scorer");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let last = text.lines().last().unwrap_or("");
    println!("{gold}: {last}");
    last.split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), v.parse().unwrap_or(f64::NAN)))
        .collect()
}

fn event_roles(paths: &[std::path::PathBuf]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let mut ingest = khabar(&store);
    ingest.arg("ingest").args(paths);
    stdout(&mut ingest);
    let csv = stdout(khabar(&store).args(["query", "event-roles", "--format", "csv"]));
    let path = dir.path().join("event-roles.csv");
    std::fs::write(&path, csv).unwrap();
    (dir, path)
}

fn at_least(scores: &BTreeMap<String, f64>, what: &str, floor: f64) {
    let v = scores.get(what).copied().unwrap_or(f64::NAN);
    assert!(v >= floor, "{what} = {v}, below {floor}: {scores:?}");
}

#[test]
fn seed_articles_meet_the_acceptance_thresholds() {
    let (_dir, csv) = event_roles(&[seeds()]);
    let s = score(&csv, "seeds.jsonl");
    at_least(&s, "recall", 0.90);
    at_least(&s, "precision", 0.90);
    at_least(&s, "status", 0.85);
    at_least(&s, "dates", 0.85);
    at_least(&s, "counts", 0.90);
    at_least(&s, "attribution", 0.75);
    at_least(&s, "coref", 0.85);
    assert!(s["false_merges"] <= 1.0, "false merges: {s:?}");
}

#[test]
fn development_articles_ingested_with_the_seeds_meet_recall_and_precision() {
    let (_dir, csv) = event_roles(&[seeds(), root().join("tests/corpus/dev")]);
    let s = score(&csv, "dev.jsonl");
    at_least(&s, "recall", 0.80);
    at_least(&s, "precision", 0.80);
}
