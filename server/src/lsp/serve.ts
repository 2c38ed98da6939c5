export async function serve(_a: string[]): Promise<void> {}
