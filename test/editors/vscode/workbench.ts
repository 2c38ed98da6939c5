import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

/**
 * VS Code's workbench in a browser page, driven as a person would: keyboard shortcuts, Quick Open, the mouse on
 * a word, the light bulb menu. Every step takes a screenshot when it fails (under `shots`).
 */
export class Workbench {
  constructor(
    readonly page: Page,
    private readonly shots: string,
    /** What to add to a failure's message (the end of the server's log). */
    private readonly diagnose: () => string = () => '',
  ) {}

  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      mkdirSync(this.shots, { recursive: true });
      await this.page.screenshot({ path: path.join(this.shots, `${name}.png`) }).catch(() => undefined);
      throw new Error(`step "${name}" failed (screenshot in ${this.shots}): ${(err as Error).message}\n${this.diagnose()}`);
    }
  }

  /** Open the quick input with `key` (Ctrl+P: files, F1: commands), type `text` and pick the first row that shows it. */
  private async quickPick(key: string, text: string): Promise<void> {
    await this.page.keyboard.press(key);
    await this.page.locator('.quick-input-widget input').waitFor();
    await this.page.keyboard.type(text);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  /** Quick Open (Ctrl+P) a workspace file by name, and wait for its editor. */
  async openFile(name: string): Promise<void> {
    await this.quickPick('Control+P', name);
    await this.page.locator('.tab.active', { hasText: name }).waitFor();
    await this.editorLine(name === 'deploy.sh' ? 'tar' : '')
      .first()
      .waitFor();
  }

  /** A line of the active text editor containing `text`. */
  editorLine(text: string): Locator {
    return this.page.locator('.editor-group-container.active .view-lines .view-line', { hasText: text });
  }

  /** The rendered token `token` on the line containing `line`. */
  token(line: string, token: string): Locator {
    return this.editorLine(line).locator('span > span', { hasText: token }).first();
  }

  /**
   * Rest the mouse on a token and return the hover widget's text ('' when none shows within `timeout`). The mouse
   * leaves and comes back every few seconds, as a person would do while the server starts.
   */
  async hover(line: string, token: string, timeout = 15_000): Promise<string> {
    const widget = this.page.locator('.monaco-hover:visible .monaco-hover-content').first();
    for (const t0 = Date.now(); Date.now() - t0 < timeout;) {
      await this.page.mouse.move(5, 5);
      await widget.waitFor({ state: 'detached', timeout: 3000 }).catch(() => undefined);
      await this.token(line, token).hover();
      try {
        await widget.waitFor({ timeout: Math.min(4000, Math.max(500, timeout - (Date.now() - t0))) });
        return await widget.innerText();
      } catch {
        // nothing yet
      }
    }
    return '';
  }

  /** Put the cursor on a token, open the light bulb menu (Ctrl+.) and return the titles offered (asked again while it is empty). */
  async codeActions(line: string, token: string, tries = 6): Promise<string[]> {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    for (let i = 0; ; i++) {
      await this.page.keyboard.press('Escape');
      await this.token(line, token).click();
      await this.page.keyboard.press('Control+.');
      try {
        await rows.first().waitFor({ timeout: 4000 });
        return (await rows.allInnerTexts()).map((t) => t.trim());
      } catch (err) {
        if (i + 1 >= tries) throw err;
      }
    }
  }

  /** Pick an entry of the open light bulb menu. */
  async pickAction(title: string): Promise<void> {
    await this.page.locator('.action-widget .monaco-list-row.action', { hasText: title }).first().click();
  }

  /** Ctrl+S, then the file's text on disk once `ready` says it was written (the save is asynchronous). */
  async saveAndRead(file: string, ready: (text: string) => boolean, timeout = 20_000): Promise<string> {
    await this.page.keyboard.press('Control+S');
    let text = '';
    for (const t0 = Date.now(); Date.now() - t0 < timeout; await this.page.waitForTimeout(100)) {
      text = readFileSync(file, 'utf8');
      if (ready(text)) return text;
    }
    throw new Error(`${file} was not saved as expected; on disk:\n${text}`);
  }

  /** Run a command from the Command Palette by its title. */
  async command(title: string): Promise<void> {
    await this.quickPick('F1', title);
  }

  /** The Problems panel's rows. */
  async problems(expect: string): Promise<string> {
    await this.page.keyboard.press('Control+Shift+M');
    const panel = this.page.locator('.markers-panel');
    await panel.locator('.monaco-list-row', { hasText: expect }).first().waitFor({ timeout: 20_000 });
    return panel.innerText();
  }

  /**
   * The completion items the suggest widget shows after Ctrl+Space in the focused editor; asked again (as a person
   * would) while it says "No suggestions" or lacks what is expected, up to `tries` times.
   */
  async suggestions(expect: RegExp, tries = 10): Promise<string[]> {
    const rows = this.page.locator('.suggest-widget.visible .monaco-list-row');
    let seen: string[] = [];
    for (let i = 0; i < tries; i++) {
      await this.page.keyboard.press('Control+Space');
      try {
        await rows.filter({ hasText: expect }).first().waitFor({ timeout: 3000 });
        return (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''))).map((t) => t.trim());
      } catch {
        seen = await rows.allInnerTexts();
        await this.page.keyboard.press('Escape');
      }
    }
    throw new Error(`no suggestion matching ${String(expect)} (last shown: ${JSON.stringify(seen)})`);
  }
}
