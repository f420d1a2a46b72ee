//! Event rules: from a document's sentences, mentions, dates and figures to [`Report`]s.
//!
//! Each sentence is cut into words (on the match key), and split into segments at strong
//! boundaries (؛ : and clause words such as حيث، بينما، إذ from the cue lexicon). A trigger
//! from `triggers.csv` opens a report; its roles are the mentions the type's rule finds near
//! it, read through the preposition or clitic before each mention (إلى، في، من، مع، بين، ل، ب):
//!
//! * Visit: visitor = the person right after a noun trigger (زيارة لافروف، زيارة نادرة للرئيس),
//!   after a verb (يزور لافروف) or its subject before it; destination = the place after إلى
//!   (or the object of زار); inviter after «بدعوة من»; purpose = an organisation after «لحضور».
//! * Meeting: every person near the trigger (the pronoun of لقائه/التقى standing for the
//!   sentence's subject), at least two; place = a city or region after في.
//! * AgreementSigning: needs an agreement noun; signatories = people, parties = countries (or
//!   the signatories' countries, or the article's two main countries for «البلدان»).
//! * Deployment / ArmsTransfer (one "transfer" trigger, typed by what is sent): sender =
//!   subject, receiver = after إلى / لدعم / في, or the object of زوّد; personnel and materiel
//!   from `kinds.csv`; the figure right before the personnel noun.
//! * CasualtyReport: kind from the trigger, affected party from the nationality of the
//!   soldiers or the subject, figure nearest the trigger.
//! * AirService: origin/destination from «بين X و Y», «من X إلى Y», «يربط X ب Y»; operator and
//!   authority by their kind in `entity-kinds.csv`.
//!
//! Status comes from cues before the trigger (denied > possible > expected > planned), else
//! from the trigger's tense and the date. Attribution comes from «وفقا لـ X»-style markers and
//! the subject of speech verbs. Nothing here names an article, a person or a figure: every
//! word list is data, every rule is about Arabic syntax.

use super::model::{Agreement, Count, EventType, Report, Role, Status, Value, When};
use crate::dates::{DateMention, DateValue};
use crate::error::DataError;
use crate::figures::Figure;
use crate::gazetteer::{Entity, EntityType};
use crate::lexicon::affixes;
use crate::text::{key_of, Layer, Span};
use crate::time::CalendarValue;
use std::collections::{BTreeMap, HashMap};

/// What the word or clitic before a mention marks (from `function-words.csv`), or the noun it
/// completes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prep {
    /// Nothing: a subject or a direct object.
    None,
    Goal,
    In,
    Inside,
    From,
    With,
    Between,
    About,
    /// Conjunction «و»: a coordinated mention keeps the role of the one before.
    And,
    /// Any other preposition (على، لدى، ضد، عبر، ك …).
    Other,
    /// It completes a noun (حرب أوكرانيا): not a subject, not a goal.
    Genitive,
    /// It is who is helped (لدعم روسيا): a receiver, not a subject.
    Beneficiary,
}

impl Prep {
    fn parse(function: &str) -> Option<Prep> {
        Some(match function {
            "goal" => Prep::Goal,
            "in" => Prep::In,
            "inside" => Prep::Inside,
            "from" => Prep::From,
            "with" => Prep::With,
            "between" => Prep::Between,
            "about" => Prep::About,
            "and" => Prep::And,
            "on" | "at" | "against" | "via" | "like" => Prep::Other,
            _ => return None,
        })
    }
}

/// What a trigger opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TriggerType {
    Event(EventType),
    /// A sending or supplying word: Deployment and/or ArmsTransfer by what is sent.
    Transfer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Present,
    Future,
    None,
}

