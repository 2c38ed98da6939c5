import { defaultConfig } from '../config/schema.js';
import { doctor, doctorText } from '../services/doctor.js';
import { flag, type CliCommand } from './command.js';
import { workspaceRoot } from './retrieval.js';

export const doctorCli: CliCommand = {
  name: 'doctor',
  summary: 'What this installation has and lacks (Node, man pages, indexes, hnswlib, model endpoint, logs, feedback store), each problem with the exact fix.',
  maxOperands: 0,
  options: {
    json: { type: 'boolean', description: 'print the report as JSON' },
    offline: { type: 'boolean', description: 'do not contact the model endpoint or the feedback database' },
  },
  details: 'exit 1 when a check failed (warnings alone exit 0)',
  async run(p, io, env) {
    const r = await doctor({ config: defaultConfig(), env, workspace: workspaceRoot(), network: !flag(p, 'offline') });
    io.out(flag(p, 'json') ? JSON.stringify(r, null, 2) + '\n' : doctorText(r));
    return r.checks.some((c) => c.status === 'fail') ? 1 : 0;
  },
};
