import type { StepProgramme } from '../../shared/domain/library';
import { ValidationProblemError } from '../../shared/http/problem';
import { fromProgrammeItem } from '../../shared/store/library-repository';

/**
 * What a step keeps of the library programme it names (read with the plan): its id, name and link.
 * No such programme, or a retired one, is refused with 422 naming `body.programmeId`.
 */
export const stepProgramme = (item: Record<string, unknown> | undefined): StepProgramme => {
  const programme = fromProgrammeItem(item);
  if (!programme || programme.status !== 'active')
    throw new ValidationProblemError(422, 'Invalid input: body.programmeId.', [
      { field: 'body.programmeId', detail: programme ? 'names a programme the library no longer offers' : 'names no programme of the library' },
    ]);
  return { programmeId: programme.programmeId, name: programme.name, link: programme.link };
};
