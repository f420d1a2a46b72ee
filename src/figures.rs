//! Figures (counts) in Arabic news text, read from the clean layer: «10,000», «2.5 مليون»,
//! «ستة آلاف وخمسمئة», «25 و30 ألف», dual nouns that say "two" («رحلتين»), bounds and
//! approximations («أكثر من 10 آلاف», «ما يصل إلى», «حوالي 11 ألف»), ranges («ما بين 25 و30 ألف»,
//! «من 10 إلى 12 ألفا», «10-12 ألف») and vague counts («آلاف»، «عشرات الآلاف»، «بضعة»).
//!
//! Semantics: an exact number has `min = max`; «حوالي X» too, with `approximate`; «أكثر من X»
//! sets only `min`, «ما يصل إلى X» only `max`; a range sets both (a scale word after the second
//! number spreads to the first: «بين 25 و30 ألف» = 25,000–30,000); vague counts have no bounds.
//! The span covers qualifier, number and scale word (not a leading proclitic).
//!
//! Numbers that belong to a date (found by [`crate::dates::find_dates`]: days, years, «عام 2019»),
//! percentages, times («10:30»), non-integral values and model numbers («F-16») are not figures.
//! Every word comes from `ontology/lexicon/numbers.csv`; this module holds the grammar only.

use crate::dates::{
    best, find_dates, start_after, tokenize, Clitic, DateLexicon, Hit, TokKind, Token, WordIndex,
};
use crate::text::{Layer, Span};

/// A count found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// Char span in the clean layer.
    pub span: Span,
    pub min: Option<u64>,
    pub max: Option<u64>,
    pub approximate: bool,
    /// An unquantified count («آلاف الجنود»): no bounds.
    pub vague: bool,
}

/// Kinds of `numbers.csv` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nk {
    Clitic,
    Number,
    Scale,
    Dual,
    Vague,
    Approx,
    ApproxPost,
    Min,
    Max,
    Between,
    From,
    To,
    And,
    Percent,
}

impl Nk {
    fn parse(s: &str) -> Option<Nk> {
        Some(match s {
            "clitic" => Nk::Clitic,
            "number" => Nk::Number,
            "scale" => Nk::Scale,
            "dual" => Nk::Dual,
            "vague" => Nk::Vague,
            "approx" => Nk::Approx,
            "approx_post" => Nk::ApproxPost,
            "min" => Nk::Min,
            "max" => Nk::Max,
            "between" => Nk::Between,
            "from" => Nk::From,
            "to" => Nk::To,
            "and" => Nk::And,
            "percent" => Nk::Percent,
            _ => return None,
        })
    }

    fn value(self, v: &str) -> Option<i64> {
        match self {
            Nk::Number | Nk::Scale | Nk::Dual => v.parse().ok().filter(|&n: &i64| n > 0),
            _ => v.is_empty().then_some(0),
        }
    }

    /// Which proclitics a word of this kind may carry; stems of two letters take none
    /// («لست» is "I am not", not ل + ست).
    fn allows(self, stem: &str, c: Clitic) -> bool {
        match c {
            Clitic::None => true,
            _ if stem.chars().count() < 3 => false,
            Clitic::Conj => !matches!(self, Nk::Scale | Nk::And | Nk::Percent | Nk::ApproxPost),
            Clitic::Prep => matches!(
                self,
                Nk::Number | Nk::Dual | Nk::Vague | Nk::Approx | Nk::Min | Nk::Max
            ),
        }
    }
}

/// The number words of `ontology/lexicon/numbers.csv` (and the date words, to leave dates out).
#[derive(Debug, Clone)]
pub struct NumberLexicon {
    idx: WordIndex<Nk>,
    dates: DateLexicon,
}

impl NumberLexicon {
    /// Loads the word lists compiled into the binary. Panics if a data file is broken (a
    /// build-time bug, caught by the tests).
    pub fn load() -> Self {
        Self::try_load().unwrap_or_else(|e| panic!("{e}"))
    }

    /// Loads and checks the word lists compiled into the binary.
    pub fn try_load() -> Result<Self, String> {
        let idx = WordIndex::load("numbers.csv", Nk::Clitic, Nk::parse, Nk::value)?;
        for k in [Nk::Number, Nk::Scale, Nk::And, Nk::Vague] {
            if !idx.has_kind(k) {
                return Err(format!("numbers.csv: no {k:?} rows"));
            }
        }
        Ok(NumberLexicon {
            idx,
            dates: DateLexicon::try_load()?,
        })
    }
}

