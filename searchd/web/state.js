// The page's whole state lives in the URL's query string, so any view can be shared,
// bookmarked and reached with back/forward:
//   q, lang, topic, region, type (repeated), from, to (years), page, sort, ui, doc
// The open document (doc) is kept beside the search it was opened from, so leaving the
// document returns to that search.

import { UI_LANGS } from './i18n.js';

export const FACETS = ['lang', 'topic', 'region', 'type'];
export const PAGE_SIZE = 10;
export const MAX_DEPTH = 10000;  // the API's page * size limit

const YEAR = /^\d{4}$/;

export function emptyState(ui = 'en') {
  return { q: '', lang: [], topic: [], region: [], type: [], from: '', to: '', page: 1,
           sort: 'relevance', ui, doc: '' };
}

function preferredUi() {
  const langs = navigator.languages ?? [navigator.language];
  for (const l of langs) {
    const code = String(l).slice(0, 2).toLowerCase();
    if (UI_LANGS.includes(code)) return code;
  }
  return 'en';
}

export function parseState(search = location.search) {
  const p = new URLSearchParams(search);
  const s = emptyState();
  s.q = p.get('q') ?? '';
  for (const f of FACETS) {
    // repeated or comma-separated, as the API takes them; no duplicates
    const values = p.getAll(f).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
    s[f] = [...new Set(values)];
  }
  const from = p.get('from') ?? '';
  const to = p.get('to') ?? '';
  s.from = YEAR.test(from) ? from : '';
  s.to = YEAR.test(to) ? to : '';
  if (s.from && s.to && s.from > s.to) [s.from, s.to] = [s.to, s.from];
  const page = Number.parseInt(p.get('page') ?? '1', 10);
  s.page = Number.isFinite(page) && page >= 1 ? Math.min(page, MAX_DEPTH / PAGE_SIZE) : 1;
  s.sort = p.get('sort') === 'date' ? 'date' : 'relevance';
  const ui = p.get('ui');
  s.ui = UI_LANGS.includes(ui) ? ui : preferredUi();
  s.doc = p.get('doc') ?? '';
  return s;
}

// The query string of a state (defaults left out, so links stay short).
export function stateToQuery(s) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const f of FACETS) for (const v of s[f]) p.append(f, v);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  if (s.page > 1) p.set('page', String(s.page));
  if (s.sort !== 'relevance') p.set('sort', s.sort);
  p.set('ui', s.ui);
  if (s.doc) p.set('doc', s.doc);
  return p.toString();
}

export function stateToUrl(s) {
  const query = stateToQuery(s);
  return query ? `${location.pathname}?${query}` : location.pathname;
}

// The API parameters of a state's search.
export function searchParams(s) {
  const p = new URLSearchParams();
  p.set('q', s.q);
  for (const f of FACETS) for (const v of s[f]) p.append(f, v);
  if (s.from) p.set('date_from', s.from);
  if (s.to) p.set('date_to', s.to);
  p.set('page', String(s.page));
  p.set('size', String(PAGE_SIZE));
  if (s.sort !== 'relevance') p.set('sort', s.sort);
  p.set('ui_lang', s.ui);
  return p;
}

export function hasFilters(s) {
  return FACETS.some((f) => s[f].length > 0) || Boolean(s.from || s.to);
}

export function withChanges(s, changes) {
  return { ...s, ...changes };
}

// Years are one range (date_from..date_to): ticking a year widens the range to it;
// unticking its first or last year narrows it, and unticking a year inside cuts the range
// just before that year.
export function toggleYear(s, year) {
  const { from, to } = s;
  const inside = from && to && year >= from && year <= to;
  if (!from || !to) return { from: year, to: year };
  if (!inside) return { from: year < from ? year : from, to: year > to ? year : to };
  if (from === to) return { from: '', to: '' };
  if (year === from) return { from: String(+year + 1), to };
  if (year === to) return { from, to: String(+year - 1) };
  return { from, to: String(+year - 1) };
}
