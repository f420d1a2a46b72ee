//! Dates in Arabic news text, read from the clean layer.
//!
//! * Absolute dates: «11 يوليو 2025», «السابع من سبتمبر», «يوليو 2025», «عام 2019», «في 2024»,
//!   «17 كانون الثاني 2025», combined month names «نيسان/أبريل 2019», «يوليو (تموز)», numeric
//!   «11/7/2025» and «2025-07-11».
//! * Ranges: «من 11 إلى 13 يوليو», «بين 11 و13 يوليو», «يومي 14 و15 يوليو 2025», «11-13 يوليو»,
//!   «بين الثامن والثالث عشر من تشرين الأول/أكتوبر», month and year ranges.
//! * Relative dates, resolved against the publication day: «أمس الأربعاء», «يوم الجمعة»,
//!   «الشهر الماضي», «هذا العام», «أبريل الماضي», «يونيو المقبل», «خريف العام الماضي».
//!
//! Every word (month and weekday names, ordinals, relative and function words) comes from
//! `ontology/lexicon/dates.csv`; this module holds the grammar only. Words are compared on the
//! match key ([`crate::text::key_of`]) after stripping the proclitics listed there.
//!
//! A mention carries two readings: `past` (if the sentence speaks of the past) and `future`.
//! They differ only when the text leaves the year open: a yearless date's future reading is its
//! next occurrence ending on or after publication; its past reading is its latest occurrence
//! starting on or before publication — unless that lies more than six months back while the
//! next one lies within six months ahead (a past-tense sentence announcing a date two days
//! away means that date). Weekdays without «الماضي/المقبل» read as the nearest such day on or
//! before (past) / on or after (future) publication. Weeks run Monday to Sunday (ISO).
//!
//! The module also hosts the tokenizer and word-list matcher that [`crate::figures`] shares.

use crate::embedded;
use crate::text::{is_diacritic, is_word_char, key_of, Layer, Span};
use crate::time::{CalendarValue, Season};
use std::collections::HashMap;

// ───────────────────────────── tokens ─────────────────────────────

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// Letters (and their diacritics).
    Word,
    /// ASCII digits (the clean layer has converted Arabic-Indic digits).
    Num,
    /// Any other single non-space character.
    Punct,
}

/// A word, a digit run or a punctuation mark of the clean layer.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Char span in the clean layer.
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
    /// Word: match key; Num: the digits; Punct: the character.
    pub key: String,
    /// Word: the text without diacritics (hamza forms kept).
    pub plain: String,
    /// No white space between the previous token and this one.
    pub glued: bool,
    /// A line break between the previous token and this one.
    pub newline: bool,
}

impl Token {
    pub(crate) fn is_punct(&self, chars: &str) -> bool {
        self.kind == TokKind::Punct && chars.contains(self.key.as_str())
    }
    pub(crate) fn is_num(&self) -> bool {
        self.kind == TokKind::Num
    }
}

/// Splits the clean layer into words, digit runs and punctuation marks. A digit run inside a
/// word splits it («و15» → «و», «15»).
pub(crate) fn tokenize(text: &Layer) -> Vec<Token> {
    let cs = text.chars();
    let mut toks: Vec<Token> = Vec::new();
    let (mut gap, mut newline) = (false, false);
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        if c.is_whitespace() {
            gap = true;
            newline |= c == '\n';
            i += 1;
            continue;
        }
        let start = i;
        let kind = if c.is_ascii_digit() {
            while i < cs.len() && cs[i].is_ascii_digit() {
                i += 1;
            }
            TokKind::Num
        } else if is_word_char(c) {
            while i < cs.len() && is_word_char(cs[i]) && !cs[i].is_ascii_digit() {
                i += 1;
            }
            TokKind::Word
        } else {
            i += 1;
            TokKind::Punct
        };
        let s: String = cs[start..i].iter().collect();
        let (key, plain) = match kind {
            TokKind::Word => (
                key_of(&s),
                s.chars().filter(|c| !is_diacritic(*c)).collect(),
            ),
            _ => (s.clone(), s),
        };
        toks.push(Token {
            start,
            end: i,
            kind,
            key,
            plain,
            glued: !gap && !toks.is_empty(),
            newline,
        });
        gap = false;
        newline = false;
    }
    toks
}

/// Char position in the clean layer after skipping `skip` letters (not diacritics) of a token.
pub(crate) fn start_after(chars: &[char], tok: &Token, skip: usize) -> usize {
    let mut seen = 0;
    let mut at = tok.start;
    while seen < skip && at < tok.end {
        if !is_diacritic(chars[at]) {
            seen += 1;
        }
        at += 1;
    }
    while at < tok.end && is_diacritic(chars[at]) {
        at += 1;
    }
    at
}

// ───────────────────────────── word lists ─────────────────────────────

/// Entry flag: an ordinary word too, needs date context.
pub(crate) const CTX: u8 = 1;
/// Entry flag: needs a day before or a year after.
pub(crate) const TIGHT: u8 = 2;
/// Entry flag: compared with its hamza (no alef folding).
pub(crate) const HAMZA: u8 = 4;
/// Entry flag: also takes prepositional clitics.
pub(crate) const PREP: u8 = 8;

/// The definite article, as the match key writes it (grammar, not a word list).
pub(crate) const ARTICLE: &str = "ال";

/// One row of a word list.
#[derive(Debug, Clone)]
pub(crate) struct Entry<K> {
    pub kind: K,
    /// Match keys of the words.
    pub words: Vec<String>,
    /// The words without diacritics (for [`HAMZA`] entries).
    pub plain: Vec<String>,
    pub value: i64,
    pub flags: u8,
}

/// Which proclitic a hit carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Clitic {
    None,
    /// و or ف.
    Conj,
    /// A run with ب ل ك.
    Prep,
}

/// A word-list entry found at a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub entry: usize,
    /// Token index after the entry.
    pub end: usize,
    pub clitic: Clitic,
    /// Letters of the first token before the entry (the clitic), outside the span.
    pub skip: usize,
    /// Letters of the clitic.
    pub clen: usize,
}

/// A word list indexed by the key of its first word, with its proclitics.
#[derive(Debug, Clone)]
pub(crate) struct WordIndex<K> {
    pub entries: Vec<Entry<K>>,
    by_first: HashMap<String, Vec<usize>>,
    /// (match key, is a conjunction), longest first.
    clitics: Vec<(String, bool)>,
}

impl<K: Copy + PartialEq> WordIndex<K> {
    /// Reads `file` of [`embedded::LEXICON`]: columns kind, word, value[, flags]. `kind_of` maps
    /// the kind column (the `clitic` kind must map to `clitic`), `value_of` the value column.
    pub(crate) fn load(
        file: &str,
        clitic: K,
        kind_of: impl Fn(&str) -> Option<K>,
        value_of: impl Fn(K, &str) -> Option<i64>,
    ) -> Result<WordIndex<K>, String> {
        let text = embedded::LEXICON
            .iter()
            .find(|(n, _)| *n == file)
            .map(|(_, t)| *t)
            .ok_or_else(|| format!("lexicon file {file} is not compiled in"))?;
        let mut rdr = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut idx = WordIndex {
            entries: Vec::new(),
            by_first: HashMap::new(),
            clitics: Vec::new(),
        };
        for rec in rdr.records() {
            let rec = rec.map_err(|e| format!("{file}: {e}"))?;
            let line = rec.position().map(|p| p.line()).unwrap_or(0);
            let field = |n: usize| rec.get(n).unwrap_or("").trim();
            let err = |m: String| format!("{file} line {line}: {m}");
            let kind =
                kind_of(field(0)).ok_or_else(|| err(format!("unknown kind {:?}", field(0))))?;
            let word = field(1);
            if word.is_empty() {
                return Err(err("empty word".into()));
            }
            if kind == clitic {
                idx.clitics.push((key_of(word), field(2) == "conj"));
                continue;
            }
            let value = value_of(kind, field(2))
                .ok_or_else(|| err(format!("bad value {:?} for {:?}", field(2), field(0))))?;
            let mut flags = 0;
            for f in field(3).split(';').map(str::trim) {
                flags |= match f {
                    "" => 0,
                    "ctx" => CTX,
                    "tight" => TIGHT,
                    "hamza" => HAMZA,
                    "prep" => PREP,
                    other => return Err(err(format!("unknown flag {other:?}"))),
                };
            }
            let words: Vec<String> = word.split_whitespace().map(key_of).collect();
            let plain = word
                .split_whitespace()
                .map(|w| w.chars().filter(|c| !is_diacritic(*c)).collect())
                .collect();
            idx.by_first
                .entry(words[0].clone())
                .or_default()
                .push(idx.entries.len());
            idx.entries.push(Entry {
                kind,
                words,
                plain,
                value,
                flags,
            });
        }
        idx.clitics
            .sort_by_key(|(c, _)| std::cmp::Reverse(c.chars().count()));
        Ok(idx)
    }

