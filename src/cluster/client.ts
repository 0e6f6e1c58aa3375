// The HTTP layer: raw GET/DELETE, watch streams and log streams against one context's API server.
// Raw JSON, no object-serializer pass: listing thousands of pods must cost little more
// than JSON.parse (see bench). Exec uses client-node's own client (WebSocket).
import * as http from 'http';
import * as https from 'https';
import { KubeConfig } from '@kubernetes/client-node';
import { ApiError, classify, fromStatus } from './errors';

const HEAD_BYTES = 1024;
const FREE_SOCKET_MS = 60_000;

/** What sessions and reflectors need from a connection (ApiClient, or the demo's replay). */
export type ApiTransport = Pick<ApiClient, 'getJson' | 'watch' | 'delete' | 'streamText' | 'resetAuth'>;

export class ApiClient {
  private opts?: Promise<https.RequestOptions>;
  readonly server: URL;
  /** Requests sent and TLS/TCP connections opened for them (a kept-alive connection serves many). */
  readonly stats = { requests: 0, connections: 0 };

  constructor(readonly kubeConfig: KubeConfig) {
    const c = kubeConfig.getCurrentCluster();
    if (!c?.server) throw new ApiError('the context has no cluster server', undefined, 'config');
    this.server = new URL(c.server);
  }

  /** TLS and auth options from the kubeconfig (re-read when a token may have expired). */
  private options(): Promise<https.RequestOptions> {
    if (!this.opts) {
      this.opts = (async () => {
        const o: https.RequestOptions = {};
        await this.kubeConfig.applyToHTTPSOptions(o);
        o.agent =
          this.server.protocol === 'https:'
            ? new https.Agent({
                keepAlive: true,
                ca: o.ca,
                cert: o.cert,
                key: o.key,
                rejectUnauthorized: o.rejectUnauthorized,
                servername: o.servername,
                maxSockets: 32,
                timeout: FREE_SOCKET_MS, // an idle kept-alive connection closes before the API server's (90 s) does
              })
            : new http.Agent({ keepAlive: true, timeout: FREE_SOCKET_MS });
        return o;
      })();
      this.opts.catch(() => {
        this.opts = undefined;
      });
    }
    return this.opts;
  }

  resetAuth(): void {
    this.opts = undefined;
  }

