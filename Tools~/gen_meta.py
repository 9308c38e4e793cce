#!/usr/bin/env python3
"""Gives every file and folder that Unity imports from this package a .meta with a stable, unique GUID.

A package installed from git or a registry is immutable: Unity ignores any file or folder in it without a .meta
beside it ("Asset ... has no meta file, but it's in an immutable folder. The asset will be ignored."). Unity imports
everything except hidden names: starting with '.', ending with '~', named 'cvs', ending with '.tmp'.

Existing .meta files are never rewritten (their GUIDs are what users' projects reference). A new one gets
GUID = md5("com.gdengine.core/" + path), so the script gives the same GUID on every machine. A .meta whose asset is
gone (or hidden) is an orphan and is removed. Tests~/Package/PackageMetaTests fails on a missing, orphaned or
duplicated meta or a malformed GUID.

usage: python3 Tools~/gen_meta.py [--check]   (--check: change nothing, list problems, exit 1 if any)
"""
import hashlib
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "com.gdengine.core"
GUID = re.compile(r"^guid: ([0-9a-f]{32})\s*$", re.M)

TAIL = "  externalObjects: {}\n  userData: \n  assetBundleName: \n  assetBundleVariant: \n"
TEMPLATES = {
    "folder": "folderAsset: yes\nDefaultImporter:\n" + TAIL,
    ".cs": "MonoImporter:\n  externalObjects: {}\n  serializedVersion: 2\n  defaultReferences: []\n  executionOrder: 0\n"
           "  icon: {instanceID: 0}\n  userData: \n  assetBundleName: \n  assetBundleVariant: \n",
    ".asmdef": "AssemblyDefinitionImporter:\n" + TAIL,
    ".asmref": "AssemblyDefinitionReferenceImporter:\n" + TAIL,
    ".png": "TextureImporter:\n  externalObjects: {}\n  serializedVersion: 11\n  mipmaps:\n    enableMipMap: 0\n"
            "  isReadable: 0\n  textureType: 0\n  textureShape: 1\n  alphaIsTransparency: 1\n  userData: \n"
            "  assetBundleName: \n  assetBundleVariant: \n",
    "text": "TextScriptImporter:\n" + TAIL,
    "other": "DefaultImporter:\n" + TAIL,
}
TEXT = {".md", ".json", ".txt", ".csv", ".xml", ".yaml", ".yml", ".html", ".htm", ".bytes"}


def hidden(part):
    return part.startswith(".") or part.endswith("~") or part.lower() == "cvs" or part.endswith(".tmp")


def package_files(root):
    """Files of the package: git's tracked and untracked-but-not-ignored files in a checkout, else every file."""
    try:
        out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=root, check=True,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode("utf-8")
        return [f for f in out.split("\0") if f and os.path.exists(os.path.join(root, f))]
    except (OSError, subprocess.CalledProcessError):
        files = []
        for d, dirs, names in os.walk(root):
            dirs[:] = [x for x in dirs if not hidden(x)]
            files += [os.path.relpath(os.path.join(d, n), root).replace(os.sep, "/") for n in names]
        return files


def imported(files):
    """Assets Unity imports (files and their folders, package root excluded) and the .meta files present."""
    assets, metas = set(), set()
    for f in files:
        parts = f.split("/")
        if any(hidden(p) for p in parts):
            continue
        if f.endswith(".meta"):
            metas.add(f)
            continue
        for i in range(1, len(parts) + 1):
            assets.add("/".join(parts[:i]))
    return assets, metas


def meta_text(root, asset):
    guid = hashlib.md5((PACKAGE + "/" + asset).encode("utf-8")).hexdigest()
    if os.path.isdir(os.path.join(root, asset)):
        body = TEMPLATES["folder"]
    else:
        ext = os.path.splitext(asset)[1].lower()
        body = TEMPLATES.get(ext) or (TEMPLATES["text"] if ext in TEXT else TEMPLATES["other"])
    return "fileFormatVersion: 2\nguid: %s\n%s" % (guid, body)


def problems(root, files):
    assets, metas = imported(files)
    missing = sorted(a for a in assets if a + ".meta" not in metas)
    orphans = sorted(m for m in metas if m[:-5] not in assets)
    seen, dups, bad = {}, [], []
    for m in sorted(metas):
        with open(os.path.join(root, m), encoding="utf-8") as fh:
            g = GUID.search(fh.read())
        if not g:
            bad.append(m)
            continue
        if g.group(1) in seen:
            dups.append((m, seen[g.group(1)]))
        seen.setdefault(g.group(1), m)
    return missing, orphans, dups, bad


def main():
    check = "--check" in sys.argv[1:]
    root = ROOT
    missing, orphans, dups, bad = problems(root, package_files(root))
    if check:
        for a in missing: print("missing .meta: " + a)
        for m in orphans: print("orphaned .meta: " + m)
        for m, other in dups: print("duplicated guid: %s (same as %s)" % (m, other))
        for m in bad: print("malformed guid: " + m)
        return 1 if (missing or orphans or dups or bad) else 0
    for a in missing:
        with open(os.path.join(root, a + ".meta"), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(meta_text(root, a))
    for m in orphans:
        os.remove(os.path.join(root, m))
    print("gen_meta: %d created, %d orphans removed" % (len(missing), len(orphans)))
    for m, other in dups: print("duplicated guid (fix by hand): %s (same as %s)" % (m, other), file=sys.stderr)
    for m in bad: print("malformed guid (fix by hand): " + m, file=sys.stderr)
    return 1 if (dups or bad) else 0


if __name__ == "__main__":
    sys.exit(main())
