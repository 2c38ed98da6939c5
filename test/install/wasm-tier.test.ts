import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { BIN, ROOT } from '../support/lsp-client.js';
import { requiredInCi } from '../support/system.js';

/** The Node 24 that .ci/run installs beside code-server (Node 22 and later freeze V8's flags at startup). */
const NODE24 = path.join(ROOT, '.cache/code-server/node_modules/node/bin/node');

/** Start `kibitz --stdio` on a Node, answer initialize, and return the server process's command line. */
async function serverCommandLine(node: string): Promise<{ cmdline: string[]; hover: boolean }> {
  const proc = spawn(node, [BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, KIBITZ_INDEX_ON_START: '0', KIBITZ_LOG_LEVEL: 'warn' } });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.listen();
  try {
    const init = await conn.sendRequest<{ capabilities: { hoverProvider?: boolean } }>('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
    const cmdline = readFileSync(`/proc/${proc.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { cmdline, hover: !!init.capabilities.hoverProvider };
  } finally {
    conn.dispose();
    proc.kill();
  }
}

describe("the server keeps the shell grammar's wasm on V8's baseline compiler", () => {
  it('on Node 22 and later it starts again with --liftoff-only (same process, same stdio) and answers', async () => {
    if (!requiredInCi(existsSync(NODE24), `Node 24 beside code-server (${NODE24})`)) return;
    const { cmdline, hover } = await serverCommandLine(NODE24);
    expect(cmdline.slice(0, 2)).toEqual([NODE24, '--liftoff-only']);
    expect(cmdline).toContain('--stdio');
    expect(hover).toBe(true);
  });

  it('on a Node without execve (20) it runs as started (parse.ts sets the flag at run time) and answers', async () => {
    const { cmdline, hover } = await serverCommandLine(process.execPath);
    const execve = typeof (process as { execve?: unknown }).execve === 'function';
    expect(cmdline.includes('--liftoff-only')).toBe(execve);
    expect(hover).toBe(true);
  });
});
