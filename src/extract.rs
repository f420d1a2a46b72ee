//! Extraction: one [`Document`] in, one [`Extraction`] out. Pure — no I/O, no store — so it
//! can be tested on strings, run in parallel and fuzzed.
//!
//! Stages: raw text → clean layer → match key → sentences → gazetteer mentions → people after
//! titles → entities and mentions with raw code-point spans and exact quotes.

use crate::dates::{find_dates, DateLexicon};
use crate::document::{Document, DocumentMeta};
use crate::embedded;
use crate::error::DataError;
use crate::events::merge::merge_in_document;
use crate::events::model::{Report, Value};
use crate::events::rules::{extract_reports, DocumentView, EventLexicon, EventMention};
use crate::figures::{find_figures, NumberLexicon};
use crate::gazetteer::{Entity, EntityType, Gazetteer};
use crate::lexicon::Lexicon;
use crate::mentions::{common_words, EntityRef, Matcher, MentionKind};
use crate::text::{clean, sentences, MatchKey, Span};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Everything extraction needs that does not depend on the document: load once.
pub struct Knowledge {
    pub gazetteer: Gazetteer,
    pub matcher: Matcher,
    pub events: EventLexicon,
    pub dates: DateLexicon,
    pub numbers: NumberLexicon,
}

impl Knowledge {
    /// Loads the gazetteer and lexicons compiled into the binary and builds the matcher.
    pub fn load() -> Result<Knowledge, DataError> {
        let gazetteer = Gazetteer::load()?;
        let lexicon = Lexicon::load()?;
        let common = embedded::LEXICON
            .iter()
            .find(|(n, _)| *n == "common-words.txt")
            .map(|(_, t)| common_words(t))
            .unwrap_or_default();
        let matcher = Matcher::new(&gazetteer, lexicon, common);
        Ok(Knowledge {
            gazetteer,
            matcher,
            events: EventLexicon::load()?,
            dates: DateLexicon::try_load().map_err(DataError::Lexicon)?,
            numbers: NumberLexicon::try_load().map_err(DataError::Lexicon)?,
        })
    }
}

/// One mention in the output: which entity, where in the raw text, what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionOut {
    /// Index into [`Extraction::entities`].
    pub entity: usize,
    /// Code-point span in the raw text.
    pub span: Span,
    /// The raw text of the span, exactly.
    pub quote: String,
    pub kind: MentionKind,
    /// Index into [`Extraction::sentences`].
    pub sentence: usize,
}

/// One sentence: its raw code-point span and its exact raw text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SentenceOut {
    pub span: Span,
    pub text: String,
}

/// What one document yields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extraction {
    pub meta: DocumentMeta,
    pub content_hash: String,
    /// The first line when it reads as a headline.
    pub title: Option<String>,
    /// Length of the raw text in code points.
    pub char_count: usize,
    /// Sentences: raw code-point spans and their text.
    pub sentences: Vec<SentenceOut>,
    /// Entities this document mentions, sorted by id.
    pub entities: Vec<Entity>,
    /// Mentions in text order.
    pub mentions: Vec<MentionOut>,
    /// Event reports, one per event the article speaks of, in text order.
    pub reports: Vec<Report>,
}

fn slice(chars: &[char], span: Span) -> String {
    chars[span.start..span.end].iter().collect()
}

/// The id of a person discovered after a title: a hash of the folded name key.
pub fn discovered_person_id(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("person-{hex}")
}

fn headline(raw: &str) -> Option<String> {
    let mut lines = raw.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    let rest = lines.next();
    (rest.is_some() && first.chars().count() <= 200 && !first.ends_with('.'))
        .then(|| first.to_string())
}

