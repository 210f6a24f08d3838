import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { awsSender } from '../../shared/events/aws-messages';

/** Captures the commands a client would send, answering them without any network. */
const capture = <C extends { middlewareStack: { add: (...a: never[]) => unknown } }>(client: C) => {
  const inputs: { command: string; input: unknown }[] = [];
  (client.middlewareStack as unknown as { add: (mw: unknown, o: unknown) => void }).add(
    () => async (args: { input: unknown }) => {
      inputs.push({ command: 'sent', input: args.input });
      return { output: { $metadata: {} } };
    },
    { step: 'initialize', name: 'capture' },
  );
  return inputs;
};

describe('the AWS email and SMS channels', () => {
  const ses = new SESv2Client({ region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const sns = new SNSClient({ region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const emails = capture(ses);
  const texts = capture(sns);
  const sender = awsSender({ fromEmail: 'no-reply@city-and-hackney.example', smsSenderId: 'Recovery' }, { ses, sns });

  it('sends email through SES from the borough address, text only', async () => {
    await sender.send({ channel: 'email', to: 'miriam@example.org', userId: 'miriam', eventId: 'e1', subject: 'Recovery platform', text: 'Someone you support has asked for help.' });
    expect(emails[0]!.input).toEqual({
      FromEmailAddress: 'no-reply@city-and-hackney.example',
      Destination: { ToAddresses: ['miriam@example.org'] },
      Content: { Simple: { Subject: { Data: 'Recovery platform', Charset: 'UTF-8' }, Body: { Text: { Data: 'Someone you support has asked for help.', Charset: 'UTF-8' } } } },
    });
  });

  it('sends SMS through SNS as transactional, with the borough sender id', async () => {
    await sender.send({ channel: 'sms', to: '+447700900123', userId: 'miriam', eventId: 'e1', subject: 'x', text: 'Open the app' });
    expect(texts[0]!.input).toMatchObject({
      PhoneNumber: '+447700900123',
      Message: 'Open the app',
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { StringValue: 'Transactional' }, 'AWS.SNS.SMS.SenderID': { StringValue: 'Recovery' } },
    });
  });
});
