import { HOW_TO_CONFIGURE } from '../config/model-settings.js';
import { fence } from '../safety/fence.js';
import { cleanModelText } from '../safety/sanitize.js';
import { detectHost } from '../shell/snippets/index.js';
import { SYSTEM } from './prompts.js';
import { DocCommentAnswer } from './schemas.js';
import { asComment, commentMarker, lineAt } from './text.js';
import { AssistError, type ActionResult, type AssistDeps, type AssistDoc, type Span } from './types.js';

/** A line that starts a definition: shell `name() {` / `function name`, def, fn, func, class, and typed functions. */
export const DEFINITION =
  /^\s*(?:export\s+)?(?:(?:async\s+)?function\b|def\s|fn\s|func\s|class\s|(?:pub(?:\(\w+\))?\s+)?(?:async\s+)?fn\s|[A-Za-z_][\w:-]*\s*\(\)\s*\{?\s*$|(?:public|private|protected|static|\s)+[\w<>[\],\s]+\s+\w+\s*\([^)]*\)\s*\{?\s*$)/;

const JSDOC = new Set(['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'java', 'c', 'cpp', 'php', 'kotlin', 'swift', 'scala', 'dart', 'groovy']);

/** "Add doc comment" above the definition on the target line. */
export async function docCommentAction(doc: AssistDoc, target: Span, deps: AssistDeps, signal?: AbortSignal): Promise<ActionResult> {
  if (!deps.model) throw new AssistError(HOW_TO_CONFIGURE);
  const line = lineAt(doc.text, target.start);
  const body = doc.text.slice(line.start, Math.min(doc.text.length, line.start + 3000));
  const answer = await deps.model.structured(
    [
      { role: 'system', content: SYSTEM.doc },
      { role: 'user', content: `Language: ${doc.languageId}\nDefinition (it starts on the first line):\n${fence(doc.path, body).text}` },
    ],
    DocCommentAnswer,
    'doc_comment',
    { purpose: 'codeAction', signal, onProgress: deps.onProgress, onCached: deps.onCached },
  );
  // one comment line per line of the answer, whatever line break it used; nothing can close the comment early
  const lines = answer.lines.flatMap((l) => cleanModelText(l).split('\n')).map((l) => l.replace(/^\s*(\/\*\*?|\*\/|\*|\/\/\/?|#+|--|;+)\s?/, '').replace(/\*\//g, '* /'));
  let text: string;
  if (JSDOC.has(doc.languageId)) text = `${line.indent}/**\n${lines.map((l) => `${line.indent} *${l ? ' ' + l : ''}`).join('\n')}\n${line.indent} */\n`;
  else {
    const marker = ['rust', 'csharp'].includes(doc.languageId) ? '///' : commentMarker(doc.languageId, detectHost(doc.languageId, doc.path, doc.text));
    if (!marker) throw new AssistError('This file has no comment syntax.');
    text = asComment(lines, marker, line.indent);
  }
  return { edits: [{ start: line.start, end: line.start, newText: text }], usedModel: true };
}
