export * from './explain.js';
export { renderMarkdown, partAt } from './render.js';
