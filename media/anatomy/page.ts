// The page's skeleton, built once: header and controls, notice, the diagram's stage, the pod's
// actions, the timeline and the step list, and the live region. Handlers are wired in wiring.ts.
import { button, el, setIcon } from './dom';

const app = document.getElementById('app')!;
app.textContent = '';
app.removeAttribute('aria-busy');

export const header = el('header', 'top');
export const title = el('h1', 'title');
export const subtitle = el('span', 'subtitle');
export const liveBadge = el('span', 'live-badge', '● live');
liveBadge.setAttribute('role', 'status');
const controls = el('div', 'controls');
controls.setAttribute('role', 'toolbar');
controls.setAttribute('aria-label', 'Replay controls');
export const prevBtn = button('', 'Previous step', () => {}, 'btn icon');
export const playBtn = button('', 'Replay the timeline', () => {}, 'btn icon');
export const nextBtn = button('', 'Next step', () => {}, 'btn icon');
setIcon(prevBtn, 'prev');
setIcon(playBtn, 'play');
setIcon(nextBtn, 'next');
export const speedSel = el('select', 'speed');
speedSel.setAttribute('aria-label', 'Replay speed');
for (const s of [1, 2, 4]) {
  const o = el('option', undefined, `${s}x`);
  o.value = String(s);
  speedSel.append(o);
}
export const liveBtn = button('Live', 'Follow the cluster live', () => {}, 'btn live-btn');
controls.append(prevBtn, playBtn, nextBtn, speedSel, liveBtn);
const titleBox = el('div', 'title-box');
titleBox.append(title, subtitle);
header.append(titleBox, liveBadge, controls);

export const notice = el('div', 'notice');
notice.hidden = true;
notice.setAttribute('role', 'status');

// The diagram: the sandbox is the pod's network namespace and holds the containers' groups.
export const stage = el('section', 'stage');
stage.setAttribute('aria-label', 'The pod: containers inside the pause sandbox');
export const sandbox = el('div', 'sandbox');
sandbox.setAttribute('role', 'group');
const sbTitle = el('div', 'sb-title');
const sbName = el('span', 'sb-name', 'pause sandbox · network namespace');
export const sbGen = el('span', 'sb-gen');
export const ipBadge = el('span', 'ip-badge');
ipBadge.tabIndex = 0;
sbTitle.append(sbName, sbGen, ipBadge);
export const sbFacts = el('div', 'sb-facts');
export const groups = el('div', 'groups');
export const sbShared = el('div', 'sb-shared');
sandbox.append(sbTitle, sbFacts, groups, sbShared);
stage.append(sandbox);

export const podActions = el('div', 'pod-actions');
export const timelineBox = el('section', 'timeline');
timelineBox.setAttribute('aria-label', 'Timeline');
export const chart = el('div', 'chart');
export const stepsBox = el('details', 'steps');
const stepsHead = el('summary', undefined, 'Steps');
export const tlList = el('ol', 'tl-list');
stepsBox.open = true;
stepsBox.append(stepsHead, tlList);
timelineBox.append(el('h2', undefined, 'Timeline'), chart, stepsBox);
export const announce = el('div', 'sr-only');
announce.setAttribute('aria-live', 'polite');
app.append(header, notice, stage, podActions, timelineBox, announce);
export { app };
