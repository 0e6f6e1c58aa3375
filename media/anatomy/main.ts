// Pod anatomy webview, the entry point. Modules: dom (helpers), host (protocol side), state,
// page (skeleton), render (the diagram), steps (the step list), replay, wiring.
// Cluster strings only ever reach the DOM through textContent / title properties.
import { start } from './wiring';

start();
