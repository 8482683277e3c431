// The bearer token of a team server started with --api-key (vLLM, SGLang, TGI, LM Studio,
// llama.cpp): SecretStorage only. Never logged, never written to settings.
import * as vscode from 'vscode';

const SECRET_NAME = 'deepseekFim.serverToken';

export class ServerTokenStore {
  private cached: string | undefined;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    /** Called after the token was loaded anew (stored, cleared, or changed in another window). */
    private readonly onChange: () => void,
  ) {
    secrets.onDidChange(async (event) => {
      if (event.key !== SECRET_NAME) return;
      await this.load();
      this.onChange();
    });
  }

  async load(): Promise<void> {
    this.cached = (await this.secrets.get(SECRET_NAME)) || undefined;
  }

  /** The token in use, or undefined (the server needs none). */
  get current(): string | undefined {
    return this.cached;
  }

  async promptAndStore(): Promise<boolean> {
    const token = await vscode.window.showInputBox({
      title: vscode.l10n.t('DeepSeek FIM: Set Server Token'),
      prompt: vscode.l10n.t('The token your team server was started with (--api-key). Stored in VS Code\'s secret storage, never in settings.'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim().length === 0 || /\s/.test(value.trim()) ? vscode.l10n.t('A token is one word with no spaces.') : undefined),
    });
    if (!token) return false;
    await this.secrets.store(SECRET_NAME, token.trim());
    await this.load();
    this.onChange();
    return true;
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_NAME);
    this.cached = undefined;
    this.onChange();
  }
}
