/** Hover positions in a script's lines: the start (+1) of each word that looks like a command or a flag, outside comments. */
export function hoverPositions(lines: string[]): { line: number; character: number }[];
