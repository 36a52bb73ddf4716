#!/usr/bin/env python3
"""Turns the letter texts in templates/ into the SQL that loads them (build/gen/42_template_texts.sql).

templates/<language>/<tone>.txt is a letter (first line "Subject: ...", an empty line, the body;
pre_due.txt is the level-0 reminder), templates/<language>/phrases/<name>.txt a phrase. The texts
are content that translators and lawyers edit; this script only quotes them. Every row is checked
by the tables' triggers when the script runs, so a bad placeholder fails the install, naming it.
"""
import pathlib
import re
import sys

LETTERS = {"pre_due": (0, "friendly"), "friendly": (None, "friendly"), "standard": (None, "standard"),
           "firm": (None, "firm"), "final": (None, "final"), "formal_notice": (None, "formal_notice")}


def quote(text):
    tag = "$text$"
    n = 0
    while tag in text:
        n += 1
        tag = f"$text{n}$"
    return f"{tag}{text}{tag}"


def fail(path, message):
    sys.exit(f"templates_sql.py: {path}: {message}")


def main(root):
    root = pathlib.Path(root)
    out = ["-- Generated from templates/ by scripts/templates_sql.py: edit the text files, not this.",
           "-- The shipped rows are replaced (upgrades refresh them); your rows are left alone.",
           "ALTER TABLE dunning.templates DISABLE TRIGGER templates_guard_builtin;",
           "ALTER TABLE dunning.phrases DISABLE TRIGGER phrases_guard_builtin;",
           "DELETE FROM dunning.templates t WHERE t.builtin;",
           "DELETE FROM dunning.phrases p WHERE p.builtin;"]
    languages = sorted(d for d in root.iterdir() if d.is_dir())
    if not languages:
        fail(root, "no language folders")
    for folder in languages:
        language = folder.name
        if not re.fullmatch(r"[a-z]{2}(-[A-Z]{2})?", language):
            fail(folder, "a language folder is named ll or ll-CC")
        for path in sorted(folder.glob("*.txt")):
            if path.stem not in LETTERS:
                fail(path, f"unknown letter; the letters are {', '.join(LETTERS)}")
            level, tone = LETTERS[path.stem]
            text = path.read_text(encoding="utf-8")
            head, sep, body = text.partition("\n\n")
            if not sep or not head.startswith("Subject: ") or "\n" in head:
                fail(path, 'the first line is "Subject: ...", then an empty line, then the body')
            out.append("INSERT INTO dunning.templates (level, tone, language, subject, body, builtin) VALUES "
                       f"({'NULL' if level is None else level}, '{tone}', '{language}', "
                       f"{quote(head[len('Subject: '):].strip())}, {quote(body.rstrip())}, true);")
        for path in sorted((folder / "phrases").glob("*.txt")):
            if not re.fullmatch(r"[a-z][a-z_]*(_(EU|BE|NL|DE|FR))?", path.stem):
                fail(path, "a phrase is named in lower case, with an optional _BE, _NL, _DE, _FR or _EU")
            out.append("INSERT INTO dunning.phrases (language, name, text, builtin) VALUES "
                       f"('{language}', '{path.stem}', {quote(path.read_text(encoding='utf-8').rstrip())}, true);")
    out += ["ALTER TABLE dunning.templates ENABLE TRIGGER templates_guard_builtin;",
            "ALTER TABLE dunning.phrases ENABLE TRIGGER phrases_guard_builtin;"]
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "templates")
