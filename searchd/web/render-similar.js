// "Similar precedents" of a document (GET /api/v1/documents/{id}/similar?size=5): other
// documents, in any language, sharing its topics, regions and key terms.

import { el, clear } from './dom.js';
import { t, uiLang } from './i18n.js';
import { similar, isAbort } from './api.js';
import { rememberHits, loadGlobalFacets } from './catalog.js';
import { hitMeta, regionLabels, topicLabels } from './render-hit.js';

export const SIMILAR_SIZE = 5;

// Fills `container` with the similar documents of `id`; ctx.docLink(hit) gives the link.
export async function loadSimilar(container, id, ctx, signal) {
  clear(container);
  container.setAttribute('aria-busy', 'true');
  container.append(el('p', { class: 'loading' }, t('similarLoading')));
  try {
    const [answer] = await Promise.all([similar(id, SIMILAR_SIZE, signal), loadGlobalFacets(uiLang())]);
    rememberHits(answer.hits);
    clear(container);
    if (!answer.hits.length) {
      container.append(el('p', { class: 'similar-none' }, t('similarNone')));
    } else {
      container.append(el('ol', { class: 'similar-list' }, answer.hits.map((hit) => similarItem(hit, ctx))));
    }
  } catch (err) {
    if (isAbort(err)) return;
    clear(container);
    container.append(ctx.errorMessage(err));
  } finally {
    container.removeAttribute('aria-busy');
  }
}

function similarItem(hit, ctx) {
  const about = [...topicLabels(hit.topics), ...regionLabels(hit.regions)].join(' · ');
  return el('li', { class: 'similar-item' },
    ctx.docLink(hit, 'similar-title'),
    hitMeta(hit),
    about ? el('p', { class: 'similar-about' }, about) : null);
}
