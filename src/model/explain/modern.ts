// Catalog entries for the pod anatomy of Kubernetes 1.25-1.37 (sidecars' order, per-container
// restart rules, in-place restarts and resizes, user namespaces, stop signals …). Part of the ONE
// catalog: catalog.ts merges these into its fields, reasons and concepts. Each entry says which
// Kubernetes version (and feature gate) it needs, so older clusters are not promised it.
import { DOCS } from './docs';
import { Explanation } from './types';

type Entry = Omit<Explanation, 'id'>;

/** "Kubernetes 1.34 alpha (gate ContainerRestartRules), 1.35 beta on by default." */
export const NEEDS_PREFIX = 'Needs Kubernetes';

const e = (title: string, summary: string, detail: string, sandbox: string, docs: string, needs: string): Entry => ({
  title,
  summary,
  detail: `${detail} ${NEEDS_PREFIX} ${needs}`,
  sandbox,
  docs,
});

export const MODERN_FIELDS: Record<string, Entry> = {
  'spec.containers.restartPolicy': e(
    'restartPolicy of one container',
    "This container's own restart policy (Always, OnFailure, Never), overriding the pod's.",
    'A regular container may set its own restartPolicy; it must when it has restartPolicyRules. On an init container, Always makes it a sidecar instead.',
    'Like the pod policy it restarts the container, never the sandbox: the new instance rejoins the same sandbox and IP.',
    DOCS.restartPolicy,
    '1.34 alpha (feature gate ContainerRestartRules), 1.35 beta on by default; older API servers drop the field.',
  ),
  'spec.containers.restartPolicyRules': e(
    'restartPolicyRules',
    "Rules checked on each exit, in order: the first whose exit codes match decides; otherwise the container's restartPolicy does.",
    'Each rule has an action (Restart, or RestartAllContainers) and exitCodes {operator: In | NotIn, values}. E.g. restartPolicy Never with a rule "Restart when exit code in {42}" retries only exit 42. Pod X-Ray shows, for each exit, which rule matched.',
    'Restart replaces one container in the same sandbox; RestartAllContainers restarts every container in place: same sandbox, IP, UID and volumes, init containers run again.',
    DOCS.restartPolicy,
    '1.34 alpha (ContainerRestartRules), 1.35 beta on by default; the RestartAllContainers action 1.35 alpha (RestartAllContainersOnContainerExits), 1.36 beta.',
  ),
  'spec.containers.resizePolicy': e(
    'resizePolicy',
    'Per resource (cpu, memory): NotRequired (resize the running container) or RestartContainer (restart it to apply).',
    'When the pod’s resources are changed in place (the resize subresource), the kubelet applies each resource per this policy. The status then shows desired (spec) vs allocated (allocatedResources) vs actual (resources).',
    'Neither choice touches the sandbox; RestartContainer makes a new instance in the same sandbox, with the same IP.',
    DOCS.resize,
    '1.27 alpha (InPlacePodVerticalScaling), 1.33 beta on by default, 1.35 GA.',
  ),
  'spec.containers.lifecycle.stopSignal': e(
    'lifecycle.stopSignal',
    'The signal the kubelet sends first when it stops this container, instead of the image’s STOPSIGNAL or SIGTERM.',
    'After the signal the container has terminationGracePeriodSeconds to exit before SIGKILL. status.containerStatuses[].stopSignal reports the signal that is really used. The pod must set spec.os.name.',
    'Stopping a container does not stop the sandbox; the sandbox is stopped last, when the pod goes.',
    DOCS.termination,
    '1.33 alpha (feature gate ContainerStopSignals, off by default).',
  ),
  'spec.containers.lifecycle.preStop.sleep': e(
    'lifecycle preStop sleep',
    'A built-in hook: the kubelet waits this many seconds before sending the stop signal.',
    'Gives load balancers time to stop sending traffic, without a sleep binary in the image. It counts against terminationGracePeriodSeconds.',
    'The sandbox, and with it the pod IP, stays until every container has stopped.',
    DOCS.lifecycleHooks,
    '1.29 alpha (PodLifecycleSleepAction), 1.30 beta on by default, GA since; 0 seconds allowed from 1.32 (beta 1.33).',
  ),
  'spec.containers.lifecycle.postStart.sleep': e(
    'lifecycle postStart sleep',
    'A built-in hook: the kubelet waits this many seconds after starting the container before it counts as started.',
    'The container is not marked running-and-started until the hook returns.',
    'The container already runs inside the sandbox while the hook waits.',
    DOCS.lifecycleHooks,
    '1.29 alpha (PodLifecycleSleepAction), 1.30 beta on by default, GA since.',
  ),
  'spec.containers.volumeMounts.recursiveReadOnly': e(
    'recursiveReadOnly',
    'Disabled, IfPossible or Enabled: whether a readOnly mount is read-only in its sub-mounts too.',
    'readOnly alone leaves sub-mounts writable. Enabled fails the container if the runtime cannot do it; IfPossible falls back. status.containerStatuses[].volumeMounts says what was really mounted (Enabled or Disabled).',
    'Volumes belong to the pod, not the instance: the mount comes back the same after a restart.',
    DOCS.volumes,
    '1.30 alpha (RecursiveReadOnlyMounts), 1.31 beta, 1.33 GA; needs a runtime that supports it (containerd ≥ 2.0).',
  ),
  'spec.hostUsers': e(
    'hostUsers',
    'false: the pod gets its own user namespace; root inside is an unprivileged user on the node.',
    "UIDs and GIDs inside the pod are mapped to a high, unique range on the node. Unset or true: the pod shares the node's user namespace. If the node cannot do it, the pod does not start (an event says why).",
    'The sandbox creates the user namespace with the other namespaces; every container joins it.',
    DOCS.userNamespaces,
    '1.25 alpha (UserNamespacesSupport), 1.33 beta on by default, 1.36 GA; Linux ≥ 6.3 and a runtime that supports it.',
  ),
  'spec.resources': e(
    'resources (pod level)',
    'CPU and memory for the whole pod, shared by its containers.',
    'Pod-level requests and limits bound the pod cgroup; containers without their own limits share it. status.resources shows what the kubelet applied.',
    "They size the pod's cgroup, which holds the sandbox and all its containers.",
    DOCS.podLevelResources,
    '1.32 alpha (PodLevelResources), 1.34 beta on by default; resizing them in place 1.35 alpha, 1.36 beta.',
  ),
  'status.resources': e(
    'resources (pod status)',
    "What the kubelet applied to the pod's cgroup.",
    'A huge memory limit (about 8 EiB) is the cgroup maximum: no limit.',
    'The pod cgroup holds the sandbox and every container.',
    DOCS.podLevelResources,
    '1.32 (PodLevelResources) or with in-place resize.',
  ),
  'status.containerStatuses.allocatedResources': e(
    'allocatedResources',
    'The requests the kubelet has accepted for this container: between what the spec asks and what runs.',
    'After an in-place resize the spec changes first, then allocatedResources (the node has room), then resources (the runtime applied it).',
    'A resize does not touch the sandbox.',
    DOCS.resize,
    '1.27 alpha (InPlacePodVerticalScaling), 1.33 beta, 1.35 GA.',
  ),
  'status.containerStatuses.resources': e(
    'resources (container status)',
    'The requests and limits the runtime really applied to the running container.',
    'When they differ from the spec, a resize is pending or in progress.',
    'A resize does not touch the sandbox.',
    DOCS.resize,
    '1.27 alpha (InPlacePodVerticalScaling), 1.33 beta, 1.35 GA.',
  ),
  'status.containerStatuses.user': e(
    'user',
    'The UID, GID and groups the first process of the container started with.',
    'With hostUsers: false these are IDs inside the pod’s user namespace, not on the node. The process may change them later if it may.',
    'Every container of the pod shares the sandbox’s user namespace.',
    DOCS.securityContext,
    '1.31 alpha (SupplementalGroupsPolicy), 1.33 beta, 1.35 GA.',
  ),
  'status.containerStatuses.volumeMounts': e(
    'volumeMounts (status)',
    'The mounts as the kubelet really made them, including whether read-only is recursive.',
    'recursiveReadOnly here is Enabled or Disabled: what IfPossible turned into.',
    'Volumes belong to the pod, not the instance.',
    DOCS.volumes,
    '1.30 (RecursiveReadOnlyMounts).',
  ),
  'status.containerStatuses.stopSignal': e(
    'stopSignal (status)',
    "The signal the kubelet will send first to stop this container: lifecycle.stopSignal, else the image's, else SIGTERM.",
    'Exit 128 + that signal number means it stopped from this signal without handling it.',
    'Stopping a container leaves the sandbox.',
    DOCS.termination,
    '1.33 alpha (ContainerStopSignals).',
  ),
  'status.hostIPs': e(
    'hostIPs',
    'Every IP of the node the pod runs on (IPv4 and IPv6 on dual-stack nodes).',
    'The first equals hostIP.',
    'The sandbox lives on this node.',
    DOCS.dualStack,
    '1.28 beta on by default, 1.30 GA.',
  ),
  'status.observedGeneration': e(
    'observedGeneration',
    'The pod spec generation the kubelet has acted on: compare with metadata.generation.',
    'When it is behind, the kubelet has not yet acted on the latest change (e.g. a resize). Each condition carries one too.',
    'A spec change handled in place leaves the sandbox alone.',
    DOCS.podLifecycle,
    '1.33 alpha (PodObservedGenerationTracking), 1.34 beta, 1.35 GA.',
  ),
  'status.conditions.PodResizePending': e(
    'PodResizePending',
    'The spec asks for new resources the kubelet has not allocated: reason Deferred (not now) or Infeasible (never on this node).',
    'Deferred resizes are retried when resources free up; Infeasible ones wait for a spec change.',
    'The containers keep running with their old resources in the same sandbox.',
    DOCS.resize,
    '1.33 (replaces status.resize).',
  ),
  'status.conditions.PodResizeInProgress': e(
    'PodResizeInProgress',
    'The kubelet has allocated new resources and is applying them (reason Error when that failed).',
    'Present while allocated and actual resources differ.',
    'Only containers with resizePolicy RestartContainer restart; the sandbox stays.',
    DOCS.resize,
    '1.33 (replaces status.resize).',
  ),
  'status.conditions.AllContainersRestarting': e(
    'AllContainersRestarting',
    'True while the kubelet restarts every container of the pod in place (a RestartAllContainers rule matched).',
    'Old instances end with reason RestartingAllContainers (exit 137), init containers run again, then the app containers start. Some earlier builds call the condition PodRestartInPlace.',
    'Not a new sandbox: the sandbox, IP, UID and volumes stay. Pod X-Ray counts it as a restart round, not a sandbox generation.',
    DOCS.restartPolicy,
    '1.35 alpha (RestartAllContainersOnContainerExits), 1.36 beta on by default.',
  ),
};
// The other name seen in the wild for the same condition.
MODERN_FIELDS['status.conditions.PodRestartInPlace'] = MODERN_FIELDS['status.conditions.AllContainersRestarting'];

