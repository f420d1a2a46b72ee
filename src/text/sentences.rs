//! Sentence splitting on the clean layer.
//!
//! Splits after `.` `!` `?` `؟` `…` and at line ends; keeps `،` and `؛` inside. Protects a
//! `.` between digits (3.5), after an abbreviation from the lexicon (د. أ.د. ص.ب. …) or a single
//! letter (U.S.), and inside URLs and e-mail addresses. A `.` glued between two Arabic words
//! ("شخصا.وأصيب") is a real boundary. Closing quotes and brackets stay with the sentence they
//! close. Returned spans are trimmed of white space and never empty.

use super::{Layer, Span};
use std::collections::HashSet;

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '۔')
}

fn is_closer(c: char) -> bool {
    matches!(c, '»' | '”' | '’' | ')' | ']' | '"' | '\'' | '›')
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
}

/// Splits a clean text into sentence spans. `abbreviations` holds abbreviation words without
/// their final dot (e.g. `د`, `أ.د`, `ص.ب`).
pub fn split(text: &Layer, abbreviations: &HashSet<String>) -> Vec<Span> {
    let c = text.chars();
    let n = c.len();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < n {
        let ch = c[i];
        let boundary_end = if ch == '\n' {
            Some(i)
        } else if is_terminator(ch) && !protected(c, i, abbreviations) {
            // Take the whole run of terminators and closers.
            let mut j = i + 1;
            while j < n && (is_terminator(c[j]) || is_closer(c[j])) {
                j += 1;
            }
            Some(j)
        } else {
            None
        };
        if let Some(end) = boundary_end {
            push_trimmed(c, start, end, &mut out);
            start = if ch == '\n' { i + 1 } else { end };
            i = start;
            continue;
        }
        i += 1;
    }
    push_trimmed(c, start, n, &mut out);
    out
}

fn push_trimmed(c: &[char], mut s: usize, mut e: usize, out: &mut Vec<Span>) {
    while s < e && c[s].is_whitespace() {
        s += 1;
    }
    while e > s && c[e - 1].is_whitespace() {
        e -= 1;
    }
    if e > s {
        out.push(Span::new(s, e));
    }
}

/// Is the terminator at `i` not a sentence end?
fn protected(c: &[char], i: usize, abbreviations: &HashSet<String>) -> bool {
    if c[i] != '.' {
        return false;
    }
    let prev = i.checked_sub(1).map(|p| c[p]);
    let next = c.get(i + 1).copied();
    // 3.5, 1.000
    if prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit()) {
        return true;
    }
    // The word before the dot (letters and inner dots), e.g. "د" or "أ.د" or "www.example".
    let mut s = i;
    // (An abbreviation is short: look back at most 16 characters, so that a run of glued
    // words with dots stays linear.)
    while s > 0 && i - s < 16 && (c[s - 1].is_alphanumeric() || c[s - 1] == '.') {
        s -= 1;
    }
    let word: String = c[s..i].iter().collect();
    if abbreviations.contains(word.trim_matches('.')) {
        return true;
    }
    // A single letter before the dot is an initial ("د. محمد", "U.S.") when a word follows.
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        let after = c[i + 1..].iter().find(|ch| **ch != ' ');
        if after.is_some_and(|a| a.is_alphabetic()) {
            return true;
        }
    }
    // URLs, domains, e-mail: Latin or digit on both sides.
    if prev.is_some_and(|p| p.is_ascii_alphanumeric())
        && next.is_some_and(|n| n.is_ascii_alphanumeric())
    {
        return true;
    }
    // Arabic glued to Arabic ("شخصا.وأصيب") is a real boundary.
    if prev.is_some_and(is_arabic_letter) && next.is_some_and(is_arabic_letter) {
        return false;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::clean;

    fn split_str(s: &str) -> Vec<String> {
        let abbr: HashSet<String> = ["د", "أ.د", "ص.ب", "م"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let c = clean(s);
        split(&c, &abbr).into_iter().map(|sp| c.slice(sp)).collect()
    }

    #[test]
    fn splits_on_terminators_and_newlines() {
        assert_eq!(
            split_str("زار لافروف بيونغ يانغ. والتقى كيم!\nعنوان"),
            vec!["زار لافروف بيونغ يانغ.", "والتقى كيم!", "عنوان"]
        );
    }

    #[test]
    fn keeps_decimals_abbreviations_and_urls() {
        assert_eq!(
            split_str("بلغ 2.5 مليون. قال د. محمد ذلك"),
            vec!["بلغ 2.5 مليون.", "قال د. محمد ذلك"]
        );
        assert_eq!(
            split_str("انظر www.example.com للمزيد"),
            vec!["انظر www.example.com للمزيد"]
        );
    }

    #[test]
    fn glued_arabic_is_a_boundary_and_closers_attach() {
        assert_eq!(
            split_str("قتل 5 شخصا.وأصيب آخرون"),
            vec!["قتل 5 شخصا.", "وأصيب آخرون"]
        );
        assert_eq!(
            split_str("قال «انتهى.» ثم غادر"),
            vec!["قال «انتهى.»", "ثم غادر"]
        );
    }

    #[test]
    fn arabic_question_mark_and_ellipsis() {
        assert_eq!(
            split_str("هل يزور؟ ربما… لا أحد يعرف"),
            vec!["هل يزور؟", "ربما…", "لا أحد يعرف"]
        );
    }
}
