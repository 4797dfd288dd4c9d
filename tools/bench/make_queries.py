#!/usr/bin/env python3
"""A mix of real search requests drawn from a corpus built by ../shared/tools/build_corpus.py.

Usage: tools/bench/make_queries.py CORPUS_DIR [N=600] [SEED=7] > queries.txt

Prints N request paths (/api/v1/search?...), one per line, in six kinds taken in turn from
random documents of the manifest: title words; one long word with its diacritics removed
(as helpdesk staff type); a quoted two-word phrase; title words with the document's language
as a filter; a word with a region filter; two words joined by OR. Deterministic for a seed.
"""
import json, random, re, sys, unicodedata, urllib.parse

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
REGIONS = ['SI', 'PL', 'HR', 'BA', 'RS', 'CZ', 'SK', 'HU', 'RO', 'BG', 'DE', 'AT', 'EUSDR',
           'EUSAIR', 'EUSALP']
EXTRA = {'đ': 'd', 'Đ': 'D', 'ł': 'l', 'Ł': 'L', 'ß': 'ss', 'ø': 'o'}


def strip_diacritics(word):
    word = ''.join(EXTRA.get(c, c) for c in word)
    return ''.join(c for c in unicodedata.normalize('NFD', word) if not unicodedata.combining(c))


def uri(q, **filters):
    params = [('q', q)] + [(k, v) for k, v in filters.items()]
    return '/api/v1/search?' + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)


def main():
    corpus = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    docs = [json.loads(line) for line in open(corpus + '/manifest.jsonl', encoding='utf-8')]
    out = []
    while len(out) < n:
        doc = rng.choice(docs)
        try:
            text = open(corpus + '/' + doc['path'], encoding='utf-8', errors='replace').read(4000)
        except OSError:
            continue
        words = WORD.findall(text)
        title_words = WORD.findall(doc.get('title') or text.split('\n', 1)[0])
        if len(words) < 4 or not title_words:
            continue
        kind = len(out) % 6
        i = rng.randrange(len(words) - 1)
        if kind == 0:
            out.append(uri(' '.join(title_words[:rng.choice([2, 3])])))
        elif kind == 1:
            long_words = [w for w in words if len(w) >= 6] or words
            out.append(uri(strip_diacritics(rng.choice(long_words)).lower()))
        elif kind == 2:
            out.append(uri('"%s %s"' % (words[i], words[i + 1])))
        elif kind == 3:
            out.append(uri(' '.join(title_words[:2]), lang=doc['language']))
        elif kind == 4:
            out.append(uri(words[i].lower(), region=rng.choice(REGIONS)))
        else:
            out.append(uri('%s OR %s' % (words[i], words[i + 1])))
    print('\n'.join(out))


if __name__ == '__main__':
    main()
