import { useRef, useState, type ReactElement } from 'react';
import { useClient } from '../desk-context';
import { directivesFromFile } from '../forms/import-file';
import { shortId } from './use-ledger';

interface Outcome {
  readonly file: string;
  readonly error: string | null;
  readonly results: readonly { index: number; ok: boolean; planId: string | null; summary: string }[];
}

/** Import: a JSON file of directives in the seeds' format, each submitted by the engine; one result line per directive. */
export function ImportDirectives(): ReactElement {
  const client = useClient();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const load = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      const parsed = directivesFromFile(await file.text());
      if (!parsed.ok) {
        setOutcome({ file: file.name, error: parsed.message, results: [] });
        return;
      }
      const r = await client.importDirectives({ directives: parsed.directives });
      setOutcome(r.ok ? { file: file.name, error: null, results: r.value } : { file: file.name, error: `${r.error.message} (${r.error.code})`, results: [] });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const accepted = outcome?.results.filter((r) => r.ok).length ?? 0;
  return (
    <div className="import">
      <button type="button" className="btn" disabled={busy} onClick={() => input.current?.click()}>
        Import
      </button>
      <input ref={input} className="sr-only" type="file" accept=".json,application/json" aria-label="Directives file" tabIndex={-1} onChange={(e) => void load(e.target.files?.[0])} />
      {outcome ? (
        <div className="import__outcome" role="status" aria-label="Import results">
          <p className={outcome.error ? 'tone-bad' : 'small'}>
            {outcome.file}: {outcome.error ?? `${accepted} of ${outcome.results.length} accepted`}
          </p>
          {outcome.results.length > 0 ? (
            <ol className="import__list">
              {outcome.results.map((r) => (
                <li key={r.index} className={r.ok ? 'tone-done' : 'tone-bad'}>
                  #{r.index + 1} {r.ok ? '✓' : '✗'} {r.planId ? <span className="mono">{shortId(r.planId)} </span> : null}
                  {r.summary}
                </li>
              ))}
            </ol>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
