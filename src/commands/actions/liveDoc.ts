// Live documents (events, manifest) that follow the pod in the store until they are closed.
import * as vscode from 'vscode';
import { PodTarget } from '../../cluster/targets';
import { PodDocuments } from '../../views/documents';
import { ActionDeps } from './action';

/** A document rendered now and again on every store change of the kinds named, until it is closed. */
export function liveDoc(
  d: ActionDeps,
  t: PodTarget,
  kind: string,
  ext: string,
  render: (t: PodTarget) => string,
  kinds: string[],
  title: string,
): vscode.Uri {
  const uri = PodDocuments.uri(kind, [t.context, t.namespace, t.anatomy.name], ext, title);
  d.docs.set(uri, render(t));
  const off = t.session.store.onChange(c => {
    if ('uid' in c && c.uid === t.uid && kinds.includes(c.kind)) d.docs.set(uri, render(t));
  });
  d.docs.own(uri, off);
  return uri;
}