#[derive(Debug, Clone)]
struct TriggerDef {
    ttype: TriggerType,
    noun: bool,
    tense: Tense,
    arrival: bool,
    /// The recipient may be the direct object (زوّد، سلّم).
    gives: bool,
    /// The lexicon form carries a possessive pronoun (لقائه).
    pronoun: bool,
    /// The word alone is vague (خسائر): a report needs a figure.
    vague: bool,
    /// The lexicon form (match key), to tell a pronoun suffix from the word itself.
    form: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Personnel,
    Materiel,
    Casualty,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Cue {
    Status(Status, bool /* near only */),
    PossibleImperfect,
    Attribution,
    Speech,
    Collective,
    Boilerplate,
    Invitation,
    Purpose,
    GenitiveHead,
    BeneficiaryHead,
    CollectivePeople,
    Transparent,
    InviteVerb,
    Then,
    OccurredAfter,
    StartMarker,
    EndMarker,
    Duration,
    Complementizer,
    AgentMarker,
    AgentVerb,
    Relative,
    Partitive,
    CountNoun,
    Or,
    AirWord,
    RouteLink,
    CapitalWord,
    DayUnit,
    PronounGoal,
}

/// Phrases (one or more words) with a payload, matched at a word position.
#[derive(Debug, Clone)]
struct PhraseSet<T> {
    entries: Vec<(Vec<String>, T)>,
    /// Variant of the first word → entries.
    index: HashMap<String, Vec<usize>>,
}

impl<T> PhraseSet<T> {
    fn new() -> Self {
        PhraseSet {
            entries: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// Adds a phrase; `noun` also accepts the article and pronoun suffixes on a single word.
    fn add(&mut self, phrase: &str, payload: T, noun: bool) {
        let words: Vec<String> = key_of(phrase)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        if words.is_empty() {
            return;
        }
        let i = self.entries.len();
        for v in word_variants(&words[0], noun && words.len() == 1) {
            self.index.entry(v).or_default().push(i);
        }
        self.entries.push((words, payload));
    }

    /// The longest phrase starting at word `i` whose payload satisfies `pred`: its length.
    fn find(&self, words: &[Tok], i: usize, pred: impl Fn(&T) -> bool) -> Option<usize> {
        let cands = self.index.get(&words.get(i)?.word)?;
        cands
            .iter()
            .map(|&c| &self.entries[c])
            .filter(|(ws, payload)| {
                i + ws.len() <= words.len()
                    && (1..ws.len()).all(|k| words[i + k].word == ws[k] && !words[i + k].punct)
                    && pred(payload)
            })
            .map(|(ws, _)| ws.len())
            .max()
    }

    /// The longest phrase starting at word `i`: (number of words, payload).
    fn at<'a>(&'a self, words: &[Tok], i: usize) -> Option<(usize, &'a T)> {
        let cands = self.index.get(&words[i].word)?;
        let mut best: Option<(usize, &T)> = None;
        for &c in cands {
            let (ws, payload) = &self.entries[c];
            let n = ws.len();
            if i + n > words.len() {
                continue;
            }
            let rest_ok = (1..n).all(|k| words[i + k].word == ws[k] && !words[i + k].punct);
            if rest_ok && best.is_none_or(|(bn, _)| n > bn) {
                best = Some((n, payload));
            }
        }
        best
    }
}

/// Surface variants of a lexicon word: with proclitics, and for nouns with the article and
/// pronoun suffixes (ة becomes ت before a suffix).
fn word_variants(w: &str, noun: bool) -> Vec<String> {
    let mut base = vec![w.to_string()];
    if noun {
        if let Some(bare) = w.strip_prefix("ال") {
            base.push(bare.to_string());
        } else {
            base.push(format!("ال{w}"));
            let stem = w
                .strip_suffix('ه')
                .map(|s| format!("{s}ت"))
                .unwrap_or_else(|| w.to_string());
            for s in &affixes().suffixes {
                base.push(format!("{stem}{s}"));
            }
        }
    }
    let mut out = Vec::new();
    for b in &base {
        out.push(b.clone());
        for p in &affixes().proclitics {
            out.push(format!("{p}{b}"));
        }
        if let Some(bare) = b.strip_prefix("ال") {
            for p in ["لل", "ولل", "فلل"] {
                out.push(format!("{p}{bare}"));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The event lexicons (`triggers.csv`, `kinds.csv`, `cues.csv`, `agreements.csv`,
/// `entity-kinds.csv`), compiled.
#[derive(Debug, Clone)]
pub struct EventLexicon {
    triggers: PhraseSet<TriggerDef>,
    kinds: PhraseSet<(Slot, String)>,
    cues: PhraseSet<Cue>,
    /// Attribution markers and speech verbs only (a word may also be a status cue).
    sources: PhraseSet<Cue>,
    agreements: PhraseSet<Option<String>>,
    boundaries: PhraseSet<()>,
    entity_kinds: HashMap<String, String>,
    /// Prepositions and prepositional clitics (match key) → what they mark.
    functions: HashMap<String, Prep>,
}

/// Rows of a lexicon file (see [`crate::lexicon::csv_rows`]), without line numbers (errors
/// take them from the record).
fn lexicon_rows(name: &str) -> Result<Vec<csv::StringRecord>, DataError> {
    Ok(crate::lexicon::csv_rows(name)?
        .into_iter()
        .map(|(_, rec)| rec)
        .collect())
}

fn bad(file: &str, rec: &csv::StringRecord, message: &str) -> DataError {
    DataError::Row {
        file: file.into(),
        line: rec.position().map(|p| p.line()).unwrap_or(0),
        message: message.into(),
    }
}

impl EventLexicon {
    /// Is the word at `k` (alone) a cue of this kind? (A word may be a cue of several kinds.)
    fn is(&self, toks: &[Tok], k: usize, kind: &Cue) -> bool {
        self.cues.find(toks, k, |c| c == kind) == Some(1)
    }

    /// Does a phrase of this kind start at `k`? Returns its length.
    fn phrase_at(&self, toks: &[Tok], k: usize, kind: &Cue) -> Option<usize> {
        self.cues.find(toks, k, |c| c == kind)
    }

    /// What a preposition or prepositional clitic (match key) marks.
    fn function(&self, w: &str) -> Option<Prep> {
        self.functions.get(w).copied()
    }

    /// The proclitic run before a transparent word («بمدينة» → «ب»), or empty.
    fn transparent_clitic(&self, w: &str) -> String {
        for p in &affixes().proclitics {
            if let Some(rest) = w.strip_prefix(p) {
                let is_transparent = self.cues.entries.iter().any(|(ws, c)| {
                    *c == Cue::Transparent
                        && ws.len() == 1
                        && (ws[0] == rest || ws[0].strip_prefix("ال") == Some(rest))
                });
                if is_transparent {
                    return p.to_string();
                }
            }
        }
        String::new()
    }

    pub fn load() -> Result<EventLexicon, DataError> {
        let mut triggers = PhraseSet::new();
        for rec in lexicon_rows("triggers.csv")? {
            let ttype = match &rec[1] {
                "Transfer" => TriggerType::Transfer,
                t => TriggerType::Event(
                    EventType::parse(t).ok_or_else(|| bad("triggers.csv", &rec, "bad type"))?,
                ),
            };
            let noun = &rec[2] == "noun";
            let tense = match &rec[3] {
                "past" => Tense::Past,
                "present" => Tense::Present,
                "future" => Tense::Future,
                _ => Tense::None,
            };
            let arrival = rec.get(4) == Some("arrival");
            let gives = rec.get(4) == Some("gives");
            let pronoun = rec.get(4) == Some("pronoun");
            let vague = rec.get(4) == Some("vague");
            triggers.add(
                &rec[0],
                TriggerDef {
                    ttype,
                    noun,
                    tense,
                    arrival,
                    gives,
                    pronoun,
                    vague,
                    form: key_of(&rec[0]),
                },
                noun,
            );
        }
        let mut kinds = PhraseSet::new();
        for rec in lexicon_rows("kinds.csv")? {
            let slot = match &rec[1] {
                "personnel" => Slot::Personnel,
                "materiel" => Slot::Materiel,
                "casualty" => Slot::Casualty,
                _ => return Err(bad("kinds.csv", &rec, "bad slot")),
            };
            // Nouns: with or without the article («عمال»، «العمال»).
            kinds.add(&rec[0], (slot, rec[2].to_string()), slot != Slot::Casualty);
        }
        let mut cues = PhraseSet::new();
        let mut sources = PhraseSet::new();
        let mut boundaries = PhraseSet::new();
        for rec in lexicon_rows("cues.csv")? {
            let near = rec.get(2) == Some("near");
            let cue = match &rec[1] {
                "planned" => Cue::Status(Status::Planned, near),
                "expected" => Cue::Status(Status::Expected, near),
                "possible" => Cue::Status(Status::Possible, near),
                "denied" => Cue::Status(Status::Denied, near),
                "possible-imperfect" => Cue::PossibleImperfect,
                "attribution" => Cue::Attribution,
                "speech" => Cue::Speech,
                "collective" => Cue::Collective,
                "boilerplate" => Cue::Boilerplate,
                "invitation" => Cue::Invitation,
                "purpose" => Cue::Purpose,
                "genitive-head" => Cue::GenitiveHead,
                "beneficiary-head" => Cue::BeneficiaryHead,
                "collective-people" => Cue::CollectivePeople,
                "transparent" => Cue::Transparent,
                "invite-verb" => Cue::InviteVerb,
                "then" => Cue::Then,
                "occurred" => Cue::Status(Status::Occurred, near),
                "occurred-after" => Cue::OccurredAfter,
                "start-marker" => Cue::StartMarker,
                "end-marker" => Cue::EndMarker,
                "duration" => Cue::Duration,
                "complementizer" => Cue::Complementizer,
                "agent-marker" => Cue::AgentMarker,
                "agent-verb" => Cue::AgentVerb,
                "relative" => Cue::Relative,
                "partitive" => Cue::Partitive,
                "count-noun" => Cue::CountNoun,
                "or" => Cue::Or,
                "air-word" => Cue::AirWord,
                "route-link" => Cue::RouteLink,
                "capital-word" => Cue::CapitalWord,
                "day-unit" => Cue::DayUnit,
                "pronoun-goal" => Cue::PronounGoal,
                "boundary" => {
                    boundaries.add(&rec[0], (), false);
                    continue;
                }
                _ => return Err(bad("cues.csv", &rec, "bad kind")),
            };
            if matches!(cue, Cue::Attribution | Cue::Speech) {
                sources.add(&rec[0], cue.clone(), false);
            }
            cues.add(&rec[0], cue, false);
        }
        let mut agreements = PhraseSet::new();
        for rec in lexicon_rows("agreements.csv")? {
            let kind = rec.get(1).filter(|k| !k.is_empty()).map(str::to_string);
            agreements.add(&rec[0], kind, false);
        }
        let mut functions = HashMap::new();
        for rec in lexicon_rows("function-words.csv")? {
            let f = Prep::parse(&rec[1])
                .ok_or_else(|| bad("function-words.csv", &rec, "bad function"))?;
            functions.insert(key_of(&rec[0]), f);
        }
        let mut entity_kinds = HashMap::new();
        for rec in lexicon_rows("entity-kinds.csv")? {
            entity_kinds.insert(rec[0].to_string(), rec[1].to_string());
        }
        Ok(EventLexicon {
            triggers,
            kinds,
            cues,
            sources,
            agreements,
            boundaries,
            entity_kinds,
            functions,
        })
    }
}

/// A mention as the rules see it: its entity and where it is (match-key span).
#[derive(Debug, Clone)]
pub struct EventMention<'a> {
    pub span: Span,
    pub entity: &'a Entity,
    /// A nisba adjective (الروسية) rather than a name.
    pub adjective: bool,
}

/// Everything the rules read from one document.
pub struct DocumentView<'a> {
    pub key: &'a Layer,
    /// Sentences as match-key spans.
    pub sentences: &'a [Span],
    /// Mentions in text order (match-key spans).
    pub mentions: Vec<EventMention<'a>>,
    /// Dates (match-key spans).
    pub dates: Vec<DateMention>,
    /// Figures (match-key spans).
    pub figures: Vec<Figure>,
    pub published: Option<CalendarValue>,
    /// The raw text (code points), for names quoted from it.
    pub raw: &'a [char],
    /// Looks up any gazetteer entity by id (countries of cities, people …).
    pub lookup: &'a dyn Fn(&str) -> Option<&'a Entity>,
}

/// One word (or punctuation mark) of a sentence.
#[derive(Debug, Clone)]
struct Tok {
    span: Span,
    word: String,
    punct: bool,
    /// Index into the document's mentions, when a mention starts in this word.
    mention: Option<usize>,
    /// In-word text before the mention (a clitic), when a mention starts in this word.
    clitic: String,
}

fn is_word(c: char) -> bool {
    crate::text::is_word_char(c)
}

fn tokenize(view: &DocumentView, sentence: Span) -> Vec<Tok> {
    let chars = view.key.chars();
    let mut toks = Vec::new();
    // Mentions are in text order: walk them alongside the words.
    let mut next_mention = view
        .mentions
        .partition_point(|m| m.span.start < sentence.start);
    let mut i = sentence.start;
    while i < sentence.end {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if is_word(c) {
            while i < sentence.end && is_word(chars[i]) {
                i += 1;
            }
        } else {
            i += 1;
        }
        let span = Span::new(start, i);
        let word: String = chars[start..i].iter().collect();
        let punct = !is_word(c);
        while next_mention < view.mentions.len() && view.mentions[next_mention].span.start < start {
            next_mention += 1;
        }
        let mention = (next_mention < view.mentions.len()
            && view.mentions[next_mention].span.start < i.max(start + 1))
        .then_some(next_mention);
        let clitic = mention
            .map(|m| chars[start..view.mentions[m].span.start].iter().collect())
            .unwrap_or_default();
        toks.push(Tok {
            span,
            word,
            punct,
            mention,
            clitic,
        });
    }
    toks
}

/// Index of the word containing (or starting at) a match-key position.
fn word_at(toks: &[Tok], pos: usize) -> Option<usize> {
    let i = toks.partition_point(|t| t.span.end <= pos);
    (i < toks.len() && toks[i].span.start <= pos.max(toks[i].span.start)).then_some(i)
}

/// Longest stretch of words event rules read as one unit: a longer "sentence" (a page without
/// full stops) is cut at a comma, or at a word, so that rules stay linear in the text.
const MAX_WORDS: usize = 120;

/// Cuts a sentence span into chunks of at most [`MAX_WORDS`] words.
fn chunks(view: &DocumentView, sentence: Span) -> Vec<Span> {
    let chars = view.key.chars();
    let mut out = Vec::new();
    let mut start = sentence.start;
    let mut words = 0;
    let mut last_comma: Option<usize> = None;
    let mut i = sentence.start;
    while i < sentence.end {
        if is_word(chars[i]) && (i == sentence.start || !is_word(chars[i - 1])) {
            words += 1;
            if words > MAX_WORDS {
                let cut = last_comma.filter(|c| *c > start).unwrap_or(i);
                out.push(Span::new(start, cut));
                start = cut;
                words = 0;
                last_comma = None;
                i = cut;
                continue;
            }
        }
        if matches!(chars[i], '،' | ',' | '؛' | ';') {
            last_comma = Some(i + 1);
        }
        i += 1;
    }
    if start < sentence.end {
        out.push(Span::new(start, sentence.end));
    }
    out
}

/// A mention placed among the sentence's words.
#[derive(Debug, Clone)]
struct Placed<'a> {
    /// Word index of its first word.
    at: usize,
    /// Word index just past it.
    end: usize,
    entity: &'a Entity,
    /// What the preposition or clitic before it marks.
    prep: Prep,
    /// Word index where the phrase starts (before a transparent «مدينة», «العاصمة»).
    from: usize,
    /// Named as a source («وفقا لـ X»): never an actor of the event.
    source: bool,
    /// A nisba adjective (القوات الروسية): a nationality, not a place or a subject.
    adjective: bool,
    /// The subject of a speech verb («قال X»).
    speaker: bool,
}

struct Sentence<'a> {
    toks: Vec<Tok>,
    placed: Vec<Placed<'a>>,
    /// Segment id of each word (segments split at strong boundaries).
    segment: Vec<usize>,
    /// Words inside a figure or date expression.
    covered: Vec<bool>,
    /// Indices of the document's dates and figures inside this stretch.
    dates: std::ops::Range<usize>,
    figures: std::ops::Range<usize>,
}

fn analyse<'a>(view: &DocumentView<'a>, lx: &EventLexicon, sentence: Span) -> Sentence<'a> {
    let toks = tokenize(view, sentence);
    let mut placed = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let Some(m) = t.mention else { continue };
        let mspan = view.mentions[m].span;
        let end = toks[i..]
            .iter()
            .position(|x| x.span.start >= mspan.end)
            .map_or(toks.len(), |p| i + p);
        // «إلى مدينة فلاديفوستوك»: look through a transparent word before the name.
        let i0 = i;
        let i = if i >= 1
            && t.clitic.is_empty()
            && matches!(lx.cues.at(&toks, i - 1), Some((1, Cue::Transparent)))
        {
            i - 1
        } else {
            i
        };
        let clitic = if i != i0 {
            lx.transparent_clitic(&toks[i].word)
        } else {
            t.clitic.clone()
        };
        let clitic = clitic.trim_start_matches(['و', 'ف']);
        let prep = if !clitic.is_empty() {
            lx.function(clitic).unwrap_or(Prep::Other)
        } else if let Some(f) = (i > 0).then(|| lx.function(&toks[i - 1].word)).flatten() {
            f
        } else if let Some(f) =
            (i > 1 && toks[i - 1].word.starts_with("ال") && toks[i - 1].mention.is_none())
                .then(|| lx.function(&toks[i - 2].word))
                .flatten()
        {
            // «بتكليف من الرئيس فلاديمير بوتين»: a title between the preposition and the name.
            f
        } else if i > 0 && matches!(lx.cues.at(&toks, i - 1), Some((1, Cue::GenitiveHead))) {
            // «لدعم القوات الروسية»: the genitive of a beneficiary is a beneficiary.
            let helped =
                i > 1 && matches!(lx.cues.at(&toks, i - 2), Some((1, Cue::BeneficiaryHead)));
            if helped {
                Prep::Beneficiary
            } else {
                Prep::Genitive
            }
        } else if (1..=2).any(|b| {
            i >= b && matches!(lx.cues.at(&toks, i - b), Some((n, Cue::BeneficiaryHead)) if n == b)
        }) {
            Prep::Beneficiary
        } else {
            Prep::None
        };
        // «العاصمة الكورية الشمالية»: a capital named by its country's adjective is a place.
        let adjective =
            view.mentions[m].adjective && !(i != i0 && lx.is(&toks, i, &Cue::CapitalWord));
        placed.push(Placed {
            at: i0,
            from: i,
            end,
            entity: view.mentions[m].entity,
            prep,
            source: false,
            speaker: false,
            adjective,
        });
    }
    let mut segment = Vec::with_capacity(toks.len());
    let mut seg = 0;
    for (i, t) in toks.iter().enumerate() {
        if (t.punct && matches!(t.word.as_str(), "؛" | ";" | ":"))
            || lx.boundaries.at(&toks, i).is_some()
        {
            seg += 1;
        }
        segment.push(seg);
    }
    // Words inside a figure or a date are never triggers («ما يصل إلى رحلتين»).
    // Dates and figures of this stretch (both lists are in text order).
    let dates = view
        .dates
        .partition_point(|d| d.span.start < sentence.start)
        ..view.dates.partition_point(|d| d.span.start < sentence.end);
    let figures = view
        .figures
        .partition_point(|f| f.span.start < sentence.start)
        ..view
            .figures
            .partition_point(|f| f.span.start < sentence.end);
    let mut covered = vec![false; toks.len()];
    for sp in view.figures[figures.clone()]
        .iter()
        .map(|f| f.span)
        .chain(view.dates[dates.clone()].iter().map(|d| d.span))
    {
        let first = toks.partition_point(|t| t.span.start < sp.start);
        for (k, t) in toks.iter().enumerate().skip(first) {
            if t.span.end > sp.end {
                break;
            }
            covered[k] = true;
        }
    }
    Sentence {
        toks,
        placed,
        segment,
        covered,
        dates,
        figures,
    }
}

