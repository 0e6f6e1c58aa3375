// Pod actions from the palette, the tree and the anatomy webview: logs, previous logs, events,
// manifest, crash a container, delete a pod, show the sandbox's processes. Destructive ones ask
// first (a modal saying exactly what happens) and are refused in read-only mode.
import * as vscode from 'vscode';
import { stringify } from 'yaml';
import { ClusterRegistry } from '../cluster/registry';
import { deletePod, execIn, streamLogs } from '../cluster/actions';
import { ApiError } from '../cluster/errors';
import { explainConcept } from '../model/explain/catalog';
import { ClusterAction, needsRealCluster } from '../model/recorded';
import { clock, oneLine, shortId } from '../model/format';
import { eventTime } from '../model/k8s';
import { logHeader } from '../model/logHeader';
import {
  CGROUP_SCRIPT,
  CRASH_SCRIPT,
  LIST_SCRIPT,
  PID1_SCRIPT,
  assignContainers,
  formatProcessTable,
  parseCrash,
  parseListing,
  parsePid1,
} from '../model/processes';
import { PodDocuments } from '../views/documents';
import { AnatomyPanels } from '../webview/anatomyPanel';
import { podRefOf } from './treeCommands';
import { ContainerTarget, PodTarget, resolveContainer, resolvePod } from './targets';

export interface CrashResult {
  restarted: boolean;
  before?: string;
  after?: string;
  ipBefore?: string;
  ipAfter?: string;
  explanation: string;
}

const errorText = (e: unknown) => (e as Error)?.message ?? String(e);
const showError = (e: unknown) => void vscode.window.showErrorMessage(`Pod X-Ray: ${errorText(e)}`);

