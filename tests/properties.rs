//! Property tests: normalisation and offsets hold for any input, not just the seeds.

use khabar::document::{Document, DocumentMeta};
use khabar::extract::{extract, Knowledge};
use khabar::text::{clean, key_of, sentences, MatchKey, Span};
use proptest::prelude::*;
use std::collections::HashSet;
use std::sync::OnceLock;

fn kb() -> &'static Knowledge {
    static KB: OnceLock<Knowledge> = OnceLock::new();
    KB.get_or_init(|| Knowledge::load().unwrap())
}

/// Text that looks like messy Arabic news: letters, diacritics, marks, digits, punctuation.
fn arabic_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "روسيا",
        "بيونغ يانغ",
        "بيونج-يانج",
        "لافروف",
        "ولافروف",
        "الكورية الشمالية",
        "للولايات المتحدة",
        "وزير الخارجية الفيتنامي",
        "تو لام",
        "ا\u{0654}",
        "\u{064E}",
        "\u{0651}",
        "\u{0640}",
        "\u{200F}",
        "\u{200B}",
        "\u{FEFB}",
        "\u{FEFF}",
        "١٢٣",
        "۴",
        "2.5",
        ". ",
        "؟",
        "…",
        "\n",
        "\r\n",
        " ",
        "\u{00A0}",
        "د. ",
        "»",
        "«",
        "ى",
        "ة",
        "إ",
        "آ",
        "x",
        "A",
        "\u{1F600}",
        "\u{0301}",
        "e\u{0301}",
    ]);
    prop::collection::vec(
        prop_oneof![
            pieces.prop_map(String::from),
            any::<char>().prop_map(String::from)
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

/// News-like Arabic with event words, dates, figures and attribution, so that reports form.
fn news_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "زار وزير الخارجية الروسي سيرغي لافروف ",
        "بيونغ يانغ ",
        "التقى ",
        "كيم جونغ أون ",
        "وقع البلدان اتفاقية ",
        "للدفاع المشترك ",
        "أرسلت كوريا الشمالية ",
        "نحو 10 آلاف جندي ",
        "بين 25 و30 ألف ",
        "إلى روسيا ",
        "من المقرر أن ",
        "نفى ",
        "يوم 11 يوليو ",
        "من 11 إلى 13 تموز/يوليو ",
        "أمس ",
        "الشهر الماضي ",
        "بحسب وكالة يونهاب ",
        "قال ",
        "إن ",
        "قتل ",
        "١٢ ",
        ". ",
        "\n",
        "، ",
        "و",
        "\u{0640}",
        "\u{064E}",
    ]);
    prop::collection::vec(
        prop_oneof![
            4 => pieces.prop_map(String::from),
            1 => any::<char>().prop_map(String::from)
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn reports_stay_inside_the_text_and_their_sentences(s in news_like()) {
        let doc = Document {
            meta: DocumentMeta { id: "p".into(), file: "p.txt".into(), language: "ar".into(),
                published: khabar::time::CalendarValue::parse_iso("2025-07-09"),
                published_basis: None, outlet: None, url: None },
            raw: s.clone(),
            content_hash: String::new(),
            encoding: "utf-8".into(),
        };
        let x = extract(&doc, kb());
        let n = s.chars().count();
        for r in &x.reports {
            prop_assert!(r.trigger.start < r.trigger.end && r.trigger.end <= n);
            prop_assert!(r.sentence < x.sentences.len());
            let st = &x.sentences[r.sentence];
            prop_assert!(st.span.start <= r.trigger.start && r.trigger.end <= st.span.end);
        }
        for m in &x.mentions {
            prop_assert!(m.span.end <= n);
        }
    }

    #[test]
    fn cleaning_twice_changes_nothing(s in arabic_like()) {
        let once = clean(&s).as_string();
        prop_assert_eq!(clean(&once).as_string(), once.clone());
        let k = key_of(&s);
        prop_assert_eq!(key_of(&k), k);
    }

    #[test]
    fn every_clean_and_key_span_maps_inside_the_raw_text(s in arabic_like(), a in 0usize..200, b in 0usize..200) {
        let n = s.chars().count();
        let c = clean(&s);
        let k = MatchKey::new(&c).0;
        for layer in [&c, &k] {
            if layer.is_empty() { continue; }
            let (x, y) = (a % (layer.len() + 1), b % (layer.len() + 1));
            let sp = Span::new(x.min(y), x.max(y));
            let raw = layer.to_raw(sp);
            prop_assert!(raw.start <= raw.end && raw.end <= n);
            // Monotone: a later start never maps before an earlier one.
            if sp.start < layer.len() {
                let next = layer.to_raw(Span::new(sp.start, sp.start + 1));
                prop_assert!(next.start >= raw.start);
            }
        }
    }

    #[test]
    fn sentences_are_ordered_non_empty_and_inside(s in arabic_like()) {
        let c = clean(&s);
        let spans = sentences::split(&c, &HashSet::new());
        let mut last = 0;
        for sp in spans {
            prop_assert!(sp.start < sp.end && sp.end <= c.len());
            prop_assert!(sp.start >= last);
            last = sp.end;
        }
    }

    #[test]
    fn mentions_quote_the_raw_text_exactly(s in arabic_like()) {
        let doc = Document {
            meta: DocumentMeta { id: "p".into(), file: "p.txt".into(), language: "ar".into(),
                published: None, published_basis: None, outlet: None, url: None },
            raw: s.clone(),
            content_hash: String::new(),
            encoding: "utf-8".into(),
        };
        let x = extract(&doc, kb());
        let chars: Vec<char> = s.chars().collect();
        for m in &x.mentions {
            prop_assert!(m.span.start < m.span.end && m.span.end <= chars.len());
            let quote: String = chars[m.span.start..m.span.end].iter().collect();
            prop_assert_eq!(&quote, &m.quote);
            prop_assert!(m.entity < x.entities.len());
        }
        for st in &x.sentences {
            let text: String = chars[st.span.start..st.span.end].iter().collect();
            prop_assert_eq!(&text, &st.text);
        }
    }
}
