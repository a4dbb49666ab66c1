// Sandboxed preload: CommonJS and self-contained (a sandboxed preload may only require 'electron').
// It exposes exactly one thing, the API bridge. The channel name must equal API_CHANNEL in ipc.ts.
const { contextBridge, ipcRenderer } = require('electron') as typeof import('electron');

contextBridge.exposeInMainWorld('swsApi', {
  call: (name: string, input: unknown, session?: string | null): Promise<unknown> => ipcRenderer.invoke('sws:api', name, input, session ?? undefined),
});
