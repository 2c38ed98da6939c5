#!/usr/bin/env node
import { main } from '../out/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`kibitz: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);
