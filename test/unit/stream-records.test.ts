import { unmarshall } from '@aws-sdk/util-dynamodb';
import { repairEmptyMaps } from '../../infra/local/stream-poller';

describe('stream records read from DynamoDB Local', () => {
  it('get back the empty maps the streams client reads as {}, at any depth, so they unmarshall as Lambda gives them', () => {
    const asRead = { pk: { S: 'a' }, m: {}, l: { L: [{}, { S: 'x' }] }, nested: { M: { x: { L: [] }, y: {} } } };
    expect(() => unmarshall(asRead as never)).toThrow();
    const repaired = repairEmptyMaps(asRead);
    expect(unmarshall(repaired as never)).toEqual({ pk: 'a', m: {}, l: [{}, 'x'], nested: { x: [], y: {} } });
  });
});
