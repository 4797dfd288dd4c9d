// The facet sidebar (checkboxes with counts; the region facet as a tree) and the chips of
// the active filters. The API counts each facet ignoring that facet's own filter, so a
// ticked value's neighbours keep meaningful counts: several values of one facet are OR-ed,
// facets are AND-ed.

import { el, clear } from './dom.js';
import { t, languageName, formatNumber, uiLang } from './i18n.js';
import { label } from './catalog.js';

const FACET_ORDER = ['lang', 'topic', 'region', 'type', 'year'];
const SHORT_LIST = 8;          // values shown before "show all"
const expandedFacets = new Set();  // facets whose whole list is shown
const openRegions = new Set();     // region nodes whose children are shown
let idCounter = 0;

export function valueLabel(facet, value, apiLabel) {
  if (facet === 'lang') return languageName(value, apiLabel);
  if (facet === 'year') return value;
  return label(facet, value, uiLang());
}

function isSelected(state, facet, value) {
  if (facet === 'year') return Boolean(state.from && state.to && value >= state.from && value <= state.to);
  return state[facet].includes(value);
}

// Selected values the response does not count (no match any more) still get a checkbox,
// with 0, so they can be unticked.
function withSelected(facet, values, state) {
  if (facet === 'year' || facet === 'region') return values;
  const present = new Set(values.map((v) => v.value));
  const missing = state[facet].filter((v) => !present.has(v))
    .map((v) => ({ value: v, label: undefined, count: 0 }));
  return [...values, ...missing];
}

function findPath(nodes, value, path = []) {
  for (const n of nodes) {
    if (n.value === value) return [...path, n.value];
    const sub = findPath(n.children ?? [], value, [...path, n.value]);
    if (sub) return sub;
  }
  return null;
}

function checkbox(facet, v, state, ctx) {
  const id = `facet-${facet}-${++idCounter}`;
  const selected = isSelected(state, facet, v.value);
  const text = valueLabel(facet, v.value, v.label);
  const input = el('input', {
    type: 'checkbox', id, checked: selected,
    dataset: { focusKey: `facet:${facet}:${v.value}` },
    onchange: () => ctx.toggleFacet(facet, v.value),
  });
  return el('div', { class: `facet-value${v.count === 0 ? ' is-empty' : ''}` },
    input,
    el('label', { for: id },
      el('span', { class: 'facet-label', lang: facet === 'lang' ? uiLang() : null }, text),
      el('span', { class: 'facet-count' }, formatNumber(v.count))));
}

function regionTree(nodes, state, ctx, depth) {
  const list = el('ul', { class: depth === 0 ? 'facet-tree' : 'facet-subtree' });
  for (const node of nodes) {
    const children = node.children ?? [];
    const item = el('li', { class: 'tree-item' });
    const row = el('div', { class: 'tree-row' });
    if (children.length) {
      const open = openRegions.has(node.value);
      const subId = `region-children-${++idCounter}`;
      const name = valueLabel('region', node.value, node.label);
      row.append(el('button', {
        type: 'button', class: 'tree-toggle', 'aria-expanded': String(open),
        'aria-controls': subId, 'aria-label': name,
        dataset: { focusKey: `tree:${node.value}` },
        onclick: (e) => {
          const nowOpen = !openRegions.has(node.value);
          if (nowOpen) openRegions.add(node.value); else openRegions.delete(node.value);
          e.currentTarget.setAttribute('aria-expanded', String(nowOpen));
          document.getElementById(subId).hidden = !nowOpen;
        },
      }, el('span', { class: 'tree-arrow', 'aria-hidden': 'true' })));
      row.append(checkbox('region', node, state, ctx));
      item.append(row);
      const sub = regionTree(children, state, ctx, depth + 1);
      sub.id = subId;
      sub.hidden = !open;
      item.append(sub);
    } else {
      row.append(el('span', { class: 'tree-spacer', 'aria-hidden': 'true' }));
      row.append(checkbox('region', node, state, ctx));
      item.append(row);
    }
    list.append(item);
  }
  return list;
}

