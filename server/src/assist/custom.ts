import { HOW_TO_CONFIGURE } from '../config/model-settings.js';
import { fence } from '../safety/fence.js';
import { SYSTEM } from './prompts.js';
import { ReplacementAnswer } from './schemas.js';
import { minimalEdit } from './text.js';
import { AssistError, type ActionResult, type AssistDeps, type AssistDoc, type Span } from './types.js';

/** Fill a custom action's template: {{selection}}, {{language}}, {{file}}. The selection is fenced as data. */
export function fillTemplate(template: string, doc: AssistDoc, selection: string): string {
  const sel = fence('selection', selection).text;
  const out = template.replace(/\{\{\s*(selection|language|file)\s*\}\}/g, (_m, k: string) => (k === 'selection' ? sel : k === 'language' ? doc.languageId : doc.path));
  return template.includes('{{selection}}') || /\{\{\s*selection\s*\}\}/.test(template) ? out : `${out}\n${sel}`;
}

/** A user-defined prompt action: the model rewrites the selection, and only the selection. */
export async function customAction(doc: AssistDoc, target: Span, index: number, deps: AssistDeps, signal?: AbortSignal): Promise<ActionResult> {
  if (!deps.model) throw new AssistError(HOW_TO_CONFIGURE);
  const action = deps.customActions[index];
  if (!action) throw new AssistError('This custom action no longer exists in the settings.');
  const selection = doc.text.slice(target.start, target.end);
  const answer = await deps.model.structured(
    [
      { role: 'system', content: SYSTEM.custom },
      { role: 'user', content: fillTemplate(action.prompt, doc, selection) },
    ],
    ReplacementAnswer,
    'replacement',
    { purpose: 'codeAction', signal, onProgress: deps.onProgress, onCached: deps.onCached },
  );
  const edit = minimalEdit(doc.text, target.start, target.end, answer.replacement);
  if (!edit) throw new AssistError(`"${action.name}" proposed no change.`);
  return { edits: [edit], usedModel: true };
}
