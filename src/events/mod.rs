//! Events: what the articles report, read from sentences by rules ([`rules`]), kept as one
//! [`model::Report`] per article and event, and merged across articles into events
//! ([`merge`]). Pure: no I/O, no store.

pub mod merge;
pub mod model;
pub mod rules;
