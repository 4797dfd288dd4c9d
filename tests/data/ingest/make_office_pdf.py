#!/usr/bin/env python3
"""Writes the PDF, DOCX and ODT fixtures of tests/unit/ingest/office_pdf_test.cc.

Standard library only, deterministic output (fixed zip timestamps), so re-running it
changes nothing. Run from anywhere:  python3 tests/data/ingest/make_office_pdf.py
"""
import os
import struct
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ZIP_TIME = (2024, 3, 5, 9, 30, 0)

# ---------------------------------------------------------------------------- PDF
# Glyphs outside WinAnsiEncoding get codes 128.. through a /Differences array, so that
# the standard Helvetica font (not embedded) can show Polish and Slovenian text.
EXTRA_GLYPHS = [
    ("ą", "aogonek"), ("ę", "eogonek"), ("ł", "lslash"), ("ś", "sacute"),
    ("ż", "zdotaccent"), ("ź", "zacute"), ("ć", "cacute"), ("ń", "nacute"),
    ("č", "ccaron"), ("Č", "Ccaron"), ("Ł", "Lslash"), ("Ż", "Zdotaccent"),
]
EXTRA_CODES = {ch: 128 + i for i, (ch, _) in enumerate(EXTRA_GLYPHS)}


def pdf_text_bytes(text):
    out = bytearray()
    for ch in text:
        if ch in EXTRA_CODES:
            out.append(EXTRA_CODES[ch])
        else:
            b = ch.encode("cp1252")
            if b in (b"(", b")", b"\\"):
                out += b"\\"
            out += b
    return bytes(out)


def pdf_utf16(text):
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def page_stream(paragraphs):
    """Each paragraph is a list of lines; a larger gap separates paragraphs."""
    ops = [b"BT /F1 12 Tf 72 760 Td"]
    first = True
    for para in paragraphs:
        if not first:
            ops.append(b"0 -28 Td")
        for i, line in enumerate(para):
            if i or not first:
                ops.append(b"0 -14 Td" if i else b"")
            ops.append(b"(" + pdf_text_bytes(line) + b") Tj")
        first = False
    ops.append(b"ET")
    return b"\n".join(op for op in ops if op)


def write_pdf(name, pages, info=None, encrypt=False, compress=False):
    """pages: list of content streams (bytes). Returns the file bytes."""
    objects = []  # index i holds object i+1

    def add(body):
        objects.append(body)
        return len(objects)

    catalog = add(None)
    pages_obj = add(None)
    font = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
        b"/BaseEncoding /WinAnsiEncoding /Differences [128 "
        + b" ".join(b"/" + g.encode() for _, g in EXTRA_GLYPHS)
        + b"] >> >>"
    )
    kids = []
    for content in pages:
        if compress:
            data = zlib.compress(content, 9)
            stream = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data)
                         + data + b"\nendstream")
        else:
            stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content
                         + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                        b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages_obj, font, stream)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                              + b"] /Count %d >>" % len(kids))
    trailer_extra = b""
    if info:
        entries = b" ".join(b"/" + k.encode() + b" " + v for k, v in info.items())
        trailer_extra += b" /Info %d 0 R" % add(b"<< " + entries + b" >>")
    if encrypt:
        # Standard security handler, revision 2, with a user password: /O and /U are
        # arbitrary, so the empty password does not open it and the file stays locked.
        enc = add(b"<< /Filter /Standard /V 1 /R 2 /P -44 /O <" + b"4f" * 32 + b"> /U <"
                  + b"55" * 32 + b"> >>")
        trailer_extra += b" /Encrypt %d 0 R /ID [<" % enc + b"00" * 16 + b"> <" + b"00" * 16 + b">]"

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog) + trailer_extra
            + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(out)
    return bytes(out)


