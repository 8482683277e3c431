// The DeepSeek API key: SecretStorage first, the DEEPSEEK_API_KEY environment variable as a
// fallback. Never logged, never written to settings.
import * as vscode from 'vscode';
import { ServerTokenStore } from './serverToken';
import { StoredSecret } from './storedSecret';

const SECRET_NAME = 'deepseekFim.deepseekApiKey';

export class ApiKeyStore {
  private readonly key: StoredSecret;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** A team server's token: a change to it rebuilds the backend like a change of key. */
  readonly serverToken: ServerTokenStore;

  constructor(secrets: vscode.SecretStorage) {
    this.key = new StoredSecret(secrets, SECRET_NAME, () => this.changed.fire());
    this.serverToken = new ServerTokenStore(secrets, () => this.changed.fire());
  }

  async load(): Promise<void> {
    await this.key.load();
    await this.serverToken.load();
  }

  /** The key in use (stored, else from the environment), or undefined. */
  get current(): string | undefined {
    return this.key.value ?? (process.env.DEEPSEEK_API_KEY?.trim() || undefined);
  }

  get source(): 'stored' | 'environment' | 'none' {
    if (this.key.value) return 'stored';
    return process.env.DEEPSEEK_API_KEY?.trim() ? 'environment' : 'none';
  }

  promptAndStore(): Promise<boolean> {
    return this.key.ask({
      title: vscode.l10n.t('DeepSeek FIM: Set API Key'),
      prompt: vscode.l10n.t('Your DeepSeek API key (stored in VS Code\'s secret storage, never in settings).'),
      placeHolder: 'sk-...',
      validate: (value) => (value.trim().length < 8 ? vscode.l10n.t('That does not look like an API key.') : undefined),
    });
  }

  store(key: string): Promise<void> {
    return this.key.store(key);
  }

  clear(): Promise<void> {
    return this.key.clear();
  }
}
