//! The lexicons under `ontology/lexicon/` (clitics, abbreviations, stop words, titles), read
//! from the copies compiled into the binary. Rules read these; no word list lives in code.

use crate::embedded;
use crate::error::DataError;
use crate::text::key_of;
use std::collections::HashSet;

/// How a proclitic may attach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CliticKind {
    /// Before a name or an entry without the article (و+لافروف).
    Name,
    /// Before the bare stem of an entry with the article (بال+ولايات).
    Stem,
    /// A pronoun after a word (زيارته، استقبلها).
    Suffix,
}

/// A title that introduces a person's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    pub title_ar: String,
    pub key: String,
    pub role_en: String,
}

/// All lexicons, keyed (match key) where they are compared with text.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub clitics: Vec<(String, CliticKind)>,
    pub abbreviations: HashSet<String>,
    pub stopwords: HashSet<String>,
    pub titles: Vec<Title>,
}

fn file(name: &str) -> Result<&'static str, DataError> {
    embedded::LEXICON
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .ok_or_else(|| DataError::Lexicon(format!("lexicon file {name} is not compiled in")))
}

/// Lines of a list file, without comments and blank lines.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Rows of a CSV lexicon file (comment lines start with `#`), with their line numbers. Code
/// indexes the fields of a row, so a row with fewer fields than the header is an error.
pub(crate) fn csv_rows(name: &str) -> Result<Vec<(u64, csv::StringRecord)>, DataError> {
    let mut rdr = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(file(name)?.as_bytes());
    let csv_err = |source| DataError::Csv {
        file: name.into(),
        source,
    };
    let width = rdr.headers().map_err(csv_err)?.len();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(csv_err)?;
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        if rec.len() < width {
            return Err(DataError::Row {
                file: name.into(),
                line,
                message: "too few fields".into(),
            });
        }
        out.push((line, rec));
    }
    Ok(out)
}

impl Lexicon {
    /// Loads the lexicons compiled into the binary.
    pub fn load() -> Result<Lexicon, DataError> {
        let mut clitics = Vec::new();
        for (line, rec) in csv_rows("clitics.csv")? {
            let kind = match &rec[1] {
                "name" => CliticKind::Name,
                "stem" => CliticKind::Stem,
                "suffix" => CliticKind::Suffix,
                other => {
                    return Err(DataError::Row {
                        file: "clitics.csv".into(),
                        line,
                        message: format!("unknown kind {other:?}"),
                    })
                }
            };
            clitics.push((key_of(&rec[0]), kind));
        }
        let abbreviations = lines(file("abbreviations.txt")?)
            .map(str::to_string)
            .collect();
        let stopwords = lines(file("stopwords.txt")?).map(key_of).collect();
        let mut titles = Vec::new();
        for (_, rec) in csv_rows("titles.csv")? {
            titles.push(Title {
                title_ar: rec[0].to_string(),
                key: key_of(&rec[0]),
                role_en: rec[1].to_string(),
            });
        }
        Ok(Lexicon {
            clitics,
            abbreviations,
            stopwords,
            titles,
        })
    }

    /// Is `prefix` (match key) an allowed proclitic run of this kind?
    pub fn is_clitic(&self, prefix: &str, kind: CliticKind) -> bool {
        self.clitics.iter().any(|(p, k)| *k == kind && p == prefix)
    }
}

/// Proclitic runs and pronoun suffixes, as event rules strip and add them (match key), longest
/// proclitic first. Read once from `clitics.csv`.
pub struct Affixes {
    pub proclitics: Vec<String>,
    pub suffixes: Vec<String>,
}

/// The affixes of `clitics.csv` (compiled in; a broken file is a build-time defect caught by
/// the unit tests, so this never fails at run time).
pub fn affixes() -> &'static Affixes {
    static AFFIXES: std::sync::OnceLock<Affixes> = std::sync::OnceLock::new();
    AFFIXES.get_or_init(|| {
        let lx = Lexicon::load().expect("clitics.csv is compiled in and checked by tests");
        let mut proclitics: Vec<String> = lx
            .clitics
            .iter()
            .filter(|(_, k)| *k == CliticKind::Name)
            .map(|(p, _)| p.clone())
            .collect();
        proclitics.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        let suffixes = lx
            .clitics
            .iter()
            .filter(|(_, k)| *k == CliticKind::Suffix)
            .map(|(p, _)| p.clone())
            .collect();
        Affixes {
            proclitics,
            suffixes,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicons_load_and_are_keyed() {
        let lx = Lexicon::load().unwrap();
        assert!(lx.is_clitic("و", CliticKind::Name));
        assert!(lx.is_clitic("لل", CliticKind::Stem));
        assert!(!lx.is_clitic("لل", CliticKind::Name));
        assert!(lx.abbreviations.contains("د"));
        // Stop words are keyed: إلى folds to الي.
        assert!(lx.stopwords.contains("الي"));
        assert!(lx
            .titles
            .iter()
            .any(|t| t.role_en == "Minister of Foreign Affairs"));
    }
}
