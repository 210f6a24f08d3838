import { newProgramme, type ProgrammeInput } from '../../shared/domain/library';
import { programmeChangeKey, programmeKey } from '../../shared/store/keys';

/**
 * The demo borough's library: plainly invented programmes, services and apps (names, places and
 * links are made up; `.example` is reserved and reaches nobody), each by one of the borough's
 * organisations (none added for it: the borough file travels in every function's environment, which
 * is near Lambda's 4 KB). The walking group's id is fixed: the routes' examples and the journeys name it.
 */
export const DEMO_PROGRAMMES: readonly (ProgrammeInput & { programmeId: string })[] = [
  {
    programmeId: 'core-sport-walking',
    name: 'Core Sport Tuesday walking group',
    provider: 'core-sport',
    category: 'exercise',
    offers: 'A friendly hour-long walk round Victoria Park every Tuesday at 10am, at an easy pace, with tea afterwards.',
    forWhom: 'Anyone who wants to walk more; no fitness needed. Bring comfortable shoes.',
    howToJoin: 'Meet at the park gates at 10am, or ask your Core Sport coach to introduce you.',
    link: 'https://core-sport.example/walking-group',
  },
  {
    programmeId: 'core-sport-swim',
    name: 'Quiet swim sessions',
    provider: 'core-sport',
    category: 'exercise',
    offers: 'Quiet lane swimming on Thursday mornings with a coach on hand and a free first session.',
    forWhom: 'Adults who can swim a length, and those who want to get back in the water.',
    howToJoin: 'Book through your Core Sport coach, who can arrange a free first swim.',
    link: 'https://core-sport.example/quiet-swim',
  },
  {
    programmeId: 'core-sport-gym',
    name: 'Gym induction and buddy sessions',
    provider: 'core-sport',
    category: 'exercise',
    offers: 'A one-to-one gym induction, then six weekly sessions alongside a trained gym buddy.',
    forWhom: 'Anyone who would like to use a gym but finds it hard to start alone.',
    howToJoin: 'Ask your care team or Core Sport coach for a referral.',
    link: 'https://core-sport.example/gym-buddy',
  },
  {
    programmeId: 'core-sport-football',
    name: 'Saturday five-a-side football',
    provider: 'core-sport',
    category: 'exercise',
    offers: 'Relaxed mixed five-a-side football on Saturday afternoons; boots and bibs provided.',
    forWhom: 'Everyone, whatever their skill; beginners welcome.',
    howToJoin: 'Turn up at the sports hall at 2pm on a Saturday.',
    link: 'https://core-sport.example/five-a-side',
  },
  {
    programmeId: 'budget-cooking',
    name: 'Cooking on a budget',
    provider: 'core-sport',
    category: 'diet',
    offers: 'Six weekly cooking sessions: simple, healthy meals for under £2 a portion, and you take home what you cook.',
    forWhom: 'Anyone who wants to eat better for less; no cooking experience needed.',
    howToJoin: 'Ask your Core Sport coach or your care team to book a place.',
    link: 'https://core-sport.example/cooking-on-a-budget',
  },
  {
    programmeId: 'healthy-eating-group',
    name: 'Healthy eating group',
    provider: 'beechwood-practice',
    category: 'diet',
    offers: 'A monthly group with the practice nurse on eating well, shopping and reading food labels.',
    forWhom: 'Patients of the practice who want to change what they eat.',
    howToJoin: 'Ask at reception or your GP.',
    link: 'https://beechwood-practice.example/healthy-eating',
  },
  {
    programmeId: 'open-studio',
    name: 'Open arts studio',
    provider: 'elft',
    category: 'arts',
    offers: 'Drop-in painting, drawing and printmaking with materials provided, Wednesday and Friday afternoons.',
    forWhom: 'Anyone who would like to make art, whether or not they have before.',
    howToJoin: 'Drop in; the first visit is a chat and a cup of tea.',
    link: 'https://elft.example/open-arts-studio',
  },
  {
    programmeId: 'community-choir',
    name: 'Community choir',
    provider: 'advocacy-project',
    category: 'arts',
    offers: 'A weekly choir singing songs everyone knows; no auditions and no reading music.',
    forWhom: 'Anyone who likes to sing.',
    howToJoin: 'Come along on a Monday evening at 6pm.',
    link: 'https://advocacy-project.example/choir',
  },
  {
    programmeId: 'calm-steps',
    name: 'Calm Steps',
    provider: 'elft',
    category: 'therapy-apps',
    offers: 'An invented app of short guided exercises for anxiety and low mood, based on cognitive behavioural therapy, free to borough residents.',
    forWhom: 'Adults with anxiety or low mood, alongside the support of their care team.',
    howToJoin: 'Download it and sign up with the borough code your care team gives you.',
    link: 'https://calm-steps.example/',
  },
  {
    programmeId: 'sleep-well-app',
    name: 'Sleep Well Tonight',
    provider: 'elft',
    category: 'therapy-apps',
    offers: 'An invented app with a six-week sleep course: a sleep diary, wind-down routines and relaxation audio.',
    forWhom: 'Adults who find it hard to get to sleep or stay asleep.',
    howToJoin: 'Ask your care team for an access code.',
    link: 'https://sleep-well-tonight.example/',
  },
  {
    programmeId: 'digital-skills',
    name: 'Get online: digital skills course',
    provider: 'advocacy-project',
    category: 'digital-skills',
    offers: 'Eight weekly small-group sessions at Hollybush Community Library on using a phone, tablet or laptop: email, video calls, the NHS App and staying safe online.',
    forWhom: 'Anyone who wants more confidence online; devices can be borrowed.',
    howToJoin: 'Sign up at the library desk or ask your advocate.',
    link: 'https://advocacy-project.example/get-online',
  },
  {
    programmeId: 'library-drop-in',
    name: 'Tech help drop-in',
    provider: 'nel-ics',
    category: 'digital-skills',
    offers: 'Bring a device and a question to Hollybush Community Library: digital champions help one to one on Saturday mornings.',
    forWhom: 'Anyone stuck with a phone, tablet, laptop or online form.',
    howToJoin: 'Drop in on a Saturday between 10am and noon.',
    link: 'https://nel-ics.example/tech-help',
  },
  {
    programmeId: 'peer-support-group',
    name: 'Recovery peer support group',
    provider: 'advocacy-project',
    category: 'peer-support',
    offers: 'A fortnightly group run by people with their own experience of mental illness and recovery.',
    forWhom: 'Adults living with a severe mental illness.',
    howToJoin: 'Ask your advocate or care team to put you in touch.',
    link: 'https://advocacy-project.example/peer-support',
  },
  {
    programmeId: 'work-ready',
    name: 'Work ready: employment support',
    provider: 'advocacy-project',
    category: 'employment',
    offers: 'One-to-one help with CVs, applications, interviews and volunteering, and support once in work.',
    forWhom: 'Anyone thinking about work, training or volunteering.',
    howToJoin: 'Ask your care team for a referral, or refer yourself online.',
    link: 'https://advocacy-project.example/work-ready',
  },
];

const SEEDED_AT = '2026-01-05T09:00:00.000Z';

/** Each demo programme's items (the programme and its "created" change, by the demo seed), to put once. */
export const demoProgrammeItems = (borough: string): { programme: Record<string, unknown>; created: Record<string, unknown> }[] =>
  DEMO_PROGRAMMES.map(({ programmeId, ...input }) => {
    const { programme, entry } = newProgramme(programmeId, input, SEEDED_AT, { userId: 'seed', name: 'The demo seed' });
    return {
      programme: { ...programmeKey(borough, programmeId), entity: 'programme', ...programme },
      created: { ...programmeChangeKey(borough, programmeId, entry.at, 1), entity: 'programme-change', ...entry },
    };
  });
