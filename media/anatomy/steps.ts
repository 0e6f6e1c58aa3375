// The list of steps under the chart: each step a button (keyboard and screen readers), the
// current one marked during replay. A long history lists the 200 steps around the position;
// the chart shows them all.
import { clock, oneLine } from '../../src/model/format';
import type { AnatomySnapshot } from '../../src/webview/protocol';
import { button, el, setIcon } from './dom';
import { liveBadge, playBtn, tlList } from './page';
import { state, stepKey } from './state';

const SHOWN = 200;
let shownFrom = 0;
let pickStep: (index: number) => void = () => {};
/** The steps the list shows now: a snapshot that leaves them unchanged leaves the list's DOM alone. */
let drawn = '';

export function renderSteps(s: AnatomySnapshot, onPick: (index: number) => void): void {
  pickStep = onPick;
  const n = s.timeline.length;
  const at = state.mode === 'replay' ? state.frameIndex : n - 1;
  shownFrom = Math.max(0, Math.min(at - SHOWN / 2, n - SHOWN));
  const slice = s.timeline.slice(shownFrom, shownFrom + SHOWN);
  const sig = `${shownFrom}|${slice.map(st => `${stepKey(st)}|${st.label}|${st.why ?? ''}`).join('\n')}`;
  if (sig === drawn) return highlight();
  drawn = sig;
  tlList.textContent = '';
  if (shownFrom > 0) tlList.append(el('li', 'tl-more', `${shownFrom} earlier steps: step back or use the chart`));
  slice.forEach((st, k) => {
    const i = shownFrom + k;
    const li = el('li', `tl-item tl-${st.kind}${st.exitCode !== undefined && st.exitCode !== 0 ? ' tl-error' : ''}`);
    li.dataset.index = String(i);
    const label = oneLine(st.label, 200);
    const b = button('', `${clock(st.at)} ${label}`, () => pickStep(i));
    b.append(el('span', 'tl-time', clock(st.at)), el('span', 'tl-label', label));
    const exit = st.exitCode !== undefined ? s.explain.exits[st.exitCode] : undefined;
    b.title = [label, st.why, exit].filter(Boolean).join('\n'); // the evidence behind the step
    li.append(b);
    tlList.append(li);
  });
  highlight();
}

/** Marks the replay position, the live/replay badge and the play button. */
export function highlight(): void {
  const n = state.snap?.timeline.length ?? 0;
  const i = state.frameIndex;
  if (state.snap && state.mode === 'replay' && i >= 0 && i < n && (i < shownFrom || i >= shownFrom + SHOWN))
    return renderSteps(state.snap, pickStep);
  tlList.querySelector('.tl-item.current')?.classList.remove('current');
  const cur = state.mode === 'replay' ? tlList.querySelector(`.tl-item[data-index="${i}"]`) : null;
  cur?.classList.add('current');
  const now = state.snap?.recorded ? '● recorded, not live' : '● live';
  liveBadge.textContent = state.mode === 'live' ? now : `replay ${i + 1}/${n}`;
  liveBadge.title = state.snap?.recorded ? `The built-in demo: pods ${state.snap.recorded}, replayed.` : '';
  liveBadge.classList.toggle('is-live', state.mode === 'live');
  setIcon(playBtn, state.playing ? 'pause' : 'play');
  playBtn.setAttribute('aria-label', state.playing ? 'Pause' : 'Replay the timeline');
  cur?.scrollIntoView?.({ block: 'nearest' });
}
