#!/usr/bin/env python3
"""Which public symbols of a module have no doc comment of their own, file by file.

Run after `swift package generate-documentation --target MODULE` (which extracts the symbol
graph this reads):

    python3 Scripts/doc_coverage.py SeqKit            # every file
    python3 Scripts/doc_coverage.py SeqKit Tensor.swift Dense.swift

DocC's own `--experimental-documentation-coverage` counts abstracts per symbol kind but names no
source file, and it counts a protocol member's inherited comment as the conformer's own; this
lists each undocumented declaration with its file and line. Exits 1 if any is missing.
"""
import collections
import glob
import json
import sys

module = sys.argv[1] if len(sys.argv) > 1 else "SeqKit"
only = set(sys.argv[2:])
paths = glob.glob(f".build/*/extracted-symbols/*/{module}/{module}.symbols.json")
if not paths:
    sys.exit(f"no symbol graph for {module}: run swift package generate-documentation --target {module} first")
graph = json.load(open(paths[0]))

total, documented = collections.Counter(), collections.Counter()
missing = collections.defaultdict(list)
for symbol in graph["symbols"]:
    uri = symbol.get("location", {}).get("uri", "")
    if f"/Sources/{module}/" not in uri or symbol["accessLevel"] not in ("public", "open"):
        continue  # synthesized, from another module, or not public
    file = uri.rsplit("/", 1)[1]
    if only and file not in only:
        continue
    total[file] += 1
    comment = symbol.get("docComment")
    own = comment and comment.get("uri", uri) == uri and any(l["text"].strip() for l in comment["lines"])
    if own:
        documented[file] += 1
    else:
        line = symbol["location"]["position"]["line"] + 1  # the graph counts lines from 0
        missing[file].append(f"{'.'.join(symbol['pathComponents'])} ({symbol['kind']['displayName']}, line {line})")

for file in sorted(total):
    print(f"{file}: {documented[file]}/{total[file]} documented")
    for entry in missing[file]:
        print(f"    {entry}")
print(f"all: {sum(documented.values())}/{sum(total.values())} public symbols have a doc comment")
sys.exit(1 if any(missing.values()) else 0)
