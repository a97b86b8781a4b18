/**
 * The preload exposes the tRPC IPC bridge and nothing else: no ipcRenderer, no Node, no other API.
 * Bundled whole into one CommonJS file so it runs in a sandboxed renderer.
 */
import { exposeElectronTRPC } from 'electron-trpc-experimental/preload';

exposeElectronTRPC();
