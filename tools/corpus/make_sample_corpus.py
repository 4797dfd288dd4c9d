#!/usr/bin/env python3
"""(Re)create the sample document corpus of the repository from shared/corpus-data.

Usage (from the repository root):
    python3 tools/corpus/make_sample_corpus.py ../shared/corpus-data corpus/
    python3 tools/corpus/make_sample_corpus.py ../shared/corpus-data corpus/ --build-dir /tmp/cb

The script runs <corpus-data>/../tools/build_corpus.py into a temporary folder (or reuses
an existing build given with --build-dir), selects a small, deterministic set of
documents whose license allows redistribution (CC BY-SA 3.0/4.0, CC BY 4.0, public
domain), and writes:

    corpus/seeds/<name>.txt                 the project seed documents, copied unchanged
                                            from <corpus-data>/../seeds/
    corpus/docs/<lang_tag>/<source>-<short-id>.txt|.html
    corpus/manifest.tsv                     path, lang_tag, source, parallel_group, title
    corpus/SOURCES.md                       attribution, licenses, one row per file

Only files this script created are ever removed (the documents listed in the previous
corpus/manifest.tsv that are no longer selected); corpus/seeds/ and any other file in
corpus/ (e.g. taxonomy.xml) are left alone.  Python 3 standard library only; the output
depends only on the input data (no randomness, no timestamps).
"""

import argparse
import collections
import html
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

# --------------------------------------------------------------------------------------
# licenses

# Exact manifest `license` values that may be redistributed, per source.
ALLOWED_LICENSES = {
    "ntrex": {"CC BY-SA 4.0"},
    "flores200": {"CC BY-SA 4.0"},
    "gnome-help": {"CC BY-SA 3.0"},
    "ginco": {"CC BY-SA 4.0 (GINCO 1.0, CLARIN.SI)"},
    "eltec": {"CC BY 4.0 (texts public domain)"},
    "ud": {"CC BY-SA 3.0", "CC BY-SA 4.0"},
}
# Never used, whatever their license field says.
FORBIDDEN_SOURCES = {"eu-structural-funds", "udhr", "tatoeba"}


def license_ok(row):
    lic = row.get("license") or ""
    if row["source"] in FORBIDDEN_SOURCES:
        return False
    if re.search(r"\bNC\b|\bGPL\b|NonCommercial", lic):   # e.g. "CC BY-NC-SA 4.0", "GPL-3.0"
        return False
    return lic in ALLOWED_LICENSES.get(row["source"], set())


SOURCE_INFO = collections.OrderedDict([
    ("ntrex", {
        "name": "NTREX-128",
        "origin": "MicrosoftTranslator/NTREX (GitHub) @8561f6a6",
        "attribution": "NTREX-128: Federmann, Kocmi, Xin (2022), \"NTREX-128 – News Test References "
                       "for MT Evaluation of 128 Languages\"; WMT19 (Barrault et al. 2019).",
        "license": "CC BY-SA 4.0",
        "what": "news stories (English WMT19 newstest2019 source and professional human "
                "translations); the same story in several languages forms a parallel group",
    }),
    ("flores200", {
        "name": "FLORES-200",
        "origin": "Helsinki-NLP/OPUS-MT-testsets (GitHub) @ac0f19c0, "
                  "datasets/facebook/flores/flores200_dataset (devtest)",
        "attribution": "FLORES-200: NLLB Team et al. (2022); FLORES-101: Goyal et al. (2022).",
        "license": "CC BY-SA 4.0",
        "what": "short multi-sentence documents from Wikinews/Wikivoyage/Wikibooks, "
                "human-translated; parallel groups",
    }),
    ("gnome-help", {
        "name": "GNOME Help",
        "origin": "Debian package gnome-user-docs 43.0-2, usr/share/help/*/gnome-help/*.page",
        "attribution": "GNOME Help: GNOME Documentation Project and GNOME translation teams.",
        "license": "CC BY-SA 3.0",
        "what": "desktop help pages (Mallard XML converted to plain text); parallel groups",
    }),
    ("ginco", {
        "name": "GINCO",
        "origin": "GINCO 1.0 (CLARIN.SI, handle 11356/1467), via "
                  "TajaKuzman/Transformers-GINCO-Experiments (GitHub) @9188719b",
        "attribution": "GINCO: Kuzman, Rupnik, Ljubešić (2022), Slovene web genre identification "
                       "corpus GINCO 1.0.",
        "license": "CC BY-SA 4.0",
        "what": "real Slovene web pages, including some boilerplate",
    }),
    ("ud", {
        "name": "Universal Dependencies",
        "origin": "UniversalDependencies/UD_* treebanks (GitHub), commits listed in "
                  "shared/corpus-data/LICENSES.md",
        "attribution": "Universal Dependencies 2.x treebanks (Zeman, Nivre et al.), per treebank "
                       "README/LICENSE.",
        "license": "CC BY-SA 3.0 or CC BY-SA 4.0 (per treebank; only these treebanks are used)",
        "what": "sentences of one treebank document joined into plain text",
    }),
    ("eltec", {
        "name": "ELTeC",
        "origin": "COST-ELTeC/ELTeC-srp, ELTeC-pol, ELTeC-slv, ELTeC-hrv (GitHub), level1 TEI",
        "attribution": "ELTeC: COST Action CA16204 \"Distant Reading for European Literary History\".",
        "license": "CC BY 4.0 (TEI markup); the novel texts are in the public domain",
        "what": "one chapter of a 19th/early 20th century novel",
    }),
])

