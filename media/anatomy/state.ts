// What the page knows and where it is: the last snapshot, live or replay, the replay position.
import { olderSandboxOf } from '../../src/model/generation';
import { Frame, FrameContainer, TimelineStep, framesOf } from '../../src/model/timeline';
import type { AnatomySnapshot } from '../../src/webview/protocol';

export const state = {
  snap: undefined as AnatomySnapshot | undefined,
  /** Host clock minus ours, so countdowns follow the host. */
  clockOffset: 0,
  mode: 'live' as 'live' | 'replay',
  frameIndex: -1,
  playing: false,
  /** Set when a running replay is paused: Play resumes it; otherwise Play starts from the first step. */
  resumable: false,
  playRun: 0,
  speed: 1,
  seenSteps: new Set<string>(),
  animating: Promise.resolve(),
};

export const now = () => Date.now() + state.clockOffset;
export const stepKey = (s: TimelineStep) => `${s.kind}|${s.at}|${s.container ?? ''}|${s.ordinal ?? ''}|${s.generation}`;

/** A container's phase as its status tells it. */
function statusPhase(c: AnatomySnapshot['anatomy']['containers'][number]): FrameContainer['phase'] {
  if (c.state === 'running') return 'running';
  if (c.backoff) return 'back-off';
  return c.state === 'terminated' ? 'exited' : 'none';
}

/** The diagram as the pod is now; the generation and IP are the host's (one rule, model/generation.ts). */
export function liveFrame(s: AnatomySnapshot): Frame {
  return {
    generation: s.current.generation,
    podIP: s.current.podIP,
    containers: s.anatomy.containers.map(c => {
      // Its sandbox was replaced: ended with it, as the recreation step drew it (not "running").
      const gone = olderSandboxOf(s.instances, s.generations, c) !== undefined;
      return {
        name: c.name,
        kind: c.kind,
        ordinal: c.restartCount + 1,
        shortId: c.shortId,
        phase: gone ? 'exited' : statusPhase(c),
        exitCode: gone ? undefined : (c.termination?.exitCode ?? (c.backoff ? c.lastTermination?.exitCode : undefined)),
        reason: gone ? 'sandbox recreated' : c.state === 'waiting' ? c.stateReason : c.termination?.reason,
        backoffUntil: c.backoff?.nextStartAt,
      };
    }),
  };
}

export function frames(): Frame[] {
  const s = state.snap;
  return s ? framesOf(s.timeline, s.anatomy.containers) : [];
}
