"""A worker process that compiles Typst sources sent to it, one after another.

Started by ``pdf.py`` as ``python -m humsec.documents.render.pdf_worker``. It reads jobs
from its standard input and writes results to its standard output, each a pickled value
after an 8-byte length: a job is (source, font folders, timestamp), a result is
("ok", pdf bytes) or ("error", message). A plain subprocess rather than multiprocessing:
nothing of the caller's __main__ is imported again, whatever started the render.
"""

from __future__ import annotations

import sys


def main() -> None:
    from humsec.documents.render.model import DocumentError
    from humsec.documents.render.pdf import compile_typst, read_message, write_message

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while (job := read_message(stdin)) is not None:
        try:
            write_message(stdout, ("ok", compile_typst(*job)))
        except DocumentError as error:
            write_message(stdout, ("error", str(error)))


if __name__ == "__main__":
    main()
