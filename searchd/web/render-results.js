// The result list of a search: summary (total, took_ms), notices, "did you mean", hits
// with highlighted snippets and their similar precedents, paging, and the empty states.

import { el, clear, snippetNodes } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { hasFilters, PAGE_SIZE, MAX_DEPTH } from './state.js';
import { hitMeta, regionLabels, topicLabels, tagList } from './render-hit.js';
import { loadSimilar } from './render-similar.js';
import { renderBrowse } from './render-facets.js';

export function lastPage(total) {
  return Math.max(1, Math.min(Math.ceil(total / PAGE_SIZE), Math.floor(MAX_DEPTH / PAGE_SIZE)));
}

export function summaryText(answer) {
  const ms = formatNumber(answer.took_ms, answer.took_ms < 10 ? 1 : 0);
  const text = answer.total === 1 ? t('summaryOne', { ms })
    : t('summary', { total: formatNumber(answer.total), ms });
  const pages = lastPage(answer.total);
  return pages > 1 ? `${text} · ${t('summaryPage', { page: answer.page, pages })}` : text;
}

export function renderResults(view, answer, state, ctx) {
  view.summary.textContent = summaryText(answer);
  renderDidYouMean(view.didYouMean, answer, state, ctx);

  const list = clear(view.results);
  if (!state.q && !hasFilters(state) && state.page === 1) {
    list.append(el('section', { class: 'welcome' },
      el('h2', {}, t('welcomeTitle')),
      el('p', {}, t('welcomeText')),
      el('div', { class: 'browse' }, renderBrowse(answer.facets, ctx))));
  }
  list.append(notices(answer, ctx));
  if (!answer.hits.length) {
    list.append(emptyState(state, ctx));
  } else {
    list.append(el('ol', { class: 'hit-list', start: (answer.page - 1) * answer.size + 1 },
      answer.hits.map((hit) => hitItem(hit, ctx))));
  }
  renderPager(view.pager, answer, state, ctx);
}

function renderDidYouMean(container, answer, state, ctx) {
  clear(container);
  const suggestion = answer.suggestion;
  container.hidden = !suggestion || suggestion === state.q;
  if (container.hidden) return;
  container.append(`${t('didYouMean')} `,
    el('a', {
      href: ctx.stateUrl({ q: suggestion, page: 1, doc: '' }), class: 'suggestion-link',
      onclick: (e) => ctx.follow(e, () => ctx.runQuery(suggestion)),
    }, suggestion));
}

function notices(answer, ctx) {
  const items = [];
  if (answer.timed_out) items.push(t('timedOut'));
  if (answer.match_any && answer.hits.length) items.push(t('matchAny'));
  if (answer.query_relaxed) items.push(t('relaxed'));
  if (answer.stop_words?.length) items.push(t('stopWords', { words: answer.stop_words.join(', ') }));
  if (answer.query_topics?.length) {
    items.push(t('queryTopics', { topics: topicLabels(answer.query_topics).join(', ') }));
  }
  if (!items.length) return [];
  return el('ul', { class: 'notices' }, items.map((text) => el('li', {}, text)));
}

function emptyState(state, ctx) {
  const tips = [];
  if (hasFilters(state)) {
    tips.push(el('li', {}, t('noResultsTipFilters'), ' ',
      el('button', { type: 'button', class: 'link-button', onclick: () => ctx.clearFilters() },
        t('clearAll'))));
  }
  tips.push(el('li', {}, t('noResultsTipSpelling')));
  tips.push(el('li', {}, t('noResultsTipLanguage')));
  return el('section', { class: 'empty-state' },
    el('h3', {}, t('noResultsTitle')),
    state.q ? el('p', {}, t('noResultsFor', { q: state.q })) : null,
    el('ul', { class: 'tips' }, tips));
}

function hitItem(hit, ctx) {
  const similarBox = el('div', { class: 'similar-box', hidden: true, id: `similar-${ctx.uid()}` });
  const toggle = el('button', {
    type: 'button', class: 'similar-toggle', 'aria-expanded': 'false',
    'aria-controls': similarBox.id,
    onclick: () => {
      const open = similarBox.hidden;
      similarBox.hidden = !open;
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? t('similarHide') : t('similarShow');
      // loaded once, when first opened
      if (open && !similarBox.dataset.loaded) {
        similarBox.dataset.loaded = '1';
        loadSimilar(similarBox, hit.id, ctx);
      }
    },
  }, t('similarShow'));

  return el('li', { class: 'hit', dataset: { id: hit.id } },
    el('h3', { class: 'hit-title' }, ctx.docLink(hit, 'hit-link')),
    hitMeta(hit),
    el('p', { class: 'snippet', lang: hit.lang || null }, snippetNodes(hit.snippet)),
    tagList('topics', topicLabels(hit.topics), t('metaTopics')),
    tagList('regions', regionLabels(hit.regions), t('metaRegions')),
    el('div', { class: 'hit-actions' }, toggle),
    similarBox);
}

// Numbered pages around the current one, the first and the last, with gaps as "…".
function pageNumbers(current, last) {
  const pages = new Set([1, last]);
  for (let p = current - 2; p <= current + 2; p++) if (p >= 1 && p <= last) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const out = [];
  sorted.forEach((p, i) => {
    if (i > 0 && p - sorted[i - 1] > 1) out.push(null);
    out.push(p);
  });
  return out;
}

function renderPager(nav, answer, state, ctx) {
  clear(nav);
  const last = lastPage(answer.total);
  if (last <= 1) {
    nav.hidden = true;
    return;
  }
  nav.hidden = false;
  const current = answer.page;
  const link = (page, text, extra = {}) => el('a', {
    href: ctx.stateUrl({ page }), class: 'page-link', ...extra,
    onclick: (e) => ctx.follow(e, () => ctx.goToPage(page)),
  }, text);
  const items = [];
  items.push(current > 1
    ? link(current - 1, t('prev'), { rel: 'prev' })
    : el('span', { class: 'page-link is-disabled', 'aria-disabled': 'true' }, t('prev')));
  for (const p of pageNumbers(current, last)) {
    if (p === null) items.push(el('span', { class: 'page-gap', 'aria-hidden': 'true' }, '…'));
    else if (p === current) {
      items.push(el('a', { href: ctx.stateUrl({ page: p }), class: 'page-link is-current',
                           'aria-current': 'page', 'aria-label': t('pageN', { n: p }),
                           onclick: (e) => e.preventDefault() }, String(p)));
    } else items.push(link(p, String(p), { 'aria-label': t('pageN', { n: p }) }));
  }
  items.push(current < last
    ? link(current + 1, t('next'), { rel: 'next' })
    : el('span', { class: 'page-link is-disabled', 'aria-disabled': 'true' }, t('next')));
  nav.append(el('ul', { class: 'pager-list' }, items.map((item) => el('li', {}, item))));
}
