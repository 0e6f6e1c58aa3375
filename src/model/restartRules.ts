// Per-container restart policy and restart rules (Kubernetes ≥ 1.34, ContainerRestartRules):
// which rule matches an exit, and what the kubelet then does. Pure; the cause classifier and
// the descriptions call it. Rules are checked in order; the first match wins; with no match the
// container's own restartPolicy decides, else the pod's.
import { KContainer, KRestartRule } from './k8s';

export interface RuleMatch {
  /** 0-based position in restartPolicyRules. */
  index: number;
  rule: KRestartRule;
  /** Restart, RestartAllContainers, or whatever a newer API server sent. */
  action: string;
}

export type RestartVerdict = 'restart' | 'restart-all' | 'no-restart' | 'unknown';

export interface RestartDecision {
  verdict: RestartVerdict;
  /** Which setting decided: a rule, the container's restartPolicy, or the pod's. */
  by: 'rule' | 'container-policy' | 'pod-policy' | 'unknown';
  match?: RuleMatch;
  /** The policy that applied when no rule matched. */
  policy?: string;
  /** One sentence, plain text. */
  text: string;
}

/** Does one rule's exit-code requirement hold for this exit? Unknown operators never match. */
function ruleHolds(rule: KRestartRule, exitCode: number): boolean {
  const req = rule.exitCodes;
  if (!req) return false;
  const values = (req.values ?? []).filter(v => typeof v === 'number');
  if (req.operator === 'In') return values.includes(exitCode);
  if (req.operator === 'NotIn') return !values.includes(exitCode);
  return false;
}

/** The first of the container's restartPolicyRules that matches this exit code, if any. */
export function matchRestartRule(c: KContainer | undefined, exitCode: number | undefined): RuleMatch | undefined {
  if (exitCode === undefined || exitCode < 0) return undefined;
  const rules = c?.restartPolicyRules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index];
    if (rule && ruleHolds(rule, exitCode)) return { index, rule, action: rule.action ?? 'Restart' };
  }
  return undefined;
}

/** "exit code in {42}", "exit code not in {0, 1}" */
export function describeRule(rule: KRestartRule): string {
  const op = rule.exitCodes?.operator;
  const values = `{${(rule.exitCodes?.values ?? []).join(', ')}}`;
  const when =
    op === 'In' ? `exit code in ${values}` : op === 'NotIn' ? `exit code not in ${values}` : 'an unknown condition';
  return `${rule.action ?? 'Restart'} when ${when}`;
}

function policyVerdict(policy: string, exitCode: number): RestartVerdict {
  if (policy === 'Always') return 'restart';
  if (policy === 'OnFailure') return exitCode === 0 ? 'no-restart' : 'restart';
  if (policy === 'Never') return 'no-restart';
  return 'unknown';
}

const VERDICT_TEXT: Record<RestartVerdict, string> = {
  restart: 'the kubelet restarts this container',
  'restart-all': 'the kubelet restarts every container of the pod in place (same sandbox, IP and volumes)',
  'no-restart': 'the container stays terminated',
  unknown: 'what the kubelet does is not known to Pod X-Ray',
};

/**
 * What the kubelet does after this container exits with this code, and why. Init containers
 * and sidecars are not covered by rules here: the caller passes the regular/app containers.
 */
export function restartDecision(
  c: KContainer | undefined,
  podRestartPolicy: string | undefined,
  exitCode: number | undefined,
): RestartDecision {
  if (exitCode === undefined || exitCode < 0)
    return { verdict: 'unknown', by: 'unknown', text: 'The exit code is not known, so no rule can be matched.' };
  const match = matchRestartRule(c, exitCode);
  if (match) {
    const verdict: RestartVerdict =
      match.action === 'Restart' ? 'restart' : match.action === 'RestartAllContainers' ? 'restart-all' : 'unknown';
    return {
      verdict,
      by: 'rule',
      match,
      text: `exit ${exitCode} matched rule ${match.index + 1} (${describeRule(match.rule)}): ${VERDICT_TEXT[verdict]}.`,
    };
  }
  const own = c?.restartPolicy;
  const policy = own ?? podRestartPolicy ?? 'Always';
  const verdict = policyVerdict(policy, exitCode);
  const rules = c?.restartPolicyRules?.length ? 'no restart rule matched, so ' : '';
  const whose = own ? "the container's own restartPolicy" : "the pod's restartPolicy";
  return {
    verdict,
    by: own ? 'container-policy' : 'pod-policy',
    policy,
    text: `exit ${exitCode}: ${rules}${whose} ${policy} applies: ${VERDICT_TEXT[verdict]}.`,
  };
}

/** The badge for a container with its own policy or rules: "restartPolicy Never · 1 rule"; undefined otherwise. */
export function restartPolicyBadge(
  c: Pick<KContainer, 'restartPolicy' | 'restartPolicyRules'> | undefined,
  sidecar: boolean,
): string | undefined {
  if (!c || sidecar) return undefined; // a sidecar's Always is what makes it a sidecar
  const rules = c.restartPolicyRules?.length ?? 0;
  if (!c.restartPolicy && !rules) return undefined;
  const parts = [c.restartPolicy ? `restartPolicy ${c.restartPolicy}` : 'pod restartPolicy'];
  if (rules) parts.push(`${rules} rule${rules > 1 ? 's' : ''}`);
  return parts.join(' · ');
}

// ---- for the history: what governs each container's restarts, read from the raw spec ----------

export interface RestartSpec {
  /** The container's own restartPolicy, when it sets one. */
  policy?: string;
  rules: KRestartRule[];
  podPolicy: string;
}

/** Per container name: what governs its restarts. */
export function restartSpecs(
  pod: { spec?: { restartPolicy?: string; initContainers?: KContainer[]; containers?: KContainer[] } } | undefined,
): Map<string, RestartSpec> {
  const out = new Map<string, RestartSpec>();
  const podPolicy = pod?.spec?.restartPolicy ?? 'Always';
  for (const c of [...(pod?.spec?.initContainers ?? []), ...(pod?.spec?.containers ?? [])])
    out.set(c.name ?? '?', { policy: c.restartPolicy, rules: c.restartPolicyRules ?? [], podPolicy });
  return out;
}

/** The first rule that matches (the one matcher above), with its 1-based index. */
export function matchingRule(
  spec: RestartSpec | undefined,
  exitCode: number | undefined,
): { index: number; rule: KRestartRule } | undefined {
  const m = spec && matchRestartRule({ restartPolicyRules: spec.rules }, exitCode);
  return m && { index: m.index + 1, rule: m.rule };
}

/** "restartPolicyRules[0] (exit code In [42] → Restart)" */
export function ruleText(m: { index: number; rule: KRestartRule }): string {
  const codes = m.rule.exitCodes;
  return `restartPolicyRules[${m.index - 1}] (exit code ${codes?.operator ?? 'In'} [${(codes?.values ?? []).join(', ')}] → ${m.rule.action ?? '?'})`;
}
