// The ONE explanation catalog: tree tooltips, webview hovers and manifest hovers all read it.
// Each entry: a one-line summary, the explanation, why it matters for the sandbox, a docs link.
import { DOCS } from './docs';
import { MODERN_CONCEPTS, MODERN_FIELDS, MODERN_REASONS } from './modern';
import { Explanation } from './types';

type Entry = Omit<Explanation, 'id'>;
const e = (title: string, summary: string, detail: string, sandbox: string, docs: string): Entry => ({
  title,
  summary,
  detail,
  sandbox,
  docs,
});

const CONCEPTS: Record<string, Entry> = {
  sandbox: e(
    'The pause sandbox',
    "The hidden first container of every pod: it owns the pod's network namespace.",
    'Before any of your containers start, the container runtime starts a tiny "pause" container. It does nothing but sleep, and it holds the pod\'s Linux namespaces: the network namespace (the pod IP, its ports, localhost) and, with shareProcessNamespace, the PID namespace. kubectl never shows it; `crictl pods` on the node does.',
    "Your containers join the sandbox's namespaces. When one crashes, only that container is replaced: the sandbox keeps the IP, so the new container comes back at the same address. Only if the sandbox itself dies does the kubelet build a new one, and then every container restarts and the pod usually gets a new IP.",
    DOCS.podNetworking,
  ),
  instance: e(
    'Container instance',
    'One run of a container: a container ID that lives until the process exits.',
    'A container in the pod spec is a name. Each time the kubelet starts it, the runtime creates a new container with a new container ID, and restartCount goes up by one. The API keeps the current instance (state) and the one before it (lastState).',
    'Every instance joins the same pause sandbox, so they all share the same IP and volumes.',
    DOCS.containerStates,
  ),
  generation: e(
    'Sandbox generation',
    'How many times the kubelet had to build a new sandbox for this pod.',
    'Generation 1 is the first sandbox. The kubelet builds a new one when the old one is gone (a killed pause process, a restarted runtime, a node reboot); it records the event SandboxChanged, kills every container, and starts them all again inside the new sandbox.',
    'A new generation means a new network namespace: the pod usually gets a new IP and every container restarts, unlike a single container crash.',
    DOCS.podLifecycle,
  ),
  'sandbox-kill': e(
    'Ended by a sandbox recreation',
    'The kubelet ended this container because the pod sandbox it ran in was recreated.',
    'When the pause sandbox dies or changes, the kubelet records SandboxChanged, kills every container still running in the old sandbox (usually SIGKILL, exit 137) and starts new instances in a new sandbox. The exit code says how the container was stopped, not that the app failed.',
    'The next instance runs in a new sandbox generation: a new network namespace, usually with a new pod IP.',
    DOCS.podLifecycle,
  ),
  backoff: e(
    'Crash back-off',
    'The kubelet waits before restarting a crashed container. By default the first restart is immediate, then 10 s doubling up to 5 minutes; a node can be configured shorter.',
    "The kubelet's default: the first restart comes at once; after each further crash it waits 10 s, 20 s, 40 s, 80 s, 160 s, then 300 s (5 min) for every later crash. Once a container has run for 10 minutes without crashing, the delay resets. Since Kubernetes 1.32 a node's kubelet can shorten the maximum (crashLoopBackOff.maxContainerRestartPeriod), so Pod X-Ray compares the schedule with the delays it observed. While waiting the container shows CrashLoopBackOff; the waiting message says the current delay.",
    'During the back-off no app container runs, but the sandbox stays up and keeps the IP.',
    DOCS.crashloop,
  ),
  'host-network': e(
    'Host network',
    "This pod uses the node's network namespace: its IP is the node's IP.",
    "With hostNetwork: true the sandbox is still created, but it joins the node's network namespace instead of creating its own. Ports the containers open are opened on the node.",
    'The sandbox holds no IP of its own here; the pod IP equals the node IP and does not change when the sandbox is recreated.',
    DOCS.hostNamespaces,
  ),
  'previous-logs': e(
    'Previous logs',
    'The output of the instance before the current one.',
    'The kubelet keeps the logs of the previous (dead) instance of each container until garbage collection, so `kubectl logs --previous` shows why it crashed. While the current instance is itself dead and waiting in back-off, the older one may already be gone.',
    'The previous instance ran in the same sandbox; its output is usually the best clue to a crash loop.',
    DOCS.debugPods,
  ),
  pid1: e(
    'PID 1 in a container',
    'The first process of a container ignores signals it has no handler for, even SIGKILL from inside.',
    'The kernel protects PID 1 of a PID namespace: signals sent from inside that namespace are ignored unless the process installed a handler (SIGKILL and SIGSTOP from inside are ignored too). So `kill 1` inside a container that runs `sleep` as PID 1 does nothing. With shareProcessNamespace: true, /pause is PID 1 for the whole pod and the app is an ordinary process.',
    "With a shared process namespace the pause process is visible in every container's `ps`: the sandbox made visible through the API.",
    DOCS.shareProcess,
  ),
};

