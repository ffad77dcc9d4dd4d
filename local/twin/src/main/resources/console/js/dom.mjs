// DOM building without markup strings: every piece of data becomes a text node (textContent), never HTML.
// `doc` is the page's document (or a test's stand-in), so these run under `node --test` too.

export const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates an element. `attrs` values are set with setAttribute (names are the caller's constants, never data); each
 * child is a node or a string (a text node); null/undefined/false children are skipped.
 */
export function el(doc, tag, attrs, ...children) {
  return fill(doc, doc.createElement(tag), attrs, children);
}

/** As {@link el}, in the SVG namespace. */
export function svg(doc, tag, attrs, ...children) {
  return fill(doc, doc.createElementNS(SVG_NS, tag), attrs, children);
}

function fill(doc, node, attrs, children) {
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v !== undefined && v !== null && v !== false) {
      node.setAttribute(k, String(v));
    }
  }
  return add(doc, node, ...children);
}

/** Appends children as {@link el} does (strings as text nodes; null, undefined and false skipped). */
export function add(doc, node, ...children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) {
      continue;
    }
    node.appendChild(typeof c === 'object' ? c : doc.createTextNode(String(c)));
  }
  return node;
}

/** Removes every child of a node. */
export function clear(node) {
  while (node.firstChild) {
    node.removeChild(node.firstChild);
  }
  return node;
}

/** A JSON string shown pretty-printed when it parses, else as it is; always as text. */
export function prettyJson(text) {
  if (text === undefined || text === null) {
    return '';
  }
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return String(text);
  }
}
