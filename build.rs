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
    // An id of what extraction depends on (code and data), stored with every document so that
    // a re-ingest can skip unchanged files only when the extractor is unchanged too.
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    hasher.write(env!("CARGO_PKG_VERSION").as_bytes());
    for dir in [
        "src",
        "src/text",
        "src/events",
        "ontology",
        "ontology/gazetteer",
        "ontology/lexicon",
        "queries",
    ] {
        let mut files: Vec<_> = fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for f in files {
            println!("cargo:rerun-if-changed={}", f.display());
            hasher.write(f.file_name().unwrap().to_string_lossy().as_bytes());
            hasher.write(&fs::read(&f).unwrap());
        }
    }
    writeln!(
        code,
        "pub static EXTRACTOR: &str = \"khabar {}+{:016x}\";",
        env!("CARGO_PKG_VERSION"),
        hasher.0
    )
    .unwrap();
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded.rs");
    fs::write(out, code).unwrap();
}

/// FNV-1a, 64 bits: a stable hash that needs no crate.
struct Fnv(u64);

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
