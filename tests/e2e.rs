//! End-to-end tests: the real `khabar` binary on the seed articles and on broken input.

mod common;

use common::{khabar, seeded_store, seeds, stdout};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;

/// Normalises Arabic like the shared scorer: no diacritics or tatweel, folded alef/yeh/teh
/// marbuta, no spaces or hyphens.
fn norm_ar(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'))
        .map(|c| match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            c => c,
        })
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

fn norm_en(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// Word tokens of a text, normalised (spaces kept between tokens).
fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || ('\u{064B}'..='\u{0670}').contains(&c)))
        .filter(|t| !t.is_empty())
        .map(norm_ar)
        .collect()
}

/// Does a text (tokens) name a form (tokens), allowing a proclitic on the first word?
fn names(text: &[String], form: &[String]) -> bool {
    const CLITICS: [&str; 12] = [
        "", "و", "ف", "ب", "ل", "ك", "ال", "وال", "بال", "لل", "ول", "وب",
    ];
    if form.is_empty() || form.len() > text.len() {
        return false;
    }
    text.windows(form.len()).any(|w| {
        CLITICS.iter().any(|c| w[0] == format!("{c}{}", form[0]))
            && w[1..].iter().zip(&form[1..]).all(|(a, b)| a == b)
    })
}

/// Forms in the gold file that are descriptions, not names (titles, "the North", "the capital").
fn is_description(form: &str) -> bool {
    [
        "الرئيس",
        "وزير",
        "الزعيم",
        "المتحدث",
        "العاصمة",
        "الشمال",
        "مستشار",
        "رئيس",
        "الإدارة",
    ]
    .iter()
    .any(|p| form.starts_with(p))
}

#[test]
fn ingest_then_entities_finds_every_gold_entity_once_with_its_type() {
    let dir = seeded_store();
    let store = dir.path().join("store");
    let csv_text = stdout(khabar(&store).args(["query", "entities", "--format", "csv"]));
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "entity",
            "type",
            "label_en",
            "label_ar",
            "mentions",
            "documents"
        ]
    );
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert!(rows.len() > 30, "only {} entities", rows.len());

    let seed_tokens: Vec<Vec<String>> = fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| tokens(&fs::read_to_string(p).unwrap()))
        .collect();
    let gold = fs::read_to_string(common::root().join("tests/gold/entities.jsonl")).unwrap();
    let mut checked = 0;
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let e: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = e["id"].as_str().unwrap();
        let forms: Vec<&str> = e["ar"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let named = forms
            .iter()
            .filter(|f| !is_description(f))
            .any(|f| seed_tokens.iter().any(|t| names(t, &tokens(f))));
        if !named {
            continue;
        }
        checked += 1;
        let gold_ar: BTreeSet<String> = forms.iter().map(|f| norm_ar(f)).collect();
        // Rows that stand for this entity: by English label, else by Arabic label.
        let matching: Vec<&csv::StringRecord> = rows
            .iter()
            .filter(|r| {
                if !r[2].is_empty() {
                    norm_en(&r[2]) == norm_en(id)
                } else {
                    gold_ar.contains(&norm_ar(&r[3]))
                }
            })
            .collect();
        assert_eq!(
            matching.len(),
            1,
            "{id}: expected exactly one entity row, got {matching:?}"
        );
        let ty = matching[0][1].rsplit('#').next().unwrap();
        assert_eq!(ty, e["type"].as_str().unwrap(), "{id}: wrong type");
    }
    assert!(
        checked >= 30,
        "the seeds name {checked} gold entities; expected at least 30"
    );
}

#[test]
fn ingesting_twice_changes_neither_counts_nor_export() {
    let dir = seeded_store();
    let store = dir.path().join("store");
    let first = stdout(khabar(&store).args(["export", "--format", "nquads"]));
    let again = stdout(khabar(&store).arg("ingest").arg(seeds()));
    assert!(
        again.starts_with("ingested 5 documents (5 unchanged)")
            && again.contains("; 0 graphs written;"),
        "{again}"
    );
    let second = stdout(khabar(&store).args(["export", "--format", "nquads"]));
    assert_eq!(first.lines().count(), second.lines().count());
    assert!(first == second, "export changed after re-ingest");
    // --force re-reads every file, and still changes nothing.
    let forced = stdout(khabar(&store).args(["ingest", "--force"]).arg(seeds()));
    assert!(
        forced.starts_with("ingested 5 documents (0 unchanged)"),
        "{forced}"
    );
    let third = stdout(khabar(&store).args(["export", "--format", "nquads"]));
    assert!(first == third, "export changed after a forced re-ingest");
}

