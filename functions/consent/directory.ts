import { DIRECTORY_SEARCH_RATE, searchDirectory, type DirectorySearchView } from '../../shared/domain/directory-search';
import { TooManyRequestsError } from '../../shared/http/problem';
import type { Deps } from '../../shared/runtime/deps';
import { listStaff } from '../../shared/store/directory-repository';
import { countAttempt } from '../../shared/store/rate-limit';

/**
 * A patient looks for someone to share with: counted against their rate limit first (429 with
 * Retry-After beyond it), then matched over the borough's staff, read from the staff index (never a
 * patient's entry), and its organisations.
 */
export const findPeopleToShareWith = async (deps: Deps, callerId: string, query: string): Promise<DirectorySearchView> => {
  const borough = deps.config.borough;
  const limit = { perWindow: DIRECTORY_SEARCH_RATE.perWindow, windowSeconds: DIRECTORY_SEARCH_RATE.windowMs / 1000 };
  const rate = await countAttempt(deps.store, borough.id, 'directory-search', callerId, limit, deps.clock());
  if (!rate.allowed) {
    const wait = String(rate.retryAfterSeconds);
    throw new TooManyRequestsError(`You looked up more than ${String(DIRECTORY_SEARCH_RATE.perWindow)} names in a minute; please wait ${wait} seconds and try again.`, rate.retryAfterSeconds);
  }
  return searchDirectory(query, await listStaff(deps.store, borough.id), borough.organisations);
};
