import { expect } from 'chai';
import request from 'supertest';
import { Message } from '../../src/model/index.js';
import { cleanUserInput } from '../../src/http/user-text.js';
import { createTestApp } from '../support/app.js';
import { testDataSource } from '../support/database.js';
import { messagingSchool } from '../messaging/fixture.js';

/*
 * Unicode bidi controls typed into a text would reorder it on screen ("gpj.exe" shown as
 * "exe.jpg"): every route's input loses them before its schema reads it. A NUL byte is refused.
 */
describe('user text: bidi controls taken out, NUL bytes refused, at the one place input is read', () => {
  it('takes every bidi embedding, override and isolate out of nested strings, and names the fields with a NUL byte', () => {
    const controls = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069';
    const cleaned = cleanUserInput({ subject: `Facture${controls}.pdf`, list: ['a\u202Eb', { deep: 'x\u2067y' }], count: 3, marks: 'كتاب\u200F (CP)' });
    expect(cleaned.value).to.deep.equal({ subject: 'Facture.pdf', list: ['ab', { deep: 'xy' }], count: 3, marks: 'كتاب\u200F (CP)' });
    expect(cleaned.nulFields).to.deep.equal([]);
    expect(cleanUserInput({ body: 'a\0b', list: ['ok', 'x\0'] }).nulFields).to.deep.equal(['body', 'list.1']);
  });

  it('stores a message without the controls, and refuses one with a NUL byte with containsNul, storing nothing', async () => {
    const school = await messagingSchool();
    const test = createTestApp();
    const teacher = await test.signIn(school.teacherA.id);
    const send = (subject: string, body: string) =>
      request(test.app)
        .post('/api/v1/messages')
        .set('Cookie', teacher.cookie)
        .set('X-CSRF-Token', teacher.csrfToken)
        .send({ to: { audience: 'family', pupilId: school.leo.id }, kind: 'information', subject, body });

    const sent = await send('Photos\u202Egpj.exe', 'Voir \u2066الصور\u2069 ici');
    expect(sent.status, sent.text).to.equal(201);
    const stored = await testDataSource().getRepository(Message).findOneByOrFail({ id: sent.body.messages[0].id });
    expect(stored.subject).to.equal('Photosgpj.exe');
    expect(stored.body).to.equal('Voir الصور ici');

    const before = await testDataSource().getRepository(Message).countBy({ senderId: school.teacherA.id });
    const refused = await send('Sortie', 'Bonjour\0');
    expect(refused.status).to.equal(400);
    expect(refused.body.error.code).to.equal('VALIDATION_FAILED');
    expect(refused.body.error.fields).to.deep.equal([{ field: 'body', problem: 'containsNul', message: 'Ce texte contient un caractère nul (U+0000), refusé : retirez-le puis envoyez à nouveau.' }]);
    expect(await testDataSource().getRepository(Message).countBy({ senderId: school.teacherA.id })).to.equal(before);
  });
});
