// An interactive terminal in VS Code over a pod's TTY stream (attach or exec): a Pseudoterminal
// whose output is a resizable stream (client-node sends its rows/columns on the resize channel) and
// whose input goes to the container's stdin. Keeps a bounded transcript (tests and the session list).
import { PassThrough, Writable } from 'stream';
import { StringDecoder } from 'string_decoder';
import * as vscode from 'vscode';

/** What a terminal connects through; `ended` settles when the container side closes. */
export interface PodStream {
  close(): void;
  ended: Promise<{ ok: boolean; message?: string }>;
}
export type ConnectPod = (io: { output: Writable; input: PassThrough }) => Promise<PodStream>;

export interface PodTerminalInfo {
  context: string;
  namespace: string;
  pod: string;
  container: string;
  kind: 'debug' | 'shell';
  /** First lines written before the stream's output (e.g. "Attached to …"). */
  banner?: string;
  /** The sentence for a stream that ended with an error (the shell could not start, …). */
  failure?: (message: string | undefined) => string;
}

const TRANSCRIPT_MAX = 256 * 1024;

/** The output stream with the terminal's size: client-node reads rows/columns and listens for 'resize'. */
class SizedOutput extends Writable {
  rows = 24;
  columns = 80;
  private readonly utf8 = new StringDecoder('utf8'); // a character may be split across two frames
  constructor(private readonly onText: (text: string) => void) {
    super({ decodeStrings: false });
  }
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.onText(typeof chunk === 'string' ? chunk : this.utf8.write(chunk));
    cb();
  }
  setSize(d: vscode.TerminalDimensions): void {
    if (d.rows === this.rows && d.columns === this.columns) return;
    this.rows = d.rows;
    this.columns = d.columns;
    this.emit('resize');
  }
}

export class PodTerminal implements vscode.Pseudoterminal {
  private readonly write = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.write.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly input = new PassThrough();
  private readonly output = new SizedOutput(t => this.show(t));
  private stream?: PodStream;
  private done = false;
  private waitingForKey = false;
  private text = '';
  /** 'connecting' until the stream is open; 'open'; 'ended' with the reason when it failed. */
  state: 'connecting' | 'open' | 'ended' = 'connecting';
  endMessage?: string;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private settleReady: (r: { ok: boolean; message?: string }) => void = () => undefined;
  /** Settles once the stream is open, or with the reason it could not be opened. */
  readonly ready = new Promise<{ ok: boolean; message?: string }>(r => (this.settleReady = r));

  constructor(
    readonly info: PodTerminalInfo,
    private readonly connect: ConnectPod,
  ) {}

  /** The stream opened, or why not; also a failure when the terminal panel never opened it within `ms`. */
  async whenReady(ms = 30_000): Promise<{ ok: boolean; message?: string }> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<{ ok: boolean; message?: string }>(res => {
      timer = setTimeout(() => res({ ok: false, message: vscode.l10n.t('The terminal did not open.') }), ms);
    });
    const r = await Promise.race([this.ready, late]);
    clearTimeout(timer);
    return r;
  }

  /** Everything the terminal showed (the last 256 KB). */
  get transcript(): string {
    return this.text;
  }

  private show(t: string): void {
    this.text = (this.text + t).slice(-TRANSCRIPT_MAX);
    this.write.fire(t);
    this.changed.fire();
  }

  open(dims: vscode.TerminalDimensions | undefined): void {
    if (dims) this.output.setSize(dims);
    if (this.info.banner) this.show(`\x1b[2m${this.info.banner}\x1b[0m\r\n`);
    this.connect({ output: this.output, input: this.input }).then(
      s => {
        if (this.done) return s.close();
        this.stream = s;
        this.state = 'open';
        this.settleReady({ ok: true });
        this.changed.fire();
        void s.ended.then(r => this.ended(r));
      },
      (e: unknown) => {
        const message = (e as Error)?.message ?? String(e);
        this.settleReady({ ok: false, message });
        this.ended({ ok: false, message }, true);
      },
    );
  }

  /** The stream closed: a clean end closes the terminal; a failure stays readable until a key is pressed. */
  private ended(r: { ok: boolean; message?: string }, refused = false): void {
    if (this.done) return;
    this.state = 'ended';
    // A refused connection says why in the API's words; a stream that broke is explained.
    this.endMessage = r.ok ? undefined : refused ? r.message : (this.info.failure?.(r.message) ?? r.message);
    this.changed.fire();
    if (r.ok) {
      this.show(`\r\n\x1b[2m${vscode.l10n.t('[session ended]')}\x1b[0m\r\n`);
      this.finish(0);
      return;
    }
    this.show(
      `\r\n\x1b[31m${this.endMessage ?? ''}\x1b[0m\r\n\x1b[2m${vscode.l10n.t('Press any key to close.')}\x1b[0m\r\n`,
    );
    this.waitingForKey = true;
  }

  private finish(code: number): void {
    if (this.done) return;
    this.done = true;
    this.stream?.close();
    this.input.end();
    this.closeEmitter.fire(code);
  }

  handleInput(data: string): void {
    if (this.waitingForKey) return this.finish(1);
    if (this.state !== 'ended') this.input.write(data);
  }

  setDimensions(d: vscode.TerminalDimensions): void {
    this.output.setSize(d);
  }

  close(): void {
    this.done = true;
    this.stream?.close();
    this.input.end();
  }
}

/** The pod terminals of this window, newest last (the test API reads the last one's transcript). */
export class PodTerminals implements vscode.Disposable {
  private readonly all: { pty: PodTerminal; terminal: vscode.Terminal }[] = [];

  open(info: PodTerminalInfo, name: string, connect: ConnectPod): { pty: PodTerminal; terminal: vscode.Terminal } {
    const pty = new PodTerminal(info, connect);
    const icon = new vscode.ThemeIcon(info.kind === 'debug' ? 'debug' : 'terminal');
    const terminal = vscode.window.createTerminal({ name, pty, iconPath: icon });
    const entry = { pty, terminal };
    this.all.push(entry);
    if (this.all.length > 20) this.all.shift();
    terminal.show();
    return entry;
  }

  get sessions(): readonly { pty: PodTerminal; terminal: vscode.Terminal }[] {
    return this.all;
  }

  get last(): PodTerminal | undefined {
    return this.all[this.all.length - 1]?.pty;
  }

  dispose(): void {
    for (const e of this.all) e.terminal.dispose();
    this.all.length = 0;
  }
}