impl<'a> Sentence<'a> {
    /// Mentions in the same segment as word `i`, within `before` words before and `after`
    /// words after it (by their first word).
    fn near(&self, i: usize, before: usize, after: usize) -> impl Iterator<Item = &Placed<'a>> {
        let seg = self.segment[i];
        self.placed.iter().filter(move |p| {
            !p.source && self.segment[p.at] == seg && p.at + before >= i && p.at <= i + after
        })
    }
    fn word(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.word.as_str())
    }
}

/// The state a mention stands for in a state role: a country, or the country of a capital,
/// organisation or person.
fn state_of<'a>(e: &Entity, view: &DocumentView<'a>) -> Option<&'a str> {
    let id = match e.etype {
        EntityType::Country => e.id.as_str(),
        _ => e.country.as_deref()?,
    };
    (view.lookup)(id)
        .filter(|c| c.etype == EntityType::Country)
        .map(|c| c.id.as_str())
}

fn is_person(e: &Entity) -> bool {
    e.etype == EntityType::Person
}

fn is_place(e: &Entity) -> bool {
    matches!(
        e.etype,
        EntityType::Country | EntityType::City | EntityType::Region
    )
}

fn is_locality(e: &Entity) -> bool {
    matches!(e.etype, EntityType::City | EntityType::Region)
}

/// The two countries the article is about: the most mentioned through places (countries,
/// their cities and regions, nationality adjectives); people and organisations do not count.
fn dyad<'a>(view: &DocumentView<'a>) -> Vec<&'a str> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, m) in view.mentions.iter().enumerate() {
        // Places and nationalities say what the article is about; people and organisations
        // (sources, officials of third countries) do not.
        if !is_place(m.entity) {
            continue;
        }
        if let Some(s) = state_of(m.entity, view) {
            let e = counts.entry(s).or_insert((0, i));
            e.0 += 1;
        }
    }
    let mut v: Vec<(&str, (usize, usize))> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
    v.into_iter().take(2).map(|x| x.0).collect()
}

