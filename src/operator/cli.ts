import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import type { Config } from '../config/schema.js';
import { AppError } from '../http/errors.js';
import { createTranslator } from '../i18n/translator.js';
import { APPOINTMENT_ROLES, type AppointmentRole } from '../model/school-appointment.js';
import { CLI_AGENT } from './agent.js';
import { appointmentPath, createAppointmentLink, createDirectoryKeyAppointment, APPOINTMENT_LIFETIME_MS } from './appointments.js';
import { createSchool } from './create-school.js';
import { removeSchoolRole } from './directors.js';
import { findSchool } from './find-school.js';
import { importSchools, SchoolImportRefused } from './import-schools.js';
import { revokeClassQrCodes, revokePersonSessions, revokeSchoolSessions } from './incident-revocations.js';
import { setSchoolOpen } from './school-activation.js';
import { schoolOverviews } from './school-overview.js';

/** The operator's commands, with their arguments, as the usage lists them. */
export const OPERATOR_USAGE = `  school:create --uai UAI --name NAME --type ecole|college|lycee [--timezone ZONE] [--cycles 1,2,3]
                  create a school (UAI check letter, IANA time zone and cycles checked)
  school:import FILE.csv
                  create the schools of an académie's list (UAI;name;type[;timezone][;cycles]);
                  all or nothing, and running it again changes nothing
  school:list     list schools with their directors and counts
  school:deactivate UAI / school:reactivate UAI
                  close a school (data kept, its members cannot sign in) or open it again
  director:link UAI [--role director|staff]
                  print a one-time appointment link (7 days) for the school's new director
  director:key UAI KEY
                  make whoever signs in with this académie directory key in the school its director
  director:remove UAI PERSON_ID [--role director|staff]
                  end a director's (or staff member's) role in the school
  sessions:revoke --school UAI | --person PERSON_ID
                  incident: sign out at once everyone of a school, or one person everywhere
  qr:revoke CLASS_ID
                  incident: revoke every QR code in force of a class's children (a lost sheet)
`;

/** Every operator command name. */
export const OPERATOR_COMMANDS = [
  'school:create',
  'school:import',
  'school:list',
  'school:deactivate',
  'school:reactivate',
  'director:link',
  'director:key',
  'director:remove',
  'sessions:revoke',
  'qr:revoke',
] as const;

/** Where a command writes. */
export interface CommandOutput {
  out(text: string): void;
  err(text: string): void;
}

class UsageError extends Error {}

