import path from 'node:path';
import { resourceRoot } from '../util/resources.js';
import type { CliCommand } from './command.js';

const CLIENTS = ['neovim', 'emacs'] as const;

export const pathCli: CliCommand = {
  name: 'path',
  summary: 'Where this installation keeps an editor client, for editor configuration (`kibitz path neovim`, `kibitz path emacs`).',
  operands: 'neovim|emacs',
  minOperands: 1,
  maxOperands: 1,
  options: {},
  run(p, io) {
    const client = p.positionals[0] as (typeof CLIENTS)[number];
    if (!CLIENTS.includes(client)) {
      io.err(`kibitz path: one of ${CLIENTS.join(', ')}\n`);
      return 2;
    }
    io.out(path.join(resourceRoot(), 'clients', client) + '\n');
    return 0;
  },
};