/// An exact non-negative decimal: `num / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dec {
    num: u128,
    exp: u32,
}

impl Dec {
    fn int(n: u128) -> Dec {
        Dec { num: n, exp: 0 }
    }
    fn is_zero(self) -> bool {
        self.num == 0
    }
    fn align(self, other: Dec) -> (u128, u128, u32) {
        let e = self.exp.max(other.exp);
        let a = self.num.saturating_mul(10u128.pow(e - self.exp));
        let b = other.num.saturating_mul(10u128.pow(e - other.exp));
        (a, b, e)
    }
    fn add(self, other: Dec) -> Dec {
        let (a, b, exp) = self.align(other);
        Dec {
            num: a.saturating_add(b),
            exp,
        }
    }
    fn mul(self, k: u64) -> Dec {
        Dec {
            num: self.num.saturating_mul(u128::from(k)),
            exp: self.exp,
        }
    }
    fn le(self, other: Dec) -> bool {
        let (a, b, _) = self.align(other);
        a <= b
    }
    fn lt_int(self, k: u64) -> bool {
        !Dec::int(u128::from(k)).le(self)
    }
    /// The value if it is a whole number that fits.
    fn whole(self) -> Option<u64> {
        let d = 10u128.pow(self.exp);
        self.num
            .is_multiple_of(d)
            .then(|| u64::try_from(self.num / d).ok())
            .flatten()
    }
}

/// What the last part of a number was, to know what may follow «و».
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Digits,
    Unit,
    Teen,
    Tens,
    Hundreds,
    /// A scale word (or a number ≥ 1000) of this size was the last part.
    Scale(u64),
}

fn place_of(v: u64) -> Place {
    match v {
        0..=10 => Place::Unit,
        11..=19 => Place::Teen,
        20..=99 => Place::Tens,
        100..=999 => Place::Hundreds,
        _ => Place::Scale(10u64.pow(v.ilog10())),
    }
}

/// A number read from the text.
#[derive(Debug, Clone, Copy)]
struct Num {
    end: usize,
    value: Dec,
    /// The first scale word and the number before it («30 ألف»: 30 and 1000).
    scaled: Option<(Dec, u64)>,
}

struct Parser<'a> {
    chars: &'a [char],
    t: &'a [Token],
    lx: &'a WordIndex<Nk>,
    /// Tokens inside a date.
    blocked: Vec<bool>,
    /// Word-list hits at each token.
    hits: Vec<Vec<Hit>>,
}

