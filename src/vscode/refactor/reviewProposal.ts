// The review step: a diff of the file as it is against the file with the proposal in place
// (both read-only documents on a private scheme), and a choice, Apply or Discard, in a
// QuickPick that stays open while the user scrolls the diff and is driven by the keyboard
// (Enter applies, Escape discards). Closing the diff tab discards too.
import { basename } from 'node:path';
import * as vscode from 'vscode';

export const PROPOSAL_SCHEME = 'deepseek-fim-refactor';

export type ReviewChoice = 'apply' | 'discard';

interface ReviewItem extends vscode.QuickPickItem {
  readonly choice: ReviewChoice;
}

/** Serves the texts of the diff's two sides, for as long as the review lasts. */
export class ProposalDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private nextId = 1;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Two documents named after the file (so the diff shows its name and language). */
  add(fileName: string, original: string, proposed: string): { originalUri: vscode.Uri; proposedUri: vscode.Uri; release: () => void } {
    const id = this.nextId++;
    const originalUri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${id}/original/${fileName}` });
    const proposedUri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${id}/proposed/${fileName}` });
    this.texts.set(originalUri.toString(), original);
    this.texts.set(proposedUri.toString(), proposed);
    return {
      originalUri,
      proposedUri,
      release: () => {
        this.texts.delete(originalUri.toString());
        this.texts.delete(proposedUri.toString());
      },
    };
  }

  dispose(): void {
    this.texts.clear();
  }
}

export interface ProposalToReview {
  readonly document: vscode.TextDocument;
  /** The document's text now, and with the proposal in place (the document's line endings). */
  readonly originalText: string;
  readonly proposedText: string;
}

/** Shows the diff, asks Apply or Discard, then closes the diff. */
export async function reviewProposal(documents: ProposalDocuments, proposal: ProposalToReview): Promise<ReviewChoice> {
  const name = basename(proposal.document.uri.path) || 'untitled';
  const { originalUri, proposedUri, release } = documents.add(name, proposal.originalText, proposal.proposedText);
  try {
    // Same language as the file, whatever its name says (untitled files have no extension).
    for (const uri of [originalUri, proposedUri]) {
      const side = await vscode.workspace.openTextDocument(uri);
      if (side.languageId !== proposal.document.languageId) await vscode.languages.setTextDocumentLanguage(side, proposal.document.languageId);
    }
    await vscode.commands.executeCommand('vscode.diff', originalUri, proposedUri, vscode.l10n.t('{0}: now ↔ proposed (DeepSeek FIM)', name), { preview: false });
    return await askApplyOrDiscard(name, proposedUri);
  } finally {
    await closeDiff(proposedUri);
    release();
  }
}

function askApplyOrDiscard(name: string, proposedUri: vscode.Uri): Promise<ReviewChoice> {
  const pick = vscode.window.createQuickPick<ReviewItem>();
  pick.title = vscode.l10n.t('DeepSeek FIM: Review the proposed edit to {0}', name);
  pick.placeholder = vscode.l10n.t('Apply the change shown in the diff, or discard it');
  pick.items = [
    { label: `$(check) ${vscode.l10n.t('Apply')}`, description: vscode.l10n.t('replace the selection with the proposal (one undo step)'), choice: 'apply' },
    { label: `$(discard) ${vscode.l10n.t('Discard')}`, description: vscode.l10n.t('leave the file as it is'), choice: 'discard' },
  ];
  // Stays open while the user scrolls the diff.
  pick.ignoreFocusOut = true;
  return new Promise<ReviewChoice>((resolve) => {
    let choice: ReviewChoice = 'discard';
    const subscriptions = [
      pick.onDidAccept(() => {
        choice = (pick.selectedItems[0] ?? pick.activeItems[0])?.choice ?? 'discard';
        pick.hide();
      }),
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        if (event.closed.some((tab) => isDiffOf(tab, proposedUri))) pick.hide();
      }),
      pick.onDidHide(() => {
        for (const subscription of subscriptions) subscription.dispose();
        pick.dispose();
        resolve(choice);
      }),
    ];
    pick.show();
  });
}

function isDiffOf(tab: vscode.Tab, proposedUri: vscode.Uri): boolean {
  return tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === proposedUri.toString();
}

async function closeDiff(proposedUri: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => isDiffOf(tab, proposedUri));
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}
