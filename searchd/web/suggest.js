// Search as you type: the search box is an ARIA combobox whose listbox holds the API's
// completions (GET /api/v1/suggest): whole queries, then document titles. Requests wait
// for a 150 ms pause in typing, and a newer keystroke aborts the request in flight so a
// slow answer never replaces a newer one.

import { el, clear } from './dom.js';
import { t, formatNumber } from './i18n.js';
import { suggest, isAbort } from './api.js';

const DEBOUNCE_MS = 150;

export class SuggestBox {
  // onQuery(text): run a search; onDocument(id, title): open a document.
  constructor(input, listbox, { onQuery, onDocument }) {
    this.input = input;
    this.listbox = listbox;
    this.onQuery = onQuery;
    this.onDocument = onDocument;
    this.options = [];     // [{kind: 'query'|'title', text, id, node}]
    this.active = -1;
    this.timer = 0;
    this.controller = null;

    input.addEventListener('input', () => this.schedule());
    input.addEventListener('keydown', (e) => this.onKeyDown(e));
    input.addEventListener('blur', () => this.close());
    // keep the focus in the input when an option is clicked
    listbox.addEventListener('mousedown', (e) => e.preventDefault());
  }

  schedule() {
    clearTimeout(this.timer);
    this.cancel();
    const text = this.input.value;
    const last = text.trim().split(/\s+/).pop() ?? '';
    if ([...last].length < 2) {  // the API suggests nothing before two letters
      this.close();
      return;
    }
    this.timer = setTimeout(() => this.fetch(text), DEBOUNCE_MS);
  }

  cancel() {
    if (this.controller) this.controller.abort();
    this.controller = null;
  }

  // Stop everything pending (a search was submitted).
  reset() {
    clearTimeout(this.timer);
    this.cancel();
    this.close();
  }

  async fetch(text) {
    const controller = new AbortController();
    this.controller = controller;
    try {
      const answer = await suggest(text, controller.signal);
      if (controller.signal.aborted || document.activeElement !== this.input) return;
      this.show(answer);
    } catch (err) {
      // suggestions are a convenience: an error just means none
      if (!isAbort(err)) this.close();
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  show(answer) {
    clear(this.listbox);
    this.options = [];
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    const group = (kind, heading, items, render) => {
      if (!items.length) return;
      const headingId = `suggest-${kind}-heading`;
      const box = el('div', { role: 'group', 'aria-labelledby': headingId, class: 'suggest-group' },
        el('div', { id: headingId, role: 'presentation', class: 'suggest-heading' }, heading));
      for (const item of items) {
        const index = this.options.length;
        const node = el('div', {
          role: 'option', id: `suggest-option-${index}`, 'aria-selected': 'false',
          class: `suggest-option suggest-${kind}`,
          onclick: () => this.choose(index),
        }, render(item));
        this.options.push({ kind, text: item.text ?? item.title, id: item.id, node });
        box.append(node);
      }
      this.listbox.append(box);
    };
    group('query', t('suggestQueries'), answer.queries ?? [], (q) => [
      el('span', { class: 'suggest-text' }, q.text),
      el('span', { class: 'suggest-count' }, t('suggestDocCount', { n: formatNumber(q.count) })),
    ]);
    group('title', t('suggestTitles'), answer.titles ?? [], (d) => [
      el('span', { class: 'suggest-text' }, d.title || t('untitled')),
    ]);
    if (this.options.length) this.open(); else this.close();
  }

  isOpen() {
    return !this.listbox.hidden;
  }

  open() {
    this.listbox.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  }

  close() {
    this.listbox.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
    this.active = -1;
  }

  setActive(index) {
    if (this.active >= 0) this.options[this.active]?.node.setAttribute('aria-selected', 'false');
    this.active = index;
    if (index < 0) {
      this.input.removeAttribute('aria-activedescendant');
      return;
    }
    const { node } = this.options[index];
    node.setAttribute('aria-selected', 'true');
    this.input.setAttribute('aria-activedescendant', node.id);
    node.scrollIntoView({ block: 'nearest' });
  }

  onKeyDown(e) {
    const n = this.options.length;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        if (!n) return;
        e.preventDefault();
        if (!this.isOpen()) {
          this.open();
          this.setActive(e.key === 'ArrowDown' ? 0 : n - 1);
          return;
        }
        // wraps through "no option" (-1), where the typed text stands
        const step = e.key === 'ArrowDown' ? 1 : -1;
        let next = this.active + step;
        if (next >= n) next = -1;
        if (next < -1) next = n - 1;
        this.setActive(next);
        return;
      }
      case 'Enter':
        if (this.isOpen() && this.active >= 0) {
          e.preventDefault();
          this.choose(this.active);
        }
        return;  // otherwise the form is submitted
      case 'Escape':
        if (this.isOpen()) {
          e.preventDefault();
          this.close();
        }
        return;
      case 'Tab':
        this.close();
        return;
      default:
    }
  }

  choose(index) {
    const option = this.options[index];
    if (!option) return;
    this.reset();
    if (option.kind === 'query') {
      this.input.value = option.text;
      this.onQuery(option.text);
    } else {
      this.onDocument(option.id, option.text);
    }
  }
}
