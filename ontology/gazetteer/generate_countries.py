#!/usr/bin/env python3
"""Generate countries.csv from CLDR territory names and the editorial TSV.

Usage:
    python3 ontology/gazetteer/generate_countries.py CLDR_DIR [--editorial TSV] [--out CSV]

CLDR_DIR is the root of the npm package `cldr-localenames-full` (the folder that
holds package.json and main/), e.g.:

    cd "$(mktemp -d)" && npm install cldr-localenames-full
    python3 /work/main/ontology/gazetteer/generate_countries.py \
        "$PWD/node_modules/cldr-localenames-full"

Inputs:
  * CLDR_DIR/main/ar/territories.json  -> label_ar; `<ISO>-alt-*` entries become aliases
  * CLDR_DIR/main/en/territories.json  -> only cross-checked against label_en (notes on stderr)
  * CLDR_DIR/package.json              -> CLDR version recorded in the `source` column
  * countries-editorial.tsv (next to this script), tab-separated, one row per country:
      iso            ISO 3166-1 alpha-2 code (the CLDR territory key)
      id             stable slug [a-z0-9-]+ (never rename: it is the entity IRI)
      label_en       common English short name
      foreign        1 = transliterated name (matcher folds g-letters, spaces), 0 = Arabic name
      label_ar_cldr  CLDR key to take label_ar from (empty = the iso code itself, e.g. `PS-alt-short`);
                     the CLDR main name then becomes an alias
      aliases_ar     editorial aliases, `|`-separated
      adjectives_ar  masculine singular nisba adjectives, `|`-separated
      wikidata       Q-id, only where certain
      note           free text for editors, not copied to the CSV

A CLDR name of the form `X (Y)` (e.g. `ميانمار (بورما)`) is split: X is the name, Y an alias.

The output is deterministic: rows sorted by id, minimal CSV quoting, LF line endings, UTF-8.
The script exits non-zero (writing nothing) if any consistency check fails.
"""

import argparse
import csv
import io
import json
import os
import re
import sys

HEADER = [
    "id", "type", "label_en", "label_ar", "aliases_ar", "adjectives_ar", "foreign",
    "iso", "wikidata", "country", "role_en", "role_ar", "source",
]
EDITORIAL_COLUMNS = [
    "iso", "id", "label_en", "foreign", "label_ar_cldr", "aliases_ar", "adjectives_ar",
    "wikidata", "note",
]
EXPECTED_ROWS = 197  # 193 UN member states + Palestine, Vatican City, Taiwan, Kosovo
REQUIRED_NON_UN = {"PS", "VA", "TW", "XK"}

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
ISO_RE = re.compile(r"^[A-Z]{2}$")
PAREN_RE = re.compile(r"^(.*\S)\s*\((.+)\)$")

# Arabic words that must never be an alias or an adjective, nor a form the matcher derives
# from an adjective (common words, or the bare words the README forbids). Compared after
# folding (see fold()); for foreign=1 rows also after the foreign folding.
# Known, accepted overlaps are not listed here but in the editorial `note` column
# (e.g. اليمني ~ اليمنى "the right-hand", الصينية ~ صينية "tray").
COMMON_WORDS = """
الشمال الجنوب الشرق الغرب الكرملين البيت الأبيض الإليزيه
الدولة المملكة الجمهورية الاتحاد الإمارة السلطنة الجزيرة جزيرة جزر الجبل الأسود
الجديدة الوسطى الشرقية الغربية الجنوبية الشمالية العربية المتحدة الديمقراطية الشعبية
مالي قطر بنين عمان المغرب قمري القمر روماني مجري مجرى المقر البرتقال برتقالي
جاني الجاني جيني الجيني الجينية جينية بوركيني مالية المالية
عربي أجنبي دولي وطني محلي
""".split()
COMMON_WORDS += ["البيت الأبيض", "الجبل الأسود", "أفريقيا الوسطى", "جنوب أفريقي"]

DIACRITICS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def fold(s):
    """The matcher's base folding: diacritics/tatweel out, أ إ آ ٱ -> ا, ى -> ي, ة -> ه."""
    s = DIACRITICS_RE.sub("", s)
    s = re.sub("[أإآٱ]", "ا", s)
    s = s.replace("ى", "ي").replace("ة", "ه")
    return " ".join(s.split())


