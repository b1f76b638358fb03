"""Check that the zh-Hans catalogue is complete, clean and compiled.

    .venv/bin/python scripts/check_translations.py

Reports (and exits 1 on any of them): entries with an empty msgstr, fuzzy entries, msgids the
source has that the committed .po lacks (found by running `makemessages` on a temporary copy of
the tree, so the committed files are not touched), and a .mo that does not match the .po.
tests/test_translations.py uses the same functions.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = "zh_Hans"
PO_PATH = ROOT / "locale" / LOCALE / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

# The same exclusions as the documented `makemessages` command (README / Makefile `messages`).
IGNORED_DIRS = {
    ".venv",
    "var",
    "static",
    "node_modules",
    "tests",
    ".git",
    "build",
    "dist",
    "test-results",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
}

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}


@dataclass
class Entry:
    """One catalogue entry: its context, msgid (and plural) and translations by plural index."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def untranslated(self) -> bool:
        return not self.msgstr or any(not text for text in self.msgstr.values())


def _unquote(token: str) -> str:
    token = token.strip()
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise ValueError(f"not a quoted PO string: {token!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), token[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """Parse a gettext .po file (the subset GNU gettext and Django write) into entries."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int | None] | None = None
    started = False

    def flush() -> None:
        nonlocal current, started, target
        if started:
            entries.append(current)
        current, started, target = Entry(), False, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#~"):
            current.obsolete = True
            line = line[2:].strip()
            if not line:
                continue
        elif line.startswith("#,"):
            if started:
                flush()
            current.flags.update(f.strip() for f in line[2:].split(",") if f.strip())
            continue
        elif line.startswith("#"):
            if started and target is not None:
                flush()
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"{path}: continuation line without a keyword: {raw!r}")
            name, index = target
            text = _unquote(line)
            if name == "msgstr":
                current.msgstr[index] = current.msgstr.get(index, "") + text
            else:
                setattr(current, name, (getattr(current, name) or "") + text)
            continue
        match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if keyword == "msgctxt":
            if started and current.msgid:
                flush()
            current.msgctxt, target = _unquote(rest), ("msgctxt", None)
        elif keyword == "msgid":
            if started and (current.msgid or current.msgstr):
                flush()
            current.msgid, target = _unquote(rest), ("msgid", None)
        elif keyword == "msgid_plural":
            current.msgid_plural, target = _unquote(rest), ("msgid_plural", None)
        elif keyword == "msgstr":
            current.msgstr[0], target = _unquote(rest), ("msgstr", 0)
        elif match:
            index = int(match.group(1))
            current.msgstr[index], target = _unquote(rest), ("msgstr", index)
        else:
            raise ValueError(f"{path}: cannot parse line {raw!r}")
        started = True
    flush()
    return entries


def header_fields(entries: list[Entry]) -> dict[str, str]:
    header = next((e for e in entries if e.is_header), None)
    if header is None:
        return {}
    fields = {}
    for line in header.msgstr.get(0, "").splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip()] = value.strip()
    return fields


def live(entries: list[Entry]) -> list[Entry]:
    """The translatable entries: no header, no obsolete (#~) leftovers."""
    return [e for e in entries if not e.is_header and not e.obsolete]


def problems(entries: list[Entry]) -> list[str]:
    """Empty translations and fuzzy flags, one line each."""
    out = []
    for entry in entries:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            out.append(f"fuzzy: {entry.msgid!r}")
        if not entry.is_header and entry.untranslated:
            out.append(f"empty msgstr: {entry.msgid!r}")
    return out


def _copy_sources(dest: Path) -> None:
    def ignore(directory: str, names: list[str]) -> set[str]:
        here = Path(directory)
        skipped = {n for n in names if n in IGNORED_DIRS or n.endswith((".pyc", ".egg-info"))}
        if here == ROOT / "locale":
            skipped.update(names)  # a fresh, empty catalogue: extraction must not merge
        return skipped

    shutil.copytree(ROOT, dest, ignore=ignore, dirs_exist_ok=True)
    (dest / "locale" / LOCALE / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)


def extract_fresh(workdir: Path | None = None) -> list[Entry]:
    """Run `makemessages` over a temporary copy of the sources and return what it extracted."""
    with tempfile.TemporaryDirectory(prefix="qualift-i18n-") as tmp:
        base = Path(workdir or tmp) / "src"
        _copy_sources(base)
        env = {
            **os.environ,
            "PYTHONPATH": str(base),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "QUALIFT_VAR_DIR": str(Path(tmp) / "var"),
        }
        django_admin = [sys.executable, "-m", "django"]
        subprocess.run(  # noqa: S603 - fixed arguments, nothing from outside
            [*django_admin, "makemessages", "-l", LOCALE, "--no-location", "--no-obsolete"],
            cwd=base,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        return parse_po(base / "locale" / LOCALE / "LC_MESSAGES" / "django.po")


def missing_from(committed: list[Entry], fresh: list[Entry]) -> list[str]:
    """Msgids the source extraction has that the committed catalogue lacks or leaves empty."""
    translated = {e.key for e in live(committed) if not e.untranslated and "fuzzy" not in e.flags}
    return sorted(e.msgid for e in live(fresh) if e.key not in translated)


def compile_to(po: Path, mo: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        raise RuntimeError("msgfmt (GNU gettext) is not installed")
    subprocess.run(  # noqa: S603 - fixed arguments, nothing from outside
        [msgfmt, "--check-format", "-o", str(mo), str(po)],
        check=True,
        capture_output=True,
        text=True,
    )


def mo_catalog(mo: Path) -> dict:
    """The translations a compiled .mo holds (the metadata entry left out)."""
    with mo.open("rb") as handle:
        catalog = dict(gettext.GNUTranslations(handle)._catalog)
    catalog.pop("", None)
    return catalog


def mo_differences(po: Path = PO_PATH, mo: Path = MO_PATH) -> list[str]:
    """Keys whose translation differs between the committed .mo and a fresh compile of the .po."""
    if not mo.exists():
        return [f"{mo} does not exist"]
    with tempfile.TemporaryDirectory(prefix="qualift-mo-") as tmp:
        fresh_mo = Path(tmp) / "django.mo"
        compile_to(po, fresh_mo)
        expected, actual = mo_catalog(fresh_mo), mo_catalog(mo)
    keys = sorted(set(expected) | set(actual), key=repr)
    return [repr(k) for k in keys if expected.get(k) != actual.get(k)]


def main() -> int:
    entries = parse_po(PO_PATH)
    found = problems(entries)
    found += [f"missing: {m!r}" for m in missing_from(entries, extract_fresh())]
    found += [f".mo out of date: {d}" for d in mo_differences()]
    where = PO_PATH.relative_to(ROOT)
    summary = f"{len(live(entries))} entries in {where}; {len(found)} problem(s)"
    sys.stdout.write("".join(f"{line}\n" for line in [*found, summary]))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