impl Parser<'_> {
    fn tok(&self, i: usize) -> Option<&Token> {
        self.t.get(i)
    }
    fn free(&self, i: usize) -> bool {
        i < self.t.len() && !self.blocked[i]
    }
    fn hit(&self, i: usize, kinds: &[Nk]) -> Option<Hit> {
        if !self.free(i) {
            return None;
        }
        best(&self.hits[i], |h| kinds.contains(&self.kind(*h)))
    }
    fn val(&self, h: Hit) -> u64 {
        self.lx.get(h).value.unsigned_abs()
    }
    fn kind(&self, h: Hit) -> Nk {
        self.lx.get(h).kind
    }
    /// A standalone «و»: the index after it.
    fn conj(&self, i: usize) -> Option<usize> {
        let t = self.tok(i)?;
        (t.kind == TokKind::Word)
            .then(|| self.hit(i, &[Nk::And]))
            .flatten()
            .map(|h| h.end)
    }

    /// Digits with thousands separators or a decimal part: «10,000», «2.5», «2,5».
    fn digits(&self, i: usize) -> Option<(usize, Dec)> {
        let t = self.tok(i).filter(|t| t.is_num() && self.free(i))?;
        if t.glued && i > 0 {
            let p = &self.t[i - 1];
            // Model numbers and codes: «F-16», «G7», «كوفيد-19»; times and fractions.
            let latin = |t: &Token| {
                t.kind == TokKind::Word && t.key.chars().all(|c| c.is_ascii_alphabetic())
            };
            if latin(p) || p.is_punct(":/") {
                return None;
            }
            if p.is_punct("-") && i > 1 && self.t[i - 2].kind == TokKind::Word && p.glued {
                return None;
            }
        }
        let mut int = t.key.clone();
        let mut j = i + 1;
        let glued_num = |k: usize| {
            self.tok(k)
                .is_some_and(|x| x.is_num() && x.glued && self.free(k))
        };
        let glued_sep = |k: usize, s: &str| self.tok(k).is_some_and(|x| x.is_punct(s) && x.glued);
        while glued_sep(j, ",") && glued_num(j + 1) && self.t[j + 1].key.len() == 3 {
            int.push_str(&self.t[j + 1].key);
            j += 2;
        }
        let mut frac = String::new();
        if glued_sep(j, ".,") && glued_num(j + 1) {
            frac = self.t[j + 1].key.clone();
            j += 2;
        }
        // Times, dates and codes: «10:30», «24/7», «5G».
        if let Some(n) = self.tok(j).filter(|n| n.glued) {
            if n.is_punct(":/")
                || (n.kind == TokKind::Word && n.key.chars().all(|c| c.is_ascii_alphabetic()))
            {
                return None;
            }
        }
        if int.len() + frac.len() > 30 {
            return None;
        }
        let num: u128 = format!("{int}{frac}").parse().ok()?;
        Some((
            j,
            Dec {
                num,
                exp: frac.len() as u32,
            },
        ))
    }

    /// One term: digits or a number word (with «و» before it when `wa`).
    fn atom(&self, i: usize, wa: bool) -> Option<(usize, Dec, Place, Option<u64>)> {
        let mut i = i;
        if wa {
            match self.conj(i) {
                Some(j) => i = j,
                None => {
                    // The conjunction as a proclitic of a number word: «وخمسمئة».
                    let h = self
                        .hit(i, &[Nk::Number])
                        .filter(|h| h.clitic == Clitic::Conj)?;
                    let v = self.val(h);
                    return Some((h.end, Dec::int(u128::from(v)), place_of(v), None));
                }
            }
        }
        if let Some((e, d)) = self.digits(i) {
            return Some((e, d, Place::Digits, None));
        }
        let h = self.hit(i, &[Nk::Number])?;
        if wa && h.clitic != Clitic::None {
            return None;
        }
        let v = self.val(h);
        // The same word as a scale («ألف», «ألفا»): its size.
        let scale = best(&self.hits[i], |s| {
            self.kind(*s) == Nk::Scale && s.clitic == h.clitic && s.end == h.end
        })
        .map(|s| self.val(s))
        .filter(|&s| s >= 1000);
        Some((h.end, Dec::int(u128::from(v)), place_of(v), scale))
    }

    /// A number: digits or words, compound with «و», with scale words; with `wa`, after «و».
    fn number(&self, i: usize, wa: bool) -> Option<Num> {
        if !wa {
            if let Some(h) = self.hit(i, &[Nk::Dual]) {
                let v = Dec::int(u128::from(self.val(h)));
                return Some(Num {
                    end: h.end,
                    value: v,
                    scaled: None,
                });
            }
        }
        let (mut j, first, mut place, as_scale) = self.atom(i, wa)?;
        let (mut total, mut cur) = (Dec::int(0), first);
        // «ألفا وخمسمئة» = 1000 + 500: a scale word first, then «و» and a smaller number.
        if let Some(s) = as_scale {
            let smaller = self.atom(j, true).is_some_and(|(_, v, _, _)| v.lt_int(s));
            if smaller {
                total = Dec::int(u128::from(s));
                cur = Dec::int(0);
                place = Place::Scale(s);
            }
        }
        if let Place::Scale(s) = place {
            if !cur.is_zero() {
                total = cur;
                cur = Dec::int(0);
            }
            place = Place::Scale(s);
        }
        let mut scaled = None;
        loop {
            // A scale word after a number.
            if !cur.is_zero() {
                if let Some(h) = self
                    .hit(j, &[Nk::Scale])
                    .filter(|h| h.clitic == Clitic::None)
                {
                    let s = self.val(h);
                    let bigger_than_last = matches!(place, Place::Scale(p) if s >= p);
                    if s < 1000 {
                        // «ثلاث مئة»
                        if place == Place::Unit && cur.lt_int(10) {
                            cur = cur.mul(s);
                            place = Place::Hundreds;
                            j = h.end;
                            continue;
                        }
                        break;
                    }
                    if bigger_than_last {
                        break;
                    }
                    if scaled.is_none() {
                        scaled = Some((cur, s));
                    }
                    total = total.add(cur.mul(s));
                    cur = Dec::int(0);
                    place = Place::Scale(s);
                    j = h.end;
                    continue;
                }
            }
            // «و» and a smaller part.
            let Some((k, v, p2, _)) = self.atom(j, true) else {
                break;
            };
            let ok = match (place, p2) {
                (Place::Unit, Place::Tens) => true,
                (Place::Hundreds, Place::Unit | Place::Teen | Place::Tens) => true,
                (Place::Scale(s), _) => v.lt_int(s),
                _ => false,
            };
            if !ok {
                break;
            }
            // Not when a scale at least as big follows («10 آلاف و5 آلاف» are two numbers).
            if let (Place::Scale(s), Some(h)) = (place, self.hit(k, &[Nk::Scale])) {
                if self.val(h) >= s {
                    break;
                }
            }
            if let Place::Scale(_) = p2 {
                total = total.add(v);
            } else {
                cur = cur.add(v);
            }
            place = p2;
            j = k;
        }
        Some(Num {
            end: j,
            value: total.add(cur),
            scaled,
        })
    }

    /// The second end of a range after the first: «إلى Y», «-Y»; or «و Y» when `between`.
    fn second(&self, j: usize, between: bool) -> Option<Num> {
        if between {
            return self.number(j, true);
        }
        let s = match self.tok(j) {
            Some(t) if t.is_punct("-–—") => j + 1,
            _ => self.hit(j, &[Nk::To])?.end,
        };
        self.number(s, false)
    }

    /// A range's two ends; a scale after the second spreads to the first.
    fn range(a: Num, b: Num) -> (Dec, Dec) {
        let mut lo = a.value;
        if let (None, Some((raw, s))) = (a.scaled, b.scaled) {
            if lo.le(raw) {
                lo = lo.mul(s);
            }
        }
        (lo, b.value)
    }

    /// The figure starting at token i: (end, figure or `None` for a number that is not one).
    fn figure_at(&self, i: usize) -> Option<(usize, Option<Figure>)> {
        let lead = self.hit(i, &[Nk::Between, Nk::From, Nk::Approx, Nk::Min, Nk::Max]);
        let mut fig = Figure {
            span: Span::new(0, 0),
            min: None,
            max: None,
            approximate: false,
            vague: false,
        };
        let (end, lo, hi) = match lead.map(|h| (h, self.kind(h))) {
            Some((h, k @ (Nk::Between | Nk::From))) => {
                let a = self.number(h.end, false)?;
                let b = self.second(a.end, k == Nk::Between)?;
                let (lo, hi) = Self::range(a, b);
                (b.end, Some(lo), Some(hi))
            }
            Some((h, k)) => {
                let a = self.number(h.end, false)?;
                fig.approximate = k == Nk::Approx;
                if let Some(b) = self.second(a.end, false) {
                    let (lo, hi) = Self::range(a, b);
                    (b.end, Some(lo), Some(hi))
                } else {
                    let v = Some(a.value);
                    match k {
                        Nk::Min => (a.end, v, None),
                        Nk::Max => (a.end, None, v),
                        _ => (a.end, v, v),
                    }
                }
            }
            None => {
                if let Some(a) = self.number(i, false) {
                    match self.second(a.end, false) {
                        Some(b) => {
                            let (lo, hi) = Self::range(a, b);
                            (b.end, Some(lo), Some(hi))
                        }
                        None => (a.end, Some(a.value), Some(a.value)),
                    }
                } else {
                    let mut j = i;
                    while let Some(h) = self.hit(j, &[Nk::Vague]) {
                        j = h.end;
                    }
                    if j == i {
                        return None;
                    }
                    fig.vague = true;
                    (j, None, None)
                }
            }
        };
        let mut end = end;
        if let Some(h) = self.hit(end, &[Nk::ApproxPost]) {
            fig.approximate = true;
            end = h.end;
        }
        if let Some(h) = self.hit(end, &[Nk::Percent]) {
            return Some((h.end, None));
        }
        let whole = |d: Option<Dec>| d.map(|d| d.whole().ok_or(())).transpose();
        let (Ok(lo), Ok(hi)) = (whole(lo), whole(hi)) else {
            return Some((end, None));
        };
        fig.min = lo;
        fig.max = hi;
        // The span starts after the proclitic of the first word («وبنحو» → «نحو»).
        let skip = lead
            .or_else(|| self.hit(i, &[Nk::Number, Nk::Dual, Nk::Vague]))
            .map_or(0, |h| h.skip);
        let start = start_after(self.chars, &self.t[i], skip);
        fig.span = Span::new(start, self.t[end - 1].end);
        Some((end, Some(fig)))
    }
}

