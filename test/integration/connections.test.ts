// Requests to the API server share kept-alive connections in the real extension host. VS Code puts
// its own proxy agent (not kept alive) in front of ours; before the client said `Connection:
// keep-alive` itself, every request opened a new TLS connection (and the host added the system's
// CA certificates to each): most of the extension host's time during the write benchmark.
import * as assert from 'assert';
import type { ApiClient } from '../../src/cluster/client';
import { ADMIN, hasCluster, useKubeconfig, waitFor } from './helpers';

describe('API connections in the real extension host (real cluster)', function () {
  this.timeout(60_000);
  before(function () {
    if (!hasCluster()) this.skip();
  });

  it('twenty GETs and five refused log requests, one after the other, reuse one connection', async () => {
    const x = await useKubeconfig(ADMIN);
    const s = await waitFor('a session', 10_000, () => x.registry.session('pod-xray-local'));
    const client = s.client as ApiClient;
    assert.ok(client?.stats, 'the session talks to the API server through ApiClient');
    await client.getJson('/api/v1/namespaces/demo/pods?limit=1'); // a connection to start from
    const before = { ...client.stats };
    for (let i = 0; i < 20; i++) await client.getJson('/api/v1/namespaces/demo/pods?limit=1');
    for (let i = 0; i < 5; i++)
      await assert.rejects(
        client.streamText(
          '/api/v1/namespaces/demo/pods/no-such-pod/log',
          () => undefined,
          () => undefined,
        ),
        /not ?found/i,
      );
    const requests = client.stats.requests - before.requests;
    const opened = client.stats.connections - before.connections;
    assert.ok(requests >= 25, `${requests} requests counted`);
    // The session's own watches may take a free connection meanwhile: allow one more, never one per request.
    assert.ok(opened <= 2, `${opened} new connections for ${requests} requests`);
  });
});
