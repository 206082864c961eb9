"""Peak memory and time of the six-PNG upload of issue 10, before and after bounded decoding.

    python bench/photos.py [--before REV]

Makes six 36-megapixel 1-bit PNGs, then runs tests/requests/photo_memory.py on them in processes
of their own: the code of REV (default 7f0b05b, before this change: the request re-encoded each
photo, then the thumbnail task decoded it again), today's inline path (the request without a
worker, or the worker's tasks one after another), and today's request path with a worker (header
checks only). Prints each one's ru_maxrss after imports and at the end, and its time as a ratio to
before's.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
CHILD = ROOT / "tests" / "requests" / "photo_memory.py"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default="7f0b05b", help="the commit whose posts/requests/images.py is 'before'")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = [Path(folder) / f"scan{i}.png" for i in range(6)]
        for shift, path in enumerate(files):
            scan(path, shift * 100)
        before = Path(folder) / "images_before.py"
        before.write_bytes(
            subprocess.run(  # noqa: S603 - git, on our own repository
                ["git", "show", f"{args.before}:posts/requests/images.py"],  # noqa: S607
                cwd=ROOT,
                capture_output=True,
                check=True,
            ).stdout
        )
        runs = {
            f"before ({args.before}): request + thumbnail task": measure(files, "--way", "before", "--images", before),
            "after, no worker: the request": measure(files, "--way", "inline"),
            "after, with a worker: the request": measure(files, "--way", "check"),
            "after, with a worker: the six tasks": measure(files, "--way", "inline"),
        }
    base = next(iter(runs.values()))["seconds"]
    print(f"{'six 36 MP 1-bit PNGs':<48} {'after imports':>13} {'peak':>7} {'growth':>7} {'time':>6}")
    for name, run in runs.items():
        baseline, peak = run["baseline_kb"] / 1024, run["peak_kb"] / 1024
        ratio = run["seconds"] / base
        print(f"{name:<48} {baseline:>10.0f} MB {peak:>4.0f} MB {peak - baseline:>4.0f} MB {ratio:>6.3f}")


def scan(path: Path, shift: int) -> None:
    img = Image.new("1", (7200, 5000), 1)
    draw = ImageDraw.Draw(img)
    for x in range(0, 7200, 97):
        draw.line((x, 0, 7200 - x, 5000), fill=0, width=3)
    draw.rectangle((1000 + shift, 1000, 3000, 2500), fill=0)
    img.save(path)


def measure(files, *options) -> dict:
    run = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(CHILD), *map(str, options), *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
