// Building DOM safely. Every string from the API (titles, text, labels, ids) goes into the
// page as a text node; nothing here assigns innerHTML. The snippet, the one field the API
// sends as HTML, is parsed by snippetNodes() into text and <mark> elements.

// el('a', {class: 'x', href: '/y', onclick: fn}, 'text', childNode, [more, children])
// Attributes are set with setAttribute (never "style": the CSP forbids inline styles);
// on* keys become event listeners; string children become text nodes.
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'style' || key === 'innerHTML') throw new Error(`el(): no ${key} (CSP, XSS)`);
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      node.className = value;
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key === 'hidden') {
      node.hidden = Boolean(value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

// The entities the server's escaping produces, plus numeric ones; anything else is left
// as it was written.
const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (match, body) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X'
        ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      try {
        return String.fromCodePoint(code);
      } catch {
        return match;
      }
    }
    return NAMED[body] ?? match;
  });
}

// A snippet ("escaped text with <mark>…</mark>") as nodes: the only markup recognised is
// <mark> and </mark>; the pieces between are decoded and inserted as text, so a stray
// tag in a document can never become an element.
export function snippetNodes(snippet) {
  const nodes = [];
  let marked = false;
  for (const piece of String(snippet ?? '').split(/(<mark>|<\/mark>)/)) {
    if (piece === '<mark>') {
      marked = true;
    } else if (piece === '</mark>') {
      marked = false;
    } else if (piece) {
      const text = decodeEntities(piece);
      nodes.push(marked ? el('mark', {}, text) : document.createTextNode(text));
    }
  }
  return nodes;
}

// Only http(s) links from documents become links (no javascript:, data:, ...).
export function safeHttpUrl(url) {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
