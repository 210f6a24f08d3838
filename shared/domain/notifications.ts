import type { Role } from './actor';
import { expandScopes, grantState, type Grant, type Scope } from './grant';
import { isActive, type Person } from './people';
import { reviewDateWords } from './reviews';
import { financialYearLabel } from './phb';

/** What happened to a patient's PHB request, in the app only (never an item or an amount: the request's page says what). */
const PHB_NEWS: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, {
  approved: 'Your personal health budget request was approved.',
  declined: 'Your personal health budget request was declined.',
  'info-requested': 'The personal health budget team asked you a question about your request.',
  ordered: 'What you asked for from your personal health budget has been ordered.',
  delivered: 'What you asked for from your personal health budget has been delivered. In a few months we will ask whether it helped.',
  // Only a reprice sends an approved request back to submitted.
  submitted: 'What you asked for from your personal health budget will cost more than was approved, so it needs approving again at the new cost.',
});

/** Who an event is for, before consent and the directory turn it into people. */
export type Audience =
  | { kind: 'patient' }
  | { kind: 'care-team-with'; scope: Scope }
  | { kind: 'grantee' }
  | { kind: 'role'; role: Role }
  | { kind: 'duty-of-orgs' }
  | { kind: 'proposer' }
  /** A message's other side: the patient, or (for the patient's message) the grantee's people who may read it now, never the sender. */
  | { kind: 'conversation-other-side' };

/** The organisations an escalation names (`orgs`, comma-separated in the event's data): whose duty people hear of it. */
export const orgsOf = (data: EventData): string[] => (typeof data.orgs === 'string' ? data.orgs.split(',').filter((o) => o !== '') : []);

/** The active duty people of those organisations (the `duty` role beside their staff role). */
export const dutyPeopleOf = (orgs: readonly string[], staff: readonly DirectoryUser[]): string[] =>
  staff.filter((u) => u.roles.includes('duty') && u.org !== undefined && orgs.includes(u.org) && isActive(u) && !u.roles.includes('patient')).map((u) => u.userId);

type EventData = Record<string, string | number | boolean>;

/**
 * What a recipient's in-app notification may name, resolved at delivery from the directory and the
 * patient's record: only for recipients the rule reaches, who have consent to see the patient (or are
 * the patient). Absent where unknown; the texts then say less, never an id.
 */
export interface NoticeFacts {
  /** The patient's name ("Sally Brown"). */
  patient?: string;
  /** Who acted, by name ("Miriam Okafor")... */
  actor?: string;
  /** ...and with their role and organisation, where that matters ("Sam Doyle, Paramedic, LAS"). */
  actorLabel?: string;
  /** The grantee of a grant as the patient's flower shows them ("Adam Clarke, Health care assistant, ELFT"). */
  grantee?: string;
  /** The goal's title, shortened. */
  goal?: string;
  /** What a proposal was about, shortened: the goal's words or the section's name. */
  proposal?: string;
}

/** Which facts a rule's in-app text uses, so that delivery reads only those. */
export type Fact = keyof NoticeFacts;

export interface NotificationRule {
  audiences: Audience[];
  /** Red alerts and emergency access are never delayed (no digest). */
  urgent: boolean;
  /** What email, SMS and push say: that there is something to see, never a name or what. */
  title: string;
  facts: readonly Fact[];
  /** What the in-app inbox says to one recipient (inside the app: names and the goal's title allowed). */
  inApp: (facts: NoticeFacts, data: EventData, forPatient: boolean) => string;
  /** The page of the web front end it opens (a hash route), for the patient or for someone else. */
  page: (data: EventData, forPatient: boolean) => string;
}

const staffPlanPage = (d: EventData): string => `/patients/${encodeURIComponent(String(d.patientId))}/plan`;
const quoted = (goal: string | undefined): string => (goal ? ` '${goal}'` : ' a goal');
const somebody = (name: string | undefined, fallback: string): string => name ?? fallback;

/** How the patient's own grant reads: to them ("Adam Clarke, ...") and to the grantee ("you", or their team). */
const sharingText =
  (started: boolean) =>
  (f: NoticeFacts, d: EventData, forPatient: boolean): string => {
    const verb = started ? 'started' : 'stopped';
    if (forPatient) return started ? `You are now sharing with ${somebody(f.grantee, 'someone new')}.` : `You stopped sharing with ${somebody(f.grantee, 'someone')}.`;
    return `${somebody(f.patient, 'Someone you support')} ${verb} sharing with ${d.granteeType === 'person' ? 'you' : somebody(f.grantee, 'your team')}.`;
  };

