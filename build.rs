//! Compiles the data files (saved queries, gazetteer, lexicons, ontology) into the binary, so
//! `khabar` works from any folder. Each folder's files are listed in name order.
use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn list(dir: &str, ext: &[&str]) -> Vec<(String, String)> {
    println!("cargo:rerun-if-changed={dir}");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out = Vec::new();
    for entry in fs::read_dir(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display())) {
        let path = entry.expect("readable entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_file() && ext.iter().any(|x| name.ends_with(x)) {
            println!("cargo:rerun-if-changed={}", path.display());
            out.push((name, path.display().to_string()));
        }
    }
    out.sort();
    out
}

fn table(code: &mut String, name: &str, files: &[(String, String)]) {
    writeln!(code, "pub static {name}: &[(&str, &str)] = &[").unwrap();
    for (file, path) in files {
        writeln!(code, "    ({file:?}, include_str!({path:?})),").unwrap();
    }
    writeln!(code, "];").unwrap();
}

fn main() {
    let mut code = String::new();
    table(&mut code, "QUERIES", &list("queries", &[".rq"]));
    table(
        &mut code,
        "GAZETTEER",
        &list("ontology/gazetteer", &[".csv"]),
    );
    table(
        &mut code,
        "LEXICON",
        &list("ontology/lexicon", &[".csv", ".txt"]),
    );
    let onto = Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology/khabar.ttl");
    println!("cargo:rerun-if-changed={}", onto.display());
    writeln!(
        code,
        "pub static ONTOLOGY: &str = include_str!({:?});",
        onto.display().to_string()
    )
    .unwrap();
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded.rs");
    fs::write(out, code).unwrap();
}
