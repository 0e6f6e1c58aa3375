// The list of steps under the chart: every step as a button (keyboard and screen readers), the
// current one marked during replay.
import { clock, oneLine } from '../../src/model/format';
import type { AnatomySnapshot } from '../../src/webview/protocol';
import { button, el, setIcon } from './dom';
import { liveBadge, playBtn, tlList } from './page';
import { state } from './state';

export function renderSteps(s: AnatomySnapshot, onPick: (index: number) => void): void {
  tlList.textContent = '';
  s.timeline.forEach((st, i) => {
    const li = el('li', `tl-item tl-${st.kind}${st.exitCode !== undefined && st.exitCode !== 0 ? ' tl-error' : ''}`);
    const label = oneLine(st.label, 200);
    const b = button('', `${clock(st.at)} ${label}`, () => onPick(i));
    b.append(el('span', 'tl-time', clock(st.at)), el('span', 'tl-label', label));
    if (st.exitCode !== undefined) b.title = `${label}\n${s.explain.exits[st.exitCode] ?? ''}`;
    li.append(b);
    tlList.append(li);
  });
  highlight();
}

/** Marks the replay position, the live/replay badge and the play button. */
export function highlight(): void {
  const items = tlList.querySelectorAll('.tl-item');
  items.forEach((li, i) => li.classList.toggle('current', state.mode === 'replay' && i === state.frameIndex));
  liveBadge.textContent = state.mode === 'live' ? '● live' : `replay ${state.frameIndex + 1}/${items.length}`;
  liveBadge.classList.toggle('is-live', state.mode === 'live');
  setIcon(playBtn, state.playing ? 'pause' : 'play');
  playBtn.setAttribute('aria-label', state.playing ? 'Pause' : 'Replay the timeline');
  if (state.mode === 'replay') items[state.frameIndex]?.scrollIntoView?.({ block: 'nearest' });
}
