//! Developer tool: prints what extraction finds in articles (reports as JSON lines).
//! `cargo run --example dump -- FILE_OR_FOLDER…`

use khabar::extract::{extract, Knowledge};
use khabar::input;
use std::path::PathBuf;

fn main() {
    let paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let kb = Knowledge::load().expect("data files load");
    let collected = input::collect(&paths);
    for doc in &collected.documents {
        let x = extract(doc, &kb);
        println!("== {} ({} reports)", x.meta.id, x.reports.len());
        if std::env::var_os("DUMP_SPANS").is_some() {
            let clean = khabar::text::clean(&doc.raw);
            for f in khabar::figures::find_figures(&clean, &kb.numbers) {
                println!(
                    "  figure «{}» {:?}..{:?}",
                    clean.slice(f.span),
                    f.min,
                    f.max
                );
            }
            for d in khabar::dates::find_dates(&clean, doc.meta.published, &kb.dates) {
                println!(
                    "  date «{}» past={:?} future={:?}",
                    clean.slice(d.span),
                    d.past,
                    d.future
                );
            }
        }
        for r in &x.reports {
            let sentence = x
                .sentences
                .get(r.sentence)
                .map(|s| s.text.as_str())
                .unwrap_or("");
            let trigger: String = doc
                .raw
                .chars()
                .skip(r.trigger.start)
                .take(r.trigger.end - r.trigger.start)
                .collect();
            println!(
                "{} {} [{}] {}",
                r.etype.name(),
                r.status.name(),
                trigger,
                serde_json::to_string(&(&r.roles, &r.when, &r.count, &r.attributed_to)).unwrap()
            );
            println!("    « {} »", sentence.chars().take(160).collect::<String>());
        }
    }
}
