// Issue 16: one home for the shared vocabulary; anatomy.ts and summary.ts no longer import each other
// both ways, and the current-generation rule is written once.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { currentGenerationNumber } from '../../src/model/generation';

const src = (f: string) => fs.readFileSync(path.resolve(__dirname, '../../../src', f), 'utf8');

describe('shared vocabulary', () => {
  it('summary.ts does not import anatomy.ts; kinds, states and health live in vocabulary.ts', () => {
    assert.doesNotMatch(src('model/summary.ts'), /from '\.\/anatomy'/);
    assert.match(src('model/vocabulary.ts'), /export type ContainerKind/);
    assert.doesNotMatch(src('model/anatomy.ts'), /export type ContainerKind =/);
  });
  it('the current generation rule is written once: tree, descriptions and webview call it', () => {
    for (const f of ['model/rows.ts', 'model/explain/describe.ts', '../media/anatomy/main.ts'])
      assert.doesNotMatch(src(f), /generations\[[^\]]*length - 1\]\?\.generation/, f);
    assert.strictEqual(currentGenerationNumber(undefined, { recreations: 2 }), 3);
    assert.strictEqual(currentGenerationNumber([{ generation: 1 }, { generation: 4 }], { recreations: 0 }), 4);
  });
});
