//! Entity mentions: gazetteer matching with clitics and spelling variants, and people found
//! after titles («وزير الخارجية الفيتنامي X Y»).
//!
//! The matcher runs two Aho–Corasick automata over the match key of a text: one for Arabic
//! names (match key as is) and one for foreign names (match key with the foreign fold, see
//! [`crate::text::fold_foreign_char`]). A hit is kept when it ends at a word end and what
//! precedes it inside its word is empty or an allowed proclitic run from the lexicon; entries
//! written with ال are also indexed by their bare stem, which needs a clitic that carries the
//! article (بال، لل …). Overlaps are resolved by longest span, then fewest clitic letters, then
//! earliest start. Pure: no I/O.

use crate::gazetteer::{Entity, EntityType, FormKind, Gazetteer};
use crate::lexicon::{CliticKind, Lexicon};
use crate::text::{fold_foreign_char, is_word_char, key_of, Layer, Span};
use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;
use std::collections::HashSet;

/// How a mention names its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum MentionKind {
    /// A name or alias from the gazetteer.
    Name,
    /// A nisba adjective (الروسية).
    Adjective,
    /// A person's name read after a title.
    TitledName,
    /// A title standing for its holder («الرئيس الروسي»).
    Title,
}

impl MentionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Adjective => "adjective",
            MentionKind::TitledName => "titled-name",
            MentionKind::Title => "title",
        }
    }
}

/// Who a mention refers to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum EntityRef {
    /// Index into [`Gazetteer::entities`].
    Known(usize),
    /// A person found after a title, by the folded key of their name.
    Discovered(String),
}

/// A mention found in the match-key layer (spans are match-key positions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMention {
    pub entity: EntityRef,
    pub span: Span,
    pub kind: MentionKind,
}

/// A person read after a title, before it becomes an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitledPerson {
    /// Folded key of the name: the identity of the person across documents.
    pub key: String,
    /// Name span (match-key positions).
    pub name: Span,
    /// Title span (match-key positions), including an affiliation that follows it.
    pub title: Span,
    pub role_en: String,
    /// The affiliation named right after the title (a country, an organisation).
    pub affiliation: Option<usize>,
}

#[derive(Debug, Clone, Copy)]
struct Target {
    entity: usize,
    kind: FormKind,
    /// The pattern is the bare stem of an entry with ال: it needs an article-carrying clitic.
    stem: bool,
}

/// The compiled matcher. Build once, use for every document.
pub struct Matcher {
    native: AhoCorasick,
    native_targets: Vec<Vec<Target>>,
    foreign: AhoCorasick,
    foreign_targets: Vec<Vec<Target>>,
    titles: AhoCorasick,
    /// Pattern → (title index, pattern is the bare stem of a title with ال).
    title_targets: Vec<(usize, bool)>,
    lexicon: Lexicon,
    common: HashSet<String>,
    /// Words that begin a title: never part of a name.
    title_words: HashSet<String>,
}

fn build(patterns: Vec<(String, Target)>) -> (AhoCorasick, Vec<Vec<Target>>) {
    let mut keys: Vec<String> = Vec::new();
    let mut targets: Vec<Vec<Target>> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for (k, t) in patterns {
        let i = *index.entry(k.clone()).or_insert_with(|| {
            keys.push(k);
            targets.push(Vec::new());
            keys.len() - 1
        });
        targets[i].push(t);
    }
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(&keys)
        .expect("gazetteer automaton builds");
    (ac, targets)
}

/// Positions of every char in a string: byte offset → char index.
fn char_index(s: &str) -> Vec<usize> {
    let mut map = vec![0; s.len() + 1];
    let mut ci = 0;
    for (b, ch) in s.char_indices() {
        for x in map.iter_mut().skip(b).take(ch.len_utf8()) {
            *x = ci;
        }
        ci += 1;
    }
    map[s.len()] = ci;
    map
}

/// Start of the word containing position `pos` (walking back over word characters).
fn word_start(chars: &[char], pos: usize) -> usize {
    let mut s = pos;
    while s > 0 && is_word_char(chars[s - 1]) {
        s -= 1;
    }
    s
}

fn at_word_end(chars: &[char], pos: usize) -> bool {
    pos >= chars.len() || !is_word_char(chars[pos])
}

