//! Golden tests: extraction output of the seed articles and the results of the saved queries,
//! compared with reviewed snapshots under `tests/snapshots/` (insta). A change in output shows
//! as a diff to review (`cargo insta review`), never as a silent pass.

mod common;

use khabar::document::Document;
use khabar::extract::{extract, Knowledge};
use khabar::input;
use std::fmt::Write as _;

fn seed_documents() -> Vec<Document> {
    let c = input::collect(&[common::seeds()]);
    assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    c.documents
}

/// One line per mention: span, kind, entity id, quote.
fn mention_lines(doc: &Document, kb: &Knowledge) -> String {
    let x = extract(doc, kb);
    let mut s = String::new();
    for m in &x.mentions {
        let e = &x.entities[m.entity];
        writeln!(
            s,
            "{:>5}-{:<5} {:<11} {:<28} {}",
            m.span.start,
            m.span.end,
            m.kind.as_str(),
            e.id,
            m.quote
        )
        .unwrap();
    }
    s
}

#[test]
fn seed_mentions() {
    let kb = Knowledge::load().unwrap();
    for doc in seed_documents() {
        insta::assert_snapshot!(
            format!("mentions_{}", doc.meta.id),
            mention_lines(&doc, &kb)
        );
    }
}

#[test]
fn saved_queries_on_seeds() {
    let dir = common::seeded_store();
    let store = dir.path().join("store");
    for name in ["entities", "documents", "event-roles"] {
        let out = common::stdout(common::khabar(&store).args(["query", name, "--format", "csv"]));
        insta::assert_snapshot!(format!("query_{name}"), out);
    }
}
