"""Writes chapters/data/pride-and-prejudice-vol1.txt, the text chapter 5 trains on.

Source: the Debian package r-cran-janeaustenr 1.0.0-1 (the CRAN package janeaustenr 1.0.0 by
Julia Silge), whose `prideprejudice` data set is Jane Austen's "Pride and Prejudice" (1813) as
plain text from Project Gutenberg eBook #1342, one line of the book per element. Run from the
repository root with the package's .deb file (`apt-get download r-cran-janeaustenr`):

    python3 Tests/ChapterTests/References/export_austen.py r-cran-janeaustenr_1.0.0-1_all.deb

The script unpacks the .deb with dpkg-deb, reads R's lazy-load database (data/Rdata.rdx, a
gzip-compressed serialized index; data/Rdata.rdb, zlib-compressed serialized objects) with the
small reader below (R's XDR serialization, format versions 2 and 3: only the object types that
a character vector and its index use), joins the lines with "\n", and keeps Volume I, the
title and chapters 1-23: everything before the heading "Chapter 24". No character is changed.
"""
import gzip
import os
import struct
import subprocess
import sys
import tempfile
import zlib


class Reader:
    def __init__(self, data):
        self.b, self.i = data, 0
        assert data[:2] == b"X\n", "not an XDR serialization"
        self.i = 2
        version = self.int(); self.int(); self.int()
        if version == 3:
            n = self.int(); self.i += n              # native encoding name
        self.refs = []

    def int(self):
        v = struct.unpack(">i", self.b[self.i:self.i + 4])[0]; self.i += 4; return v

    def item(self):
        flags = self.int()
        kind, has_attr, has_tag = flags & 0xFF, flags & (1 << 9), flags & (1 << 10)
        if kind in (254, 242, 253):                  # NULL, empty and global environments
            return None
        if kind == 255:                              # reference to an earlier symbol
            return self.refs[(flags >> 8) - 1]
        if kind == 1:                                # symbol
            s = ("symbol", self.item()); self.refs.append(s); return s
        if kind == 9:                                # CHARSXP
            n = self.int()
            if n == -1:
                return None
            v = self.b[self.i:self.i + n].decode("utf-8"); self.i += n; return v
        if kind == 2:                                # pairlist (attributes)
            attr = self.item() if has_attr else None
            tag = self.item() if has_tag else None
            return ("pair", tag, self.item(), self.item(), attr)
        if kind in (16, 13, 10, 19):                 # character, integer, logical vectors, list
            n = self.int()
            if kind in (13, 10):
                v = [self.int() for _ in range(n)]
            else:
                v = [self.item() for _ in range(n)]
            attr = self.item() if has_attr else None
            return (kind, v, attr)
        raise ValueError("R object type %d is not handled" % kind)


def unserialize(data):
    return Reader(data).item()


def main(deb):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["dpkg-deb", "-x", deb, tmp], check=True)
        base = os.path.join(tmp, "usr/lib/R/site-library/janeaustenr/data/Rdata")
        index = unserialize(gzip.decompress(open(base + ".rdx", "rb").read()))
        variables = index[1][0]
        names = variables[2][2][1]                   # the "names" attribute
        offset, length = variables[1][names.index("prideprejudice")][1]
        blob = open(base + ".rdb", "rb").read()[offset:offset + length]
        lines = unserialize(zlib.decompress(blob[4:]))[1]
    text = "\n".join(line or "" for line in lines)
    volume1 = text[:text.index("Chapter 24")].rstrip() + "\n"
    out = "chapters/data/pride-and-prejudice-vol1.txt"
    tmp_out = out + ".tmp"
    with open(tmp_out, "w", encoding="utf-8", newline="\n") as f:
        f.write(volume1)
    os.replace(tmp_out, out)                         # atomic
    print("wrote", out, len(volume1.encode("utf-8")), "bytes")


if __name__ == "__main__":
    main(sys.argv[1])
