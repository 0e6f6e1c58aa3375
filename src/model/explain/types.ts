export interface Explanation {
  /** Catalog key: `field:spec.hostNetwork`, `reason:CrashLoopBackOff`, `exit:137`, `concept:sandbox`. */
  id: string;
  title: string;
  summary: string;
  detail: string;
  /** Why it matters for the pause sandbox and its containers. */
  sandbox: string;
  docs: string;
}
