import type { Config } from '../config/schema.js';
import type { Feature, Source } from '../feedback/events.js';
import { Feedback } from '../feedback/service.js';
import type { Proposal } from '../feedback/tracker.js';
import { stateDir } from '../util/paths.js';

export const ACCEPTED_COMMAND = 'kibitz.accepted';
export const ANSWER_FEEDBACK_COMMAND = 'kibitz.answerFeedback';

/** The command an editor runs when the user applies a proposal (an LSP Command, structurally). */
export interface AppliedCommand {
  title: string;
  command: string;
  arguments: unknown[];
}

/** The feedback loop as the server sees it: proposals get ids and an "applied" command; edits are followed. */
export class FeedbackGlue {
  private current: Feedback | undefined;
  private key = '';

  constructor(
    /** The current text of an open document. */
    private readonly textOf: (uri: string) => string | undefined,
    private readonly config: () => Config,
    private readonly dir: string = stateDir(),
  ) {}

  get(): Feedback | undefined {
    const cfg = this.config().feedback;
    const key = JSON.stringify([cfg.postgresUrl, cfg.watchMinutes, cfg.teamName, cfg.teamContribute]);
    if (!this.current || key !== this.key) {
      this.current?.close().catch(() => undefined);
      this.key = key;
      this.current = new Feedback({
        dir: this.dir,
        enabled: () => this.config().feedback.enable,
        postgresUrl: cfg.postgresUrl || undefined,
        teamName: cfg.teamName,
        teamContribute: cfg.teamContribute,
        model: () => this.config().model.chatModel || undefined,
        watchMs: cfg.watchMinutes * 60_000,
        latest: (uri) => this.textOf(uri),
      });
    }
    return this.current;
  }

  /** With a team store set: connect now (send what waits in the log, pull the team's corrections). */
  start(): void {
    const cfg = this.config().feedback;
    if (cfg.enable && cfg.postgresUrl) this.get();
  }

  /** Register a proposal (once per `key`) and return the command that reports it applied. */
  offer(key: string, p: Proposal): AppliedCommand | undefined {
    const fb = this.get();
    if (!fb || !this.config().feedback.enable) return undefined;
    const id = fb.tracker.offerOnce(key, p);
    return { title: 'kibitz: applied', command: ACCEPTED_COMMAND, arguments: [id, p.uri ?? null] };
  }

  /** workspace/executeCommand kibitz.accepted [id, uri] */
  accepted(args: unknown[] | undefined): null {
    const [id, rawUri] = args ?? [];
    if (typeof id !== 'string') return null;
    const uri = typeof rawUri === 'string' ? rawUri : undefined;
    this.get()?.tracker.accept(id, uri ?? undefined, uri ? this.textOf(uri) : undefined);
    return null;
  }

  /** Register a proposal that has no edit to apply (a docs answer); its id, or undefined with feedback off. */
  propose(p: Proposal): string | undefined {
    const fb = this.get();
    return fb && this.config().feedback.enable ? fb.tracker.offer(p) : undefined;
  }

  /** workspace/executeCommand kibitz.answerFeedback [id, 'helpful' | 'not-helpful' | 'followed', citation?] */
  answerFeedback(args: unknown[] | undefined): boolean {
    const [id, what, citation] = args ?? [];
    const tracker = this.get()?.tracker;
    if (typeof id !== 'string' || !tracker || !this.config().feedback.enable) return false;
    if (what === 'helpful') return tracker.accept(id, undefined, undefined);
    if (what === 'not-helpful') return tracker.reject(id);
    if (what === 'followed') return tracker.follow(id, typeof citation === 'string' ? citation.slice(0, 500) : '');
    return false;
  }

  edits(uri: string, changes: { start: number; end: number; text: string }[]): void {
    this.current?.tracker.change(uri, changes);
  }

  /** Save/close: record what the user kept. */
  finalize(uri: string, text: string, finalFor?: Parameters<Feedback['tracker']['finalize']>[2]): void {
    this.current?.tracker.finalize(uri, text, finalFor);
  }

  record(feature: Feature, source: Source, extra: Omit<Proposal, 'feature' | 'source'> = {}): void {
    if (this.config().feedback.enable) this.get()?.tracker.offer({ feature, source, ...extra });
  }

  /** A hover was shown. */
  view(p: Proposal): void {
    if (this.config().feedback.enable) this.get()?.tracker.view(p);
  }

  /** A model call failed (by kind, for `kibitz metrics`). */
  error(feature: Feature, kind: string, message: string): void {
    if (this.config().feedback.enable) this.get()?.tracker.error({ feature, source: 'model' }, kind, message);
  }

  async close(): Promise<void> {
    await this.current?.close();
  }
}