def fold_foreign(s):
    """Extra folding for foreign=1 rows: g-letters, ڤ/ف, پ/ب, inner spaces and hyphens."""
    s = fold(s)
    s = re.sub("[غجقگڨڭ]", "ج", s)
    s = s.replace("ڤ", "ف").replace("پ", "ب")
    return re.sub(r"[\s\-‐-―]", "", s)


def split_list(cell):
    return [p.strip() for p in cell.split("|") if p.strip()] if cell else []


def split_paren(name):
    """`X (Y)` -> (X, [Y]); anything else -> (name, [])."""
    m = PAREN_RE.match(name)
    if m:
        return m.group(1).strip(), [m.group(2).strip()]
    return name, []


def load_territories(cldr_dir, locale):
    path = os.path.join(cldr_dir, "main", locale, "territories.json")
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return data["main"][locale]["localeDisplayNames"]["territories"]


def load_editorial(path):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    if "\r" in text:
        raise SystemExit(f"{path}: CR characters found; use LF line endings")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header = lines[0].split("\t")
    if header != EDITORIAL_COLUMNS:
        raise SystemExit(f"{path}: header must be {EDITORIAL_COLUMNS}, got {header}")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(EDITORIAL_COLUMNS):
            raise SystemExit(f"{path}:{n}: expected {len(EDITORIAL_COLUMNS)} tab-separated cells, got {len(cells)}")
        row = {k: v.strip() for k, v in zip(EDITORIAL_COLUMNS, cells)}
        row["_line"] = n
        rows.append(row)
    return rows


def build(cldr_dir, editorial_path):
    with open(os.path.join(cldr_dir, "package.json"), encoding="utf-8") as f:
        version = json.load(f)["version"]
    ar = load_territories(cldr_dir, "ar")
    en = load_territories(cldr_dir, "en")
    source = f"CLDR {version} ar territories; editorial aliases/adjectives"

    errors = []
    notes = []
    out = []
    for e in load_editorial(editorial_path):
        where = f"editorial line {e['_line']} ({e['iso']})"
        iso = e["iso"]
        if not ISO_RE.match(iso) or iso not in ar:
            errors.append(f"{where}: iso {iso!r} is not a CLDR territory")
            continue
        if not ID_RE.match(e["id"]):
            errors.append(f"{where}: bad id {e['id']!r}")
        if e["foreign"] not in ("0", "1"):
            errors.append(f"{where}: foreign must be 0 or 1")
        if e["wikidata"] and not QID_RE.match(e["wikidata"]):
            errors.append(f"{where}: bad wikidata {e['wikidata']!r}")
        if not e["label_en"]:
            errors.append(f"{where}: empty label_en")
        elif en.get(iso) != e["label_en"]:
            notes.append(f"{iso}: label_en {e['label_en']!r} (CLDR en: {en.get(iso)!r})")

        key = e["label_ar_cldr"] or iso
        if key != iso and not key.startswith(iso + "-alt-"):
            errors.append(f"{where}: label_ar_cldr {key!r} is not a CLDR key of {iso}")
            continue
        if key not in ar:
            errors.append(f"{where}: CLDR has no key {key!r}")
            continue

        label_ar, extra = split_paren(ar[key])
        cldr_aliases = list(extra)
        other_keys = [iso] + sorted(k for k in ar if k.startswith(iso + "-alt-"))
        for k in other_keys:
            if k == key:
                continue
            name, more = split_paren(ar[k])
            cldr_aliases += [name] + more

        aliases, seen = [], {fold(label_ar)}
        for a in cldr_aliases + split_list(e["aliases_ar"]):
            if fold(a) in seen:
                continue
            seen.add(fold(a))
            aliases.append(a)

        adjectives, seen_adj = [], set()
        for a in split_list(e["adjectives_ar"]):
            if fold(a) not in seen_adj:
                seen_adj.add(fold(a))
                adjectives.append(a)

        out.append({
            "id": e["id"], "type": "Country", "label_en": e["label_en"],
            "label_ar": label_ar, "aliases_ar": "|".join(aliases),
            "adjectives_ar": "|".join(adjectives), "foreign": e["foreign"],
            "iso": iso, "wikidata": e["wikidata"], "country": "", "role_en": "",
            "role_ar": "", "source": source,
            "_editorial_aliases": split_list(e["aliases_ar"]),
        })

    errors += check(out)
    return out, errors, notes, version