/// The two people the article is about: the most mentioned.
fn person_dyad<'a>(view: &DocumentView<'a>) -> Vec<&'a Entity> {
    let mut counts: BTreeMap<&str, (usize, usize, &'a Entity)> = BTreeMap::new();
    for (i, m) in view.mentions.iter().enumerate() {
        if is_person(m.entity) {
            counts
                .entry(m.entity.id.as_str())
                .or_insert((0, i, m.entity))
                .0 += 1;
        }
    }
    let mut v: Vec<(usize, usize, &'a Entity)> = counts.into_values().collect();
    v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    v.into_iter().take(2).map(|x| x.2).collect()
}

/// Runs every rule over a document. Reports may be incomplete (a visit whose destination the
/// sentence does not repeat): [`super::merge::merge_in_document`] folds them into the complete
/// report they continue, or drops them.
pub fn extract_reports(view: &DocumentView, lx: &EventLexicon) -> Vec<Report> {
    let mut reports: Vec<Report> = Vec::new();
    let dyad = dyad(view);
    let people = person_dyad(view);
    let mut previous_person: Option<&Entity> = None;
    let stretches = view
        .sentences
        .iter()
        .enumerate()
        .flat_map(|(si, &span)| chunks(view, span).into_iter().map(move |c| (si, c)));
    for (si, sspan) in stretches {
        let mut s = analyse(view, lx, sspan);
        if s.toks.is_empty() || is_boilerplate(&s, lx) {
            continue;
        }
        let sources = attribution(&mut s, lx, view);
        let s = s;
        let triggers = trigger_positions(&s, lx);
        let mut starts: Vec<usize> = Vec::new();

        // Pass 1: every trigger and the reports its rule makes.
        let mut found: Vec<(usize, &TriggerDef, Vec<Report>)> = Vec::new();
        let mut so_far: Vec<Report> = Vec::new();
        let mut i = 0;
        while i < s.toks.len() {
            if s.toks[i].mention.is_some() || s.toks[i].punct || s.covered[i] {
                i += 1;
                continue;
            }
            let Some((n, def)) = lx.triggers.at(&s.toks, i) else {
                i += 1;
                continue;
            };
            let ctx = Ctx {
                triggers: &triggers,
                s: &s,
                view,
                lx,
                t: i,
                n,
                def,
                dyad: &dyad,
                people: &people,
                previous_person,
                si,
            };
            let rs = ctx.reports(&so_far);
            so_far.extend(rs.iter().cloned());
            found.push((n, def, rs));
            starts.push(i);
            i += n;
        }
        // Pass 2: dates go to the nearest trigger that made a complete report.
        let live: Vec<usize> = starts
            .iter()
            .zip(&found)
            .filter(|(_, (_, _, rs))| rs.iter().any(Report::is_complete))
            .map(|(t, _)| *t)
            .collect();
        let mut here: Vec<Report> = Vec::new();
        for (&t, (n, def, rs)) in starts.iter().zip(found) {
            let ctx = Ctx {
                triggers: &live,
                s: &s,
                view,
                lx,
                t,
                n,
                def,
                dyad: &dyad,
                people: &people,
                previous_person,
                si,
            };
            for mut r in rs {
                ctx.finish(&mut r, &here);
                for (at, id) in &sources {
                    // A speaker's scope runs to the next speaker («… أجاب …، أعلنت هيئة …»).
                    let next_speech = sources
                        .iter()
                        .filter_map(|(sc, _)| match sc {
                            Scope::After(j) if *j <= t => Some(*j),
                            _ => None,
                        })
                        .max();
                    let applies = match at {
                        Scope::Segment(seg) => s.segment[t] == *seg,
                        Scope::After(i) => *i <= t && next_speech == Some(*i),
                    };
                    if applies {
                        r.attributed_to.insert(id.clone());
                    }
                }
                here.push(r);
            }
        }
        if let Some(p) = s
            .placed
            .iter()
            .rev()
            .find(|p| is_person(p.entity) && !p.source && !p.speaker)
        {
            previous_person = Some(p.entity);
        }
        reports.extend(here);
    }
    reports
}

fn trigger_positions(s: &Sentence, lx: &EventLexicon) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.toks.len() {
        if s.toks[i].mention.is_none() && !s.toks[i].punct && !s.covered[i] {
            if let Some((n, _)) = lx.triggers.at(&s.toks, i) {
                out.push(i);
                i += n;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn is_boilerplate(s: &Sentence, lx: &EventLexicon) -> bool {
    match lx.cues.at(&s.toks, 0) {
        Some((n, Cue::Boilerplate)) => n > 1 || s.toks.iter().filter(|t| !t.punct).count() == 1,
        _ => false,
    }
}

/// Sources named in a sentence: (word index from which they apply, entity id). Markers such
/// as «وفقا لـ» apply to their clause (segment); a speech verb to what follows it.
fn attribution(s: &mut Sentence, lx: &EventLexicon, view: &DocumentView) -> Vec<(Scope, String)> {
    let (out, sources, speakers) = find_sources(s, lx, view);
    for i in sources {
        s.placed[i].source = true;
    }
    for i in speakers {
        s.placed[i].speaker = true;
    }
    out
}

/// Which triggers a source covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Every trigger of this segment («…، وفقا لمصادر استخباراتية أوكرانية»).
    Segment(usize),
    /// Every trigger after this word («قال X إن …»).
    After(usize),
}

type Sources = (Vec<(Scope, String)>, Vec<usize>, Vec<usize>);

fn find_sources(s: &Sentence, lx: &EventLexicon, view: &DocumentView) -> Sources {
    let mut sources = Vec::new();
    let mut speakers = Vec::new();
    let index_of = |p: &Placed| s.placed.iter().position(|q| q.at == p.at).unwrap_or(0);
    let mut out = Vec::new();
    let source_id = |e: &Entity| -> Option<String> {
        match e.etype {
            EntityType::Person | EntityType::Organization | EntityType::Country => {
                Some(e.id.clone())
            }
            EntityType::City => state_of(e, view).map(str::to_string),
            EntityType::Region => None,
        }
    };
    let mut i = 0;
    while i < s.toks.len() {
        match lx.sources.at(&s.toks, i) {
            Some((n, Cue::Attribution)) => {
                // «وفقا لمصادر استخباراتية أوكرانية», «وفقا لما أعلنت عنه وكالة …»
                if let Some(p) = s.placed.iter().find(|p| {
                    p.at >= i + n - 1 && p.at <= i + n + 4 && !p.adjective
                        || p.at >= i + n && p.at <= i + n + 2
                }) {
                    sources.push(index_of(p));
                    if let Some(id) = source_id(p.entity) {
                        out.push((Scope::Segment(s.segment[i]), id));
                    }
                }
                i += n;
            }
            Some((n, Cue::Speech)) => {
                // VSO: the subject right after the verb, past a title («قال مستشار الأمن القومي
                // الكوري الجنوبي شين وون-سيك»), with its conjuncts; never past «إن/أن», which
                // opens what is said. SVO: right before the verb.
                let mut found = Vec::new();
                let mut j = i + n;
                let mut skipped = 0;
                while j < s.toks.len() && skipped <= 5 {
                    let t = &s.toks[j];
                    if t.punct || lx.is(&s.toks, j, &Cue::Complementizer) {
                        break;
                    }
                    match s.placed.iter().find(|p| p.at == j) {
                        Some(p)
                            if p.prep == Prep::None
                                || p.prep == Prep::And
                                || p.prep == Prep::Genitive =>
                        {
                            // An affiliation inside the title («باسم الكرملين») is not the speaker
                            // when a person follows.
                            let person_follows = s
                                .placed
                                .iter()
                                .any(|q| q.at > p.at && q.at <= p.end + 1 && is_person(q.entity));
                            if !(p.adjective || (person_follows && !is_person(p.entity))) {
                                found.push(p.entity);
                                speakers.push(index_of(p));
                            }
                            j = p.end;
                        }
                        Some(_) => break,
                        None => {
                            if !found.is_empty() {
                                break;
                            }
                            j += 1;
                        }
                    }
                    skipped += 1;
                }
                if found.is_empty() {
                    if let Some(p) = s
                        .placed
                        .iter()
                        .rev()
                        .find(|p| p.end <= i && p.end + 2 >= i && p.prep == Prep::None)
                    {
                        found.push(p.entity);
                        speakers.push(index_of(p));
                        // Conjuncts before: «كوريا الجنوبية والولايات المتحدة وأوكرانيا قالوا».
                        let mut k = p.at;
                        while let Some(q) = s.placed.iter().rev().find(|q| q.end == k && q.end <= i)
                        {
                            found.push(q.entity);
                            k = q.at;
                        }
                        for q in s
                            .placed
                            .iter()
                            .filter(|q| q.at > p.at && q.end <= i && q.at <= i)
                        {
                            if q.prep == Prep::None || q.prep == Prep::And {
                                found.push(q.entity);
                            }
                        }
                    }
                }
                for e in found {
                    if let Some(id) = source_id(e) {
                        out.push((Scope::After(i), id));
                    }
                }
                i += n;
            }
            Some((n, _)) => i += n,
            None => i += 1,
        }
    }
    (out, sources, speakers)
}

/// One trigger in its sentence.
struct Ctx<'s, 'a> {
    /// Word positions of every trigger in the sentence (dates go to the nearest).
    triggers: &'s [usize],
    s: &'s Sentence<'a>,
    view: &'s DocumentView<'a>,
    lx: &'s EventLexicon,
    /// Trigger word index and length.
    t: usize,
    n: usize,
    def: &'s TriggerDef,
    dyad: &'s [&'a str],
    /// The two most mentioned people (for «الزعيمان»).
    people: &'s [&'a Entity],
    previous_person: Option<&'a Entity>,
    si: usize,
}

impl<'s, 'a> Ctx<'s, 'a> {
    /// The figures of this stretch of text.
    fn figs(&self) -> &'s [Figure] {
        &self.view.figures[self.s.figures.clone()]
    }

    /// The dates of this stretch of text.
    fn dates(&self) -> &'s [DateMention] {
        &self.view.dates[self.s.dates.clone()]
    }

    fn trigger_raw(&self) -> Span {
        let first = self.s.toks[self.t].span;
        let last = self.s.toks[self.t + self.n - 1].span;
        self.view.key.to_raw(Span::new(first.start, last.end))
    }

    fn report(&self, etype: EventType) -> Report {
        let mut r = Report::new(etype, self.trigger_raw(), self.si);
        r.definite = self.def.noun
            && self
                .s
                .word(self.t)
                .trim_start_matches(['و', 'ف', 'ب', 'ل'])
                .starts_with("ال");
        let (status, explicit) = self.status();
        r.status = status;
        r.status_explicit = explicit;
        r
    }

    /// Is «حينها» (then) near the trigger?
    fn says_then(&self) -> bool {
        let prev = self
            .triggers
            .iter()
            .copied()
            .filter(|&o| o < self.t)
            .max()
            .unwrap_or(0);
        let lo = prev.max(self.t.saturating_sub(8));
        (lo..(self.t + self.n + 3).min(self.s.toks.len()))
            .any(|k| matches!(self.lx.cues.at(&self.s.toks, k), Some((_, Cue::Then))))
    }

    fn reports(&self, earlier: &[Report]) -> Vec<Report> {
        let mut out = Vec::new();
        match self.def.ttype {
            TriggerType::Event(EventType::Visit) => out.extend(self.visit()),
            TriggerType::Event(EventType::Meeting) => out.extend(self.meeting(earlier)),
            TriggerType::Event(EventType::AgreementSigning) => out.extend(self.agreement()),
            TriggerType::Event(EventType::CasualtyReport) => out.extend(self.casualty(earlier)),
            TriggerType::Event(EventType::AirService) => out.extend(self.air_service()),
            TriggerType::Event(EventType::Deployment | EventType::ArmsTransfer)
            | TriggerType::Transfer => out.extend(self.transfer(earlier)),
        }
        out
    }

    /// Time, «حينها» and the date's say on status, once every trigger of the sentence is
    /// known (a date goes to the nearest trigger that made a report).
    fn finish(&self, r: &mut Report, earlier: &[Report]) {
        self.time(r);
        if r.when.is_empty() && self.says_then() {
            if let Some(prev) = earlier.iter().rev().find(|e| !e.when.is_empty()) {
                r.when = prev.when;
            }
        }
        // A date after publication makes an unmarked report a plan; so does a short span that
        // runs past it («يصل لافروف … هذا الأسبوع»).
        if !r.status_explicit && r.status == Status::Occurred {
            if let (Some(pubd), Some((first, last))) = (self.view.published, r.when.bounds()) {
                let p = pubd.bounds().1;
                let short = crate::events::merge::day_number(last)
                    - crate::events::merge::day_number(first)
                    <= 31;
                if first > p || (short && last > p) {
                    r.status = Status::Planned;
                    r.status_explicit = true;
                }
            }
        }
    }

    /// Status from cues before the trigger (in its segment), else from tense.
    fn status(&self) -> (Status, bool) {
        // «خلال لقاء كيم وبيلوسوف»: an event named as the time of another is presupposed.
        if self.def.noun && self.t > 0 {
            if let Some((1, Cue::Status(Status::Occurred, _))) =
                self.lx.cues.at(&self.s.toks, self.t - 1)
            {
                return (Status::Occurred, true);
            }
        }
        let seg = self.s.segment[self.t];
        let mut best: Option<Status> = None;
        let rank = |st: Status| match st {
            Status::Denied => 4,
            Status::Possible => 3,
            Status::Expected => 2,
            Status::Planned => 1,
            Status::Occurred => 0,
        };
        let mut consider = |st: Status| {
            if best.is_none_or(|b| rank(st) > rank(b)) {
                best = Some(st);
            }
        };
        let mut i = 0;
        while i < self.t {
            let Some((n, cue)) = self.lx.cues.at(&self.s.toks, i) else {
                i += 1;
                continue;
            };
            let comma_between = (i + n..self.t).any(|k| matches!(self.s.word(k), "،" | ","));
            let in_segment = self.s.segment[i] == seg && !comma_between;
            let near = i + n + 2 >= self.t;
            match cue {
                Cue::Status(st, near_only) if in_segment && (!near_only || near) => consider(*st),
                Cue::PossibleImperfect if in_segment && near => {
                    let next = self.s.word(i + n);
                    if next.starts_with('ي') || next.starts_with('ت') {
                        consider(Status::Possible);
                    }
                }
                _ => {}
            }
            i += n;
        }
        // Cues that may follow the noun (زيارة منتظرة; زيارة … جرت).
        let mut happened = false;
        for k in self.t + self.n..(self.t + self.n + 8).min(self.s.toks.len()) {
            match self.lx.cues.at(&self.s.toks, k) {
                Some((_, Cue::Status(st, _)))
                    if k < self.t + self.n + 3
                        && matches!(st, Status::Expected | Status::Possible) =>
                {
                    consider(*st)
                }
                Some((_, Cue::OccurredAfter)) if self.def.noun && self.s.segment[k] == seg => {
                    happened = true
                }
                _ => {}
            }
        }
        if happened && best.is_none() {
            best = Some(Status::Occurred);
        }
        if let Some(st) = best {
            return (st, true);
        }
        match self.def.tense {
            Tense::Future => (Status::Planned, true),
            Tense::Past => (Status::Occurred, true),
            Tense::Present | Tense::None => (Status::Occurred, false),
        }
    }

    /// The nearest date in the trigger's segment (else close by in the sentence).
    fn time(&self, r: &mut Report) {
        let seg = self.s.segment[self.t];
        let tspan = self.s.toks[self.t].span;
        let mut best: Option<(usize, &DateMention)> = None;
        for d in self.dates() {
            let Some(w) = word_at(&self.s.toks, d.span.start) else {
                continue;
            };
            let dist = w.abs_diff(self.t);
            // A date belongs to the trigger nearest to it.
            if self
                .triggers
                .iter()
                .any(|&o| o != self.t && o.abs_diff(w) < dist)
            {
                continue;
            }
            let same_seg = self.s.segment[w] == seg;
            if !same_seg && dist > 6 {
                continue;
            }
            if dist > 14 {
                continue;
            }
            // Finer dates win over coarse ones nearby («هذا العام، وكان آخرها الشهر الماضي»).
            let coarse = match d.past.or(d.future) {
                Some(DateValue::Point(CalendarValue::Year { .. })) => 6,
                Some(DateValue::Point(CalendarValue::Season { .. })) => 3,
                _ => 0,
            };
            let score = dist
                + coarse
                + if same_seg { 0 } else { 10 }
                + if d.span.start < tspan.start { 1 } else { 0 };
            if best.is_none_or(|(b, _)| score < b) {
                best = Some((score, d));
            }
        }
        if let Some((_, d)) = best {
            let reading = if r.status.is_prospective() {
                d.future.or(d.past)
            } else {
                d.past.or(d.future)
            };
            // «تبدأ يوم الجمعة»: the date is a start.
            let w = word_at(&self.s.toks, d.span.start).unwrap_or(0);
            let starts = (w.saturating_sub(2)..w).any(|k| {
                matches!(
                    self.lx.cues.at(&self.s.toks, k),
                    Some((_, Cue::StartMarker))
                )
            });
            // «اختتم … أمس زيارة»: the date is an end.
            let ends = (self.t.saturating_sub(4)..self.t)
                .any(|k| matches!(self.lx.cues.at(&self.s.toks, k), Some((_, Cue::EndMarker))));
            if let Some(v) = reading {
                r.when = When::from_date(v, self.def.arrival || starts);
                match (r.when.date, r.when.start, r.when.end) {
                    (Some(CalendarValue::Day { year, month, day }), None, None) if ends => {
                        let end = r.when.date.take();
                        r.when.end = end;
                        if let Some(n) = self.duration_days() {
                            r.when.start = sub_days(year, month, day, n.saturating_sub(1));
                        }
                    }
                    (_, Some(CalendarValue::Day { year, month, day }), None) => {
                        if let Some(n) = self.duration_days() {
                            r.when.end = add_days(year, month, day, n.saturating_sub(1));
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// «لمدة ثلاثة أيام» in the trigger's segment: a duration in days.
    fn duration_days(&self) -> Option<u32> {
        let seg = self.s.segment[self.t];
        let k = (0..self.s.toks.len()).find(|&k| {
            self.s.segment[k] == seg
                && matches!(self.lx.cues.at(&self.s.toks, k), Some((_, Cue::Duration)))
        })?;
        let after = self.s.toks.get(k + 1)?.span.start;
        let f = self.figs().iter().find(|f| f.span.start == after)?;
        let unit = self.s.toks.partition_point(|t| t.span.start < f.span.end);
        let unit_is_days = self.lx.is(&self.s.toks, unit, &Cue::DayUnit);
        match (f.min, f.max) {
            (Some(a), Some(b)) if a == b && unit_is_days && a <= 60 => Some(a as u32),
            _ => None,
        }
    }

    /// Person right after a noun trigger: «زيارة لافروف», «زيارة نادرة للرئيس الروسي فلاديمير
    /// بوتين», «الزيارة الأخيرة للأمين العام لمجلس الأمن الروسي سيرغي شويغو»: up to six words
    /// of adjectives, titles and affiliations may stand between.
    fn genitive_person(&self) -> Option<&'a Entity> {
        let mut k = self.t + self.n;
        let mut skipped = 0;
        while k < self.s.toks.len() && skipped <= 6 {
            let tok = &self.s.toks[k];
            if tok.punct || self.s.segment[k] != self.s.segment[self.t] {
                return None;
            }
            if let Some(p) = self.s.placed.iter().find(|p| p.at == k) {
                if is_person(p.entity) {
                    return (p.prep == Prep::None || p.prep == Prep::Goal).then_some(p.entity);
                }
                if !(p.prep == Prep::None || p.prep == Prep::Goal || p.prep == Prep::Genitive)
                    || is_place(p.entity) && !p.adjective
                {
                    return None;
                }
                k = p.end;
            } else {
                if self.lx.function(&tok.word).is_some()
                    || self.lx.triggers.at(&self.s.toks, k).is_some()
                {
                    return None;
                }
                k += 1;
            }
            skipped += 1;
        }
        None
    }

    /// The subject right after a verb (VSO), skipping a title before a name (يصل وزير
    /// الخارجية الروسي سيرغي لافروف). Stops at punctuation and prepositional phrases.
    fn subject_after(&self, pred: impl Fn(&Entity) -> bool) -> Option<&'s Placed<'a>> {
        let mut k = self.t + self.n;
        let mut skipped = 0;
        while k < self.s.toks.len() && skipped <= 4 {
            let tok = &self.s.toks[k];
            if tok.punct || self.s.segment[k] != self.s.segment[self.t] {
                return None;
            }
            if let Some(p) = self.s.placed.iter().find(|p| p.at == k) {
                if p.prep != Prep::None {
                    return None;
                }
                if pred(p.entity) && !p.adjective {
                    return Some(p);
                }
                k = p.end;
            } else {
                if self.lx.function(&tok.word).is_some() {
                    return None;
                }
                k += 1;
            }
            skipped += 1;
        }
        None
    }

    /// The subject before the trigger (SVO, relative clauses, coordinated verbs): the nearest
    /// fitting mention without a preposition, in the segment first, then in the sentence.
    fn subject_before(&self, pred: impl Fn(&Entity) -> bool) -> Option<&'s Placed<'a>> {
        let fits = |p: &&Placed<'a>| {
            p.end <= self.t && p.prep == Prep::None && !p.source && !p.adjective && pred(p.entity)
        };
        let seg = self.s.segment[self.t];
        self.s
            .placed
            .iter()
            .rev()
            .filter(fits)
            .find(|p| self.s.segment[p.at] == seg)
            .or_else(|| self.s.placed.iter().rev().find(fits))
    }

    /// A subject standing right before a verb (SVO: «أن روسيا زوّدت …»).
    fn subject_adjacent(&self, pred: impl Fn(&Entity) -> bool) -> Option<&'s Placed<'a>> {
        if self.def.noun {
            return None;
        }
        self.s.placed.iter().find(|p| {
            p.end == self.t && p.prep == Prep::None && !p.adjective && !p.source && pred(p.entity)
        })
    }

    /// Does the trigger word carry a pronoun suffix («زيارته», «لقائهما»), rather than
    /// ending like one («متوجها»)?
    fn has_pronoun_suffix(&self) -> bool {
        if self.def.pronoun {
            return true;
        }
        let w = self.s.word(self.t);
        let form = self.def.form.as_str();
        let bare = affixes()
            .proclitics
            .iter()
            .filter_map(|p| w.strip_prefix(p))
            .chain(std::iter::once(w))
            .find(|b| b.starts_with(form) || b.starts_with(form.trim_end_matches('ه')));
        match bare {
            Some(b) => {
                b != form
                    && affixes().suffixes.iter().any(|s| b.ends_with(s.as_str()))
                    && b.len() > form.len()
            }
            None => false,
        }
    }

    /// Who a pronoun (لقائه، زيارته) or a missing subject stands for: the first person of the
    /// sentence that is not in a prepositional phrase, else the last person of the sentence
    /// before, else of the previous sentence.
    fn antecedent(&self) -> Option<&'a Entity> {
        self.sentence_subject()
            .or_else(|| {
                self.s
                    .placed
                    .iter()
                    .rev()
                    .find(|p| {
                        p.end <= self.t
                            && !p.source
                            && is_person(p.entity)
                            && !matches!(p.prep, Prep::From | Prep::About | Prep::With)
                    })
                    .map(|p| p.entity)
            })
            .or(self.previous_person)
    }

    /// The sentence's subject before the trigger: its first person outside a prepositional
    /// phrase, not a source or a speaker.
    fn sentence_subject(&self) -> Option<&'a Entity> {
        self.s
            .placed
            .iter()
            .find(|p| {
                p.end <= self.t
                    && p.prep == Prep::None
                    && !p.source
                    && !p.speaker
                    && is_person(p.entity)
            })
            .map(|p| p.entity)
    }

    fn visit(&self) -> Option<Report> {
        let mut r = self.report(EventType::Visit);
        let person = |e: &Entity| is_person(e);
        // «دعا X إلى زيارة Y»: X visits; the inviting verb's subject invites.
        let invite = (self.t.saturating_sub(5)..self.t)
            .find(|&k| matches!(self.lx.cues.at(&self.s.toks, k), Some((_, Cue::InviteVerb))));
        let invited = invite.and_then(|k| {
            self.s
                .placed
                .iter()
                .find(|p| {
                    p.at > k
                        && p.end <= self.t
                        && is_person(p.entity)
                        && (p.prep == Prep::None || p.prep == Prep::Goal)
                })
                .map(|p| p.entity)
        });
        if let Some(k) = invite {
            let inviter = self.s.placed.iter().rev().find(|p| {
                p.end <= k && p.end + 3 >= k && is_person(p.entity) && p.prep == Prep::None
            });
            if let Some(inv) = inviter.filter(|i| invited.is_some_and(|v| v.id != i.entity.id)) {
                r.add_entity(Role::Inviter, &inv.entity.id);
            }
            // An invitation to visit is a plan, unless a cue already said otherwise.
            if invited.is_some() && (!r.status_explicit || r.status == Status::Occurred) {
                r.status = Status::Planned;
                r.status_explicit = true;
            }
        }
        let visitor = if let Some(v) = invited {
            Some(v)
        } else if self.def.noun {
            self.genitive_person()
                .or_else(|| {
                    // «زيارة من قبل كيم», «رحلة في يونيو من قبل … سيرجي شويجو»
                    let k = (self.t..self.s.toks.len().min(self.t + 6)).find(|&k| {
                        self.lx
                            .phrase_at(&self.s.toks, k, &Cue::AgentMarker)
                            .is_some()
                    })?;
                    self.s
                        .placed
                        .iter()
                        .find(|p| p.at > k + 1 && p.at <= k + 8 && is_person(p.entity))
                        .map(|p| p.entity)
                })
                .or_else(|| {
                    // «زيارة رسمية يقوم بها الرئيس الإيراني»
                    let k = (self.t..self.s.toks.len().min(self.t + 6))
                        .find(|&k| self.lx.is(&self.s.toks, k, &Cue::AgentVerb))?;
                    // The agent may carry a title: «أجراهما أمين مجلس الأمن الروسي سيرغي شويغو».
                    self.s
                        .placed
                        .iter()
                        .find(|p| p.at > k && p.at <= k + 6 && is_person(p.entity))
                        .map(|p| p.entity)
                })
                .or_else(|| {
                    // «أجرى … شويغو عدة زيارات»: the person just before the noun.
                    self.s
                        .placed
                        .iter()
                        .rev()
                        .find(|p| {
                            p.end <= self.t
                                && p.end + 2 >= self.t
                                && is_person(p.entity)
                                && p.prep == Prep::None
                                && !p.speaker
                        })
                        .map(|p| p.entity)
                })
                .or_else(|| {
                    // «زيارته»، or a visit during which the sentence's subject acts.
                    let possessive = self.has_pronoun_suffix();
                    if possessive {
                        self.antecedent()
                    } else {
                        self.sentence_subject()
                    }
                })
        } else {
            self.subject_adjacent(person)
                .or_else(|| self.subject_after(person))
                .or_else(|| {
                    let fits = |p: &&Placed<'a>| {
                        p.end <= self.t
                            && p.prep == Prep::None
                            && !p.source
                            && !p.speaker
                            && !p.adjective
                            && is_person(p.entity)
                    };
                    let seg = self.s.segment[self.t];
                    self.s
                        .placed
                        .iter()
                        .rev()
                        .filter(fits)
                        .find(|p| self.s.segment[p.at] == seg)
                        .or_else(|| self.s.placed.iter().rev().find(fits))
                })
                .map(|p| p.entity)
        };
        if let Some(v) = visitor {
            r.add_entity(Role::Visitor, &v.id);
        }
        let visitor_country = visitor.and_then(|v| v.country.clone());
        let after = self.t + self.n;
        let dest = self
            .s
            .near(self.t, 0, 10)
            .filter(|p| {
                p.at >= after
                    && is_place(p.entity)
                    && !p.adjective
                    && Some(p.entity.id.as_str()) != visitor_country.as_deref()
            })
            .find(|p| {
                p.prep == Prep::Goal
                    || (p.prep == Prep::None && (!self.def.noun || p.from == after))
                    || (p.prep == Prep::In && self.def.noun)
            })
            .or_else(|| {
                // «وصل إليها»: the place named last before the trigger.
                let pronoun = (after..(after + 2).min(self.s.toks.len()))
                    .any(|k| self.lx.is(&self.s.toks, k, &Cue::PronounGoal));
                pronoun
                    .then(|| {
                        self.s.placed.iter().rev().find(|p| {
                            p.end <= self.t
                                && is_place(p.entity)
                                && Some(p.entity.id.as_str()) != visitor_country.as_deref()
                        })
                    })
                    .flatten()
            });
        // Without a visitor or a destination the report is partial: it may continue a visit
        // reported before (merging decides); a definite «الزيارة» may just add a date or source.
        if visitor.is_none() && dest.is_none() && !r.definite {
            return None;
        }
        if let Some(dest) = dest {
            r.add_entity(Role::Destination, &dest.entity.id);
            // A region visited is also a visit to its country.
            if dest.entity.etype == EntityType::Region {
                if let Some(c) = state_of(dest.entity, self.view) {
                    r.add_entity(Role::Destination, c);
                }
            }
        }
        self.inviter_and_purpose(&mut r);
        Some(r)
    }

    fn inviter_and_purpose(&self, r: &mut Report) {
        let mut i = 0;
        while i < self.s.toks.len() {
            match self.lx.cues.at(&self.s.toks, i) {
                Some((n, Cue::Invitation)) => {
                    if let Some(p) = self
                        .s
                        .placed
                        .iter()
                        .find(|p| p.at >= i + n - 1 && p.at <= i + n + 1)
                    {
                        if matches!(
                            p.entity.etype,
                            EntityType::Person | EntityType::Organization
                        ) {
                            r.add_entity(Role::Inviter, &p.entity.id);
                        }
                    }
                    i += n;
                }
                Some((n, Cue::Purpose))
                    if i > self.t
                        && i <= self.t + 8
                        && self.s.segment[i] == self.s.segment[self.t] =>
                {
                    if let Some(p) = self.s.placed.iter().find(|p| {
                        p.at >= i + n
                            && p.at <= i + n + 2
                            && p.entity.etype == EntityType::Organization
                    }) {
                        r.add_entity(Role::Purpose, &p.entity.id);
                    }
                    i += n;
                }
                Some((n, _)) => i += n,
                None => i += 1,
            }
        }
    }

    fn meeting(&self, earlier: &[Report]) -> Option<Report> {
        let mut r = self.report(EventType::Meeting);
        let speakers: Vec<usize> = self.speaker_positions();
        // A definite noun («القمة», «اللقاء») refers back unless its participants are linked
        // to it: «بين X و Y», «مع X», or right after it.
        let definite = self.def.noun
            && self
                .s
                .word(self.t)
                .trim_start_matches(['و', 'ف', 'ب', 'ل'])
                .starts_with("ال");
        let linked = |p: &Placed| -> bool {
            !definite
                || matches!(p.prep, Prep::Between | Prep::With | Prep::And)
                || (p.at > self.t && p.at <= self.t + self.n + 2)
        };
        let mut people: Vec<&Entity> = self
            .s
            .near(self.t, 12, if self.def.noun { 14 } else { 18 })
            .filter(|p| {
                is_person(p.entity)
                    && p.prep != Prep::About
                    && !p.speaker
                    && !speakers.contains(&p.at)
                    && linked(p)
            })
            .map(|p| p.entity)
            .collect();
        let w = self.s.word(self.t);
        let dual = w.ends_with("هما");
        let collective = (self.t.saturating_sub(6)..(self.t + self.n + 6).min(self.s.toks.len()))
            .any(|k| {
                matches!(
                    self.lx.cues.at(&self.s.toks, k),
                    Some((_, Cue::CollectivePeople))
                )
            });
        if collective && people.len() < 2 {
            people = self.people.to_vec();
        } else if dual && people.len() < 2 {
            // «لقائهما»: the two people named last before the trigger.
            people.clear();
            for p in self
                .s
                .placed
                .iter()
                .rev()
                .filter(|p| p.end <= self.t && is_person(p.entity) && !p.source)
            {
                if !people.iter().any(|q| q.id == p.entity.id) {
                    people.push(p.entity);
                }
                if people.len() == 2 {
                    break;
                }
            }
        }
        // «وقّع بوتين وكيم … معاهدة …، وذلك في ختام محادثات»: talks named after an event of the
        // same sentence are between the people of that event.
        if people.is_empty() && self.def.noun {
            if let Some(prev) = earlier.iter().rev().find(|r| r.etype != EventType::Meeting) {
                let ids: Vec<String> = [Role::Signatory, Role::Participant]
                    .iter()
                    .flat_map(|role| prev.values(*role))
                    .filter_map(|v| match v {
                        Value::Entity(id) => Some(id.clone()),
                        Value::Kind(_) => None,
                    })
                    .collect();
                if ids.len() >= 2 {
                    for id in &ids {
                        r.add_entity(Role::Participant, id);
                    }
                    return Some(r);
                }
            }
        }
        // «محادثات أجراها … مع كيم»: the noun's agent is the pronoun of the verb after it.
        // …or before it: «وأجرى الوزير الروسي، أمس، جولة محادثات مع نظيرته».
        let agent_verb = (self.t.saturating_sub(6)..(self.t + self.n + 2).min(self.s.toks.len()))
            .any(|k| self.lx.is(&self.s.toks, k, &Cue::AgentVerb));
        if people.len() < 2 && (!self.def.noun || agent_verb || self.has_pronoun_suffix()) {
            if let Some(p) = self
                .antecedent()
                .filter(|p| !people.iter().any(|q| q.id == p.id))
            {
                people.push(p);
            }
        }
        for p in &people {
            r.add_entity(Role::Participant, &p.id);
        }
        let place = self.s.near(self.t, 2, 14).find(|p| {
            p.at > self.t
                && !p.adjective
                && p.prep == Prep::In
                && (is_locality(p.entity) || p.entity.etype == EntityType::Organization)
        });
        if let Some(pl) = place {
            r.add_entity(Role::Place, &pl.entity.id);
        }
        Some(r)
    }

    /// Word positions of mentions that are the subjects of speech verbs or attribution.
    fn speaker_positions(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.s.toks.len() {
            match self.lx.sources.at(&self.s.toks, i) {
                Some((n, Cue::Attribution | Cue::Speech)) => {
                    if let Some(p) = self
                        .s
                        .placed
                        .iter()
                        .find(|p| p.at >= i + n - 1 && p.at <= i + n + 1)
                    {
                        out.push(p.at);
                    }
                    i += n;
                }
                Some((n, _)) => i += n,
                None => i += 1,
            }
        }
        out
    }

    fn agreement(&self) -> Option<Report> {
        // An agreement noun near the trigger.
        // The object of a signing verb may follow a long subject («وقّع الرئيس … ونظيره …،
        // أمس الجمعة في الكرملين، معاهدة …»).
        let lo = self.t.saturating_sub(8);
        let hi = (self.t + if self.def.noun { 8 } else { 20 }).min(self.s.toks.len());
        let mut agreement: Option<Agreement> = None;
        let mut k = lo;
        while k < hi {
            if let Some((n, kind)) = self.lx.agreements.at(&self.s.toks, k) {
                let a = agreement.get_or_insert_with(|| Agreement {
                    name: self.phrase(k, 5),
                    kind: None,
                });
                if a.kind.is_none() {
                    a.kind = kind.clone();
                }
                k += n;
            } else {
                k += 1;
            }
        }
        let agreement = agreement?;
        let mut r = self.report(EventType::AgreementSigning);
        r.agreement = Some(agreement);
        let reach = if self.def.noun { 3 } else { 8 };
        let seg_near: Vec<&Placed> = self
            .s
            .near(self.t, 8, reach)
            .filter(|p| !p.speaker)
            .collect();
        for p in &seg_near {
            if is_person(p.entity) {
                if !(p.prep == Prep::None || p.prep == Prep::And) {
                    continue;
                }
                r.add_entity(Role::Signatory, &p.entity.id);
                if let Some(c) = state_of(p.entity, self.view) {
                    r.add_entity(Role::Party, c);
                }
            } else if p.entity.etype == EntityType::Country
                || (p.entity.etype == EntityType::City && p.prep == Prep::With)
            {
                if let Some(c) = state_of(p.entity, self.view) {
                    r.add_entity(Role::Party, c);
                }
            } else if is_locality(p.entity) && p.prep == Prep::In && p.at > self.t {
                r.add_entity(Role::Place, &p.entity.id);
            }
        }
        let collective = (lo..hi)
            .any(|k| matches!(self.lx.cues.at(&self.s.toks, k), Some((_, Cue::Collective))));
        if collective {
            r.roles.remove(&Role::Party);
        }
        if r.values(Role::Party).count() < 2 {
            for c in self.dyad {
                if r.values(Role::Party).count() >= 2 {
                    break;
                }
                r.add_entity(Role::Party, c);
            }
        }
        Some(r)
    }

    /// Clean text of up to `n` words from word `k` (stopping at punctuation).
    fn phrase(&self, k: usize, n: usize) -> String {
        // The noun and the words that qualify it, up to a preposition, a relative pronoun, a
        // trigger, a mention or punctuation (raw text, as the article writes it).
        let mut end = k + 1;
        while end < (k + n).min(self.s.toks.len()) {
            let t = &self.s.toks[end];
            let stop = t.punct
                || t.mention.is_some()
                || self.lx.function(&t.word).is_some()
                || self.lx.is(&self.s.toks, end, &Cue::Relative)
                || self.lx.triggers.at(&self.s.toks, end).is_some();
            if stop {
                break;
            }
            end += 1;
        }
        let span = self.view.key.to_raw(Span::new(
            self.s.toks[k].span.start,
            self.s.toks[end - 1].span.end,
        ));
        self.view.raw[span.start.min(self.view.raw.len())..span.end.min(self.view.raw.len())]
            .iter()
            .collect()
    }

    /// Kinds of a slot near the trigger: (word index, kind).
    fn kinds(&self, slot: Slot, before: usize, after: usize) -> Vec<(usize, String)> {
        let lo = self.t.saturating_sub(before);
        let hi = (self.t + self.n + after).min(self.s.toks.len());
        let seg = self.s.segment[self.t];
        let mut out = Vec::new();
        let mut k = lo;
        while k < hi {
            if self.s.segment[k] != seg {
                k += 1;
                continue;
            }
            match self.lx.kinds.at(&self.s.toks, k) {
                Some((n, (sl, kind))) if *sl == slot => {
                    out.push((k, kind.clone()));
                    k += n;
                }
                Some((n, _)) => k += n,
                None => k += 1,
            }
        }
        out
    }

    /// The figure whose span ends right before word `k` (within two words), or that starts
    /// right after it.
    fn figure_near(&self, k: usize) -> Option<Count> {
        self.figure_before(k).or_else(|| self.figure_after(k))
    }

    /// The figure right before word `k` («11 ألف جندي»), or with «من» between («الآلاف من
    /// عمال البناء»).
    fn figure_before(&self, k: usize) -> Option<Count> {
        let w = self.s.toks[k].span;
        let f = self
            .figs()
            .iter()
            .filter(|f| f.span.end <= w.start)
            .max_by_key(|f| f.span.end)?;
        let first = self.s.toks.partition_point(|t| t.span.start < f.span.end);
        let ok = first >= k || (first + 1 == k && self.lx.is(&self.s.toks, first, &Cue::Partitive));
        ok.then(|| count_of(f))
    }

    /// The figure right after word `k` («أصيب قرابة 4100 آخرين»).
    fn figure_after(&self, k: usize) -> Option<Count> {
        let w = self.s.toks[k].span;
        let f = self.figs().iter().find(|f| f.span.start >= w.end)?;
        let between = self
            .s
            .toks
            .iter()
            .filter(|t| t.span.start >= w.end && t.span.end <= f.span.start)
            .count();
        (between == 0).then(|| count_of(f))
    }

    fn transfer(&self, earlier: &[Report]) -> Vec<Report> {
        let personnel = self.kinds(Slot::Personnel, 6, 10);
        let materiel = self.kinds(Slot::Materiel, 4, 20);
        let typed = match self.def.ttype {
            TriggerType::Event(t) => Some(t),
            TriggerType::Transfer => None,
        };
        let mut out = Vec::new();
        let is_state = |e: &Entity| {
            state_of(e, self.view).is_some() && !is_locality(e) || e.etype == EntityType::City
        };
        let after = self.t + self.n;
        // Sender: subject; for nouns «من X» after the trigger.
        let sender = if self.def.noun {
            self.s.placed.iter().find(|p| {
                p.at >= after
                    && p.at <= after + 6
                    && p.prep == Prep::From
                    && is_state(p.entity)
                    && !p.source
            })
        } else {
            self.subject_adjacent(is_state)
                .or_else(|| self.subject_after(is_state))
        };
        // «آلاف الجنود الكوريين الشماليين»: the nationality of the soldiers sent (the first
        // personnel noun: later ones may be other forces, «إخراج القوات الأوكرانية»).
        let nationality = personnel.iter().take(1).find_map(|(k, _)| {
            self.s.placed.iter().find(|p| {
                p.at > *k
                    && p.at <= k + 4
                    && p.adjective
                    && p.entity.etype == EntityType::Country
                    && (p.prep == Prep::None || p.prep == Prep::Genitive)
            })
        });
        let inherited_sender = || {
            earlier.iter().rev().find_map(|r| {
                r.values(Role::Sender)
                    .chain(r.values(Role::Supplier))
                    .find_map(|v| match v {
                        Value::Entity(id) => Some(id.clone()),
                        Value::Kind(_) => None,
                    })
            })
        };
        let sender = sender.or(nationality).or_else(|| {
            if inherited_sender().is_some() {
                None
            } else {
                self.subject_before(is_state)
            }
        });
        let sender_id: Option<String> = sender
            .and_then(|p| state_of(p.entity, self.view))
            .map(str::to_string)
            .or_else(inherited_sender);
        let sender_id = sender_id.as_deref();
        // Receiver: after إلى / ل (دعم، مساعدة) / في, or the direct object of زوّد/سلّم.
        let receiver = self
            .s
            .near(self.t, 0, 14)
            .filter(|p| p.at >= after && Some(p.at) != sender.map(|s| s.at) && !p.speaker)
            .find(|p| {
                matches!(p.prep, Prep::Goal | Prep::Beneficiary)
                    || (p.prep == Prep::In
                        && p.entity.etype == EntityType::Country
                        && !personnel.is_empty())
                    || (p.prep == Prep::None
                        && self.def.gives
                        && p.entity.etype != EntityType::Person
                        && !p.adjective)
            })
            .or_else(|| {
                // «اعتماد روسيا … على إمدادات الأسلحة من كوريا الشمالية»
                self.def
                    .noun
                    .then(|| {
                        self.s.placed.iter().rev().find(|p| {
                            p.end <= self.t
                                && p.at + 8 >= self.t
                                && Some(p.at) != sender.map(|s| s.at)
                                && p.entity.etype == EntityType::Country
                                && p.prep == Prep::None
                                && !p.adjective
                                && !p.speaker
                                && self.s.segment[p.at] == self.s.segment[self.t]
                        })
                    })
                    .flatten()
            });
        let mut receiver_id = receiver.and_then(|p| state_of(p.entity, self.view));
        let place = self.s.near(self.t, 0, 14).find(|p| {
            p.at >= after
                && is_locality(p.entity)
                && !p.adjective
                && matches!(p.prep, Prep::Goal | Prep::In | Prep::None | Prep::Genitive)
        });
        if receiver_id.is_none() || receiver_id == sender_id {
            receiver_id = place
                .and_then(|p| state_of(p.entity, self.view))
                .filter(|c| Some(*c) != sender_id);
        }
        let inherit = |etype: EventType, role: Role| -> Option<String> {
            earlier
                .iter()
                .rev()
                .find(|r| r.etype == etype)
                .and_then(|r| match r.values(role).next() {
                    Some(Value::Entity(id)) => Some(id.clone()),
                    _ => None,
                })
        };
        // Sent, but where to is not said in the clause: in an article about two countries, the
        // other one («أرسلت بيونغ يانغ أكثر من ١٠ آلاف جندي في الدفعة الأولى»).
        if receiver_id.is_none() && receiver.is_none() && place.is_none() && !self.def.noun {
            if let Some(s) = sender_id {
                if self.dyad.contains(&s) {
                    receiver_id = self.dyad.iter().copied().find(|c| *c != s);
                }
            }
        }
        let wants_deployment =
            !personnel.is_empty() && typed.is_none_or(|t| t == EventType::Deployment);
        let wants_arms = !materiel.is_empty() && typed.is_none_or(|t| t == EventType::ArmsTransfer);
        if wants_deployment {
            let mut r = self.report(EventType::Deployment);
            let sid = sender_id
                .map(str::to_string)
                .or_else(|| inherit(EventType::Deployment, Role::Sender));
            let rid = receiver_id
                .map(str::to_string)
                .or_else(|| inherit(EventType::Deployment, Role::Receiver));
            if let (Some(s), Some(rc)) = (&sid, &rid) {
                if s != rc {
                    r.add_entity(Role::Sender, s);
                    r.add_entity(Role::Receiver, rc);
                }
            }
            for (_, k) in &personnel {
                r.add(Role::Personnel, Value::Kind(k.clone()));
            }
            if let Some(p) = place {
                r.add_entity(Role::Place, &p.entity.id);
            }
            let count = personnel
                .iter()
                .find_map(|(k, _)| self.figure_before(*k))
                .or_else(|| {
                    // «ليرتفع عدد جنودها هناك إلى نحو ثلاثة آلاف»: the figure follows «عدد … إلى».
                    self.lx.is(&self.s.toks, self.t, &Cue::CountNoun).then(|| {
                        let start = self.s.toks[self.t].span.end;
                        let limit = self.s.toks[(self.t + 6).min(self.s.toks.len() - 1)]
                            .span
                            .end;
                        self.figs()
                            .iter()
                            .find(|f| f.span.start >= start && f.span.end <= limit)
                            .map(count_of)
                    })?
                });
            if let Some(c) = count {
                r.count = c;
            } else if self.lx.is(&self.s.toks, self.t, &Cue::CountNoun) {
                // «عدد من القادة العسكريين»: a number of, with no number, is no deployment.
                return out;
            }
            out.push(r);
        }
        if wants_arms {
            let mut r = self.report(EventType::ArmsTransfer);
            let sid = sender_id
                .map(str::to_string)
                .or_else(|| inherit(EventType::ArmsTransfer, Role::Supplier))
                .or_else(|| inherit(EventType::Deployment, Role::Sender));
            let rid = receiver_id
                .map(str::to_string)
                .or_else(|| inherit(EventType::ArmsTransfer, Role::Recipient))
                .or_else(|| inherit(EventType::Deployment, Role::Receiver));
            if let (Some(s), Some(rc)) = (&sid, &rid) {
                if s != rc {
                    r.add_entity(Role::Supplier, s);
                    r.add_entity(Role::Recipient, rc);
                }
            }
            for (_, k) in &materiel {
                r.add(Role::Materiel, Value::Kind(k.clone()));
            }
            out.push(r);
        }
        out
    }

    fn casualty(&self, earlier: &[Report]) -> Option<Report> {
        let mut r = self.report(EventType::CasualtyReport);
        let kinds = self.kinds(Slot::Casualty, 3, 3);
        let mut ks: Vec<&str> = kinds.iter().map(|(_, k)| k.as_str()).collect();
        ks.sort_unstable();
        ks.dedup();
        let kind = match ks.as_slice() {
            [] => return None,
            [one] => one.to_string(),
            many if many.contains(&"killed")
                && many.contains(&"wounded")
                && self.joined_by_or(&kinds) =>
            {
                "killed_or_wounded".to_string()
            }
            _ => kinds
                .iter()
                .min_by_key(|(k, _)| k.abs_diff(self.t))
                .map(|(_, k)| k.clone())?,
        };
        r.add(Role::CasualtyKind, Value::Kind(kind));
        let soldiers_near = !self.kinds(Slot::Personnel, 14, 8).is_empty();
        let has_figure = self.figure_near(self.t).is_some();
        // «خسائر فادحة» without a figure is commentary, not a casualty report.
        if !has_figure && (!soldiers_near || self.def.vague) {
            return None;
        }
        // Affected party: a nationality on the soldiers (جندي كوري شمالي), else the sender of a
        // deployment just reported (أرسلت … منهم), else the subject.
        let soldiers = self.kinds(Slot::Personnel, 8, 8);
        let nationality = soldiers.iter().find_map(|(k, _)| {
            self.s
                .placed
                .iter()
                .find(|p| {
                    p.at > *k
                        && p.at <= k + 4
                        && p.adjective
                        && p.entity.etype == EntityType::Country
                        && (p.prep == Prep::None || p.prep == Prep::Genitive)
                })
                .map(|p| p.entity.id.clone())
        });
        let sender = || {
            earlier
                .iter()
                .rev()
                .filter(|r| r.etype == EventType::Deployment)
                .find_map(|r| {
                    r.values(Role::Sender).find_map(|v| match v {
                        Value::Entity(id) => Some(id.clone()),
                        Value::Kind(_) => None,
                    })
                })
        };
        let subject = || {
            self.subject_before(|e| {
                state_of(e, self.view).is_some() && e.etype != EntityType::Person
            })
            .and_then(|p| state_of(p.entity, self.view))
            .map(str::to_string)
        };
        let affected = nationality.or_else(sender).or_else(subject)?;
        r.add_entity(Role::AffectedParty, &affected);
        if let Some(pl) = self.s.near(self.t, 0, 8).find(|p| {
            p.at > self.t
                && is_place(p.entity)
                && matches!(p.prep, Prep::In | Prep::Inside)
                && p.entity.id != affected
        }) {
            r.add_entity(Role::Place, &pl.entity.id);
        }
        if let Some(c) = self
            .figure_near(self.t)
            .or_else(|| soldiers.iter().find_map(|(k, _)| self.figure_before(*k)))
        {
            r.count = c;
        }
        Some(r)
    }

    fn joined_by_or(&self, kinds: &[(usize, String)]) -> bool {
        let lo = kinds.iter().map(|k| k.0).min().unwrap_or(0);
        let hi = kinds.iter().map(|k| k.0).max().unwrap_or(0);
        (lo..=hi).any(|k| self.lx.is(&self.s.toks, k, &Cue::Or))
    }

    fn air_service(&self) -> Option<Report> {
        let mut r = self.report(EventType::AirService);
        let seg = self.s.segment[self.t];
        let in_seg: Vec<&Placed> = self
            .s
            .placed
            .iter()
            .filter(|p| self.s.segment[p.at] == seg)
            .collect();
        let kind_of = |e: &Entity| self.lx.entity_kinds.get(&e.id).map(String::as_str);
        let operator = self
            .s
            .placed
            .iter()
            .find(|p| kind_of(p.entity) == Some("airline"));
        let authority = self
            .s
            .placed
            .iter()
            .find(|p| kind_of(p.entity) == Some("aviation-authority"));
        let air_word = (0..self.s.toks.len()).any(|k| self.lx.is(&self.s.toks, k, &Cue::AirWord));
        if operator.is_none() && !air_word {
            return None;
        }
        let places: Vec<&&Placed> = in_seg
            .iter()
            .filter(|p| is_place(p.entity) && p.at + 2 >= self.t)
            .collect();
        // «بين X و Y», «من X إلى Y», «يربط X بـ Y», «من X تحط في Y»
        let origin = places.iter().find(|p| {
            matches!(p.prep, Prep::Between | Prep::From)
                || (p.prep == Prep::None
                    && self
                        .lx
                        .is(&self.s.toks, p.at.wrapping_sub(1), &Cue::RouteLink))
        });
        let origin = origin.or_else(|| places.iter().find(|p| p.prep == Prep::None))?;
        let destination = places.iter().find(|p| {
            p.at > origin.at && matches!(p.prep, Prep::And | Prep::Goal | Prep::In | Prep::None)
        })?;
        r.add_entity(Role::Origin, &origin.entity.id);
        r.add_entity(Role::Destination, &destination.entity.id);
        if let Some(o) = operator {
            r.add_entity(Role::Operator, &o.entity.id);
        }
        if let Some(a) = authority {
            r.add_entity(Role::AuthorizedBy, &a.entity.id);
        }
        // «بواقع رحلتين أسبوعيًا», «ما يصل إلى رحلتين»: the frequency later in the clause.
        let seg_end = self
            .s
            .toks
            .iter()
            .enumerate()
            .filter(|(k, _)| self.s.segment[*k] == seg)
            .map(|(k, _)| k)
            .max()
            .unwrap_or(self.t);
        let limit = self.s.toks[seg_end.min(self.t + 14).max(self.t)].span.end;
        let start = self.s.toks[self.t].span.start;
        if let Some(f) = self
            .figs()
            .iter()
            .find(|f| f.span.start >= start && f.span.end <= limit)
        {
            r.count = count_of(f);
        }
        Some(r)
    }
}

