// Pieces shared by result lists, similar-precedent lists and the document view: the
// language badge, the date, and topic/region tags with labels.

import { el } from './dom.js';
import { t, languageName, formatDate, uiLang } from './i18n.js';
import { label, regionPaths } from './catalog.js';

export function langBadge(code) {
  const name = languageName(code);
  return el('span', { class: 'badge', title: name },
    el('span', { 'aria-hidden': 'true' }, code.toUpperCase()),
    el('span', { class: 'visually-hidden' }, name));
}

export function dateText(iso) {
  return iso
    ? el('time', { class: 'hit-date', datetime: iso }, formatDate(iso))
    : el('span', { class: 'hit-date is-missing' }, t('noDate'));
}

export function topicLabels(topics) {
  return (topics ?? []).map((topic) => label('topic', topic, uiLang()));
}

// "Slovenia › Eastern Slovenia › si-velenje" for each most specific region.
export function regionLabels(regions) {
  return regionPaths(regions).map((path) => path.map((r) => label('region', r, uiLang())).join(' › '));
}

export function tagList(className, labels, heading) {
  if (!labels.length) return null;
  return el('ul', { class: `tags ${className}`, 'aria-label': heading },
    labels.map((text) => el('li', { class: 'tag' }, text)));
}

// The one-line metadata of a hit: language, date, type.
export function hitMeta(hit) {
  return el('p', { class: 'hit-meta' },
    langBadge(hit.lang || '?'),
    dateText(hit.date),
    hit.type ? el('span', { class: 'hit-type' }, label('type', hit.type, uiLang())) : null);
}
