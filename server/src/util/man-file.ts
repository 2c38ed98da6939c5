import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** The text of a man page file, gzip or plain. */
export function readPageSource(file: string): string {
  const buf = readFileSync(file);
  const data = file.endsWith('.gz') || (buf[0] === 0x1f && buf[1] === 0x8b) ? gunzipSync(buf) : buf;
  return data.toString('utf8');
}
