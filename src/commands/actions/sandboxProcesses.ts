// Show Sandbox Processes: what PID 1 is in each container, or (shared process namespace) the
// whole process table under /pause. Read-only: only `sh -c` scripts that read /proc.
import * as vscode from 'vscode';
import { execIn } from '../../cluster/actions';
import { ApiError } from '../../cluster/errors';
import { PodTarget } from '../../cluster/targets';
import { Pid1Finding, ProcessesFindings, processesDocument, processesTitle } from '../../model/actionText';
import { ContainerAnatomy } from '../../model/anatomy';
import {
  CGROUP_SCRIPT,
  LIST_SCRIPT,
  PID1_SCRIPT,
  assignContainers,
  formatProcessTable,
  parseListing,
  parsePid1,
} from '../../model/processes';
import { PodDocuments } from '../../views/documents';
import { resolvePod } from '../targets';
import { ActionDeps, action, errorText, targetOf, refusedRecorded } from './action';

/** A refusal by RBAC ends the action (the user is told); any other exec failure is a finding. */
function rethrowForbidden(e: unknown): void {
  if (e instanceof ApiError && e.kind === 'forbidden') throw e;
}

async function pid1s(t: PodTarget, running: ContainerAnatomy[]): Promise<Pid1Finding[]> {
  const out: Pid1Finding[] = [];
  for (const c of running) {
    try {
      const r = await execIn(t.session, t.namespace, t.anatomy.name, c.name, ['sh', '-c', PID1_SCRIPT]);
      const p1 = parsePid1(r.stdout);
      out.push(
        p1
          ? { container: c.name, args: p1.args ?? p1.comm }
          : { container: c.name, unknown: r.stderr || r.message || '' },
      );
    } catch (e) {
      rethrowForbidden(e);
      out.push({ container: c.name, cannotExec: errorText(e) });
    }
  }
  return out;
}

/** The first container that can list processes lists them; the others only say which cgroup is theirs. */
async function sharedTable(t: PodTarget, running: ContainerAnatomy[]): Promise<string | undefined> {
  let listing: ReturnType<typeof parseListing> | undefined;
  const cgroups: Record<string, string> = {};
  for (const c of running) {
    try {
      const script = listing ? CGROUP_SCRIPT : LIST_SCRIPT;
      const r = await execIn(t.session, t.namespace, t.anatomy.name, c.name, ['sh', '-c', script]);
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
      rethrowForbidden(e);
    }
  }
  return listing && formatProcessTable(assignContainers(listing.rows, cgroups));
}

async function findings(t: PodTarget): Promise<ProcessesFindings> {
  const running = t.anatomy.containers.filter(c => c.state === 'running');
  if (!running.length) return { kind: 'none-running' };
  if (!t.anatomy.sandbox.shareProcessNamespace) return { kind: 'separate', pid1: await pid1s(t, running) };
  return { kind: 'shared', table: await sharedTable(t, running) };
}

async function processes(d: ActionDeps, arg: unknown): Promise<vscode.Uri | undefined> {
  const t = await resolvePod(d.reg, targetOf(d, arg));
  if (!t || refusedRecorded(t, 'processes')) return undefined;
  const a = t.anatomy;
  const uri = PodDocuments.uri('processes', [t.context, t.namespace, a.name], 'txt', processesTitle(a.name));
  d.docs.set(uri, processesDocument(t.namespace, a.name, await findings(t)));
  await d.docs.open(uri, 'plaintext');
  return uri;
}

export const sandboxProcessesAction = (d: ActionDeps): vscode.Disposable =>
  action('podXray.showSandboxProcesses', arg => processes(d, arg));
