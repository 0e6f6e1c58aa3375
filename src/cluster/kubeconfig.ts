// Find and read kubeconfig files the way kubectl does, but report each problem with the file
// it came from instead of failing as a whole. One KubeConfig per context.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KubeConfig } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';

export interface ContextInfo {
  name: string;
  file: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  server?: string;
  /** A problem that keeps this context from working, in words naming the file. */
  problem?: string;
  kubeConfig?: KubeConfig;
  /** Set for the built-in demo: a replay, not a cluster. Says where the recording comes from. */
  recorded?: string;
}
export interface KubeconfigLoad {
  files: string[];
  contexts: ContextInfo[];
  current?: string;
  problems: { file: string; message: string }[];
}

/**
 * Which files to read: the setting, else $KUBECONFIG (path-list), else ~/.kube/config. A relative
 * setting stays relative (it would resolve against whatever folder VS Code was started in, often a
 * repository): loadKubeconfigs refuses it. $KUBECONFIG resolves against the working directory, as in kubectl.
 */
export function kubeconfigFiles(
  setting: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  home = os.homedir(),
): string[] {
  const expand = (p: string) => (p === '~' || p.startsWith('~/') ? path.join(home, p.slice(1)) : p);
  if (setting && setting.trim()) return [expand(setting.trim())];
  if (env.KUBECONFIG)
    return env.KUBECONFIG.split(path.delimiter)
      .filter(Boolean)
      .map(p => path.resolve(expand(p)));
  return [path.join(home, '.kube', 'config')];
}

type Named<T> = { name?: string } & T;
interface RawConfig {
  'current-context'?: string;
  contexts?: Named<{ context?: { cluster?: string; user?: string; namespace?: string } }>[];
  clusters?: Named<{ cluster?: Record<string, unknown> }>[];
  users?: Named<{ user?: Record<string, unknown> }>[];
}

const FILE_FIELDS: Record<string, string> = {
  'certificate-authority': 'certificate authority',
  'client-certificate': 'client certificate',
  'client-key': 'client key',
  tokenFile: 'token file',
};

function checkUser(user: Record<string, unknown> | undefined): string | undefined {
  if (!user) return undefined;
  const ap = user['auth-provider'] as { name?: string } | undefined;
  if (ap && !['oidc', 'azure', 'gcp'].includes(ap.name ?? '')) return `unknown auth provider "${ap.name ?? '?'}"`;
  const ex = user.exec as { command?: string } | undefined;
  if (ex && !ex.command) return 'exec auth without a command';
  return undefined;
}

function missingFiles(obj: Record<string, unknown> | undefined, base: string): string | undefined {
  for (const [k, label] of Object.entries(FILE_FIELDS)) {
    const v = obj?.[k];
    if (typeof v === 'string' && v) {
      const p = path.isAbsolute(v) ? v : path.join(path.dirname(base), v);
      if (!fs.existsSync(p)) return `${label} file ${p} does not exist`;
    }
  }
  return undefined;
}