    pub(crate) fn get(&self, h: Hit) -> &Entry<K> {
        &self.entries[h.entry]
    }

    /// Does the list hold an entry of this kind?
    pub(crate) fn has_kind(&self, kind: K) -> bool {
        self.entries.iter().any(|e| e.kind == kind)
    }

    /// Every entry accepted by `allow` that starts at token `i` (its first word possibly
    /// carrying a proclitic), once per reading. Parsers compute this once per token and pick
    /// from it with [`best`].
    pub(crate) fn find_all(
        &self,
        toks: &[Token],
        i: usize,
        allow: impl Fn(&Entry<K>, Clitic) -> bool,
    ) -> Vec<Hit> {
        let mut out = Vec::new();
        let Some(t) = toks.get(i) else {
            return out;
        };
        let mut consider = |stem: &str, pstem: &str, clitic: Clitic, skip: usize, clen: usize| {
            let Some(ids) = self.by_first.get(stem) else {
                return;
            };
            for &id in ids {
                let e = &self.entries[id];
                if e.flags & HAMZA != 0 && e.plain[0] != pstem {
                    continue;
                }
                if !allow(e, clitic) {
                    continue;
                }
                if let Some(end) = self.rest(toks, i + 1, e) {
                    out.push(Hit {
                        entry: id,
                        end,
                        clitic,
                        skip,
                        clen,
                    });
                }
            }
        };
        consider(&t.key, &t.plain, Clitic::None, 0, 0);
        if t.kind == TokKind::Word {
            for (c, conj) in &self.clitics {
                let Some(rest) = t.key.strip_prefix(c.as_str()) else {
                    continue;
                };
                let n = c.chars().count();
                let prest: String = t.plain.chars().skip(n).collect();
                let kind = if *conj { Clitic::Conj } else { Clitic::Prep };
                if rest.chars().count() >= 2 {
                    consider(rest, &prest, kind, n, n);
                }
                // ل + ال is written لل: «للعام» = ل + العام. The span keeps «لل» (drops «و»).
                if c.ends_with('ل') && rest.starts_with('ل') {
                    let alef = ARTICLE.chars().next().unwrap_or_default();
                    let (stem, pstem) = (format!("{alef}{rest}"), format!("{alef}{prest}"));
                    consider(&stem, &pstem, kind, n - 1, n);
                }
            }
        }
        out
    }

    /// Matches the words after the first; a word «وX» also matches the two tokens «و X».
    fn rest(&self, toks: &[Token], mut j: usize, e: &Entry<K>) -> Option<usize> {
        for (w, p) in e.words.iter().zip(&e.plain).skip(1) {
            let t = toks.get(j)?;
            if t.newline {
                return None;
            }
            let same = |t: &Token, w: &str, p: &str| {
                if e.flags & HAMZA != 0 {
                    t.plain == p
                } else {
                    t.key == w
                }
            };
            if same(t, w, p) {
                j += 1;
                continue;
            }
            let conj = self
                .clitics
                .iter()
                .find(|(c, conj)| *conj && w.starts_with(c.as_str()));
            match (conj, toks.get(j + 1)) {
                (Some((c, _)), Some(u)) if t.key == *c && !u.newline => {
                    let n = c.chars().count();
                    let (w2, p2): (String, String) =
                        (w.chars().skip(n).collect(), p.chars().skip(n).collect());
                    if !same(u, &w2, &p2) {
                        return None;
                    }
                    j += 2;
                }
                _ => return None,
            }
        }
        Some(j)
    }
}

/// The longest of `hits` accepted by `want`; on equal length the one with the shortest clitic.
pub(crate) fn best(hits: &[Hit], want: impl Fn(&Hit) -> bool) -> Option<Hit> {
    hits.iter()
        .filter(|h| want(h))
        .min_by_key(|h| (std::cmp::Reverse(h.end), h.clen))
        .copied()
}

/// Kinds of `dates.csv` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dk {
    Clitic,
    Month,
    Weekday,
    Ordinal,
    RelDay,
    Unit,
    Dir,
    This,
    Season,
    SeasonDef,
    Part,
    YearWord,
    YearPair,
    MonthWord,
    DayWord,
    DayPair,
    Of,
    From,
    To,
    Between,
    And,
    Link,
    DayPart,
    Prep,
    Duration,
    Block,
}

impl Dk {
    fn parse(s: &str) -> Option<Dk> {
        Some(match s {
            "clitic" => Dk::Clitic,
            "month" => Dk::Month,
            "weekday" => Dk::Weekday,
            "ordinal" => Dk::Ordinal,
            "relday" => Dk::RelDay,
            "unit" => Dk::Unit,
            "dir" => Dk::Dir,
            "this" => Dk::This,
            "season" => Dk::Season,
            "season_def" => Dk::SeasonDef,
            "part" => Dk::Part,
            "yearword" => Dk::YearWord,
            "yearpair" => Dk::YearPair,
            "monthword" => Dk::MonthWord,
            "dayword" => Dk::DayWord,
            "daypair" => Dk::DayPair,
            "of" => Dk::Of,
            "from" => Dk::From,
            "to" => Dk::To,
            "between" => Dk::Between,
            "and" => Dk::And,
            "link" => Dk::Link,
            "daypart" => Dk::DayPart,
            "prep" => Dk::Prep,
            "duration" => Dk::Duration,
            "block" => Dk::Block,
            _ => return None,
        })
    }

    /// The value column, checked and made a number (units and seasons are coded).
    fn value(self, v: &str) -> Option<i64> {
        let int = |lo: i64, hi: i64| v.parse::<i64>().ok().filter(|n| (lo..=hi).contains(n));
        match self {
            Dk::Month => int(1, 12),
            Dk::Weekday => int(1, 7),
            Dk::Ordinal => int(1, 31),
            Dk::RelDay => int(-7, 7),
            Dk::Dir => int(-1, 1),
            Dk::This => Some(0),
            Dk::Unit => UNITS.iter().position(|u| *u == v).map(|p| p as i64),
            Dk::Season | Dk::SeasonDef => SEASONS.iter().position(|s| *s == v).map(|p| p as i64),
            _ => v.is_empty().then_some(0),
        }
    }

    /// Which proclitics a word of this kind may carry.
    fn allows(self, e: &Entry<Dk>, c: Clitic) -> bool {
        match c {
            Clitic::None => true,
            Clitic::Conj => !matches!(
                self,
                Dk::And | Dk::Dir | Dk::Link | Dk::Duration | Dk::Block | Dk::Clitic
            ),
            Clitic::Prep => match self {
                Dk::RelDay => e.flags & PREP != 0,
                Dk::Month
                | Dk::Weekday
                | Dk::Ordinal
                | Dk::Unit
                | Dk::Season
                | Dk::SeasonDef
                | Dk::Part
                | Dk::YearWord
                | Dk::YearPair
                | Dk::MonthWord
                | Dk::DayWord
                | Dk::DayPair
                | Dk::DayPart => true,
                _ => false,
            },
        }
    }
}

/// Codes of the `unit` values (week = 0 …).
const UNITS: [&str; 3] = ["week", "month", "year"];
/// Codes of the `season` values (spring = 0 …), in the order of the year.
const SEASONS: [&str; 4] = ["spring", "summer", "autumn", "winter"];

/// The date words of `ontology/lexicon/dates.csv`.
#[derive(Debug, Clone)]
pub struct DateLexicon {
    idx: WordIndex<Dk>,
}

impl DateLexicon {
    /// Loads the word list compiled into the binary. Panics if the data file is broken (a
    /// build-time bug, caught by the tests).
    pub fn load() -> Self {
        Self::try_load().unwrap_or_else(|e| panic!("{e}"))
    }

    /// Loads and checks the word list compiled into the binary.
    pub fn try_load() -> Result<Self, String> {
        let idx = WordIndex::load("dates.csv", Dk::Clitic, Dk::parse, Dk::value)?;
        for k in [Dk::Month, Dk::Weekday, Dk::Ordinal, Dk::And, Dk::Of, Dk::To] {
            if !idx.has_kind(k) {
                return Err(format!("dates.csv: no {k:?} rows"));
            }
        }
        Ok(DateLexicon { idx })
    }
}

// ───────────────────────────── public types ─────────────────────────────

/// A calendar value or a range of two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateValue {
    Point(CalendarValue),
    Range(CalendarValue, CalendarValue),
}

/// A date expression found in the clean layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMention {
    /// Char span in the clean layer (proclitics of the first word and a leading «في/منذ» are
    /// outside it).
    pub span: Span,
    /// The reading if the sentence speaks of the past.
    pub past: Option<DateValue>,
    /// The reading if the sentence speaks of the future.
    pub future: Option<DateValue>,
    /// The value depends on the publication date (relative words, a missing year).
    pub relative: bool,
}

// ───────────────────────────── grammar ─────────────────────────────

