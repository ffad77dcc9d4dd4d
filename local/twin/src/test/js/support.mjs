// Shared by the console's node tests: paths, the vendored ELK, and a small DOM stand-in that refuses markup.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XmlDocument, XmlElement } from '../../main/resources/console-cli/xml-dom.mjs';

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

/** An element that refuses markup: setting innerHTML/outerHTML or an on* handler attribute throws. */
class StrictElement extends XmlElement {
  setAttribute(k, v) {
    if (/^on/i.test(k)) {
      throw new Error(`event handler attribute ${k} set`);
    }
    super.setAttribute(k, v);
  }

  set innerHTML(v) {
    throw new Error('innerHTML set with ' + v);
  }

  set outerHTML(v) {
    throw new Error('outerHTML set with ' + v);
  }
}

/**
 * A minimal document (console-cli/xml-dom.mjs) that refuses markup: creating a <script>, setting innerHTML or an
 * on* attribute throws, so a test fails if rendering ever turns data into markup.
 */
export class FakeDocument extends XmlDocument {
  constructor() {
    super((tag) => {
      if (String(tag).toLowerCase() === 'script') {
        throw new Error('a <script> element was created');
      }
      return new StrictElement(tag);
    });
  }
}
