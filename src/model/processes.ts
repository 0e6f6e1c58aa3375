// Reading a pod's processes through exec, with only what a minimal image has (sh + /proc).
// The scripts are plain strings run via `sh -c`; the parsers are pure and unit-tested.

/** Lists every visible process: `P|pid|first cgroup line|comm|args`, then `SELF|pid|cgroup`. */
export const LIST_SCRIPT = [
  'self=$$; mycg=; read -r mycg < /proc/self/cgroup 2>/dev/null',
  'for d in /proc/[0-9]*; do',
  '  p=${d#/proc/}; [ -r "$d/comm" ] || continue',
  '  cg=; read -r cg < "$d/cgroup" 2>/dev/null; comm=; read -r comm < "$d/comm" 2>/dev/null',
  '  if command -v tr >/dev/null 2>&1; then args=$(tr "\\000" " " < "$d/cmdline" 2>/dev/null); else args=$comm; fi',
  '  echo "P|$p|$cg|$comm|$args"',
  'done',
  'echo "SELF|$self|$mycg"',
].join('\n');

/** What runs as PID 1 in this container: `PID1|comm|args`. */
export const PID1_SCRIPT =
  'c=; read -r c < /proc/1/comm; a=$(tr "\\000" " " < /proc/1/cmdline 2>/dev/null); echo "PID1|$c|$a"';

export function parsePid1(out: string): { comm: string; args?: string } | undefined {
  const f = out
    .split('\n')
    .find(l => l.startsWith('PID1|'))
    ?.split('|');
  return f ? { comm: f[1], args: f.slice(2).join('|').trim() || undefined } : undefined;
}

/** This container's cgroup line, to tell whose processes are whose in a shared PID namespace. */
export const CGROUP_SCRIPT = 'read -r cg < /proc/self/cgroup 2>/dev/null; echo "CG|$cg"';

/**
 * Send SIGTERM to the container's main process: PID 1, or, when PID 1 is /pause (shared PID
 * namespace), the oldest process in this container's cgroup. Prints `TARGET|pid|comm|pid1comm`, then `SENT`.
 */
export const CRASH_SCRIPT = [
  'self=$$; mycg=; read -r mycg < /proc/self/cgroup 2>/dev/null; one=; read -r one < /proc/1/comm 2>/dev/null; target=1',
  'if [ "$one" = "pause" ]; then',
  '  target=',
  '  for d in /proc/[0-9]*; do p=${d#/proc/}; [ "$p" -ge "$self" ] && continue',
  '    cg=; read -r cg < "$d/cgroup" 2>/dev/null',
  '    if [ "$cg" = "$mycg" ] && { [ -z "$target" ] || [ "$p" -lt "$target" ]; }; then target=$p; fi',
  '  done',
  'fi',
  '[ -n "$target" ] || { echo "NOTARGET|$one"; exit 3; }',
  'comm=; read -r comm < /proc/$target/comm 2>/dev/null',
  'echo "TARGET|$target|$comm|$one"',
  'kill -TERM "$target" && echo SENT',
].join('\n');

export interface ProcessRow {
  pid: number;
  cgroup: string;
  comm: string;
  args: string;
  container?: string;
  isPause: boolean;
}

export function parseListing(out: string): { rows: ProcessRow[]; self?: { pid: number; cgroup: string } } {
  const rows: ProcessRow[] = [];
  let self: { pid: number; cgroup: string } | undefined;
  for (const line of out.split('\n')) {
    const f = line.split('|');
    if (f[0] === 'P' && f.length >= 5) {
      const pid = Number(f[1]);
      if (!Number.isInteger(pid)) continue;
      const args = f.slice(4).join('|').trim();
      rows.push({
        pid,
        cgroup: f[2],
        comm: f[3],
        args: args || `[${f[3]}]`,
        isPause: f[3] === 'pause' || /^\/pause\b/.test(args),
      });
    } else if (f[0] === 'SELF') self = { pid: Number(f[1]), cgroup: f.slice(2).join('|') };
  }
  // Our own exec'd shell and its children are not the pod's processes.
  const mine = self ? rows.filter(r => r.cgroup === self!.cgroup && r.pid >= self!.pid) : [];
  return { rows: rows.filter(r => !mine.includes(r)).sort((a, b) => a.pid - b.pid), self };
}

/** Give each process its container, from each container's own cgroup line. */
export function assignContainers(rows: ProcessRow[], cgroups: Record<string, string>): ProcessRow[] {
  const byCg = new Map(Object.entries(cgroups).map(([name, cg]) => [cg, name]));
  return rows.map(r => ({ ...r, container: r.isPause && r.pid === 1 ? undefined : byCg.get(r.cgroup) }));
}

export interface CrashSignal {
  target?: number;
  comm?: string;
  pid1?: string;
  sent: boolean;
}
export function parseCrash(out: string): CrashSignal {
  const t = out
    .split('\n')
    .find(l => l.startsWith('TARGET|'))
    ?.split('|');
  const n = out
    .split('\n')
    .find(l => l.startsWith('NOTARGET|'))
    ?.split('|');
  return { target: t ? Number(t[1]) : undefined, comm: t?.[2], pid1: t?.[3] ?? n?.[1], sent: /^SENT$/m.test(out) };
}

/** The process table as text, PID 1 /pause marked as the sandbox. */
export function formatProcessTable(rows: ProcessRow[]): string {
  const lines = ['  PID  CONTAINER        COMMAND'];
  for (const r of rows) {
    const who = r.isPause && r.pid === 1 ? 'SANDBOX (pause)' : (r.container ?? '?');
    lines.push(
      `${String(r.pid).padStart(5)}  ${who.padEnd(15).slice(0, 15)}  ${r.args}${r.isPause && r.pid === 1 ? "   <- the pause process: holds the pod's namespaces" : ''}`,
    );
  }
  return lines.join('\n');
}
