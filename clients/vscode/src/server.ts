// Entry of the bundled server that the extension starts (dist/server.mjs): the same main as `kibitz`.
import { main } from '../../../server/src/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`kibitz: ${err instanceof Error && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 2;
  },
);