/// How a year is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearRef {
    Explicit(i32),
    /// Not given: nearest occurrence (see the module doc).
    Missing,
    /// Publication year + k («من العام الماضي», «الجاري»).
    Rel(i32),
    /// The latest occurrence strictly before the publication month («أبريل الماضي»).
    Past,
    /// The first occurrence strictly after the publication month («يونيو المقبل»).
    Next,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dm {
    day: u8,
    month: u8,
}

/// What an expression means, before the publication date resolves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expr {
    Day {
        dm: Dm,
        year: YearRef,
    },
    /// A day of the publication month + k («العشرين من الشهر الجاري»).
    DayRelMonth {
        day: u8,
        k: i32,
    },
    Month {
        month: u8,
        year: YearRef,
    },
    /// `year` is the year of the end; the start's own year if given.
    DayRange {
        a: Dm,
        a_year: Option<i32>,
        b: Dm,
        year: YearRef,
    },
    MonthRange {
        a: u8,
        a_year: Option<i32>,
        b: u8,
        year: YearRef,
    },
    Year(i32),
    YearRange(i32, i32),
    /// `Missing` = the nearest such season («هذا الصيف»).
    Season {
        season: u8,
        year: YearRef,
    },
    RelDay(i64),
    /// `dir`: −1 strictly before, +1 strictly after, 0 either way.
    Weekday {
        wd: u8,
        dir: i8,
    },
    WeekdayPair {
        a: u8,
        b: u8,
        dir: i8,
    },
    /// Unit code (week, month, year) and offset.
    Rel {
        unit: u8,
        k: i32,
    },
}

struct Parser<'a> {
    t: &'a [Token],
    lx: &'a WordIndex<Dk>,
    /// Word-list hits at each token.
    hits: Vec<Vec<Hit>>,
}

fn year_ok(y: u64) -> bool {
    (1900..=2100).contains(&y)
}

