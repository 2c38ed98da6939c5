/**
 * Tables kibitz writes itself: shell syntax (operators, redirections, expansions, keywords) and a short
 * builtin list used only when bash(1) is not installed. Each syntax entry names the bash(1) section that
 * documents it, so the citation points at the real manual whenever the machine has it.
 */
export interface SyntaxEntry {
  text: string;
  /** bash(1) section (.SH) and optional subsection (.SS) documenting it. */
  section: string;
  subsection?: string;
}

export const OPERATORS: Record<string, SyntaxEntry> = {
  '|': { text: 'Pipe: the standard output of the command on the left becomes the standard input of the command on the right.', section: 'SHELL GRAMMAR', subsection: 'Pipelines' },
  '|&': { text: 'Pipe both standard output and standard error of the left command into the right command (same as 2>&1 |).', section: 'SHELL GRAMMAR', subsection: 'Pipelines' },
  '&&': { text: 'AND list: run the right command only if the left one succeeded (exit status 0).', section: 'SHELL GRAMMAR', subsection: 'Lists' },
  '||': { text: 'OR list: run the right command only if the left one failed (non-zero exit status).', section: 'SHELL GRAMMAR', subsection: 'Lists' },
  ';': { text: 'Command separator: run the commands one after the other.', section: 'SHELL GRAMMAR', subsection: 'Lists' },
  '&': { text: 'Run the command before it in the background; the shell does not wait for it.', section: 'SHELL GRAMMAR', subsection: 'Lists' },
  '!': { text: 'Negate the exit status of the pipeline that follows.', section: 'SHELL GRAMMAR', subsection: 'Pipelines' },
  ';;': { text: 'End of a case branch.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
};

export const REDIRECTIONS: Record<string, SyntaxEntry> = {
  '>': { text: 'Redirect standard output to a file, truncating it first (creating it if needed).', section: 'REDIRECTION', subsection: 'Redirecting Output' },
  '>|': { text: 'Redirect standard output to a file, truncating it even when `set -o noclobber` is on.', section: 'REDIRECTION', subsection: 'Redirecting Output' },
  '>>': { text: 'Append standard output to a file (creating it if needed).', section: 'REDIRECTION', subsection: 'Appending Redirected Output' },
  '<': { text: 'Read standard input from a file.', section: 'REDIRECTION', subsection: 'Redirecting Input' },
  '&>': { text: 'Redirect both standard output and standard error to a file (truncating it).', section: 'REDIRECTION', subsection: 'Redirecting Standard Output and Standard Error' },
  '>&': { text: 'Duplicate an output file descriptor (e.g. 2>&1 sends standard error where standard output goes).', section: 'REDIRECTION', subsection: 'Duplicating File Descriptors' },
  '<&': { text: 'Duplicate an input file descriptor.', section: 'REDIRECTION', subsection: 'Duplicating File Descriptors' },
  '&>>': { text: 'Append both standard output and standard error to a file.', section: 'REDIRECTION', subsection: 'Appending Standard Output and Standard Error' },
  '<<': { text: 'Here-document: the following lines up to the delimiter become standard input.', section: 'REDIRECTION', subsection: 'Here Documents' },
  '<<-': { text: 'Here-document with leading tabs stripped from each line and from the delimiter.', section: 'REDIRECTION', subsection: 'Here Documents' },
  '<<<': { text: 'Here-string: the word after it (plus a newline) becomes standard input.', section: 'REDIRECTION', subsection: 'Here Strings' },
  '<>': { text: 'Open a file for both reading and writing on the given descriptor (default 0).', section: 'REDIRECTION', subsection: 'Opening File Descriptors for Reading and Writing' },
};

export const EXPANSIONS: Record<string, SyntaxEntry> = {
  command_substitution: { text: 'Command substitution: runs the inner command and replaces this text with its output.', section: 'EXPANSION', subsection: 'Command Substitution' },
  process_substitution: {
    text: 'Process substitution: runs the inner command connected to a pipe and passes its /dev/fd path as a file name.',
    section: 'EXPANSION',
    subsection: 'Process Substitution',
  },
  simple_expansion: { text: 'Parameter expansion: replaced by the value of the variable.', section: 'EXPANSION', subsection: 'Parameter Expansion' },
  expansion: { text: 'Parameter expansion with braces; operators such as :-, :?, #, %, / transform the value.', section: 'EXPANSION', subsection: 'Parameter Expansion' },
  arithmetic_expansion: { text: 'Arithmetic expansion: the expression is evaluated and replaced by its result.', section: 'EXPANSION', subsection: 'Arithmetic Expansion' },
  brace_expression: { text: 'Brace expansion: generates several words from the pattern.', section: 'EXPANSION', subsection: 'Brace Expansion' },
  variable_assignment: { text: "Variable assignment. Before a command name it sets the variable in that command's environment only.", section: 'PARAMETERS' },
  raw_string: { text: 'Single quotes: every character inside is taken literally.', section: 'QUOTING' },
  string: { text: 'Double quotes: the text is one word; $, ` and \\ keep their special meaning inside.', section: 'QUOTING' },
  ansi_c_string: { text: 'ANSI-C quoting: backslash escapes such as \\n and \\t are decoded.', section: 'QUOTING' },
  glob: { text: 'Pathname expansion (glob): replaced by the matching file names.', section: 'EXPANSION', subsection: 'Pathname Expansion' },
  tilde: { text: 'Tilde expansion: ~ becomes the home directory.', section: 'EXPANSION', subsection: 'Tilde Expansion' },
};

export const KEYWORDS: Record<string, SyntaxEntry> = {
  if: { text: 'if: run the then-branch when the condition list succeeds.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  then: { text: 'then: starts the commands run when the if/elif condition succeeded.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  elif: { text: 'elif: another condition tried when the previous ones failed.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  else: { text: 'else: commands run when no condition succeeded.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  fi: { text: 'fi: ends an if statement.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  for: { text: 'for: runs the body once for each word in the list (or each positional parameter).', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  in: { text: 'in: introduces the list of words of a for or case statement.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  do: { text: 'do: starts the body of a loop.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  done: { text: 'done: ends the body of a loop.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  while: { text: 'while: repeats the body as long as the condition list succeeds.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  until: { text: 'until: repeats the body as long as the condition list fails.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  case: { text: 'case: runs the branch whose pattern matches the word.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  esac: { text: 'esac: ends a case statement.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  select: { text: 'select: shows a numbered menu of the words and runs the body with the chosen one.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  function: { text: 'function: defines a shell function.', section: 'SHELL GRAMMAR', subsection: 'Shell Function Definitions' },
  '[': { text: '[ ... ]: the test builtin: evaluates the conditional expression inside (the same as test; needs the closing ]).', section: 'CONDITIONAL EXPRESSIONS' },
  ']': { text: 'Ends the [ test.', section: 'CONDITIONAL EXPRESSIONS' },
  '[[': { text: '[[ ... ]]: conditional expression evaluated by the shell (no word splitting or globbing inside).', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  ']]': { text: 'Ends a [[ conditional expression.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  '((': { text: '(( ... )): arithmetic evaluation; succeeds when the result is non-zero.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  '(': { text: 'Subshell: the commands inside run in a child shell; variable changes do not survive it.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  '{': { text: 'Group: the commands inside run in the current shell as one unit.', section: 'SHELL GRAMMAR', subsection: 'Compound Commands' },
  time: { text: 'time: reports the elapsed, user and system time of the pipeline.', section: 'SHELL GRAMMAR', subsection: 'Pipelines' },
};

/** Used only when bash(1) is not on the machine. Cited as "kibitz builtin table". */
export const BUILTINS: Record<string, string> = {
  ':': 'Do nothing; expand the arguments and succeed.',
  '.': 'Read and run commands from a file in the current shell.',
  source: 'Read and run commands from a file in the current shell.',
  alias: 'Define or list aliases.',
  bg: 'Resume a stopped job in the background.',
  break: 'Exit from a for, while, until or select loop.',
  builtin: 'Run a shell builtin, bypassing functions of the same name.',
  cd: 'Change the current directory.',
  command: 'Run a command, bypassing shell functions; -v/-V describe it.',
  continue: 'Resume the next iteration of the enclosing loop.',
  declare: 'Declare variables and give them attributes.',
  echo: 'Write the arguments to standard output.',
  eval: 'Join the arguments and run the result as a shell command.',
  exec: 'Replace the shell with the command, or apply redirections to the current shell.',
  exit: 'Exit the shell with the given status.',
  export: 'Mark variables to be passed to the environment of child processes.',
  false: 'Return an unsuccessful status.',
  fg: 'Move a job to the foreground.',
  getopts: 'Parse positional parameters as options.',
  hash: 'Remember or show the full path names of commands.',
  history: 'Show or edit the command history list.',
  jobs: 'List active jobs.',
  kill: 'Send a signal to processes or jobs.',
  local: 'Create a variable local to the function.',
  printf: 'Format and print the arguments under control of the format.',
  pwd: 'Print the current working directory.',
  read: 'Read a line from standard input into variables.',
  readonly: 'Mark variables as read-only.',
  return: 'Return from a shell function.',
  set: 'Set or unset shell options and positional parameters.',
  shift: 'Shift positional parameters to the left.',
  shopt: 'Set or unset bash optional behaviour.',
  test: 'Evaluate a conditional expression.',
  '[': 'Evaluate a conditional expression (same as test; needs a closing ]).',
  trap: 'Run a command when the shell receives a signal or exits.',
  true: 'Return a successful status.',
  type: 'Describe how a name would be interpreted as a command.',
  typeset: 'Declare variables and give them attributes (synonym of declare).',
  ulimit: 'Show or set resource limits.',
  umask: 'Show or set the file mode creation mask.',
  unalias: 'Remove aliases.',
  unset: 'Remove variables or functions.',
  wait: 'Wait for background jobs to finish.',
  mapfile: 'Read lines from standard input into an array.',
  readarray: 'Read lines from standard input into an array.',
  let: 'Evaluate arithmetic expressions.',
  pushd: 'Push a directory onto the directory stack and change to it.',
  popd: 'Pop a directory from the directory stack and change to it.',
  dirs: 'Show the directory stack.',
  disown: 'Remove jobs from the job table.',
  enable: 'Enable or disable shell builtins.',
  help: 'Show help for builtins.',
  logout: 'Exit a login shell.',
  times: 'Print accumulated user and system times.',
  caller: 'Show the context of the current subroutine call.',
  compgen: 'Generate completion matches.',
  complete: 'Specify how arguments are completed.',
  suspend: 'Suspend the shell.',
};