function facetGroup(facet, values, state, ctx) {
  const legendId = `facet-legend-${facet}`;
  const group = el('fieldset', { class: `facet facet-${facet}` },
    el('legend', { id: legendId }, t(`facet_${facet}`)));
  const expanded = expandedFacets.has(facet);
  let shown = values;
  if (!expanded && values.length > SHORT_LIST + 2) {
    // the first values, and any selected one further down
    shown = values.filter((v, i) => i < SHORT_LIST || isSelected(state, facet, v.value) ||
      (facet === 'region' && state.region.some((r) => findPath([v], r))));
  }
  if (facet === 'region') {
    // open the branches that lead to a selected region
    for (const r of state.region) {
      for (const p of (findPath(values, r) ?? []).slice(0, -1)) openRegions.add(p);
    }
    group.append(regionTree(shown, state, ctx, 0));
  } else {
    group.append(el('div', { class: 'facet-values' },
      shown.map((v) => checkbox(facet, v, state, ctx))));
  }
  if (shown.length < values.length || expanded) {
    group.append(el('button', {
      type: 'button', class: 'link-button facet-more',
      dataset: { focusKey: `more:${facet}` },
      onclick: () => {
        if (expanded) expandedFacets.delete(facet); else expandedFacets.add(facet);
        ctx.rerenderFacets();
      },
    }, expanded ? t('showLess') : t('showMore', { n: values.length })));
  }
  return group;
}

export function renderFacets(container, facets, state, ctx) {
  clear(container);
  container.append(el('h2', { class: 'sidebar-heading' }, t('filters')));
  for (const facet of FACET_ORDER) {
    const values = withSelected(facet, facets?.[facet] ?? [], state);
    // a facet with nothing to choose (no match has a value of it) is left out
    if (values.length) container.append(facetGroup(facet, values, state, ctx));
  }
}

// Chips: one per active filter value (the year range is one chip), each removes itself.
export function renderChips(container, state, ctx) {
  clear(container);
  const chips = [];
  for (const facet of ['lang', 'topic', 'region', 'type']) {
    for (const value of state[facet]) {
      const text = `${t(`facet_${facet}`)}: ${valueLabel(facet, value)}`;
      chips.push(chip(text, `chip:${facet}:${value}`, () => ctx.toggleFacet(facet, value)));
    }
  }
  if (state.from || state.to) {
    const range = state.from === state.to ? state.from : `${state.from || '…'}–${state.to || '…'}`;
    chips.push(chip(`${t('facet_year')}: ${range}`, 'chip:year', () => ctx.clearYears()));
  }
  if (!chips.length) {
    container.hidden = true;
    return;
  }
  container.hidden = false;
  container.append(
    el('h3', { class: 'visually-hidden' }, t('activeFilters')),
    el('ul', { class: 'chip-list' }, chips.map((c) => el('li', {}, c))),
    el('button', { type: 'button', class: 'link-button clear-all', onclick: () => ctx.clearFilters(),
                   dataset: { focusKey: 'chip:clear' } }, t('clearAll')));
}

function chip(text, key, onRemove) {
  return el('button', {
    type: 'button', class: 'chip', 'aria-label': t('removeFilter', { label: text }),
    dataset: { focusKey: key }, onclick: onRemove,
  }, el('span', { class: 'chip-text' }, text), el('span', { class: 'chip-x', 'aria-hidden': 'true' }, '×'));
}

// Browse tiles for the start page: the biggest values of a few facets, each a button that
// applies that filter.
export function renderBrowse(facets, ctx) {
  const groups = [];
  for (const facet of ['topic', 'region', 'type', 'lang']) {
    const values = (facets?.[facet] ?? []).slice(0, facet === 'lang' ? 16 : 10);
    if (!values.length) continue;
    groups.push(el('section', { class: 'browse-group' },
      el('h3', {}, t(`browse_${facet}`)),
      el('ul', { class: 'browse-list' }, values.map((v) => el('li', {},
        el('button', { type: 'button', class: 'browse-tile', onclick: () => ctx.toggleFacet(facet, v.value) },
          el('span', { class: 'facet-label' }, valueLabel(facet, v.value, v.label)),
          el('span', { class: 'facet-count' }, formatNumber(v.count))))))));
  }
  return groups;
}
