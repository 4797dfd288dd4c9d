#!/usr/bin/env python3
"""Makes a corpus of N documents from real sentences of a built corpus, for indexing at scale.

Usage: tools/bench/scale_corpus.py SOURCE_DOCS OUT_DIR N [--seed 1]

SOURCE_DOCS is the docs/ folder of tools/build_corpus.py's output (docs/<source>/<lang_tag>/
*.txt). Each new document takes one language, chosen as often as the source's files are in
it (so the mix of languages is the source's), and is 1-5 KB of that language's sentences in
paragraphs of 2-6 sentences, with a title line. The same seed gives the same files. Written
as OUT_DIR/<lang_tag>/<NNN>/doc-<i>.txt, at most 1,000 files per folder. Python 3 standard
library only.
"""

import argparse
import os
import random
import re
import sys

SENTENCE_END = re.compile(r'(?<=[.!?…])\s+')


def load_sentences(source_docs):
    """Sentences by lang_tag, and one lang_tag per source file (the mix to follow)."""
    sentences = {}
    file_langs = []
    for dirpath, dirnames, filenames in os.walk(source_docs):
        dirnames.sort()
        lang = os.path.basename(dirpath)
        for name in sorted(filenames):
            if not name.endswith('.txt'):
                continue
            with open(os.path.join(dirpath, name), encoding='utf-8', errors='replace') as f:
                text = f.read()
            pool = sentences.setdefault(lang, [])
            for paragraph in text.split('\n'):
                for sentence in SENTENCE_END.split(paragraph.strip()):
                    sentence = sentence.strip()
                    if 20 <= len(sentence.encode('utf-8')) <= 600:
                        pool.append(sentence)
            file_langs.append(lang)
    langs = [lang for lang in file_langs if len(sentences.get(lang, ())) >= 20]
    return sentences, langs


def make_document(rng, pool):
    target = rng.randint(1024, 5 * 1024)
    title = rng.choice(pool)[:120]
    parts = [title, '']
    size = len(title.encode('utf-8')) + 2
    while size < target:
        paragraph = ' '.join(rng.choice(pool) for _ in range(rng.randint(2, 6)))
        parts.extend([paragraph, ''])
        size += len(paragraph.encode('utf-8')) + 2
    text = '\n'.join(parts).strip() + '\n'
    data = text.encode('utf-8')
    if len(data) > 5 * 1024:  # cut at a line end, or a character boundary, under 5 KB
        cut = data.rfind(b'\n', 1024, 5 * 1024)
        if cut < 0:
            cut = 5 * 1024
            while cut > 0 and (data[cut] & 0xC0) == 0x80:
                cut -= 1
        data = data[:cut].rstrip() + b'\n'
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('source_docs')
    parser.add_argument('out_dir')
    parser.add_argument('count', type=int)
    parser.add_argument('--seed', type=int, default=1)
    args = parser.parse_args()
    sentences, langs = load_sentences(args.source_docs)
    if not langs:
        sys.exit('scale_corpus: no sentences found under %s' % args.source_docs)
    rng = random.Random(args.seed)
    total = 0
    for i in range(args.count):
        lang = rng.choice(langs)
        data = make_document(rng, sentences[lang])
        folder = os.path.join(args.out_dir, lang, '%03d' % (i // 1000))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, 'doc-%07d.txt' % i), 'wb') as f:
            f.write(data)
        total += len(data)
    print('scale_corpus: %d documents, %.1f MB, %d languages, seed %d' % (
        args.count, total / 1e6, len(set(langs)), args.seed))


if __name__ == '__main__':
    main()
