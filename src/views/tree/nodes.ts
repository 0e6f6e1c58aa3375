// Every kind of row of the Pods tree: commands and tests narrow on `type`.
import type { ContainerNode } from './containerNode';
import type { ContextNode } from './contextNode';
import type { InstanceNode } from './instanceNode';
import type { MessageNode } from './messageNode';
import type { NamespaceNode } from './namespaceNode';
import type { PodNode } from './podNode';
import type { SandboxNode } from './sandboxNode';

export type Node = ContextNode | NamespaceNode | PodNode | SandboxNode | ContainerNode | InstanceNode | MessageNode;