function readRole(value: string | undefined): AppointmentRole {
  const role = value ?? 'director';
  if (!(APPOINTMENT_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${APPOINTMENT_ROLES.join(', ')}`);
  return role as AppointmentRole;
}

function positional(values: readonly string[], count: number, names: string): string[] {
  if (values.length !== count) throw new UsageError(`expected ${names}`);
  return [...values];
}

/**
 * Runs one operator command on an initialised, migrated database. Returns the exit code: 0 done,
 * 1 refused (a stable error code and its message are printed), 2 wrong usage.
 */
export async function runOperatorCommand(
  command: string,
  args: readonly string[],
  dataSource: DataSource,
  config: Config,
  output: CommandOutput,
  now: Date,
): Promise<number> {
  const t = createTranslator().forLanguage('en');
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        uai: { type: 'string' },
        name: { type: 'string' },
        type: { type: 'string' },
        timezone: { type: 'string' },
        cycles: { type: 'string' },
        role: { type: 'string' },
        school: { type: 'string' },
        person: { type: 'string' },
      },
    });
    switch (command) {
      case 'school:create': {
        if (!values.uai || !values.name || !values.type) throw new UsageError('--uai, --name and --type are required');
        const school = await createSchool(
          dataSource,
          { uai: values.uai, name: values.name, kind: values.type, timezone: values.timezone, cycles: values.cycles },
          CLI_AGENT,
          now,
        );
        output.out(`created ${school.uai} ${school.name} (${school.kind}, cycles ${school.cycles || '-'}, ${school.timezone}) id ${school.id}\n`);
        return 0;
      }
      case 'school:import': {
        const [file] = positional(positionals, 1, 'the CSV file');
        const text = fs.readFileSync(file!, 'utf8');
        const result = await importSchools(dataSource, text, CLI_AGENT, now);
        output.out(`created ${result.created.length}, unchanged ${result.unchanged.length}\n`);
        for (const uai of result.created) output.out(`  + ${uai}\n`);
        return 0;
      }
      case 'school:list': {
        for (const school of await schoolOverviews(dataSource, now)) {
          const state = school.open ? 'open' : 'deactivated';
          output.out(
            `${school.uai}\t${school.name}\t${school.kind ?? '-'}\t${state}\tclasses ${school.counts.classes}, pupils ${school.counts.pupils}, teachers ${school.counts.teachers}, parents ${school.counts.parents}\tid ${school.id}\n`,
          );
          for (const leader of school.leaders) output.out(`  ${leader.role} ${leader.name} (${leader.personId})\n`);
          if (school.waitingAppointments > 0) output.out(`  ${school.waitingAppointments} appointment(s) waiting\n`);
        }
        return 0;
      }
      case 'school:deactivate':
      case 'school:reactivate': {
        const [reference] = positional(positionals, 1, 'the school (UAI)');
        const open = command === 'school:reactivate';
        const changed = await setSchoolOpen(dataSource, reference!, open, CLI_AGENT, now);
        output.out(changed ? `${open ? 'reactivated' : 'deactivated'}\n` : `already ${open ? 'open' : 'deactivated'}; nothing changed\n`);
        return 0;
      }
      case 'director:link': {
        const [reference] = positional(positionals, 1, 'the school (UAI)');
        const school = await findSchool(dataSource, reference!);
        const token = await createAppointmentLink(dataSource, school.id, readRole(values.role), CLI_AGENT, now);
        output.out(`${config.baseUrl}${appointmentPath(token)}\n`);
        output.err(`one-time link for ${school.uai} ${school.name}, valid ${APPOINTMENT_LIFETIME_MS / 86_400_000} days; it is not shown again\n`);
        return 0;
      }
      case 'director:key': {
        const [reference, key] = positional(positionals, 2, 'the school (UAI) and the directory key');
        const school = await findSchool(dataSource, reference!);
        await createDirectoryKeyAppointment(dataSource, school.id, key!, CLI_AGENT, now);
        output.out(`recorded: whoever signs in to ${school.uai} with this directory key becomes its director\n`);
        return 0;
      }
      case 'director:remove': {
        const [reference, personId] = positional(positionals, 2, 'the school (UAI) and the person id');
        const school = await findSchool(dataSource, reference!);
        await removeSchoolRole(dataSource, school.id, personId!, readRole(values.role), CLI_AGENT, now);
        output.out('removed\n');
        return 0;
      }
      case 'sessions:revoke': {
        if (Boolean(values.school) === Boolean(values.person)) throw new UsageError('give either --school UAI or --person PERSON_ID');
        const revoked = values.school
          ? await revokeSchoolSessions(dataSource, values.school, CLI_AGENT, now)
          : await revokePersonSessions(dataSource, values.person!, CLI_AGENT, now);
        output.out(`${revoked.sessions} session(s) ended\n`);
        return 0;
      }
      case 'qr:revoke': {
        const [classId] = positional(positionals, 1, 'the class id');
        const revoked = await revokeClassQrCodes(dataSource, classId!, CLI_AGENT, now);
        output.out(`${revoked.codes} QR code(s) revoked, ${revoked.sessions} viewer session(s) ended\n`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof SchoolImportRefused) {
      output.err(`error: ${error.code}: ${t(`errors.${error.code}`)}\n`);
      for (const line of error.lines) output.err(`  line ${line.line}: ${line.code}\n`);
      return 1;
    }
    if (error instanceof AppError) {
      output.err(`error: ${error.code}: ${t(`errors.${error.code}`)}\n`);
      return 1;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      output.err(`${command}: ${(error as Error).message}\nusage:\n${OPERATOR_USAGE}`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      output.err(`${command}: cannot read ${(error as NodeJS.ErrnoException).path ?? 'the file'}\n`);
      return 2;
    }
    throw error;
  }
}
