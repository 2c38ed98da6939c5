#!/usr/bin/env node
// The language server keeps the shell grammar's wasm on V8's baseline compiler (server/src/shell/parse.ts says
// why: 25-40 MB less resident memory). Node 20 takes that flag at run time; Node 22 and later freeze V8's flags
// at startup, so there the server process starts again with it: execve, the same process and the same stdio.
// Not when a parent talks to it over an IPC channel (VS Code passes the flag itself).
const server = process.argv.slice(2).some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket'));
if (server && typeof process.execve === 'function' && !process.execArgv.includes('--liftoff-only') && !process.env.NODE_CHANNEL_FD) {
  try {
    process.execve(process.execPath, [process.execPath, '--liftoff-only', ...process.execArgv, ...process.argv.slice(1)], process.env);
  } catch {
    // no execve here: the server runs with V8's defaults
  }
}
const { main } = await import('../out/main.js');

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`kibitz: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);
