/** kibitz's version (test/cli/cli.test.ts checks it against package.json). */
export const VERSION = '0.1.0';
