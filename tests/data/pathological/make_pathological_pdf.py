#!/usr/bin/env python3
"""Writes the PDFs of tests/integration/extract_limits_test.cc: small files on which
poppler spends minutes or gigabytes, as crafted or damaged PDFs can.

  slow.pdf        one page whose content stream (FlateDecode applied twice, 5 KB in the
                  file) inflates to 1 GiB of "0 " operands: poppler parses them for
                  minutes (about 4 on the 2-core test machine) in little memory.
  memory-hog.pdf  a font whose embedded FontFile stream (FlateDecode twice, 8 KB) inflates
                  to 4 GiB of zeros: poppler reads it whole into a growing buffer (about
                  4-8 GB of memory) before it can show the page's one line of text.

Both are well-formed PDFs with the text "Hello": only their size once inflated is
pathological. They are kept out of tests/data/ingest, which a test indexes whole with the
default limits. Standard library only; takes about half a minute (it deflates 5 GiB).
Run from anywhere:  python3 tests/data/pathological/make_pathological_pdf.py
"""
import os
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
CHUNK = 4 << 20


def twice_deflated(unit, total, prefix=b""):
    """`prefix` then `unit` repeated to `total` bytes, deflated, and deflated again,
    without holding the inflated bytes in memory."""
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(prefix)]
    block = unit * (CHUNK // len(unit))
    left = total
    while left > 0:
        piece = block[:left]
        parts.append(compressor.compress(piece))
        left -= len(piece)
    parts.append(compressor.flush())
    return zlib.compress(b"".join(parts), 9)


def stream(data, filters, extra=b""):
    names = b" ".join([b"/FlateDecode"] * filters)
    return (b"<< /Length %d /Filter [%s]%s >>\nstream\n" % (len(data), names, extra) + data
            + b"\nendstream")


def write_pdf(name, objects):
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += (b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(objects) + 1, xref))
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(out)


def page_objects(content, font):
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        content,
        font,
    ]


HELLO = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n"
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def make_slow():
    content = twice_deflated(b"0 ", 1 << 30, prefix=HELLO)
    write_pdf("slow.pdf", page_objects(stream(content, 2), HELVETICA))


def make_memory_hog():
    font = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Hog /FirstChar 32 /LastChar 126"
            b" /FontDescriptor 6 0 R >>")
    descriptor = (b"<< /Type /FontDescriptor /FontName /Hog /Flags 32 /FontBBox [0 0 1000 1000]"
                  b" /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80"
                  b" /FontFile 7 0 R >>")
    font_file = stream(twice_deflated(b"\0", 4 << 30), 2, b" /Length1 100 /Length2 100 /Length3 0")
    objects = page_objects(stream(zlib.compress(HELLO, 9), 1), font) + [descriptor, font_file]
    write_pdf("memory-hog.pdf", objects)


if __name__ == "__main__":
    make_slow()
    make_memory_hog()
