// Live documents (events, manifest) that follow the pod in the store until they are closed.
import * as vscode from 'vscode';
import { PodTarget } from '../../cluster/targets';
import { PodDocuments } from '../../views/documents';
import { ActionDeps } from './action';

/**
 * A document rendered now and again on every store change of the kinds named, until it is closed.
 * Resolves with its URI once the first text is there.
 */
export async function liveDoc(
  d: ActionDeps,
  t: PodTarget,
  kind: string,
  ext: string,
  render: (t: PodTarget) => string | Promise<string>,
  kinds: string[],
  title: string,
): Promise<vscode.Uri> {
  const uri = PodDocuments.uri(kind, [t.context, t.namespace, t.anatomy.name], ext, title);
  // A render may fetch (the manifest): only the latest one started is shown, never an older answer.
  let started = 0,
    shown = 0;
  const draw = async () => {
    const mine = ++started;
    const text = await render(t);
    if (mine > shown) {
      shown = mine;
      d.docs.set(uri, text);
    }
  };
  const off = t.session.store.onChange(c => {
    if ('uid' in c && c.uid === t.uid && kinds.includes(c.kind)) void draw();
  });
  d.docs.own(uri, off);
  await draw();
  return uri;
}
