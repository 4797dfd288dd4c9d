// The document view: GET /api/v1/documents/{id} (title, language, full text), the
// metadata of the hit it was opened from (date, type, source URL, topics, regions: the
// document endpoint does not return them), and its similar precedents.

import { el, clear, safeHttpUrl } from './dom.js';
import { t, languageName, formatDate, uiLang } from './i18n.js';
import { getDocument } from './api.js';
import { knownHit, label } from './catalog.js';
import { regionLabels, topicLabels } from './render-hit.js';
import { loadSimilar } from './render-similar.js';

export async function renderDocument(view, state, ctx, signal) {
  clear(view);
  const back = ctx.backLink();
  const loading = el('p', { class: 'loading' }, t('docLoading'));
  view.append(back, loading);
  view.setAttribute('aria-busy', 'true');

  let doc;
  try {
    doc = await getDocument(state.doc, signal);
  } finally {
    view.removeAttribute('aria-busy');
  }
  loading.remove();
  const hit = knownHit(doc.id);

  const heading = el('h2', { class: 'doc-title', tabindex: '-1', lang: doc.lang || null },
    doc.title || t('untitled'));
  const similarBox = el('div', { class: 'similar-box' });
  view.append(el('article', { class: 'document', 'aria-labelledby': 'doc-title' },
    heading,
    metadata(doc, hit),
    doc.description ? el('p', { class: 'doc-description', lang: doc.lang || null }, doc.description) : null,
    el('section', { class: 'doc-text-section', 'aria-labelledby': 'doc-text-heading' },
      el('h3', { id: 'doc-text-heading' }, t('fullText')),
      fullText(doc))),
    el('section', { class: 'doc-similar', 'aria-labelledby': 'doc-similar-heading' },
      el('h3', { id: 'doc-similar-heading' }, t('similar')),
      similarBox));
  heading.id = 'doc-title';
  document.title = `${doc.title || t('untitled')} – kbsearch`;
  loadSimilar(similarBox, doc.id, ctx, signal);
  return heading;
}

function metadata(doc, hit) {
  const rows = [];
  const row = (name, ...value) => rows.push(el('dt', {}, name), el('dd', {}, ...value));
  row(t('metaLanguage'), languageName(doc.lang || hit?.lang || '?'));
  if (hit?.date) row(t('metaDate'), el('time', { datetime: hit.date }, formatDate(hit.date)));
  if (hit?.type) row(t('metaType'), label('type', hit.type, uiLang()));
  const url = safeHttpUrl(hit?.url);
  if (url) {
    row(t('metaSource'), el('a', { href: url, rel: 'noopener noreferrer', target: '_blank', class: 'doc-url' }, url));
  } else if (hit?.url) {
    row(t('metaSource'), hit.url);  // not http(s): shown, not linked
  }
  const topics = topicLabels(hit?.topics);
  if (topics.length) row(t('metaTopics'), topics.join(', '));
  const regions = regionLabels(hit?.regions);
  if (regions.length) row(t('metaRegions'), el('ul', { class: 'plain-list' }, regions.map((r) => el('li', {}, r))));
  row(t('metaFormat'), doc.format || '');
  row(t('metaId'), el('code', {}, doc.id));
  return el('dl', { class: 'doc-meta' }, rows);
}

// Paragraphs at blank lines; single line breaks are kept by CSS (white-space: pre-line).
function fullText(doc) {
  const text = (doc.text || '').trim();
  if (!text) return el('p', { class: 'doc-empty' }, t('emptyText'));
  return el('div', { class: 'doc-text', lang: doc.lang || null },
    text.split(/\n\s*\n/).map((para) => el('p', {}, para)));
}
