// Live and replay: stepping, playing, following the cluster, and playing new steps as they come.
import { clock, oneLine } from '../../src/model/format';
import { framesOf, TimelineStep } from '../../src/model/timeline';
import type { AnatomySnapshot } from '../../src/webview/protocol';
import { sleep } from './dom';
import { announce } from './page';
import { renderFrame } from './render';
import { frames, liveFrame, state } from './state';
import { highlight } from './steps';

/** Told where the diagram stands: a step's time in replay, undefined when live. */
const cursorListeners: ((at: string | undefined) => void)[] = [];
export const onCursor = (f: (at: string | undefined) => void) => cursorListeners.push(f);
const cursorMoved = (at: string | undefined) => cursorListeners.forEach(f => f(at));

export function showReplay(animate: boolean): void {
  const fs = frames();
  if (!fs.length) return;
  state.frameIndex = Math.max(0, Math.min(state.frameIndex, fs.length - 1));
  renderFrame(fs[state.frameIndex], animate);
  const ch = fs[state.frameIndex].change;
  if (ch) announce.textContent = `${clock(ch.at)}: ${oneLine(ch.label, 200)}`;
  cursorMoved(ch?.at);
  highlight();
}

/** Jumps to one step (a click in the list or on the chart). */
export function pick(index: number): void {
  pause();
  state.resumable = false;
  state.mode = 'replay';
  state.frameIndex = index;
  showReplay(false);
}

export function step(d: number): void {
  pause();
  state.resumable = false;
  if (state.mode === 'live') {
    state.mode = 'replay';
    state.frameIndex = frames().length - 1;
  }
  state.frameIndex += d;
  showReplay(true);
}

export function pause(): void {
  state.playing = false;
  highlight();
}

export async function togglePlay(): Promise<void> {
  if (state.playing) {
    pause();
    state.resumable = true;
    return;
  }
  state.playing = true;
  // Replay means the whole timeline from its first step, wherever stepping left us; only a
  // replay paused midway resumes where it stopped.
  if (!state.resumable || state.mode === 'live' || state.frameIndex >= frames().length - 1) {
    state.mode = 'replay';
    state.frameIndex = -1;
  }
  state.resumable = false;
  highlight();
  // One loop at a time: a pause and a quick play again must not leave the old loop stepping too.
  const run = ++state.playRun;
  while (state.playing && run === state.playRun && state.frameIndex < frames().length - 1) {
    state.frameIndex++;
    showReplay(true);
    await sleep(1400 / state.speed);
  }
  if (run !== state.playRun) return;
  state.playing = false;
  highlight();
}

export function goLive(): void {
  pause();
  state.resumable = false;
  state.mode = 'live';
  state.frameIndex = -1;
  if (state.snap) renderFrame(liveFrame(state.snap), true);
  cursorMoved(undefined);
  highlight();
}

/** New steps since the last snapshot are played one by one, then the live state. */
export async function animateNew(s: AnatomySnapshot, fresh: TimelineStep[]): Promise<void> {
  const fs = framesOf(s.timeline, s.anatomy.containers);
  for (const st of fresh) {
    const i = s.timeline.indexOf(st);
    if (i < 0 || state.mode !== 'live' || state.snap !== s) break;
    renderFrame(fs[i], true);
    const keeps = st.kind === 'container-exited' && s.current.podIP ? `; the sandbox keeps IP ${s.current.podIP}` : '';
    announce.textContent = `${clock(st.at)}: ${oneLine(st.label, 200)}${keeps}`;
    await sleep(900 / state.speed);
  }
  if (state.mode === 'live' && state.snap === s) renderFrame(liveFrame(s), true);
}
