//! Reading input: finding article files, decoding them and reading `documents.csv`.
//! This is the only module of the pipeline that touches the file system for input; it turns
//! bytes into [`Document`]s and every problem into a one-line [`Diagnostic`] naming the file.
//! A bad file is skipped, never fatal.

use crate::document::{Document, DocumentMeta};
use crate::error::InputError;
use crate::time::CalendarValue;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something is missing or doubtful, the document is still ingested.
    Warning,
    /// The input was skipped.
    Skipped,
}

/// One line for the user about one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    fn warn(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            message: message.into(),
        }
    }
    fn skip(e: InputError) -> Self {
        Diagnostic {
            severity: Severity::Skipped,
            message: e.to_string(),
        }
    }
}

/// One row of `documents.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    pub meta: DocumentMeta,
}

/// Reads a `documents.csv`: entries keyed by file name, plus diagnostics for bad rows.
pub fn read_catalog(path: &Path) -> (BTreeMap<String, CatalogEntry>, Vec<Diagnostic>) {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(source) => {
            let diag = Diagnostic::skip(InputError::Io {
                path: path.into(),
                source,
            });
            return (BTreeMap::new(), vec![diag]);
        }
    };
    parse_catalog(path, &bytes)
}

/// Parses the bytes of a `documents.csv` (pure; `path` only names it in diagnostics).
pub fn parse_catalog(
    path: &Path,
    bytes: &[u8],
) -> (BTreeMap<String, CatalogEntry>, Vec<Diagnostic>) {
    let mut out = BTreeMap::new();
    let mut diags = Vec::new();
    let text =
        String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).into_owned();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let catalog_err = |line: u64, message: String| InputError::Catalog {
        path: path.into(),
        line,
        message,
    };
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            diags.push(Diagnostic::skip(catalog_err(
                1,
                format!("unreadable header: {e}"),
            )));
            return (out, diags);
        }
    };
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let (Some(c_id), Some(c_file)) = (col("id"), col("file")) else {
        diags.push(Diagnostic::skip(catalog_err(
            1,
            "missing required columns: need at least `id` and `file`".into(),
        )));
        return (out, diags);
    };
    let (c_lang, c_pub, c_basis, c_outlet, c_url) = (
        col("language"),
        col("published"),
        col("published_basis"),
        col("outlet"),
        col("url"),
    );
    let mut ids = HashSet::new();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                diags.push(Diagnostic::skip(catalog_err(
                    line,
                    format!("unreadable row: {e}"),
                )));
                continue;
            }
        };
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let get = |c: Option<usize>| {
            c.and_then(|c| rec.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let (Some(id), Some(file)) = (get(Some(c_id)), get(Some(c_file))) else {
            diags.push(Diagnostic::skip(catalog_err(
                line,
                "row without id or file".into(),
            )));
            continue;
        };
        if !ids.insert(id.clone()) {
            diags.push(Diagnostic::skip(catalog_err(
                line,
                format!("duplicate id {id:?}: row ignored"),
            )));
            continue;
        }
        let published = match get(c_pub) {
            None => None,
            Some(p) => {
                match CalendarValue::parse_iso(&p) {
                    Some(v) => Some(v),
                    None => {
                        diags.push(Diagnostic::warn(
                        catalog_err(line, format!("bad date {p:?} (want YYYY-MM-DD): publication date left unknown")).to_string(),
                    ));
                        None
                    }
                }
            }
        };
        out.insert(
            file.clone(),
            CatalogEntry {
                meta: DocumentMeta {
                    id,
                    file,
                    language: get(c_lang).unwrap_or_else(|| "ar".into()),
                    published,
                    published_basis: get(c_basis),
                    outlet: get(c_outlet),
                    url: get(c_url),
                },
            },
        );
    }
    (out, diags)
}

/// Decodes a file's bytes to text: UTF-8 (with or without BOM), UTF-16 with a BOM, or — when
/// the bytes are not UTF-8 but read as Arabic in Windows-1256 (common on older Arabic sites) —
/// Windows-1256. Returns the text and the encoding when it was not UTF-8.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<(String, Option<&'static str>), InputError> {
    let mut legacy = None;
    if bytes.is_empty() {
        return Err(InputError::Empty { path: path.into() });
    }
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        utf8(path, rest)?
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let le = bytes[0] == 0xFF;
        legacy = Some(if le { "utf-16le" } else { "utf-16be" });
        if !bytes.len().is_multiple_of(2) {
            return Err(InputError::Other {
                path: path.into(),
                message: "UTF-16 text with an odd number of bytes (truncated file?)".into(),
            });
        }
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| {
                let pair = [c[0], *c.get(1).unwrap_or(&0)];
                if le {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| InputError::Other {
            path: path.into(),
            message: "invalid UTF-16".into(),
        })?
    } else {
        if bytes.contains(&0) {
            return Err(InputError::Binary { path: path.into() });
        }
        match utf8(path, bytes) {
            Ok(t) => t,
            Err(e) => match windows_1256(bytes) {
                Some(t) => {
                    legacy = Some("windows-1256");
                    t
                }
                None => return Err(e),
            },
        }
    };
    if text.contains('\0') {
        return Err(InputError::Binary { path: path.into() });
    }
    if text.trim().is_empty() {
        return Err(InputError::Blank { path: path.into() });
    }
    Ok((text, legacy))
}

