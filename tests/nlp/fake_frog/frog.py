"""A fake ``frog`` for fault-injection tests: Frog's command line and tab-separated output.

Called as the adapter calls Frog: ``frog --skip=mpacn --threads=1`` reading standard input
(the long-running mode: a paragraph is tagged when the empty line after it is read, its rows
written and flushed at once), ``frog --skip=mpac -t in.txt -o out.tsv`` (the one-shot mode,
cwd a temporary folder), and ``frog --version``. For simple Dutch text it writes what Frog
writes: one row per token with 13 tab-separated columns (id, word, lemma, morphology, CGN
tag, confidence, IOB entity (empty when ``n`` is in ``--skip``), then the skipped modules'
empty columns), token ids 1, 2, … per sentence, and a
blank line after every sentence. Like the real Frog (0.20, checked on this machine) it drops
soft hyphens (U+00AD) inside words, writes the ligatures ``ﬀ``/``ﬂ`` as ``ff``/``fl``,
composes accents (NFC), and ends a sentence at a paragraph break (a blank line) and after
``.``, ``!`` and ``?``.

The environment variable ``FAKE_FROG_MODE`` injects a fault:

``hang``       sleep (for the deadline tests); ``FAKE_FROG_HANG_ON=word`` hangs only when
               the input (a paragraph, reading standard input) contains ``word``
``exit1``      print an error on stderr and exit 1
``nofile``     exit 0 without writing the output file
``empty``      exit 0 with an empty output file
``garbage``    exit 0 with lines that are not Frog's format
``truncate``   exit 0 with the output cut after its first rows (at a row boundary)
``cutline``    exit 0 with the output cut in the middle of a row
``skiprow``    exit 0 without the row of the word ``FAKE_FROG_WORD`` (default: the last
               word before the last full stop), the other ids renumbered
``change``     exit 0 with the word ``FAKE_FROG_WORD`` spelled differently
``crashon``    reading standard input: die (exit 134, as on an abort) at the paragraph that
               contains ``FAKE_FROG_WORD``

Reading standard input, ``exit1`` fails at start, ``nofile``/``empty`` exit 0 at once,
``garbage`` writes garbage for the first paragraph, ``truncate``/``cutline`` cut the output of
the first paragraph of at least six rows, and exit 0; ``skiprow``/``change`` apply to every
paragraph (``FAKE_FROG_WORD`` must be given) and go on.

Every call appends its arguments to the file ``FAKE_FROG_LOG`` when that is set.
"""

from __future__ import annotations

