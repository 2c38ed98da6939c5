// Appends N events to a feedback log as fast as it can (to test two writers at once).
import { EventLog } from '../../server/out/feedback/log.js';
const [dir, name, n] = process.argv.slice(2);
const log = new EventLog(dir, { maxBytes: 1e9 });
for (let i = 0; i < Number(n); i++)
  log.append({ v: 1, at: new Date().toISOString(), type: 'offered', proposal: `${name}-${i}`, feature: 'quick-fix', source: 'offline', session: name, input: 'x'.repeat(200 + (i % 50)) });
