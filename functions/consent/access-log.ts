import { personView, unknownPerson } from '../../shared/domain/people';
import type { Deps } from '../../shared/runtime/deps';
import { getPeople } from '../../shared/store/directory-repository';

/**
 * How the access log names who acted: a person by name, role title and organisation ("Miriam Okafor,
 * Psychotherapist, ELFT"), a system client by the name the borough file gives it; read by key, one
 * request for a page's actors, once the record has allowed the patient to read their log.
 */
export const actorLabels = async (deps: Deps, actorIds: Iterable<string>): Promise<(actorId: string) => string> => {
  const { id, organisations, integrations } = deps.config.borough;
  const systems = new Map(integrations.map((i) => [i.id, i.name]));
  const people = await getPeople(
    deps.store,
    id,
    [...actorIds].filter((a) => !systems.has(a)),
  );
  return (actorId) => {
    const system = systems.get(actorId);
    if (system !== undefined) return system;
    const person = people.get(actorId);
    return person ? personView(person, organisations).label : unknownPerson(actorId).label;
  };
};
