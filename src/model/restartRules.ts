// Who decides whether a container restarts: its own restartPolicy and restartPolicyRules (Kubernetes
// 1.34+, per-container restart rules), else the pod's restartPolicy. Read from the raw spec here so
// the history can record the decision when an instance ends.
import { KContainer, KPod } from './k8s';

export interface KRestartRule {
  action?: string;
  exitCodes?: { operator?: string; values?: number[] };
}

export interface RestartSpec {
  /** The container's own restartPolicy, when it sets one. */
  policy?: string;
  rules: KRestartRule[];
  podPolicy: string;
}

/** Per container name: what governs its restarts. */
export function restartSpecs(pod: KPod | undefined): Map<string, RestartSpec> {
  const out = new Map<string, RestartSpec>();
  const podPolicy = pod?.spec?.restartPolicy ?? 'Always';
  const all: KContainer[] = [...(pod?.spec?.initContainers ?? []), ...(pod?.spec?.containers ?? [])];
  for (const c of all) {
    const rules = (c as KContainer & { restartPolicyRules?: KRestartRule[] }).restartPolicyRules;
    out.set(c.name ?? '?', { policy: c.restartPolicy, rules: Array.isArray(rules) ? rules : [], podPolicy });
  }
  return out;
}

/** The first rule whose exit codes match (rules are evaluated in order), with its 1-based index. */
export function matchingRule(
  spec: RestartSpec | undefined,
  exitCode: number | undefined,
): { index: number; rule: KRestartRule } | undefined {
  if (!spec || exitCode === undefined) return undefined;
  for (let i = 0; i < spec.rules.length; i++) {
    const r = spec.rules[i];
    const values = r.exitCodes?.values ?? [];
    const hit = r.exitCodes?.operator === 'NotIn' ? !values.includes(exitCode) : values.includes(exitCode);
    if (r.exitCodes && hit) return { index: i + 1, rule: r };
  }
  return undefined;
}

/** "rule 1 (exit code In [42] → Restart)" */
export function ruleText(m: { index: number; rule: KRestartRule }): string {
  const codes = m.rule.exitCodes;
  return `restartPolicyRules[${m.index - 1}] (exit code ${codes?.operator ?? 'In'} [${(codes?.values ?? []).join(', ')}] → ${m.rule.action ?? '?'})`;
}
