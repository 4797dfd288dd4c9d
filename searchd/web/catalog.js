// What the page has learnt from the API's answers: labels of facet values, and the
// metadata of documents seen in result lists.
//
// Labels: a search response carries the labels of the values it counts (in ui_lang);
// /api/v1/facets carries every value's label and is the fallback (similar-precedent lists
// have no facets of their own). A value without a label is shown as its id.
//
// Documents: GET /api/v1/documents/{id} has no date, type, url, topics or regions, so the
// document view takes them from the hit the document was opened from.

import { facets as fetchFacets, isAbort } from './api.js';

const global = new Map();   // ui lang -> Map(facet -> Map(value -> label))
let current = new Map();    // facet -> Map(value -> label), of the latest search
const hits = new Map();     // id -> hit

const parents = new Map();  // region -> its parent in the region tree

function labelMap(facets) {
  const map = new Map();
  const walk = (facet, values, parent) => {
    for (const v of values ?? []) {
      if (!map.has(facet)) map.set(facet, new Map());
      if (v.label && v.label !== v.value) map.get(facet).set(v.value, v.label);
      if (facet === 'region' && parent) parents.set(v.value, parent);
      walk(facet, v.children, v.value);
    }
  };
  for (const [facet, values] of Object.entries(facets ?? {})) walk(facet, values);
  return map;
}

export function setResponseFacets(facets) {
  current = labelMap(facets);
}

const loading = new Map();  // ui lang -> promise of its /api/v1/facets answer

// Loaded once per UI language; callers that need the labels await it (similar lists),
// the search does not wait for it.
export function loadGlobalFacets(uiLang) {
  if (!loading.has(uiLang)) {
    loading.set(uiLang, fetchFacets(uiLang).then((answer) => {
      global.set(uiLang, labelMap(answer.facets));
      return answer;
    }, (err) => {
      // labels then fall back to ids; try again next time
      loading.delete(uiLang);
      if (!isAbort(err)) console.warn('facets:', err.message);
      return null;
    }));
  }
  return loading.get(uiLang);
}

export function label(facet, value, uiLang) {
  return current.get(facet)?.get(value) ?? global.get(uiLang)?.get(facet)?.get(value) ?? value;
}

// A document's regions (the API lists each with all its ancestors: city, region,
// country, macro-regions) reduced to the most specific ones, each with its path from the
// top: [['SI', 'SI03', 'si-velenje'], ['EUSDR']].
export function regionPaths(regions) {
  const all = new Set(regions ?? []);
  const ancestors = new Set();
  for (const r of all) {
    for (let p = parents.get(r); p; p = parents.get(p)) ancestors.add(p);
  }
  const paths = [];
  for (const r of all) {
    if (ancestors.has(r)) continue;
    const path = [r];
    for (let p = parents.get(r); p; p = parents.get(p)) path.unshift(p);
    paths.push(path);
  }
  return paths;
}

export function rememberHits(list) {
  for (const hit of list ?? []) hits.set(hit.id, hit);
}

export function knownHit(id) {
  return hits.get(id) ?? null;
}