SEED_SOURCE = "project seed documents, provided by the project"
SEED_LANGS = {"000": "pl", "001": "sl", "002": "pl", "003": "pl", "004": "bs"}

# --------------------------------------------------------------------------------------
# languages

# BCP-47 tags: the script subtag is dropped where it is the language's only usual script
# (its Suppress-Script), kept for Serbian.
SUPPRESS_SCRIPT = {
    "pl": "Latn", "sl": "Latn", "hr": "Latn", "bs": "Latn", "cs": "Latn", "sk": "Latn",
    "de": "Latn", "en": "Latn", "hu": "Latn", "ro": "Latn", "bg": "Cyrl",
}
ALL_TAGS = ["bg", "bs", "cs", "de", "en", "hr", "hu", "pl", "ro", "sk", "sl", "sr-Cyrl", "sr-Latn"]
NTREX_TAGS = ALL_TAGS                              # NTREX has all 13
FLORES_TAGS = [t for t in ALL_TAGS if t != "sr-Latn"]  # no Serbian Latin in FLORES


def bcp47(row):
    lang, script = row["language"], row["script"]
    if SUPPRESS_SCRIPT.get(lang) == script:
        return lang
    return "%s-%s" % (lang, script)


# Domain keywords (EU regional development, education, employment, youth, migration,
# health, digital, cooperation, economy), as word-initial stems; "=" marks a whole word.
KEYWORDS = {
    "en": "educat school universit student employ job worker labour labor unemploy youth young "
          "migra migrant refugee asylum health hospital medic vaccin digital internet online "
          "technolog comput econom invest fund funding business compan trade cooperat partner "
          "region development =eu european brussels training skill innovat poverty learn teach",
    "sl": "izobraž šol univerz študent zaposl delavc delovn mlad migra migrant begun azil zdrav "
          "bolniš digital splet internet tehnolog gospodar ekonom investic sklad podjet "
          "sodelovanj partner regij regional razvoj evrop =eu usposablj znanj inovac projekt "
          "revščin učen učitelj",
    "hbs_latn": "obrazov škol univerzit sveučilišt student zaposl nezaposl radnik radn mlad "
                "migra migrant izbjegl izbegl azil zdrav bolnic digital internet tehnolog ekonom "
                "gospodar privred investic ulaganj fond sredstv poduzet preduzet saradnj suradnj "
                "partner regij region razvoj evrop europ =eu obuk vještin veštin inovac projekt "
                "siromaš učenj nastav",
    "sr_cyrl": "образов школ универзитет студент запосл незапосл радник радн млад мигра мигрант "
               "избегл азил здрав болниц дигитал интернет технолог економ привред инвестиц фонд "
               "средств предузе сарадњ партнер регион развој европ =еу обук вештин иновац пројек "
               "сиромаш учењ настав",
    "pl": "eduk szkoł szkol uniwersyt student zatrudn bezrobo prac młodzież młod migra migrant "
          "uchodź azyl zdrow szpital cyfrow internet technolog gospodar ekonom inwest fundusz "
          "środk przedsiębior firm współprac partner region rozwój rozwoj europ =ue umiejętn "
          "innowac projekt ubóst nauk nauczyc",
    "cs": "vzděl škol univerzit student zaměstn nezaměstn prác pracov mlad migra migrant uprchl "
          "azyl zdrav nemocnic digitál internet technolog ekonom hospodář investic fond podnik "
          "firm spoluprác partner region rozvoj evrop =eu dovednost inovac projekt chudob učit",
    "sk": "vzdeláv škol univerzit študent zamestn nezamestn prác pracov mlad migra migrant "
          "utečen azyl zdrav nemocnic digitál internet technológ ekonom hospodár investíc fond "
          "podnik firm spoluprác partner región regionál rozvoj európ =eú zručnost inovác projekt "
          "chudob učit",
    "de": "bildung schul universit hochschul student beschäftig arbeit job jugend jung migra "
          "migrant flücht asyl gesundheit krankenhaus klinik digital internet online technolog "
          "wirtschaft ökonom invest förder fonds unternehm firm handel zusammenarbeit kooperation "
          "partner region entwicklung europ =eu ausbildung innovation projekt armut lern lehr",
    "hu": "oktatás iskol egyetem diák hallgató foglalkoztat munk fiatal ifjúság migr menekült "
          "menedék egészség kórház digitális internet technológ gazdas beruház befektet "
          "vállalkoz vállalat cég együttműköd partner régió regionális fejleszt fejlőd európ =eu "
          "képzés innováci projekt szegény tanul tanár",
    "ro": "educa școal școli școlar universit student angaj șomaj munc tineri tânăr migra "
          "migrant refugia azil sănăt spital digital internet tehnolog econom invest fond "
          "afaceri companii întreprind cooper parteneri regiun regional dezvolt europ =ue formare "
          "inova proiect sărăc învăț profesor",
    "bg": "образов училищ университет студент заетост безработ работ млад мигра мигрант бежан "
          "убежищ здрав болниц цифров дигитал интернет технолог иконом инвестиц фонд бизнес "
          "компани предприят сътрудничеств партньор регион развит европ =ес обучен умени иновац "
          "проект бедност учене учител",
}
KW_LANG = {"sl": "sl", "hr": "hbs_latn", "bs": "hbs_latn", "sr-Latn": "hbs_latn",
           "sr-Cyrl": "sr_cyrl", "pl": "pl", "cs": "cs", "sk": "sk", "de": "de", "en": "en",
           "hu": "hu", "ro": "ro", "bg": "bg"}