/** The proposer hears of the patient's decision (if they can still see the plan), by name in-app: "Sally Brown accepted your proposed goal 'Walk to Victoria Park'". */
const proposalDecision = (verb: 'accepted' | 'declined'): NotificationRule => ({
  audiences: [{ kind: 'proposer' }],
  urgent: false,
  title: 'There is news about something you proposed for a recovery plan.',
  facts: ['patient', 'proposal'],
  inApp: (f, d) => `${somebody(f.patient, 'The person you proposed it to')} ${verb} your proposed ${d.kind === 'goal' ? 'goal' : 'change to'}${quoted(f.proposal)}.`,
  page: staffPlanPage,
});

/** From an outbox event to who hears of it and what they read (design: notifications issue). Unknown events notify nobody. */
export const RULES: Record<string, NotificationRule> = {
  'help-requested': {
    audiences: [{ kind: 'care-team-with', scope: 'plan:read' }],
    urgent: true,
    title: 'Someone you support has asked for help.',
    facts: ['patient', 'goal'],
    inApp: (f) => `${somebody(f.patient, 'Someone you support')} asked for help with${quoted(f.goal)}.`,
    page: staffPlanPage,
  },
  'alert.acknowledged': {
    audiences: [{ kind: 'patient' }],
    urgent: true,
    title: 'Your care team has seen your update.',
    facts: ['actor'],
    inApp: (f) => `${somebody(f.actor, 'Someone in your care team')} has seen your update and will contact you.`,
    page: () => '/plan',
  },
  'alert.escalated': {
    audiences: [{ kind: 'duty-of-orgs' }],
    urgent: true,
    title: 'A request for help was not answered in time and has passed to your duty team.',
    facts: ['patient'],
    inApp: (f) => `${somebody(f.patient, 'Someone')} asked for help and nobody in their care team answered in time: it has passed to your duty team.`,
    page: () => '/notifications',
  },
  'phb.submitted': {
    audiences: [{ kind: 'role', role: 'phb-advisor' }],
    urgent: false,
    title: 'A personal health budget request is waiting for a decision.',
    facts: ['patient'],
    inApp: (f) => `${somebody(f.patient, 'Someone')} asked for something from their personal health budget.`,
    page: () => '/queue',
  },
  'phb.decided': {
    audiences: [{ kind: 'patient' }],
    urgent: false,
    title: 'There is news about your personal health budget request.',
    facts: [],
    inApp: (_f, d) => PHB_NEWS[String(d.status)] ?? 'There is news about your personal health budget request.',
    page: () => '/phb',
  },
  'phb.answered': {
    audiences: [{ kind: 'role', role: 'phb-advisor' }],
    urgent: false,
    title: 'A personal health budget request is waiting for a decision again.',
    facts: ['patient'],
    inApp: (f) => `${somebody(f.patient, 'Someone')} answered the question about their personal health budget request.`,
    page: () => '/queue',
  },
  'phb.withdrawn': {
    audiences: [{ kind: 'role', role: 'phb-advisor' }],
    urgent: false,
    title: 'An approved personal health budget request was withdrawn.',
    facts: ['patient'],
    inApp: (f) => `${somebody(f.patient, 'Someone')} withdrew an approved personal health budget request: it is not to be ordered.`,
    page: () => '/queue',
  },
  'phb.budget-changed': {
    audiences: [{ kind: 'patient' }],
    urgent: false,
    title: 'There is news about your personal health budget.',
    facts: [],
    inApp: (_f, d) => `Your personal health budget for ${typeof d.financialYear === 'number' ? financialYearLabel(d.financialYear) : 'this year'} was changed by the personal health budget team.`,
    page: () => '/phb',
  },
  'phb.review-due': {
    audiences: [{ kind: 'patient' }],
    urgent: false,
    title: 'There is a question about your personal health budget.',
    facts: [],
    inApp: () => 'It is time to say whether what you got from your personal health budget helped with your goal.',
    page: () => '/phb',
  },
  'grant.created': {
    audiences: [{ kind: 'grantee' }, { kind: 'patient' }],
    urgent: false,
    title: 'Sharing in a recovery plan has changed.',
    facts: ['patient', 'grantee'],
    inApp: sharingText(true),
    page: (_d, forPatient) => (forPatient ? '/sharing' : '/patients'),
  },
  'grant.revoked': {
    audiences: [{ kind: 'grantee' }, { kind: 'patient' }],
    urgent: false,
    title: 'Sharing in a recovery plan has changed.',
    facts: ['patient', 'grantee'],
    inApp: sharingText(false),
    page: (_d, forPatient) => (forPatient ? '/sharing' : '/patients'),
  },
  // The patient closed their account (docs/records.md): each grantee hears it once, by name in the app only.
  'grant.ended-by-closure': {
    audiences: [{ kind: 'grantee' }],
    urgent: false,
    title: 'Someone who shared their recovery plan with you has closed their account.',
    facts: ['patient'],
    inApp: (f) => `${somebody(f.patient, 'Someone you supported')} closed their account: what they shared with you is no longer available.`,
    page: () => '/patients',
  },
  'emergency-access.granted': {
    audiences: [{ kind: 'patient' }],
    urgent: true,
    title: 'Your crisis plan was opened in an emergency.',
    facts: ['actorLabel'],
    inApp: (f) => `${somebody(f.actorLabel, 'A paramedic')} opened your crisis plan in an emergency.`,
    page: () => '/access-log',
  },
  'plan.contributed': {
    audiences: [{ kind: 'patient' }],
    urgent: false,
    title: 'Someone in your care team added to your plan.',
    facts: ['actor', 'goal'],
    inApp: (f, d) => `${somebody(f.actor, 'Someone in your care team')} ${d.kind === 'comment' ? 'commented on' : 'added a step to'} your goal${quoted(f.goal)}.`,
    page: () => '/plan',
  },
  'proposal.made': {
    audiences: [{ kind: 'patient' }],
    urgent: false,
    title: 'Someone in your care team suggested something for your plan.',
    facts: ['actor', 'proposal'],
    inApp: (f, d) =>
      `${somebody(f.actor, 'Someone in your care team')} ${d.kind === 'goal' ? 'proposed a goal' : 'proposed a change to'}${quoted(f.proposal)}${d.kind === 'goal' ? '' : ' in your plan'}.`,
    page: () => '/plan',
  },
  'plan.review-due': {
    audiences: [{ kind: 'patient' }, { kind: 'care-team-with', scope: 'plan:read' }],
    urgent: false,
    title: 'A recovery plan review is coming up.',
    facts: ['patient'],
    inApp: (f, d, forPatient) => `${forPatient ? 'Your plan review' : f.patient ? `${f.patient}'s plan review` : 'A plan review'} is on ${reviewDateWords(String(d.on))}.`,
    page: (d, forPatient) => (forPatient ? '/plan' : staffPlanPage(d)),
  },
  // The day before an appointment a GP or trust system sent: never whom with, where or what for (outside the app or in it: the Appointments page says).
  'appointment.reminder': {
    audiences: [{ kind: 'patient' }],
    urgent: false,
    title: 'You have an appointment tomorrow. Open the app to see the details.',
    facts: [],
    inApp: () => 'You have an appointment tomorrow. Open Appointments to see when and where.',
    page: () => '/appointments',
  },
  'plan.review-set': {
    audiences: [{ kind: 'patient' }],
    urgent: false,
    title: 'The date of your next plan review was recorded.',
    facts: ['actor'],
    inApp: (f, d) =>
      d.on
        ? `${somebody(f.actor, 'Someone in your care team')} recorded your next plan review: ${reviewDateWords(String(d.on))}.`
        : `${somebody(f.actor, 'Someone in your care team')} removed the date of your next plan review.`,
    page: () => '/plan',
  },
  'message.sent': {
    audiences: [{ kind: 'conversation-other-side' }],
    urgent: false,
    // Never the words, nor who wrote (outside the app).
    title: 'You have a new message.',
    facts: ['patient', 'actor'],
    inApp: (f, d, forPatient) =>
      forPatient
        ? `${somebody(f.actor, 'Someone in your care team')} sent you a message.`
        : `${somebody(f.patient, 'Someone you support')} sent ${d.granteeType === 'organisation' ? 'your team' : 'you'} a message.`,
    page: (d, forPatient) =>
      forPatient ? `/messages/${encodeURIComponent(String(d.conversation))}` : `${staffPlanPage(d).replace(/\/plan$/, '')}/messages/${encodeURIComponent(String(d.conversation))}`,
  },
  'proposal.accepted': proposalDecision('accepted'),
  'proposal.declined': proposalDecision('declined'),
  'grantee.left': {
    audiences: [{ kind: 'patient' }],
    urgent: false,
    title: 'Someone you shared your record with has left: they can no longer see it.',
    facts: ['grantee'],
    inApp: (f) => `${somebody(f.grantee, 'Someone you shared your record with')} has left and can no longer see your record.`,
    page: () => '/sharing',
  },
};

