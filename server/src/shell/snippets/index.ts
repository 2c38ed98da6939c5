import type { HostKind, Snippet } from './snippet.js';
import { isShellDocument, isShellPath, shellFileSnippets } from './shell-file.js';
import { dockerfileSnippets, isDockerfile } from './dockerfile.js';
import { isMakefile, makefileSnippets } from './makefile.js';
import { ciYamlHost, ciYamlSnippets } from './ci-yaml.js';
import { isMarkdown, markdownSnippets } from './markdown.js';
import { isPackageJson, packageJsonSnippets } from './package-json.js';

export * from './snippet.js';

/** Which host format a document is, from its languageId, path (or URI) and text; undefined = no shell. */
export function detectHost(languageId: string, path: string, text: string): HostKind | undefined {
  if (isShellPath(path)) return 'shell';
  if (isDockerfile(languageId, path)) return 'dockerfile';
  if (isMakefile(languageId, path)) return 'makefile';
  if (isPackageJson(path)) return 'package-json';
  if (isMarkdown(languageId, path)) return 'markdown';
  const ci = ciYamlHost(languageId, path, text);
  if (ci) return ci;
  if (isShellDocument(languageId, path, text)) return 'shell';
  return undefined;
}

export function extractSnippets(host: HostKind, text: string): Snippet[] {
  switch (host) {
    case 'shell':
      return shellFileSnippets(text);
    case 'dockerfile':
      return dockerfileSnippets(text);
    case 'makefile':
      return makefileSnippets(text);
    case 'github-actions':
    case 'gitlab-ci':
      return ciYamlSnippets(text, host);
    case 'markdown':
      return markdownSnippets(text);
    case 'package-json':
      return packageJsonSnippets(text);
  }
}

/** The snippet covering a document offset, with the offset inside it. */
export function snippetAt(snippets: Snippet[], docOffset: number): Snippet | undefined {
  return snippets.find((s) => docOffset >= s.docStart && docOffset <= s.docEnd && s.segments.some((g) => docOffset >= g.doc && docOffset <= g.doc + g.len));
}
