import { describe, expect, it } from 'vitest';
import { uriToPath } from '../../server/src/util/uri.js';

describe('uriToPath', () => {
  it('maps file URIs, percent-encoded names included', () => {
    expect(uriToPath('file:///w/deploy.sh')).toBe('/w/deploy.sh');
    expect(uriToPath('file:///w/my%20scripts/a%23b.sh')).toBe('/w/my scripts/a#b.sh');
  });

  it("maps VS Code's source control input to the repository's COMMIT_EDITMSG", () => {
    expect(uriToPath('vscode-scm:git/scm0/input?rootUri=file%3A%2F%2F%2Fhome%2Fada%2Fshop')).toBe('/home/ada/shop/.git/COMMIT_EDITMSG');
  });

  it('keeps other schemes as a path-like name without crashing', () => {
    expect(uriToPath('untitled:Untitled-1')).toBe('/Untitled-1');
    expect(uriToPath('vscode-scm:git/scm0/input')).toBe('/git/scm0/input');
  });
});
