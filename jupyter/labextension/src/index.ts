/**
 * Rumbo's JupyterLab additions, so that a learner meets one language everywhere:
 *
 * - `rumbo-lab:translator-connector` completes the language pack with the course's catalog
 *   of JupyterLab strings the pack lacks (it replaces JupyterLab's own connector, which
 *   package.json disables);
 * - `rumbo-lab:untranslated` translates what reaches the page past any translator: nbgrader's
 *   lab extension (it has no translation layer), Voilà's preview, and a few corners of
 *   JupyterLab built without its translator (see untranslated.ts).
 */
import { ILabShell, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IMainMenu } from '@jupyterlab/mainmenu';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ITranslator, ITranslatorConnector } from '@jupyterlab/translation';

import { CourseTranslatorConnector } from './connector';
import { translateUntranslated, UNTRANSLATED } from './untranslated';

const connector: JupyterFrontEndPlugin<ITranslatorConnector> = {
  id: 'rumbo-lab:translator-connector',
  description: "The translation connector, with the language pack completed from the course's catalogs.",
  autoStart: true,
  requires: [JupyterFrontEnd.IPaths],
  provides: ITranslatorConnector,
  activate: (app: JupyterFrontEnd, paths: JupyterFrontEnd.IPaths) =>
    new CourseTranslatorConnector(paths.urls.translations, app.serviceManager.serverSettings)
};

const untranslated: JupyterFrontEndPlugin<void> = {
  id: 'rumbo-lab:untranslated',
  description: "What reaches the page past any translator, in the learner's language.",
  autoStart: true,
  // ITranslator: the language data has been fetched once the translator exists.
  requires: [ITranslator, ITranslatorConnector],
  optional: [INotebookTracker, IMainMenu, ILabShell],
  activate: (
    app: JupyterFrontEnd,
    _translator: ITranslator,
    translations: ITranslatorConnector,
    notebooks: INotebookTracker | null,
    mainMenu: IMainMenu | null,
    labShell: ILabShell | null
  ) => {
    if (!(translations instanceof CourseTranslatorConnector)) {
      return;
    }
    for (const source of UNTRANSLATED) {
      const catalog = translations.catalog(source.catalog);
      translateUntranslated(app, source, catalog, notebooks, mainMenu, labShell);
    }
  }
};

export default [connector, untranslated];