def derived_adjective_forms(adj):
    """Rough version of what the matcher derives from a nisba (used only for collision checks)."""
    words = adj.split()
    forms = set()
    for suffix in ("", "ة", "ون", "ين", "ات"):
        for prefix in ("", "ال"):
            forms.add(" ".join(prefix + w + suffix for w in words))
    return forms


def check(rows):
    errors = []
    if len(rows) != EXPECTED_ROWS:
        errors.append(f"expected {EXPECTED_ROWS} rows, got {len(rows)}")
    for field in ("id", "iso"):
        vals = [r[field] for r in rows]
        dups = sorted({v for v in vals if vals.count(v) > 1})
        if dups:
            errors.append(f"duplicate {field}: {dups}")
    missing = REQUIRED_NON_UN - {r["iso"] for r in rows}
    if missing:
        errors.append(f"missing required non-UN entries: {sorted(missing)}")

    common = {fold(w) for w in COMMON_WORDS}
    common_foreign = {fold_foreign(w) for w in COMMON_WORDS}
    names_owner = {}  # folded name -> id (labels and aliases)
    for r in rows:
        if not r["label_ar"]:
            errors.append(f"{r['id']}: empty label_ar")
        forms = [r["label_ar"]] + split_list(r["aliases_ar"])
        for f in forms:
            k = fold(f)
            if k in names_owner and names_owner[k] != r["id"]:
                errors.append(f"name {f!r} under both {names_owner[k]} and {r['id']}")
            names_owner[k] = r["id"]
        adj_forms = sorted({f for a in split_list(r["adjectives_ar"]) for f in derived_adjective_forms(a)})
        for a in r["_editorial_aliases"] + adj_forms:
            if fold(a) in common:
                errors.append(f"{r['id']}: {a!r} is a common word")
            if r["foreign"] == "1" and fold_foreign(a) in common_foreign:
                errors.append(f"{r['id']}: {a!r} folds (foreign=1) to a common word")
        for f in forms:
            if r["foreign"] == "1" and fold_foreign(f) in common_foreign and fold(f) not in common:
                errors.append(f"{r['id']}: name {f!r} folds (foreign=1) to a common word")

    foreign_names = {}
    for r in rows:
        for f in [r["label_ar"]] + split_list(r["aliases_ar"]):
            foreign_names.setdefault(fold_foreign(f), set()).add(r["id"])
    for k, ids in sorted(foreign_names.items()):
        if len(ids) > 1:
            errors.append(f"names of {sorted(ids)} coincide after foreign folding ({k})")

    adj_owner = {}
    for r in rows:
        for a in split_list(r["adjectives_ar"]):
            for form in derived_adjective_forms(a):
                k = fold(form)
                if k in adj_owner and adj_owner[k] != r["id"]:
                    errors.append(f"adjective form {form!r} under both {adj_owner[k]} and {r['id']}")
                adj_owner[k] = r["id"]
                if k in names_owner and names_owner[k] != r["id"]:
                    errors.append(f"adjective form {form!r} of {r['id']} is a name of {names_owner[k]}")
    return errors


def render(rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(HEADER)
    for r in sorted(rows, key=lambda r: r["id"]):
        w.writerow([r[c] for c in HEADER])
    return buf.getvalue()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("cldr_dir", help="root of the cldr-localenames-full package")
    p.add_argument("--editorial", default=os.path.join(here, "countries-editorial.tsv"))
    p.add_argument("--out", default=os.path.join(here, "countries.csv"))
    p.add_argument("--verbose", action="store_true", help="list label_en overrides of CLDR en")
    args = p.parse_args()

    rows, errors, notes, version = build(args.cldr_dir, args.editorial)
    if args.verbose:
        for n in notes:
            print("note:", n, file=sys.stderr)
    if errors:
        for e in errors:
            print("error:", e, file=sys.stderr)
        sys.exit(1)
    text = render(rows)
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, args.out)
    print(f"wrote {len(rows)} rows (CLDR {version}) to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
