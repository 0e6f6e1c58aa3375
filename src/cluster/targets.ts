// A reference resolved against a live session: the pod (and container) a command acts on.
import { ContainerAnatomy, PodAnatomy } from '../model/anatomy';
import { ClusterSession } from './session';

export interface PodTarget {
  session: ClusterSession;
  context: string;
  namespace: string;
  uid: string;
  anatomy: PodAnatomy;
}

export interface ContainerTarget extends PodTarget {
  container: ContainerAnatomy;
}