impl Matcher {
    pub fn new(gazetteer: &Gazetteer, lexicon: Lexicon, common_words: HashSet<String>) -> Matcher {
        let mut native = Vec::new();
        let mut foreign = Vec::new();
        for f in &gazetteer.forms {
            if common_words.contains(&f.key) {
                continue;
            }
            let list = if f.foreign { &mut foreign } else { &mut native };
            let t = Target {
                entity: f.entity,
                kind: f.kind,
                stem: false,
            };
            list.push((f.key.clone(), t));
            if let Some(stem) = f.key.strip_prefix("ال") {
                if stem.chars().filter(|c| c.is_alphanumeric()).count() >= 3 {
                    list.push((stem.to_string(), Target { stem: true, ..t }));
                }
            }
        }
        let (native, native_targets) = build(native);
        let (foreign, foreign_targets) = build(foreign);
        let mut tkeys: Vec<String> = Vec::new();
        let mut title_targets = Vec::new();
        for (i, t) in lexicon.titles.iter().enumerate() {
            tkeys.push(t.key.clone());
            title_targets.push((i, false));
            if let Some(stem) = t.key.strip_prefix("ال") {
                tkeys.push(stem.to_string());
                title_targets.push((i, true));
            }
        }
        let titles = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&tkeys)
            .expect("title automaton builds");
        let title_words = lexicon
            .titles
            .iter()
            .filter_map(|t| t.key.split_whitespace().next())
            .flat_map(|w| [w.to_string(), w.trim_start_matches("ال").to_string()])
            .collect();
        Matcher {
            title_words,
            native,
            native_targets,
            foreign,
            foreign_targets,
            titles,
            title_targets,
            lexicon,
            common: common_words,
        }
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Is the in-word prefix `prefix` acceptable before a pattern?
    fn prefix_ok(&self, prefix: &str, stem: bool) -> bool {
        if stem {
            self.lexicon.is_clitic(prefix, CliticKind::Stem)
        } else {
            prefix.is_empty() || self.lexicon.is_clitic(prefix, CliticKind::Name)
        }
    }