def make_pdfs():
    page1 = page_stream([
        ["Zażółć gęślą jaźń – pierwszy akapit raportu", "o współpracy transgranicznej."],
        ["Łódź i Żywiec: drugi akapit pierwszej strony."],
    ])
    page2 = page_stream([
        ["Človek in narava: Slovenski povzetek projekta.", "Čezmejno sodelovanje."],
    ])
    info = {
        "Title": pdf_utf16("Raport o współpracy transgranicznej"),
        "Author": pdf_utf16("Anna Łukasiewicz"),
        "Subject": b"(Interreg summary)",
        "Keywords": b"(interreg, cooperation)",
        "CreationDate": b"(D:20240305093000+01'00')",
        "ModDate": b"(D:20240412)",
    }
    good = write_pdf("report.pdf", [page1, page2], info=info, compress=True)
    write_pdf("encrypted.pdf", [page1], info=info, encrypt=True)
    # A rectangle and no text operators: what a scanner produces, minus the image.
    write_pdf("scanned.pdf", [b"0 0 1 rg 72 72 200 300 re f"],
              info={"Title": b"(Scan 0001)"})
    with open(os.path.join(HERE, "truncated.pdf"), "wb") as f:
        f.write(good[:180])


# ---------------------------------------------------------------------------- zip
def write_zip(name, entries, compress_level=6):
    """entries: list of (name, bytes) or (name, bytes, stored)."""
    with zipfile.ZipFile(os.path.join(HERE, name), "w") as z:
        for entry in entries:
            entry_name, data = entry[0], entry[1]
            stored = len(entry) > 2 and entry[2]
            info = zipfile.ZipInfo(entry_name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data, compresslevel=None if stored else compress_level)


DOCX_CONTENT_TYPES = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>"""

DOCX_RELS = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>"""

W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"')

DOCX_DOCUMENT = ("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document %s><w:body>
<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Sprawozdanie z projektu</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Współpraca </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>gmin</w:t></w:r><w:r><w:t xml:space="preserve"> przygranicznych</w:t></w:r><w:r><w:tab/><w:t>łączy</w:t></w:r><w:r><w:br/><w:t>ludzi.</w:t></w:r></w:p>
<w:p><w:r><w:t>Usunięty</w:t></w:r><w:del><w:r><w:delText>skreślony tekst</w:delText></w:r></w:del></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>Pole tekstowe</w:t></mc:Choice><mc:Fallback><w:t>Pole tekstowe</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Komórka żółta</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Slovenščina: čebela</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p/>
<w:sectPr/></w:body></w:document>""" % W_NS).encode()

DOCX_STYLES = ("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles %s><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="pl-PL" w:eastAsia="en-US"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>""" % W_NS).encode()

DOCX_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>Sprawozdanie końcowe – Gmina Żabno</dc:title>
<dc:creator>Józef Wąsik</dc:creator>
<dc:subject>Współpraca transgraniczna</dc:subject>
<cp:keywords>interreg; gminy</cp:keywords>
<dcterms:created xsi:type="dcterms:W3CDTF">2023-11-20T08:15:00Z</dcterms:created>
<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-09T16:40:00Z</dcterms:modified>
</cp:coreProperties>""".encode()


def docx_entries(document=DOCX_DOCUMENT):
    return [
        ("[Content_Types].xml", DOCX_CONTENT_TYPES),
        ("_rels/.rels", DOCX_RELS),
        ("word/document.xml", document),
        ("word/styles.xml", DOCX_STYLES),
        ("docProps/core.xml", DOCX_CORE),
    ]


def docx_paragraphs(body):
    return ('<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s</w:body>'
            '</w:document>' % (W_NS, body)).encode()


ODT_MIME = b"application/vnd.oasis.opendocument.text"
ODT_MANIFEST = b"""<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""

ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">
<office:body><office:text>
<text:sequence-decls/>
<text:h text:outline-level="1">Poročilo o čezmejnem sodelovanju</text:h>
<text:p>Občina   Kranjska <text:span>Gora</text:span> in<text:s text:c="3"/>gmina<text:tab/>Zakopane
 sodelujeta.<text:line-break/>Druga vrstica: žaba, šola, čaj.</text:p>
