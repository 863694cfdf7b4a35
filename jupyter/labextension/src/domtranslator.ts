/**
 * Translates text another extension wrote into the page, where that extension offers no
 * translation layer: text nodes, and the title, aria-label and placeholder attributes.
 * A look-up returns the learner-language text or null; unknown text is left as it is.
 */
import { normalize } from './catalog';

export type Lookup = (text: string) => string | null;

const ATTRIBUTES = ['title', 'aria-label', 'placeholder'];
/** Cell sources and tracebacks: translated only when the whole element is a known message. */
const VERBATIM = 'pre, code';

/** Nodes and attributes this module wrote, so that its own writes are not translated again. */
const written = new WeakMap<Node, string>();

function setText(node: Text, text: string): void {
  const value = node.nodeValue ?? '';
  const lead = value.match(/^\s*/)?.[0] ?? '';
  const trail = value.match(/\s*$/)?.[0] ?? '';
  const next = lead + text + trail;
  if (next !== value) {
    node.nodeValue = next;
  }
  written.set(node, next);
}

/** An element holding only text and line breaks (a message a server sent with newlines). */
function onlyText(element: Element): boolean {
  const nodes = Array.from(element.childNodes);
  return (
    nodes.some(n => n.nodeType === Node.TEXT_NODE && normalize(n.nodeValue ?? '')) &&
    nodes.every(n => n.nodeType === Node.TEXT_NODE || n.nodeName === 'BR')
  );
}

function translateElement(element: Element, lookup: Lookup): boolean {
  const texts = Array.from(element.childNodes).filter(n => n.nodeType === Node.TEXT_NODE) as Text[];
  if (texts.length === 1 && written.get(texts[0]) === texts[0].nodeValue) {
    return true;
  }
  const translation = lookup(element.textContent ?? '');
  if (translation === null) {
    return false;
  }
  if (texts.length === 1) {
    setText(texts[0], translation); // in place: a framework may keep a reference to this node
  } else {
    element.textContent = translation;
    written.set(element.firstChild as Text, translation);
  }
  return true;
}

/** Translate everything known under `root` (itself included). */
export function translateTree(root: Element, lookup: Lookup): void {
  const elements = [root, ...Array.from(root.querySelectorAll('*'))];
  for (const element of elements) {
    for (const name of ATTRIBUTES) {
      const value = element.getAttribute(name);
      if (value && written.get(element) !== `${name}=${value}`) {
        const translation = lookup(value);
        if (translation !== null) {
          element.setAttribute(name, translation);
          written.set(element, `${name}=${translation}`);
        }
      }
    }
    const verbatim = element.closest(VERBATIM) !== null;
    if (onlyText(element) && (translateElement(element, lookup) || verbatim)) {
      continue;
    }
    if (verbatim) {
      continue;
    }
    for (const node of Array.from(element.childNodes)) {
      if (node.nodeType !== Node.TEXT_NODE || written.get(node) === node.nodeValue) {
        continue;
      }
      const translation = lookup(node.nodeValue ?? '');
      if (translation !== null) {
        setText(node as Text, translation);
      }
    }
  }
}

/**
 * Keeps parts of the page translated as they change. `watch(root)` translates `root` now and
 * after every change under it; with `within`, only the elements matching that selector
 * (`root` itself or under it) are translated: a notebook toolbar holds one nbgrader button
 * among others.
 */
export class DomTranslator {
  constructor(lookup: Lookup) {
    this._lookup = lookup;
  }

  watch(root: Element, within?: string): void {
    if (this._watched.has(root)) {
      return;
    }
    this._watched.add(root);
    const run = () => {
      const targets = within ? [root, ...Array.from(root.querySelectorAll(within))].filter(e => e.matches(within)) : [root];
      targets.forEach(target => translateTree(target, this._lookup));
    };
    run();
    new MutationObserver(run).observe(root, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ATTRIBUTES
    });
  }

  private _lookup: Lookup;
  private _watched = new WeakSet<Element>();
}
