// UI strings and locale formatting. Facet labels (topics, regions, types) come from the
// API in the chosen language (ui_lang); only the page's own words live here.

export const UI_LANGS = ['en', 'pl'];

const STRINGS = {
  en: {
    appTitle: 'Knowledge base',
    skipToResults: 'Skip to results',
    uiLanguage: 'Interface language',
    searchLabel: 'Search the knowledge base',
    searchPlaceholder: 'Search, e.g. brain drain, razvoj, Velenje',
    searchButton: 'Search',
    searchHint: 'Press / to search. Words may be typed without diacritics, in any language.',
    suggestions: 'Suggestions',
    suggestQueries: 'Searches',
    suggestTitles: 'Documents',
    suggestDocCount: '{n} docs',
    filters: 'Filters',
    showFilters: 'Filters',
    results: 'Results',
    sortBy: 'Sort by',
    sortRelevance: 'Relevance',
    sortDate: 'Newest first',
    pagination: 'Pagination',
    footer: 'Search API:',
    facet_lang: 'Language',
    facet_topic: 'Topic',
    facet_region: 'Region',
    facet_type: 'Document type',
    facet_year: 'Year',
    showMore: 'Show all ({n})',
    showLess: 'Show fewer',
    clearAll: 'Clear all filters',
    removeFilter: 'Remove filter: {label}',
    activeFilters: 'Active filters',
    summary: '{total} results ({ms} ms)',
    summaryOne: '1 result ({ms} ms)',
    summaryPage: 'page {page} of {pages}',
    statusResults: '{total} results',
    statusLoading: 'Searching…',
    matchAny: 'No document has all the words; showing documents with any of them.',
    relaxed: 'Some query syntax was not understood and was read as plain words.',
    timedOut: 'The search took too long: results and counts are incomplete.',
    stopWords: 'Ignored common words: {words}',
    queryTopics: 'Also showing documents on the topic: {topics}',
    didYouMean: 'Did you mean:',
    noResultsTitle: 'No documents found',
    noResultsFor: 'Nothing matches “{q}”.',
    noResultsTipFilters: 'Remove some filters – the active ones are listed above – or clear them all.',
    noResultsTipSpelling: 'Check the spelling, or try fewer or more general words. Diacritics are not needed.',
    noResultsTipLanguage: 'Words in any language find documents in that language; topic words (e.g. “brain drain”) find every language.',
    welcomeTitle: 'Find precedents across countries and languages',
    welcomeText: 'Type a few words in your own language, with or without diacritics, or browse by topic, region, type or language.',
    browse_topic: 'Browse by topic',
    browse_region: 'Browse by region',
    browse_type: 'Browse by document type',
    browse_lang: 'Browse by language',
    prev: 'Previous',
    next: 'Next',
    pageN: 'Page {n}',
    similar: 'Similar precedents',
    similarShow: 'Similar precedents',
    similarHide: 'Hide similar precedents',
    similarNone: 'No similar precedents.',
    similarLoading: 'Loading similar precedents…',
    untitled: '(untitled)',
    noDate: 'undated',
    backToResults: '← Back to results',
    newSearch: '← New search',
    docLoading: 'Loading document…',
    metaLanguage: 'Language',
    metaDate: 'Date',
    metaType: 'Type',
    metaSource: 'Source',
    metaTopics: 'Topics',
    metaRegions: 'Regions',
    metaFormat: 'Format',
    metaId: 'Document id',
    fullText: 'Full text',
    emptyText: 'This document has no stored text.',
    errorTitle: 'Something went wrong',
    errorNetwork: 'The search service cannot be reached. Check the connection and try again.',
    errorStatus: 'The search service answered with an error ({status}).',
    errorNotFound: 'This document is not in the knowledge base (any more).',
    errorUnavailable: 'The index is being built or is unavailable. Try again in a minute.',
    retry: 'Try again',
  },
  pl: {
    appTitle: 'Baza wiedzy',
    skipToResults: 'Przejdź do wyników',
    uiLanguage: 'Język interfejsu',
    searchLabel: 'Szukaj w bazie wiedzy',
    searchPlaceholder: 'Szukaj, np. drenaż mózgów, razvoj, Velenje',
    searchButton: 'Szukaj',
    searchHint: 'Naciśnij /, aby szukać. Można pisać bez polskich znaków, w dowolnym języku.',
    suggestions: 'Podpowiedzi',
    suggestQueries: 'Wyszukiwania',
    suggestTitles: 'Dokumenty',
    suggestDocCount: 'dok.: {n}',
    filters: 'Filtry',
    showFilters: 'Filtry',
    results: 'Wyniki',
    sortBy: 'Sortuj według',
    sortRelevance: 'Trafności',
    sortDate: 'Od najnowszych',
    pagination: 'Stronicowanie',
    footer: 'API wyszukiwania:',
    facet_lang: 'Język',
    facet_topic: 'Temat',
    facet_region: 'Region',
    facet_type: 'Rodzaj dokumentu',
    facet_year: 'Rok',
    showMore: 'Pokaż wszystkie ({n})',
    showLess: 'Pokaż mniej',
    clearAll: 'Wyczyść filtry',
    removeFilter: 'Usuń filtr: {label}',
    activeFilters: 'Aktywne filtry',
    summary: 'Wyniki: {total} ({ms} ms)',
    summaryOne: 'Wyniki: 1 ({ms} ms)',
    summaryPage: 'strona {page} z {pages}',
    statusResults: 'Wyniki: {total}',
    statusLoading: 'Wyszukiwanie…',
    matchAny: 'Żaden dokument nie zawiera wszystkich słów; pokazano dokumenty z którymkolwiek z nich.',
    relaxed: 'Część składni zapytania nie została rozpoznana i potraktowano ją jak zwykłe słowa.',
    timedOut: 'Wyszukiwanie trwało zbyt długo: wyniki i liczby są niepełne.',
    stopWords: 'Pominięte częste słowa: {words}',
    queryTopics: 'Pokazano też dokumenty z tematu: {topics}',
    didYouMean: 'Czy chodziło o:',
    noResultsTitle: 'Nie znaleziono dokumentów',
    noResultsFor: 'Brak wyników dla „{q}”.',
    noResultsTipFilters: 'Usuń część filtrów – aktywne są wymienione powyżej – albo wyczyść wszystkie.',
    noResultsTipSpelling: 'Sprawdź pisownię albo użyj mniej lub ogólniejszych słów. Polskie znaki nie są potrzebne.',
    noResultsTipLanguage: 'Słowa w danym języku znajdują dokumenty w tym języku; słowa tematów (np. „drenaż mózgów”) – we wszystkich językach.',
    welcomeTitle: 'Znajdź dobre praktyki z innych krajów i języków',
    welcomeText: 'Wpisz kilka słów we własnym języku, z polskimi znakami lub bez, albo przeglądaj według tematu, regionu, rodzaju lub języka.',
    browse_topic: 'Tematy',
    browse_region: 'Regiony',
    browse_type: 'Rodzaje dokumentów',
    browse_lang: 'Języki',
    prev: 'Poprzednia',
    next: 'Następna',
    pageN: 'Strona {n}',
    similar: 'Podobne przykłady',
    similarShow: 'Podobne przykłady',
    similarHide: 'Ukryj podobne przykłady',
    similarNone: 'Brak podobnych przykładów.',
    similarLoading: 'Wczytywanie podobnych przykładów…',
    untitled: '(bez tytułu)',
    noDate: 'bez daty',
    backToResults: '← Wróć do wyników',
    newSearch: '← Nowe wyszukiwanie',
    docLoading: 'Wczytywanie dokumentu…',
    metaLanguage: 'Język',
    metaDate: 'Data',
    metaType: 'Rodzaj',
    metaSource: 'Źródło',
    metaTopics: 'Tematy',
    metaRegions: 'Regiony',
    metaFormat: 'Format',
    metaId: 'Identyfikator',
    fullText: 'Pełny tekst',
    emptyText: 'Ten dokument nie ma zapisanego tekstu.',
    errorTitle: 'Wystąpił błąd',
    errorNetwork: 'Brak połączenia z usługą wyszukiwania. Sprawdź połączenie i spróbuj ponownie.',
    errorStatus: 'Usługa wyszukiwania zwróciła błąd ({status}).',
    errorNotFound: 'Tego dokumentu nie ma (już) w bazie wiedzy.',
    errorUnavailable: 'Indeks jest budowany lub niedostępny. Spróbuj ponownie za minutę.',
    retry: 'Spróbuj ponownie',
  },
};

