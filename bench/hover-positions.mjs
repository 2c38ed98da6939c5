/** Hover positions in a script's lines: the start (+1) of each word that looks like a command or a flag, outside comments. */
export function hoverPositions(lines) {
  const out = [];
  lines.forEach((l, line) => {
    const code = l.replace(/(^|\s)#.*$/, '');
    for (const m of code.matchAll(/(?<=^|[\s;|&(])(-{1,2}[A-Za-z][\w-]*|[a-z][\w.-]+)/g)) out.push({ line, character: m.index + 1 });
  });
  return out;
}
