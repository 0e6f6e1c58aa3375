// Writes l10n/bundle.l10n.json: every string the sources pass to vscode.l10n.t('…'), and every fixed
// phrase the model's row builders pass to their translator t('…') (model/translate.ts). Like
// `l10n-dev export -o l10n src`, without the dependency.
//   node scripts/l10n-export.mjs           write the bundle
//   node scripts/l10n-export.mjs --json    print {strings, problems} (the unit test compares it)
// A problem: vscode.l10n.t called with something else than one plain string literal (a translator
// could never see it), unless the line before says `l10n-export: passes on`.
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = dir =>
  readdirSync(dir).flatMap(f => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });

const ESCAPES = { n: '\n', t: '\t', r: '\r', 0: '\0', b: '\b', f: '\f', v: '\v' };
/** The string literal starting at text[i] (a quote), or undefined; `end` is the index after it. */
function literal(text, i) {
  const q = text[i];
  if (q !== "'" && q !== '"' && q !== '`') return undefined;
  let out = '';
  for (let j = i + 1; j < text.length; j++) {
    const c = text[j];
    if (c === q) return { value: out, end: j + 1 };
    if (q === '`' && c === '$' && text[j + 1] === '{') return undefined; // a template with values is no key
    if (c === '\\') {
      const e = text[++j];
      if (e === 'u') {
        out += String.fromCharCode(parseInt(text.slice(j + 1, j + 5), 16));
        j += 4;
      } else out += ESCAPES[e] ?? e;
    } else out += c;
  }
  return undefined;
}

export function extract(root = ROOT) {
  const strings = new Set();
  const problems = [];
  for (const file of files(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const where = i => `${relative(root, file)}:${text.slice(0, i).split('\n').length}`;
    for (const m of text.matchAll(/(\bl10n\.t|(?<![\w.$])t)\(\s*/g)) {
      const at = m.index + m[0].length;
      const lit = literal(text, at);
      const after = lit && text.slice(lit.end).match(/^\s*([,)])/);
      if (lit && after) strings.add(lit.value);
      else if (m[1] !== 't') {
        const lineStart = text.lastIndexOf('\n', m.index);
        const before = text.slice(text.lastIndexOf('\n', lineStart - 1) + 1, lineStart);
        if (!before.includes('l10n-export: passes on')) problems.push(`${where(m.index)}: not one plain string`);
      }
    }
  }
  return { strings: [...strings].sort(), problems };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = extract();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else {
    for (const p of r.problems) console.error(p);
    mkdirSync(join(ROOT, 'l10n'), { recursive: true });
    const bundle = Object.fromEntries(r.strings.map(s => [s, s]));
    writeFileSync(join(ROOT, 'l10n', 'bundle.l10n.json'), JSON.stringify(bundle, null, 2) + '\n');
    console.log(`l10n/bundle.l10n.json: ${r.strings.length} strings`);
    if (r.problems.length) process.exit(1);
  }
}