/// Runs the whole extraction on one document.
pub fn extract(doc: &Document, kb: &Knowledge) -> Extraction {
    let raw: Vec<char> = doc.raw.chars().collect();
    let clean_layer = clean(&doc.raw);
    let key = MatchKey::new(&clean_layer).0;
    let sentences: Vec<Span> = sentences::split(&clean_layer, &kb.matcher.lexicon().abbreviations)
        .into_iter()
        .map(|s| clean_layer.to_raw(s))
        .collect();

    let known = kb.matcher.gazetteer_mentions(&key);
    let year = doc.meta.published.map(|p| p.bounds().0 .0);
    let (titled, title_refs) = kb.matcher.titled_people(&key, &known, &kb.gazetteer, year);

    // Collect entities (BTreeMap: sorted by id) and mentions.
    let mut entities: BTreeMap<String, Entity> = BTreeMap::new();
    let mut raw_mentions: Vec<(String, Span, MentionKind)> = Vec::new();
    for m in &known {
        if let EntityRef::Known(i) = m.entity {
            let e = &kb.gazetteer.entities[i];
            entities.entry(e.id.clone()).or_insert_with(|| e.clone());
            raw_mentions.push((e.id.clone(), key.to_raw(m.span), m.kind));
        }
    }
    for (span, i) in &title_refs {
        let e = &kb.gazetteer.entities[*i];
        entities.entry(e.id.clone()).or_insert_with(|| e.clone());
        raw_mentions.push((e.id.clone(), key.to_raw(*span), MentionKind::Title));
    }
    for p in &titled {
        let id = discovered_person_id(&p.key);
        let name_raw = key.to_raw(p.name);
        let title_raw = key.to_raw(p.title);
        let name = clean(&slice(&raw, name_raw)).as_string();
        let title_ar = clean(&slice(&raw, title_raw)).as_string();
        let aff = p.affiliation.map(|i| &kb.gazetteer.entities[i]);
        let role_en = match aff.and_then(|a| a.label_en.as_deref()) {
            Some(of) => format!("{} of {of}", p.role_en),
            None => p.role_en.clone(),
        };
        let country = aff.and_then(|a| {
            if a.etype == EntityType::Country {
                Some(a.id.clone())
            } else {
                a.country.clone()
            }
        });
        let e = entities.entry(id.clone()).or_insert_with(|| Entity {
            id: id.clone(),
            etype: EntityType::Person,
            label_en: None,
            label_ar: name.clone(),
            alt_ar: Vec::new(),
            adjectives_ar: Vec::new(),
            foreign: true,
            iso: None,
            wikidata: None,
            country: country.clone(),
            roles_en: Vec::new(),
            roles_ar: Vec::new(),
            source: "title pattern".into(),
        });
        if name != e.label_ar && !e.alt_ar.contains(&name) {
            e.alt_ar.push(name);
        }
        if !e.roles_en.contains(&role_en) {
            e.roles_en.push(role_en);
        }
        if !e.roles_ar.contains(&title_ar) {
            e.roles_ar.push(title_ar);
        }
        raw_mentions.push((id, name_raw, MentionKind::TitledName));
    }
    let mut entities: Vec<Entity> = entities.into_values().collect();
    raw_mentions.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));

    // Events: rules over sentences, mentions, dates and figures (all as match-key spans).
    let reports = {
        let by_id: BTreeMap<&str, &Entity> = entities.iter().map(|e| (e.id.as_str(), e)).collect();
        let lookup = |id: &str| by_id.get(id).copied().or_else(|| kb.gazetteer.get(id));
        let to_key = |sp: Span| key.from_raw(clean_layer.to_raw(sp));
        let view = DocumentView {
            key: &key,
            sentences: &sentences
                .iter()
                .map(|s| key.from_raw(*s))
                .collect::<Vec<_>>(),
            mentions: raw_mentions
                .iter()
                .filter_map(|(id, span, kind)| {
                    by_id.get(id.as_str()).map(|e| EventMention {
                        span: key.from_raw(*span),
                        entity: e,
                        adjective: *kind == MentionKind::Adjective,
                    })
                })
                .collect(),
            dates: find_dates(&clean_layer, doc.meta.published, &kb.dates)
                .into_iter()
                .map(|mut d| {
                    d.span = to_key(d.span);
                    d
                })
                .collect(),
            figures: find_figures(&clean_layer, &kb.numbers)
                .into_iter()
                .map(|mut f| {
                    f.span = to_key(f.span);
                    f
                })
                .collect(),
            published: doc.meta.published,
            raw: &raw,
            lookup: &lookup,
        };
        let state = |id: &str| -> Option<String> {
            let e = lookup(id)?;
            match e.etype {
                EntityType::Country => Some(e.id.clone()),
                _ => e.country.clone(),
            }
        };
        merge_in_document(extract_reports(&view, &kb.events), &state)
    };
    // Entities that reports name without a mention (a capital's country) join the list.
    let mut referenced: Vec<String> = Vec::new();
    for r in &reports {
        for v in r.roles.values().flatten() {
            if let Value::Entity(id) = v {
                referenced.push(id.clone());
            }
        }
        referenced.extend(r.attributed_to.iter().cloned());
    }
    // …and so do the countries that described entities point to (kh:country), so that every
    // IRI in the graph is described (Protégé shows labels, not IRI fragments).
    referenced.extend(entities.iter().filter_map(|e| e.country.clone()));
    for id in referenced {
        if !entities.iter().any(|e| e.id == id) {
            if let Some(e) = kb.gazetteer.get(&id) {
                entities.push(e.clone());
            }
        }
    }
    entities.sort_by(|a, b| a.id.cmp(&b.id));
    let index: BTreeMap<&str, usize> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mentions = raw_mentions
        .into_iter()
        .map(|(id, span, kind)| MentionOut {
            entity: index[id.as_str()],
            quote: slice(&raw, span),
            // Sentences are in text order: the last one starting at or before the mention.
            sentence: sentences
                .partition_point(|s| s.start <= span.start)
                .saturating_sub(1),
            span,
            kind,
        })
        .collect();
    Extraction {
        meta: doc.meta.clone(),
        content_hash: doc.content_hash.clone(),
        title: headline(&doc.raw),
        char_count: raw.len(),
        sentences: sentences
            .iter()
            .map(|&span| SentenceOut {
                span,
                text: slice(&raw, span),
            })
            .collect(),
        entities,
        mentions,
        reports,
    }
}
