// A small DOM that serializes itself as XML: enough of the document API for render.mjs (createElement(NS),
// createTextNode, setAttribute, appendChild...) outside a browser. Text and attribute values are XML-escaped;
// attribute names must be plain names. Used by graph-svg.mjs, and by the console's node tests.

export function escapeXml(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export class XmlText {
  constructor(text) {
    this.nodeType = 3;
    this.data = String(text);
  }

  get textContent() {
    return this.data;
  }

  xml() {
    return escapeXml(this.data);
  }
}

export class XmlElement {
  constructor(tag) {
    this.nodeType = 1;
    this.tagName = tag;
    this.attributes = new Map();
    this.childNodes = [];
    this.listeners = {};
  }

  setAttribute(k, v) {
    if (!/^[a-zA-Z][a-zA-Z0-9:-]*$/.test(k)) {
      throw new Error('bad attribute name ' + k);
    }
    this.attributes.set(k, String(v));
  }

  getAttribute(k) {
    return this.attributes.has(k) ? this.attributes.get(k) : null;
  }

  appendChild(c) {
    this.childNodes.push(c);
    return c;
  }

  insertFirst(c) {
    this.childNodes.unshift(c);
    return c;
  }

  removeChild(c) {
    this.childNodes = this.childNodes.filter((x) => x !== c);
    return c;
  }

  get firstChild() {
    return this.childNodes[0] ?? null;
  }

  addEventListener(type, fn) {
    this.listeners[type] = fn;
  }

  get textContent() {
    return this.childNodes.map((c) => c.textContent).join('');
  }

  set textContent(v) {
    this.childNodes = [new XmlText(v)];
  }

  /** Every element below (and including) this one. */
  *walk() {
    yield this;
    for (const c of this.childNodes) {
      if (c instanceof XmlElement) {
        yield* c.walk();
      }
    }
  }

  xml() {
    const attrs = [...this.attributes].map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
    return `<${this.tagName}${attrs}>${this.childNodes.map((c) => c.xml()).join('')}</${this.tagName}>`;
  }
}

/** A document whose elements are {@link XmlElement}s (made by `newElement`, so a subclass can be used). */
export class XmlDocument {
  constructor(newElement = (tag) => new XmlElement(tag)) {
    this.newElement = newElement;
  }

  createElement(tag) {
    return this.newElement(tag);
  }

  createElementNS(ns, tag) {
    return this.newElement(tag);
  }

  createTextNode(text) {
    return new XmlText(text);
  }
}