export const MODERN_REASONS: Record<string, Entry> = {
  RestartingAllContainers: e(
    'RestartingAllContainers',
    'The kubelet removed this instance to restart all containers of the pod in place.',
    'A container exit matched a RestartAllContainers rule. Every instance ends with exit 137 and this reason (without start or finish times); init containers run again, then the rest.',
    'The sandbox stays: same IP, UID and volumes. A restart round, not a new sandbox generation.',
    DOCS.restartPolicy,
    '1.35 alpha (RestartAllContainersOnContainerExits), 1.36 beta.',
  ),
};

export const MODERN_CONCEPTS: Record<string, Entry> = {
  'sidecar-order': e(
    'Sidecar start and stop order',
    'Sidecars start in init order and keep running; they stop after the app containers, in reverse order.',
    'The next init container (or the app containers) starts as soon as the sidecar has started (its startupProbe passed), not when it exits. On shutdown the kubelet stops the app containers first, then the sidecars, last started first stopped.',
    'All of them share the one sandbox: same IP and localhost.',
    DOCS.sidecar,
    '1.28 alpha (SidecarContainers), 1.29 beta on by default, 1.33 GA.',
  ),
  'restart-in-place': e(
    'Restart round (all containers, in place)',
    'Every container restarted together in the same sandbox: not a sandbox recreation.',
    'A RestartAllContainers rule matched an exit: the kubelet killed every container, ran the init containers again and started the rest, keeping the sandbox.',
    'The sandbox, IP, pod UID and volumes stay: the generation does not change.',
    DOCS.restartPolicy,
    '1.35 alpha (RestartAllContainersOnContainerExits), 1.36 beta.',
  ),
};