  /**
   * idleMs: a watch on a quiet namespace sends nothing for minutes, so it gets a longer idle limit.
   * A GET on a kept-alive connection the server closed meanwhile is sent once more, on a new one.
   */
  private async request(
    method: string,
    path: string,
    signal?: AbortSignal,
    idleMs = 30_000,
    body?: { data: string; contentType: string },
    retried = false,
  ): Promise<http.IncomingMessage> {
    const o = await this.options().catch(e => {
      throw classify(e);
    });
    const url = new URL(path, this.server);
    const mod = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = mod.request(
        url,
        {
          ...o,
          method,
          signal,
          headers: {
            ...(o.headers ?? {}),
            // Said explicitly: VS Code's extension host puts its proxy agent (not kept alive) in front of
            // ours, and without this header every request asked the server to close: a new TLS handshake
            // per request, each adding the system's CA certificates (most of the host's time under load).
            Connection: 'keep-alive',
            Accept: 'application/json',
            ...(body ? { 'Content-Type': body.contentType, 'Content-Length': Buffer.byteLength(body.data) } : {}),
          },
        },
        resolve,
      );
      this.stats.requests++;
      req.on('socket', () => {
        if (!req.reusedSocket) this.stats.connections++;
      });
      req.setTimeout(idleMs, () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', e => {
        const closedMeanwhile = req.reusedSocket && (e as { code?: string }).code === 'ECONNRESET';
        if (closedMeanwhile && method === 'GET' && !retried && !signal?.aborted)
          resolve(this.request(method, path, signal, idleMs, body, true));
        else reject(e.name === 'AbortError' ? e : classify(e));
      });
      req.end(body?.data);
    });
  }

  /** onHead sees the first bytes (at least HEAD_BYTES when the body is that long) as soon as they arrive. */
  private static async body(res: http.IncomingMessage, onHead?: (head: string) => void): Promise<string> {
    const chunks: Buffer[] = [];
    let seen = 0;
    for await (const c of res) {
      chunks.push(c as Buffer);
      if (onHead && seen < HEAD_BYTES && (seen += (c as Buffer).length) >= HEAD_BYTES)
        onHead(Buffer.concat(chunks).toString('latin1'));
    }
    if (onHead && seen < HEAD_BYTES) onHead(Buffer.concat(chunks).toString('latin1'));
    return Buffer.concat(chunks).toString('utf8');
  }

  /**
   * The error for a refused request, in the API's own words (its Status message). plainText: a
   * body that is not JSON still says why (log endpoints); elsewhere it falls back to the code.
   */
  private static async refusal(res: http.IncomingMessage, what: string, plainText = false): Promise<ApiError> {
    const text = await ApiClient.body(res);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = plainText && text ? { message: text.trim().slice(0, 500) } : undefined;
    }
    return fromStatus(res.statusCode ?? 0, body, what);
  }

  private static refused(res: http.IncomingMessage): boolean {
    return (res.statusCode ?? 0) >= 300;
  }

  /** onHead: see body(); a paged list uses it to ask for the next page while this one still arrives. */
  async getJson<T>(path: string, what = path, signal?: AbortSignal, onHead?: (head: string) => void): Promise<T> {
    const res = await this.request('GET', path, signal);
    if (ApiClient.refused(res)) throw await ApiClient.refusal(res, what);
    const text = await ApiClient.body(res, onHead);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (body === undefined) throw new ApiError(`${what}: the server did not return JSON`, res.statusCode, 'server');
    return body as T;
  }

  async delete(path: string, what = path): Promise<void> {
    const res = await this.request('DELETE', path);
    if (ApiClient.refused(res)) throw await ApiClient.refusal(res, what);
    await ApiClient.body(res); // read to the end: the kept-alive socket is reused
  }

  /** A PATCH (e.g. a strategic-merge patch of a subresource); resolves with the object the API returns. */
  async patchJson<T>(path: string, patch: unknown, contentType: string, what = path): Promise<T> {
    const data = JSON.stringify(patch);
    const res = await this.request('PATCH', path, undefined, 30_000, { data, contentType });
    if (ApiClient.refused(res)) throw await ApiClient.refusal(res, what);
    return JSON.parse(await ApiClient.body(res)) as T;
  }

  /**
   * A streamed text response (pod logs). Resolves with a stop function once the server has
   * accepted the request; a refusal throws the API's own Status message. onEnd runs once, with
   * an error only if the stream broke (not when stopped). idleMs 0: a quiet log may stay silent.
   */
  async streamText(
    path: string,
    onText: (text: string) => void,
    onEnd: (err?: ApiError) => void,
    what = path,
    idleMs = 0,
  ): Promise<() => void> {
    const abort = new AbortController();
    const res = await this.request('GET', path, abort.signal, idleMs);
    if (ApiClient.refused(res)) throw await ApiClient.refusal(res, what, true);
    let ended = false;
    const end = (err?: ApiError) => {
      if (!ended) {
        ended = true;
        onEnd(err);
      }
    };
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => onText(chunk));
    res.on('end', () => end());
    res.on('error', e => end(abort.signal.aborted ? undefined : classify(e)));
    res.on('close', () => end());
    return () => abort.abort();
  }

  /**
   * A watch stream: calls onEvent for each JSON line until the server closes it, the signal
   * aborts, or an error happens. Resolves when the stream ends normally.
   */
  async watch(
    path: string,
    onEvent: (ev: { type: string; object: unknown }) => void,
    signal: AbortSignal,
    what = path,
    idleMs = 360_000,
  ): Promise<void> {
    const res = await this.request('GET', path, signal, idleMs);
    if (ApiClient.refused(res)) throw await ApiClient.refusal(res, what);
    let buf = '';
    res.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      res.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (!line) continue;
          try {
            onEvent(JSON.parse(line));
          } catch (e) {
            res.destroy();
            reject(e instanceof ApiError ? e : classify(e));
            return;
          }
        }
      });
      // A server that dies mid-stream may only close the socket: settle on every ending.
      res.on('end', () => resolve());
      res.on('error', e => reject(e.name === 'AbortError' ? e : classify(e)));
      res.on('close', () => resolve());
    });
  }
}
