//! Khabar (خبر): Arabic news articles in, a queryable, Protégé-ready knowledge graph out.
//!
//! The pipeline is a chain of plain stages with plain data between them (see
//! `ARCHITECTURE.md`):
//!
//! ```text
//! input (files → Document) → text (clean layer + match key, offset maps)
//!   → mentions (gazetteer + titles) → extract (Extraction) → rdf (quads) → store (Oxigraph)
//! ```
//!
//! Extraction ([`extract::extract`]) is pure; [`iri`] mints every IRI; only [`store`] touches
//! Oxigraph's store. Lexicons, gazetteer, ontology and saved queries are data files compiled in
//! by `build.rs` ([`embedded`]).

pub mod dates;
pub mod document;
pub mod error;
pub mod events;
pub mod extract;
pub mod figures;
pub mod gazetteer;
pub mod input;
pub mod iri;
pub mod lexicon;
pub mod mentions;
pub mod queries;
pub mod rdf;
#[cfg(feature = "store")]
pub mod store;
pub mod text;
pub mod time;

pub mod embedded {
    //! Saved queries, gazetteer, lexicons and ontology, as `(file name, text)` tables.
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}
