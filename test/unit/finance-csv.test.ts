import { csvCell, poundsAndPence, PURCHASE_COLUMNS, purchaseRows, purchasesFilename, toCsv, type Purchase } from '../../shared/domain/finance-csv';

const purchase = (over: Partial<Omit<Purchase, 'order'>> & { order?: Partial<Purchase['order']> } = {}): Purchase => ({
  requestId: 'r1',
  patientId: 'sally',
  category: 'laptop',
  amountPence: 45_000,
  status: 'ordered',
  ...over,
  order: { supplier: 'Argos', orderReference: 'AB-1', actualCostPence: 41_999, orderedAt: '2026-05-31T23:30:00.000Z', ...over.order },
});

describe('the finance CSV', () => {
  it('writes one row per purchase, oldest order first: NHS number 3-3-4, the kind of thing, the order, the London day, pounds with pence', () => {
    // Prepare
    const purchases = [
      purchase({ requestId: 'r2', patientId: 'andre', category: 'cinema-club', amountPence: 4_000, status: 'ordered', order: { orderedAt: '2026-07-01T09:00:00.000Z', actualCostPence: 4_000 } }),
      purchase({ status: 'delivered', deliveredOn: '2026-06-03' }),
    ];
    // Act
    const rows = purchaseRows(purchases, (id) => ({ sally: '9990000018', andre: '9990000026' })[id]);
    // Assess
    expect(rows).toHaveLength(2);
    const [sally, andre] = rows;
    // Ordered at 00:30 in London on 1 June (23:30 UTC on 31 May).
    expect(sally).toEqual(['999 000 0018', 'Laptop', 'Argos', 'AB-1', '2026-06-01', '2026-06-03', '450.00', '419.99', '30.01', 'Delivered']);
    expect(andre).toEqual(['999 000 0026', 'Cinema club', 'Argos', 'AB-1', '2026-07-01', '', '40.00', '40.00', '0.00', 'Ordered']);
  });

  it('leaves the NHS number empty when the directory has none, rather than naming the patient another way', () => {
    expect(purchaseRows([purchase()], () => undefined)[0]![0]).toBe('');
  });

  it('writes pence as pounds exactly', () => {
    expect([poundsAndPence(0), poundsAndPence(5), poundsAndPence(11_999), poundsAndPence(1_000_000), poundsAndPence(-250)]).toEqual(['0.00', '0.05', '119.99', '10000.00', '-2.50']);
  });

  it('quotes per RFC 4180 and keeps a spreadsheet from running a cell as a formula', () => {
    expect(csvCell('Argos')).toBe('Argos');
    expect(csvCell('Currys, Stratford')).toBe('"Currys, Stratford"');
    expect(csvCell('The "best" shop')).toBe('"The ""best"" shop"');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe('"\'=HYPERLINK(""http://evil.example"",""click"")"');
    expect(['+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(["'+1", "'-1", "'@SUM(A1)", "'\tx", '"\'\rx"']);
    expect(csvCell('a=b')).toBe('a=b');
    // What a spreadsheet may skip before a formula: white space, control and invisible characters, a full-width =.
    expect([' =1', '\u0000=1', '\u200B=1', '\uFEFF=1', '\uFF1D1'].map(csvCell)).toEqual(["' =1", "'\u0000=1", "'\u200B=1", "'\uFEFF=1", "'\uFF1D1"]);
    expect(csvCell('\n=1')).toBe('"\'\n=1"');
  });

  it('is a UTF-8 file with a byte order mark, a heading row and CRLF line ends', () => {
    const csv = toCsv(PURCHASE_COLUMNS, [['1', 'x,y']]);
    expect(csv).toBe('\uFEFFNHS number,Category,Supplier,Order reference,Ordered on,Delivered on,Approved (£),Actual cost (£),Returned to budget (£),Status\r\n1,"x,y"\r\n');
    expect(toCsv(['a'], [])).toBe('\uFEFFa\r\n');
  });

  it('names the file after the financial year', () => {
    expect(purchasesFilename(2026)).toBe('phb-purchases-2026-27.csv');
    expect(purchasesFilename(2099)).toBe('phb-purchases-2099-00.csv');
  });
});
