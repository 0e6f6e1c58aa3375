// The shared vocabulary of the model: container kinds, container states and health, and the
// rules that derive them from a status. anatomy.ts and summary.ts both read it; neither imports
// the other for it.
import { KContainerStatus, KStateTerminated } from './k8s';

export type ContainerKind = 'init' | 'sidecar' | 'app' | 'ephemeral';
export type ContainerState = 'running' | 'waiting' | 'terminated' | 'unknown';
export type Health = 'running' | 'starting' | 'waiting' | 'crashloop' | 'failed' | 'completed' | 'unknown';
export type SandboxState = 'unscheduled' | 'creating' | 'ready' | 'host-network' | 'gone';

/** Waiting reasons that mean the container cannot start as things stand. */
const ERROR_WAITING = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
  'ContainerCannotRun',
  'PreStartHookError',
  'PostStartHookError',
]);

/** An init container with restartPolicy Always is a sidecar (Kubernetes ≥ 1.28). */
export function isSidecarSpec(c: { restartPolicy?: string } | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

export function containerState(s: KContainerStatus | undefined): ContainerState {
  const st = s?.state;
  return st?.running ? 'running' : st?.terminated ? 'terminated' : st?.waiting ? 'waiting' : 'unknown';
}

export function containerHealth(kind: ContainerKind, s: KContainerStatus | undefined): Health {
  const state = containerState(s);
  if (!s || state === 'unknown') return 'unknown';
  if (state === 'waiting') {
    const reason = s.state?.waiting?.reason ?? '';
    if (reason === 'CrashLoopBackOff') return 'crashloop';
    if (ERROR_WAITING.has(reason)) return 'failed';
    return 'waiting';
  }
  if (state === 'terminated') return s.state?.terminated?.exitCode === 0 ? 'completed' : 'failed';
  if (kind === 'init') return 'running';
  return s.ready ? 'running' : 'starting';
}

/** A container worth a look. One still running after crashing counts: crash loops spend most time running. */
export function containerHasProblem(
  kind: ContainerKind,
  health: Health,
  restartCount: number,
  lastExitCode: number | undefined,
): boolean {
  return (
    health === 'crashloop' ||
    (health === 'failed' && kind !== 'ephemeral') ||
    (restartCount > 0 && lastExitCode !== undefined && lastExitCode !== 0 && kind !== 'init')
  );
}

/** A terminated state's exit code; -1 when the runtime did not say. */
export function exitCodeOf(t: KStateTerminated): number {
  return typeof t.exitCode === 'number' ? t.exitCode : -1;
}
