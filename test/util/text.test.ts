import { describe, expect, it } from 'vitest';
import { whatItDoes } from '../../server/src/util/text.js';

describe('whatItDoes', () => {
  it('is the text after the first " - " of a NAME line; a dash inside a name is not the separator', () => {
    expect(whatItDoes('dbus-send - Send a message to a message bus')).toBe('Send a message to a message bus');
    expect(whatItDoes('gzip, gunzip, zcat - compress or expand files')).toBe('compress or expand files');
    expect(whatItDoes('ssh-keygen - OpenSSH authentication key utility - with a dash')).toBe('OpenSSH authentication key utility - with a dash');
    expect(whatItDoes('a page with no separator')).toBe('a page with no separator');
  });
});
