// Entry point: reads the state from the URL, renders the results or the open document,
// and turns user actions into new URL states (history.pushState) so that links can be
// shared and back/forward work; popstate renders the state it returns to.

import { t, setUiLang, uiLang, applyStaticStrings } from './i18n.js';
import { search, ApiError, isAbort } from './api.js';
import {
  parseState, stateToUrl, searchParams, hasFilters, toggleYear, emptyState, FACETS,
} from './state.js';
import { el, clear } from './dom.js';
import { setResponseFacets, rememberHits, loadGlobalFacets } from './catalog.js';
import { renderFacets, renderChips } from './render-facets.js';
import { renderResults, lastPage } from './render-results.js';
import { renderDocument } from './render-document.js';
import { SuggestBox } from './suggest.js';

const $ = (id) => document.getElementById(id);
const ui = {
  form: $('search-form'), input: $('search-input'), suggest: $('suggest-list'),
  uiSelect: $('ui-lang-select'), sort: $('sort-select'), home: $('home-link'),
  filtersToggle: $('filters-toggle'), facets: $('facets'), main: $('main'),
  status: $('status'), error: $('error'), resultsView: $('results-view'),
  docView: $('document-view'), chips: $('chips'), summary: $('results-summary'),
  didYouMean: $('did-you-mean'), results: $('results'), pager: $('pager'),
};

let state = parseState();
let lastAnswer = null;        // the search on screen (for re-rendering the sidebar)
let renderToken = 0;          // a newer render makes older async work stale
let controller = null;        // aborts the requests of a stale render
let uid = 0;
const answers = new Map();    // API URL -> answer, for back/forward without a refetch

// ---- navigation ---------------------------------------------------------------------

function navigate(changes, { focus = null } = {}) {
  const next = { ...state, ...changes };
  // remember where the page was scrolled, for coming back to this entry
  history.replaceState({ ...history.state, scrollY: window.scrollY }, '', location.href);
  // how many document views deep we are, so "back to results" can go back that far
  const docDepth = next.doc ? (state.doc ? (history.state?.docDepth ?? 0) + 1 : 1) : 0;
  const url = stateToUrl(next);
  // the same state again (the same search submitted twice) adds no history entry
  if (url === location.pathname + location.search) history.replaceState(history.state, '', url);
  else history.pushState({ docDepth }, '', url);
  const previousDoc = state.doc;
  state = next;
  render({ focus, previousDoc, fromHistory: false });
}

window.addEventListener('popstate', (e) => {
  const previousDoc = state.doc;
  state = parseState();
  render({ previousDoc, scrollY: e.state?.scrollY, fromHistory: true,
           focus: state.doc ? 'doc' : null });
});

// Links keep real hrefs (open in a new tab, copy link); a plain click is handled here.
function follow(e, action) {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  action();
}

const ctx = {
  uid: () => ++uid,
  stateUrl: (changes) => stateToUrl({ ...state, ...changes }),
  follow,
  runQuery: (q) => navigate({ q, page: 1, doc: '' }, { focus: 'summary' }),
  goToPage: (page) => navigate({ page }, { focus: 'summary' }),
  toggleFacet(facet, value) {
    if (facet === 'year') {
      navigate({ ...toggleYear(state, value), page: 1 });
      return;
    }
    const values = state[facet].includes(value)
      ? state[facet].filter((v) => v !== value) : [...state[facet], value];
    navigate({ [facet]: values, page: 1 });
  },
  clearYears: () => navigate({ from: '', to: '', page: 1 }),
  clearFilters() {
    const cleared = Object.fromEntries(FACETS.map((f) => [f, []]));
    navigate({ ...cleared, from: '', to: '', page: 1 }, { focus: 'input' });
  },
  openDocument(id, hit) {
    if (hit) rememberHits([hit]);
    navigate({ doc: id }, { focus: 'doc' });
  },
  closeDocument() {
    const depth = history.state?.docDepth ?? 0;
    if (depth > 0) history.go(-depth);  // back to the results entry, scroll and all
    else navigate({ doc: '' }, { focus: 'summary' });
  },
  backLink,
  docLink(hit, className) {
    return el('a', {
      href: stateToUrl({ ...state, doc: hit.id }), class: className, lang: hit.lang || null,
      dataset: { docId: hit.id },
      onclick: (e) => follow(e, () => ctx.openDocument(hit.id, hit)),
    }, hit.title || t('untitled'));
  },
  errorMessage,
  rerenderFacets() {
    if (lastAnswer) keepFocus(() => renderFacets(ui.facets, lastAnswer.facets, state, ctx));
  },
};

