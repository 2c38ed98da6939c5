/**
 * Commands that run another command given as their operands (`sudo rm ...`, `xargs rm ...`): how many
 * operands come before the wrapped command, and which of their options take an argument (used when the
 * wrapper's own man page is not on the machine). Shared by the explanation and the risk engines.
 */
export interface Wrapper {
  operands: number;
  argFlags: string[];
  /** Options that make it describe the command instead of running it (`command -v git`). */
  queryFlags?: string[];
}

export const WRAPPERS: Record<string, Wrapper> = {
  sudo: { operands: 0, argFlags: ['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T', '--user', '--group', '--chdir', '--host', '--prompt'] },
  doas: { operands: 0, argFlags: ['-u', '-C'] },
  env: { operands: 0, argFlags: ['-u', '-C', '-S', '--unset', '--chdir', '--split-string'] },
  nice: { operands: 0, argFlags: ['-n', '--adjustment'] },
  ionice: { operands: 0, argFlags: ['-c', '-n', '-p', '-P', '-u', '--class', '--classdata'] },
  timeout: { operands: 1, argFlags: ['-s', '-k', '--signal', '--kill-after'] },
  nohup: { operands: 0, argFlags: [] },
  exec: { operands: 0, argFlags: ['-a'] },
  command: { operands: 0, argFlags: [], queryFlags: ['-v', '-V'] },
  builtin: { operands: 0, argFlags: [] },
  stdbuf: { operands: 0, argFlags: ['-i', '-o', '-e'] },
  setsid: { operands: 0, argFlags: [] },
  time: { operands: 0, argFlags: [] },
  xargs: { operands: 0, argFlags: ['-I', '-i', '-n', '-P', '-d', '-L', '-l', '-s', '-a', '-E', '-e', '--max-args', '--max-procs', '--delimiter', '--arg-file'] },
  chroot: { operands: 1, argFlags: ['--userspec', '--groups'] },
  watch: { operands: 0, argFlags: ['-n', '-d', '--interval'] },
  caffeinate: { operands: 0, argFlags: [] },
  unbuffer: { operands: 0, argFlags: [] },
  torsocks: { operands: 0, argFlags: [] },
  proxychains: { operands: 0, argFlags: [] },
};