#[test]
fn removing_a_document_drops_its_facts_and_only_its_facts() {
    let dir = seeded_store();
    let store = dir.path().join("store");
    let docs = |store| -> Vec<String> {
        stdout(khabar(store).args(["query", "documents", "--format", "csv"]))
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(1).unwrap().to_string())
            .collect()
    };
    let before = docs(&store);
    assert_eq!(before.len(), 5);
    let gone = before[0].clone();
    stdout(khabar(&store).arg("remove").arg(&gone));
    let after = docs(&store);
    assert_eq!(after, before[1..].to_vec());
    // No report, mention or event source still points into the removed document.
    let nquads = stdout(khabar(&store).args(["export", "--format", "nquads"]));
    assert!(!nquads.contains(gone.as_str()), "{gone} still referenced");
    // Ingesting everything again restores the original export exactly.
    let fresh = seeded_store();
    stdout(khabar(&store).arg("ingest").arg(seeds()));
    let restored = stdout(khabar(&store).args(["export", "--format", "nquads"]));
    let original =
        stdout(khabar(&fresh.path().join("store")).args(["export", "--format", "nquads"]));
    assert!(
        restored == original,
        "re-ingest after remove differs from a fresh store"
    );
    // An unknown id is reported with the documented exit code 3.
    khabar(&store)
        .args(["remove", "no-such-document"])
        .assert()
        .code(3);
}

#[test]
fn exports_are_byte_identical_across_stores() {
    let a = seeded_store();
    let b = seeded_store();
    for format in ["turtle", "rdfxml", "ntriples", "nquads", "trig"] {
        let x = stdout(khabar(&a.path().join("store")).args(["export", "--format", format]));
        let y = stdout(khabar(&b.path().join("store")).args(["export", "--format", format]));
        assert!(!x.is_empty());
        assert!(x == y, "{format} export differs between two clean ingests");
    }
}

#[test]
fn turtle_export_has_ontology_stable_prefixes_and_no_blank_nodes() {
    let dir = seeded_store();
    let out = dir.path().join("kg.ttl");
    khabar(&dir.path().join("store"))
        .args(["export", "--format", "turtle", "--output"])
        .arg(&out)
        .assert()
        .success();
    let ttl = fs::read_to_string(&out).unwrap();
    assert!(ttl.contains("@prefix kh: <https://w3id.org/khabar/ontology#>"));
    assert!(ttl.contains("owl:Ontology"));
    assert!(ttl.contains("ent:sergei-lavrov"));
    assert!(!ttl.contains("_:"), "blank nodes make exports unstable");
    assert!(!ttl.contains("\\/"), "escaped slash in a prefixed name");
}

#[test]
fn bad_files_are_reported_by_name_and_the_rest_is_ingested() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::copy(
        seeds().join("000_f5462de3636eba88.txt"),
        input.join("good.txt"),
    )
    .unwrap();
    fs::write(input.join("empty.txt"), b"").unwrap();
    let arabic = fs::read_to_string(seeds().join("001_04a54f23c455cc2f.txt")).unwrap();
    fs::write(
        input.join("cp1256.txt"),
        encoding_rs::WINDOWS_1256.encode(&arabic).0,
    )
    .unwrap();
    fs::write(input.join("latin1.txt"), b"caf\xe9 \xff\xfe").unwrap();
    fs::write(
        input.join("binary.txt"),
        [0x7f, b'E', b'L', b'F', 0, 1, 2, 0, 0],
    )
    .unwrap();
    let out = khabar(&dir.path().join("store"))
        .arg("ingest")
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(3),
        "exit code 3 = some input skipped"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: BTreeMap<&str, &str> = ["empty.txt", "latin1.txt", "binary.txt"]
        .iter()
        .map(|f| {
            let line = stderr
                .lines()
                .find(|l| l.starts_with("skipped:") && l.contains(f));
            (
                *f,
                line.unwrap_or_else(|| panic!("no line for {f}: {stderr}")),
            )
        })
        .collect();
    assert!(lines["empty.txt"].contains("empty"));
    assert!(lines["latin1.txt"].contains("not UTF-8"));
    assert!(lines["binary.txt"].contains("binary"));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("ingested 2 documents"), "{stdout}");
    let legacy = stderr
        .lines()
        .find(|l| l.contains("cp1256.txt"))
        .expect("a line for cp1256.txt");
    assert!(
        legacy.starts_with("warning:") && legacy.contains("windows-1256"),
        "{legacy}"
    );
    let docs = common::stdout(khabar(&dir.path().join("store")).args([
        "query",
        "documents",
        "--format",
        "csv",
    ]));
    assert_eq!(docs.lines().count(), 3, "{docs}");
}

