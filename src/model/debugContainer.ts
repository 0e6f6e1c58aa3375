// Ephemeral debug containers and shells, the pure part: which image to debug with (one the node
// already has), the ephemeral container's spec, its name, and what the user is told.
import { Confirmation, L10n } from './actionText';
import { ContainerAnatomy } from './anatomy';
import { KNode } from './k8s';

export interface NodeImage {
  names?: string[];
  sizeBytes?: number;
}

export interface ImageChoice {
  image: string;
  /** Where the choice comes from: the setting, a node image with a shell, or a container of this pod. */
  source: 'setting' | 'node-shell' | 'pod';
}

// Images known to have a shell and ps, best first (busybox is small and has both).
const SHELL_IMAGES = ['busybox', 'alpine', 'netshoot', 'toolbox', 'debian', 'ubuntu', 'fedora'];
const PAUSE = /(^|\/)pause(:|@|$)/;

/** The image's short name: "docker.io/local/busybox:test" -> "busybox". */
export function imageBaseName(ref: string): string {
  const last = ref.split('/').pop() ?? ref;
  return last.split('@')[0].split(':')[0];
}

/** A name to run the image by: a tag beats a bare digest (the runtime lists both for one image). */
function usableName(names: string[]): string | undefined {
  return names.find(n => !n.includes('@')) ?? names[0];
}

/**
 * The images to offer, best first: the setting (when set), then images with a shell that the
 * node already holds (no pull needed), then the pod's own images (on the node too, maybe without a shell).
 */
export function debugImageChoices(
  node: KNode | undefined,
  podContainers: Pick<ContainerAnatomy, 'image'>[],
  setting?: string,
): ImageChoice[] {
  const out: ImageChoice[] = [];
  const add = (image: string | undefined, source: ImageChoice['source']) => {
    if (image && !PAUSE.test(image) && !out.some(c => c.image === image)) out.push({ image, source });
  };
  if (setting?.trim()) add(setting.trim(), 'setting');
  const rank = (img: NodeImage) => SHELL_IMAGES.indexOf(imageBaseName(usableName(img.names ?? []) ?? ''));
  const shells = (node?.status?.images ?? [])
    .filter(img => rank(img) >= 0)
    .sort((a, b) => rank(a) - rank(b) || (a.sizeBytes ?? 0) - (b.sizeBytes ?? 0));
  for (const img of shells) add(usableName(img.names ?? []), 'node-shell');
  for (const c of podContainers) add(c.image, 'pod');
  return out;
}

/** A container name not yet taken in the pod: "debugger-" and five letters or digits. */
export function debugContainerName(taken: string[], random: () => number = Math.random): string {
  const abc = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (;;) {
    let s = 'debugger-';
    for (let i = 0; i < 5; i++) s += abc[Math.floor(random() * abc.length) % abc.length];
    if (!taken.includes(s)) return s;
  }
}

export interface EphemeralContainerSpec {
  name: string;
  image: string;
  imagePullPolicy: 'IfNotPresent';
  targetContainerName: string;
  stdin: true;
  tty: true;
  terminationMessagePolicy: 'File';
}

/**
 * The ephemeral container: the image's own command (a shell, for busybox-like images), stdin and
 * a TTY to attach to, and the target's process namespace so `ps` shows the target's processes.
 * IfNotPresent: an image the node holds is used without a pull (a local image may have no registry).
 */
export function ephemeralContainerSpec(name: string, image: string, target: string): EphemeralContainerSpec {
  return {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    targetContainerName: target,
    stdin: true,
    tty: true,
    terminationMessagePolicy: 'File',
  };
}

/** The strategic-merge patch for the ephemeralcontainers subresource: adds the container by name. */
export const ephemeralPatch = (spec: EphemeralContainerSpec) => ({ spec: { ephemeralContainers: [spec] } });

export const debugConfirmation = (l10n: L10n, pod: string, container: string, image: string): Confirmation => ({
  message: l10n.t('Add an ephemeral debug container to {0}?', pod),
  detail: l10n.t(
    "It runs {0} inside pod {1}, in the process namespace of {2}, so ps there shows {2}'s processes. An ephemeral container cannot be removed: it stays in the pod spec (spec.ephemeralContainers) until the pod is deleted, and it is never restarted once it exits.",
    image,
    pod,
    container,
  ),
  button: l10n.t('Add Debug Container'),
});

/** Why a debug container cannot target this container, or undefined when it can. */
export function debugTargetRefusal(
  l10n: L10n,
  c: Pick<ContainerAnatomy, 'name' | 'kind' | 'state'>,
): string | undefined {
  if (c.kind === 'ephemeral')
    return l10n.t('{0} is itself an ephemeral container: target the container you want to inspect.', c.name);
  if (c.state !== 'running')
    return l10n.t(
      '{0} is not running ({1}): a debug container shares the process namespace of a running container.',
      c.name,
      c.state,
    );
  return undefined;
}

/** Waiting reasons that will not resolve by themselves: stop waiting and say so. */
const STUCK =
  /^(ErrImageNeverPull|ErrImagePull|ImagePullBackOff|InvalidImageName|CreateContainerError|RunContainerError)/;

/** Where the new ephemeral container stands: 'running', 'wait' (still starting), or why it will not run. */
export function debugContainerProgress(
  l10n: L10n,
  c: Pick<ContainerAnatomy, 'name' | 'state' | 'stateReason' | 'stateMessage' | 'image' | 'termination'> | undefined,
): 'running' | 'wait' | { failed: string } {
  if (!c || c.state === 'unknown') return 'wait';
  if (c.state === 'running') return 'running';
  if (c.state === 'terminated') {
    const exit = c.termination?.exitCode;
    return {
      failed: l10n.t(
        'The debug container {0} exited (code {1}) before it could be attached; it stays in the pod spec.',
        c.name,
        exit ?? '?',
      ),
    };
  }
  if (c.stateReason && STUCK.test(c.stateReason))
    return {
      failed: l10n.t(
        'The debug container {0} cannot start: {1} {2} (image {3}). Choose an image the node has, or set podXray.debugImage. It stays in the pod spec.',
        c.name,
        c.stateReason,
        c.stateMessage ?? '',
        c.image ?? '',
      ),
    };
  return 'wait';
}

/** Open Shell: bash when the image has it, else sh (a one-line probe, so only one exec). */
export const SHELL_COMMAND = ['/bin/sh', '-c', 'if [ -x /bin/bash ]; then exec /bin/bash; fi; exec /bin/sh'];

/** What the terminal says when the shell could not start (no /bin/sh in a distroless image). */
export function shellFailure(l10n: L10n, container: string, message: string | undefined): string {
  if (message && /no such file|not found|executable file/i.test(message))
    return l10n.t(
      '{0} has no /bin/sh (a distroless image?). Use Debug Container… to bring a shell into its process namespace.',
      container,
    );
  return l10n.t('The shell in {0} ended: {1}', container, message ?? l10n.t('no reason given'));
}

/** The line shown before an attach: the shell may have printed its prompt before we were listening. */
export const attachHint = (l10n: L10n, container: string): string =>
  l10n.t('Attached to {0}. If you see no prompt, press Enter.', container);

/** The terminal's name in the terminal panel (plain text: an emoji may have no glyph in the terminal's font). */
export const terminalName = (pod: string, container: string, debug: boolean): string =>
  `${pod}/${container}${debug ? ' (debug)' : ''}`;
