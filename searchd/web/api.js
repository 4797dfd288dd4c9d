// The public JSON API of kb-searchd (/api/v1, see /api/v1/openapi.json): fetch, JSON,
// and errors turned into ApiError. This page uses nothing else, so it is a reference for
// other clients.

export class ApiError extends Error {
  // status: HTTP status (0 when the server could not be reached); code/param: from the
  // API's {"error": {"code", "message", "param"}}.
  constructor(status, code, message, param) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.param = param;
  }
}

export function isAbort(err) {
  return err?.name === 'AbortError';
}

async function getJson(path, params, signal) {
  const url = params && [...params].length ? `${path}?${params}` : path;
  let response;
  try {
    response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (err) {
    if (isAbort(err)) throw err;
    throw new ApiError(0, 'network', err.message || 'network error');
  }
  let body = null;
  try {
    body = await response.json();
  } catch (err) {
    if (isAbort(err)) throw err;
    // a proxy's HTML error page, an empty body...: handled below
  }
  if (!response.ok || body === null) {
    const e = body?.error ?? {};
    throw new ApiError(response.status, e.code ?? 'http_error',
                       e.message ?? response.statusText ?? '', e.param);
  }
  return body;
}

// params: URLSearchParams of q, lang, topic, region, type, date_from, date_to, page, size,
// sort, ui_lang (repeated keys for several values of a facet).
export function search(params, signal) {
  return getJson('/api/v1/search', params, signal);
}

export function suggest(q, signal, size = 8) {
  return getJson('/api/v1/suggest', new URLSearchParams({ q, size: String(size) }), signal);
}

// Ids are paths ("docs/sl/x.txt"): one path segment, so the slash is encoded too.
export function getDocument(id, signal) {
  return getJson(`/api/v1/documents/${encodeURIComponent(id)}`, null, signal);
}

export function similar(id, size = 5, signal) {
  return getJson(`/api/v1/documents/${encodeURIComponent(id)}/similar`,
                 new URLSearchParams({ size: String(size) }), signal);
}

export function facets(uiLang, signal) {
  return getJson('/api/v1/facets', new URLSearchParams({ ui_lang: uiLang }), signal);
}