/// A day `n` days before another (for durations that end on a known day).
fn sub_days(year: i32, month: u8, day: u8, n: u32) -> Option<CalendarValue> {
    let (mut y, mut m, mut d) = (year, month, day as i64 - n as i64);
    while d < 1 {
        if m == 1 {
            m = 12;
            y -= 1;
        } else {
            m -= 1;
        }
        d += crate::time::days_in_month(y, m) as i64;
    }
    CalendarValue::day(y, m, d as u8)
}

/// A day `n` days after another (for durations).
fn add_days(year: i32, month: u8, day: u8, n: u32) -> Option<CalendarValue> {
    let (mut y, mut m, mut d) = (year, month, day as u32 + n);
    loop {
        let dim = crate::time::days_in_month(y, m) as u32;
        if d <= dim {
            return CalendarValue::day(y, m, d as u8);
        }
        d -= dim;
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
}

fn count_of(f: &Figure) -> Count {
    Count {
        min: f.min,
        max: f.max,
        approximate: f.approximate,
        vague: f.vague,
    }
}

/// Dates and figures found on the clean layer, moved to match-key spans.
pub fn to_key_spans(clean: &Layer, key: &Layer, span: Span) -> Span {
    key.from_raw(clean.to_raw(span))
}

/// Picks a reading of a date for a status (helper for callers that have one).
pub fn reading(d: &DateMention, status: Status) -> Option<DateValue> {
    if status.is_prospective() {
        d.future.or(d.past)
    } else {
        d.past.or(d.future)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_arithmetic_crosses_months_and_years() {
        assert_eq!(add_days(2025, 7, 30, 3), CalendarValue::day(2025, 8, 2));
        assert_eq!(add_days(2024, 12, 31, 1), CalendarValue::day(2025, 1, 1));
        assert_eq!(sub_days(2025, 3, 1, 1), CalendarValue::day(2025, 2, 28));
        assert_eq!(sub_days(2024, 1, 2, 3), CalendarValue::day(2023, 12, 30));
    }

    #[test]
    fn noun_variants_take_clitics_article_and_pronouns() {
        let v = word_variants("زياره", true);
        for w in [
            "زياره",
            "الزياره",
            "بالزياره",
            "لزياره",
            "زيارته",
            "زيارتها",
            "وزيارتهما",
            "للزياره",
        ] {
            assert!(v.contains(&w.to_string()), "{w}");
        }
        let verb = word_variants("وصل", false);
        assert!(verb.contains(&"ووصل".to_string()));
        assert!(!verb.contains(&"الوصل".to_string()));
    }

    #[test]
    fn event_lexicons_load() {
        let lx = EventLexicon::load().unwrap();
        assert!(!lx.triggers.entries.is_empty());
        assert!(lx
            .entity_kinds
            .get("air-koryo")
            .is_some_and(|k| k == "airline"));
    }
}
