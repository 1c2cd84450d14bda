'use client';

import Link from 'next/link';
import { startTransition, useActionState, useId, useState } from 'react';
import { FormMessages } from '@/app/_components/form-bits';
import { importAdrsAction, type ImportState } from '../../actions';
import { importPathDepth, uploadTooLarge } from '@/lib/adr/limits';

/** `notice`: why an import by this person would be refused (they are not in the team), said before they upload anything. */
export function ImportForm({ team, notice }: { team: string; notice?: string }) {
  const [state, action, pending] = useActionState<ImportState, FormData>(importAdrsAction, {});
  const [count, setCount] = useState(0);
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const id = useId();
  return (
    <form
      action={action}
      className="card"
      aria-labelledby={`${id}-h`}
      // Sent from here: a folder's files in its sub-folders are only listed as skipped, so only their names go
      // (with JavaScript off the browser sends everything, and the server says the same). The total is checked
      // here too: a request over the server's limit would never reach the import to be answered.
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData();
        data.set('team', team);
        let bytes = 0;
        for (const input of e.currentTarget.querySelectorAll<HTMLInputElement>('input[type=file]')) {
          for (const file of input.files ?? []) {
            const path = file.webkitRelativePath || file.name;
            const nested = importPathDepth(path) > 2;
            if (!nested) bytes += file.size;
            data.append('files', nested ? new File([], file.name) : file);
            data.append('paths', path);
          }
        }
        const why = uploadTooLarge(bytes);
        setTooLarge(why);
        if (!why) startTransition(() => action(data));
      }}
    >
      <h2 id={`${id}-h`}>Import ADRs</h2>
      <p className="muted small">
        Bring in an existing decision log: MADR, Nygard / adr-tools and log4brains records. Accepted records become published decisions marked <em>imported</em> (they did not pass Candor’s
        gate); proposed ones become drafts. Supersede links between files are kept, and importing the same folder again creates nothing new. Every file is
        checked before anything is written: files that are not Markdown, too large (over 256 KB), nested too deeply or in a sub-folder are listed below with the reason and skipped. One import takes up to 8 MB in all.
      </p>
      {notice && <p className="banner warn small">{notice}</p>}
      <input type="hidden" name="team" value={team} />
      <div className="repeat-grid">
        <div className="field">
          <label htmlFor={`${id}-folder`}>A folder</label>
          <input
            id={`${id}-folder`}
            name="folder"
            type="file"
            // @ts-expect-error -- webkitdirectory is not in React's types but every current browser supports it
            webkitdirectory=""
            multiple
            onChange={(e) => setCount((c) => Math.max(c, e.target.files?.length ?? 0))}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-files`}>Or .md files</label>
          <input id={`${id}-files`} name="files" type="file" accept=".md,.markdown,text/markdown" multiple onChange={(e) => setCount((c) => Math.max(c, e.target.files?.length ?? 0))} />
        </div>
      </div>
      <button className="button primary" type="submit" disabled={pending}>
        {pending ? `Importing${count ? ` ${count} files` : ''}…` : 'Import'}
      </button>
      {pending && <progress className="import-progress" aria-label="Importing" />}
      {tooLarge ? (
        <p className="form-error" role="status">
          {tooLarge}
        </p>
      ) : (
        <FormMessages state={state} />
      )}
      {state.summary && (
        <p className="form-success" role="status">
          {state.summary}
        </p>
      )}
      {state.results && state.results.length > 0 && (
        <div className="table-wrap" role="region" aria-label="Import results" tabIndex={0}>
          <table className="table">
            <caption className="sr-only">Import results, one row per file</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {state.results.map((r) => (
                <tr key={r.file}>
                  <td>
                    <code>{r.file}</code>
                  </td>
                  <td>
                    <span className={`chip ${r.status === 'imported' ? 'good' : r.status === 'failed' ? 'bad' : ''}`}>{r.status}</span>{' '}
                    {r.decisionId ? <Link href={`/decisions/${r.decisionId}`}>{r.title ?? `#${r.decisionId}`}</Link> : null} {r.reason && <span className="small muted">{r.reason}</span>}
                    {r.warnings && r.warnings.length > 0 && (
                      <ul className="small import-warnings" aria-label={`Warnings for ${r.file}`}>
                        {r.warnings.map((w) => (
                          <li key={w}>Warning: {w}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </form>
  );
}
