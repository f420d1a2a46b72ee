//! The gazetteer: entities known by name, read from `ontology/gazetteer/*.csv` (compiled in).
//!
//! Each row becomes an [`Entity`]; its Arabic label, aliases and adjectives become
//! [`SurfaceForm`]s in match-key form, ready for the matcher in [`crate::mentions`]. The
//! morphology of nisba adjectives (feminine, plural, definite) is generated here from the
//! masculine singular, so the data lists `روسي` once and the text may say `الروسية`.

use crate::embedded;
use crate::error::DataError;
use crate::text::{fold_foreign, key_of};
use serde::Serialize;
use std::collections::HashMap;

/// The five entity types of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum EntityType {
    Person,
    Country,
    City,
    Region,
    Organization,
}

impl EntityType {
    pub fn parse(s: &str) -> Option<EntityType> {
        Some(match s {
            "Person" => EntityType::Person,
            "Country" => EntityType::Country,
            "City" => EntityType::City,
            "Region" => EntityType::Region,
            "Organization" => EntityType::Organization,
            _ => return None,
        })
    }
    /// The local name of the ontology class.
    pub fn class_name(self) -> &'static str {
        match self {
            EntityType::Person => "Person",
            EntityType::Country => "Country",
            EntityType::City => "City",
            EntityType::Region => "Region",
            EntityType::Organization => "Organization",
        }
    }
}

/// An entity: from a gazetteer row, or discovered in a text (a person named after a title).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// Local name of the entity IRI (`ent:<id>`).
    pub id: String,
    pub etype: EntityType,
    pub label_en: Option<String>,
    pub label_ar: String,
    /// Other Arabic forms (aliases; for discovered people, the other spellings seen).
    pub alt_ar: Vec<String>,
    pub adjectives_ar: Vec<String>,
    pub foreign: bool,
    pub iso: Option<String>,
    pub wikidata: Option<String>,
    /// `id` of the country it belongs to.
    pub country: Option<String>,
    pub roles_en: Vec<String>,
    pub roles_ar: Vec<String>,
    pub source: String,
}

/// How a surface form names its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum FormKind {
    /// The entity's name or an alias.
    Name,
    /// A nisba adjective (الروسية → Russia).
    Adjective,
}

/// One surface form of an entity, as a match key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfaceForm {
    /// Match key; foreign-folded when `foreign`.
    pub key: String,
    pub entity: usize,
    pub kind: FormKind,
    pub foreign: bool,
}

/// All known entities and their surface forms.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    pub entities: Vec<Entity>,
    pub forms: Vec<SurfaceForm>,
    by_id: HashMap<String, usize>,
}

const HEADER: [&str; 13] = [
    "id",
    "type",
    "label_en",
    "label_ar",
    "aliases_ar",
    "adjectives_ar",
    "foreign",
    "iso",
    "wikidata",
    "country",
    "role_en",
    "role_ar",
    "source",
];

