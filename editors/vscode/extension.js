// The servplan VS Code client: starts `servplan lsp` over stdio for .splan files and for the
// YAML files matched by `servplan.yamlGlobs`, and restarts it when its settings change.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function documentSelector() {
  const config = vscode.workspace.getConfiguration('servplan');
  const selector = [
    { scheme: 'file', language: 'splan' },
    { scheme: 'untitled', language: 'splan' },
  ];
  for (const pattern of config.get('yamlGlobs', [])) {
    selector.push({ scheme: 'file', language: 'yaml', pattern });
  }
  return selector;
}

async function start(context) {
  const config = vscode.workspace.getConfiguration('servplan');
  const command = config.get('path', 'servplan') || 'servplan';
  const serverOptions = {
    run: { command, args: ['lsp'], transport: TransportKind.stdio },
    debug: { command, args: ['lsp'], transport: TransportKind.stdio },
  };
  const clientOptions = {
    documentSelector: documentSelector(),
    outputChannelName: 'servplan',
    initializationOptions: { servplan: { codeLens: config.get('codeLens', true) } },
    synchronize: { configurationSection: 'servplan' },
  };
  client = new LanguageClient('servplan', 'servplan', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    vscode.window.showErrorMessage(
      `servplan: could not start '${command} lsp' (${err && err.message ? err.message : err}). ` +
        'Set "servplan.path" to the servplan launcher.');
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop().catch(() => undefined);
  }
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('servplan.restartServer', async () => {
      await stop();
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('servplan.path') || event.affectsConfiguration('servplan.yamlGlobs')) {
        await stop();
        await start(context);
      }
    }),
  );
  await start(context);
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
