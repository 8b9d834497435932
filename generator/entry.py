"""The `rye-codegen` console script: the CLI, with a Ctrl-C during its imports answered as
one during a run (`interrupted`, exit 130), not with a traceback."""

from __future__ import annotations

import sys


def run() -> None:
    try:
        from generator.cli import main
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        raise SystemExit(130) from None
    raise SystemExit(main())
