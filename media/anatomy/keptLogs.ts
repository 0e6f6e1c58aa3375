// The kept logs of the instance shown in the details panel (issues 19, 20): whether they were kept,
// the kept tail (text only, in a scrollable <pre>), "Open in editor" (Show Instance Logs for exactly
// this instance), or why capture failed. Asked of the host through the protocol; built once per
// instance and state, so the details' redraws every second never reset the scroll or refetch.
import type { KeptLogState, KeptLogsPayload } from '../../src/webview/protocol';
import type { InstanceRecord } from '../../src/model/history';
import { clock } from '../../src/model/format';
import { button, el } from './dom';
import { requestKeptLogs, requestOpenInstanceLogs } from './host';

export const keptLogsBox = el('section', 'kept-logs');
keptLogsBox.setAttribute('aria-label', 'Kept logs of this instance');
keptLogsBox.hidden = true;
/** What the box shows now: instance and state; a change asks the host again. */
let shown = '';

const head = (t: string) => el('h4', 'kept-head', t);
const note = (t: string, cls = 'kept-note') => el('p', cls, t);

/** Shows the kept logs of this instance (undefined: none selected); `states` is the snapshot's map. */
export function showKeptLogs(i: InstanceRecord | undefined, running: boolean, states?: Record<string, KeptLogState>) {
  if (!i) {
    keptLogsBox.hidden = true;
    shown = '';
    return;
  }
  const id = i.containerId;
  const st = (id && states?.[id]) || 'none';
  const key = `${i.container}#${i.ordinal}@${id ?? ''}|${running ? 'running' : st}`;
  keptLogsBox.hidden = false;
  if (key === shown) return;
  shown = key;
  if (!id) {
    keptLogsBox.replaceChildren(
      head('Logs'),
      note('No container ID in its status: no logs can be tied to this instance.'),
    );
    return;
  }
  if (running) {
    keptLogsBox.replaceChildren(head('Logs'), note('Running: its logs are kept when it ends. Logs shows them live.'));
    return;
  }
  keptLogsBox.replaceChildren(head('Kept logs'), note('Reading…'));
  void requestKeptLogs(id).then(r => {
    if (shown === key) render(r, id);
  });
}

function render(r: KeptLogsPayload, containerId: string): void {
  const open = button(
    'Open in editor',
    'Open these kept logs in an editor (Show Instance Logs)',
    () => {
      void requestOpenInstanceLogs(containerId);
    },
    'btn small',
  );
  if (r.state === 'capturing') {
    keptLogsBox.replaceChildren(head('Kept logs'), note('Being fetched now: they appear here when kept.'));
    return;
  }
  if (r.state === 'none') {
    keptLogsBox.replaceChildren(
      head('Kept logs'),
      note(
        'None kept. Pod X-Ray did not see this instance end (it ended before watching started, or ' +
          'crash-log keeping is off), and the kubelet keeps only the last.',
      ),
    );
    return;
  }
  if (r.state === 'failed') {
    keptLogsBox.replaceChildren(
      head('Kept logs'),
      note(`Not kept: ${r.why ?? 'no reason recorded'}.`, 'kept-note kept-failed'),
      open,
    );
    return;
  }
  const total = r.lines ?? 0;
  const showing = r.shownLines ?? 0;
  const facts = [
    total === 0
      ? 'kept, no lines: it printed nothing'
      : showing < total
        ? `last ${showing} of ${total} lines`
        : `${total} line${total === 1 ? '' : 's'}`,
    r.keptAt ? `kept ${clock(r.keptAt)}` : '',
  ].filter(Boolean);
  const parts: HTMLElement[] = [head('Kept logs'), note(facts.join(' · '))];
  if (r.cutStart) parts.push(note('Older lines were dropped at capture to fit the size limit.'));
  if (r.endMayBeMissing) parts.push(note("The server's byte limit was reached: the last lines may be missing."));
  if (total) {
    const pre = el('pre', 'kept-text');
    pre.tabIndex = 0; // scrollable by keyboard
    pre.setAttribute('aria-label', 'Kept log lines');
    pre.textContent = r.tail ?? ''; // cluster text: a text node, never markup
    parts.push(pre);
    // The newest lines first in view; read once per instance, on the next frame, not while drawing.
    requestAnimationFrame(() => (pre.scrollTop = pre.scrollHeight));
  }
  parts.push(open);
  keptLogsBox.replaceChildren(...parts);
}
