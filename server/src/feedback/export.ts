import { redact } from '../safety/redact.js';
import { hasInvisible } from '../safety/sanitize.js';
import type { FeedbackEvent } from './events.js';

export interface ExportSummary {
  written: number;
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
  const summary: ExportSummary = { written: 0, refusedSecrets: 0, refusedInvisible: 0, skippedNoInput: 0 };
  const lines: string[] = [];
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
    lines.push(JSON.stringify({ messages }));
    summary.written++;
  }
  return { lines, summary };
}
