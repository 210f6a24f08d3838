import type { Answer } from '../api';
import type { FieldInputProps } from '../components/Field';

export type Programme = Answer<'/library'>['items'][number];
export type Category = Programme['category'];

/** Each category of the library, as people read it. */
export const CATEGORY_WORDS: Record<Category, string> = {
  exercise: 'Exercise and sport',
  diet: 'Food and cooking',
  arts: 'Arts and music',
  'therapy-apps': 'Therapy and wellbeing apps',
  'digital-skills': 'Digital skills',
  'peer-support': 'Peer support',
  employment: 'Work and volunteering',
};

export const CATEGORIES = Object.keys(CATEGORY_WORDS) as Category[];

/** The kinds as a select, with "All kinds" first when a search may have none. */
export const CategorySelect = <V extends Category | ''>({ value, onChange, any, ...props }: FieldInputProps & { value: V; onChange: (value: V) => void; any?: boolean }) => (
  <select class="nhsuk-select" value={value} onChange={(e) => onChange(e.currentTarget.value as V)} {...props}>
    {any && <option value="">All kinds</option>}
    {CATEGORIES.map((c) => (
      <option value={c} key={c}>
        {CATEGORY_WORDS[c]}
      </option>
    ))}
  </select>
);