/// Finds the figures of a clean layer, sorted by span, non-overlapping.
pub fn find_figures(text: &Layer, lx: &NumberLexicon) -> Vec<Figure> {
    let toks = tokenize(text);
    let dates = find_dates(text, None, &lx.dates);
    let blocked = toks
        .iter()
        .map(|t| {
            dates
                .iter()
                .any(|d| t.start < d.span.end && d.span.start < t.end)
        })
        .collect();
    // Scale words are looked up with any clitic («وألفا وخمسمئة»); `Parser::hit` and the
    // number grammar decide where a clitic may stand.
    let hits = (0..toks.len())
        .map(|i| {
            lx.idx.find_all(&toks, i, |e, c| {
                e.kind == Nk::Scale || e.kind.allows(&e.words[0], c)
            })
        })
        .collect();
    let p = Parser {
        chars: text.chars(),
        t: &toks,
        lx: &lx.idx,
        blocked,
        hits,
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match p.figure_at(i) {
            Some((end, fig)) => {
                out.extend(fig);
                i = end.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::clean;

    fn lx() -> &'static NumberLexicon {
        static LX: std::sync::OnceLock<NumberLexicon> = std::sync::OnceLock::new();
        LX.get_or_init(NumberLexicon::load)
    }

    fn run(s: &str) -> Vec<(String, Figure)> {
        let c = clean(s);
        find_figures(&c, lx())
            .into_iter()
            .map(|f| (c.slice(f.span), f))
            .collect()
    }

    /// The single figure of a sentence: (quote, min, max, approximate, vague).
    fn one(s: &str) -> (String, Option<u64>, Option<u64>, bool, bool) {
        let v = run(s);
        assert_eq!(v.len(), 1, "{s}: {v:?}");
        let (q, f) = v.into_iter().next().unwrap();
        (q, f.min, f.max, f.approximate, f.vague)
    }

    fn exact(s: &str, n: u64) {
        let (q, lo, hi, approx, vague) = one(s);
        assert_eq!(
            (lo, hi, approx, vague),
            (Some(n), Some(n), false, false),
            "{s} «{q}»"
        );
    }

    #[test]
    fn lexicon_loads() {
        let lx = NumberLexicon::load();
        assert!(lx.idx.entries.len() > 100);
        assert!(NumberLexicon::try_load().is_ok());
    }

    #[test]
    fn digits() {
        exact("نشر 10,000 جندي", 10_000);
        exact("نشر 10000 جندي", 10_000);
        exact("نشر ٦٥٠٠ جندي", 6500);
        exact("بلغ ٢٫٥ مليون نسمة", 2_500_000);
        exact("2.5 مليون", 2_500_000);
        exact("15 ألف", 15_000);
        exact("6 آلاف مهندس", 6000);
        exact("10 آلاف", 10_000);
    }

    #[test]
    fn words() {
        exact("عشرة آلاف جندي", 10_000);
        exact("ثلاثة جنود", 3);
        exact("إحدى عشرة طائرة", 11);
        exact("اثني عشر صاروخا", 12);
        exact("ثلاثة عشر قتيلا", 13);
        exact("خمسة وعشرون شخصا", 25);
        exact("أربعمئة وأربعين", 440);
        exact("ثماني ساعات", 8);
        exact("ثلاث مئة", 300);
        exact("ثلاثمائة", 300);
        exact("مئتي جندي", 200);
        exact("ألفين", 2000);
        exact("ألفا جندي", 2000);
        exact("ثلاثين ألفاً", 30_000);
        exact("ألفا وخمسمئة جندي", 1500);
        exact("ستة آلاف وخمسمئة كيلومتر", 6500);
        exact("مئة وخمسون ألفا", 150_000);
        exact("ثلاثة ملايين وخمسمئة ألف", 3_500_000);
        exact("3 آلاف و500 جندي", 3500);
        let (q, ..) = one("قتل جنديين");
        assert_eq!(q, "جنديين");
    }

    #[test]
    fn bounds_and_ranges() {
        let (q, lo, hi, approx, _) = one("ما بين 25 و30 ألف جندي");
        assert_eq!(
            (q.as_str(), lo, hi, approx),
            ("ما بين 25 و30 ألف", Some(25_000), Some(30_000), false)
        );
        let (q, lo, hi, approx, _) = one("أرسلت حوالي 11 ألف جندي");
        assert_eq!(
            (q.as_str(), lo, hi, approx),
            ("حوالي 11 ألف", Some(11_000), Some(11_000), true)
        );
        let (_, lo, hi, ..) = one("أكثر من 10 آلاف جندي");
        assert_eq!((lo, hi), (Some(10_000), None));
        let (q, lo, hi, ..) = one("ما يصل إلى رحلتين أسبوعيًا");
        assert_eq!((q.as_str(), lo, hi), ("ما يصل إلى رحلتين", None, Some(2)));
        let (_, lo, hi, approx, _) = one("حوالي 10000 إلى 12000 جندي");
        assert_eq!((lo, hi, approx), (Some(10_000), Some(12_000), true));
        let (_, lo, hi, approx, _) = one("نحو ثلاثة آلاف");
        assert_eq!((lo, hi, approx), (Some(3000), Some(3000), true));
        let (_, lo, hi, ..) = one("أكثر من ألف حاوية");
        assert_eq!((lo, hi), (Some(1000), None));
        let (_, lo, _, approx, _) = one("نحو 600 منهم");
        assert_eq!((lo, approx), (Some(600), true));
        let (_, lo, _, approx, _) = one("قرابة 4100 آخرين");
        assert_eq!((lo, approx), (Some(4100), true));
        let (_, lo, hi, approx, _) = one("حوالي 4 آلاف جندي");
        assert_eq!((lo, hi, approx), (Some(4000), Some(4000), true));
        let (q, lo, hi, ..) = one("وبنحو 10 آلاف");
        assert_eq!(
            (q.as_str(), lo, hi),
            ("نحو 10 آلاف", Some(10_000), Some(10_000))
        );
        let (_, lo, hi, ..) = one("ما لا يقل عن 50 قتيلا");
        assert_eq!((lo, hi), (Some(50), None));
        let (_, lo, hi, ..) = one("أقل من 100");
        assert_eq!((lo, hi), (None, Some(100)));
        let (_, lo, hi, ..) = one("من 10 إلى 12 ألفا");
        assert_eq!((lo, hi), (Some(10_000), Some(12_000)));
        let (_, lo, hi, ..) = one("10-12 ألف");
        assert_eq!((lo, hi), (Some(10_000), Some(12_000)));
        let (_, lo, hi, approx, _) = one("10 آلاف جندي تقريبا");
        assert_eq!((lo, hi, approx), (Some(10_000), Some(10_000), false));
        let (_, _, _, approx, _) = one("10 آلاف تقريبا");
        assert!(approx);
        let (q, _, _, approx, _) = one("تقريباً 20 شخصا");
        assert_eq!((q.as_str(), approx), ("تقريباً 20", true));
    }

    #[test]
    fn vague() {
        for (s, q) in [
            ("آلاف الجنود", "آلاف"),
            ("مئات الصواريخ", "مئات"),
            ("الآلاف من عمال البناء", "الآلاف"),
            ("عشرات الآلاف من المدنيين", "عشرات الآلاف"),
            ("بضعة أيام", "بضعة"),
        ] {
            let (quote, lo, hi, _, vague) = one(s);
            assert_eq!(
                (quote.as_str(), lo, hi, vague),
                (q, None, None, true),
                "{s}"
            );
        }
    }

    #[test]
    fn not_figures() {
        for s in [
            "في 11 يوليو 2025",
            "منذ عام 2019",
            "في الذكرى السبعين",
            "المادة الرابعة",
            "الفصل الأول",
            "بنسبة 30%",
            "بنسبة 2.5 في المئة",
            "الساعة 10:30",
            "طائرات F-16",
            "لست متأكدا",
            "أحد الجنود",
            "يوم الاثنين",
            "من 11 إلى 13 يوليو",
        ] {
            assert!(run(s).is_empty(), "{s}: {:?}", run(s));
        }
    }

    #[test]
    fn several_in_a_sentence() {
        let v = run("قتل 10 جنود وخمسة مدنيين وأصيب العشرات");
        let q: Vec<&str> = v.iter().map(|(q, _)| q.as_str()).collect();
        assert_eq!(q, ["10", "خمسة", "العشرات"]);
        assert!(v.windows(2).all(|w| w[0].1.span.end <= w[1].1.span.start));
    }
}
