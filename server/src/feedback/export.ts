import { createHash } from 'node:crypto';
import { redact } from '../safety/redact.js';
import { hasInvisible } from '../safety/sanitize.js';
import type { FeedbackEvent } from './events.js';

export interface ExportSummary {
  written: number;
  /** The same request and answer seen again (two editors, a resend, two developers making the same correction). */
  duplicates: number;
  refusedSecrets: number;
  refusedInvisible: number;
  skippedNoInput: number;
}

/**
 * Fine-tuning records in OpenAI chat format from proposals the user corrected (`edited`): system, the user's
 * request, and the user's final text as the answer. Each record is redacted again, and refused if anything
 * secret or invisible is still found in it. `systemFor`: the system prompt of each kind of proposal (the
 * assistants' own, assist/prompts.ts SYSTEM_BY_KIND).
 */
export function exportOpenAiChat(events: FeedbackEvent[], systemFor: Record<string, string> = {}): { lines: string[]; summary: ExportSummary } {
  const summary: ExportSummary = { written: 0, duplicates: 0, refusedSecrets: 0, refusedInvisible: 0, skippedNoInput: 0 };
  const lines: string[] = [];
  const seen = new Set<string>();
  const offers = new Map(events.filter((e) => e.type === 'offered').map((e) => [e.proposal, e]));
  for (const e of events) {
    if (e.type !== 'edited' || !e.final?.trim()) continue;
    const input = e.input ?? offers.get(e.proposal)?.input;
    if (!input) {
      summary.skippedNoInput++;
      continue;
    }
    const kind = e.kind ?? offers.get(e.proposal)?.kind ?? '';
    const system = systemFor[kind] ?? systemFor[e.feature] ?? 'You are kibitz, an assistant inside a code editor.';
    const messages = [
      { role: 'system', content: system },
      { role: 'user', content: input },
      { role: 'assistant', content: e.final },
    ];
    const text = messages.map((m) => m.content).join('\n');
    if (Object.keys(redact(text).found).length) {
      summary.refusedSecrets++;
      continue;
    }
    if (hasInvisible(text)) {
      summary.refusedInvisible++;
      continue;
    }
    const line = JSON.stringify({ messages });
    const key = createHash('sha256')
      .update(JSON.stringify(messages.map((m) => m.content.trim().replace(/\s+/g, ' '))))
      .digest('hex');
    if (seen.has(key)) {
      summary.duplicates++;
      continue;
    }
    seen.add(key);
    lines.push(line);
    summary.written++;
  }
  return { lines, summary };
}

/**
 * A held-out validation split: each record goes to validation when the hash of its request falls in the share,
 * so a record stays on the same side from one export to the next, and the same request never lands on both.
 */
export function splitValidation(lines: string[], share: number): { train: string[]; validation: string[] } {
  const train: string[] = [];
  const validation: string[] = [];
  for (const line of lines) {
    const user = (JSON.parse(line) as { messages: { role: string; content: string }[] }).messages.find((m) => m.role === 'user')?.content ?? line;
    const h = parseInt(createHash('sha256').update(user).digest('hex').slice(0, 8), 16) / 0x1_0000_0000;
    (h < share ? validation : train).push(line);
  }
  return { train, validation };
}
