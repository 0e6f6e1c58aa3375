// Pure texts of the anatomy page's container cards (no DOM): the back-off countdown label and
// the container's own message (termination or waiting message), neutralised by the one rule.
import { oneLine } from './format';
import { lastTerminationOrdinal } from './lastState';

const COUNTDOWN = / · (next start in \d+s|back-off over, restart due)$/;

/**
 * The state line while a back-off counts down. Idempotent: fed its own output it gives the same
 * text, so a tick can never make it grow. Once the back-off is over it says the restart is due,
 * not that it happens: a node that never restarts the container leaves it due.
 */
export function countdownText(base: string, leftMs: number): string {
  const b = base.replace(COUNTDOWN, '');
  return leftMs > 0 ? `${b} · next start in ${Math.ceil(leftMs / 1000)}s` : `${b} · back-off over, restart due`;
}

export interface CardMessage {
  /** One line, bidi and control characters neutralised, cut at `max`. */
  short: string;
  /** The whole message, same rule applied line by line (line breaks kept), never cut. */
  full: string;
  cut: boolean;
}

export function cardMessage(why: string | undefined, max = 300): CardMessage | undefined {
  if (!why) return undefined;
  const short = oneLine(why, max);
  const full = why
    .split(/\r\n|\r|\n/)
    .map(l => oneLine(l, Infinity))
    .join('\n')
    .trim();
  return { short, full, cut: short !== oneLine(why, Infinity) };
}

/** What a card needs of its container to say why an instance ended. */
export interface CardWhySource {
  restartCount: number;
  state?: string;
  stateMessage?: string;
  containerId?: string;
  termination?: { message?: string };
  lastTermination?: { message?: string; containerId?: string };
}

/**
 * The message a card shows: the current instance's own termination message, else the previous
 * instance's (named as such: under a running instance it would read as the running one's), else
 * a waiting message.
 */
export function cardWhy(c: CardWhySource): string | undefined {
  if (c.termination?.message) return c.termination.message;
  if (c.lastTermination?.message) return `#${lastTerminationOrdinal(c)} ended: ${c.lastTermination.message}`;
  return c.state === 'waiting' ? c.stateMessage : undefined;
}
