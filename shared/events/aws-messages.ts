import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { MessageSender } from './messages';

/**
 * The channels in AWS: email through SES (from the borough's address), SMS through SNS (transactional,
 * with the borough's sender id). Bodies say only that there is something to see.
 * @example awsSender({ fromEmail: 'no-reply@...', smsSenderId: 'Recovery' })
 */
export const awsSender = (config: { fromEmail: string; smsSenderId: string }, clients: { ses?: SESv2Client; sns?: SNSClient } = {}): MessageSender => {
  const ses = clients.ses ?? new SESv2Client({});
  const sns = clients.sns ?? new SNSClient({});
  return {
    send: async (message) => {
      if (message.channel === 'email') {
        await ses.send(
          new SendEmailCommand({
            FromEmailAddress: config.fromEmail,
            Destination: { ToAddresses: [message.to] },
            Content: { Simple: { Subject: { Data: message.subject, Charset: 'UTF-8' }, Body: { Text: { Data: message.text, Charset: 'UTF-8' } } } },
          }),
        );
        return;
      }
      await sns.send(
        new PublishCommand({
          PhoneNumber: message.to,
          Message: message.text,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: config.smsSenderId },
          },
        }),
      );
    },
  };
};
