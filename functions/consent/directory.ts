import { DIRECTORY_SEARCH_RATE, searchDirectory, type DirectorySearchView } from '../../shared/domain/directory-search';
import { ProblemError } from '../../shared/http/problem';
import type { Deps } from '../../shared/runtime/deps';
import { listStaff } from '../../shared/store/directory-repository';
import { countRequest } from '../../shared/store/rate-limit-repository';

/**
 * A patient looks for someone to share with: counted against their rate limit first (429 with
 * Retry-After beyond it), then matched over the borough's staff, read from the staff index (never a
 * patient's entry), and its organisations.
 */
export const findPeopleToShareWith = async (deps: Deps, callerId: string, query: string): Promise<DirectorySearchView> => {
  const borough = deps.config.borough;
  const { allowed, retryAfterSeconds } = await countRequest(deps.store, borough.id, callerId, 'directory-search', DIRECTORY_SEARCH_RATE, deps.clock());
  if (!allowed) {
    throw new ProblemError(
      429,
      'too-many-requests',
      'Too Many Requests',
      `You looked up more than ${String(DIRECTORY_SEARCH_RATE.perWindow)} names in a minute; please wait ${String(retryAfterSeconds)} seconds and try again.`,
      {},
      { 'retry-after': String(retryAfterSeconds) },
    );
  }
  return searchDirectory(query, await listStaff(deps.store, borough.id), borough.organisations);
};