const FIELDS: Record<string, Entry> = {
  'spec.containers': e(
    'containers',
    'The app containers: started together once init containers have finished.',
    'Each entry becomes a container that the kubelet keeps running according to restartPolicy. They start in parallel, after every init container has completed.',
    "All of them join the pod's pause sandbox: one IP, one localhost, shared volumes.",
    DOCS.pods,
  ),
  'spec.initContainers': e(
    'initContainers',
    'Containers that run to completion, one after another, before the app containers start.',
    'Each init container must exit 0 before the next starts; if one fails, the kubelet retries it (per restartPolicy) and the pod shows Init:N/M or Init:CrashLoopBackOff.',
    'Init containers already run inside the sandbox, so they see the pod IP and can prepare shared volumes.',
    DOCS.init,
  ),
  'spec.initContainers.restartPolicy': e(
    'restartPolicy: Always on an init container (sidecar)',
    'A sidecar: an init container that keeps running beside the app containers.',
    'Since Kubernetes 1.28 (beta 1.29), an init container with restartPolicy: Always starts in init order and then keeps running; it is restarted when it exits and stopped after the app containers.',
    'Sidecars live in the same sandbox as the app: same IP, same localhost.',
    DOCS.sidecar,
  ),
  'spec.ephemeralContainers': e(
    'ephemeralContainers',
    'Debug containers added to a running pod (kubectl debug).',
    "They cannot be removed or restarted, have no ports or probes, and can target another container's process namespace.",
    "They join the existing sandbox: the best way to inspect a running pod's network from inside.",
    DOCS.ephemeral,
  ),
  'spec.restartPolicy': e(
    'restartPolicy',
    'Always (default), OnFailure or Never: what the kubelet does when a container exits.',
    'Always restarts every exit; OnFailure restarts only non-zero exits; Never leaves the container terminated. Restarts use the crash back-off (10 s doubling to 5 min).',
    'It restarts containers, never the sandbox: the restarted container rejoins the same sandbox and keeps the pod IP.',
    DOCS.restartPolicy,
  ),
  'spec.shareProcessNamespace': e(
    'shareProcessNamespace',
    'All containers of the pod share one PID namespace, with /pause as PID 1.',
    "Processes of every container are visible (and signalable) to the others, and the sandbox's pause process becomes PID 1.",
    'This is how the pause process becomes visible from inside the pod: `ps` shows /pause as PID 1.',
    DOCS.shareProcess,
  ),
  'spec.hostNetwork': e(
    'hostNetwork',
    "The pod uses the node's network namespace instead of its own.",
    'The pod IP is the node IP, container ports are opened on the node, and two such pods cannot use the same port on one node.',
    "The sandbox holds no IP of its own: it joins the node's namespace, so a recreated sandbox keeps the node IP.",
    DOCS.hostNamespaces,
  ),
  'spec.hostPID': e(
    'hostPID',
    'The pod sees every process of the node.',
    "Containers join the node's PID namespace; powerful and risky.",
    'The sandbox does not create its own PID namespace.',
    DOCS.hostNamespaces,
  ),
  'spec.hostIPC': e(
    'hostIPC',
    "The pod uses the node's IPC namespace (shared memory, semaphores).",
    "Containers can reach the node's System V IPC and POSIX message queues.",
    "The sandbox normally owns the pod's IPC namespace; here it does not.",
    DOCS.hostNamespaces,
  ),
  'spec.dnsPolicy': e(
    'dnsPolicy',
    "How the pod's /etc/resolv.conf is made: ClusterFirst (default), Default, ClusterFirstWithHostNet, None.",
    "ClusterFirst sends names to the cluster DNS; Default copies the node's resolver; with hostNetwork use ClusterFirstWithHostNet.",
    'resolv.conf is written for the sandbox and shared by every container.',
    DOCS.dns,
  ),
  'spec.containers.ports': e(
    'ports',
    "Ports a container listens on: informational, the sandbox's namespace is what really holds them.",
    'Listing a port does not open it; it names it for Services and tools. All containers share one port space: two containers cannot both listen on 8080.',
    "Ports belong to the sandbox's network namespace, so a restarted container gets its port back at the same IP.",
    DOCS.ports,
  ),
  'spec.containers.ports.hostPort': e(
    'hostPort',
    'Forwards a port of the node to this port of the pod.',
    "The runtime's port mapping (CNI portmap) sends node traffic on hostPort to the pod IP.",
    "The mapping points at the sandbox's IP: it survives container restarts, and is rebuilt with a new sandbox.",
    DOCS.ports,
  ),
  'spec.volumes': e(
    'volumes',
    'Storage defined for the whole pod, mounted into containers by name.',
    'Volumes live as long as the pod (emptyDir) or longer (persistent volumes). Containers choose them with volumeMounts.',
    'Volumes belong to the pod, not to a container instance: a restarted container finds its emptyDir files again.',
    DOCS.volumes,
  ),
  'spec.containers.volumeMounts': e(
    'volumeMounts',
    'Where a pod volume appears inside this container.',
    'Two containers mounting the same volume share its files.',
    'Survives container restarts because the volume belongs to the pod.',
    DOCS.volumes,
  ),
  'spec.runtimeClassName': e(
    'runtimeClassName',
    'Which container runtime handler runs this pod (runc, gVisor, Kata …).',
    'A RuntimeClass maps to a CRI handler; sandboxed runtimes run the pod in a VM or user-space kernel.',
    'The handler decides what the sandbox is: a pause container with runc, a whole VM with Kata.',
    DOCS.runtimeClass,
  ),
  'spec.terminationGracePeriodSeconds': e(
    'terminationGracePeriodSeconds',
    'How long containers get between SIGTERM and SIGKILL when stopped (default 30).',
    "On deletion the kubelet sends SIGTERM to each container's PID 1, waits this long, then SIGKILL (exit 137).",
    'The sandbox is stopped last, after every container has exited.',
    DOCS.termination,
  ),
  'spec.containers.livenessProbe': e(
    'livenessProbe',
    'If it fails, the kubelet kills the container and restarts it.',
    'Failing liveness checks end the instance (exit 137 or 143) and count as a restart with back-off.',
    'The restart is a new instance in the same sandbox: same IP.',
    DOCS.probes,
  ),
  'spec.containers.readinessProbe': e(
    'readinessProbe',
    'If it fails, the pod is removed from Service endpoints; the container keeps running.',
    'Readiness never restarts anything; it sets ready=false.',
    'The sandbox and IP are untouched; only traffic routing changes.',
    DOCS.probes,
  ),
  'spec.containers.startupProbe': e(
    'startupProbe',
    'Holds off liveness and readiness checks until the app has started.',
    'If it never succeeds within failureThreshold × periodSeconds, the container is killed and restarted.',
    'A restart is a new instance in the same sandbox.',
    DOCS.probes,
  ),
  'spec.containers.resources': e(
    'resources',
    'CPU and memory requests (scheduling) and limits (enforced by the kernel).',
    "A container over its memory limit is killed by the kernel's OOM killer: exit 137, reason OOMKilled.",
    "Limits apply to each container's cgroup; the pause container uses almost nothing.",
    DOCS.resources,
  ),
  'spec.containers.image': e(
    'image',
    'The container image the runtime starts.',
    'Pulled according to imagePullPolicy; failures show ErrImagePull and ImagePullBackOff.',
    'The sandbox has its own image: the pause image.',
    DOCS.images,
  ),
  'spec.containers.imagePullPolicy': e(
    'imagePullPolicy',
    'Always, IfNotPresent or Never: when the kubelet pulls the image.',
    'Never uses only images already on the node; a missing one gives ErrImageNeverPull.',
    'The sandbox is built before images are pulled: the pod has an IP even if its image never arrives.',
    DOCS.images,
  ),
  'status.podIP': e(
    'podIP',
    "The IP of the pod's network namespace: the pause sandbox holds it.",
    'Assigned by the CNI plugin when the sandbox is created, shared by every container of the pod.',
    'It survives container restarts because the sandbox does; a new sandbox usually means a new IP.',
    DOCS.podNetworking,
  ),
  'status.podIPs': e(
    'podIPs',
    'All IPs of the pod (IPv4 and IPv6 on dual-stack clusters).',
    'The first entry equals podIP.',
    "All of them belong to the sandbox's network namespace.",
    DOCS.podNetworking,
  ),
  'status.hostIP': e(
    'hostIP',
    'The IP of the node the pod runs on.',
    'With hostNetwork it is also the pod IP.',
    'The sandbox lives on this node.',
    DOCS.podLifecycle,
  ),
  'status.phase': e(
    'phase',
    "Pending, Running, Succeeded, Failed or Unknown: a summary of the pod's life.",
    'Running means the pod is bound and at least one container runs or is restarting; it does not mean healthy.',
    'Succeeded and Failed pods have had their sandbox torn down.',
    DOCS.podLifecycle,
  ),
  'status.conditions': e(
    'conditions',
    'Milestones of the pod: PodScheduled, PodReadyToStartContainers, Initialized, ContainersReady, Ready.',
    'Each has status True/False/Unknown with a last transition time.',
    "PodReadyToStartContainers is the sandbox's own condition.",
    DOCS.podConditions,
  ),
  'status.conditions.PodReadyToStartContainers': e(
    'PodReadyToStartContainers',
    'True once the sandbox exists and its network is configured (Kubernetes ≥ 1.29).',
    'The kubelet sets it False while it (re)creates the sandbox and True when containers can start; older clusters do not report it.',
    'The one condition that is about the sandbox itself: False→True again means a new sandbox.',
    DOCS.readyToStart,
  ),
  'status.containerStatuses': e(
    'containerStatuses',
    "The kubelet's report on each app container: state, lastState, restarts, ID.",
    'initContainerStatuses and ephemeralContainerStatuses hold the same for the other kinds.',
    'The sandbox has no entry here: Pod X-Ray derives it.',
    DOCS.containerStates,
  ),
  'status.containerStatuses.state': e(
    'state',
    'What the current instance is doing: waiting, running or terminated.',
    'waiting carries a reason (ContainerCreating, CrashLoopBackOff …); terminated carries exit code, reason and times.',
    'Each state is of one instance inside the sandbox.',
    DOCS.containerStates,
  ),
  'status.containerStatuses.lastState': e(
    'lastState',
    'How the previous instance ended: exit code, reason, start and finish.',
    'Only one previous instance is kept; Pod X-Ray remembers older ones it saw.',
    'The previous instance ran in the same sandbox (unless it was recreated).',
    DOCS.containerStates,
  ),
  'status.containerStatuses.restartCount': e(
    'restartCount',
    'How many times the kubelet restarted this container.',
    'Each restart is a new instance with a new container ID.',
    'Container restarts do not touch the sandbox: the IP stays.',
    DOCS.crashloop,
  ),
  'status.containerStatuses.containerID': e(
    'containerID',
    "The runtime's ID of the current instance (containerd://…).",
    'It changes on every restart; `crictl ps` on the node shows it.',
    'The sandbox has an ID of its own, which the API does not report.',
    DOCS.cri,
  ),
  'status.containerStatuses.ready': e(
    'ready',
    'Whether the container passes its readiness probe.',
    'Not ready pods are removed from Service endpoints.',
    'Readiness does not affect the sandbox.',
    DOCS.probes,
  ),
  'status.containerStatuses.started': e(
    'started',
    'Whether the startup probe (if any) has passed.',
    'Until then liveness and readiness are not checked.',
    'Does not affect the sandbox.',
    DOCS.probes,
  ),
};

