// The bearer token of a team server started with --api-key (vLLM, SGLang, TGI, LM Studio,
// llama.cpp): SecretStorage only. Never logged, never written to settings.
import * as vscode from 'vscode';
import { StoredSecret } from './storedSecret';

const SECRET_NAME = 'deepseekFim.serverToken';

export class ServerTokenStore {
  private readonly token: StoredSecret;

  /** `onChange` is called after the token was loaded anew (stored, cleared, or changed in another window). */
  constructor(secrets: vscode.SecretStorage, onChange: () => void) {
    this.token = new StoredSecret(secrets, SECRET_NAME, onChange);
  }

  load(): Promise<void> {
    return this.token.load();
  }

  /** The token in use, or undefined (the server needs none). */
  get current(): string | undefined {
    return this.token.value;
  }

  promptAndStore(): Promise<boolean> {
    return this.token.ask({
      title: vscode.l10n.t('DeepSeek FIM: Set Server Token'),
      prompt: vscode.l10n.t('The token your team server was started with (--api-key). Stored in VS Code\'s secret storage, never in settings.'),
      validate: (value) => (value.trim().length === 0 || /\s/.test(value.trim()) ? vscode.l10n.t('A token is one word with no spaces.') : undefined),
    });
  }

  clear(): Promise<void> {
    return this.token.clear();
  }
}
