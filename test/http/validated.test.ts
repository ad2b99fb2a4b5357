import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { z } from 'zod';
import { AppError } from '../../src/http/errors.js';
import { validated } from '../../src/http/validated.js';

/** A bare app around one validated route, answering errors as the code and fields at fault. */
function appWith(handler: express.RequestHandler) {
  const app = express();
  app.use(express.json());
  app.post('/things/:thingId', handler);
  app.use(((error, _req, res, _next) => {
    const known = error instanceof AppError ? error : undefined;
    res.status(known?.status ?? 500).json({ code: known?.code ?? 'INTERNAL_ERROR', fields: known?.fields ?? [] });
  }) as express.ErrorRequestHandler);
  return app;
}

describe('validated(): a route checks its input before its handler runs', () => {
  const schemas = {
    params: z.object({ thingId: z.uuid() }),
    query: z.object({ page: z.coerce.number().int().min(1).default(1) }),
    body: z.strictObject({ name: z.string().min(1) }),
  };
  const id = '6f1c2a52-0e49-4b1b-9f4e-1a2b3c4d5e6f';

  it('hands the handler typed values: parsed, coerced, defaulted', async () => {
    let seen: unknown;
    const app = appWith(
      validated(schemas, ({ params, query, body }, _req, res) => {
        // Typed by the schemas: a number and a string, not the raw strings of the request.
        const page: number = query.page;
        const name: string = body.name;
        seen = { thingId: params.thingId, page, name };
        res.status(204).end();
      }),
    );
    await request(app).post(`/things/${id}?page=3`).send({ name: 'Léa' }).expect(204);
    expect(seen).to.deep.equal({ thingId: id, page: 3, name: 'Léa' });
    await request(app).post(`/things/${id}`).send({ name: 'Léa' }).expect(204);
    expect(seen).to.deep.equal({ thingId: id, page: 1, name: 'Léa' });
  });

  it('refuses bad input with VALIDATION_FAILED, the path first, and never runs the handler', async () => {
    let ran = false;
    const app = appWith(
      validated(schemas, (_input, _req, res) => {
        ran = true;
        res.status(204).end();
      }),
    );
    // A malformed id alone is reported, even with a bad query and body: pages answer it as NOT_FOUND.
    const badPath = await request(app).post('/things/not-an-id?page=0').send({ name: '' }).expect(400);
    expect(badPath.body).to.deep.equal({ code: 'VALIDATION_FAILED', fields: [{ field: 'thingId', problem: 'invalidFormat' }] });
    const badQuery = await request(app).post(`/things/${id}?page=NaN`).send({ name: 'Léa' }).expect(400);
    expect(badQuery.body.fields.map((field: { field: string }) => field.field)).to.deep.equal(['page']);
    const badBody = await request(app).post(`/things/${id}`).send({ name: 'Léa', extra: true }).expect(400);
    expect(badBody.body.code).to.equal('VALIDATION_FAILED');
    expect(ran).to.equal(false);
  });
});
