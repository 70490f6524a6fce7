import './zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from '../../core/api/client';
import { contract } from '../../core/api/contract';
import { desktopContract } from '../../core/api/desktop-contract';
import { decodeFillsPageFast, decodeLedgerEventFast, decodeOrdersPageFast } from '../../core/api/ledger-fast-path';
import { connectApi, NoAccessTokenError } from './api/page-transport';
import { App } from './App';
import { DeskContext } from './desk-context';
import { createDeskStore } from './store/desk-store';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');

try {
  // The ledger events and the history pages skip zod's interpreted parse (the schemas still decide anything unusual).
  const api = connectApi(contract, {
    decodeEvent: decodeLedgerEventFast,
    decodeOutput: {
      ordersPage: decodeOrdersPageFast,
      fillsPage: decodeFillsPageFast,
    },
  });
  const store = createDeskStore(api.client, api);
  const desktop = api.kind === 'electron' ? createClient(desktopContract, api.transport) : null;
  store.getState().start();
  createRoot(root).render(
    <StrictMode>
      <DeskContext.Provider value={{ store, client: api.client, desktop }}>
        <App />
      </DeskContext.Provider>
    </StrictMode>,
  );
} catch (error) {
  const message = error instanceof NoAccessTokenError ? error.message : `Ledgerdesk cannot start: ${String(error)}`;
  const p = document.createElement('p');
  p.className = 'fatal';
  p.setAttribute('role', 'alert');
  p.textContent = message;
  root.replaceChildren(p);
}
