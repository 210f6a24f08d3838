import { conversationIdOf, type ConversationGrantee } from './messages';

type FhirResource = Record<string, unknown>;

/** One message of a conversation, as the FHIR view needs it. */
export interface CommunicationFacts {
  id: string;
  patientId: string;
  grantee: ConversationGrantee;
  fromPatient: boolean;
  senderId: string;
  sentAt: string;
  /** When the other side first read it, if they have. */
  receivedAt?: string;
  text: string;
  videoLink?: string;
}

const granteeReference = (grantee: ConversationGrantee): { reference: string } =>
  grantee.type === 'person' ? { reference: `Practitioner/${grantee.userId}` } : { reference: `Organization/${grantee.org}` };

/**
 * A message as a FHIR R4 Communication: completed, about and with the patient, from the sender to the
 * other side, its words (and any video call link) as the payload.
 * @example toFhirCommunication({ id: 'm-1', patientId: 'sally', grantee: { type: 'person', userId: 'miriam' }, fromPatient: true, senderId: 'sally', sentAt, text: 'Hello' })
 */
export const toFhirCommunication = (m: CommunicationFacts): FhirResource => {
  const patient = { reference: `Patient/${m.patientId}` };
  return {
    resourceType: 'Communication',
    id: m.id,
    status: 'completed',
    subject: patient,
    sent: m.sentAt,
    ...(m.receivedAt ? { received: m.receivedAt } : {}),
    sender: m.fromPatient ? patient : { reference: `Practitioner/${m.senderId}` },
    recipient: [m.fromPatient ? granteeReference(m.grantee) : patient],
    payload: [{ contentString: m.text }, ...(m.videoLink ? [{ contentAttachment: { contentType: 'text/uri-list', url: m.videoLink, title: 'Video call' } }] : [])],
  };
};

/** A stored message as the FHIR view needs it: who sent it, when, who read it when, its words. */
export interface MessageFacts {
  seq: number;
  sentAt: string;
  from: { userId: string };
  fromPatient: boolean;
  readBy: Readonly<Record<string, { at: string }>>;
  text: string;
  videoLink?: string;
}

/** When the other side first read a message, if they have. */
const firstRead = (m: MessageFacts): { receivedAt?: string } => {
  const times = Object.entries(m.readBy)
    .filter(([reader]) => reader !== m.from.userId)
    .map(([, receipt]) => receipt.at)
    .sort();
  return times[0] ? { receivedAt: times[0] } : {};
};

/** A FHIR id for a message: the conversation and its number, in the characters an id may hold. */
const communicationId = (grantee: ConversationGrantee, seq: number): string => `${conversationIdOf(grantee).replace(':', '-')}-${seq}`.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 64);

/** A message of a patient's conversation with a grantee as a FHIR R4 Communication. */
export const messageCommunication = (patientId: string, grantee: ConversationGrantee, m: MessageFacts): FhirResource =>
  toFhirCommunication({
    id: communicationId(grantee, m.seq),
    patientId,
    grantee,
    fromPatient: m.fromPatient,
    senderId: m.from.userId,
    sentAt: m.sentAt,
    ...firstRead(m),
    text: m.text,
    ...(m.videoLink ? { videoLink: m.videoLink } : {}),
  });
