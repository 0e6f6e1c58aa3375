import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { kubeconfigFiles, loadKubeconfigs } from '../../src/cluster/kubeconfig';

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
});
