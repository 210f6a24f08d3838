import type { ComponentChildren } from 'preact';
import { useAction } from '../action';
import type { Download } from '../api';
import { saveFile } from '../save-file';
import { ErrorSummary } from './ErrorSummary';
import { Saved } from './Saved';

/**
 * A button that fetches a file with the session's token and saves it as the browser saves any
 * download, then says what was saved (or shows the API's problem).
 */
export const DownloadButton = ({ fetchFile, children, id }: { fetchFile: () => Promise<Download>; children: ComponentChildren; id?: string }) => {
  const action = useAction();
  return (
    <>
      <ErrorSummary error={action.error} />
      <Saved message={action.saved} />
      <button
        type="button"
        class="nhsuk-button nhsuk-button--secondary"
        {...(id ? { id } : {})}
        onClick={() =>
          void action.run(
            async () => {
              const file = await fetchFile();
              saveFile(file);
              return file.filename;
            },
            (filename) => `Downloaded ${filename}.`,
          )
        }
      >
        {children}
      </button>
    </>
  );
};