export function registerActionCommands(
  ctx: vscode.ExtensionContext,
  reg: ClusterRegistry,
  docs: PodDocuments,
  panels: AnatomyPanels,
): vscode.Disposable[] {
  const readOnly = () => vscode.workspace.getConfiguration('podXray').get<boolean>('readOnly', false);
  // Tests in the real extension host may pre-confirm; users always see the modal.
  const preConfirmed = (arg: unknown) =>
    ctx.extensionMode === vscode.ExtensionMode.Test && !!(arg as { confirmed?: boolean } | undefined)?.confirmed;
  const refuseReadOnly = (what: string) => {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('Pod X-Ray is read-only (setting podXray.readOnly): {0} is disabled.', what),
    );
    return undefined;
  };
  const cmd = (id: string, f: (arg?: unknown) => unknown) =>
    vscode.commands.registerCommand(id, async (arg?: unknown) => {
      try {
        return await f(arg);
      } catch (e) {
        showError(e);
        return undefined;
      }
    });

  /** A recorded (demo) context cannot do this: say why, and do nothing. */
  const refuseRecorded = (t: PodTarget, action: ClusterAction): boolean => {
    const why = needsRealCluster(action, !!t.session.info.recorded);
    if (why) void vscode.window.showInformationMessage(`Pod X-Ray: ${why}`);
    return !!why;
  };

  // From the palette with a pod's anatomy as the active editor, act on that pod instead of asking.
  const refOf = (arg: unknown) => podRefOf(arg) ?? panels.activePod();

  async function logs(arg: unknown, previous: boolean): Promise<vscode.Uri | undefined> {
    const t = await resolveContainer(reg, refOf(arg));
    if (!t || refuseRecorded(t, previous ? 'previous-logs' : 'logs')) return undefined;
    const uri = PodDocuments.uri(
      previous ? 'previous-logs' : 'logs',
      [t.context, t.namespace, t.anatomy.name, t.container.name],
      'log',
      `${t.anatomy.name} · ${t.container.name}${previous ? ' (previous)' : ''}`,
    );
    // The header names the exact instance the kubelet returns (number, container ID, start–end).
    docs.set(uri, logHeader(t.anatomy.name, t.container, previous));
    await docs.open(uri, 'log');
    try {
      const stop = await streamLogs(
        t.session,
        { namespace: t.namespace, pod: t.anatomy.name, container: t.container.name, previous, follow: !previous },
        text => docs.append(uri, text),
        err => {
          if (err) docs.append(uri, `\n# stream ended: ${err.message}\n`);
          else if (!previous)
            docs.append(uri, '\n# stream ended (the container stopped; run Show Logs again for the next instance)\n');
        },
      );
      docs.own(uri, stop);
    } catch (e) {
      const msg = errorText(e);
      if (previous && /previous terminated container|not found/i.test(msg)) {
        const c = explainConcept('previous-logs')!;
        docs.append(uri, `\n# No previous instance to show: ${oneLine(msg, 300)}\n# ${c.detail}\n`);
      } else {
        docs.append(uri, `\n# ${msg}\n`);
        showError(e);
      }
    }
    return uri;
  }

  function renderEvents(t: PodTarget): string {
    const evs = [...t.session.store.eventsOf(t.uid)].sort((a, b) =>
      (eventTime(a) ?? '').localeCompare(eventTime(b) ?? ''),
    );
    const lines = [
      `# Events of pod ${t.namespace}/${t.anatomy.name} (${t.session.info.recorded ? 'recorded demo, replayed' : 'live'})`,
      '# TIME      TYPE     REASON                  COUNT  MESSAGE',
    ];
    for (const e of evs) {
      lines.push(
        `${clock(eventTime(e))}  ${(e.type ?? '').padEnd(7)}  ${oneLine(e.reason, 22).padEnd(22)}  ${String(e.count ?? 1).padStart(5)}  ${oneLine(e.message, Infinity)}`,
      );
    }
    if (!evs.length) lines.push('# (no events kept for this pod; the API server keeps them for one hour by default)');
    return lines.join('\n') + '\n';
  }

  function renderManifest(t: PodTarget): string {
    const pod = t.session.store.pod(t.uid);
    if (!pod) return `# pod ${t.namespace}/${t.anatomy.name} no longer exists\n`;
    // List items carry no kind/apiVersion (watch events do): state them, as kubectl does.
    const copy = { apiVersion: 'v1', kind: 'Pod', ...JSON.parse(JSON.stringify(pod)) } as {
      metadata?: { managedFields?: unknown };
    };
    if (copy.metadata) delete copy.metadata.managedFields;
    if (t.session.info.recorded)
      return `# Recorded manifest of pod ${t.namespace}/${t.anatomy.name} (the demo: ${t.session.info.recorded}, replayed with times shifted to now).\n${stringify(copy, { lineWidth: 0 })}`;
    return `# Live manifest of pod ${t.namespace}/${t.anatomy.name} (read-only; updates as the pod changes). Hover a field or value for an explanation.\n${stringify(copy, { lineWidth: 0 })}`;
  }

  function liveDoc(
    t: PodTarget,
    kind: string,
    ext: string,
    render: (t: PodTarget) => string,
    kinds: string[],
    title: string,
  ): vscode.Uri {
    const uri = PodDocuments.uri(kind, [t.context, t.namespace, t.anatomy.name], ext, title);
    docs.set(uri, render(t));
    const off = t.session.store.onChange(c => {
      if ('uid' in c && c.uid === t.uid && kinds.includes(c.kind)) docs.set(uri, render(t));
    });
    docs.own(uri, off);
    return uri;
  }

  async function waitForRestart(
    t: ContainerTarget,
    timeoutMs: number,
  ): Promise<{ id?: string; ip?: string } | undefined> {
    const before = t.container.containerId;
    const t0 = Date.now();
    while (Date.now() - t0 < timeoutMs) {
      const a = t.session.store.anatomy(t.uid);
      const c = a?.containers.find(x => x.name === t.container.name);
      if (c?.containerId && c.containerId !== before && c.state === 'running')
        return { id: c.containerId, ip: a?.sandbox.podIP };
      await new Promise(r => setTimeout(r, 200));
    }
    return undefined;
  }

  async function crash(arg: unknown): Promise<CrashResult | undefined> {
    if (readOnly()) return refuseReadOnly(vscode.l10n.t('Crash Container'));
    const t = await resolveContainer(reg, refOf(arg), c => c.state === 'running' && c.kind !== 'ephemeral');
    if (!t || refuseRecorded(t, 'crash')) return undefined;
    if (t.container.state !== 'running') {
      void vscode.window.showWarningMessage(vscode.l10n.t('Container {0} is not running.', t.container.name));
      return undefined;
    }
    const ip = t.anatomy.sandbox.podIP;
    if (!preConfirmed(arg)) {
      const go = vscode.l10n.t('Crash Container');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Crash container "{0}" of pod "{1}"?', t.container.name, t.anatomy.name),
        {
          modal: true,
          detail: vscode.l10n.t(
            "Pod X-Ray sends SIGTERM to the container's main process. The kubelet then starts a new container (new ID, restart count +1) inside the same pause sandbox: the pod keeps its IP {0}. Nothing else in the pod is touched.",
            ip ?? '',
          ),
        },
        go,
      );
      if (answer !== go) return undefined;
    }
    const before = t.container.containerId;
    const out = await execIn(t.session, t.namespace, t.anatomy.name, t.container.name, ['sh', '-c', CRASH_SCRIPT]);
    const sig = parseCrash(out.stdout);
    if (!sig.sent) {
      const why = /executable file not found|no such file/i.test(out.stderr + (out.message ?? ''))
        ? 'the container has no shell (sh) to send a signal from'
        : oneLine(out.stderr || out.message || 'the signal could not be sent', 300);
      const r: CrashResult = {
        restarted: false,
        before,
        ipBefore: ip,
        explanation: vscode.l10n.t('Could not crash {0}: {1}.', t.container.name, why),
      };
      void vscode.window.showWarningMessage(`Pod X-Ray: ${r.explanation}`);
      return r;
    }
    const grace = t.session.store.pod(t.uid)?.spec?.terminationGracePeriodSeconds ?? 30;
    const after = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Waiting for {0} to restart in the same sandbox…', t.container.name),
      },
      () => waitForRestart(t, Math.min(60, 12 + grace) * 1000),
    );
    if (after) {
      const same = after.ip === ip;
      const r: CrashResult = {
        restarted: true,
        before,
        after: after.id,
        ipBefore: ip,
        ipAfter: after.ip,
        explanation: vscode.l10n.t(
          '{0} restarted: {1} → {2}. {3}',
          t.container.name,
          shortId(before) ?? '?',
          shortId(after.id) ?? '?',
          same
            ? vscode.l10n.t('The sandbox kept the IP {0}.', ip ?? '')
            : vscode.l10n.t('The IP changed from {0} to {1}: the sandbox was recreated too.', ip ?? '', after.ip ?? ''),
        ),
      };
      void vscode.window.showInformationMessage(`Pod X-Ray: ${r.explanation}`);
      return r;
    }
    const pid1 = sig.target === 1 && sig.pid1 !== 'pause';
    const r: CrashResult = {
      restarted: false,
      before,
      ipBefore: ip,
      explanation: pid1
        ? vscode.l10n.t(
            '{0} did not restart: its main process "{1}" is PID 1 of the container and has no SIGTERM handler, so the kernel ignores signals sent from inside the container (even SIGKILL). With shareProcessNamespace: true, /pause is PID 1 and the app can be killed; or make the process handle SIGTERM.',
            t.container.name,
            sig.comm ?? '?',
          )
        : vscode.l10n.t(
            '{0} did not restart within the wait: SIGTERM was sent to PID {1} ({2}).',
            t.container.name,
            String(sig.target ?? '?'),
            sig.comm ?? '?',
          ),
    };
    void vscode.window.showWarningMessage(`Pod X-Ray: ${r.explanation}`);
    return r;
  }

  async function remove(arg: unknown): Promise<boolean | undefined> {
    if (readOnly()) return refuseReadOnly(vscode.l10n.t('Delete Pod'));
    const t = await resolvePod(reg, refOf(arg), vscode.l10n.t('Pick a pod to delete'));
    if (!t || refuseRecorded(t, 'delete')) return undefined;
    const owner =
      t.session.store.pod(t.uid)?.metadata?.ownerReferences?.find(o => o.controller) ??
      t.session.store.pod(t.uid)?.metadata?.ownerReferences?.[0];
    if (!preConfirmed(arg)) {
      const go = vscode.l10n.t('Delete Pod');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Delete pod "{0}" in namespace "{1}"?', t.anatomy.name, t.namespace),
        {
          modal: true,
          detail: owner
            ? vscode.l10n.t(
                'Its containers get SIGTERM, then the pause sandbox is torn down and the IP {0} released. {1} "{2}" owns it and will create a new pod: a new sandbox, usually with a new IP.',
                t.anatomy.sandbox.podIP ?? '',
                owner.kind ?? '',
                owner.name ?? '',
              )
            : vscode.l10n.t(
                'Its containers get SIGTERM, then the pause sandbox is torn down and the IP {0} released. No controller owns this pod, so nothing will recreate it.',
                t.anatomy.sandbox.podIP ?? '',
              ),
        },
        go,
      );
      if (answer !== go) return undefined;
    }
    await deletePod(t.session, t.namespace, t.anatomy.name);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Deleted pod {0}', t.anatomy.name), 4000);
    return true;
  }

  async function processes(arg: unknown): Promise<vscode.Uri | undefined> {
    const t = await resolvePod(reg, refOf(arg));
    if (!t || refuseRecorded(t, 'processes')) return undefined;
    const a = t.anatomy;
    const uri = PodDocuments.uri('processes', [t.context, t.namespace, a.name], 'txt', `${a.name} · processes`);
    const running = a.containers.filter(c => c.state === 'running');
    const lines = [
      `# Sandbox processes of pod ${t.namespace}/${a.name} (read-only: nothing in the pod is changed)`,
      '',
    ];
    if (!running.length) {
      lines.push('No container is running, so there is no process to look at from inside the pod.');
    } else if (!a.sandbox.shareProcessNamespace) {
      lines.push(
        "This pod does not share its process namespace: each container has its own, and PID 1 in a container is that container's own main process.",
        'The pause process is PID 1 of a namespace of its own; from inside the pod it cannot be seen.',
        '',
      );
      for (const c of running) {
        try {
          const r = await execIn(t.session, t.namespace, a.name, c.name, ['sh', '-c', PID1_SCRIPT]);
          const p1 = parsePid1(r.stdout);
          lines.push(
            p1
              ? `  PID 1 in ${c.name}: ${p1.args ?? p1.comm}`
              : `  PID 1 in ${c.name}: unknown (${oneLine(r.stderr || r.message, 200)})`,
          );
        } catch (e) {
          if (e instanceof ApiError && e.kind === 'forbidden') throw e;
          lines.push(`  PID 1 in ${c.name}: cannot exec (${oneLine(errorText(e), 200)})`);
        }
      }
      lines.push(
        '',
        `With spec.shareProcessNamespace: true every container shares one PID namespace: /pause becomes PID 1 for the whole pod, and \`ps\` in any container shows it. ${explainConcept('pid1')!.summary}`,
      );
    } else {
      let listing: ReturnType<typeof parseListing> | undefined;
      const cgroups: Record<string, string> = {};
      for (const c of running) {
        try {
          const r = await execIn(t.session, t.namespace, a.name, c.name, [
            'sh',
            '-c',
            listing ? CGROUP_SCRIPT : LIST_SCRIPT,
          ]);
          if (!listing) {
            const l = parseListing(r.stdout);
            if (l.rows.length) {
              listing = l;
              if (l.self) cgroups[c.name] = l.self.cgroup;
            }
          } else {
            const cg = r.stdout.split('\n').find(x => x.startsWith('CG|'));
            if (cg) cgroups[c.name] = cg.slice(3);
          }
        } catch (e) {
          if (e instanceof ApiError && e.kind === 'forbidden') throw e;
        }
      }
      if (!listing) {
        lines.push(
          'No running container could list processes (no shell and no /proc access); the pod shares its process namespace, so /pause would be PID 1.',
        );
      } else {
        lines.push(
          'The pod shares one PID namespace (shareProcessNamespace: true): PID 1 is the pause process, the sandbox itself, visible from inside the pod.',
          '',
          formatProcessTable(assignContainers(listing.rows, cgroups)),
          '',
          "Each container's processes are ordinary processes under /pause, so a signal can reach them (the PID 1 rule protects only /pause).",
        );
      }
    }
    docs.set(uri, lines.join('\n') + '\n');
    await docs.open(uri, 'plaintext');
    return uri;
  }

  return [
    cmd('podXray.showAnatomy', async arg => {
      const t = await resolvePod(reg, podRefOf(arg), vscode.l10n.t('Show the anatomy of a pod'));
      if (t) panels.show(t);
      return t ? true : undefined;
    }),
    cmd('podXray.showLogs', arg => logs(arg, false)),
    cmd('podXray.showPreviousLogs', arg => logs(arg, true)),
    cmd('podXray.showEvents', async arg => {
      const t = await resolvePod(reg, refOf(arg));
      if (!t) return undefined;
      const u = liveDoc(t, 'events', 'log', renderEvents, ['event', 'pod'], `${t.anatomy.name} · events`);
      await docs.open(u, 'log');
      return u;
    }),
    cmd('podXray.openManifest', async arg => {
      const t = await resolvePod(reg, refOf(arg));
      if (!t) return undefined;
      const u = liveDoc(t, 'pod', 'yaml', renderManifest, ['pod'], t.anatomy.name);
      await docs.open(u, 'yaml');
      return u;
    }),
    cmd('podXray.crashContainer', arg => crash(arg)),
    cmd('podXray.deletePod', arg => remove(arg)),
    cmd('podXray.showSandboxProcesses', arg => processes(arg)),
  ];
}
