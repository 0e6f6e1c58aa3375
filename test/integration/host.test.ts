// Proves the host is a real VS Code: version, our view and commands registered, extension active.
import * as assert from 'assert';
import * as vscode from 'vscode';

describe('the real VS Code extension host', () => {
  it('is VS Code 1.139.x', () => {
    assert.match(vscode.version, /^1\.139\./);
  });

  it('activates Pod X-Ray and registers its commands', async () => {
    const ext = vscode.extensions.getExtension('pod-xray.pod-xray');
    assert.ok(ext, 'extension is installed');
    await vscode.commands.executeCommand('workbench.view.extension.podXray');
    await ext.activate();
    assert.ok(ext.isActive);
    const all = await vscode.commands.getCommands(true);
    const ours = (ext.packageJSON.contributes.commands as { command: string }[]).map(c => c.command);
    const missing = ours.filter(c => !all.includes(c));
    assert.deepStrictEqual(missing, [], 'every contributed command is registered');
  });

  it('contributes the Pods view in the Pod X-Ray container', () => {
    const ext = vscode.extensions.getExtension('pod-xray.pod-xray')!;
    assert.strictEqual(ext.packageJSON.contributes.views.podXray[0].id, 'podXray.pods');
    assert.ok(!(ext.packageJSON.activationEvents as string[]).includes('*'), 'no * activation');
  });
});
