// The man index is built in its own process: at the lowest CPU priority, with its own memory (parsing 18,000
// pages must neither delay a hover nor stay in the server's heap). Started by indexInChild; talks over IPC.
import { manDirs, manFiles } from '../retrieval/corpora/man.js';
import { buildManIndex } from '../retrieval/man-index-build.js';
import { specText } from '../shell/docs/index.js';

interface Job {
  dir: string;
  manpath: string[];
}

process.on('message', (job: Job) => {
  void (async () => {
    try {
      const files = manFiles(manDirs(job.manpath));
      let last = 0;
      const r = await buildManIndex(job.dir, files, {
        describe: specText,
        onProgress: (done, total) => {
          if (done - last >= 250 || done === total) {
            last = done;
            process.send?.({ type: 'progress', done, total });
          }
        },
      });
      process.send?.({ type: 'done', ...r }, () => process.exit(0));
    } catch (err) {
      process.send?.({ type: 'error', message: (err as Error).message }, () => process.exit(1));
    }
  })();
});