export function loadKubeconfigs(files: string[]): KubeconfigLoad {
  const out: KubeconfigLoad = { files: [], contexts: [], problems: [] };
  const clusters = new Map<string, { file: string; cluster: Record<string, unknown> }>();
  const users = new Map<string, { file: string; user: Record<string, unknown> }>();
  const contexts: { file: string; raw: NonNullable<RawConfig['contexts']>[number] }[] = [];
  for (const file of files) {
    if (!path.isAbsolute(file)) {
      out.problems.push({ file, message: 'not an absolute path (or ~/…): refused' });
      continue;
    }
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || files.length === 1) {
        out.problems.push({
          file,
          message:
            (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read: ${(e as Error).message}`,
        });
      }
      continue;
    }
    out.files.push(file);
    let raw: RawConfig;
    try {
      raw = (parseYaml(text) ?? {}) as RawConfig;
      if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('not a kubeconfig (expected a mapping)');
    } catch (e) {
      out.problems.push({ file, message: `invalid YAML: ${(e as Error).message.split('\n')[0]}` });
      continue;
    }
    // First definition wins, like kubectl merging $KUBECONFIG.
    for (const c of raw.clusters ?? [])
      if (c?.name && !clusters.has(c.name)) clusters.set(c.name, { file, cluster: c.cluster ?? {} });
    for (const u of raw.users ?? []) if (u?.name && !users.has(u.name)) users.set(u.name, { file, user: u.user ?? {} });
    for (const c of raw.contexts ?? [])
      if (c?.name && !contexts.some(x => x.raw.name === c.name)) contexts.push({ file, raw: c });
    if (!out.current && raw['current-context']) out.current = raw['current-context'];
    if (!(raw.contexts ?? []).length) out.problems.push({ file, message: 'defines no contexts' });
  }
  for (const { file, raw } of contexts) {
    const ctx = raw.context ?? {};
    const info: ContextInfo = { name: raw.name!, file, cluster: ctx.cluster, user: ctx.user, namespace: ctx.namespace };
    const cl = ctx.cluster ? clusters.get(ctx.cluster) : undefined;
    const us = ctx.user ? users.get(ctx.user) : undefined;
    info.server = typeof cl?.cluster.server === 'string' ? cl.cluster.server : undefined;
    if (!cl)
      info.problem = `context "${info.name}" in ${file} names cluster "${ctx.cluster ?? ''}", which is not defined`;
    else if (!info.server) info.problem = `cluster "${ctx.cluster}" in ${cl.file} has no server`;
    else if (ctx.user && !us)
      info.problem = `context "${info.name}" in ${file} names user "${ctx.user}", which is not defined`;
    else {
      const missingCluster = missingFiles(cl.cluster, cl.file),
        missingUser = us && missingFiles(us.user, us.file),
        auth = checkUser(us?.user);
      if (missingCluster) info.problem = `${cl.file}: cluster "${ctx.cluster}": ${missingCluster}`;
      else if (missingUser) info.problem = `${us!.file}: user "${ctx.user}": ${missingUser}`;
      else if (auth) info.problem = `${us!.file}: user "${ctx.user}": ${auth}`;
    }
    if (!info.problem && cl) {
      try {
        const kc = new KubeConfig();
        kc.loadFromOptions({
          clusters: [{ name: ctx.cluster, ...toClientCluster(cl.cluster, cl.file) }],
          users: [{ name: ctx.user ?? 'anonymous', ...toClientUser(us?.user ?? {}, us?.file ?? file) }],
          contexts: [
            { name: info.name, cluster: ctx.cluster, user: ctx.user ?? 'anonymous', namespace: ctx.namespace },
          ],
          currentContext: info.name,
        });
        info.kubeConfig = kc;
      } catch (e) {
        info.problem = `${file}: ${(e as Error).message}`;
      }
    }
    out.contexts.push(info);
  }
  if (out.current && !out.contexts.some(c => c.name === out.current)) {
    out.problems.push({
      file: out.files[0] ?? files[0],
      message: `current-context "${out.current}" is not defined; using "${out.contexts[0]?.name ?? 'none'}"`,
    });
    out.current = out.contexts[0]?.name;
  } else if (!out.current && out.contexts.length) {
    out.problems.push({ file: out.files[0], message: `no current-context; using "${out.contexts[0].name}"` });
    out.current = out.contexts[0].name;
  }
  return out;
}

/** Is file inside one of the folders (symbolic links followed, as the reads would)? */
export function isInsideFolder(file: string, folders: string[]): boolean {
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  const f = real(file);
  return folders.some(d => {
    const rel = path.relative(real(d), f);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
}

// kubeconfig YAML keys -> client-node's option names; relative file paths are relative to the file.
function abs(p: unknown, file: string): string | undefined {
  return typeof p === 'string' && p ? (path.isAbsolute(p) ? p : path.join(path.dirname(file), p)) : undefined;
}
function toClientCluster(c: Record<string, unknown>, file: string) {
  return {
    server: c.server as string,
    skipTLSVerify: c['insecure-skip-tls-verify'] === true,
    caData: c['certificate-authority-data'] as string | undefined,
    caFile: abs(c['certificate-authority'], file),
    tlsServerName: c['tls-server-name'] as string | undefined,
    proxyUrl: c['proxy-url'] as string | undefined,
  };
}
function toClientUser(u: Record<string, unknown>, file: string) {
  return {
    token: u.token as string | undefined,
    certData: u['client-certificate-data'] as string | undefined,
    certFile: abs(u['client-certificate'], file),
    keyData: u['client-key-data'] as string | undefined,
    keyFile: abs(u['client-key'], file),
    username: u.username as string | undefined,
    password: u.password as string | undefined,
    authProvider: u['auth-provider'],
    exec: execRelativeToFile(u.exec, file),
  };
}
/** Like kubectl: an exec command with a path separator is relative to the kubeconfig, never to our cwd. */
function execRelativeToFile(exec: unknown, file: string): unknown {
  const e = exec as { command?: unknown } | undefined;
  if (!e || typeof e.command !== 'string' || !e.command.includes('/') || path.isAbsolute(e.command)) return exec;
  return { ...e, command: path.join(path.dirname(file), e.command) };
}
