//! The Arabic text layer: raw text → clean text → match key, each with an offset map back.
//!
//! Two layers, as in `ARCHITECTURE.md`:
//! * [`clean`] is *safe*: it keeps the meaning of every character (NFC, no bidi or zero-width
//!   marks, no tatweel, presentation forms expanded, Arabic-Indic digits as ASCII, Persian
//!   kaf/yeh as Arabic). Rules and dates read this layer.
//! * [`MatchKey`] is *lossy*: diacritics removed, hamza forms of alef folded to ا, ى → ي, ة → ه,
//!   Latin lower-cased, runs of white space collapsed. Lexicon entries are keyed the same way
//!   ([`key_of`]), so a lexicon entry matches the text whatever its spelling details.
//!
//! Every layer keeps, for each of its characters, the range of *raw* code points it came
//! from, so any span found in any layer maps back to an exact quote of the raw text.
//! Offsets are counted in Unicode code points (as NIF and Web Annotation count them), never bytes.

pub mod sentences;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// A half-open range of code points `[start, end)` in some text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Text of one layer with, for each of its characters, the raw span it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    chars: Vec<char>,
    /// `origin[i]` = raw code-point range that produced `chars[i]`.
    origin: Vec<Span>,
}

impl Layer {
    pub fn chars(&self) -> &[char] {
        &self.chars
    }
    pub fn len(&self) -> usize {
        self.chars.len()
    }
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }
    pub fn as_string(&self) -> String {
        self.chars.iter().collect()
    }
    pub fn slice(&self, span: Span) -> String {
        self.chars[span.start..span.end].iter().collect()
    }
    /// The span of this layer covering a raw span: from the first character whose raw origin
    /// starts at or after `raw.start` to the last whose origin ends at or before `raw.end`.
    pub fn from_raw(&self, raw: Span) -> Span {
        let start = self.origin.partition_point(|o| o.start < raw.start);
        let end = self.origin.partition_point(|o| o.end <= raw.end).max(start);
        Span::new(start, end)
    }

    /// The raw code-point span of a span of this layer. An empty span maps to an empty raw
    /// span at the position of the character it precedes.
    pub fn to_raw(&self, span: Span) -> Span {
        if span.is_empty() {
            let at = self
                .origin
                .get(span.start)
                .map(|o| o.start)
                .or_else(|| self.origin.last().map(|o| o.end))
                .unwrap_or(0);
            return Span::new(at, at);
        }
        Span::new(self.origin[span.start].start, self.origin[span.end - 1].end)
    }
}

/// The clean (safe) layer of a raw text.
pub type Clean = Layer;

/// Characters deleted outright: bidi controls, zero-width marks, BOM, tatweel.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        | '\u{2060}' | '\u{FEFF}' | '\u{0640}' | '\u{00AD}')
}

fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Maps one raw character to zero or more clean characters (before NFC).
fn clean_char(c: char, out: &mut Vec<char>) {
    match c {
        c if is_invisible(c) => {}
        '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\t' | '\u{000B}' | '\u{000C}' => out.push(' '),
        '\r' => {} // CRLF → LF; a lone CR is dropped too (it never ends a line alone in practice)
        '\u{2028}' | '\u{2029}' | '\u{0085}' => out.push('\n'),
        '\u{0660}'..='\u{0669}' => out.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        '\u{066B}' => out.push('.'),        // Arabic decimal separator
        '\u{066C}' => out.push(','),        // Arabic thousands separator
        '\u{06A9}' => out.push('\u{0643}'), // Persian keheh → kaf
        '\u{06CC}' => out.push('\u{064A}'), // Farsi yeh → yeh
        c if is_presentation_form(c) => {
            for d in std::iter::once(c).nfkc() {
                clean_char_simple(d, out);
            }
        }
        c if c.is_control() && c != '\n' => out.push(' '),
        c => out.push(c),
    }
}

/// The part of [`clean_char`] that can apply to the output of NFKC (no recursion into forms).
fn clean_char_simple(c: char, out: &mut Vec<char>) {
    if !is_presentation_form(c) {
        clean_char(c, out)
    } else {
        out.push(c)
    }
}

/// Builds the clean layer of a raw text.
pub fn clean(raw: &str) -> Clean {
    // Stage 1: per-character clean-up, remembering each output char's raw position.
    let mut stage: Vec<(char, Span)> = Vec::with_capacity(raw.len() / 2);
    let mut buf = Vec::with_capacity(4);
    for (i, c) in raw.chars().enumerate() {
        buf.clear();
        clean_char(c, &mut buf);
        for &d in &buf {
            stage.push((d, Span::new(i, i + 1)));
        }
    }
    // Stage 2: NFC, cluster by cluster (a starter and the combining marks after it), so that
    // each output character keeps the raw span of its whole cluster.
    let mut chars = Vec::with_capacity(stage.len());
    let mut origin = Vec::with_capacity(stage.len());
    let mut i = 0;
    let mut cluster = String::new();
    while i < stage.len() {
        let mut j = i + 1;
        while j < stage.len() && canonical_combining_class(stage[j].0) != 0 {
            j += 1;
        }
        let span = Span::new(stage[i].1.start, stage[j - 1].1.end);
        if j == i + 1 && stage[i].0.is_ascii() {
            chars.push(stage[i].0);
            origin.push(span);
        } else {
            cluster.clear();
            cluster.extend(stage[i..j].iter().map(|(c, _)| *c));
            for c in cluster.nfc() {
                chars.push(c);
                origin.push(span);
            }
        }
        i = j;
    }
    Layer { chars, origin }
}

