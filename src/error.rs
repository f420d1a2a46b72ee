//! Error types of the library (`thiserror`); the binary wraps them with `anyhow` context.

use std::path::PathBuf;

/// A problem with one input document: it is reported with its file name and skipped.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: empty file")]
    Empty { path: PathBuf },
    #[error("{path}: no text (only white space)")]
    Blank { path: PathBuf },
    #[error("{path}: not UTF-8 text (invalid byte sequence at byte {offset})")]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("{path}: not a text file (binary content: NUL bytes)")]
    Binary { path: PathBuf },
    #[error("{path}: too large for an article ({bytes} bytes; the limit is {limit})")]
    TooLarge {
        path: PathBuf,
        bytes: u64,
        limit: u64,
    },
    #[error("{path}:{line}: {message}")]
    Catalog {
        path: PathBuf,
        line: u64,
        message: String,
    },
    #[error("{path}: {message}")]
    Other { path: PathBuf, message: String },
}

/// A problem in the embedded data files (gazetteer, lexicons): a build-time defect.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("{file}:{line}: {message}")]
    Row {
        file: String,
        line: u64,
        message: String,
    },
    /// A lexicon that loaded but is incomplete or inconsistent.
    #[error("{0}")]
    Lexicon(String),
    #[error("{file}: {source}")]
    Csv {
        file: String,
        #[source]
        source: csv::Error,
    },
}

/// A problem with the store or a query.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the store {path} is in use by another khabar process (lock held on {lock}); wait for it to finish")]
    Locked { path: PathBuf, lock: PathBuf },
    #[error("no store at {path}: run `khabar ingest` first")]
    Missing { path: PathBuf },
    #[cfg(feature = "store")]
    #[error("store {path}: {source}")]
    Storage {
        path: PathBuf,
        #[source]
        source: oxigraph::store::StorageError,
    },
    #[error("store lock {path}: {source}")]
    Lock {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Query(String),
    #[error("query refused: {0}")]
    Refused(String),
    #[error("serialisation: {0}")]
    Serialize(String),
    #[error("writing output: {0}")]
    Write(#[source] std::io::Error),
}