const REASONS: Record<string, Entry> = {
  CrashLoopBackOff: e(
    'CrashLoopBackOff',
    'The container keeps exiting; the kubelet waits before starting it again.',
    'Not an error by itself: a waiting state between restarts. The delay doubles 10 s → 300 s and resets after 10 minutes of running. The cause is in the previous instance: its exit code and previous logs.',
    'The sandbox is untouched: the next instance rejoins it with the same IP.',
    DOCS.crashloop,
  ),
  Error: e(
    'Error',
    'The process exited with a non-zero code.',
    'The exit code says more (1 generic, 137 SIGKILL, 143 SIGTERM …).',
    'One instance ended; the sandbox stays.',
    DOCS.containerStates,
  ),
  OOMKilled: e(
    'OOMKilled',
    'The kernel killed the container for exceeding its memory limit.',
    'Exit 137. Raise the limit or fix the memory use.',
    "Only the container's cgroup was over; the sandbox survives.",
    DOCS.oom,
  ),
  Completed: e(
    'Completed',
    'The process exited with code 0.',
    'Normal for init containers and jobs; with restartPolicy Always it is restarted anyway.',
    'The sandbox stays while the pod runs.',
    DOCS.containerStates,
  ),
  ContainerCreating: e(
    'ContainerCreating',
    'The kubelet is preparing the container: sandbox, image, volumes.',
    "If it lasts, look at the pod's events (FailedCreatePodSandBox, FailedMount).",
    'The sandbox is created first; a pod stuck here may have no sandbox yet.',
    DOCS.podLifecycle,
  ),
  PodInitializing: e(
    'PodInitializing',
    'App containers wait for init containers to finish.',
    'Shown on app containers while init containers run.',
    'The sandbox already exists; init containers run in it.',
    DOCS.init,
  ),
  ImagePullBackOff: e(
    'ImagePullBackOff',
    'Pulling the image failed; the kubelet waits before trying again.',
    'Check the image name, tag and pull secrets.',
    'The sandbox is up (and has an IP) while the image is missing.',
    DOCS.imagePull,
  ),
  ErrImagePull: e(
    'ErrImagePull',
    'The last attempt to pull the image failed.',
    'Becomes ImagePullBackOff between attempts.',
    'The sandbox is up; only this container is missing.',
    DOCS.imagePull,
  ),
  ErrImageNeverPull: e(
    'ErrImageNeverPull',
    'imagePullPolicy is Never and the image is not on the node.',
    'Load the image onto the node or change the pull policy.',
    'The sandbox exists; this container can never start as configured.',
    DOCS.images,
  ),
  CreateContainerConfigError: e(
    'CreateContainerConfigError',
    "The container's configuration is invalid (missing ConfigMap or Secret key …).",
    'The message names what is missing.',
    'The sandbox is up; the container was never created.',
    DOCS.debugPods,
  ),
  RunContainerError: e(
    'RunContainerError',
    'The runtime could not start the container process.',
    'Often a wrong command or entrypoint.',
    'The sandbox is up.',
    DOCS.debugPods,
  ),
  ContainerCannotRun: e(
    'ContainerCannotRun',
    'The runtime created the container but its process could not run.',
    'Often a missing binary (exit 127) or permissions (126).',
    'The sandbox is up.',
    DOCS.debugPods,
  ),
  Evicted: e(
    'Evicted',
    'The kubelet evicted the pod to reclaim node resources.',
    'The pod is Failed; a controller may create a replacement elsewhere.',
    'The sandbox was torn down with the pod.',
    DOCS.eviction,
  ),
  DeadlineExceeded: e(
    'DeadlineExceeded',
    'The pod ran longer than activeDeadlineSeconds.',
    'The kubelet killed it; common for Jobs.',
    'The sandbox was torn down with the pod.',
    DOCS.jobs,
  ),
  SandboxChanged: e(
    'SandboxChanged',
    'The kubelet found the sandbox gone or changed and will build a new one.',
    '"Pod sandbox changed, it will be killed and re-created." Every container is killed and started again in the new sandbox.',
    'A new sandbox generation: usually a new pod IP.',
    DOCS.podLifecycle,
  ),
  FailedCreatePodSandBox: e(
    'FailedCreatePodSandBox',
    "The runtime could not create the pod's sandbox.",
    'Usually CNI (network) or pause image problems; the kubelet retries.',
    'Without a sandbox no container can start and the pod has no IP.',
    DOCS.debugPods,
  ),
};