// "Back to results" (or "New search" when the document was not opened from a search).
function backLink() {
  const fromSearch = state.q || state.page > 1 || hasFilters(state);
  return el('p', { class: 'doc-back' }, el('a', {
    href: stateToUrl({ ...state, doc: '' }), class: 'back-link',
    onclick: (e) => follow(e, () => ctx.closeDocument()),
  }, fromSearch ? t('backToResults') : t('newSearch')));
}

// ---- rendering ----------------------------------------------------------------------

// body[data-busy] is "1" while a view is being fetched and drawn, "0" once it is on
// screen (the browser tests wait for it; similar precedents may still be loading).
async function render(options = {}) {
  const token = renderToken + 1;
  document.body.dataset.busy = '1';
  try {
    await renderView(options);
  } finally {
    if (token === renderToken) document.body.dataset.busy = '0';
  }
}

async function renderView({ focus = null, previousDoc = '', scrollY, fromHistory = false } = {}) {
  const token = ++renderToken;
  if (controller) controller.abort();
  controller = new AbortController();
  const { signal } = controller;

  if (uiLang() !== state.ui) {
    setUiLang(state.ui);
    applyStaticStrings();
    ui.uiSelect.value = state.ui;
  }
  loadGlobalFacets(state.ui);  // labels for lists without facets (similar precedents)
  if (document.activeElement !== ui.input || fromHistory) ui.input.value = state.q;
  ui.sort.value = state.sort;
  hideError();
  document.body.classList.toggle('view-document', Boolean(state.doc));

  if (state.doc) {
    ui.resultsView.hidden = true;
    ui.docView.hidden = false;
    try {
      const heading = await renderDocument(ui.docView, state, ctx, signal);
      if (token !== renderToken) return;
      window.scrollTo(0, scrollY ?? 0);
      if (focus === 'doc') heading.focus({ preventScroll: true });
    } catch (err) {
      if (isAbort(err) || token !== renderToken) return;
      clear(ui.docView);
      ui.docView.append(backLink());
      showError(err);
    }
    return;
  }

  ui.docView.hidden = true;
  ui.resultsView.hidden = false;
  document.title = state.q ? `${state.q} – kbsearch` : `kbsearch – ${t('appTitle')}`;
  try {
    const params = searchParams(state);
    const key = params.toString();
    let answer = fromHistory ? answers.get(key) : null;
    if (!answer) {
      ui.main.setAttribute('aria-busy', 'true');
      answer = await search(params, signal);
      answers.set(key, answer);
      if (answers.size > 30) answers.delete(answers.keys().next().value);
    }
    if (token !== renderToken) return;
    // a page past the end (an old link, a smaller index): go to the last page instead
    if (!answer.hits.length && answer.total > 0 && state.page > 1) {
      state = { ...state, page: lastPage(answer.total) };
      history.replaceState(history.state, '', stateToUrl(state));
      render({ focus, previousDoc });
      return;
    }
    showAnswer(answer);
    ui.status.textContent = t('statusResults', { total: answer.total });
    if (scrollY !== undefined) window.scrollTo(0, scrollY);
    placeFocus(focus, previousDoc);
  } catch (err) {
    if (isAbort(err) || token !== renderToken) return;
    clear(ui.results);
    clear(ui.pager);
    ui.summary.textContent = '';
    showError(err);
  } finally {
    if (token === renderToken) ui.main.removeAttribute('aria-busy');
  }
}