import os
import re
import sys
import time
import unicodedata

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:[-'’]\w+)*|\S")
_LEXICON = {
    "de": ("LID(bep,stan,rest)", "de"),
    "het": ("LID(bep,stan,evon)", "het"),
    "een": ("LID(onbep,stan,agr)", "een"),
    "en": ("VG(neven)", "en"),
    "of": ("VG(neven)", "of"),
    "dat": ("VG(onder)", "dat"),
    "in": ("VZ(init)", "in"),
    "op": ("VZ(init)", "op"),
    "van": ("VZ(init)", "van"),
    "over": ("VZ(init)", "over"),
    "met": ("VZ(init)", "met"),
    "voor": ("VZ(init)", "voor"),
    "aan": ("VZ(init)", "aan"),
    "is": ("WW(pv,tgw,ev)", "zijn"),
    "zijn": ("WW(pv,tgw,mv)", "zijn"),
    "heeft": ("WW(pv,tgw,met-t)", "hebben"),
    "wordt": ("WW(pv,tgw,met-t)", "worden"),
    "niet": ("BW()", "niet"),
    "ook": ("BW()", "ook"),
    "hij": ("VNW(pers,pron,nomin,vol,3,ev,masc)", "hij"),
    "ik": ("VNW(pers,pron,nomin,vol,1,ev)", "ik"),
    "u": ("VNW(pers,pron,nomin,vol,2b,getal)", "u"),
}


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\u00ad", ""))
    return text.replace("\ufb00", "ff").replace("\ufb02", "fl")


def _tag(word: str, first: bool) -> tuple[str, str, str]:
    """(lemma, CGN tag, IOB entity) of one word."""
    if word.lower() in _LEXICON:
        tag, lemma = _LEXICON[word.lower()]
        return lemma, tag, "O"
    if not any(c.isalnum() for c in word):
        return word, "LET()", "O"
    if word[0].isdigit():
        return word, "TW(hoofd,vrij)", "O"
    if word[0].isupper() and not first:
        return word, "SPEC(deeleigen)", "B-LOC"
    if word.endswith("en") and len(word) > 4:
        return word[:-2], "N(soort,mv,basis)", "O"
    return word.lower(), "N(soort,ev,basis,zijd,stan)", "O"


def sentences(text: str, *, ner: bool = True) -> list[list[str]]:
    """Frog's rows (as text lines) of ``text``, one list per sentence."""
    out: list[list[str]] = []
    for para in re.split(r"\n[ \t]*\n", _clean(text)):
        words = _TOKEN.findall(para)
        sent: list[str] = []
        for word in words:
            lemma, tag, ent = _tag(word, not sent)
            cols = [str(len(sent) + 1), word, lemma, "", tag, "0.990000", ent if ner else ""]
            cols += [""] * 6
            sent.append("\t".join(cols))
            if word in ".!?":
                out.append(sent)
                sent = []
        if sent:
            out.append(sent)
    return out


def _renumber(sent: list[str]) -> list[str]:
    return ["\t".join([str(i + 1), *row.split("\t")[1:]]) for i, row in enumerate(sent)]


def _faulty(sents: list[list[str]], mode: str, word: str) -> str:
    rows = [row for sent in sents for row in sent]
    if mode == "garbage":
        return "<html><body>Service unavailable</body></html>\n\x00\x01 binary junk\n"
    if mode in ("truncate", "cutline"):
        lines = "".join("\n".join(s) + "\n\n" for s in sents).splitlines(keepends=True)
        kept = "".join(lines[: max(1, len(lines) // 3)])
        return kept[: len(kept) - 12] if mode == "cutline" else kept
    words = [row.split("\t")[1] for row in rows]
    if not word:
        stops = [i for i, w in enumerate(words) if w == "."]
        word = words[stops[-1] - 1] if stops and stops[-1] > 0 else words[-1]
    out = []
    for sent in sents:
        new = []
        for row in sent:
            cols = row.split("\t")
            if cols[1] == word and mode == "skiprow":
                continue
            if cols[1] == word and mode == "change":
                cols[1] = cols[1][:2] + "x" + cols[1][3:]
            new.append("\t".join(cols))
        if new:
            out.append(_renumber(new))
    return "".join("\n".join(s) + "\n\n" for s in out)


def _paragraphs(stream):
    """Paragraphs of ``stream`` as Frog's standard-input mode reads them (up to an empty
    line; an empty first line is an empty paragraph)."""
    for line in stream:
        data = line.rstrip("\n")
        data = data + "\n" if data else data
        if data:
            for more in stream:
                if not more.rstrip("\n"):
                    break
                data += more
        yield data


def _ner(argv: list[str]) -> bool:
    skip = [a.split("=", 1)[1] for a in argv if a.startswith("--skip=")]
    return not skip or "n" not in skip[0]


def _stdin_mode(mode: str, word: str, ner: bool) -> int:
    if mode == "exit1":
        print("frog: a fatal error in the fake frog", file=sys.stderr)
        return 1
    if mode in ("nofile", "empty"):
        return 0
    stream = open(sys.stdin.fileno(), encoding="utf-8", newline="\n", closefd=False)  # noqa: SIM115
    sys.stdout.reconfigure(encoding="utf-8")
    for para in _paragraphs(stream):
        if mode == "hang" and os.environ.get("FAKE_FROG_HANG_ON", "") in para:
            time.sleep(3600)
        if mode == "crashon" and word and word in para:
            os.abort()
        sents = sentences(para, ner=ner)
        cut = mode in ("truncate", "cutline") and sum(map(len, sents)) >= 6
        if mode in ("skiprow", "change") or cut or (mode == "garbage" and sents):
            body = _faulty(sents, mode, word)
        else:
            body = "".join("\n".join(s) + "\n\n" for s in sents)
        sys.stdout.write(body)
        sys.stdout.flush()
        if cut or (mode == "garbage" and sents):
            return 0
    return 0


def main(argv: list[str]) -> int:
    log = os.environ.get("FAKE_FROG_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(" ".join(argv) + "\n")
    if "--version" in argv:
        print("frog v9.9-fake (fake frog for tests)")
        return 0
    mode = os.environ.get("FAKE_FROG_MODE", "")
    if "-t" not in argv:
        return _stdin_mode(mode, os.environ.get("FAKE_FROG_WORD", ""), _ner(argv))
    inp = argv[argv.index("-t") + 1]
    out = argv[argv.index("-o") + 1]
    with open(inp, encoding="utf-8") as f:
        text = f.read()
    if mode == "hang" and os.environ.get("FAKE_FROG_HANG_ON", "") in text:
        time.sleep(3600)
    if mode == "exit1":
        print("frog: a fatal error in the fake frog", file=sys.stderr)
        return 1
    if mode == "nofile":
        return 0
    sents = sentences(text, ner=_ner(argv))
    if mode == "empty":
        body = ""
    elif mode in ("garbage", "truncate", "cutline", "skiprow", "change"):
        body = _faulty(sents, mode, os.environ.get("FAKE_FROG_WORD", ""))
    else:
        body = "".join("\n".join(s) + "\n\n" for s in sents)
    with open(out, "w", encoding="utf-8") as f:
        f.write(body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
