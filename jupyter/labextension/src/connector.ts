import type { ILanguageList, Language } from '@jupyterlab/translation';
import { TranslatorConnector } from '@jupyterlab/translation';

import { Catalog, completeDomains } from './catalog';

/**
 * JupyterLab's translation connector, with the language pack completed from the course's
 * catalogs before any plugin reads a string (the translator fetches once, at start-up).
 */
export class CourseTranslatorConnector extends TranslatorConnector {
  fetch(): Promise<ILanguageList>;
  fetch(opts: { language: string }): Promise<Language>;
  async fetch(opts?: { language: string }): Promise<ILanguageList | Language> {
    if (!opts) {
      return super.fetch();
    }
    this._language = completeDomains(await super.fetch(opts));
    return this._language;
  }

  /** One domain of the language last fetched, for look-ups outside the translator. */
  catalog(domain: string): Catalog {
    return new Catalog(this._language?.data?.[domain]);
  }

  private _language: Language | null = null;
}
