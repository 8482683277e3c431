// One secret in VS Code's SecretStorage (the DeepSeek API key, a team server's token): cached for
// the keystroke path, loaded anew when another window changes it, asked for in a password box.
// Never logged, never written to settings.
import * as vscode from 'vscode';

/** What the password box says, in the display language. */
export interface SecretQuestion {
  readonly title: string;
  readonly prompt: string;
  readonly placeHolder?: string;
  /** Why the value cannot be right, or undefined when it can. */
  readonly validate: (value: string) => string | undefined;
}

export class StoredSecret {
  private cached: string | undefined;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly name: string,
    /** Called after the secret was loaded anew (stored, cleared, or changed in another window). */
    private readonly onChange: () => void,
  ) {
    secrets.onDidChange(async (event) => {
      if (event.key !== name) return;
      await this.load();
      onChange();
    });
  }

  async load(): Promise<void> {
    this.cached = (await this.secrets.get(this.name)) || undefined;
  }

  get value(): string | undefined {
    return this.cached;
  }

  /** Asks for the secret and stores it; false when the person cancelled. */
  async ask(question: SecretQuestion): Promise<boolean> {
    const value = await vscode.window.showInputBox({
      title: question.title,
      prompt: question.prompt,
      placeHolder: question.placeHolder,
      password: true,
      ignoreFocusOut: true,
      validateInput: question.validate,
    });
    if (!value) return false;
    await this.store(value);
    return true;
  }

  async store(value: string): Promise<void> {
    await this.secrets.store(this.name, value.trim());
    await this.load();
    this.onChange();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(this.name);
    this.cached = undefined;
    this.onChange();
  }
}