/** Who acted, by event type: the id in the event's data whose name the in-app text gives. */
export const actorIdOf = (data: EventData): string | undefined => {
  const id = data.byUserId ?? data.paramedicId;
  return typeof id === 'string' && id !== '' ? id : undefined;
};

/** A goal's title as a notification quotes it: short enough for one line of an inbox. */
export const GOAL_TITLE_CHARS = 60;
export const shortTitle = (text: string): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= GOAL_TITLE_CHARS ? line : `${line.slice(0, GOAL_TITLE_CHARS - 1).trimEnd()}…`;
};

/**
 * The absolute address of a web page, for messages read outside the app (an SMS opens nothing
 * relative): the borough's web front end and the page's hash route.
 * @example webLink('https://recovery.example.nhs.uk', '/plan') // 'https://recovery.example.nhs.uk/#/plan'
 */
export const webLink = (origin: string, page: string): string => `${origin.replace(/\/+$/, '')}/#${page}`;

/**
 * What an email or SMS says: a text without any name or clinical word, and the page's absolute
 * address where the web front end's origin is known.
 */
export const messageText = (webOrigin: string | undefined, text: string, page: string): string =>
  webOrigin ? `${text} Open the app to see: ${webLink(webOrigin, page)}` : `${text} Open the app to see.`;

