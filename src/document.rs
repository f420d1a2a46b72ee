//! Documents as the pipeline sees them: plain data, already read and decoded by
//! [`crate::input`]. Extraction starts here.

use crate::time::CalendarValue;
use serde::Serialize;

/// What `documents.csv` (or the file itself) says about a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentMeta {
    /// Document id (from `documents.csv`, else the file stem).
    pub id: String,
    /// File name as given (relative to the folder it was found in).
    pub file: String,
    pub language: String,
    /// Publication date; `None` when unknown (relative dates then stay unresolved).
    pub published: Option<CalendarValue>,
    /// How the publication date was established (`given`, `estimated: …`).
    pub published_basis: Option<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
}

/// A decoded document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    pub meta: DocumentMeta,
    /// The text exactly as read (after decoding to Unicode; a BOM is kept out).
    pub raw: String,
    /// SHA-256 of the file's bytes, hex.
    pub content_hash: String,
    /// The encoding the bytes were read in (`utf-8`, `utf-16`, `windows-1256`).
    pub encoding: String,
}