/// Arabic diacritics and Quranic marks removed by the match key.
pub fn is_diacritic(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}')
}

/// Folds one clean character for the match key; `None` deletes it.
fn key_char(c: char) -> Option<char> {
    match c {
        c if is_diacritic(c) => None,
        'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
        'ى' => Some('ي'),
        'ة' => Some('ه'),
        c if c.is_ascii_uppercase() => Some(c.to_ascii_lowercase()),
        c => Some(c),
    }
}

/// Is this an Arabic or Latin letter or a digit — a character that continues a word?
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_diacritic(c)
}

/// The lossy match-key layer of a clean text, with the map back to raw offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchKey(pub Layer);

impl MatchKey {
    pub fn new(clean: &Clean) -> MatchKey {
        let mut chars: Vec<char> = Vec::with_capacity(clean.len());
        let mut origin: Vec<Span> = Vec::with_capacity(clean.len());
        for (i, &c) in clean.chars.iter().enumerate() {
            let Some(k) = key_char(c) else { continue };
            let o = clean.origin[i];
            if k.is_whitespace() {
                let k = if k == '\n' { '\n' } else { ' ' };
                if let Some(last) = chars.last_mut() {
                    if last.is_whitespace() {
                        // Collapse a run; a newline anywhere in the run wins.
                        if k == '\n' {
                            *last = '\n';
                        }
                        let lo = origin.last_mut().expect("same length");
                        lo.end = o.end;
                        continue;
                    }
                }
                chars.push(k);
            } else {
                chars.push(k);
            }
            origin.push(o);
        }
        MatchKey(Layer { chars, origin })
    }
}

/// The match key of a lexicon string (same folding as the text, trimmed).
pub fn key_of(s: &str) -> String {
    let k = MatchKey::new(&clean(s)).0.as_string();
    k.trim().to_string()
}

/// Foreign-name folding on top of the match key: g-letters to one, ڤ → ف, پ → ب, hyphens and
/// dashes to spaces. It maps one character to one, so it shares the match key's offsets.
pub fn fold_foreign_char(c: char) -> char {
    match c {
        'غ' | 'ج' | 'ق' | 'گ' | 'ڨ' | 'ڭ' => 'ج',
        'ڤ' => 'ف',
        'پ' => 'ب',
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '_' => ' ',
        c => c,
    }
}

/// The foreign fold of a key string.
pub fn fold_foreign(key: &str) -> String {
    key.chars().map(fold_foreign_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_removes_marks_and_keeps_offsets() {
        let raw = "ال\u{200F}روسـية ١٢٣";
        let c = clean(raw);
        assert_eq!(c.as_string(), "الروسية 123");
        // "روسية" in clean text starts at index 2 and maps back to raw index 3 (after the RLM).
        let sp = c.to_raw(Span::new(2, 7));
        let rawc: Vec<char> = raw.chars().collect();
        let quote: String = rawc[sp.start..sp.end].iter().collect();
        assert_eq!(quote, "روسـية");
    }

    #[test]
    fn from_raw_inverts_to_raw() {
        let raw = "ال\u{200F}روسـية قالت";
        let k = MatchKey::new(&clean(raw)).0;
        for (a, b) in [(0, 3), (2, 6), (4, 9)] {
            let sp = Span::new(a, b);
            assert_eq!(k.from_raw(k.to_raw(sp)), sp);
        }
    }

    #[test]
    fn nfc_composes_alef_hamza() {
        let c = clean("ا\u{0654}نا");
        assert_eq!(c.as_string(), "أنا");
        assert_eq!(c.to_raw(Span::new(0, 1)), Span::new(0, 2));
    }

    #[test]
    fn presentation_forms_expand() {
        // U+FEFB is the lam-alef ligature.
        assert_eq!(clean("\u{FEFB}").as_string(), "لا");
    }

    #[test]
    fn crlf_and_nbsp() {
        assert_eq!(clean("a\r\nb\u{00A0}c").as_string(), "a\nb c");
    }

    #[test]
    fn key_folds_hamza_yeh_teh_marbuta_and_diacritics() {
        assert_eq!(key_of("إِلَى الكوريّة"), "الي الكوريه");
        assert_eq!(key_of("  Nordwind   Airlines "), "nordwind airlines");
    }

    #[test]
    fn key_collapses_whitespace_keeping_newlines() {
        let k = MatchKey::new(&clean("a  \n b"));
        assert_eq!(k.0.as_string(), "a\nb");
        assert_eq!(k.0.to_raw(Span::new(1, 2)), Span::new(1, 5));
    }

    #[test]
    fn foreign_fold_unifies_g_letters() {
        assert_eq!(
            fold_foreign(&key_of("بيونغ-يانغ")),
            fold_foreign(&key_of("بيونج يانج"))
        );
    }
}
