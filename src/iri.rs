//! The one place where IRIs are minted. Every IRI comes from content (an id from the data, a
//! document id, offsets, an ISO date), never from a counter or a clock, so the same input gives
//! the same graph. Local names are kept to `[A-Za-z0-9_-]` so that prefixed names stay
//! readable and every RDF parser (the OWL API's included) reads them back identically.

use sha2::{Digest, Sha256};

/// Base of everything Khabar mints.
pub const BASE: &str = "https://w3id.org/khabar/";
/// The ontology's IRI (its `owl:Ontology` header).
pub const ONTOLOGY: &str = "https://w3id.org/khabar/ontology";
/// Namespace of ontology terms.
pub const KH: &str = "https://w3id.org/khabar/ontology#";
pub const ENTITY: &str = "https://w3id.org/khabar/id/entity/";
pub const DOCUMENT: &str = "https://w3id.org/khabar/id/document/";
pub const MENTION: &str = "https://w3id.org/khabar/id/mention/";
pub const SENTENCE: &str = "https://w3id.org/khabar/id/sentence/";
pub const TIME: &str = "https://w3id.org/khabar/id/time/";
pub const REPORT: &str = "https://w3id.org/khabar/id/report/";
pub const EVENT: &str = "https://w3id.org/khabar/id/event/";
pub const AGREEMENT: &str = "https://w3id.org/khabar/id/agreement/";
pub const GRAPH: &str = "https://w3id.org/khabar/graph/";
pub const WIKIDATA: &str = "http://www.wikidata.org/entity/";

pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const NIF: &str = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
pub const DCT: &str = "http://purl.org/dc/terms/";

/// Prefixes used in exports and offered to saved queries, in a fixed order.
pub const PREFIXES: &[(&str, &str)] = &[
    ("kh", KH),
    ("ent", ENTITY),
    ("doc", DOCUMENT),
    ("men", MENTION),
    ("sen", SENTENCE),
    ("time", TIME),
    ("rep", REPORT),
    ("ev", EVENT),
    ("agr", AGREEMENT),
    ("wd", WIKIDATA),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("owl", OWL),
    ("xsd", XSD),
    ("skos", SKOS),
    ("prov", PROV),
    ("nif", NIF),
    ("dct", DCT),
];

fn safe_local(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 120
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn short_hash(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A local name for an arbitrary id: the id itself when it is safe, else a hash of it.
pub fn local_name(id: &str) -> String {
    if safe_local(id) {
        id.to_string()
    } else {
        format!("h{}", short_hash(id))
    }
}

pub fn term(local: &str) -> String {
    format!("{KH}{local}")
}
pub fn entity(id: &str) -> String {
    format!("{ENTITY}{}", local_name(id))
}
pub fn document(doc_id: &str) -> String {
    format!("{DOCUMENT}{}", local_name(doc_id))
}
/// A mention: its document and raw code-point span.
pub fn mention(doc_id: &str, start: usize, end: usize) -> String {
    format!("{MENTION}{}-{start}-{end}", local_name(doc_id))
}
pub fn sentence(doc_id: &str, index: usize) -> String {
    format!("{SENTENCE}{}-{index}", local_name(doc_id))
}
/// A calendar value, by its ISO form at its precision.
pub fn time(iso: &str) -> String {
    format!("{TIME}{}", local_name(iso))
}
/// A report: its document, its event type and its trigger's raw code-point span (one trigger
/// may open two reports: «أرسلت جنودا وصواريخ»).
pub fn report(doc_id: &str, type_name: &str, start: usize, end: usize) -> String {
    format!(
        "{REPORT}{}-{}-{start}-{end}",
        local_name(doc_id),
        type_name.to_ascii_lowercase()
    )
}
/// The agreement a signing report names.
pub fn agreement(doc_id: &str, start: usize) -> String {
    format!("{AGREEMENT}{}-{start}", local_name(doc_id))
}
/// A merged event: its type and a hash of its first report's IRI (reports sort by IRI).
pub fn event(type_name: &str, first_report: &str) -> String {
    format!(
        "{EVENT}{}-{}",
        type_name.to_ascii_lowercase(),
        short_hash(first_report)
    )
}
/// The named graph holding merged events (derived from all reports; rebuilt after each ingest).
pub fn events_graph() -> String {
    format!("{GRAPH}events")
}

/// The named graph holding one document's facts.
pub fn document_graph(doc_id: &str) -> String {
    format!("{GRAPH}document/{}", local_name(doc_id))
}
/// The named graph holding the ontology.
pub fn ontology_graph() -> String {
    format!("{GRAPH}ontology")
}
/// A SKOS term.
pub fn skos(local: &str) -> String {
    format!("{SKOS}{local}")
}
pub fn wikidata(qid: &str) -> String {
    format!("{WIKIDATA}{qid}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_safe_or_hashed() {
        assert_eq!(
            document("000_f5462de3636eba88"),
            format!("{DOCUMENT}000_f5462de3636eba88")
        );
        let arabic = document("مقال");
        assert!(arabic.starts_with(DOCUMENT));
        assert!(safe_local(arabic.strip_prefix(DOCUMENT).unwrap()));
        assert_eq!(arabic, document("مقال"), "hashing is deterministic");
        assert_ne!(document("a/b"), document("a_b"));
        assert_eq!(mention("d1", 3, 9), format!("{MENTION}d1-3-9"));
    }
}
