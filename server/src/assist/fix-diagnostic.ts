import { HOW_TO_CONFIGURE } from '../config/model-settings.js';
import { fence } from '../safety/fence.js';
import { detectHost } from '../shell/snippets/index.js';
import { newRisks, riskWarning } from './gate.js';
import { SYSTEM } from './prompts.js';
import { ReplacementAnswer } from './schemas.js';
import { asComment, commentMarker, lineAt, minimalEdit, wholeLines } from './text.js';
import { AssistError, type ActionResult, type AssistDeps, type AssistDoc, type ForeignDiagnostic } from './types.js';

/** "Fix with AI" for any diagnostic of any server: the model rewrites the diagnostic's lines, nothing else. */
export async function fixDiagnosticAction(doc: AssistDoc, d: ForeignDiagnostic, deps: AssistDeps, signal?: AbortSignal): Promise<ActionResult> {
  if (!deps.model) throw new AssistError(HOW_TO_CONFIGURE);
  const target = wholeLines(doc.text, d.range);
  const before = doc.text.slice(Math.max(0, lineAt(doc.text, Math.max(0, target.start - 1)).start - 600), target.start);
  const after = doc.text.slice(target.end, Math.min(doc.text.length, target.end + 600));
  const original = doc.text.slice(target.start, target.end);
  const problem = `${d.source ? `[${d.source}] ` : ''}${d.code !== undefined ? `${d.code}: ` : ''}${d.message}`;
  const answer = await deps.model.structured(
    [
      { role: 'system', content: SYSTEM.fix },
      {
        role: 'user',
        content: [
          `File: ${doc.path} (${doc.languageId})`,
          `Problem: ${problem}`,
          'Lines before the range (context, do not return them):',
          fence('before', before).text,
          'The range to rewrite:',
          fence('range', original).text,
          'Lines after the range (context, do not return them):',
          fence('after', after).text,
          'Return the full corrected text of the range.',
        ].join('\n'),
      },
    ],
    ReplacementAnswer,
    'replacement',
    { purpose: 'codeAction', signal, onProgress: deps.onProgress, onCached: deps.onCached },
  );
  let replacement = answer.replacement;
  if (original.endsWith('\n') !== replacement.endsWith('\n')) replacement = original.endsWith('\n') ? replacement + '\n' : replacement.replace(/\n$/, '');
  const host = detectHost(doc.languageId, doc.path, doc.text);
  if (host) {
    const risky = await newRisks(original, replacement, { ...(deps.gatePolicy ?? deps.policy), directives: false });
    if (risky.length) {
      const marker = commentMarker(doc.languageId, host) ?? '#';
      const indent = lineAt(doc.text, target.start).indent;
      const proposal = asComment([...riskWarning(replacement, risky), ...replacement.replace(/\n$/, '').split('\n')], marker, indent);
      return { edits: [{ start: target.start, end: target.start, newText: proposal }], usedModel: true, warning: riskWarning(replacement, risky)[0] };
    }
  }
  const edit = minimalEdit(doc.text, target.start, target.end, replacement);
  if (!edit) throw new AssistError('The model proposed no change for this diagnostic.');
  return { edits: [edit], usedModel: true };
}