#[test]
fn query_refuses_updates_and_binds_values_as_terms() {
    let dir = seeded_store();
    let store = dir.path().join("store");
    let rq = dir.path().join("drop.rq");
    fs::write(&rq, "DELETE WHERE { ?s ?p ?o }").unwrap();
    let out = khabar(&store).arg("query").arg(&rq).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("read-only"));
    // A bound entity narrows the mentions query to that entity.
    let csv = stdout(khabar(&store).args([
        "query",
        "mentions",
        "--format",
        "csv",
        "--bind",
        "entity=ent:sergei-lavrov",
    ]));
    let n = csv.lines().count() - 1;
    assert!(n >= 15, "Lavrov is mentioned often in the seeds, got {n}");
    assert!(csv.lines().skip(1).all(|l| l.contains("sergei-lavrov")));
    // A hostile value stays a literal: no row matches, nothing breaks.
    let csv = stdout(khabar(&store).args([
        "query",
        "mentions",
        "--format",
        "csv",
        "--bind",
        "quote=x\" } # {",
    ]));
    assert_eq!(csv.lines().count(), 1);
}

#[test]
fn query_refuses_service_and_stops_at_its_timeout() {
    let dir = seeded_store();
    let store = dir.path().join("store");
    let svc = dir.path().join("svc.rq");
    fs::write(
        &svc,
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    )
    .unwrap();
    let out = khabar(&store).arg("query").arg(&svc).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("never send requests"));
    // A runaway query (a triple cartesian product) is stopped, with a message, not a hang.
    let slow = dir.path().join("slow.rq");
    fs::write(
        &slow,
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    )
    .unwrap();
    let out = khabar(&store)
        .arg("query")
        .arg(&slow)
        .args(["--timeout", "0.5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--timeout"));
}

#[test]
fn queries_lists_saved_queries_with_descriptions() {
    let dir = tempfile::tempdir().unwrap();
    let out = stdout(khabar(&dir.path().join("none")).arg("queries"));
    for name in ["entities", "mentions", "documents"] {
        let line = out.lines().find(|l| l.starts_with(name)).unwrap();
        assert!(line.len() > name.len() + 10, "{line}");
    }
}

#[test]
fn stats_counts_classes_and_documents() {
    let dir = seeded_store();
    let out = stdout(khabar(&dir.path().join("store")).arg("stats"));
    assert!(out.contains("kh:Mention"));
    assert!(out.contains("doc:000_f5462de3636eba88"));
}

#[test]
fn query_without_store_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = khabar(&dir.path().join("missing"))
        .args(["query", "entities"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("khabar ingest"));
}

/// Splits an N-Quads line into (subject, graph).
fn subject_and_graph(line: &str) -> (&str, &str) {
    let body = line.trim_end().trim_end_matches('.').trim_end();
    let graph = body.rsplit_once(' ').map_or("", |(_, g)| g);
    let subject = body.split_once(' ').map_or("", |(s, _)| s);
    (subject, graph)
}