def _compile(stems):
    parts = []
    for s in stems.split():
        if s.startswith("="):
            parts.append(r"\b%s\b" % re.escape(s[1:]))
        else:
            parts.append(r"\b%s" % re.escape(s))
    return re.compile("|".join(parts), re.IGNORECASE)


KW_RE = {k: _compile(v) for k, v in KEYWORDS.items()}


def domain_score(text, tag):
    """Keyword hits per 1,000 characters plus a bonus for the number of distinct stems."""
    rx = KW_RE[KW_LANG[tag]]
    hits = [m.group(0).lower() for m in rx.finditer(text)]
    if not text:
        return 0.0
    distinct = len(set(hits))
    return round(len(hits) * 1000.0 / max(len(text), 500) + 0.5 * distinct, 6)


# --------------------------------------------------------------------------------------
# HTML

BOILERPLATE = {
    # nav: home, news, about, contact; footer: privacy, sitemap
    "bg": ("Начало", "Новини", "За нас", "Контакти", "Поверителност", "Карта на сайта"),
    "bs": ("Početna", "Vijesti", "O nama", "Kontakt", "Politika privatnosti", "Mapa stranice"),
    "cs": ("Úvod", "Aktuality", "O nás", "Kontakt", "Ochrana osobních údajů", "Mapa stránek"),
    "de": ("Startseite", "Aktuelles", "Über uns", "Kontakt", "Datenschutz", "Sitemap"),
    "en": ("Home", "News", "About us", "Contact", "Privacy policy", "Sitemap"),
    "hr": ("Početna", "Vijesti", "O nama", "Kontakt", "Zaštita privatnosti", "Karta weba"),
    "hu": ("Főoldal", "Hírek", "Rólunk", "Kapcsolat", "Adatvédelem", "Oldaltérkép"),
    "pl": ("Strona główna", "Aktualności", "O nas", "Kontakt", "Polityka prywatności", "Mapa strony"),
    "ro": ("Acasă", "Știri", "Despre noi", "Contact", "Politica de confidențialitate", "Harta site-ului"),
    "sk": ("Úvod", "Aktuality", "O nás", "Kontakt", "Ochrana osobných údajov", "Mapa stránky"),
    "sl": ("Domov", "Novice", "O nas", "Kontakt", "Varstvo zasebnosti", "Kazalo strani"),
    "sr-Cyrl": ("Почетна", "Вести", "О нама", "Контакт", "Политика приватности", "Мапа сајта"),
    "sr-Latn": ("Početna", "Vesti", "O nama", "Kontakt", "Politika privatnosti", "Mapa sajta"),
}