// Fields, reasons and concepts of the newer pod anatomy (each with the Kubernetes version it needs).
Object.assign(FIELDS, MODERN_FIELDS);
Object.assign(REASONS, MODERN_REASONS);
Object.assign(CONCEPTS, MODERN_CONCEPTS);

const SIGNALS: Record<number, string> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  11: 'SIGSEGV',
  13: 'SIGPIPE',
  14: 'SIGALRM',
  15: 'SIGTERM',
};
export function signalName(n: number): string {
  return SIGNALS[n] ?? `signal ${n}`;
}

const EXIT: Record<number, Entry> = {
  0: e(
    'exit 0',
    'Success: the process finished normally.',
    'With restartPolicy Always it is restarted anyway; with OnFailure or Never it stays Completed.',
    'The sandbox is not affected.',
    DOCS.containerStates,
  ),
  1: e(
    'exit 1',
    'Generic failure reported by the process itself (not a signal).',
    'The application decided to exit with an error; its previous logs usually say why.',
    'One instance ended; the next rejoins the same sandbox.',
    DOCS.terminationMessage,
  ),
  2: e(
    'exit 2',
    'Misuse or invalid arguments (shell builtins, many CLIs).',
    'Often a bad command line or configuration.',
    'One instance ended; the sandbox stays.',
    DOCS.terminationMessage,
  ),
  126: e(
    'exit 126',
    'The command was found but could not be executed (permissions, not executable).',
    'Check file modes and the entrypoint.',
    'The sandbox stays.',
    DOCS.terminationMessage,
  ),
  127: e(
    'exit 127',
    'Command not found.',
    'The entrypoint or command does not exist in the image.',
    'The sandbox stays.',
    DOCS.terminationMessage,
  ),
};

