/**
 * Every kind of document kibitz serves in VS Code: the host formats of shell snippets, commit and pull request
 * messages (the git-commit editor and the source control input box). Plain data, so a test can check it.
 */
export interface Filter {
  language?: string;
  scheme?: string;
  pattern?: string;
}

const FILE_SCHEMES = ['file', 'untitled'];

const LANGUAGES = ['shellscript', 'dockerfile', 'makefile', 'yaml', 'github-actions-workflow', 'markdown', 'git-commit'];

export const DOCUMENT_SELECTOR: Filter[] = [
  ...LANGUAGES.flatMap((language) => FILE_SCHEMES.map((scheme) => ({ language, scheme }))),
  // package.json scripts (not every JSON file)
  { language: 'json', scheme: 'file', pattern: '**/package.json' },
  // pull request descriptions edited as files
  { scheme: 'file', pattern: '**/{PULLREQ_EDITMSG,*.pr.md}' },
  // Containerfile and friends that VS Code has no language for
  { scheme: 'file', pattern: '**/{Containerfile,*.dockerfile,Dockerfile.*}' },
  // the commit message box of the Source Control view
  { language: 'scminput', scheme: 'vscode-scm' },
];

/** Languages whose first document activates the extension (package.json activationEvents). */
export const ACTIVATION_LANGUAGES = [...LANGUAGES, 'json', 'scminput'];
