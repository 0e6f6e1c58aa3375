// Pod actions that talk to the API: logs (follow / previous), exec, delete. Errors are
// ApiErrors with a message that names the missing permission when RBAC refuses.
import { Writable } from 'stream';
import { Exec } from '@kubernetes/client-node';
import { ApiError, classify } from './errors';
import { ClusterSession } from './session';

export function refusal(e: unknown, verb: string, resource: string, namespace: string): ApiError {
  const msg = (e as Error)?.message ?? String(e);
  // Our own ApiErrors carry the status; client-node's exec errors only say it in their message.
  const ours = e instanceof ApiError;
  const inMessage = ours ? undefined : /\b(40[0-9])\b/.exec(msg)?.[1];
  const status = ours
    ? e.status
    : ((e as { statusCode?: number }).statusCode ?? (inMessage ? Number(inMessage) : undefined));
  if (status === 403 || (!ours && /forbidden/i.test(msg))) {
    return new ApiError(
      `Forbidden: this user may not ${verb} ${resource} in namespace "${namespace}" (RBAC needs verb "${verb}" on "${resource}").`,
      403,
      'forbidden',
    );
  }
  if (status === 401)
    return new ApiError('Unauthorized: the credentials of this context were rejected.', 401, 'unauthorized');
  if (e instanceof ApiError) return e;
  return classify(e);
}

export interface LogRequest {
  namespace: string;
  pod: string;
  container: string;
  previous?: boolean;
  follow?: boolean;
  tailLines?: number;
}

/** Stream logs; onData gets text chunks. Resolves with a stop function once the stream is open. */
export async function streamLogs(
  s: ClusterSession,
  r: LogRequest,
  onData: (text: string) => void,
  onEnd: (err?: ApiError) => void,
): Promise<() => void> {
  if (!s.client) throw new ApiError(s.state.cause ?? 'no usable configuration', undefined, 'config');
  const q = new URLSearchParams({
    container: r.container,
    follow: String(r.follow ?? !r.previous),
    previous: String(r.previous ?? false),
    tailLines: String(r.tailLines ?? 2000),
  });
  const path = `/api/v1/namespaces/${encodeURIComponent(r.namespace)}/pods/${encodeURIComponent(r.pod)}/log?${q}`;
  try {
    // Our own HTTP call, not client-node's Log: a refusal then keeps the kubelet's reason (e.g.
    // "previous terminated container … not found") instead of a bare "HTTP-Code: 400".
    return await s.client.streamText(
      path,
      onData,
      err => onEnd(err && refusal(err, 'get', 'pods/log', r.namespace)),
      `${r.previous ? 'previous logs' : 'logs'} of ${r.pod}/${r.container}`,
    );
  } catch (e) {
    throw refusal(e, 'get', 'pods/log', r.namespace);
  }
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  ok: boolean;
  status?: string;
  message?: string;
}

/** Run a command in a container and collect its output (bounded). */
export async function execIn(
  s: ClusterSession,
  namespace: string,
  pod: string,
  container: string,
  command: string[],
  timeoutMs = 20_000,
): Promise<ExecResult> {
  if (!s.info.kubeConfig) throw new ApiError(s.state.cause ?? 'no usable configuration', undefined, 'config');
  let stdout = '',
    stderr = '';
  const cap = (x: string, add: string) => (x.length > 1_000_000 ? x : x + add);
  const outW = new Writable({
    write(c, _e, cb) {
      stdout = cap(stdout, String(c));
      cb();
    },
  });
  const errW = new Writable({
    write(c, _e, cb) {
      stderr = cap(stderr, String(c));
      cb();
    },
  });
  return new Promise<ExecResult>((resolve, reject) => {
    let done = false;
    const finish = (r: ExecResult | ApiError) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (r instanceof ApiError) reject(r);
      else resolve(r);
    };
    const timer = setTimeout(
      () => finish(new ApiError(`exec in ${pod}/${container} timed out`, undefined, 'unreachable')),
      timeoutMs,
    );
    new Exec(s.info.kubeConfig!)
      .exec(namespace, pod, container, command, outW, errW, null, false, status => {
        finish({ stdout, stderr, ok: status?.status === 'Success', status: status?.status, message: status?.message });
      })
      .then(
        ws => {
          ws.on('close', () => setTimeout(() => finish({ stdout, stderr, ok: !stderr, status: 'Closed' }), 50));
          ws.on('error', (e: unknown) => finish(refusal(e, 'create', 'pods/exec', namespace)));
        },
        (e: unknown) => finish(refusal(e, 'create', 'pods/exec', namespace)),
      );
  });
}

export async function deletePod(s: ClusterSession, namespace: string, pod: string): Promise<void> {
  if (!s.client) throw new ApiError(s.state.cause ?? 'no usable configuration', undefined, 'config');
  try {
    await s.client.delete(
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}`,
      `delete pod ${pod}`,
    );
  } catch (e) {
    throw refusal(e, 'delete', 'pods', namespace);
  }
}
