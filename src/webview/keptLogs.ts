// The host's side of the anatomy's kept logs (issues 19, 20): which instances' logs were kept (sent with
// every snapshot), one instance's kept tail on request, and Show Instance Logs for exactly that instance.
// The logs come from where Show Instance Logs reads them (cluster/logCapture -> storage/logFiles).
import type { ClusterSession } from '../cluster/session';
import type { KeptLog } from '../model/crashCapture';
import type { InstanceRecord } from '../model/history';
import { logTail } from '../model/logTail';
import type { KeptLogState, KeptLogsPayload } from './protocol';

/** What the panel needs from the crash-log capture (CrashLogCapture has it). */
export interface KeptLogsSource {
  state(
    s: ClusterSession,
    containerId: string | undefined,
  ): { capturing: boolean; kept?: { outcome: 'kept' | 'failed' } };
  read(s: ClusterSession, containerId: string): Promise<KeptLog | undefined>;
  onDidChange(l: (uid: string) => void): () => void;
}

/** Each known instance's kept-log state, by container ID (instances with nothing known are left out). */
export function keptLogStates(
  src: KeptLogsSource,
  s: ClusterSession,
  instances: readonly InstanceRecord[],
): Record<string, KeptLogState> {
  const out: Record<string, KeptLogState> = {};
  for (const i of instances) {
    if (!i.containerId) continue;
    const st = src.state(s, i.containerId);
    if (st.kept) out[i.containerId] = st.kept.outcome;
    else if (st.capturing) out[i.containerId] = 'capturing';
  }
  return out;
}

/** The reply to a KeptLogsRequest: the kept tail, why capture failed, or that nothing is kept (yet). */
export async function keptLogsReply(
  src: KeptLogsSource,
  s: ClusterSession,
  id: number,
  containerId: string,
): Promise<KeptLogsPayload> {
  const k = await src.read(s, containerId);
  if (!k) return { id, containerId, state: src.state(s, containerId).capturing ? 'capturing' : 'none' };
  if (k.outcome === 'failed') return { id, containerId, state: 'failed', why: k.failure?.why, keptAt: k.keptAt };
  const t = logTail(k.text ?? '');
  return {
    id,
    containerId,
    state: 'kept',
    tail: t.text,
    shownLines: t.shown,
    lines: t.total,
    keptAt: k.keptAt,
    cutStart: k.cutStart,
    endMayBeMissing: k.endMayBeMissing,
  };
}