function showAnswer(answer) {
  lastAnswer = answer;
  setResponseFacets(answer.facets);
  rememberHits(answer.hits);
  keepFocus(() => {
    renderFacets(ui.facets, answer.facets, state, ctx);
    renderChips(ui.chips, state, ctx);
  });
  renderResults(ui, answer, state, ctx);
}

// Re-rendering replaces the sidebar's checkboxes: put the focus back on the same one (or,
// for a removed chip, on the next chip or the search box).
function keepFocus(rerender) {
  const key = document.activeElement?.dataset?.focusKey;
  rerender();
  if (!key) return;
  const same = document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`);
  if (same) same.focus();
  else if (key.startsWith('chip:')) (ui.chips.querySelector('.chip') ?? ui.input).focus();
}

function placeFocus(focus, previousDoc) {
  if (previousDoc) {
    // back from a document: to the link that opened it
    const link = ui.results.querySelector(`a[data-doc-id="${CSS.escape(previousDoc)}"]`);
    if (link) {
      link.focus({ preventScroll: true });
      return;
    }
  }
  if (focus === 'summary') {
    ui.main.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  } else if (focus === 'input') {
    ui.input.focus();
  }
}

// ---- errors -------------------------------------------------------------------------

function errorMessage(err) {
  let text;
  if (!(err instanceof ApiError)) text = t('errorStatus', { status: err?.message ?? '?' });
  else if (err.status === 0) text = t('errorNetwork');
  else if (err.status === 404 && err.param === 'id') text = t('errorNotFound');
  else if (err.status === 503) text = t('errorUnavailable');
  else text = t('errorStatus', { status: err.status });
  const detail = err instanceof ApiError && err.status !== 0 && err.message
    ? el('p', { class: 'error-detail' }, err.message) : null;
  return el('div', { class: 'error-message' }, el('p', {}, el('strong', {}, text)), detail);
}

function showError(err) {
  clear(ui.error);
  // trying again helps with a lost connection or a busy server, not with a wrong link
  const retry = !(err instanceof ApiError) || err.status === 0 || err.status >= 500 || err.status === 408;
  ui.error.append(el('h2', {}, t('errorTitle')), errorMessage(err),
    retry ? el('button', { type: 'button', class: 'retry', onclick: () => render({}) }, t('retry')) : null);
  ui.error.hidden = false;
}

function hideError() {
  ui.error.hidden = true;
  clear(ui.error);
}

// ---- wiring -------------------------------------------------------------------------

const suggestBox = new SuggestBox(ui.input, ui.suggest, {
  onQuery: (q) => ctx.runQuery(q),
  onDocument: (id) => ctx.openDocument(id, null),
});

ui.form.addEventListener('submit', (e) => {
  e.preventDefault();
  suggestBox.reset();
  ctx.runQuery(ui.input.value.trim());
});

ui.sort.addEventListener('change', () => navigate({ sort: ui.sort.value, page: 1 }));
ui.uiSelect.addEventListener('change', () => navigate({ ui: ui.uiSelect.value }));
ui.home.addEventListener('click', (e) => follow(e, () => navigate(emptyState(state.ui), { focus: 'input' })));

ui.filtersToggle.addEventListener('click', () => {
  const open = !document.body.classList.contains('filters-open');
  document.body.classList.toggle('filters-open', open);
  ui.filtersToggle.setAttribute('aria-expanded', String(open));
});

// "/" focuses the search box, unless the user is typing in a field.
document.addEventListener('keydown', (e) => {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
  const target = e.target;
  if (target instanceof HTMLElement &&
      (target.isContentEditable || target.closest('input, textarea, select'))) return;
  e.preventDefault();
  ui.input.focus();
  ui.input.select();
});

history.scrollRestoration = 'manual';  // scroll positions are restored by render()
history.replaceState({ docDepth: 0 }, '', stateToUrl(state));
render({ focus: state.doc ? 'doc' : null });
