import * as assert from 'assert';
import { readOnlyFrom } from '../../src/model/readOnly';

describe('read-only mode: any settings level that turns it on wins', () => {
  it('a workspace (or folder) false does not override the user true, nor the user false a workspace true', () => {
    assert.strictEqual(readOnlyFrom({ defaultValue: false, globalValue: true, workspaceValue: false }), true);
    assert.strictEqual(readOnlyFrom({ defaultValue: false, globalValue: true, workspaceFolderValue: false }), true);
    assert.strictEqual(readOnlyFrom({ defaultValue: false, globalValue: false, workspaceValue: true }), true);
    assert.strictEqual(readOnlyFrom({ defaultValue: false, workspaceFolderValue: true }), true);
  });
  it('off when no level says true (unset, false, or a value that is not a boolean)', () => {
    assert.strictEqual(readOnlyFrom(undefined), false);
    assert.strictEqual(readOnlyFrom({ defaultValue: false }), false);
    assert.strictEqual(readOnlyFrom({ defaultValue: false, globalValue: false, workspaceValue: false }), false);
    assert.strictEqual(readOnlyFrom({ defaultValue: false, workspaceValue: 'true' }), false);
  });
});
