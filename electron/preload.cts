// Sandboxed preload: CommonJS and self-contained (a sandboxed preload may only require 'electron').
// It exposes exactly one thing, the API bridge: core's calls, and saving a job's file. The channel
// names must equal API_CHANNEL in ipc.ts, SAVE_CHANNEL in save-download.ts and CONNECTION_CHANNEL in server-connection.ts.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS (see above)
const { contextBridge, ipcRenderer } = require('electron') as typeof import('electron');

contextBridge.exposeInMainWorld('swsApi', {
  call: (name: string, input: unknown, session?: string | null): Promise<unknown> => ipcRenderer.invoke('sws:api', name, input, session ?? undefined),
  saveDownload: (ticket: string, session?: string | null): Promise<unknown> => ipcRenderer.invoke('sws:save-download', ticket, session ?? undefined),
  // 连接到协会服务器: status, read a server's certificate, connect after the user compared it, back to local (CONNECTION_CHANNEL).
  connection: (request: unknown): Promise<unknown> => ipcRenderer.invoke('sws:connection', request),
});
