// Every user-visible string can be translated: each vscode.l10n.t / row-builder t('…') string of src is in
// l10n/bundle.l10n.json, and every %key% of package.json is in package.nls.json (and none is left over).
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { english } from '../../src/model/translate';

const ROOT = path.resolve(__dirname, '../../..');
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(ROOT, f), 'utf8'));

describe('l10n', () => {
  it('every string the sources translate is in l10n/bundle.l10n.json, and none is left over', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts/l10n-export.mjs'), '--json'], {
      encoding: 'utf8',
    });
    const { strings, problems } = JSON.parse(out) as { strings: string[]; problems: string[] };
    assert.deepStrictEqual(problems, [], 'vscode.l10n.t takes one plain string literal');
    assert.ok(strings.includes('No pods') && strings.includes('own user namespace'), 'the tree rows are collected');
    const bundle = Object.keys(read('l10n/bundle.l10n.json'));
    const missing = strings.filter(s => !bundle.includes(s));
    assert.deepStrictEqual(missing, [], 'run node scripts/l10n-export.mjs');
    assert.deepStrictEqual(
      bundle.filter(s => !strings.includes(s)),
      [],
      'stale bundle entries: run node scripts/l10n-export.mjs',
    );
  });

  it('every %key% of package.json is in package.nls.json, and every key there is used', () => {
    const text = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
    const pkg = JSON.parse(text);
    const keys = [...text.matchAll(/"%([^%"]+)%"/g)].map(m => m[1]);
    const nls = read('package.nls.json') as Record<string, string>;
    assert.deepStrictEqual(
      keys.filter(k => !(k in nls)),
      [],
    );
    assert.deepStrictEqual(
      Object.keys(nls).filter(k => !keys.includes(k)),
      [],
    );
    assert.strictEqual(pkg.l10n, './l10n');
    assert.deepStrictEqual(pkg.extensionKind, ['workspace']);
    // No manifest text left untranslatable: titles, names, descriptions and welcome contents are all keys.
    const plain: string[] = [];
    const walk = (o: unknown, at: string) => {
      if (Array.isArray(o)) o.forEach((v, i) => walk(v, `${at}[${i}]`));
      else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) walk(v, `${at}.${k}`);
      else if (
        typeof o === 'string' &&
        /\.(title|name|description|markdownDescription|contents|contextualTitle|category|displayName)$/.test(at) &&
        !/^%[^%]+%$/.test(o) &&
        !/^\.(name|description)$/.test(at) // the npm package name; the top description is checked below
      )
        plain.push(at);
    };
    walk(pkg, '');
    assert.deepStrictEqual(plain, []);
    assert.match(pkg.description, /^%.+%$/);
    assert.match(pkg.displayName, /^%.+%$/);
  });

  it('the model rows untranslated fill {0} placeholders like vscode.l10n.t', () => {
    assert.strictEqual(english('{0}/{1} ready', 1, 2), '1/2 ready');
    assert.strictEqual(english('exit {0} {1}', 137, 'OOMKilled'), 'exit 137 OOMKilled');
    assert.strictEqual(english('host {0}', '{1}'), 'host {1}', 'a value is not read as a placeholder');
  });
});
