/**
 * Message catalogs as the server sends them (Jed JSON, one object per domain), and the two
 * things this extension does with them: complete JupyterLab's own domain, and look up the
 * learner-language text of a string some other extension wrote in English.
 */
import type { DomainData, Language } from '@jupyterlab/translation';

/**
 * Catalogs shipped by the course (Python package data, `jupyterlab.locale` entry points)
 * that complete a domain of the language pack: catalog name -> the domain it completes.
 * jupyterlab_server cannot merge them itself: it compares its "version" with the language
 * pack's, which is not a version ("jupyterlab") in the packs of JupyterLab 4.
 */
export const COMPLETES: Record<string, string> = {
  rumbo_jupyterlab: 'jupyterlab',
  rumbo_notebook: 'notebook',
  rumbo_jupyterlab_widgets: 'jupyterlab_widgets'
};

/** The language data with every domain of {@link COMPLETES} completed; the course's entries win. */
export function completeDomains(language: Language): Language {
  const data: Record<string, DomainData> = { ...(language.data ?? {}) };
  for (const [source, target] of Object.entries(COMPLETES)) {
    const extra = data[source];
    if (!extra) {
      continue;
    }
    const { '': header, ...entries } = extra;
    const base = data[target];
    data[target] = base
      ? ({ ...base, ...entries } as DomainData)
      : ({ ...entries, '': { ...header, domain: target } } as DomainData);
  }
  return { ...language, data };
}

/** Whitespace as a person reads it: runs collapsed, ends trimmed. */
export function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Exact and patterned look-up of singular messages. A msgid with `%1`, `%2`... placeholders
 * matches any text of its shape, and the same placeholders in the translation receive what
 * they matched ("The following %1 cell has changed..." -> "La celda de tipo %1 ...").
 */
export class Catalog {
  constructor(domain: Partial<DomainData> | undefined) {
    for (const [msgid, value] of Object.entries(domain ?? {})) {
      if (!msgid || !Array.isArray(value) || value.length !== 1 || !value[0]) {
        continue;
      }
      const key = normalize(msgid);
      if (/%\d/.test(key)) {
        const parts = key.split(/%\d/).map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        const order = (key.match(/%(\d)/g) ?? []).map(p => Number(p.slice(1)));
        this._patterns.push({ regex: new RegExp(`^${parts.join('(.+?)')}$`), order, text: value[0] });
      } else {
        this._exact.set(key, value[0]);
      }
    }
  }

  /** How many messages the catalog holds. */
  get size(): number {
    return this._exact.size + this._patterns.length;
  }

  /** The translation of `text`, or null when the catalog does not know it. */
  lookup(text: string): string | null {
    const key = normalize(text);
    if (!key) {
      return null;
    }
    const exact = this._exact.get(key);
    if (exact !== undefined) {
      return exact;
    }
    for (const { regex, order, text: translation } of this._patterns) {
      const match = regex.exec(key);
      if (match) {
        const values: Record<number, string> = {};
        order.forEach((n, i) => (values[n] = match[i + 1]));
        return translation.replace(/%(\d)/g, (all, n) => values[Number(n)] ?? all);
      }
    }
    return null;
  }

  private _exact = new Map<string, string>();
  private _patterns: { regex: RegExp; order: number[]; text: string }[] = [];
}
