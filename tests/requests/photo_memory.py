"""Process photo files one after another in this process and print its peak memory as JSON.

Run as a script, in a process of its own so that its high-water mark is the processing's alone:

    python tests/requests/photo_memory.py [--images PATH] [--way inline|check|before] FILE...

Prints {"baseline_kb", "peak_kb", "seconds"}: ru_maxrss after Django and Pillow are imported,
ru_maxrss after the files are processed, and the time the processing took. `--images` loads
another copy of posts/requests/images.py (bench/photos.py passes the one before bounded decoding).
Used by tests/requests/test_photo_memory.py and bench/photos.py.
"""

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_SPAWNED = "RECONNECT_PHOTO_MEMORY_SPAWNED"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--images", type=Path, help="another copy of posts/requests/images.py to use")
    parser.add_argument(
        "--way",
        choices=("inline", "check", "before"),
        default="inline",
        help="inline: process_upload with thumbnail (the request without a worker, or the worker's task); "
        "check: check_upload (the request when a worker re-encodes); "
        "before: process_upload without thumbnail, then make_thumbnail (the request and the thumbnail task before)",
    )
    args = parser.parse_args()
    if not os.environ.get(_SPAWNED):
        # Linux carries a process's high-water mark over fork and exec: started from a big process (pytest
        # with the scans it made), ru_maxrss would report that one's. A child of this small process starts clean.
        env = {**os.environ, _SPAWNED: "1"}
        sys.exit(subprocess.run([sys.executable, __file__, *sys.argv[1:]], env=env, check=False).returncode)  # noqa: S603 (our own script)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reconnect.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "photo-memory-probe")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    Image.init()  # Import every plugin now, so the baseline holds them.
    images = _load(args.images) if args.images else importlib.import_module("posts.requests.images")
    uploads = [SimpleUploadedFile(path.name, path.read_bytes()) for path in args.files]
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    started = time.perf_counter()
    kept = []  # As the form does: every photo's result lives until the service stores them all.
    for upload in uploads:
        if args.way == "check":
            kept.append(images.check_upload(upload))
        elif args.way == "before":
            processed = images.process_upload(upload, thumbnail=False)
            processed.full.seek(0)
            kept.append((processed, images.make_thumbnail(processed.full.read())))
        else:
            kept.append(images.process_upload(upload))
    seconds = time.perf_counter() - started

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"baseline_kb": baseline, "peak_kb": peak, "seconds": round(seconds, 3)}))


def _load(path: Path):
    spec = importlib.util.spec_from_file_location("images_under_test", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    main()
