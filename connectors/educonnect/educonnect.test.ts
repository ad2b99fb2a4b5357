import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SamlAssertionFacts } from '../../src/connectors/contract.js';
import educonnect, { educonnectIdentity } from './index.js';
import { directoryKeyOf, parseVectors } from './vector.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

function facts(name: string): SamlAssertionFacts {
  const raw = JSON.parse(fs.readFileSync(path.join(fixtures, `${name}.attributes.json`), 'utf8')) as {
    issuer: string;
    nameId: string;
    nameIdFormat: string;
    attributes: Record<string, string[]>;
  };
  return { issuer: raw.issuer, nameId: raw.nameId, nameIdFormat: raw.nameIdFormat, attributes: new Map(Object.entries(raw.attributes)) };
}

const golden = (name: string) => JSON.parse(fs.readFileSync(path.join(fixtures, `${name}.expected.json`), 'utf8'));

describe('connector educonnect: ÉduConnect attributes → person', () => {
  it('maps a responsible adult: FrEduCtId subject, AAF keys, one proposed child per valid vector (golden)', () => {
    expect(educonnectIdentity(facts('responsible-adult'), 'educonnect')).to.deep.equal(golden('responsible-adult'));
  });

  it('maps a pupil: school from FrEduCtEleveUAI, own directory key from the vector (golden)', () => {
    expect(educonnectIdentity(facts('pupil'), 'educonnect')).to.deep.equal(golden('pupil'));
  });

  it('refuses an assertion without FrEduCtId or profile, naming what is missing', () => {
    const none = { issuer: 'x', nameId: 'n', nameIdFormat: null, attributes: new Map<string, string[]>() };
    expect(educonnectIdentity(none, 'educonnect')).to.deep.equal({ ok: false, missing: ['FrEduCtId', 'FrEduCtPersonAffiliation'] });
  });

  it('parses FrEduVecteur `type|nom|prénom|id|UAI` and skips what does not follow it', () => {
    expect(parseVectors(['2|DURAND|Ali|ELV-9|0350001a', 'bad', '5|A|B|C|0350001A', '1|A|B|C|not-a-uai'])).to.deep.equal([
      { type: 2, familyName: 'DURAND', givenName: 'Ali', pupilId: 'ELV-9', uai: '0350001A' },
    ]);
    expect(directoryKeyOf('{AAF}14|ELV|778899')).to.deep.equal({ kind: 'pupil', key: '778899' });
    expect(directoryKeyOf('{AAF}27|RESP|4711')).to.deep.equal({ kind: 'guardian', key: '4711' });
    expect(directoryKeyOf('{AAF}14|ENS|778899')).to.equal(undefined);
    expect(directoryKeyOf('{ECT}14|ELV|778899')).to.equal(undefined);
  });

  it('keeps only the keys of the person’s own kind: a responsible adult’s pupil key designates nobody', () => {
    const adult = facts('responsible-adult');
    const attributes = new Map(adult.attributes);
    attributes.set('FrEduCtRefId', ['{AAF}27|ELV|4711', '{AAF}27|RESP|9000']);
    const mapped = educonnectIdentity({ ...adult, attributes }, 'educonnect');
    expect(mapped.ok && mapped.identity.directoryKeys).to.deep.equal([{ kind: 'guardian', key: '9000' }]);
  });

  it('lists every configuration problem at once', () => {
    const loaded = educonnect.load({ id: 'educonnect', displayName: 'ÉduConnect', baseUrl: 'https://e.fr', mode: 'production', schools: [], options: { idpSsoUrl: 'http://idp', clockSkewSeconds: 900, allowInsecureHttp: true }, secrets: {} });
    expect(loaded.ok).to.equal(false);
    expect(loaded.ok ? [] : loaded.problems).to.deep.equal([
      'option "idpCertificates" is required',
      'option "spSigningKeyEnv" is required',
      'option "spSigningCertificate" is required',
      'option "idpEntityId" is required',
      'option "idpSsoUrl" must be an https URL (plain http is allowed in production only on this machine: 127.0.0.1, ::1, localhost)',
      'option "clockSkewSeconds" must be a whole number from 0 to 300',
    ]);
  });

  it('accepts a plain-http IdP in production only on this machine’s loopback', () => {
    const problemsWith = (idpSsoUrl: string) => {
      const loaded = educonnect.load({ id: 'educonnect', displayName: 'ÉduConnect', baseUrl: 'https://e.fr', mode: 'production', schools: [], options: { idpSsoUrl, allowInsecureHttp: true }, secrets: {} });
      return (loaded.ok ? [] : loaded.problems).filter((problem) => problem.startsWith('option "idpSsoUrl"'));
    };
    expect(problemsWith('http://127.0.0.1:8080/sso')).to.deep.equal([]);
    expect(problemsWith('http://localhost:8080/sso')).to.deep.equal([]);
    expect(problemsWith('http://[::1]:8080/sso')).to.deep.equal([]);
    expect(problemsWith('http://10.0.0.5/sso')).to.have.length(1);
    expect(problemsWith('http://127.0.0.1.example.org/sso')).to.have.length(1);
  });
});
