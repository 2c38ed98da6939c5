import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { redactText } from '../safety/redact.js';
import { readPageSource } from '../util/man-file.js';
import { whatItDoes } from '../util/text.js';
import { digestPage, type ManDigest, type ManExample } from './corpora/man-digest.js';
import { infoTexts, type InfoText } from './corpora/info.js';
import { pagePriorities, priorityOf, type Basic } from './corpora/packages.js';
import { HashingEmbedder, isStopWord } from './embedder.js';
import { joinedTerm, LexicalBuilder, LexicalIndex, type LexField } from './lexical.js';
import { DENSE_DIM, MAN_INDEX_FORMAT, type PagesFile } from './man-search.js';
import { QuantizedVectors } from './quantized.js';

// Building the man index (see man-search.ts for what it holds and how it is searched). Runs in the indexing
// process (services/man-index-worker.ts), or in-process for tests and the evaluation.

/** How to build: progress as (done, total), cancellation, and what the machine adds (package priorities, GNU info titles, and another description of a command, such as kibitz's CLI specs). */
export interface ManBuildOptions {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  priorities?: Map<string, Basic>;
  info?: Map<string, InfoText>;
  describe?: (name: string) => { summary: string; details: string } | undefined;
}

/** What a build made: pages and example passages. */
export interface ManBuild {
  pages: number;
  examples: number;
}

/** Family roots: `gcloud_alpha_x` → gcloud (when many pages share it), `git-log` → git (when a `git` page exists). */
export function families(names: string[]): Map<string, string> {
  const set = new Set(names);
  const count = new Map<string, number>();
  const rootOf = (n: string): string | undefined => {
    const u = /^([a-z0-9]+)_/.exec(n)?.[1];
    if (u) return u;
    const d = /^([a-z0-9]+)-/.exec(n)?.[1];
    return d && set.has(d) ? d : undefined;
  };
  for (const n of names) {
    const r = rootOf(n);
    if (r) count.set(r, (count.get(r) ?? 0) + 1);
  }
  const out = new Map<string, string>();
  for (const n of names) {
    const r = rootOf(n);
    if (r && (count.get(r) ?? 0) >= 3) out.set(n, r);
  }
  return out;
}

type Digest = ManDigest & { path: string };

/** Collect, digest and index every page; progress as (done, total). The old index is replaced in one step. */
export async function buildManIndex(dir: string, files: string[], opts: ManBuildOptions = {}): Promise<ManBuild> {
  const priorities = opts.priorities ?? pagePriorities();
  const { digests, lexBuilder } = await readPages(files, opts.info ?? infoTexts(), opts);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const links = linkPages(digests);
  lexBuilder.finish(familyWeights(digests.map((d) => links.familyOf(d.name)))).save(path.join(tmp, 'pages'));
  const offsets = writeRecords(
    path.join(tmp, 'pages.jsonl'),
    digests.map((d) => ({ path: d.path, nameLine: redactText(d.nameLine), description: redactText(d.description.slice(0, 300)) })),
  );
  const examples = writeExamples(tmp, digests);
  await writeDense(tmp, digests, opts.signal);
  const pages: PagesFile = {
    format: MAN_INDEX_FORMAT,
    builtAt: new Date().toISOString(),
    names: digests.map((d) => [d.name, d.section, links.familyOf(d.name), links.inlinks.get(d.name) ?? 0, priorityOf(priorities, d.path)]),
    refs: digests.map((d) =>
      d.refs
        .map((r) => links.byName.get(r) ?? -1)
        .filter((i) => i >= 0)
        .slice(0, 12),
    ),
    families: links.familyNames,
    offsets,
    examples,
  };
  writeFileSync(path.join(tmp, 'pages.json'), JSON.stringify(pages));
  // what a freshness check or the doctor reads, without parsing the page list
  writeFileSync(path.join(tmp, 'meta.json'), JSON.stringify({ format: MAN_INDEX_FORMAT, builtAt: pages.builtAt, pages: digests.length, examples: examples.length }));
  const old = `${dir}.old-${process.pid}`;
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  rmSync(old, { recursive: true, force: true });
  return { pages: digests.length, examples: examples.length };
}