/** Explain an exit code, including 128+n (killed by signal n). */
export function explainExit(code: number): Explanation {
  const known = EXIT[code];
  if (known) return { id: `exit:${code}`, ...known };
  if (code > 128 && code < 160) {
    const sig = code - 128;
    const name = signalName(sig);
    const why: Record<number, string> = {
      2: 'interrupted (Ctrl-C).',
      9: "killed by SIGKILL: by the kernel's OOM killer (reason OOMKilled), by the kubelet after the grace period, or by `kill -9`.",
      11: 'segmentation fault: the process accessed invalid memory.',
      15: 'terminated by SIGTERM: the polite stop signal the kubelet sends first when stopping a container.',
    };
    return {
      id: `exit:${code}`,
      title: `exit ${code}`,
      summary: `128 + ${sig}: the process was ended by ${name}.`,
      detail: `Exit codes above 128 mean the process died from signal (code − 128): ${why[sig] ?? `${name}.`}`,
      sandbox: 'A signal ends one container instance; the sandbox and the IP stay.',
      docs: DOCS.terminationMessage,
    };
  }
  return {
    id: `exit:${code}`,
    title: `exit ${code}`,
    summary: code < 0 ? 'Unknown exit code.' : `The process exited with code ${code}, chosen by the application.`,
    detail: 'Codes 1-125 are set by the program; 126/127 by the shell; above 128 by a signal.',
    sandbox: 'The sandbox stays.',
    docs: DOCS.terminationMessage,
  };
}

export function explainReason(reason: string): Explanation | undefined {
  const r = REASONS[reason];
  return r ? { id: `reason:${reason}`, ...r } : undefined;
}
export function explainField(path: string): Explanation | undefined {
  const f = FIELDS[path];
  return f ? { id: `field:${path}`, ...f } : undefined;
}
export function explainConcept(name: keyof typeof CONCEPTS | string): Explanation | undefined {
  const c = CONCEPTS[name];
  return c ? { id: `concept:${name}`, ...c } : undefined;
}

/** Every entry, for tests that check coverage and links. */
export function allExplanations(): Explanation[] {
  return [
    ...Object.entries(CONCEPTS).map(([k, v]) => ({ id: `concept:${k}`, ...v })),
    ...Object.entries(FIELDS).map(([k, v]) => ({ id: `field:${k}`, ...v })),
    ...Object.entries(REASONS).map(([k, v]) => ({ id: `reason:${k}`, ...v })),
    ...[0, 1, 2, 126, 127, 130, 137, 139, 143].map(explainExit),
  ];
}
export const FIELD_PATHS = Object.keys(FIELDS);
export const REASON_NAMES = Object.keys(REASONS);