/// Windows-1256, accepted only when most letters it yields are Arabic (so Latin-1 or random
/// bytes are not mistaken for it).
fn windows_1256(bytes: &[u8]) -> Option<String> {
    let (text, _, had_errors) = encoding_rs::WINDOWS_1256.decode(bytes);
    if had_errors {
        return None;
    }
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let arabic = text
        .chars()
        .filter(|c| ('\u{0600}'..='\u{06FF}').contains(c))
        .count();
    (letters > 0 && arabic * 10 >= letters * 6).then(|| text.into_owned())
}

fn utf8(path: &Path, bytes: &[u8]) -> Result<String, InputError> {
    String::from_utf8(bytes.to_vec()).map_err(|e| InputError::NotUtf8 {
        path: path.into(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// SHA-256 of bytes, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Largest article Khabar reads (4 MiB). News articles are tens of kilobytes; extraction
/// holds a few hundred bytes per input byte (a 2 MB file peaks near 360 MB), so this bounds
/// memory. Larger files are skipped with a diagnostic.
pub const MAX_ARTICLE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads one file into a document, with the metadata its catalog gives (if any).
pub fn read_document(path: &Path, meta: DocumentMeta) -> Result<Document, InputError> {
    let io = |source| InputError::Io {
        path: path.into(),
        source,
    };
    // Only regular files: a FIFO or device named *.txt would block or never end.
    let md = fs::metadata(path).map_err(io)?;
    if !md.is_file() {
        return Err(InputError::Other {
            path: path.into(),
            message: "not a regular file (FIFO, socket or device)".into(),
        });
    }
    if md.len() > MAX_ARTICLE_BYTES {
        return Err(InputError::TooLarge {
            path: path.into(),
            bytes: md.len(),
            limit: MAX_ARTICLE_BYTES,
        });
    }
    // Read at most one byte past the limit, in case the file grew since `metadata`.
    let mut bytes = Vec::with_capacity(md.len() as usize);
    fs::File::open(path)
        .and_then(|f| f.take(MAX_ARTICLE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        return Err(InputError::TooLarge {
            path: path.into(),
            bytes: bytes.len() as u64,
            limit: MAX_ARTICLE_BYTES,
        });
    }
    let (raw, legacy) = decode(path, &bytes)?;
    Ok(Document {
        meta,
        raw,
        content_hash: sha256_hex(&bytes),
        encoding: legacy.unwrap_or("utf-8").to_string(),
    })
}

/// What [`collect`] found.
#[derive(Debug, Default)]
pub struct Collected {
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
}

/// An article found by [`plan`], with its catalog metadata, not yet read.
#[derive(Debug, Clone)]
pub struct Planned {
    pub path: PathBuf,
    pub meta: DocumentMeta,
}

impl Planned {
    /// Reads the file. Returns the document (or why it was skipped) and any warnings.
    pub fn read(self) -> (Option<Document>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        match read_document(&self.path, self.meta) {
            Ok(doc) => {
                if doc.encoding != "utf-8" {
                    diags.push(Diagnostic::warn(format!(
                        "{}: not UTF-8; decoded as {}",
                        self.path.display(),
                        doc.encoding
                    )));
                }
                if !doc
                    .raw
                    .chars()
                    .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
                {
                    diags.push(Diagnostic::warn(format!(
                        "{}: no Arabic script; ingested, but Khabar reads only Arabic, so it yields no facts",
                        self.path.display()
                    )));
                }
                (Some(doc), diags)
            }
            Err(e) => {
                diags.push(Diagnostic::skip(e));
                (None, diags)
            }
        }
    }
}

/// What [`plan`] found: the articles to read, in path order, and diagnostics so far.
#[derive(Debug, Default)]
pub struct Plan {
    pub files: Vec<Planned>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Finds and reads every document under the given paths (files or folders); see [`plan`].
pub fn collect(paths: &[PathBuf]) -> Collected {
    let plan = plan(paths);
    let mut out = Collected {
        documents: Vec::new(),
        diagnostics: plan.diagnostics,
    };
    for f in plan.files {
        let (doc, diags) = f.read();
        out.diagnostics.extend(diags);
        out.documents.extend(doc);
    }
    out
}

fn is_article(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// `.txt` files under a folder, recursively, in path order; symlink loops are cut.
fn walk(
    dir: &Path,
    seen: &mut HashSet<PathBuf>,
    files: &mut Vec<PathBuf>,
    diags: &mut Vec<Diagnostic>,
) {
    let Ok(canon) = fs::canonicalize(dir) else {
        return;
    };
    if !seen.insert(canon) {
        diags.push(Diagnostic::warn(format!(
            "{}: folder already visited (symlink loop?): skipped",
            dir.display()
        )));
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(source) => {
            diags.push(Diagnostic::skip(InputError::Io {
                path: dir.into(),
                source,
            }));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, seen, files, diags);
        } else if is_article(&p) {
            files.push(p);
        }
    }
}

/// Finds every article under the given paths (files or folders), without reading it, so that
/// ingest holds one article in memory at a time.
///
/// A `documents.csv` beside an article gives its id, language and publication date; an article
/// not in a catalog gets its file stem as id and no date (with a warning). A second article
/// with an id already taken is skipped.
pub fn plan(paths: &[PathBuf]) -> Plan {
    let mut out = Plan::default();
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut seen, &mut files, &mut out.diagnostics);
        } else if p.is_file() {
            files.push(p.clone());
        } else {
            out.diagnostics.push(Diagnostic::skip(InputError::Other {
                path: p.clone(),
                message: "no such file or folder".into(),
            }));
        }
    }
    // One catalog per folder.
    let mut catalogs: BTreeMap<PathBuf, Option<BTreeMap<String, CatalogEntry>>> = BTreeMap::new();
    let mut ids: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut done: HashSet<PathBuf> = HashSet::new();
    for f in files {
        let canon = fs::canonicalize(&f).unwrap_or_else(|_| f.clone());
        if !done.insert(canon) {
            continue;
        }
        let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
        let catalog = catalogs.entry(dir.clone()).or_insert_with(|| {
            let csv = dir.join("documents.csv");
            if !csv.is_file() {
                out.diagnostics.push(Diagnostic::warn(format!(
                    "{}: no documents.csv; ids are file stems and publication dates unknown (relative dates stay unresolved)",
                    dir.display()
                )));
                return None;
            }
            let (c, d) = read_catalog(&csv);
            out.diagnostics.extend(d);
            for name in c.keys() {
                if !dir.join(name).is_file() {
                    out.diagnostics.push(Diagnostic::warn(format!(
                        "{}: lists {name}, which does not exist",
                        csv.display()
                    )));
                }
            }
            Some(c)
        });
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let meta = match catalog.as_ref().and_then(|c| c.get(&name)) {
            Some(entry) => entry.meta.clone(),
            None => {
                if catalog.is_some() {
                    out.diagnostics.push(Diagnostic::warn(format!(
                        "{}: not listed in documents.csv; id = file stem, publication date unknown",
                        f.display()
                    )));
                }
                DocumentMeta {
                    id: f
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    file: name,
                    language: "ar".into(),
                    published: None,
                    published_basis: None,
                    outlet: None,
                    url: None,
                }
            }
        };
        if let Some(prev) = ids.get(&meta.id) {
            out.diagnostics.push(Diagnostic::skip(InputError::Other {
                path: f.clone(),
                message: format!(
                    "document id {:?} is already used by {}: skipped",
                    meta.id,
                    prev.display()
                ),
            }));
            continue;
        }
        ids.insert(meta.id.clone(), f.clone());
        out.files.push(Planned { path: f, meta });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_variants() {
        let p = Path::new("x.txt");
        assert_eq!(decode(p, "\u{feff}سلام".as_bytes()).unwrap().0, "سلام");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("سلام".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(p, &utf16).unwrap().0, "سلام");
        // «سلام عليكم» in Windows-1256.
        let cp1256 = encoding_rs::WINDOWS_1256.encode("سلام عليكم").0.into_owned();
        assert_eq!(
            decode(p, &cp1256).unwrap(),
            ("سلام عليكم".to_string(), Some("windows-1256"))
        );
        assert!(matches!(decode(p, b""), Err(InputError::Empty { .. })));
        assert!(matches!(
            decode(p, b" \n\t "),
            Err(InputError::Blank { .. })
        ));
        assert!(matches!(
            decode(p, b"ab\0cd"),
            Err(InputError::Binary { .. })
        ));
        assert!(matches!(
            decode(p, b"ab\xffcd"),
            Err(InputError::NotUtf8 { offset: 2, .. })
        ));
    }
}
