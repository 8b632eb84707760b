#!/usr/bin/env python3
"""Makes the site's math font, Sources/WorkbookSite/Resources/fonts/stix-math.woff2, and its licence.

Source: STIX Math 1.1.1 (SIL Open Font License 1.1, no Reserved Font Name), as Debian's
fonts-stix package installs it. The font is subset to the Unicode blocks mathematics uses
(Basic Latin, Latin-1, Greek, general punctuation, letterlike symbols, arrows, mathematical
operators, miscellaneous technical, the mathematical alphanumeric symbols …), keeping its
OpenType MATH table (sizes of radicals, stretchy delimiters, script offsets) and every glyph
that table and the layout features reach, then compressed as WOFF2.

    apt-get install fonts-stix && python3 -m pip install fonttools brotli
    python3 Scripts/make_math_font.py          # writes the two files; prints sizes

The output is deterministic for a given fontTools version (recorded in the licence file).
"""
import os
import re
import sys

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = "/usr/share/fonts/opentype/stix-word/STIXMath-Regular.otf"
COPYRIGHT = "/usr/share/doc/fonts-stix/copyright"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "Sources", "WorkbookSite", "Resources", "fonts")

RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x00FF), (0x0131, 0x0131), (0x0237, 0x0237), (0x02C6, 0x02DC),
    (0x0300, 0x036F), (0x0391, 0x03F6), (0x2000, 0x206F), (0x20D0, 0x20F0), (0x2100, 0x214F),
    (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2300, 0x23FF), (0x25A0, 0x25FF), (0x27C0, 0x27FF),
    (0x2900, 0x2AFF), (0x1D400, 0x1D7FF),
]


def main() -> int:
    if not os.path.exists(SOURCE):
        print(f"error: {SOURCE} is missing; install Debian's fonts-stix", file=sys.stderr)
        return 1
    font = TTFont(SOURCE)
    if "MATH" not in font:
        print(f"error: {SOURCE} has no OpenType MATH table", file=sys.stderr)
        return 1
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False
    options.desubroutinize = True
    subsetter = subset.Subsetter(options)
    unicodes = [u for lo, hi in RANGES for u in range(lo, hi + 1)]
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    assert "MATH" in font, "the subset lost the MATH table"
    os.makedirs(OUT_DIR, exist_ok=True)
    target = os.path.join(OUT_DIR, "stix-math.woff2")
    font.flavor = "woff2"
    # Fixed timestamps: the same input gives the same bytes.
    font["head"].modified = font["head"].created
    font.recalcTimestamp = False
    temporary = target + ".tmp"
    font.save(temporary, reorderTables=True)
    os.replace(temporary, target)

    # The licence's text is the stand-alone "License: SIL-OFL-1.1" paragraph of Debian's
    # copyright file: its indented lines, "." standing for an empty line.
    lines = open(COPYRIGHT, encoding="utf-8").read().splitlines()
    first = max(i for i, line in enumerate(lines) if line.strip() == "License: SIL-OFL-1.1") + 1
    body = []
    for line in lines[first:]:
        if line and not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[2:].rstrip())
    body = "\n".join(body)
    licence = (
        "stix-math.woff2: a subset of STIX Math 1.1.1 (STIXMath-Regular.otf), converted to WOFF2 by\n"
        f"Scripts/make_math_font.py with fontTools {fontTools.version}. Glyph outlines unchanged; the font has no Reserved Font Name.\n\n"
        "Copyright (c) 2001-2011 by the STI Pub Companies, consisting of the American Chemical Society,\n"
        "the American Institute of Physics, the American Mathematical Society, the American Physical\n"
        "Society, Elsevier, Inc., and The Institute of Electrical and Electronic Engineers, Inc.\n"
        "Portions copyright (c) 1998-2003 by MicroPress, Inc. Portions copyright (c) 1990 by Elsevier, Inc.\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1:\n\n" + body.strip() + "\n"
    )
    with open(os.path.join(OUT_DIR, "STIX-Math-OFL.txt"), "w", encoding="utf-8") as f:
        f.write(licence)
    print(f"{target}: {os.path.getsize(target)} bytes (source {os.path.getsize(SOURCE)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