/** Digest every page (one per name and section), folding it into the lexical index as it is read: the long texts are not kept. */
async function readPages(files: string[], info: Map<string, InfoText>, opts: ManBuildOptions): Promise<{ digests: Digest[]; lexBuilder: LexicalBuilder }> {
  const digests: Digest[] = [];
  const seen = new Set<string>();
  const lexBuilder = new LexicalBuilder();
  for (let i = 0; i < files.length; i++) {
    if (opts.signal?.aborted) throw new Error('cancelled');
    try {
      const d = digestPage(readPageSource(files[i]!), files[i]!);
      if (d && !seen.has(`${d.name}(${d.section})`)) {
        seen.add(`${d.name}(${d.section})`);
        lexBuilder.add(pageFields(d, info, opts.describe?.(d.name)));
        digests.push({ ...d, body: '', options: '', path: files[i]! });
      }
    } catch {
      // an unreadable page is skipped
    }
    if (i % 250 === 249) {
      opts.onProgress?.(i + 1, files.length);
      await new Promise((r) => setImmediate(r));
    }
  }
  opts.onProgress?.(files.length, files.length);
  return { digests, lexBuilder };
}

/** Families, SEE ALSO in-links from outside a page's family (everyday tools are named in many), and pages by name. */
function linkPages(digests: Digest[]): { familyOf: (name: string) => number; familyNames: string[]; inlinks: Map<string, number>; byName: Map<string, number> } {
  const fam = families(digests.map((d) => d.name));
  const familyNames = [...new Set(fam.values())];
  const inlinks = new Map<string, number>();
  for (const d of digests) {
    const own = fam.get(d.name) ?? d.name;
    for (const r of new Set(d.refs)) if ((fam.get(r) ?? r) !== own) inlinks.set(r, (inlinks.get(r) ?? 0) + 1);
  }
  const byName = new Map<string, number>();
  digests.forEach((d, i) => {
    // a name in section 1 wins over the same name elsewhere
    if (!byName.has(d.name) || d.section === '1') byName.set(d.name, i);
  });
  const root = new Map(familyNames.map((f, i) => [f, i]));
  return { familyOf: (name) => root.get(fam.get(name) ?? '') ?? -1, familyNames, inlinks, byName };
}

/** Each page's weight in how common a word is: a family's pages share one page's weight. */
function familyWeights(familyOf: number[]): number[] {
  const size = new Map<number, number>();
  for (const f of familyOf) if (f >= 0) size.set(f, (size.get(f) ?? 0) + 1);
  return familyOf.map((f) => (f >= 0 ? 1 / size.get(f)! : 1));
}

/** Records as JSON lines; returns the byte offset of each (hits read one record by its offset). */
function writeRecords(file: string, records: unknown[]): number[] {
  const lines: string[] = [];
  const offsets: number[] = [];
  let at = 0;
  for (const r of records) {
    const line = JSON.stringify(r) + '\n';
    offsets.push(at);
    lines.push(line);
    at += Buffer.byteLength(line);
  }
  writeFileSync(file, lines.join(''));
  return offsets;
}

/** The EXAMPLES passages: records (the command lines and what the page says around them) and their lexical index. */
function writeExamples(tmp: string, digests: Digest[]): [number, number][] {
  const records: (ManExample & { page: number })[] = [];
  const pageOf: number[] = [];
  const docs: LexField[][] = [];
  digests.forEach((d, pi) => {
    for (const e of d.examples) {
      records.push({ page: pi, ...e });
      pageOf.push(pi);
      docs.push([
        { text: e.text, weight: 1 },
        { text: e.command.replace(/[-_]/g, ' '), weight: 0.7 },
        { text: d.name, weight: 0.5 },
      ]);
    }
  });
  const offsets = writeRecords(path.join(tmp, 'examples.jsonl'), records);
  LexicalIndex.build(docs).save(path.join(tmp, 'examples'));
  return offsets.map((o, i) => [pageOf[i]!, o]);
}

