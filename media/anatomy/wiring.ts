// Wiring: host messages to the state and the drawing, controls and keys to live/replay.
import type { HostMessage } from '../../src/webview/protocol';
import { reducedMotion } from './dom';
import { listen, saveState, send } from './host';
import { app, liveBtn, nextBtn, notice, playBtn, prevBtn, speedSel } from './page';
import { renderFrame, renderStatic, tick } from './render';
import { animateNew, goLive, onCursor, pick, showReplay, step, togglePlay } from './replay';
import { liveFrame, state, stepKey } from './state';
import { renderSteps } from './steps';
import { initTimeline, setCursor, snapshotArrived } from './timeline';
import { requestAction } from './host';

type Shown = Exclude<HostMessage, { type: 'actionReply' | 'keptLogsReply' }>;
const redrawHooks: (() => void)[] = [];
/** Called after every snapshot is drawn (the timeline chart hooks in here). */
export const onSnapshot = (f: () => void) => redrawHooks.push(f);

function showNotice(m: Extract<Shown, { type: 'gone' | 'status' }>): void {
  notice.hidden = false;
  notice.className = `notice ${m.type === 'gone' ? 'gone' : m.severity}`;
  notice.textContent = m.message;
  app.classList.toggle('is-gone', m.type === 'gone');
}

function receive(m: Shown): void {
  if (m.type !== 'snapshot') return showNotice(m);
  const first = !state.snap;
  const s = (state.snap = m.snapshot);
  notice.hidden = true;
  app.classList.remove('is-gone');
  state.clockOffset = s.now - Date.now();
  const a = s.anatomy;
  saveState({ context: s.context, namespace: a.namespace, name: a.name, uid: a.uid });
  renderStatic(s);
  renderSteps(s, pick);
  redrawHooks.forEach(f => f());
  const fresh = s.timeline.filter(st => !state.seenSteps.has(stepKey(st)));
  state.seenSteps = new Set(s.timeline.map(stepKey));
  if (state.mode === 'replay') return showReplay(false);
  if (first || !fresh.length || reducedMotion()) return renderFrame(liveFrame(s), !first);
  state.animating = state.animating.then(() => animateNew(s, fresh));
}

/** A time picked on the chart: the diagram shows the pod after the last step at or before it. */
function pickTime(t: number): void {
  const steps = state.snap?.timeline ?? [];
  let i = -1;
  steps.forEach((st, k) => {
    if (Date.parse(st.at) <= t) i = k;
  });
  if (i >= 0) pick(i);
}

export function start(): void {
  prevBtn.addEventListener('click', () => step(-1));
  playBtn.addEventListener('click', () => void togglePlay());
  nextBtn.addEventListener('click', () => step(1));
  liveBtn.addEventListener('click', () => goLive());
  speedSel.addEventListener('change', () => {
    state.speed = Number(speedSel.value) || 1;
  });
  document.addEventListener('keydown', e => {
    const t = e.target as HTMLElement;
    // Keys inside the chart and the select are theirs.
    if (t.tagName === 'SELECT' || t.closest?.('.chart')) return;
    if (e.key === 'ArrowLeft') step(-1);
    else if (e.key === 'ArrowRight') step(1);
    else if (e.key === 'l' || e.key === 'L') goLive();
  });
  document.addEventListener('securitypolicyviolation', e =>
    send({ type: 'csp', directive: e.violatedDirective, blocked: String(e.blockedURI).slice(0, 200) }),
  );
  setInterval(tick, 500);
  onSnapshot(snapshotArrived);
  onCursor(setCursor);
  initTimeline(pickTime, (action, container) => void requestAction(action, container));
  listen(receive);
  send({ type: 'ready' });
}
