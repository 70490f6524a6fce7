// Runs sandboxed, bundled to one CJS file (scripts/build-electron.mjs): only
// 'electron' may be required at runtime. The command names come from the
// main process (webPreferences.additionalArguments), so the preload carries
// no copy of the contract and no zod.
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, decodeCommandNamesArg } from '../core/api/bridge';
import { createBridge } from './preload-bridge';

contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer, decodeCommandNamesArg(process.argv)));