#[test]
fn changing_one_article_changes_only_its_facts_and_the_events_it_touches() {
    let dir = seeded_store();
    let store = dir.path().join("store");
    let before = stdout(khabar(&store).args(["export", "--format", "nquads"]));

    // A copy of the seeds in which one article lost its last third (an edited scrape).
    let copy = dir.path().join("seeds");
    fs::create_dir(&copy).unwrap();
    let mut files: Vec<_> = fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in &files {
        fs::copy(f, copy.join(f.file_name().unwrap())).unwrap();
    }
    let edited = files
        .iter()
        .find(|f| f.extension().is_some_and(|e| e == "txt"))
        .unwrap();
    let id = edited.file_stem().unwrap().to_str().unwrap().to_string();
    let text = fs::read_to_string(edited).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    fs::write(
        copy.join(edited.file_name().unwrap()),
        lines[..lines.len() * 2 / 3].join("\n"),
    )
    .unwrap();

    let summary = stdout(khabar(&store).arg("ingest").arg(&copy));
    assert!(
        summary.starts_with("ingested 5 documents (4 unchanged)"),
        "{summary}"
    );
    let after = stdout(khabar(&store).args(["export", "--format", "nquads"]));

    let old: BTreeSet<&str> = before.lines().collect();
    let new: BTreeSet<&str> = after.lines().collect();
    let changed: Vec<&str> = old.symmetric_difference(&new).copied().collect();
    assert!(!changed.is_empty(), "editing an article changed nothing");
    // Events touched by the edit: those with a report from the edited article (before or after),
    // and, since an event's IRI follows its first report, any event holding a report that
    // shared an event with one from the edited article.
    fn report_of<'a>(l: &&'a str) -> Option<&'a str> {
        let l: &'a str = l;
        l.contains("#reportedBy>")
            .then(|| l.split(' ').nth(2).unwrap_or(""))
    }
    let edited_report = format!("/report/{id}-");
    let first: BTreeSet<&str> = old
        .union(&new)
        .filter(|l| report_of(l).is_some_and(|r| r.contains(&edited_report)))
        .map(|l| subject_and_graph(l).0)
        .collect();
    let sharing: BTreeSet<&str> = old
        .union(&new)
        .filter(|l| first.contains(subject_and_graph(l).0))
        .filter_map(report_of)
        .collect();
    let touched: BTreeSet<&str> = old
        .union(&new)
        .filter(|l| report_of(l).is_some_and(|r| sharing.contains(r)))
        .map(|l| subject_and_graph(l).0)
        .collect();
    let doc_graph = format!("<https://w3id.org/khabar/graph/document/{id}>");
    let events_graph = "<https://w3id.org/khabar/graph/events>";
    for line in changed {
        let (subject, graph) = subject_and_graph(line);
        let allowed = graph == doc_graph
            || (graph == events_graph
                && (touched.contains(subject)
                    || subject == events_graph
                    || sharing.contains(subject)));
        assert!(allowed, "a change outside the edited article: {line}");
    }
    // The check has teeth: most events are outside the edit and came through unchanged.
    let untouched = new
        .iter()
        .filter(|l| l.contains("#reportCount>") && !touched.contains(subject_and_graph(l).0))
        .count();
    assert!(
        untouched * 2 > touched.len(),
        "{untouched} untouched events, {} touched",
        touched.len()
    );
}

#[test]
fn query_names_stay_in_the_saved_set_and_syntax_errors_give_line_and_column() {
    let dir = seeded_store();
    let store = dir.path().join("store");
    // A name is never a path: this does not read /etc/passwd.
    let out = khabar(&store)
        .args(["query", "../../../../etc/passwd"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no saved query named"), "{err}");
    assert!(!err.contains("root:"), "{err}");
    // A malformed query names its file, line and column.
    let bad = dir.path().join("bad.rq");
    fs::write(&bad, "SELECT ?s WHERE {\n  ?s ?p \"unterminated .\n}\n").unwrap();
    let out = khabar(&store).arg("query").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.rq") && err.contains("error at 2:"),
        "{err}"
    );
    // Bound values cannot add a pattern: braces, quotes, `#` and an injected UNION stay a term.
    for hostile in [
        "entity=ent:x } UNION { ?m ?p ?o",
        "entity=<https://w3id.org/khabar/id/entity/russia> } # ",
        "entity=\"x\" . ?m ?p ?o",
    ] {
        let csv = stdout(
            khabar(&store).args(["query", "mentions", "--format", "csv", "--bind", hostile]),
        );
        assert_eq!(csv.lines().count(), 1, "{hostile} matched rows:\n{csv}");
    }
}

#[test]
fn a_store_in_use_is_named_with_exit_code_4() {
    let dir = seeded_store();
    let store = dir.path().join("store");
    let lock = fs::OpenOptions::new()
        .write(true)
        .open(store.join("khabar.lock"))
        .unwrap();
    // Another process writing: readers and writers are both turned away, by name.
    lock.lock().unwrap();
    for args in [vec!["query", "entities"], vec!["ingest"], vec!["export"]] {
        let out = khabar(&store).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(4), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("in use by another khabar process"), "{err}");
        assert!(err.contains(store.to_str().unwrap()), "{err}");
        assert!(!err.contains("RocksDB") && !err.contains("LOCK"), "{err}");
    }
    // Another process reading: queries still work, a writer is turned away.
    lock.unlock().unwrap();
    lock.lock_shared().unwrap();
    stdout(khabar(&store).args(["query", "documents"]));
    let out = khabar(&store).arg("ingest").output().unwrap();
    assert_eq!(out.status.code(), Some(4));
}