    /// Gazetteer mentions in a match-key layer, non-overlapping, in text order.
    pub fn gazetteer_mentions(&self, key: &Layer) -> Vec<KeyMention> {
        let chars = key.chars();
        let native_text: String = chars.iter().collect();
        let foreign_text: String = chars.iter().map(|&c| fold_foreign_char(c)).collect();
        // (span, clitic length, entity, kind)
        let mut cands: Vec<(Span, usize, usize, FormKind)> = Vec::new();
        for (ac, targets, text) in [
            (&self.native, &self.native_targets, &native_text),
            (&self.foreign, &self.foreign_targets, &foreign_text),
        ] {
            let ci = char_index(text);
            for m in ac.find_overlapping_iter(text.as_str()) {
                let (s, e) = (ci[m.start()], ci[m.end()]);
                if !at_word_end(chars, e) {
                    continue;
                }
                let ws = word_start(chars, s);
                let prefix: String = chars[ws..s].iter().collect();
                for t in &targets[m.pattern().as_usize()] {
                    if self.prefix_ok(&prefix, t.stem) {
                        cands.push((Span::new(s, e), s - ws, t.entity, t.kind));
                    }
                }
            }
        }
        // Longest span, then fewest clitic letters, then earliest, then a stable entity order.
        cands.sort_by(|a, b| {
            b.0.len()
                .cmp(&a.0.len())
                .then(a.1.cmp(&b.1))
                .then(a.0.start.cmp(&b.0.start))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        let mut taken = vec![false; chars.len()];
        let mut out = Vec::new();
        for (span, _, entity, kind) in cands {
            if taken[span.start..span.end].iter().any(|&t| t) {
                continue;
            }
            taken[span.start..span.end]
                .iter_mut()
                .for_each(|t| *t = true);
            out.push(KeyMention {
                entity: EntityRef::Known(entity),
                span,
                kind: match kind {
                    FormKind::Name => MentionKind::Name,
                    FormKind::Adjective => MentionKind::Adjective,
                },
            });
        }
        out.sort_by_key(|m| m.span);
        out
    }

    /// Titles in a match-key layer: (span, title index), longest first at each start.
    fn titles_in(&self, chars: &[char]) -> Vec<(Span, usize)> {
        let text: String = chars.iter().collect();
        let ci = char_index(&text);
        let mut found: Vec<(Span, usize)> = Vec::new();
        for m in self.titles.find_overlapping_iter(text.as_str()) {
            let (s, e) = (ci[m.start()], ci[m.end()]);
            if !at_word_end(chars, e) {
                continue;
            }
            let ws = word_start(chars, s);
            let prefix: String = chars[ws..s].iter().collect();
            let (ti, is_stem) = self.title_targets[m.pattern().as_usize()];
            if self.prefix_ok(&prefix, is_stem) {
                found.push((Span::new(s, e), ti));
            }
        }
        found.sort_by(|a, b| a.0.start.cmp(&b.0.start).then(b.0.len().cmp(&a.0.len())));
        found.dedup_by_key(|x| x.0.start);
        found
    }

    /// People named right after a title, given the gazetteer mentions already found. Titles
    /// followed by a known person yield nothing here (the gazetteer already has them).
    /// Also returns titles with an affiliation and no name that stand for one known person at
    /// the document's date («الرئيس الروسي» → Vladimir Putin): (title span, entity index).
    pub fn titled_people(
        &self,
        key: &Layer,
        known: &[KeyMention],
        gazetteer: &Gazetteer,
        year: Option<i32>,
    ) -> (Vec<TitledPerson>, Vec<(Span, usize)>) {
        let chars = key.chars();
        let mention_at = |pos: usize| known.iter().find(|m| m.span.start == pos);
        let mut out = Vec::new();
        let mut resolved = Vec::new();
        let mut last_end = 0;
        for (tspan, ti) in self.titles_in(chars) {
            if tspan.start < last_end
                || known
                    .iter()
                    .any(|m| m.span.start <= tspan.start && tspan.start < m.span.end)
            {
                continue;
            }
            let mut pos = tspan.end;
            let mut affiliation = None;
            // Up to two affiliations: «رئيس مجلس الأمن الروسي», «وزير خارجية كوريا الشمالية».
            for _ in 0..2 {
                let next = skip_spaces(chars, pos);
                // A clitic ل may glue the affiliation: «الأمين العام لمجلس الأمن».
                let m = mention_at(next).or_else(|| {
                    (chars.get(next) == Some(&'ل'))
                        .then(|| mention_at(next + 1))
                        .flatten()
                });
                match m {
                    Some(m) => match &m.entity {
                        EntityRef::Known(e)
                            if gazetteer.entities[*e].etype != EntityType::Person =>
                        {
                            affiliation = Some(*e);
                            pos = m.span.end;
                        }
                        _ => break,
                    },
                    None => break,
                }
            }
            let start = skip_spaces(chars, pos);
            if start == pos && pos < chars.len() {
                continue; // no space after the title: not a title use
            }
            let follows = mention_at(start);
            if follows.is_some_and(|m| matches!(m.entity, EntityRef::Known(e) if gazetteer.entities[e].etype == EntityType::Person)) {
                continue; // the person is named: nothing to discover or resolve
            }
            let tokens = match follows {
                Some(_) => Vec::new(),
                None => name_tokens(
                    chars,
                    start,
                    &self.lexicon.stopwords,
                    &self.common,
                    known,
                    &self.title_words,
                ),
            };
            if tokens.len() < 2 {
                let t = &self.lexicon.titles[ti];
                if let (Some(aff), Some(year)) = (affiliation, year) {
                    if let Some(p) =
                        resolve_title(&t.role_en, &gazetteer.entities[aff], year, gazetteer)
                    {
                        resolved.push((Span::new(tspan.start, pos), p));
                        last_end = pos;
                    }
                }
                continue;
            }
            let name = Span::new(tokens[0].start, tokens[tokens.len() - 1].end);
            let name_str: String = chars[name.start..name.end].iter().collect();
            let key: String = name_str
                .chars()
                .map(fold_foreign_char)
                .filter(|c| !c.is_whitespace())
                .collect();
            let t = &self.lexicon.titles[ti];
            last_end = name.end;
            out.push(TitledPerson {
                key,
                name,
                title: Span::new(tspan.start, pos),
                role_en: t.role_en.clone(),
                affiliation,
            });
        }
        (out, resolved)
    }
}

/// The one person whose role, valid in `year`, is the title's role of the affiliation
/// («President» + Russia → "President of Russia"). `None` when no one or several fit.
fn resolve_title(
    role: &str,
    affiliation: &Entity,
    year: i32,
    gazetteer: &Gazetteer,
) -> Option<usize> {
    let of = affiliation.label_en.as_deref()?;
    let wanted = format!("{role} of {of}");
    // Exact role first («Minister of Foreign Affairs of Russia»), then a unique role that
    // contains it («Supreme Leader of North Korea» for «Leader of North Korea»).
    let holders = |exact: bool| -> Vec<usize> {
        gazetteer
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.etype == EntityType::Person
                    && e.roles_en.iter().any(|r| {
                        let core = r.split([';', '(']).next().unwrap_or("").trim();
                        let core = core.trim_end_matches(|c: char| {
                            c.is_ascii_digit() || c == '–' || c == '-' || c == ' '
                        });
                        (if exact {
                            core == wanted
                        } else {
                            core.contains(&wanted)
                        }) && role_valid_in(r, year)
                    })
            })
            .map(|(i, _)| i)
            .collect()
    };
    let exact = holders(true);
    let found = if exact.is_empty() {
        holders(false)
    } else {
        exact
    };
    (found.len() == 1).then(|| found[0])
}

