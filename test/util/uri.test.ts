import { describe, expect, it } from 'vitest';
import { uriToPath } from '../../server/src/util/uri.js';

describe('uriToPath', () => {
  it('maps file URIs, percent-encoded names included', () => {
    expect(uriToPath('file:///w/deploy.sh')).toBe('/w/deploy.sh');
    expect(uriToPath('file:///w/my%20scripts/a%23b.sh')).toBe('/w/my scripts/a#b.sh');
  });

  it("maps VS Code's source control input to the repository's COMMIT_EDITMSG", () => {
    expect(uriToPath('vscode-scm:git/scm0/input?rootUri=file%3A%2F%2F%2Fhome%2Fada%2Fshop')).toBe('/home/ada/shop/.git/COMMIT_EDITMSG');
    // what VS Code 1.139 (code-server) really sends: the query encoded once more on its way to the language server
    expect(uriToPath('vscode-scm:git/scm0/input?rootUri%3Dfile%253A%252F%252F%252Ftmp%252Fkibitz-editor-2juXaz')).toBe('/tmp/kibitz-editor-2juXaz/.git/COMMIT_EDITMSG');
    expect(uriToPath('vscode-scm:git/scm1/input?rootUri%3Dfile%253A%252F%252F%252Fhome%252Fada%252Fmy%252520repo')).toBe('/home/ada/my repo/.git/COMMIT_EDITMSG');
  });

  it('keeps other schemes as a path-like name without crashing', () => {
    expect(uriToPath('untitled:Untitled-1')).toBe('/Untitled-1');
    expect(uriToPath('vscode-scm:git/scm0/input')).toBe('/git/scm0/input');
  });
});
