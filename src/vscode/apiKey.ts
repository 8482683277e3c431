// The DeepSeek API key: SecretStorage first, the DEEPSEEK_API_KEY environment variable as a
// fallback. Never logged, never written to settings.
import * as vscode from 'vscode';
import { ServerTokenStore } from './serverToken';

const SECRET_NAME = 'deepseekFim.deepseekApiKey';

export class ApiKeyStore {
  private cached: string | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** A team server's token: a change to it rebuilds the backend like a change of key. */
  readonly serverToken: ServerTokenStore;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.serverToken = new ServerTokenStore(secrets, () => this.changed.fire());
    secrets.onDidChange(async (event) => {
      if (event.key !== SECRET_NAME) return;
      await this.load();
      this.changed.fire();
    });
  }

  async load(): Promise<void> {
    this.cached = (await this.secrets.get(SECRET_NAME)) || undefined;
    await this.serverToken.load();
  }

  /** The key in use (stored, else from the environment), or undefined. */
  get current(): string | undefined {
    return this.cached ?? (process.env.DEEPSEEK_API_KEY?.trim() || undefined);
  }

  get source(): 'stored' | 'environment' | 'none' {
    if (this.cached) return 'stored';
    return process.env.DEEPSEEK_API_KEY?.trim() ? 'environment' : 'none';
  }

  async promptAndStore(): Promise<boolean> {
    const key = await vscode.window.showInputBox({
      title: vscode.l10n.t('DeepSeek FIM: Set API Key'),
      prompt: vscode.l10n.t('Your DeepSeek API key (stored in VS Code\'s secret storage, never in settings).'),
      password: true,
      ignoreFocusOut: true,
      placeHolder: 'sk-...',
      validateInput: (value) => (value.trim().length < 8 ? vscode.l10n.t('That does not look like an API key.') : undefined),
    });
    if (!key) return false;
    await this.store(key);
    return true;
  }

  async store(key: string): Promise<void> {
    await this.secrets.store(SECRET_NAME, key.trim());
    await this.load();
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_NAME);
    this.cached = undefined;
    this.changed.fire();
  }
}
