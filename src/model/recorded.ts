// The one rule for what a recorded (demo) context cannot do: anything that needs a real cluster.
// Commands ask needsRealCluster() before they act and show its sentence instead.

export type ClusterAction = 'logs' | 'previous-logs' | 'crash' | 'delete' | 'processes' | 'debug' | 'shell';

const WHY: Record<ClusterAction, string> = {
  logs: 'no container logs were recorded, and a replay has no running container to read them from',
  'previous-logs': 'no container logs were recorded, and a replay has no kubelet to ask for the crashed instance',
  crash: 'crashing a container sends it a signal, and a replay has no running process to signal',
  delete: 'deleting a pod needs an API server, and a replay only plays back what was recorded',
  processes:
    'listing processes runs ps inside a running container, and no process listing was recorded with these pods',
  debug: 'a debug container is started by a real kubelet, and a replay has none',
  shell: 'a shell runs inside a real container, and a replay has none',
};

/** Why `action` is unavailable in this context, or undefined when it may run. */
export function needsRealCluster(action: ClusterAction, recorded: boolean): string | undefined {
  if (!recorded) return undefined;
  const how = 'Connect a cluster (a kubeconfig) to do this for real.';
  return `This is the recorded demo, not a live cluster: ${WHY[action]}. ${how}`;
}
