import type { Answer } from '../api';

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
