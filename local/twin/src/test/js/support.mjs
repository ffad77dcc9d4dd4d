// Shared by the console's node tests: paths, the vendored ELK, and a small DOM stand-in that refuses markup.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const CONSOLE_DIR = resolve(here, '../../main/resources/console');
export const REPO_DIR = resolve(here, '../../../../..');

export function newElk() {
  const ELK = createRequire(import.meta.url)(resolve(CONSOLE_DIR, 'vendor/elkjs/elk.bundled.js'));
  return new ELK();
}

export function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export function fixture(name) {
  return readJson(resolve(here, 'fixtures', name));
}

/**
 * A minimal document: elements with attributes, children and text nodes. Setting innerHTML/outerHTML or creating a
 * <script> throws, so a test fails if rendering ever turns data into markup.
 */
export class FakeDocument {
  createElement(tag) {
    if (String(tag).toLowerCase() === 'script') {
      throw new Error('a <script> element was created');
    }
    return new FakeElement(tag, null, this);
  }

  createElementNS(ns, tag) {
    return this.createElement(tag, ns);
  }

  createTextNode(text) {
    return new FakeText(text);
  }
}

class FakeText {
  constructor(text) {
    this.nodeType = 3;
    this.data = String(text);
  }

  get textContent() {
    return this.data;
  }
}

export class FakeElement {
  constructor(tag, ns, doc) {
    this.nodeType = 1;
    this.tagName = tag;
    this.attributes = new Map();
    this.childNodes = [];
    this.ownerDocument = doc;
    this.listeners = {};
  }

  setAttribute(k, v) {
    if (/^on/i.test(k)) {
      throw new Error(`event handler attribute ${k} set`);
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
    this.childNodes = [new FakeText(v)];
  }

  set innerHTML(v) {
    throw new Error('innerHTML set with ' + v);
  }

  set outerHTML(v) {
    throw new Error('outerHTML set with ' + v);
  }

  /** Every element below (and including) this one. */
  *walk() {
    yield this;
    for (const c of this.childNodes) {
      if (c instanceof FakeElement) {
        yield* c.walk();
      }
    }
  }
}
