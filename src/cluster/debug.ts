// Debug containers and interactive shells against the API: add an ephemeral container through the
// ephemeralcontainers subresource, attach to it, or exec a shell; both over client-node's WebSocket
// streams with a TTY. RBAC refusals name the verb and resource (refusal() in actions.ts).
import { Readable, Writable } from 'stream';
import { Attach, Exec } from '@kubernetes/client-node';
import { EphemeralContainerSpec, ephemeralPatch } from '../model/debugContainer';
import type { ApiClient } from './client';
import { ApiError } from './errors';
import { refusal } from './actions';
import { ClusterSession } from './session';

/** Adds the ephemeral container (PATCH pods/ephemeralcontainers, as kubectl debug does). */
export async function addEphemeralContainer(
  s: ClusterSession,
  namespace: string,
  pod: string,
  spec: EphemeralContainerSpec,
): Promise<void> {
  // A live connection can patch; the demo's replay cannot (and is refused before this).
  const client = s.client as Partial<Pick<ApiClient, 'patchJson'>> | undefined;
  if (!client?.patchJson) throw new ApiError(s.state.cause ?? 'no usable configuration', undefined, 'config');
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/ephemeralcontainers`;
  try {
    await client.patchJson(
      path,
      ephemeralPatch(spec),
      'application/strategic-merge-patch+json',
      `add ephemeral container ${spec.name} to ${pod}`,
    );
  } catch (e) {
    throw refusal(e, 'patch', 'pods/ephemeralcontainers', namespace);
  }
}

/** The streams a terminal gives: output (with rows/columns and 'resize' events: the resize channel) and input. */
export interface TtyStreams {
  output: Writable;
  input: Readable;
}

/** An open TTY stream; `ended` settles when the server closes it, with the reason when it failed. */
export interface TtyConnection {
  close(): void;
  ended: Promise<{ ok: boolean; message?: string }>;
}

function connection(
  ws: { close(): void; on(ev: string, f: (...a: unknown[]) => void): unknown },
  status?: Promise<{ ok: boolean; message?: string }>,
): TtyConnection {
  const closed = new Promise<{ ok: boolean; message?: string }>(resolve => {
    ws.on('close', () => resolve({ ok: true }));
    ws.on('error', (e: unknown) => resolve({ ok: false, message: (e as Error)?.message ?? String(e) }));
  });
  // The exec status (sent just before the close) says whether the command failed and why.
  const ended = status
    ? Promise.race([status, closed.then(c => new Promise<typeof c>(r => setTimeout(() => r(c), 300)))])
    : closed;
  return { close: () => ws.close(), ended };
}

/** Attach to a container's TTY (pods/attach); stderr is part of the TTY stream. */
export async function attachTty(
  s: ClusterSession,
  namespace: string,
  pod: string,
  container: string,
  io: TtyStreams,
): Promise<TtyConnection> {
  if (!s.info.kubeConfig) throw new ApiError(s.state.cause ?? 'no usable configuration', undefined, 'config');
  try {
    const ws = await new Attach(s.info.kubeConfig).attach(namespace, pod, container, io.output, null, io.input, true);
    return connection(ws as never);
  } catch (e) {
    throw refusal(e, 'create', 'pods/attach', namespace);
  }
}

/** Run a command with a TTY (pods/exec), e.g. a shell. */
export async function execTty(
  s: ClusterSession,
  namespace: string,
  pod: string,
  container: string,
  command: string[],
  io: TtyStreams,
): Promise<TtyConnection> {
  if (!s.info.kubeConfig) throw new ApiError(s.state.cause ?? 'no usable configuration', undefined, 'config');
  let settle: (r: { ok: boolean; message?: string }) => void = () => undefined;
  const status = new Promise<{ ok: boolean; message?: string }>(r => (settle = r));
  try {
    const ws = await new Exec(s.info.kubeConfig).exec(
      namespace,
      pod,
      container,
      command,
      io.output,
      null,
      io.input,
      true,
      st => settle({ ok: st?.status === 'Success', message: st?.message }),
    );
    return connection(ws as never, status);
  } catch (e) {
    throw refusal(e, 'create', 'pods/exec', namespace);
  }
}
