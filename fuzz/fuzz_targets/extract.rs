//! Decoding and extraction on arbitrary bytes.
//!
//! Checks, for any input that `input::decode` accepts:
//! * decode: the text is not blank and has no NUL; every decode error names the file;
//! * text layers (mirrors tests/properties.rs, exhaustively rather than on sampled spans):
//!   cleaning twice changes nothing, the match key is idempotent, every character of the clean
//!   and match-key layers maps back inside the raw text, origins are monotone (so `from_raw`'s
//!   binary search is sound), and sentence spans are ordered, non-empty and inside the layer;
//! * extraction: every mention span is non-empty, inside the raw text, its quote equals the raw
//!   text at that span (Unicode code points), it points at an existing entity and sentence;
//!   every sentence's text is the raw text at its span; every report's trigger span is inside
//!   the raw text and its sentence index exists.
#![no_main]

use khabar::document::{Document, DocumentMeta};
use khabar::extract::{extract, Knowledge};
use khabar::text::{clean, key_of, sentences, Layer, MatchKey, Span};
use khabar::time::CalendarValue;
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

fn kb() -> &'static Knowledge {
    static KB: OnceLock<Knowledge> = OnceLock::new();
    KB.get_or_init(|| Knowledge::load().expect("embedded knowledge loads"))
}

fn slice(chars: &[char], span: Span) -> String {
    chars[span.start..span.end].iter().collect()
}

/// Every character of a layer maps to a raw span inside the raw text, in non-decreasing order.
fn check_layer(name: &str, layer: &Layer, n_raw: usize) {
    let mut last_start = 0;
    for i in 0..layer.len() {
        let r = layer.to_raw(Span::new(i, i + 1));
        assert!(
            r.start < r.end && r.end <= n_raw,
            "{name}: char {i} maps to {r:?} outside raw text of {n_raw} chars"
        );
        assert!(
            r.start >= last_start,
            "{name}: origins not monotone at char {i}: {r:?} after start {last_start}"
        );
        last_start = r.start;
    }
    if !layer.is_empty() {
        let whole = layer.to_raw(Span::new(0, layer.len()));
        assert!(whole.start <= whole.end && whole.end <= n_raw);
    }
    // Empty spans map to empty raw spans inside the text.
    for i in [0, layer.len()] {
        let r = layer.to_raw(Span::new(i, i));
        assert!(
            r.start == r.end && r.end <= n_raw,
            "{name}: empty span at {i} -> {r:?}"
        );
    }
}

fuzz_target!(|bytes: &[u8]| {
    let path = Path::new("fuzz.txt");
    let (raw, legacy) = match khabar::input::decode(path, bytes) {
        Ok(x) => x,
        Err(e) => {
            let msg = e.to_string();
            assert!(
                msg.starts_with("fuzz.txt"),
                "decode error without file name: {msg:?}"
            );
            return;
        }
    };
    assert!(!raw.contains('\0') && !raw.trim().is_empty());

    let chars: Vec<char> = raw.chars().collect();
    let n = chars.len();

    // Text layers.
    let c = clean(&raw);
    let once = c.as_string();
    assert_eq!(
        clean(&once).as_string(),
        once,
        "cleaning twice changes the text"
    );
    let k = key_of(&raw);
    assert_eq!(key_of(&k), k, "match key not idempotent");
    let key = MatchKey::new(&c).0;
    check_layer("clean", &c, n);
    check_layer("key", &key, n);
    let mut last = 0;
    for sp in sentences::split(&c, &HashSet::new()) {
        assert!(
            sp.start < sp.end && sp.end <= c.len(),
            "bad sentence span {sp:?}"
        );
        assert!(sp.start >= last, "sentences out of order");
        last = sp.end;
    }

    // Extraction.
    let doc = Document {
        meta: DocumentMeta {
            id: "fuzz".into(),
            file: "fuzz.txt".into(),
            language: "ar".into(),
            published: CalendarValue::parse_iso("2025-07-09"),
            published_basis: Some("given".into()),
            outlet: None,
            url: None,
        },
        raw,
        content_hash: khabar::input::sha256_hex(bytes),
        encoding: legacy.unwrap_or("utf-8").to_string(),
    };
    let x = extract(&doc, kb());
    assert_eq!(x.char_count, n);
    for st in &x.sentences {
        assert!(
            st.span.start <= st.span.end && st.span.end <= n,
            "sentence {st:?}"
        );
        assert_eq!(
            slice(&chars, st.span),
            st.text,
            "sentence text differs from raw"
        );
    }
    for m in &x.mentions {
        assert!(
            m.span.start < m.span.end && m.span.end <= n,
            "mention span {:?} outside raw text of {n} chars",
            m.span
        );
        assert_eq!(
            slice(&chars, m.span),
            m.quote,
            "mention quote differs from raw"
        );
        assert!(
            m.entity < x.entities.len(),
            "mention entity index out of range"
        );
        assert!(x.sentences.is_empty() || m.sentence < x.sentences.len());
    }
    for r in &x.reports {
        assert!(
            r.trigger.start <= r.trigger.end && r.trigger.end <= n,
            "report trigger {:?} outside raw text of {n} chars",
            r.trigger
        );
        assert!(
            r.sentence < x.sentences.len(),
            "report sentence index out of range"
        );
    }
});