def esc(s):
    return html.escape(s, quote=True)


def to_html(text, tag, title, source_line):
    """Wrap a plain-text document in HTML5: the title (or the first line) becomes <h1>,
    every other non-empty line a <p>.  No text is added to or dropped from the body."""
    lines = [ln.strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    if title and lines and lines[0] == title.strip():
        heading, body = lines[0], lines[1:]
    elif title:
        heading, body = title.strip(), lines
    else:
        heading, body = lines[0], lines[1:]
    home, news, about, contact, privacy, sitemap = BOILERPLATE[tag]
    out = [
        "<!DOCTYPE html>",
        '<html lang="%s">' % tag,
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>%s</title>" % esc(heading),
        "</head>",
        "<body>",
        "<nav>",
        '<ul>',
        '<li><a href="/">%s</a></li>' % esc(home),
        '<li><a href="/news/">%s</a></li>' % esc(news),
        '<li><a href="/about/">%s</a></li>' % esc(about),
        '<li><a href="/contact/">%s</a></li>' % esc(contact),
        "</ul>",
        "</nav>",
        "<main>",
        "<article>",
        "<h1>%s</h1>" % esc(heading),
    ]
    out += ["<p>%s</p>" % esc(p) for p in body]
    out += [
        "</article>",
        "</main>",
        "<footer>",
        '<p><a href="/privacy/">%s</a> | <a href="/sitemap/">%s</a> | <a href="/contact/">%s</a></p>'
        % (esc(privacy), esc(sitemap), esc(contact)),
        "<p><small>%s</small></p>" % esc(source_line),
        "</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


# --------------------------------------------------------------------------------------
# selection


def slug(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return re.sub(r"-+", "-", s)


class Pool:
    def __init__(self, build_dir):
        self.build_dir = build_dir
        self.rows = []
        with open(os.path.join(build_dir, "manifest.jsonl"), encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                r["tag"] = bcp47(r)
                self.rows.append(r)
        self.by_id = {r["id"]: r for r in self.rows}
        self._text = {}

    def text(self, r):
        if r["id"] not in self._text:
            with open(os.path.join(self.build_dir, r["path"]), encoding="utf-8") as f:
                self._text[r["id"]] = f.read()
        return self._text[r["id"]]

    def usable(self, r, lo=1000, hi=12000):
        # "open" partition only: the "hidden" partition is reserved for blind evaluation.
        return (license_ok(r) and r["doc_kind"] == "document" and r["partition"] == "open"
                and lo <= r["bytes"] <= hi)

    def groups(self, source):
        g = collections.defaultdict(dict)
        for r in self.rows:
            if r["source"] == source and r.get("parallel_group"):
                g[r["parallel_group"]][r["tag"]] = r
        return g

    def score(self, r):
        return domain_score(self.text(r), r["tag"])


def pick_groups(pool, source, tags, n, lo, hi, reject=None, distinct=None):
    """Best n parallel groups of `source` present in all `tags`, every member within
    [lo, hi] bytes, ranked by the domain score of the English member.  `reject(en_row)`
    drops a group; `distinct(en_row)` gives a key that must differ between the picks."""
    cands = []
    for gid, members in pool.groups(source).items():
        if not all(t in members for t in tags):
            continue
        ms = [members[t] for t in tags]
        if not all(pool.usable(m, lo, hi) for m in ms):
            continue
        if reject and reject(members["en"]):
            continue
        cands.append((-pool.score(members["en"]), gid, ms, members["en"]))
    cands.sort(key=lambda c: (c[0], c[1]))
    out, keys = [], set()
    for _, gid, ms, en in cands:
        if distinct:
            k = distinct(en)
            if k in keys:
                continue
            keys.add(k)
        out.append((gid, ms))
        if len(out) == n:
            break
    return out


def pick_singles(pool, pred, n, lo=1000, hi=12000):
    cands = [r for r in pool.rows if pred(r) and pool.usable(r, lo, hi)]
    cands.sort(key=lambda r: (-pool.score(r), r["id"]))
    return cands[:n]


def select(pool):
    """Returns a list of (row, fmt) in a stable order."""
    chosen = []   # (row, fmt)

    # 1. NTREX: 6 news stories in all 13 language variants; the best story's
    #    bs/hr/sr-Cyrl/pl/de/en versions as HTML.
    ntrex = pick_groups(pool, "ntrex", NTREX_TAGS, 6, 1000, 12000)
    for i, (gid, ms) in enumerate(ntrex):
        for m in ms:
            html_ = i == 0 and m["tag"] in ("bs", "hr", "sr-Cyrl", "pl", "de", "en")
            chosen.append((m, "html" if html_ else "txt"))

    # 2. FLORES-200: 2 documents (of different genres: wikinews/wikibooks/wikivoyage) in
    #    all 12 FLORES languages (they are short, so the size floor is lower); the best
    #    one's bg/ro/sk versions as HTML.
    flores = pick_groups(pool, "flores200", FLORES_TAGS, 2, 600, 12000,
                         distinct=lambda en: en.get("genre"))
    for i, (gid, ms) in enumerate(flores):
        for m in ms:
            html_ = i == 0 and m["tag"] in ("bg", "ro", "sk")
            chosen.append((m, "html" if html_ else "txt"))

    # 3. GNOME Help: 1 page in all 9 languages that have (almost) the whole manual;
    #    sr-Cyrl/sr-Latn/cs/hu as HTML.
    gtags = ["cs", "de", "en", "hr", "hu", "pl", "sl", "sr-Cyrl", "sr-Latn"]
    # (pages whose English text carries editors' notes such as "marked incomplete" are skipped)
    notes = re.compile(r"\bmarked (it )?(incomplete|final)\b|\bFIXME\b|\bTODO\b")
    for gid, ms in pick_groups(pool, "gnome-help", gtags, 1, 1000, 12000,
                               reject=lambda en: bool(notes.search(pool.text(en)))):
        for m in ms:
            chosen.append((m, "html" if m["tag"] in ("sr-Cyrl", "sr-Latn", "cs", "hu") else "txt"))

    # 4. GINCO: 5 Slovene web pages (informative/news/announcement-like genres); the
    #    3 best as HTML.
    genres = {"News/Reporting", "Information/Explanation", "Announcement", "Call",
              "Invitation", "Promotion of Services", "Opinionated News", "Promotion"}
    ginco = pick_singles(pool, lambda r: r["source"] == "ginco" and r.get("genre") in genres, 5,
                         1500, 12000)
    for i, r in enumerate(ginco):
        chosen.append((r, "html" if i < 3 else "txt"))

    # 5. Universal Dependencies (CC BY-SA treebanks only): 2 Croatian-Serbian SETimes
    #    parallel pairs, and the best document of a few other treebanks.
    set_groups = []
    for gid, members in sorted(pool.groups("ud").items()):
        if gid.startswith("set:") and "hr" in members and "sr-Latn" in members:
            hr, sr = members["hr"], members["sr-Latn"]
            if pool.usable(hr) and pool.usable(sr):
                set_groups.append((-pool.score(hr), gid, [hr, sr]))
    set_groups.sort(key=lambda c: (c[0], c[1]))
    for _, gid, ms in set_groups[:2]:
        for m in ms:
            chosen.append((m, "txt"))
    #    (EWT: blog and newsgroup posts only, no private e-mails; RRT: its JRC-Acquis part,
    #    i.e. EU legislation)
    #    (UD_German-GSD is sentence-level, so it only yields "pseudo" documents: not used.)
    ud_singles = [("UD_Slovenian-SSJ", ""),
                  ("UD_English-EWT", r"-EWT-(weblog|newsgroup)-"), ("UD_Romanian-RRT", r"-RRT-JRC-"),
                  ("UD_Slovak-SNK", ""), ("UD_Czech-CLTT", "")]
    for sub, idrx in ud_singles:
        for r in pick_singles(pool, lambda r, s=sub, x=idrx: r["source"] == "ud" and r["subsource"] == s
                              and re.search(x, r["id"]) is not None, 1, 1000, 12000):
            chosen.append((r, "txt"))

    # 6. ELTeC: one novel chapter each in Serbian Cyrillic, Polish and Croatian.
    for tag in ("sr-Cyrl", "pl", "hr"):
        for r in pick_singles(pool, lambda r, t=tag: r["source"] == "eltec" and r["tag"] == t,
                              1, 2000, 12000):
            chosen.append((r, "txt"))

    # de-duplicate (keep first), verify licenses
    seen, out = set(), []
    for r, fmt in chosen:
        if r["id"] in seen:
            continue
        seen.add(r["id"])
        if not license_ok(r):
            raise SystemExit("license check failed for " + r["id"])
        out.append((r, fmt))
    return out


def file_name(r, fmt):
    prefix = "%s-%s-" % (r["source"], r["lang_tag"])
    short = r["id"][len(prefix):] if r["id"].startswith(prefix) else r["id"]
    name = "%s-%s" % (r["source"], slug(short))
    ext = "." + fmt
    if len(name) + len(ext) > 80:
        name = name[:80 - len(ext)].rstrip("-")
    return name + ext


# --------------------------------------------------------------------------------------
# output


def tsv_field(s):
    return re.sub(r"\s+", " ", s or "").strip()


def md_cell(s):
    return (s or "").replace("|", "\\|").replace("\n", " ")


def write_text(path, content):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(content)


def previous_docs(out_dir):
    """Document paths (relative to out_dir) this script wrote last time."""
    mpath = os.path.join(out_dir, "manifest.tsv")
    prev = []
    if os.path.exists(mpath):
        with open(mpath, encoding="utf-8") as f:
            for i, line in enumerate(f):
                p = line.rstrip("\n").split("\t")[0]
                if i == 0 or not p.startswith("docs/") or ".." in p.split("/"):
                    continue
                prev.append(p)
    return prev


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data_dir", help="shared corpus-data folder")
    ap.add_argument("out_dir", help="corpus folder of the repository (corpus/)")
    ap.add_argument("--build-dir", help="reuse an existing build_corpus.py output instead of building")
    ap.add_argument("--seeds-dir", help="seed documents (default: <data_dir>/../seeds)")
    args = ap.parse_args(argv)

    data_dir = os.path.abspath(args.data_dir)
    out_dir = os.path.abspath(args.out_dir)
    seeds_dir = args.seeds_dir or os.path.join(os.path.dirname(data_dir), "seeds")
    tmp = None
    try:
        if args.build_dir:
            build_dir = args.build_dir
        else:
            builder = os.path.join(os.path.dirname(data_dir), "tools", "build_corpus.py")
            tmp = tempfile.mkdtemp(prefix="sample-corpus-")
            build_dir = os.path.join(tmp, "build")
            subprocess.run([sys.executable, builder, data_dir, build_dir,
                            "--sources", "ud,ntrex,flores200,gnome-help,ginco,eltec"],
                           check=True, stdout=subprocess.DEVNULL)
        pool = Pool(build_dir)
        selection = select(pool)

        # parallel groups that occur at least twice in the selection
        gcount = collections.Counter(r["parallel_group"] for r, _ in selection if r.get("parallel_group"))

        # plan the files
        files = []   # dicts: rel, tag, source, subsource, id, license, group, title, content
        for r, fmt in selection:
            rel = "docs/%s/%s" % (r["tag"], file_name(r, fmt))
            text = pool.text(r)
            if not text.endswith("\n"):
                text += "\n"
            info = SOURCE_INFO[r["source"]]
            if fmt == "html":
                src_line = "Source: %s, document %s; license: %s." % (info["name"], r["id"], r["license"])
                content = to_html(text, r["tag"], r.get("title"), src_line)
            else:
                content = text
            group = r["parallel_group"] if gcount.get(r.get("parallel_group"), 0) >= 2 else ""
            files.append({"rel": rel, "tag": r["tag"], "source": r["source"],
                          "subsource": r["subsource"], "id": r["id"], "license": r["license"],
                          "group": group, "title": r.get("title") or "", "content": content,
                          "fmt": fmt})
        rels = [f["rel"] for f in files]
        if len(set(rels)) != len(rels):
            raise SystemExit("duplicate output file names")

        # remove documents written by a previous run that are no longer selected
        for p in previous_docs(out_dir):
            if p not in set(rels):
                fp = os.path.join(out_dir, p)
                if os.path.isfile(fp):
                    os.remove(fp)
                d = os.path.dirname(fp)
                while d.startswith(os.path.join(out_dir, "docs")) and os.path.isdir(d) and not os.listdir(d):
                    os.rmdir(d)
                    d = os.path.dirname(d)

        # seeds (copied unchanged)
        seeds = []
        if os.path.isdir(seeds_dir):
            for name in sorted(os.listdir(seeds_dir)):
                if name.endswith(".txt"):
                    dst = os.path.join(out_dir, "seeds", name)
                    os.makedirs(os.path.dirname(dst), exist_ok=True)
                    shutil.copyfile(os.path.join(seeds_dir, name), dst)
                    seeds.append(name)
        else:
            seeds = sorted(n for n in os.listdir(os.path.join(out_dir, "seeds")) if n.endswith(".txt"))

        for f in files:
            write_text(os.path.join(out_dir, f["rel"]), f["content"])

        files.sort(key=lambda f: f["rel"])

        # manifest.tsv
        rows = ["path\tlang_tag\tsource\tparallel_group\ttitle"]
        for name in seeds:
            rows.append("seeds/%s\t%s\tseed\t\t" % (name, SEED_LANGS.get(name[:3], "")))
        for f in files:
            rows.append("\t".join([f["rel"], f["tag"], f["source"], tsv_field(f["group"]),
                                   tsv_field(f["title"])]))
        write_text(os.path.join(out_dir, "manifest.tsv"), "\n".join(rows) + "\n")

        # SOURCES.md
        used = [s for s in SOURCE_INFO if any(f["source"] == s for f in files)]
        md = ["# Sources of the sample corpus", "",
              "This folder holds a small multilingual sample corpus for tests and demos of the "
              "search engine. Apart from the project seed documents in `seeds/`, every document "
              "is an unmodified plain-text extract of third-party data that may be redistributed "
              "(CC BY-SA, CC BY or public domain), produced by `tools/build_corpus.py` from "
              "`shared/corpus-data` and selected by `tools/corpus/make_sample_corpus.py`. "
              "No NonCommercial, GPL or unlicensed material is included.", "",
              "**HTML files** (`.html`) are derived from the plain text by wrapping it in markup: "
              "the document title (or its first line) becomes `<title>` and `<h1>`, every other "
              "line a `<p>`, and a small `<nav>` and `<footer>` with placeholder boilerplate "
              "links (and a source note) are added; the text itself is unchanged apart from "
              "HTML escaping.", "",
              "Documents taken from CC BY-SA sources remain under their CC BY-SA license "
              "(ShareAlike): redistribute them only with attribution and under the same license. "
              "Changes made: conversion to plain text (and, for `.html` files, the markup "
              "described above).", "",
              "## Sources and attribution", "",
              "- **Project seed documents** (`seeds/`): %s." % SEED_SOURCE]
        for s in used:
            info = SOURCE_INFO[s]
            n = sum(1 for f in files if f["source"] == s)
            md.append("- **%s** (`%s`, %d files). Attribution: %s License: %s. Origin: %s. Content: %s."
                      % (info["name"], s, n, info["attribution"], info["license"],
                         info["origin"], info["what"]))
        md += ["", "Full origin details: `shared/corpus-data/LICENSES.md`.", "",
               "## Files", "",
               "| file | lang | source/subsource | original document id | license |",
               "|---|---|---|---|---|"]
        for name in seeds:
            md.append("| `seeds/%s` | %s | %s | %s | %s |"
                      % (name, SEED_LANGS.get(name[:3], ""), SEED_SOURCE, md_cell(name[:-4]),
                         "provided by the project"))
        for f in files:
            src = f["source"] if f["subsource"] in (f["source"], None, "") else \
                "%s/%s" % (f["source"], f["subsource"])
            md.append("| `%s` | %s | %s | `%s` | %s |"
                      % (f["rel"], f["tag"], md_cell(src), md_cell(f["id"]), md_cell(f["license"])))
        write_text(os.path.join(out_dir, "SOURCES.md"), "\n".join(md) + "\n")

        # summary
        by_tag = collections.Counter(f["tag"] for f in files)
        by_fmt = collections.Counter(f["fmt"] for f in files)
        total = sum(len(f["content"].encode("utf-8")) for f in files)
        total += sum(os.path.getsize(os.path.join(out_dir, "seeds", n)) for n in seeds)
        print("documents: %d (+%d seeds); formats: %s" % (len(files), len(seeds), dict(sorted(by_fmt.items()))))
        print("per language: %s" % ", ".join("%s %d" % kv for kv in sorted(by_tag.items())))
        print("document bytes incl. seeds: %d" % total)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