/// Is a role held in `year`? Reads the years a role text carries: «2021–2025» (a span),
/// «(from January 2025)» (a start), «(died 2024)» (an end); a role with no year is current.
pub fn role_valid_in(role: &str, year: i32) -> bool {
    let years: Vec<i32> = role
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse().ok())
        .filter(|y| (1900..=2100).contains(y))
        .collect();
    let lower = role.to_lowercase();
    match years.as_slice() {
        [] => true,
        [y] if lower.contains("from") || lower.contains("since") => year >= *y,
        [y] => year <= *y,
        [a, b, ..] => (*a..=*b).contains(&year),
    }
}

fn skip_spaces(chars: &[char], mut pos: usize) -> usize {
    while pos < chars.len() && chars[pos] == ' ' {
        pos += 1;
    }
    pos
}

/// Up to three name-like words from `start`, separated by single spaces or hyphens.
fn name_tokens(
    chars: &[char],
    start: usize,
    stopwords: &HashSet<String>,
    common: &HashSet<String>,
    known: &[KeyMention],
    title_words: &HashSet<String>,
) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = start;
    while out.len() < 3 && pos < chars.len() {
        let mut e = pos;
        while e < chars.len() && is_word_char(chars[e]) {
            e += 1;
        }
        if e == pos {
            break;
        }
        let word: String = chars[pos..e].iter().collect();
        let arabic = word.chars().all(|c| {
            ('\u{0621}'..='\u{064A}').contains(&c) || ('\u{0671}'..='\u{06D3}').contains(&c)
        });
        let blocked = stopwords.contains(&word)
            || common.contains(&word)
            || title_words.contains(&word)
            || word.starts_with("ال")
            || word.chars().count() < 2
            || !arabic
            || known.iter().any(|m| m.span.start < e && pos < m.span.end);
        if blocked {
            break;
        }
        out.push(Span::new(pos, e));
        // Continue only over one space or one hyphen.
        match chars.get(e) {
            Some(' ') | Some('-') if chars.get(e + 1).is_some_and(|c| is_word_char(*c)) => {
                pos = e + 1
            }
            _ => break,
        }
    }
    out
}

/// The words of the lexicon file `common-words.txt`: names that are also ordinary words.
pub fn common_words(lexicon_text: &str) -> HashSet<String> {
    lexicon_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(key_of)
        .collect()
}