impl Parser<'_> {
    fn new<'a>(t: &'a [Token], lx: &'a WordIndex<Dk>) -> Parser<'a> {
        let hits = (0..t.len())
            .map(|i| lx.find_all(t, i, |e, c| e.kind.allows(e, c)))
            .collect();
        Parser { t, lx, hits }
    }
    fn hit(&self, i: usize, k: Dk) -> Option<Hit> {
        best(self.hits.get(i)?, |h| self.lx.get(*h).kind == k)
    }
    fn end(&self, i: usize, k: Dk) -> Option<usize> {
        self.hit(i, k).map(|h| h.end)
    }
    fn val(&self, h: Hit) -> i64 {
        self.lx.get(h).value
    }
    fn tok(&self, i: usize) -> Option<&Token> {
        self.t.get(i)
    }
    /// Skips an optional word of kind `k`.
    fn opt(&self, i: usize, k: Dk) -> usize {
        self.end(i, k).unwrap_or(i)
    }
    /// Does a word of one of these kinds end right before token `i`?
    fn prev_is(&self, i: usize, kinds: &[Dk]) -> bool {
        (i.saturating_sub(3)..i).any(|s| {
            kinds
                .iter()
                .any(|&k| self.hit(s, k).is_some_and(|h| h.end == i))
        })
    }
    /// A standalone «و» at `i`: the index after it.
    fn conj(&self, i: usize) -> Option<usize> {
        let t = self.tok(i)?;
        (t.kind == TokKind::Word)
            .then(|| self.hit(i, Dk::And))
            .flatten()
            .map(|h| h.end)
    }
    /// A number token that is not part of a longer number («10,000», «2.5»).
    fn plain_num(&self, i: usize) -> Option<u64> {
        let t = self.tok(i)?;
        if !t.is_num() || t.key.len() > 4 {
            return None;
        }
        let sep_num = |a: Option<&Token>, b: Option<&Token>| matches!((a, b), (Some(a), Some(b)) if a.glued && a.is_punct(".,") && b.glued && b.is_num());
        if sep_num(self.tok(i + 1), self.tok(i + 2)) {
            return None;
        }
        if t.glued && i >= 2 && sep_num(self.tok(i - 1), Some(t)) && self.t[i - 2].is_num() {
            return None;
        }
        t.key.parse().ok()
    }
    fn year_num(&self, i: usize) -> Option<i32> {
        let t = self.tok(i)?;
        let y = self
            .plain_num(i)
            .filter(|&y| t.key.len() == 4 && year_ok(y))?;
        Some(y as i32)
    }
    /// [عام] 2019
    fn year_opt_word(&self, i: usize) -> Option<(usize, i32)> {
        let j = self.opt(i, Dk::YearWord);
        Some((j + 1, self.year_num(j)?))
    }
    /// عام 2019
    fn year_with_word(&self, i: usize) -> Option<(usize, i32)> {
        let j = self.end(i, Dk::YearWord)?;
        Some((j + 1, self.year_num(j)?))
    }
    /// «العام الماضي», «هذا العام», «السنة المقبلة» → offset from the publication year.
    fn rel_year(&self, i: usize) -> Option<(usize, i32)> {
        let is_year = |h: Hit| self.val(h) == 2;
        if let Some(j) = self.end(i, Dk::This) {
            let h = self.hit(j, Dk::Unit).filter(|&h| is_year(h))?;
            return Some((h.end, 0));
        }
        let h = self.hit(i, Dk::Unit).filter(|&h| is_year(h))?;
        let d = self.hit(h.end, Dk::Dir)?;
        Some((d.end, self.val(d) as i32))
    }
    /// A day of the month: a number 1–31 or an ordinal word. With `wa`, it must follow «و»
    /// (a separate word or the ordinal's proclitic). Returns (end, day, is a number).
    fn day(&self, i: usize, wa: bool) -> Option<(usize, u8, bool)> {
        if wa {
            if let Some(j) = self.conj(i) {
                return self.day(j, false);
            }
            let h = self
                .hit(i, Dk::Ordinal)
                .filter(|h| h.clitic == Clitic::Conj)?;
            return Some((h.end, self.val(h) as u8, false));
        }
        let t = self.tok(i)?;
        if t.is_num() {
            let d = self
                .plain_num(i)
                .filter(|&d| t.key.len() <= 2 && (1..=31).contains(&d))?;
            return Some((i + 1, d as u8, true));
        }
        let h = self.hit(i, Dk::Ordinal)?;
        Some((h.end, self.val(h) as u8, false))
    }
    /// A weekday, possibly after «و».
    fn weekday(&self, i: usize, wa: bool) -> Option<(usize, u8)> {
        if wa {
            if let Some(j) = self.conj(i) {
                return self.weekday(j, false);
            }
        }
        let h = self
            .hit(i, Dk::Weekday)
            .filter(|h| !wa || h.clitic == Clitic::Conj)?;
        Some((h.end, self.val(h) as u8))
    }
    /// What follows a month name: a year, a relative word, or «من» + a year.
    fn year_after_month(&self, j: usize) -> (usize, YearRef) {
        if let Some(y) = self.year_num(j) {
            return (j + 1, YearRef::Explicit(y));
        }
        if let Some((e, y)) = self.year_with_word(j) {
            return (e, YearRef::Explicit(y));
        }
        if let Some(h) = self.hit(j, Dk::Dir) {
            let y = match self.val(h) {
                -1 => YearRef::Past,
                0 => YearRef::Rel(0),
                _ => YearRef::Next,
            };
            return (h.end, y);
        }
        if let Some(o) = self.end(j, Dk::Of) {
            if let Some((e, y)) = self.year_opt_word(o) {
                return (e, YearRef::Explicit(y));
            }
            if let Some((e, k)) = self.rel_year(o) {
                return (e, YearRef::Rel(k));
            }
        }
        (j, YearRef::Missing)
    }
    /// [شهر] month [/month | (month)] [year | relative | من year]. `ctx`: the caller has date
    /// context; `after_day`: a day precedes.
    fn month_full(&self, i: usize, ctx: bool, after_day: bool) -> Option<(usize, u8, YearRef)> {
        let mut j = i;
        let mut ctx = ctx;
        if let Some(e) = self.end(j, Dk::MonthWord) {
            j = e;
            ctx = true;
        }
        let h = self.hit(j, Dk::Month)?;
        let month = self.val(h) as u8;
        let mut flags = self.lx.get(h).flags;
        j = h.end;
        // Combined names: «تموز/يوليو», «يوليو (تموز)».
        if let Some(t) = self.tok(j) {
            if t.is_punct("/(") {
                if let Some(h2) = self.hit(j + 1, Dk::Month) {
                    let close = self.tok(h2.end).is_some_and(|c| c.is_punct(")"));
                    if t.key == "/" {
                        j = h2.end;
                        flags = 0;
                    } else if close {
                        j = h2.end + 1;
                        flags = 0;
                    }
                }
            }
        }
        let (j, year) = self.year_after_month(j);
        if flags & TIGHT != 0 && !(after_day || matches!(year, YearRef::Explicit(_))) {
            return None;
        }
        let context = || {
            ctx || after_day
                || year != YearRef::Missing
                || self.prev_is(i, &[Dk::Prep, Dk::From, Dk::To, Dk::Between, Dk::Part])
        };
        if flags & CTX != 0 && !context() {
            return None;
        }
        Some((j, month, year))
    }
    /// «الشهر الجاري», «هذا الشهر», «الشهر الماضي» → month offset.
    fn rel_month(&self, i: usize) -> Option<(usize, i32)> {
        let is_month = |h: Hit| self.val(h) == 1;
        if let Some(j) = self.end(i, Dk::This) {
            let h = self.hit(j, Dk::Unit).filter(|&h| is_month(h))?;
            return Some((h.end, 0));
        }
        let h = self.hit(i, Dk::Unit).filter(|&h| is_month(h))?;
        let d = self.hit(h.end, Dk::Dir)?;
        Some((d.end, self.val(d) as i32))
    }

    // ── rules: each returns (end, meaning) for an expression starting at token i ──

    /// من/بين D1 [من M1] إلى/و D2 [من] M2; من M1 إلى M2; من/بين [عام] Y1 إلى/و Y2.
    fn r_range(&self, i: usize, out: &mut Vec<(usize, Expr)>) {
        let (j, between) = match (self.end(i, Dk::From), self.end(i, Dk::Between)) {
            (Some(j), _) => (j, false),
            (None, Some(j)) => (j, true),
            _ => return,
        };
        let sep = |k: usize| -> Option<usize> {
            if between {
                self.conj(k)
            } else {
                self.end(k, Dk::To)
            }
        };
        // Days.
        if let Some((k, d1, num)) = self.day(j, false) {
            let first = self
                .end(k, Dk::Of)
                .and_then(|o| self.month_full(o, true, true))
                .or_else(|| num.then(|| self.month_full(k, true, true)).flatten());
            let after = first.map_or(k, |f| f.0);
            let second = if between {
                // «و» is a word or the ordinal's clitic: `day` with wa handles both.
                self.day(after, true)
            } else {
                self.end(after, Dk::To).and_then(|s| self.day(s, false))
            };
            if let Some((k2, d2, _)) = second {
                let o = self.opt(k2, Dk::Of);
                if let Some((e, m2, year)) = self.month_full(o, true, true) {
                    let (m1, a_year) = match first {
                        Some((_, m1, YearRef::Explicit(y))) => (m1, Some(y)),
                        Some((_, m1, _)) => (m1, None),
                        None => (m2, None),
                    };
                    let a = Dm { day: d1, month: m1 };
                    let b = Dm { day: d2, month: m2 };
                    out.push((e, Expr::DayRange { a, a_year, b, year }));
                }
            }
        }
        // Months.
        if let Some((k, m1, y1)) = self.month_full(j, true, false) {
            if let Some((e, m2, year)) = sep(k).and_then(|s| self.month_full(s, true, false)) {
                let a_year = match y1 {
                    YearRef::Explicit(y) => Some(y),
                    _ => None,
                };
                out.push((
                    e,
                    Expr::MonthRange {
                        a: m1,
                        a_year,
                        b: m2,
                        year,
                    },
                ));
            }
        }
        // Years.
        let j = if between {
            self.opt(j, Dk::YearPair)
        } else {
            j
        };
        if let Some((k, y1)) = self.year_opt_word(j) {
            if let Some((e, y2)) = sep(k).and_then(|s| self.year_opt_word(s)) {
                if y1 < y2 {
                    out.push((e, Expr::YearRange(y1, y2)));
                }
            }
        }
    }

    /// يومي D1 و D2 M; يومي W1 و W2; عامي Y1 و Y2.
    fn r_pair(&self, i: usize, out: &mut Vec<(usize, Expr)>) {
        if let Some(j) = self.end(i, Dk::DayPair) {
            if let Some((k, d1, _)) = self.day(j, false) {
                if let Some((k2, d2, _)) = self.day(k, true) {
                    let o = self.opt(k2, Dk::Of);
                    if let Some((e, m, year)) = self.month_full(o, true, true) {
                        let (a, b) = (Dm { day: d1, month: m }, Dm { day: d2, month: m });
                        let a_year = None;
                        out.push((e, Expr::DayRange { a, a_year, b, year }));
                    }
                }
            }
            if let Some((k, a)) = self.weekday(j, false) {
                if let Some((k2, b)) = self.weekday(k, true) {
                    let (e, dir) = match self.hit(k2, Dk::Dir) {
                        Some(h) => (h.end, self.val(h) as i8),
                        None => (k2, 0),
                    };
                    out.push((e, Expr::WeekdayPair { a, b, dir }));
                }
            }
        }
        if let Some(j) = self.end(i, Dk::YearPair) {
            if let (Some(y1), Some(k)) = (self.year_num(j), self.conj(j + 1)) {
                if let Some(y2) = self.year_num(k).filter(|&y2| y1 < y2) {
                    out.push((k + 1, Expr::YearRange(y1, y2)));
                }
            }
        }
    }

    /// D1-D2 M, D1 إلى D2 M, D1 و D2 M (numbers).
    fn r_bare_range(&self, i: usize, out: &mut Vec<(usize, Expr)>) {
        let Some((k, d1, true)) = self.day(i, false) else {
            return;
        };
        let s = match self.tok(k) {
            Some(t) if t.is_punct("-–—") => Some(k + 1),
            _ => self.end(k, Dk::To).or_else(|| self.conj(k)),
        };
        let Some((k2, d2, true)) = s.and_then(|s| self.day(s, false)) else {
            return;
        };
        if d2 <= d1 {
            return;
        }
        if let Some((e, m, year)) = self.month_full(k2, true, true) {
            let (a, b) = (Dm { day: d1, month: m }, Dm { day: d2, month: m });
            out.push((
                e,
                Expr::DayRange {
                    a,
                    a_year: None,
                    b,
                    year,
                },
            ));
        }
    }

    /// [يوم] [weekday [الموافق]] D [من] M [year]; D من الشهر الجاري; numeric dates.
    fn r_day(&self, i: usize, out: &mut Vec<(usize, Expr)>) {
        let mut j = self.opt(i, Dk::DayWord);
        if let Some(h) = self.hit(j, Dk::Weekday) {
            j = self.opt(h.end, Dk::Link);
        }
        let Some((k, day, num)) = self.day(j, false) else {
            return;
        };
        // «الأسبوع الأول من أكتوبر»: an ordinal after a definite noun is its adjective.
        let after_noun = j == i
            && i > 0
            && !self.t[i].glued
            && self.t[i - 1].kind == TokKind::Word
            && self.t[i - 1].key.starts_with(ARTICLE);
        if after_noun && !num {
            return;
        }
        let of = self.end(k, Dk::Of);
        if of.is_none() && !num {
            return;
        }
        let o = of.unwrap_or(k);
        if let Some((e, month, year)) = self.month_full(o, true, true) {
            out.push((
                e,
                Expr::Day {
                    dm: Dm { day, month },
                    year,
                },
            ));
        } else if let Some((e, k)) = self.rel_month(o) {
            out.push((e, Expr::DayRelMonth { day, k }));
        }
    }

    /// 11/7/2025, 11-7-2025, 2025-07-11, 2025/7/11.
    fn r_numeric(&self, i: usize, out: &mut Vec<(usize, Expr)>) {
        let t = &self.t[i..self.t.len().min(i + 5)];
        if t.len() < 5 || !(t[0].is_num() && t[2].is_num() && t[4].is_num()) {
            return;
        }
        let sep = &t[1].key;
        if !(t[1].is_punct("/-.") && t[3].key == *sep && t[1..].iter().all(|x| x.glued)) {
            return;
        }
        let n = |x: &Token| x.key.parse::<u64>().ok();
        let (Some(a), Some(b), Some(c)) = (n(&t[0]), n(&t[2]), n(&t[4])) else {
            return;
        };
        let ymd = if t[0].key.len() == 4 && t[2].key.len() <= 2 && t[4].key.len() <= 2 {
            (a, b, c)
        } else if t[0].key.len() <= 2 && t[2].key.len() <= 2 && t[4].key.len() == 4 {
            (c, b, a)
        } else {
            return;
        };
        if year_ok(ymd.0)
            && ymd.1 <= 12
            && ymd.2 <= 31
            && CalendarValue::day(ymd.0 as i32, ymd.1 as u8, ymd.2 as u8).is_some()
        {
            let dm = Dm {
                day: ymd.2 as u8,
                month: ymd.1 as u8,
            };
            out.push((
                i + 5,
                Expr::Day {
                    dm,
                    year: YearRef::Explicit(ymd.0 as i32),
                },
            ));
        }
    }

    /// [مطلع] [شهر] month [year | relative].
    fn r_month(&self, i: usize, out: &mut Vec<(usize, Expr)>) {
        let (j, part) = match self.end(i, Dk::Part) {
            Some(j) => (j, true),
            None => (i, false),
        };
        if let Some((e, month, year)) = self.month_full(j, part, false) {
            out.push((e, Expr::Month { month, year }));
        }
    }

    /// [مطلع] عام 2019; مطلع 2019; (في) 2024.
    fn r_year(&self, i: usize, out: &mut Vec<(usize, Expr)>) {
        let (j, part) = match self.end(i, Dk::Part) {
            Some(j) => (j, true),
            None => (i, false),
        };
        if let Some((e, y)) = self.year_with_word(j) {
            out.push((e, Expr::Year(y)));
        } else if let Some(y) = self.year_num(j) {
            let duration = self.hit(j + 1, Dk::Duration).is_some();
            if !duration && (part || self.prev_is(i, &[Dk::Prep])) {
                out.push((j + 1, Expr::Year(y)));
            }
        }
    }

    /// خريف العام الماضي / خريف 2024; الصيف الماضي; هذا الصيف.
    fn r_season(&self, i: usize, out: &mut Vec<(usize, Expr)>) {
        let j = self.opt(i, Dk::Part);
        if let Some(h) = self.hit(j, Dk::Season) {
            let season = self.val(h) as u8;
            let k = self.opt(h.end, Dk::Of);
            let year = if let Some((e, y)) = self.year_opt_word(k) {
                Some((e, YearRef::Explicit(y)))
            } else {
                self.rel_year(k).map(|(e, r)| (e, YearRef::Rel(r)))
            };
            if let Some((e, year)) = year {
                out.push((e, Expr::Season { season, year }));
            }
        }
        if let Some(h) = self.hit(j, Dk::SeasonDef) {
            if let Some(d) = self.hit(h.end, Dk::Dir) {
                let year = match self.val(d) {
                    -1 => YearRef::Past,
                    0 => YearRef::Missing,
                    _ => YearRef::Next,
                };
                out.push((
                    d.end,
                    Expr::Season {
                        season: self.val(h) as u8,
                        year,
                    },
                ));
            }
        }
        if let Some(k) = self.end(j, Dk::This) {
            if let Some(h) = self.hit(k, Dk::SeasonDef) {
                let season = self.val(h) as u8;
                out.push((
                    h.end,
                    Expr::Season {
                        season,
                        year: YearRef::Missing,
                    },
                ));
            }
        }
    }

    /// [مساء] [يوم] اليوم/أمس/غدا [weekday].
    fn r_relday(&self, i: usize, out: &mut Vec<(usize, Expr)>) {
        let j = self.opt(i, Dk::DayPart);
        // «يوم غد» is an entry of its own; «يوم أمس» is يوم + أمس.
        let Some(h) = self
            .hit(j, Dk::RelDay)
            .or_else(|| self.hit(self.end(j, Dk::DayWord)?, Dk::RelDay))
        else {
            return;
        };
        let mut e = h.end;
        if let Some(w) = self.hit(e, Dk::Weekday) {
            e = w.end;
        } else if let Some(t) = self.tok(e) {
            // «اليوم السابع», «اليوم الوطني»: a definite word after it makes it "the day".
            if t.kind == TokKind::Word && t.key.starts_with(ARTICLE) && !t.newline {
                return;
            }
        }
        out.push((e, Expr::RelDay(self.val(h))));
    }

    /// [مساء] [يوم] الجمعة [الماضي/المقبل].
    fn r_weekday(&self, i: usize, out: &mut Vec<(usize, Expr)>) {
        let j = self.opt(i, Dk::DayPart);
        let dp = j > i;
        let k = self.opt(j, Dk::DayWord);
        let dw = k > j;
        let Some(h) = self.hit(k, Dk::Weekday) else {
            return;
        };
        let (e, dir) = match self.hit(h.end, Dk::Dir) {
            Some(d) => (d.end, Some(self.val(d) as i8)),
            None => (h.end, None),
        };
        let flags = self.lx.get(h).flags;
        if flags & CTX != 0
            && !(dp || dw || dir.is_some() || self.prev_is(i, &[Dk::Prep, Dk::RelDay]))
        {
            return;
        }
        let wd = self.val(h) as u8;
        out.push((
            e,
            Expr::Weekday {
                wd,
                dir: dir.unwrap_or(0),
            },
        ));
    }

    /// هذا الأسبوع; الشهر الماضي; العام المقبل; مطلع العام.
    fn r_rel_unit(&self, i: usize, out: &mut Vec<(usize, Expr)>) {
        let (j, part) = match self.end(i, Dk::Part) {
            Some(j) => (j, true),
            None => (i, false),
        };
        if let Some(k) = self.end(j, Dk::This) {
            if let Some(h) = self.hit(k, Dk::Unit) {
                out.push((
                    h.end,
                    Expr::Rel {
                        unit: self.val(h) as u8,
                        k: 0,
                    },
                ));
            }
        }
        if let Some(h) = self.hit(j, Dk::Unit) {
            let unit = self.val(h) as u8;
            if let Some(d) = self.hit(h.end, Dk::Dir) {
                out.push((
                    d.end,
                    Expr::Rel {
                        unit,
                        k: self.val(d) as i32,
                    },
                ));
            } else if part {
                out.push((h.end, Expr::Rel { unit, k: 0 }));
            }
        }
    }

    /// The longest expression starting at token i.
    fn parse_at(&self, i: usize) -> Option<(usize, Expr)> {
        let mut out = Vec::new();
        self.r_range(i, &mut out);
        self.r_pair(i, &mut out);
        self.r_bare_range(i, &mut out);
        self.r_day(i, &mut out);
        self.r_numeric(i, &mut out);
        self.r_month(i, &mut out);
        self.r_year(i, &mut out);
        self.r_season(i, &mut out);
        self.r_relday(i, &mut out);
        self.r_weekday(i, &mut out);
        self.r_rel_unit(i, &mut out);
        let mut best: Option<(usize, Expr)> = None;
        for (e, x) in out {
            if best.is_none_or(|(b, _)| e > b) {
                best = Some((e, x));
            }
        }
        best
    }

    /// Letters of token i's proclitic (outside the span).
    fn lead_skip(&self, i: usize) -> usize {
        best(&self.hits[i], |_| true).map_or(0, |h| h.skip)
    }
}

