import { useAction } from '../action';
import type { Download } from '../api';
import { saveFile } from '../save-file';
import { ErrorSummary } from './ErrorSummary';
import { Saved } from './Saved';

/**
 * A button that downloads a file from the API (with the person's token, so not a plain link) and
 * saves it as the browser saves any download; says what it saved, or what went wrong.
 * @example <DownloadButton label="Download my crisis card (PDF)" download={() => api.download('/patients/{patientId}/crisis-plan/card.pdf', { params: ME })} />
 */
export const DownloadButton = ({ label, download }: { label: string; download: () => Promise<Download> }) => {
  const action = useAction();
  return (
    <>
      <ErrorSummary error={action.error} />
      <Saved message={action.saved} />
      <button
        type="button"
        class="nhsuk-button nhsuk-button--secondary"
        onClick={() =>
          void action.run(
            async () => {
              const file = await download();
              saveFile(file);
              return file.filename;
            },
            (filename) => `Downloaded ${filename}.`,
          )
        }
      >
        {label}
      </button>
    </>
  );
};