/// Convenience: the entity a known mention points to.
pub fn known_entity<'g>(g: &'g Gazetteer, r: &EntityRef) -> Option<&'g Entity> {
    match r {
        EntityRef::Known(i) => g.entities.get(*i),
        EntityRef::Discovered(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{clean, MatchKey};

    const CSV: &str = "id,type,label_en,label_ar,aliases_ar,adjectives_ar,foreign,iso,wikidata,country,role_en,role_ar,source\n\
        russia,Country,Russia,روسيا,الاتحاد الروسي,روسي,1,RU,,,,,t\n\
        north-korea,Country,North Korea,كوريا الشمالية,,كوري شمالي,1,KP,,,,,t\n\
        united-states,Country,United States,الولايات المتحدة,,أمريكي,1,US,,,,,t\n\
        pyongyang,City,Pyongyang,بيونغ يانغ,,,1,,,north-korea,,,t\n\
        vietnam,Country,Vietnam,فيتنام,,فيتنامي,1,VN,,,,,t\n\
        sergei-lavrov,Person,Sergei Lavrov,سيرغي لافروف,لافروف,,1,,,russia,,,t\n\
        mfa-russia,Organization,Ministry of Foreign Affairs of Russia,وزارة الخارجية الروسية,,,0,,,russia,,,t\n\
        vladimir-putin,Person,Vladimir Putin,فلاديمير بوتين,بوتين,,1,,,russia,President of Russia,,t\n";

    fn matcher() -> (Gazetteer, Matcher) {
        let g = Gazetteer::from_files(&[("t.csv", CSV)]).unwrap();
        let m = Matcher::new(&g, Lexicon::load().unwrap(), HashSet::new());
        (g, m)
    }

    fn found(text: &str) -> Vec<(String, String)> {
        let (g, m) = matcher();
        let k = MatchKey::new(&clean(text));
        m.gazetteer_mentions(&k.0)
            .into_iter()
            .map(|x| {
                let id = known_entity(&g, &x.entity).unwrap().id.clone();
                (id, k.0.slice(x.span))
            })
            .collect()
    }

    #[test]
    fn clitics_and_names_starting_with_clitic_letters() {
        assert_eq!(
            found("ولافروف وبوتين في بيونج يانج وللولايات المتحدة"),
            vec![
                ("sergei-lavrov".into(), "لافروف".into()),
                ("vladimir-putin".into(), "بوتين".into()),
                ("pyongyang".into(), "بيونج يانج".into()),
                ("united-states".into(), "ولايات المتحده".into()),
            ]
        );
    }

    #[test]
    fn spelling_variants_hyphens_and_joined_names() {
        let ids: Vec<String> = found("بيونغيانغ، بيونغ-يانغ، بيونق يانق")
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(ids, vec!["pyongyang"; 3]);
    }

    #[test]
    fn longest_match_and_adjectives() {
        assert_eq!(
            found("وزارة الخارجية الروسية والقوات الروسية والجنود الكوريين الشماليين"),
            vec![
                ("mfa-russia".into(), "وزاره الخارجيه الروسيه".into()),
                ("russia".into(), "الروسيه".into()),
                ("north-korea".into(), "الكوريين الشماليين".into()),
            ]
        );
    }

    #[test]
    fn no_match_inside_words() {
        assert!(found("الروسيات").iter().all(|x| x.0 == "russia"));
        assert!(found("بروسياتنا").is_empty());
    }

    #[test]
    fn roles_carry_their_years() {
        assert!(role_valid_in("President of Russia", 2025));
        assert!(role_valid_in(
            "President of Iran 2021–2024 (died 2024)",
            2023
        ));
        assert!(!role_valid_in(
            "President of Iran 2021–2024 (died 2024)",
            2025
        ));
        assert!(role_valid_in(
            "President of the United States (from January 2025)",
            2025
        ));
        assert!(!role_valid_in(
            "President of the United States (from January 2025)",
            2024
        ));
    }

    #[test]
    fn a_title_without_a_name_stands_for_the_one_holder() {
        let (g, m) = matcher();
        let k = MatchKey::new(&clean("خلال زيارة الرئيس الروسي إلى بيونغ يانغ"));
        let known = m.gazetteer_mentions(&k.0);
        let (_, resolved) = m.titled_people(&k.0, &known, &g, Some(2024));
        assert_eq!(resolved.len(), 1);
        assert_eq!(g.entities[resolved[0].1].id, "vladimir-putin");
        assert_eq!(k.0.slice(resolved[0].0), "الرئيس الروسي");
    }

    #[test]
    fn titles_introduce_unknown_people() {
        let (g, m) = matcher();
        let k = MatchKey::new(&clean(
            "استقبل الرئيس الفيتنامي تو لام يوم الجمعة وزير الخارجية الروسي سيرغي لافروف",
        ));
        let known = m.gazetteer_mentions(&k.0);
        let (people, _) = m.titled_people(&k.0, &known, &g, Some(2025));
        assert_eq!(people.len(), 1);
        assert_eq!(k.0.slice(people[0].name), "تو لام");
        assert_eq!(people[0].role_en, "President");
        assert_eq!(people[0].affiliation, g.index_of("vietnam"));
    }
}