let current = 'en';

export function setUiLang(lang) {
  current = UI_LANGS.includes(lang) ? lang : 'en';
  document.documentElement.lang = current;
}

export function uiLang() {
  return current;
}

// t('summary', {total: 5, ms: 1.2}) – a missing key falls back to English, then to the key.
export function t(key, vars = {}) {
  const text = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

// The static markup of index.html carries data-i18n (text), data-i18n-placeholder and
// data-i18n-aria-label keys; this fills them in for the current language.
export function applyStaticStrings(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) {
    el.placeholder = t(el.dataset.i18nPlaceholder);
  }
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  }
  document.title = `kbsearch – ${t('appTitle')}`;
}

const displayNames = new Map();

// A language code's name in the UI language. The API's lang facet labels are English
// whatever ui_lang is, so the browser's own names (Intl.DisplayNames) are used when it has
// them, the API's label otherwise.
export function languageName(code, apiLabel) {
  if (current === 'en' && apiLabel) return apiLabel;
  try {
    if (!displayNames.has(current)) {
      displayNames.set(current, new Intl.DisplayNames([current], { type: 'language' }));
    }
    const name = displayNames.get(current).of(code);
    if (name && name.toLowerCase() !== code.toLowerCase()) return name;
  } catch {
    // unknown code or no Intl.DisplayNames: fall through
  }
  return apiLabel || code;
}

export function formatNumber(n, fractionDigits = 0) {
  return new Intl.NumberFormat(current, {
    minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits,
  }).format(n);
}

// Dates from the API are YYYY, YYYY-MM or YYYY-MM-DD; shown in the UI language, in UTC so
// that the day does not move with the browser's time zone.
export function formatDate(iso) {
  if (!iso) return '';
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const [, y, mo, d] = m;
  const date = new Date(Date.UTC(+y, mo ? +mo - 1 : 0, d ? +d : 1));
  const options = { timeZone: 'UTC', year: 'numeric' };
  if (mo) options.month = d ? 'short' : 'long';
  if (d) options.day = 'numeric';
  return new Intl.DateTimeFormat(current, options).format(date);
}
