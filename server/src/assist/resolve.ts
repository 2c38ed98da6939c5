import { isSecretFile } from '../safety/redact.js';
import { customAction } from './custom.js';
import { docCommentAction } from './doc-comment.js';
import { explainCommandAction } from './explain-command.js';
import { fixDiagnosticAction } from './fix-diagnostic.js';
import { checkEdits } from './gate.js';
import { finalGate } from './final-gate.js';
import { generateCommandAction } from './generate-command.js';
import { AssistError, type ActionRequest, type ActionResult, type AssistDeps, type AssistDoc } from './types.js';

/** Compute an action's edits (the model runs here, never while listing), then check them against its range. */
export async function resolveAction(doc: AssistDoc, req: ActionRequest, deps: AssistDeps, signal?: AbortSignal): Promise<ActionResult> {
  // a secrets file is never sent, not even redacted; explaining a command stays possible offline
  if (isSecretFile(doc.path)) {
    if (req.kind !== 'explain-command') throw new AssistError(`${doc.path} is a secrets file: kibitz never sends it to a model.`);
    deps = { ...deps, model: undefined };
  }
  let r: ActionResult;
  switch (req.kind) {
    case 'explain-command':
      r = await explainCommandAction(doc, req.target, deps, signal, req.anchor);
      break;
    case 'generate-command':
      r = await generateCommandAction(doc, req.target, deps, signal);
      break;
    case 'fix-diagnostic':
      if (!req.diagnostic) throw new AssistError('No diagnostic to fix.');
      r = await fixDiagnosticAction(doc, req.diagnostic, deps, signal);
      break;
    case 'doc-comment':
      r = await docCommentAction(doc, req.target, deps, signal);
      break;
    case 'custom':
      r = await customAction(doc, req.target, req.custom ?? -1, deps, signal);
      break;
    default:
      throw new AssistError(`Unknown action ${(req as { kind: string }).kind}.`);
  }
  const edits = checkEdits(r.edits, req.target);
  if (!r.usedModel) return { ...r, edits };
  // the exact text that would be inserted, judged once more: nothing risky or unasked-for gets in uncommented
  const rewrite = req.kind === 'fix-diagnostic' || req.kind === 'custom';
  const verdict = await finalGate(doc, edits, { policy: deps.gatePolicy ?? deps.policy, rewrite, replaced: req.target });
  return { ...r, edits: verdict.edits, ...(verdict.warning ? { warning: verdict.warning } : {}) };
}
