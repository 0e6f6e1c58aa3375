import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isInsideFolder, kubeconfigFiles, loadKubeconfigs } from '../../src/cluster/kubeconfig';
import { ClusterRegistry } from '../../src/cluster/registry';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pxr-kc-'));
const write = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
const good = (ctx: string, extra = '') => `apiVersion: v1
kind: Config
current-context: ${ctx}
clusters: [{name: c-${ctx}, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u-${ctx}, user: {token: secret-${ctx}}}]
contexts: [{name: ${ctx}, context: {cluster: c-${ctx}, user: u-${ctx}, namespace: ns-${ctx}}}]
${extra}`;

describe('kubeconfig loading', () => {
  it('KUBECONFIG with several files: contexts merged, first current-context wins', () => {
    const a = write('a.yaml', good('alpha')),
      b = write('b.yaml', good('beta'));
    const files = kubeconfigFiles(undefined, { KUBECONFIG: `${a}${path.delimiter}${b}` });
    const l = loadKubeconfigs(files);
    assert.deepStrictEqual(
      l.contexts.map(c => [c.name, c.namespace, !!c.kubeConfig]),
      [
        ['alpha', 'ns-alpha', true],
        ['beta', 'ns-beta', true],
      ],
    );
    assert.strictEqual(l.current, 'alpha');
    assert.deepStrictEqual(l.problems, []);
  });
  it('the setting overrides KUBECONFIG; ~ expands', () => {
    assert.deepStrictEqual(kubeconfigFiles('~/x/config', { KUBECONFIG: '/nope' }, '/home/u'), ['/home/u/x/config']);
    assert.deepStrictEqual(kubeconfigFiles(undefined, {}, '/home/u'), ['/home/u/.kube/config']);
  });
  it('bad YAML names the file and the problem', () => {
    const f = write('bad.yaml', 'clusters: [ {name: x\n  - : :');
    const l = loadKubeconfigs([f]);
    assert.strictEqual(l.problems.length, 1);
    assert.strictEqual(l.problems[0].file, f);
    assert.match(l.problems[0].message, /invalid YAML/);
  });
  it('a missing current-context falls back to the first context and says so', () => {
    const f = write('nocur.yaml', good('gamma').replace('current-context: gamma', 'current-context: missing'));
    const l = loadKubeconfigs([f]);
    assert.strictEqual(l.current, 'gamma');
    assert.match(l.problems[0].message, /current-context "missing" is not defined/);
  });
  it('a missing client certificate file is a problem of that context, naming both files', () => {
    const f = write(
      'nocert.yaml',
      good('delta').replace(
        '{token: secret-delta}',
        '{client-certificate: /nonexistent/cert.pem, client-key: /nonexistent/key.pem}',
      ),
    );
    const c = loadKubeconfigs([f]).contexts[0];
    assert.match(c.problem!, /nocert\.yaml/);
    assert.match(c.problem!, /client certificate file \/nonexistent\/cert\.pem does not exist/);
    assert.strictEqual(c.kubeConfig, undefined);
  });
  it('an unknown auth provider is reported', () => {
    const f = write('auth.yaml', good('eps').replace('{token: secret-eps}', '{auth-provider: {name: mystery}}'));
    assert.match(loadKubeconfigs([f]).contexts[0].problem!, /unknown auth provider "mystery"/);
  });
  it('a context naming an undefined cluster is reported', () => {
    const f = write('nocluster.yaml', good('zeta').replace('cluster: c-zeta, user', 'cluster: elsewhere, user'));
    assert.match(loadKubeconfigs([f]).contexts[0].problem!, /cluster "elsewhere", which is not defined/);
  });
  it('a missing file (the only one) is a problem; nothing throws on an empty file', () => {
    assert.match(loadKubeconfigs([path.join(dir, 'absent')]).problems[0].message, /not found/);
    const l = loadKubeconfigs([write('empty.yaml', '')]);
    assert.deepStrictEqual(l.contexts, []);
  });
  it('problems never contain the token', () => {
    const f = write('tok.yaml', good('eta').replace('cluster: c-eta, user', 'cluster: nowhere, user'));
    assert.ok(
      !JSON.stringify(
        loadKubeconfigs([f]).problems.concat(
          loadKubeconfigs([f]).contexts.map(c => ({ file: '', message: c.problem ?? '' })),
        ),
      ).includes('secret-eta'),
    );
  });

  it('a relative setting is refused, not resolved against the working directory (a repository)', () => {
    write('rel.kubeconfig', good('rel'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const files = kubeconfigFiles('rel.kubeconfig', {}, '/home/u');
      assert.deepStrictEqual(files, ['rel.kubeconfig']);
      const l = loadKubeconfigs(files);
      assert.strictEqual(l.contexts.length, 0);
      assert.match(l.problems[0].message, /not an absolute path/);
    } finally {
      process.chdir(cwd);
    }
  });
  it('inside a folder: symbolic links followed, a sibling with the same prefix is outside', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'pxr-ws-'));
    fs.writeFileSync(path.join(ws, 'k'), '');
    fs.symlinkSync(path.join(ws, 'k'), path.join(dir, 'link-to-ws'));
    assert.ok(isInsideFolder(path.join(ws, 'k'), [ws]));
    assert.ok(isInsideFolder(path.join(dir, 'link-to-ws'), [ws]));
    assert.ok(!isInsideFolder(`${ws}x/k`, [ws]));
    assert.ok(!isInsideFolder(path.join(ws, 'k'), []));
  });
  it('an exec command with a path separator is relative to the kubeconfig, not to our cwd (like kubectl)', () => {
    const exec = (cmd: string) =>
      `apiVersion: v1
current-context: e
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: "${cmd}"}}}]
contexts: [{name: e, context: {cluster: c, user: u}}]`;
    const command = (f: string) =>
      (loadKubeconfigs([f]).contexts[0].kubeConfig!.getCurrentUser()!.exec as { command: string }).command;
    assert.strictEqual(command(write('exec-rel.yaml', exec('./bin/cred'))), path.join(dir, 'bin/cred'));
    assert.strictEqual(command(write('exec-path.yaml', exec('aws'))), 'aws');
    assert.strictEqual(command(write('exec-abs.yaml', exec('/usr/bin/cred'))), '/usr/bin/cred');
  });
  it('the registry reads no file its guard refuses, and says why first', () => {
    const f = write('guarded.yaml', good('g'));
    const r = new ClusterRegistry();
    const l = r.reload(
      f,
      {},
      {
        refuse: file => (file === f ? 'inside an untrusted workspace' : undefined),
        notices: [{ file: 'podXray.kubeconfig', message: 'workspace value ignored' }],
      },
    );
    assert.strictEqual(l.contexts.length, 0);
    assert.deepStrictEqual(l.problems, [
      { file: 'podXray.kubeconfig', message: 'workspace value ignored' },
      { file: f, message: 'inside an untrusted workspace' },
    ]);
    assert.strictEqual(r.reload(f, {}).contexts.length, 1);
    r.dispose();
  });
});
