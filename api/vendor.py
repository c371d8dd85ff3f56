"""Vendor the pages' JavaScript from the npm registry, at pinned versions, into ``static/vendor``.

Run ``python -m unkg.api.vendor`` once in a source checkout (or before building the wheel,
which then carries the files): it needs npm, the installed app never does. Nothing is
committed and nothing is loaded from a CDN at run time; each library's licence and the
registry's integrity hash are kept next to its files (``vendor/<name>/LICENSE``,
``vendor/manifest.json``). Without the files the endpoint still works and the pages say how
to get them.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

VENDOR = Path(__file__).parent / "static" / "vendor"


@dataclass(frozen=True)
class Package:
    name: str  # the directory under static/vendor and in the pages' URLs
    spec: str  # npm package@version, pinned
    files: tuple[str, ...]  # paths inside the tarball's package/ folder
    title: str


PACKAGES = (
    Package("cytoscape", "cytoscape@3.34.4", ("dist/cytoscape.min.js", "LICENSE"), "Cytoscape.js"),
    Package("yasgui", "@zazuko/yasgui@4.6.2", ("build/yasgui.min.js", "build/yasgui.min.css"), "YASGUI"),
)


def _package(name: str) -> Package:
    return next(p for p in PACKAGES if p.name == name)


def installed(name: str) -> bool:
    p = _package(name)
    return all((VENDOR / p.name / Path(f).name).is_file() for f in p.files)


def missing_message(name: str) -> str | None:
    """What a page shows when its library has not been vendored; None when it has."""
    if installed(name):
        return None
    return (
        f"{_package(name).title} is not installed in this copy of unkg. Run "
        f"<code>python -m unkg.api.vendor</code> (it needs npm) and reload this page."
    )


def _licence(meta: dict) -> str:
    """A licence note from package.json, for packages whose tarball ships no LICENSE file."""
    repo = meta.get("repository")
    repo = repo.get("url") if isinstance(repo, dict) else repo
    author = meta.get("author")
    author = author.get("name") if isinstance(author, dict) else author
    return (
        f"{meta['name']} {meta['version']}\nLicence: {meta.get('license')} (SPDX), as declared in its "
        f"package.json; the tarball ships no licence text.\nAuthor: {author}\nSource: {repo}\n"
    )


def vendor(packages: tuple[Package, ...] = PACKAGES) -> dict:
    """Fetch each package with ``npm pack`` (npm checks the registry's integrity hash) and
    copy the files the pages use; returns the manifest written."""
    if shutil.which("npm") is None:
        raise SystemExit("error: npm is needed to fetch the pages' JavaScript (apt-get install npm)")
    manifest = {}
    with tempfile.TemporaryDirectory() as tmp:
        for p in packages:
            result = subprocess.run(
                ["npm", "pack", p.spec, "--json", "--silent", "--pack-destination", tmp],
                capture_output=True, text=True, check=False,
            )
            if result.returncode != 0:
                raise SystemExit(f"error: npm pack {p.spec} failed: {result.stderr.strip().splitlines()[-1:]}")
            info = json.loads(result.stdout)[0]
            target = VENDOR / p.name
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            with tarfile.open(Path(tmp) / info["filename"]) as tar:
                meta = json.load(tar.extractfile("package/package.json"))
                for f in p.files:
                    (target / Path(f).name).write_bytes(tar.extractfile(f"package/{f}").read())
            if not (target / "LICENSE").exists():
                (target / "LICENSE").write_text(_licence(meta), encoding="utf-8")
            manifest[p.name] = {
                "package": meta["name"], "version": meta["version"], "license": meta.get("license"),
                "integrity": info.get("integrity"), "files": sorted(Path(f).name for f in p.files),
            }
            print(f"{p.spec}: {', '.join(Path(f).name for f in p.files)} → {target}", file=sys.stderr)
    (VENDOR / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    """Vendor what is missing; without npm or the registry, say so and leave the pages'
    fallback in place (exit 0, so that a set-up command chain goes on: the API works, and
    the browser tests skip with the reason)."""
    if all(installed(p.name) for p in PACKAGES):
        print(f"already vendored in {VENDOR}", file=sys.stderr)
        return
    try:
        vendor()
    except SystemExit as e:
        print(f"warning: {str(e).removeprefix('error: ')}; the query and graph pages fall back to "
              "plain HTML until `python -m unkg.api.vendor` succeeds", file=sys.stderr)


if __name__ == "__main__":
    main()