// ───────────────────────────── calendar arithmetic ─────────────────────────────

/// Days since 1970-01-01 (proleptic Gregorian).
fn to_days(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

/// ISO weekday, Monday = 1 … Sunday = 7.
fn weekday_of(days: i64) -> u8 {
    ((days + 3).rem_euclid(7) + 1) as u8
}

fn day_value(days: i64) -> CalendarValue {
    let (year, month, day) = from_days(days);
    CalendarValue::Day { year, month, day }
}

fn bounds_days(v: DateValue) -> (i64, i64) {
    let (a, b) = match v {
        DateValue::Point(x) => x.bounds(),
        DateValue::Range(x, y) => (x.bounds().0, y.bounds().1),
    };
    (to_days(a.0, a.1, a.2), to_days(b.0, b.1, b.2))
}

fn season_of(s: u8) -> Season {
    match s {
        0 => Season::Spring,
        1 => Season::Summer,
        2 => Season::Autumn,
        _ => Season::Winter,
    }
}

/// Index of the season containing a day, counting seasons (year × 4 + season code).
fn season_index(y: i32, m: u8) -> i64 {
    let (y, s) = match m {
        3..=5 => (y, 0),
        6..=8 => (y, 1),
        9..=11 => (y, 2),
        12 => (y, 3),
        _ => (y - 1, 3),
    };
    i64::from(y) * 4 + s
}

/// Month `m` of year `y` shifted by `k` months.
fn add_months(y: i32, m: u8, k: i32) -> (i32, u8) {
    let n = y * 12 + i32::from(m) - 1 + k;
    (n.div_euclid(12), (n.rem_euclid(12) + 1) as u8)
}

/// The publication day.
#[derive(Debug, Clone, Copy)]
struct Pub {
    y: i32,
    m: u8,
    days: i64,
}

/// The year a month reference stands for, when it does not depend on the day (None: missing).
fn fixed_year(year: YearRef, month: u8, p: &Pub) -> Option<i32> {
    match year {
        YearRef::Explicit(y) => Some(y),
        YearRef::Rel(k) => Some(p.y + k),
        YearRef::Past => Some(if month < p.m { p.y } else { p.y - 1 }),
        YearRef::Next => Some(if month > p.m { p.y } else { p.y + 1 }),
        YearRef::Missing => None,
    }
}

/// Readings of a value whose year the text leaves open (see the module doc).
fn nearest(
    p: &Pub,
    make: impl Fn(i32) -> Option<DateValue>,
) -> (Option<DateValue>, Option<DateValue>) {
    let cands: Vec<(DateValue, i64, i64)> = (p.y - 1..=p.y + 1)
        .filter_map(&make)
        .map(|v| {
            let (s, e) = bounds_days(v);
            (v, s, e)
        })
        .collect();
    let prev = cands.iter().rev().find(|c| c.1 <= p.days);
    let next = cands.iter().find(|c| c.2 >= p.days);
    let dist = |c: &(DateValue, i64, i64)| (c.1 - p.days).max(p.days - c.2).max(0);
    const HALF_YEAR: i64 = 183;
    let past = match (prev, next) {
        (Some(a), Some(b)) if dist(a) > HALF_YEAR && dist(b) <= HALF_YEAR => Some(b),
        (Some(a), _) => Some(a),
        (None, b) => b,
    };
    (past.map(|c| c.0), next.or(prev).map(|c| c.0))
}

fn same(v: Option<DateValue>) -> (Option<DateValue>, Option<DateValue>) {
    (v, v)
}

fn point(v: Option<CalendarValue>) -> Option<DateValue> {
    v.map(DateValue::Point)
}

fn range(a: Option<CalendarValue>, b: Option<CalendarValue>) -> Option<DateValue> {
    Some(DateValue::Range(a?, b?))
}

fn day_in(y: i32, dm: Dm) -> Option<CalendarValue> {
    CalendarValue::day(y, dm.month, dm.day)
}

/// A day range ending in year `yb`; the start is in `a_year`, or the year before if its month
/// and day come after the end's.
fn day_range(a: Dm, a_year: Option<i32>, b: Dm, yb: i32) -> Option<DateValue> {
    let ya = a_year.unwrap_or(if (a.month, a.day) > (b.month, b.day) {
        yb - 1
    } else {
        yb
    });
    range(day_in(ya, a), day_in(yb, b))
}

fn month_range(a: u8, a_year: Option<i32>, b: u8, yb: i32) -> Option<DateValue> {
    let ya = a_year.unwrap_or(if a > b { yb - 1 } else { yb });
    Some(DateValue::Range(
        CalendarValue::Month { year: ya, month: a },
        CalendarValue::Month { year: yb, month: b },
    ))
}

impl Expr {
    /// Does the value depend on the publication date?
    fn relative(&self) -> bool {
        match *self {
            Expr::Day { year, .. }
            | Expr::Month { year, .. }
            | Expr::DayRange { year, .. }
            | Expr::MonthRange { year, .. }
            | Expr::Season { year, .. } => !matches!(year, YearRef::Explicit(_)),
            Expr::Year(_) | Expr::YearRange(..) => false,
            _ => true,
        }
    }

    /// (past, future) readings; `None` if the value needs a publication day that is unknown.
    fn resolve(&self, p: Option<&Pub>) -> (Option<DateValue>, Option<DateValue>) {
        if !self.relative() {
            // Explicit years: the publication date plays no part.
            let p = Pub {
                y: 0,
                m: 1,
                days: 0,
            };
            return self.resolve_with(&p);
        }
        match p {
            Some(p) => self.resolve_with(p),
            None => (None, None),
        }
    }

    fn resolve_with(&self, p: &Pub) -> (Option<DateValue>, Option<DateValue>) {
        match *self {
            Expr::Day { dm, year } => match fixed_year(year, dm.month, p) {
                Some(y) => same(point(day_in(y, dm))),
                None => nearest(p, |y| point(day_in(y, dm))),
            },
            Expr::DayRelMonth { day, k } => {
                let (y, m) = add_months(p.y, p.m, k);
                same(point(CalendarValue::day(y, m, day)))
            }
            Expr::Month { month, year } => {
                let v = |y| Some(DateValue::Point(CalendarValue::Month { year: y, month }));
                match fixed_year(year, month, p) {
                    Some(y) => same(v(y)),
                    None => nearest(p, v),
                }
            }
            Expr::DayRange { a, a_year, b, year } => match fixed_year(year, b.month, p) {
                Some(y) => same(day_range(a, a_year, b, y)),
                None => nearest(p, |y| day_range(a, a_year, b, y)),
            },
            Expr::MonthRange { a, a_year, b, year } => match fixed_year(year, b, p) {
                Some(y) => same(month_range(a, a_year, b, y)),
                None => nearest(p, |y| month_range(a, a_year, b, y)),
            },
            Expr::Year(year) => same(Some(DateValue::Point(CalendarValue::Year { year }))),
            Expr::YearRange(a, b) => same(Some(DateValue::Range(
                CalendarValue::Year { year: a },
                CalendarValue::Year { year: b },
            ))),
            Expr::Season { season, year } => {
                let at = |idx: i64| {
                    let year = idx.div_euclid(4) as i32;
                    let season = season_of(idx.rem_euclid(4) as u8);
                    Some(DateValue::Point(CalendarValue::Season { year, season }))
                };
                let cur = season_index(p.y, p.m);
                let s = i64::from(season);
                // The same season in the year of the current one, then stepped by whole years.
                let base = cur.div_euclid(4) * 4 + s;
                let idx = match year {
                    YearRef::Explicit(y) => i64::from(y) * 4 + s,
                    YearRef::Rel(k) => i64::from(p.y + k) * 4 + s,
                    YearRef::Past => {
                        if base < cur {
                            base
                        } else {
                            base - 4
                        }
                    }
                    YearRef::Next => {
                        if base > cur {
                            base
                        } else {
                            base + 4
                        }
                    }
                    YearRef::Missing => {
                        // Nearest occurrence; a tie goes to the coming one.
                        [base - 4, base, base + 4]
                            .into_iter()
                            .min_by_key(|&x| ((x - cur).abs(), x < cur))
                            .unwrap_or(base)
                    }
                };
                same(at(idx))
            }
            Expr::RelDay(k) => same(Some(DateValue::Point(day_value(p.days + k)))),
            Expr::Weekday { wd, dir } => {
                let (back, fwd) = weekday_steps(p.days, wd, dir);
                match dir {
                    -1 => same(Some(DateValue::Point(day_value(p.days - back)))),
                    1 => same(Some(DateValue::Point(day_value(p.days + fwd)))),
                    _ => (
                        Some(DateValue::Point(day_value(p.days - back))),
                        Some(DateValue::Point(day_value(p.days + fwd))),
                    ),
                }
            }
            Expr::WeekdayPair { a, b, dir } => {
                let (back, fwd) = weekday_steps(p.days, a, dir);
                let gap = i64::from(b) - i64::from(a);
                let pair = |start: i64| {
                    Some(DateValue::Range(
                        day_value(start),
                        day_value(start + gap.rem_euclid(7)),
                    ))
                };
                match dir {
                    -1 => same(pair(p.days - back)),
                    1 => same(pair(p.days + fwd)),
                    _ => (pair(p.days - back), pair(p.days + fwd)),
                }
            }
            Expr::Rel { unit, k } => same(Some(match unit {
                0 => {
                    let monday = p.days - i64::from(weekday_of(p.days) - 1) + 7 * i64::from(k);
                    DateValue::Range(day_value(monday), day_value(monday + 6))
                }
                1 => {
                    let (year, month) = add_months(p.y, p.m, k);
                    DateValue::Point(CalendarValue::Month { year, month })
                }
                _ => DateValue::Point(CalendarValue::Year { year: p.y + k }),
            })),
        }
    }
}

/// Days back to the latest and forward to the next weekday `wd` (strictly, when `dir` says so).
fn weekday_steps(days: i64, wd: u8, dir: i8) -> (i64, i64) {
    let pw = i64::from(weekday_of(days));
    let wd = i64::from(wd);
    let mut back = (pw - wd).rem_euclid(7);
    let mut fwd = (wd - pw).rem_euclid(7);
    if dir == -1 && back == 0 {
        back = 7;
    }
    if dir == 1 && fwd == 0 {
        fwd = 7;
    }
    (back, fwd)
}

// ───────────────────────────── entry point ─────────────────────────────

/// Finds the date expressions of a clean layer, sorted by span, non-overlapping (the longest
/// expression starting leftmost wins). `published` (a day) resolves relative expressions;
/// without it they are returned with `relative = true` and no readings.
pub fn find_dates(
    text: &Layer,
    published: Option<CalendarValue>,
    lx: &DateLexicon,
) -> Vec<DateMention> {
    let toks = tokenize(text);
    let p = Parser::new(&toks, &lx.idx);
    let pubday = match published {
        Some(CalendarValue::Day { year, month, day }) => Some(Pub {
            y: year,
            m: month,
            days: to_days(year, month, day),
        }),
        _ => None,
    };
    // Phrases that look like dates and are not (outlet names).
    let mut blocked = vec![false; toks.len()];
    for i in 0..toks.len() {
        if let Some(h) = p.hit(i, Dk::Block) {
            blocked[i..h.end].iter_mut().for_each(|b| *b = true);
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match p.parse_at(i) {
            Some((end, expr)) if !blocked[i..end].iter().any(|&b| b) => {
                let (past, future) = expr.resolve(pubday.as_ref());
                let resolvable = !expr.relative() || pubday.is_some();
                if resolvable && past.is_none() && future.is_none() {
                    // No such day («31 أبريل 2025»): not a date.
                    i += 1;
                    continue;
                }
                let start = start_after(text.chars(), &toks[i], p.lead_skip(i));
                out.push(DateMention {
                    span: Span::new(start, toks[end - 1].end),
                    past,
                    future,
                    relative: expr.relative(),
                });
                i = end;
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::clean;

    fn lx() -> &'static DateLexicon {
        static LX: std::sync::OnceLock<DateLexicon> = std::sync::OnceLock::new();
        LX.get_or_init(DateLexicon::load)
    }

    fn day(y: i32, m: u8, d: u8) -> CalendarValue {
        CalendarValue::day(y, m, d).unwrap()
    }
    fn month(year: i32, month: u8) -> DateValue {
        DateValue::Point(CalendarValue::Month { year, month })
    }
    fn pday(y: i32, m: u8, d: u8) -> DateValue {
        DateValue::Point(day(y, m, d))
    }
    fn drange(a: (i32, u8, u8), b: (i32, u8, u8)) -> DateValue {
        DateValue::Range(day(a.0, a.1, a.2), day(b.0, b.1, b.2))
    }

    /// Dates of a sentence, with their quoted text.
    fn run(s: &str, published: Option<(i32, u8, u8)>) -> Vec<(String, DateMention)> {
        let c = clean(s);
        let p = published.map(|(y, m, d)| day(y, m, d));
        find_dates(&c, p, lx())
            .into_iter()
            .map(|m| (c.slice(m.span), m))
            .collect()
    }

    /// The single date of a sentence (panics otherwise); both readings must agree.
    fn one(s: &str, published: Option<(i32, u8, u8)>) -> (String, DateValue) {
        let v = run(s, published);
        assert_eq!(v.len(), 1, "{s}: {v:?}");
        let (q, m) = v.into_iter().next().unwrap();
        assert_eq!(m.past, m.future, "{s}: {m:?}");
        (q, m.past.unwrap_or_else(|| panic!("{s}: unresolved")))
    }

    fn value(s: &str, published: Option<(i32, u8, u8)>) -> DateValue {
        one(s, published).1
    }

    const PUB: Option<(i32, u8, u8)> = Some((2025, 7, 9));

    #[test]
    fn lexicon_loads() {
        let lx = DateLexicon::load();
        assert!(lx.idx.entries.len() > 100);
        assert!(DateLexicon::try_load().is_ok());
    }

    #[test]
    fn calendar_arithmetic() {
        assert_eq!(to_days(1970, 1, 1), 0);
        assert_eq!(from_days(to_days(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(from_days(to_days(1999, 12, 31) + 1), (2000, 1, 1));
        assert_eq!(weekday_of(to_days(2025, 7, 9)), 3); // a Wednesday
    }

    #[test]
    fn absolute_days() {
        assert_eq!(value("وصل في 11 يوليو 2025 إلى", None), pday(2025, 7, 11));
        let (q, v) = one("وقال في 17 كانون الثاني 2025 إن", None);
        assert_eq!((q.as_str(), v), ("17 كانون الثاني 2025", pday(2025, 1, 17)));
        assert_eq!(value("في 11 يوليو", PUB), pday(2025, 7, 11));
        assert_eq!(value("في 3 تشرين الأول 2023", None), pday(2023, 10, 3));
        assert_eq!(value("في 3 كانون الأول 2023", None), pday(2023, 12, 3));
        assert_eq!(value("السابع من سبتمبر 2024", None), pday(2024, 9, 7));
        assert_eq!(
            value("الحادي والثلاثين من ديسمبر 2024", None),
            pday(2024, 12, 31)
        );
        assert_eq!(value("في الثالث عشر من آب 2024", None), pday(2024, 8, 13));
        assert_eq!(value("يوم 5 مايو 2018", None), pday(2018, 5, 5));
        assert_eq!(
            value("الخميس الموافق 10 يوليو 2025", None),
            pday(2025, 7, 10)
        );
        assert_eq!(value("بتاريخ 11/7/2025", None), pday(2025, 7, 11));
        assert_eq!(value("نُشر 2025-07-11", None), pday(2025, 7, 11));
        // Diacritics, shadda and hamza spellings.
        assert_eq!(value("في 4 تمّوز 2019", None), pday(2019, 7, 4));
        assert_eq!(value("في 4 أيّار 2019", None), pday(2019, 5, 4));
        assert_eq!(value("في 4 إبريل 2019", None), pday(2019, 4, 4));
        assert_eq!(value("في 4 ابريل 2019", None), pday(2019, 4, 4));
        assert_eq!(value("في 4 يونيه 2019", None), pday(2019, 6, 4));
        assert_eq!(value("في 4 جويلية 2019", None), pday(2019, 7, 4));
        assert_eq!(value("في 4 شتنبر 2019", None), pday(2019, 9, 4));
        assert_eq!(value("في 4 ماي 2019", None), pday(2019, 5, 4));
    }

    #[test]
    fn months_and_years() {
        assert_eq!(value("في يوليو 2025", None), month(2025, 7));
        assert_eq!(value("منذ نوفمبر 2024", None), month(2024, 11));
        assert_eq!(value("مايو 2018", None), month(2018, 5));
        let (q, v) = one("في نيسان/أبريل 2019", None);
        assert_eq!((q.as_str(), v), ("نيسان/أبريل 2019", month(2019, 4)));
        assert_eq!(value("في يوليو (تموز) 2019", None), month(2019, 7));
        assert_eq!(value("في تموز/يوليو 2019", None), month(2019, 7));
        assert_eq!(value("ماي 2019", None), month(2019, 5));
        assert_eq!(value("في مارس من العام الماضي", PUB), month(2024, 3));
        let year = |year| DateValue::Point(CalendarValue::Year { year });
        let (q, v) = one("منذ عام 2019", None);
        assert_eq!((q.as_str(), v), ("عام 2019", year(2019)));
        assert_eq!(value("في 2024", None), year(2024));
        assert_eq!(value("وفي العام 2019", None), year(2019));
        assert_eq!(value("بحلول مطلع 2030", None), year(2030));
        let years = DateValue::Range(
            CalendarValue::Year { year: 2019 },
            CalendarValue::Year { year: 2021 },
        );
        assert_eq!(value("بين عامي 2019 و2021", None), years);
        assert_eq!(value("من 2019 إلى 2021", None), years);
    }

    #[test]
    fn ranges() {
        let s = "من المقرر أن يزور لافروف كوريا الشمالية في الفترة من 11 إلى 13 يوليو لإجراء محادثات";
        let (q, v) = one(s, PUB);
        assert_eq!(q, "من 11 إلى 13 يوليو");
        assert_eq!(v, drange((2025, 7, 11), (2025, 7, 13)));
        let r = drange((2025, 7, 11), (2025, 7, 13));
        assert_eq!(value("من 11 يوليو حتى 13 يوليو", PUB), r);
        assert_eq!(value("بين 11 و13 يوليو", PUB), r);
        assert_eq!(value("بين 11 و 13 يوليو", PUB), r);
        assert_eq!(value("خلال 11-13 يوليو", PUB), r);
        assert_eq!(value("خلال 11 - 13 يوليو 2025", None), r);
        let (q, v) = one("يومي 14 و15 يوليو 2025", None);
        assert_eq!(q, "يومي 14 و15 يوليو 2025");
        assert_eq!(v, drange((2025, 7, 14), (2025, 7, 15)));
        let s = "بين الثامن والثالث عشر من تشرين الأول/أكتوبر الجاري";
        let (q, v) = one(s, Some((2024, 10, 24)));
        assert_eq!(q, s);
        assert_eq!(v, drange((2024, 10, 8), (2024, 10, 13)));
        let s = "في الفترة بين السابع من سبتمبر والأول من أكتوبر 2024";
        assert_eq!(value(s, None), drange((2024, 9, 7), (2024, 10, 1)));
        let s = "من 28 ديسمبر إلى 3 يناير 2025";
        assert_eq!(value(s, None), drange((2024, 12, 28), (2025, 1, 3)));
        let months = DateValue::Range(
            CalendarValue::Month {
                year: 2025,
                month: 1,
            },
            CalendarValue::Month {
                year: 2025,
                month: 3,
            },
        );
        assert_eq!(value("من يناير إلى مارس 2025", None), months);
    }

    #[test]
    fn missing_year_readings() {
        // Nearest occurrence; a past-tense reading may be the previous one.
        let v = run("في يونيو", PUB);
        assert_eq!(v[0].1.past, Some(month(2025, 6)));
        assert_eq!(v[0].1.future, Some(month(2026, 6)));
        assert!(v[0].1.relative);
        assert_eq!(value("يونيو الماضي", PUB), month(2025, 6));
        assert_eq!(value("في أبريل الماضي", PUB), month(2025, 4));
        assert_eq!(value("في يوليو الماضي", PUB), month(2024, 7));
        assert_eq!(value("يونيو المقبل", PUB), month(2026, 6));
        assert_eq!(value("في كانون الأول/ديسمبر المقبل", PUB), month(2025, 12));
        assert_eq!(value("يوليو الجاري", PUB), month(2025, 7));
        assert_eq!(value("في 20 يونيو الماضي", PUB), pday(2025, 6, 20));
        // Without a publication date: found, relative, unresolved.
        let v = run("في 11 يوليو", None);
        assert_eq!(v.len(), 1);
        assert_eq!(
            (v[0].1.past, v[0].1.future, v[0].1.relative),
            (None, None, true)
        );
    }

    #[test]
    fn relative_days_and_weekdays() {
        assert_eq!(value("أمس الأربعاء", Some((2023, 9, 14))), pday(2023, 9, 13));
        let (q, v) = one("وقال اليوم الخميس إن", Some((2023, 9, 14)));
        assert_eq!((q.as_str(), v), ("اليوم الخميس", pday(2023, 9, 14)));
        assert_eq!(value("بالأمس", PUB), pday(2025, 7, 8));
        assert_eq!(value("أول أمس", PUB), pday(2025, 7, 7));
        assert_eq!(value("غداً", PUB), pday(2025, 7, 10));
        assert_eq!(value("بعد غد", PUB), pday(2025, 7, 11));
        assert_eq!(value("وسيغادر يوم غد", PUB), pday(2025, 7, 10));
        assert_eq!(value("يوم أمس", PUB), pday(2025, 7, 8));
        assert_eq!(value("مساء أمس", PUB), pday(2025, 7, 8));
        let v = run("يوم الجمعة", PUB);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].1.past, Some(pday(2025, 7, 4)));
        assert_eq!(v[0].1.future, Some(pday(2025, 7, 11)));
        let v = run("الأربعاء", PUB);
        assert_eq!(
            (v[0].1.past, v[0].1.future),
            (Some(pday(2025, 7, 9)), Some(pday(2025, 7, 9)))
        );
        assert_eq!(value("الجمعة الماضية", PUB), pday(2025, 7, 4));
        assert_eq!(value("الأربعاء الماضي", PUB), pday(2025, 7, 2));
        assert_eq!(value("الجمعة المقبل", PUB), pday(2025, 7, 11));
        let v = run("يوم الاثنين", PUB);
        assert_eq!(v[0].1.past, Some(pday(2025, 7, 7)));
        let v = run("يومي السبت والأحد", PUB);
        assert_eq!(v[0].1.future, Some(drange((2025, 7, 12), (2025, 7, 13))));
        let v = run("يومي الأحد والاثنين الماضيين", PUB);
        assert_eq!(v[0].1.past, Some(drange((2025, 7, 6), (2025, 7, 7))));
        assert_eq!(v[0].1.future, v[0].1.past);
    }

    #[test]
    fn relative_units_and_seasons() {
        assert_eq!(value("وكان آخرها الشهر الماضي", PUB), month(2025, 6));
        assert_eq!(value("هذا الشهر", PUB), month(2025, 7));
        assert_eq!(value("الشهر المنصرم", Some((2025, 1, 5))), month(2024, 12));
        assert_eq!(value("الشهر المقبل", Some((2025, 12, 5))), month(2026, 1));
        let year = |year| DateValue::Point(CalendarValue::Year { year });
        assert_eq!(value("في وقت سابق من هذا العام", PUB), year(2025));
        assert_eq!(value("العام الجاري", PUB), year(2025));
        assert_eq!(value("العام الماضي", PUB), year(2024));
        assert_eq!(value("السنة الماضية", PUB), year(2024));
        assert_eq!(value("للعام المقبل", PUB), year(2026));
        assert_eq!(value("مطلع العام", PUB), year(2025));
        assert_eq!(value("مطلع الشهر", PUB), month(2025, 7));
        assert_eq!(
            value("هذا الأسبوع", PUB),
            drange((2025, 7, 7), (2025, 7, 13))
        );
        assert_eq!(
            value("الأسبوع الماضي", PUB),
            drange((2025, 6, 30), (2025, 7, 6))
        );
        assert_eq!(value("في العشرين من الشهر الجاري", PUB), pday(2025, 7, 20));
        let season = |year, season| DateValue::Point(CalendarValue::Season { year, season });
        let (q, v) = one("في خريف العام الماضي", PUB);
        assert_eq!(
            (q.as_str(), v),
            ("خريف العام الماضي", season(2024, Season::Autumn))
        );
        assert_eq!(value("الصيف الماضي", PUB), season(2024, Season::Summer));
        assert_eq!(
            value("الصيف الماضي", Some((2025, 10, 1))),
            season(2025, Season::Summer)
        );
        assert_eq!(value("الشتاء المقبل", PUB), season(2025, Season::Winter));
        assert_eq!(value("ربيع 2024", None), season(2024, Season::Spring));
        assert_eq!(value("هذا الصيف", PUB), season(2025, Season::Summer));
    }

    #[test]
    fn traps_are_not_dates() {
        for s in [
            "نقلت صحيفة اليوم السابع",
            "وقالت المصري اليوم",
            "ذكرت قناة روسيا اليوم",
            "في اليوم الأول من الزيارة",
            "احتفالات يوم النصر",
            "أحد الجنود",
            "الفصل الأول والثاني",
            "قتل 20 جنديا",
            "منذ 20 عاما",
            "في الذكرى السبعين",
            "عام 1850",
            "مارس ضغوطا كبيرة",
            "فتح باب الحوار",
            "هو أب لثلاثة أطفال",
            "نحن بأمس الحاجة",
            "كلا الاثنين",
            "في ماي",
            "ماي فرند",
            "الربيع العربي",
            "يصل إلى 2000 جندي",
            "أكثر من 2000 جندي",
            "في 5 سنوات",
        ] {
            assert!(run(s, PUB).is_empty(), "{s}: {:?}", run(s, PUB));
        }
        // No such day: only the month is a date.
        let (q, v) = one("في 31 أبريل 2025", PUB);
        assert_eq!((q.as_str(), v), ("أبريل 2025", month(2025, 4)));
        // An ordinal after a definite noun is that noun's adjective, not a day.
        let (q, v) = one("في الأسبوع الأول من أكتوبر 2024", PUB);
        assert_eq!((q.as_str(), v), ("أكتوبر 2024", month(2024, 10)));
    }

    #[test]
    fn spans_exclude_clitics_and_prepositions() {
        let v = run("وفي 11 يوليو 2025 وصل، وبالأمس غادر", PUB);
        let q: Vec<&str> = v.iter().map(|(q, _)| q.as_str()).collect();
        assert_eq!(q, ["11 يوليو 2025", "الأمس"]);
        let (q, _) = one("وللعام المقبل", PUB);
        assert_eq!(q, "للعام المقبل");
        // Sorted and non-overlapping.
        assert!(v.windows(2).all(|w| w[0].1.span.end <= w[1].1.span.start));
    }

    /// Random strings of lexicon words, digits and marks: no panic, spans sorted, disjoint and
    /// inside the text (dates and figures alike).
    #[test]
    fn random_word_salad_is_safe() {
        let nl = crate::figures::NumberLexicon::load();
        let extra = [
            "1", "11", "2025", "10,000", "2.5", "-", "/", "(", ")", "و", "ب", "،", "\n",
        ];
        let words: Vec<String> = crate::embedded::LEXICON
            .iter()
            .filter(|(n, _)| *n == "dates.csv" || *n == "numbers.csv")
            .flat_map(|(_, t)| t.lines().filter(|l| !l.starts_with('#')))
            .filter_map(|l| l.split(',').nth(1).map(str::to_string))
            .chain(extra.map(String::from))
            .collect();
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut rnd = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let ok = |spans: &[Span], len: usize| {
            spans.windows(2).all(|w| w[0].end <= w[1].start)
                && spans.iter().all(|s| s.start < s.end && s.end <= len)
        };
        for _ in 0..2000 {
            let mut s = String::new();
            for _ in 0..1 + rnd(8) {
                s.push_str(&words[rnd(words.len())]);
                if rnd(3) > 0 {
                    s.push(' ');
                }
            }
            let c = clean(&s);
            for p in [None, Some(day(2024, 2, 29)), Some(day(2025, 1, 1))] {
                let spans: Vec<Span> = find_dates(&c, p, lx()).iter().map(|m| m.span).collect();
                assert!(ok(&spans, c.len()), "{s}");
            }
            let f = crate::figures::find_figures(&c, &nl);
            let spans: Vec<Span> = f.iter().map(|m| m.span).collect();
            assert!(ok(&spans, c.len()), "{s}");
        }
    }
}
