// One simulated developer's server for bench/team-load.ts: logs feedback events at a steady rate into its own
// state dir and ships them to the team store, then waits until everything is confirmed. Uses the built server.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { EventLog } from '../server/out/feedback/log.js';
import { TeamShipper } from '../server/out/feedback/team-ship.js';

const { url, index, seconds, perSecond } = workerData;
const dir = mkdtempSync(path.join(tmpdir(), `kibitz-load-${index}-`));
const log = new EventLog(dir);
const shipper = new TeamShipper(url, log, { developer: { id: `load-${index}` }, intervalMs: 500, maxBackoffMs: 2000 });
const features = ['quick-fix', 'code-action', 'commit', 'hover'];
const session = randomUUID().slice(0, 8);
let made = 0;
const t0 = Date.now();
while (Date.now() - t0 < seconds * 1000) {
  const i = made++;
  const feature = features[i % features.length];
  log.append({
    v: 1,
    at: new Date().toISOString(),
    type: feature === 'hover' ? 'viewed' : i % 3 === 0 ? 'accepted' : 'offered',
    proposal: `${session}-${Math.floor(i / 3)}`,
    feature,
    source: i % 5 === 0 ? 'model' : 'offline',
    kind: `kind-${i % 7}`,
    latencyMs: 5 + (i % 40),
    session,
    input: `request ${i} from developer ${index}`,
    output: `proposal ${i}`,
  });
  shipper.kick();
  // a steady rate with jitter, like a developer's editor
  await new Promise((r) => setTimeout(r, (1000 / perSecond) * (0.5 + Math.random())));
}
const drainStart = Date.now();
while ((await shipper.pendingCount()) > 0 && Date.now() - drainStart < 120_000) {
  await shipper.ship();
  if ((await shipper.pendingCount()) > 0) await new Promise((r) => setTimeout(r, 250));
}
const ids = log.read().map((e) => e.id);
await shipper.close();
parentPort.postMessage({ index, ids, insertMs: shipper.status.insertMs, pending: await shipper.pendingCount(), errors: shipper.status.lastError ?? '' });