/** The dense part: NAME lines in 256 dimensions, int8 (the lexical part carries the rest), and the embedder's idf. */
async function writeDense(tmp: string, digests: Digest[], signal?: AbortSignal): Promise<void> {
  const texts = digests.map((d) => `${d.name}: ${d.nameLine}`);
  const idf = HashingEmbedder.learnIdf(texts);
  const embedder = new HashingEmbedder(DENSE_DIM, idf);
  const vectors: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += 500) {
    if (signal?.aborted) throw new Error('cancelled');
    vectors.push(...(await embedder.embed(texts.slice(i, i + 500))));
  }
  QuantizedVectors.build(vectors, DENSE_DIM).save(path.join(tmp, 'dense'));
  writeFileSync(path.join(tmp, 'dense.idf'), Buffer.from(idf.buffer, idf.byteOffset, idf.byteLength));
}

/** What the lexical index reads of a page, field by field, with the weights the ranking was fitted with. */
function pageFields(d: ManDigest, info: Map<string, InfoText>, spec?: { summary: string; details: string }): LexField[] {
  const manual = info.get(d.name);
  // the CLI's completion spec, when kibitz ships one, describes it again in other words
  return [
    { text: pageNames(d).join(' ').replace(/[-_.]/g, ' '), weight: 1 },
    { text: whatItDoes(d.nameLine), weight: 2 },
    { text: d.description, weight: 1, weak: true },
    { text: d.options, weight: 0.3, weak: true },
    {
      text: d.examples
        .map((e) => e.text)
        .join(' ')
        .slice(0, 3000),
      weight: 0.5,
    },
    { text: d.body, weight: 0.15, weak: true },
    // the example command lines: the options a task uses (`-size +100M`), loose evidence like the option texts
    {
      text: d.examples
        .map((e) => e.command)
        .join(' ')
        .slice(0, 3000),
      weight: 0.3,
      weak: true,
    },
    { text: spec?.summary ?? '', weight: 1.5 },
    { text: spec?.details ?? '', weight: 0.3 },
    { text: manual?.summary ?? '', weight: 1 },
    { text: manual?.index ?? '', weight: 0.5 },
    // what the page says of itself, as a task may write it: `log out` as logout, `file system` as filesystem
    {
      text: '',
      terms: joinedPairs([d.nameLine, spec?.summary ?? '', manual?.summary ?? '', manual?.index ?? ''].join('. ')).map(joinedTerm),
      weight: 0.5,
    },
  ];
}

/** Two adjacent words written as one, as a task may write them (`log out` → logout, `file system` → filesystem). */
export function joinedPairs(text: string): string[] {
  const out: string[] = [];
  for (const part of text.toLowerCase().split(/[^a-z\s]+/)) {
    const ws = part.split(/\s+/).filter(Boolean);
    for (let i = 0; i + 1 < ws.length; i++) if (!isStopWord(ws[i]!) && !isStopWord(ws[i + 1]!)) out.push(ws[i]! + ws[i + 1]!);
  }
  return out;
}

/** The names a page documents: its own and those its NAME line lists before the dash (`gzip, gunzip, zcat - …`). */
export function pageNames(d: Pick<ManDigest, 'name' | 'nameLine'>): string[] {
  const head = /^(.*?)\s-\s/.exec(d.nameLine)?.[1] ?? '';
  const more = head
    .split(/[,\s]+/)
    .map((n) => n.replace(/\\-/g, '-').toLowerCase())
    .filter((n) => /^[a-z0-9][\w.+-]*$/.test(n) && n.length < 40);
  return [...new Set([d.name, ...more])].slice(0, 8);
}
