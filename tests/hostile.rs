//! Hostile input: one test per row of the README's table. Each bad file gets a one-line
//! diagnostic naming it, nothing panics, and the good article beside it is still ingested.

mod common;

use common::{khabar, seeds, stdout};
use std::fs;
use std::path::{Path, PathBuf};

const GOOD: &str = "000_f5462de3636eba88.txt";

/// A folder holding one good seed article (as `good.txt`), in a fresh temporary directory.
fn folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::copy(seeds().join(GOOD), input.join("good.txt")).unwrap();
    (dir, input)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The one diagnostic line that names `file` with this prefix (`skipped:`/`warning:`).
    fn line(&self, prefix: &str, file: &str) -> &str {
        let lines: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| l.starts_with(prefix) && l.contains(file))
            .collect();
        assert_eq!(
            lines.len(),
            1,
            "want one {prefix} line naming {file}:\n{}",
            self.stderr
        );
        lines[0]
    }

    fn ingested(&self) -> usize {
        let n = self
            .stdout
            .strip_prefix("ingested ")
            .and_then(|s| s.split(' ').next())
            .unwrap_or_else(|| panic!("no summary: {}", self.stdout));
        n.parse().unwrap()
    }
}

fn ingest(dir: &Path, input: &Path) -> Run {
    let out = khabar(&dir.join("store"))
        .arg("ingest")
        .arg(input)
        .output()
        .unwrap();
    let run = Run {
        code: out.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// Every mention of the `hostile` document quotes `raw` exactly at its code-point span.
fn assert_quotes_match(dir: &Path, raw: &str) {
    let csv = stdout(khabar(&dir.join("store")).args(["query", "mentions", "--format", "csv"]));
    let chars: Vec<char> = raw.chars().collect();
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let (s, e, q, d) = (col("start"), col("end"), col("quote"), col("doc"));
    let mut checked = 0;
    for row in rdr.records() {
        let row = row.unwrap();
        if !row[d].contains("hostile") {
            continue;
        }
        let (start, end): (usize, usize) = (row[s].parse().unwrap(), row[e].parse().unwrap());
        let at: String = chars[start..end].iter().collect();
        assert_eq!(at, &row[q], "span {start}..{end}");
        checked += 1;
    }
    assert!(checked > 10, "only {checked} mentions checked");
}

fn article() -> String {
    fs::read_to_string(seeds().join(GOOD)).unwrap()
}

#[test]
fn empty_file() {
    let (dir, input) = folder();
    fs::write(input.join("empty.txt"), b"").unwrap();
    let run = ingest(dir.path(), &input);
    assert!(run.line("skipped:", "empty.txt").contains("empty file"));
    assert_eq!((run.code, run.ingested()), (3, 1));
}

#[test]
fn whitespace_only() {
    let (dir, input) = folder();
    fs::write(input.join("blank.txt"), " \r\n\t\u{a0}\n  ").unwrap();
    let run = ingest(dir.path(), &input);
    assert!(run.line("skipped:", "blank.txt").contains("white space"));
    assert_eq!((run.code, run.ingested()), (3, 1));
}

#[test]
fn utf8_with_bom_is_read_and_offsets_exclude_the_bom() {
    let (dir, input) = folder();
    fs::remove_file(input.join("good.txt")).unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(article().as_bytes());
    fs::write(input.join("hostile.txt"), bytes).unwrap();
    let run = ingest(dir.path(), &input);
    assert_eq!(run.ingested(), 1, "{}", run.stderr);
    assert_quotes_match(dir.path(), &article());
}

#[test]
fn crlf_line_ends_are_read_and_offsets_count_them() {
    let (dir, input) = folder();
    fs::remove_file(input.join("good.txt")).unwrap();
    let crlf = article().replace('\n', "\r\n");
    fs::write(input.join("hostile.txt"), &crlf).unwrap();
    let run = ingest(dir.path(), &input);
    assert_eq!((run.code, run.ingested()), (0, 1), "{}", run.stderr);
    assert_quotes_match(dir.path(), &crlf);
    // The same reports as the LF original.
    let (lf_dir, lf_input) = folder();
    ingest(lf_dir.path(), &lf_input);
    let count = |d: &Path| {
        stdout(khabar(&d.join("store")).args(["query", "reports", "--format", "csv"]))
            .lines()
            .count()
    };
    assert_eq!(count(dir.path()), count(lf_dir.path()));
}

#[test]
fn utf16_with_bom_is_decoded_with_a_warning() {
    let (dir, input) = folder();
    let mut bytes = vec![0xFF, 0xFE];
    for u in article().encode_utf16() {
        bytes.extend(u.to_le_bytes());
    }
    fs::write(input.join("hostile.txt"), bytes).unwrap();
    let run = ingest(dir.path(), &input);
    assert!(run
        .line("warning:", "hostile.txt: not UTF-8")
        .contains("utf-16le"));
    assert_eq!((run.code, run.ingested()), (0, 2));
}

#[test]
fn windows_1256_is_decoded_with_a_warning() {
    let (dir, input) = folder();
    let bytes = encoding_rs::WINDOWS_1256.encode(&article()).0.into_owned();
    assert!(std::str::from_utf8(&bytes).is_err());
    fs::write(input.join("hostile.txt"), bytes).unwrap();
    let run = ingest(dir.path(), &input);
    assert!(run
        .line("warning:", "hostile.txt: not UTF-8")
        .contains("windows-1256"));
    assert_eq!((run.code, run.ingested()), (0, 2));
    assert_quotes_match(dir.path(), &article());
}

#[test]
fn invalid_utf8() {
    let (dir, input) = folder();
    fs::write(input.join("latin1.txt"), b"caf\xe9 cr\xe8me \xff").unwrap();
    let run = ingest(dir.path(), &input);
    assert!(run.line("skipped:", "latin1.txt").contains("not UTF-8"));
    assert_eq!((run.code, run.ingested()), (3, 1));
}

#[test]
fn binary_file() {
    let (dir, input) = folder();
    let png: Vec<u8> = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"
        .iter()
        .copied()
        .chain((0..=255).cycle().take(4096))
        .collect();
    fs::write(input.join("image.txt"), png).unwrap();
    let run = ingest(dir.path(), &input);
    assert!(run.line("skipped:", "image.txt").contains("binary"));
    assert_eq!((run.code, run.ingested()), (3, 1));
}

#[test]
fn a_50_mb_file_is_refused_without_being_read() {
    let (dir, input) = folder();
    let f = fs::File::create(input.join("huge.txt")).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    let run = ingest(dir.path(), &input);
    assert!(run.line("skipped:", "huge.txt").contains("too large"));
    assert_eq!((run.code, run.ingested()), (3, 1));
}

#[test]
fn one_2_mb_line_without_punctuation() {
    let (dir, input) = folder();
    // Words of a real article, punctuation and line breaks removed, repeated to 2 MB.
    let words: Vec<String> = article()
        .split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphabetic()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect();
    let mut line = String::new();
    for w in words.iter().cycle() {
        if line.len() >= 2_000_000 {
            break;
        }
        line.push_str(w);
        line.push(' ');
    }
    fs::write(input.join("line.txt"), &line).unwrap();
    let run = ingest(dir.path(), &input);
    assert_eq!((run.code, run.ingested()), (0, 2), "{}", run.stderr);
}

#[test]
fn latin_script_only() {
    let (dir, input) = folder();
    fs::write(
        input.join("english.txt"),
        "Lavrov visited Pyongyang on Friday and met Kim Jong Un.\n",
    )
    .unwrap();
    let run = ingest(dir.path(), &input);
    assert!(run
        .line("warning:", "english.txt")
        .contains("no Arabic script"));
    assert_eq!((run.code, run.ingested()), (0, 2));
}

#[test]
fn a_directory_of_10000_files() {
    let (dir, input) = folder();
    let many = input.join("many");
    fs::create_dir(&many).unwrap();
    for i in 0..10_000 {
        fs::write(
            many.join(format!("n{i:05}.txt")),
            format!("خبر رقم {i} من موسكو."),
        )
        .unwrap();
    }
    let run = ingest(dir.path(), &input);
    assert_eq!(run.ingested(), 10_001, "{}", run.stdout);
    // One folder-level warning (no documents.csv), not 10,000 lines.
    assert!(run.stderr.lines().count() < 5, "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop() {
    let (dir, input) = folder();
    std::os::unix::fs::symlink("..", input.join("loop")).unwrap();
    let run = ingest(dir.path(), &input);
    assert!(run.line("warning:", "loop").contains("symlink loop"));
    assert_eq!(run.ingested(), 1);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, input) = folder();
    // A dangling link cannot be read by anyone …
    std::os::unix::fs::symlink("gone.txt", input.join("dangling.txt")).unwrap();
    // … and a mode-000 file cannot be read unless the tests run as root.
    let locked = input.join("locked.txt");
    fs::write(&locked, article()).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let root_reads_it = fs::read(&locked).is_ok();
    let run = ingest(dir.path(), &input);
    assert!(run.line("skipped:", "dangling.txt").contains("cannot read"));
    if root_reads_it {
        assert_eq!(run.ingested(), 2);
    } else {
        assert!(run.line("skipped:", "locked.txt").contains("cannot read"));
        assert_eq!(run.ingested(), 1);
    }
    assert_eq!(run.code, 3);
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_an_article_does_not_block() {
    let (dir, input) = folder();
    let fifo = input.join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let run = ingest(dir.path(), &input);
    assert!(run
        .line("skipped:", "pipe.txt")
        .contains("not a regular file"));
    assert_eq!((run.code, run.ingested()), (3, 1));
}

/// A folder with a `documents.csv` (given text) and the good article as `good.txt`.
fn catalogued(csv: &str) -> (tempfile::TempDir, PathBuf) {
    let (dir, input) = folder();
    fs::write(input.join("documents.csv"), csv).unwrap();
    (dir, input)
}

#[test]
fn catalog_with_missing_columns() {
    let (dir, input) = catalogued("name,date\ngood.txt,2025-07-09\n");
    let run = ingest(dir.path(), &input);
    let line = run.line("skipped:", "documents.csv:1:");
    assert!(line.contains("missing required columns"), "{line}");
    // The article is still read, with its file stem as id.
    assert_eq!(run.ingested(), 1);
    let docs =
        stdout(khabar(&dir.path().join("store")).args(["query", "documents", "--format", "csv"]));
    assert!(docs.contains(",good,"), "{docs}");
}

#[test]
fn catalog_with_a_bad_date() {
    let (dir, input) = catalogued("id,file,language,published\nA,good.txt,ar,2025-13-45\n");
    let run = ingest(dir.path(), &input);
    let line = run.line("warning:", "documents.csv:2:");
    assert!(line.contains("bad date"), "{line}");
    assert_eq!((run.code, run.ingested()), (0, 1));
}

#[test]
fn catalog_with_a_duplicate_id() {
    let (dir, input) =
        catalogued("id,file,published\nA,good.txt,2025-07-09\nA,other.txt,2025-07-10\n");
    fs::copy(
        seeds().join("001_04a54f23c455cc2f.txt"),
        input.join("other.txt"),
    )
    .unwrap();
    let run = ingest(dir.path(), &input);
    assert!(run
        .line("skipped:", "documents.csv:3:")
        .contains("duplicate id"));
    // other.txt still comes in, under its file stem.
    assert_eq!((run.code, run.ingested()), (3, 2));
}

#[test]
fn catalog_naming_a_file_that_does_not_exist() {
    let (dir, input) =
        catalogued("id,file,published\nA,good.txt,2025-07-09\nB,gone.txt,2025-07-10\n");
    let run = ingest(dir.path(), &input);
    assert!(run
        .line("warning:", "documents.csv")
        .contains("gone.txt, which does not exist"));
    assert_eq!((run.code, run.ingested()), (0, 1));
}
