import { expect } from 'chai';
import pino from 'pino';
import { newId, PortfolioAccess } from '../../src/model/index.js';
import { defaultSchoolSettings } from '../../src/model/school-settings.js';
import { runSharingHousekeeping } from '../../src/sharing/housekeeping.js';
import { coarseNetworkOf, deviceFamilyOf } from '../../src/sharing/device-and-network.js';
import { testDataSource } from '../support/database.js';
import { SchoolFactory } from '../support/factories.js';

describe('sharing: the access history keeps no full address and nothing past the school’s retention', () => {
  it('keeps only a coarse network of each address', () => {
    expect(coarseNetworkOf('203.0.113.77')).to.equal('203.0.113.0/24');
    expect(coarseNetworkOf('::ffff:198.51.100.9')).to.equal('198.51.100.0/24');
    expect(coarseNetworkOf('2001:db8:abcd:12:1::7')).to.equal('2001:db8:abcd::/48');
    expect(coarseNetworkOf('2001:db8::1')).to.equal('2001:db8:0::/48');
    expect(coarseNetworkOf(undefined)).to.equal('unknown');
  });

  it('names the device family only', () => {
    expect(deviceFamilyOf('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148')).to.equal('phone');
    expect(deviceFamilyOf('Mozilla/5.0 (Linux; Android 14; SM-X200) AppleWebKit/537.36 Safari/537.36')).to.equal('tablet');
    expect(deviceFamilyOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0')).to.equal('computer');
    expect(deviceFamilyOf(undefined)).to.equal('other');
  });

  it('deletes lines older than accessLogRetentionDays, school by school', async () => {
    const settings = defaultSchoolSettings();
    settings.sharing.accessLogRetentionDays = 30;
    const school = await SchoolFactory.create(testDataSource(), { settingsJson: JSON.stringify(settings) });
    const pupil = await school.pupil(await school.class());
    const line = (at: string) => ({ id: newId(), schoolId: school.id, pupilId: pupil.id, channel: 'qr' as const, personId: null, grantId: null, deviceFamily: 'phone', network: '203.0.113.0/24', at: new Date(at) });
    await testDataSource().getRepository(PortfolioAccess).insert([line('2026-10-01T00:00:00Z'), line('2026-11-10T00:00:00Z')]);
    await runSharingHousekeeping(testDataSource(), pino({ level: 'silent' }), new Date('2026-11-20T00:00:00Z'));
    const kept = await testDataSource().getRepository(PortfolioAccess).findBy({ pupilId: pupil.id });
    expect(kept.map((row) => row.at.toISOString())).to.deep.equal(['2026-11-10T00:00:00.000Z']);
  });
});
