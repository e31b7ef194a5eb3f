"""How fast, and in how much memory, a compilation renders to Word, PDF and HTML.

Run with `python bench/documents.py` (add `--sizes 2500,5000` to choose the sizes). The
content is synthetic and the same in every run: N/50 participants, each with a short
reply (two paragraphs) and 50 initiatives of about 90 words in the initiatives section
(title, dates and place, description), grouped as past, ongoing and planned. Each render
runs in a fresh Python process, so "seconds" includes the imports and the first use of
the fonts ("cold"; "warm" renders the same document again in that process, as a preview
would). "peak MB" is the largest resident memory of that process and all its children
together (the PDF's Typst workers), sampled every 50 ms; "maxrss" is what getrusage says
(RUSAGE_SELF + RUSAGE_CHILDREN), which for a child also counts the parent's pages it saw
before exec. pandoc, the peer to beat, turns the same content written as Markdown into
.docx (Debian's package; the row says so when it is missing).

The goals: 10,000 initiatives in Word under 5 s, in PDF under 10 s and 800 MB;
time growing linearly with size; a typical compilation (50 replies, 500 initiatives)
previewed in PDF and HTML under 1 s. The machine's load average is printed first: other
work on it slows the PDF most, which uses both cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SIZES = (2500, 5000, 10000, 20000)
PER_PARTICIPANT = 50
FORMATS = ("docx", "pdf", "html", "pandoc")
WORDS = [
    "human",
    "security",
    "initiative",
    "programme",
    "community",
    "protection",
    "development",
    "peace",
    "women",
    "children",
    "refugees",
    "capacity",
    "building",
    "regional",
    "cooperation",
    "support",
    "government",
    "national",
    "policy",
    "workshop",
    "training",
    "health",
    "education",
    "conflict",
    "prevention",
    "displaced",
    "persons",
    "empowerment",
    "livelihoods",
    "resilience",
    "local",
    "authorities",
    "partnership",
    "assessment",
    "poverty",
    "reduction",
    "disaster",
    "risk",
    "climate",
    "adaptation",
    "trafficking",
    "mine",
    "action",
    "armed",
    "violence",
    "rights",
    "rule",
    "law",
    "reconciliation",
    "dialogue",
    "youth",
    "employment",
    "food",
    "nutrition",
    "water",
    "sanitation",
    "networks",
    "civil",
    "society",
    "organizations",
    "fund",
    "projects",
    "field",
    "evaluation",
]
TIMEFRAMES = ("past", "ongoing", "planned")


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def synthetic(initiatives: int, per: int = PER_PARTICIPANT, seed: int = 2008) -> dict:
    """A compilation with initiatives // per participants, each with a reply and `per`
    initiatives of about 90 words."""
    rng = random.Random(seed)
    participants = max(1, initiatives // per)
    names = [f"Participant {number:04d}" for number in range(1, participants + 1)]
    contributions, section = [], []
    for name in names:
        contributions.append(
            {
                "heading": name,
                "title": f"Initiatives of {name} in the area of human security",
                "date": "2007-10-01",
                "language": "en",
                "html": f"<p>{sentence(rng, 60)}</p><p>{sentence(rng, 40)}</p>",
                "kind": "state",
            }
        )
        groups = {timeframe: [] for timeframe in TIMEFRAMES}
        for number in range(per):
            groups[TIMEFRAMES[number % 3]].append(
                {
                    "title": sentence(rng, 8)[:-1],
                    "dates": f"{rng.randint(1, 28)} May {rng.choice((2006, 2007, 2008))}",
                    "place": rng.choice(("New York", "Geneva", "Vienna", "Bangkok", "Santiago")),
                    "description": " ".join(sentence(rng, 13) for _ in range(6)),
                }
            )
        section.append(
            {
                "participant": name,
                "groups": [{"timeframe": t, "items": items} for t, items in groups.items()],
            }
        )
    return {
        "organ": "General Assembly",
        "symbol": "A/62/695",
        "date": "2008-02-15",
        "session": 62,
        "agenda_items": [
            {"number": 116, "title": "Follow-up to the outcome of the Millennium Summit"}
        ],
        "addressee": "President of the General Assembly",
        "letter_date": "2008-02-13",
        "signatories": [
            {"name": "Yukio Takasu", "title": "Permanent Representative", "country": "Japan"},
            {"name": "Claude Heller", "title": "Permanent Representative", "country": "Mexico"},
        ],
        "body": [
            "We have the honour to transmit herewith the compilation (see annex).",
            "We should be grateful if you would have the present letter and its annex "
            "circulated as a document of the General Assembly, under agenda item 116.",
        ],
        "annex": {
            "title": "Compilation of information on human security initiatives",
            "contributions": contributions,
            "initiatives_section": section,
        },
        "job_number": "08-24140",
        "job_date": "2008-03-27",
    }


def markdown(document: dict) -> str:
    """The same content as Markdown, for pandoc."""
    lines = [f"# {document['symbol']}", ""]
    lines += [p + "\n" for p in document["body"]]
    annex = document["annex"]
    lines += [f"# {annex['title']}", ""]
    for c in annex["contributions"]:
        lines += [f"## {c['heading']}", "", f"**{c['title']}**", "", c["date"], ""]
        lines += [c["html"].replace("<p>", "").replace("</p>", "\n\n")]
    lines += ["## Initiatives reported by the participants", ""]
    for part in annex["initiatives_section"]:
        lines += [f"### {part['participant']}", ""]
        for group in part["groups"]:
            lines += [f"#### {group['timeframe'].capitalize()} initiatives", ""]
            for item in group["items"]:
                lines += [f"**{item['title']}**", "", f"*{item['dates']}, {item['place']}*", ""]
                lines += [item["description"], ""]
    return "\n".join(lines)


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


class TreeMemory:
    """Samples, every 50 ms, the resident memory of this process and all its descendants
    (from /proc), and keeps the largest sum: the memory really in use at once. (A child's
    ru_maxrss also counts the parent's pages it shared before exec, so it overstates.)"""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _sample() -> int:
        total, stack = 0, [os.getpid()]
        while stack:
            pid = stack.pop()
            try:
                status = Path(f"/proc/{pid}/statm").read_text().split()
                total += int(status[1]) * resource.getpagesize()
                for task in Path(f"/proc/{pid}/task").iterdir():
                    stack.extend(int(c) for c in (task / "children").read_text().split())
            except (OSError, ValueError):
                continue
        return total

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(0.05)


def one(fmt: str, initiatives: int, per: int) -> dict:
    """Render once in this (fresh) process and report."""
    document = synthetic(initiatives, per)
    if fmt == "pandoc":
        pandoc = shutil.which("pandoc")
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "document.md"
            source.write_text(markdown(document), encoding="utf-8")
            del document
            with TreeMemory() as memory:
                started = time.perf_counter()
                subprocess.run(
                    [pandoc, str(source), "-f", "markdown", "-t", "docx", "-o", f"{folder}/o.docx"],
                    check=True,
                )
                seconds = time.perf_counter() - started
            size = Path(f"{folder}/o.docx").stat().st_size
        return {
            "seconds": seconds,
            "peak": memory.peak / 2**20,
            "maxrss": _peak_mb(resource.RUSAGE_CHILDREN),
            "bytes": size,
        }
    with TreeMemory() as memory:
        started = time.perf_counter()
        from humsec.documents.render import render

        data = render(document, fmt)
        seconds = time.perf_counter() - started
    warm = None
    if initiatives <= 1000:  # a preview: the same document again, modules and fonts loaded
        started = time.perf_counter()
        render(document, fmt)
        warm = time.perf_counter() - started
    maxrss = _peak_mb(resource.RUSAGE_SELF) + _peak_mb(resource.RUSAGE_CHILDREN)
    pages = None
    if fmt == "pdf":
        pages = int(re.search(rb"/Type/Pages/Count (\d+)", data).group(1))
    return {
        "seconds": seconds,
        "warm": warm,
        "peak": memory.peak / 2**20,
        "maxrss": maxrss,
        "bytes": len(data),
        "pages": pages,
    }


def measure(fmt: str, initiatives: int, per: int = PER_PARTICIPANT) -> dict:
    if fmt == "pandoc" and shutil.which("pandoc") is None:
        return {"note": "pandoc not installed (apt-get install pandoc)"}
    command = [sys.executable, __file__, "--one", fmt, str(initiatives), str(per)]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--one", nargs=3, metavar=("FORMAT", "INITIATIVES", "PER"))
    args = parser.parse_args()
    if args.one:
        fmt, initiatives, per = args.one
        print(json.dumps(one(fmt, int(initiatives), int(per))))
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average {load} (other work on the machine slows this)")
    print("Typical compilation: 50 replies, 500 initiatives (10 each)")
    print(f"{'format':<8}{'cold s':>8}{'warm s':>8}{'peak MB':>9}{'pages':>7}")
    for fmt in ("pdf", "html", "docx"):
        r = measure(fmt, 500, 10)
        pages = r.get("pages") or ""
        print(
            f"{fmt:<8}{r['seconds']:>8.2f}{r['warm']:>8.2f}{r['peak']:>9.0f}{pages:>7}",
            flush=True,
        )
    print()
    print(
        f"{'initiatives':>11}  {'format':<7}{'seconds':>9}{'s/1000':>8}{'peak MB':>9}"
        f"{'maxrss':>8}{'pages':>7}{'MB out':>8}"
    )
    for size in sizes:
        for fmt in FORMATS:
            r = measure(fmt, size)
            if "note" in r:
                print(f"{size:>11,}  {fmt:<7}  {r['note']}")
                continue
            pages = r.get("pages") or ""
            print(
                f"{size:>11,}  {fmt:<7}{r['seconds']:>9.2f}{r['seconds'] / size * 1000:>8.2f}"
                f"{r['peak']:>9.0f}{r['maxrss']:>8.0f}{pages:>7}{r['bytes'] / 1e6:>8.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