fn split_list(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Inflected forms of a (possibly multiword) masculine singular nisba adjective: the same
/// ending on every word, with and without the article on every word.
pub fn adjective_forms(adjective: &str) -> Vec<String> {
    let words: Vec<&str> = adjective.split_whitespace().collect();
    let mut out = Vec::new();
    for suffix in ["", "ة", "ون", "ين", "ات", "ان"] {
        for definite in [false, true] {
            let phrase: Vec<String> = words
                .iter()
                .map(|w| {
                    let article = if definite { "ال" } else { "" };
                    format!("{article}{w}{suffix}")
                })
                .collect();
            out.push(phrase.join(" "));
        }
    }
    out
}

impl Gazetteer {
    /// Loads every gazetteer file compiled into the binary.
    pub fn load() -> Result<Gazetteer, DataError> {
        let files: Vec<(&str, &str)> = embedded::GAZETTEER.to_vec();
        Self::from_files(&files)
    }

    /// Builds a gazetteer from `(file name, CSV text)` pairs.
    pub fn from_files(files: &[(&str, &str)]) -> Result<Gazetteer, DataError> {
        let mut entities = Vec::new();
        let mut by_id = HashMap::new();
        for (name, text) in files {
            let mut rdr = csv::ReaderBuilder::new()
                .comment(Some(b'#'))
                .from_reader(text.as_bytes());
            let err = |line: u64, message: String| DataError::Row {
                file: name.to_string(),
                line,
                message,
            };
            let headers = rdr.headers().map_err(|source| DataError::Csv {
                file: name.to_string(),
                source,
            })?;
            if headers.iter().collect::<Vec<_>>() != HEADER {
                return Err(err(1, format!("header must be {}", HEADER.join(","))));
            }
            for rec in rdr.records() {
                let rec = rec.map_err(|source| DataError::Csv {
                    file: name.to_string(),
                    source,
                })?;
                let line = rec.position().map(|p| p.line()).unwrap_or(0);
                let id = rec[0].trim().to_string();
                if id.is_empty()
                    || !id
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    return Err(err(line, format!("bad id {id:?}")));
                }
                let etype = EntityType::parse(rec[1].trim())
                    .ok_or_else(|| err(line, format!("bad type {:?}", &rec[1])))?;
                let label_ar = rec[3].trim().to_string();
                if label_ar.is_empty() {
                    return Err(err(line, "empty label_ar".into()));
                }
                if by_id.insert(id.clone(), entities.len()).is_some() {
                    return Err(err(line, format!("duplicate id {id}")));
                }
                entities.push(Entity {
                    id,
                    etype,
                    label_en: opt(&rec[2]),
                    label_ar,
                    alt_ar: split_list(&rec[4]),
                    adjectives_ar: split_list(&rec[5]),
                    foreign: rec[6].trim() == "1",
                    iso: opt(&rec[7]),
                    wikidata: opt(&rec[8]),
                    country: opt(&rec[9]),
                    roles_en: split_list(&rec[10]),
                    roles_ar: split_list(&rec[11]),
                    source: rec[12].trim().to_string(),
                });
            }
        }
        let mut g = Gazetteer {
            entities,
            forms: Vec::new(),
            by_id,
        };
        g.forms = g.build_forms();
        Ok(g)
    }

    fn build_forms(&self) -> Vec<SurfaceForm> {
        let mut seen = std::collections::HashSet::new();
        let mut forms = Vec::new();
        for (i, e) in self.entities.iter().enumerate() {
            let names = std::iter::once(&e.label_ar).chain(e.alt_ar.iter());
            let adjectives = e.adjectives_ar.iter().flat_map(|a| adjective_forms(a));
            let all = names
                .map(|n| (n.clone(), FormKind::Name))
                .chain(adjectives.map(|a| (a, FormKind::Adjective)));
            for (surface, kind) in all {
                let mut key = key_of(&surface);
                if e.foreign {
                    key = fold_foreign(&key);
                }
                // Too short to be safe as a whole-word match (a person's listed two-letter
                // short name, «شي», is kept: editors vouch for it; common words are filtered
                // by the matcher).
                let letters = key.chars().filter(|c| c.is_alphanumeric()).count();
                if letters < 2
                    || (letters < 3 && !(e.etype == EntityType::Person && kind == FormKind::Name))
                {
                    continue;
                }
                let mut keys = vec![key.clone()];
                if e.foreign && key.contains(' ') {
                    keys.push(key.replace(' ', ""));
                }
                for k in keys {
                    if seen.insert((k.clone(), i, kind)) {
                        forms.push(SurfaceForm {
                            key: k,
                            entity: i,
                            kind,
                            foreign: e.foreign,
                        });
                    }
                }
            }
        }
        forms
    }

    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "id,type,label_en,label_ar,aliases_ar,adjectives_ar,foreign,iso,wikidata,country,role_en,role_ar,source\n\
        russia,Country,Russia,روسيا,الاتحاد الروسي,روسي,1,RU,Q159,,,,test\n\
        pyongyang,City,Pyongyang,بيونغ يانغ,,,1,,,north-korea,,,test\n";

    #[test]
    fn adjective_morphology() {
        let f = adjective_forms("كوري شمالي");
        assert!(f.contains(&"الكوري الشمالي".to_string()));
        assert!(f.contains(&"الكورية الشمالية".to_string()));
        assert!(f.contains(&"الكوريين الشماليين".to_string()));
        assert!(f.contains(&"كوري شمالي".to_string()));
    }

    #[test]
    fn loads_rows_and_builds_folded_forms() {
        let g = Gazetteer::from_files(&[("t.csv", CSV)]).unwrap();
        assert_eq!(g.entities.len(), 2);
        assert_eq!(g.get("russia").unwrap().iso.as_deref(), Some("RU"));
        let keys: Vec<&str> = g.forms.iter().map(|f| f.key.as_str()).collect();
        // Foreign names are g-folded and also indexed without their inner space.
        assert!(keys.contains(&"بيونج يانج"));
        assert!(keys.contains(&"بيونجيانج"));
        assert!(keys.contains(&"الروسيه"));
    }

    #[test]
    fn rejects_bad_rows() {
        let bad = CSV.replace("russia,Country", "Russia!,Country");
        assert!(Gazetteer::from_files(&[("t.csv", &bad)]).is_err());
        let dup = format!("{CSV}russia,Country,Russia,روسيا,,,1,,,,,,test\n");
        assert!(Gazetteer::from_files(&[("t.csv", &dup)]).is_err());
    }

    #[test]
    fn shipped_gazetteer_loads() {
        let g = Gazetteer::load().unwrap();
        assert!(!g.entities.is_empty());
    }
}
