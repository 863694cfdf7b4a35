/**
 * Some extensions write English straight into commands, menus, widget titles and the page,
 * past any translator: nbgrader's lab extension (0.9.x has no translation layer), Voilà's
 * preview, and a few corners of JupyterLab built without the translator. For each such
 * source, {@link UNTRANSLATED} says where its strings appear and which catalog translates
 * them; {@link translateUntranslated} keeps those places in the learner's language.
 */
import { ILabShell, JupyterFrontEnd } from '@jupyterlab/application';
import { IMainMenu } from '@jupyterlab/mainmenu';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { MenuBar, Widget } from '@lumino/widgets';

import { Catalog } from './catalog';
import { DomTranslator, Lookup } from './domtranslator';

export interface IUntranslated {
  /** The catalog (a domain of the language data) that translates this source's strings. */
  catalog: string;
  /** Its command ids (an id ending in ':' stands for every id it begins): labels in menus and the palette. */
  commands?: string[];
  /** Selector of its buttons in each notebook's toolbar (and in the toolbar's overflow popup). */
  toolbar?: string;
  /** Ids of its widgets in the shell (titles and content). */
  widgets?: string[];
  /** Classes that mark its dialogs. */
  dialogs?: string[];
  /** Id of its menu in the main menu bar. */
  menu?: string;
  /** Ids of elements of the page itself. */
  page?: string[];
  /** Translate the names of document types ("Notebook" in "Save Notebook"). */
  fileTypes?: boolean;
}

/** Class of the popup where a narrow toolbar puts the buttons it has no room for. */
const POPUP = 'jp-Toolbar-responsive-popup';

export const UNTRANSLATED: IUntranslated[] = [
  {
    catalog: 'rumbo_nbgrader',
    commands: ['nbgrader:'],
    toolbar: '.validate-button',
    // assignment list, course list, formgrader, the create-assignment side panel (sic)
    widgets: ['nbgrader-assignment-list', 'nbgrader-course-list', 'formgrader', 'nbgrader-create_assignemnt'],
    dialogs: ['nbgrader-SuccessDialog', 'nbgrader-ErrorDialog'],
    menu: 'jp-mainmenu-nbgrader'
  },
  {
    catalog: 'rumbo_voila',
    commands: ['notebook:render-with-voila', 'notebook:open-with-voila'],
    toolbar: '.voilaRender'
  },
  {
    // JupyterLab builds these without its translator (document types are registered before
    // it exists); its own catalog knows their text.
    catalog: 'jupyterlab',
    toolbar: '.jp-DebuggerBugButton, .jp-Toolbar-responsive-opener',
    page: ['jp-skiplink'],
    fileTypes: true
  }
];

function matches(id: string, commands: string[]): boolean {
  return commands.some(c => (c.endsWith(':') ? id.startsWith(c) : id === c));
}

/** Keep every place of `source` translated with `catalog`. */
export function translateUntranslated(
  app: JupyterFrontEnd,
  source: IUntranslated,
  catalog: Catalog,
  notebooks: INotebookTracker | null,
  mainMenu: IMainMenu | null,
  labShell: ILabShell | null
): void {
  if (!catalog.size) {
    return; // an English interface, or no catalog for this language
  }
  const lookup: Lookup = text => catalog.lookup(text);
  const translate = (text: string) => lookup(text) ?? text;
  const dom = new DomTranslator(lookup);

  const commands = source.commands;
  if (commands) {
    // Menus and the command palette ask the registry for a command's label when they draw it.
    const registry = app.commands;
    const label = registry.label.bind(registry);
    const caption = registry.caption.bind(registry);
    registry.label = (id, args) => (matches(id, commands) ? translate(label(id, args)) : label(id, args));
    registry.caption = (id, args) => (matches(id, commands) ? translate(caption(id, args)) : caption(id, args));
  }

  const toolbar = source.toolbar;
  if (toolbar && notebooks) {
    const watch = (panel: NotebookPanel) => dom.watch(panel.toolbar.node, toolbar);
    notebooks.forEach(watch);
    notebooks.widgetAdded.connect((_, panel) => watch(panel));
  }

  const widgets = new Set(source.widgets ?? []);
  const scanShell = () => {
    for (const area of ['main', 'right', 'left'] as const) {
      for (const widget of app.shell.widgets(area)) {
        if (widgets.has(widget.id)) {
          translateWidget(widget);
        }
      }
    }
  };
  const translateWidget = (widget: Widget) => {
    widget.title.label = translate(widget.title.label);
    widget.title.caption = translate(widget.title.caption);
    dom.watch(widget.node);
  };
  if (widgets.size) {
    labShell?.layoutModified.connect(scanShell);
  }

  // Dialogs and toolbar popups are attached to the page's body.
  const dialogs = source.dialogs ?? [];
  if (dialogs.length || toolbar) {
    new MutationObserver(records => {
      for (const record of records) {
        record.addedNodes.forEach(node => {
          if (!(node instanceof Element)) {
            return;
          }
          if (dialogs.some(c => node.classList.contains(c))) {
            dom.watch(node);
          } else if (toolbar && node.classList.contains(POPUP)) {
            dom.watch(node, toolbar);
          }
        });
      }
    }).observe(document.body, { childList: true });
  }

  void app.restored.then(() => {
    scanShell();
    if (source.fileTypes) {
      for (const fileType of app.docRegistry.fileTypes()) {
        // menus read the name each time they draw ("Save %1"), so renaming the type is enough
        const name = fileType.displayName && lookup(fileType.displayName);
        if (name) {
          (fileType as { displayName?: string }).displayName = name;
        }
      }
    }
    for (const id of source.page ?? []) {
      const element = document.getElementById(id);
      if (element) {
        dom.watch(element);
      }
    }
    if (source.menu && mainMenu instanceof MenuBar) {
      for (const menu of mainMenu.menus) {
        if (menu.id === source.menu) {
          menu.title.label = translate(menu.title.label);
        }
      }
    }
  });
}