<text:p><office:annotation><text:p>Komentar recenzenta</text:p></office:annotation>Polski akapit: źdźbło trawy<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Przypis dolny.</text:p></text:note-body></text:note> na łące.</text:p>
<table:table><table:table-row><table:table-cell><text:p>Celica tabele</text:p></table:table-cell></table:table-row></table:table>
<text:p/>
</office:text></office:body></office:document-content>""".encode()

ODT_META = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.2">
<office:meta>
<meta:initial-creator>Mojca Žagar</meta:initial-creator>
<dc:title>Čezmejno sodelovanje – poročilo</dc:title>
<dc:description>Povzetek projekta</dc:description>
<meta:keyword>interreg</meta:keyword><meta:keyword>občine</meta:keyword>
<dc:language>sl-SI</dc:language>
<meta:creation-date>2022-06-01T10:00:00.123</meta:creation-date>
<dc:date>2022-07-15T12:00:00</dc:date>
</office:meta></office:document-meta>""".encode()


def make_office():
    write_zip("report.docx", docx_entries())
    write_zip("report.odt", [
        ("mimetype", ODT_MIME, True),
        ("content.xml", ODT_CONTENT),
        ("meta.xml", ODT_META),
        ("META-INF/manifest.xml", ODT_MANIFEST),
    ])
    # A zip without word/document.xml, named .docx.
    write_zip("no_document.docx", [("[Content_Types].xml", DOCX_CONTENT_TYPES),
                                   ("_rels/.rels", DOCX_RELS)])
    # The first 300 bytes of a real DOCX: a local header and no central directory.
    with open(os.path.join(HERE, "report.docx"), "rb") as f:
        head = f.read(300)
    with open(os.path.join(HERE, "corrupt.docx"), "wb") as f:
        f.write(head)
    # word/document.xml cut in the middle of an element.
    write_zip("malformed.docx", [("[Content_Types].xml", DOCX_CONTENT_TYPES),
                                 ("word/document.xml", DOCX_DOCUMENT[:400])])
    # 100 MB of spaces inside one w:t: ~100 KB compressed (ratio ~1000:1).
    bomb_text = b" " * (100 << 20)
    bomb = (b'<?xml version="1.0" encoding="UTF-8"?><w:document ' + W_NS.encode()
            + b"><w:body><w:p><w:r><w:t>bomba" + bomb_text + b"</w:t></w:r></w:p>"
            b"</w:body></w:document>")
    write_zip("bomb.docx", [("[Content_Types].xml", DOCX_CONTENT_TYPES),
                            ("word/document.xml", bomb)], compress_level=9)
    # 5,000 nested w:p elements.
    deep = docx_paragraphs("<w:sdt>" * 5000 + "<w:p><w:r><w:t>głęboko</w:t></w:r></w:p>"
                           + "</w:sdt>" * 5000)
    write_zip("deep.docx", [("[Content_Types].xml", DOCX_CONTENT_TYPES),
                            ("word/document.xml", deep)])
    lying_header()


def lying_header():
    """report_lying.docx: word/document.xml claims (local and central headers) to be
    100 bytes when it inflates to ~16 KB, as a crafted archive might."""
    body = "".join("<w:p><w:r><w:t>Akapit numer %d z treścią.</w:t></w:r></w:p>" % i
                   for i in range(400))
    document = docx_paragraphs(body)
    path = os.path.join(HERE, "lying.docx")
    write_zip("lying.docx", [("[Content_Types].xml", DOCX_CONTENT_TYPES),
                             ("word/document.xml", document)])
    with open(path, "rb") as f:
        data = bytearray(f.read())
    name = b"word/document.xml"
    real = struct.pack("<I", len(document))
    fake = struct.pack("<I", 100)
    # Local headers keep the uncompressed size at offset 22, central ones at 24.
    pos = 0
    patched = 0
    while True:
        pos = data.find(b"PK\x03\x04", pos)
        if pos < 0:
            break
        n = struct.unpack_from("<H", data, pos + 26)[0]
        if data[pos + 30:pos + 30 + n] == name:
            assert data[pos + 22:pos + 26] == real
            data[pos + 22:pos + 26] = fake
            patched += 1
        pos += 4
    pos = 0
    while True:
        pos = data.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        n = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46:pos + 46 + n] == name:
            assert data[pos + 24:pos + 28] == real
            data[pos + 24:pos + 28] = fake
            patched += 1
        pos += 4
    assert patched == 2
    with open(path, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    make_pdfs()
    make_office()