/** A person of the borough's directory, as notifications find them. */
export type DirectoryUser = Person;

/**
 * The people with a scope of the patient in force now: persons named in a grant, and the clinicians
 * of an organisation granted it. Consent is read at delivery time, so a grant revoked before the
 * event is delivered reaches nobody.
 */
export const careTeamWith = (scope: Scope, grants: readonly Grant[], directory: readonly DirectoryUser[], now: Date): string[] => {
  const ids = new Set<string>();
  const disabled = new Set(directory.filter((u) => !isActive(u)).map((u) => u.userId));
  for (const grant of grants) {
    if (grantState(grant, now) !== 'active' || !expandScopes(grant.scopes).has(scope)) continue;
    if (grant.grantee.type === 'person' && !disabled.has(grant.grantee.userId)) ids.add(grant.grantee.userId);
    if (grant.grantee.type === 'organisation') {
      const org = grant.grantee.org;
      for (const u of directory) if (u.org === org && !u.roles.includes('patient') && isActive(u)) ids.add(u.userId);
    }
  }
  return [...ids].sort();
};

/**
 * How a person wants to hear: email immediately, in a daily digest, or never; SMS for urgent things
 * only, or never; push to the devices they subscribed, or never (on by default: with no device
 * subscribed it sends nothing).
 */
export interface Preferences {
  email: 'off' | 'immediate' | 'digest';
  sms: 'off' | 'urgent';
  push: 'off' | 'on';
}

export const DEFAULT_PREFERENCES: Preferences = { email: 'digest', sms: 'urgent', push: 'on' };

/** The channels a message goes out on by a MessageSender (shared/events/messages.ts). */
export type MessageChannel = 'email' | 'sms';
export type Channel = MessageChannel | 'push';

/**
 * Where a notification goes beyond the inbox: urgent ones (red alerts, emergency access) at once on
 * every channel the person allows, never delayed; others by push at once where it is on (a push is a
 * nudge to open the app, not a summary: it has no digest) and by email at once or into the daily digest.
 */
export const channelsFor = (prefs: Preferences, urgent: boolean): { now: Channel[]; digest: boolean } => {
  const push: Channel[] = prefs.push === 'on' ? ['push'] : [];
  if (urgent) return { now: [...(prefs.email !== 'off' ? (['email'] as const) : []), ...(prefs.sms !== 'off' ? (['sms'] as const) : []), ...push], digest: false };
  return { now: [...(prefs.email === 'immediate' ? (['email'] as const) : []), ...push], digest: prefs.email === 'digest' };
};
