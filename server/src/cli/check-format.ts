import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, RULES_DOC, ruleReference, type Severity } from '../shell/risk/rules.js';
import { firstSentence } from '../util/text.js';
import { VERSION } from '../util/version.js';
import type { CheckResult, FileFinding } from './check-files.js';

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
const GITHUB_LEVEL: Record<Severity, 'error' | 'warning' | 'notice'> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice' };
/** GitHub code scanning ranks security alerts by this score (critical ≥ 9, high ≥ 7, medium ≥ 4). */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.0', low: '2.0' };

export function textReport(r: CheckResult): string {
  const lines = r.findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.severity} [${f.rule}] ${f.message}`);
  const n = r.findings.length;
  lines.push(`${n} finding${n === 1 ? '' : 's'} in ${r.files} file${r.files === 1 ? '' : 's'}${r.skipped.length ? ` (${r.skipped.length} skipped: ${summariseSkips(r)})` : ''}`);
  return lines.join('\n') + '\n';
}

function summariseSkips(r: CheckResult): string {
  const by = new Map<string, number>();
  for (const s of r.skipped) by.set(s.reason, (by.get(s.reason) ?? 0) + 1);
  return [...by].map(([reason, n]) => `${n} ${reason}`).join('; ');
}

export function jsonReport(r: CheckResult): string {
  const files = new Map<string, FileFinding[]>();
  for (const f of r.findings) files.set(f.file, [...(files.get(f.file) ?? []), f]);
  return JSON.stringify({ files: [...files].map(([file, findings]) => ({ file, findings })), checked: r.files, skipped: r.skipped, errors: r.errors }, null, 2) + '\n';
}

/** `::error file=...,line=...::message` lines that GitHub Actions shows as annotations on the diff. */
export function githubReport(r: CheckResult): string {
  const prop = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/:/g, '%3A').replace(/,/g, '%2C');
  const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return (
    r.findings
      .map(
        (f) =>
          `::${GITHUB_LEVEL[f.severity]} file=${prop(f.file)},line=${f.line},col=${f.column},endLine=${f.endLine},endColumn=${f.endColumn},title=${prop(`kibitz ${f.rule} (${f.severity})`)}::${data(f.message)}`,
      )
      .join('\n') + (r.findings.length ? '\n' : '')
  );
}

/** The rule's section of docs/rules.md, for SARIF `help`. */
function ruleHelp(id: string): string {
  let doc = '';
  try {
    doc = readFileSync(RULES_DOC, 'utf8');
  } catch {
    return id;
  }
  const m = new RegExp(`^## ${id}\\n([\\s\\S]*?)(?=^## |$(?![\\s\\S]))`, 'm').exec(doc);
  return m ? m[1]!.trim() : id;
}

function ruleMeta(id: string): { category: string; severity: Severity; what: string } {
  const r = RULES.find((x) => x.id === id);
  const help = ruleHelp(id);
  const what = /^- what: (.*)$/m.exec(help)?.[1] ?? id;
  return { category: r?.category ?? (id === 'fork-bomb' ? 'system-state' : id === 'policy-deny' ? 'policy' : 'risk'), severity: r?.severity ?? 'high', what };
}

/** SARIF 2.1.0 with rule metadata and help, as GitHub code scanning accepts it. */
export function sarifReport(r: CheckResult, root: string): string {
  const ids = [...new Set([...RULES.map((x) => x.id), 'fork-bomb', 'policy-deny', ...r.findings.map((f) => f.rule)])];
  const rules = ids.map((id) => {
    const m = ruleMeta(id);
    const help = ruleHelp(id);
    return {
      id,
      name: id.replace(/(^|-)([a-z])/g, (_, _d, c: string) => c.toUpperCase()),
      shortDescription: { text: firstSentence(m.what.replace(/`/g, ''), 200) },
      fullDescription: { text: m.what.replace(/`/g, '') },
      helpUri: ruleReference(id),
      help: { text: help.replace(/`/g, ''), markdown: help },
      defaultConfiguration: { level: SARIF_LEVEL[m.severity] },
      properties: {
        tags: ['security', m.category],
        'security-severity': SECURITY_SEVERITY[m.severity],
        precision: 'high',
        'problem.severity': SARIF_LEVEL[m.severity] === 'note' ? 'recommendation' : SARIF_LEVEL[m.severity],
      },
    };
  });
  const base = pathToFileURL(root.endsWith(path.sep) ? root : root + path.sep).href;
  const results = r.findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: ids.indexOf(f.rule),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: uriOf(f.file, root), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.line === f.endLine ? f.column + 1 : 1), snippet: { text: f.lineText } },
        },
      },
    ],
    partialFingerprints: { 'kibitz/v1': fingerprint(`${f.rule}|${uriOf(f.file, root)}|${f.lineText.trim()}`) },
    properties: { severity: f.severity, 'security-severity': SECURITY_SEVERITY[f.severity] },
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kibitz', version: VERSION, semanticVersion: VERSION, informationUri: pathToFileURL(RULES_DOC).href, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: base } },
        results,
        invocations: [
          {
            executionSuccessful: r.errors.length === 0,
            toolExecutionNotifications: [
              ...r.errors.map((e) => ({ level: 'error', message: { text: `${e.file}: ${e.message}` } })),
              ...r.skipped.map((s) => ({ level: 'note', message: { text: `${s.file} skipped: ${s.reason}` } })),
            ],
          },
        ],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function uriOf(file: string, root: string): string {
  const rel = path.relative(root, path.resolve(file));
  return rel.split(path.sep).map(encodeURIComponent).join('/');
}

/** A stable hash of a finding (rule, file, line text) so code scanning follows it when lines move. */
function fingerprint(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
